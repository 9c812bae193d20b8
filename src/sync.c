/*
 * sync: `git thesis sync` (sync.h).
 *
 * For the man page, why the network goes through git itself:
 *
 *   git thesis sync fetches and pushes by running `git fetch` and
 *   `git push`, and does everything else (status, index, trees, merges,
 *   commits, references, checkout) in-process with libgit2.  The
 *   transport is git's because only git's own transport sees exactly the
 *   user's remotes as git does: credential helpers, url.<base>.insteadOf,
 *   http proxies and TLS settings, the ssh agent, keys and ssh config,
 *   core.sshCommand, remote helpers.  libgit2 1.5's transports and
 *   callbacks reproduce these only in part, so a remote that works with
 *   `git push` could fail, or ask for a password, under a timer.  The
 *   subprocess is started without a shell (an argv), with its standard
 *   input on /dev/null, GIT_TERMINAL_PROMPT=0, GIT_SSH_COMMAND set to
 *   `ssh -o BatchMode=yes` unless GIT_SSH_COMMAND, GIT_SSH or
 *   core.sshCommand says otherwise, and killed (with its process group)
 *   when thesis.sync.timeout seconds (default 60) pass.  It never
 *   prompts, so a sync from a hook or a timer can only succeed or fail.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "events.h"
#include "fmmerge.h"
#include "history.h"
#include "render.h"
#include "strbuf.h"
#include "strvec.h"
#include "sync.h"
#include "util.h"

/* What git push said, beyond its exit code. */
#define S_PUSH_BEHIND 100

/* At most this many commits are listed per direction in a report. */
#define S_REPORT_MAX_COMMITS 200

/* Output of one transport command kept for messages and the log. */
#define S_OUTPUT_MAX (64 * 1024)

struct S_change {
	char *path;
	int removed;
};

struct S_changes {
	struct S_change *v;
	size_t nr, alloc;
};
#define S_CHANGES_INIT {NULL, 0, 0}

struct S_sync {
	struct thesis_repo *repo;
	git_repository *r;
	const struct sync_opts *o;
	int json;
	char *gitdir; /* with a trailing '/' */
	char *branch, *branch_ref;
	char *remote, *merge_ref, *tracking, *conflict_ref;
	char *upstream_name; /* "origin/main", for messages */
	struct strvec excludes;
	int timeout;
	FILE *log;
	char *lock_path;
	int locked;
	/* The branch after our commit, before anything came in. */
	git_oid local0;
	int have_local0;
	/* The upstream as last fetched. */
	git_oid upstream;
	int have_upstream;
	/* The upstream the successful push moved from. */
	git_oid push_base;
	int have_push_base, pushed;
	/* Merge commits this run made. */
	git_oid *merges;
	size_t merges_nr, merges_alloc;
	/* Report lines of a conflict; files a checkout would overwrite. */
	struct strvec conflicts, blocked;
	size_t committed_files;
	/*
	 * One vault walked through history for the trailers and the report:
	 * after the trailers it stands near where the report starts, so the
	 * vault is read in full once.
	 */
	struct history h;
	int have_h;
};

/* ---- messages, log, lock ---------------------------------------------- */

/* For the signal handler: the child's process group and our lock. */
static volatile sig_atomic_t S_child_pgid;
static volatile sig_atomic_t S_lock_held;
static char S_lock_path[4096];

