#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "history.h"
#include "output.h"
#include "render.h"
#include "review.h"
#include "util.h"

static const char *const review_usage[] = {
	"git thesis review [--format=<format>] <revision-range>",
	NULL,
};

int cmd_review(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct output out =
		OUTPUT_INIT(FORMAT_TEXT | FORMAT_JSON | FORMAT_MARKDOWN);
	struct review rv = REVIEW_INIT;
	struct strvec revs = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT, range = STRBUF_INIT;
	int ret = EXIT_FATAL, i;
	struct history h;
	struct option opts[] = {
		OPT_FORMAT(&out, "text, json or markdown"),
		OPT_COLOR(&out),
		OPT_END(),
	};

	argc = parse_options(argc, argv, opts, review_usage, 0);
	if (!argc)
		usage_msg(review_usage, opts,
			  "no revision range given (e.g. main..topic)");
	for (i = 0; i < argc; i++) {
		strvec_push(&revs, argv[i]);
		strbuf_addf(&range, "%s%s", i ? " " : "", argv[i]);
	}
	rv.range = range.buf;
	history_init(&h, &ctx->repo);
	if (review_build(&rv, &h, &revs) < 0)
		goto done;
	output_setup(&out, ctx, 1);
	if (out.format == FORMAT_JSON)
		render_json_review(&sb, &rv);
	else if (out.format == FORMAT_MARKDOWN)
		render_markdown_review(&sb, &rv);
	else
		render_text_review(&sb, &out, &rv);
	output_write(&sb);
	ret = rv.flags_nr ? EXIT_FINDINGS : 0;
done:
	review_release(&rv);
	history_release(&h);
	strvec_release(&revs);
	strbuf_release(&sb);
	strbuf_release(&range);
	return ret;
}
