#ifndef THESIS_REVIEW_H
#define THESIS_REVIEW_H

/*
 * review: what a range of commits did to each target, for a decision
 * memo (git thesis review) or a push (the pre-receive hook).  Owns every
 * string it points to unless marked borrowed.
 *
 * Layer: results (an engine: fills `struct review`, prints nothing).  See
 * src/README.
 */

#include "events.h"
#include "vault.h"

/* Renderers read a review without libgit2: the walker stays opaque here. */
struct history;
struct strvec;

/* `review`: what a range of history did to one target. */
struct review_item {
	const struct event *event;        /* borrowed */
	const struct commit_info *commit; /* borrowed */
	const char *label; /* for mappings: added, removed, re-weighted,
			    * reversed, effect, rationale */
};
struct review_flag {
	const char *code;                 /* stable: see git-thesis(1) */
	char *message;                    /* owned */
	const struct commit_info *commit; /* borrowed, may be NULL */
};
struct review_target {
	char *id;    /* owned */
	char *kind;  /* owned: position, thesis or undeclared */
	char *title; /* owned, may be NULL */
	char *status_before, *status_after; /* owned, may be NULL */
	int existed_before, exists_after;
	struct balance before, after;
	struct review_item *items; /* oldest first */
	size_t items_nr, items_alloc;
	struct review_flag *flags;
	size_t flags_nr, flags_alloc;
};
struct review {
	const char *range;          /* borrowed: the range as given */
	size_t commits;             /* commits in the range */
	struct review_target *targets;
	size_t targets_nr;
	size_t flags_nr;            /* over all targets */
	/* What the walk kept: commits with events and their events. */
	struct commit_info *commit_infos;
	struct event_list *events;
	size_t walked_nr, walked_alloc;
};
#define REVIEW_INIT {NULL, 0, NULL, 0, 0, NULL, NULL, 0, 0}

/*
 * Walks `revs` (a range in git's syntax, oldest first) and fills `rv`:
 * what happened to each target, its evidence at the start of the range
 * (the merge base of its ends; the empty vault for a range with no
 * negative end) and at its tip, and the flags.  Returns 0 or -1.
 */
int review_build(struct review *rv, struct history *h,
		 const struct strvec *revs);
void review_release(struct review *rv);

#endif
