#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "review.h"
#include "revs.h"
#include "strmap.h"
#include "util.h"
#include "vocab.h"

static struct review_target *S_target(struct strmap *map,
				      struct review_target **all, size_t *nr,
				      size_t *alloc, const char *id)
{
	struct review_target *t;
	size_t idx = (size_t)(uintptr_t)strmap_get(map, id);

	if (idx)
		return &(*all)[idx - 1];
	ALLOC_GROW(*all, *nr + 1, *alloc);
	t = &(*all)[(*nr)++];
	memset(t, 0, sizeof(*t));
	t->id = xstrdup(id);
	strmap_put(map, id, (void *)(uintptr_t)*nr);
	return t;
}

static void S_flag(struct review_target *t, const char *code,
		   const struct commit_info *c, char *message)
{
	ALLOC_GROW(t->flags, t->flags_nr + 1, t->flags_alloc);
	t->flags[t->flags_nr].code = code;
	t->flags[t->flags_nr].message = message;
	t->flags[t->flags_nr].commit = c;
	t->flags_nr++;
}

static const char *S_mapping_label(const struct event *e)
{
	if (e->change == EVENT_ADDED)
		return "added";
	if (e->change == EVENT_REMOVED)
		return "removed";
	if (!e->field)
		return "modified";
	if (!strcmp(e->field, "strength"))
		return "re-weighted";
	if (!strcmp(e->field, "effect"))
		return vocab_effect_sign(e->old_value) *
				       vocab_effect_sign(e->new_value) <
			       0
			       ? "reversed"
			       : "effect";
	return "rationale";
}

/* Balances and statuses of every target at one state of the vault. */
static void S_snapshot(struct history *h, struct review_target *all,
		       size_t nr, int after)
{
	size_t i;

	vault_balance(&h->vault);
	for (i = 0; i < nr; i++) {
		const struct vault_target *t = vault_target(&h->vault, all[i].id);

		if (!t)
			continue;
		if (!t->declared && t->context &&
		    !strcmp(all[i].kind, "undeclared")) {
			free(all[i].kind);
			all[i].kind = xstrdup("context");
		}
		if (after) {
			all[i].exists_after = 1;
			all[i].after = t->balance;
			if (t->declared) {
				all[i].status_after =
					xstrdup_or_null(t->decl->status);
				free(all[i].title);
				all[i].title = xstrdup_or_null(t->decl->title);
				free(all[i].kind);
				all[i].kind = xstrdup(target_kind_name(t->kind));
			}
		} else {
			all[i].existed_before = 1;
			all[i].before = t->balance;
			if (t->declared) {
				all[i].status_before =
					xstrdup_or_null(t->decl->status);
				/* Kept unless the tip still declares it. */
				free(all[i].kind);
				all[i].kind = xstrdup(target_kind_name(t->kind));
				free(all[i].title);
				all[i].title = xstrdup_or_null(t->decl->title);
			}
		}
	}
}

/*
 * Whether new evidence (a mapping added or changed) came before the
 * target's item `k` or with it, in the same commit: evidence that came
 * later cannot have moved the change.  Items are oldest first.
 */
static int S_evidence_before(const struct review_target *t, size_t k)
{
	size_t j;

	for (j = 0; j < t->items_nr; j++) {
		const struct event *e = t->items[j].event;

		if (j > k && t->items[j].commit != t->items[k].commit)
			break;
		if (e->kind == EVENT_MAPPING &&
		    (e->change == EVENT_ADDED || e->change == EVENT_MODIFIED))
			return 1;
	}
	return 0;
}

/*
 * open-question: questions still open at the tip that were added after
 * the target's last status change (or in a range with none), so the
 * status has not answered them yet.
 */
