/*
 * record_edit(): the splice that changes one field of one target in a
 * note's frontmatter and leaves every other byte alone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "note.h"
#include "record.h"
#include "strbuf.h"

/* Edits `in` and compares with `want` (NULL: the edit must fail). */
static void S_edit(const char *in, const char *id, int kind, const char *field,
		   const char *value, const char *want)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int ret =
		record_edit(&out, &err, in, strlen(in), id, kind, field, value);

	if (!want) {
		assert_int_equal(ret, -1);
		assert_true(err.len > 0);
	} else {
		assert_int_equal(ret, 0);
		assert_string_equal(out.buf, want);
	}
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_replace_keeps_comments_and_order(void **state)
{
	(void)state;
	S_edit("---\nposition: edge # id\nstatus: held   # since May\n"
	       "confidence: high\n---\nBody: status: held\n",
	       "edge", TARGET_POSITION, "status", "questioned",
	       "---\nposition: edge # id\nstatus: questioned   # since May\n"
	       "confidence: high\n---\nBody: status: held\n");
}

static void test_quotes_kept_or_added(void **state)
{
	(void)state;
	S_edit("---\nthesis: t\ntitle: 'It''s'\n---\n", "t", TARGET_THESIS,
	       "title", "Don't", "---\nthesis: t\ntitle: 'Don''t'\n---\n");
	S_edit("---\nthesis: t\ntitle: \"A\"\n---\n", "t", TARGET_THESIS,
	       "title", "B \"b\"",
	       "---\nthesis: t\ntitle: \"B \\\"b\\\"\"\n---\n");
	S_edit("---\nthesis: t\ntitle: A\n---\n", "t", TARGET_THESIS, "title",
	       "a: b", "---\nthesis: t\ntitle: \"a: b\"\n---\n");
	S_edit("---\nthesis: t\ntitle: A\n---\n", "t", TARGET_THESIS, "title",
	       "null", "---\nthesis: t\ntitle: \"null\"\n---\n");
	S_edit("---\nthesis: t\ntitle: A\n---\n", "t", TARGET_THESIS, "title",
	       "- x", "---\nthesis: t\ntitle: \"- x\"\n---\n");
	S_edit("---\nthesis: t\ntitle: A\n---\n", "t", TARGET_THESIS, "title",
	       "x #y", "---\nthesis: t\ntitle: \"x #y\"\n---\n");
	S_edit("---\nthesis: t\ntitle: A\n---\n", "t", TARGET_THESIS, "title",
	       "a, b [c]", "---\nthesis: t\ntitle: a, b [c]\n---\n");
}

static void test_crlf_bom_and_utf8(void **state)
{
	(void)state;
	/* Characters before the value count once each, not per byte. */
	S_edit("\xef\xbb\xbf---\r\ntitle: \xc3\xa9t\xc3\xa9\r\nposition: p\r\n"
	       "owner: \xe2\x80\x94x\r\n---\r\n",
	       "p", TARGET_POSITION, "owner", "Zo\xc3\xab",
	       "\xef\xbb\xbf---\r\ntitle: \xc3\xa9t\xc3\xa9\r\nposition: p\r\n"
	       "owner: Zo\xc3\xab\r\n---\r\n");
	S_edit("---\r\nposition: p\r\n---\r\n", "p", TARGET_POSITION, "status",
	       "held", "---\r\nposition: p\r\nstatus: held\r\n---\r\n");
}

static void test_missing_and_empty_values(void **state)
{
	(void)state;
	S_edit("---\ntitle: T\nposition: p\ntags: [a]\n---\n", "p",
	       TARGET_POSITION, "owner", "me",
	       "---\ntitle: T\nposition: p\nowner: me\ntags: [a]\n---\n");
	S_edit("---\nposition: p\nowner:\nstatus: held\n---\n", "p",
	       TARGET_POSITION, "owner", "me",
	       "---\nposition: p\nowner: me\nstatus: held\n---\n");
	S_edit("---\nposition: p\nowner: ~\n---\n", "p", TARGET_POSITION,
	       "owner", "me", "---\nposition: p\nowner: me\n---\n");
}

