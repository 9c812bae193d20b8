#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "history.h"
#include "names.h"
#include "report.h"
#include "revs.h"
#include "util.h"
#include "vocab.h"

const char *report_mark_name(enum report_mark mark)
{
#define NAME(e, name, label) \
	if (mark == e)       \
		return name;
	REPORT_MARKS(NAME)
#undef NAME
	return "?";
}

const char *report_mark_label(enum report_mark mark)
{
#define LABEL(e, name, label) \
	if (mark == e)        \
		return label;
	REPORT_MARKS(LABEL)
#undef LABEL
	return "?";
}

/* One mapping as the score counts it. */
struct map_entry {
	char *target;		       /* owned */
	const char *strength, *effect; /* pooled */
};

/* The mappings one note holds. */
struct note_maps {
	struct map_entry *v;
	size_t nr, alloc;
};

/* The walk's working state; only report_build() sees it. */
struct walk {
	struct report *r;
	const struct report_opts *opts;
	struct history *h;
	struct strmap ids;   /* target id -> index + 1 into r->targets */
	struct strmap notes; /* note path -> struct note_maps * */
	size_t *dirty;	     /* targets whose state this commit changed */
	size_t dirty_nr, dirty_alloc;
	/* The commit being applied. */
	git_commit *commit;
	struct report_commit *rc; /* made when an event of it is kept */
	long long when;
	char date[REPORT_DATE_MAX]; /* YYYY-MM-DD, committer's time zone */
	unsigned column; /* never decreases, whatever the clocks said */
	int in_window;	 /* at or after --since */
	int crossed;	 /* the window has started */
};

static const char *S_intern(struct report *r, const char *s)
{
	char *v;

	if (!s)
		return NULL;
	v = strmap_get(&r->pool, s);
	if (!v) {
		v = xstrdup(s);
		strmap_put(&r->pool, s, v);
	}
	return v;
}

static struct report_target *S_target(struct walk *w, const char *id)
{
	struct report *r = w->r;
	struct report_target *t;
	size_t idx = (size_t)(uintptr_t)strmap_get(&w->ids, id);

	if (idx)
		return &r->targets[idx - 1];
	ALLOC_GROW(r->targets, r->targets_nr + 1, r->targets_alloc);
	t = &r->targets[r->targets_nr++];
	memset(t, 0, sizeof(*t));
	t->id = xstrdup(id);
	t->kind = "undeclared";
	strmap_put(&w->ids, id, (void *)(uintptr_t)r->targets_nr);
	return t;
}

static void S_dirty(struct walk *w, struct report_target *t)
{
	if (t->dirty)
		return;
	t->dirty = 1;
	ALLOC_GROW(w->dirty, w->dirty_nr + 1, w->dirty_alloc);
	w->dirty[w->dirty_nr++] = (size_t)(t - w->r->targets);
}

static int S_weight(const struct map_entry *m)
{
	return vocab_strength_weight(m->strength) *
	       vocab_effect_sign(m->effect);
}

static void S_commit_unref(struct report_commit *rc)
{
	if (rc && !--rc->refs) {
		commit_info_release(&rc->info);
		free(rc);
	}
}

static void S_event_release(struct report_event *re)
{
	free(re->ev.target);
	free(re->ev.note);
	free(re->ev.old_value);
	free(re->ev.new_value);
	S_commit_unref(re->commit);
	memset(re, 0, sizeof(*re));
}

static void S_event_copy(struct walk *w, struct report_event *dst,
			 const struct event *src, enum report_mark mark)
{
	if (!w->rc) {
		/* The walk holds one reference while the commit is applied. */
		w->rc = xcalloc(1, sizeof(*w->rc));
		history_commit_info(&w->rc->info, w->commit);
		w->rc->refs = 1;
	}
	dst->ev = *src;
	dst->ev.target = xstrdup_or_null(src->target);
	dst->ev.note = xstrdup_or_null(src->note);
	dst->ev.old_value = xstrdup_or_null(src->old_value);
	dst->ev.new_value = xstrdup_or_null(src->new_value);
	dst->commit = w->rc;
	dst->mark = mark;
	w->rc->refs++;
}

