/*
 * sync_merge: bringing the upstream in (sync_engine.h): a fast-forward,
 * or a merge made in memory whose conflicts are settled note by note
 * with fmmerge.h.  What cannot be settled is a conflict: the branch, the
 * index and the files stay as they were, and the upstream commit is kept
 * under refs/thesis/conflicts/<branch>.  Files reach the working tree
 * only through a safe checkout, so nothing changed meanwhile is lost.
 */
#include <stdlib.h>
#include <string.h>

#include "fmmerge.h"
#include "exclude.h"
#include "sync_engine.h"
#include "util.h"

static int S_notify(git_checkout_notify_t why, const char *path,
		    const git_diff_file *baseline, const git_diff_file *target,
		    const git_diff_file *workdir, void *payload)
{
	struct sync_state *s = payload;

	(void)baseline;
	(void)target;
	(void)workdir;
	if (why == GIT_CHECKOUT_NOTIFY_CONFLICT)
		strvec_push(&s->blocked, path);
	return 0;
}

/*
 * Updates the working tree and the index from `baseline` to `target`
 * without overwriting anything changed since: returns 0, 1 when a changed
 * file is in the way (nothing was written), -1 on error.
 */
static int S_checkout(struct sync_state *s, git_tree *target,
		      git_tree *baseline)
{
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	int err;

	co.checkout_strategy =
		GIT_CHECKOUT_SAFE | GIT_CHECKOUT_DONT_OVERWRITE_IGNORED;
	co.baseline = baseline;
	co.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
	co.notify_cb = S_notify;
	co.notify_payload = s;
	err = git_checkout_tree(s->r, (const git_object *)target, &co);
	if (err == GIT_ECONFLICT || (err < 0 && s->blocked.nr)) {
		git_error_clear();
		return 1;
	}
	if (err < 0)
		return sync_fail_git(s, "cannot update the working tree");
	return 0;
}

static int S_blocked(struct sync_state *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addstr(&sb, "changed while syncing, not overwritten:");
	for (i = 0; i < s->blocked.nr; i++) {
		strbuf_addstr(&sb, i ? ", " : " ");
		strbuf_add_terminal_safe(&sb, s->blocked.v[i],
					 strlen(s->blocked.v[i]));
	}
	if (!s->blocked.nr)
		strbuf_addstr(&sb, " (a file in the way)");
	sync_error(s, 1, "%s; %s stays where it was: run git thesis sync again",
		   sb.buf, s->branch);
	sync_log(s, "integrate", "blocked: %s", sb.buf);
	strbuf_release(&sb);
	return SYNC_EXIT_UNSAFE;
}

static int S_move_branch(struct sync_state *s, const git_oid *to,
			 const git_oid *from, const char *why)
{
	git_reference *ref = NULL;
	char *msg = xstrfmt("thesis sync: %s", why);
	int err = from ? git_reference_create_matching(
				 &ref, s->r, s->branch_ref, to, 1, from, msg)
		       : git_reference_create(&ref, s->r, s->branch_ref, to, 0,
					      msg);

	free(msg);
	git_reference_free(ref);
	if (err < 0)
		return sync_fail_git(s,
				     "cannot move %s (did it move meanwhile?)",
				     s->branch);
	return 0;
}

static int S_fast_forward(struct sync_state *s, const git_oid *from)
{
	git_tree *old_tree = NULL, *new_tree = NULL;
	char shortid[GIT_OID_HEXSZ + 1];
	int ret = -1, r;

	if (sync_tree_of(&old_tree, s, from) < 0 ||
	    sync_tree_of(&new_tree, s, &s->upstream) < 0)
		goto done;
	r = S_checkout(s, new_tree, old_tree);
	if (r) {
		ret = r > 0 ? S_blocked(s) : -1;
		goto done;
	}
	if (S_move_branch(s, &s->upstream, from, "fast-forward") < 0)
		goto done;
	free(s->res->fast_forward);
	s->res->fast_forward = xstrdup(git_oid_tostr_s(&s->upstream));
	repo_short_id(shortid, &s->upstream);
	sync_say(s, "Fast-forwarded %s to %s from %s.", s->branch, shortid,
		 s->upstream_name);
	sync_log(s, "integrate", "fast-forward to %s",
		 git_oid_tostr_s(&s->upstream));
	ret = 0;
done:
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	return ret;
}

/* One conflicted path of the in-memory merge, copied out of the index. */
struct S_side_entry {
	int present;
	char *path;
	git_oid id;
	uint32_t mode;
};

struct S_conflict_entry {
	struct S_side_entry side[3]; /* ancestor, ours, theirs */
};