static void S_on_signal(int sig)
{
	if (S_child_pgid > 0)
		kill(-(pid_t)S_child_pgid, SIGKILL);
	if (S_lock_held)
		unlink(S_lock_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void S_signals(int install)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = install ? S_on_signal : SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* Progress and outcome lines: stdout for text, stderr beside JSON. */
__attribute__((format(printf, 2, 3))) static void S_say(struct S_sync *s,
							const char *fmt, ...)
{
	va_list ap;

	if (s->o->quiet)
		return;
	va_start(ap, fmt);
	vfprintf(s->json ? stderr : stdout, fmt, ap);
	va_end(ap);
	fputc('\n', s->json ? stderr : stdout);
}

static void S_utc_now(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* One line per step in $GIT_DIR/thesis/sync.log; never fails the sync. */
__attribute__((format(printf, 3, 4))) static void
S_log(struct S_sync *s, const char *step, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT, safe = STRBUF_INIT;
	char when[32];
	va_list ap;
	size_t i;

	if (!s->log)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	/*
	 * One line each (git's output spans several), and safe to cat: a
	 * remote's messages reach it.
	 */
	for (i = 0; i < sb.len; i++)
		if (sb.buf[i] == '\n' || sb.buf[i] == '\r')
			sb.buf[i] = ' ';
	strbuf_add_terminal_safe(&safe, sb.buf, sb.len);
	strbuf_rtrim(&safe);
	S_utc_now(when, sizeof(when));
	fprintf(s->log, "%s %ld %s: %s\n", when, (long)getpid(), step,
		safe.buf);
	fflush(s->log);
	strbuf_release(&sb);
	strbuf_release(&safe);
}

static void S_log_open(struct S_sync *s)
{
	char *dir = xstrfmt("%sthesis", s->gitdir);
	char *path = xstrfmt("%s%s", s->gitdir, SYNC_LOG_FILE);

	struct stat st;

	/* A sync every few minutes for years: keep the last megabyte or two. */
	if (!stat(path, &st) && st.st_size > 1024 * 1024) {
		char *old = xstrfmt("%s.old", path);

		rename(path, old);
		free(old);
	}
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		warning("cannot create %s: %s", dir, strerror(errno));
	else if (!(s->log = fopen(path, "a")))
		warning("cannot write %s: %s", path, strerror(errno));
	free(dir);
	free(path);
}

/* The pid in a lock file, or 0. */
static long S_lock_owner(const char *path)
{
	char buf[32];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

/*
 * Whether the lock's owner runs.  A lock with no pid yet is another sync
 * between creating the file and writing to it, unless it is old.
 */
static int S_lock_alive(const char *path, long pid)
{
	struct stat st;

	if (pid <= 0)
		return !stat(path, &st) && time(NULL) - st.st_mtime < 10;
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

/*
 * Takes $GIT_DIR/thesis-sync.lock.  A lock whose process is gone was left
 * by a sync that died: it is taken over.  Returns 0, or SYNC_EXIT_UNSAFE.
 */
static int S_lock(struct S_sync *s)
{
	int attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		int fd = open(s->lock_path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		char buf[32];
		long owner;

		if (fd >= 0) {
			int n = snprintf(buf, sizeof(buf), "%ld\n",
					 (long)getpid());

			if (write(fd, buf, (size_t)n) != n) {
				close(fd);
				unlink(s->lock_path);
				return error("cannot write %s: %s",
					     s->lock_path, strerror(errno));
			}
			close(fd);
			s->locked = 1;
			snprintf(S_lock_path, sizeof(S_lock_path), "%s",
				 s->lock_path);
			S_lock_held = 1;
			return 0;
		}
		if (errno != EEXIST)
			return error("cannot create %s: %s", s->lock_path,
				     strerror(errno));
		owner = S_lock_owner(s->lock_path);
		if (S_lock_alive(s->lock_path, owner)) {
			error("another git thesis sync is running (pid %ld); "
			      "nothing changed",
			      owner);
			S_log(s, "check", "refused: sync running as pid %ld",
			      owner);
			return SYNC_EXIT_UNSAFE;
		}
		S_log(s, "lock", "taking over a stale lock of pid %ld", owner);
		unlink(s->lock_path);
	}
	error("cannot take %s; nothing changed", s->lock_path);
	return SYNC_EXIT_UNSAFE;
}

static void S_unlock(struct S_sync *s)
{
	if (!s->locked)
		return;
	S_lock_held = 0;
	unlink(s->lock_path);
	s->locked = 0;
}

/* ---- set-up: the branch and its upstream ------------------------------ */

static int S_unsafe(struct S_sync *s, const char *why)
{
	error("%s; nothing changed", why);
	S_log(s, "check", "refused: %s", why);
	return SYNC_EXIT_UNSAFE;
}

/*
 * The remote-tracking ref that fetching `merge_ref` from `remote` updates,
 * from remote.<name>.fetch.  (git_remote_lookup() would do, but libgit2
 * 1.5 leaks the regex match data of its insteadOf lookup.)
 */
static char *S_tracking_ref(struct S_sync *s, const char *remote,
			    const char *merge_ref)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	char *key, *res = NULL;

	if (!strcmp(remote, "."))
		return xstrdup(merge_ref);
	key = xstrfmt("remote.%s.fetch", remote);
	if (!s->repo->config || git_config_multivar_iterator_new(
					&it, s->repo->config, key, NULL) < 0) {
		git_error_clear();
		free(key);
		return NULL;
	}
	free(key);
	while (!res && !git_config_next(&e, it)) {
		git_refspec *spec = NULL;
		git_buf buf = GIT_BUF_INIT;

		if (!e->value || git_refspec_parse(&spec, e->value, 1) < 0) {
			git_error_clear();
			continue;
		}
		if (git_refspec_src_matches(spec, merge_ref) &&
		    !git_refspec_transform(&buf, spec, merge_ref))
			res = xstrdup(buf.ptr);
		git_buf_dispose(&buf);
		git_refspec_free(spec);
	}
	git_config_iterator_free(it);
	git_error_clear();
	return res;
}

static void S_read_excludes(struct S_sync *s)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;

	if (!s->repo->config ||
	    git_config_multivar_iterator_new(&it, s->repo->config,
					     "thesis.sync.exclude", NULL) < 0) {
		git_error_clear();
		return;
	}
	while (!git_config_next(&e, it))
		if (e->value && *e->value)
			strvec_push(&s->excludes, e->value);
	git_config_iterator_free(it);
	git_error_clear();
}

static int S_setup(struct S_sync *s)
{
	git_reference *head = NULL;
	char *key, *remote = NULL, *merge = NULL, *timeout;
	const char *target;
	int ret = -1;

	if (git_repository_is_bare(s->r))
		return S_unsafe(s, "a bare repository has no vault to sync");
	if (git_reference_lookup(&head, s->r, "HEAD") < 0)
		return error_git("cannot read HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC ||
	    !starts_with(target = git_reference_symbolic_target(head),
			 "refs/heads/")) {
		git_reference_free(head);
		return S_unsafe(s, "HEAD is detached; check out the branch "
				   "to sync first");
	}
	s->branch_ref = xstrdup(target);
	s->branch = xstrdup(target + strlen("refs/heads/"));
	git_reference_free(head);

	key = xstrfmt("branch.%s.remote", s->branch);
	remote = repo_config_string(s->repo, key);
	free(key);
	key = xstrfmt("branch.%s.merge", s->branch);
	merge = repo_config_string(s->repo, key);
	free(key);
	if (!remote || !merge) {
		char *branch = repo_config_string(s->repo, "thesis.branch");

		free(remote);
		free(merge);
		remote = repo_config_string(s->repo, "thesis.remote");
		merge = !branch ? xstrfmt("refs/heads/%s", s->branch)
			: starts_with(branch, "refs/")
				? xstrdup(branch)
				: xstrfmt("refs/heads/%s", branch);
		free(branch);
	}
	if (!remote || !*remote) {
		struct strbuf why = STRBUF_INIT;

		strbuf_addf(&why,
			    "branch '%s' has no upstream: push it once with "
			    "'git push -u <remote> %s', or set thesis.remote",
			    s->branch, s->branch);
		ret = S_unsafe(s, why.buf);
		strbuf_release(&why);
		goto done;
	}
	s->remote = remote;
	s->merge_ref = merge;
	remote = merge = NULL;
	s->tracking = S_tracking_ref(s, s->remote, s->merge_ref);
	if (!s->tracking) {
		struct strbuf why = STRBUF_INIT;

		strbuf_addf(&why,
			    "remote '%s' is not configured with a fetch "
			    "refspec for %s",
			    s->remote, s->merge_ref);
		ret = S_unsafe(s, why.buf);
		strbuf_release(&why);
		goto done;
	}
	s->upstream_name =
		xstrdup(starts_with(s->tracking, "refs/remotes/")
				? s->tracking + strlen("refs/remotes/")
			: starts_with(s->tracking, "refs/heads/")
				? s->tracking + strlen("refs/heads/")
				: s->tracking);
	s->conflict_ref = xstrfmt("%s%s", SYNC_CONFLICT_REFS, s->branch);
	S_read_excludes(s);
	timeout = repo_config_string(s->repo, "thesis.sync.timeout");
	s->timeout = timeout ? atoi(timeout) : SYNC_DEFAULT_TIMEOUT;
	if (s->timeout <= 0)
		s->timeout = SYNC_DEFAULT_TIMEOUT;
	free(timeout);
	ret = 0;
done:
	free(remote);
	free(merge);
	return ret;
}

/* ---- safety checks ----------------------------------------------------- */

static const char *S_state_name(int state)
{
	switch (state) {
	case GIT_REPOSITORY_STATE_MERGE:
		return "a merge";
	case GIT_REPOSITORY_STATE_REVERT:
	case GIT_REPOSITORY_STATE_REVERT_SEQUENCE:
		return "a revert";
	case GIT_REPOSITORY_STATE_CHERRYPICK:
	case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE:
		return "a cherry-pick";
	case GIT_REPOSITORY_STATE_BISECT:
		return "a bisect";
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
		return "a 'git am'";
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE:
		return "a rebase or 'git am'";
	default:
		return "a rebase";
	}
}

static int S_file_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static int S_check(struct S_sync *s)
{
	int state = git_repository_state(s->r);
	git_index *idx = NULL;
	char *path;
	int conflicts, exists;
	long owner;

	if (state != GIT_REPOSITORY_STATE_NONE) {
		char *why = xstrfmt("%s is in progress; finish or abort it "
				    "first",
				    S_state_name(state));
		int ret = S_unsafe(s, why);

		free(why);
		return ret;
	}
	if (git_repository_index(&idx, s->r) < 0 ||
	    git_index_read(idx, 0) < 0) {
		git_index_free(idx);
		return error_git("cannot read the index");
	}
	conflicts = git_index_has_conflicts(idx);
	git_index_free(idx);
	if (conflicts)
		return S_unsafe(s, "the index has unmerged entries; resolve "
				   "them first");
	path = xstrfmt("%sindex.lock", s->gitdir);
	exists = S_file_exists(path);
	free(path);
	if (exists)
		return S_unsafe(s, "index.lock exists: another git process is "
				   "running (or one crashed and left it)");
	owner = S_lock_owner(s->lock_path);
	if (!s->locked && S_file_exists(s->lock_path) &&
	    S_lock_alive(s->lock_path, owner)) {
		char *why = xstrfmt("another git thesis sync is running "
				    "(pid %ld)",
				    owner);
		int ret = S_unsafe(s, why);

		free(why);
		return ret;
	}
	return 0;
}

/* ---- the vault's changes ----------------------------------------------- */

static void S_changes_release(struct S_changes *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		free(c->v[i].path);
	free(c->v);
	c->v = NULL;
	c->nr = c->alloc = 0;
}

/* The path inside the vault, or NULL when `path` is outside it. */
static const char *S_in_vault(const struct S_sync *s, const char *path)
{
	const char *vault = s->repo->vault;
	size_t len = strlen(vault);

	if (!len)
		return path;
	if (strncmp(path, vault, len) || path[len] != '/')
		return NULL;
	return path + len + 1;
}

/*
 * Files sync never commits: Obsidian's workspace state, which changes on
 * every click, and thesis.sync.exclude.  A pattern without a `/` matches
 * file names, as in .gitignore; one with a `/` the path in the vault.
 */
static int S_excluded(const struct S_sync *s, const char *rel)
{
	const char *base = strrchr(rel, '/');
	size_t i;

	base = base ? base + 1 : rel;
	if (!fnmatch(".obsidian/workspace*.json", rel, FNM_PATHNAME))
		return 1;
	for (i = 0; i < s->excludes.nr; i++) {
		const char *p = s->excludes.v[i];
		size_t len = strlen(p);

		if (p[0] == '/')
			p++;
		if (len && p[strlen(p) - 1] == '/') {
			/* A folder: everything under it. */
			if (!strncmp(rel, p, strlen(p)))
				return 1;
			continue;
		}
		if (strchr(p, '/') ? !fnmatch(p, rel, FNM_PATHNAME)
				   : !fnmatch(p, base, 0))
			return 1;
	}
	return 0;
}

static int S_cmp_change(const void *a, const void *b)
{
	return strcmp(((const struct S_change *)a)->path,
		      ((const struct S_change *)b)->path);
}

/* The vault's changes against HEAD: staged, unstaged and untracked. */
static int S_collect(struct S_changes *out, struct S_sync *s)
{
	git_status_options so = GIT_STATUS_OPTIONS_INIT;
	git_status_list *list = NULL;
	char *spec = xstrdup(s->repo->vault);
	size_t i, n;

	so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
		   GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		   GIT_STATUS_OPT_EXCLUDE_SUBMODULES |
		   GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH;
	if (*spec) {
		so.pathspec.strings = &spec;
		so.pathspec.count = 1;
	}
	if (git_status_list_new(&list, s->r, &so) < 0) {
		free(spec);
		return error_git("cannot read the status of the vault");
	}
	free(spec);
	n = git_status_list_entrycount(list);
	for (i = 0; i < n; i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const git_diff_delta *d = e->index_to_workdir
						  ? e->index_to_workdir
						  : e->head_to_index;
		const char *path, *rel;
		struct S_change *c;

		if (!d || (e->status & GIT_STATUS_IGNORED))
			continue;
		path = d->new_file.path ? d->new_file.path : d->old_file.path;
		rel = S_in_vault(s, path);
		if (!rel || S_excluded(s, rel) || !*path ||
		    path[strlen(path) - 1] == '/')
			continue;
		ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		c = &out->v[out->nr++];
		c->path = xstrdup(path);
		c->removed = (e->status & GIT_STATUS_WT_DELETED) ||
			     ((e->status & GIT_STATUS_INDEX_DELETED) &&
			      !(e->status & GIT_STATUS_WT_NEW));
	}
	git_status_list_free(list);
	QSORT(out->v, out->nr, S_cmp_change);
	return 0;
}

int sync_has_conflict_markers(const char *buf, size_t len)
{
	static const char *const marks[] = {"<<<<<<<", "|||||||", ">>>>>>>"};
	size_t pos = 0, i;

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;

		for (i = 0; i < ARRAY_SIZE(marks); i++)
			if (end - pos >= 7 && !memcmp(buf + pos, marks[i], 7) &&
			    (end - pos == 7 || buf[pos + 7] == ' ' ||
			     buf[pos + 7] == '\r'))
				return 1;
		pos = end + 1;
	}
	return 0;
}

/* Refuses a commit of a file with conflict markers, naming it. */
static int S_check_markers(struct S_sync *s, const struct S_changes *ch)
{
	const char *workdir = git_repository_workdir(s->r);
	size_t i;

	for (i = 0; i < ch->nr; i++) {
		struct strbuf sb = STRBUF_INIT;
		char *path;
		FILE *fp;
		char buf[8192];
		struct stat st;
		size_t n;
		int bad;

		if (ch->v[i].removed)
			continue;
		path = xstrfmt("%s%s", workdir, ch->v[i].path);
		/* Only regular files: a symlink's target may be a FIFO. */
		fp = !lstat(path, &st) && S_ISREG(st.st_mode)
			     ? fopen(path, "rb")
			     : NULL;
		free(path);
		if (!fp)
			continue;
		/* Attachments are binary (a NUL early on, as git decides);
		 * markers are a text thing, so a binary is never read on. */
		n = fread(buf, 1, sizeof(buf), fp);
		bad = !memchr(buf, '\0', n);
		while (bad && n > 0) {
			strbuf_add(&sb, buf, n);
			n = fread(buf, 1, sizeof(buf), fp);
		}
		fclose(fp);
		bad = bad && sync_has_conflict_markers(sb.buf, sb.len);
		strbuf_release(&sb);
		if (bad) {
			struct strbuf why = STRBUF_INIT;

			strbuf_addstr(&why, "'");
			strbuf_add_terminal_safe(&why, ch->v[i].path,
						 strlen(ch->v[i].path));
			strbuf_addstr(&why, "' contains conflict markers; "
					    "resolve it before syncing");
			S_unsafe(s, why.buf);
			strbuf_release(&why);
			return SYNC_EXIT_UNSAFE;
		}
	}
	return 0;
}

/* ---- committing --------------------------------------------------------- */

/* A position or thesis event on one line, as the hook's trailers say it. */
static void S_value(struct strbuf *sb, const char *v)
{
	struct strbuf safe = STRBUF_INIT;
	size_t i;

	if (!v) {
		strbuf_addstr(sb, "(none)");
		return;
	}
	/* One line: line breaks become spaces before anything is escaped. */
	for (i = 0; v[i]; i++)
		strbuf_addch(&safe, v[i] == '\n' || v[i] == '\r' ? ' ' : v[i]);
	strbuf_add_terminal_safe(sb, safe.buf, safe.len);
	strbuf_release(&safe);
}

static void S_event_summary(struct strbuf *t, const struct event *e)
{
	if (e->change == EVENT_RENAMED) {
		S_value(t, e->old_value);
		strbuf_addstr(t, " renamed -> ");
		S_value(t, e->new_value);
		return;
	}
	S_value(t, e->target);
	if (e->change == EVENT_ADDED || e->change == EVENT_REMOVED) {
		strbuf_addf(t, " %s", event_change_name(e->change));
	} else if (e->field && !strcmp(e->field, "stance")) {
		strbuf_addstr(t, " stance rewritten");
	} else if (e->field) {
		strbuf_addf(t, " %s ", e->field);
		S_value(t, e->old_value);
		strbuf_addstr(t, " -> ");
		S_value(t, e->new_value);
	}
}

void sync_expand_message(struct strbuf *sb, const char *tmpl, const char *host,
			 const char *date, const char *const *files,
			 size_t files_nr, size_t count, const char *changes)
{
	const char *p;
	size_t i;

	for (p = tmpl; *p; p++) {
		if (*p != '%' || !p[1]) {
			strbuf_addch(sb, *p);
			continue;
		}
		switch (*++p) {
		case 'h':
			strbuf_addstr(sb, host);
			break;
		case 'd':
			strbuf_addstr(sb, date);
			break;
		case 'n':
			strbuf_addf(sb, "%zu", count);
			break;
		case 'f':
			for (i = 0; i < files_nr; i++) {
				if (i)
					strbuf_addstr(sb, ", ");
				strbuf_addstr(sb, files[i]);
			}
			break;
		case 'c':
			strbuf_addstr(sb, changes);
			break;
		case '%':
			strbuf_addch(sb, '%');
			break;
		default:
			strbuf_addch(sb, '%');
			strbuf_addch(sb, *p);
		}
	}
}

static void S_host(char *buf, size_t size)
{
	char *dot;

	if (gethostname(buf, size) < 0 || !*buf)
		snprintf(buf, size, "unknown");
	buf[size - 1] = '\0';
	if ((dot = strchr(buf, '.')))
		*dot = '\0';
}

/* Now, ISO 8601 with the offset written +hh:mm. */
static void S_iso_now(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	char off[8];
	size_t len;

	localtime_r(&now, &tm);
	len = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(off, sizeof(off), "%z", &tm);
	if (strlen(off) == 5)
		snprintf(buf + len, size - len, "%.3s:%s", off, off + 3);
}

/*
 * A signature from GIT_<WHO>_NAME/EMAIL/DATE, else user.name/email and
 * now, as git commit makes it.  Only git's raw date forms are read from
 * the environment (`@<seconds> [+hhmm]`, `<seconds> +hhmm`).
 */
static int S_signature(git_signature **out, git_repository *r, const char *who)
{
	git_signature *def = NULL;
	char key[32];
	const char *name, *email, *date;
	int ret;

	snprintf(key, sizeof(key), "GIT_%s_NAME", who);
	name = getenv(key);
	snprintf(key, sizeof(key), "GIT_%s_EMAIL", who);
	email = getenv(key);
	snprintf(key, sizeof(key), "GIT_%s_DATE", who);
	date = getenv(key);
	if ((!name || !email) && git_signature_default(&def, r) < 0)
		return error_git("cannot tell who commits: set user.name and "
				 "user.email");
	if (!name)
		name = def->name;
	if (!email)
		email = def->email;
	if (date) {
		const char *p = date + (*date == '@');
		char *end;
		long long t = strtoll(p, &end, 10);
		int off = 0;

		if (end != p && (!*end || *end == ' ')) {
			while (*end == ' ')
				end++;
			if ((*end == '+' || *end == '-') && strlen(end) == 5) {
				long hm = strtol(end + 1, NULL, 10);

				off = (int)(hm / 100 * 60 + hm % 100);
				if (*end == '-')
					off = -off;
			}
			ret = git_signature_new(out, name, email, (git_time_t)t,
						off);
			goto done;
		}
	}
	ret = git_signature_now(out, name, email);
done:
	git_signature_free(def);
	if (ret < 0)
		return error_git("cannot make a signature");
	return 0;
}

static int S_empty_tree(git_tree **out, git_repository *r)
{
	git_treebuilder *tb = NULL;
	git_oid oid;
	int err;

	if ((err = git_treebuilder_new(&tb, r, NULL)) < 0 ||
	    (err = git_treebuilder_write(&oid, tb)) < 0 ||
	    (err = git_tree_lookup(out, r, &oid)) < 0) {
		git_treebuilder_free(tb);
		return error_git("cannot write the empty tree");
	}
	git_treebuilder_free(tb);
	return 0;
}

/* The branch's commit in *out; returns 1 when the branch has none yet. */
static int S_branch_tip(git_oid *out, struct S_sync *s)
{
	if (!git_reference_name_to_id(out, s->r, s->branch_ref))
		return 0;
	git_error_clear();
	memset(out, 0, sizeof(*out));
	return 1;
}

static int S_tree_of(git_tree **out, git_repository *r, const git_oid *commit)
{
	git_commit *c = NULL;
	int err;

	if (!commit)
		return S_empty_tree(out, r);
	if ((err = git_commit_lookup(&c, r, commit)) < 0 ||
	    (err = git_commit_tree(out, c)) < 0) {
		git_commit_free(c);
		return error_git("cannot read commit %s",
				 git_oid_tostr_s(commit));
	}
	git_commit_free(c);
	return 0;
}

static struct history *S_history(struct S_sync *s)
{
	if (!s->have_h) {
		history_init(&s->h, s->repo);
		s->h.reader.quiet = 1;
		s->have_h = 1;
	}
	return &s->h;
}

/* The trailers and %c of a commit from `old` to `new`. */
static int S_changes_text(struct strvec *trailers, struct strbuf *summary,
			  struct S_sync *s, const git_tree *old,
			  const git_tree *new)
{
	struct event_list ev = EVENT_LIST_INIT;
	size_t i;
	int ret = 0;

	if (history_diff_trees(&ev, S_history(s), old, new) < 0) {
		/* A commit without trailers beats no commit. */
		warning("no position trailers: the notes could not be read");
		ret = 0;
		goto done;
	}
	for (i = 0; i < ev.nr; i++) {
		const struct event *e = &ev.v[i];
		struct strbuf t = STRBUF_INIT;

		if (e->kind != EVENT_POSITION && e->kind != EVENT_THESIS)
			continue;
		S_event_summary(&t, e);
		if (summary->len)
			strbuf_addstr(summary, "; ");
		strbuf_addbuf(summary, &t);
		strvec_push_nodup(trailers, xstrfmt("%s: %s",
						    e->kind == EVENT_POSITION
							    ? "Position-Change"
							    : "Thesis-Change",
						    t.buf));
		strbuf_release(&t);
	}
done:
	event_list_release(&ev);
	return ret;
}

static int S_cmp_update(const void *a, const void *b)
{
	return strcmp(((const git_tree_update *)a)->path,
		      ((const git_tree_update *)b)->path);
}

/*
 * Commits the vault's changes on the branch: the index takes them (add or
 * remove by path, as `git add`), and the commit's tree is HEAD's tree with
 * exactly those paths updated, so whatever else is staged stays staged.
 */
static int S_commit(struct S_sync *s, const struct S_changes *ch)
{
	git_index *idx = NULL;
	git_tree *head_tree = NULL, *new_tree = NULL;
	git_commit *parent = NULL;
	git_signature *author = NULL, *committer = NULL;
	git_tree_update *updates = NULL;
	size_t nupdates = 0, i;
	struct strvec trailers = STRVEC_INIT, files = STRVEC_INIT;
	struct strbuf msg = STRBUF_INIT, summary = STRBUF_INIT;
	char *tmpl = NULL, host[256], date[40], shortid[GIT_OID_HEXSZ + 1];
	git_oid head, tree_oid, commit_oid;
	int unborn = S_branch_tip(&head, s), ret = -1;

	if (!ch->nr)
		return 0;
	if (git_repository_index(&idx, s->r) < 0 ||
	    git_index_read(idx, 0) < 0) {
		error_git("cannot read the index");
		goto done;
	}
	if (S_tree_of(&head_tree, s->r, unborn ? NULL : &head) < 0)
		goto done;
	updates = xcalloc(ch->nr, sizeof(*updates));
	for (i = 0; i < ch->nr; i++) {
		const struct S_change *c = &ch->v[i];
		const git_index_entry *e;
		git_tree_entry *te = NULL;

		if (c->removed) {
			if (git_index_remove_bypath(idx, c->path) < 0) {
				error_git("cannot remove '%s' from the index",
					  c->path);
				goto done;
			}
		} else if (git_index_add_bypath(idx, c->path) < 0) {
			error_git("cannot add '%s' to the index", c->path);
			goto done;
		}
		e = git_index_get_bypath(idx, c->path, 0);
		if (e) {
			updates[nupdates].action = GIT_TREE_UPDATE_UPSERT;
			updates[nupdates].id = e->id;
			updates[nupdates].filemode = e->mode;
		} else if (!git_tree_entry_bypath(&te, head_tree, c->path)) {
			git_tree_entry_free(te);
			updates[nupdates].action = GIT_TREE_UPDATE_REMOVE;
		} else {
			git_error_clear();
			continue; /* added and deleted again: nothing */
		}
		updates[nupdates++].path = c->path;
		/* %f names ten files at most: it is a subject line. */
		if (files.nr < 10)
			strvec_push(&files, S_in_vault(s, c->path));
	}
	if (nupdates > files.nr)
		strvec_push_nodup(&files,
				  xstrfmt("and %zu more", nupdates - files.nr));
	QSORT(updates, nupdates, S_cmp_update);
	if (git_tree_create_updated(&tree_oid, s->r, head_tree, nupdates,
				    updates) < 0 ||
	    git_tree_lookup(&new_tree, s->r, &tree_oid) < 0) {
		error_git("cannot write the vault's tree");
		goto done;
	}
	if (git_oid_equal(&tree_oid, git_tree_id(head_tree))) {
		/* Only stat changes, or edits undone: nothing to commit. */
		if (git_index_write(idx) < 0)
			error_git("cannot write the index");
		ret = 0;
		goto done;
	}
	if (S_changes_text(&trailers, &summary, s, unborn ? NULL : head_tree,
			   new_tree) < 0)
		goto done;
	tmpl = repo_config_string(s->repo, "thesis.sync.message");
	S_host(host, sizeof(host));
	S_iso_now(date, sizeof(date));
	sync_expand_message(&msg, tmpl ? tmpl : SYNC_DEFAULT_MESSAGE, host,
			    date, (const char *const *)files.v, files.nr,
			    nupdates,
			    summary.len ? summary.buf : "no position changes");
	strbuf_trim(&msg);
	if (!msg.len)
		strbuf_addstr(&msg, "vault sync");
	strbuf_addch(&msg, '\n');
	if (trailers.nr)
		strbuf_addch(&msg, '\n');
	for (i = 0; i < trailers.nr; i++)
		strbuf_addf(&msg, "%s\n", trailers.v[i]);
	if (S_signature(&author, s->r, "AUTHOR") < 0 ||
	    S_signature(&committer, s->r, "COMMITTER") < 0)
		goto done;
	if (!unborn && git_commit_lookup(&parent, s->r, &head) < 0) {
		error_git("cannot read HEAD");
		goto done;
	}
	/* "HEAD" moves the branch only if it still is at `parent`. */
	if (git_commit_create(&commit_oid, s->r, "HEAD", author, committer,
			      NULL, msg.buf, new_tree, unborn ? 0 : 1,
			      (const git_commit **)&parent) < 0) {
		error_git("cannot commit the vault");
		goto done;
	}
	if (git_index_write(idx) < 0) {
		error_git("cannot write the index");
		goto done;
	}
	s->committed_files = nupdates;
	repo_short_id(shortid, &commit_oid);
	S_say(s, "Committed %zu file%s as %s.", nupdates,
	      nupdates == 1 ? "" : "s", shortid);
	S_log(s, "commit", "%zu files as %s", nupdates,
	      git_oid_tostr_s(&commit_oid));
	ret = 0;
done:
	free(tmpl);
	free(updates);
	strvec_release(&trailers);
	strvec_release(&files);
	strbuf_release(&msg);
	strbuf_release(&summary);
	git_signature_free(author);
	git_signature_free(committer);
	git_commit_free(parent);
	git_tree_free(head_tree);
	git_tree_free(new_tree);
	git_index_free(idx);
	return ret;
}

/* ---- the transport: git fetch / git push ------------------------------ */

static void S_sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * Runs `git <args>` with no terminal to prompt on and the timeout; its
 * output (both streams) goes to `output`.  Returns git's exit status,
 * -2 when it timed out (and was killed), -1 when it could not run.
 */
static int S_run_git(struct S_sync *s, struct strbuf *output, const char **argv)
{
	char *ssh = repo_config_string(s->repo, "core.sshCommand");
	int default_ssh =
		!getenv("GIT_SSH_COMMAND") && !getenv("GIT_SSH") && !ssh;
	time_t deadline = time(NULL) + s->timeout;
	int fds[2], status = 0, timed_out = 0;
	pid_t pid;

	free(ssh);
	if (pipe(fds) < 0)
		return error("cannot run git: %s", strerror(errno));
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return error("cannot run git: %s", strerror(errno));
	}
	if (!pid) {
		int devnull = open("/dev/null", O_RDONLY);

		setpgid(0, 0);
		if (devnull >= 0) {
			dup2(devnull, 0);
			close(devnull);
		} else {
			close(0);
		}
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		setenv("GIT_TERMINAL_PROMPT", "0", 1);
		if (default_ssh)
			setenv("GIT_SSH_COMMAND", "ssh -o BatchMode=yes", 1);
		/* Messages we read for "rejected" and "unreachable". */
		setenv("LC_ALL", "C", 1);
		unsetenv("LANGUAGE");
		execvp("git", (char *const *)argv);
		fprintf(stderr, "cannot run git: %s\n", strerror(errno));
		_exit(127);
	}
	setpgid(pid, 0);
	S_child_pgid = pid;
	close(fds[1]);
	for (;;) {
		struct pollfd pfd = {fds[0], POLLIN, 0};
		long left = (long)(deadline - time(NULL));
		char buf[4096];
		ssize_t n;
		int ready;

		if (left <= 0) {
			timed_out = 1;
			break;
		}
		ready = poll(&pfd, 1, (int)(left > 1 ? 1000 : left * 1000));
		if (ready < 0 && errno != EINTR)
			break;
		if (ready <= 0)
			continue;
		n = read(fds[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (output->len < S_OUTPUT_MAX)
			strbuf_add(output, buf, (size_t)n);
	}
	close(fds[0]);
	/* Its output closed: wait for it, still within the time allowed. */
	while (!timed_out) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid || (w < 0 && errno != EINTR))
			break;
		if (time(NULL) >= deadline)
			timed_out = 1;
		else
			S_sleep_ms(20);
	}
	if (timed_out) {
		int waited;

		kill(-pid, SIGTERM);
		for (waited = 0; waited < 100; waited++) {
			if (waitpid(pid, &status, WNOHANG) == pid)
				break;
			S_sleep_ms(20);
		}
		if (waited == 100) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
		}
	}
	S_child_pgid = 0;
	if (timed_out)
		return -2;
	if (WIFEXITED(status))
		return WEXITSTATUS(status) == 127 &&
				       strstr(output->buf, "cannot run git")
			       ? -1
			       : WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

static int S_contains_any(const char *s, const char *const *pats, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strstr(s, pats[i]))
			return 1;
	return 0;
}

