#ifndef THESIS_STORY_H
#define THESIS_STORY_H

/*
 * story: how each target's status moved, and why, for `show --history`
 * and the timeline report.  Both read the same result, so the terminal
 * and the page never tell two stories.
 *
 * A story is fed one commit's events at a time, oldest first along first
 * parents (story_apply()).  For every target it keeps:
 *
 *  - its status changes (`steps`): the status before and after, the
 *    commit with its `Why:` trailer, the confidence change made with it,
 *    and the evidence that arrived since the previous status change:
 *    mapping events and open questions (events of kind `question`), with
 *    counts by effect.  Evidence made in the same commit as a status
 *    change belongs to that change;
 *  - the evidence since the last status change (`open`), the same way;
 *  - each stance it held, from the commit that set it; the next stance's
 *    commit says when and why it changed;
 *  - its open questions' events, in order.
 *
 * What is kept stays small whatever the history: each step keeps the last
 * STORY_EVIDENCE_MAX pieces of evidence in full (its counts cover all),
 * a target keeps its last STORY_STEPS_MAX steps, STORY_STANCES_MAX
 * stances and STORY_QUESTIONS_MAX question events.
 */

#include "events.h"
#include "strmap.h"
#include "strvec.h"

struct history;
struct git_commit; /* libgit2's: renderers include this header */
struct vault;

#define STORY_EVIDENCE_MAX  12
#define STORY_STEPS_MAX	    200
#define STORY_STANCES_MAX   50
#define STORY_QUESTIONS_MAX 200

/* One piece of evidence: a mapping or question event, with its commit. */
struct story_evidence {
	struct event ev; /* owned copy */
	struct commit_info commit;
};

/* Evidence that arrived over one period, kept and counted. */
struct story_period {
	struct story_evidence
		*v; /* the last STORY_EVIDENCE_MAX, oldest first */
	size_t nr, alloc;
	size_t total; /* all evidence events of the period */
	/* Mappings added or changed, by their effect after the change. */
	unsigned supports, challenges, neutral, removed;
	unsigned questions; /* question events */
};

/* A status change; `from` NULL: declared; `to` NULL: no longer declared. */
struct story_step {
	char *from, *to;
	/* The confidence changed in the same commit; both NULL: unchanged. */
	char *confidence_from, *confidence_to;
	int confidence_changed;
	/* The vault at the start of a range, not a change (commit: there). */
	int start;
	struct commit_info commit;
	struct story_period before; /* the evidence that led to it */
};

struct story_stance {
	char *text;		   /* NULL: no stance */
	struct commit_info commit; /* the commit that set it */
	int start;		   /* held at the start of the range */
};

struct story_target {
	char *id;
	const char *kind; /* static: position, thesis or undeclared */
	char *status, *confidence, *stance; /* as last seen; NULL: none */
	int declared;
	struct story_step *steps;
	size_t steps_nr, steps_alloc, steps_dropped;
	struct story_period open; /* since the last status change */
	struct story_stance *stances;
	size_t stances_nr, stances_alloc, stances_dropped;
	struct story_evidence *questions;
	size_t questions_nr, questions_alloc, questions_dropped;
};

struct story {
	struct story_target *targets;
	size_t nr, alloc;
	struct strmap ids; /* id -> index + 1 */
	size_t commits;
};
#define STORY_INIT                         \
	{                                  \
		NULL, 0, 0, STRMAP_INIT, 0 \
	}

void story_release(struct story *s);

/* The target's story by its id (after renames), or NULL. */
const struct story_target *story_get(const struct story *s, const char *id);

/* Is this event an open question's (kind `question`)? */
int story_is_question(const struct event *e);

/*
 * The targets declared in `v` (the vault at the start of a range, at
 * commit `c`) as they stood there: a `start` step and stance each.
 */
void story_start(struct story *s, const struct vault *v,
		 const struct commit_info *c);

/*
 * Applies the events of commit `c`.  `v` (may be NULL) is the vault at
 * `c`, read only for targets added there: their added event carries the
 * status alone, the stance and confidence come from the declaration.
 */
void story_apply(struct story *s, const struct commit_info *c,
		 const struct event *ev, size_t nr, const struct vault *v);

/*
 * Applies the events `ev` of `commit`, reading `h`'s vault at the commit
 * when a target was added there (it may move the vault).  Returns 0 or -1.
 */
int story_apply_commit(struct story *s, struct history *h,
		       struct git_commit *commit,
		       const struct event_list *ev);

/*
 * Walks `revs` (HEAD when empty) along first parents, oldest first, and
 * fills the empty `out`; `h` must stand at the empty vault, as after
 * history_init().  A range with a negative end starts from the vault at
 * the first parent of its oldest commit.  Returns 0 or -1.
 */
int story_build(struct story *out, struct history *h,
		const struct strvec *revs);

/* The first line of a `Why:` text, trimmed, in `out` (owned). */
char *story_first_line(const char *why);

#endif
