/*
 * Unit tests for lazy parsing (issue 13): body_prefilter() finds a
 * superset of what the body can hold; note_parse_lazy() skips only bodies
 * that cannot hold a fact whatever the vault says; a completed note is
 * note_parse()'s; the vault completes a skipped body exactly when a
 * declared target makes it matter (contract sections 4, 5, 5b), and a
 * vault that resolves lazily parsed notes reaches the facts of one that
 * read every note whole.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "body.h"
#include "facts.h"
#include "note.h"
#include "vault.h"

static void S_hints(struct body_hints *out, const char *md)
{
	*out = (struct body_hints)BODY_HINTS_INIT;
	body_prefilter(out, md, strlen(md));
}

static void test_prefilter_finds_links_and_words(void **state)
{
	struct body_hints h;

	(void)state;
	S_hints(&h, "See [[Edge hosting|the edge]] and ![[diagram.png]].\n");
	assert_false(h.maps);
	assert_false(h.question);
	assert_false(h.unsure);
	assert_int_equal(h.links.nr, 2);
	assert_string_equal(h.links.v[0], "Edge hosting");
	body_hints_release(&h);

	S_hints(&h, "## MAPPING against Edge\n\nStrong.\n");
	assert_true(h.maps);
	body_hints_release(&h);

	S_hints(&h, "**Q**: does this still hold?\n");
	assert_true(h.question);
	body_hints_release(&h);

	S_hints(&h, "> [!FAQ]\n> Why?\n");
	assert_true(h.question);
	body_hints_release(&h);
}

/* Bytes that Markdown reads otherwise than raw: the parse must decide. */
static void test_prefilter_unsure_on_escapes_and_references(void **state)
{
	static const char *const bodies[] = {
		"\\[\\[Edge hosting]]\n",
		"&#91;&#91;Edge hosting]]\n",
		"Map&#112;ing against Edge\n",
		"R&amp;D [[Edge]]\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bodies) / sizeof(*bodies); i++) {
		struct body_hints h;

		S_hints(&h, bodies[i]);
		assert_true(h.unsure);
		body_hints_release(&h);
	}
}

/* The body facts of two notes are the same. */
static void S_same_body(const struct note *a, const struct note *b)
{
	size_t i;

	assert_int_equal(a->links_nr, b->links_nr);
	for (i = 0; i < a->links_nr; i++) {
		assert_string_equal(a->links[i].target, b->links[i].target);
		assert_int_equal(a->links[i].line, b->links[i].line);
	}
	assert_int_equal(a->texts_nr, b->texts_nr);
	for (i = 0; i < a->texts_nr; i++) {
		assert_int_equal(a->texts[i].len, b->texts[i].len);
		assert_memory_equal(a->texts[i].text, b->texts[i].text,
				    a->texts[i].len);
		assert_int_equal(a->texts[i].line, b->texts[i].line);
	}
	assert_int_equal(a->questions_nr, b->questions_nr);
	for (i = 0; i < a->questions_nr; i++)
		assert_string_equal(a->questions[i].text, b->questions[i].text);
	assert_int_equal(a->mappings_nr, b->mappings_nr);
	assert_int_equal(a->diags_nr, b->diags_nr);
	if (a->body_stance || b->body_stance)
		assert_string_equal(a->body_stance, b->body_stance);
}

static const char *const corpus[] = {
	"---\ntitle: A\n---\nWe run on [[Edge hosting]].\n\nMore prose.\n",
	"---\ntitle: B\n---\nOpen question: is Edge-first right?\n",
	"No frontmatter, a [[link]] and a list:\n\n- one\n- two\n",
	"---\nposition: edge\ntitle: Edge\n---\n## Stance\n\nServe it.\n",
	"---\ntitle: C\n---\n## Mapping against Edge\n\nStrong - yes.\n",
	"---\ntitle: [broken\n---\nBody [[Edge]].\n",
	"---\nno closing line\nBody [[Edge]].\n",
	"---\ntitle: D\n---\n```\n[[Edge]] in code\n```\n",
};

static void test_complete_is_the_full_parse(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(corpus) / sizeof(*corpus); i++) {
		struct note *full = NULL, *lazy = NULL;
		size_t len = strlen(corpus[i]);

		assert_int_equal(note_parse(&full, "n.md", corpus[i], len), 0);
		assert_int_equal(note_parse_lazy(&lazy, "n.md", corpus[i], len),
				 0);
		note_complete(lazy);
		assert_null(lazy->lazy);
		S_same_body(full, lazy);
		note_free(full);
		note_free(lazy);
	}
}

/* A declaring, mapping or broken note is parsed whole at once. */
static void test_what_is_never_skipped(void **state)
{
	size_t i;

	(void)state;
	for (i = 3; i <= 6; i++) {
		struct note *n = NULL;

		assert_int_equal(note_parse_lazy(&n, "n.md", corpus[i],
						 strlen(corpus[i])),
				 0);
		assert_null(n->lazy);
		note_free(n);
	}
}

