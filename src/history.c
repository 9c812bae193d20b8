/* realpath() is XSI. */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "history.h"
#include "namecache.h"
#include "eventindex.h"
#include "facts.h"
#include "treediff.h"
#include "util.h"
#include "strmap.h"
#include "strbuf.h"
#include <strings.h>

void history_init(struct history *h, struct thesis_repo *repo)
{
	memset(h, 0, sizeof(*h));
	h->repo = repo;
	/* Its warnings are dropped: a walk reports events, not files. */
	reader_init(&h->reader, repo);
	vault_init(&h->vault, repo->vault);
	vault_set_context(&h->vault, &repo->context);
	/* The tests compare the incremental walk with this slow one. */
	h->force_full = env_true("GIT_THESIS_DEBUG_FULL");
	/* The vault completes the bodies it needs; the slow walk reads all. */
	h->reader.lazy = !h->force_full;
	/* An empty vault stands at the empty tree (h->at == NULL). */
	vault_resolve(&h->vault);
}

static void S_broken_clear(struct history *h)
{
	struct strmap_iter it;
	struct strmap_entry *e;

	for (e = NULL; (e = strmap_next(&h->broken, &it, e));)
		free(e->value);
	strmap_release(&h->broken);
}

/* Records whether the note now at `path` (blob `blob`) is broken. */
static void S_broken_set(struct history *h, const char *path,
			 const git_oid *blob, const struct note *note)
{
	git_oid *copy;

	if (!note || !note->broken) {
		free(strmap_remove(&h->broken, path));
		return;
	}
	copy = xmalloc(sizeof(*copy));
	git_oid_cpy(copy, blob);
	free(strmap_put(&h->broken, path, copy));
}

static const git_oid *S_line(const struct history *h)
{
	return h->has_line ? &h->at_line : NULL;
}

static void S_set_line(struct history *h, const git_oid *line)
{
	h->has_line = line != NULL;
	if (line)
		git_oid_cpy(&h->at_line, line);
}

static int S_same_line(const git_oid *a, const git_oid *b)
{
	if (!a || !b)
		return a == b;
	return git_oid_equal(a, b);
}

/* Whether `parent` is the first parent of `child`. */
static int S_first_parent(struct history *h, const git_oid *child,
			  const git_oid *parent)
{
	git_commit *c = NULL;
	int yes;

	if (!child || !parent)
		return 0;
	if (git_commit_lookup(&c, h->repo->repo, child) < 0) {
		git_error_clear();
		return 0;
	}
	yes = git_commit_parentcount(c) &&
	      git_oid_equal(git_commit_parent_id(c, 0), parent);
	git_commit_free(c);
	return yes;
}

/*
 * Whether a note broken with the same blob on two lines carries the same
 * version on both: on one line, or one first-parent step apart (the
 * child's blob is broken, so it carries what its parent carries).
 */
static int S_lines_agree(struct history *h, const git_oid *a, const git_oid *b)
{
	return S_same_line(a, b) || S_first_parent(h, a, b) ||
	       S_first_parent(h, b, a);
}

void history_release(struct history *h)
{
	eventindex_free(h->index);
	h->index = NULL;
	S_broken_clear(h);
	vault_release(&h->vault);
	reader_release(&h->reader);
	git_tree_free(h->at);
	h->at = NULL;
}

static int S_same_tree(const git_tree *a, const git_tree *b)
{
	if (!a || !b)
		return a == b;
	return !git_oid_cmp(git_tree_id(a), git_tree_id(b));
}

/*
 * Whether the vault stands at `tree` read at `line` (never true while at
 * the index).  With no broken note in the vault, every line reads alike.
 */
static int S_at(const struct history *h, const git_tree *tree,
		const git_oid *line)
{
	return !h->at_index && S_same_tree(h->at, tree) &&
	       (!h->broken.nr || S_same_line(S_line(h), line));
}

/* A change seen from one side: where the note is, and which version. */
struct side {
	const char *path;
	const git_oid *oid;
};

static struct side S_side(const struct tree_change *c, int new_side)
{
	struct side s;

	s.path = new_side ? c->new_path : c->old_path;
	s.oid = new_side ? &c->new_oid : &c->old_oid;
	return s;
}