static int S_mark(const struct event *e)
{
	if (story_is_question(e))
		return MARK_QUESTION;
	switch (e->kind) {
	case EVENT_POSITION:
	case EVENT_THESIS:
		if (e->change == EVENT_ADDED)
			return MARK_ADDED;
		if (e->change == EVENT_REMOVED)
			return MARK_REMOVED;
		if (e->change == EVENT_RENAMED)
			return MARK_RENAMED;
		if (e->change != EVENT_MODIFIED)
			return -1;
		if (!strcmp(e->field, "status"))
			return MARK_STATUS;
		if (!strcmp(e->field, "confidence"))
			return MARK_CONFIDENCE;
		if (!strcmp(e->field, "stance"))
			return MARK_STANCE;
		return MARK_FIELD;
	case EVENT_MAPPING:
		if (e->change == EVENT_ADDED)
			return MARK_MAP_ADDED;
		if (e->change == EVENT_REMOVED)
			return MARK_MAP_REMOVED;
		if (e->change != EVENT_MODIFIED)
			return -1; /* a renamed target's mappings follow it */
		if (!strcmp(e->field, "strength"))
			return MARK_REWEIGHTED;
		if (!strcmp(e->field, "effect") &&
		    vocab_effect_sign(e->old_value) *
				    vocab_effect_sign(e->new_value) <
			    0)
			return MARK_REVERSED;
		return MARK_MAP_CHANGED;
	case EVENT_MENTION:
		return e->change == EVENT_ADDED || e->change == EVENT_REMOVED
			       ? MARK_MENTION
			       : -1;
	default:
		return -1;
	}
}

/* Records an event of `t` in the window: its marker and its table row. */
static void S_keep(struct walk *w, struct report_target *t,
		   const struct event *e, enum report_mark mark)
{
	struct report_marker *m =
		t->markers_nr ? &t->markers[t->markers_nr - 1] : NULL;
	unsigned max = w->opts->table_max;
	struct report_event *slot;

	t->events_nr++;
	if (m && m->column == w->column) {
		m->count++;
		m->counts[mark]++;
		memcpy(m->last_date, w->date, sizeof(m->last_date));
	} else {
		ALLOC_GROW(t->markers, t->markers_nr + 1, t->markers_alloc);
		m = &t->markers[t->markers_nr++];
		/* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker) */
		memset(m, 0, sizeof(*m));
		m->column = w->column;
		m->count = 1;
		m->counts[mark] = 1;
		memcpy(m->last_date, w->date, sizeof(m->last_date));
		S_event_copy(w, &m->first, e, mark);
	}
	if (!max)
		return;
	/* A ring of the last `max` events, grown only as far as needed. */
	if (t->table_nr < max) {
		if (t->table_nr == t->table_alloc) {
			t->table_alloc =
				t->table_alloc < 4 ? 8 : t->table_alloc * 2;
			if (t->table_alloc > max)
				t->table_alloc = max;
			t->table = xrealloc(t->table,
					    t->table_alloc * sizeof(*t->table));
		}
		slot = &t->table[t->table_nr++];
	} else {
		slot = &t->table[t->table_head];
		S_event_release(slot);
		t->table_head = (t->table_head + 1) % max;
	}
	S_event_copy(w, slot, e, mark);
}

static struct note_maps *S_note_maps(struct walk *w, const char *path,
				     int create)
{
	struct note_maps *nm = strmap_get(&w->notes, path);

	if (!nm && create) {
		nm = xcalloc(1, sizeof(*nm));
		strmap_put(&w->notes, path, nm);
	}
	return nm;
}

/* Whether `m` has `value` in `field`; a NULL field: as a summary. */
static int S_map_has(const struct map_entry *m, const char *field,
		     const char *value)
{
	size_t len;

	if (field && !strcmp(field, "strength"))
		return str_eq(m->strength, value);
	if (field && !strcmp(field, "effect"))
		return str_eq(m->effect, value);
	/* "<strength> <effect>", or the effect alone: see events.h. */
	if (!m->strength || !value)
		return str_eq(m->effect, value);
	len = strlen(m->strength);
	return !strncmp(value, m->strength, len) && value[len] == ' ' &&
	       str_eq(value + len + 1, m->effect);
}

/*
 * The mapping (note, target).  A rename can leave two for a while (the
 * note mapped both the old and the new id; the commit's events remove
 * one): then the one with `value` in `field` (see S_map_has()).
 */
static struct map_entry *S_map_find(struct walk *w, const char *note,
				    const char *target, const char *field,
				    const char *value)
{
	struct note_maps *nm = S_note_maps(w, note, 0);
	struct map_entry *first = NULL;
	size_t i;

	for (i = 0; nm && i < nm->nr; i++) {
		struct map_entry *m = &nm->v[i];

		if (strcmp(m->target, target))
			continue;
		if (S_map_has(m, field, value))
			return m;
		if (!first)
			first = m;
	}
	return first;
}

