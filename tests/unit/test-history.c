/*
 * Unit tests for the incremental walk (history.c) on small repositories
 * built with libgit2: the events of a root commit, a modification, a rename
 * through aliases, a moved note, a merge (contract section 6: only what
 * differs from every parent), a commit that changes what a name means for
 * notes it did not touch, and the incremental walk against the full one
 * (force_full), oldest first and newest first.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "history.h"
#include "strbuf.h"
#include "testrepo.h"

/* Events as one line each: `kind change target note field old new`. */
static char *S_events(const struct event_list *ev)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < ev->nr; i++) {
		const struct event *e = &ev->v[i];

		strbuf_addf(&sb, "%s %s %s %s %s %s %s\n",
			    event_kind_name(e->kind),
			    event_change_name(e->change),
			    e->target ? e->target : "-", e->note,
			    e->field ? e->field : "-",
			    e->old_value ? e->old_value : "-",
			    e->new_value ? e->new_value : "-");
	}
	return strbuf_detach(&sb, NULL);
}

/* The events of commit `oid`, as S_events() writes them. */
static char *S_commit_events(struct history *h, struct testrepo *t,
			     const git_oid *oid, int first_parent)
{
	struct event_list ev = EVENT_LIST_INIT;
	git_commit *c = testrepo_lookup(t, oid);
	char *s;

	assert_int_equal(history_commit_events(&ev, h, c, first_parent), 0);
	s = S_events(&ev);
	event_list_release(&ev);
	git_commit_free(c);
	return s;
}

static void S_expect(struct history *h, struct testrepo *t, const git_oid *oid,
		     int first_parent, const char *want)
{
	char *got = S_commit_events(h, t, oid, first_parent);

	assert_string_equal(got, want);
	free(got);
}

#define P_HELD "---\nposition: edge\ntitle: Edge first\nstatus: held\n---\n"
#define P_QUESTIONED \
	"---\nposition: edge\ntitle: Edge first\nstatus: questioned\n---\n"
#define R_STRONG                                         \
	"# Reading\n\n## Mapping against Edge first\n\n" \
	"Strong - the third datapoint.\n\nSee [[edge]].\n"

/* A root commit is compared with the empty tree: everything is added. */
static void test_root_commit_adds_everything(void **state)
{
	struct testrepo t;
	struct history h;
	const struct testfile f[] = {
		{"p.md", P_HELD, 0},
		{"r.md", R_STRONG, 0},
		{"README.txt", "not a note", 0},
		{NULL, NULL, 0},
	};
	git_oid c1;

	(void)state;
	testrepo_init(&t, "");
	c1 = testrepo_commit(&t, "Add edge\n", f, 0, NULL);
	history_init(&h, &t.tr);
	S_expect(&h, &t, &c1, 0,
		 "position added edge p.md - - held\n"
		 "mapping added edge r.md - - strong supports\n"
		 "mention added edge r.md - - -\n");
	history_release(&h);
	testrepo_release(&t);
}

/* A modified field is one `modified` event; a typo in prose none. */
static void test_modify_one_field(void **state)
{
	struct testrepo t;
	struct history h;
	const struct testfile f1[] = {
		{"p.md", P_HELD, 0}, {"r.md", R_STRONG, 0}, {NULL, NULL, 0}};
	const struct testfile f2[] = {{"p.md", P_QUESTIONED, 0},
				      {"r.md", R_STRONG, 0},
				      {NULL, NULL, 0}};
	const struct testfile f3[] = {
		{"p.md", P_QUESTIONED "\nA typo fixd.\n", 0},
		{"r.md", R_STRONG, 0},
		{".obsidian/app.md", "settings", 0},
		{NULL, NULL, 0}};
	git_oid c1, c2, c3;

	(void)state;
	testrepo_init(&t, "");
	c1 = testrepo_commit(&t, "one\n", f1, 0, NULL);
	c2 = testrepo_commit(&t, "two\n", f2, 1, &c1);
	c3 = testrepo_commit(&t, "three\n", f3, 1, &c2);
	history_init(&h, &t.tr);
	free(S_commit_events(&h, &t, &c1, 0));
	S_expect(&h, &t, &c2, 0,
		 "position modified edge p.md status held questioned\n");
	S_expect(&h, &t, &c3, 0, "");
	history_release(&h);
	testrepo_release(&t);
}

/*
 * A new id that lists the old one in `aliases` is one `renamed` event;
 * mappings that named it follow without events (contract section 3).
 */
