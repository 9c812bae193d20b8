/*
 * git thesis hooks install|uninstall|status: hookinstall.c does the work,
 * render_hook.c words it.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "hookinstall.h"
#include "hookscript.h"
#include "options.h"
#include "render.h"
#include "strbuf.h"
#include "util.h"

static const char *const hooks_usage[] = {
	"git thesis hooks install [--force] [--textconv] [<hook>...]",
	"git thesis hooks uninstall [<hook>...]",
	"git thesis hooks status",
	NULL,
};

/*
 * Each step in the order it happened: a line on stdout, or a failure's
 * message as an error on stderr (error() flushes stdout first, so the two
 * interleave as they happened).
 */
static void S_render(const struct hookinstall_result *res)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < res->nr; i++) {
		if (res->v[i].kind == HOOKINSTALL_FAILED) {
			error("%s", res->v[i].arg);
			continue;
		}
		strbuf_reset(&sb);
		render_text_hookinstall_step(&sb, &res->v[i]);
		fwrite(sb.buf, 1, sb.len, stdout);
	}
	strbuf_release(&sb);
}

static int S_status(struct thesis_repo *repo)
{
	struct hookinstall_status st = HOOKINSTALL_STATUS_INIT;
	struct strbuf sb = STRBUF_INIT;

	hookinstall_status(&st, repo);
	render_text_hookinstall_status(&sb, &st);
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
	hookinstall_status_release(&st);
	return 0;
}

int cmd_hooks(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct hookinstall_opts hopts = HOOKINSTALL_OPTS_INIT;
	struct hookinstall_result res = HOOKINSTALL_RESULT_INIT;
	int i, ret;
	struct option opts[] = {
		OPT_BOOL(0, "force", &hopts.force,
			 "rewrite our scripts; keep a second foreign hook as "
			 "<hook>.thesis-chained.N"),
		OPT_BOOL(0, "textconv", &hopts.textconv,
			 "also make 'git diff' and 'git log -p' show note "
			 "facts"),
		OPT_END(),
	};

	argc = parse_options(argc, argv, opts, hooks_usage, 0);
	if (!argc)
		usage_msg(hooks_usage, opts, "install, uninstall or status?");
	for (i = 1; i < argc; i++)
		if (!hooks_find(argv[i]))
			usage_msg(hooks_usage, opts, "unknown hook '%s'",
				  argv[i]);
	if (!strcmp(argv[0], "status"))
		return S_status(&ctx->repo);
	hopts.hooks = argv + 1;
	hopts.hooks_nr = (size_t)argc - 1;
	if (!strcmp(argv[0], "install")) {
		/* No hooks folder, nothing done: said as an error, exit 128. */
		if (hookinstall_install(&res, &ctx->repo, &hopts) < 0) {
			error("%s", error_pending());
			error_clear();
			return EXIT_FATAL;
		}
	} else if (!strcmp(argv[0], "uninstall")) {
		hookinstall_uninstall(&res, &ctx->repo, &hopts);
	} else {
		usage_msg(hooks_usage, opts, "unknown action '%s'", argv[0]);
	}
	S_render(&res);
	ret = res.failed ? EXIT_FATAL : 0;
	hookinstall_result_release(&res);
	return ret;
}
