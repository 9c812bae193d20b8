/*
 * Unit tests for hookinstall.c in a bare repository (server hooks by
 * default): each state of a hook, another tool's hook kept and given back
 * byte for byte, a second one refused without --force, a symlink never
 * replaced, the textconv driver set and taken away, a foreign driver left
 * alone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hookinstall.h"
#include "hookscript.h"
#include "strbuf.h"
#include "testrepo.h"

static struct testrepo t;
static char *hooks;

static int S_setup(void **state)
{
	(void)state;
	testrepo_init(&t, "");
	hooks = hooks_dir(&t.tr);
	mkdir(hooks, 0777);
	return 0;
}

static int S_teardown(void **state)
{
	(void)state;
	free(hooks);
	testrepo_release(&t);
	return 0;
}

/* The config snapshot again, after the engine wrote to the config. */
static void S_reread_config(void)
{
	git_config_free(t.tr.config);
	testrepo_check(git_repository_config_snapshot(&t.tr.config, t.tr.repo),
		       "config");
}

static char *S_path(const char *name)
{
	return xstrfmt("%s/%s", hooks, name);
}

static void S_write(const char *name, const char *text)
{
	char *path = S_path(name);
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(path);
}

static char *S_read(const char *name)
{
	char *path = S_path(name);
	struct strbuf sb = STRBUF_INIT;
	char buf[512];
	size_t n;
	FILE *fp = fopen(path, "rb");

	free(path);
	if (!fp)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	return strbuf_detach(&sb, NULL);
}

static enum hookinstall_state S_state(const char *name, int *chained)
{
	struct hookinstall_status st = HOOKINSTALL_STATUS_INIT;
	enum hookinstall_state ret = HOOKINSTALL_ABSENT;
	size_t i;

	assert_int_equal(hookinstall_status(&st, &t.tr), 0);
	for (i = 0; i < st.nr; i++)
		if (!strcmp(st.v[i].hook, name)) {
			ret = st.v[i].state;
			if (chained)
				*chained = st.v[i].chained;
		}
	hookinstall_status_release(&st);
	return ret;
}

static void S_run(struct hookinstall_result *res, int install, int force,
		  const char *name)
{
	struct hookinstall_opts o = HOOKINSTALL_OPTS_INIT;
	const char *names[1] = {name};

	o.force = force;
	o.hooks = name ? names : NULL;
	o.hooks_nr = name ? 1 : 0;
	hookinstall_result_release(res);
	if (install)
		assert_int_equal(hookinstall_install(res, &t.tr, &o), 0);
	else
		assert_int_equal(hookinstall_uninstall(res, &t.tr, &o), 0);
}

static void test_bare_gets_server_hooks(void **state)
{
	struct hookinstall_result res = HOOKINSTALL_RESULT_INIT;

	(void)state;
	assert_int_equal(S_state("pre-receive", NULL), HOOKINSTALL_ABSENT);
	S_run(&res, 1, 0, NULL);
	assert_int_equal(res.nr, 1);
	assert_int_equal(res.v[0].kind, HOOKINSTALL_INSTALLED);
	assert_string_equal(res.v[0].hook, "pre-receive");
	assert_false(res.failed);
	assert_int_equal(S_state("pre-receive", NULL), HOOKINSTALL_OURS);
	assert_int_equal(S_state("pre-commit", NULL), HOOKINSTALL_ABSENT);
	/* Twice: nothing written again. */
	S_run(&res, 1, 0, NULL);
	assert_int_equal(res.v[0].kind, HOOKINSTALL_ALREADY);
	/* Uninstall takes it away; named again, it says it is not there. */
	S_run(&res, 0, 0, NULL);
	assert_int_equal(res.v[0].kind, HOOKINSTALL_REMOVED);
	S_run(&res, 0, 0, "pre-receive");
	assert_int_equal(res.v[0].kind, HOOKINSTALL_NOT_INSTALLED);
	hookinstall_result_release(&res);
}

static void test_foreign_kept_and_given_back(void **state)
{
	static const char theirs[] = "#!/bin/sh\necho theirs\n";
	struct hookinstall_result res = HOOKINSTALL_RESULT_INIT;
	int chained = 0;
	char *text;

	(void)state;
	S_write("pre-commit", theirs);
	assert_int_equal(S_state("pre-commit", NULL), HOOKINSTALL_FOREIGN);
	S_run(&res, 1, 0, "pre-commit");
	assert_int_equal(res.nr, 2);
	assert_int_equal(res.v[0].kind, HOOKINSTALL_KEPT);
	assert_string_equal(res.v[0].arg, "pre-commit.thesis-chained");
	assert_int_equal(res.v[1].kind, HOOKINSTALL_INSTALLED_CHAINED);
	assert_int_equal(S_state("pre-commit", &chained), HOOKINSTALL_OURS);
	assert_true(chained);
	text = S_read("pre-commit.thesis-chained");
	assert_string_equal(text, theirs);
	free(text);
	S_run(&res, 0, 0, "pre-commit");
	assert_int_equal(res.v[0].kind, HOOKINSTALL_RESTORED);
	text = S_read("pre-commit");
	assert_string_equal(text, theirs);
	free(text);
	assert_null(S_read("pre-commit.thesis-chained"));
	/* Their hook is not ours to remove. */
	S_run(&res, 0, 0, "pre-commit");
	assert_int_equal(res.v[0].kind, HOOKINSTALL_LEFT_ALONE);
	hookinstall_result_release(&res);
}

