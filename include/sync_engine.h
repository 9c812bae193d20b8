#ifndef THESIS_SYNC_ENGINE_H
#define THESIS_SYNC_ENGINE_H

/*
 * sync_engine: what the sync_*.c files share, and nothing else includes.
 *
 * One struct sync_state lives for one run.  Each file owns one concept
 * (sync.h lists them) and reaches the others only through the functions
 * below.  None of them prints: messages are appended to the run's
 * result (sync_say() and friends), and a fatal error is returned as -1
 * after sync_fail() stored its message.
 */

#include <stdio.h>

#include <git2.h>

#include "history.h"
#include "repo.h"
#include "strvec.h"
#include "sync.h"
#include "sync_lock.h"

/* One changed file of the vault, against HEAD. */
struct sync_change {
	char *path;
	int removed;
};

struct sync_changes {
	struct sync_change *v;
	size_t nr, alloc;
};
#define SYNC_CHANGES_INIT  \
	{                  \
		NULL, 0, 0 \
	}

void sync_changes_release(struct sync_changes *c);

struct sync_state {
	struct thesis_repo *repo;
	git_repository *r;
	const struct sync_opts *o;
	struct sync_result *res;
	char *gitdir; /* with a trailing '/' */
	char *branch, *branch_ref;
	char *remote, *merge_ref, *tracking, *conflict_ref;
	char *upstream_name; /* "origin/main", for messages */
	struct strvec excludes;
	int timeout;
	FILE *log;
	struct sync_lock lock;
	/* The branch after our commit, before anything came in. */
	git_oid local0;
	int have_local0;
	/* The upstream as last fetched. */
	git_oid upstream;
	int have_upstream;
	/* The upstream the successful push moved from. */
	git_oid push_base;
	int have_push_base;
	/* Merge commits this run made. */
	git_oid *merges;
	size_t merges_nr, merges_alloc;
	/* Files a checkout would overwrite; notes held back (sorted). */
	struct strvec blocked, held;
	/*
	 * One vault walked through history for the check, the trailers and
	 * the report, so the vault is read in full once.
	 */
	struct history h;
	int have_h;
};

/* ---- messages and the log (sync.c) ---- */

__attribute__((format(printf, 2, 3))) void sync_say(struct sync_state *s,
						    const char *fmt, ...);
/* An error: `loud` ones are shown with --quiet too. */
__attribute__((format(printf, 3, 4))) void
sync_error(struct sync_state *s, int loud, const char *fmt, ...);
__attribute__((format(printf, 3, 4))) void
sync_warn(struct sync_state *s, int loud, const char *fmt, ...);
void sync_message(struct sync_state *s, enum sync_message_kind kind, int loud,
		  const char *text);
/* An error diagnostic of a note held back: path:line:column: message. */
void sync_message_diag(struct sync_state *s, const char *path, unsigned line,
		       unsigned column, const char *text);
/* A fatal error: stores the message (the first one wins), returns -1. */
__attribute__((format(printf, 2, 3))) int sync_fail(struct sync_state *s,
						    const char *fmt, ...);
/* sync_fail() with libgit2's last error appended. */
__attribute__((format(printf, 2, 3))) int sync_fail_git(struct sync_state *s,
							const char *fmt, ...);
/* Refuses: an error "<why>; nothing changed", logged; SYNC_EXIT_UNSAFE. */
int sync_unsafe(struct sync_state *s, const char *why);
/* One line in $GIT_DIR/thesis/sync.log; never fails the sync. */
__attribute__((format(printf, 3, 4))) void
sync_log(struct sync_state *s, const char *step, const char *fmt, ...);

/* The vault walked through history (created on first use). */
struct history *sync_history(struct sync_state *s);

/* ---- trees and commits (sync_commit.c) ---- */

/* The branch's commit in *out; returns 1 when the branch has none yet. */
int sync_branch_tip(git_oid *out, struct sync_state *s);
/* The tree of `commit`; the empty tree for NULL. */
int sync_tree_of(git_tree **out, struct sync_state *s, const git_oid *commit);
/* A signature as git commit makes it (GIT_<who>_NAME/EMAIL/DATE). */
int sync_signature(git_signature **out, struct sync_state *s, const char *who);
/* The path inside the vault, or NULL when `path` is outside it. */
const char *sync_in_vault(const struct sync_state *s, const char *path);

/* The vault's changes against HEAD: staged, unstaged and untracked. */
int sync_collect(struct sync_changes *out, struct sync_state *s);
/* Refuses a commit of a file with conflict markers: SYNC_EXIT_UNSAFE. */
int sync_check_markers(struct sync_state *s, const struct sync_changes *ch);
/*
 * Runs the commit check (check.h) on what committing `ch` would make,
 * records the diagnostics of notes with errors, and moves those notes
 * (with the old path of a moved one) from `ch` to s->held.
 */
int sync_hold_broken(struct sync_state *s, struct sync_changes *ch);
/* The tree a commit of `ch` on `head` would have (objects only). */
int sync_would_tree(git_oid *out, struct sync_state *s,
		    const struct sync_changes *ch, const git_oid *head);
/* Commits `ch` on the branch; held notes are taken out of the index. */
int sync_commit(struct sync_state *s, const struct sync_changes *ch);

/* ---- the transport (sync_transport.c) ---- */

/* What git push said, beyond its exit code. */
#define SYNC_PUSH_BEHIND 100

/* 0, or SYNC_EXIT_PENDING / NETWORK / LOCAL; -1 when git cannot run. */
int sync_fetch(struct sync_state *s);
/* 0, SYNC_PUSH_BEHIND, SYNC_EXIT_PENDING / NETWORK / LOCAL, or -1. */
int sync_push(struct sync_state *s, const git_oid *what);

/* ---- integrating (sync_merge.c) ---- */

/* Brings the upstream in: 0, SYNC_EXIT_CONFLICT, SYNC_EXIT_UNSAFE, -1. */
int sync_integrate(struct sync_state *s);
/*
 * --dry-run: merges `local_tree` with the upstream in memory, settling
 * what fmmerge can; conflict lines go to s->res->conflicts.
 */
int sync_try_merge(struct sync_state *s, git_tree *base_tree,
		   git_tree *local_tree, git_tree *up_tree);

#endif
