/* mkstemp() is XSI. */
#define _XOPEN_SOURCE 700
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cachedir.h"
#include "namecache.h"
#include "util.h"

#define NAMECACHE_MAGIC "git-thesis names 1\n"

/* The cache file, when caches are on and its folder is safe to use. */
static char *S_path(struct thesis_repo *r)
{
	char *path;

	cachedir_path(&path, r, ".names");
	if (path && cachedir_prepare(path) < 0)
		FREE_AND_NULL(path);
	return path;
}

static FILE *S_open(const char *path)
{
	int fd = cachedir_open(path, O_RDONLY);
	FILE *fp;

	if (fd < 0)
		return NULL;
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

		/* Broken notes too: what they carry depends on the line. */
		if (!notes[i]->note->targets_nr && !notes[i]->note->broken)
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
