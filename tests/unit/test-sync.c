/*
 * Unit tests for what sync does without a network: the lock (with real
 * processes), the commit subject, the classification of git's failures,
 * the conflict-marker check, and the broken-note filter on a repository
 * built here with libgit2.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "strbuf.h"
#include "sync.h"
#include "sync_engine.h"
#include "sync_lock.h"
#include "util.h"

static char tmpdir[256];

static int S_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test-sync-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int S_teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *S_path(const char *name)
{
	return xstrfmt("%s/%s", tmpdir, name);
}

static void S_write(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void S_sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* ---- conflict markers, message, subject ---------------------------------- */

static void test_conflict_markers(void **state)
{
	(void)state;
	assert_true(sync_has_conflict_markers("a\n<<<<<<< HEAD\nb\n", 16));
	assert_true(sync_has_conflict_markers(">>>>>>> theirs", 14));
	assert_true(sync_has_conflict_markers("x\r\n<<<<<<<\r\n", 14));
	assert_true(sync_has_conflict_markers("|||||||", 7));
	/* A setext heading underline and look-alikes are no markers. */
	assert_false(sync_has_conflict_markers("Title\n=======\n", 14));
	assert_false(sync_has_conflict_markers(" <<<<<<< x\n", 11));
	assert_false(sync_has_conflict_markers("<<<<<<<<\n", 9));
	assert_false(sync_has_conflict_markers("<<<<<<", 6));
}

static void test_expand_message(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const char *files[] = {"a.md", "b c.md"};
	struct sync_message_vars v = {"2 notes (a, b c)",
				      "host",
				      "2026-01-02T03:04:05+00:00",
				      "p status held -> revised",
				      files,
				      2,
				      2};

	(void)state;
	sync_expand_message(&sb, "%n from %h at %d: %f; %c 100%% %x%", &v);
	assert_string_equal(sb.buf,
			    "2 from host at 2026-01-02T03:04:05+00:00: a.md, "
			    "b c.md; p status held -> revised 100% %x%");
	strbuf_setlen(&sb, 0);
	sync_expand_message(&sb, SYNC_DEFAULT_MESSAGE, &v);
	assert_string_equal(sb.buf, "vault sync: 2 notes (a, b c)");
	strbuf_release(&sb);
}

