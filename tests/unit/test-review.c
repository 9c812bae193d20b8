/*
 * Unit tests for review's engine (review.c) on small repositories built
 * with libgit2: what a range did to each target and the flags
 * held-despite-evidence, change-without-evidence and no-why-trailer.
 * `git thesis review` exits 1 exactly when review_build() counts a flag
 * (rv.flags_nr), so the counts checked here are its exit status.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "review.h"
#include "strvec.h"
#include "testrepo.h"

#define P_HELD "---\nposition: edge\nstatus: held\nconfidence: high\n---\n"
#define P_QUESTIONED \
	"---\nposition: edge\nstatus: questioned\nconfidence: medium\n---\n"
#define R_CHALLENGE                                            \
	"---\nmaps:\n  - target: edge\n    strength: strong\n" \
	"    effect: challenges\n---\n"
#define R_SUPPORT "---\nmaps: {edge: moderate}\n---\n"

struct fixture {
	struct testrepo t;
	struct history h;
	struct review rv;
	struct strvec revs;
	git_oid c[8];
	size_t nr;
};

static void S_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	testrepo_init(&f->t, "");
	strvec_init(&f->revs);
}

/* Commits `files` on top of the previous commit. */
static void S_commit(struct fixture *f, const char *message,
		     const struct testfile *files)
{
	f->c[f->nr] = testrepo_commit(&f->t, message, files, f->nr ? 1 : 0,
				      f->nr ? &f->c[f->nr - 1] : NULL);
	f->nr++;
}

/* Reviews the commits after the `from`th (all of them when from < 0). */
static void S_review(struct fixture *f, int from)
{
	char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];

	git_oid_tostr(b, sizeof(b), &f->c[f->nr - 1]);
	if (from >= 0) {
		git_oid_tostr(a, sizeof(a), &f->c[from]);
		strvec_push_nodup(&f->revs, xstrfmt("%s..%s", a, b));
	} else {
		strvec_push(&f->revs, b);
	}
	history_init(&f->h, &f->t.tr);
	assert_int_equal(review_build(&f->rv, &f->h, &f->revs), 0);
}

static void S_release(struct fixture *f)
{
	review_release(&f->rv);
	history_release(&f->h);
	strvec_release(&f->revs);
	testrepo_release(&f->t);
}

static const struct review_target *S_target(const struct fixture *f,
					    const char *id)
{
	size_t i;

	for (i = 0; i < f->rv.targets_nr; i++)
		if (!strcmp(f->rv.targets[i].id, id))
			return &f->rv.targets[i];
	fail_msg("no target %s in the review", id);
	return NULL;
}

static size_t S_flags(const struct review_target *t, const char *code)
{
	size_t i, n = 0;

	for (i = 0; i < t->flags_nr; i++)
		n += !strcmp(t->flags[i].code, code);
	return n;
}

/* Still held while the range turned the evidence score negative. */
static void test_held_despite_evidence(void **state)
{
	struct fixture f;
	const struct testfile f0[] = {{"p.md", P_HELD, 0}, {NULL, NULL, 0}};
	const struct testfile f1[] = {
		{"p.md", P_HELD, 0}, {"r.md", R_CHALLENGE, 0}, {NULL, NULL, 0}};
	const struct review_target *t;

	(void)state;
	S_init(&f);
	S_commit(&f, "Declare edge\n\nWhy: we run there.\n", f0);
	S_commit(&f, "Read a challenge\n", f1);
	S_review(&f, 0);
	assert_int_equal(f.rv.commits, 1);
	t = S_target(&f, "edge");
	assert_string_equal(t->kind, "position");
	assert_int_equal(t->before.score, 0);
	assert_int_equal(t->after.score, -3);
	assert_string_equal(t->status_before, "held");
	assert_string_equal(t->status_after, "held");
	assert_int_equal(S_flags(t, "held-despite-evidence"), 1);
	assert_int_equal(t->flags_nr, 1);
	assert_int_equal(f.rv.flags_nr, 1);
	S_release(&f);
}

/* A score already negative before the range is not news. */
static void test_held_already_negative_not_flagged(void **state)
{
	struct fixture f;
	const struct testfile f0[] = {
		{"p.md", P_HELD, 0}, {"r.md", R_CHALLENGE, 0}, {NULL, NULL, 0}};
	const struct testfile f1[] = {{"p.md", P_HELD, 0},
				      {"r.md", R_CHALLENGE, 0},
				      {"s.md", R_CHALLENGE, 0},
				      {NULL, NULL, 0}};
	const struct review_target *t;

	(void)state;
	S_init(&f);
	S_commit(&f, "Declare edge\n\nWhy: we run there.\n", f0);
	S_commit(&f, "Another challenge\n", f1);
	S_review(&f, 0);
	t = S_target(&f, "edge");
	assert_int_equal(t->before.score, -3);
	assert_int_equal(t->after.score, -6);
	assert_int_equal(S_flags(t, "held-despite-evidence"), 0);
	assert_int_equal(f.rv.flags_nr, 0);
	S_release(&f);
}

/* Status or confidence changed with no mapping added or changed. */
static void test_change_without_evidence(void **state)
{
	struct fixture f;
	const struct testfile f0[] = {{"p.md", P_HELD, 0}, {NULL, NULL, 0}};
	const struct testfile f1[] = {{"p.md", P_QUESTIONED, 0},
				      {NULL, NULL, 0}};
	const struct review_target *t;

	(void)state;
	S_init(&f);
	S_commit(&f, "Declare\n", f0);
	S_commit(&f, "Doubt the edge\n\nWhy: a hunch.\n", f1);
	S_review(&f, 0);
	t = S_target(&f, "edge");
	/* One flag for status, one for confidence, on that commit. */
	assert_int_equal(S_flags(t, "change-without-evidence"), 2);
	assert_non_null(t->flags[0].commit);
	assert_non_null(strstr(t->flags[0].message, "held -> questioned"));
	assert_int_equal(S_flags(t, "no-why-trailer"), 0);
	assert_int_equal(f.rv.flags_nr, 2);
	S_release(&f);
}

