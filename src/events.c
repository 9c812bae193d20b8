#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "names.h"
#include "strbuf.h"
#include "strmap.h"
#include "util.h"

const char *event_kind_name(enum event_kind kind)
{
#define NAME(e, s)                                                             \
	if (kind == e)                                                         \
		return s;
	EVENT_KINDS(NAME)
#undef NAME
	return "?";
}

const char *event_change_name(enum event_change change)
{
#define NAME(e, s)                                                             \
	if (change == e)                                                       \
		return s;
	EVENT_CHANGES(NAME)
#undef NAME
	return "?";
}

int event_kind_parse(const char *name)
{
#define NAME(e, s)                                                             \
	if (!strcmp(name, s))                                                  \
		return e;
	EVENT_KINDS(NAME)
#undef NAME
	return -1;
}

int event_change_parse(const char *name)
{
#define NAME(e, s)                                                             \
	if (!strcmp(name, s))                                                  \
		return e;
	EVENT_CHANGES(NAME)
#undef NAME
	return -1;
}

const char *event_field_intern(const char *name)
{
	const char *const *names;
	size_t n, i;
	int t;

	/* Every fact type's field list; fact_fields() knows them all. */
	for (t = 0; t < 16; t++) {
		n = fact_fields((enum fact_type)t, &names);
		for (i = 0; i < n; i++)
			if (!strcmp(names[i], name))
				return names[i];
	}
	return NULL;
}

static void S_event_release(struct event *e)
{
	free(e->target);
	free(e->note);
	free(e->old_value);
	free(e->new_value);
}

void event_list_clear(struct event_list *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++)
		S_event_release(&list->v[i]);
	list->nr = 0;
}

void event_list_release(struct event_list *list)
{
	event_list_clear(list);
	free(list->v);
	list->v = NULL;
	list->alloc = 0;
}

static struct event *S_push(struct event_list *out, enum event_kind kind,
			    enum event_change change, const char *target,
			    const char *note, const char *field,
			    const char *old_value, const char *new_value)
{
	struct event *e;

	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	e = &out->v[out->nr++];
	e->kind = kind;
	e->change = change;
	e->target = xstrdup_or_null(target);
	e->note = xstrdup_or_null(note);
	e->field = field;
	e->old_value = xstrdup_or_null(old_value);
	e->new_value = xstrdup_or_null(new_value);
	return e;
}

static enum event_kind S_kind(const struct fact *f)
{
	if (f->type == FACT_MAPPING)
		return EVENT_MAPPING;
	if (f->type == FACT_MENTION)
		return EVENT_MENTION;
	if (f->type == FACT_QUESTION)
		return EVENT_QUESTION;
	return f->kind == TARGET_THESIS ? EVENT_THESIS : EVENT_POSITION;
}

/* The short summary an added or removed fact carries. */
static char *S_summary(const struct fact *f)
{
	if (f->type == FACT_TARGET)
		return xstrdup_or_null(f->values[2]);
	if (f->type == FACT_MAPPING) {
		if (!f->values[0])
			return xstrdup_or_null(f->values[1]);
		return xstrfmt("%s %s", f->values[0],
			       f->values[1] ? f->values[1] : "supports");
	}
	if (f->type == FACT_QUESTION)
		return xstrdup_or_null(f->values[0]);
	return NULL;
}

static void S_whole(struct event_list *out, const struct fact *f,
		    enum event_change change)
{
	char *summary = S_summary(f);

	if (change == EVENT_ADDED)
		S_push(out, S_kind(f), change, f->target, f->note, NULL, NULL,
		       summary);
	else
		S_push(out, S_kind(f), change, f->target, f->note, NULL,
		       summary, NULL);
	free(summary);
}

static void S_fields(struct event_list *out, const struct fact *a,
		     const struct fact *b)
{
	const char *const *names;
	size_t n = fact_fields(b->type, &names), i;

	for (i = 0; i < n; i++)
		if (!str_eq(a->values[i], b->values[i]))
			S_push(out, S_kind(b), EVENT_MODIFIED, b->target,
			       b->note, names[i], a->values[i], b->values[i]);
}

/* Old facts as they are named after the change: moved notes, renamed ids. */
struct translated {
	struct fact f;          /* shallow copy with renamed keys */
	const struct fact *orig; /* the old fact as it was */
};

static int S_cmp_translated(const void *x, const void *y)
{
	const struct translated *a = x, *b = y;
	int c = fact_cmp(&a->f, &b->f);

	if (c)
		return c;
	return a->orig->seq < b->orig->seq ? -1 : a->orig->seq > b->orig->seq;
}