/*
 * A move of the vault between two revisions: the tree diff, its blob ids
 * replaced by the keys reader_note_at() gives broken notes read as
 * carried, with the real blob ids beside them (blobs[2 * i] old,
 * blobs[2 * i + 1] new).
 */
struct step {
	struct tree_changes *ch;
	git_oid *blobs;
};

static void S_step_release(struct step *st)
{
	free(st->blobs);
	st->blobs = NULL;
}

/* Reads the broken notes of a change as carried from their side's line. */
static void S_carry_change(struct history *h, struct tree_change *c,
			   const git_oid *blobs, const git_oid *old_line,
			   const git_oid *new_line)
{
	if (c->old_path)
		reader_note_at(&h->reader, &c->old_oid, &blobs[0], c->old_path,
			       old_line);
	if (c->new_path)
		reader_note_at(&h->reader, &c->new_oid, &blobs[1], c->new_path,
			       new_line);
}

/*
 * Turns the tree diff `ch` (old -> new) into a step between the lines
 * `old_line` and `new_line`.  A broken note the diff does not see (same
 * blob on both sides) can still carry another version on the other line,
 * after a jump or across a merge: such notes become changes too.  The
 * vault stands on one side, so h->broken lists them.
 */
static void S_step(struct step *st, struct history *h, struct tree_changes *ch,
		   const git_oid *old_line, const git_oid *new_line)
{
	struct strmap_iter it;
	struct strmap_entry *e;
	size_t i, n = ch->nr;

	st->ch = ch;
	st->blobs = xcalloc(2 * (n + h->broken.nr) + 2, sizeof(*st->blobs));
	for (i = 0; i < n; i++) {
		git_oid_cpy(&st->blobs[2 * i], &ch->v[i].old_oid);
		git_oid_cpy(&st->blobs[2 * i + 1], &ch->v[i].new_oid);
		S_carry_change(h, &ch->v[i], &st->blobs[2 * i], old_line,
			       new_line);
	}
	if (!h->broken.nr || S_lines_agree(h, old_line, new_line))
		return;
	for (e = NULL; (e = strmap_next(&h->broken, &it, e));) {
		const git_oid *blob = e->value;
		struct tree_change *c;
		int seen = 0;

		for (i = 0; i < n && !seen; i++)
			seen = (ch->v[i].old_path &&
				!strcmp(ch->v[i].old_path, e->key)) ||
			       (ch->v[i].new_path &&
				!strcmp(ch->v[i].new_path, e->key));
		if (seen)
			continue;
		ALLOC_GROW(ch->v, ch->nr + 1, ch->alloc);
		c = &ch->v[ch->nr];
		memset(c, 0, sizeof(*c));
		c->status = CHANGE_MODIFIED;
		c->old_path = xstrdup(e->key);
		c->new_path = xstrdup(e->key);
		git_oid_cpy(&st->blobs[2 * ch->nr], blob);
		git_oid_cpy(&st->blobs[2 * ch->nr + 1], blob);
		S_carry_change(h, c, &st->blobs[2 * ch->nr], old_line,
			       new_line);
		if (git_oid_equal(&c->old_oid, &c->new_oid)) {
			free(c->old_path);
			free(c->new_path);
			continue;
		}
		ch->nr++;
	}
}

static const struct note *S_note_at(struct history *h, struct side s)
{
	if (!s.path)
		return NULL;
	return reader_note(&h->reader, s.oid, s.path);
}

static int S_declares(const struct note *n)
{
	return n && n->targets_nr;
}

/* Whether applying `changes` towards `to_new` can change any name. */
static int S_names_change(struct history *h, const struct tree_changes *ch,
			  int to_new)
{
	size_t i;

	for (i = 0; i < ch->nr; i++) {
		const struct tree_change *c = &ch->v[i];
		const struct note *from = S_note_at(h, S_side(c, !to_new));
		const struct note *to = S_note_at(h, S_side(c, to_new));

		/* A declaring note that moves changes its file name's name. */
		if (c->status != CHANGE_MODIFIED ? S_declares(from) ||
							   S_declares(to)
						 : !vault_same_names(from, to))
			return 1;
	}
	return 0;
}

