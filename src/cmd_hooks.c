#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "hookscript.h"
#include "options.h"
#include "strbuf.h"
#include "util.h"

static const char *const hooks_usage[] = {
	"git thesis hooks install [--force] [--textconv] [<hook>...]",
	"git thesis hooks uninstall [<hook>...]",
	"git thesis hooks status",
	NULL,
};

#define TEXTCONV_COMMAND "git thesis textconv"
#define ATTRIBUTES_LINE "*.md diff=thesis"

enum hook_state {
	HOOK_ABSENT,
	HOOK_OURS,     /* our current script */
	HOOK_OUTDATED, /* our script, another version */
	HOOK_FOREIGN,  /* somebody else's */
};

static int S_read(struct strbuf *out, const char *path)
{
	FILE *fp = fopen(path, "rb");
	char buf[4096];
	size_t n;

	if (!fp)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(out, buf, n);
	fclose(fp);
	return 0;
}

static enum hook_state S_state(const char *path, const struct hook_info *h)
{
	struct strbuf have = STRBUF_INIT, want = STRBUF_INIT;
	enum hook_state st;
	struct stat lst;

	if (lstat(path, &lst) < 0)
		return HOOK_ABSENT;
	/* We never install links: a link, even a dangling one, is theirs. */
	if (S_ISLNK(lst.st_mode) || S_read(&have, path) < 0) {
		strbuf_release(&have);
		return HOOK_FOREIGN;
	}
	hooks_script(&want, h);
	if (!strcmp(have.buf, want.buf))
		st = HOOK_OURS;
	else if (strstr(have.buf, HOOKS_MARKER))
		st = HOOK_OUTDATED;
	else
		st = HOOK_FOREIGN;
	strbuf_release(&have);
	strbuf_release(&want);
	return st;
}

static int S_exists(const char *path)
{
	struct stat st;

	return !lstat(path, &st);
}

/* Writes a new file next to `path` and renames it over: never half a hook. */
static int S_write_script(const char *path, const struct hook_info *h)
{
	struct strbuf body = STRBUF_INIT;
	char *tmp = xstrfmt("%s.thesis-new", path);
	FILE *fp = fopen(tmp, "wb");
	int err = 0;

	hooks_script(&body, h);
	if (!fp || fwrite(body.buf, 1, body.len, fp) != body.len) {
		err = error("cannot write %s: %s", tmp, strerror(errno));
		if (fp)
			fclose(fp);
		unlink(tmp);
	} else if (fclose(fp) || chmod(tmp, 0755) || rename(tmp, path)) {
		err = error("cannot install %s: %s", path, strerror(errno));
		unlink(tmp);
	}
	strbuf_release(&body);
	free(tmp);
	return err;
}

static int S_mkdirs(const char *dir)
{
	char *p = xstrdup(dir), *s;
	int err = 0;

	for (s = p + 1; *s && !err; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			err = -1;
		*s = '/';
	}
	if (!err && mkdir(p, 0777) < 0 && errno != EEXIST)
		err = -1;
	if (err)
		error("cannot create %s: %s", p, strerror(errno));
	free(p);
	return err;
}