/*
 * SYNC_EXIT_PENDING when git's output says the remote is out of reach
 * (try later), SYNC_EXIT_NETWORK when it was reached and said no.
 */
static int S_classify(const char *out)
{
	static const char *const refused[] = {
		"Authentication failed",
		"Permission denied",
		"could not read Username",
		"could not read Password",
		"terminal prompts disabled",
		"returned error: 401",
		"returned error: 403",
		"Host key verification failed",
		"Access denied",
		"access denied",
		"[remote rejected]",
		"Repository not found",
		"certificate",
	};
	static const char *const offline[] = {
		"Could not resolve host",
		"Could not resolve hostname",
		"Connection refused",
		"Connection timed out",
		"Network is unreachable",
		"No route to host",
		"Temporary failure in name resolution",
		"Name or service not known",
		"Connection reset",
		"Couldn't connect to server",
		"Failed to connect",
		"Operation timed out",
		"does not appear to be a git repository",
		"No such file or directory",
		"Network unreachable",
	};

	if (S_contains_any(out, refused, ARRAY_SIZE(refused)))
		return SYNC_EXIT_NETWORK;
	if (S_contains_any(out, offline, ARRAY_SIZE(offline)))
		return SYNC_EXIT_PENDING;
	return SYNC_EXIT_NETWORK;
}

