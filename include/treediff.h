#ifndef THESIS_TREEDIFF_H
#define THESIS_TREEDIFF_H

/*
 * treediff: what changed among the notes of a vault between two trees.
 *
 * libgit2's tree diff expands subtrees whose ids are equal on both sides
 * even with a pathspec; this walk compares entries itself and descends only
 * where ids differ, and never reads a blob to find a change (non-`.md`
 * entries, symlinks, submodules and dot folders are skipped by name and
 * mode).  Renames are paired the way `git log -M` pairs them, but only when
 * a change both adds and deletes notes: identical blobs first, then
 * content similarity (libgit2's git_hashsig, the metric of
 * git_diff_find_similar) at 50% or more, within a bounded number of pairs.
 *
 * Layer: notes (which notes changed; reads trees, never a note's facts).  See
 * src/README.
 */

#include <git2.h>
#include "exclude.h"

enum tree_change_status {
	CHANGE_ADDED = 'A',
	CHANGE_DELETED = 'D',
	CHANGE_MODIFIED = 'M',
	CHANGE_RENAMED = 'R',
};

struct tree_change {
	enum tree_change_status status;
	char *old_path; /* NULL when added; owned */
	char *new_path; /* NULL when deleted; owned */
	git_oid old_oid;
	git_oid new_oid;
	int similarity; /* renames: 100 for identical content */
};

struct tree_changes {
	struct tree_change *v;
	size_t nr, alloc;
};
#define TREE_CHANGES_INIT {NULL, 0, 0}
void tree_changes_release(struct tree_changes *c);

/* Most note pairs compared for inexact renames in one change (git: 1000^2). */
#define TREEDIFF_RENAME_LIMIT 250000

/*
 * Appends to `out` the note changes between the vault folders of `old_tree`
 * and `new_tree` (root trees; either may be NULL for the empty tree), with
 * renames paired.  `vault` is the vault folder ("" for the whole tree);
 * files `exclude` (may be NULL) leaves out are no notes.
 * Returns 0, or -1 with the message pending (util.h: error_set()), never
 * printed here; on failure `out` may hold the changes found before it,
 * unpaired: release it either way.
 */
int treediff_vault(struct tree_changes *out, git_repository *repo,
		   const git_tree *old_tree, const git_tree *new_tree,
		   const char *vault, const struct exclude_list *exclude);

/*
 * The same, from the notes of `tree` (NULL: empty) to the stage-0 notes of
 * `index`, as `git diff --cached -M` sees them.  Reads no blob unless
 * pairing inexact renames.
 */
int treediff_vault_index(struct tree_changes *out, git_repository *repo,
			 const git_tree *tree, git_index *index,
			 const char *vault, const struct exclude_list *exclude);

/* True when the vault folders of the two trees have the same id. */
int treediff_vault_unchanged(const git_tree *old_tree, const git_tree *new_tree,
			     const char *vault);

#endif