static int S_install_one(const char *dir, const struct hook_info *h,
			 int force)
{
	char *path = xstrfmt("%s/%s", dir, h->name);
	char *chained = xstrfmt("%s" HOOKS_CHAINED_SUFFIX, path);
	int err = 0;

	switch (S_state(path, h)) {
	case HOOK_OURS:
		if (force)
			err = S_write_script(path, h);
		if (!err)
			printf("%s: already installed\n", h->name);
		break;
	case HOOK_OUTDATED:
	case HOOK_ABSENT:
		err = S_write_script(path, h);
		if (!err)
			printf("%s: installed%s\n", h->name,
			       S_exists(chained) ? " (runs the kept hook "
						   "first)" : "");
		break;
	case HOOK_FOREIGN:
		if (S_exists(chained)) {
			char *spare;
			int n = 1;

			if (!force) {
				err = error("%s: a hook of another tool is there "
					    "and %s" HOOKS_CHAINED_SUFFIX
					    " is taken; rerun with --force to keep "
					    "it as %s" HOOKS_CHAINED_SUFFIX ".N",
					    h->name, h->name, h->name);
				break;
			}
			do {
				spare = xstrfmt("%s.%d", chained, n++);
				if (!S_exists(spare))
					break;
				free(spare);
			} while (1);
			if (rename(path, spare) < 0)
				err = error("cannot move %s: %s", path,
					    strerror(errno));
			else
				printf("%s: kept the existing hook as %s\n",
				       h->name, strrchr(spare, '/') + 1);
			free(spare);
		} else if (rename(path, chained) < 0) {
			err = error("cannot move %s: %s", path,
				    strerror(errno));
		} else {
			printf("%s: kept the existing hook as %s"
			       HOOKS_CHAINED_SUFFIX "\n", h->name, h->name);
		}
		if (!err)
			err = S_write_script(path, h);
		if (!err)
			printf("%s: installed (runs the kept hook first)\n",
			       h->name);
		break;
	}
	free(path);
	free(chained);
	return err;
}

static int S_uninstall_one(const char *dir, const struct hook_info *h,
			   int named)
{
	char *path = xstrfmt("%s/%s", dir, h->name);
	char *chained = xstrfmt("%s" HOOKS_CHAINED_SUFFIX, path);
	enum hook_state st = S_state(path, h);
	int err = 0;

	if (st == HOOK_FOREIGN) {
		if (named)
			printf("%s: not a git-thesis hook; left alone\n",
			       h->name);
	} else if (st == HOOK_ABSENT) {
		if (named)
			printf("%s: not installed\n", h->name);
	} else if (unlink(path) < 0) {
		err = error("cannot remove %s: %s", path, strerror(errno));
	} else if (S_exists(chained)) {
		if (rename(chained, path) < 0)
			err = error("cannot restore %s: %s", chained,
				    strerror(errno));
		else
			printf("%s: removed; the earlier hook is back\n",
			       h->name);
	} else {
		printf("%s: removed\n", h->name);
	}
	free(path);
	free(chained);
	return err;
}

static char *S_attributes_path(struct thesis_repo *r)
{
	return xstrfmt("%sinfo/attributes", git_repository_commondir(r->repo));
}

static int S_has_line(const char *file, const char *line)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	int found = 0;

	if (S_read(&sb, file) < 0)
		return 0;
	for (p = sb.buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, line, strlen(line)) &&
		    (p[strlen(line)] == '\n' || !p[strlen(line)]))
			found = 1;
	strbuf_release(&sb);
	return found;
}

static int S_textconv(struct thesis_repo *r, int install)
{
	git_config *cfg = NULL;
	char *attrs = S_attributes_path(r);
	char *cur = repo_config_string(r, "diff.thesis.textconv");
	int err = 0;

	if (git_repository_config(&cfg, r->repo) < 0) {
		err = error_git("cannot open the configuration");
		goto done;
	}
	if (install) {
		if (cur && strcmp(cur, TEXTCONV_COMMAND)) {
			printf("textconv: diff.thesis.textconv is already '%s'; "
			       "left alone\n", cur);
		} else if (git_config_set_string(cfg, "diff.thesis.textconv",
						 TEXTCONV_COMMAND) < 0) {
			err = error_git("cannot set diff.thesis.textconv");
			goto done;
		}
		if (!S_has_line(attrs, ATTRIBUTES_LINE)) {
			struct strbuf sb = STRBUF_INIT;
			FILE *fp;
			char *dir = xstrfmt("%sinfo",
					    git_repository_commondir(r->repo));

			S_mkdirs(dir);
			free(dir);
			S_read(&sb, attrs);
			fp = fopen(attrs, "ab");
			if (!fp) {
				err = error("cannot write %s: %s", attrs,
					    strerror(errno));
				strbuf_release(&sb);
				goto done;
			}
			if (sb.len && sb.buf[sb.len - 1] != '\n')
				fputc('\n', fp);
			fputs(ATTRIBUTES_LINE "\n", fp);
			fclose(fp);
			strbuf_release(&sb);
		}
		printf("textconv: 'git log -p' and 'git diff' show note facts "
		       "(%s)\n", ATTRIBUTES_LINE);
	} else {
		struct strbuf sb = STRBUF_INIT, outb = STRBUF_INIT;
		const char *p;

		if (cur && !strcmp(cur, TEXTCONV_COMMAND))
			git_config_delete_entry(cfg, "diff.thesis.textconv");
		git_error_clear();
		if (!S_read(&sb, attrs)) {
			for (p = sb.buf; *p;) {
				const char *nl = strchr(p, '\n');
				size_t len = nl ? (size_t)(nl - p) : strlen(p);

				if (len != strlen(ATTRIBUTES_LINE) ||
				    strncmp(p, ATTRIBUTES_LINE, len)) {
					strbuf_add(&outb, p, len);
					strbuf_addch(&outb, '\n');
				}
				p += len + (nl ? 1 : 0);
			}
			if (outb.len != sb.len) {
				FILE *fp = fopen(attrs, "wb");

				if (fp) {
					fwrite(outb.buf, 1, outb.len, fp);
					fclose(fp);
				}
			}
		}
		strbuf_release(&sb);
		strbuf_release(&outb);
	}
done:
	git_config_free(cfg);
	free(cur);
	free(attrs);
	return err;
}

