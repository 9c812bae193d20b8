#include <stdlib.h>
#include <string.h>

#include "receive.h"
#include "history.h"
#include "revs.h"
#include "treediff.h"
#include "util.h"

int receive_parse_line(struct receive_update *out, const char *line)
{
	size_t len = strlen(line);

	if (len < 2 * GIT_OID_HEXSZ + 3 || line[GIT_OID_HEXSZ] != ' ' ||
	    line[2 * GIT_OID_HEXSZ + 1] != ' ' ||
	    git_oid_fromstrn(&out->old_id, line, GIT_OID_HEXSZ) < 0 ||
	    git_oid_fromstrn(&out->new_id, line + GIT_OID_HEXSZ + 1,
			     GIT_OID_HEXSZ) < 0) {
		git_error_clear();
		return -1;
	}
	out->ref = xstrdup(line + 2 * GIT_OID_HEXSZ + 2);
	return 0;
}

void receive_update_release(struct receive_update *u)
{
	FREE_AND_NULL(u->ref);
}

void receive_ref_release(struct receive_ref *rr)
{
	size_t i;

	review_release(&rr->review);
	free(rr->same_as);
	for (i = 0; i < rr->findings_nr; i++) {
		free(rr->findings[i].path);
		free(rr->findings[i].diag.message);
	}
	free(rr->findings);
	memset(rr, 0, sizeof(*rr));
}

void receive_init(struct receive *rcv, struct thesis_repo *repo, int check)
{
	git_reference_iterator *it = NULL;
	git_reference *r;

	memset(rcv, 0, sizeof(*rcv));
	rcv->repo = repo;
	rcv->check = check;
	/* Once per push: the refs as they were, for new refs' ranges. */
	if (!git_reference_iterator_new(&it, repo->repo)) {
		while (!git_reference_next(&r, it)) {
			const git_oid *id = git_reference_target(r);

			if (id && !git_reference_is_note(r))
				strvec_push_nodup(
					&rcv->hide,
					xstrfmt("^%s", git_oid_tostr_s(id)));
			git_reference_free(r);
		}
		git_reference_iterator_free(it);
	}
	git_error_clear();
}

void receive_release(struct receive *rcv)
{
	strvec_release(&rcv->hide);
	strvec_release(&rcv->reviewed);
	strvec_release(&rcv->reviewed_refs);
	strvec_release(&rcv->checked);
}

static int S_zero(const git_oid *id)
{
	static const git_oid zero = {{0}};

	return git_oid_equal(id, &zero);
}

/* Whether `list` holds `s`. */
static int S_has(const struct strvec *list, const char *s)
{
	size_t i;

	for (i = 0; i < list->nr; i++)
		if (!strcmp(list->v[i], s))
			return 1;
	return 0;
}

/* Whether walking `revs` gives any commit. */
static int S_any_commit(struct thesis_repo *repo, const struct strvec *revs)
{
	struct rev_walk_opts wopts = REV_WALK_OPTS_INIT;
	git_revwalk *walk = NULL;
	git_oid oid;
	int any;

	if (revs_walk(&walk, repo, revs, &wopts) < 0) {
		error_clear();
		return 1; /* let the review say what is wrong */
	}
	any = !git_revwalk_next(&oid, walk);
	git_revwalk_free(walk);
	git_error_clear();
	return any;
}

/* The errors of the notes that `base`..`tip` changes (all, for no base). */
static int S_check(struct receive_ref *out, struct history *h,
		   struct thesis_repo *repo, const git_oid *base,
		   const git_oid *tip)
{
	struct tree_changes ch = TREE_CHANGES_INIT;
	git_commit *c = NULL;
	git_tree *a = NULL, *b = NULL;
	int err = -1;
	size_t i, k;

	if (base && (git_commit_lookup(&c, repo->repo, base) < 0 ||
		     git_commit_tree(&a, c) < 0))
		goto done;
	git_commit_free(c);
	c = NULL;
	if (git_commit_lookup(&c, repo->repo, tip) < 0 ||
	    git_commit_tree(&b, c) < 0 ||
	    treediff_vault(&ch, repo->repo, a, b, repo->vault,
			   &repo->exclude) < 0 ||
	    history_goto(h, c) < 0)
		goto done;
	for (i = 0; i < ch.nr; i++) {
		const struct vault_note *vn;

		if (!ch.v[i].new_path)
			continue;
		vn = strmap_get(&h->vault.notes, ch.v[i].new_path);
		if (!vn)
			continue;
		for (k = 0; k < vn->note->diags_nr + vn->diags_nr; k++) {
			const struct note_diag *d =
				k < vn->note->diags_nr
					? &vn->note->diags[k]
					: &vn->diags[k - vn->note->diags_nr];
			struct receive_finding *f;

			if (d->severity != DIAG_ERROR)
				continue;
			ALLOC_GROW(out->findings, out->findings_nr + 1,
				   out->findings_alloc);
			f = &out->findings[out->findings_nr++];
			f->path = xstrdup(vn->path);
			f->diag = *d;
			f->diag.message = xstrdup(d->message);
		}
	}
	err = 0;
done:
	git_error_clear();
	error_clear();
	tree_changes_release(&ch);
	git_commit_free(c);
	git_tree_free(a);
	git_tree_free(b);
	return err;
}

