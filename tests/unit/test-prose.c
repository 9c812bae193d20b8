/*
 * Unit tests for contract section 5b through the vault: which targets an
 * open question is about, unlinked mentions (word boundaries, the
 * 4-character minimum, links, code and HTML, notes that map a target),
 * their events, and context names (section 4).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "events.h"
#include "facts.h"
#include "note.h"
#include "vault.h"

#define MAX_NOTES 8

struct side {
	struct vault vault;
	struct note *notes[MAX_NOTES];
	size_t nr;
	struct fact_set facts;
};

static const char position[] = "---\n"
			       "position: edge-first\n"
			       "title: Edge-first hosting\n"
			       "status: held\n"
			       "aliases: [Edge-first, AWS, Café]\n"
			       "---\n"
			       "# Edge-first hosting\n";

static void S_init(struct side *s)
{
	memset(s, 0, sizeof(*s));
	vault_init(&s->vault, "");
	vault_want_unlinked(&s->vault);
}

static void S_add(struct side *s, const char *path, const char *text)
{
	struct note *n = NULL;

	assert_true(s->nr < MAX_NOTES);
	assert_int_equal(note_parse(&n, path, text, strlen(text)), 0);
	s->notes[s->nr++] = n;
	vault_set_note(&s->vault, path, n);
}

static void S_finish(struct side *s)
{
	vault_balance(&s->vault);
	facts_add_all(&s->facts, &s->vault);
	facts_finish(&s->facts);
}

static void S_release(struct side *s)
{
	size_t i;

	fact_set_release(&s->facts);
	vault_release(&s->vault);
	for (i = 0; i < s->nr; i++)
		note_free(s->notes[i]);
}

static const struct vault_note *S_note(struct side *s, const char *path)
{
	const struct vault_note *vn = strmap_get(&s->vault.notes, path);

	assert_non_null(vn);
	return vn;
}

/* One note with `body` next to the position; its unlinked names. */
static size_t S_unlinked(const char *body, const char **first_name)
{
	struct side s;
	const struct vault_note *vn;
	size_t nr;

	S_init(&s);
	S_add(&s, "p.md", position);
	S_add(&s, "r.md", body);
	S_finish(&s);
	vn = S_note(&s, "r.md");
	nr = vn->unlinked_nr;
	if (first_name && nr) {
		static char buf[64];

		strncpy(buf, vn->unlinked[0].name, sizeof(buf) - 1);
		*first_name = buf;
	}
	S_release(&s);
	return nr;
}

/* The seed's shape: a bold lead, the position named in prose. */
static void test_question_names_target_in_prose(void **state)
{
	struct side s;
	const struct vault_note *vn;
	const struct vault_target *t;

	(void)state;
	S_init(&s);
	S_add(&s, "p.md", position);
	S_add(&s, "r.md",
	      "## Mapping against Our Org\n\n"
	      "Strong - relevant to us.\n\n"
	      "**Open question worth raising:** should we stay\n"
	      "edge-first now that inference moved?\n");
	S_finish(&s);
	vn = S_note(&s, "r.md");
	assert_int_equal(vn->questions_nr, 1);
	assert_string_equal(vn->questions[0].target, "edge-first");
	assert_string_equal(vn->questions[0].decl->text,
			    "Open question worth raising: should we stay "
			    "edge-first now that inference moved?");
	/* The note maps Our Org, not the position: a candidate too. */
	assert_int_equal(vn->unlinked_nr, 1);
	assert_string_equal(vn->unlinked[0].target, "edge-first");
	assert_string_equal(vn->unlinked[0].name, "edge-first");
	assert_int_equal(vn->unlinked[0].line, 6);
	t = vault_target(&s.vault, "edge-first");
	assert_int_equal(t->balance.questions, 1);
	/* Questions are no evidence. */
	assert_int_equal(t->balance.score, 0);
	S_release(&s);
}

static void test_question_by_wikilink_and_none(void **state)
{
	struct side s;
	const struct vault_note *vn;

	(void)state;
	S_init(&s);
	S_add(&s, "p.md", position);
	S_add(&s, "r.md",
	      "Q: does [[Edge-first hosting|the edge]] still win?\n\n"
	      "Q: what is for lunch?\n\n"
	      "Question: and [[nothing-declared]]?\n");
	S_finish(&s);
	vn = S_note(&s, "r.md");
	assert_int_equal(vn->questions_nr, 1);
	assert_string_equal(vn->questions[0].target, "edge-first");
	/* It links the target: no unlinked mention. */
	assert_int_equal(vn->unlinked_nr, 0);
	S_release(&s);
}

