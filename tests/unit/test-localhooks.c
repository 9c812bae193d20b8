/*
 * Unit tests for localhooks.c: post-rewrite's input read as git writes it,
 * and the event index kept warm after a merge or a rewrite: the commits
 * that came in are recorded, within thesis.cache.warmLimit, and nothing is
 * done with caches off.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cachedir.h"
#include "eventindex.h"
#include "localhooks.h"
#include "strbuf.h"
#include "testrepo.h"

#define A "1111111111111111111111111111111111111111"
#define B "2222222222222222222222222222222222222222"
#define C "3333333333333333333333333333333333333333"

static void test_rewrite_lines(void **state)
{
	struct localhooks_rewrite rw = LOCALHOOKS_REWRITE_INIT;
	git_oid b;

	(void)state;
	localhooks_rewrite_add(&rw, A " " B "\n");
	localhooks_rewrite_add(&rw, "short line\n");
	assert_int_equal(rw.nr, 1);
	assert_int_equal(git_oid_fromstr(&b, B), 0);
	assert_true(git_oid_equal(&rw.rewritten[0], &b));
	/* Extra words after the pair; the last pair is the tip. */
	localhooks_rewrite_add(&rw, B " " C " extra\n");
	assert_int_equal(rw.nr, 2);
	assert_string_equal(rw.old_tip, B);
	assert_string_equal(rw.new_tip, C);
	/* A new id that is no id: the tip is kept, nothing to warm. */
	localhooks_rewrite_add(&rw,
			       A " zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n");
	assert_int_equal(rw.nr, 2);
	assert_string_equal(rw.old_tip, A);
	localhooks_rewrite_release(&rw);
	assert_int_equal(rw.nr, 0);
	assert_string_equal(rw.old_tip, "");
}

static struct testrepo t;
static git_oid ids[4];

static const struct testfile v0[] = {
	{"p/edge.md", "---\nposition: edge\nstatus: held\n---\n", 0},
	{NULL, NULL, 0},
};
static const struct testfile v1[] = {
	{"p/edge.md", "---\nposition: edge\nstatus: questioned\n---\n", 0},
	{NULL, NULL, 0},
};
static const struct testfile v2[] = {
	{"p/edge.md", "---\nposition: edge\nstatus: revised\n---\n", 0},
	{NULL, NULL, 0},
};
static const struct testfile v3[] = {
	{"p/edge.md", "---\nposition: edge\nstatus: retired\n---\n", 0},
	{NULL, NULL, 0},
};

/* Four commits in a line; ORIG_HEAD at the first, HEAD at the last. */
static int S_setup(void **state)
{
	git_reference *ref = NULL;

	(void)state;
	unsetenv("GIT_THESIS_NO_CACHE");
	unsetenv("GIT_THESIS_DEBUG_FULL");
	testrepo_init(&t, "");
	ids[0] = testrepo_commit(&t, "Declare edge", v0, 0, NULL);
	ids[1] = testrepo_commit(&t, "Question edge", v1, 1, &ids[0]);
	ids[2] = testrepo_commit(&t, "Revise edge", v2, 1, &ids[1]);
	ids[3] = testrepo_commit(&t, "Retire edge", v3, 1, &ids[2]);
	testrepo_check(git_reference_create(&ref, t.tr.repo, "ORIG_HEAD",
					    &ids[0], 1, NULL),
		       "ORIG_HEAD");
	git_reference_free(ref);
	return 0;
}

static int S_teardown(void **state)
{
	(void)state;
	unsetenv("GIT_THESIS_NO_CACHE");
	testrepo_release(&t);
	return 0;
}

/* Which of the four commits the index on file holds. */
static unsigned S_indexed(void)
{
	struct strbuf settings = STRBUF_INIT;
	struct eventindex *ix;
	unsigned mask = 0, i;

	repo_settings_key(&settings, &t.tr);
	ix = eventindex_open(&t.tr, settings.buf);
	assert_non_null(ix);
	for (i = 0; i < 4; i++) {
		struct event_list ev = EVENT_LIST_INIT;

		if (eventindex_get(&ev, ix, &ids[i], 0))
			mask |= 1u << i;
		event_list_release(&ev);
	}
	eventindex_free(ix);
	strbuf_release(&settings);
	return mask;
}