/*
 * The notes whose facts a change of names can alter besides the changed
 * ones (vault_touched_by()); -1 when that is every note.
 */
static int S_touched(struct strmap *out, struct history *h,
		     const struct tree_changes *ch)
{
	const char **paths = xcalloc(2 * ch->nr + 1, sizeof(*paths));
	const struct note **notes = xcalloc(2 * ch->nr + 1, sizeof(*notes));
	size_t i, n = 0;
	int k, ret;

	for (i = 0; i < ch->nr; i++)
		for (k = 0; k < 2; k++) {
			struct side s = S_side(&ch->v[i], k);

			if (!s.path)
				continue;
			paths[n] = s.path;
			notes[n++] = S_note_at(h, s);
		}
	ret = vault_touched_by(out, &h->vault, paths, notes, n);
	free(paths);
	free(notes);
	return ret;
}

/*
 * The facts the changed notes hold on the side the vault stands at; after
 * a change of names, those of every note (`full`), or of the changed and
 * the `touched` ones.
 */
static void S_collect(struct fact_set *out, struct history *h,
		      const struct tree_changes *ch, int full,
		      const struct strmap *touched)
{
	size_t i;

	if (full && !touched) {
		facts_add_all(out, &h->vault);
	} else {
		struct strmap_iter it;
		struct strmap_entry *e;

		for (e = NULL; touched && (e = strmap_next(touched, &it, e));) {
			const struct vault_note *vn =
				strmap_get(&h->vault.notes, e->key);

			if (vn)
				facts_add_note(out, &h->vault, vn);
		}
		for (i = 0; i < ch->nr; i++) {
			const char *paths[2] = {ch->v[i].old_path,
						ch->v[i].new_path};
			size_t k;

			for (k = 0; k < 2; k++) {
				const struct vault_note *vn;

				if (!paths[k] || (k && paths[0] &&
						  !strcmp(paths[0], paths[1])))
					continue;
				vn = strmap_get(&h->vault.notes, paths[k]);
				if (vn)
					facts_add_note(out, &h->vault, vn);
			}
		}
	}
	facts_finish(out);
}

static void S_apply(struct history *h, const struct step *st, int to_new)
{
	const struct tree_changes *ch = st->ch;
	/* A sparse vault may lack a note it leaves: only count real uses. */
	char *had = xcalloc(ch->nr ? ch->nr : 1, 1);
	size_t i;

	for (i = 0; i < ch->nr; i++) {
		struct side from = S_side(&ch->v[i], !to_new);

		had[i] = from.path &&
			 strmap_contains(&h->vault.notes, from.path);
	}
	/* New versions are counted in before old ones are let go. */
	for (i = 0; i < ch->nr; i++) {
		struct side to = S_side(&ch->v[i], to_new);

		if (to.path && S_note_at(h, to))
			reader_ref(&h->reader, to.oid);
	}
	/* Removals first, so a rename onto a freed path cannot collide. */
	for (i = 0; i < ch->nr; i++) {
		struct side from = S_side(&ch->v[i], !to_new);
		struct side to = S_side(&ch->v[i], to_new);

		if (had[i] && (!to.path || strcmp(from.path, to.path)))
			vault_set_note(&h->vault, from.path, NULL);
	}
	for (i = 0; i < ch->nr; i++) {
		struct side to = S_side(&ch->v[i], to_new);
		const struct note *note = S_note_at(h, to);

		if (to.path)
			vault_set_note(&h->vault, to.path, note);
	}
	for (i = 0; i < ch->nr; i++) {
		struct side from = S_side(&ch->v[i], !to_new);

		if (had[i])
			reader_unref(&h->reader, from.oid);
	}
	/* Which notes of the side we move to are broken. */
	for (i = 0; i < ch->nr; i++) {
		struct side from = S_side(&ch->v[i], !to_new);

		if (from.path)
			S_broken_set(h, from.path, NULL, NULL);
	}
	for (i = 0; i < ch->nr; i++) {
		struct side to = S_side(&ch->v[i], to_new);

		if (to.path)
			S_broken_set(h, to.path, &st->blobs[2 * i + !!to_new],
				     S_note_at(h, to));
	}
	free(had);
}

