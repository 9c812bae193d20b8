/*
 * libFuzzer target: frontmatter_split() then frontmatter_parse() on the
 * whole input, as note_parse() does, and the invariants every parsed note
 * must keep.  Build and run with tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontmatter.h"
#include "note.h"
#include "names.h"
#include "strvec.h"
#include "util.h"

/* Reports which invariant broke, then crashes so libFuzzer saves the input. */
#define FAIL_IF(cond)                                                    \
	do {                                                             \
		if (cond) {                                              \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", \
				__FILE__, __LINE__, #cond);              \
			abort();                                         \
		}                                                        \
	} while (0)

/*
 * An upper bound on the file's line numbers: libyaml ends lines at LF, CR,
 * CRLF, NEL (U+0085), LS (U+2028) and PS (U+2029), so each of those may
 * start a line (git and most editors count LF only, which is why this is
 * only a bound), and it ends the last line too when no break does.
 */
static unsigned S_file_lines(const char *buf, size_t size)
{
	unsigned n = 1;
	size_t i;

	for (i = 0; i < size; i++) {
		const unsigned char *u = (const unsigned char *)buf + i;

		n += u[0] == '\n' ||
		     (u[0] == '\r' && (i + 1 == size || u[1] != '\n'));
		n += i + 1 < size && u[0] == 0xc2 && u[1] == 0x85;
		n += i + 2 < size && u[0] == 0xe2 && u[1] == 0x80 &&
		     (u[2] == 0xa8 || u[2] == 0xa9);
	}
	/* At the end of a stream libyaml forces a line break. */
	return n + (size && buf[size - 1] != '\n');
}

static void S_check(const struct note *note, unsigned file_lines)
{
	size_t i;

	for (i = 0; i < note->targets_nr; i++) {
		const struct target_decl *t = &note->targets[i];

		FAIL_IF(!t->id || !*t->id || !names_is_slug(t->id));
		FAIL_IF(t->kind != TARGET_POSITION && t->kind != TARGET_THESIS);
		FAIL_IF(t->supersedes.v[t->supersedes.nr] ||
			t->aliases.v[t->aliases.nr]);
	}
	for (i = 0; i < note->mappings_nr; i++) {
		const struct mapping_decl *m = &note->mappings[i];

		FAIL_IF(!m->effect || !m->target || !*m->target);
		FAIL_IF(m->origin != MAPPING_FRONTMATTER);
	}
	for (i = 0; i < note->diags_nr; i++)
		FAIL_IF(!note->diags[i].message);
	for (i = 0; i < note->tags.nr; i++)
		FAIL_IF(!note->tags.v[i] || !*note->tags.v[i]);
	/* A diag names a line of the file, never one past its end. */
	for (i = 0; i < note->diags_nr; i++)
		FAIL_IF(note->diags[i].line > file_lines);
	/* Frontmatter alone never finds body facts. */
	FAIL_IF(note->links_nr || note->body_stance);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct frontmatter_split split;
	struct note *note;

	frontmatter_split(&split, buf, size);
	FAIL_IF(split.body_offset > size || split.yaml_offset > size ||
		split.yaml_len > size - split.yaml_offset ||
		split.body_line < 1);
	FAIL_IF(split.state == FRONTMATTER_CLOSED &&
		(split.yaml_line != 2 ||
		 split.yaml_offset + split.yaml_len > split.body_offset));
	FAIL_IF(split.state != FRONTMATTER_CLOSED && split.body_offset > 3);

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
