#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cachedir.h"
#include "localhooks.h"
#include "revs.h"
#include "strbuf.h"
#include "strvec.h"
#include "trailers.h"
#include "treediff.h"
#include "util.h"

int localhooks_check_vault(struct thesis_repo *repo)
{
	git_index *index = NULL;
	git_tree *head = NULL;
	char *prefix;
	size_t pos;
	int found = 0, empty = 1;

	if (!*repo->vault)
		return 0;
	prefix = xstrfmt("%s/", repo->vault);
	if (!git_repository_index(&index, repo->repo)) {
		empty = !git_index_entrycount(index);
		found = !git_index_find_prefix(&pos, index, prefix);
	}
	if (!found && git_repository_head_unborn(repo->repo) != 1 &&
	    !repo_tree(&head, NULL, repo, "HEAD")) {
		empty = 0;
		found = !repo_check_vault(repo, head, "HEAD");
	}
	git_index_free(index);
	git_tree_free(head);
	free(prefix);
	git_error_clear();
	error_clear();
	if (found || empty)
		return 0;
	return error_set("vault folder '%s' does not exist in the index or "
			 "at HEAD",
			 repo->vault);
}

/* ---- pre-commit -------------------------------------------------------- */

int localhooks_pre_commit(struct check_diags *out, struct thesis_repo *repo)
{
	struct event_list ev = EVENT_LIST_INIT;
	struct tree_changes ch = TREE_CHANGES_INIT;
	git_commit *head = NULL;
	git_tree *tree = NULL;
	struct history h;
	int err = 0;

	if (!repo_config_bool(repo, "thesis.hook.check", 1))
		return 0;
	history_init(&h, repo);
	h.use_cache = 1;
	if ((git_repository_head_unborn(repo->repo) != 1 &&
	     (repo_commit(&head, repo, "HEAD") < 0 ||
	      git_commit_tree(&tree, head) < 0)) ||
	    history_diff_index(&ev, &h, head, head ? git_commit_id(head) : NULL,
			       &ch) < 0) {
		err = error_set("the notes could not be read");
		goto done;
	}
	vault_resolve(&h.vault);
	check_changes(out, &h, &ch);
done:
	tree_changes_release(&ch);
	event_list_release(&ev);
	git_tree_free(tree);
	git_commit_free(head);
	history_release(&h);
	return err;
}

/* ---- prepare-commit-msg and commit-msg ------------------------------- */

/*
 * What prepare-commit-msg and commit-msg are not told (`--amend -m` says
 * only "message"; `-c HEAD` and `--amend` both say "commit HEAD"): look
 * at the command line of the `git commit` that runs us, a few processes
 * up.  Returns 1 or 0, or -1 when that cannot be seen (no Linux /proc).
 */
static int S_commit_has(const char *flag)
{
	pid_t pid = getppid();
	int depth;

	for (depth = 0; depth < 6 && pid > 1; depth++) {
		char path[64], buf[8192];
		const char *base;
		size_t n, i;
		FILE *fp;
		int is_commit = 0;
		long ppid = 0;

		snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)pid);
		fp = fopen(path, "rb");
		if (!fp)
			return -1;
		n = fread(buf, 1, sizeof(buf) - 1, fp);
		fclose(fp);
		buf[n] = '\0';
		/* Only a git process counts: the hook's own shell has
		 * "commit" among its arguments too. */
		base = strrchr(buf, '/');
		base = base ? base + 1 : buf;
		if (!strcmp(base, "git")) {
			for (i = strlen(buf) + 1; i < n;
			     i += strlen(buf + i) + 1) {
				if (!strcmp(buf + i, "commit"))
					is_commit = 1;
				else if (is_commit && !strcmp(buf + i, flag))
					return 1;
			}
			if (is_commit)
				return 0;
		}
		snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
		fp = fopen(path, "rb");
		if (!fp)
			return -1;
		n = fread(buf, 1, sizeof(buf) - 1, fp);
		fclose(fp);
		buf[n] = '\0';
		/* pid (comm) state ppid: comm may hold spaces and parens. */
		if (!strrchr(buf, ')') ||
		    sscanf(strrchr(buf, ')') + 1, " %*c %ld", &ppid) != 1)
			return -1;
		pid = (pid_t)ppid;
	}
	return -1;
}

/* Whether the commit being made replaces HEAD (git does not always say). */
static int S_amends(struct thesis_repo *repo, const char *source,
		    const char *commit)
{
	git_oid head, given;
	int seen;

	if (git_repository_head_unborn(repo->repo) == 1)
		return 0;
	seen = S_commit_has("--amend");
	/* Without /proc, "commit HEAD" is most likely an amend. */
	return seen > 0 ||
	       (seen < 0 && !strcmp(source, "commit") && commit &&
		!revs_resolve(&given, repo, commit) &&
		!git_reference_name_to_id(&head, repo->repo, "HEAD") &&
		!git_oid_cmp(&head, &given)) ||
	       trailers_rebase_amends(repo);
}