static int S_set_at(struct history *h, const git_tree *tree)
{
	git_tree *dup = NULL;

	if (tree && git_tree_dup(&dup, (git_tree *)tree) < 0)
		return error_set_git("cannot keep tree");
	git_tree_free(h->at);
	h->at = dup;
	return 0;
}

/*
 * Adds a note of the current state that a sparse vault does not hold:
 * blob `oid` at `path`, read at the line the vault stands at.
 */
static void S_add_missing(struct history *h, const char *path,
			  const git_oid *oid)
{
	const struct note *note;
	git_oid key;

	if (strmap_contains(&h->vault.notes, path))
		return;
	note = reader_note_at(&h->reader, &key, oid, path, S_line(h));
	if (!note)
		return;
	reader_ref(&h->reader, &key);
	vault_set_note(&h->vault, path, note);
	S_broken_set(h, path, oid, note);
}

/* Makes sure the notes a step leaves are in the vault before it. */
static int S_fill(struct history *h, const struct step *st, int to_new)
{
	size_t i;

	for (i = 0; i < st->ch->nr; i++) {
		struct side from = S_side(&st->ch->v[i], !to_new);

		if (from.path)
			S_add_missing(h, from.path,
				      &st->blobs[2 * i + !to_new]);
	}
	return 0;
}

/* Loads every note of where the vault stands: it is sparse no more. */
static int S_materialize(struct history *h)
{
	struct tree_changes all = TREE_CHANGES_INIT;
	size_t i;
	int err;

	if (h->at_index) {
		git_index *index = NULL;

		err = git_repository_index(&index, h->repo->repo);
		if (!err)
			err = treediff_vault_index(&all, h->repo->repo, NULL,
						   index, h->repo->vault,
						   &h->repo->exclude);
		git_index_free(index);
	} else {
		err = treediff_vault(&all, h->repo->repo, NULL, h->at,
				     h->repo->vault, &h->repo->exclude);
	}
	if (err < 0) {
		tree_changes_release(&all);
		return error_set_git("cannot read the vault");
	}
	for (i = 0; i < all.nr; i++)
		if (all.v[i].new_path)
			S_add_missing(h, all.v[i].new_path, &all.v[i].new_oid);
	tree_changes_release(&all);
	h->sparse = 0;
	return 0;
}

/*
 * Moves the vault from h->at to `tree`; with `before`/`after` given, takes
 * the facts the move can touch on both sides.  `changes` are in the
 * direction old -> new of the pair, whose lines are `old_line` and
 * `new_line`, and `to_new` says which way we go.  Broken notes are read as
 * carried first (S_step()), so the rest never sees one that is not.
 */
static int S_move(struct history *h, const git_tree *tree,
		  struct tree_changes *changes, const git_oid *old_line,
		  const git_oid *new_line, int to_new, struct fact_set *before,
		  struct fact_set *after)
{
	struct step st;
	const struct tree_changes *ch;
	struct strmap touched = STRMAP_INIT;
	int full = 0, use_touched = 0, err;

	/* The vault stands on the side we leave: read it on its line. */
	S_set_line(h, to_new ? old_line : new_line);
	S_step(&st, h, changes, old_line, new_line);
	ch = st.ch;
	if (before) {
		full = h->force_full || S_names_change(h, ch, to_new);
		/* A sparse vault must hold what the comparison reads. */
		if (h->sparse &&
		    (full ? S_materialize(h) : S_fill(h, &st, to_new)) < 0) {
			S_step_release(&st);
			return -1;
		}
		/* A change of names re-resolves what it touches, no more. */
		if (full && !h->force_full)
			use_touched = !S_touched(&touched, h, ch);
	}
	/* The side we stand on must be resolved before its facts are read. */
	vault_resolve(&h->vault);
	if (before)
		S_collect(before, h, ch, full, use_touched ? &touched : NULL);
	S_apply(h, &st, to_new);
	S_step_release(&st);
	S_set_line(h, to_new ? new_line : old_line);
	if (h->force_full)
		h->vault.names_dirty = 1;
	if (use_touched)
		vault_touch(&h->vault, &touched);
	if (vault_resolve(&h->vault))
		h->full_steps++;
	if (after)
		S_collect(after, h, ch, full, use_touched ? &touched : NULL);
	strmap_release(&touched);
	h->steps++;
	h->at_index = 0;
	err = S_set_at(h, tree);
	return err;
}