static void S_copy_side(struct S_side_entry *out, const git_index_entry *e)
{
	memset(out, 0, sizeof(*out));
	if (!e)
		return;
	out->present = 1;
	out->path = xstrdup(e->path);
	out->id = e->id;
	out->mode = e->mode;
}

/* Excluded files (thesis.exclude, --exclude) merge as plain files. */
static int S_is_note(const struct sync_state *s, const struct S_side_entry *e)
{
	const char *rel;

	if (!e->present ||
	    (e->mode != GIT_FILEMODE_BLOB &&
	     e->mode != GIT_FILEMODE_BLOB_EXECUTABLE) ||
	    !ends_with_icase(e->path, ".md"))
		return 0;
	rel = sync_in_vault(s, e->path);
	return !rel || !exclude_list_match(&s->repo->exclude, rel);
}

static void S_add_conflict_line(struct sync_state *s, const char *path,
				const char *what)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add_terminal_safe(&sb, path, strlen(path));
	strbuf_addf(&sb, ": %s", what);
	strvec_push_nodup(&s->res->conflicts, strbuf_detach(&sb, NULL));
}

/* Puts `e` at stage 0 (or nothing), after removing its path's stages. */
static int S_settle_path(struct sync_state *s, git_index *idx,
			 const struct S_conflict_entry *c, const char *path,
			 const git_oid *id, uint32_t mode)
{
	size_t k;

	for (k = 0; k < 3; k++)
		if (c->side[k].present)
			git_index_conflict_remove(idx, c->side[k].path);
	git_error_clear();
	if (path && id) {
		git_index_entry e;

		memset(&e, 0, sizeof(e));
		e.path = path;
		e.mode = mode;
		e.id = *id;
		if (git_index_add(idx, &e) < 0)
			return sync_fail_git(s, "cannot stage the merged '%s'",
					     path);
	}
	return 0;
}

static int S_blob(git_blob **out, struct sync_state *s,
		  const struct S_side_entry *e)
{
	*out = NULL;
	if (!e->present)
		return 0;
	if (git_blob_lookup(out, s->r, &e->id) < 0)
		return sync_fail_git(s, "cannot read '%s'", e->path);
	return 0;
}

static void S_input(struct fmmerge_input *in, const git_blob *b)
{
	in->ptr = b ? git_blob_rawcontent(b) : NULL;
	in->len = b ? (size_t)git_blob_rawsize(b) : 0;
	if (!in->ptr)
		in->ptr = "";
}

/* Merges one conflicted note with fmmerge; records its conflicts. */
static int S_settle_note(struct sync_state *s, git_index *idx,
			 const struct S_conflict_entry *c)
{
	const struct S_side_entry *a = &c->side[0], *o = &c->side[1],
				  *t = &c->side[2];
	git_blob *ba = NULL, *bo = NULL, *bt = NULL;
	struct fmmerge_result res = FMMERGE_RESULT_INIT;
	struct fmmerge_input in_a = {NULL, 0}, in_o, in_t;
	git_oid id;
	size_t i;
	int ret = -1;

	if ((S_is_note(s, a) && S_blob(&ba, s, a) < 0) || S_blob(&bo, s, o) < 0 ||
	    S_blob(&bt, s, t) < 0)
		goto done;
	if (ba)
		S_input(&in_a, ba);
	S_input(&in_o, bo);
	S_input(&in_t, bt);
	if (fmmerge(&res, &in_a, &in_o, &in_t, s->o->resolve) < 0) {
		sync_fail(s, "cannot merge '%s'", o->path);
		goto done;
	}
	if (res.conflicts_nr) {
		for (i = 0; i < res.conflicts_nr; i++) {
			struct strbuf sb = STRBUF_INIT;

			fmmerge_conflict_describe(&sb, &res.conflicts[i]);
			S_add_conflict_line(s, o->path, sb.buf);
			strbuf_release(&sb);
		}
		ret = 0;
		goto done;
	}
	if (git_blob_create_from_buffer(&id, s->r, res.text.buf, res.text.len) <
	    0) {
		sync_fail_git(s, "cannot write the merged '%s'", o->path);
		goto done;
	}
	ret = S_settle_path(s, idx, c, o->path, &id, o->mode);
	sync_log(s, "merge", "%s merged note by note%s", o->path,
		 res.as_text ? " (as text)" : "");
done:
	fmmerge_result_release(&res);
	git_blob_free(ba);
	git_blob_free(bo);
	git_blob_free(bt);
	return ret;
}

/* What one side did to a path, against the ancestor. */
static const char *S_side_state(const struct S_side_entry *a,
				const struct S_side_entry *x)
{
	if (!x->present)
		return a->present ? "deleted or moved" : "(none)";
	if (!a->present)
		return "added";
	return git_oid_equal(&a->id, &x->id) && a->mode == x->mode ? "unchanged"
								   : "changed";
}