/* A note that maps (or declares) the target lists no unlinked mention,
 * but its question still names the target. */
static void test_mapping_note(void **state)
{
	struct side s;
	const struct vault_note *vn;

	(void)state;
	S_init(&s);
	S_add(&s, "p.md", position);
	S_add(&s, "r.md",
	      "## Mapping against Edge-first hosting\n\n"
	      "Moderate challenge - inference cost.\n\n"
	      "- Open question: is Edge-first still right?\n");
	S_finish(&s);
	vn = S_note(&s, "r.md");
	assert_int_equal(vn->unlinked_nr, 0);
	assert_int_equal(vn->questions_nr, 1);
	assert_string_equal(vn->questions[0].decl->text,
			    "Open question: is Edge-first still right?");
	/* The declaring note names itself: no candidate either. */
	assert_int_equal(S_note(&s, "p.md")->unlinked_nr, 0);
	S_release(&s);
}

static void test_word_boundaries(void **state)
{
	const char *name = NULL;

	(void)state;
	assert_int_equal(S_unlinked("Edge-firsts and preEdge-first and "
				    "Edge-first2 and 2edge-first\n",
				    NULL),
			 0);
	/* `_` is neither a letter nor a digit. */
	assert_int_equal(S_unlinked("edge-first_x\n", NULL), 1);
	assert_int_equal(S_unlinked("(EDGE-FIRST).\n", &name), 1);
	assert_string_equal(name, "EDGE-FIRST");
	assert_int_equal(S_unlinked("Edge-first hosting is on.\n", &name), 1);
	/* One target, listed once, by its first name in the text. */
	assert_string_equal(name, "Edge-first hosting");
	/* A non-ASCII letter continues the word; punctuation does not. */
	assert_int_equal(S_unlinked("Edge-firsté\n", NULL), 0);
	assert_int_equal(S_unlinked("Edge-first—then\n", NULL), 1);
}

static void test_minimum_length(void **state)
{
	const char *name = NULL;

	(void)state;
	/* AWS has 3 characters: never an unlinked mention. */
	assert_int_equal(S_unlinked("We moved to AWS.\n", NULL), 0);
	/* Café has 4 characters in 5 bytes; ASCII case is folded. */
	assert_int_equal(S_unlinked("Lunch at the CAFé today.\n", &name), 1);
	assert_string_equal(name, "CAFé");
	/* No Unicode folding nor normalisation: É is not é, and e with a
	 * combining accent is not the precomposed é. */
	assert_int_equal(S_unlinked("Lunch at the CAFÉ today.\n", NULL), 0);
	assert_int_equal(S_unlinked("Lunch at the cafe\xcc\x81 today.\n", NULL),
			 0);
}

static void test_not_in_links_code_html(void **state)
{
	(void)state;
	assert_int_equal(S_unlinked("Use `Edge-first` here.\n", NULL), 0);
	assert_int_equal(S_unlinked("See [Edge-first](http://x).\n", NULL), 0);
	assert_int_equal(S_unlinked("<https://edge-first.example>\n", NULL), 0);
	assert_int_equal(S_unlinked("```\nEdge-first\n```\n", NULL), 0);
	assert_int_equal(S_unlinked("<div>\nEdge-first\n</div>\n", NULL), 0);
	assert_int_equal(S_unlinked("---\ntitle: Edge-first notes\n---\n"
				    "Nothing here.\n",
				    NULL),
			 0);
	/* Headings, list items and block quotes count. */
	assert_int_equal(S_unlinked("# About Edge-first\n", NULL), 1);
	assert_int_equal(S_unlinked("- item on edge-first\n", NULL), 1);
	assert_int_equal(S_unlinked("> quoting Edge-first\n", NULL), 1);
}

static void test_answered_and_resolved(void **state)
{
	struct side s;

	(void)state;
	S_init(&s);
	S_add(&s, "p.md", position);
	S_add(&s, "r.md",
	      "Answered: Edge-first stays.\n\n"
	      "> [!question] Resolved: Edge-first for static sites\n");
	S_finish(&s);
	assert_int_equal(S_note(&s, "r.md")->questions_nr, 0);
	assert_int_equal(
		vault_target(&s.vault, "edge-first")->balance.questions, 0);
	S_release(&s);
}