int cmd_hooks(int argc, const char **argv, struct cmd_ctx *ctx)
{
	int force = 0, textconv = 0, err = 0, i, install, bare;
	const struct hook_info *h;
	char *dir;
	struct option opts[] = {
		OPT_BOOL(0, "force", &force,
			 "rewrite our scripts; keep a second foreign hook as "
			 "<hook>.thesis-chained.N"),
		OPT_BOOL(0, "textconv", &textconv,
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
	bare = git_repository_is_bare(ctx->repo.repo);
	dir = hooks_dir(&ctx->repo);
	if (!strcmp(argv[0], "status")) {
		for (h = hooks_all; h->name; h++) {
			char *path = xstrfmt("%s/%s", dir, h->name);
			char *chained = xstrfmt("%s" HOOKS_CHAINED_SUFFIX, path);
#define OUTDATED "installed, outdated (run 'git thesis hooks install')"
			static const char *const words[] = {
				"not installed", "installed", OUTDATED,
				"another tool's hook"};
#undef OUTDATED

			enum hook_state st = S_state(path, h);

			printf("%-19s %s%s\n", h->name, words[st],
			       st != HOOK_FOREIGN && st != HOOK_ABSENT &&
					       S_exists(chained)
				       ? "; runs the kept hook first"
				       : "");
			free(path);
			free(chained);
		}
		{
			char *cur = repo_config_string(&ctx->repo,
						       "diff.thesis.textconv");
			char *attrs = S_attributes_path(&ctx->repo);

			printf("%-19s %s\n", "textconv",
			       cur && !strcmp(cur, TEXTCONV_COMMAND) &&
					       S_has_line(attrs, ATTRIBUTES_LINE)
				       ? "installed"
				       : "not installed");
			free(cur);
			free(attrs);
		}
		free(dir);
		return 0;
	}
	install = !strcmp(argv[0], "install");
	if (!install && strcmp(argv[0], "uninstall"))
		usage_msg(hooks_usage, opts, "unknown action '%s'", argv[0]);
	if (install && S_mkdirs(dir) < 0) {
		free(dir);
		return EXIT_FATAL;
	}
	for (h = hooks_all; h->name; h++) {
		int named = argc == 1, k;

		for (k = 1; k < argc; k++)
			named |= !strcmp(argv[k], h->name);
		/* By default a bare repository gets server hooks only;
		 * uninstall takes away whatever of ours is there. */
		if (!named ||
		    (install && argc == 1 && h->server_side != bare))
			continue;
		if (install)
			err |= S_install_one(dir, h, force);
		else
			err |= S_uninstall_one(dir, h, argc > 1);
	}
	if (install ? textconv : argc == 1)
		err |= S_textconv(&ctx->repo, install);
	free(dir);
	return err ? EXIT_FATAL : 0;
}