static void S_map_drop(struct walk *w, const char *note, struct map_entry *m)
{
	struct note_maps *nm = S_note_maps(w, note, 0);
	size_t i = (size_t)(m - nm->v);

	free(m->target);
	memmove(nm->v + i, nm->v + i + 1, (nm->nr - i - 1) * sizeof(*nm->v));
	if (!--nm->nr) {
		strmap_remove(&w->notes, note);
		free(nm->v);
		free(nm);
	}
}

/* Sets the mapping (note, t), `m` if it exists; strings pooled. */
static void S_map_set(struct walk *w, const char *note, struct report_target *t,
		      struct map_entry *m, const char *strength,
		      const char *effect)
{
	struct note_maps *nm;

	if (m) {
		t->score -= S_weight(m);
	} else {
		nm = S_note_maps(w, note, 1);
		ALLOC_GROW(nm->v, nm->nr + 1, nm->alloc);
		m = &nm->v[nm->nr++];
		m->target = xstrdup(t->id);
	}
	m->strength = strength;
	m->effect = effect;
	t->score += S_weight(m);
	S_dirty(w, t);
}

/* "<strength> <effect>", or the effect alone when there is no strength. */
static void S_map_set_summary(struct walk *w, const char *note,
			      struct report_target *t, const char *summary)
{
	const char *sp = summary ? strchr(summary, ' ') : NULL;
	struct map_entry *m = S_map_find(w, note, t->id, NULL, summary);
	char *strength;

	if (!sp) {
		S_map_set(w, note, t, m, NULL,
			  S_intern(w->r, summary ? summary : EFFECT_DEFAULT));
		return;
	}
	strength = xstrndup(summary, (size_t)(sp - summary));
	S_map_set(w, note, t, m, S_intern(w->r, strength),
		  S_intern(w->r, sp + 1));
	free(strength);
}

/* Mappings of `old_id` now count for `new_id`. */
static void S_map_rename(struct walk *w, const char *old_id, const char *new_id)
{
	struct strmap_iter it;
	struct strmap_entry *e;
	size_t i;

	for (e = NULL; (e = strmap_next(&w->notes, &it, e));) {
		struct note_maps *nm = e->value;

		for (i = 0; i < nm->nr; i++)
			if (!strcmp(nm->v[i].target, old_id)) {
				free(nm->v[i].target);
				nm->v[i].target = xstrdup(new_id);
			}
	}
}

/* Note moves of one commit, all at once so swapped paths cannot collide. */
static void S_move_notes(struct walk *w, const struct event_list *ev)
{
	struct note_maps **taken = xcalloc(ev->nr ? ev->nr : 1, sizeof(*taken));
	size_t i;

	for (i = 0; i < ev->nr; i++) {
		const struct event *e = &ev->v[i];

		if (e->kind == EVENT_NOTE && e->change == EVENT_MOVED &&
		    e->old_value && e->new_value)
			taken[i] = strmap_remove(&w->notes, e->old_value);
	}
	for (i = 0; i < ev->nr; i++) {
		struct note_maps *old;
		size_t k;

		if (!taken[i])
			continue;
		old = strmap_put(&w->notes, ev->v[i].new_value, taken[i]);
		if (!old)
			continue;
		/* Two notes moved onto one path: keep both sets. */
		for (k = 0; k < old->nr; k++) {
			ALLOC_GROW(taken[i]->v, taken[i]->nr + 1,
				   taken[i]->alloc);
			taken[i]->v[taken[i]->nr++] = old->v[k];
		}
		free(old->v);
		free(old);
	}
	free(taken);
}

static void S_target_free(struct report_target *t)
{
	size_t i;

	free(t->id);
	free(t->title);
	free(t->stance);
	free(t->points);
	for (i = 0; i < t->markers_nr; i++)
		S_event_release(&t->markers[i].first);
	free(t->markers);
	for (i = 0; i < t->table_nr; i++)
		S_event_release(&t->table[i]);
	free(t->table);
	memset(t, 0, sizeof(*t));
}