int localhooks_prepare_msg(struct thesis_repo *repo, const char *file,
			   const char *source, const char *commit)
{
	struct strvec trailers = STRVEC_INIT;
	struct strbuf msg = STRBUF_INIT, placed = STRBUF_INIT;
	char comment = trailers_comment_char(repo);
	char *tmp = NULL;
	FILE *fp;
	int err = 0;

	if (!source)
		source = "";
	/* A merge concluded by hand says "message": ask the repository. */
	if (!file || !strcmp(source, "merge") ||
	    git_repository_state(repo->repo) == GIT_REPOSITORY_STATE_MERGE ||
	    !repo_config_bool(repo, "thesis.hook.trailers", 1))
		return 0;
	if (trailers_for_index(&trailers, repo,
			       S_amends(repo, source, commit)) < 0 ||
	    strbuf_read_file(&msg, file, 0) < 0)
		goto fail;
	trailers_place(&placed, msg.buf, &trailers, comment);
	if (!strcmp(placed.buf, msg.buf))
		goto done;
	/* Write beside and rename: the message is never half written. */
	tmp = xstrfmt("%s.thesis-tmp", file);
	fp = fopen(tmp, "wb");
	if (!fp || fwrite(placed.buf, 1, placed.len, fp) != placed.len) {
		if (fp)
			fclose(fp);
		unlink(tmp);
		goto fail;
	}
	if (fclose(fp) || rename(tmp, file) < 0) {
		unlink(tmp);
		goto fail;
	}
	goto done;
fail:
	err = error_set("%s", errno ? strerror(errno)
				    : "the notes could not be read");
done:
	free(tmp);
	strbuf_release(&msg);
	strbuf_release(&placed);
	strvec_release(&trailers);
	return err;
}

void localhooks_only_trailers(int *out, struct thesis_repo *repo,
			      const char *file)
{
	struct strbuf msg = STRBUF_INIT;
	char comment = trailers_comment_char(repo);
	int ours = 0, other = 0;
	const char *p;

	*out = 0;
	if (!file || strbuf_read_file(&msg, file, 0) < 0)
		return;
	for (p = msg.buf; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p), k = 0;

		if (*p == comment && trailers_scissors(p, len))
			break;
		while (k < len && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r'))
			k++;
		if (k < len && *p != comment) {
			if (trailers_is_ours(p, len))
				ours++;
			else
				other++;
		}
		p += len + (nl ? 1 : 0);
	}
	strbuf_release(&msg);
	*out = ours && !other && S_commit_has("--allow-empty-message") <= 0;
}

/* ---- post-commit, post-merge, post-rewrite ---------------------------- */

void localhooks_rewrite_add(struct localhooks_rewrite *rw, const char *line)
{
	git_oid id;

	if (strlen(line) <= 2 * GIT_OID_HEXSZ)
		return;
	memcpy(rw->old_tip, line, GIT_OID_HEXSZ);
	memcpy(rw->new_tip, line + GIT_OID_HEXSZ + 1, GIT_OID_HEXSZ);
	if (git_oid_fromstrn(&id, rw->new_tip, GIT_OID_HEXSZ) < 0) {
		git_error_clear();
		return;
	}
	ALLOC_GROW(rw->rewritten, rw->nr + 1, rw->alloc);
	rw->rewritten[rw->nr++] = id;
}

void localhooks_rewrite_release(struct localhooks_rewrite *rw)
{
	free(rw->rewritten);
	rw->rewritten = NULL;
	rw->nr = rw->alloc = 0;
	rw->old_tip[0] = rw->new_tip[0] = '\0';
}

void localhooks_init(struct localhooks *lh, struct thesis_repo *repo)
{
	lh->repo = repo;
	history_init(&lh->h, repo);
	lh->h.use_cache = 1;
}

void localhooks_release(struct localhooks *lh)
{
	history_release(&lh->h);
}

static int S_diff_revs(struct event_list *out, struct localhooks *lh,
		       const char *from, const char *to)
{
	git_tree *a = NULL, *b = NULL;
	git_commit *ca = NULL, *cb = NULL;
	int err = 0;

	if (repo_tree(&a, &ca, lh->repo, from) < 0 ||
	    repo_tree(&b, &cb, lh->repo, to) < 0 ||
	    history_diff_commits(out, &lh->h, ca, cb) < 0)
		err = error_set("the notes could not be read");
	git_tree_free(a);
	git_tree_free(b);
	git_commit_free(ca);
	git_commit_free(cb);
	return err;
}

