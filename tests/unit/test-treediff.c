/*
 * Unit tests for the tree diff of a vault's notes and rename pairing
 * (treediff.c), on small repositories built with libgit2: which files are
 * notes (contract section 1), and how a moved note is paired the way
 * `git log -M` pairs it (sections 4 and 6).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "testrepo.h"
#include "treediff.h"

/* Twenty lines of a note, the `n`th line changed when `n` is set. */
static char *S_long_note(int n)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	strbuf_addstr(&sb, "---\nposition: edge\nstatus: held\n---\n");
	for (i = 1; i <= 20; i++)
		strbuf_addf(&sb, "Line %d of the argument for the edge%s.\n", i,
			    i == n ? ", rewritten" : "");
	return strbuf_detach(&sb, NULL);
}

/* The changes from `a` to `b` (either NULL for the empty tree). */
static void S_diff(struct tree_changes *out, struct testrepo *t,
		   const struct testfile *a, const struct testfile *b)
{
	git_tree *ta = a ? testrepo_tree(t, a) : NULL;
	git_tree *tb = b ? testrepo_tree(t, b) : NULL;

	assert_int_equal(treediff_vault(out, t->tr.repo, ta, tb, t->tr.vault,
					 NULL),
			 0);
	git_tree_free(ta);
	git_tree_free(tb);
}

static const struct tree_change *
S_find(const struct tree_changes *c, const char *old_path, const char *new_path)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		if ((!old_path ? !c->v[i].old_path
			       : c->v[i].old_path &&
					 !strcmp(c->v[i].old_path, old_path)) &&
		    (!new_path ? !c->v[i].new_path
			       : c->v[i].new_path &&
					 !strcmp(c->v[i].new_path, new_path)))
			return &c->v[i];
	return NULL;
}

static void S_has(const struct tree_changes *c, enum tree_change_status st,
		  const char *old_path, const char *new_path)
{
	const struct tree_change *ch = S_find(c, old_path, new_path);

	if (!ch)
		fail_msg("no change %s -> %s", old_path ? old_path : "(none)",
			 new_path ? new_path : "(none)");
	assert_int_equal(ch->status, st);
}

/* Added, removed and modified notes, each once, by path. */
static void test_added_removed_modified(void **state)
{
	struct testrepo t;
	struct tree_changes c = TREE_CHANGES_INIT;
	const struct testfile a[] = {
		{"keep.md", "same", 0},
		{"mod.md", "---\nposition: a\nstatus: held\n---\n", 0},
		{"sub/gone.md", "Completely unrelated words about tea.", 0},
		{NULL, NULL, 0},
	};
	const struct testfile b[] = {
		{"keep.md", "same", 0},
		{"mod.md", "---\nposition: a\nstatus: retired\n---\n", 0},
		{"sub/new.md", "0123456789\n#######\n", 0},
		{NULL, NULL, 0},
	};

	(void)state;
	testrepo_init(&t, "");
	S_diff(&c, &t, a, b);
	assert_int_equal(c.nr, 3);
	S_has(&c, CHANGE_MODIFIED, "mod.md", "mod.md");
	S_has(&c, CHANGE_DELETED, "sub/gone.md", NULL);
	S_has(&c, CHANGE_ADDED, NULL, "sub/new.md");
	tree_changes_release(&c);
	/* From the empty tree everything is added; to it, removed. */
	S_diff(&c, &t, NULL, a);
	assert_int_equal(c.nr, 3);
	S_has(&c, CHANGE_ADDED, NULL, "keep.md");
	tree_changes_release(&c);
	S_diff(&c, &t, b, NULL);
	assert_int_equal(c.nr, 3);
	S_has(&c, CHANGE_DELETED, "sub/new.md", NULL);
	tree_changes_release(&c);
	testrepo_release(&t);
}

/* Only files ending in `.md` (any case) under the vault folder are notes. */
static void test_only_md_notes_under_vault(void **state)
{
	struct testrepo t;
	struct tree_changes c = TREE_CHANGES_INIT;
	const struct testfile b[] = {
		{"README.md", "outside the vault", 0},
		{"notes/a.md", "a", 0},
		{"notes/B.MD", "b", 0},
		{"notes/deep/c.Md", "c", 0},
		{"notes/d.markdown", "d", 0},
		{"notes/e.md.txt", "e", 0},
		{"notes/image.png", "f", 0},
		{"notesmore/x.md", "g", 0},
		{NULL, NULL, 0},
	};

	(void)state;
	testrepo_init(&t, "notes");
	S_diff(&c, &t, NULL, b);
	assert_int_equal(c.nr, 3);
	S_has(&c, CHANGE_ADDED, NULL, "notes/a.md");
	S_has(&c, CHANGE_ADDED, NULL, "notes/B.MD");
	S_has(&c, CHANGE_ADDED, NULL, "notes/deep/c.Md");
	tree_changes_release(&c);
	testrepo_release(&t);
}

