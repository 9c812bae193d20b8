/*
 * libFuzzer target: note_parse() on the whole input, at a top-level path
 * and at one in a folder, and the invariants of the note it returns.
 * Build and run with tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "note.h"
#include "names.h"
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

static void S_check(const struct note *note, const char *path, const char *name,
		    size_t size)
{
	size_t i;

	FAIL_IF(!note || strcmp(note->path, path) || strcmp(note->name, name));
	for (i = 0; i < note->targets_nr; i++) {
		const struct target_decl *t = &note->targets[i];

		FAIL_IF(!t->id || !names_is_slug(t->id));
		FAIL_IF(t->stance && !*t->stance);
	}
	for (i = 0; i < note->mappings_nr; i++)
		FAIL_IF(!note->mappings[i].target ||
			!*note->mappings[i].target ||
			!note->mappings[i].effect);
	for (i = 0; i < note->links_nr; i++)
		FAIL_IF(!note->links[i].target || !*note->links[i].target ||
			!note->links[i].line);
	for (i = 0; i < note->diags_nr; i++)
		FAIL_IF(!note->diags[i].message);
	/* An oversized note is one warning and nothing else. */
	FAIL_IF(size > NOTE_MAX_SIZE &&
		(note->diags_nr != 1 || note->targets_nr || note->mappings_nr ||
		 note->links_nr));
}

/* The facts of a note depend on its bytes, never on its path. */
static void S_same(const struct note *a, const struct note *b)
{
	size_t i;

	FAIL_IF(a->targets_nr != b->targets_nr ||
		a->mappings_nr != b->mappings_nr ||
		a->links_nr != b->links_nr || a->diags_nr != b->diags_nr ||
		a->has_frontmatter != b->has_frontmatter ||
		!str_eq(a->title, b->title) ||
		!str_eq(a->body_stance, b->body_stance));
	for (i = 0; i < a->targets_nr; i++)
		FAIL_IF(strcmp(a->targets[i].id, b->targets[i].id) ||
			!str_eq(a->targets[i].stance, b->targets[i].stance));
	for (i = 0; i < a->diags_nr; i++)
		FAIL_IF(a->diags[i].line != b->diags[i].line ||
			a->diags[i].column != b->diags[i].column ||
			strcmp(a->diags[i].message, b->diags[i].message));
}

static struct note *S_one(const char *path, const char *name, const char *buf,
			  size_t size)
{
	struct note *note = NULL;

	FAIL_IF(note_parse(&note, path, buf, size) < 0);
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
	FAIL_IF(note_parse(&note, "", buf, size) != -1 || note);
	return 0;
}