struct pair {
	struct vault lazy, full;
	struct note *notes[2][8];
	size_t nr;
};

static void S_pair_init(struct pair *p)
{
	memset(p, 0, sizeof(*p));
	vault_init(&p->lazy, "");
	vault_init(&p->full, "");
}

static void S_pair_add(struct pair *p, const char *path, const char *text)
{
	size_t len = strlen(text);

	assert_int_equal(note_parse_lazy(&p->notes[0][p->nr], path, text, len),
			 0);
	assert_int_equal(note_parse(&p->notes[1][p->nr], path, text, len), 0);
	vault_set_note(&p->lazy, path, p->notes[0][p->nr]);
	vault_set_note(&p->full, path, p->notes[1][p->nr]);
	p->nr++;
}

/* Both vaults hold the same facts. */
static void S_pair_check(struct pair *p)
{
	struct fact_set a = FACT_SET_INIT, b = FACT_SET_INIT;
	size_t i;

	vault_resolve(&p->lazy);
	vault_resolve(&p->full);
	facts_add_all(&a, &p->lazy);
	facts_add_all(&b, &p->full);
	facts_finish(&a);
	facts_finish(&b);
	assert_int_equal(a.nr, b.nr);
	for (i = 0; i < a.nr; i++) {
		assert_int_equal(a.v[i].type, b.v[i].type);
		assert_string_equal(a.v[i].target, b.v[i].target);
		assert_string_equal(a.v[i].note, b.v[i].note);
	}
	fact_set_release(&a);
	fact_set_release(&b);
}

static void S_pair_release(struct pair *p)
{
	size_t i;

	vault_release(&p->lazy);
	vault_release(&p->full);
	for (i = 0; i < p->nr; i++) {
		note_free(p->notes[0][i]);
		note_free(p->notes[1][i]);
	}
}

static const char edge[] = "---\nposition: edge-first\ntitle: Edge hosting\n"
			   "status: held\naliases: [Edge-first]\n---\n";

/* Without a declared target no body is needed, whatever it links. */
static void test_vault_without_targets_completes_nothing(void **state)
{
	struct pair p;

	(void)state;
	S_pair_init(&p);
	S_pair_add(&p, "a.md", corpus[0]);
	S_pair_add(&p, "b.md", corpus[1]);
	S_pair_check(&p);
	assert_non_null(p.notes[0][0]->lazy);
	assert_non_null(p.notes[0][1]->lazy);
	S_pair_release(&p);
}

/* A target that appears completes the bodies that name it, only those. */
static void test_target_appearing_completes_what_names_it(void **state)
{
	struct pair p;

	(void)state;
	S_pair_init(&p);
	S_pair_add(&p, "a.md", corpus[0]); /* links it: completed */
	S_pair_add(&p, "b.md", corpus[1]); /* a question: completed */
	S_pair_add(&p, "c.md", "---\ntitle: C\n---\nSee [[Elsewhere]].\n");
	S_pair_check(&p);
	S_pair_add(&p, "pos/edge.md", edge);
	S_pair_check(&p);
	assert_null(p.notes[0][0]->lazy);
	assert_null(p.notes[0][1]->lazy);
	assert_non_null(p.notes[0][2]->lazy);
	S_pair_release(&p);
}

/* A link by the file name of the declaring note is a mention too. */
static void test_link_by_file_name_completes(void **state)
{
	struct pair p;

	(void)state;
	S_pair_init(&p);
	S_pair_add(&p, "a.md", "---\ntitle: A\n---\nSee [[edge]].\n");
	S_pair_add(&p, "pos/edge.md", edge);
	S_pair_check(&p);
	assert_null(p.notes[0][0]->lazy);
	S_pair_release(&p);
}

/* Unlinked mentions read every prose text: all bodies are needed. */
static void test_unlinked_wanted_completes_all(void **state)
{
	struct pair p;

	(void)state;
	S_pair_init(&p);
	vault_want_unlinked(&p.lazy);
	vault_want_unlinked(&p.full);
	S_pair_add(&p, "c.md", "---\ntitle: C\n---\nEdge hosting, unlinked.\n");
	S_pair_add(&p, "pos/edge.md", edge);
	S_pair_check(&p);
	assert_null(p.notes[0][0]->lazy);
	S_pair_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefilter_finds_links_and_words),
		cmocka_unit_test(
			test_prefilter_unsure_on_escapes_and_references),
		cmocka_unit_test(test_complete_is_the_full_parse),
		cmocka_unit_test(test_what_is_never_skipped),
		cmocka_unit_test(test_vault_without_targets_completes_nothing),
		cmocka_unit_test(test_target_appearing_completes_what_names_it),
		cmocka_unit_test(test_link_by_file_name_completes),
		cmocka_unit_test(test_unlinked_wanted_completes_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