int localhooks_post_commit(struct event_list *out, struct localhooks *lh)
{
	git_commit *c = NULL;
	int err = 0;

	if (repo_commit(&c, lh->repo, "HEAD") < 0 ||
	    history_commit_events(out, &lh->h, c, 0) < 0)
		err = error_set("the notes could not be read");
	git_commit_free(c);
	return err;
}

int localhooks_post_merge(struct event_list *out, struct localhooks *lh)
{
	return S_diff_revs(out, lh, "ORIG_HEAD", "HEAD");
}

int localhooks_post_rewrite(struct event_list *out, struct localhooks *lh,
			    const struct localhooks_rewrite *rw)
{
	if (!*rw->old_tip)
		return 0;
	return S_diff_revs(out, lh, rw->old_tip, rw->new_tip);
}

/* ---- keeping the event index warm ------------------------------------ */

struct S_budget {
	size_t limit;	/* commits */
	double seconds; /* 0: no time bound */
	struct timespec start;
};

static double S_elapsed(const struct S_budget *b)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - b->start.tv_sec) +
	       (double)(now.tv_nsec - b->start.tv_nsec) / 1e9;
}

/* Reads the budget; -1 (out->off set) when there is nothing to warm. */
static int S_budget_start(struct S_budget *b, struct localhooks_warm *out,
			  struct localhooks *lh)
{
	char *path = NULL, *limit, *seconds;

	/* With caches off nothing would be written: compute nothing. */
	cachedir_path(&path, lh->repo, ".events");
	if (!path) {
		out->off = 1;
		return -1;
	}
	free(path);
	b->limit = LOCALHOOKS_WARM_LIMIT;
	b->seconds = LOCALHOOKS_WARM_TIMEOUT;
	limit = repo_config_string(lh->repo, "thesis.cache.warmLimit");
	seconds = repo_config_string(lh->repo, "thesis.cache.warmTimeout");
	if (limit) {
		char *end;
		long v = strtol(limit, &end, 10);

		if (end != limit && !*end && v >= 0)
			b->limit = (size_t)v;
	}
	if (seconds) {
		char *end;
		double v = strtod(seconds, &end);

		if (end != seconds && !*end && v >= 0)
			b->seconds = v;
	}
	free(limit);
	free(seconds);
	out->off = !b->limit;
	clock_gettime(CLOCK_MONOTONIC, &b->start);
	return out->off ? -1 : 0;
}

/*
 * Computes (or finds) the events of one commit, which records them in
 * the index.  Returns 1 when the budget is spent before it.
 */
static int S_warm_one(struct localhooks_warm *out, struct localhooks *lh,
		      const struct S_budget *b, const git_oid *id)
{
	struct event_list ev = EVENT_LIST_INIT;
	git_commit *c = NULL;

	if (out->commits >= b->limit ||
	    (b->seconds > 0 && S_elapsed(b) >= b->seconds)) {
		out->spent = 1;
		return 1;
	}
	if (!git_commit_lookup(&c, lh->repo->repo, id) &&
	    !history_commit_events(&ev, &lh->h, c, 0))
		out->commits++;
	git_error_clear();
	error_clear();
	event_list_release(&ev);
	git_commit_free(c);
	return 0;
}

/* Warms, newest first, what `revs` walks: what `log` shows first. */
static void S_warm_walk(struct localhooks_warm *out, struct localhooks *lh,
			const struct strvec *revs)
{
	struct rev_walk_opts opts = REV_WALK_OPTS_INIT;
	git_revwalk *walk = NULL;
	struct S_budget b;
	git_oid id;

	if (S_budget_start(&b, out, lh) < 0)
		return;
	if (!revs_walk(&walk, lh->repo, revs, &opts))
		while (!git_revwalk_next(&id, walk))
			if (S_warm_one(out, lh, &b, &id))
				break;
	git_revwalk_free(walk);
	git_error_clear();
	error_clear();
}

void localhooks_warm_merge(struct localhooks_warm *out, struct localhooks *lh)
{
	struct strvec revs = STRVEC_INIT;

	strvec_push(&revs, "ORIG_HEAD..HEAD");
	S_warm_walk(out, lh, &revs);
	strvec_release(&revs);
}

void localhooks_warm_rewrite(struct localhooks_warm *out, struct localhooks *lh,
			     const struct localhooks_rewrite *rw)
{
	struct strvec revs = STRVEC_INIT;
	size_t i;

	if (!rw->nr)
		return;
	/*
	 * The rewritten commits and what they now stand on that the old tip
	 * did not have (what `git pull --rebase` fetched).
	 */
	strvec_push_nodup(&revs, xstrfmt("^%s", rw->old_tip));
	for (i = 0; i < rw->nr; i++)
		strvec_push(&revs, git_oid_tostr_s(&rw->rewritten[i]));
	S_warm_walk(out, lh, &revs);
	strvec_release(&revs);
}
