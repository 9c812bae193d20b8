/*
 * git thesis hook <name>: what each installed hook does.  A hook must never
 * lose the user's work: apart from the deliberate blocks (pre-commit with
 * broken notes, pre-receive with thesis.receive.check), any failure prints
 * one line and lets git go on.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cmd.h"
#include "hookscript.h"
#include "history.h"
#include "options.h"
#include "output.h"
#include "reader.h"
#include "render.h"
#include "hook_receive.h"
#include "review.h"
#include "revs.h"
#include "strbuf.h"
#include "trailers.h"
#include "treediff.h"
#include "util.h"

static const char *const hook_usage[] = {
	"git thesis hook <hook-name> [<hook-args>...]",
	NULL,
};

/* Hook output goes to stderr: git shows it, and to pushers as remote:. */
static void S_say(const struct strbuf *sb)
{
	fwrite(sb->buf, 1, sb->len, stderr);
}

static const struct output plain = OUTPUT_INIT(FORMAT_TEXT);

/* Prints the events that matter to people: targets first, then a count. */
static void S_summary(const char *title, const struct event_list *ev)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, shown = 0, mappings = 0, mentions = 0, moves = 0;

	for (i = 0; i < ev->nr; i++) {
		const struct event *e = &ev->v[i];

		if (e->kind == EVENT_MAPPING) {
			mappings++;
			continue;
		}
		if (e->kind == EVENT_MENTION) {
			mentions++;
			continue;
		}
		/* A broken or repaired note is news: say it, like a target. */
		if (e->kind == EVENT_NOTE && e->change == EVENT_MOVED) {
			moves++;
			continue;
		}
		if (!shown++ && title)
			strbuf_addf(&sb, "git-thesis: %s\n", title);
		if (shown > 20)
			continue;
		strbuf_addstr(&sb, "git-thesis:   ");
		render_text_event(&sb, &plain, e);
		strbuf_addch(&sb, '\n');
	}
	if (shown > 20)
		strbuf_addf(&sb, "git-thesis:   ... and %zu more\n", shown - 20);
	if (mappings || mentions || moves) {
		if (!shown && title)
			strbuf_addf(&sb, "git-thesis: %s\n", title);
		strbuf_addf(&sb,
			    "git-thesis:   %zu mapping change%s, %zu mention "
			    "change%s, %zu note%s moved\n",
			    mappings, mappings == 1 ? "" : "s", mentions,
			    mentions == 1 ? "" : "s", moves,
			    moves == 1 ? "" : "s");
	}
	S_say(&sb);
	strbuf_release(&sb);
}

/* ---- pre-commit -------------------------------------------------------- */

int hook_pre_commit_check(struct thesis_repo *repo)
{
	struct check_diags diags = CHECK_DIAGS_INIT;
	struct event_list ev = EVENT_LIST_INIT;
	struct tree_changes ch = TREE_CHANGES_INIT;
	struct strbuf sb = STRBUF_INIT;
	git_commit *head = NULL;
	git_tree *tree = NULL;
	struct history h;
	size_t i, errors = 0;
	int ret = 0;

	if (!repo_config_bool(repo, "thesis.hook.check", 1))
		return 0;
	history_init(&h, repo);
	h.use_cache = 1;
	if (git_repository_head_unborn(repo->repo) != 1 &&
	    (repo_commit(&head, repo, "HEAD") < 0 ||
	     git_commit_tree(&tree, head) < 0))
		goto internal;
	if (history_diff_index(&ev, &h, head, head ? git_commit_id(head) : NULL,
			       &ch) < 0)
		goto internal;
	vault_resolve(&h.vault);
	check_changes(&diags, &h, &ch);
	for (i = 0; i < diags.nr; i++) {
		struct check_item item = {diags.v[i].path, &diags.v[i].diag};

		render_text_check(&sb, &plain, &item, 1);
	}
	errors = diags.errors;
	if (errors)
		strbuf_addf(&sb,
			    "git-thesis: commit stopped: %zu error%s in the "
			    "staged notes.\n"
			    "git-thesis: fix them, or commit with --no-verify "
			    "to skip this check.\n",
			    errors, errors == 1 ? "" : "s");
	S_say(&sb);
	ret = errors ? 1 : 0;
	goto done;
internal:
	fprintf(stderr, "git-thesis: pre-commit check skipped: the notes "
			"could not be read\n");
done:
	check_diags_release(&diags);
	strbuf_release(&sb);
	tree_changes_release(&ch);
	event_list_release(&ev);
	git_tree_free(tree);
	git_commit_free(head);
	history_release(&h);
	return ret;
}

