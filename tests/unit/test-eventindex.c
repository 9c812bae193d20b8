/*
 * Unit tests for the persistent event index (eventindex.c) and the cache
 * folder rules (cachedir.c): events come back exactly as put, in this run
 * and the next; a damaged record is a miss, never wrong events; settings
 * and the switches that turn caches off are honoured.
 */
#define _XOPEN_SOURCE 700
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cachedir.h"
#include "eventindex.h"
#include "events.h"
#include "repo.h"
#include "util.h"

static char tmpdir[] = "/tmp/test-eventindex-XXXXXX";
static struct thesis_repo repo = THESIS_REPO_INIT;

static int S_setup(void **state)
{
	char *cache;

	(void)state;
	assert_non_null(mkdtemp(tmpdir));
	git_libgit2_init();
	assert_int_equal(git_repository_init(&repo.repo, tmpdir, 0), 0);
	assert_int_equal(
		git_repository_config_snapshot(&repo.config, repo.repo), 0);
	repo.vault = xstrdup("");
	cache = xstrfmt("%s/cache", tmpdir);
	setenv("XDG_CACHE_HOME", cache, 1);
	unsetenv("GIT_THESIS_NO_CACHE");
	unsetenv("GIT_THESIS_DEBUG_FULL");
	free(cache);
	return 0;
}

static int S_teardown(void **state)
{
	char *cmd = xstrfmt("rm -rf '%s'", tmpdir);

	(void)state;
	repo_release(&repo);
	git_libgit2_shutdown();
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static void S_oid(git_oid *out, int n)
{
	char hex[GIT_OID_HEXSZ + 1];

	snprintf(hex, sizeof(hex), "%040x", n);
	assert_int_equal(git_oid_fromstr(out, hex), 0);
}

static const struct event sample[] = {
	{EVENT_POSITION, EVENT_MODIFIED, "hosting", "positions/hosting.md",
	 "status", "held", "questioned"},
	{EVENT_MAPPING, EVENT_ADDED, "hosting", "ref/amazon.md", NULL, NULL,
	 "strong challenges"},
	{EVENT_NOTE, EVENT_MOVED, NULL, "new/place.md", NULL, "old/place.md",
	 "new/place.md"},
};

static void S_assert_sample(const struct event_list *l, size_t from)
{
	size_t i;

	assert_int_equal(l->nr - from, ARRAY_SIZE(sample));
	for (i = 0; i < ARRAY_SIZE(sample); i++) {
		const struct event *a = &sample[i], *b = &l->v[from + i];

		assert_int_equal(a->kind, b->kind);
		assert_int_equal(a->change, b->change);
		assert_true(str_eq(a->target, b->target));
		assert_true(str_eq(a->note, b->note));
		assert_true(str_eq(a->field, b->field));
		assert_true(str_eq(a->old_value, b->old_value));
		assert_true(str_eq(a->new_value, b->new_value));
	}
	/* A field is the static name, so renderers can compare pointers. */
	assert_ptr_equal(l->v[from].field, event_field_intern("status"));
}

/* Events put come back in this run and, after a flush, in the next. */
static void test_round_trip(void **state)
{
	struct eventindex *ix = eventindex_open(&repo, "vault \n");
	struct event_list l = EVENT_LIST_INIT;
	git_oid a, b;

	(void)state;
	assert_non_null(ix);
	S_oid(&a, 1);
	S_oid(&b, 2);
	assert_int_equal(eventindex_get(&l, ix, &a, 0), 0);
	eventindex_put(ix, &a, 0, sample, ARRAY_SIZE(sample));
	eventindex_put(ix, &b, 0, NULL, 0); /* a commit with no events */
	assert_int_equal(eventindex_get(&l, ix, &a, 0), 1);
	S_assert_sample(&l, 0);
	eventindex_free(ix);

	ix = eventindex_open(&repo, "vault \n");
	event_list_release(&l);
	assert_int_equal(eventindex_get(&l, ix, &a, 0), 1);
	S_assert_sample(&l, 0);
	/* Found, with nothing to add: a commit that changed nothing. */
	assert_int_equal(eventindex_get(&l, ix, &b, 0), 1);
	assert_int_equal(l.nr, ARRAY_SIZE(sample));
	/* The first-parent comparison of a commit is another entry. */
	assert_int_equal(eventindex_get(&l, ix, &a, 1), 0);
	assert_int_equal(eventindex_hits(ix), 2);
	eventindex_free(ix);
	event_list_release(&l);
}

/* Other settings find nothing of these. */
static void test_settings(void **state)
{
	struct eventindex *ix = eventindex_open(&repo, "vault notes\n");
	struct event_list l = EVENT_LIST_INIT;
	git_oid a;

	(void)state;
	S_oid(&a, 1);
	assert_int_equal(eventindex_get(&l, ix, &a, 0), 0);
	eventindex_free(ix);
}

/* Every byte of a record is checked: one changed byte makes a miss. */
static void test_damage_is_a_miss(void **state)
{
	struct eventindex *ix = eventindex_open(&repo, "damage\n");
	struct event_list l = EVENT_LIST_INIT;
	char *cmd;
	git_oid a;

	(void)state;
	S_oid(&a, 7);
	eventindex_put(ix, &a, 0, sample, ARRAY_SIZE(sample));
	eventindex_free(ix);
	/* One letter of a value, lengths kept: only the checksum sees it. */
	cmd = xstrfmt("sed -i s/questioned/Questioned/ %s/cache/git-thesis/*",
		      tmpdir);
	assert_int_equal(system(cmd), 0);
	free(cmd);

	ix = eventindex_open(&repo, "damage\n");
	assert_int_equal(eventindex_get(&l, ix, &a, 0), 0);
	assert_int_equal(l.nr, 0);
	/* A miss still records: the next writer replaces the damage. */
	eventindex_put(ix, &a, 0, sample, 1);
	eventindex_free(ix);
	ix = eventindex_open(&repo, "damage\n");
	assert_int_equal(eventindex_get(&l, ix, &a, 0), 1);
	assert_int_equal(l.nr, 1);
	eventindex_free(ix);
	event_list_release(&l);
}

/* GIT_THESIS_NO_CACHE and the debug walk turn every cache off. */
static void test_switches(void **state)
{
	char *path = NULL;

	(void)state;
	setenv("GIT_THESIS_NO_CACHE", "0", 1);
	cachedir_path(&path, &repo, ".events");
	assert_null(path);
	assert_null(eventindex_open(&repo, "x"));
	unsetenv("GIT_THESIS_NO_CACHE");
	setenv("GIT_THESIS_DEBUG_FULL", "1", 1);
	cachedir_path(&path, &repo, ".events");
	assert_null(path);
	unsetenv("GIT_THESIS_DEBUG_FULL");
	cachedir_path(&path, &repo, ".events");
	assert_non_null(path);
	free(path);
}

/* A folder others may write to is refused. */
static void test_folder_rules(void **state)
{
	char *dir = xstrfmt("%s/shared", tmpdir);
	char *file = xstrfmt("%s/f.events", dir);

	(void)state;
	assert_int_equal(cachedir_prepare(file), 0);
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(cachedir_prepare(file), -1);
	assert_int_equal(cachedir_open(file, O_RDONLY), -1);
	assert_int_equal(chmod(dir, 0700), 0);
	assert_int_equal(cachedir_prepare(file), 0);
	free(dir);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_damage_is_a_miss),
		cmocka_unit_test(test_switches),
		cmocka_unit_test(test_folder_rules),
	};

	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