static void S_set_config(const char *key, const char *value)
{
	git_config *cfg = NULL;

	testrepo_check(git_repository_config(&cfg, t.tr.repo), "config");
	testrepo_check(git_config_set_string(cfg, key, value), key);
	git_config_free(cfg);
	git_config_free(t.tr.config);
	testrepo_check(git_repository_config_snapshot(&t.tr.config, t.tr.repo),
		       "snapshot");
}

static void S_warm_merge(struct localhooks_warm *out)
{
	struct localhooks lh;

	localhooks_init(&lh, &t.tr);
	localhooks_warm_merge(out, &lh);
	localhooks_release(&lh);
}

static void test_merge_warms_what_came_in(void **state)
{
	struct localhooks_warm w = LOCALHOOKS_WARM_INIT;

	(void)state;
	S_warm_merge(&w);
	assert_int_equal(w.commits, 3);
	assert_false(w.spent);
	assert_false(w.off);
	/* ORIG_HEAD itself was there before: not the merge's to warm. */
	assert_int_equal(S_indexed(), 0xe);
}

static void test_limit_keeps_the_newest(void **state)
{
	struct localhooks_warm w = LOCALHOOKS_WARM_INIT;

	(void)state;
	S_set_config("thesis.cache.warmLimit", "2");
	S_warm_merge(&w);
	assert_int_equal(w.commits, 2);
	assert_true(w.spent);
	assert_int_equal(S_indexed(), 0xc);
}

static void test_off_writes_nothing(void **state)
{
	struct localhooks_warm w = LOCALHOOKS_WARM_INIT;
	char *path = NULL;

	(void)state;
	setenv("GIT_THESIS_NO_CACHE", "1", 1);
	S_warm_merge(&w);
	assert_true(w.off);
	assert_int_equal(w.commits, 0);
	unsetenv("GIT_THESIS_NO_CACHE");
	cachedir_path(&path, &t.tr, ".events");
	assert_non_null(path);
	assert_int_equal(access(path, F_OK), -1);
	free(path);
	/* thesis.cache false, and a limit of 0, the same. */
	S_set_config("thesis.cache", "false");
	w = (struct localhooks_warm)LOCALHOOKS_WARM_INIT;
	S_warm_merge(&w);
	assert_true(w.off);
	S_set_config("thesis.cache", "true");
	S_set_config("thesis.cache.warmLimit", "0");
	w = (struct localhooks_warm)LOCALHOOKS_WARM_INIT;
	S_warm_merge(&w);
	assert_true(w.off);
	assert_int_equal(w.commits, 0);
	assert_int_equal(S_indexed(), 0);
}

/* One line of post-rewrite's input. */
static void S_line(char *out, const git_oid *old, const git_oid *new)
{
	char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];

	git_oid_tostr(a, sizeof(a), old);
	git_oid_tostr(b, sizeof(b), new);
	snprintf(out, 128, "%s %s\n", a, b);
}

static void test_rewrite_warms_the_new_commits(void **state)
{
	struct localhooks_warm w = LOCALHOOKS_WARM_INIT;
	struct localhooks_rewrite rw = LOCALHOOKS_REWRITE_INIT;
	struct localhooks lh;
	char line[128];

	(void)state;
	/* As if ids[2] and ids[3] replaced commits on top of ids[0]. */
	S_line(line, &ids[0], &ids[2]);
	localhooks_rewrite_add(&rw, line);
	S_line(line, &ids[1], &ids[3]);
	localhooks_rewrite_add(&rw, line);
	localhooks_init(&lh, &t.tr);
	localhooks_warm_rewrite(&w, &lh, &rw);
	localhooks_release(&lh);
	/* What the new commits reach that the old tip (ids[1]) did not. */
	assert_int_equal(w.commits, 2);
	assert_int_equal(S_indexed(), 0xc);
	localhooks_rewrite_release(&rw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rewrite_lines),
		cmocka_unit_test_setup_teardown(test_merge_warms_what_came_in,
						S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(test_limit_keeps_the_newest,
						S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(test_off_writes_nothing,
						S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(
			test_rewrite_warms_the_new_commits, S_setup,
			S_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