/* Paths with a component starting with `.` are never notes. */
static void test_dot_folders_skipped(void **state)
{
	struct testrepo t;
	struct tree_changes c = TREE_CHANGES_INIT;
	const struct testfile b[] = {
		{".obsidian/workspace.md", "x", 0},
		{".trash/old.md", "x", 0},
		{".github/template.md", "x", 0},
		{"a/.hidden.md", "x", 0},
		{"a/.drafts/note.md", "x", 0},
		{"a/visible.md", "x", 0},
		{NULL, NULL, 0},
	};

	(void)state;
	testrepo_init(&t, "");
	S_diff(&c, &t, NULL, b);
	assert_int_equal(c.nr, 1);
	S_has(&c, CHANGE_ADDED, NULL, "a/visible.md");
	tree_changes_release(&c);
	testrepo_release(&t);
}

/* Symlinks and submodules are not notes, whatever their name. */
static void test_symlinks_and_submodules_skipped(void **state)
{
	struct testrepo t;
	struct tree_changes c = TREE_CHANGES_INIT;
	const struct testfile b[] = {
		{"link.md", "real.md", GIT_FILEMODE_LINK},
		{"module.md", NULL, GIT_FILEMODE_COMMIT},
		{"real.md", "x", 0},
		{"tool.md", "x", GIT_FILEMODE_BLOB_EXECUTABLE},
		{NULL, NULL, 0},
	};

	(void)state;
	testrepo_init(&t, "");
	S_diff(&c, &t, NULL, b);
	assert_int_equal(c.nr, 2);
	S_has(&c, CHANGE_ADDED, NULL, "real.md");
	S_has(&c, CHANGE_ADDED, NULL, "tool.md");
	tree_changes_release(&c);
	testrepo_release(&t);
}

/* A note moved with identical content is one rename, similarity 100. */
static void test_exact_rename_paired(void **state)
{
	struct testrepo t;
	struct tree_changes c = TREE_CHANGES_INIT;
	const struct testfile a[] = {
		{"inbox/reading.md", "Strong - evidence.", 0},
		{"other.md", "Unrelated text, nothing alike at all.", 0},
		{NULL, NULL, 0},
	};
	const struct testfile b[] = {
		{"archive/2026/reading-notes.md", "Strong - evidence.", 0},
		{"other.md", "Unrelated text, nothing alike at all.", 0},
		{NULL, NULL, 0},
	};

	(void)state;
	testrepo_init(&t, "");
	S_diff(&c, &t, a, b);
	assert_int_equal(c.nr, 1);
	S_has(&c, CHANGE_RENAMED, "inbox/reading.md",
	      "archive/2026/reading-notes.md");
	assert_int_equal(c.v[0].similarity, 100);
	tree_changes_release(&c);
	testrepo_release(&t);
}

/* A note moved and edited a little is a rename (50% similar or more). */
static void test_similar_rename_paired(void **state)
{
	struct testrepo t;
	struct tree_changes c = TREE_CHANGES_INIT;
	char *before = S_long_note(0), *after = S_long_note(7);
	const struct testfile a[] = {
		{"edge.md", before, 0},
		{NULL, NULL, 0},
	};
	const struct testfile b[] = {
		{"positions/edge-first.md", after, 0},
		{NULL, NULL, 0},
	};

	(void)state;
	testrepo_init(&t, "");
	S_diff(&c, &t, a, b);
	assert_int_equal(c.nr, 1);
	S_has(&c, CHANGE_RENAMED, "edge.md", "positions/edge-first.md");
	assert_true(c.v[0].similarity >= 50);
	assert_true(c.v[0].similarity < 100);
	tree_changes_release(&c);
	free(before);
	free(after);
	testrepo_release(&t);
}

/* A deletion and an unrelated addition stay two changes. */
static void test_dissimilar_not_paired(void **state)
{
	struct testrepo t;
	struct tree_changes c = TREE_CHANGES_INIT;
	char *before = S_long_note(0);
	const struct testfile a[] = {
		{"edge.md", before, 0},
		{NULL, NULL, 0},
	};
	const struct testfile b[] = {
		{"tea.md",
		 "# Tea\n\nOolong, sencha, assam; brewing times vary a lot.\n"
		 "Water at 80 degrees for green, boiling for black.\n",
		 0},
		{NULL, NULL, 0},
	};

	(void)state;
	testrepo_init(&t, "");
	S_diff(&c, &t, a, b);
	assert_int_equal(c.nr, 2);
	S_has(&c, CHANGE_DELETED, "edge.md", NULL);
	S_has(&c, CHANGE_ADDED, NULL, "tea.md");
	tree_changes_release(&c);
	free(before);
	testrepo_release(&t);
}

/*
 * Moving a note out of the vault, into a dot folder or to a name not
 * ending in `.md` removes it (contract section 6).
 */
