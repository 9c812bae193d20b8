/*
 * Unit tests for report's engine (report.c) on small repositories built
 * with libgit2: it prints nothing, its failures come back as values with
 * their message (REPORT_ERROR for what `report` prints as `error:`, -1
 * for what it prints as `fatal:`), and a successful build tracks the
 * evidence score and the status the vault has at the tip.
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

#include "history.h"
#include "report.h"
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
	struct report r;
	struct report_opts opts;
	struct strvec revs, targets;
	git_oid c[8];
	size_t nr;
	char err[4096]; /* what report_build() wrote on stderr */
};

static void S_init(struct fixture *f)
{
	struct report_opts opts = REPORT_OPTS_INIT;
	struct report r = REPORT_INIT;

	memset(f, 0, sizeof(*f));
	testrepo_init(&f->t, "");
	strvec_init(&f->revs);
	strvec_init(&f->targets);
	f->opts = opts;
	f->r = r;
	f->opts.revs = &f->revs;
	f->opts.targets = &f->targets;
	error_clear();
}

/* Commits `files` on `parent` (the previous commit when < 0; none: -2). */
static void S_commit_on(struct fixture *f, int parent, const char *message,
			const struct testfile *files)
{
	const git_oid *p = NULL;

	if (parent == -1 && f->nr)
		p = &f->c[f->nr - 1];
	else if (parent >= 0)
		p = &f->c[parent];
	f->c[f->nr++] = testrepo_commit(&f->t, message, files, p ? 1 : 0, p);
}

static void S_commit(struct fixture *f, const char *message,
		     const struct testfile *files)
{
	S_commit_on(f, -1, message, files);
}

static void S_rev(struct fixture *f, size_t i)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), &f->c[i]);
	strvec_push(&f->revs, hex);
}

/* report_build() with stderr caught in f->err; returns what it returned. */
static int S_build(struct fixture *f)
{
	FILE *tmp = tmpfile();
	int saved, ret;
	size_t n;

	assert_non_null(tmp);
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0);
	assert_true(dup2(fileno(tmp), 2) >= 0);
	history_init(&f->h, &f->t.tr);
	ret = report_build(&f->r, &f->h, &f->opts);
	fflush(stderr);
	assert_true(dup2(saved, 2) >= 0);
	close(saved);
	rewind(tmp);
	n = fread(f->err, 1, sizeof(f->err) - 1, tmp);
	f->err[n] = '\0';
	fclose(tmp);
	return ret;
}

static void S_release(struct fixture *f)
{
	report_release(&f->r);
	history_release(&f->h);
	strvec_release(&f->revs);
	strvec_release(&f->targets);
	testrepo_release(&f->t);
	error_clear();
}

static const struct report_target *S_shown(const struct fixture *f,
					   const char *id)
{
	size_t i;

	for (i = 0; i < f->r.shown_nr; i++)
		if (!strcmp(f->r.shown[i]->id, id))
			return f->r.shown[i];
	fail_msg("no target %s shown", id);
	return NULL;
}

/* Two commits: edge declared held, then challenged strongly (-3). */
static void S_challenged(struct fixture *f)
{
	const struct testfile f0[] = {{"p.md", P_HELD, 0}, {NULL, NULL, 0}};
	const struct testfile f1[] = {
		{"p.md", P_HELD, 0}, {"r.md", R_CHALLENGE, 0}, {NULL, NULL, 0}};

	S_commit(f, "Declare edge\n", f0);
	S_commit(f, "Read a challenge\n", f1);
}

/* The score follows the mappings; the flag marks held with a negative one. */
static void test_score_and_flag(void **state)
{
	struct fixture f;
	const struct report_target *t;

	(void)state;
	S_init(&f);
	S_challenged(&f);
	assert_int_equal(S_build(&f), 0);
	assert_string_equal(f.err, "");
	assert_null(error_pending());
	assert_int_equal(f.r.commits, 2);
	assert_int_equal(f.r.mismatch.nr, 0);
	t = S_shown(&f, "edge");
	assert_string_equal(t->kind, "position");
	assert_string_equal(t->status, "held");
	assert_int_equal(t->score, -3);
	assert_int_equal(t->challenges, 1);
	assert_true(t->flag);
	S_release(&f);
}

/* A status change and a supporting mapping: the state at the tip. */
static void test_state_at_tip(void **state)
{
	struct fixture f;
	const struct testfile f2[] = {{"p.md", P_QUESTIONED, 0},
				      {"r.md", R_CHALLENGE, 0},
				      {"s.md", R_SUPPORT, 0},
				      {NULL, NULL, 0}};
	const struct report_target *t;

	(void)state;
	S_init(&f);
	S_challenged(&f);
	S_commit(&f, "Question edge, and a support\n", f2);
	assert_int_equal(S_build(&f), 0);
	assert_string_equal(f.err, "");
	assert_int_equal(f.r.mismatch.nr, 0);
	t = S_shown(&f, "edge");
	assert_string_equal(t->status, "questioned");
	assert_string_equal(t->confidence, "medium");
	assert_int_equal(t->score, -1);
	assert_int_equal(t->supports, 1);
	assert_false(t->flag);
	S_release(&f);
}

/* An unknown --target: REPORT_ERROR with its message, nothing printed. */
static void test_unknown_target(void **state)
{
	struct fixture f;

	(void)state;
	S_init(&f);
	S_challenged(&f);
	strvec_push(&f.targets, "nope");
	assert_int_equal(S_build(&f), REPORT_ERROR);
	assert_string_equal(f.err, "");
	assert_non_null(error_pending());
	assert_string_equal(error_pending(), "unknown target 'nope'");
	S_release(&f);
}

/* Two tips are not one line of first parents: REPORT_ERROR. */
static void test_two_lines(void **state)
{
	struct fixture f;
	const struct testfile side[] = {{"p.md", P_QUESTIONED, 0},
					{NULL, NULL, 0}};

	(void)state;
	S_init(&f);
	S_challenged(&f);
	S_commit_on(&f, 0, "Side\n", side);
	S_rev(&f, 1);
	S_rev(&f, 2);
	assert_int_equal(S_build(&f), REPORT_ERROR);
	assert_string_equal(f.err, "");
	assert_non_null(error_pending());
	assert_string_equal(error_pending(),
			    "the range has more than one line of first "
			    "parents; give one tip (e.g. main, or a..b)");
	S_release(&f);
}

/* --since after the tip and a bad revision: -1, printed as fatal. */
static void test_fatal_errors(void **state)
{
	struct fixture f;

	(void)state;
	S_init(&f);
	S_challenged(&f);
	f.opts.have_since = 1;
	f.opts.since = f.t.when + 86400;
	assert_int_equal(S_build(&f), -1);
	assert_string_equal(f.err, "");
	assert_non_null(error_pending());
	assert_string_equal(error_pending(),
			    "--since is after the last commit of the range "
			    "(2026-01-01): nothing to show");
	S_release(&f);

	S_init(&f);
	S_challenged(&f);
	strvec_push(&f.revs, "no-such-rev");
	assert_int_equal(S_build(&f), -1);
	assert_string_equal(f.err, "");
	assert_non_null(error_pending());
	assert_string_equal(error_pending(), "bad revision 'no-such-rev'");
	S_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score_and_flag),
		cmocka_unit_test(test_state_at_tip),
		cmocka_unit_test(test_unknown_target),
		cmocka_unit_test(test_two_lines),
		cmocka_unit_test(test_fatal_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
