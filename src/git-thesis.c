/*
 * git-thesis: how strategic positions and theses evolve in a vault of
 * Markdown notes kept in git.  This file holds the global options and the
 * command table; each command lives in its own cmd_<name>.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "cmd.h"
#include "options.h"
#include "util.h"

#ifndef GIT_THESIS_VERSION
#define GIT_THESIS_VERSION "unknown"
#endif

struct cmd_struct {
	const char *name;
	int (*fn)(int argc, const char **argv, struct cmd_ctx *ctx);
	unsigned flags;
	const char *help;
};

static const struct cmd_struct commands[] = {
	{"positions", cmd_positions, CMD_NEED_REPO,
	 "List positions and theses with their status and evidence"},
	{"show", cmd_show, CMD_NEED_REPO,
	 "Show one target: fields, mappings and mentions"},
	{"check", cmd_check, CMD_NEED_REPO,
	 "Validate notes: YAML, vocabularies, ids, references"},
	{"parse", cmd_parse, CMD_NEED_REPO,
	 "Show the facts git-thesis reads from one note"},
	{"diff", cmd_diff, CMD_NEED_REPO,
	 "Show position events between two states of the vault"},
	{"log", cmd_log, CMD_NEED_REPO,
	 "Show the position events of a range of history"},
	{"blame", cmd_blame, CMD_NEED_REPO,
	 "Show which commit set each field and mapping of a target"},
	{"review", cmd_review, CMD_NEED_REPO,
	 "A decision memo for a branch or a push: changes, evidence, flags"},
	{"report", cmd_report, CMD_NEED_REPO,
	 "Write a self-contained HTML timeline of positions and theses"},
	{"sync", cmd_sync, CMD_NEED_REPO,
	 "Commit, fetch, merge and push the vault without losing a note"},
	{"hooks", cmd_hooks, CMD_NEED_REPO,
	 "Install, remove or list the git hooks of git-thesis"},
	{"record", cmd_record, CMD_NEED_REPO,
	 "Change a target's status, confidence, stance, owner or title"},
	{"mcp", cmd_mcp, CMD_NEED_REPO,
	 "Serve the vault to AI agents over the Model Context Protocol"},
	{"hook", cmd_hook, 0, "Run one hook (called by the installed scripts)"},
	{"textconv", cmd_textconv, 0,
	 "A note's facts as text, for git diff and git log -p"},
};

static const char *const main_usage[] = {
	"git thesis [-C <path>] [--vault <dir>] [--exclude <pattern>] "
	"[--no-pager] <command> [<args>]",
	"git thesis help [<command>]",
	NULL,
};

static void S_list_commands(FILE *fp)
{
	size_t i;

	fprintf(fp, "\ncommands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(fp, "    %-12s%s\n", commands[i].name,
			commands[i].help);
	fprintf(fp, "\nSee 'git thesis help <command>' or 'man git-thesis'.\n");
}

static const struct cmd_struct *S_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int S_chdir_cb(const struct option *opt, const char *arg, int unset)
{
	(void)opt;
	(void)unset;
	if (*arg && chdir(arg) < 0)
		die("cannot change to '%s': %s", arg, strerror(errno));
	return 0;
}

static int S_run(const struct cmd_struct *cmd, int argc, const char **argv,
		 struct cmd_ctx *ctx)
{
	int ret;

	if ((cmd->flags & CMD_NEED_REPO) &&
	    repo_open(&ctx->repo, ctx->vault_opt, &ctx->exclude_opt) < 0)
		return error_print_fatal();
	ret = cmd->fn(argc, argv, ctx);
	/* An engine's error travels up as a value: printed once, here. */
	if (ret == EXIT_FATAL)
		error_print_fatal();
	fflush(stdout);
	if (ferror(stdout))
		ret = error("write error on standard output") ? EXIT_FATAL : 0;
	repo_release(&ctx->repo);
	return ret;
}

int main(int argc, const char **argv)
{
	struct cmd_ctx ctx = {THESIS_REPO_INIT, NULL, STRVEC_INIT, 0, 0};
	int version = 0, ret;
	const struct cmd_struct *cmd;
	struct option opts[] = {
		OPT_CALLBACK('C', NULL, NULL, "path",
			     "run as if started in <path>", S_chdir_cb),
		OPT_STRING(0, "vault", &ctx.vault_opt, "dir",
			   "the vault folder (default: thesis.vault, else "
			   "the whole tree)"),
		OPT_STRVEC(0, "exclude", &ctx.exclude_opt, "pattern",
			   "leave out files matching a gitignore-style "
			   "pattern (adds to thesis.exclude)"),
		OPT_SET_INT(0, "no-pager", &ctx.no_pager,
			    "do not pipe output into a pager", 1),
		OPT_SET_INT('p', "paginate", &ctx.paginate,
			    "pipe output into a pager even if pager.thesis is "
			    "false",
			    1),
		OPT_SET_INT(0, "version", &version, "print the version", 1),
		OPT_END(),
	};

	git_libgit2_init();
	/* git does not re-hash objects on read either; 10-20% of a walk. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/*
	 * Mapped pack windows and libgit2's object cache (256 MB by default)
	 * count towards memory, and a walk reads the pack from end to end:
	 * cap both.  (A bigger object cache for trees
	 * was measured: 3% faster, 70 MB more; not worth it.)
	 */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)16 * 1024 * 1024);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT,
			 (size_t)32 * 1024 * 1024);

	argc = parse_options(argc, argv, opts, main_usage,
			     PARSE_OPT_STOP_AT_NON_OPTION);
	if (version) {
		printf("git-thesis version %s\n", GIT_THESIS_VERSION);
		ret = 0;
		goto done;
	}
	if (!argc) {
		fprintf(stderr, "usage: %s\n", main_usage[0]);
		S_list_commands(stderr);
		ret = EXIT_USAGE;
		goto done;
	}
	if (!strcmp(argv[0], "help")) {
		const char *help_argv[] = {NULL, "--help", NULL};

		if (argc < 2) {
			printf("usage: %s\n", main_usage[0]);
			S_list_commands(stdout);
			ret = 0;
			goto done;
		}
		cmd = S_find(argv[1]);
		if (!cmd) {
			error("'%s' is not a git-thesis command; see 'git "
			      "thesis help'", argv[1]);
			ret = EXIT_USAGE;
			goto done;
		}
		help_argv[0] = cmd->name;
		ret = cmd->fn(2, help_argv, &ctx);
		goto done;
	}
	cmd = S_find(argv[0]);
	if (!cmd) {
		error("'%s' is not a git-thesis command; see 'git thesis help'",
		      argv[0]);
		ret = EXIT_USAGE;
		goto done;
	}
	ret = S_run(cmd, argc, argv, &ctx);
done:
	strvec_release(&ctx.exclude_opt);
	git_libgit2_shutdown();
	return ret;
}