static void S_open_questions(struct review_target *t)
{
	struct strmap open = STRMAP_INIT;
	const struct commit_info *last = NULL;
	size_t i, status_at = 0, nr = 0;

	for (i = 0; i < t->items_nr; i++) {
		const struct event *e = t->items[i].event;

		if ((e->kind == EVENT_POSITION || e->kind == EVENT_THESIS) &&
		    (e->change == EVENT_ADDED ||
		     (e->change == EVENT_MODIFIED &&
		      !strcmp(e->field, "status"))))
			status_at = i + 1;
	}
	for (i = status_at; i < t->items_nr; i++) {
		const struct event *e = t->items[i].event;

		if (e->kind != EVENT_QUESTION)
			continue;
		if (e->change == EVENT_ADDED)
			strmap_put(&open, e->note, (void *)t->items[i].commit);
		else if (e->change == EVENT_REMOVED)
			strmap_remove(&open, e->note);
	}
	if (t->exists_after && t->after.questions) {
		struct strmap_iter it;
		struct strmap_entry *en;

		for (en = NULL; (en = strmap_next(&open, &it, en));) {
			const struct commit_info *c = en->value;

			nr++;
			if (!last || c->when > last->when)
				last = c;
		}
	}
	if (nr)
		S_flag(t, "open-question", last,
		       xstrfmt("%zu open question%s added after its last "
			       "status change",
			       nr, nr == 1 ? "" : "s"));
	strmap_release(&open);
}

static void S_judge(struct review_target *t)
{
	const char *st = t->status_after;
	size_t i;

	S_open_questions(t);
	if (st && (!strcmp(st, "held") || !strcmp(st, "corroborated")) &&
	    t->after.score < 0 &&
	    (!t->existed_before || t->before.score >= 0))
		S_flag(t, "held-despite-evidence", NULL,
		       xstrfmt("still %s while the evidence score turned "
			       "negative (%+d -> %+d)",
			       st, t->before.score, t->after.score));
	for (i = 0; i < t->items_nr; i++) {
		const struct event *e = t->items[i].event;
		const struct commit_info *c = t->items[i].commit;

		if ((e->kind != EVENT_POSITION && e->kind != EVENT_THESIS))
			continue;
		if (e->change == EVENT_MODIFIED &&
		    (!strcmp(e->field, "status") ||
		     !strcmp(e->field, "confidence")) &&
		    !S_evidence_before(t, i))
			S_flag(t, "change-without-evidence", c,
			       xstrfmt("%s changed (%s -> %s) with no new "
				       "evidence in the range",
				       e->field,
				       e->old_value ? e->old_value : "none",
				       e->new_value ? e->new_value : "none"));
		if (!c->why && (i == 0 || t->items[i - 1].commit != c))
			S_flag(t, "no-why-trailer", c,
			       xstrfmt("%s changes the %s but has no Why: "
				       "trailer",
				       c->short_id, event_kind_name(e->kind)));
	}
}

static int S_kind_rank(const char *kind)
{
	return !strcmp(kind, "position") ? 0 : !strcmp(kind, "thesis") ? 1 : 2;
}

static int S_cmp_target(const void *a, const void *b)
{
	const struct review_target *x = a, *y = b;
	int c = S_kind_rank(x->kind) - S_kind_rank(y->kind);

	return c ? c : strcmp(x->id, y->id);
}

static int S_range_ends(git_tree **before, git_tree **after,
			git_commit **before_c, git_commit **after_c,
			struct thesis_repo *r, const struct strvec *revs)
{
	struct rev_ends ends;
	git_commit *c = NULL;
	char *where;
	int err;

	*before = NULL;
	if (revs_ends(&ends, r, revs) < 0)
		return -1;
	if (git_commit_lookup(&c, r->repo, &ends.tip) < 0 ||
	    git_commit_tree(after, c) < 0) {
		git_commit_free(c);
		return error_set_git("cannot read the end of the range");
	}
	/* Kept: broken notes read at each end carry from its commit. */
	*after_c = c;
	/* A vault created in the range is fine; one the tip lacks is not. */
	where = revs_tip_name(revs);
	err = repo_check_vault(r, *after, where);
	free(where);
	if (err < 0)
		return -1;
	c = NULL;
	if (ends.have_base && (git_commit_lookup(&c, r->repo, &ends.base) < 0 ||
			       git_commit_tree(before, c) < 0)) {
		git_commit_free(c);
		return error_set_git("cannot read the start of the range");
	}
	*before_c = c;
	return 0;
}