static void test_second_foreign_needs_force(void **state)
{
	struct hookinstall_result res = HOOKINSTALL_RESULT_INIT;
	char *text;

	(void)state;
	S_write("commit-msg", "#!/bin/sh\necho first\n");
	S_write("commit-msg.thesis-chained", "#!/bin/sh\necho kept\n");
	S_run(&res, 1, 0, "commit-msg");
	assert_int_equal(res.nr, 1);
	assert_int_equal(res.v[0].kind, HOOKINSTALL_FAILED);
	assert_non_null(strstr(res.v[0].arg, "rerun with --force"));
	assert_true(res.failed);
	text = S_read("commit-msg");
	assert_string_equal(text, "#!/bin/sh\necho first\n");
	free(text);
	S_run(&res, 1, 1, "commit-msg");
	assert_false(res.failed);
	assert_int_equal(res.v[0].kind, HOOKINSTALL_KEPT);
	assert_string_equal(res.v[0].arg, "commit-msg.thesis-chained.1");
	text = S_read("commit-msg.thesis-chained.1");
	assert_string_equal(text, "#!/bin/sh\necho first\n");
	free(text);
	hookinstall_result_release(&res);
}

static void test_symlink_and_outdated(void **state)
{
	struct hookinstall_result res = HOOKINSTALL_RESULT_INIT;
	char *path = S_path("post-merge");

	(void)state;
	assert_int_equal(symlink("/nonexistent", path), 0);
	assert_int_equal(S_state("post-merge", NULL), HOOKINSTALL_FOREIGN);
	free(path);
	/* Our marker in another text: ours, of another version. */
	S_write("post-rewrite", "#!/bin/sh\n" HOOKS_MARKER ": post-rewrite\n");
	assert_int_equal(S_state("post-rewrite", NULL), HOOKINSTALL_OUTDATED);
	S_run(&res, 1, 0, "post-rewrite");
	assert_int_equal(res.nr, 1);
	assert_int_equal(res.v[0].kind, HOOKINSTALL_INSTALLED);
	assert_int_equal(S_state("post-rewrite", NULL), HOOKINSTALL_OURS);
	hookinstall_result_release(&res);
}

static void test_textconv(void **state)
{
	struct hookinstall_result res = HOOKINSTALL_RESULT_INIT;
	struct hookinstall_opts o = HOOKINSTALL_OPTS_INIT;
	const char *names[1] = {"pre-receive"};
	git_config *cfg = NULL;
	struct hookinstall_status st = HOOKINSTALL_STATUS_INIT;
	char *v;

	(void)state;
	o.textconv = 1;
	o.hooks = names;
	o.hooks_nr = 1;
	assert_int_equal(hookinstall_install(&res, &t.tr, &o), 0);
	assert_int_equal(res.v[res.nr - 1].kind, HOOKINSTALL_TEXTCONV_SET);
	S_reread_config();
	v = repo_config_string(&t.tr, "diff.thesis.textconv");
	assert_string_equal(v, HOOKINSTALL_TEXTCONV_COMMAND);
	free(v);
	hookinstall_status(&st, &t.tr);
	assert_true(st.textconv);
	hookinstall_status_release(&st);
	/* Uninstalling everything takes it away. */
	S_run(&res, 0, 0, NULL);
	S_reread_config();
	v = repo_config_string(&t.tr, "diff.thesis.textconv");
	assert_null(v);
	hookinstall_status(&st, &t.tr);
	assert_false(st.textconv);
	hookinstall_status_release(&st);
	/* Another tool's driver is left alone. */
	testrepo_check(git_repository_config(&cfg, t.tr.repo), "config");
	testrepo_check(
		git_config_set_string(cfg, "diff.thesis.textconv", "cat"),
		"set");
	git_config_free(cfg);
	S_reread_config();
	hookinstall_result_release(&res);
	assert_int_equal(hookinstall_install(&res, &t.tr, &o), 0);
	assert_int_equal(res.v[res.nr - 2].kind, HOOKINSTALL_TEXTCONV_OTHER);
	assert_string_equal(res.v[res.nr - 2].arg, "cat");
	S_reread_config();
	v = repo_config_string(&t.tr, "diff.thesis.textconv");
	assert_string_equal(v, "cat");
	free(v);
	hookinstall_result_release(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bare_gets_server_hooks,
						S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(
			test_foreign_kept_and_given_back, S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(test_second_foreign_needs_force,
						S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(test_symlink_and_outdated,
						S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(test_textconv, S_setup,
						S_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
