#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "exclude.h"
#include "note.h"

static void S_list(struct exclude_list *list, const char *const *patterns)
{
	for (; *patterns; patterns++)
		exclude_list_add(list, *patterns);
}

static void test_contract_examples(void **state)
{
	static const char *const patterns[] = {"Templates/", "Archive/**",
					       "*.excalidraw.md", NULL};
	struct exclude_list l = EXCLUDE_LIST_INIT;

	(void)state;
	S_list(&l, patterns);
	assert_true(exclude_list_match(&l, "Templates/position.md"));
	assert_true(exclude_list_match(&l, "a/Templates/b/c.md"));
	assert_false(exclude_list_match(&l, "Templates.md"));
	assert_false(exclude_list_match(&l, "MyTemplates/x.md"));
	assert_true(exclude_list_match(&l, "Archive/x.md"));
	assert_true(exclude_list_match(&l, "Archive/2024/x.md"));
	assert_false(exclude_list_match(&l, "notes/Archive/x.md"));
	assert_true(exclude_list_match(&l, "drawing.excalidraw.md"));
	assert_true(exclude_list_match(&l, "deep/in/d.excalidraw.md"));
	assert_false(exclude_list_match(&l, "notes/plain.md"));
	exclude_list_release(&l);
}

static void test_anchoring_and_stars(void **state)
{
	static const char *const patterns[] = {
		"/top.md",	  "a/*.md", "**/deep.md", "x/**/y.md", "ba?.md",
		"[0-9][!a-z].md", "   ",    "# comment",  "",	       NULL};
	struct exclude_list l = EXCLUDE_LIST_INIT;

	(void)state;
	S_list(&l, patterns);
	assert_int_equal(l.nr, 6);
	assert_true(exclude_list_match(&l, "top.md"));
	assert_false(exclude_list_match(&l, "sub/top.md"));
	assert_true(exclude_list_match(&l, "a/b.md"));
	assert_false(exclude_list_match(&l, "a/b/c.md"));
	assert_true(exclude_list_match(&l, "deep.md"));
	assert_true(exclude_list_match(&l, "p/q/deep.md"));
	assert_true(exclude_list_match(&l, "x/y.md"));
	assert_true(exclude_list_match(&l, "x/1/2/y.md"));
	assert_true(exclude_list_match(&l, "k/bar.md"));
	assert_false(exclude_list_match(&l, "k/baar.md"));
	assert_true(exclude_list_match(&l, "1B.md"));
	assert_false(exclude_list_match(&l, "1b.md"));
	exclude_list_release(&l);
}

static void test_negation(void **state)
{
	static const char *const patterns[] = {"drafts/*", "!drafts/keep.md",
					       "old/", "!old/back.md", NULL};
	struct exclude_list l = EXCLUDE_LIST_INIT;

	(void)state;
	S_list(&l, patterns);
	assert_true(exclude_list_match(&l, "drafts/x.md"));
	assert_false(exclude_list_match(&l, "drafts/keep.md"));
	/* Not re-included under an excluded folder, as in git. */
	assert_true(exclude_list_match(&l, "old/back.md"));
	exclude_list_release(&l);
}

static void test_hostile_patterns(void **state)
{
	struct exclude_list l = EXCLUDE_LIST_INIT;
	char path[4096];

	(void)state;
	exclude_list_add(&l, "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b");
	exclude_list_add(&l, "**/**/**/**/**/**/**/**/**/**/z");
	exclude_list_add(&l, "[unclosed");
	exclude_list_add(&l, "\\");
	memset(path, 'a', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	assert_false(exclude_list_match(&l, path));
	for (size_t i = 1; i < sizeof(path) - 1; i += 2)
		path[i] = '/';
	assert_false(exclude_list_match(&l, path));
	assert_false(exclude_list_match(&l, "[unclosed"));
	exclude_list_release(&l);
}

/* The one place that decides whether a path is a note. */
static void test_note_path(void **state)
{
	struct exclude_list l = EXCLUDE_LIST_INIT;

	(void)state;
	exclude_list_add(&l, "Templates/");
	assert_true(note_path_is_note("v/a.md", "v", &l));
	assert_false(note_path_is_note("v/Templates/a.md", "v", &l));
	/* Relative to the vault: the vault folder is no part of it. */
	exclude_list_add(&l, "/v/");
	assert_true(note_path_is_note("v/a.md", "v", &l));
	assert_false(note_path_is_note("Templates/a.md", "", &l));
	assert_true(note_path_is_note("Templates/a.md", "", NULL));
	assert_false(note_path_is_note("v/.obsidian/a.md", "v", NULL));
	exclude_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contract_examples),
		cmocka_unit_test(test_anchoring_and_stars),
		cmocka_unit_test(test_negation),
		cmocka_unit_test(test_hostile_patterns),
		cmocka_unit_test(test_note_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