/* Writes the names cache for where the vault stands (a tree). */
static void S_cache_write(struct history *h)
{
	if (h->at && !h->at_index)
		namecache_write(h->repo, h->at, &h->vault);
}

/* Loads the declaring notes at `tree` from the cache; -1: no usable cache. */
static int S_cache_load(struct history *h, const git_tree *tree)
{
	struct namecache cache = NAMECACHE_INIT;
	struct tree_changes ch = TREE_CHANGES_INIT;
	struct strmap touched = STRMAP_INIT;
	int ret = -1;
	size_t i;

	if (namecache_read(&cache, h->repo) < 0)
		return -1;
	if (treediff_vault(&ch, h->repo->repo, cache.tree, tree,
			   h->repo->vault, &h->repo->exclude) < 0) {
		git_error_clear();
		goto done;
	}
	for (i = 0; i < ch.nr; i++)
		if (ch.v[i].old_path)
			strmap_put(&touched, ch.v[i].old_path, NULL);
	for (i = 0; i < cache.nr; i++)
		if (!strmap_contains(&touched, cache.v[i].path))
			S_add_missing(h, cache.v[i].path, &cache.v[i].oid);
	/* What changed since the cached tree: its new declaring notes. */
	for (i = 0; i < ch.nr; i++) {
		const struct note *note;

		if (!ch.v[i].new_path)
			continue;
		note = reader_note(&h->reader, &ch.v[i].new_oid,
				   ch.v[i].new_path);
		/* A broken note may declare what it carries: add it too. */
		if (note && (note->targets_nr || note->broken))
			S_add_missing(h, ch.v[i].new_path, &ch.v[i].new_oid);
	}
	ret = 0;
done:
	strmap_release(&touched);
	tree_changes_release(&ch);
	namecache_release(&cache);
	return ret;
}

int history_goto_tree(struct history *h, const git_tree *tree,
		      const git_oid *line)
{
	struct tree_changes ch = TREE_CHANGES_INIT;
	int err;

	if (S_at(h, tree, line)) {
		S_set_line(h, line);
		vault_resolve(&h->vault);
		return 0;
	}
	if (h->at_index) {
		/* The index is no tree to diff from: start afresh. */
		S_broken_clear(h);
		vault_release(&h->vault);
		reader_release(&h->reader);
		reader_init(&h->reader, h->repo);
		h->reader.lazy = !h->force_full;
		vault_init(&h->vault, h->repo->vault);
		vault_set_context(&h->vault, &h->repo->context);
		git_tree_free(h->at);
		h->at = NULL;
		h->at_index = 0;
		h->sparse = 0;
	}
	if (h->use_cache && tree && !h->at && !h->vault.notes.nr) {
		/* The notes it loads are read at `line`. */
		S_set_line(h, line);
		if (!S_cache_load(h, tree)) {
			h->sparse = 1;
			vault_resolve(&h->vault);
			err = S_set_at(h, tree);
			S_cache_write(h);
			return err;
		}
		S_broken_clear(h);
	}
	err = treediff_vault(&ch, h->repo->repo, h->at, tree, h->repo->vault,
			     &h->repo->exclude);
	if (!err)
		err = S_move(h, tree, &ch, S_line(h), line, 1, NULL, NULL);
	tree_changes_release(&ch);
	if (!err && h->use_cache && !h->sparse)
		S_cache_write(h);
	return err;
}

int history_goto(struct history *h, git_commit *commit)
{
	git_tree *tree = NULL;
	int err;

	if (commit && git_commit_tree(&tree, commit) < 0)
		return error_set_git("cannot read the tree of %s",
				 git_oid_tostr_s(git_commit_id(commit)));
	err = history_goto_tree(h, tree, commit ? git_commit_id(commit) : NULL);
	git_tree_free(tree);
	return err;
}