/* Shows what git said, line by line, indented, when not quiet. */
static void S_show_output(struct S_sync *s, const struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = out->buf, *end = out->buf + out->len;

	if (s->o->quiet)
		return;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
			len--;
		if (len) {
			strbuf_addstr(&sb, "  ");
			strbuf_add_terminal_safe(&sb, p, len);
			strbuf_addch(&sb, '\n');
		}
		p += (nl ? (size_t)(nl - p) + 1 : (size_t)(end - p));
	}
	fputs(sb.buf, stderr);
	strbuf_release(&sb);
}

/* 0, or SYNC_EXIT_PENDING / SYNC_EXIT_NETWORK; -1 when git cannot run. */
static int S_fetch(struct S_sync *s)
{
	const char *argv[] = {"git", "fetch", "--quiet", s->remote, NULL};
	struct strbuf out = STRBUF_INIT;
	int st, ret;

	if (!strcmp(s->remote, "."))
		return 0;
	st = S_run_git(s, &out, argv);
	if (st == 0) {
		S_log(s, "fetch", "%s: ok", s->remote);
		ret = 0;
	} else if (st == -1) {
		S_log(s, "fetch", "git could not run");
		ret = -1;
	} else if (st == -2) {
		S_log(s, "fetch", "%s: timed out after %d s", s->remote,
		      s->timeout);
		if (!s->o->quiet)
			error("fetching from '%s' timed out after %d s",
			      s->remote, s->timeout);
		ret = SYNC_EXIT_PENDING;
	} else {
		ret = S_classify(out.buf);
		S_log(s, "fetch", "%s: failed (%s): %s", s->remote,
		      ret == SYNC_EXIT_PENDING ? "unreachable" : "refused",
		      out.buf);
		if (!s->o->quiet || ret != SYNC_EXIT_PENDING) {
			error("cannot fetch from '%s'%s:", s->remote,
			      ret == SYNC_EXIT_PENDING ? " (unreachable)" : "");
			S_show_output(s, &out);
		}
	}
	strbuf_release(&out);
	return ret;
}