/* A target renamed: its record, history and mappings take the new id. */
static void S_rename(struct walk *w, const char *old_id, const char *new_id)
{
	size_t from = (size_t)(uintptr_t)strmap_get(&w->ids, old_id);
	size_t to = (size_t)(uintptr_t)strmap_get(&w->ids, new_id);
	struct report_target *t;

	if (!from || from == to)
		return;
	t = &w->r->targets[from - 1];
	if (to) {
		/*
		 * The new id was mapped before it was declared: those
		 * mappings join the renamed target, whose history the page
		 * goes on with; the other record is dropped.
		 */
		struct report_target *other = &w->r->targets[to - 1];

		t->score += other->score;
		strmap_remove(&w->ids, new_id);
		S_target_free(other);
	}
	S_map_rename(w, old_id, new_id);
	strmap_remove(&w->ids, old_id);
	free(t->id);
	t->id = xstrdup(new_id);
	strmap_put(&w->ids, new_id, (void *)(uintptr_t)from);
	S_dirty(w, t);
}

/* The declaration of `id` at the commit being applied, for added events. */
static const struct vault_target *S_decl_now(struct walk *w, const char *id)
{
	git_tree *tree = NULL;
	const struct vault_target *vt = NULL;

	if (git_commit_tree(&tree, w->commit) < 0) {
		git_error_clear();
		return NULL;
	}
	if (!history_goto(w->h, w->commit))
		vt = vault_target(&w->h->vault, id);
	git_tree_free(tree);
	return vt && vt->declared ? vt : NULL;
}

static void S_replace(char **dst, const char *value)
{
	free(*dst);
	*dst = xstrdup_or_null(value);
}

static void S_target_event(struct walk *w, struct report_target *t,
			   const struct event *e)
{
	const struct vault_target *vt;

	switch (e->change) {
	case EVENT_ADDED:
		t->declared = 1;
		t->kind = event_kind_name(e->kind);
		t->status = S_intern(w->r, e->new_value);
		/* Added events carry the status only: read the rest. */
		vt = S_decl_now(w, t->id);
		t->confidence =
			S_intern(w->r, vt ? vt->decl->confidence : NULL);
		S_replace(&t->title, vt ? vt->decl->title : NULL);
		S_replace(&t->stance, vt ? vt->decl->stance : NULL);
		break;
	case EVENT_REMOVED:
		t->declared = 0;
		t->status = t->confidence = NULL;
		break;
	case EVENT_MODIFIED:
		if (!strcmp(e->field, "status"))
			t->status = S_intern(w->r, e->new_value);
		else if (!strcmp(e->field, "confidence"))
			t->confidence = S_intern(w->r, e->new_value);
		else if (!strcmp(e->field, "title"))
			S_replace(&t->title, e->new_value);
		else if (!strcmp(e->field, "stance"))
			S_replace(&t->stance, e->new_value);
		else
			return;
		break;
	default:
		return;
	}
	S_dirty(w, t);
}

static void S_mapping_event(struct walk *w, struct report_target *t,
			    const struct event *e, const struct strmap *moved)
{
	struct map_entry *m;
	const char *note = e->note;

	switch (e->change) {
	case EVENT_ADDED:
		S_map_set_summary(w, note, t, e->new_value);
		return;
	case EVENT_REMOVED:
		/* Removed facts name the note as it was before the commit. */
		m = S_map_find(w, note, t->id, NULL, e->old_value);
		if (!m && strmap_get(moved, note)) {
			note = strmap_get(moved, note);
			m = S_map_find(w, note, t->id, NULL, e->old_value);
		}
		if (!m)
			return;
		t->score -= S_weight(m);
		S_map_drop(w, note, m);
		S_dirty(w, t);
		return;
	case EVENT_MODIFIED:
		m = S_map_find(w, note, t->id, e->field, e->old_value);
		if (!m)
			return;
		if (!strcmp(e->field, "strength"))
			S_map_set(w, note, t, m, S_intern(w->r, e->new_value),
				  m->effect);
		else if (!strcmp(e->field, "effect"))
			S_map_set(w, note, t, m, m->strength,
				  S_intern(w->r, e->new_value
							 ? e->new_value
							 : EFFECT_DEFAULT));
		return;
	default:
		return;
	}
}

static void S_point(struct walk *w, struct report_target *t)
{
	struct report_point *p =
		t->points_nr ? &t->points[t->points_nr - 1] : NULL;

	if (!p || p->column != w->column) {
		ALLOC_GROW(t->points, t->points_nr + 1, t->points_alloc);
		p = &t->points[t->points_nr++];
		p->column = w->column;
		p->score_min = p->score_max = t->score;
	}
	p->when = w->when;
	memcpy(p->date, w->date, sizeof(p->date));
	p->declared = t->declared;
	p->status = t->status;
	p->confidence = t->confidence;
	p->score = t->score;
	if (t->score < p->score_min)
		p->score_min = t->score;
	if (t->score > p->score_max)
		p->score_max = t->score;
}