/* Compares two fact sets, with the renames of `ch` as note moves. */
static void S_compare(struct event_list *out, const struct fact_set *before,
		      const struct fact_set *after,
		      const struct tree_changes *ch)
{
	struct note_move *moves = xcalloc(ch->nr ? ch->nr : 1, sizeof(*moves));
	size_t n = 0, i;

	for (i = 0; i < ch->nr; i++)
		if (ch->v[i].status == CHANGE_RENAMED) {
			moves[n].old_path = ch->v[i].old_path;
			moves[n].new_path = ch->v[i].new_path;
			n++;
		}
	events_compare(out, before, after, moves, n);
	free(moves);
}

/*
 * Whether two revisions with the same vault tree read alike: no broken
 * note in it (known when the vault stands at that tree), or broken notes
 * that carry the same versions on both lines.
 */
static int S_read_alike(struct history *h, const git_tree *tree,
			const git_oid *old_line, const git_oid *new_line)
{
	if (!h->at_index && S_same_tree(h->at, tree) && !h->broken.nr)
		return 1;
	return S_lines_agree(h, old_line, new_line);
}

int history_diff_trees(struct event_list *out, struct history *h,
		       const git_tree *old_tree, const git_oid *old_line,
		       const git_tree *new_tree, const git_oid *new_line)
{
	struct tree_changes ch = TREE_CHANGES_INIT;
	struct fact_set before = FACT_SET_INIT, after = FACT_SET_INIT;
	int err = 0, from_new;

	if (treediff_vault_unchanged(old_tree, new_tree, h->repo->vault) &&
	    S_read_alike(h, old_tree, old_line, new_line)) {
		h->skipped++;
		/* Same vault: walking oldest first, stand on the child now. */
		if (S_at(h, old_tree, old_line)) {
			S_set_line(h, new_line);
			return S_set_at(h, new_tree);
		}
		return 0;
	}
	/*
	 * Stand on whichever side the vault is at: walking newest first it
	 * is at the child, oldest first at the parent.  After a jump, go to
	 * the child and step back, which leaves it where a newest-first walk
	 * wants it next.
	 */
	if (S_at(h, new_tree, new_line)) {
		from_new = 1;
	} else if (S_at(h, old_tree, old_line)) {
		from_new = 0;
	} else {
		if (history_goto_tree(h, new_tree, new_line) < 0)
			return -1;
		from_new = 1;
	}
	if (treediff_vault(&ch, h->repo->repo, old_tree, new_tree,
			   h->repo->vault, &h->repo->exclude) < 0) {
		err = -1;
		goto done;
	}
	if (from_new)
		err = S_move(h, old_tree, &ch, old_line, new_line, 0, &after,
			     &before);
	else
		err = S_move(h, new_tree, &ch, old_line, new_line, 1, &before,
			     &after);
	if (err)
		goto done;
	S_compare(out, &before, &after, &ch);
done:
	fact_set_release(&before);
	fact_set_release(&after);
	tree_changes_release(&ch);
	return err;
}

int history_diff_commits(struct event_list *out, struct history *h,
			 git_commit *old_commit, git_commit *new_commit)
{
	git_tree *a = NULL, *b = NULL;
	int err = 0;

	if ((old_commit && git_commit_tree(&a, old_commit) < 0) ||
	    (new_commit && git_commit_tree(&b, new_commit) < 0))
		err = error_set_git("cannot read a tree");
	if (!err)
		err = history_diff_trees(
			out, h, a,
			old_commit ? git_commit_id(old_commit) : NULL, b,
			new_commit ? git_commit_id(new_commit) : NULL);
	git_tree_free(a);
	git_tree_free(b);
	return err;
}

static int S_parent_tree(git_tree **out, git_commit *commit, unsigned k)
{
	git_commit *parent = NULL;
	int err = git_commit_parent(&parent, commit, k);

	if (!err)
		err = git_commit_tree(out, parent);
	git_commit_free(parent);
	return err;
}

int history_diff_index(struct event_list *out, struct history *h,
		       git_commit *commit, const git_oid *line,
		       struct tree_changes *changes_out)
{
	struct tree_changes ch = TREE_CHANGES_INIT;
	struct fact_set before = FACT_SET_INIT, after = FACT_SET_INIT;
	git_index *index = NULL;
	git_tree *tree = NULL;
	int err;

