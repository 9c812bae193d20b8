/*
 * git thesis sync: commit, fetch, merge and push the vault without losing
 * a note.  This file parses the options, runs the engine (sync.h) and
 * hands its result to the renderers; the work is in sync*.c.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "output.h"
#include "render.h"
#include "sync.h"
#include "util.h"

static const char *const sync_usage[] = {
	"git thesis sync [--dry-run | --check] [--no-push] [--quiet] "
	"[-m <message>] [--why <text>] [--format=<format>]",
	"git thesis sync --resolve (ours | theirs)",
	NULL,
};

static int S_resolve_cb(const struct option *opt, const char *arg, int unset)
{
	enum fmmerge_favor *favor = opt->value;

	if (unset)
		*favor = FMMERGE_FAVOR_NONE;
	else if (!strcmp(arg, "ours"))
		*favor = FMMERGE_FAVOR_OURS;
	else if (!strcmp(arg, "theirs"))
		*favor = FMMERGE_FAVOR_THEIRS;
	else
		return error("--resolve takes 'ours' or 'theirs', not '%s'",
			     arg);
	return 0;
}

struct S_progress {
	const struct output *out;
	int quiet;
};

/* Each message to its stream as it happens (sync_progress_fn). */
static void S_progress(const struct sync_message *m, void *data)
{
	const struct S_progress *p = data;
	struct strbuf sb = STRBUF_INIT;
	int stream = render_sync_message(&sb, p->out, m, p->quiet);

	if (stream == 2)
		fflush(stdout);
	if (stream)
		fwrite(sb.buf, 1, sb.len, stream == 1 ? stdout : stderr);
	strbuf_release(&sb);
}

/* After the messages: a fatal error, once; the report. */
static void S_render(const struct sync_result *res, const struct output *out,
		     int quiet)
{
	struct strbuf sb = STRBUF_INIT;

	if (res->error)
		error("%s", res->error);
	if (!quiet) {
		if (out->format == FORMAT_JSON)
			render_json_sync_report(&sb, res);
		else
			render_text_sync_report(&sb, out, res);
		fwrite(sb.buf, 1, sb.len, stdout);
	}
	strbuf_release(&sb);
}

int cmd_sync(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct output out = OUTPUT_INIT(FORMAT_TEXT | FORMAT_JSON);
	struct sync_opts so = SYNC_OPTS_INIT;
	struct sync_result res = SYNC_RESULT_INIT;
	struct S_progress progress;
	struct option opts[] = {
		OPT_BOOL('n', "dry-run", &so.dry_run,
			 "say what would happen; fetch nothing, change "
			 "nothing"),
		OPT_BOOL(0, "check", &so.check, "only the safety checks"),
		OPT_BOOL(0, "no-push", &so.no_push,
			 "commit, fetch and merge, but do not push"),
		OPT_BOOL('q', "quiet", &so.quiet,
			 "print nothing unless something needs the user"),
		OPT_STRING(
			'm', "message", &so.message, "message",
			"the commit message, instead of thesis.sync.message"),
		OPT_STRING(0, "why", &so.why, "text",
			   "a Why: trailer for the commit (why a position "
			   "changed)"),
		OPT_CALLBACK(0, "resolve", &so.resolve, "side",
			     "after a conflict: merge again taking 'ours' or "
			     "'theirs' where both changed",
			     S_resolve_cb),
		OPT_FORMAT(&out, "text or json"),
		OPT_COLOR(&out),
		OPT_END(),
	};
	int ret;

	argc = parse_options(argc, argv, opts, sync_usage, 0);
	if (argc)
		usage_msg(sync_usage, opts, "unexpected argument '%s'",
			  argv[0]);
	if (so.dry_run && so.check)
		usage_msg(sync_usage, opts,
			  "--dry-run and --check cannot be used together");
	if (so.resolve != FMMERGE_FAVOR_NONE && (so.dry_run || so.check))
		usage_msg(sync_usage, opts,
			  "--resolve cannot be used with --dry-run or --check");
	if (so.message && !so.message[strspn(so.message, " \t\n")])
		usage_msg(sync_usage, opts, "-m needs a message");
	if (so.why &&
	    (!so.why[strspn(so.why, " \t")] || strpbrk(so.why, "\r\n")))
		usage_msg(sync_usage, opts, "--why needs a reason on one line");
	output_setup(&out, ctx, 0);
	progress.out = &out;
	progress.quiet = so.quiet;
	so.progress = S_progress;
	so.progress_data = &progress;
	ret = sync_run(&res, &ctx->repo, &so);
	S_render(&res, &out, so.quiet);
	sync_result_release(&res);
	return ret;
}