/*
 * A conflict that is not two versions of one note: modify/delete, a
 * binary or other file changed on both sides, or a piece of a rename
 * both sides made differently (libgit2 records those path by path: the
 * old path with the ancestor only, each new path with one side only).
 */
static int S_settle_other(struct sync_state *s, git_index *idx,
			  const struct S_conflict_entry *c)
{
	const struct S_side_entry *a = &c->side[0], *o = &c->side[1],
				  *t = &c->side[2];
	const char *path = o->present	? o->path
			   : t->present ? t->path
					: a->path;
	struct strbuf sb = STRBUF_INIT;

	/* Neither side keeps the old path: nothing there to lose. */
	if (!o->present && !t->present)
		return S_settle_path(s, idx, c, NULL, NULL, 0);
	if (s->o->resolve != FMMERGE_FAVOR_NONE) {
		const struct S_side_entry *take =
			s->o->resolve == FMMERGE_FAVOR_OURS ? o : t;

		return S_settle_path(s, idx, c,
				     take->present ? take->path : NULL,
				     &take->id, take->mode);
	}
	strbuf_addf(&sb, "yours %s, theirs %s", S_side_state(a, o),
		    S_side_state(a, t));
	if (!a->present && (!o->present || !t->present))
		strbuf_addstr(&sb, " (moved differently on both sides)");
	S_add_conflict_line(s, path, sb.buf);
	strbuf_release(&sb);
	return 0;
}

/* Settles every conflict of the in-memory merge, or records it. */
static int S_settle(struct sync_state *s, git_index *idx)
{
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *e[3];
	struct S_conflict_entry *list = NULL;
	size_t nr = 0, alloc = 0, i, k;
	int ret = 0;

	if (git_index_conflict_iterator_new(&it, idx) < 0)
		return sync_fail_git(s, "cannot read the merge");
	while (!git_index_conflict_next(&e[0], &e[1], &e[2], it)) {
		ALLOC_GROW(list, nr + 1, alloc);
		for (k = 0; k < 3; k++)
			S_copy_side(&list[nr].side[k], e[k]);
		nr++;
	}
	git_index_conflict_iterator_free(it);
	git_error_clear();
	for (i = 0; i < nr && ret >= 0; i++) {
		const struct S_conflict_entry *c = &list[i];

		if (S_is_note(s, &c->side[1]) && S_is_note(s, &c->side[2]) &&
		    !strcmp(c->side[1].path, c->side[2].path))
			ret = S_settle_note(s, idx, c);
		else
			ret = S_settle_other(s, idx, c);
	}
	for (i = 0; i < nr; i++)
		for (k = 0; k < 3; k++)
			free(list[i].side[k].path);
	free(list);
	return ret;
}

/* Keeps theirs under refs/thesis/conflicts/<branch> and says what clashed. */
static int S_conflict(struct sync_state *s)
{
	git_reference *ref = NULL;
	char *msg = xstrfmt("thesis sync: conflict with %s", s->upstream_name);
	size_t i;
	int err;

	err = git_reference_create(&ref, s->r, s->conflict_ref, &s->upstream, 1,
				   msg);
	free(msg);
	git_reference_free(ref);
	if (err < 0)
		return sync_fail_git(s, "cannot keep theirs as %s",
				     s->conflict_ref);
	msg = xstrfmt("Conflict with %s: nothing merged, nothing pushed.",
		      s->upstream_name);
	sync_message(s, SYNC_MSG_CONFLICT, 1, msg);
	free(msg);
	for (i = 0; i < s->res->conflicts.nr; i++) {
		sync_message(s, SYNC_MSG_CONFLICT, 1, s->res->conflicts.v[i]);
		sync_log(s, "conflict", "%s", s->res->conflicts.v[i]);
	}
	msg = xstrfmt("Your commit stays on %s; theirs is kept as %s.\n"
		      "Settle it with 'git thesis sync --resolve ours' or "
		      "'--resolve theirs', or 'git merge %s'.",
		      s->branch, s->conflict_ref, s->conflict_ref);
	sync_message(s, SYNC_MSG_CONFLICT, 1, msg);
	free(msg);
	return SYNC_EXIT_CONFLICT;
}

int sync_try_merge(struct sync_state *s, git_tree *base_tree,
		   git_tree *local_tree, git_tree *up_tree)
{
	git_merge_options mo = GIT_MERGE_OPTIONS_INIT;
	git_index *idx = NULL;
	int ret;

	if (git_merge_trees(&idx, s->r, base_tree, local_tree, up_tree, &mo) <
	    0)
		return sync_fail_git(s, "cannot try the merge");
	ret = S_settle(s, idx);
	git_index_free(idx);
	return ret;
}

