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
 * Errors: functions return 0 or -1 with the message pending (util.h:
 * error_set()); nothing here prints.
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
	/*
	 * The line (reader.h) of where the vault stands: broken notes in it
	 * read as carried from there.  `broken` maps the path of each broken
	 * note in the vault to its blob id (a git_oid, owned), so a move
	 * between lines that are not one first-parent step apart can carry
	 * them again.
	 */
	git_oid at_line;
	int has_line;
	struct strmap broken;
	/* Counters for --stats and the benchmark. */
	size_t steps, full_steps, skipped;
};

void history_init(struct history *h, struct thesis_repo *repo);
void history_release(struct history *h);

/*
 * Appends the events from `old_tree` to `new_tree` (root trees; NULL is
 * the empty tree).  Broken notes in each carry from that side's line
 * (reader.h): a commit's own id for its tree, the parent-to-be for a tree
 * about to be committed, NULL for none.  Returns 0 or -1.
 */
int history_diff_trees(struct event_list *out, struct history *h,
		       const git_tree *old_tree, const git_oid *old_line,
		       const git_tree *new_tree, const git_oid *new_line);

/* The same between two commits (NULL: the empty tree). */
int history_diff_commits(struct event_list *out, struct history *h,
			 git_commit *old_commit, git_commit *new_commit);

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
 * Appends the events from `commit` (NULL: the empty tree) to the index,
 * the way a commit of the index would report them.  `line` is the
 * index's line (reader.h): the commit it would be committed on top of
 * (HEAD; HEAD's parent for an amend), or NULL.  `changes_out` (may be
 * NULL) receives the note changes.  Afterwards the vault stands at the
 * index.
 */
int history_diff_index(struct event_list *out, struct history *h,
		       git_commit *commit, const git_oid *line,
		       struct tree_changes *changes_out);

/* Fills `out` with what renderers need to know of `commit`. */
void history_commit_info(struct commit_info *out, git_commit *commit);

/*
 * Moves the vault to `commit` (NULL: the empty tree) and resolves it, for
 * the state at a commit.
 */
int history_goto(struct history *h, git_commit *commit);

/* The same for any tree, its broken notes carried from `line`. */
int history_goto_tree(struct history *h, const git_tree *tree,
		      const git_oid *line);

#endif
