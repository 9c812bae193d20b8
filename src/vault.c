#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vault.h"
#include "matcher.h"
#include "names.h"
#include "strbuf.h"
#include "util.h"
#include "vocab.h"

/* Name priorities: where names collide, the lower wins (contract 3). */
enum name_prio {
	NAME_ID = 0,
	NAME_TITLE = 1,
	NAME_ALIAS = 2,
	NAME_FILE = 3, /* file name or vault path: wikilinks only */
};

struct name_entry {
	char *id;
	enum name_prio prio;
};

/* The notes filed under one key of the reverse index (vault.h: refs). */
struct vault_refs {
	struct vault_note **v;
	size_t nr, alloc;
};

static void S_refs_drop(struct vault *v);

void vault_init(struct vault *v, const char *root)
{
	memset(v, 0, sizeof(*v));
	v->root = xstrdup(root ? root : "");
	matcher_init(&v->matcher);
	strvec_init(&v->matcher_ids);
}

void vault_set_context(struct vault *v, const struct strvec *names)
{
	size_t i;

	for (i = 0; names && i < names->nr; i++) {
		char *slug = names_slug(names->v[i], strlen(names->v[i]));

		if (*slug)
			strmap_put(&v->context, slug, NULL);
		free(slug);
	}
	v->names_dirty = 1;
}

void vault_want_unlinked(struct vault *v)
{
	if (!v->want_unlinked)
		v->names_dirty = 1;
	v->want_unlinked = 1;
}

const char *vault_target_kind(const struct vault_target *t)
{
	if (t->declared)
		return target_kind_name(t->kind);
	return t->context ? "context" : "undeclared";
}

static void S_note_clear_resolution(struct vault_note *vn)
{
	size_t i;

	for (i = 0; i < vn->maps_nr; i++)
		free(vn->maps[i].target);
	vn->maps_nr = 0;
	for (i = 0; i < vn->mentions_nr; i++)
		free(vn->mentions[i]);
	vn->mentions_nr = 0;
	for (i = 0; i < vn->questions_nr; i++)
		free(vn->questions[i].target);
	vn->questions_nr = 0;
	for (i = 0; i < vn->unlinked_nr; i++) {
		free(vn->unlinked[i].target);
		free(vn->unlinked[i].name);
	}
	vn->unlinked_nr = 0;
	for (i = 0; i < vn->diags_nr; i++)
		free(vn->diags[i].message);
	vn->diags_nr = 0;
}

static void S_note_free(struct vault_note *vn)
{
	S_note_clear_resolution(vn);
	free(vn->maps);
	free(vn->mentions);
	free(vn->questions);
	free(vn->unlinked);
	free(vn->diags);
	free(vn->path);
	free(vn);
}

/* Forgets targets and names, keeping each note's resolution. */
static void S_clear_names(struct vault *v)
{
	struct strmap_iter it;
	struct strmap_entry *e;

	for (e = NULL; (e = strmap_next(&v->targets, &it, e));) {
		struct vault_target *t = e->value;

		free(t->id);
		free(t);
	}
	strmap_release(&v->targets);
	for (e = NULL; (e = strmap_next(&v->names, &it, e));) {
		struct name_entry *n = e->value;

		free(n->id);
		free(n);
	}
	strmap_release(&v->names);
	v->resolved = 0;
	v->balanced = 0;
}

static void S_clear_resolution(struct vault *v)
{
	struct strmap_iter it;
	struct strmap_entry *e;

	S_clear_names(v);
	for (e = NULL; (e = strmap_next(&v->notes, &it, e));)
		S_note_clear_resolution(e->value);
}

void vault_release(struct vault *v)
{
	struct strmap_iter it;
	struct strmap_entry *e;

	S_clear_resolution(v);
	for (e = NULL; (e = strmap_next(&v->notes, &it, e));)
		S_note_free(e->value);
	strmap_release(&v->notes);
	S_refs_drop(v);
	strmap_release(&v->declaring);
	strmap_release(&v->questioning);
	strmap_release(&v->context);
	matcher_release(&v->matcher);
	strvec_release(&v->matcher_ids);
	free(v->dirty);
	free(v->root);
	memset(v, 0, sizeof(*v));
}

int vault_same_names(const struct note *a, const struct note *b)
{
	size_t na = a ? a->targets_nr : 0, nb = b ? b->targets_nr : 0, i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++) {
		const struct target_decl *x = &a->targets[i], *y = &b->targets[i];

		if (strcmp(x->id, y->id) || x->kind != y->kind ||
		    !str_eq(x->title, y->title) ||
		    !strvec_equal(&x->aliases, &y->aliases))
			return 0;
	}
	return 1;
}

