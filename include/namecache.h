#ifndef THESIS_NAMECACHE_H
#define THESIS_NAMECACHE_H

/*
 * namecache: for one root tree, the paths and blob ids of the notes that
 * declare targets, so a single comparison (diff, the hooks) can load the
 * names of a vault without reading every note (see history.h).
 *
 * The file lives outside the repository, under $XDG_CACHE_HOME/git-thesis
 * (else ~/.cache/git-thesis), one per repository and vault folder.  It is
 * only an optimisation, and it must never change output, so nothing in it
 * is trusted:
 *   - the folder is used only when it is a real folder (no symlink) that
 *     belongs to the user and that no one else may write to; the file only
 *     when it is a regular file of the user's;
 *   - every entry is checked against the tree it claims to describe: the
 *     blob at that path must be the one named (else the whole file is
 *     ignored);
 *   - it is written to a fresh temporary file (mkstemp) beside it and
 *     renamed into place, so a planted symlink is never followed.
 * A missing, stale, damaged or unsafe file only means a full load.
 */

#include <git2.h>
#include "repo.h"
#include "vault.h"

struct namecache_entry {
	char *path;
	git_oid oid;
};

struct namecache {
	git_tree *tree; /* the tree the entries were checked against */
	struct namecache_entry *v;
	size_t nr, alloc;
};
#define NAMECACHE_INIT           \
	{                        \
		NULL, NULL, 0, 0 \
	}

/*
 * Reads the cache of `r`'s repository and vault folder into the empty
 * `out`.  Returns 0, or -1 when there is no usable cache (no error set: a
 * full load follows).
 */
int namecache_read(struct namecache *out, struct thesis_repo *r);

/*
 * Records which notes of `v` (a vault standing at the root tree `tree`)
 * declare targets.  Failures are silent: the next load is a full one.
 */
void namecache_write(struct thesis_repo *r, const git_tree *tree,
		     const struct vault *v);

void namecache_release(struct namecache *c);

#endif
