/* realpath() is XSI. */
#define _XOPEN_SOURCE 700
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "namecache.h"
#include "util.h"

#define NAMECACHE_MAGIC "git-thesis names 1\n"

/* Whether `path` is a real folder of ours that no one else may write to. */
static int S_safe_dir(const char *path)
{
	struct stat st;

	return !lstat(path, &st) && S_ISDIR(st.st_mode) &&
	       st.st_uid == geteuid() && !(st.st_mode & (S_IWGRP | S_IWOTH));
}

/* The cache folder, created (mode 0700) when missing; NULL: none to use. */
static char *S_dir(void)
{
	const char *base = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char *dir, *slash;

	if (base && *base == '/')
		dir = xstrfmt("%s/git-thesis", base);
	else if (home && *home)
		dir = xstrfmt("%s/.cache/git-thesis", home);
	else
		return NULL;
	for (slash = dir + 1; (slash = strchr(slash, '/')); slash++) {
		*slash = '\0';
		mkdir(dir, 0700);
		*slash = '/';
	}
	mkdir(dir, 0700);
	if (!S_safe_dir(dir)) {
		free(dir);
		return NULL;
	}
	return dir;
}

static char *S_path(struct thesis_repo *r)
{
	const char *gitdir = git_repository_commondir(r->repo);
	unsigned long long hash = 1469598103934665603ULL;
	char real[4096], *dir, *path;
	const char *p;
	size_t i;

	if (getenv("GIT_THESIS_NO_CACHE") ||
	    !repo_config_bool(r, "thesis.cache", 1))
		return NULL;
	if (realpath(gitdir, real))
		gitdir = real;
	for (p = gitdir; *p; p++)
		hash = (hash ^ (unsigned char)*p) * 1099511628211ULL;
	hash = (hash ^ 0xff) * 1099511628211ULL;
	for (p = r->vault; *p; p++)
		hash = (hash ^ (unsigned char)*p) * 1099511628211ULL;
	/* Another exclusion is another set of notes: another file. */
	for (i = 0; i < r->exclude.nr; i++) {
		const struct exclude_pattern *x = &r->exclude.v[i];

		hash = (hash ^ 0xfe) * 1099511628211ULL;
		for (p = x->pattern; *p; p++)
			hash = (hash ^ (unsigned char)*p) * 1099511628211ULL;
		hash = (hash ^ (unsigned)(x->negated | x->dir_only << 1 |
					  x->anchored << 2)) *
		       1099511628211ULL;
	}
	dir = S_dir();
	if (!dir)
		return NULL;
	path = xstrfmt("%s/%016llx.names", dir, hash);
	free(dir);
	return path;
}

/* Opens the cache file when it is a regular file of ours, never a link. */
static FILE *S_open(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	FILE *fp;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
		close(fd);
		return NULL;
	}
	fp = fdopen(fd, "r");
	if (!fp)
		close(fd);
	return fp;
}

/* Whether the blob at `path` in `tree` is `oid`. */
static int S_entry_ok(const git_tree *tree, const char *path,
		      const git_oid *oid)
{
	git_tree_entry *e = NULL;
	int ok = !git_tree_entry_bypath(&e, tree, path) &&
		 git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
		 git_oid_equal(git_tree_entry_id(e), oid);

	git_tree_entry_free(e);
	git_error_clear();
	return ok;
}

int namecache_read(struct namecache *out, struct thesis_repo *r)
{
	char *path = S_path(r), line[8192];
	FILE *fp = path ? S_open(path) : NULL;
	git_oid oid;

	free(path);
	if (!fp)
		return -1;
	if (!fgets(line, sizeof(line), fp) || strcmp(line, NAMECACHE_MAGIC) ||
	    !fgets(line, sizeof(line), fp) || strncmp(line, "tree ", 5) ||
	    strlen(line) != 5 + GIT_OID_HEXSZ + 1 ||
	    git_oid_fromstrn(&oid, line + 5, GIT_OID_HEXSZ) < 0 ||
	    git_tree_lookup(&out->tree, r->repo, &oid) < 0)
		goto fail;
	while (fgets(line, sizeof(line), fp)) {
		size_t len = strlen(line);
		const char *p = line + GIT_OID_HEXSZ + 1;

		if (len < GIT_OID_HEXSZ + 3 || line[len - 1] != '\n' ||
		    line[GIT_OID_HEXSZ] != ' ' ||
		    git_oid_fromstrn(&oid, line, GIT_OID_HEXSZ) < 0)
			goto fail;
		line[len - 1] = '\0';
		/* Trust nothing: the entry must describe the tree it names. */
		if (!S_entry_ok(out->tree, p, &oid))
			goto fail;
		ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		out->v[out->nr].path = xstrdup(p);
		git_oid_cpy(&out->v[out->nr].oid, &oid);
		out->nr++;
	}
	if (ferror(fp))
		goto fail;
	fclose(fp);
	return 0;
fail:
	fclose(fp);
	git_error_clear();
	namecache_release(out);
	return -1;
}

void namecache_write(struct thesis_repo *r, const git_tree *tree,
		     const struct vault *v)
{
	const struct vault_note **notes = NULL;
	char *path = S_path(r), *tmp = NULL;
	size_t n, i;
	int fd = -1, ok = 1;
	FILE *fp;

	if (!path || !tree)
		goto done;
	/* A fresh name of our own: never a file someone planted. */
	tmp = xstrfmt("%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		goto done;
	fp = fdopen(fd, "w");
	if (!fp) {
		close(fd);
		unlink(tmp);
		goto done;
	}
	fprintf(fp, NAMECACHE_MAGIC "tree %s\n",
		git_oid_tostr_s(git_tree_id(tree)));
	n = vault_notes(&notes, v);
	for (i = 0; i < n && ok; i++) {
		git_tree_entry *e = NULL;

		if (!notes[i]->note->targets_nr)
			continue;
		/* Paths with a newline cannot be cached: go without. */
		if (strchr(notes[i]->path, '\n') ||
		    git_tree_entry_bypath(&e, tree, notes[i]->path) < 0) {
			git_error_clear();
			ok = 0;
			break;
		}
		fprintf(fp, "%s %s\n", git_oid_tostr_s(git_tree_entry_id(e)),
			notes[i]->path);
		git_tree_entry_free(e);
	}
	free(notes);
	if (fclose(fp) || !ok || rename(tmp, path))
		unlink(tmp);
done:
	free(tmp);
	free(path);
}

void namecache_release(struct namecache *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		free(c->v[i].path);
	free(c->v);
	git_tree_free(c->tree);
	memset(c, 0, sizeof(*c));
}