/* ---- prepare-commit-msg ----------------------------------------------- */

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
		{
			const char *base = strrchr(buf, '/');

			base = base ? base + 1 : buf;
			if (!strcmp(base, "git")) {
				for (i = strlen(buf) + 1; i < n;
				     i += strlen(buf + i) + 1) {
					if (!strcmp(buf + i, "commit"))
						is_commit = 1;
					else if (is_commit &&
						 !strcmp(buf + i, flag))
						return 1;
				}
				if (is_commit)
					return 0;
			}
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

static int S_prepare_commit_msg(struct thesis_repo *repo, int argc,
				const char **argv)
{
	const char *file = argc > 0 ? argv[0] : NULL;
	const char *source = argc > 1 ? argv[1] : "";
	const char *sha = argc > 2 ? argv[2] : NULL;
	struct strvec trailers = STRVEC_INIT;
	struct strbuf msg = STRBUF_INIT, out = STRBUF_INIT;
	char comment = trailers_comment_char(repo);
	char *tmp = NULL;
	FILE *fp;
	int ret = 0, amend = 0;

	/* A merge concluded by hand says "message": ask the repository. */
	if (!file || !strcmp(source, "merge") ||
	    git_repository_state(repo->repo) == GIT_REPOSITORY_STATE_MERGE ||
	    !repo_config_bool(repo, "thesis.hook.trailers", 1))
		return 0;
	if (git_repository_head_unborn(repo->repo) != 1) {
		git_oid head, given;
		int seen = S_commit_has("--amend");

		/* Without /proc, "commit HEAD" is most likely an amend. */
		amend = seen > 0 ||
			(seen < 0 && !strcmp(source, "commit") && sha &&
			 !revs_resolve(&given, repo, sha) &&
			 !git_reference_name_to_id(&head, repo->repo, "HEAD") &&
			 !git_oid_cmp(&head, &given)) ||
			trailers_rebase_amends(repo);
	}
	if (trailers_for_index(&trailers, repo, amend) < 0)
		goto internal;
	fp = fopen(file, "rb");
	if (!fp)
		goto internal;
	{
		char buf[4096];
		size_t n;

		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
			strbuf_add(&msg, buf, n);
		fclose(fp);
	}
	trailers_place(&out, msg.buf, &trailers, comment);
	if (!strcmp(out.buf, msg.buf))
		goto done;
	/* Write beside and rename: the message is never half written. */
	tmp = xstrfmt("%s.thesis-tmp", file);
	fp = fopen(tmp, "wb");
	if (!fp || fwrite(out.buf, 1, out.len, fp) != out.len) {
		if (fp)
			fclose(fp);
		unlink(tmp);
		goto internal;
	}
	if (fclose(fp) || rename(tmp, file) < 0) {
		unlink(tmp);
		goto internal;
	}
	goto done;
internal:
	fprintf(stderr, "git-thesis: no position trailers added: %s\n",
		errno ? strerror(errno) : "the notes could not be read");
	ret = 0;
done:
	free(tmp);
	strbuf_release(&msg);
	strbuf_release(&out);
	strvec_release(&trailers);
	return ret;
}

/*
 * commit-msg: git aborts a commit whose message is empty, but cannot know
 * that trailers we added to an empty message are not a message.  Give the
 * user back that way out.
 */
static int S_commit_msg(struct thesis_repo *repo, int argc, const char **argv)
{
	struct strbuf msg = STRBUF_INIT;
	char comment = trailers_comment_char(repo);
	int ours = 0, other = 0;
	const char *p;
	FILE *fp;

	if (argc < 1 || !(fp = fopen(argv[0], "rb")))
		return 0;
	{
		char buf[4096];
		size_t n;

		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
			strbuf_add(&msg, buf, n);
		fclose(fp);
	}
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
	if (ours && !other && S_commit_has("--allow-empty-message") <= 0) {
		fprintf(stderr, "Aborting commit due to empty commit message.\n"
				"git-thesis: the position trailers alone are no "
				"message.\n");
		return 1;
	}
	return 0;
}

/* ---- post-commit, post-merge, post-rewrite ---------------------------- */

static int S_diff_revs(struct thesis_repo *repo, const char *from,
		       const char *to, const char *title)
{
	struct event_list ev = EVENT_LIST_INIT;
	git_tree *a = NULL, *b = NULL;
	git_commit *ca = NULL, *cb = NULL;
	struct history h;

	history_init(&h, repo);
	h.use_cache = 1;
	if (repo_tree(&a, &ca, repo, from) < 0 ||
	    repo_tree(&b, &cb, repo, to) < 0 ||
	    history_diff_commits(&ev, &h, ca, cb) < 0)
		fprintf(stderr, "git-thesis: no summary: the notes could not "
				"be read\n");
	else
		S_summary(title, &ev);
	event_list_release(&ev);
	git_tree_free(a);
	git_tree_free(b);
	git_commit_free(ca);
	git_commit_free(cb);
	history_release(&h);
	return 0;
}

static int S_post_commit(struct thesis_repo *repo)
{
	struct event_list ev = EVENT_LIST_INIT;
	git_commit *c = NULL;
	struct history h;

	history_init(&h, repo);
	h.use_cache = 1;
	if (repo_commit(&c, repo, "HEAD") < 0 ||
	    history_commit_events(&ev, &h, c, 0) < 0)
		fprintf(stderr, "git-thesis: no summary: the notes could not "
				"be read\n");
	else
		S_summary(NULL, &ev);
	git_commit_free(c);
	event_list_release(&ev);
	history_release(&h);
	return 0;
}

/* post-rewrite gets "<old> <new> [<extra>]" lines; the last pair is the tip. */
static int S_post_rewrite(struct thesis_repo *repo, int argc,
			  const char **argv)
{
	char line[1024], old[GIT_OID_HEXSZ + 1] = "", new[GIT_OID_HEXSZ + 1] = "";

	if (argc > 0 && !strcmp(argv[0], "amend"))
		return 0; /* post-commit already spoke */
	while (fgets(line, sizeof(line), stdin))
		if (strlen(line) > 2 * GIT_OID_HEXSZ) {
			memcpy(old, line, GIT_OID_HEXSZ);
			memcpy(new, line + GIT_OID_HEXSZ + 1, GIT_OID_HEXSZ);
		}
	if (!*old)
		return 0;
	return S_diff_revs(repo, old, new,
			   "position changes the rewrite brought in:");
}

/*
 * A mistyped --vault or thesis.vault must not pass for an empty vault: the
 * local hooks read the index and HEAD, and the folder must be in one of
 * them (a repository with neither yet has nothing to check).
 */
static int S_check_vault(struct thesis_repo *repo)
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

int cmd_hook(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct option opts[] = {OPT_END()};
	const char *name;
	int ret = 0;

	argc = parse_options(argc, argv, opts, hook_usage,
			     PARSE_OPT_STOP_AT_NON_OPTION);
	if (!argc || !hooks_find(argv[0]))
		usage_msg(hook_usage, opts, argc ? "unknown hook '%s'"
						 : "no hook named%s",
			  argc ? argv[0] : "");
	name = argv[0];
	/* Never a pager, never a prompt: git is waiting on us. */
	ctx->no_pager = 1;
	/* repo_open() prints nothing: the hook says why it stands aside. */
	if (repo_open(&ctx->repo, ctx->vault_opt, &ctx->exclude_opt) < 0) {
		const char *why = error_pending();

		fprintf(stderr, "git-thesis: %s hook skipped: %s\n", name,
			why ? why : "cannot open the repository");
		error_clear();
		return 0;
	}
	/* On a server a ref may lack the vault: pre-receive says so per ref. */
	if (strcmp(name, "pre-receive") && S_check_vault(&ctx->repo) < 0)
		return error_print_fatal();
	if (!strcmp(name, "pre-commit"))
		ret = hook_pre_commit_check(&ctx->repo);
	else if (!strcmp(name, "prepare-commit-msg"))
		ret = S_prepare_commit_msg(&ctx->repo, argc - 1, argv + 1);
	else if (!strcmp(name, "commit-msg"))
		ret = S_commit_msg(&ctx->repo, argc - 1, argv + 1);
	else if (!strcmp(name, "post-commit"))
		ret = S_post_commit(&ctx->repo);
	else if (!strcmp(name, "post-merge"))
		ret = S_diff_revs(&ctx->repo, "ORIG_HEAD", "HEAD",
				  "position changes the merge brought in:");
	else if (!strcmp(name, "post-rewrite"))
		ret = S_post_rewrite(&ctx->repo, argc - 1, argv + 1);
	else if (!strcmp(name, "pre-receive"))
		ret = hook_pre_receive(&ctx->repo);
	return ret;
}
