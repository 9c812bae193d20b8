/*
 * sync: the orchestration of `git thesis sync` (sync.h): set-up and the
 * safety checks, then commit, fetch, integrate and push until the remote
 * takes it, verify, and collect the report.  The steps themselves live in
 * sync_commit.c, sync_transport.c and sync_merge.c; the lock in
 * sync_lock.c.  Nothing here prints: every message goes into the result.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "events.h"
#include "history.h"
#include "sync_engine.h"
#include "util.h"

/* At most this many commits are listed per direction in a report. */
#define S_REPORT_MAX_COMMITS 200

/* ---- the result ------------------------------------------------------------
 */

void sync_result_release(struct sync_result *res)
{
	size_t i;

	for (i = 0; i < res->msgs_nr; i++) {
		free(res->msgs[i].text);
		free(res->msgs[i].path);
	}
	free(res->msgs);
	for (i = 0; i < res->held_nr; i++) {
		free(res->held[i].path);
		free(res->held[i].message);
	}
	free(res->held);
	for (i = 0; i < res->report_nr; i++) {
		commit_info_release(&res->report[i].ci);
		event_list_release(&res->report[i].ev);
	}
	free(res->report);
	free(res->error);
	free(res->commit);
	free(res->subject);
	free(res->fast_forward);
	strvec_release(&res->committed);
	strvec_release(&res->merges);
	strvec_release(&res->conflicts);
	memset(res, 0, sizeof(*res));
	strvec_init(&res->committed);
	strvec_init(&res->merges);
	strvec_init(&res->conflicts);
}

void sync_message(struct sync_state *s, enum sync_message_kind kind, int loud,
		  const char *text)
{
	struct sync_result *res = s->res;
	struct sync_message *m;

	ALLOC_GROW(res->msgs, res->msgs_nr + 1, res->msgs_alloc);
	m = &res->msgs[res->msgs_nr++];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->loud = loud;
	m->text = xstrdup(text);
	if (s->o->progress && kind != SYNC_MSG_DIAG)
		s->o->progress(m, s->o->progress_data);
}

/* A diagnostic is complete only once its path and place are set. */
void sync_message_diag(struct sync_state *s, const char *path, unsigned line,
		       unsigned column, const char *text)
{
	struct sync_message *m;

	sync_message(s, SYNC_MSG_DIAG, 1, text);
	m = &s->res->msgs[s->res->msgs_nr - 1];
	m->path = xstrdup(path);
	m->line = line;
	m->column = column;
	m->is_error = 1;
	if (s->o->progress)
		s->o->progress(m, s->o->progress_data);
}

static void S_vmessage(struct sync_state *s, enum sync_message_kind kind,
		       int loud, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_vaddf(&sb, fmt, ap);
	sync_message(s, kind, loud, sb.buf);
	strbuf_release(&sb);
}

void sync_say(struct sync_state *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	S_vmessage(s, SYNC_MSG_PROGRESS, 0, fmt, ap);
	va_end(ap);
}

void sync_error(struct sync_state *s, int loud, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	S_vmessage(s, SYNC_MSG_ERROR, loud, fmt, ap);
	va_end(ap);
}

void sync_warn(struct sync_state *s, int loud, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	S_vmessage(s, SYNC_MSG_WARNING, loud, fmt, ap);
	va_end(ap);
}

static int S_vfail(struct sync_state *s, const char *extra, const char *fmt,
		   va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	if (s->res->error)
		return -1;
	strbuf_vaddf(&sb, fmt, ap);
	if (extra && *extra)
		strbuf_addf(&sb, ": %s", extra);
	s->res->error = strbuf_detach(&sb, NULL);
	return -1;
}