/* 0, S_PUSH_BEHIND, SYNC_EXIT_PENDING / SYNC_EXIT_NETWORK, or -1. */
static int S_push(struct S_sync *s, const git_oid *what)
{
	char *spec = xstrfmt("%s:%s", git_oid_tostr_s(what), s->merge_ref);
	const char *argv[] = {"git", "push", "--quiet", s->remote, spec, NULL};
	struct strbuf out = STRBUF_INIT;
	int st, ret;

	st = S_run_git(s, &out, argv);
	if (st == 0) {
		S_log(s, "push", "%s %s: ok", s->remote, spec);
		ret = 0;
	} else if (st == -1) {
		ret = -1;
	} else if (st == -2) {
		S_log(s, "push", "%s: timed out after %d s", s->remote,
		      s->timeout);
		if (!s->o->quiet)
			error("pushing to '%s' timed out after %d s", s->remote,
			      s->timeout);
		ret = SYNC_EXIT_PENDING;
	} else if ((strstr(out.buf, "[rejected]") &&
		    (strstr(out.buf, "fetch first") ||
		     strstr(out.buf, "non-fast-forward"))) ||
		   /* Another push won between git's look and its update. */
		   (strstr(out.buf, "[remote rejected]") &&
		    (strstr(out.buf, "but expected") ||
		     strstr(out.buf, "cannot lock ref")))) {
		S_log(s, "push", "%s: rejected, the remote moved", s->remote);
		ret = S_PUSH_BEHIND;
	} else {
		ret = S_classify(out.buf);
		S_log(s, "push", "%s: failed (%s): %s", s->remote,
		      ret == SYNC_EXIT_PENDING ? "unreachable" : "refused",
		      out.buf);
		if (!s->o->quiet || ret != SYNC_EXIT_PENDING) {
			error("cannot push to '%s'%s:", s->remote,
			      ret == SYNC_EXIT_PENDING ? " (unreachable)" : "");
			S_show_output(s, &out);
		}
	}
	free(spec);
	strbuf_release(&out);
	return ret;
}

static void S_read_upstream(struct S_sync *s)
{
	s->have_upstream =
		!git_reference_name_to_id(&s->upstream, s->r, s->tracking);
	git_error_clear();
}

/* ---- integrating ----------------------------------------------------------
 */

static int S_notify(git_checkout_notify_t why, const char *path,
		    const git_diff_file *baseline, const git_diff_file *target,
		    const git_diff_file *workdir, void *payload)
{
	struct S_sync *s = payload;

	(void)baseline;
	(void)target;
	(void)workdir;
	if (why == GIT_CHECKOUT_NOTIFY_CONFLICT)
		strvec_push(&s->blocked, path);
	return 0;
}

/*
 * Updates the working tree and the index from `baseline` to `target`
 * without overwriting anything changed since: returns 0, 1 when a changed
 * file is in the way (nothing was written), -1 on error.
 */
static int S_checkout(struct S_sync *s, git_tree *target, git_tree *baseline)
{
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	int err;

	co.checkout_strategy =
		GIT_CHECKOUT_SAFE | GIT_CHECKOUT_DONT_OVERWRITE_IGNORED;
	co.baseline = baseline;
	co.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
	co.notify_cb = S_notify;
	co.notify_payload = s;
	err = git_checkout_tree(s->r, (const git_object *)target, &co);
	if (err == GIT_ECONFLICT || (err < 0 && s->blocked.nr)) {
		git_error_clear();
		return 1;
	}
	if (err < 0)
		return error_git("cannot update the working tree");
	return 0;
}

static int S_blocked(struct S_sync *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addstr(&sb, "changed while syncing, not overwritten:");
	for (i = 0; i < s->blocked.nr; i++) {
		strbuf_addstr(&sb, i ? ", " : " ");
		strbuf_add_terminal_safe(&sb, s->blocked.v[i],
					 strlen(s->blocked.v[i]));
	}
	if (!s->blocked.nr)
		strbuf_addstr(&sb, " (a file in the way)");
	error("%s; %s stays where it was: run git thesis sync again", sb.buf,
	      s->branch);
	S_log(s, "integrate", "blocked: %s", sb.buf);
	strbuf_release(&sb);
	return SYNC_EXIT_UNSAFE;
}

static int S_move_branch(struct S_sync *s, const git_oid *to,
			 const git_oid *from, const char *why)
{
	git_reference *ref = NULL;
	char *msg = xstrfmt("thesis sync: %s", why);
	int err = from ? git_reference_create_matching(
				 &ref, s->r, s->branch_ref, to, 1, from, msg)
		       : git_reference_create(&ref, s->r, s->branch_ref, to, 0,
					      msg);

	free(msg);
	git_reference_free(ref);
	if (err < 0)
		return error_git("cannot move %s (did it move meanwhile?)",
				 s->branch);
	return 0;
}

static int S_fast_forward(struct S_sync *s, const git_oid *from)
{
	git_tree *old_tree = NULL, *new_tree = NULL;
	char shortid[GIT_OID_HEXSZ + 1];
	int ret = -1, r;

	if (S_tree_of(&old_tree, s->r, from) < 0 ||
	    S_tree_of(&new_tree, s->r, &s->upstream) < 0)
		goto done;
	r = S_checkout(s, new_tree, old_tree);
	if (r) {
		ret = r > 0 ? S_blocked(s) : -1;
		goto done;
	}
	if (S_move_branch(s, &s->upstream, from, "fast-forward") < 0)
		goto done;
	repo_short_id(shortid, &s->upstream);
	S_say(s, "Fast-forwarded %s to %s from %s.", s->branch, shortid,
	      s->upstream_name);
	S_log(s, "integrate", "fast-forward to %s",
	      git_oid_tostr_s(&s->upstream));
	ret = 0;
done:
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	return ret;
}

/* One conflicted path of the in-memory merge, copied out of the index. */
struct S_side_entry {
	int present;
	char *path;
	git_oid id;
	uint32_t mode;
};

struct S_conflict_entry {
	struct S_side_entry side[3]; /* ancestor, ours, theirs */
};

static void S_copy_side(struct S_side_entry *out, const git_index_entry *e)
{
	memset(out, 0, sizeof(*out));
	if (!e)
		return;
	out->present = 1;
	out->path = xstrdup(e->path);
	out->id = e->id;
	out->mode = e->mode;
}

/* Excluded files (thesis.exclude, --exclude) merge as plain files. */
static int S_is_note(const struct S_sync *s, const struct S_side_entry *e)
{
	const char *rel;

	if (!e->present ||
	    (e->mode != GIT_FILEMODE_BLOB &&
	     e->mode != GIT_FILEMODE_BLOB_EXECUTABLE) ||
	    !ends_with_icase(e->path, ".md"))
		return 0;
	rel = S_in_vault(s, e->path);
	return !rel || !exclude_list_match(&s->repo->exclude, rel);
}

