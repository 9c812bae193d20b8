/*
 * Unit tests for revs.c, the one parser of git's revision syntax: single
 * revisions, `^rev`, `a..b`, `a...b` with its merge base, empty sides as
 * HEAD, the ends of a range and the walk, on a small repository built here
 * with libgit2:
 *
 *   A --- B        main (HEAD)
 *    \
 *     C --- D      side
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "revs.h"
#include "util.h"

static struct thesis_repo repo = THESIS_REPO_INIT;
static git_oid A, B, C, D;
static char dir[] = "/tmp/test-revs-XXXXXX";

static void S_commit(git_oid *out, const char *ref, const char *text,
		     const git_oid *parent, long when)
{
	git_treebuilder *tb = NULL;
	git_signature *sig = NULL;
	git_commit *p = NULL;
	git_tree *tree = NULL;
	git_oid blob, tree_id;
	const git_commit *parents[1];

	assert_int_equal(git_blob_create_from_buffer(&blob, repo.repo, text,
						     strlen(text)),
			 0);
	assert_int_equal(git_treebuilder_new(&tb, repo.repo, NULL), 0);
	assert_int_equal(git_treebuilder_insert(NULL, tb, "n.md", &blob,
						GIT_FILEMODE_BLOB),
			 0);
	assert_int_equal(git_treebuilder_write(&tree_id, tb), 0);
	assert_int_equal(git_tree_lookup(&tree, repo.repo, &tree_id), 0);
	assert_int_equal(git_signature_new(&sig, "T", "t@example.com", when, 0),
			 0);
	if (parent)
		assert_int_equal(git_commit_lookup(&p, repo.repo, parent), 0);
	parents[0] = p;
	assert_int_equal(git_commit_create(out, repo.repo, ref, sig, sig, NULL,
					   text, tree, p ? 1 : 0, parents),
			 0);
	git_commit_free(p);
	git_tree_free(tree);
	git_signature_free(sig);
	git_treebuilder_free(tb);
}

static int S_setup(void **state)
{
	(void)state;
	git_libgit2_init();
	assert_non_null(mkdtemp(dir));
	assert_int_equal(git_repository_init(&repo.repo, dir, 0), 0);
	repo.vault = xstrdup("");
	S_commit(&A, NULL, "a", NULL, 1000);
	S_commit(&B, NULL, "b", &A, 2000);
	S_commit(&C, NULL, "c", &A, 3000);
	S_commit(&D, NULL, "d", &C, 4000);
	assert_int_equal(git_reference_create(NULL, repo.repo,
					      "refs/heads/main", &B, 1, NULL),
			 0);
	assert_int_equal(git_reference_create(NULL, repo.repo,
					      "refs/heads/side", &D, 1, NULL),
			 0);
	assert_int_equal(git_repository_set_head(repo.repo, "refs/heads/main"),
			 0);
	return 0;
}

static int S_teardown(void **state)
{
	char *cmd = xstrfmt("rm -rf '%s'", dir);

	(void)state;
	repo_release(&repo);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	git_libgit2_shutdown();
	return 0;
}

static void test_single(void **state)
{
	struct rev_spec s;

	(void)state;
	assert_int_equal(revs_parse(&s, &repo, "side"), 0);
	assert_int_equal(s.kind, REV_SINGLE);
	assert_false(s.negative);
	assert_true(git_oid_equal(&s.to, &D));
	assert_int_equal(revs_parse(&s, &repo, "side~1"), 0);
	assert_true(git_oid_equal(&s.to, &C));
	assert_int_equal(revs_parse(&s, &repo, "HEAD"), 0);
	assert_true(git_oid_equal(&s.to, &B));
}

static void test_negative(void **state)
{
	struct rev_spec s;

	(void)state;
	assert_int_equal(revs_parse(&s, &repo, "^main"), 0);
	assert_int_equal(s.kind, REV_SINGLE);
	assert_true(s.negative);
	assert_true(git_oid_equal(&s.to, &B));
	/* `^` before a range is no revision, as for git. */
	assert_int_equal(revs_parse(&s, &repo, "^main..side"), -1);
	assert_string_equal(error_pending(), "bad revision '^main..side'");
	error_clear();
}

static void test_range(void **state)
{
	struct rev_spec s;

	(void)state;
	assert_int_equal(revs_parse(&s, &repo, "main..side"), 0);
	assert_int_equal(s.kind, REV_RANGE);
	assert_true(git_oid_equal(&s.from, &B));
	assert_true(git_oid_equal(&s.to, &D));
	/* An empty side is HEAD. */
	assert_int_equal(revs_parse(&s, &repo, "side.."), 0);
	assert_true(git_oid_equal(&s.from, &D));
	assert_true(git_oid_equal(&s.to, &B));
}

