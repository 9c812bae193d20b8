#ifndef THESIS_REVS_H
#define THESIS_REVS_H

/*
 * revs: git's revision syntax, parsed in this one place for every command:
 * `rev`, `^rev`, `a..b`, `a...b` (symmetric difference; its start is the
 * merge base of a and b), an empty side meaning HEAD, and `--all`, as
 * `git log` and `git diff` read them.  Errors are returned, never printed
 * (error_set()).
 *
 * Layer: repository.  See src/README.
 */

#include <git2.h>
#include "repo.h"
#include "strvec.h"

enum rev_kind {
	REV_SINGLE,   /* rev: `to` */
	REV_RANGE,    /* a..b: `from` and `to` */
	REV_SYMMETRIC /* a...b: `from`, `to` and their merge base `base` */
};

/* One argument, its ends peeled to commits. */
struct rev_spec {
	enum rev_kind kind;
	int negative; /* ^rev */
	git_oid from, to;
	git_oid base;  /* REV_SYMMETRIC only, when have_base */
	int have_base; /* a...b with no common history has none */
};

/*
 * Parses one argument.  Returns 0, or -1 with "bad revision 'X'" set for a
 * name that is no revision or no commit.
 */
int revs_parse(struct rev_spec *out, struct thesis_repo *r, const char *arg);

/*
 * The text that names one end of `arg` for messages: for `a..b` or
 * `a...b` the left (`right` 0) or right side, HEAD when empty; a single
 * revision names both ends.  Owned by the caller.
 */
char *revs_end_name(const char *arg, int right);

/* The name of the tip of `revs` for messages: its last positive end. */
char *revs_tip_name(const struct strvec *revs);

/* True when `arg` names a revision or a range of them (sets no error). */
int revs_is_revision(struct thesis_repo *r, const char *arg);

/*
 * Resolves `rev` to the id of whatever object it names (git passes
 * `--amend` to prepare-commit-msg as HEAD); -1 with an error set.
 */
int revs_resolve(git_oid *out, struct thesis_repo *r, const char *rev);

/* The merge base of two commits; -1 (error set) when they have none. */
int revs_merge_base(git_oid *out, struct thesis_repo *r, const git_oid *a,
		    const git_oid *b);

/*
 * The ends of a range of revisions, as the state-reporting commands see
 * it: `tip` is the last positive end (HEAD when there is none); `base` is
 * the merge base of the last negative end and the tip (none for a range
 * with no negative end, or no common history).
 */
struct rev_ends {
	git_oid tip;
	git_oid base;
	int have_base;
};
int revs_ends(struct rev_ends *out, struct thesis_repo *r,
	      const struct strvec *revs);

struct rev_walk_opts {
	int all;	  /* every ref and HEAD */
	int first_parent; /* follow only first parents */
	int reverse;	  /* oldest first */
};
#define REV_WALK_OPTS_INIT \
	{                  \
		0, 0, 0    \
	}

/*
 * A revwalk (owned by the caller) over `revs` (HEAD when empty and not
 * --all).  Returns -1 with "bad revision 'X'" set for a name that is no
 * revision.
 */
int revs_walk(git_revwalk **out, struct thesis_repo *r,
	      const struct strvec *revs, const struct rev_walk_opts *opts);

/*
 * --as-of: the newest commit on the first-parent line from `start` (HEAD
 * when NULL) whose committer date is at or before the date `as_of` (any
 * format date_parse() reads).  Stores its full hex id in `out`.  Returns
 * 0, or -1 with an error set (no such commit: the line starts later).
 */
int revs_as_of(char out[GIT_OID_HEXSZ + 1], struct thesis_repo *r,
	       const char *start, const char *as_of);

#endif
