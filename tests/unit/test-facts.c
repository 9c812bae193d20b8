/*
 * Unit tests for fact sets (facts.c): one fact per (target, type, note),
 * the first of repeated facts kept, and values normalised as the
 * contract's section 6 reports them.  Notes are parsed from literal
 * strings and resolved in a vault.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "note.h"
#include "vault.h"

struct fixture {
	struct vault vault;
	struct note *notes[8];
	size_t nr;
	struct fact_set facts;
};

static void S_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	vault_init(&f->vault, "");
}

static void S_add(struct fixture *f, const char *path, const char *text)
{
	struct note *n = NULL;

	assert_true(f->nr < 8);
	assert_int_equal(note_parse(&n, path, text, strlen(text)), 0);
	f->notes[f->nr++] = n;
	vault_set_note(&f->vault, path, n);
}

static void S_facts(struct fixture *f)
{
	vault_resolve(&f->vault);
	facts_add_all(&f->facts, &f->vault);
	facts_finish(&f->facts);
}

static void S_release(struct fixture *f)
{
	size_t i;

	fact_set_release(&f->facts);
	vault_release(&f->vault);
	for (i = 0; i < f->nr; i++)
		note_free(f->notes[i]);
}

static const struct fact *S_find(const struct fact_set *set,
				 enum fact_type type, const char *target,
				 const char *note)
{
	size_t i;

	for (i = 0; i < set->nr; i++)
		if (set->v[i].type == type &&
		    !strcmp(set->v[i].target, target) &&
		    (!note || !strcmp(set->v[i].note, note)))
			return &set->v[i];
	return NULL;
}

/* The value of a target field (by name) of the only target fact. */
static const char *S_target_value(const struct fixture *f, const char *id,
				  const char *field)
{
	const struct fact *ft = S_find(&f->facts, FACT_TARGET, id, NULL);
	const char *const *names;
	size_t n = fact_fields(FACT_TARGET, &names), i;

	assert_non_null(ft);
	for (i = 0; i < n; i++)
		if (!strcmp(names[i], field))
			return ft->values[i];
	fail_msg("no field %s", field);
	return NULL;
}

/* Builds one vault of `p.md` declaring `fm` and returns a field's value. */
static char *S_value_of(const char *fm, const char *field)
{
	struct fixture f;
	char text[512];
	const char *v;
	char *out;

	S_init(&f);
	snprintf(text, sizeof(text), "---\nposition: p\n%s\n---\n", fm);
	S_add(&f, "p.md", text);
	S_facts(&f);
	v = S_target_value(&f, "p", field);
	out = v ? strdup(v) : NULL;
	S_release(&f);
	return out;
}

static void S_value_is(const char *fm, const char *field, const char *want)
{
	char *got = S_value_of(fm, field);

	if (!want) {
		assert_null(got);
	} else {
		assert_non_null(got);
		assert_string_equal(got, want);
	}
	free(got);
}

/* One fact per (target, type, note): a target mapped in frontmatter and
 * body is one mapping, mentioned twice is one mention. */
static void test_one_fact_per_target_type_note(void **state)
{
	struct fixture f;
	size_t i, mappings = 0, mentions = 0, targets = 0;

	(void)state;
	S_init(&f);
	S_add(&f, "p.md", "---\nposition: edge\nstatus: held\n---\n");
	S_add(&f, "r.md",
	      "---\nmaps: {edge: strong}\n---\nSee [[edge]] and [[edge]].\n\n"
	      "## Mapping against edge\n\nWeak - the body says less.\n");
	S_add(&f, "s.md", "---\nmaps: {edge: weak}\n---\n");
	S_facts(&f);
	for (i = 0; i < f.facts.nr; i++) {
		mappings += f.facts.v[i].type == FACT_MAPPING;
		mentions += f.facts.v[i].type == FACT_MENTION;
		targets += f.facts.v[i].type == FACT_TARGET;
	}
	assert_int_equal(targets, 1);
	assert_int_equal(mappings, 2);
	assert_int_equal(mentions, 1);
	assert_string_equal(
		S_find(&f.facts, FACT_MAPPING, "edge", "r.md")->values[0],
		"strong");
	S_release(&f);
}

/* Sorted by target, then type (target, mapping, mention), then note; a
 * target's fact compares equal wherever it is declared. */
static void test_fact_cmp_orders_target_type_note(void **state)
{
	struct fact a = {0}, b = {0};

	(void)state;
	a.target = "alpha";
	b.target = "beta";
	a.note = "z.md";
	b.note = "a.md";
	assert_true(fact_cmp(&a, &b) < 0);
	b.target = "alpha";
	a.type = FACT_TARGET;
	b.type = FACT_MAPPING;
	assert_true(fact_cmp(&a, &b) < 0);
	a.type = FACT_MENTION;
	assert_true(fact_cmp(&a, &b) > 0);
	b.type = FACT_MENTION;
	assert_true(fact_cmp(&a, &b) > 0);
	a.type = b.type = FACT_TARGET;
	assert_int_equal(fact_cmp(&a, &b), 0);
}