static const struct fact *S_find_target(const struct fact_set *set,
					const char *id)
{
	size_t lo = 0, hi = set->nr;
	struct fact key;

	memset(&key, 0, sizeof(key));
	key.type = FACT_TARGET;
	key.target = (char *)id;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = fact_cmp(&set->v[mid], &key);

		if (!c)
			return &set->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int S_has_alias(const struct fact *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->aliases.nr; i++)
		if (!strcmp(f->aliases.v[i], id))
			return 1;
	return 0;
}

static int S_holds(const struct fact_set *set, const char *path)
{
	size_t i;

	/* Being broken is no fact a move reports (contract 6). */
	for (i = 0; i < set->nr; i++)
		if (set->v[i].type != FACT_BROKEN &&
		    !strcmp(set->v[i].note, path))
			return 1;
	return 0;
}

static int S_kind_rank(enum event_kind k)
{
	return k == EVENT_NOTE       ? 0
	       : k == EVENT_MAPPING  ? 2
	       : k == EVENT_MENTION  ? 3
	       : k == EVENT_QUESTION ? 4
				     : 1;
}

/* The documented order: moves, then by target id, its own events first. */
static int S_cmp_event(const void *x, const void *y)
{
	const struct event *a = x, *b = y;
	int c = (a->kind != EVENT_NOTE) - (b->kind != EVENT_NOTE);

	if (c)
		return c;
	if ((c = str_cmp(a->target, b->target)))
		return c;
	if ((c = S_kind_rank(a->kind) - S_kind_rank(b->kind)))
		return c;
	if (a->kind == EVENT_NOTE || a->kind == EVENT_POSITION ||
	    a->kind == EVENT_THESIS)
		return 0;
	return str_cmp(a->note, b->note);
}

struct seq_event {
	struct event e;
	size_t seq;
};