static void S_flush(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->dirty_nr; i++) {
		struct report_target *t = &w->r->targets[w->dirty[i]];

		if (!t->id)
			continue; /* merged into a renamed target */
		t->dirty = 0;
		S_point(w, t);
		if (t->declared && w->in_window)
			t->shown = 1;
	}
	w->dirty_nr = 0;
}

/* Applies the events of one commit to the states. */
static void S_apply(struct walk *w, const struct event_list *ev)
{
	struct strmap moved = STRMAP_INIT, renamed = STRMAP_INIT;
	size_t i;

	for (i = 0; i < ev->nr; i++) {
		const struct event *e = &ev->v[i];

		if (e->kind == EVENT_NOTE && e->change == EVENT_MOVED &&
		    e->old_value && e->new_value)
			strmap_put(&moved, e->old_value, e->new_value);
		else if ((e->kind == EVENT_POSITION ||
			  e->kind == EVENT_THESIS) &&
			 e->change == EVENT_RENAMED && e->old_value)
			strmap_put(&renamed, e->old_value, e->target);
	}
	if (moved.nr)
		S_move_notes(w, ev);
	for (i = 0; i < ev->nr; i++) {
		const struct event *e = &ev->v[i];

		if ((e->kind == EVENT_POSITION || e->kind == EVENT_THESIS) &&
		    e->change == EVENT_RENAMED && e->old_value)
			S_rename(w, e->old_value, e->target);
	}
	for (i = 0; i < ev->nr; i++) {
		const struct event *e = &ev->v[i];
		const char *id = e->target;
		struct report_target *t;
		int mark;

		if (!id)
			continue;
		/* A removed fact names its target as it was. */
		if (e->change == EVENT_REMOVED && strmap_get(&renamed, id))
			id = strmap_get(&renamed, id);
		t = S_target(w, id);
		if (e->kind == EVENT_POSITION || e->kind == EVENT_THESIS)
			S_target_event(w, t, e);
		else if (e->kind == EVENT_MAPPING)
			S_mapping_event(w, t, e, &moved);
		if (w->when > t->last_change)
			t->last_change = w->when;
		mark = S_mark(e);
		if (mark >= 0 && w->in_window)
			S_keep(w, t, e, (enum report_mark)mark);
	}
	strmap_release(&moved);
	strmap_release(&renamed);
}

/* The window has started: what is declared now is shown. */
static void S_cross(struct walk *w)
{
	size_t i;

	w->crossed = 1;
	for (i = 0; i < w->r->targets_nr; i++)
		if (w->r->targets[i].declared)
			w->r->targets[i].shown = 1;
}

/* The states at the start of the range: the vault at `tree`. */
static int S_load_start(struct walk *w, git_commit *start)
{
	struct commit_info ci = COMMIT_INFO_INIT;
	const struct vault_target **targets = NULL;
	const struct vault_note **notes = NULL;
	size_t n, i, k;

	if (history_goto(w->h, start) < 0)
		return -1;
	n = vault_targets(&targets, &w->h->vault, 0);
	for (i = 0; i < n; i++) {
		struct report_target *t = S_target(w, targets[i]->id);

		t->declared = 1;
		t->kind = target_kind_name(targets[i]->kind);
		t->status = S_intern(w->r, targets[i]->decl->status);
		t->confidence = S_intern(w->r, targets[i]->decl->confidence);
		S_replace(&t->title, targets[i]->decl->title);
		S_replace(&t->stance, targets[i]->decl->stance);
		S_dirty(w, t);
	}
	free(targets);
	n = vault_notes(&notes, &w->h->vault);
	for (i = 0; i < n; i++)
		for (k = 0; k < notes[i]->maps_nr; k++) {
			const struct vault_mapping *m = &notes[i]->maps[k];
			struct report_target *t = S_target(w, m->target);

			S_map_set(w, notes[i]->path, t, NULL,
				  S_intern(w->r, m->decl->strength),
				  S_intern(w->r, m->decl->effect));
		}
	free(notes);
	S_flush(w);
	history_commit_info(&ci, start);
	story_start(&w->r->story, &w->h->vault, &ci);
	commit_info_release(&ci);
	return 0;
}

static void S_set_date(struct walk *w, long long when, int offset_minutes)
{
	time_t t = (time_t)(when + (long long)offset_minutes * 60);
	struct tm tm;

	w->when = when;
	if (!gmtime_r(&t, &tm) ||
	    !strftime(w->date, sizeof(w->date), "%Y-%m-%d", &tm))
		strcpy(w->date, "?");
}