static void test_block_scalar_becomes_one_line(void **state)
{
	(void)state;
	S_edit("---\nthesis: t\nstance: |\n  one\n  two\n\nstatus: "
	       "emerging\n---\n",
	       "t", TARGET_THESIS, "stance", "three",
	       "---\nthesis: t\nstance: three\n\nstatus: emerging\n---\n");
}

static void test_lists(void **state)
{
	(void)state;
	S_edit("---\npositions:\n  - id: a\n    status: held\n  - id: b\n---\n",
	       "b", TARGET_POSITION, "status", "retired",
	       "---\npositions:\n  - id: a\n    status: held\n  - id: b\n"
	       "    status: retired\n---\n");
	S_edit("---\ntheses: [{id: a, status: emerging}, {id: b}]\n---\n", "a",
	       TARGET_THESIS, "status", "refuted",
	       "---\ntheses: [{id: a, status: refuted}, {id: b}]\n---\n");
	S_edit("---\ntheses: [{id: a, status: emerging}, {id: b}]\n---\n", "b",
	       TARGET_THESIS, "owner", "x, y",
	       "---\ntheses: [{id: a, status: emerging}, {id: b, owner: "
	       "\"x, y\"}]\n---\n");
	/* A flow root mapping gets the new key at its end. */
	S_edit("---\n{position: p, positions: {id: q}}\n---\n", "p",
	       TARGET_POSITION, "owner", "me",
	       "---\n{position: p, positions: {id: q}, owner: me}\n---\n");
	/* A lone mapping is a list of one, as the parser reads it. */
	S_edit("---\npositions:\n  id: solo\n---\n", "solo", TARGET_POSITION,
	       "status", "held",
	       "---\npositions:\n  id: solo\n  status: held\n---\n");
	/* The same id under the other kind is not it. */
	S_edit("---\npositions:\n  - id: a\n---\n", "a", TARGET_THESIS,
	       "status", "emerging", NULL);
}

static void test_position_wins_and_last_key(void **state)
{
	(void)state;
	S_edit("---\nposition: p\nthesis: p\n---\n", "p", TARGET_THESIS,
	       "status", "emerging", NULL);
	/* Duplicate keys: the parser reads the last one, so do we. */
	S_edit("---\nposition: p\nstatus: held\nstatus: revised\n---\n", "p",
	       TARGET_POSITION, "status", "retired",
	       "---\nposition: p\nstatus: held\nstatus: retired\n---\n");
	/* The id is matched as a slug, as declarations are. */
	S_edit("---\nposition: Edge Hosting\n---\n", "edge-hosting",
	       TARGET_POSITION, "status", "held",
	       "---\nposition: Edge Hosting\nstatus: held\n---\n");
}

static void test_refusals(void **state)
{
	(void)state;
	S_edit("no frontmatter\n", "p", TARGET_POSITION, "status", "held",
	       NULL);
	S_edit("---\nposition: p\nstatus: [held\n---\n", "p", TARGET_POSITION,
	       "status", "held", NULL);
	S_edit("---\n- position: p\n---\n", "p", TARGET_POSITION, "status",
	       "held", NULL);
	S_edit("---\nposition: p\nstatus: [held]\n---\n", "p", TARGET_POSITION,
	       "status", "retired", NULL);
	S_edit("---\nposition: p\n---\n", "q", TARGET_POSITION, "status",
	       "held", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replace_keeps_comments_and_order),
		cmocka_unit_test(test_quotes_kept_or_added),
		cmocka_unit_test(test_crlf_bom_and_utf8),
		cmocka_unit_test(test_missing_and_empty_values),
		cmocka_unit_test(test_block_scalar_becomes_one_line),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_position_wins_and_last_key),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
