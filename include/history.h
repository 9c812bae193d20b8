#ifndef THESIS_HISTORY_H
#define THESIS_HISTORY_H

/*
 * history: the events of commits, computed by moving one vault through
 * history rather than rebuilding it per commit.
 *
 * The vault stands at one tree.  To get the events between two trees it is
 * moved to one of them (whichever is nearer: usually it is already there),
 * then across to the other by a tree diff that descends only where ids
 * differ; the facts the changed notes can touch are taken before and
 * after, and compared.  Only a change to what a name means (an id, title or
 * alias, or a declaring note's path) makes a step re-resolve and compare
 * the whole vault.  Memory holds one vault and the parsed notes it uses,
 * whatever the length of the history.
 *
 * Layer: events.  See src/README.
 */

#include <git2.h>
#include "events.h"
#include "reader.h"
#include "repo.h"
#include "treediff.h"
#include "vault.h"

struct eventindex;

struct history {
	struct thesis_repo *repo; /* borrowed */
	struct reader reader;
	struct vault vault;
	git_tree *at; /* the root tree the vault stands at; NULL: empty */
	/*
	 * GIT_THESIS_DEBUG_FULL: re-resolve and compare the whole vault at
	 * every step; the tests check the incremental walk against it.
	 */
	int force_full;
	/*
	 * Single diffs (diff, the hooks) set use_cache: the first load then
	 * reads from the names cache which notes declare targets and loads
	 * only those (the vault is `sparse`); a step fills in the notes it
	 * touches, and one that changes names loads the rest first.
	 */
	int use_cache;
	int sparse;
	int at_index; /* the vault stands at the index, not at a tree */
	/*
	 * The persistent index of commits' events (NULL when caches are
	 * off), opened on the first history_commit_events().
	 */
	struct eventindex *index;
	int index_tried;
	/* Counters for --stats and the benchmark. */
	size_t steps, full_steps, skipped;
};

void history_init(struct history *h, struct thesis_repo *repo);
void history_release(struct history *h);

/*
 * Appends the events from `old_tree` to `new_tree` (root trees; NULL is
 * the empty tree).  Returns 0 or -1.
 */
int history_diff_trees(struct event_list *out, struct history *h,
		       const git_tree *old_tree, const git_tree *new_tree);

/*
 * Appends the events of `commit` as the contract defines them: against its
 * first parent (the empty tree for a root commit); for a merge, only what
 * differs from every parent, unless `first_parent` is set.
 */
int history_commit_events(struct event_list *out, struct history *h,
			  git_commit *commit, int first_parent);

/*
 * Appends the events between two whole snapshots of the vault, either of
 * which may be the index or the working tree (`a_rev` names the tree for
 * READ_TREE; READ_NONE is the empty vault).  Notes moved with identical
 * content count as moved.  Costs a full read of both sides.
 */
int history_diff_sources(struct event_list *out, struct history *h,
			 enum reader_source a_src, const char *a_rev,
			 enum reader_source b_src);

/*
 * Appends the events from `tree` (NULL: empty) to the index, the way a
 * commit of the index would report them.  `changes_out` (may be NULL)
 * receives the note changes.  Afterwards the vault stands at the index.
 */
int history_diff_index(struct event_list *out, struct history *h,
		       const git_tree *tree, struct tree_changes *changes_out);

/* Fills `out` with what renderers need to know of `commit`. */
void history_commit_info(struct commit_info *out, git_commit *commit);

/* Moves the vault to `tree` and resolves it (for state at a commit). */
int history_goto(struct history *h, const git_tree *tree);

#endif