unsigned report_column(const struct report *r, long long when)
{
	/* In double: a commit can claim any date, and the product overflow. */
	double span = (double)r->end - (double)r->start;

	if (r->columns < 2 || span <= 0 || when <= r->start)
		return 0;
	if (when >= r->end)
		return r->columns - 1;
	return (unsigned)(((double)when - (double)r->start) * (r->columns - 1) /
			  span);
}

/* The commit a range ends at, for a range that walks no commit. */
static int S_range_tip(git_oid *out, struct thesis_repo *repo,
		       const struct strvec *revs)
{
	struct rev_ends ends;

	if (revs_ends(&ends, repo, revs) < 0)
		return -1;
	git_oid_cpy(out, &ends.tip);
	return 0;
}

/*
 * The commits of the range, oldest first, and the span of their times.
 * Fails when they are not one line of first parents (two tips, a...b):
 * states are tracked along one line only.
 */
static int S_commits(git_oid **out, size_t *nr_out, long long *min_out,
		     long long *max_out, struct thesis_repo *repo,
		     const struct strvec *revs)
{
	struct rev_walk_opts wopts = REV_WALK_OPTS_INIT;
	git_revwalk *walk = NULL;
	git_oid *oids = NULL, oid;
	size_t nr = 0, alloc = 0;
	int ret = -1;

	wopts.first_parent = 1;
	wopts.reverse = 1;
	if (revs_walk(&walk, repo, revs, &wopts) < 0)
		return -1;
	while (!git_revwalk_next(&oid, walk)) {
		git_commit *c = NULL;
		long long when;

		if (git_commit_lookup(&c, repo->repo, &oid) < 0) {
			error_set_git("cannot read commit %s",
				      git_oid_tostr_s(&oid));
			ret = REPORT_ERROR;
			goto done;
		}
		if (nr &&
		    (!git_commit_parentcount(c) ||
		     git_oid_cmp(git_commit_parent_id(c, 0), &oids[nr - 1]))) {
			git_commit_free(c);
			error_set("the range has more than one line of first "
				  "parents; give one tip (e.g. main, or a..b)");
			ret = REPORT_ERROR;
			goto done;
		}
		when = (long long)git_commit_time(c);
		if (!nr || when < *min_out)
			*min_out = when;
		if (!nr || when > *max_out)
			*max_out = when;
		git_commit_free(c);
		ALLOC_GROW(oids, nr + 1, alloc);
		oids[nr++] = oid;
	}
	ret = 0;
done:
	git_revwalk_free(walk);
	if (ret < 0)
		free(oids);
	else
		*out = oids;
	*nr_out = ret < 0 ? 0 : nr;
	return ret;
}

static int S_kind_rank(const char *kind)
{
	return !strcmp(kind, "position") ? 0 : !strcmp(kind, "thesis") ? 1 : 2;
}

