/*
 * Unit tests for the reverse index a change of names is resolved through
 * (issue 13; contract section 3): which notes vault_touched_by() finds,
 * and that resolving only those gives the facts of resolving everything.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "facts.h"
#include "util.h"
#include "note.h"
#include "vault.h"

#define MAX 16

struct world {
	struct vault v;
	struct note *notes[MAX];
	size_t nr;
};

static struct note *S_parse(const char *path, const char *text)
{
	struct note *n = NULL;

	assert_int_equal(note_parse(&n, path, text, strlen(text)), 0);
	return n;
}

static void S_set(struct world *w, const char *path, const char *text)
{
	struct note *n = text ? S_parse(path, text) : NULL;

	if (n) {
		assert_true(w->nr < MAX);
		w->notes[w->nr++] = n;
	}
	vault_set_note(&w->v, path, n);
}

static void S_release(struct world *w)
{
	size_t i;

	vault_release(&w->v);
	for (i = 0; i < w->nr; i++)
		note_free(w->notes[i]);
}

static const char edge_v1[] = "---\nposition: edge-first\n"
			      "title: Edge hosting\nstatus: held\n---\n";
static const char edge_v2[] = "---\nposition: edge-first\n"
			      "title: Edge hosting\nstatus: held\n"
			      "aliases: [Edge-first hosting]\n---\n";

/* The base vault: one position and notes naming it in every way. */
static void S_base(struct world *w)
{
	memset(w, 0, sizeof(*w));
	vault_init(&w->v, "");
	S_set(w, "pos/edge.md", edge_v1);
	S_set(w, "by-title.md", "---\nmaps:\n  - target: Edge hosting\n"
				"    strength: strong\n---\n");
	S_set(w, "by-alias.md", "Body [[Edge-first hosting]].\n");
	S_set(w, "by-file.md", "Body [[edge]].\n");
	S_set(w, "by-slug.md", "---\nmaps: {Ray Data Co: weak}\n---\n");
	S_set(w, "asks.md", "Open question: is edge hosting right?\n");
	S_set(w, "unrelated.md", "Body [[Something else]].\n");
	vault_resolve(&w->v);
}

/* The touched set of replacing `path` (from `old`) by `text`. */
static int S_touched(struct strmap *out, struct world *w, const char *path,
		     const char *old, const char *text)
{
	struct note *a = old ? S_parse(path, old) : NULL;
	struct note *b = text ? S_parse(path, text) : NULL;
	const char *paths[2] = {path, path};
	const struct note *notes[2] = {a, b};
	int ret = vault_touched_by(out, &w->v, paths, notes, 2);

	note_free(a);
	note_free(b);
	return ret;
}

static void test_names_of_a_changed_declaration(void **state)
{
	struct strmap t = STRMAP_INIT;
	struct world w;

	(void)state;
	S_base(&w);
	assert_int_equal(S_touched(&t, &w, "pos/edge.md", edge_v1, edge_v2), 0);
	assert_true(strmap_contains(&t, "by-title.md"));
	assert_true(strmap_contains(&t, "by-alias.md")); /* the new alias */
	assert_true(strmap_contains(&t, "by-file.md"));  /* its file name */
	assert_true(strmap_contains(&t, "asks.md"));     /* prose names */
	assert_true(strmap_contains(&t, "pos/edge.md"));
	assert_false(strmap_contains(&t, "unrelated.md"));
	assert_false(strmap_contains(&t, "by-slug.md"));
	strmap_release(&t);
	S_release(&w);
}

/* A name that resolved to its slug: the id it names is declared now. */
static void test_slug_of_a_new_id(void **state)
{
	struct strmap t = STRMAP_INIT;
	struct world w;

	(void)state;
	S_base(&w);
	assert_int_equal(S_touched(&t, &w, "ray.md", NULL,
				   "---\nthesis: ray-data-co\n---\n"),
			 0);
	assert_true(strmap_contains(&t, "by-slug.md"));
	assert_false(strmap_contains(&t, "by-title.md"));
	strmap_release(&t);
	S_release(&w);
}

