#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "diffcmd.h"
#include "output.h"
#include "render.h"
#include "util.h"

static const char *const diff_usage[] = {
	"git thesis diff [<options>] [--staged] [<commit>]",
	"git thesis diff [<options>] <commit> <commit>",
	"git thesis diff [<options>] <commit>..<commit>",
	"git thesis diff [<options>] <commit>...<commit>",
	NULL,
};

int cmd_diff(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct output out =
		OUTPUT_INIT(FORMAT_TEXT | FORMAT_JSON | FORMAT_MARKDOWN);
	struct diffcmd_opts dopts = DIFFCMD_OPTS_INIT;
	struct diffcmd_result *res = NULL;
	int exit_code = 0, ret;
	struct strbuf sb = STRBUF_INIT;
	struct option opts[] = {
		OPT_BOOL(0, "staged", &dopts.staged,
			 "compare the index with HEAD (or <commit>)"),
		OPT_BOOL(0, "cached", &dopts.staged, "same as --staged"),
		OPT_BOOL(0, "exit-code", &exit_code,
			 "exit with 1 when there are events"),
		OPT_FORMAT(&out, "text, json or markdown"),
		OPT_COLOR(&out),
		OPT_END(),
	};

	argc = parse_options(argc, argv, opts, diff_usage, 0);
	if (argc > 2 || (dopts.staged && argc > 1) ||
	    (dopts.staged && argc == 1 && strstr(argv[0], "..")))
		usage_msg(diff_usage, opts,
			  dopts.staged ? "--staged compares the index with "
					 "one commit"
				       : "too many arguments");
	dopts.args = argv;
	dopts.args_nr = argc;
	if (diffcmd_run(&res, &ctx->repo, &dopts) < 0)
		return EXIT_FATAL;

	output_setup(&out, ctx, 1);
	if (out.format == FORMAT_JSON)
		render_json_events(&sb, &res->commit, res->events.v,
				   res->events.nr);
	else if (out.format == FORMAT_MARKDOWN)
		render_markdown_events(&sb, NULL, res->events.v,
				       res->events.nr);
	else
		render_text_events(&sb, &out, NULL, res->events.v,
				   res->events.nr);
	output_write(&sb);
	ret = exit_code && res->events.nr ? EXIT_FINDINGS : 0;
	strbuf_release(&sb);
	diffcmd_result_free(res);
	return ret;
}
