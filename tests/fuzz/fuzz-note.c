/*
 * libFuzzer target: note_parse() on the whole input, at a top-level path
 * and at one in a folder, and the invariants of the note it returns.
 * Build and run with tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "note.h"
#include "ref.h"
#include "util.h"

static void S_check(const struct note *note, const char *path,
		    const char *name, size_t size)
{
	size_t i;

	if (!note || strcmp(note->path, path) || strcmp(note->name, name))
		abort();
	for (i = 0; i < note->targets_nr; i++) {
		const struct target_decl *t = &note->targets[i];

		if (!t->id || !ref_is_slug(t->id))
			abort();
		if (t->stance && !*t->stance)
			abort();
	}
	for (i = 0; i < note->mappings_nr; i++)
		if (!note->mappings[i].target || !*note->mappings[i].target ||
		    !note->mappings[i].effect)
			abort();
	for (i = 0; i < note->links_nr; i++)
		if (!note->links[i].target || !*note->links[i].target ||
		    !note->links[i].line)
			abort();
	for (i = 0; i < note->diags_nr; i++)
		if (!note->diags[i].message)
			abort();
	/* An oversized note is one warning and nothing else. */
	if (size > NOTE_MAX_SIZE &&
	    (note->diags_nr != 1 || note->targets_nr || note->mappings_nr ||
	     note->links_nr))
		abort();
}

/* The facts of a note depend on its bytes, never on its path. */
static void S_same(const struct note *a, const struct note *b)
{
	size_t i;

	if (a->targets_nr != b->targets_nr ||
	    a->mappings_nr != b->mappings_nr || a->links_nr != b->links_nr ||
	    a->diags_nr != b->diags_nr ||
	    a->has_frontmatter != b->has_frontmatter ||
	    !str_eq(a->title, b->title) ||
	    !str_eq(a->body_stance, b->body_stance))
		abort();
	for (i = 0; i < a->targets_nr; i++)
		if (strcmp(a->targets[i].id, b->targets[i].id) ||
		    !str_eq(a->targets[i].stance, b->targets[i].stance))
			abort();
	for (i = 0; i < a->diags_nr; i++)
		if (a->diags[i].line != b->diags[i].line ||
		    a->diags[i].column != b->diags[i].column ||
		    strcmp(a->diags[i].message, b->diags[i].message))
			abort();
}

static struct note *S_one(const char *path, const char *name,
			  const char *buf, size_t size)
{
	struct note *note = NULL;

	if (note_parse(&note, path, buf, size) < 0)
		abort();
	S_check(note, path, name, size);
	return note;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct note *note = NULL, *a, *b;

	a = S_one("fuzz.md", "fuzz", buf, size);
	b = S_one("07-positions/Fuzz Note.MD", "Fuzz Note", buf, size);
	S_same(a, b);
	note_free(a);
	note_free(b);
	/* Not a note path: refused, nothing allocated. */
	if (note_parse(&note, "", buf, size) != -1 || note)
		abort();
	return 0;
}