	if (history_goto(h, commit) < 0)
		return -1;
	if (commit && git_commit_tree(&tree, commit) < 0)
		return error_set_git("cannot read a tree");
	if (git_repository_index(&index, h->repo->repo) < 0) {
		git_tree_free(tree);
		return error_set_git("cannot read the index");
	}
	err = treediff_vault_index(&ch, h->repo->repo, tree, index,
				   h->repo->vault, &h->repo->exclude);
	git_index_free(index);
	if (!err)
		err = S_move(h, NULL, &ch,
			     commit ? git_commit_id(commit) : NULL, line, 1,
			     &before, &after);
	git_tree_free(tree);
	h->at_index = 1;
	if (err)
		goto done;
	S_compare(out, &before, &after, &ch);
	if (changes_out) {
		*changes_out = ch;
		memset(&ch, 0, sizeof(ch));
	}
done:
	fact_set_release(&before);
	fact_set_release(&after);
	tree_changes_release(&ch);
	return err;
}

int history_commit_events(struct event_list *out, struct history *h,
			  git_commit *commit, int first_parent)
{
	unsigned n = git_commit_parentcount(commit), k;
	git_tree *tree = NULL, *ptree = NULL;
	struct event_list other = EVENT_LIST_INIT;
	size_t start = out->nr;
	int err = 0;

	/* The reference walk computes everything: it checks the rest. */
	if (!h->index_tried && !h->force_full) {
		struct strbuf settings = STRBUF_INIT;

		repo_settings_key(&settings, h->repo);
		h->index = eventindex_open(h->repo, settings.buf);
		h->index_tried = 1;
		strbuf_release(&settings);
	}
	if (eventindex_get(out, h->index, git_commit_id(commit), first_parent))
		return 0;
	if (git_commit_tree(&tree, commit) < 0)
		return error_set_git("cannot read the tree of %s",
				 git_oid_tostr_s(git_commit_id(commit)));
	if (n && S_parent_tree(&ptree, commit, 0) < 0) {
		err = error_set_git("cannot read the parent of %s",
				git_oid_tostr_s(git_commit_id(commit)));
		goto done;
	}
	err = history_diff_trees(out, h, ptree,
				 n ? git_commit_parent_id(commit, 0) : NULL,
				 tree, git_commit_id(commit));
	if (err || first_parent || n < 2 || out->nr == start)
		goto done;
	for (k = 1; k < n && out->nr > start; k++) {
		struct event_list mine = EVENT_LIST_INIT;
		git_tree *other_tree = NULL;

		if (S_parent_tree(&other_tree, commit, k) < 0) {
			err = error_set_git("cannot read parent %u of %s", k + 1,
					git_oid_tostr_s(git_commit_id(commit)));
			break;
		}
		err = history_diff_trees(&other, h, other_tree,
					 git_commit_parent_id(commit, k), tree,
					 git_commit_id(commit));
		git_tree_free(other_tree);
		if (err)
			break;
		/* Filter only this commit's events, not what came before. */
		mine.v = out->v + start;
		mine.nr = mine.alloc = out->nr - start;
		events_filter_merge(&mine, &other);
		out->nr = start + mine.nr;
		event_list_clear(&other);
	}
done:
	if (!err)
		eventindex_put(h->index, git_commit_id(commit), first_parent,
			       out->v + start, out->nr - start);
	event_list_release(&other);
	git_tree_free(ptree);
	git_tree_free(tree);
	return err;
}

static char *S_iso_time(const git_time *t, int date_only)
{
	time_t local = (time_t)(t->time + (git_time_t)t->offset * 60);
	struct tm tm;
	char buf[64];
	int off = t->offset < 0 ? -t->offset : t->offset;

	gmtime_r(&local, &tm);
	if (date_only) {
		strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
		return xstrdup(buf);
	}
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	return xstrfmt("%s%c%02d:%02d", buf, t->offset < 0 ? '-' : '+',
		       off / 60, off % 60);
}