static void test_rename_through_aliases(void **state)
{
	struct testrepo t;
	struct history h;
	const struct testfile f1[] = {
		{"p.md", "---\nposition: edge\nstatus: held\n---\n", 0},
		{"r.md", "---\nmaps: {edge: weak}\n---\n", 0},
		{NULL, NULL, 0}};
	const struct testfile f2[] = {
		{"p.md",
		 "---\nposition: edge-first\nstatus: questioned\n"
		 "aliases: [edge]\n---\n",
		 0},
		{"r.md", "---\nmaps: {edge: weak}\n---\n", 0},
		{NULL, NULL, 0}};
	git_oid c1, c2;

	(void)state;
	testrepo_init(&t, "");
	c1 = testrepo_commit(&t, "one\n", f1, 0, NULL);
	c2 = testrepo_commit(&t, "rename\n", f2, 1, &c1);
	history_init(&h, &t.tr);
	free(S_commit_events(&h, &t, &c1, 0));
	S_expect(&h, &t, &c2, 0,
		 "position renamed edge-first p.md - edge edge-first\n"
		 "position modified edge-first p.md status held questioned\n");
	history_release(&h);
	testrepo_release(&t);
}

/* A moved note holding a mapping is one `moved` event, nothing more. */
static void test_moved_note(void **state)
{
	struct testrepo t;
	struct history h;
	const struct testfile f1[] = {{"p.md", P_HELD, 0},
				      {"inbox/r.md", R_STRONG, 0},
				      {NULL, NULL, 0}};
	const struct testfile f2[] = {{"p.md", P_HELD, 0},
				      {"archive/reading.md", R_STRONG, 0},
				      {NULL, NULL, 0}};
	git_oid c1, c2;

	(void)state;
	testrepo_init(&t, "");
	c1 = testrepo_commit(&t, "one\n", f1, 0, NULL);
	c2 = testrepo_commit(&t, "move\n", f2, 1, &c1);
	history_init(&h, &t.tr);
	free(S_commit_events(&h, &t, &c1, 0));
	S_expect(&h, &t, &c2, 0,
		 "note moved - archive/reading.md - inbox/r.md "
		 "archive/reading.md\n");
	history_release(&h);
	testrepo_release(&t);
}

/*
 * A merge reports only what differs from every parent: changes made on
 * either side are reported where they were made; a fact that exists only
 * because of the merge (an alias from one side, a mapping that uses it
 * from the other) is reported at the merge.  With first_parent, the merge
 * is compared with its first parent alone.
 */
static void test_merge_reports_what_differs_from_every_parent(void **state)
{
	struct testrepo t;
	struct history h;
	const struct testfile base[] = {
		{"p.md", "---\nposition: edge\nstatus: held\n---\n", 0},
		{NULL, NULL, 0}};
	const struct testfile ours[] = {{"p.md",
					 "---\nposition: edge\nstatus: "
					 "questioned\naliases: [CF]\n---\n",
					 0},
					{NULL, NULL, 0}};
	const struct testfile theirs[] = {
		{"p.md", "---\nposition: edge\nstatus: held\n---\n", 0},
		{"r.md", "---\nmaps: {CF: strong}\n---\n", 0},
		{NULL, NULL, 0}};
	const struct testfile merged[] = {
		{"p.md",
		 "---\nposition: edge\nstatus: questioned\naliases: "
		 "[CF]\n---\n",
		 0},
		{"r.md", "---\nmaps: {CF: strong}\n---\n", 0},
		{NULL, NULL, 0}};
	git_oid c0, a, b, m[2], mc;

	(void)state;
	testrepo_init(&t, "");
	c0 = testrepo_commit(&t, "base\n", base, 0, NULL);
	a = testrepo_commit(&t, "ours\n", ours, 1, &c0);
	b = testrepo_commit(&t, "theirs\n", theirs, 1, &c0);
	m[0] = a;
	m[1] = b;
	mc = testrepo_commit(&t, "merge\n", merged, 2, m);
	history_init(&h, &t.tr);
	S_expect(&h, &t, &a, 0,
		 "position modified edge p.md status held questioned\n");
	S_expect(&h, &t, &b, 0, "mapping added cf r.md - - strong supports\n");
	/* Neither the status (from ours) nor r.md (from theirs) again. */
	S_expect(&h, &t, &mc, 0,
		 "mapping added edge r.md - - strong supports\n");
	S_expect(&h, &t, &mc, 1,
		 "mapping added edge r.md - - strong supports\n");
	history_release(&h);
	testrepo_release(&t);
}