/* Names with regex metacharacters and emoji are matched as written. */
static void test_odd_names(void **state)
{
	struct side s;
	const struct vault_note *vn;

	(void)state;
	S_init(&s);
	S_add(&s, "p.md",
	      "---\nposition: plan\ntitle: \"C++ (beta) [x]*\"\n"
	      "aliases: [\"\xf0\x9f\x9a\x80 Launch\", \".*\"]\n---\n");
	S_add(&s, "r.md",
	      "Q: is C++ (beta) [x]* done, or the \xf0\x9f\x9a\x80 Launch?\n\n"
	      "Anything .* here\n");
	S_finish(&s);
	vn = S_note(&s, "r.md");
	assert_int_equal(vn->questions_nr, 1);
	assert_int_equal(vn->unlinked_nr, 1);
	assert_string_equal(vn->unlinked[0].name, "C++ (beta) [x]*");
	S_release(&s);
}

static void test_question_events(void **state)
{
	struct side a, b, c;
	struct event_list ev = EVENT_LIST_INIT;
	static const char q1[] = "Open question: is Edge-first right?\n";
	static const char q2[] = "Open question: is Edge-first still right?\n";
	static const char q3[] = "Resolved: Edge-first is still right.\n";

	(void)state;
	S_init(&a);
	S_init(&b);
	S_init(&c);
	S_add(&a, "p.md", position);
	S_add(&a, "r.md", q1);
	S_add(&b, "p.md", position);
	S_add(&b, "r.md", q2);
	S_add(&c, "p.md", position);
	S_add(&c, "r.md", q3);
	S_finish(&a);
	S_finish(&b);
	S_finish(&c);

	events_compare(&ev, &b.facts, &a.facts, NULL, 0);
	assert_int_equal(ev.nr, 1);
	assert_int_equal(ev.v[0].kind, EVENT_QUESTION);
	assert_int_equal(ev.v[0].change, EVENT_MODIFIED);
	assert_string_equal(ev.v[0].field, "text");
	assert_string_equal(ev.v[0].old_value,
			    "Open question: is Edge-first still right?");
	assert_string_equal(ev.v[0].new_value,
			    "Open question: is Edge-first right?");
	event_list_clear(&ev);

	events_compare(&ev, &a.facts, &c.facts, NULL, 0);
	assert_int_equal(ev.nr, 1);
	assert_int_equal(ev.v[0].kind, EVENT_QUESTION);
	assert_int_equal(ev.v[0].change, EVENT_REMOVED);
	assert_string_equal(ev.v[0].target, "edge-first");
	assert_string_equal(ev.v[0].note, "r.md");
	assert_string_equal(ev.v[0].old_value,
			    "Open question: is Edge-first right?");
	assert_null(ev.v[0].new_value);
	event_list_release(&ev);
	S_release(&a);
	S_release(&b);
	S_release(&c);
}

static void test_context_names(void **state)
{
	struct side s;
	struct strvec ctx = STRVEC_INIT;
	const struct vault_target *t;

	(void)state;
	S_init(&s);
	strvec_push(&ctx, "Our  Org");
	vault_set_context(&s.vault, &ctx);
	S_add(&s, "r.md",
	      "## Mapping against Our Org\n\nStrong - us.\n\n"
	      "## Mapping against Other Org\n\nWeak - them.\n");
	S_finish(&s);
	/* Only the name that is no context name is warned about. */
	assert_int_equal(S_note(&s, "r.md")->diags_nr, 1);
	t = vault_target(&s.vault, "our-org");
	assert_non_null(t);
	assert_true(t->context);
	assert_string_equal(vault_target_kind(t), "context");
	assert_string_equal(
		vault_target_kind(vault_target(&s.vault, "other-org")),
		"undeclared");
	strvec_release(&ctx);
	S_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_question_names_target_in_prose),
		cmocka_unit_test(test_question_by_wikilink_and_none),
		cmocka_unit_test(test_mapping_note),
		cmocka_unit_test(test_word_boundaries),
		cmocka_unit_test(test_minimum_length),
		cmocka_unit_test(test_not_in_links_code_html),
		cmocka_unit_test(test_answered_and_resolved),
		cmocka_unit_test(test_odd_names),
		cmocka_unit_test(test_question_events),
		cmocka_unit_test(test_context_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