static int S_cmp_shown(const void *a, const void *b)
{
	const struct report_target *x = *(const struct report_target *const *)a;
	const struct report_target *y = *(const struct report_target *const *)b;
	int c = S_kind_rank(x->kind) - S_kind_rank(y->kind);

	if (c)
		return c;
	if (x->last_change != y->last_change)
		return x->last_change > y->last_change ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* The ring of a target's table, oldest first from index 0. */
static void S_unroll(struct report_target *t)
{
	struct report_event *v;
	size_t i;

	if (!t->table_head)
		return;
	v = xmalloc(t->table_nr * sizeof(*v));
	for (i = 0; i < t->table_nr; i++)
		v[i] = t->table[(t->table_head + i) % t->table_nr];
	free(t->table);
	t->table = v;
	t->table_head = 0;
}

/* Takes the current fields and balance of every target from the tip. */
static void S_finish_at_tip(struct walk *w)
{
	struct vault *v = &w->h->vault;
	size_t i;

	vault_balance(v);
	for (i = 0; i < w->r->targets_nr; i++) {
		struct report_target *t = &w->r->targets[i];
		const struct vault_target *vt;
		const struct balance *b;

		if (!t->id)
			continue;
		vt = vault_target(v, t->id);
		b = vt ? &vt->balance : NULL;
		if ((b ? b->score : 0) != t->score ||
		    !(vt && vt->declared) != !t->declared ||
		    (t->declared && vt && vt->declared &&
		     (!str_eq(t->status, vt->decl->status) ||
		      !str_eq(t->confidence, vt->decl->confidence)))) {
			struct report_mismatch *mm = &w->r->mismatch;

			if (!mm->nr++) {
				mm->id = xstrdup(t->id);
				mm->tracked = t->score;
				mm->vault = b ? b->score : 0;
			}
		}
		if (!vt)
			continue;
		t->supports = b->supports;
		t->challenges = b->challenges;
		t->neutral = b->neutral;
		t->mentions = b->mentions;
		t->score = b->score;
		t->declared = vt->declared;
		if (!vt->declared)
			continue;
		t->kind = target_kind_name(vt->kind);
		t->status = S_intern(w->r, vt->decl->status);
		t->confidence = S_intern(w->r, vt->decl->confidence);
		S_replace(&t->title, vt->decl->title);
		S_replace(&t->stance, vt->decl->stance);
		t->flag = t->status && t->score < 0 &&
			  (!strcmp(t->status, "held") ||
			   !strcmp(t->status, "corroborated"));
	}
}

/* Keeps the targets named on the command line, or every shown one. */
static int S_select(struct walk *w)
{
	struct report *r = w->r;
	const struct strvec *names = w->opts->targets;
	size_t i;

	if (names && names->nr) {
		for (i = 0; i < r->targets_nr; i++)
			r->targets[i].shown = 0;
		for (i = 0; i < names->nr; i++) {
			const struct vault_target *vt =
				vault_lookup(&w->h->vault, names->v[i]);
			const char *n = names->v[i];
			char *slug = NULL;
			size_t idx;

			if (vt)
				n = vt->id;
			idx = (size_t)(uintptr_t)strmap_get(&w->ids, n);
			if (!idx) {
				/* A target gone by the tip, by its last id. */
				slug = names_slug(n, strlen(n));
				idx = (size_t)(uintptr_t)strmap_get(&w->ids,
								    slug);
				free(slug);
			}
			if (!idx) {
				error_set("unknown target '%s'", names->v[i]);
				return REPORT_ERROR;
			}
			r->targets[idx - 1].shown = 1;
		}
	}
	r->shown =
		xcalloc(r->targets_nr ? r->targets_nr : 1, sizeof(*r->shown));
	for (i = 0; i < r->targets_nr; i++) {
		struct report_target *t = &r->targets[i];

		S_unroll(t);
		if (!t->id || !t->shown)
			continue;
		t->story = story_get(&r->story, t->id);
		r->shown[r->shown_nr++] = t;
		r->events += t->events_nr;
	}
	QSORT(r->shown, r->shown_nr, S_cmp_shown);
	return 0;
}

static void S_walk_release(struct walk *w)
{
	struct strmap_iter it;
	struct strmap_entry *e;
	size_t i;

	for (e = NULL; (e = strmap_next(&w->notes, &it, e));) {
		struct note_maps *nm = e->value;

		for (i = 0; i < nm->nr; i++)
			free(nm->v[i].target);
		free(nm->v);
		free(nm);
	}
	strmap_release(&w->notes);
	strmap_release(&w->ids);
	free(w->dirty);
}

int report_build(struct report *r, struct history *h,
		 const struct report_opts *opts)
{
	struct walk w;
	struct thesis_repo *repo = h->repo;
	struct event_list ev = EVENT_LIST_INIT;
	struct strvec none = STRVEC_INIT;
	git_oid *oids = NULL, tip;
	size_t nr = 0, i;
	long long first = 0, last = 0, margin;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	int ret = -1;

	memset(&w, 0, sizeof(w));
	w.r = r;
	w.opts = opts;
	w.h = h;
	r->columns = opts->columns ? opts->columns : REPORT_COLUMNS;
	r->table_max = opts->table_max;
	if ((ret = S_commits(&oids, &nr, &first, &last, repo,
			     opts->revs ? opts->revs : &none)) < 0)
		goto done;
	ret = -1; /* a fatal error, unless a failure says REPORT_ERROR */
	if (nr)
		git_oid_cpy(&tip, &oids[nr - 1]);
	else if (S_range_tip(&tip, repo, opts->revs ? opts->revs : &none) < 0)
		goto done;
	r->tip = xstrdup(git_oid_tostr_s(&tip));

	/*
	 * The states at the start: the first parent of the oldest commit
	 * (none for a root), or the tip itself for a range with no commits.
	 */
	if (git_commit_lookup(&c, repo->repo, nr ? &oids[0] : &tip) < 0) {
		error_set_git("cannot read commit %s",
			      git_oid_tostr_s(nr ? &oids[0] : &tip));
		ret = REPORT_ERROR;
		goto done;
	}
	if (!nr)
		first = last = (long long)git_commit_time(c);
	if (opts->have_since && opts->since > last) {
		/* An empty page would look like a vault with no history. */
		char d[REPORT_DATE_MAX];

		S_set_date(&w, last, 0);
		memcpy(d, w.date, sizeof(d));
		error_set("--since is after the last commit of the range (%s): "
			  "nothing to show",
			  d);
		goto done;
	}
	r->from = opts->have_since && opts->since > first ? opts->since : first;
	r->to = last;
	margin = (last - r->from) / 25;
	if (margin < 600)
		margin = 600;
	r->start = opts->have_since && opts->since > first ? r->from
							   : first - margin;
	/* More room after the tip: the state it ends in, and its label. */
	r->end = last + margin * 4;
	if (r->end < r->start + 86400)
		r->end = r->start + 86400;
	if (nr && git_commit_parentcount(c)) {
		git_commit *parent = NULL;

		if (git_commit_parent(&parent, c, 0) < 0) {
			error_set_git("cannot read the parent of %s",
				      git_oid_tostr_s(&oids[0]));
			ret = REPORT_ERROR;
			goto done;
		}
		git_commit_free(c);
		c = parent;
	} else if (nr) {
		/* A root commit: it starts from the empty vault. */
		git_commit_free(c);
		c = NULL;
	}
	if (c && git_commit_tree(&tree, c) < 0) {
		error_set_git("cannot read the start of the range");
		ret = REPORT_ERROR;
		goto done;
	}
	S_set_date(&w, r->start, 0);
	if (tree && S_load_start(&w, c) < 0)
		goto done;
	git_commit_free(c);
	c = NULL;
	git_tree_free(tree);
	tree = NULL;

	for (i = 0; i < nr; i++) {
		if (git_commit_lookup(&c, repo->repo, &oids[i]) < 0) {
			error_set_git("cannot read commit %s",
				      git_oid_tostr_s(&oids[i]));
			ret = REPORT_ERROR;
			goto done;
		}
		w.commit = c;
		S_set_date(&w, (long long)git_commit_time(c),
			   git_commit_time_offset(c));
		if (report_column(r, w.when) > w.column)
			w.column = report_column(r, w.when);
		w.in_window = !opts->have_since || w.when >= opts->since;
		if (w.in_window && !w.crossed)
			S_cross(&w);
		event_list_clear(&ev);
		if (history_commit_events(&ev, h, c, 1) < 0)
			goto done;
		S_apply(&w, &ev);
		S_flush(&w);
		if (story_apply_commit(&r->story, h, c, &ev) < 0)
			goto done;
		/*
		 * Stand at this commit for the next one: on a commit that
		 * leaves the vault alone, history_diff_trees() stays at the
		 * parent, and the next step would jump there and back.
		 */
		if (git_commit_tree(&tree, c) < 0 || history_goto(h, c) < 0) {
			error_set_git("cannot read the tree of %s",
				      git_oid_tostr_s(&oids[i]));
			ret = REPORT_ERROR;
			goto done;
		}
		git_tree_free(tree);
		tree = NULL;
		S_commit_unref(w.rc);
		w.rc = NULL;
		w.commit = NULL;
		git_commit_free(c);
		c = NULL;
		r->commits++;
	}
	if (!w.crossed)
		S_cross(&w);

	/* The vault at the tip: current fields, and names for --target. */
	if (git_commit_lookup(&c, repo->repo, &tip) < 0 ||
	    git_commit_tree(&tree, c) < 0 || history_goto(h, c) < 0) {
		error_set_git("cannot read the vault at the tip");
		ret = REPORT_ERROR;
		goto done;
	}
	S_finish_at_tip(&w);
	if ((ret = S_select(&w)) < 0)
		goto done;
	ret = 0;
done:
	S_commit_unref(w.rc);
	git_commit_free(c);
	git_tree_free(tree);
	free(oids);
	event_list_release(&ev);
	S_walk_release(&w);
	return ret;
}

void report_release(struct report *r)
{
	struct strmap_iter it;
	struct strmap_entry *e;
	size_t i;

	for (i = 0; i < r->targets_nr; i++)
		S_target_free(&r->targets[i]);
	free(r->targets);
	free(r->shown);
	free(r->tip);
	for (e = NULL; (e = strmap_next(&r->pool, &it, e));)
		free(e->value);
	strmap_release(&r->pool);
	story_release(&r->story);
	free(r->mismatch.id);
	memset(r, 0, sizeof(*r));
}