/* A new branch is checked from where it left HEAD. */
static int S_check_base(git_oid *out, struct thesis_repo *repo,
			const struct receive_update *u)
{
	git_oid head;

	if (!S_zero(&u->old_id)) {
		git_oid_cpy(out, &u->old_id);
		return 1;
	}
	if (git_reference_name_to_id(&head, repo->repo, "HEAD") < 0) {
		git_error_clear();
		return 0;
	}
	if (revs_merge_base(out, repo, &head, &u->new_id) < 0) {
		error_clear();
		return 0;
	}
	return 1;
}

static void S_run_check(struct receive_ref *out, struct receive *rcv,
			struct history *h, const struct receive_update *u)
{
	git_oid base;
	int have_base = S_check_base(&base, rcv->repo, u);
	char *key = xstrfmt("%s %s", have_base ? git_oid_tostr_s(&base) : "-",
			    git_oid_tostr_s(&u->new_id));

	/* The same pair pushed to another ref: its findings were given. */
	if (S_has(&rcv->checked, key)) {
		free(key);
		return;
	}
	strvec_push_nodup(&rcv->checked, key);
	out->checked = 1;
	if (S_check(out, h, rcv->repo, have_base ? &base : NULL, &u->new_id) <
	    0)
		out->check_unreadable = 1;
}

int receive_ref(struct receive_ref *out, struct receive *rcv,
		const struct receive_update *u)
{
	struct thesis_repo *repo = rcv->repo;
	struct strvec revs = STRVEC_INIT;
	struct receive_update tip = *u;
	git_object *obj = NULL, *peeled = NULL;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	struct history h;
	size_t i;

	out->ref = u->ref;
	if (S_zero(&u->new_id)) {
		out->state = RECEIVE_DELETED;
		return 0;
	}
	/* Tags of trees or blobs bring no commits to review. */
	if (git_object_lookup(&obj, repo->repo, &u->new_id, GIT_OBJECT_ANY) <
		    0 ||
	    git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		git_error_clear();
		out->state = RECEIVE_NO_COMMIT;
		return 0;
	}
	git_oid_cpy(&tip.new_id, git_object_id(peeled));
	git_object_free(obj);
	git_object_free(peeled);
	if (git_commit_lookup(&c, repo->repo, &tip.new_id) < 0 ||
	    git_commit_tree(&tree, c) < 0) {
		git_error_clear();
		out->state = RECEIVE_UNREADABLE;
		goto done;
	}
	if (repo_check_vault(repo, tree, out->ref) < 0) {
		error_clear();
		out->state = RECEIVE_NO_VAULT;
		goto done;
	}
	history_init(&h, repo);
	strvec_push(&revs, git_oid_tostr_s(&tip.new_id));
	if (S_zero(&u->old_id)) {
		/* A new ref: what no existing ref already has. */
		for (i = 0; i < rcv->hide.nr; i++)
			strvec_push(&revs, rcv->hide.v[i]);
	} else {
		strvec_push_nodup(&revs,
				  xstrfmt("^%s", git_oid_tostr_s(&u->old_id)));
	}
	/* Nor what this push has reviewed for another ref. */
	for (i = 0; i < rcv->reviewed.nr; i++)
		strvec_push(&revs, rcv->reviewed.v[i]);
	out->review.range = out->ref;
	/* Commits another ref of this push brought: reviewed once. */
	if (rcv->reviewed.nr && !S_any_commit(repo, &revs)) {
		out->state = RECEIVE_OLD;
		for (i = 0; i < rcv->reviewed.nr; i++)
			if (!strcmp(rcv->reviewed.v[i] + 1,
				    git_oid_tostr_s(&tip.new_id)))
				out->same_as = xstrdup(rcv->reviewed_refs.v[i]);
	} else if (review_build(&out->review, &h, &revs) < 0) {
		error_clear();
		out->state = RECEIVE_UNREADABLE;
	} else {
		out->state = RECEIVE_REVIEWED;
	}
	if (out->state == RECEIVE_REVIEWED) {
		strvec_push_nodup(&rcv->reviewed,
				  xstrfmt("^%s", git_oid_tostr_s(&tip.new_id)));
		strvec_push(&rcv->reviewed_refs, out->ref);
	}
	if (rcv->check)
		S_run_check(out, rcv, &h, &tip);
	history_release(&h);
done:
	strvec_release(&revs);
	git_tree_free(tree);
	git_commit_free(c);
	return 0;
}