/* Files a name under the key and slug vault_resolve_name() looks up. */
static void S_name_refkeys(struct strvec *out, const char *name)
{
	char *link = NULL, *key, *slug;
	int is_link = names_wikilink(&link, name, strlen(name));
	const char *look = is_link ? link : name;

	key = names_key(look, strlen(look));
	strvec_push_nodup(out, xstrfmt("k:%s", key));
	free(key);
	slug = names_slug(look, strlen(look));
	strvec_push_nodup(out, xstrfmt("s:%s", slug));
	free(slug);
	free(link);
}

static void S_link_refkeys(struct strvec *out, const char *target)
{
	char *link = xstrfmt("[[%s]]", target);

	S_name_refkeys(out, link);
	free(link);
}

/*
 * Every key the resolution of the note's mappings, links and questions
 * reads (a lazily parsed note's links as the prefilter found them: a
 * superset of its links once complete).  Made once per note: a memo in it.
 */
static const struct strvec *S_refkeys(const struct note *cnote)
{
	struct note *note = (struct note *)cnote;
	struct strvec *out;
	size_t i;

	if (note->refkeys)
		return note->refkeys;
	out = xcalloc(1, sizeof(*out));
	strvec_init(out);
	note->refkeys = out;
	for (i = 0; i < note->mappings_nr; i++)
		S_name_refkeys(out, note->mappings[i].target);
	for (i = 0; i < note->links_nr; i++)
		S_link_refkeys(out, note->links[i].target);
	if (note->lazy)
		for (i = 0; i < note->lazy->hints.links.nr; i++)
			S_link_refkeys(out, note->lazy->hints.links.v[i]);
	return out;
}

static int S_asks(const struct note *note)
{
	return note->questions_nr || (note->lazy && note->lazy->hints.question);
}

static void S_refs_file(struct vault *v, struct vault_note *vn)
{
	const struct strvec *keys = S_refkeys(vn->note);
	size_t i;

	vn->refkeys = keys;
	v->refs_work++;
	for (i = 0; i < keys->nr; i++) {
		struct vault_refs *r = strmap_get(&v->refs, keys->v[i]);

		if (!r) {
			r = xcalloc(1, sizeof(*r));
			strmap_put(&v->refs, keys->v[i], r);
		}
		ALLOC_GROW(r->v, r->nr + 1, r->alloc);
		r->v[r->nr++] = vn;
	}
}

static void S_refs_add(struct vault *v, struct vault_note *vn)
{
	if (v->refs_built)
		S_refs_file(v, vn);
	if (vn->note->targets_nr)
		strmap_put(&v->declaring, vn->path, vn);
	if (S_asks(vn->note))
		strmap_put(&v->questioning, vn->path, vn);
}

static void S_refs_remove(struct vault *v, struct vault_note *vn)
{
	const struct strvec *keys = vn->refkeys;
	size_t i, j;

	if (keys)
		v->refs_work++;
	for (i = 0; keys && i < keys->nr; i++) {
		struct vault_refs *r = strmap_get(&v->refs, keys->v[i]);

		if (!r)
			continue;
		for (j = 0; j < r->nr;)
			if (r->v[j] == vn)
				r->v[j] = r->v[--r->nr];
			else
				j++;
		if (!r->nr) {
			strmap_remove(&v->refs, keys->v[i]);
			free(r->v);
			free(r);
		}
	}
	vn->refkeys = NULL;
	/* vn->note is the version leaving; its targets never change. */
	if (vn->note->targets_nr)
		strmap_remove(&v->declaring, vn->path);
	/* A completed body may ask no question after all: always unfile. */
	strmap_remove(&v->questioning, vn->path);
}

static void S_refs_drop(struct vault *v)
{
	struct strmap_iter it;
	struct strmap_entry *e;

	for (e = NULL; (e = strmap_next(&v->refs, &it, e));) {
		struct vault_refs *r = e->value;

		free(r->v);
		free(r);
	}
	strmap_release(&v->refs);
	for (e = NULL; (e = strmap_next(&v->notes, &it, e));)
		((struct vault_note *)e->value)->refkeys = NULL;
	v->refs_built = 0;
}

/*
 * The index is built when a change of names first needs it, and kept up
 * to date while that costs less than building it again: a walk that only
 * jumps between branches, far from any change of names, drops it.
 */
static void S_refs_build(struct vault *v)
{
	struct strmap_iter it;
	struct strmap_entry *e;

	if (!v->refs_built) {
		for (e = NULL; (e = strmap_next(&v->notes, &it, e));)
			S_refs_file(v, e->value);
		v->refs_built = 1;
	}
	v->refs_work = 0;
}

static void S_undirty(struct vault *v, struct vault_note *vn)
{
	size_t i;

	if (!vn->dirty)
		return;
	for (i = 0; i < v->dirty_nr; i++)
		if (v->dirty[i] == vn) {
			v->dirty[i] = v->dirty[--v->dirty_nr];
			break;
		}
	vn->dirty = 0;
}

