#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hookinstall.h"
#include "hookscript.h"
#include "strbuf.h"
#include "util.h"

#define TEXTCONV_COMMAND HOOKINSTALL_TEXTCONV_COMMAND
#define ATTRIBUTES_LINE	 HOOKINSTALL_ATTRIBUTES_LINE

void hookinstall_result_release(struct hookinstall_result *res)
{
	size_t i;

	for (i = 0; i < res->nr; i++)
		free(res->v[i].arg);
	free(res->v);
	res->v = NULL;
	res->nr = res->alloc = 0;
	res->failed = 0;
}

void hookinstall_status_release(struct hookinstall_status *st)
{
	free(st->v);
	st->v = NULL;
	st->nr = st->alloc = 0;
	st->textconv = 0;
}

static void S_step(struct hookinstall_result *out,
		   enum hookinstall_step_kind kind, const char *hook, char *arg)
{
	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	out->v[out->nr].kind = kind;
	out->v[out->nr].hook = hook;
	out->v[out->nr].arg = arg;
	out->nr++;
}

/*
 * A failed step, its message as error() would word it; with `git` set,
 * libgit2's last message appended as error_git() does.  Returns -1.
 */
__attribute__((format(printf, 4, 5))) static int
S_fail(struct hookinstall_result *out, const char *hook, int git,
       const char *fmt, ...)
{
	const git_error *e = git ? git_error_last() : NULL;
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (e && e->message && *e->message) {
		strbuf_addstr(&msg, ": ");
		strbuf_addstr(&msg, e->message);
	}
	S_step(out, HOOKINSTALL_FAILED, hook, strbuf_detach(&msg, NULL));
	out->failed = 1;
	return -1;
}

static enum hookinstall_state S_state(const char *path,
				      const struct hook_info *h)
{
	struct strbuf have = STRBUF_INIT, want = STRBUF_INIT;
	enum hookinstall_state st;
	struct stat lst;

	if (lstat(path, &lst) < 0)
		return HOOKINSTALL_ABSENT;
	/* We never install links: a link, even a dangling one, is theirs. */
	if (S_ISLNK(lst.st_mode) || strbuf_read_file(&have, path, 0) < 0) {
		strbuf_release(&have);
		return HOOKINSTALL_FOREIGN;
	}
	hooks_script(&want, h);
	if (!strcmp(have.buf, want.buf))
		st = HOOKINSTALL_OURS;
	else if (strstr(have.buf, HOOKS_MARKER))
		st = HOOKINSTALL_OUTDATED;
	else
		st = HOOKINSTALL_FOREIGN;
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
static int S_write_script(struct hookinstall_result *out, const char *path,
			  const struct hook_info *h)
{
	struct strbuf body = STRBUF_INIT;
	char *tmp = xstrfmt("%s.thesis-new", path);
	FILE *fp = fopen(tmp, "wb");
	int err = 0;

	hooks_script(&body, h);
	if (!fp || fwrite(body.buf, 1, body.len, fp) != body.len) {
		err = S_fail(out, h->name, 0, "cannot write %s: %s", tmp,
			     strerror(errno));
		if (fp)
			fclose(fp);
		unlink(tmp);
	} else if (fclose(fp) || chmod(tmp, 0755) || rename(tmp, path)) {
		err = S_fail(out, h->name, 0, "cannot install %s: %s", path,
			     strerror(errno));
		unlink(tmp);
	}
	strbuf_release(&body);
	free(tmp);
	return err;
}

/* mkdir -p; on failure the message names the folder that failed. */
static int S_mkdirs(struct strbuf *err_out, const char *dir)
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
		strbuf_addf(err_out, "cannot create %s: %s", p,
			    strerror(errno));
	free(p);
	return err;
}

/* Moves another tool's hook out of the way; records where it went. */
static int S_keep_foreign(struct hookinstall_result *out, const char *path,
			  const struct hook_info *h, int force)
{
	char *chained = xstrfmt("%s" HOOKS_CHAINED_SUFFIX, path);
	char *spare = NULL;
	int n = 1, err = 0;

	if (!S_exists(chained)) {
		spare = chained;
		chained = NULL;
	} else if (!force) {
		err = S_fail(out, h->name, 0,
			     "%s: a hook of another tool is there and "
			     "%s" HOOKS_CHAINED_SUFFIX " is taken; rerun with "
			     "--force to keep it as %s" HOOKS_CHAINED_SUFFIX
			     ".N",
			     h->name, h->name, h->name);
		goto done;
	} else {
		do {
			free(spare);
			spare = xstrfmt("%s.%d", chained, n++);
		} while (S_exists(spare));
	}
	if (rename(path, spare) < 0)
		err = S_fail(out, h->name, 0, "cannot move %s: %s", path,
			     strerror(errno));
	else
		S_step(out, HOOKINSTALL_KEPT, h->name,
		       xstrdup(strrchr(spare, '/') + 1));
done:
	free(spare);
	free(chained);
	return err;
}