static void S_describe(const char *want, const char *const *paths,
		       size_t paths_nr, const char *const *targets,
		       size_t targets_nr)
{
	struct strbuf sb = STRBUF_INIT;

	sync_describe(&sb, paths, paths_nr, targets, targets_nr);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_describe(void **state)
{
	const char *one[] = {"07-positions/cloudflare-first.md"};
	const char *mixed[] = {"a/chart.png", "daily/2026-12-05.md",
			       "reading.MD"};
	const char *five[] = {"a.md", "b.md", "c.md", "d.md", "e.md"};
	const char *files[] = {"x.png", "y.pdf"};
	const char *targets[] = {"cloudflare-first-hosting status",
				 "llm-commoditization added",
				 "rails-win renamed", "p4 stance"};

	(void)state;
	/* The plural is right, and targets beat note names. */
	S_describe("1 note (cloudflare-first-hosting status)", one, 1, targets,
		   1);
	S_describe("1 note (cloudflare-first)", one, 1, NULL, 0);
	/* Notes are counted apart from other files, named without .md. */
	S_describe("2 notes, 1 file (2026-12-05, reading)", mixed, 3, NULL, 0);
	/* At most three names, then how many more. */
	S_describe("5 notes (a, b, c +2 more)", five, 5, NULL, 0);
	S_describe("5 notes (cloudflare-first-hosting status, "
		   "llm-commoditization added, rails-win renamed +1 more)",
		   five, 5, targets, 4);
	/* Only files: they are named. */
	S_describe("2 files (x.png, y.pdf)", files, 2, NULL, 0);
	S_describe("0 files", NULL, 0, NULL, 0);
}

/* ---- classifying what git said --------------------------------------------
 */

static void test_classify(void **state)
{
	const char *gitdir = "/home/u/vault/.git/";

	(void)state;
	/* Writing here failed: a local failure, not the network. */
	assert_int_equal(sync_classify_failure("error: cannot open "
					       "'.git/FETCH_HEAD': Is a "
					       "directory\n",
					       gitdir),
			 SYNC_EXIT_LOCAL);
	assert_int_equal(
		sync_classify_failure(
			"error: insufficient permission for adding "
			"an object to repository database "
			".git/objects\nfatal: failed to write object\n",
			gitdir),
		SYNC_EXIT_LOCAL);
	assert_int_equal(
		sync_classify_failure("error: unable to create "
				      "'/home/u/vault/.git/refs/remotes/origin/"
				      "main.lock': Permission denied\n",
				      gitdir),
		SYNC_EXIT_LOCAL);
	assert_int_equal(sync_classify_failure("fatal: write error: No space "
					       "left on device\n",
					       gitdir),
			 SYNC_EXIT_LOCAL);
	/* The same words from the remote are the remote's refusal. */
	assert_int_equal(sync_classify_failure(
				 "remote: error: insufficient permission for "
				 "adding an object to repository database "
				 "./objects\n ! [remote rejected] main -> "
				 "main (unpacker error)\n",
				 gitdir),
			 SYNC_EXIT_NETWORK);
	/* ssh's "Permission denied" is authentication, not our disk. */
	assert_int_equal(sync_classify_failure("git@host: Permission denied "
					       "(publickey).\nfatal: Could "
					       "not read from remote "
					       "repository.\n",
					       gitdir),
			 SYNC_EXIT_NETWORK);
	/* Out of reach: try later. */
	assert_int_equal(sync_classify_failure("ssh: Could not resolve "
					       "hostname example.org: Name "
					       "or service not known\n",
					       gitdir),
			 SYNC_EXIT_PENDING);
	assert_int_equal(sync_classify_failure("fatal: '/mnt/usb/v.git' does "
					       "not appear to be a git "
					       "repository\n",
					       gitdir),
			 SYNC_EXIT_PENDING);
	assert_int_equal(
		sync_classify_failure("fatal: something else\n", gitdir),
		SYNC_EXIT_NETWORK);
}

/* ---- the lock -------------------------------------------------------------
 */

static void test_lock_busy_and_release(void **state)
{
	char *path = S_path("busy.lock");
	struct sync_lock lk = SYNC_LOCK_INIT;
	long owner = 0;
	pid_t pid;
	int status;

	(void)state;
	assert_int_equal(sync_lock_take(&lk, path), 0);
	assert_int_equal(lk.owner, 0);
	assert_true(sync_lock_busy(path, &owner));
	assert_int_equal(owner, (long)getpid());
	/* Another process cannot take it, and learns who holds it. */
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct sync_lock other = SYNC_LOCK_INIT;
		int r = sync_lock_take(&other, path);

		_exit(r == SYNC_LOCK_BUSY && other.owner == (long)getppid()
			      ? 0
			      : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* Released: the file is gone and the lock free. */
	sync_lock_release(&lk);
	assert_int_equal(access(path, F_OK), -1);
	assert_false(sync_lock_busy(path, &owner));
	assert_int_equal(sync_lock_take(&lk, path), 0);
	sync_lock_release(&lk);
	free(path);
}

static void test_lock_dies_with_its_holder(void **state)
{
	char *path = S_path("dead.lock");
	struct sync_lock lk = SYNC_LOCK_INIT;
	pid_t pid;
	int status;

	(void)state;
	/* A holder killed with the file left behind: no stale lock. */
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct sync_lock mine = SYNC_LOCK_INIT;

		if (sync_lock_take(&mine, path))
			_exit(1);
		_exit(0); /* no release: as if killed */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(access(path, F_OK), 0);
	assert_int_equal(sync_lock_take(&lk, path), 0);
	assert_int_equal(lk.owner, (long)pid);
	sync_lock_release(&lk);
	free(path);
}

static void test_lock_reused_pid(void **state)
{
	char *path = S_path("reused.lock");
	char *pid = xstrfmt("%ld\n", (long)getppid());
	struct sync_lock lk = SYNC_LOCK_INIT;

	(void)state;
	/* A live process's pid in the file, as a reused pid: no lock. */
	S_write(path, pid);
	assert_int_equal(sync_lock_take(&lk, path), 0);
	assert_int_equal(lk.owner, (long)getppid());
	sync_lock_release(&lk);
	free(pid);
	free(path);
}

/*
 * Many processes take and release one lock, starting from a stale file,
 * each checking that nobody else is inside while it holds it.
 */
static void test_lock_race(void **state)
{
	enum { PROCS = 12, ROUNDS = 4000, HOLDS = 40 };
	char *path = S_path("race.lock");
	char *inside = S_path("inside");
	pid_t pids[PROCS];
	int i, taken = 0;

	(void)state;
	S_write(path, "999999\n");
	for (i = 0; i < PROCS; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (!pids[i]) {
			int r, n = 0, bad = 0;

			/* No pause between tries: the window is narrow. */
			for (r = 0; r < ROUNDS && n < HOLDS && !bad; r++) {
				struct sync_lock lk = SYNC_LOCK_INIT;
				int fd;

				if (sync_lock_take(&lk, path))
					continue;
				n++;
				fd = open(inside, O_CREAT | O_EXCL | O_WRONLY,
					  0644);
				if (fd < 0)
					bad = 1;
				else
					close(fd);
				S_sleep_ms(r % 2);
				if (!bad)
					unlink(inside);
				sync_lock_release(&lk);
			}
			_exit(bad ? 255 : n);
		}
	}
	for (i = 0; i < PROCS; i++) {
		int status;

		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_not_equal(WEXITSTATUS(status), 255);
		taken += WEXITSTATUS(status);
	}
	assert_true(taken > 0);
	free(path);
	free(inside);
}

/* ---- the broken-note filter -------------------------------------------- */

struct S_repo {
	struct thesis_repo tr;
	struct sync_opts opts;
	struct sync_result res;
	struct sync_state s;
	char *dir;
};

static void S_commit_all(git_repository *r, const char *msg)
{
	git_index *idx = NULL;
	git_oid tree_oid, oid;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_commit *parent = NULL;
	git_oid head;
	int has_parent = !git_reference_name_to_id(&head, r, "HEAD");

	git_error_clear();
	assert_int_equal(git_repository_index(&idx, r), 0);
	assert_int_equal(git_index_add_all(idx, NULL, 0, NULL, NULL), 0);
	assert_int_equal(git_index_write(idx), 0);
	assert_int_equal(git_index_write_tree(&tree_oid, idx), 0);
	assert_int_equal(git_tree_lookup(&tree, r, &tree_oid), 0);
	assert_int_equal(git_signature_new(&sig, "T", "t@example.org", 1, 0),
			 0);
	if (has_parent)
		assert_int_equal(git_commit_lookup(&parent, r, &head), 0);
	assert_int_equal(git_commit_create(&oid, r, "HEAD", sig, sig, NULL, msg,
					   tree, has_parent ? 1 : 0,
					   (const git_commit **)&parent),
			 0);
	git_commit_free(parent);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(idx);
}

static void S_repo_open(struct S_repo *t, const char *name)
{
	git_repository *r = NULL;
	git_reference *head = NULL;

	memset(t, 0, sizeof(*t));
	t->dir = S_path(name);
	assert_int_equal(git_repository_init(&r, t->dir, 0), 0);
	t->tr.repo = r;
	t->tr.vault = xstrdup("");
	t->opts = (struct sync_opts)SYNC_OPTS_INIT;
	t->res = (struct sync_result)SYNC_RESULT_INIT;
	t->s.repo = &t->tr;
	t->s.r = r;
	t->s.o = &t->opts;
	t->s.res = &t->res;
	t->s.lock = (struct sync_lock)SYNC_LOCK_INIT;
	strvec_init(&t->s.excludes);
	strvec_init(&t->s.blocked);
	strvec_init(&t->s.held);
	assert_int_equal(git_reference_lookup(&head, r, "HEAD"), 0);
	t->s.branch_ref = xstrdup(git_reference_symbolic_target(head));
	git_reference_free(head);
}

static void S_repo_close(struct S_repo *t)
{
	free(t->s.branch_ref);
	strvec_release(&t->s.excludes);
	strvec_release(&t->s.blocked);
	strvec_release(&t->s.held);
	if (t->s.have_h)
		history_release(&t->s.h);
	sync_result_release(&t->res);
	git_config_free(t->tr.config);
	git_repository_free(t->tr.repo);
	free(t->tr.vault);
	free(t->dir);
}

static void S_file(struct S_repo *t, const char *name, const char *text)
{
	char *path = xstrfmt("%s/%s", t->dir, name);
	char *slash = strrchr(path, '/');

	*slash = '\0';
	mkdir(path, 0777);
	*slash = '/';
	S_write(path, text);
	free(path);
}

static int S_has_change(const struct sync_changes *ch, const char *path)
{
	size_t i;

	for (i = 0; i < ch->nr; i++)
		if (!strcmp(ch->v[i].path, path))
			return 1;
	return 0;
}

static const char S_p1[] = "---\nposition: p1\ntitle: One\nstatus: held\n"
			   "---\nBody.\n";
static const char S_p1_broken[] = "---\nposition: p1\ntitle: One\n"
				  "status: [held\n---\nBody.\n";

static void test_hold_broken(void **state)
{
	struct S_repo t;
	struct sync_changes ch = SYNC_CHANGES_INIT;

	(void)state;
	S_repo_open(&t, "broken");
	S_file(&t, "pos/p1.md", S_p1);
	S_file(&t, "notes/a.md", "# A\n");
	S_commit_all(t.s.r, "seed");
	/* A typo in p1, an edit to a, a new note b. */
	S_file(&t, "pos/p1.md", S_p1_broken);
	S_file(&t, "notes/a.md", "# A\n\nMore.\n");
	S_file(&t, "notes/b.md", "# B\n");
	assert_int_equal(sync_collect(&ch, &t.s), 0);
	assert_int_equal(ch.nr, 3);
	assert_int_equal(sync_hold_broken(&t.s, &ch), 0);
	/* Only the broken note is held, with its line and column. */
	assert_int_equal(ch.nr, 2);
	assert_true(S_has_change(&ch, "notes/a.md"));
	assert_true(S_has_change(&ch, "notes/b.md"));
	assert_false(S_has_change(&ch, "pos/p1.md"));
	assert_int_equal(t.res.held_nr, 1);
	assert_string_equal(t.res.held[0].path, "pos/p1.md");
	assert_int_equal(t.res.held[0].line, 5);
	assert_true(t.res.held[0].column > 0);
	assert_non_null(strstr(t.res.held[0].message, "flow sequence"));
	assert_int_equal(t.s.held.nr, 1);
	sync_changes_release(&ch);
	S_repo_close(&t);
}

static void test_hold_nothing_when_clean(void **state)
{
	struct S_repo t;
	struct sync_changes ch = SYNC_CHANGES_INIT;

	(void)state;
	S_repo_open(&t, "clean");
	S_file(&t, "pos/p1.md", S_p1);
	S_commit_all(t.s.r, "seed");
	S_file(&t, "pos/p1.md", "---\nposition: p1\nstatus: revised\n---\n");
	/* A warning (a status from the other vocabulary) holds nothing. */
	S_file(&t, "pos/t1.md", "---\nthesis: t1\nstatus: held\n---\n");
	assert_int_equal(sync_collect(&ch, &t.s), 0);
	assert_int_equal(sync_hold_broken(&t.s, &ch), 0);
	assert_int_equal(ch.nr, 2);
	assert_int_equal(t.res.held_nr, 0);
	assert_int_equal(t.res.msgs_nr, 0);
	sync_changes_release(&ch);
	S_repo_close(&t);
}

static void test_hold_duplicate_id(void **state)
{
	struct S_repo t;
	struct sync_changes ch = SYNC_CHANGES_INIT;

	(void)state;
	S_repo_open(&t, "dup");
	S_file(&t, "pos/p1.md", S_p1);
	S_commit_all(t.s.r, "seed");
	/* A new note declares p1 again: it is the one to hold back. */
	S_file(&t, "pos/again.md", "---\nposition: p1\nstatus: retired\n---\n");
	S_file(&t, "notes/c.md", "# C\n");
	assert_int_equal(sync_collect(&ch, &t.s), 0);
	assert_int_equal(sync_hold_broken(&t.s, &ch), 0);
	assert_int_equal(ch.nr, 1);
	assert_true(S_has_change(&ch, "notes/c.md"));
	assert_int_equal(t.res.held_nr, 1);
	assert_string_equal(t.res.held[0].path, "pos/again.md");
	sync_changes_release(&ch);
	S_repo_close(&t);
}

static void test_held_note_leaves_the_index(void **state)
{
	struct S_repo t;
	struct sync_changes ch = SYNC_CHANGES_INIT;
	git_index *idx = NULL;
	const git_index_entry *e;
	git_oid committed;
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;

	(void)state;
	setenv("GIT_AUTHOR_NAME", "T", 1);
	setenv("GIT_AUTHOR_EMAIL", "t@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "T", 1);
	setenv("GIT_COMMITTER_EMAIL", "t@example.org", 1);
	S_repo_open(&t, "index");
	S_file(&t, "pos/p1.md", S_p1);
	S_commit_all(t.s.r, "seed");
	/* The broken version staged, as `git add` would. */
	S_file(&t, "pos/p1.md", S_p1_broken);
	S_file(&t, "notes/d.md", "# D\n");
	assert_int_equal(git_repository_index(&idx, t.s.r), 0);
	assert_int_equal(git_index_add_bypath(idx, "pos/p1.md"), 0);
	assert_int_equal(git_index_write(idx), 0);
	assert_int_equal(sync_collect(&ch, &t.s), 0);
	assert_int_equal(sync_hold_broken(&t.s, &ch), 0);
	assert_int_equal(sync_commit(&t.s, &ch), 0);
	assert_non_null(t.res.commit);
	assert_string_equal(t.res.subject, "vault sync: 1 note (d)");
	/* The commit has d, and p1 as it was. */
	assert_int_equal(git_oid_fromstr(&committed, t.res.commit), 0);
	assert_int_equal(sync_tree_of(&tree, &t.s, &committed), 0);
	assert_int_equal(git_tree_entry_bypath(&te, tree, "notes/d.md"), 0);
	git_tree_entry_free(te);
	assert_int_equal(git_tree_entry_bypath(&te, tree, "pos/p1.md"), 0);
	/* The index holds HEAD's p1 again, not the broken one. */
	assert_int_equal(git_index_read(idx, 1), 0);
	e = git_index_get_bypath(idx, "pos/p1.md", 0);
	assert_non_null(e);
	assert_true(git_oid_equal(&e->id, git_tree_entry_id(te)));
	git_tree_entry_free(te);
	git_tree_free(tree);
	git_index_free(idx);
	sync_changes_release(&ch);
	S_repo_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conflict_markers),
		cmocka_unit_test(test_expand_message),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_lock_busy_and_release),
		cmocka_unit_test(test_lock_dies_with_its_holder),
		cmocka_unit_test(test_lock_reused_pid),
		cmocka_unit_test(test_lock_race),
		cmocka_unit_test(test_hold_broken),
		cmocka_unit_test(test_hold_nothing_when_clean),
		cmocka_unit_test(test_hold_duplicate_id),
		cmocka_unit_test(test_held_note_leaves_the_index),
	};
	int ret;

	git_libgit2_init();
	ret = cmocka_run_group_tests(tests, S_setup, S_teardown);
	git_libgit2_shutdown();
	return ret;
}
