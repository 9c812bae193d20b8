/*
 * libFuzzer target: frontmatter_split() then frontmatter_parse() on the
 * whole input, as note_parse() does, and the invariants every parsed note
 * must keep.  Build and run with tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frontmatter.h"
#include "note.h"
#include "ref.h"
#include "strvec.h"
#include "util.h"

/* Lines of the file: LF-terminated lines, plus a last one without LF. */
static unsigned S_file_lines(const char *buf, size_t size)
{
	unsigned n = 1;
	size_t i;

	for (i = 0; i < size; i++)
		n += buf[i] == '\n';
	return n;
}

static void S_check(const struct note *note, unsigned file_lines)
{
	size_t i;

	for (i = 0; i < note->targets_nr; i++) {
		const struct target_decl *t = &note->targets[i];

		if (!t->id || !*t->id || !ref_is_slug(t->id))
			abort();
		if (t->kind != TARGET_POSITION && t->kind != TARGET_THESIS)
			abort();
		if (t->supersedes.v[t->supersedes.nr] ||
		    t->aliases.v[t->aliases.nr])
			abort();
	}
	for (i = 0; i < note->mappings_nr; i++) {
		const struct mapping_decl *m = &note->mappings[i];

		if (!m->effect || !m->target || !*m->target)
			abort();
		if (m->origin != MAPPING_FRONTMATTER)
			abort();
	}
	for (i = 0; i < note->diags_nr; i++)
		if (!note->diags[i].message)
			abort();
	for (i = 0; i < note->tags.nr; i++)
		if (!note->tags.v[i] || !*note->tags.v[i])
			abort();
	/* A diag names a line of the file, never one past its end. */
	for (i = 0; i < note->diags_nr; i++)
		if (note->diags[i].line > file_lines)
			abort();
	/* Frontmatter alone never finds body facts. */
	if (note->links_nr || note->body_stance)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct frontmatter_split split;
	struct note *note;

	frontmatter_split(&split, buf, size);
	if (split.body_offset > size || split.yaml_offset > size ||
	    split.yaml_len > size - split.yaml_offset || split.body_line < 1)
		abort();
	if (split.state == FRONTMATTER_CLOSED &&
	    (split.yaml_line != 2 ||
	     split.yaml_offset + split.yaml_len > split.body_offset))
		abort();
	if (split.state != FRONTMATTER_CLOSED && split.body_offset > 3)
		abort();

	note = xcalloc(1, sizeof(*note));
	strvec_init(&note->tags);
	strvec_init(&note->aliases);
	if (split.state == FRONTMATTER_CLOSED)
		frontmatter_parse(note, buf + split.yaml_offset, split.yaml_len,
				  split.yaml_line);
	else
		/* Anything the split refused is still YAML to the parser. */
		frontmatter_parse(note, buf, size, 1);
	S_check(note, S_file_lines(buf, size));
	note_free(note);
	return 0;
}
