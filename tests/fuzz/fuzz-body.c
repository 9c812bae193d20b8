/*
 * libFuzzer target: body_scan() on the whole input as a note body starting
 * at file line 1, and the invariants of what it finds.  Build and run with
 * tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "note.h"
#include "strvec.h"
#include "util.h"

static unsigned S_file_lines(const char *buf, size_t size)
{
	unsigned n = 1;
	size_t i;

	for (i = 0; i < size; i++)
		n += buf[i] == '\n';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	unsigned lines = S_file_lines(buf, size);
	struct note *note;
	size_t i;

	note = xcalloc(1, sizeof(*note));
	strvec_init(&note->tags);
	strvec_init(&note->aliases);
	body_scan(note, buf, size, 1);

	for (i = 0; i < note->links_nr; i++) {
		const struct link_ref *l = &note->links[i];

		if (!l->target || !*l->target)
			abort();
		if (l->line < 1 || l->line > lines)
			abort();
		/* ref_foreach_wikilink() never joins lines into a link. */
		if (strchr(l->target, '\n'))
			abort();
	}
	for (i = 0; i < note->mappings_nr; i++) {
		const struct mapping_decl *m = &note->mappings[i];

		if (!m->target || !*m->target || !m->effect || !m->strength)
			abort();
		if (m->origin != MAPPING_BODY)
			abort();
		if (m->line < 1 || m->line > lines)
			abort();
		/* `why` is trimmed lines joined by one space. */
		if (m->why && (!*m->why || strchr(m->why, '\n')))
			abort();
	}
	if (note->body_stance &&
	    (!*note->body_stance || strchr(note->body_stance, '\n') ||
	     note->body_stance_line < 1 || note->body_stance_line > lines))
		abort();
	for (i = 0; i < note->diags_nr; i++)
		if (!note->diags[i].message || note->diags[i].line > lines)
			abort();
	/* The body never declares targets nor frontmatter fields. */
	if (note->targets_nr || note->title || note->has_frontmatter)
		abort();
	note_free(note);
	return 0;
}
