#include <stdlib.h>

#include "blame.h"
#include "cmd.h"
#include "output.h"
#include "render.h"
#include "strbuf.h"
#include "util.h"

static const char *const blame_usage[] = {
	"git thesis blame [--at <rev>] [--format=<format>] <target>",
	NULL,
};

int cmd_blame(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct output out = OUTPUT_INIT(FORMAT_TEXT | FORMAT_JSON);
	struct blame_result *res = NULL;
	struct strbuf sb = STRBUF_INIT;
	const char *at = NULL;
	struct option opts[] = {
		OPT_STRING(0, "at", &at, "rev",
			   "blame the target as it is at this revision"),
		OPT_FORMAT(&out, "text or json"),
		OPT_COLOR(&out),
		OPT_END(),
	};

	argc = parse_options(argc, argv, opts, blame_usage, 0);
	if (argc != 1)
		usage_msg(blame_usage, opts,
			  argc ? "too many arguments" : "no target given");
	if (blame_run(&res, &ctx->repo, argv[0], at) < 0)
		return EXIT_FATAL;
	output_setup(&out, ctx, 1);
	if (out.format == FORMAT_JSON)
		render_json_blame(&sb, res->target, res->lines, res->nr);
	else
		render_text_blame(&sb, &out, res->target, res->lines, res->nr);
	output_write(&sb);
	strbuf_release(&sb);
	blame_result_free(res);
	return 0;
}