/* The same change with a mapping in the range is backed by evidence. */
static void test_change_with_evidence_not_flagged(void **state)
{
	struct fixture f;
	const struct testfile f0[] = {{"p.md", P_HELD, 0}, {NULL, NULL, 0}};
	const struct testfile f1[] = {
		{"p.md", P_HELD, 0}, {"r.md", R_SUPPORT, 0}, {NULL, NULL, 0}};
	const struct testfile f2[] = {{"p.md", P_QUESTIONED, 0},
				      {"r.md", R_SUPPORT, 0},
				      {NULL, NULL, 0}};
	const struct review_target *t;

	(void)state;
	S_init(&f);
	S_commit(&f, "Declare\n", f0);
	S_commit(&f, "Read\n", f1);
	S_commit(&f, "Doubt the edge\n\nWhy: the reading.\n", f2);
	S_review(&f, 0);
	t = S_target(&f, "edge");
	assert_int_equal(t->items_nr, 3);
	assert_string_equal(t->items[0].label, "added");
	assert_int_equal(S_flags(t, "change-without-evidence"), 0);
	assert_int_equal(t->flags_nr, 0);
	assert_int_equal(f.rv.flags_nr, 0);
	S_release(&f);
}

/* A commit changing a target without a `Why:` trailer, once per commit. */
static void test_no_why_trailer(void **state)
{
	struct fixture f;
	const struct testfile f0[] = {{"p.md", P_HELD, 0}, {NULL, NULL, 0}};
	const struct testfile f1[] = {{"p.md", P_QUESTIONED, 0},
				      {"r.md", R_SUPPORT, 0},
				      {NULL, NULL, 0}};
	const struct review_target *t;

	(void)state;
	S_init(&f);
	S_commit(&f, "Declare\n", f0);
	S_commit(&f, "Doubt the edge\n", f1);
	S_review(&f, 0);
	t = S_target(&f, "edge");
	assert_int_equal(S_flags(t, "no-why-trailer"), 1);
	assert_int_equal(t->flags_nr, 1);
	assert_non_null(t->flags[0].commit);
	assert_null(t->flags[0].commit->why);
	S_release(&f);
}

/* A range with no negative end starts from the empty vault. */
static void test_range_from_empty_vault(void **state)
{
	struct fixture f;
	const struct testfile f0[] = {{"p.md", P_HELD, 0}, {NULL, NULL, 0}};
	const struct review_target *t;

	(void)state;
	S_init(&f);
	S_commit(&f, "Declare edge\n\nWhy: we run there.\n", f0);
	S_review(&f, -1);
	assert_int_equal(f.rv.commits, 1);
	t = S_target(&f, "edge");
	assert_false(t->existed_before);
	assert_true(t->exists_after);
	assert_null(t->status_before);
	assert_string_equal(t->status_after, "held");
	assert_int_equal(f.rv.flags_nr, 0);
	S_release(&f);
}

/* Mapping events get labels a decision memo can show. */
static void test_mapping_labels(void **state)
{
	struct fixture f;
	const struct testfile f0[] = {{"p.md", P_HELD, 0}, {NULL, NULL, 0}};
	const struct testfile f1[] = {
		{"p.md", P_HELD, 0}, {"r.md", R_SUPPORT, 0}, {NULL, NULL, 0}};
	const struct testfile f2[] = {
		{"p.md", P_HELD, 0},
		{"r.md", "---\nmaps: {edge: weak}\n---\n", 0},
		{NULL, NULL, 0}};
	const struct testfile f3[] = {
		{"p.md", P_HELD, 0},
		{"r.md",
		 "---\nmaps:\n  - target: edge\n    strength: weak\n"
		 "    effect: challenging\n---\n",
		 0},
		{NULL, NULL, 0}};
	const struct testfile f4[] = {{"p.md", P_HELD, 0}, {NULL, NULL, 0}};
	const struct review_target *t;

	(void)state;
	S_init(&f);
	S_commit(&f, "Declare\n", f0);
	S_commit(&f, "Read\n", f1);
	S_commit(&f, "Less sure\n", f2);
	S_commit(&f, "Reverse\n", f3);
	S_commit(&f, "Drop\n", f4);
	S_review(&f, 0);
	assert_int_equal(f.rv.commits, 4);
	t = S_target(&f, "edge");
	assert_int_equal(t->items_nr, 4);
	assert_string_equal(t->items[0].label, "added");
	assert_string_equal(t->items[1].label, "re-weighted");
	assert_string_equal(t->items[2].label, "reversed");
	assert_string_equal(t->items[3].label, "removed");
	/* Oldest first, each with its commit. */
	assert_string_equal(t->items[0].commit->subject, "Read");
	assert_string_equal(t->items[3].commit->subject, "Drop");
	/* Mapping changes alone need no Why: trailer. */
	assert_int_equal(f.rv.flags_nr, 0);
	S_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_held_despite_evidence),
		cmocka_unit_test(test_held_already_negative_not_flagged),
		cmocka_unit_test(test_change_without_evidence),
		cmocka_unit_test(test_change_with_evidence_not_flagged),
		cmocka_unit_test(test_no_why_trailer),
		cmocka_unit_test(test_range_from_empty_vault),
		cmocka_unit_test(test_mapping_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