/* facts_finish() drops repeated facts and keeps the one added first. */
static void test_dedup_keeps_first(void **state)
{
	struct fixture one, two;
	struct fact_set set = FACT_SET_INIT;
	size_t i;

	(void)state;
	S_init(&one);
	S_init(&two);
	S_add(&one, "p.md", "---\nthesis: rails\nstatus: emerging\n---\n");
	S_add(&two, "q.md", "---\nthesis: rails\nstatus: refuted\n---\n");
	vault_resolve(&one.vault);
	vault_resolve(&two.vault);
	/* Added twice in each order: the first added wins. */
	facts_add_target(&set, &two.vault, "rails");
	facts_add_target(&set, &one.vault, "rails");
	facts_add_target(&set, &two.vault, "rails");
	facts_add_all(&set, &one.vault);
	facts_finish(&set);
	assert_int_equal(set.nr, 1);
	assert_string_equal(set.v[0].values[2], "refuted");
	assert_string_equal(set.v[0].note, "q.md");
	for (i = 0; i < set.nr; i++)
		assert_int_equal(set.v[i].type, FACT_TARGET);
	fact_set_release(&set);
	S_release(&one);
	S_release(&two);
}

/* Plain scalars exactly as written: no type conversion. */
static void test_values_plain_scalars_as_written(void **state)
{
	(void)state;
	S_value_is("confidence: 0.70", "confidence", "0.70");
	S_value_is("owner: yes", "owner", "yes");
	S_value_is("owner: 0x1F", "owner", "0x1F");
	S_value_is("title: 1e3", "title", "1e3");
	S_value_is("title:   Edge first   ", "title", "Edge first");
	S_value_is("status: 2026-01-01", "status", "2026-01-01");
}

/* An edit that only changes quoting is no change. */
static void test_values_quote_only_edits_equal(void **state)
{
	(void)state;
	S_value_is("title: Edge first", "title", "Edge first");
	S_value_is("title: \"Edge first\"", "title", "Edge first");
	S_value_is("title: 'Edge first'", "title", "Edge first");
	S_value_is("confidence: \"0.70\"", "confidence", "0.70");
	S_value_is("owner: 'yes'", "owner", "yes");
}

/* `~`, `null` and empty are null. */
static void test_values_null_forms(void **state)
{
	(void)state;
	S_value_is("owner: ~", "owner", NULL);
	S_value_is("owner: null", "owner", NULL);
	S_value_is("owner:", "owner", NULL);
	S_value_is("owner: \"\"", "owner", NULL);
	S_value_is("title: Edge", "owner", NULL);
	S_value_is("supersedes: []", "supersedes", NULL);
}

/* A list is its items joined with `, `. */
static void test_values_lists_joined(void **state)
{
	(void)state;
	S_value_is("supersedes: [vercel-first, aws-first]", "supersedes",
		   "vercel-first, aws-first");
	S_value_is("supersedes:\n  - vercel-first\n  - \"aws-first\"",
		   "supersedes", "vercel-first, aws-first");
	S_value_is("supersedes: vercel-first", "supersedes", "vercel-first");
	S_value_is("owner: [founder, cto]", "owner", "founder, cto");
}

/* Words of the vocabularies are reported in lowercase, canonical form. */
static void test_values_vocab_words_lowercased(void **state)
{
	struct fixture f;
	const struct fact *m;

	(void)state;
	S_value_is("status: HELD", "status", "held");
	S_value_is("status: Questioned", "status", "questioned");
	S_value_is("confidence: High", "confidence", "high");
	/* Not a vocabulary word: as written. */
	S_value_is("status: Pending Review", "status", "Pending Review");
	S_init(&f);
	S_add(&f, "p.md", "---\nposition: edge\n---\n");
	S_add(&f, "r.md",
	      "---\nmaps:\n  - target: edge\n    strength: STRONG\n"
	      "    effect: Challenge\n    why: \"Because.\"\n---\n");
	S_facts(&f);
	m = S_find(&f.facts, FACT_MAPPING, "edge", "r.md");
	assert_non_null(m);
	assert_string_equal(m->values[0], "strong");
	assert_string_equal(m->values[1], "challenges");
	assert_string_equal(m->values[2], "Because.");
	S_release(&f);
}

/* A target fact carries its aliases as lookup keys, for renames. */
static void test_target_aliases_as_keys(void **state)
{
	struct fixture f;
	const struct fact *t;

	(void)state;
	S_init(&f);
	S_add(&f, "p.md",
	      "---\nposition: edge-first\naliases: [\" Edge \", CF First]\n"
	      "---\n");
	S_facts(&f);
	t = S_find(&f.facts, FACT_TARGET, "edge-first", "p.md");
	assert_non_null(t);
	assert_int_equal(t->kind, TARGET_POSITION);
	assert_int_equal(t->aliases.nr, 2);
	assert_string_equal(t->aliases.v[0], "edge");
	assert_string_equal(t->aliases.v[1], "cf first");
	S_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_fact_per_target_type_note),
		cmocka_unit_test(test_fact_cmp_orders_target_type_note),
		cmocka_unit_test(test_dedup_keeps_first),
		cmocka_unit_test(test_values_plain_scalars_as_written),
		cmocka_unit_test(test_values_quote_only_edits_equal),
		cmocka_unit_test(test_values_null_forms),
		cmocka_unit_test(test_values_lists_joined),
		cmocka_unit_test(test_values_vocab_words_lowercased),
		cmocka_unit_test(test_target_aliases_as_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