static int S_merge(struct sync_state *s, const git_oid *local)
{
	git_oid base, tree_oid, merge_oid;
	git_commit *lc = NULL, *uc = NULL;
	git_tree *base_tree = NULL, *local_tree = NULL, *up_tree = NULL,
		 *merged = NULL;
	git_index *idx = NULL;
	git_signature *author = NULL, *committer = NULL;
	git_merge_options mo = GIT_MERGE_OPTIONS_INIT;
	char shortid[GIT_OID_HEXSZ + 1], *msg = NULL;
	const git_commit *parents[2];
	int err, ret = -1;

	err = git_merge_base(&base, s->r, local, &s->upstream);
	if (err == GIT_ENOTFOUND) {
		/* Not sync_unsafe(): our commit may already be made. */
		git_error_clear();
		sync_error(s, 1,
			   "%s and %s share no history; merge them by hand "
			   "once (git merge --allow-unrelated-histories)",
			   s->branch, s->upstream_name);
		sync_log(s, "integrate", "refused: no common history");
		return SYNC_EXIT_UNSAFE;
	}
	if (err < 0)
		return sync_fail_git(s, "cannot find the merge base");
	if (sync_tree_of(&base_tree, s, &base) < 0 ||
	    sync_tree_of(&local_tree, s, local) < 0 ||
	    sync_tree_of(&up_tree, s, &s->upstream) < 0)
		goto done;
	if (git_merge_trees(&idx, s->r, base_tree, local_tree, up_tree, &mo) <
	    0) {
		sync_fail_git(s, "cannot merge");
		goto done;
	}
	if (S_settle(s, idx) < 0)
		goto done;
	if (s->res->conflicts.nr) {
		ret = S_conflict(s);
		goto done;
	}
	if (git_index_has_conflicts(idx)) {
		sync_fail(s, "the merge left unmerged entries");
		goto done;
	}
	if (git_index_write_tree_to(&tree_oid, idx, s->r) < 0 ||
	    git_tree_lookup(&merged, s->r, &tree_oid) < 0) {
		sync_fail_git(s, "cannot write the merged tree");
		goto done;
	}
	if (git_commit_lookup(&lc, s->r, local) < 0 ||
	    git_commit_lookup(&uc, s->r, &s->upstream) < 0) {
		sync_fail_git(s, "cannot read the commits to merge");
		goto done;
	}
	if (sync_signature(&author, s, "AUTHOR") < 0 ||
	    sync_signature(&committer, s, "COMMITTER") < 0)
		goto done;
	msg = xstrfmt("Merge %s into %s (vault sync)\n", s->upstream_name,
		      s->branch);
	parents[0] = lc;
	parents[1] = uc;
	if (git_commit_create(&merge_oid, s->r, NULL, author, committer, NULL,
			      msg, merged, 2, parents) < 0) {
		sync_fail_git(s, "cannot make the merge commit");
		goto done;
	}
	/* The files first: the branch moves only if they could follow. */
	err = S_checkout(s, merged, local_tree);
	if (err) {
		ret = err > 0 ? S_blocked(s) : -1;
		goto done;
	}
	if (S_move_branch(s, &merge_oid, local, "merge") < 0)
		goto done;
	ALLOC_GROW(s->merges, s->merges_nr + 1, s->merges_alloc);
	s->merges[s->merges_nr++] = merge_oid;
	strvec_push(&s->res->merges, git_oid_tostr_s(&merge_oid));
	repo_short_id(shortid, &merge_oid);
	sync_say(s, "Merged %s into %s as %s.", s->upstream_name, s->branch,
		 shortid);
	sync_log(s, "integrate", "merged %s as %s",
		 git_oid_tostr_s(&s->upstream), shortid);
	ret = 0;
done:
	free(msg);
	git_signature_free(author);
	git_signature_free(committer);
	git_commit_free(lc);
	git_commit_free(uc);
	git_tree_free(base_tree);
	git_tree_free(local_tree);
	git_tree_free(up_tree);
	git_tree_free(merged);
	git_index_free(idx);
	return ret;
}

int sync_integrate(struct sync_state *s)
{
	git_oid local;
	int unborn = sync_branch_tip(&local, s);

	if (!s->have_upstream)
		return 0;
	if (unborn)
		return S_fast_forward(s, NULL);
	if (git_oid_equal(&local, &s->upstream) ||
	    git_graph_descendant_of(s->r, &local, &s->upstream) == 1)
		return 0;
	if (git_graph_descendant_of(s->r, &s->upstream, &local) == 1)
		return S_fast_forward(s, &local);
	git_error_clear();
	return S_merge(s, &local);
}