void history_commit_info(struct commit_info *out, git_commit *commit)
{
	const git_signature *author = git_commit_author(commit);
	const git_signature *committer = git_commit_committer(commit);
	const char *summary = git_commit_summary(commit);
	git_message_trailer_array trailers = {0};
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	git_oid_tostr(hex, sizeof(hex), git_commit_id(commit));
	out->id = xstrdup(hex);
	out->short_id = xstrndup(hex, 7);
	out->time = S_iso_time(&committer->when, 0);
	out->date = S_iso_time(&committer->when, 1);
	out->when = (long long)committer->when.time;
	out->author = xstrfmt("%s <%s>", author->name, author->email);
	out->author_name = xstrdup(author->name);
	out->subject = xstrdup(summary ? summary : "");
	out->why = NULL;
	if (!git_message_trailers(&trailers, git_commit_message(commit))) {
		for (i = 0; i < trailers.count; i++)
			if (!strcasecmp(trailers.trailers[i].key, "Why")) {
				out->why = xstrdup(trailers.trailers[i].value);
				break;
			}
		git_message_trailer_array_free(&trailers);
	}
	git_error_clear();
}

/* One side of a diff that is not a tree: the index or the working tree. */
struct snapshot {
	struct vault vault;
	struct strmap oids; /* path -> blob id hex */
};

static int S_load(struct snapshot *s, struct reader *r,
		  enum reader_source src, const char *rev)
{
	int err;

	vault_init(&s->vault, r->repo->vault);
	vault_set_context(&s->vault, &r->repo->context);
	r->oids = &s->oids;
	err = reader_load(&s->vault, r, src, rev);
	r->oids = NULL;
	if (!err)
		vault_resolve(&s->vault);
	return err;
}

static void S_release(struct snapshot *s)
{
	struct strmap_iter it;
	struct strmap_entry *e;

	for (e = NULL; (e = strmap_next(&s->oids, &it, e));)
		free(e->value);
	strmap_release(&s->oids);
	vault_release(&s->vault);
}

static int S_cmp_move(const void *a, const void *b)
{
	return strcmp(((const struct note_move *)a)->old_path,
		      ((const struct note_move *)b)->old_path);
}

/* Notes that disappeared on one side and appeared, identical, on the other. */
static size_t S_moves(struct note_move **out, struct snapshot *a,
		      struct snapshot *b)
{
	struct strmap added = STRMAP_INIT;
	struct strmap_iter it;
	struct strmap_entry *e;
	size_t n = 0;

	*out = xcalloc(a->oids.nr + 1, sizeof(**out));
	for (e = NULL; (e = strmap_next(&b->oids, &it, e));)
		if (!strmap_contains(&a->oids, e->key) &&
		    !strmap_contains(&added, e->value))
			strmap_put(&added, e->value, e->key);
	for (e = NULL; (e = strmap_next(&a->oids, &it, e));) {
		const char *to;

		if (strmap_contains(&b->oids, e->key))
			continue;
		to = strmap_get(&added, e->value);
		if (!to)
			continue;
		(*out)[n].old_path = e->key;
		(*out)[n].new_path = to;
		n++;
		strmap_remove(&added, e->value);
	}
	strmap_release(&added);
	QSORT(*out, n, S_cmp_move);
	return n;
}

int history_diff_sources(struct event_list *out, struct history *h,
			 enum reader_source a_src, const char *a_rev,
			 enum reader_source b_src)
{
	struct reader *r = &h->reader;
	struct snapshot a = {0}, b = {0};
	struct fact_set fa = FACT_SET_INIT, fb = FACT_SET_INIT;
	struct note_move *moves = NULL;
	size_t nr;
	int err;

	err = S_load(&a, r, a_src, a_rev);
	if (!err)
		err = S_load(&b, r, b_src, NULL);
	if (!err) {
		facts_add_all(&fa, &a.vault);
		facts_add_all(&fb, &b.vault);
		facts_finish(&fa);
		facts_finish(&fb);
		nr = S_moves(&moves, &a, &b);
		events_compare(out, &fa, &fb, moves, nr);
	}
	free(moves);
	fact_set_release(&fa);
	fact_set_release(&fb);
	S_release(&a);
	S_release(&b);
	return err;
}
