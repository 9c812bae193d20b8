/*
 * git thesis sync: commit, fetch, merge and push the vault without losing
 * a note.  The work is in sync.c; this file holds the options.
 */
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "output.h"
#include "sync.h"
#include "util.h"

static const char *const sync_usage[] = {
	"git thesis sync [--dry-run | --check] [--no-push] [--quiet] "
	"[--format=<format>]",
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

int cmd_sync(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct output out = OUTPUT_INIT(FORMAT_TEXT | FORMAT_JSON);
	struct sync_opts so = SYNC_OPTS_INIT;
	struct option opts[] = {
		OPT_BOOL('n', "dry-run", &so.dry_run,
			 "say what would happen; fetch nothing, change "
			 "nothing"),
		OPT_BOOL(0, "check", &so.check, "only the safety checks"),
		OPT_BOOL(0, "no-push", &so.no_push,
			 "commit, fetch and merge, but do not push"),
		OPT_BOOL('q', "quiet", &so.quiet,
			 "print nothing unless something needs the user"),
		OPT_CALLBACK(0, "resolve", &so.resolve, "side",
			     "after a conflict: merge again taking 'ours' or "
			     "'theirs' where both changed",
			     S_resolve_cb),
		OPT_FORMAT(&out, "text or json"),
		OPT_COLOR(&out),
		OPT_END(),
	};

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
	output_setup(&out, ctx, 0);
	so.out = &out;
	return sync_run(&ctx->repo, &so);
}
