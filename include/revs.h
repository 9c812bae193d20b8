#ifndef THESIS_REVS_H
#define THESIS_REVS_H

/*
 * revs: git's revision-range syntax for the history commands: `rev`,
 * `^rev`, `a..b`, `a...b` (symmetric difference), `--all`, as `git log`
 * reads them, turned into a libgit2 revwalk.
 *
 * Layer: repository.  See src/README.
 */

#include <git2.h>
#include "repo.h"
#include "strvec.h"

struct rev_walk_opts {
	int all;          /* every ref and HEAD */
	int first_parent; /* follow only first parents */
	int reverse;      /* oldest first */
};
#define REV_WALK_OPTS_INIT {0, 0, 0}

/*
 * A revwalk (owned by the caller) over `revs` (HEAD when empty and not
 * --all).  Prints "bad revision 'X'" and returns -1 for a name that is no
 * revision.
 */
int revs_walk(git_revwalk **out, struct thesis_repo *r,
	      const struct strvec *revs, const struct rev_walk_opts *opts);

/*
 * --as-of: the newest commit on the first-parent line from `start` (HEAD
 * when NULL) whose committer date is at or before the date `as_of` (any
 * format date_parse() reads).  Stores its full hex id in `out`.  Returns
 * 0, or -1 after an error (no such commit: the line starts later).
 */
int revs_as_of(char out[GIT_OID_HEXSZ + 1], struct thesis_repo *r,
	       const char *start, const char *as_of);

/* True when `arg` names a revision or a range of them. */
int revs_is_revision(struct thesis_repo *r, const char *arg);

/* The commit a range ends at (the last positive revision), or HEAD. */
const char *revs_tip(const struct strvec *revs);

#endif