/* First parent only: the merge brings in the other side's changes. */
static void test_merge_first_parent(void **state)
{
	struct testrepo t;
	struct history h;
	const struct testfile base[] = {{"p.md", P_HELD, 0}, {NULL, NULL, 0}};
	const struct testfile theirs[] = {{"p.md", P_QUESTIONED, 0},
					  {NULL, NULL, 0}};
	const struct testfile ours[] = {{"p.md", P_HELD, 0},
					{"x.txt", "unrelated", 0},
					{NULL, NULL, 0}};
	git_oid c0, a, b, m[2], mc;

	(void)state;
	testrepo_init(&t, "");
	c0 = testrepo_commit(&t, "base\n", base, 0, NULL);
	a = testrepo_commit(&t, "ours\n", ours, 1, &c0);
	b = testrepo_commit(&t, "theirs\n", theirs, 1, &c0);
	m[0] = a;
	m[1] = b;
	mc = testrepo_commit(&t, "merge\n", theirs, 2, m);
	history_init(&h, &t.tr);
	S_expect(&h, &t, &mc, 0, "");
	S_expect(&h, &t, &mc, 1,
		 "position modified edge p.md status held questioned\n");
	history_release(&h);
	testrepo_release(&t);
}

/*
 * A commit that declares a title re-resolves notes it did not touch: the
 * mapping that named it moves from the undeclared slug to the id.
 */
static void test_name_change_re_resolves_untouched_notes(void **state)
{
	struct testrepo t;
	struct history h;
	const struct testfile f1[] = {
		{"p.md", "---\nposition: rdc\n---\n", 0},
		{"r.md",
		 "## Mapping against Ray Data Co\n\nModerate - a datapoint.\n",
		 0},
		{NULL, NULL, 0}};
	const struct testfile f2[] = {
		{"p.md", "---\nposition: rdc\ntitle: Ray Data Co\n---\n", 0},
		{"r.md",
		 "## Mapping against Ray Data Co\n\nModerate - a datapoint.\n",
		 0},
		{NULL, NULL, 0}};
	git_oid c1, c2, c3;

	(void)state;
	testrepo_init(&t, "");
	c1 = testrepo_commit(&t, "one\n", f1, 0, NULL);
	c2 = testrepo_commit(&t, "title\n", f2, 1, &c1);
	c3 = testrepo_commit(&t, "untitle\n", f1, 1, &c2);
	history_init(&h, &t.tr);
	/* Events are ordered by target id. */
	S_expect(&h, &t, &c1, 0,
		 "mapping added ray-data-co r.md - - moderate supports\n"
		 "position added rdc p.md - - -\n");
	S_expect(&h, &t, &c2, 0,
		 "mapping removed ray-data-co r.md - moderate supports -\n"
		 "position modified rdc p.md title - Ray Data Co\n"
		 "mapping added rdc r.md - - moderate supports\n");
	S_expect(&h, &t, &c3, 0,
		 "mapping added ray-data-co r.md - - moderate supports\n"
		 "position modified rdc p.md title Ray Data Co -\n"
		 "mapping removed rdc r.md - moderate supports -\n");
	assert_true(h.full_steps >= 2);
	history_release(&h);
	testrepo_release(&t);
}

/* A commit that changes nothing in the vault is skipped unread. */
static void test_unchanged_vault_skipped(void **state)
{
	struct testrepo t;
	struct history h;
	const struct testfile f1[] = {{"notes/p.md", P_HELD, 0},
				      {"src/a.c", "a", 0},
				      {NULL, NULL, 0}};
	const struct testfile f2[] = {{"notes/p.md", P_HELD, 0},
				      {"src/a.c", "b", 0},
				      {NULL, NULL, 0}};
	git_oid c1, c2;

	(void)state;
	testrepo_init(&t, "notes");
	c1 = testrepo_commit(&t, "one\n", f1, 0, NULL);
	c2 = testrepo_commit(&t, "code\n", f2, 1, &c1);
	history_init(&h, &t.tr);
	S_expect(&h, &t, &c1, 0, "position added edge notes/p.md - - held\n");
	S_expect(&h, &t, &c2, 0, "");
	assert_int_equal(h.skipped, 1);
	history_release(&h);
	testrepo_release(&t);
}

/*
 * The incremental walk gives the events of the full one (every step
 * re-resolving and comparing the whole vault), walking oldest first or
 * newest first.
 */