static void S_add_conflict_line(struct S_sync *s, const char *path,
				const char *what)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add_terminal_safe(&sb, path, strlen(path));
	strbuf_addf(&sb, ": %s", what);
	strvec_push_nodup(&s->conflicts, strbuf_detach(&sb, NULL));
}

/* Puts `e` at stage 0 (or nothing), after removing its path's stages. */
static int S_settle_path(git_index *idx, const struct S_conflict_entry *c,
			 const char *path, const git_oid *id, uint32_t mode)
{
	size_t k;

	for (k = 0; k < 3; k++)
		if (c->side[k].present)
			git_index_conflict_remove(idx, c->side[k].path);
	git_error_clear();
	if (path && id) {
		git_index_entry e;

		memset(&e, 0, sizeof(e));
		e.path = path;
		e.mode = mode;
		e.id = *id;
		if (git_index_add(idx, &e) < 0)
			return error_git("cannot stage the merged '%s'", path);
	}
	return 0;
}

static int S_blob(git_blob **out, git_repository *r,
		  const struct S_side_entry *e)
{
	*out = NULL;
	if (!e->present)
		return 0;
	if (git_blob_lookup(out, r, &e->id) < 0)
		return error_git("cannot read '%s'", e->path);
	return 0;
}

/* Merges one conflicted note with fmmerge; records its conflicts. */
static int S_settle_note(struct S_sync *s, git_index *idx,
			 const struct S_conflict_entry *c)
{
	const struct S_side_entry *a = &c->side[0], *o = &c->side[1],
				  *t = &c->side[2];
	git_blob *ba = NULL, *bo = NULL, *bt = NULL;
	struct fmmerge_result res = FMMERGE_RESULT_INIT;
	struct fmmerge_input in_a = {NULL, 0}, in_o, in_t;
	git_oid id;
	size_t i;
	int ret = -1;

	if ((S_is_note(s, a) && S_blob(&ba, s->r, a) < 0) ||
	    S_blob(&bo, s->r, o) < 0 || S_blob(&bt, s->r, t) < 0)
		goto done;
	if (ba) {
		in_a.ptr = git_blob_rawcontent(ba);
		in_a.len = (size_t)git_blob_rawsize(ba);
		if (!in_a.ptr)
			in_a.ptr = "";
	}
	in_o.ptr = git_blob_rawcontent(bo);
	in_o.len = (size_t)git_blob_rawsize(bo);
	in_t.ptr = git_blob_rawcontent(bt);
	in_t.len = (size_t)git_blob_rawsize(bt);
	if (!in_o.ptr)
		in_o.ptr = "";
	if (!in_t.ptr)
		in_t.ptr = "";
	if (fmmerge(&res, &in_a, &in_o, &in_t, s->o->resolve) < 0)
		goto done;
	if (res.conflicts_nr) {
		for (i = 0; i < res.conflicts_nr; i++) {
			struct strbuf sb = STRBUF_INIT;

			fmmerge_conflict_describe(&sb, &res.conflicts[i]);
			S_add_conflict_line(s, o->path, sb.buf);
			strbuf_release(&sb);
		}
		ret = 0;
		goto done;
	}
	if (git_blob_create_from_buffer(&id, s->r, res.text.buf, res.text.len) <
	    0) {
		error_git("cannot write the merged '%s'", o->path);
		goto done;
	}
	ret = S_settle_path(idx, c, o->path, &id, o->mode);
	S_log(s, "merge", "%s merged note by note%s", o->path,
	      res.as_text ? " (as text)" : "");
done:
	fmmerge_result_release(&res);
	git_blob_free(ba);
	git_blob_free(bo);
	git_blob_free(bt);
	return ret;
}

/* What one side did to a path, against the ancestor. */
static const char *S_side_state(const struct S_side_entry *a,
				const struct S_side_entry *x)
{
	if (!x->present)
		return a->present ? "deleted or moved" : "(none)";
	if (!a->present)
		return "added";
	return git_oid_equal(&a->id, &x->id) && a->mode == x->mode ? "unchanged"
								   : "changed";
}

/*
 * A conflict that is not two versions of one note: modify/delete, a
 * binary or other file changed on both sides, or a piece of a rename
 * both sides made differently (libgit2 records those path by path: the
 * old path with the ancestor only, each new path with one side only).
 */
static int S_settle_other(struct S_sync *s, git_index *idx,
			  const struct S_conflict_entry *c)
{
	const struct S_side_entry *a = &c->side[0], *o = &c->side[1],
				  *t = &c->side[2];
	const char *path = o->present	? o->path
			   : t->present ? t->path
					: a->path;
	struct strbuf sb = STRBUF_INIT;

	/* Neither side keeps the old path: nothing there to lose. */
	if (!o->present && !t->present)
		return S_settle_path(idx, c, NULL, NULL, 0);
	if (s->o->resolve != FMMERGE_FAVOR_NONE) {
		const struct S_side_entry *take =
			s->o->resolve == FMMERGE_FAVOR_OURS ? o : t;

		return S_settle_path(idx, c, take->present ? take->path : NULL,
				     &take->id, take->mode);
	}
	strbuf_addf(&sb, "yours %s, theirs %s", S_side_state(a, o),
		    S_side_state(a, t));
	if (!a->present && (!o->present || !t->present))
		strbuf_addstr(&sb, " (moved differently on both sides)");
	S_add_conflict_line(s, path, sb.buf);
	strbuf_release(&sb);
	return 0;
}

/* Settles every conflict of the in-memory merge, or records it. */
static int S_settle(struct S_sync *s, git_index *idx)
{
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *e[3];
	struct S_conflict_entry *list = NULL;
	size_t nr = 0, alloc = 0, i, k;
	int ret = 0;

	if (git_index_conflict_iterator_new(&it, idx) < 0)
		return error_git("cannot read the merge");
	while (!git_index_conflict_next(&e[0], &e[1], &e[2], it)) {
		ALLOC_GROW(list, nr + 1, alloc);
		for (k = 0; k < 3; k++)
			S_copy_side(&list[nr].side[k], e[k]);
		nr++;
	}
	git_index_conflict_iterator_free(it);
	git_error_clear();
	for (i = 0; i < nr && ret >= 0; i++) {
		const struct S_conflict_entry *c = &list[i];

		if (S_is_note(s, &c->side[1]) && S_is_note(s, &c->side[2]) &&
		    !strcmp(c->side[1].path, c->side[2].path))
			ret = S_settle_note(s, idx, c);
		else
			ret = S_settle_other(s, idx, c);
	}
	for (i = 0; i < nr; i++)
		for (k = 0; k < 3; k++)
			free(list[i].side[k].path);
	free(list);
	return ret;
}

/* Keeps theirs under refs/thesis/conflicts/<branch> and says what clashed. */
static int S_conflict(struct S_sync *s)
{
	git_reference *ref = NULL;
	char *msg = xstrfmt("thesis sync: conflict with %s", s->upstream_name);
	FILE *fp = s->json || s->o->quiet ? stderr : stdout;
	size_t i;
	int err;

	err = git_reference_create(&ref, s->r, s->conflict_ref, &s->upstream, 1,
				   msg);
	free(msg);
	git_reference_free(ref);
	if (err < 0)
		return error_git("cannot keep theirs as %s", s->conflict_ref);
	fprintf(fp, "Conflict with %s: nothing merged, nothing pushed.\n",
		s->upstream_name);
	for (i = 0; i < s->conflicts.nr; i++) {
		fprintf(fp, "%s\n", s->conflicts.v[i]);
		S_log(s, "conflict", "%s", s->conflicts.v[i]);
	}
	fprintf(fp,
		"Your commit stays on %s; theirs is kept as %s.\n"
		"Settle it with 'git thesis sync --resolve ours' or "
		"'--resolve theirs', or 'git merge %s'.\n",
		s->branch, s->conflict_ref, s->conflict_ref);
	return SYNC_EXIT_CONFLICT;
}

