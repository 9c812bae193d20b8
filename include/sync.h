#ifndef THESIS_SYNC_H
#define THESIS_SYNC_H

/*
 * sync: `git thesis sync`, one round trip of a vault with its upstream
 * that never loses a note: refuse when the repository is mid-operation,
 * commit the vault's changes (except notes the commit check finds errors
 * in, which stay uncommitted), fetch, integrate (fast-forward, or a merge
 * made in memory with the frontmatter-aware note merge of fmmerge.h),
 * push without force, verify, and report the position events that came
 * in and went out.
 *
 * The engine is silent: sync_run() returns a struct sync_result saying
 * what happened, and cmd_sync.c hands it to the renderers (render.h):
 * each message as it happens (through sync_opts.progress, so a slow
 * fetch does not hide the steps before it), the report at the end.
 * The engine is split by concept, one owner each (sync_engine.h):
 *
 *   sync.c            orchestration: set-up, safety checks, the round
 *                     trip, verify, the report, --dry-run
 *   sync_lock.c       the lock and the signals (sync_lock.h)
 *   sync_transport.c  the only place that runs `git fetch`/`git push`
 *   sync_commit.c     the vault's changes, the commit check, the commit
 *                     and its message
 *   sync_merge.c      fast-forward, the in-memory merge, conflict settling
 *
 * Everything local goes through libgit2; only the network transport runs
 * as a subprocess, without a shell, without a terminal to prompt on,
 * under a timeout (sync_transport.c says why).
 *
 * A conflict changes nothing in the working tree or the index: the local
 * commit stays, nothing is pushed, and the upstream commit is kept under
 * SYNC_CONFLICT_REFS<branch> so both versions stay in the repository.
 * `--resolve ours|theirs` merges again taking that side for every
 * conflicting key, item or body hunk; `git merge refs/thesis/conflicts/<b>`
 * works as well.  No note ever gets conflict markers.
 *
 * Exit codes (git-thesis(1) lists them):
 *
 *   0    synced (or, with --check, safe to sync; with --dry-run, nothing
 *        would conflict)
 *   1    conflict: the local commit is kept, nothing was merged or pushed;
 *        or a note with an error was left uncommitted (the rest synced;
 *        with --dry-run: would be)
 *   2    unsafe state, nothing changed (see sync.c:S_check)
 *   3    network or authentication failure: the remote was reached and
 *        said no, or the transport failed for a reason of its own
 *   4    pending: the remote could not be reached or kept moving; the
 *        local commit stays, run again later.  Also: notes changed
 *        during the run are not synced yet.
 *   5    local failure: git fetch or git push could not write to this
 *        repository (permissions, a read-only file system, a full disk)
 *   128  fatal error, or --resolve with no conflict pending (as git
 *        rebase --continue with nothing to continue)
 *   129  usage error
 *
 * Configuration: thesis.remote and thesis.branch (when the branch has no
 * upstream), thesis.sync.message (the commit message template, see
 * sync_expand_message()), thesis.sync.exclude (multi-valued; fnmatch
 * patterns: without a `/` against file names, else against the path in
 * the vault), thesis.sync.timeout (seconds for each fetch or push,
 * default 60).
 *
 * Each run appends one line per step to $GIT_DIR/thesis/sync.log
 * (`<UTC time> <pid> <step>: <what happened>`); --check and --dry-run
 * write nothing.
 *
 * Layer: results (the sync engine).  See src/README.
 */

#include <stddef.h>

#include "events.h"
#include "fmmerge.h"
#include "strbuf.h"
#include "strvec.h"

struct thesis_repo;

#define SYNC_EXIT_OK	   0
#define SYNC_EXIT_CONFLICT 1
#define SYNC_EXIT_HELD	   1 /* a note with an error left uncommitted */
#define SYNC_EXIT_UNSAFE   2
#define SYNC_EXIT_NETWORK  3
#define SYNC_EXIT_PENDING  4
#define SYNC_EXIT_LOCAL	   5

#define SYNC_CONFLICT_REFS   "refs/thesis/conflicts/"
#define SYNC_LOCK_FILE	     "thesis-sync.lock"
#define SYNC_LOG_FILE	     "thesis/sync.log"
#define SYNC_DEFAULT_MESSAGE "vault sync: %s"
#define SYNC_DEFAULT_TIMEOUT 60
/* Re-fetch, re-merge and push again at most this often when rejected. */
#define SYNC_PUSH_RETRIES 3

struct sync_message;

/*
 * Called with each message as the engine records it, so a person sees a
 * step when it happens and not only after a slow fetch: the engine never
 * prints, its caller may (cmd_sync.c does).  The message stays in the
 * result as well.
 */
typedef void (*sync_progress_fn)(const struct sync_message *m, void *data);

struct sync_opts {
	int dry_run; /* say what would happen; no fetch, no change */
	int check;   /* only the safety checks */
	int no_push; /* commit, fetch and integrate, but do not push */
	int quiet;   /* nobody reads the report: do not compute it */
	enum fmmerge_favor resolve; /* --resolve ours|theirs */
	const char *message;	    /* -m: the commit message, or NULL */
	const char *why;	    /* --why: a `Why:` trailer, or NULL */
	sync_progress_fn progress;  /* or NULL */
	void *progress_data;
};
#define SYNC_OPTS_INIT                                                 \
	{                                                              \
		0, 0, 0, 0, FMMERGE_FAVOR_NONE, NULL, NULL, NULL, NULL \
	}