static void test_move_out_of_vault_is_removal(void **state)
{
	struct testrepo t;
	struct tree_changes c = TREE_CHANGES_INIT;
	const struct testfile a[] = {
		{"vault/a.md", "note a", 0},
		{"vault/b.md", "note b, a different one", 0},
		{"vault/c.md", "note c, yet another text", 0},
		{NULL, NULL, 0},
	};
	const struct testfile b[] = {
		{"archive/a.md", "note a", 0},
		{"vault/.trash/b.md", "note b, a different one", 0},
		{"vault/c.txt", "note c, yet another text", 0},
		{NULL, NULL, 0},
	};

	(void)state;
	testrepo_init(&t, "vault");
	S_diff(&c, &t, a, b);
	assert_int_equal(c.nr, 3);
	S_has(&c, CHANGE_DELETED, "vault/a.md", NULL);
	S_has(&c, CHANGE_DELETED, "vault/b.md", NULL);
	S_has(&c, CHANGE_DELETED, "vault/c.md", NULL);
	tree_changes_release(&c);
	testrepo_release(&t);
}

/* Changes outside the vault folder are no change. */
static void test_changes_outside_vault_ignored(void **state)
{
	struct testrepo t;
	struct tree_changes c = TREE_CHANGES_INIT;
	const struct testfile a[] = {
		{"src/main.c", "int main;", 0},
		{"vault/a.md", "a", 0},
		{"vault/.obsidian/app.json", "{}", 0},
		{NULL, NULL, 0},
	};
	const struct testfile b[] = {
		{"src/main.c", "int main(void);", 0},
		{"vault/a.md", "a", 0},
		{"vault/.obsidian/app.json", "{\"x\": 1}", 0},
		{"vault/img.png", "png", 0},
		{NULL, NULL, 0},
	};
	git_tree *ta, *tb;

	(void)state;
	testrepo_init(&t, "vault");
	S_diff(&c, &t, a, b);
	assert_int_equal(c.nr, 0);
	ta = testrepo_tree(&t, a);
	tb = testrepo_tree(&t, b);
	/* The vault folder's id changed (dot folder, png): not unchanged. */
	assert_false(treediff_vault_unchanged(ta, tb, "vault"));
	assert_true(treediff_vault_unchanged(ta, ta, "vault"));
	assert_true(treediff_vault_unchanged(NULL, NULL, "vault"));
	assert_false(treediff_vault_unchanged(NULL, tb, "vault"));
	git_tree_free(ta);
	git_tree_free(tb);
	tree_changes_release(&c);
	testrepo_release(&t);
}

/* The index side: stage-0 notes compared with a tree, renames paired. */
static void test_index_against_tree(void **state)
{
	struct testrepo t;
	struct tree_changes c = TREE_CHANGES_INIT;
	const struct testfile a[] = {
		{"a.md", "first note, kept as is", 0},
		{"b.md", "second note, to be modified", 0},
		{"c.md", "third note, moved in the index", 0},
		{NULL, NULL, 0},
	};
	const struct testfile b[] = {
		{"a.md", "first note, kept as is", 0},
		{"b.md", "second note, modified", 0},
		{"moved/c.md", "third note, moved in the index", 0},
		{"new.md", "0123456789", 0},
		{".obsidian/x.md", "never a note", 0},
		{NULL, NULL, 0},
	};
	git_tree *ta, *tb;
	git_index *index = NULL;

	(void)state;
	testrepo_init(&t, "");
	ta = testrepo_tree(&t, a);
	tb = testrepo_tree(&t, b);
	assert_int_equal(git_index_new(&index), 0);
	assert_int_equal(git_index_read_tree(index, tb), 0);
	assert_int_equal(
		treediff_vault_index(&c, t.tr.repo, ta, index, "", NULL), 0);
	assert_int_equal(c.nr, 3);
	S_has(&c, CHANGE_MODIFIED, "b.md", "b.md");
	S_has(&c, CHANGE_RENAMED, "c.md", "moved/c.md");
	S_has(&c, CHANGE_ADDED, NULL, "new.md");
	git_index_free(index);
	git_tree_free(ta);
	git_tree_free(tb);
	tree_changes_release(&c);
	testrepo_release(&t);
}

/*
 * A folder the repository lacks is an error, not an empty folder; what was
 * found before it stays in `out` for the caller to release.
 */
static void test_unreadable_folder_fails(void **state)
{
	struct testrepo t;
	struct tree_changes c = TREE_CHANGES_INIT;
	const struct testfile a[] = {{"a.md", "a", 0}, {NULL, NULL, 0}};
	git_tree *tb;

	(void)state;
	testrepo_init(&t, "");
	tb = testrepo_tree_missing(&t, a, "zz");
	assert_int_equal(treediff_vault(&c, t.tr.repo, NULL, tb, "", NULL), -1);
	assert_int_equal(c.nr, 1);
	S_has(&c, CHANGE_ADDED, NULL, "a.md");
	tree_changes_release(&c);
	git_tree_free(tb);
	testrepo_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_added_removed_modified),
		cmocka_unit_test(test_only_md_notes_under_vault),
		cmocka_unit_test(test_dot_folders_skipped),
		cmocka_unit_test(test_symlinks_and_submodules_skipped),
		cmocka_unit_test(test_exact_rename_paired),
		cmocka_unit_test(test_similar_rename_paired),
		cmocka_unit_test(test_dissimilar_not_paired),
		cmocka_unit_test(test_move_out_of_vault_is_removal),
		cmocka_unit_test(test_changes_outside_vault_ignored),
		cmocka_unit_test(test_index_against_tree),
		cmocka_unit_test(test_unreadable_folder_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
