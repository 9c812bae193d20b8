/*
 * git thesis hook <name>: what each installed hook does.  localhooks.c
 * (hook_receive.c for pre-receive) does the work; this says it, on stderr,
 * where git shows hook output.  A hook must never lose the user's work:
 * apart from the deliberate blocks (pre-commit with broken notes,
 * commit-msg with only our trailers, pre-receive with
 * thesis.receive.check), any failure prints one line and lets git go on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "hook_receive.h"
#include "hookscript.h"
#include "localhooks.h"
#include "options.h"
#include "output.h"
#include "render.h"
#include "strbuf.h"
#include "util.h"

static const char *const hook_usage[] = {
	"git thesis hook <hook-name> [<hook-args>...]",
	NULL,
};

static const struct output plain = OUTPUT_INIT(FORMAT_TEXT);

static void S_say(const struct strbuf *sb)
{
	fwrite(sb->buf, 1, sb->len, stderr);
}

/* A failure the hook stands aside for: one line, and git goes on. */
static void S_aside(const char *what)
{
	const char *why = error_pending();

	fprintf(stderr, "git-thesis: %s: %s\n", what,
		why ? why : "the notes could not be read");
	error_clear();
}

int hook_pre_commit_check(struct thesis_repo *repo)
{
	struct check_diags diags = CHECK_DIAGS_INIT;
	struct check_item *items;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int ret;

	if (localhooks_pre_commit(&diags, repo) < 0) {
		S_aside("pre-commit check skipped");
		check_diags_release(&diags);
		return 0;
	}
	items = xcalloc(diags.nr + 1, sizeof(*items));
	for (i = 0; i < diags.nr; i++) {
		items[i].path = diags.v[i].path;
		items[i].diag = &diags.v[i].diag;
	}
	render_text_pre_commit(&sb, &plain, items, diags.nr, diags.errors);
	S_say(&sb);
	ret = diags.errors ? 1 : 0;
	free(items);
	strbuf_release(&sb);
	check_diags_release(&diags);
	return ret;
}

static int S_commit_msg(struct thesis_repo *repo, const char *file)
{
	int only_trailers;

	localhooks_only_trailers(&only_trailers, repo, file);
	if (!only_trailers)
		return 0;
	fprintf(stderr, "Aborting commit due to empty commit message.\n"
			"git-thesis: the position trailers alone are no "
			"message.\n");
	return 1;
}

/*
 * post-commit, post-merge, post-rewrite: the summary, then (silently) the
 * event index warmed for what came in.
 */
static int S_post(struct thesis_repo *repo, const char *name, int argc,
		  const char **argv)
{
	struct localhooks_rewrite rw = LOCALHOOKS_REWRITE_INIT;
	struct localhooks_warm warm = LOCALHOOKS_WARM_INIT;
	struct event_list ev = EVENT_LIST_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct localhooks lh;
	const char *title = NULL;
	char line[1024];
	int err;

	if (!strcmp(name, "post-rewrite")) {
		if (argc > 0 && !strcmp(argv[0], "amend"))
			return 0; /* post-commit already spoke */
		while (fgets(line, sizeof(line), stdin))
			localhooks_rewrite_add(&rw, line);
	}
	localhooks_init(&lh, repo);
	if (!strcmp(name, "post-commit")) {
		err = localhooks_post_commit(&ev, &lh);
	} else if (!strcmp(name, "post-merge")) {
		title = "position changes the merge brought in:";
		err = localhooks_post_merge(&ev, &lh);
	} else {
		title = "position changes the rewrite brought in:";
		err = localhooks_post_rewrite(&ev, &lh, &rw);
	}
	if (err < 0) {
		S_aside("no summary");
		goto done;
	}
	render_text_hook_summary(&sb, &plain, title, ev.v, ev.nr);
	S_say(&sb);
	/* Silently; post-commit recorded HEAD's events as it read them. */
	if (!title)
		goto done;
	if (!strcmp(name, "post-merge"))
		localhooks_warm_merge(&warm, &lh);
	else
		localhooks_warm_rewrite(&warm, &lh, &rw);
	if (env_true("GIT_THESIS_DEBUG_WARM"))
		fprintf(stderr, "git-thesis: warmed %zu commits%s%s\n",
			warm.commits, warm.spent ? "; budget spent" : "",
			warm.off ? "; off" : "");
done:
	localhooks_release(&lh);
	localhooks_rewrite_release(&rw);
	event_list_release(&ev);
	strbuf_release(&sb);
	return 0;
}

int cmd_hook(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct option opts[] = {OPT_END()};
	const char *name;

	argc = parse_options(argc, argv, opts, hook_usage,
			     PARSE_OPT_STOP_AT_NON_OPTION);
	if (!argc || !hooks_find(argv[0]))
		usage_msg(hook_usage, opts,
			  argc ? "unknown hook '%s'" : "no hook named%s",
			  argc ? argv[0] : "");
	name = argv[0];
	argc--;
	argv++;
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
	if (!strcmp(name, "pre-receive"))
		return hook_pre_receive(&ctx->repo);
	if (localhooks_check_vault(&ctx->repo) < 0)
		return error_print_fatal();
	if (!strcmp(name, "pre-commit"))
		return hook_pre_commit_check(&ctx->repo);
	if (!strcmp(name, "prepare-commit-msg")) {
		if (localhooks_prepare_msg(&ctx->repo,
					   argc > 0 ? argv[0] : NULL,
					   argc > 1 ? argv[1] : NULL,
					   argc > 2 ? argv[2] : NULL) < 0)
			S_aside("no position trailers added");
		return 0;
	}
	if (!strcmp(name, "commit-msg"))
		return S_commit_msg(&ctx->repo, argc > 0 ? argv[0] : NULL);
	return S_post(&ctx->repo, name, argc, argv);
}
