/*
 * Unit tests for the spelling rules of names (names.c): the slug an
 * undeclared target is tracked under (contract section 4), the lookup key
 * (section 3: case-insensitive, surrounding white space ignored) and the
 * wikilink forms a name may take (sections 3 and 5).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

static void S_slug_is(const char *in, const char *want)
{
	char *got = names_slug(in, strlen(in));

	assert_string_equal(got, want);
	free(got);
}

static void S_key_is(const char *in, const char *want)
{
	char *got = names_key(in, strlen(in));

	assert_string_equal(got, want);
	free(got);
}

/* Returns the link target, or NULL when `in` is not exactly one link. */
static char *S_link(const char *in)
{
	char *out = NULL;

	if (!names_wikilink(&out, in, strlen(in)))
		assert_null(out);
	return out;
}

static void S_link_is(const char *in, const char *want)
{
	char *got = S_link(in);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* Section 4: lowercased, runs of non-alphanumerics one `-`, trimmed. */
static void test_slug_ascii_runs_become_one_dash(void **state)
{
	(void)state;
	S_slug_is("Ray Data Co", "ray-data-co");
	S_slug_is("  Cloudflare-first   hosting!  ",
		  "cloudflare-first-hosting");
	S_slug_is("LLMs commoditize; value moves to the rails",
		  "llms-commoditize-value-moves-to-the-rails");
	S_slug_is("--a__b--", "a-b");
	S_slug_is("v2.0 Plan", "v2-0-plan");
}

/*
 * Letters beyond ASCII are letters: kept as written, not dropped (only
 * ASCII letters are lowercased, names.h).
 */
static void test_slug_keeps_multibyte_utf8(void **state)
{
	(void)state;
	S_slug_is("Café économie", "café-économie");
	S_slug_is("東京 office", "東京-office");
}

/*
 * Section 4: runs of anything but letters and digits become one `-`, and
 * dashes, curly quotes, NBSP, ellipsis and emoji are not letters (found by
 * this test: they used to be kept in slugs and accepted in ids).
 */
static void test_slug_unicode_punctuation_separates(void **state)
{
	(void)state;
	S_slug_is("Ray Data Co\u2019s plan", "ray-data-co-s-plan");
	S_slug_is("Cloudflare\u2013first \u2014 hosting",
		  "cloudflare-first-hosting");
	S_slug_is("edge\u00a0first", "edge-first");
	S_slug_is("\u201cQuoted\u201d\u2026", "quoted");
	S_slug_is("Launch \U0001f680\ufe0f now", "launch-now");
	S_slug_is("a\u00d7b", "a-b");
	S_slug_is("\u6771\u4eac\u3001office", "\u6771\u4eac-office");
	assert_false(names_is_slug("edge\u2013first"));
	assert_false(names_is_slug("caf\u00e9\u00a0"));
	assert_true(names_is_slug("caf\u00e9"));
}

static void test_alnum_len(void **state)
{
	(void)state;
	assert_int_equal(names_alnum_len("a", 1), 1);
	assert_int_equal(names_alnum_len("7", 1), 1);
	assert_int_equal(names_alnum_len("-", 1), 0);
	assert_int_equal(names_alnum_len("\u00e9", 2), 2);
	assert_int_equal(names_alnum_len("\u00e9", 1), 0);
	assert_int_equal(names_alnum_len("\u6771", 3), 3);
	assert_int_equal(names_alnum_len("\u2014", 3), 0);
	assert_int_equal(names_alnum_len("\xff", 1), 0);
	assert_int_equal(names_alnum_len("", 0), 0);
}

/* Invalid UTF-8 bytes separate words, so a slug is always valid UTF-8. */
static void test_slug_invalid_bytes_are_separators(void **state)
{
	(void)state;
	S_slug_is("ab\xff"
		  "cd",
		  "ab-cd");
	S_slug_is("\xc3"
		  "x",
		  "x"); /* truncated sequence */
	S_slug_is("x\xc3", "x");
}

/* A name of punctuation only has an empty slug: it names nothing. */
static void test_slug_empty(void **state)
{
	char *got = names_slug("", 0);

	(void)state;
	assert_string_equal(got, "");
	free(got);
	S_slug_is("---", "");
	S_slug_is(" !? ", "");
	assert_false(names_is_slug(""));
	assert_false(names_is_slug("Edge"));
	assert_false(names_is_slug("-edge"));
	assert_true(names_is_slug("edge-2"));
}

/* Section 3: names compare case-insensitively, outer white space ignored. */
static void test_key_ignores_case_and_surrounding_space(void **state)
{
	(void)state;
	S_key_is("  Cloudflare-First Hosting \t", "cloudflare-first hosting");
	S_key_is("EDGE", "edge");
	/* Inner white space is part of the name. */
	S_key_is("a  b", "a  b");
	S_key_is("   ", "");
}

/* Section 3: `[[id]]`, `[[Title|shown]]`, `[[id#heading]]` name a target. */
static void test_wikilink_forms(void **state)
{
	(void)state;
	S_link_is("[[edge]]", "edge");
	S_link_is("[[Edge first|shown text]]", "Edge first");
	S_link_is("[[edge#Why we hold it]]", "edge");
	S_link_is("[[edge#^block-id]]", "edge");
	S_link_is("[[edge^block]]", "edge");
	S_link_is("  [[ edge ]]  ", "edge");
	S_link_is("[[07-positions/edge.md]]", "07-positions/edge");
	S_link_is("[[edge.MD|x]]", "edge");
}

/* Section 5: an embed `![[...]]` names its target like a link. */
static void test_wikilink_embed(void **state)
{
	(void)state;
	S_link_is("![[edge]]", "edge");
	S_link_is("![[diagram.md#part]]", "diagram");
}

/* Anything but exactly one link is a plain name. */
static void test_wikilink_rejects_other_forms(void **state)
{
	(void)state;
	assert_null(S_link("edge"));
	assert_null(S_link("[edge]"));
	assert_null(S_link("[[edge]"));
	assert_null(S_link("[[edge]] and [[other]]"));
	assert_null(S_link("see [[edge]]"));
	assert_null(S_link("[[a\nb]]"));
	assert_null(S_link("[[a]b]]"));
	assert_null(S_link("[["));
}

struct seen {
	const char *targets[8];
	size_t offsets[8];
	char *buf[8];
	size_t nr;
};

static int S_collect(const char *target, size_t offset, void *data)
{
	struct seen *s = data;

	assert_true(s->nr < 8);
	s->buf[s->nr] = strdup(target);
	s->targets[s->nr] = s->buf[s->nr];
	s->offsets[s->nr] = offset;
	s->nr++;
	return 0;
}

static void S_seen_release(struct seen *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		free(s->buf[i]);
}

/* Every link in prose, in order; empty targets and broken links skipped. */
static void test_foreach_wikilink_in_text(void **state)
{
	const char *text = "See [[a|b]], ![[img.md]] and [[#local]].\n"
			   "[[broken\nlink]] [[[c]]] [[d#h]] [[e";
	struct seen s = {0};

	(void)state;
	assert_int_equal(
		names_foreach_wikilink(text, strlen(text), S_collect, &s), 0);
	assert_int_equal(s.nr, 4);
	assert_string_equal(s.targets[0], "a");
	assert_int_equal(s.offsets[0], 4);
	assert_string_equal(s.targets[1], "img");
	assert_string_equal(s.targets[2], "c");
	assert_string_equal(s.targets[3], "d");
	S_seen_release(&s);
}

static int S_stop(const char *target, size_t offset, void *data)
{
	(void)target;
	(void)offset;
	++*(int *)data;
	return 7;
}

/* The callback's non-zero value stops the walk and is returned. */
static void test_foreach_wikilink_stops(void **state)
{
	const char *text = "[[a]] [[b]]";
	int calls = 0;

	(void)state;
	assert_int_equal(
		names_foreach_wikilink(text, strlen(text), S_stop, &calls), 7);
	assert_int_equal(calls, 1);
}

/* Not NUL-terminated: the walk stays within `len`. */
static void test_foreach_wikilink_respects_length(void **state)
{
	const char *text = "[[a]] [[b]]";
	struct seen s = {0};

	(void)state;
	names_foreach_wikilink(text, 9, S_collect, &s);
	assert_int_equal(s.nr, 1);
	assert_string_equal(s.targets[0], "a");
	S_seen_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slug_ascii_runs_become_one_dash),
		cmocka_unit_test(test_slug_keeps_multibyte_utf8),
		cmocka_unit_test(test_slug_unicode_punctuation_separates),
		cmocka_unit_test(test_alnum_len),
		cmocka_unit_test(test_slug_invalid_bytes_are_separators),
		cmocka_unit_test(test_slug_empty),
		cmocka_unit_test(test_key_ignores_case_and_surrounding_space),
		cmocka_unit_test(test_wikilink_forms),
		cmocka_unit_test(test_wikilink_embed),
		cmocka_unit_test(test_wikilink_rejects_other_forms),
		cmocka_unit_test(test_foreach_wikilink_in_text),
		cmocka_unit_test(test_foreach_wikilink_stops),
		cmocka_unit_test(test_foreach_wikilink_respects_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