const struct note *vault_set_note(struct vault *v, const char *path,
				  const struct note *note)
{
	struct vault_note *vn = strmap_get(&v->notes, path);
	const struct note *old = vn ? vn->note : NULL;
	size_t i;

	v->balanced = 0;
	if (!vault_same_names(old, note)) {
		v->names_dirty = 1;
	} else if (old && note && v->resolved && !v->names_dirty) {
		/* Same ids, same order: the winners stay; repoint them. */
		for (i = 0; i < note->targets_nr; i++) {
			struct vault_target *t =
				strmap_get(&v->targets, note->targets[i].id);

			if (t && t->note == vn && t->decl == &old->targets[i])
				t->decl = &note->targets[i];
		}
	}
	if (v->refs_built && v->refs_work > 2 * v->notes.nr + 1024)
		S_refs_drop(v);
	if (vn)
		S_refs_remove(v, vn);
	if (!note) {
		if (vn) {
			S_undirty(v, vn);
			strmap_remove(&v->notes, path);
			S_note_free(vn);
		}
		return old;
	}
	if (!vn) {
		vn = xcalloc(1, sizeof(*vn));
		vn->path = xstrdup(path);
		strmap_put(&v->notes, path, vn);
	}
	vn->note = note;
	S_refs_add(v, vn);
	if (!vn->dirty) {
		vn->dirty = 1;
		ALLOC_GROW(v->dirty, v->dirty_nr + 1, v->dirty_alloc);
		v->dirty[v->dirty_nr++] = vn;
	}
	return old;
}