static void S_install_one(struct hookinstall_result *out, const char *dir,
			  const struct hook_info *h, int force)
{
	char *path = xstrfmt("%s/%s", dir, h->name);
	char *chained = xstrfmt("%s" HOOKS_CHAINED_SUFFIX, path);

	switch (S_state(path, h)) {
	case HOOKINSTALL_OURS:
		if (!force || !S_write_script(out, path, h))
			S_step(out, HOOKINSTALL_ALREADY, h->name, NULL);
		break;
	case HOOKINSTALL_OUTDATED:
	case HOOKINSTALL_ABSENT:
		if (!S_write_script(out, path, h))
			S_step(out,
			       S_exists(chained) ? HOOKINSTALL_INSTALLED_CHAINED
						 : HOOKINSTALL_INSTALLED,
			       h->name, NULL);
		break;
	case HOOKINSTALL_FOREIGN:
		if (!S_keep_foreign(out, path, h, force) &&
		    !S_write_script(out, path, h))
			S_step(out, HOOKINSTALL_INSTALLED_CHAINED, h->name,
			       NULL);
		break;
	}
	free(path);
	free(chained);
}

static void S_uninstall_one(struct hookinstall_result *out, const char *dir,
			    const struct hook_info *h, int named)
{
	char *path = xstrfmt("%s/%s", dir, h->name);
	char *chained = xstrfmt("%s" HOOKS_CHAINED_SUFFIX, path);
	enum hookinstall_state st = S_state(path, h);

	if (st == HOOKINSTALL_FOREIGN) {
		if (named)
			S_step(out, HOOKINSTALL_LEFT_ALONE, h->name, NULL);
	} else if (st == HOOKINSTALL_ABSENT) {
		if (named)
			S_step(out, HOOKINSTALL_NOT_INSTALLED, h->name, NULL);
	} else if (unlink(path) < 0) {
		S_fail(out, h->name, 0, "cannot remove %s: %s", path,
		       strerror(errno));
	} else if (S_exists(chained)) {
		if (rename(chained, path) < 0)
			S_fail(out, h->name, 0, "cannot restore %s: %s",
			       chained, strerror(errno));
		else
			S_step(out, HOOKINSTALL_RESTORED, h->name, NULL);
	} else {
		S_step(out, HOOKINSTALL_REMOVED, h->name, NULL);
	}
	free(path);
	free(chained);
}

static char *S_attributes_path(struct thesis_repo *r)
{
	return xstrfmt("%sinfo/attributes", git_repository_commondir(r->repo));
}

static int S_has_line(const char *file, const char *line)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = strlen(line);
	const char *p;
	int found = 0;

	if (strbuf_read_file(&sb, file, 0) < 0)
		return 0;
	for (p = sb.buf; p && *p;
	     p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, line, len) && (p[len] == '\n' || !p[len]))
			found = 1;
	strbuf_release(&sb);
	return found;
}

/* Appends ATTRIBUTES_LINE to info/attributes, on a line of its own. */
static void S_add_attributes(struct hookinstall_result *out,
			     struct thesis_repo *r, const char *attrs)
{
	struct strbuf sb = STRBUF_INIT, why = STRBUF_INIT;
	char *dir = xstrfmt("%sinfo", git_repository_commondir(r->repo));
	FILE *fp;

	/* Said, but only the write decides whether the command failed. */
	if (S_mkdirs(&why, dir) < 0)
		S_step(out, HOOKINSTALL_FAILED, "textconv",
		       strbuf_detach(&why, NULL));
	strbuf_read_file(&sb, attrs, 0);
	fp = fopen(attrs, "ab");
	if (!fp) {
		S_fail(out, "textconv", 0, "cannot write %s: %s", attrs,
		       strerror(errno));
	} else {
		if (sb.len && sb.buf[sb.len - 1] != '\n')
			fputc('\n', fp);
		fputs(ATTRIBUTES_LINE "\n", fp);
		fclose(fp);
		S_step(out, HOOKINSTALL_TEXTCONV_SET, "textconv", NULL);
	}
	free(dir);
	strbuf_release(&sb);
	strbuf_release(&why);
}

static void S_textconv_install(struct hookinstall_result *out,
			       struct thesis_repo *r, git_config *cfg)
{
	char *attrs = S_attributes_path(r);
	char *cur = repo_config_string(r, "diff.thesis.textconv");