static int S_merge(struct S_sync *s, const git_oid *local)
{
	git_oid base, tree_oid, merge_oid;
	git_commit *lc = NULL, *uc = NULL;
	git_tree *base_tree = NULL, *local_tree = NULL, *up_tree = NULL,
		 *merged = NULL;
	git_index *idx = NULL;
	git_signature *author = NULL, *committer = NULL;
	git_merge_options mo = GIT_MERGE_OPTIONS_INIT;
	char shortid[GIT_OID_HEXSZ + 1], *msg = NULL;
	const git_commit *parents[2];
	int err, ret = -1;

	err = git_merge_base(&base, s->r, local, &s->upstream);
	if (err == GIT_ENOTFOUND) {
		/* Not S_unsafe(): our commit may already be made. */
		git_error_clear();
		error("%s and %s share no history; merge them by hand once "
		      "(git merge --allow-unrelated-histories)",
		      s->branch, s->upstream_name);
		S_log(s, "integrate", "refused: no common history");
		return SYNC_EXIT_UNSAFE;
	}
	if (err < 0)
		return error_git("cannot find the merge base");
	if (S_tree_of(&base_tree, s->r, &base) < 0 ||
	    S_tree_of(&local_tree, s->r, local) < 0 ||
	    S_tree_of(&up_tree, s->r, &s->upstream) < 0)
		goto done;
	if (git_merge_trees(&idx, s->r, base_tree, local_tree, up_tree, &mo) <
	    0) {
		error_git("cannot merge");
		goto done;
	}
	if (S_settle(s, idx) < 0)
		goto done;
	if (s->conflicts.nr) {
		ret = S_conflict(s);
		goto done;
	}
	if (git_index_has_conflicts(idx)) {
		error("the merge left unmerged entries");
		goto done;
	}
	if (git_index_write_tree_to(&tree_oid, idx, s->r) < 0 ||
	    git_tree_lookup(&merged, s->r, &tree_oid) < 0) {
		error_git("cannot write the merged tree");
		goto done;
	}
	if (git_commit_lookup(&lc, s->r, local) < 0 ||
	    git_commit_lookup(&uc, s->r, &s->upstream) < 0) {
		error_git("cannot read the commits to merge");
		goto done;
	}
	if (S_signature(&author, s->r, "AUTHOR") < 0 ||
	    S_signature(&committer, s->r, "COMMITTER") < 0)
		goto done;
	msg = xstrfmt("Merge %s into %s (vault sync)\n", s->upstream_name,
		      s->branch);
	parents[0] = lc;
	parents[1] = uc;
	if (git_commit_create(&merge_oid, s->r, NULL, author, committer, NULL,
			      msg, merged, 2, parents) < 0) {
		error_git("cannot make the merge commit");
		goto done;
	}
	/* The files first: the branch moves only if they could follow. */
	err = S_checkout(s, merged, local_tree);
	if (err) {
		ret = err > 0 ? S_blocked(s) : -1;
		goto done;
	}
	if (S_move_branch(s, &merge_oid, local, "merge") < 0)
		goto done;
	ALLOC_GROW(s->merges, s->merges_nr + 1, s->merges_alloc);
	s->merges[s->merges_nr++] = merge_oid;
	repo_short_id(shortid, &merge_oid);
	S_say(s, "Merged %s into %s as %s.", s->upstream_name, s->branch,
	      shortid);
	S_log(s, "integrate", "merged %s as %s", git_oid_tostr_s(&s->upstream),
	      shortid);
	ret = 0;
done:
	free(msg);
	git_signature_free(author);
	git_signature_free(committer);
	git_commit_free(lc);
	git_commit_free(uc);
	git_tree_free(base_tree);
	git_tree_free(local_tree);
	git_tree_free(up_tree);
	git_tree_free(merged);
	git_index_free(idx);
	return ret;
}

/* Brings the upstream in: 0, SYNC_EXIT_CONFLICT, SYNC_EXIT_UNSAFE, -1. */
static int S_integrate(struct S_sync *s)
{
	git_oid local;
	int unborn = S_branch_tip(&local, s);

	if (!s->have_upstream)
		return 0;
	if (unborn)
		return S_fast_forward(s, NULL);
	if (git_oid_equal(&local, &s->upstream) ||
	    git_graph_descendant_of(s->r, &local, &s->upstream) == 1)
		return 0;
	if (git_graph_descendant_of(s->r, &s->upstream, &local) == 1)
		return S_fast_forward(s, &local);
	git_error_clear();
	return S_merge(s, &local);
}

/* ---- verify and report ------------------------------------------------- */

static void S_drop_conflict_ref(struct S_sync *s)
{
	git_oid tip, kept;

	if (git_reference_name_to_id(&kept, s->r, s->conflict_ref) < 0 ||
	    S_branch_tip(&tip, s)) {
		git_error_clear();
		return;
	}
	/* Theirs is in the branch now: the ref has done its job. */
	if (git_oid_equal(&tip, &kept) ||
	    git_graph_descendant_of(s->r, &tip, &kept) == 1) {
		git_reference_remove(s->r, s->conflict_ref);
		S_log(s, "resolve", "%s merged, removed", s->conflict_ref);
	}
	git_error_clear();
}

static int S_verify(struct S_sync *s)
{
	struct S_changes ch = S_CHANGES_INIT;
	git_oid tip;
	int ret = 0;

	S_read_upstream(s);
	if (!S_branch_tip(&tip, s) && !s->o->no_push &&
	    (!s->have_upstream || !git_oid_equal(&tip, &s->upstream))) {
		error("%s and %s differ after the push", s->branch,
		      s->upstream_name);
		S_log(s, "verify", "%s differs from %s", s->branch,
		      s->upstream_name);
		ret = SYNC_EXIT_PENDING;
	}
	if (S_collect(&ch, s) < 0) {
		ret = -1;
	} else if (ch.nr) {
		struct strbuf sb = STRBUF_INIT;
		size_t i;

		for (i = 0; i < ch.nr && i < 10; i++) {
			strbuf_addstr(&sb, i ? ", " : "");
			strbuf_add_terminal_safe(&sb, ch.v[i].path,
						 strlen(ch.v[i].path));
		}
		if (ch.nr > 10)
			strbuf_addf(&sb, " and %zu more", ch.nr - 10);
		if (!s->o->quiet)
			warning("changed during the sync, not synced yet: %s",
				sb.buf);
		S_log(s, "verify", "changed during the sync: %s", sb.buf);
		strbuf_release(&sb);
		if (!ret)
			ret = SYNC_EXIT_PENDING;
	}
	if (!ret) {
		if (s->o->no_push) {
			size_t ahead = 0, behind = 0;

			if (s->have_upstream && !S_branch_tip(&tip, s))
				git_graph_ahead_behind(&ahead, &behind, s->r,
						       &tip, &s->upstream);
			S_say(s,
			      "Not pushed (--no-push): %s is %zu commit%s "
			      "ahead of %s.",
			      s->branch, ahead, ahead == 1 ? "" : "s",
			      s->upstream_name);
		} else {
			S_say(s, "In sync with %s.", s->upstream_name);
		}
		S_log(s, "verify", "ok");
	}
	S_changes_release(&ch);
	return ret;
}

static int S_is_merge_made(const struct S_sync *s, const git_oid *oid)
{
	size_t i;

	for (i = 0; i < s->merges_nr; i++)
		if (git_oid_equal(&s->merges[i], oid))
			return 1;
	return 0;
}

/*
 * The events of the commits in `from..to` (oldest first), as `git thesis
 * log` prints them; `skip_merges` leaves out the merges this run made.
 */
static int S_report_range(struct S_sync *s, struct history *h,
			  struct strbuf *sb, const char *title,
			  const git_oid *from, const git_oid *to,
			  int skip_merges)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	struct event_list ev = EVENT_LIST_INIT;
	size_t commits = 0, more = 0;
	int ret = -1, titled = 0;

	if (git_revwalk_new(&walk, s->r) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) <
		    0 ||
	    git_revwalk_push(walk, to) < 0 ||
	    (from && git_revwalk_hide(walk, from) < 0)) {
		error_git("cannot walk the history to report");
		goto done;
	}
	while (!git_revwalk_next(&oid, walk)) {
		git_commit *c = NULL;
		struct commit_info ci = COMMIT_INFO_INIT;

		if (skip_merges && S_is_merge_made(s, &oid))
			continue;
		if (commits >= S_REPORT_MAX_COMMITS) {
			more++;
			continue;
		}
		if (git_commit_lookup(&c, s->r, &oid) < 0) {
			error_git("cannot read commit %s",
				  git_oid_tostr_s(&oid));
			goto done;
		}
		event_list_clear(&ev);
		if (history_commit_events(&ev, h, c, 0) < 0) {
			git_commit_free(c);
			goto done;
		}
		commits++;
		if (ev.nr) {
			history_commit_info(&ci, c);
			if (s->json) {
				render_json_events(sb, &ci, ev.v, ev.nr);
			} else {
				if (!titled++)
					strbuf_addf(sb, "%s\n", title);
				render_text_events(sb, s->o->out, &ci, ev.v,
						   ev.nr);
			}
			commit_info_release(&ci);
		}
		git_commit_free(c);
	}
	if (more && !s->json)
		strbuf_addf(sb, "(%zu more commits not listed)\n", more);
	ret = 0;
done:
	event_list_release(&ev);
	git_revwalk_free(walk);
	return ret;
}

/* What came in and what went out, as position events. */
static void S_report(struct S_sync *s)
{
	struct strbuf sb = STRBUF_INIT;
	git_oid tip;

	if (s->o->quiet || S_branch_tip(&tip, s))
		return;
	if (!git_oid_equal(&tip, &s->local0) &&
	    S_report_range(s, S_history(s), &sb, "Incoming:",
			   s->have_local0 ? &s->local0 : NULL, &tip, 1) < 0)
		goto done;
	if (s->pushed && s->have_push_base &&
	    S_report_range(s, S_history(s), &sb, "Outgoing:", &s->push_base,
			   &tip, 0) < 0)
		goto done;
	if (s->json)
		fwrite(sb.buf, 1, sb.len, stdout);
	else if (sb.len)
		fwrite(sb.buf, 1, sb.len, stdout);
done:
	strbuf_release(&sb);
}

/* ---- --dry-run ------------------------------------------------------------
 */

