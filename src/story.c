#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "revs.h"
#include "story.h"
#include "util.h"
#include "vault.h"
#include "vocab.h"

int story_is_question(const struct event *e)
{
	/*
	 * By name: the kind `question` joins the event kinds with the prose
	 * evidence, and the story needs no change when it does.
	 */
	return !strcmp(event_kind_name(e->kind), "question");
}

char *story_first_line(const char *why)
{
	const char *end;

	if (!why)
		return NULL;
	while (*why == ' ' || *why == '\t' || *why == '\n' || *why == '\r')
		why++;
	end = why + strcspn(why, "\r\n");
	while (end > why && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return end > why ? xstrndup(why, (size_t)(end - why)) : NULL;
}

static void S_event_copy(struct event *dst, const struct event *src)
{
	*dst = *src;
	dst->target = xstrdup_or_null(src->target);
	dst->note = xstrdup_or_null(src->note);
	dst->old_value = xstrdup_or_null(src->old_value);
	dst->new_value = xstrdup_or_null(src->new_value);
}

static void S_event_release(struct event *e)
{
	free(e->target);
	free(e->note);
	free(e->old_value);
	free(e->new_value);
}

static void S_evidence_release(struct story_evidence *se)
{
	S_event_release(&se->ev);
	commit_info_release(&se->commit);
}

static void S_period_release(struct story_period *p)
{
	size_t i;

	for (i = 0; i < p->nr; i++)
		S_evidence_release(&p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

static void S_step_release(struct story_step *st)
{
	free(st->from);
	free(st->to);
	free(st->confidence_from);
	free(st->confidence_to);
	commit_info_release(&st->commit);
	S_period_release(&st->before);
}

static void S_target_release(struct story_target *t)
{
	size_t i;

	free(t->id);
	free(t->status);
	free(t->confidence);
	free(t->stance);
	for (i = 0; i < t->steps_nr; i++)
		S_step_release(&t->steps[i]);
	free(t->steps);
	S_period_release(&t->open);
	for (i = 0; i < t->stances_nr; i++) {
		free(t->stances[i].text);
		commit_info_release(&t->stances[i].commit);
	}
	free(t->stances);
	for (i = 0; i < t->questions_nr; i++)
		S_evidence_release(&t->questions[i]);
	free(t->questions);
	memset(t, 0, sizeof(*t));
}

void story_release(struct story *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		S_target_release(&s->targets[i]);
	free(s->targets);
	strmap_release(&s->ids);
	memset(s, 0, sizeof(*s));
}

const struct story_target *story_get(const struct story *s, const char *id)
{
	size_t idx = (size_t)(uintptr_t)strmap_get(&s->ids, id);

	return idx && s->targets[idx - 1].id ? &s->targets[idx - 1] : NULL;
}

static struct story_target *S_target(struct story *s, const char *id)
{
	size_t idx = (size_t)(uintptr_t)strmap_get(&s->ids, id);
	struct story_target *t;

	if (idx)
		return &s->targets[idx - 1];
	ALLOC_GROW(s->targets, s->nr + 1, s->alloc);
	t = &s->targets[s->nr++];
	memset(t, 0, sizeof(*t));
	t->id = xstrdup(id);
	t->kind = "undeclared";
	strmap_put(&s->ids, id, (void *)(uintptr_t)s->nr);
	return t;
}

static void S_set(char **dst, const char *value)
{
	free(*dst);
	*dst = xstrdup_or_null(value);
}

/* Drops the first of `nr` elements of `size` bytes: the oldest goes. */
static void S_shift(void *v, size_t *nr, size_t size)
{
	memmove(v, (char *)v + size, (*nr - 1) * size);
	(*nr)--;
}

static void S_period_add(struct story_period *p, const struct event *e,
			 const struct commit_info *c)
{
	struct story_evidence *se;

	p->total++;
	if (story_is_question(e)) {
		p->questions++;
	} else if (e->change == EVENT_REMOVED) {
		p->removed++;
	} else if (e->change == EVENT_ADDED || !strcmp(e->field, "effect")) {
		/* A mapping added, or turned: its effect after the change. */
		const char *effect = e->new_value;
		const char *sp;
		int sign;

		if (e->change == EVENT_ADDED && effect &&
		    (sp = strchr(effect, ' ')))
			effect = sp + 1;
		sign = vocab_effect_sign(effect ? effect : EFFECT_DEFAULT);
		if (sign > 0)
			p->supports++;
		else if (sign < 0)
			p->challenges++;
		else
			p->neutral++;
	}
	/* A strength or why changed: in the total only. */
	if (p->nr == STORY_EVIDENCE_MAX) {
		S_evidence_release(&p->v[0]);
		S_shift(p->v, &p->nr, sizeof(*p->v));
	}
	ALLOC_GROW(p->v, p->nr + 1, p->alloc);
	se = &p->v[p->nr++];
	S_event_copy(&se->ev, e);
	commit_info_copy(&se->commit, c);
}

static int S_same_commit(const struct commit_info *a,
			 const struct commit_info *b)
{
	return a->id && b->id && !strcmp(a->id, b->id);
}

static struct story_step *S_step(struct story_target *t, const char *from,
				 const char *to, const struct commit_info *c)
{
	struct story_step *st;

	if (t->steps_nr == STORY_STEPS_MAX) {
		S_step_release(&t->steps[0]);
		S_shift(t->steps, &t->steps_nr, sizeof(*t->steps));
		t->steps_dropped++;
	}
	ALLOC_GROW(t->steps, t->steps_nr + 1, t->steps_alloc);
	st = &t->steps[t->steps_nr++];
	memset(st, 0, sizeof(*st));
	st->from = xstrdup_or_null(from);
	st->to = xstrdup_or_null(to);
	commit_info_copy(&st->commit, c);
	/* The evidence since the last change led to this one. */
	st->before = t->open;
	memset(&t->open, 0, sizeof(t->open));
	return st;
}

static void S_stance(struct story_target *t, const char *text,
		     const struct commit_info *c, int start)
{
	struct story_stance *ss;

	S_set(&t->stance, text);
	if (t->stances_nr == STORY_STANCES_MAX) {
		free(t->stances[0].text);
		commit_info_release(&t->stances[0].commit);
		S_shift(t->stances, &t->stances_nr, sizeof(*t->stances));
		t->stances_dropped++;
	}
	ALLOC_GROW(t->stances, t->stances_nr + 1, t->stances_alloc);
	ss = &t->stances[t->stances_nr++];
	memset(ss, 0, sizeof(*ss));
	ss->text = xstrdup_or_null(text);
	ss->start = start;
	commit_info_copy(&ss->commit, c);
}

static void S_question(struct story_target *t, const struct event *e,
		       const struct commit_info *c)
{
	struct story_evidence *se;

	if (t->questions_nr == STORY_QUESTIONS_MAX) {
		S_evidence_release(&t->questions[0]);
		S_shift(t->questions, &t->questions_nr, sizeof(*t->questions));
		t->questions_dropped++;
	}
	ALLOC_GROW(t->questions, t->questions_nr + 1, t->questions_alloc);
	se = &t->questions[t->questions_nr++];
	S_event_copy(&se->ev, e);
	commit_info_copy(&se->commit, c);
}

/* The vault's declaration of a target, as the story starts it. */
static void S_declared(struct story_target *t, const struct vault_target *vt)
{
	t->declared = 1;
	t->kind = target_kind_name(vt->kind);
	S_set(&t->status, vt->decl->status);
	S_set(&t->confidence, vt->decl->confidence);
}

void story_start(struct story *s, const struct vault *v,
		 const struct commit_info *c)
{
	const struct vault_target **targets = NULL;
	size_t n = vault_targets(&targets, v, 0), i;

	for (i = 0; i < n; i++) {
		struct story_target *t = S_target(s, targets[i]->id);
		struct story_step *st;

		S_declared(t, targets[i]);
		st = S_step(t, NULL, t->status, c);
		st->start = 1;
		S_set(&st->confidence_to, t->confidence);
		S_stance(t, targets[i]->decl->stance, c, 1);
	}
	free(targets);
}

/* A target renamed: its story goes on under the new id. */
static void S_rename(struct story *s, const char *old_id, const char *new_id)
{
	size_t from = (size_t)(uintptr_t)strmap_get(&s->ids, old_id);
	size_t to = (size_t)(uintptr_t)strmap_get(&s->ids, new_id);
	struct story_target *t;

	if (!from || from == to)
		return;
	t = &s->targets[from - 1];
	if (to) {
		/* The new id was mapped before it was declared: the
		 * evidence it had joins the renamed target's open period. */
		struct story_target *other = &s->targets[to - 1];
		size_t i;

		for (i = 0; i < other->open.nr; i++)
			S_period_add(&t->open, &other->open.v[i].ev,
				     &other->open.v[i].commit);
		strmap_remove(&s->ids, new_id);
		S_target_release(other);
	}
	strmap_remove(&s->ids, old_id);
	free(t->id);
	t->id = xstrdup(new_id);
	strmap_put(&s->ids, new_id, (void *)(uintptr_t)from);
}

static void S_target_event(struct story_target *t, const struct event *e,
			   const struct commit_info *c, const struct vault *v)
{
	const struct vault_target *vt;
	struct story_step *last =
		t->steps_nr ? &t->steps[t->steps_nr - 1] : NULL;

	switch (e->change) {
	case EVENT_ADDED:
		t->declared = 1;
		t->kind = event_kind_name(e->kind);
		S_set(&t->status, e->new_value);
		vt = v ? vault_target(v, t->id) : NULL;
		if (vt && !vt->declared)
			vt = NULL;
		S_set(&t->confidence, vt ? vt->decl->confidence : NULL);
		last = S_step(t, NULL, e->new_value, c);
		S_set(&last->confidence_to, t->confidence);
		if (vt && vt->decl->stance)
			S_stance(t, vt->decl->stance, c, 0);
		break;
	case EVENT_REMOVED:
		t->declared = 0;
		S_step(t, t->status, NULL, c);
		S_set(&t->status, NULL);
		S_set(&t->confidence, NULL);
		break;
	case EVENT_MODIFIED:
		if (!strcmp(e->field, "status")) {
			S_set(&t->status, e->new_value);
			S_step(t, e->old_value, e->new_value, c);
		} else if (!strcmp(e->field, "confidence")) {
			S_set(&t->confidence, e->new_value);
			/* Events of a target come status first. */
			if (last && S_same_commit(&last->commit, c) &&
			    !last->start) {
				last->confidence_changed = 1;
				S_set(&last->confidence_from, e->old_value);
				S_set(&last->confidence_to, e->new_value);
			}
		} else if (!strcmp(e->field, "stance")) {
			S_stance(t, e->new_value, c, 0);
		}
		break;
	default:
		break;
	}
}

static void S_evidence(struct story_target *t, const struct event *e,
		       const struct commit_info *c)
{
	struct story_step *last =
		t->steps_nr ? &t->steps[t->steps_nr - 1] : NULL;

	if (story_is_question(e))
		S_question(t, e, c);
	/* Evidence made with a status change came with it. */
	if (last && !last->start && S_same_commit(&last->commit, c))
		S_period_add(&last->before, e, c);
	else
		S_period_add(&t->open, e, c);
}

void story_apply(struct story *s, const struct commit_info *c,
		 const struct event *ev, size_t nr, const struct vault *v)
{
	struct strmap renamed = STRMAP_INIT;
	size_t i;

	for (i = 0; i < nr; i++) {
		const struct event *e = &ev[i];

		if ((e->kind == EVENT_POSITION || e->kind == EVENT_THESIS) &&
		    e->change == EVENT_RENAMED && e->old_value && e->target) {
			strmap_put(&renamed, e->old_value, e->target);
			S_rename(s, e->old_value, e->target);
		}
	}
	for (i = 0; i < nr; i++) {
		const struct event *e = &ev[i];
		const char *id = e->target;

		if (!id)
			continue;
		/* A removed fact names its target as it was. */
		if (e->change == EVENT_REMOVED && strmap_get(&renamed, id))
			id = strmap_get(&renamed, id);
		if (e->kind == EVENT_POSITION || e->kind == EVENT_THESIS)
			S_target_event(S_target(s, id), e, c, v);
		else if (e->kind == EVENT_MAPPING &&
			 e->change != EVENT_RENAMED && e->change != EVENT_MOVED)
			S_evidence(S_target(s, id), e, c);
		else if (story_is_question(e))
			S_evidence(S_target(s, id), e, c);
	}
	strmap_release(&renamed);
	s->commits++;
}

int story_apply_commit(struct story *s, struct history *h, git_commit *commit,
		       const struct event_list *ev)
{
	struct commit_info ci = COMMIT_INFO_INIT;
	const struct vault *v = NULL;
	size_t i;

	/* Most commits change no target: no commit info to read. */
	for (i = 0; i < ev->nr && !ev->v[i].target; i++)
		;
	if (i == ev->nr) {
		s->commits++;
		return 0;
	}
	for (i = 0; i < ev->nr; i++)
		if ((ev->v[i].kind == EVENT_POSITION ||
		     ev->v[i].kind == EVENT_THESIS) &&
		    ev->v[i].change == EVENT_ADDED)
			break;
	if (i < ev->nr) {
		if (history_goto(h, commit) < 0)
			return error_set_git(
				"cannot read the tree of %s",
				git_oid_tostr_s(git_commit_id(commit)));
		v = &h->vault;
	}
	history_commit_info(&ci, commit);
	story_apply(s, &ci, ev->v, ev->nr, v);
	commit_info_release(&ci);
	return 0;
}

int story_build(struct story *out, struct history *h, const struct strvec *revs)
{
	struct rev_walk_opts wopts = REV_WALK_OPTS_INIT;
	struct event_list ev = EVENT_LIST_INIT;
	git_revwalk *walk = NULL;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_oid oid;
	int first = 1, ret = -1;

	wopts.first_parent = 1;
	wopts.reverse = 1;
	if (revs_walk(&walk, h->repo, revs, &wopts) < 0)
		return -1;
	while (!git_revwalk_next(&oid, walk)) {
		if (git_commit_lookup(&c, h->repo->repo, &oid) < 0) {
			error_set_git("cannot read commit %s",
				  git_oid_tostr_s(&oid));
			goto done;
		}
		if (first && git_commit_parentcount(c)) {
			/* A range with a negative end: its start first. */
			struct commit_info ci = COMMIT_INFO_INIT;
			git_commit *parent = NULL;

			if (git_commit_parent(&parent, c, 0) < 0 ||
			    history_goto(h, parent) < 0) {
				git_commit_free(parent);
				error_set_git("cannot read the start of the range");
				goto done;
			}
			history_commit_info(&ci, parent);
			story_start(out, &h->vault, &ci);
			commit_info_release(&ci);
			git_commit_free(parent);
		}
		first = 0;
		event_list_clear(&ev);
		if (history_commit_events(&ev, h, c, 1) < 0 ||
		    story_apply_commit(out, h, c, &ev) < 0)
			goto done;
		git_commit_free(c);
		c = NULL;
	}
	ret = 0;
done:
	git_commit_free(c);
	git_tree_free(tree);
	git_revwalk_free(walk);
	event_list_release(&ev);
	return ret;
}