	if (cur && strcmp(cur, TEXTCONV_COMMAND)) {
		S_step(out, HOOKINSTALL_TEXTCONV_OTHER, "textconv", cur);
		cur = NULL;
	} else if (git_config_set_string(cfg, "diff.thesis.textconv",
					 TEXTCONV_COMMAND) < 0) {
		S_fail(out, "textconv", 1, "cannot set diff.thesis.textconv");
		goto done;
	}
	if (!S_has_line(attrs, ATTRIBUTES_LINE))
		S_add_attributes(out, r, attrs);
	else
		S_step(out, HOOKINSTALL_TEXTCONV_SET, "textconv", NULL);
done:
	free(cur);
	free(attrs);
}

/* Takes away what S_textconv_install() set, and nothing else. */
static void S_textconv_uninstall(struct thesis_repo *r, git_config *cfg)
{
	char *attrs = S_attributes_path(r);
	char *cur = repo_config_string(r, "diff.thesis.textconv");
	struct strbuf sb = STRBUF_INIT, kept = STRBUF_INIT;
	const char *p;

	if (cur && !strcmp(cur, TEXTCONV_COMMAND))
		git_config_delete_entry(cfg, "diff.thesis.textconv");
	git_error_clear();
	if (!strbuf_read_file(&sb, attrs, 0)) {
		for (p = sb.buf; *p;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);

			if (len != strlen(ATTRIBUTES_LINE) ||
			    strncmp(p, ATTRIBUTES_LINE, len)) {
				strbuf_add(&kept, p, len);
				strbuf_addch(&kept, '\n');
			}
			p += len + (nl ? 1 : 0);
		}
		if (kept.len != sb.len) {
			FILE *fp = fopen(attrs, "wb");

			if (fp) {
				fwrite(kept.buf, 1, kept.len, fp);
				fclose(fp);
			}
		}
	}
	strbuf_release(&sb);
	strbuf_release(&kept);
	free(cur);
	free(attrs);
}

static void S_textconv(struct hookinstall_result *out, struct thesis_repo *r,
		       int install)
{
	git_config *cfg = NULL;

	if (git_repository_config(&cfg, r->repo) < 0)
		S_fail(out, "textconv", 1, "cannot open the configuration");
	else if (install)
		S_textconv_install(out, r, cfg);
	else
		S_textconv_uninstall(r, cfg);
	git_config_free(cfg);
}

static int S_named(const struct hookinstall_opts *opts, const char *name)
{
	size_t k;

	for (k = 0; k < opts->hooks_nr; k++)
		if (!strcmp(opts->hooks[k], name))
			return 1;
	return !opts->hooks_nr;
}

int hookinstall_install(struct hookinstall_result *out, struct thesis_repo *r,
			const struct hookinstall_opts *opts)
{
	int bare = git_repository_is_bare(r->repo);
	const struct hook_info *h;
	struct strbuf why = STRBUF_INIT;
	char *dir = hooks_dir(r);
	int err = 0;

	if (S_mkdirs(&why, dir) < 0) {
		err = error_set("%s", why.buf);
		goto done;
	}
	for (h = hooks_all; h->name; h++) {
		/* By default a bare repository gets server hooks only. */
		if (!S_named(opts, h->name) ||
		    (!opts->hooks_nr && h->server_side != bare))
			continue;
		S_install_one(out, dir, h, opts->force);
	}
	if (opts->textconv)
		S_textconv(out, r, 1);
done:
	strbuf_release(&why);
	free(dir);
	return err;
}

int hookinstall_uninstall(struct hookinstall_result *out, struct thesis_repo *r,
			  const struct hookinstall_opts *opts)
{
	const struct hook_info *h;
	char *dir = hooks_dir(r);

	/* Whatever of ours is there goes, server hooks or not. */
	for (h = hooks_all; h->name; h++)
		if (S_named(opts, h->name))
			S_uninstall_one(out, dir, h, opts->hooks_nr > 0);
	if (!opts->hooks_nr)
		S_textconv(out, r, 0);
	free(dir);
	return 0;
}

int hookinstall_status(struct hookinstall_status *out, struct thesis_repo *r)
{
	char *dir = hooks_dir(r);
	char *cur = repo_config_string(r, "diff.thesis.textconv");
	char *attrs = S_attributes_path(r);
	const struct hook_info *h;

	for (h = hooks_all; h->name; h++) {
		char *path = xstrfmt("%s/%s", dir, h->name);
		char *chained = xstrfmt("%s" HOOKS_CHAINED_SUFFIX, path);
		struct hookinstall_hook_status *s;

		ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		s = &out->v[out->nr++];
		s->hook = h->name;
		s->state = S_state(path, h);
		s->chained = s->state != HOOKINSTALL_FOREIGN &&
			     s->state != HOOKINSTALL_ABSENT &&
			     S_exists(chained);
		free(path);
		free(chained);
	}
	out->textconv = cur && !strcmp(cur, TEXTCONV_COMMAND) &&
			S_has_line(attrs, ATTRIBUTES_LINE);
	free(cur);
	free(attrs);
	free(dir);
	return 0;
}
