#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "names.h"
#include "util.h"

#define NAME(f) #f,
static const char *const target_field_names[] = {TARGET_FIELDS(NAME)};
static const char *const mapping_field_names[] = {MAPPING_FIELDS(NAME)};
static const char *const question_field_names[] = {QUESTION_FIELDS(NAME)};
#undef NAME

size_t fact_fields(enum fact_type type, const char *const **names_out)
{
	switch (type) {
	case FACT_TARGET:
		*names_out = target_field_names;
		return ARRAY_SIZE(target_field_names);
	case FACT_MAPPING:
		*names_out = mapping_field_names;
		return ARRAY_SIZE(mapping_field_names);
	case FACT_QUESTION:
		*names_out = question_field_names;
		return ARRAY_SIZE(question_field_names);
	default:
		*names_out = NULL;
		return 0;
	}
}

static void S_fact_release(struct fact *f)
{
	size_t i;

	free(f->target);
	free(f->note);
	for (i = 0; i < FACT_MAX_FIELDS; i++)
		free(f->values[i]);
	strvec_release(&f->aliases);
}

void fact_set_release(struct fact_set *set)
{
	size_t i;

	for (i = 0; i < set->nr; i++)
		S_fact_release(&set->v[i]);
	free(set->v);
	set->v = NULL;
	set->nr = set->alloc = 0;
	strmap_release(&set->notes);
}

static struct fact *S_new(struct fact_set *out, enum fact_type type,
			  const char *target, const char *note)
{
	struct fact *f;

	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	f = &out->v[out->nr];
	memset(f, 0, sizeof(*f));
	f->type = type;
	f->target = xstrdup(target);
	f->note = xstrdup(note);
	strvec_init(&f->aliases);
	f->seq = out->nr++;
	return f;
}

void facts_add_target(struct fact_set *out, const struct vault *v,
		      const char *id)
{
	const struct vault_target *t = vault_target(v, id);
	const struct target_decl *d;
	struct fact *f;
	size_t i;

	if (!t || !t->declared)
		return;
	d = t->decl;
	f = S_new(out, FACT_TARGET, t->id, t->note->path);
	f->kind = t->kind;
	f->values[0] = xstrdup_or_null(d->title);
	f->values[1] = xstrdup_or_null(d->stance);
	f->values[2] = xstrdup_or_null(d->status);
	f->values[3] = xstrdup_or_null(d->confidence);
	f->values[4] = xstrdup_or_null(d->owner);
	f->values[5] = strvec_join(&d->supersedes, ", ");
	for (i = 0; i < d->aliases.nr; i++)
		strvec_push_nodup(&f->aliases,
				  names_key(d->aliases.v[i],
					  strlen(d->aliases.v[i])));
}

void facts_add_note(struct fact_set *out, const struct vault *v,
		    const struct vault_note *vn)
{
	size_t i;

	for (i = 0; i < vn->maps_nr; i++) {
		const struct mapping_decl *m = vn->maps[i].decl;
		struct fact *f =
			S_new(out, FACT_MAPPING, vn->maps[i].target, vn->path);

		f->values[0] = xstrdup_or_null(m->strength);
		f->values[1] = xstrdup_or_null(m->effect);
		f->values[2] = xstrdup_or_null(m->why);
	}
	for (i = 0; i < vn->mentions_nr; i++)
		S_new(out, FACT_MENTION, vn->mentions[i], vn->path);
	for (i = 0; i < vn->questions_nr; i++) {
		struct fact *f = S_new(out, FACT_QUESTION,
				       vn->questions[i].target, vn->path);

		f->values[0] = xstrdup_or_null(vn->questions[i].decl->text);
	}
	for (i = 0; i < vn->note->targets_nr; i++)
		facts_add_target(out, v, vn->note->targets[i].id);
	if (vn->note->broken)
		S_new(out, FACT_BROKEN, "", vn->path)->values[0] =
			xstrdup(vn->note->broken);
	strmap_put(&out->notes, vn->path, NULL);
}

void facts_add_all(struct fact_set *out, const struct vault *v)
{
	const struct vault_note **notes;
	size_t n = vault_notes(&notes, v), i;

	for (i = 0; i < n; i++)
		facts_add_note(out, v, notes[i]);
	free(notes);
}

int fact_cmp(const struct fact *a, const struct fact *b)
{
	int c = strcmp(a->target, b->target);

	if (c)
		return c;
	if (a->type != b->type)
		return (int)a->type - (int)b->type;
	/* A target has one fact, wherever it is declared. */
	if (a->type == FACT_TARGET)
		return 0;
	return strcmp(a->note, b->note);
}

static int S_cmp_seq(const void *x, const void *y)
{
	const struct fact *a = x, *b = y;
	int c = fact_cmp(a, b);

	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void facts_finish(struct fact_set *set)
{
	size_t i, k;

	QSORT(set->v, set->nr, S_cmp_seq);
	for (i = k = 0; i < set->nr; i++) {
		if (k && !fact_cmp(&set->v[k - 1], &set->v[i])) {
			S_fact_release(&set->v[i]);
			continue;
		}
		set->v[k++] = set->v[i];
	}
	set->nr = k;
}
