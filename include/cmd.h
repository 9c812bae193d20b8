#ifndef THESIS_CMD_H
#define THESIS_CMD_H

/*
 * cmd: the subcommands, one cmd_<name>.c file each, dispatched from the
 * table in git-thesis.c.  A command gets its own argv (argv[0] is its name)
 * and the context the global options built, and returns the process exit
 * code: 0, 1 for findings; fatal errors return 128 (or die()), usage
 * errors exit 129 from the option parser.
 *
 * Layer: commands.  See src/README.
 */

#include "repo.h"
#include "strvec.h"

struct cmd_ctx {
	struct thesis_repo repo; /* opened before commands flagged NEED_REPO */
	const char *vault_opt;   /* --vault */
	struct strvec exclude_opt; /* --exclude, each time given */
	int no_pager;            /* --no-pager */
	int paginate;            /* -p / --paginate */
};

#define CMD_NEED_REPO (1 << 0)

int cmd_positions(int argc, const char **argv, struct cmd_ctx *ctx);
int cmd_show(int argc, const char **argv, struct cmd_ctx *ctx);
int cmd_check(int argc, const char **argv, struct cmd_ctx *ctx);
int cmd_parse(int argc, const char **argv, struct cmd_ctx *ctx);
int cmd_log(int argc, const char **argv, struct cmd_ctx *ctx);
int cmd_diff(int argc, const char **argv, struct cmd_ctx *ctx);
int cmd_blame(int argc, const char **argv, struct cmd_ctx *ctx);
int cmd_review(int argc, const char **argv, struct cmd_ctx *ctx);
int cmd_report(int argc, const char **argv, struct cmd_ctx *ctx);
int cmd_sync(int argc, const char **argv, struct cmd_ctx *ctx);
int cmd_hooks(int argc, const char **argv, struct cmd_ctx *ctx);
int cmd_hook(int argc, const char **argv, struct cmd_ctx *ctx);
int cmd_textconv(int argc, const char **argv, struct cmd_ctx *ctx);
int cmd_mcp(int argc, const char **argv, struct cmd_ctx *ctx);
int cmd_record(int argc, const char **argv, struct cmd_ctx *ctx);

/*
 * From cmd_hook.c, for `record`: the pre-commit check of the index
 * against HEAD (prints its report on stderr; returns 1 when it would stop
 * the commit), and the Position-Change:/Thesis-Change: trailers the
 * prepare-commit-msg hook writes for a list of events.
 */
struct event_list;
struct strvec;
int hook_pre_commit_check(struct thesis_repo *repo);

#endif