/* Another declaration of the same id may win now. */
static void test_other_declarations_of_the_id(void **state)
{
	struct strmap t = STRMAP_INIT;
	struct world w;

	(void)state;
	S_base(&w);
	S_set(&w, "z/edge-copy.md",
	      "---\nposition: edge-first\ntitle: Edge copy\n---\n");
	vault_resolve(&w.v);
	assert_int_equal(S_touched(&t, &w, "pos/edge.md", edge_v1, NULL), 0);
	assert_true(strmap_contains(&t, "z/edge-copy.md"));
	strmap_release(&t);
	S_release(&w);
}

static void test_unlinked_wanted_means_everything(void **state)
{
	struct strmap t = STRMAP_INIT;
	struct world w;

	(void)state;
	S_base(&w);
	vault_want_unlinked(&w.v);
	assert_int_equal(S_touched(&t, &w, "pos/edge.md", edge_v1, edge_v2),
			 -1);
	strmap_release(&t);
	S_release(&w);
}

/* Facts of the whole vault, as one string per fact. */
static void S_facts(struct strvec *out, struct vault *v)
{
	struct fact_set f = FACT_SET_INIT;
	size_t i;

	facts_add_all(&f, v);
	facts_finish(&f);
	for (i = 0; i < f.nr; i++)
		strvec_push_nodup(out, xstrfmt("%d %s %s %s", (int)f.v[i].type,
					       f.v[i].target, f.v[i].note,
					       f.v[i].values[0] ?
					       f.v[i].values[0] : "-"));
	fact_set_release(&f);
}

/* After a change of names, resolving the touched notes is enough. */
static void test_partial_equals_full(void **state)
{
	static const char *const changes[][3] = {
		{"pos/edge.md", edge_v1, edge_v2},
		{"pos/edge.md", edge_v1, NULL},
		{"ray.md", NULL, "---\nthesis: ray-data-co\ntitle: Ray\n---\n"},
		{"pos/edge.md", edge_v1,
		 "---\nposition: edge-everywhere\ntitle: Edge hosting\n"
		 "aliases: [edge-first]\n---\n"},
	};
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(changes) / sizeof(*changes); i++) {
		struct strmap t = STRMAP_INIT;
		struct strvec a = STRVEC_INIT, b = STRVEC_INIT;
		struct world part, full;

		S_base(&part);
		S_base(&full);
		assert_int_equal(S_touched(&t, &part, changes[i][0],
					   changes[i][1], changes[i][2]),
				 0);
		S_set(&part, changes[i][0], changes[i][2]);
		vault_touch(&part.v, &t);
		assert_int_equal(vault_resolve(&part.v), 1);
		S_set(&full, changes[i][0], changes[i][2]);
		full.v.names_dirty = 1;
		vault_resolve(&full.v);
		S_facts(&a, &part.v);
		S_facts(&b, &full.v);
		assert_int_equal(a.nr, b.nr);
		for (k = 0; k < a.nr; k++)
			assert_string_equal(a.v[k], b.v[k]);
		strvec_release(&a);
		strvec_release(&b);
		strmap_release(&t);
		S_release(&part);
		S_release(&full);
	}
}

/* The partial resolution is real: touching nothing leaves stale facts. */
static void test_nothing_touched_is_stale(void **state)
{
	static const char renamed[] =
		"---\nposition: edge-everywhere\ntitle: Edge hosting\n---\n";
	struct strmap none = STRMAP_INIT;
	struct strvec a = STRVEC_INIT, b = STRVEC_INIT;
	struct world part, full;
	size_t k;
	int same;

	(void)state;
	S_base(&part);
	S_base(&full);
	S_set(&part, "pos/edge.md", renamed);
	vault_touch(&part.v, &none);
	vault_resolve(&part.v);
	S_set(&full, "pos/edge.md", renamed);
	vault_resolve(&full.v);
	S_facts(&a, &part.v);
	S_facts(&b, &full.v);
	same = a.nr == b.nr;
	for (k = 0; same && k < a.nr; k++)
		same = !strcmp(a.v[k], b.v[k]);
	assert_false(same);
	strvec_release(&a);
	strvec_release(&b);
	S_release(&part);
	S_release(&full);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_of_a_changed_declaration),
		cmocka_unit_test(test_slug_of_a_new_id),
		cmocka_unit_test(test_other_declarations_of_the_id),
		cmocka_unit_test(test_unlinked_wanted_means_everything),
		cmocka_unit_test(test_partial_equals_full),
		cmocka_unit_test(test_nothing_touched_is_stale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
