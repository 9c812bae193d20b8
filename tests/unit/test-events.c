/*
 * Unit tests for the event diff of two fact sets (events.c), built from
 * real notes through the vault, and the fuzz finding that an empty
 * comparison must not touch a NULL event array.
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

struct side {
	struct vault vault;
	struct note *notes[4];
	size_t nr;
	struct fact_set facts;
};

static void S_add(struct side *s, const char *path, const char *text)
{
	struct note *n = NULL;

	assert_int_equal(note_parse(&n, path, text, strlen(text)), 0);
	s->notes[s->nr++] = n;
	vault_set_note(&s->vault, path, n);
}

static void S_finish(struct side *s)
{
	vault_resolve(&s->vault);
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

/* Fuzz finding: comparing two empty sets adds nothing, touches nothing. */
static void test_empty(void **state)
{
	struct fact_set a = FACT_SET_INIT, b = FACT_SET_INIT;
	struct event_list ev = EVENT_LIST_INIT;

	(void)state;
	events_compare(&ev, &a, &b, NULL, 0);
	assert_int_equal(ev.nr, 0);
	assert_null(ev.v);
	event_list_release(&ev);
}

static void test_status_change(void **state)
{
	struct side a = {0}, b = {0};
	struct event_list ev = EVENT_LIST_INIT;

	(void)state;
	vault_init(&a.vault, "");
	vault_init(&b.vault, "");
	S_add(&a, "p.md", "---\nposition: edge\nstatus: held\n---\n");
	S_add(&b, "p.md", "---\nposition: edge\nstatus: Questioned\n---\n");
	S_finish(&a);
	S_finish(&b);
	events_compare(&ev, &a.facts, &b.facts, NULL, 0);
	assert_int_equal(ev.nr, 1);
	assert_int_equal(ev.v[0].kind, EVENT_POSITION);
	assert_int_equal(ev.v[0].change, EVENT_MODIFIED);
	assert_string_equal(ev.v[0].field, "status");
	assert_string_equal(ev.v[0].old_value, "held");
	assert_string_equal(ev.v[0].new_value, "questioned");
	event_list_release(&ev);
	S_release(&a);
	S_release(&b);
}

/* A rename through aliases: one event; mappings follow without events. */
static void test_rename_through_aliases(void **state)
{
	struct side a = {0}, b = {0};
	struct event_list ev = EVENT_LIST_INIT;

	(void)state;
	vault_init(&a.vault, "");
	vault_init(&b.vault, "");
	S_add(&a, "p.md", "---\nposition: edge\nstatus: held\n---\n");
	S_add(&a, "r.md", "---\nmaps: {edge: strong}\n---\nSee [[edge]].\n");
	S_add(&b, "p.md",
	      "---\nposition: edge-first\nstatus: held\naliases: "
	      "[edge]\n---\n");
	S_add(&b, "r.md", "---\nmaps: {edge: strong}\n---\nSee [[edge]].\n");
	S_finish(&a);
	S_finish(&b);
	events_compare(&ev, &a.facts, &b.facts, NULL, 0);
	assert_int_equal(ev.nr, 1);
	assert_int_equal(ev.v[0].change, EVENT_RENAMED);
	assert_string_equal(ev.v[0].target, "edge-first");
	assert_string_equal(ev.v[0].old_value, "edge");
	assert_string_equal(ev.v[0].new_value, "edge-first");
	event_list_release(&ev);
	S_release(&a);
	S_release(&b);
}

/* A moved note holding a mapping: one `moved` event, nothing else. */
static void test_moved_note(void **state)
{
	struct side a = {0}, b = {0};
	struct event_list ev = EVENT_LIST_INIT;
	struct note_move move = {"old/r.md", "new/r.md"};

	(void)state;
	vault_init(&a.vault, "");
	vault_init(&b.vault, "");
	S_add(&a, "p.md", "---\nposition: edge\nstatus: held\n---\n");
	S_add(&a, "old/r.md", "---\nmaps: {edge: weak}\n---\n");
	S_add(&b, "p.md", "---\nposition: edge\nstatus: held\n---\n");
	S_add(&b, "new/r.md", "---\nmaps: {edge: weak}\n---\n");
	S_finish(&a);
	S_finish(&b);
	events_compare(&ev, &a.facts, &b.facts, &move, 1);
	assert_int_equal(ev.nr, 1);
	assert_int_equal(ev.v[0].kind, EVENT_NOTE);
	assert_int_equal(ev.v[0].change, EVENT_MOVED);
	assert_null(ev.v[0].target);
	assert_string_equal(ev.v[0].old_value, "old/r.md");
	assert_string_equal(ev.v[0].new_value, "new/r.md");
	event_list_release(&ev);
	S_release(&a);
	S_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_status_change),
		cmocka_unit_test(test_rename_through_aliases),
		cmocka_unit_test(test_moved_note),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