static void test_incremental_matches_full(void **state)
{
	static const char *const versions[][4] = {
		{P_HELD, R_STRONG, NULL, NULL},
		{P_QUESTIONED, R_STRONG, "---\nthesis: rails\n---\n[[edge]]\n",
		 NULL},
		{"---\nposition: edge-first\naliases: [edge, Edge first]\n"
		 "status: revised\n---\n",
		 R_STRONG, "---\nthesis: rails\ntitle: Edge first\n---\n",
		 "## Mapping against rails\n\nWeak challenge.\n"},
		/* No name changes: only this note is re-resolved. */
		{"---\nposition: edge-first\naliases: [edge, Edge first]\n"
		 "status: revised\n---\n",
		 R_STRONG, "---\nthesis: rails\ntitle: Edge first\n---\n",
		 "## Mapping against rails\n\nModerate challenge.\n[[edge]]\n"},
		{"---\nposition: edge-first\naliases: [edge]\n---\n", NULL,
		 "---\nthesis: rails\ntitle: Edge first\n---\n",
		 "## Mapping against [[edge]]\n\nStrong.\n"},
		{NULL, R_STRONG, "---\nthesis: edge\n---\n", NULL},
	};
	static const char *const paths[] = {"p.md", "r.md", "t/rails.md",
					    "s.md"};
	size_t nv = sizeof(versions) / sizeof(versions[0]), i, k, mode;
	struct testrepo t;
	git_oid oids[8];
	char *want[8] = {NULL};

	(void)state;
	testrepo_init(&t, "");
	for (i = 0; i < nv; i++) {
		struct testfile f[5];
		size_t n = 0;

		for (k = 0; k < 4; k++)
			if (versions[i][k]) {
				f[n].path = paths[k];
				f[n].content = versions[i][k];
				f[n].mode = 0;
				n++;
			}
		f[n].path = NULL;
		oids[i] = testrepo_commit(&t, "step\n", f, i ? 1 : 0,
					  i ? &oids[i - 1] : NULL);
	}
	/* Mode 0: full, oldest first; 1: incremental oldest first; 2:
	 * incremental newest first. */
	for (mode = 0; mode < 3; mode++) {
		struct history h;

		history_init(&h, &t.tr);
		h.force_full = mode == 0;
		for (k = 0; k < nv; k++) {
			size_t idx = mode == 2 ? nv - 1 - k : k;
			char *got = S_commit_events(&h, &t, &oids[idx], 0);

			if (!mode) {
				want[idx] = got;
				continue;
			}
			assert_string_equal(got, want[idx]);
			free(got);
		}
		if (mode)
			assert_true(h.full_steps < h.steps);
		history_release(&h);
	}
	/* The walk saw something in every step. */
	for (i = 0; i < nv; i++) {
		assert_true(*want[i]);
		free(want[i]);
	}
	testrepo_release(&t);
}

/* A step to a tree the repository cannot read fails and leaks nothing. */
static void test_unreadable_tree_fails_cleanly(void **state)
{
	struct testrepo t;
	struct history h;
	struct event_list ev = EVENT_LIST_INIT;
	const struct testfile f[] = {{"p.md", P_HELD, 0}, {NULL, NULL, 0}};
	const struct testfile g[] = {
		{"b.md", R_STRONG, 0}, {"p.md", P_HELD, 0}, {NULL, NULL, 0}};
	git_tree *good, *bad;

	(void)state;
	testrepo_init(&t, "");
	good = testrepo_tree(&t, f);
	/* A readable change (b.md) before the unreadable folder. */
	bad = testrepo_tree_missing(&t, g, "zz");
	history_init(&h, &t.tr);
	assert_int_equal(history_diff_trees(&ev, &h, bad, NULL, good, NULL),
			 -1);
	assert_int_equal(history_goto_tree(&h, good, NULL), 0);
	assert_int_equal(history_diff_trees(&ev, &h, good, NULL, bad, NULL),
			 -1);
	assert_int_equal(ev.nr, 0);
	event_list_release(&ev);
	history_release(&h);
	git_tree_free(good);
	git_tree_free(bad);
	testrepo_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_commit_adds_everything),
		cmocka_unit_test(test_modify_one_field),
		cmocka_unit_test(test_rename_through_aliases),
		cmocka_unit_test(test_moved_note),
		cmocka_unit_test(
			test_merge_reports_what_differs_from_every_parent),
		cmocka_unit_test(test_merge_first_parent),
		cmocka_unit_test(test_name_change_re_resolves_untouched_notes),
		cmocka_unit_test(test_unchanged_vault_skipped),
		cmocka_unit_test(test_incremental_matches_full),
		cmocka_unit_test(test_unreadable_tree_fails_cleanly),
	};

	/* These test the walk itself: the event index would answer for it
	 * (test-eventindex.c tests the index). */
	setenv("GIT_THESIS_NO_CACHE", "1", 1);

	return cmocka_run_group_tests(tests, NULL, NULL);
}