static int S_cmp_seq_event(const void *x, const void *y)
{
	const struct seq_event *a = x, *b = y;
	int c = S_cmp_event(&a->e, &b->e);

	return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

/* A stable sort: events of one fact keep the order they were made in. */
static void S_sort_events(struct event *v, size_t nr)
{
	struct seq_event *tmp;
	size_t i;

	if (nr < 2)
		return;
	tmp = xcalloc(nr, sizeof(*tmp));
	for (i = 0; i < nr; i++) {
		tmp[i].e = v[i];
		tmp[i].seq = i;
	}
	qsort(tmp, nr, sizeof(*tmp), S_cmp_seq_event);
	for (i = 0; i < nr; i++)
		v[i] = tmp[i].e;
	free(tmp);
}

void events_compare(struct event_list *out, const struct fact_set *old,
		    const struct fact_set *new, const struct note_move *moves,
		    size_t moves_nr)
{
	size_t start = out->nr;
	struct strmap renamed = STRMAP_INIT, taken = STRMAP_INIT, moved =
								     STRMAP_INIT;
	struct translated *tr = xcalloc(old->nr ? old->nr : 1, sizeof(*tr));
	size_t i, j;

	for (i = 0; i < moves_nr; i++) {
		strmap_put(&moved, moves[i].old_path, (void *)moves[i].new_path);
		if (S_holds(old, moves[i].old_path) ||
		    S_holds(new, moves[i].new_path))
			S_push(out, EVENT_NOTE, EVENT_MOVED, NULL,
			       moves[i].new_path, NULL, moves[i].old_path,
			       moves[i].new_path);
	}
	/* A target gone whose id a new target lists among its aliases. */
	for (i = 0; i < old->nr; i++) {
		const struct fact *f = &old->v[i];

		if (f->type != FACT_TARGET || S_find_target(new, f->target))
			continue;
		for (j = 0; j < new->nr; j++) {
			const struct fact *g = &new->v[j];

			if (g->type != FACT_TARGET || g->kind != f->kind || /* NOLINT(clang-analyzer-core.NullDereference) */
			    strmap_contains(&taken, g->target) ||
			    S_find_target(old, g->target) ||
			    !S_has_alias(g, f->target))
				continue;
			strmap_put(&renamed, f->target, g->target);
			strmap_put(&taken, g->target, NULL);
			break;
		}
	}
	for (i = 0; i < old->nr; i++) {
		const char *to;

		tr[i].f = old->v[i];
		tr[i].orig = &old->v[i];
		if ((to = strmap_get(&renamed, old->v[i].target)))
			tr[i].f.target = (char *)to;
		if ((to = strmap_get(&moved, old->v[i].note)))
			tr[i].f.note = (char *)to;
	}
	QSORT(tr, old->nr, S_cmp_translated);

	for (i = j = 0; i < old->nr || j < new->nr;) {
		const struct fact *a = i < old->nr ? &tr[i].f : NULL;
		const struct fact *b = j < new->nr ? &new->v[j] : NULL;
		int c = !a ? 1 : !b ? -1 : fact_cmp(a, b);

		if (c < 0) {
			/* A broken note still there parses again. */
			if (a->type == FACT_BROKEN) {
				if (strmap_contains(&new->notes, a->note))
					S_push(out, EVENT_NOTE, EVENT_REPAIRED,
					       NULL, a->note, NULL,
					       a->values[0], NULL);
			} else {
				/*
				 * Under the id it has now (a renamed target's
				 * new id, contract 3), at the path it had.
				 */
				struct fact gone = *tr[i].orig;

				gone.target = a->target;
				S_whole(out, &gone, EVENT_REMOVED);
			}
			i++;
		} else if (c > 0) {
			if (b->type == FACT_BROKEN)
				S_push(out, EVENT_NOTE, EVENT_BROKEN, NULL,
				       b->note, NULL, NULL, b->values[0]);
			else
				S_whole(out, b, EVENT_ADDED);
			j++;
		} else if (a->type == FACT_BROKEN) {
			/* Still broken: the error it shows is no event. */
			i++;
			j++;
		} else {
			if (a->type == FACT_TARGET && a->kind != b->kind) {
				S_whole(out, tr[i].orig, EVENT_REMOVED);
				S_whole(out, b, EVENT_ADDED);
			} else {
				/* Mappings and mentions follow a rename silently. */
				if (a->type == FACT_TARGET &&
				    strcmp(tr[i].orig->target, b->target))
					S_push(out, S_kind(b), EVENT_RENAMED,
					       b->target, b->note, NULL,
					       tr[i].orig->target, b->target);
				S_fields(out, a, b);
			}
			i++;
			j++;
		}
	}
	free(tr);
	strmap_release(&renamed);
	strmap_release(&taken);
	strmap_release(&moved);
	if (out->nr > start)
		S_sort_events(out->v + start, out->nr - start);
}

static char *S_match_key(const struct event *e, int with_field)
{
	return xstrfmt("%d\x1f%s\x1f%s\x1f%s", (int)e->kind,
		       e->target ? e->target : "", e->note ? e->note : "",
		       with_field && e->field ? e->field : "*");
}

void events_filter(struct event_list *list,
		   int (*keep)(const struct event *e, void *data), void *data)
{
	size_t i, k;

	for (i = k = 0; i < list->nr; i++) {
		if (keep(&list->v[i], data))
			list->v[k++] = list->v[i];
		else
			S_event_release(&list->v[i]);
	}
	list->nr = k;
}

static int S_in_other(const struct event *e, void *data)
{
	char *key = S_match_key(e, e->change == EVENT_MODIFIED);
	int keep = strmap_contains(data, key);

	free(key);
	return keep;
}

void events_filter_merge(struct event_list *list,
			 const struct event_list *other)
{
	struct strmap keys = STRMAP_INIT;
	size_t i;

	for (i = 0; i < other->nr; i++) {
		char *whole = S_match_key(&other->v[i], 0);
		char *field = S_match_key(&other->v[i], 1);

		strmap_put(&keys, whole, NULL);
		strmap_put(&keys, field, NULL);
		free(whole);
		free(field);
	}
	events_filter(list, S_in_other, &keys);
	strmap_release(&keys);
}

void commit_info_release(struct commit_info *ci)
{
	free(ci->id);
	free(ci->short_id);
	free(ci->time);
	free(ci->date);
	free(ci->author);
	free(ci->author_name);
	free(ci->subject);
	free(ci->why);
	memset(ci, 0, sizeof(*ci));
}

void commit_info_copy(struct commit_info *dst, const struct commit_info *src)
{
	dst->id = xstrdup_or_null(src->id);
	dst->short_id = xstrdup_or_null(src->short_id);
	dst->time = xstrdup_or_null(src->time);
	dst->date = xstrdup_or_null(src->date);
	dst->author = xstrdup_or_null(src->author);
	dst->author_name = xstrdup_or_null(src->author_name);
	dst->subject = xstrdup_or_null(src->subject);
	dst->why = xstrdup_or_null(src->why);
	dst->when = src->when;
}