int sync_fail(struct sync_state *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	S_vfail(s, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int sync_fail_git(struct sync_state *s, const char *fmt, ...)
{
	const git_error *e = git_error_last();
	char *extra = e && e->message ? xstrdup(e->message) : NULL;
	va_list ap;

	va_start(ap, fmt);
	S_vfail(s, extra, fmt, ap);
	va_end(ap);
	free(extra);
	git_error_clear();
	return -1;
}

static void S_utc_now(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void sync_log(struct sync_state *s, const char *step, const char *fmt, ...)
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

static void S_log_open(struct sync_state *s)
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
		sync_warn(s, 1, "cannot create %s: %s", dir, strerror(errno));
	else if (!(s->log = fopen(path, "a")))
		sync_warn(s, 1, "cannot write %s: %s", path, strerror(errno));
	free(dir);
	free(path);
}

int sync_unsafe(struct sync_state *s, const char *why)
{
	sync_error(s, 1, "%s; nothing changed", why);
	sync_log(s, "check", "refused: %s", why);
	return SYNC_EXIT_UNSAFE;
}

struct history *sync_history(struct sync_state *s)
{
	if (!s->have_h) {
		history_init(&s->h, s->repo);
		s->have_h = 1;
	}
	return &s->h;
}

/* ---- set-up: the branch and its upstream ------------------------------ */

/*
 * The remote-tracking ref that fetching `merge_ref` from `remote` updates,
 * from remote.<name>.fetch.  (git_remote_lookup() would do, but libgit2
 * 1.5 leaks the regex match data of its insteadOf lookup.)
 */
static char *S_tracking_ref(struct sync_state *s, const char *remote,
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

static void S_read_excludes(struct sync_state *s)
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

/* sync_unsafe() with a formatted reason. */
__attribute__((format(printf, 2, 3))) static int
S_refuse_fmt(struct sync_state *s, const char *fmt, ...)
{
	struct strbuf why = STRBUF_INIT;
	va_list ap;
	int ret;

	va_start(ap, fmt);
	strbuf_vaddf(&why, fmt, ap);
	va_end(ap);
	ret = sync_unsafe(s, why.buf);
	strbuf_release(&why);
	return ret;
}

static int S_setup(struct sync_state *s)
{
	git_reference *head = NULL;
	char *key, *remote = NULL, *merge = NULL, *timeout;
	const char *target;
	int ret = -1;

	if (git_repository_is_bare(s->r))
		return sync_unsafe(s, "a bare repository has no vault to sync");
	if (git_reference_lookup(&head, s->r, "HEAD") < 0)
		return sync_fail_git(s, "cannot read HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC ||
	    !starts_with(target = git_reference_symbolic_target(head),
			 "refs/heads/")) {
		git_reference_free(head);
		return sync_unsafe(s, "HEAD is detached; check out the branch "
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
		ret = S_refuse_fmt(s,
				   "branch '%s' has no upstream: push it once "
				   "with 'git push -u <remote> %s', or set "
				   "thesis.remote",
				   s->branch, s->branch);
		goto done;
	}
	s->remote = remote;
	s->merge_ref = merge;
	remote = merge = NULL;
	s->tracking = S_tracking_ref(s, s->remote, s->merge_ref);
	if (!s->tracking) {
		ret = S_refuse_fmt(s,
				   "remote '%s' is not configured with a "
				   "fetch refspec for %s",
				   s->remote, s->merge_ref);
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

/* ---- the lock and the safety checks ------------------------------------ */

static int S_lock(struct sync_state *s)
{
	char *path = xstrfmt("%s%s", s->gitdir, SYNC_LOCK_FILE);
	int err = sync_lock_take(&s->lock, path);

	if (!err) {
		if (s->lock.owner > 0 && s->lock.owner != (long)getpid())
			sync_log(s, "lock",
				 "taking over a stale lock of pid %ld",
				 s->lock.owner);
	} else if (err == SYNC_LOCK_BUSY) {
		char *why = s->lock.owner > 0
				    ? xstrfmt("another git thesis sync is "
					      "running (pid %ld)",
					      s->lock.owner)
				    : xstrdup("another git thesis sync is "
					      "running");

		err = sync_unsafe(s, why);
		free(why);
	} else {
		sync_error(s, 1, "cannot take %s: %s; nothing changed", path,
			   strerror(-err));
		err = SYNC_EXIT_UNSAFE;
	}
	free(path);
	return err;
}

/*
 * Refuses, changing nothing: a merge, rebase, cherry-pick, revert or
 * bisect in progress, unmerged index entries, index.lock held, another
 * sync running.
 */
static int S_check(struct sync_state *s)
{
	int state = git_repository_state(s->r);
	git_index *idx = NULL;
	struct stat st;
	char *path;
	int conflicts, exists;
	long owner;

	if (state != GIT_REPOSITORY_STATE_NONE)
		return S_refuse_fmt(s,
				    "%s is in progress; finish or abort it "
				    "first",
				    repo_state_name(state));
	if (git_repository_index(&idx, s->r) < 0 ||
	    git_index_read(idx, 0) < 0) {
		git_index_free(idx);
		return sync_fail_git(s, "cannot read the index");
	}
	conflicts = git_index_has_conflicts(idx);
	git_index_free(idx);
	if (conflicts)
		return sync_unsafe(s, "the index has unmerged entries; resolve "
				      "them first");
	path = xstrfmt("%sindex.lock", s->gitdir);
	exists = lstat(path, &st) == 0;
	free(path);
	if (exists)
		return sync_unsafe(s,
				   "index.lock exists: another git process "
				   "is running (or one crashed and left it)");
	path = xstrfmt("%s%s", s->gitdir, SYNC_LOCK_FILE);
	exists = s->lock.fd < 0 && sync_lock_busy(path, &owner);
	free(path);
	if (exists)
		return S_refuse_fmt(s,
				    "another git thesis sync is running "
				    "(pid %ld)",
				    owner);
	return 0;
}

/* --resolve settles a kept conflict: without one it has nothing to do. */
static int S_check_resolve(struct sync_state *s)
{
	git_oid kept;

	if (s->o->resolve == FMMERGE_FAVOR_NONE)
		return 0;
	if (!git_reference_name_to_id(&kept, s->r, s->conflict_ref))
		return 0;
	git_error_clear();
	sync_log(s, "check", "refused: --resolve with no conflict pending");
	return sync_fail(s,
			 "no conflict to resolve: %s does not exist; "
			 "nothing changed",
			 s->conflict_ref);
}

/* ---- verify and report ------------------------------------------------- */

static void S_read_upstream(struct sync_state *s)
{
	s->have_upstream =
		!git_reference_name_to_id(&s->upstream, s->r, s->tracking);
	git_error_clear();
}

static void S_drop_conflict_ref(struct sync_state *s)
{
	git_oid tip, kept;

	if (git_reference_name_to_id(&kept, s->r, s->conflict_ref) < 0 ||
	    sync_branch_tip(&tip, s)) {
		git_error_clear();
		return;
	}
	/* Theirs is in the branch now: the ref has done its job. */
	if (git_oid_equal(&tip, &kept) ||
	    git_graph_descendant_of(s->r, &tip, &kept) == 1) {
		git_reference_remove(s->r, s->conflict_ref);
		s->res->conflict_settled = 1;
		sync_log(s, "resolve", "%s merged, removed", s->conflict_ref);
	}
	git_error_clear();
}

static int S_is_held(const struct sync_state *s, const char *path)
{
	size_t i;

	for (i = 0; i < s->held.nr; i++)
		if (!strcmp(s->held.v[i], path))
			return 1;
	return 0;
}

static int S_verify(struct sync_state *s)
{
	struct sync_changes ch = SYNC_CHANGES_INIT;
	git_oid tip;
	size_t i, k;
	int ret = 0;

	S_read_upstream(s);
	if (!sync_branch_tip(&tip, s) && !s->o->no_push &&
	    (!s->have_upstream || !git_oid_equal(&tip, &s->upstream))) {
		sync_error(s, 1, "%s and %s differ after the push", s->branch,
			   s->upstream_name);
		sync_log(s, "verify", "%s differs from %s", s->branch,
			 s->upstream_name);
		ret = SYNC_EXIT_PENDING;
	}
	if (sync_collect(&ch, s) < 0) {
		ret = -1;
		goto done;
	}
	/* The notes held back are still changed, and said so already. */
	for (i = k = 0; i < ch.nr; i++) {
		if (S_is_held(s, ch.v[i].path)) {
			free(ch.v[i].path);
			continue;
		}
		ch.v[k++] = ch.v[i];
	}
	ch.nr = k;
	if (ch.nr) {
		struct strbuf sb = STRBUF_INIT;

		for (i = 0; i < ch.nr && i < 10; i++) {
			strbuf_addstr(&sb, i ? ", " : "");
			strbuf_add_terminal_safe(&sb, ch.v[i].path,
						 strlen(ch.v[i].path));
		}
		if (ch.nr > 10)
			strbuf_addf(&sb, " and %zu more", ch.nr - 10);
		sync_warn(s, 0, "changed during the sync, not synced yet: %s",
			  sb.buf);
		sync_log(s, "verify", "changed during the sync: %s", sb.buf);
		strbuf_release(&sb);
		if (!ret)
			ret = SYNC_EXIT_PENDING;
	}
	if (!ret) {
		if (s->o->no_push) {
			size_t ahead = 0, behind = 0;

			if (s->have_upstream && !sync_branch_tip(&tip, s))
				git_graph_ahead_behind(&ahead, &behind, s->r,
						       &tip, &s->upstream);
			sync_say(s,
				 "Not pushed (--no-push): %s is %zu commit%s "
				 "ahead of %s.",
				 s->branch, ahead, ahead == 1 ? "" : "s",
				 s->upstream_name);
		} else {
			sync_say(s, "In sync with %s.", s->upstream_name);
		}
		sync_log(s, "verify", "ok");
	}
done:
	sync_changes_release(&ch);
	return ret;
}

static int S_is_merge_made(const struct sync_state *s, const git_oid *oid)
{
	size_t i;

	for (i = 0; i < s->merges_nr; i++)
		if (git_oid_equal(&s->merges[i], oid))
			return 1;
	return 0;
}

/*
 * The events of the commits in `from..to` (oldest first), as `git thesis
 * log` gives them; `outgoing` leaves nothing out, else the merges this
 * run made are left out.
 */
static int S_report_range(struct sync_state *s, const git_oid *from,
			  const git_oid *to, int outgoing)
{
	struct sync_result *res = s->res;
	struct history *h = sync_history(s);
	git_revwalk *walk = NULL;
	git_oid oid;
	size_t commits = 0, more = 0;
	int ret = -1;

	if (git_revwalk_new(&walk, s->r) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) <
		    0 ||
	    git_revwalk_push(walk, to) < 0 ||
	    (from && git_revwalk_hide(walk, from) < 0)) {
		sync_fail_git(s, "cannot walk the history to report");
		goto done;
	}
	while (!git_revwalk_next(&oid, walk)) {
		git_commit *c = NULL;
		struct event_list ev = EVENT_LIST_INIT;
		struct sync_report_commit *rc;

		if (!outgoing && S_is_merge_made(s, &oid))
			continue;
		if (commits >= S_REPORT_MAX_COMMITS) {
			more++;
			continue;
		}
		if (git_commit_lookup(&c, s->r, &oid) < 0) {
			sync_fail_git(s, "cannot read commit %s",
				      git_oid_tostr_s(&oid));
			goto done;
		}
		if (history_commit_events(&ev, h, c, 0) < 0) {
			event_list_release(&ev);
			git_commit_free(c);
			sync_fail(s, "cannot read the events of %s",
				  git_oid_tostr_s(&oid));
			goto done;
		}
		commits++;
		if (!ev.nr) {
			event_list_release(&ev);
			git_commit_free(c);
			continue;
		}
		ALLOC_GROW(res->report, res->report_nr + 1, res->report_alloc);
		rc = &res->report[res->report_nr++];
		rc->outgoing = outgoing;
		rc->ci = (struct commit_info)COMMIT_INFO_INIT;
		history_commit_info(&rc->ci, c);
		rc->ev = ev;
		git_commit_free(c);
	}
	if (outgoing)
		res->outgoing_more = more;
	else
		res->incoming_more = more;
	ret = 0;
done:
	git_revwalk_free(walk);
	return ret;
}

/* What came in and what went out, as position events. */
static void S_report(struct sync_state *s)
{
	git_oid tip;

	if (s->o->quiet || sync_branch_tip(&tip, s))
		return;
	if ((git_oid_equal(&tip, &s->local0) ||
	     !S_report_range(s, s->have_local0 ? &s->local0 : NULL, &tip, 0)) &&
	    s->res->pushed && s->have_push_base)
		S_report_range(s, &s->push_base, &tip, 1);
	/* The sync is done: a report that cannot be made is no failure. */
	if (s->res->error) {
		sync_error(s, 1, "%s", s->res->error);
		FREE_AND_NULL(s->res->error);
	}
}

/* ---- --dry-run ------------------------------------------------------------
 */

/*
 * --dry-run: no fetch, no ref, index or working tree change.  Trying the
 * merge writes blobs and trees into the object database (libgit2 merges
 * through it); nothing refers to them and git gc removes them.
 */
static int S_dry_run(struct sync_state *s, const struct sync_changes *ch)
{
	git_oid head, tree_oid, base;
	git_tree *base_tree = NULL, *local_tree = NULL, *up_tree = NULL;
	int unborn = sync_branch_tip(&head, s), ret = -1, ahead = 0;
	char shortid[GIT_OID_HEXSZ + 1];
	size_t i;

	if (ch->nr) {
		struct strbuf sb = STRBUF_INIT;

		for (i = 0; i < ch->nr; i++) {
			strbuf_addstr(&sb, i ? ", " : "");
			strbuf_add_terminal_safe(&sb, ch->v[i].path,
						 strlen(ch->v[i].path));
		}
		sync_say(s, "Would commit %zu file%s: %s", ch->nr,
			 ch->nr == 1 ? "" : "s", sb.buf);
		strbuf_release(&sb);
	} else {
		sync_say(s, "Nothing to commit.");
	}
	S_read_upstream(s);
	sync_say(s,
		 "Not fetching (--dry-run): comparing with %s as last "
		 "fetched.",
		 s->upstream_name);
	if (!s->have_upstream) {
		sync_say(s, "%s does not exist yet: would create it.",
			 s->upstream_name);
		return 0;
	}
	repo_short_id(shortid, &s->upstream);
	if (!unborn && git_oid_equal(&head, &s->upstream)) {
		if (ch->nr && !s->o->no_push)
			sync_say(s, "Would push the commit to %s.",
				 s->upstream_name);
		return 0;
	}
	if (!unborn &&
	    git_graph_descendant_of(s->r, &head, &s->upstream) == 1) {
		sync_say(s, "%s is ahead of %s%s.", s->branch, s->upstream_name,
			 s->o->no_push ? "" : ": would push");
		return 0;
	}
	if (unborn ||
	    (git_graph_descendant_of(s->r, &s->upstream, &head) == 1 &&
	     !ch->nr)) {
		sync_say(s, "Would fast-forward %s to %s.", s->branch, shortid);
		return 0;
	}
	git_error_clear();
	if (git_merge_base(&base, s->r, &head, &s->upstream) < 0) {
		git_error_clear();
		return sync_unsafe(s, "the branch and its upstream share no "
				      "history; merge them by hand once");
	}
	if (sync_would_tree(&tree_oid, s, ch, &head) < 0 ||
	    sync_tree_of(&base_tree, s, &base) < 0 ||
	    sync_tree_of(&up_tree, s, &s->upstream) < 0)
		goto done;
	if (git_tree_lookup(&local_tree, s->r, &tree_oid) < 0) {
		sync_fail_git(s, "cannot try the merge");
		goto done;
	}
	if (sync_try_merge(s, base_tree, local_tree, up_tree) < 0)
		goto done;
	ahead = !s->o->no_push;
	if (s->res->conflicts.nr) {
		char *msg =
			xstrfmt("Would conflict with %s:", s->upstream_name);

		sync_message(s, SYNC_MSG_CONFLICT, 1, msg);
		free(msg);
		for (i = 0; i < s->res->conflicts.nr; i++)
			sync_message(s, SYNC_MSG_CONFLICT, 1,
				     s->res->conflicts.v[i]);
		ret = SYNC_EXIT_CONFLICT;
		goto done;
	}
	sync_say(s, "Would merge %s (%s) cleanly%s.", s->upstream_name, shortid,
		 ahead ? " and push" : "");
	ret = 0;
done:
	git_tree_free(base_tree);
	git_tree_free(local_tree);
	git_tree_free(up_tree);
	return ret;
}

/* ---- the run ------------------------------------------------------------ */

static void S_release(struct sync_state *s)
{
	free(s->gitdir);
	free(s->branch);
	free(s->branch_ref);
	free(s->remote);
	free(s->merge_ref);
	free(s->tracking);
	free(s->conflict_ref);
	free(s->upstream_name);
	free(s->merges);
	strvec_release(&s->excludes);
	strvec_release(&s->blocked);
	strvec_release(&s->held);
	if (s->log)
		fclose(s->log);
	if (s->have_h)
		history_release(&s->h);
}

/* Fetch, integrate and push until the remote takes it, or stop. */
static int S_round_trip(struct sync_state *s)
{
	int attempt, net, ret;

	for (attempt = 0;; attempt++) {
		git_oid tip;

		net = sync_fetch(s);
		if (net < 0)
			return -1;
		S_read_upstream(s);
		/* Offline, the remote-tracking ref is still worth merging. */
		ret = sync_integrate(s);
		if (ret)
			return ret;
		if (net) {
			sync_error(s, net != SYNC_EXIT_PENDING,
				   net == SYNC_EXIT_LOCAL
					   ? "nothing fetched or pushed, the "
					     "commit stays on %s"
					   : "the remote could not be reached: "
					     "nothing pushed, the commit stays "
					     "on %s",
				   s->branch);
			return net;
		}
		if (sync_branch_tip(&tip, s) || s->o->no_push ||
		    (s->have_upstream && git_oid_equal(&tip, &s->upstream)))
			return 0;
		s->have_push_base = s->have_upstream;
		s->push_base = s->upstream;
		ret = sync_push(s, &tip);
		if (!ret) {
			s->res->pushed = 1;
			sync_say(s, "Pushed %s to %s.", s->branch,
				 s->upstream_name);
			return 0;
		}
		if (ret != SYNC_PUSH_BEHIND)
			return ret;
		if (attempt >= SYNC_PUSH_RETRIES) {
			sync_error(s, 1,
				   "%s kept moving: nothing pushed after %d "
				   "tries; run git thesis sync again",
				   s->upstream_name, attempt + 1);
			return SYNC_EXIT_PENDING;
		}
		sync_say(s, "%s moved meanwhile: fetching again.",
			 s->upstream_name);
	}
}

int sync_run(struct sync_result *out, struct thesis_repo *repo,
	     const struct sync_opts *opts)
{
	struct sync_state s;
	struct sync_changes ch = SYNC_CHANGES_INIT;
	int ret, writes = !opts->check && !opts->dry_run;

	memset(&s, 0, sizeof(s));
	s.repo = repo;
	s.r = repo->repo;
	s.o = opts;
	s.res = out;
	s.lock = (struct sync_lock)SYNC_LOCK_INIT;
	strvec_init(&s.excludes);
	strvec_init(&s.blocked);
	strvec_init(&s.held);
	s.gitdir = xstrdup(git_repository_path(s.r));
	if (writes)
		S_log_open(&s);
	sync_log(&s, "start", "git thesis sync%s%s%s",
		 opts->no_push ? " --no-push" : "",
		 opts->resolve == FMMERGE_FAVOR_OURS	 ? " --resolve ours"
		 : opts->resolve == FMMERGE_FAVOR_THEIRS ? " --resolve theirs"
							 : "",
		 opts->quiet ? " --quiet" : "");
	if ((ret = S_setup(&s)))
		goto done;
	if (writes) {
		sync_signals(1);
		if ((ret = S_lock(&s)))
			goto done;
	}
	if ((ret = S_check(&s)) || (ret = S_check_resolve(&s)) ||
	    (ret = sync_collect(&ch, &s)) ||
	    (ret = sync_check_markers(&s, &ch)))
		goto done;
	if (opts->check) {
		sync_say(&s, "Safe to sync: %s tracks %s.", s.branch,
			 s.upstream_name);
		goto done;
	}
	if ((ret = sync_hold_broken(&s, &ch)))
		goto done;
	if (opts->dry_run) {
		ret = S_dry_run(&s, &ch);
		goto done;
	}
	if ((ret = sync_commit(&s, &ch)))
		goto done;
	s.have_local0 = !sync_branch_tip(&s.local0, &s);
	ret = S_round_trip(&s);
	if (!ret)
		ret = S_verify(&s);
	if (ret != SYNC_EXIT_CONFLICT && ret >= 0)
		S_drop_conflict_ref(&s);
	S_report(&s);
done:
	if (ret < 0)
		ret = EXIT_FATAL;
	else if (!ret && out->held_nr)
		ret = SYNC_EXIT_HELD;
	sync_log(&s, "done", "exit %d", ret);
	sync_lock_release(&s.lock);
	if (writes)
		sync_signals(0);
	sync_changes_release(&ch);
	S_release(&s);
	out->status = ret;
	return ret;
}
