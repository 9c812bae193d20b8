#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "facts.h"
#include "history.h"
#include "output.h"
#include "reader.h"
#include "render.h"
#include "util.h"

static const char *const diff_usage[] = {
	"git thesis diff [<options>] [--staged] [<commit>]",
	"git thesis diff [<options>] <commit> <commit>",
	"git thesis diff [<options>] <commit>..<commit>",
	"git thesis diff [<options>] <commit>...<commit>",
	NULL,
};

/* Splits `a..b` / `a...b`; returns 2 or 3 (the dots), 0 for a plain rev. */
static int S_split_range(char **a, char **b, const char *arg)
{
	const char *dots = strstr(arg, "..");
	int n;

	if (!dots)
		return 0;
	n = dots[2] == '.' ? 3 : 2;
	*a = dots == arg ? xstrdup("HEAD") : xstrndup(arg, (size_t)(dots - arg));
	*b = xstrdup(*(dots + n) ? dots + n : "HEAD");
	return n;
}

int cmd_diff(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct output out =
		OUTPUT_INIT(FORMAT_TEXT | FORMAT_JSON | FORMAT_MARKDOWN);
	int staged = 0, exit_code = 0, ret = EXIT_FATAL, err = 0, dots = 0;
	char *a_rev = NULL, *b_rev = NULL;
	struct event_list ev = EVENT_LIST_INIT;
	struct commit_info ci = COMMIT_INFO_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct history h;
	struct option opts[] = {
		OPT_BOOL(0, "staged", &staged,
			 "compare the index with HEAD (or <commit>)"),
		OPT_BOOL(0, "cached", &staged, "same as --staged"),
		OPT_BOOL(0, "exit-code", &exit_code,
			 "exit with 1 when there are events"),
		OPT_FORMAT(&out, "text, json or markdown"),
		OPT_COLOR(&out),
		OPT_END(),
	};

	argc = parse_options(argc, argv, opts, diff_usage, 0);
	if (argc > 2 || (staged && argc > 1) ||
	    (staged && argc == 1 && strstr(argv[0], "..")))
		usage_msg(diff_usage, opts,
			  staged ? "--staged compares the index with one "
				   "commit"
				 : "too many arguments");
	if (argc == 1)
		dots = S_split_range(&a_rev, &b_rev, argv[0]);
	if (argc == 2) {
		a_rev = xstrdup(argv[0]);
		b_rev = xstrdup(argv[1]);
	}

	history_init(&h, &ctx->repo);
	h.use_cache = 1;
	if (b_rev) {
		git_tree *ta = NULL, *tb = NULL;
		git_commit *cb = NULL;

		if (dots == 3) {
			git_commit *ca = NULL, *cbb = NULL;
			git_oid base;

			err = repo_commit(&ca, &ctx->repo, a_rev);
			if (!err)
				err = repo_commit(&cbb, &ctx->repo, b_rev);
			if (!err && git_merge_base(&base, ctx->repo.repo,
						   git_commit_id(ca),
						   git_commit_id(cbb)) < 0)
				err = error("%s and %s have no merge base",
					    a_rev, b_rev);
			if (!err) {
				free(a_rev);
				a_rev = xstrdup(git_oid_tostr_s(&base));
			}
			git_commit_free(ca);
			git_commit_free(cbb);
		}
		if (!err)
			err = repo_tree(&ta, NULL, &ctx->repo, a_rev);
		if (!err)
			err = repo_tree(&tb, &cb, &ctx->repo, b_rev);
		if (!err)
			err = history_diff_trees(&ev, &h, ta, tb);
		if (cb)
			history_commit_info(&ci, cb);
		git_commit_free(cb);
		git_tree_free(ta);
		git_tree_free(tb);
	} else if (staged) {
		git_tree *base = NULL;

		if (argc || git_repository_head_unborn(ctx->repo.repo) != 1)
			err = repo_tree(&base, NULL, &ctx->repo,
				     argc ? argv[0] : "HEAD");
		if (!err)
			err = history_diff_index(&ev, &h, base, NULL);
		git_tree_free(base);
	} else if (argc == 1) {
		err = history_diff_sources(&ev, &h, READ_TREE, argv[0],
				       READ_WORKTREE);
	} else {
		err = history_diff_sources(&ev, &h, READ_INDEX, NULL,
				       READ_WORKTREE);
	}
	if (err)
		goto done;

	output_setup(&out, ctx, 1);
	if (out.format == FORMAT_JSON)
		render_json_events(&sb, &ci, ev.v, ev.nr);
	else if (out.format == FORMAT_MARKDOWN)
		render_markdown_events(&sb, NULL, ev.v, ev.nr);
	else
		render_text_events(&sb, &out, NULL, ev.v, ev.nr);
	output_write(&sb);
	ret = exit_code && ev.nr ? EXIT_FINDINGS : 0;
done:
	free(a_rev);
	free(b_rev);
	commit_info_release(&ci);
	event_list_release(&ev);
	strbuf_release(&sb);
	history_release(&h);
	return ret;
}