int review_build(struct review *rv, struct history *h,
		 const struct strvec *revs)
{
	struct rev_walk_opts wopts = REV_WALK_OPTS_INIT;
	struct strmap by_id = STRMAP_INIT;
	size_t targets_alloc = 0, i, k;
	git_tree *before = NULL, *after = NULL;
	git_commit *before_c = NULL, *after_c = NULL;
	git_revwalk *walk = NULL;
	struct thesis_repo *repo = h->repo;
	int ret = -1;
	git_oid oid;

	wopts.reverse = 1;
	if (S_range_ends(&before, &after, &before_c, &after_c, repo, revs) < 0 ||
	    revs_walk(&walk, repo, revs, &wopts) < 0)
		goto done;
	while (!git_revwalk_next(&oid, walk)) {
		git_commit *c = NULL;
		struct event_list ev = EVENT_LIST_INIT;

		if (git_commit_lookup(&c, repo->repo, &oid) < 0) {
			error_git("cannot read commit %s", git_oid_tostr_s(&oid));
			goto done;
		}
		rv->commits++;
		if (history_commit_events(&ev, h, c, 0) < 0) {
			git_commit_free(c);
			goto done;
		}
		if (ev.nr) {
			ALLOC_GROW(rv->commit_infos, rv->walked_nr + 1,
				   rv->walked_alloc);
			rv->events = xrealloc(rv->events,
					      rv->walked_alloc *
						      sizeof(*rv->events));
			memset(&rv->commit_infos[rv->walked_nr], 0,
			       sizeof(rv->commit_infos[0]));
			history_commit_info(&rv->commit_infos[rv->walked_nr],
					    c);
			rv->events[rv->walked_nr++] = ev;
		} else {
			event_list_release(&ev);
		}
		git_commit_free(c);
	}
	for (i = 0; i < rv->walked_nr; i++)
		for (k = 0; k < rv->events[i].nr; k++) {
			const struct event *e = &rv->events[i].v[k];
			struct review_target *t;

			if (!e->target)
				continue;
			t = S_target(&by_id, &rv->targets, &rv->targets_nr,
				     &targets_alloc, e->target);
			ALLOC_GROW(t->items, t->items_nr + 1, t->items_alloc);
			t->items[t->items_nr].event = e;
			t->items[t->items_nr].commit = &rv->commit_infos[i];
			t->items[t->items_nr].label =
				e->kind == EVENT_MAPPING ? S_mapping_label(e)
							 : NULL;
			t->items_nr++;
		}
	for (i = 0; i < rv->targets_nr; i++)
		rv->targets[i].kind = xstrdup("undeclared");
	if (history_goto(h, before_c) < 0)
		goto done;
	S_snapshot(h, rv->targets, rv->targets_nr, 0);
	if (history_goto(h, after_c) < 0)
		goto done;
	S_snapshot(h, rv->targets, rv->targets_nr, 1);
	QSORT(rv->targets, rv->targets_nr, S_cmp_target);
	for (i = 0; i < rv->targets_nr; i++) {
		S_judge(&rv->targets[i]);
		rv->flags_nr += rv->targets[i].flags_nr;
	}
	ret = 0;
done:
	strmap_release(&by_id);
	git_revwalk_free(walk);
	git_tree_free(before);
	git_tree_free(after);
	git_commit_free(before_c);
	git_commit_free(after_c);
	return ret;
}

void review_release(struct review *rv)
{
	size_t i, k;

	for (i = 0; i < rv->targets_nr; i++) {
		struct review_target *t = &rv->targets[i];

		free(t->id);
		free(t->kind);
		free(t->title);
		free(t->status_before);
		free(t->status_after);
		free(t->items);
		for (k = 0; k < t->flags_nr; k++)
			free(t->flags[k].message);
		free(t->flags);
	}
	free(rv->targets);
	for (i = 0; i < rv->walked_nr; i++) {
		commit_info_release(&rv->commit_infos[i]);
		event_list_release(&rv->events[i]);
	}
	free(rv->commit_infos);
	free(rv->events);
	memset(rv, 0, sizeof(*rv));
}
