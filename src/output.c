#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output.h"
#include "strvec.h"
#include "cmd.h"
#include "strbuf.h"
#include "util.h"

static pid_t pager_pid;

int output_format_cb(const struct option *opt, const char *arg, int unset)
{
	struct output *out = opt->value;
	enum output_format f;

	if (unset || !arg)
		f = FORMAT_TEXT;
	else if (!strcmp(arg, "text"))
		f = FORMAT_TEXT;
	else if (!strcmp(arg, "json"))
		f = FORMAT_JSON;
	else if (!strcmp(arg, "markdown"))
		f = FORMAT_MARKDOWN;
	else
		return error("unknown format '%s'", arg);
	if (!(out->allowed_formats & (int)f))
		return error("format '%s' is not available for this command",
			     arg);
	out->format = f;
	return 0;
}

int output_color_cb(const struct option *opt, const char *arg, int unset)
{
	struct output *out = opt->value;

	if (unset)
		arg = "never";
	else if (!arg)
		arg = "always";
	if (strcmp(arg, "always") && strcmp(arg, "never") &&
	    strcmp(arg, "auto"))
		return error("--color takes always, never or auto, not '%s'",
			     arg);
	out->color_arg = arg;
	return 0;
}

static void S_wait_for_pager(void)
{
	fflush(stdout);
	fflush(stderr);
	close(STDOUT_FILENO);
	if (pager_pid > 0)
		waitpid(pager_pid, NULL, 0);
}

static void S_start_pager(const char *cmd)
{
	int fd[2];

	if (pipe(fd) < 0)
		return;
	fflush(stdout);
	pager_pid = fork();
	if (pager_pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return;
	}
	if (!pager_pid) {
		dup2(fd[0], STDIN_FILENO);
		close(fd[0]);
		close(fd[1]);
		setenv("LESS", "FRX", 0);
		setenv("LV", "-c", 0);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	dup2(fd[1], STDOUT_FILENO);
	close(fd[0]);
	close(fd[1]);
	atexit(S_wait_for_pager);
}

static char *S_pager_command(struct cmd_ctx *ctx)
{
	const char *env = getenv("GIT_PAGER");
	char *cfg;

	if (env)
		return xstrdup(env);
	cfg = ctx->repo.repo ? repo_config_string(&ctx->repo, "pager.thesis")
			     : NULL;
	/* pager.thesis names a pager unless it is a boolean. */
	if (cfg && strcasecmp(cfg, "true") && strcasecmp(cfg, "false") &&
	    strcasecmp(cfg, "yes") && strcasecmp(cfg, "no") &&
	    strcmp(cfg, "1") && strcmp(cfg, "0") && *cfg)
		return cfg;
	free(cfg);
	cfg = ctx->repo.repo ? repo_config_string(&ctx->repo, "core.pager")
			     : NULL;
	if (cfg)
		return cfg;
	env = getenv("PAGER");
	return xstrdup(env ? env : "less");
}

void output_setup(struct output *out, struct cmd_ctx *ctx, int page)
{
	const char *when = out->color_arg;
	int pager_in_use = env_true("GIT_PAGER_IN_USE");
	int tty = isatty(STDOUT_FILENO) || pager_in_use;
	char *ui = NULL;

	if (!when && ctx->repo.repo)
		ui = repo_config_string(&ctx->repo, "color.ui");
	if (!when && ui) {
		if (!strcasecmp(ui, "always"))
			when = "always";
		else if (!strcasecmp(ui, "never") || !strcasecmp(ui, "false"))
			when = "never";
	}
	if (!when || !strcmp(when, "auto")) {
		const char *term = getenv("TERM");

		const char *no_color = getenv("NO_COLOR");

		out->color = tty && !(no_color && *no_color) &&
			     !(term && !strcmp(term, "dumb"));
	} else {
		out->color = !strcmp(when, "always");
	}
	free(ui);

	if (!page || ctx->no_pager || pager_in_use ||
	    !isatty(STDOUT_FILENO))
		return;
	if (ctx->repo.repo && !ctx->paginate &&
	    !repo_config_bool(&ctx->repo, "pager.thesis", 1))
		return;
	{
		char *cmd = S_pager_command(ctx);

		if (*cmd && strcmp(cmd, "cat")) {
			setenv("GIT_PAGER_IN_USE", "true", 1);
			S_start_pager(cmd);
		}
		free(cmd);
	}
}

const char *output_color(const struct output *out, const char *escape)
{
	return out->color && escape ? escape : "";
}

void output_write(const struct strbuf *sb)
{
	fwrite(sb->buf, 1, sb->len, stdout);
}

void output_warnings(const struct strvec *messages)
{
	size_t i;

	for (i = 0; i < messages->nr; i++)
		warning("%s", messages->v[i]);
}
