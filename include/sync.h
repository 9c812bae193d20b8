#ifndef THESIS_SYNC_H
#define THESIS_SYNC_H

/*
 * sync: `git thesis sync`, one round trip of a vault with its upstream
 * that never loses a note: refuse when the repository is mid-operation,
 * commit the vault's changes, fetch, integrate (fast-forward, or a merge
 * made in memory with the frontmatter-aware note merge of fmmerge.h),
 * push without force, verify, and report the position events that came
 * in and went out.
 *
 * Everything local goes through libgit2; only the network transport runs
 * as a subprocess (`git fetch`, `git push`), without a shell, without a
 * terminal to prompt on, under a timeout.  See the comment at the top of
 * sync.c for why.
 *
 * A conflict changes nothing in the working tree or the index: the local
 * commit stays, nothing is pushed, and the upstream commit is kept under
 * SYNC_CONFLICT_REFS<branch> so both versions stay in the repository.
 * `--resolve ours|theirs` merges again taking that side for every
 * conflicting key, item or body hunk; `git merge refs/thesis/conflicts/<b>`
 * works as well.  No note ever gets conflict markers.
 *
 * Exit codes (the lead copies them into git-thesis(1)):
 *
 *   0    synced (or, with --check, safe to sync; with --dry-run, nothing
 *        would conflict)
 *   1    conflict: the local commit is kept, nothing was merged or pushed
 *   2    unsafe state, nothing changed: a merge, rebase, cherry-pick,
 *        revert or bisect in progress, unmerged index entries, a detached
 *        HEAD, no upstream, index.lock held, another sync running, a
 *        changed file with conflict markers, no common history with the
 *        upstream, or a file changed while syncing that the merge would
 *        have overwritten
 *   3    network or authentication failure: the transport failed for
 *        another reason than the remote being out of reach
 *        (authentication, permission, protocol), or the remote declined
 *        the push for another reason than being behind
 *   4    pending: the remote could not be reached (offline: no route,
 *        unknown host, connection refused, a remote folder that is not
 *        there, timed out) or kept moving; the local commit stays, run
 *        again later.  Also: notes changed during the run are not synced
 *        yet.
 *   128  fatal error
 *   129  usage error
 *
 * Configuration: thesis.remote and thesis.branch (when the branch has no
 * upstream), thesis.sync.message (the commit message template: %h host,
 * %d date (ISO 8601), %n file count, %f files, %c position changes, %%),
 * thesis.sync.exclude (multi-valued; fnmatch patterns: without a `/`
 * against file names, else against the path in the vault),
 * thesis.sync.timeout (seconds for each fetch or push, default 60).
 *
 * Each run appends one line per step to $GIT_DIR/thesis/sync.log
 * (`<UTC time> <pid> <step>: <what happened>`); --check and --dry-run
 * write nothing.
 *
 * Layer: results (the sync engine).  See src/README.
 */

#include "fmmerge.h"
#include "output.h"
#include "repo.h"
#include "strbuf.h"

#define SYNC_EXIT_OK	   0
#define SYNC_EXIT_CONFLICT 1
#define SYNC_EXIT_UNSAFE   2
#define SYNC_EXIT_NETWORK  3
#define SYNC_EXIT_PENDING  4

#define SYNC_CONFLICT_REFS   "refs/thesis/conflicts/"
#define SYNC_LOCK_FILE	     "thesis-sync.lock"
#define SYNC_LOG_FILE	     "thesis/sync.log"
#define SYNC_DEFAULT_MESSAGE "vault sync: %n files from %h"
#define SYNC_DEFAULT_TIMEOUT 60
/* Re-fetch, re-merge and push again at most this often when rejected. */
#define SYNC_PUSH_RETRIES 3

struct sync_opts {
	int dry_run; /* say what would happen; no fetch, no change */
	int check;   /* only the safety checks */
	int no_push; /* commit, fetch and integrate, but do not push */
	int quiet;   /* nothing on success or when offline */
	enum fmmerge_favor resolve; /* --resolve ours|theirs */
	const struct output *out;   /* --format and colour */
};
#define SYNC_OPTS_INIT {0, 0, 0, 0, FMMERGE_FAVOR_NONE, NULL}

/* Runs a sync of `repo` (opened with its vault).  Returns an exit code. */
int sync_run(struct thesis_repo *repo, const struct sync_opts *opts);

/*
 * Expands the commit message template `tmpl` into `sb`: %h `host`, %d
 * `date`, %n `count` (the files committed), %f `files` joined with ", "
 * (sync names at most ten, then "and N more"), %c `changes`, %% a percent
 * sign; any other % sequence stays as written.
 */
void sync_expand_message(struct strbuf *sb, const char *tmpl, const char *host,
			 const char *date, const char *const *files,
			 size_t files_nr, size_t count, const char *changes);

/*
 * Whether `buf` holds a conflict marker line (`<<<<<<<`, `|||||||` or
 * `>>>>>>>` at the start of a line, then a space or the line's end).
 * A line of `=======` alone is a Markdown heading underline, not one.
 */
int sync_has_conflict_markers(const char *buf, size_t len);

#endif
