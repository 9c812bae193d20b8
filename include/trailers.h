#ifndef THESIS_TRAILERS_H
#define THESIS_TRAILERS_H

/*
 * trailers: the trailers git-thesis adds to commit messages,
 *
 *   Position-Change: edge status held -> questioned
 *   Thesis-Change: llm renamed -> llm-commoditization
 *   Note-Change: positions/edge.md broken at 7:1: ...
 *
 * one per event of a target or a broken or repaired note, and where they
 * go in a message: at its end, before git's comments and scissors line,
 * replacing ours already there.  Engine only: results in `out`, nothing
 * printed, no file written.
 */

#include "events.h"
#include "repo.h"
#include "strbuf.h"
#include "strvec.h"

/*
 * Appends the trailer lines for the events of `ev` to `out`.  A question's
 * trailer says Thesis-Question when `v` (the vault after the change; may
 * be NULL) declares its target a thesis, else Position-Question.
 */
void trailers_from_events(struct strvec *out, const struct event_list *ev);
struct vault;
void trailers_from_events_in(struct strvec *out, const struct event_list *ev,
			     const struct vault *v);

/*
 * The trailers of a commit of the index: the events from HEAD to the
 * index, or with `amend` (the commit replaces HEAD) from HEAD's first
 * parent, so that an amended, fixed-up or squashed commit ends with the
 * trailers of its whole change.  Returns 0 or -1.
 */
int trailers_for_index(struct strvec *out, struct thesis_repo *repo, int amend);

/*
 * Whether the commit being made replaces HEAD because `git rebase -i` is
 * folding a fixup or squash into it: the sequencer amends HEAD while
 * rebase-merge/current-fixups lists what it folded in so far, and tells
 * the hook only "message".
 */
int trailers_rebase_amends(struct thesis_repo *repo);

/*
 * Writes `msg` to `out` with `trailers` at its end: before git's comment
 * lines (starting with `comment`) and any scissors line, replacing our
 * trailers in its last trailer block and dropping ours from earlier
 * trailer paragraphs (what a squash joined), so an amend never doubles
 * them.  Other trailers are kept.
 */
void trailers_place(struct strbuf *out, const char *msg,
		    const struct strvec *trailers, char comment);

/* Whether a message line is one of our trailers. */
int trailers_is_ours(const char *line, size_t len);

/* Whether a comment line is git's scissors line (it holds ">8"). */
int trailers_scissors(const char *line, size_t len);

/* The character git's comment lines start with (core.commentChar). */
char trailers_comment_char(struct thesis_repo *repo);

#endif