/* The tree a commit of the changes would have, written nowhere but the odb. */
static int S_would_tree(git_oid *out, struct S_sync *s,
			const struct S_changes *ch, const git_oid *head)
{
	git_tree *base = NULL;
	git_tree_update *u = xcalloc(ch->nr ? ch->nr : 1, sizeof(*u));
	size_t i, n = 0;
	int ret = -1;

	if (S_tree_of(&base, s->r, head) < 0)
		goto done;
	for (i = 0; i < ch->nr; i++) {
		git_tree_entry *te = NULL;
		struct stat st;
		char *full = xstrfmt("%s%s", git_repository_workdir(s->r),
				     ch->v[i].path);
		int exists = !lstat(full, &st);

		free(full);
		if (ch->v[i].removed || !exists) {
			if (git_tree_entry_bypath(&te, base, ch->v[i].path)) {
				git_error_clear();
				continue;
			}
			git_tree_entry_free(te);
			u[n].action = GIT_TREE_UPDATE_REMOVE;
		} else {
			if (git_blob_create_from_workdir(&u[n].id, s->r,
							 ch->v[i].path) < 0) {
				error_git("cannot read '%s'", ch->v[i].path);
				goto done;
			}
			u[n].action = GIT_TREE_UPDATE_UPSERT;
			u[n].filemode = S_ISLNK(st.st_mode) ? GIT_FILEMODE_LINK
					: (st.st_mode & 0111)
						? GIT_FILEMODE_BLOB_EXECUTABLE
						: GIT_FILEMODE_BLOB;
		}
		u[n++].path = ch->v[i].path;
	}
	QSORT(u, n, S_cmp_update);
	if (git_tree_create_updated(out, s->r, base, n, u) < 0) {
		error_git("cannot build the tree to compare");
		goto done;
	}
	ret = 0;
done:
	git_tree_free(base);
	free(u);
	return ret;
}

/*
 * --dry-run: no fetch, no ref, index or working tree change.  Trying the
 * merge writes blobs and trees into the object database (libgit2 merges
 * through it); nothing refers to them and git gc removes them.
 */
static int S_dry_run(struct S_sync *s, const struct S_changes *ch)
{
	git_oid head, tree_oid, base;
	git_tree *base_tree = NULL, *local_tree = NULL, *up_tree = NULL;
	git_index *idx = NULL;
	git_merge_options mo = GIT_MERGE_OPTIONS_INIT;
	int unborn = S_branch_tip(&head, s), ret = -1, ahead = 0;
	char shortid[GIT_OID_HEXSZ + 1];
	size_t i;

	if (ch->nr) {
		struct strbuf sb = STRBUF_INIT;

		for (i = 0; i < ch->nr; i++) {
			strbuf_addstr(&sb, i ? ", " : "");
			strbuf_add_terminal_safe(&sb, ch->v[i].path,
						 strlen(ch->v[i].path));
		}
		S_say(s, "Would commit %zu file%s: %s", ch->nr,
		      ch->nr == 1 ? "" : "s", sb.buf);
		strbuf_release(&sb);
	} else {
		S_say(s, "Nothing to commit.");
	}
	S_read_upstream(s);
	S_say(s,
	      "Not fetching (--dry-run): comparing with %s as last "
	      "fetched.",
	      s->upstream_name);
	if (!s->have_upstream) {
		S_say(s, "%s does not exist yet: would create it.",
		      s->upstream_name);
		return 0;
	}
	repo_short_id(shortid, &s->upstream);
	if (!unborn && git_oid_equal(&head, &s->upstream)) {
		if (ch->nr && !s->o->no_push)
			S_say(s, "Would push the commit to %s.",
			      s->upstream_name);
		return 0;
	}
	if (!unborn &&
	    git_graph_descendant_of(s->r, &head, &s->upstream) == 1) {
		S_say(s, "%s is ahead of %s%s.", s->branch, s->upstream_name,
		      s->o->no_push ? "" : ": would push");
		return 0;
	}
	if (unborn ||
	    (git_graph_descendant_of(s->r, &s->upstream, &head) == 1 &&
	     !ch->nr)) {
		S_say(s, "Would fast-forward %s to %s.", s->branch, shortid);
		return 0;
	}
	git_error_clear();
	if (git_merge_base(&base, s->r, &head, &s->upstream) < 0) {
		git_error_clear();
		return S_unsafe(s, "the branch and its upstream share no "
				   "history; merge them by hand once");
	}
	if (S_would_tree(&tree_oid, s, ch, &head) < 0 ||
	    S_tree_of(&base_tree, s->r, &base) < 0 ||
	    git_tree_lookup(&local_tree, s->r, &tree_oid) < 0 ||
	    S_tree_of(&up_tree, s->r, &s->upstream) < 0 ||
	    git_merge_trees(&idx, s->r, base_tree, local_tree, up_tree, &mo) <
		    0) {
		error_git("cannot try the merge");
		goto done;
	}
	if (S_settle(s, idx) < 0)
		goto done;
	ahead = !s->o->no_push;
	if (s->conflicts.nr) {
		FILE *fp = s->json || s->o->quiet ? stderr : stdout;

		fprintf(fp, "Would conflict with %s:\n", s->upstream_name);
		for (i = 0; i < s->conflicts.nr; i++)
			fprintf(fp, "%s\n", s->conflicts.v[i]);
		ret = SYNC_EXIT_CONFLICT;
		goto done;
	}
	S_say(s, "Would merge %s (%s) cleanly%s.", s->upstream_name, shortid,
	      ahead ? " and push" : "");
	ret = 0;
done:
	git_tree_free(base_tree);
	git_tree_free(local_tree);
	git_tree_free(up_tree);
	git_index_free(idx);
	return ret;
}

/* ---- the run ------------------------------------------------------------ */

static void S_release(struct S_sync *s)
{
	free(s->gitdir);
	free(s->branch);
	free(s->branch_ref);
	free(s->remote);
	free(s->merge_ref);
	free(s->tracking);
	free(s->conflict_ref);
	free(s->upstream_name);
	free(s->lock_path);
	free(s->merges);
	strvec_release(&s->excludes);
	strvec_release(&s->conflicts);
	strvec_release(&s->blocked);
	if (s->log)
		fclose(s->log);
	if (s->have_h)
		history_release(&s->h);
}

/* Fetch, integrate and push until the remote takes it, or stop. */
static int S_round_trip(struct S_sync *s)
{
	int attempt, net, ret;

	for (attempt = 0;; attempt++) {
		git_oid tip;

		net = S_fetch(s);
		if (net < 0)
			return -1;
		S_read_upstream(s);
		/* Offline, the remote-tracking ref is still worth merging. */
		ret = S_integrate(s);
		if (ret)
			return ret;
		if (net) {
			if (!s->o->quiet)
				error("the remote could not be reached: "
				      "nothing pushed, the commit stays on %s",
				      s->branch);
			return net;
		}
		if (S_branch_tip(&tip, s) || s->o->no_push ||
		    (s->have_upstream && git_oid_equal(&tip, &s->upstream)))
			return 0;
		s->have_push_base = s->have_upstream;
		s->push_base = s->upstream;
		ret = S_push(s, &tip);
		if (!ret) {
			s->pushed = 1;
			S_say(s, "Pushed %s to %s.", s->branch,
			      s->upstream_name);
			return 0;
		}
		if (ret != S_PUSH_BEHIND)
			return ret;
		if (attempt >= SYNC_PUSH_RETRIES) {
			error("%s kept moving: nothing pushed after %d tries; "
			      "run git thesis sync again",
			      s->upstream_name, attempt + 1);
			return SYNC_EXIT_PENDING;
		}
		S_say(s, "%s moved meanwhile: fetching again.",
		      s->upstream_name);
	}
}

int sync_run(struct thesis_repo *repo, const struct sync_opts *opts)
{
	struct S_sync s;
	struct S_changes ch = S_CHANGES_INIT;
	int ret, writes = !opts->check && !opts->dry_run;

	memset(&s, 0, sizeof(s));
	s.repo = repo;
	s.r = repo->repo;
	s.o = opts;
	s.json = opts->out && opts->out->format == FORMAT_JSON;
	strvec_init(&s.excludes);
	strvec_init(&s.conflicts);
	strvec_init(&s.blocked);
	s.gitdir = xstrdup(git_repository_path(s.r));
	s.lock_path = xstrfmt("%s%s", s.gitdir, SYNC_LOCK_FILE);
	if (writes)
		S_log_open(&s);
	S_log(&s, "start", "git thesis sync%s%s%s",
	      opts->no_push ? " --no-push" : "",
	      opts->resolve == FMMERGE_FAVOR_OURS     ? " --resolve ours"
	      : opts->resolve == FMMERGE_FAVOR_THEIRS ? " --resolve theirs"
						      : "",
	      opts->quiet ? " --quiet" : "");
	if ((ret = S_setup(&s)))
		goto done;
	if (writes) {
		S_signals(1);
		if ((ret = S_lock(&s)))
			goto done;
	}
	if ((ret = S_check(&s)) || (ret = S_collect(&ch, &s)) ||
	    (ret = S_check_markers(&s, &ch)))
		goto done;
	if (opts->check) {
		S_say(&s, "Safe to sync: %s tracks %s.", s.branch,
		      s.upstream_name);
		goto done;
	}
	if (opts->dry_run) {
		ret = S_dry_run(&s, &ch);
		goto done;
	}
	if ((ret = S_commit(&s, &ch)))
		goto done;
	s.have_local0 = !S_branch_tip(&s.local0, &s);
	ret = S_round_trip(&s);
	if (!ret)
		ret = S_verify(&s);
	if (ret != SYNC_EXIT_CONFLICT && ret >= 0)
		S_drop_conflict_ref(&s);
	S_report(&s);
done:
	if (ret < 0)
		ret = EXIT_FATAL;
	S_log(&s, "done", "exit %d", ret);
	S_unlock(&s);
	if (writes)
		S_signals(0);
	S_changes_release(&ch);
	S_release(&s);
	return ret;
}
