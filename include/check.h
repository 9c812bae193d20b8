#ifndef THESIS_CHECK_H
#define THESIS_CHECK_H

/*
 * check: the check that guards a commit, shared by the pre-commit hook
 * and `git thesis sync`, so that what `git commit` refuses sync never
 * commits either.
 *
 * It looks at the notes a change touches: their own diagnostics, and an
 * id one of them declares that an unchanged note declares too (the
 * changed note is the one to fix).  It returns diagnostics and prints
 * nothing; callers render them with render_text_check().
 */

#include "history.h"
#include "note.h"
#include "treediff.h"

struct check_diag {
	char *path;	       /* the note the diagnostic is about */
	struct note_diag diag; /* message owned */
	/*
	 * The changed note to hold back for it: `path` itself, or for a
	 * duplicate id the changed note that declares it again.
	 */
	char *culprit;
};

struct check_diags {
	struct check_diag *v;
	size_t nr, alloc;
	size_t errors, warnings;
};
#define CHECK_DIAGS_INIT         \
	{                        \
		NULL, 0, 0, 0, 0 \
	}

void check_diags_release(struct check_diags *d);

/*
 * Checks the notes `changes` adds or modifies, with `h`'s vault standing
 * (resolved) at the new side of `changes`.  Appends to `out`.
 */
void check_changes(struct check_diags *out, const struct history *h,
		   const struct tree_changes *changes);

#endif
