/*
 * testrepo: small throwaway repositories for unit tests, written with the
 * libgit2 API alone (blobs, trees, commits; no `git` process, no working
 * tree): a bare repository in a mkdtemp() folder, removed on release.
 */
#ifndef THESIS_TESTREPO_H
#define THESIS_TESTREPO_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "repo.h"
#include "util.h"

/* One file of a tree; `mode` 0 is a plain blob. */
struct testfile {
	const char *path;
	const char *content; /* a symlink's target for GIT_FILEMODE_LINK */
	git_filemode_t mode;
};

struct testrepo {
	char dir[64];
	struct thesis_repo tr; /* tr.repo is the repository */
	git_time_t when;       /* the next commit's time */
};

static inline void testrepo_check(int err, const char *what)
{
	if (err < 0) {
		const git_error *e = git_error_last();

		fprintf(stderr, "testrepo: %s: %s\n", what,
			e ? e->message : "failed");
		abort();
	}
}

/* A new bare repository; `vault` is the vault folder ("" the whole tree). */
static inline void testrepo_init(struct testrepo *t, const char *vault)
{
	git_libgit2_init();
	memset(t, 0, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "/tmp/thesis-unit-XXXXXX");
	if (!mkdtemp(t->dir))
		abort();
	testrepo_check(git_repository_init(&t->tr.repo, t->dir, 1), "init");
	testrepo_check(
		git_repository_config_snapshot(&t->tr.config, t->tr.repo),
		"config");
	t->tr.vault = xstrdup(vault);
	t->when = 1767225600; /* 2026-01-01 */
	/* Caches of this repository stay with it, never in the user's. */
	{
		char cache[sizeof(t->dir) + 8];

		snprintf(cache, sizeof(cache), "%s/cache", t->dir);
		setenv("XDG_CACHE_HOME", cache, 1);
	}
}

static inline void testrepo_rm(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;

	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode) && (d = opendir(path))) {
		while ((de = readdir(d))) {
			char *sub;

			if (!strcmp(de->d_name, ".") ||
			    !strcmp(de->d_name, ".."))
				continue;
			sub = xstrfmt("%s/%s", path, de->d_name);
			testrepo_rm(sub);
			free(sub);
		}
		closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static inline void testrepo_release(struct testrepo *t)
{
	repo_release(&t->tr);
	testrepo_rm(t->dir);
	git_libgit2_shutdown();
}

/* The tree of `files` (terminated by a NULL path); free with git_tree_free. */
static inline git_tree *testrepo_tree(struct testrepo *t,
				      const struct testfile *files)
{
	git_index *index = NULL;
	git_tree *tree = NULL;
	git_oid oid;

	testrepo_check(git_index_new(&index), "index");
	for (; files->path; files++) {
		git_index_entry e;

		memset(&e, 0, sizeof(e));
		e.path = files->path;
		e.mode = files->mode ? files->mode : GIT_FILEMODE_BLOB;
		if (e.mode == GIT_FILEMODE_COMMIT)
			testrepo_check(git_oid_fromstr(&e.id,
						       "0123456789012345"
						       "678901234567890123"
						       "456789"),
				       "oid");
		else
			testrepo_check(git_blob_create_from_buffer(
					       &e.id, t->tr.repo,
					       files->content,
					       strlen(files->content)),
				       files->path);
		testrepo_check(git_index_add(index, &e), files->path);
	}
	testrepo_check(git_index_write_tree_to(&oid, index, t->tr.repo),
		       "write tree");
	testrepo_check(git_tree_lookup(&tree, t->tr.repo, &oid), "tree");
	git_index_free(index);
	return tree;
}

/*
 * The tree of `files` with one more entry, a folder `name` whose tree object
 * the repository lacks (as in a damaged or partial clone).
 */
static inline git_tree *testrepo_tree_missing(struct testrepo *t,
					      const struct testfile *files,
					      const char *name)
{
	git_tree *base = testrepo_tree(t, files), *tree = NULL;
	git_treebuilder *bld = NULL;
	git_oid missing, oid;

	testrepo_check(git_oid_fromstr(&missing, "deadbeefdeadbeefdeadbeef"
						 "deadbeefdeadbeef"),
		       "oid");
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
	testrepo_check(git_treebuilder_new(&bld, t->tr.repo, base), "builder");
	testrepo_check(git_treebuilder_insert(NULL, bld, name, &missing,
					      GIT_FILEMODE_TREE),
		       "insert");
	testrepo_check(git_treebuilder_write(&oid, bld), "write");
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 1);
	testrepo_check(git_tree_lookup(&tree, t->tr.repo, &oid), "tree");
	git_treebuilder_free(bld);
	git_tree_free(base);
	return tree;
}

/*
 * A commit of `files` with the given parents (`nparents` ids), a minute
 * after the previous one; HEAD is detached at it.  Returns its id.
 */
static inline git_oid testrepo_commit(struct testrepo *t, const char *message,
				      const struct testfile *files,
				      size_t nparents, const git_oid *parents)
{
	const git_commit *pc[4] = {NULL};
	git_signature *sig = NULL;
	git_tree *tree = testrepo_tree(t, files);
	git_oid oid;
	size_t i;

	if (nparents > 4)
		abort();
	for (i = 0; i < nparents; i++)
		testrepo_check(git_commit_lookup((git_commit **)&pc[i],
						 t->tr.repo, &parents[i]),
			       "parent");
	t->when += 60;
	testrepo_check(git_signature_new(&sig, "Ada Author", "ada@example.com",
					 t->when, 0),
		       "signature");
	testrepo_check(git_commit_create(&oid, t->tr.repo, NULL, sig, sig, NULL,
					 message, tree, nparents, pc),
		       "commit");
	testrepo_check(git_repository_set_head_detached(t->tr.repo, &oid),
		       "HEAD");
	for (i = 0; i < nparents; i++)
		git_commit_free((git_commit *)pc[i]);
	git_signature_free(sig);
	git_tree_free(tree);
	return oid;
}

static inline git_commit *testrepo_lookup(struct testrepo *t,
					  const git_oid *oid)
{
	git_commit *c = NULL;

	testrepo_check(git_commit_lookup(&c, t->tr.repo, oid), "lookup");
	return c;
}

static inline git_tree *testrepo_commit_tree(struct testrepo *t,
					     const git_oid *oid)
{
	git_commit *c = testrepo_lookup(t, oid);
	git_tree *tree = NULL;

	testrepo_check(git_commit_tree(&tree, c), "commit tree");
	git_commit_free(c);
	return tree;
}

#endif
