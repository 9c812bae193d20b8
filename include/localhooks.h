#ifndef THESIS_LOCALHOOKS_H
#define THESIS_LOCALHOOKS_H

/*
 * localhooks: the engine behind the hooks git runs in a working
 * repository (pre-receive, on a server, is receive.h's): the check of the
 * notes a commit stages, the trailers of the message being written, the
 * message that is only our trailers, and the events a commit, merge or
 * rewrite brought in.  It prints nothing; cmd_hook.c says what it found
 * and render_hook.c words it.  A hook must never lose the user's work, so
 * apart from the deliberate blocks every failure is reported (-1, message
 * set) for the caller to mention in one line before git goes on.
 *
 * After a merge or a rewrite it also keeps the event index (eventindex.h)
 * warm (post-commit does by reading HEAD's events): the commits that came
 * in get their events computed and recorded now, so the next `log`, `review` or
 * `report` over them only reads them. That costs at most thesis.cache.warmLimit
 * commits (default LOCALHOOKS_WARM_LIMIT, newest first; 0 turns it off) and
 * about thesis.cache.warmTimeout seconds (default LOCALHOOKS_WARM_TIMEOUT: the
 * commit under way when the time runs out is finished), so a hook never
 * makes `git pull` slow; with caches off (cachedir.h) it does nothing.
 *
 * Layer: results.  See src/README.
 */

#include "check.h"
#include "events.h"
#include "history.h"
#include "repo.h"

#define LOCALHOOKS_WARM_LIMIT	100
#define LOCALHOOKS_WARM_TIMEOUT 1.0

/*
 * A mistyped --vault or thesis.vault must not pass for an empty vault:
 * -1 (message set) when the folder is neither in the index nor at HEAD,
 * unless the repository has neither yet.
 */
int localhooks_check_vault(struct thesis_repo *repo);

/*
 * pre-commit: the check (check.h) of the notes the index changes against
 * HEAD, into `out`; nothing with thesis.hook.check false.  Returns 0, or
 * -1 when the notes could not be read.
 */
int localhooks_pre_commit(struct check_diags *out, struct thesis_repo *repo);

/*
 * prepare-commit-msg with git's arguments (`file`, then `source` and
 * `commit`, each may be NULL): puts the trailers of the change being
 * committed (trailers.h) into the message file, written whole or not at
 * all.  Nothing for a merge or with thesis.hook.trailers false.  Returns
 * 0, or -1 with the reason set (the system's, or that the notes could not
 * be read).
 */
int localhooks_prepare_msg(struct thesis_repo *repo, const char *file,
			   const char *source, const char *commit);

/*
 * commit-msg: git aborts a commit whose message is empty, but cannot know
 * that trailers we added to an empty message are not a message.  Sets
 * *out when the message in `file` holds only our trailers and the commit
 * did not allow an empty message, so the caller can give the user that
 * way out.  An unreadable file is no finding.
 */
void localhooks_only_trailers(int *out, struct thesis_repo *repo,
			      const char *file);

/*
 * What post-rewrite reads on its standard input, "<old> <new> [<extra>]"
 * a line: the last pair (the tip before and after) for the summary, and
 * every new commit for the event index.
 */
struct localhooks_rewrite {
	char old_tip[GIT_OID_HEXSZ + 1], new_tip[GIT_OID_HEXSZ + 1];
	git_oid *rewritten;
	size_t nr, alloc;
};
#define LOCALHOOKS_REWRITE_INIT    \
	{                          \
		"", "", NULL, 0, 0 \
	}
/* One line as fgets() read it; a line that holds no pair is ignored. */
void localhooks_rewrite_add(struct localhooks_rewrite *rw, const char *line);
void localhooks_rewrite_release(struct localhooks_rewrite *rw);

/* The post-* hooks of one run share a history (history.h). */
struct localhooks {
	struct thesis_repo *repo; /* borrowed */
	struct history h;
};
void localhooks_init(struct localhooks *lh, struct thesis_repo *repo);
void localhooks_release(struct localhooks *lh);

/*
 * Appends to `out` what the hook's summary tells: post-commit, the events
 * of HEAD; post-merge, those from ORIG_HEAD to HEAD; post-rewrite, those
 * from the old tip to the new one (nothing for an empty `rw`).  Returns 0
 * or -1 (the notes could not be read).
 */
int localhooks_post_commit(struct event_list *out, struct localhooks *lh);
int localhooks_post_merge(struct event_list *out, struct localhooks *lh);
int localhooks_post_rewrite(struct event_list *out, struct localhooks *lh,
			    const struct localhooks_rewrite *rw);

/* What warming did (GIT_THESIS_DEBUG_WARM prints it for the tests). */
struct localhooks_warm {
	size_t commits; /* commits whose events are now in the index */
	int spent;	/* the budget ran out before the last commit */
	int off;	/* caches are off (or the limit is 0): nothing done */
};
#define LOCALHOOKS_WARM_INIT \
	{                    \
		0, 0, 0      \
	}

/*
 * Warms the index, newest first, for the commits a merge brought in
 * (reachable from HEAD and not from ORIG_HEAD), or a rewrite: the
 * rewritten commits and whatever else they reach that the old tip did not
 * (what `git pull --rebase` fetched).  Never fails: a commit that cannot
 * be read is left cold.
 */
void localhooks_warm_merge(struct localhooks_warm *out, struct localhooks *lh);
void localhooks_warm_rewrite(struct localhooks_warm *out, struct localhooks *lh,
			     const struct localhooks_rewrite *rw);

#endif