/*
 * What sync says, in the order it happened.  The renderer decides where
 * each goes (sync_message_stream() in render.h) and what --quiet hides.
 */
enum sync_message_kind {
	SYNC_MSG_PROGRESS, /* a step done: "Pushed main to origin/main." */
	SYNC_MSG_CONFLICT, /* the lines that tell a conflict */
	SYNC_MSG_ERROR,	   /* error: ... */
	SYNC_MSG_WARNING,  /* warning: ... */
	SYNC_MSG_GIT,	   /* a line git fetch or git push printed */
	SYNC_MSG_DIAG,	   /* path:line:column: error: message */
};

struct sync_message {
	enum sync_message_kind kind;
	/* Also shown with --quiet (errors that need the user). */
	int loud;
	char *text;	       /* owned */
	char *path;	       /* SYNC_MSG_DIAG: the note; owned */
	unsigned line, column; /* SYNC_MSG_DIAG */
	int is_error;	       /* SYNC_MSG_DIAG: error, not warning */
};

/* A commit of the report with its position events. */
struct sync_report_commit {
	int outgoing; /* 0: came in; 1: went out */
	struct commit_info ci;
	struct event_list ev;
};

/* A note left out of the commit, with its first error. */
struct sync_held_note {
	char *path;
	unsigned line, column;
	char *message;
};

struct sync_result {
	int status;  /* the exit code */
	char *error; /* status EXIT_FATAL: why, printed once by the caller */

	struct sync_message *msgs;
	size_t msgs_nr, msgs_alloc;

	char *commit;		     /* the vault commit made, hex, or NULL */
	char *subject;		     /* its subject line */
	struct strvec committed;     /* the paths it holds */
	struct sync_held_note *held; /* notes left uncommitted */
	size_t held_nr, held_alloc;
	int fetched;
	char *fast_forward;	 /* the commit fast-forwarded to, or NULL */
	struct strvec merges;	 /* merge commits made */
	struct strvec conflicts; /* conflict lines, when status is 1 */
	int conflict_settled;	 /* --resolve merged the kept commit */
	int pushed;

	struct sync_report_commit *report;
	size_t report_nr, report_alloc;
	size_t incoming_more, outgoing_more; /* commits not listed */
};
#define SYNC_RESULT_INIT                                                       \
	{                                                                      \
		0, NULL, NULL, 0, 0, NULL, NULL, STRVEC_INIT, NULL, 0, 0, 0,   \
			NULL, STRVEC_INIT, STRVEC_INIT, 0, 0, NULL, 0, 0, 0, 0 \
	}

void sync_result_release(struct sync_result *res);

/*
 * Runs a sync of `repo` (opened with its vault) and fills `out` (a
 * SYNC_RESULT_INIT).  Returns out->status; prints nothing.
 */
int sync_run(struct sync_result *out, struct thesis_repo *repo,
	     const struct sync_opts *opts);

/*
 * The default subject's description of a commit (%s): how many notes
 * and other files, then what changed in brackets, the targets when
 * positions or theses changed (`cloudflare-first-hosting status`,
 * `llm-commoditization added`), else the notes' names; at most three,
 * then `+N more`.  `paths` are vault paths; `targets` one entry per
 * changed target, already described.
 *
 *   2 notes (cloudflare-first-hosting status)
 *   1 note, 1 file (2026-12-05)
 *   3 notes (a, b, c +2 more)
 */
void sync_describe(struct strbuf *sb, const char *const *paths, size_t paths_nr,
		   const char *const *targets, size_t targets_nr);

/*
 * Expands the commit message template `tmpl` into `sb`: %s the
 * description above, %h `host`, %d `date`, %n `count` (the files
 * committed), %f `files` joined with ", " (sync names at most ten, then
 * "and N more"), %c `changes`, %% a percent sign; any other % sequence
 * stays as written.
 */
struct sync_message_vars {
	const char *describe, *host, *date, *changes;
	const char *const *files;
	size_t files_nr, count;
};
void sync_expand_message(struct strbuf *sb, const char *tmpl,
			 const struct sync_message_vars *vars);

/*
 * Whether `buf` holds a conflict marker line (`<<<<<<<`, `|||||||` or
 * `>>>>>>>` at the start of a line, then a space or the line's end).
 * A line of `=======` alone is a Markdown heading underline, not one.
 */
int sync_has_conflict_markers(const char *buf, size_t len);

/*
 * What a failed `git fetch`/`git push` said, as an exit code:
 * SYNC_EXIT_LOCAL when it could not write to this repository (`gitdir`,
 * its path with a trailing '/'), SYNC_EXIT_PENDING when the remote is out
 * of reach, else SYNC_EXIT_NETWORK.
 */
int sync_classify_failure(const char *output, const char *gitdir);

#endif