const char *vault_relative_path(const struct vault *v, const char *path)
{
	size_t n = strlen(v->root);

	if (n && !strncmp(path, v->root, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

static int S_cmp_note(const void *a, const void *b)
{
	const struct vault_note *x = *(const struct vault_note *const *)a;
	const struct vault_note *y = *(const struct vault_note *const *)b;

	return strcmp(x->path, y->path);
}

/* The notes that declare targets, in path order (vault_notes()'s). */
static size_t S_declaring_notes(const struct vault_note ***out,
				const struct vault *v)
{
	const struct vault_note **arr =
		xcalloc(v->declaring.nr + 1, sizeof(*arr));
	struct strmap_iter it;
	struct strmap_entry *e;
	size_t n = 0;

	for (e = NULL; (e = strmap_next(&v->declaring, &it, e));)
		arr[n++] = e->value;
	QSORT(arr, n, S_cmp_note);
	*out = arr;
	return n;
}

size_t vault_notes(const struct vault_note ***out, const struct vault *v)
{
	const struct vault_note **arr = xcalloc(v->notes.nr, sizeof(*arr));
	struct strmap_iter it;
	struct strmap_entry *e;
	size_t n = 0;

	for (e = NULL; (e = strmap_next(&v->notes, &it, e));)
		arr[n++] = e->value;
	QSORT(arr, n, S_cmp_note);
	*out = arr;
	return n;
}

static int S_target_rank(const struct vault_target *t)
{
	return t->declared ? (int)t->kind : 2;
}

static int S_cmp_target(const void *a, const void *b)
{
	const struct vault_target *x = *(const struct vault_target *const *)a;
	const struct vault_target *y = *(const struct vault_target *const *)b;

	if (S_target_rank(x) != S_target_rank(y))
		return S_target_rank(x) - S_target_rank(y);
	return strcmp(x->id, y->id);
}

size_t vault_targets(const struct vault_target ***out, const struct vault *v,
		     int with_undeclared)
{
	const struct vault_target **arr = xcalloc(v->targets.nr, sizeof(*arr));
	struct strmap_iter it;
	struct strmap_entry *e;
	size_t n = 0;

	for (e = NULL; (e = strmap_next(&v->targets, &it, e));) {
		const struct vault_target *t = e->value;

		if (t->declared || with_undeclared)
			arr[n++] = t;
	}
	QSORT(arr, n, S_cmp_target);
	*out = arr;
	return n;
}

const struct vault_target *vault_target(const struct vault *v, const char *id)
{
	return strmap_get(&v->targets, id);
}

static void S_add_name(struct vault *v, const char *name, const char *id,
		       enum name_prio prio)
{
	char *key;
	struct name_entry *n;

	if (!name)
		return;
	key = names_key(name, strlen(name));
	if (!*key) {
		free(key);
		return;
	}
	n = strmap_get(&v->names, key);
	/* Notes arrive in path order, so on a tie the earlier note stays. */
	if (n && n->prio <= prio) {
		free(key);
		return;
	}
	if (!n) {
		n = xcalloc(1, sizeof(*n));
		strmap_put(&v->names, key, n);
	}
	free(n->id);
	n->id = xstrdup(id);
	n->prio = prio;
	free(key);
}

/*
 * What a wikilink to `target` (as names_wikilink() extracts it) resolves
 * to: vault_resolve_name() of "[[target]]", without making the string.
 */
static char *S_resolve_link(const struct vault *v, const char *target,
			    int *declared_out)
{
	size_t len = strlen(target);
	char *key = names_key(target, len), *id;
	const struct name_entry *n = strmap_get(&v->names, key);
	const struct vault_target *t;

	id = n ? xstrdup(n->id) : names_slug(target, len);
	free(key);
	if (!*id) {
		free(id);
		*declared_out = 0;
		return NULL;
	}
	t = strmap_get(&v->targets, id);
	*declared_out = t && t->declared;
	return id;
}

char *vault_resolve_name(const struct vault *v, const char *name,
			 int *declared_out)
{
	const struct name_entry *n;
	const struct vault_target *t;
	char *link = NULL, *key, *id;
	int is_link = names_wikilink(&link, name, strlen(name));
	const char *look = is_link ? link : name;

	key = names_key(look, strlen(look));
	n = strmap_get(&v->names, key);
	if (n && (is_link || n->prio < NAME_FILE))
		id = xstrdup(n->id);
	else
		id = names_slug(look, strlen(look));
	free(key);
	free(link);
	if (!*id) {
		free(id);
		if (declared_out)
			*declared_out = 0;
		return NULL;
	}
	t = strmap_get(&v->targets, id);
	if (declared_out)
		*declared_out = t && t->declared;
	return id;
}

static struct vault_target *S_target_get(struct vault *v, const char *id)
{
	struct vault_target *t = strmap_get(&v->targets, id);

	if (!t) {
		t = xcalloc(1, sizeof(*t));
		t->id = xstrdup(id);
		t->context = strmap_contains(&v->context, id);
		strmap_put(&v->targets, id, t);
	}
	return t;
}

static void S_diag(struct vault_note *vn, enum diag_severity sev,
		   unsigned line, char *message)
{
	struct note_diag *d;

	ALLOC_GROW(vn->diags, vn->diags_nr + 1, vn->diags_alloc);
	d = &vn->diags[vn->diags_nr++];
	d->severity = sev;
	d->line = line;
	d->column = 0;
	d->message = message;
}

static void S_declare(struct vault *v, struct vault_note *vn)
{
	size_t i;

	for (i = 0; i < vn->note->targets_nr; i++) {
		const struct target_decl *d = &vn->note->targets[i];
		struct vault_target *t = S_target_get(v, d->id);

		if (t->declared) {
			t->declarations++;
			continue;
		}
		t->declared = 1;
		t->declarations = 1;
		t->kind = d->kind;
		t->decl = d;
		t->note = vn;
	}
}

/* The declarations of a note that lost to an earlier one of the same id. */
static void S_duplicate_diags(struct vault *v, struct vault_note *vn)
{
	size_t i;

	for (i = 0; i < vn->note->targets_nr; i++) {
		const struct target_decl *d = &vn->note->targets[i];
		const struct vault_target *t = strmap_get(&v->targets, d->id);

		/* Identical notes share one parse: compare notes, not decls. */
		if (t && t->note != vn)
			S_diag(vn, DIAG_ERROR, d->line,
			       xstrfmt("duplicate id '%s', first declared in "
				       "%s; this declaration is ignored",
				       d->id, t->note->path));
	}
}

static void S_name_note(struct vault *v, const struct vault_note *vn)
{
	const struct note *note = vn->note;
	const char *rel;
	size_t len;
	char *noext, *name;

	if (note->targets_nr != 1)
		return;
	name = note_name(vn->path);
	S_add_name(v, name, note->targets[0].id, NAME_FILE);
	free(name);
	rel = vault_relative_path(v, vn->path);
	len = strlen(rel);
	noext = xstrndup(rel, len >= 3 ? len - 3 : len);
	S_add_name(v, noext, note->targets[0].id, NAME_FILE);
	free(noext);
}

static int S_cmp_map(const void *a, const void *b)
{
	return strcmp(((const struct vault_mapping *)a)->target,
		      ((const struct vault_mapping *)b)->target);
}

static int S_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static struct vault_mapping *S_find_map(struct vault_note *vn, const char *id)
{
	size_t i;

	for (i = 0; i < vn->maps_nr; i++)
		if (!strcmp(vn->maps[i].target, id))
			return &vn->maps[i];
	return NULL;
}

static void S_resolve_maps(struct vault *v, struct vault_note *vn)
{
	const struct note *note = vn->note;
	size_t i;

	for (i = 0; i < note->mappings_nr; i++) {
		const struct mapping_decl *m = &note->mappings[i];
		int declared;
		char *id = vault_resolve_name(v, m->target, &declared);
		struct vault_mapping *prev;

		if (!id) {
			S_diag(vn, DIAG_WARNING, m->line,
			       xstrfmt("mapping target '%s' names nothing; "
				       "ignored", m->target));
			continue;
		}
		prev = S_find_map(vn, id);
		if (prev) {
			if (prev->decl->origin == MAPPING_FRONTMATTER &&
			    m->origin == MAPPING_BODY) {
				if (!str_eq(prev->decl->strength, m->strength) ||
				    !str_eq(prev->decl->effect, m->effect))
					S_diag(vn, DIAG_WARNING, m->line,
					       xstrfmt("frontmatter maps '%s' "
						       "as %s %s but the body "
						       "as %s %s; the "
						       "frontmatter wins",
						       id,
						       prev->decl->strength ?
						       prev->decl->strength :
						       "(no strength)",
						       prev->decl->effect,
						       m->strength ? m->strength :
						       "(no strength)",
						       m->effect));
			} else {
				S_diag(vn, DIAG_WARNING, m->line,
				       xstrfmt("'%s' is mapped twice in this "
					       "note; the first mapping wins",
					       id));
			}
			free(id);
			continue;
		}
		if (!declared && !strmap_contains(&v->context, id))
			S_diag(vn, DIAG_WARNING, m->line,
			       xstrfmt("mapping target '%s' is not a declared "
				       "position or thesis; tracked as '%s'",
				       m->target, id));
		ALLOC_GROW(vn->maps, vn->maps_nr + 1, vn->maps_alloc);
		vn->maps[vn->maps_nr].target = id;
		vn->maps[vn->maps_nr].decl = m;
		vn->maps_nr++;
	}
	QSORT(vn->maps, vn->maps_nr, S_cmp_map);
}

static void S_resolve_mentions(struct vault *v, struct vault_note *vn)
{
	const struct note *note = vn->note;
	size_t i, j, out = 0;

	/* Mentions are of declared targets: with none, no link is one. */
	if (!v->names.nr)
		return;

	for (i = 0; i < note->links_nr; i++) {
		struct strbuf sb = STRBUF_INIT;
		int declared;
		char *id;

		strbuf_addf(&sb, "[[%s]]", note->links[i].target);
		id = vault_resolve_name(v, sb.buf, &declared);
		strbuf_release(&sb);
		if (!id || !declared) {
			free(id);
			continue;
		}
		ALLOC_GROW(vn->mentions, vn->mentions_nr + 1,
			   vn->mentions_alloc);
		vn->mentions[vn->mentions_nr++] = id;
	}
	QSORT(vn->mentions, vn->mentions_nr, S_cmp_str);
	for (i = 0; i < vn->mentions_nr; i = j) {
		for (j = i + 1; j < vn->mentions_nr &&
		     !strcmp(vn->mentions[i], vn->mentions[j]); j++)
			free(vn->mentions[j]);
		vn->mentions[out++] = vn->mentions[i];
	}
	vn->mentions_nr = out;
}

static int S_strength_index(const char *s)
{
	int w = vocab_strength_weight(s);

	return w ? 3 - w : -1;
}

static int S_effect_index(const char *e)
{
	if (!e)
		return -1;
	if (!strcmp(e, "supports"))
		return 0;
	if (!strcmp(e, "challenges"))
		return 1;
	if (!strcmp(e, "neutral"))
		return 2;
	return -1;
}

static void S_balance(struct vault *v, const struct vault_note *vn)
{
	size_t i;

	for (i = 0; i < vn->maps_nr; i++) {
		const struct mapping_decl *m = vn->maps[i].decl;
		struct balance *b = &S_target_get(v, vn->maps[i].target)->balance;
		int s = S_strength_index(m->strength);
		int e = S_effect_index(m->effect);

		if (e == 0)
			b->supports++;
		else if (e == 1)
			b->challenges++;
		else if (e == 2)
			b->neutral++;
		if (s >= 0 && e >= 0)
			b->by_strength[s][e]++;
		b->score += vocab_strength_weight(m->strength) *
			    vocab_effect_sign(m->effect);
	}
	for (i = 0; i < vn->mentions_nr; i++)
		S_target_get(v, vn->mentions[i])->balance.mentions++;
	for (i = 0; i < vn->questions_nr; i++)
		S_target_get(v, vn->questions[i].target)->balance.questions++;
}

struct S_scan_ids {
	const struct vault *v;
	struct vault_note *vn;
	const struct question_decl *q;
	struct strmap *seen; /* ids with a question of this note already */
};

static void S_add_question(struct S_scan_ids *s, const char *id)
{
	struct vault_question *vq;

	if (strmap_contains(s->seen, id))
		return;
	strmap_put(s->seen, id, NULL);
	ALLOC_GROW(s->vn->questions, s->vn->questions_nr + 1,
		   s->vn->questions_alloc);
	vq = &s->vn->questions[s->vn->questions_nr++];
	vq->target = xstrdup(id);
	vq->decl = s->q;
}

static int S_scan_id(size_t value, size_t start, size_t end, void *data)
{
	struct S_scan_ids *s = data;

	(void)start;
	(void)end;
	S_add_question(s, s->v->matcher_ids.v[value]);
	return 0;
}

static int S_cmp_question(const void *a, const void *b)
{
	return strcmp(((const struct vault_question *)a)->target,
		      ((const struct vault_question *)b)->target);
}

/*
 * A question is about every declared target it names, by wikilink or in
 * prose; one per target and note, the first in the note.
 */
static void S_resolve_questions(struct vault *v, struct vault_note *vn)
{
	const struct note *note = vn->note;
	struct strmap seen = STRMAP_INIT;
	size_t i, j;

	/* A question is about declared targets only (contract 5b). */
	if (!v->names.nr)
		return;

	for (i = 0; i < note->questions_nr; i++) {
		const struct question_decl *q = &note->questions[i];
		struct S_scan_ids scan = {v, vn, q, &seen};

		for (j = 0; j < q->links.nr; j++) {
			struct strbuf sb = STRBUF_INIT;
			int declared;
			char *id;

			strbuf_addf(&sb, "[[%s]]", q->links.v[j]);
			id = vault_resolve_name(v, sb.buf, &declared);
			strbuf_release(&sb);
			if (id && declared)
				S_add_question(&scan, id);
			free(id);
		}
		for (j = 0; j < q->texts_nr; j++) {
			const struct note_text *t =
				&note->texts[q->texts_first + j];

			matcher_scan(&v->matcher, t->text, t->len, S_scan_id,
				     &scan);
		}
	}
	strmap_release(&seen);
	QSORT(vn->questions, vn->questions_nr, S_cmp_question);
}

struct S_unlinked_scan {
	const struct vault *v;
	struct vault_note *vn;
	const struct note_text *text;
	size_t text_index;
	struct strmap *skip; /* ids declared, linked, mapped or found */
	/* Where the line count stands: offset and line there. */
	size_t at;
	unsigned line;
};

static int S_unlinked_hit(size_t value, size_t start, size_t end, void *data)
{
	struct S_unlinked_scan *s = data;
	const char *id = s->v->matcher_ids.v[value];
	const char *text = s->text->text;
	struct vault_unlinked *u;
	size_t found;

	/* Values: 0 connected, else 1 + the index of the first hit. */
	if (strmap_contains(s->skip, id)) {
		found = (size_t)(uintptr_t)strmap_get(s->skip, id);
		u = found ? &s->vn->unlinked[found - 1] : NULL;
		/* "Edge-first hosting" over its prefix "Edge-first". */
		if (u && u->text == s->text_index && u->offset == start &&
		    end - start > strlen(u->name)) {
			free(u->name);
			u->name = xstrndup(text + start, end - start);
		}
		return 0;
	}
	strmap_put(s->skip, id, (void *)(uintptr_t)(s->vn->unlinked_nr + 1));
	/*
	 * Hits come by their end, and a name is short: moving a cursor
	 * costs the text once plus a name's length a hit.
	 */
	for (; s->at < start; s->at++)
		s->line += text[s->at] == '\n';
	for (; s->at > start; s->at--)
		s->line -= text[s->at - 1] == '\n';
	ALLOC_GROW(s->vn->unlinked, s->vn->unlinked_nr + 1,
		   s->vn->unlinked_alloc);
	u = &s->vn->unlinked[s->vn->unlinked_nr++];
	u->target = xstrdup(id);
	u->name = xstrndup(text + start, end - start);
	u->line = s->text->line + s->line;
	u->text = s->text_index;
	u->offset = start;
	return 0;
}

static int S_cmp_unlinked(const void *a, const void *b)
{
	return strcmp(((const struct vault_unlinked *)a)->target,
		      ((const struct vault_unlinked *)b)->target);
}

static void S_resolve_unlinked(struct vault *v, struct vault_note *vn)
{
	const struct note *note = vn->note;
	struct strmap skip = STRMAP_INIT;
	size_t i;

	/* A note that declares, links or maps a target: no candidate. */
	for (i = 0; i < note->targets_nr; i++)
		strmap_put(&skip, note->targets[i].id, NULL);
	for (i = 0; i < vn->mentions_nr; i++)
		strmap_put(&skip, vn->mentions[i], NULL);
	for (i = 0; i < vn->maps_nr; i++)
		strmap_put(&skip, vn->maps[i].target, NULL);
	for (i = 0; i < note->texts_nr; i++) {
		struct S_unlinked_scan s = {v,	   vn, &note->texts[i],
					    i,	   &skip, 0,
					    0};

		matcher_scan(&v->matcher, s.text->text, s.text->len,
			     S_unlinked_hit, &s);
	}
	strmap_release(&skip);
	QSORT(vn->unlinked, vn->unlinked_nr, S_cmp_unlinked);
}

/*
 * Whether the skipped body of a lazily parsed note (note.h) can hold a
 * fact in this vault: only with a declared target (the names map holds
 * their names and nothing else), through a wikilink that resolves to one,
 * an open question (it may name one in prose), or when unlinked mentions
 * are wanted.  The mention rules are S_resolve_mentions()'s.
 */
static unsigned long S_names_gen;

static int S_needs_body(const struct vault *v, const struct note *note)
{
	struct note_lazy *lazy = note->lazy;
	size_t i;

	if (!v->names.nr)
		return 0;
	if (v->want_unlinked || lazy->hints.question)
		return 1;
	/* Asked at every resolution: the answer holds while names do. */
	if (lazy->names_gen == v->names_gen)
		return 0;
	for (i = 0; i < lazy->hints.links.nr; i++) {
		const char *target = lazy->hints.links.v[i];
		int declared;
		char *id;

		/* Not a plain target: let the parse and the real rules say. */
		if (strpbrk(target, "[]|#"))
			return 1;
		id = S_resolve_link(v, target, &declared);
		declared = id && declared;
		free(id);
		if (declared)
			return 1;
	}
	lazy->names_gen = v->names_gen;
	return 0;
}

static void S_resolve_note(struct vault *v, struct vault_note *vn)
{
	if (vn->note->lazy && S_needs_body(v, vn->note))
		note_complete(vn->note);
	S_note_clear_resolution(vn);
	S_duplicate_diags(v, vn);
	S_resolve_maps(v, vn);
	S_resolve_mentions(v, vn);
	S_resolve_questions(v, vn);
	if (v->want_unlinked)
		S_resolve_unlinked(v, vn);
}

/* Number of characters (code points) of a UTF-8 string. */
static size_t S_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* The names unlinked mentions look for: every declared name but files. */
static void S_build_matcher(struct vault *v)
{
	struct strmap_iter it;
	struct strmap_entry *e;

	matcher_clear(&v->matcher);
	strvec_release(&v->matcher_ids);
	for (e = NULL; (e = strmap_next(&v->names, &it, e));) {
		const struct name_entry *n = e->value;

		if (n->prio >= NAME_FILE || S_chars(e->key) < VAULT_UNLINKED_MIN)
			continue;
		if (!matcher_add(&v->matcher, e->key, strlen(e->key),
				 v->matcher_ids.nr))
			strvec_push(&v->matcher_ids, n->id);
	}
	matcher_build(&v->matcher);
}

int vault_resolve(struct vault *v)
{
	const struct vault_note **notes;
	size_t n, i, j;
	int partial;

	if (v->resolved && !v->names_dirty) {
		v->touched = NULL;
		for (i = 0; i < v->dirty_nr; i++) {
			S_resolve_note(v, v->dirty[i]);
			v->dirty[i]->dirty = 0;
		}
		v->dirty_nr = 0;
		return 0;
	}
	partial = v->resolved && v->touched;
	if (partial)
		S_clear_names(v);
	else
		S_clear_resolution(v);
	/* A new meaning of names, unlike any other vault's (vault.h). */
	v->names_gen = ++S_names_gen;
	/* Only declaring notes make names: they are few. */
	n = S_declaring_notes(&notes, v);
	/* Declarations first, in path order: the first of an id wins. */
	for (i = 0; i < n; i++)
		S_declare(v, (struct vault_note *)notes[i]);
	for (i = 0; i < n; i++) {
		const struct note *note = notes[i]->note;

		for (j = 0; j < note->targets_nr; j++) {
			const struct target_decl *d = &note->targets[j];
			const struct vault_target *t =
				strmap_get(&v->targets, d->id);
			size_t k;

			if (t->note != notes[i] || t->decl != d)
				continue;
			S_add_name(v, d->id, d->id, NAME_ID);
			S_add_name(v, d->title, d->id, NAME_TITLE);
			for (k = 0; k < d->aliases.nr; k++)
				S_add_name(v, d->aliases.v[k], d->id,
					   NAME_ALIAS);
		}
	}
	for (i = 0; i < n; i++)
		S_name_note(v, notes[i]);
	free(notes);
	S_build_matcher(v);
	if (partial) {
		/* Untouched notes read names whose meaning did not change. */
		struct strmap_iter it;
		struct strmap_entry *e;

		for (i = 0; i < v->dirty_nr; i++)
			S_resolve_note(v, v->dirty[i]);
		for (e = NULL; (e = strmap_next(v->touched, &it, e));) {
			struct vault_note *vn = strmap_get(&v->notes, e->key);

			if (vn && !vn->dirty)
				S_resolve_note(v, vn);
		}
		for (i = 0; i < v->dirty_nr; i++)
			v->dirty[i]->dirty = 0;
	} else {
		struct strmap_iter it;
		struct strmap_entry *e;

		for (e = NULL; (e = strmap_next(&v->notes, &it, e));) {
			struct vault_note *vn = e->value;

			S_resolve_note(v, vn);
			vn->dirty = 0;
		}
	}
	v->touched = NULL;
	v->dirty_nr = 0;
	v->resolved = 1;
	v->names_dirty = 0;
	return 1;
}

void vault_balance(struct vault *v)
{
	const struct vault_note **notes;
	struct strmap_iter it;
	struct strmap_entry *e, *next;
	size_t n, i;

	vault_resolve(v);
	if (v->balanced)
		return;
	/* Undeclared targets exist only through mappings: start afresh. */
	for (e = strmap_next(&v->targets, &it, NULL); e; e = next) {
		struct vault_target *t = e->value;

		next = strmap_next(&v->targets, &it, e);
		if (!t->declared) {
			strmap_remove(&v->targets, t->id);
			free(t->id);
			free(t);
		} else {
			memset(&t->balance, 0, sizeof(t->balance));
		}
	}
	n = vault_notes(&notes, v);
	for (i = 0; i < n; i++)
		S_balance(v, notes[i]);
	free(notes);
	v->balanced = 1;
}

const struct vault_target *vault_lookup(const struct vault *v,
					const char *name)
{
	const struct vault_target *t = NULL;
	struct strbuf link = STRBUF_INIT;
	char *id = vault_resolve_name(v, name, NULL);

	if (id)
		t = vault_target(v, id);
	free(id);
	if (t)
		return t;
	strbuf_addf(&link, "[[%s]]", name);
	id = vault_resolve_name(v, link.buf, NULL);
	if (id)
		t = vault_target(v, id);
	free(id);
	strbuf_release(&link);
	return t;
}

/* The keys under which the names of declaration `d` are filed. */
static void S_decl_keys(struct strmap *keys, const struct target_decl *d)
{
	size_t i;
	struct strvec names = STRVEC_INIT;

	strvec_push(&names, d->id);
	if (d->title)
		strvec_push(&names, d->title);
	for (i = 0; i < d->aliases.nr; i++)
		strvec_push(&names, d->aliases.v[i]);
	for (i = 0; i < names.nr; i++) {
		char *key = names_key(names.v[i], strlen(names.v[i]));
		char *k = xstrfmt("k:%s", key);

		strmap_put(keys, k, NULL);
		free(k);
		free(key);
	}
	strvec_release(&names);
}

/* The file-name keys of a note that declares exactly one target. */
static void S_file_keys(struct strmap *keys, const struct vault *v,
			const char *path, const struct note *note)
{
	const char *rel;
	char *name, *key, *k;
	size_t len;

	if (note->targets_nr != 1)
		return;
	name = note_name(path);
	key = names_key(name, strlen(name));
	k = xstrfmt("k:%s", key);
	strmap_put(keys, k, NULL);
	free(k);
	free(key);
	free(name);
	rel = vault_relative_path(v, path);
	len = strlen(rel);
	key = names_key(rel, len >= 3 ? len - 3 : len);
	k = xstrfmt("k:%s", key);
	strmap_put(keys, k, NULL);
	free(k);
	free(key);
}

int vault_touched_by(struct strmap *out, struct vault *v,
		     const char *const *paths, const struct note *const *notes,
		     size_t nr)
{
	struct strmap keys = STRMAP_INIT, ids = STRMAP_INIT;
	struct strmap_iter it;
	struct strmap_entry *e, *f;
	size_t i, j;

	if (v->want_unlinked)
		return -1;
	S_refs_build(v);
	for (i = 0; i < nr; i++) {
		if (!notes[i])
			continue;
		for (j = 0; j < notes[i]->targets_nr; j++) {
			strmap_put(&ids, notes[i]->targets[j].id, NULL);
			S_decl_keys(&keys, &notes[i]->targets[j]);
		}
		S_file_keys(&keys, v, paths[i], notes[i]);
	}
	/* Another declaration of the same id may win or lose now. */
	for (e = NULL; (e = strmap_next(&v->declaring, &it, e));) {
		const struct vault_note *vn = e->value;
		int hit = 0;

		for (j = 0; j < vn->note->targets_nr; j++)
			if (strmap_contains(&ids, vn->note->targets[j].id)) {
				S_decl_keys(&keys, &vn->note->targets[j]);
				hit = 1;
			}
		if (hit) {
			S_file_keys(&keys, v, vn->path, vn->note);
			strmap_put(out, vn->path, NULL);
		}
	}
	/* A name resolving to a slug: whether that id is declared. */
	for (e = NULL; (e = strmap_next(&ids, &it, e));) {
		char *k = xstrfmt("s:%s", e->key);

		strmap_put(&keys, k, NULL);
		free(k);
	}
	for (e = NULL; (e = strmap_next(&keys, &it, e));) {
		const struct vault_refs *r = strmap_get(&v->refs, e->key);

		for (j = 0; r && j < r->nr; j++)
			strmap_put(out, r->v[j]->path, NULL);
	}
	/* Questions also name targets in prose: the matcher changes. */
	for (f = NULL; (f = strmap_next(&v->questioning, &it, f));)
		strmap_put(out, f->key, NULL);
	strmap_release(&keys);
	strmap_release(&ids);
	return 0;
}

void vault_touch(struct vault *v, struct strmap *touched)
{
	v->touched = touched;
}