static void test_symmetric(void **state)
{
	struct rev_spec s;

	(void)state;
	assert_int_equal(revs_parse(&s, &repo, "main...side"), 0);
	assert_int_equal(s.kind, REV_SYMMETRIC);
	assert_true(s.have_base);
	assert_true(git_oid_equal(&s.base, &A));
	assert_true(git_oid_equal(&s.from, &B));
	assert_true(git_oid_equal(&s.to, &D));
	assert_int_equal(revs_parse(&s, &repo, "...side"), 0);
	assert_true(git_oid_equal(&s.base, &A));
}

static void test_bad(void **state)
{
	struct rev_spec s;

	(void)state;
	assert_int_equal(revs_parse(&s, &repo, "nope"), -1);
	assert_string_equal(error_pending(), "bad revision 'nope'");
	error_clear();
	assert_int_equal(revs_parse(&s, &repo, "main...nope"), -1);
	assert_string_equal(error_pending(), "bad revision 'main...nope'");
	error_clear();
	assert_false(revs_is_revision(&repo, "nope"));
	assert_null(error_pending());
	assert_true(revs_is_revision(&repo, "^side"));
	assert_true(revs_is_revision(&repo, "A..B") == 0);
}

static void test_ends(void **state)
{
	struct strvec revs = STRVEC_INIT;
	struct rev_ends e;

	(void)state;
	/* No revision: HEAD, from the empty start. */
	assert_int_equal(revs_ends(&e, &repo, &revs), 0);
	assert_true(git_oid_equal(&e.tip, &B));
	assert_false(e.have_base);
	/* ^main side: the tip is side, the start their merge base. */
	strvec_push(&revs, "^main");
	strvec_push(&revs, "side");
	assert_int_equal(revs_ends(&e, &repo, &revs), 0);
	assert_true(git_oid_equal(&e.tip, &D));
	assert_true(e.have_base);
	assert_true(git_oid_equal(&e.base, &A));
	strvec_release(&revs);
	/* a..b and a...b agree on the ends. */
	strvec_push(&revs, "side..main");
	assert_int_equal(revs_ends(&e, &repo, &revs), 0);
	assert_true(git_oid_equal(&e.tip, &B));
	assert_true(git_oid_equal(&e.base, &A));
	strvec_release(&revs);
	strvec_push(&revs, "side...main");
	assert_int_equal(revs_ends(&e, &repo, &revs), 0);
	assert_true(git_oid_equal(&e.tip, &B));
	assert_true(git_oid_equal(&e.base, &A));
	strvec_release(&revs);
}

/* The commits a walk of `arg` gives, as a string of letters. */
static void S_walk(char *out, const char *arg, int reverse)
{
	struct rev_walk_opts o = REV_WALK_OPTS_INIT;
	struct strvec revs = STRVEC_INIT;
	const git_oid *ids[] = {&A, &B, &C, &D};
	git_revwalk *walk = NULL;
	git_oid oid;
	size_t i;

	o.reverse = reverse;
	if (arg)
		strvec_push(&revs, arg);
	assert_int_equal(revs_walk(&walk, &repo, &revs, &o), 0);
	while (!git_revwalk_next(&oid, walk))
		for (i = 0; i < 4; i++)
			if (git_oid_equal(&oid, ids[i]))
				*out++ = (char)('A' + i);
	*out = '\0';
	git_revwalk_free(walk);
	strvec_release(&revs);
}

static void test_walk(void **state)
{
	char got[8];

	(void)state;
	S_walk(got, NULL, 0);
	assert_string_equal(got, "BA");
	S_walk(got, "main..side", 0);
	assert_string_equal(got, "DC");
	S_walk(got, "main...side", 0);
	assert_string_equal(got, "DCB");
	S_walk(got, "main...side", 1);
	assert_string_equal(got, "BCD");
	S_walk(got, "^side", 0);
	assert_string_equal(got, "");
}

static void test_end_names(void **state)
{
	struct strvec revs = STRVEC_INIT;
	char *s;

	(void)state;
	s = revs_end_name("a..b", 0);
	assert_string_equal(s, "a");
	free(s);
	s = revs_end_name("a...b", 1);
	assert_string_equal(s, "b");
	free(s);
	s = revs_end_name("a..", 1);
	assert_string_equal(s, "HEAD");
	free(s);
	s = revs_end_name("^x", 1);
	assert_string_equal(s, "x");
	free(s);
	strvec_push(&revs, "side~1");
	strvec_push(&revs, "^main");
	s = revs_tip_name(&revs);
	assert_string_equal(s, "side~1");
	free(s);
	strvec_release(&revs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single), cmocka_unit_test(test_negative),
		cmocka_unit_test(test_range),  cmocka_unit_test(test_symmetric),
		cmocka_unit_test(test_bad),    cmocka_unit_test(test_ends),
		cmocka_unit_test(test_walk),   cmocka_unit_test(test_end_names),
	};

	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
