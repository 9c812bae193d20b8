#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "repo.h"
#include "strbuf.h"
#include "strvec.h"
#include "util.h"

char *repo_normalize_vault(const char *dir)
{
	struct strbuf sb = STRBUF_INIT;

	while (*dir == '/' || (dir[0] == '.' && dir[1] == '/'))
		dir += *dir == '/' ? 1 : 2;
	strbuf_addstr(&sb, dir);
	while (sb.len && sb.buf[sb.len - 1] == '/')
		strbuf_setlen(&sb, sb.len - 1);
	if (!strcmp(sb.buf, "."))
		strbuf_reset(&sb);
	return strbuf_detach(&sb, NULL);
}

int repo_open(struct thesis_repo *out, const char *vault_opt,
	      const struct strvec *exclude_opt)
{
	git_config *cfg = NULL;
	char *vault = NULL, *work_tree = NULL;
	struct strvec patterns = STRVEC_INIT;
	size_t i;
	int err;

	/*
	 * A NULL start path makes libgit2 read GIT_DIR, GIT_INDEX_FILE and
	 * the object directories of a hook's quarantine, as git does; it
	 * refuses GIT_WORK_TREE, so that one is applied by hand.
	 */
	if (getenv("GIT_WORK_TREE")) {
		work_tree = xstrdup(getenv("GIT_WORK_TREE"));
		unsetenv("GIT_WORK_TREE");
	}
	err = git_repository_open_ext(&out->repo, NULL,
				      GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	if (work_tree) {
		setenv("GIT_WORK_TREE", work_tree, 1);
		if (!err && git_repository_set_workdir(out->repo, work_tree,
						       0) < 0) {
			free(work_tree);
			error_set_git("cannot use GIT_WORK_TREE");
			goto fail;
		}
		free(work_tree);
	}
	if (err == GIT_ENOTFOUND && getenv("GIT_DIR"))
		return error_set("not a git repository: '%s'", getenv("GIT_DIR"));
	if (err == GIT_ENOTFOUND) {
		char cwd[4096];

		return error_set("not a git repository (or any of the parent "
			     "directories): %s",
			     getcwd(cwd, sizeof(cwd)) ? cwd : ".");
	}
	if (err < 0)
		return error_set_git("cannot open repository");
	if (git_repository_config_snapshot(&cfg, out->repo) < 0) {
		error_set_git("cannot read configuration");
		goto fail;
	}
	out->config = cfg;
	if (vault_opt)
		vault = xstrdup(vault_opt);
	else
		vault = repo_config_string(out, "thesis.vault");
	out->vault = repo_normalize_vault(vault ? vault : "");
	free(vault);
	repo_config_strvec(&patterns, out, "thesis.exclude");
	for (i = 0; exclude_opt && i < exclude_opt->nr; i++)
		strvec_push(&patterns, exclude_opt->v[i]);
	for (i = 0; i < patterns.nr; i++)
		exclude_list_add(&out->exclude, patterns.v[i]);
	strvec_release(&patterns);
	strvec_init(&out->context);
	repo_config_strvec(&out->context, out, "thesis.context");
	return 0;
fail:
	git_repository_free(out->repo);
	out->repo = NULL;
	return -1;
}

void repo_release(struct thesis_repo *r)
{
	git_config_free(r->config);
	git_repository_free(r->repo);
	free(r->vault);
	exclude_list_release(&r->exclude);
	strvec_release(&r->context);
	r->config = NULL;
	r->repo = NULL;
	r->vault = NULL;
}

/* Compares config keys: section and name case-insensitively. */
static int S_key_eq(const char *a, const char *b)
{
	const char *da = strchr(a, '.'), *la = strrchr(a, '.');
	const char *db = strchr(b, '.'), *lb = strrchr(b, '.');

	if (!da || !db || strlen(a) != strlen(b))
		return 0;
	if ((size_t)(da - a) != (size_t)(db - b) || strncasecmp(a, b, da - a))
		return 0;
	if (strcasecmp(la, lb))
		return 0;
	/* A subsection between the dots is case-sensitive. */
	return !strncmp(da, db, (size_t)(la - da));
}

/*
 * `git -c key=value thesis ...` passes settings in the environment: each
 * value of `key` there is pushed to `out`, oldest first.
 */
static void S_env_config_all(struct strvec *out, const char *key)
{
	const char *params = getenv("GIT_CONFIG_PARAMETERS");
	const char *count = getenv("GIT_CONFIG_COUNT");

	if (params) {
		const char *p = params;

		while (*p) {
			struct strbuf k = STRBUF_INIT, v = STRBUF_INIT;
			int has_value = 0;

			while (*p == ' ')
				p++;
			if (*p != '\'')
				break;
			for (p++; *p && *p != '\''; p++)
				strbuf_addch(&k, *p);
			if (*p)
				p++;
			if (*p == '=' && p[1] == '\'') {
				has_value = 1;
				for (p += 2; *p && *p != '\''; p++)
					strbuf_addch(&v, *p);
				if (*p)
					p++;
			} else if (strchr(k.buf, '=')) {
				/* Old style: 'key=value' in one quoted word. */
				char *eq = strchr(k.buf, '=');

				strbuf_addstr(&v, eq + 1);
				strbuf_setlen(&k, (size_t)(eq - k.buf));
				has_value = 1;
			}
			if (S_key_eq(k.buf, key))
				strvec_push(out, has_value ? v.buf : "true");
			strbuf_release(&k);
			strbuf_release(&v);
		}
	}
	if (count) {
		long n = strtol(count, NULL, 10), i;

		for (i = 0; i < n && i < 10000; i++) {
			char name[64];
			const char *k, *v;

			snprintf(name, sizeof(name), "GIT_CONFIG_KEY_%ld", i);
			k = getenv(name);
			snprintf(name, sizeof(name), "GIT_CONFIG_VALUE_%ld", i);
			v = getenv(name);
			if (k && v && S_key_eq(k, key))
				strvec_push(out, v);
		}
	}
}

/* The newest value in the environment wins.  NULL when absent. */
static char *S_env_config(const char *key)
{
	struct strvec all = STRVEC_INIT;
	char *res = NULL;

	S_env_config_all(&all, key);
	if (all.nr)
		res = xstrdup(all.v[all.nr - 1]);
	strvec_release(&all);
	return res;
}

void repo_config_strvec(struct strvec *out, const struct thesis_repo *r,
			const char *key)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;

	if (r->config &&
	    !git_config_multivar_iterator_new(&it, r->config, key, NULL)) {
		while (!git_config_next(&e, it))
			strvec_push(out, e->value ? e->value : "true");
		git_config_iterator_free(it);
	}
	git_error_clear();
	S_env_config_all(out, key);
}

char *repo_config_string(const struct thesis_repo *r, const char *key)
{
	git_buf buf = GIT_BUF_INIT;
	char *res = S_env_config(key);

	if (res)
		return res;
	if (r->config && !git_config_get_string_buf(&buf, r->config, key))
		res = xstrdup(buf.ptr);
	git_buf_dispose(&buf);
	git_error_clear();
	return res;
}

int repo_config_bool(const struct thesis_repo *r, const char *key, int def)
{
	char *env = S_env_config(key);
	int v;

	if (env) {
		v = git_config_parse_bool(&v, env) < 0 ? def : v;
		free(env);
		git_error_clear();
		return v;
	}
	if (r->config && !git_config_get_bool(&v, r->config, key))
		return v;
	git_error_clear();
	return def;
}

int repo_commit(git_commit **out, struct thesis_repo *r, const char *rev)
{
	git_object *obj = NULL;
	int err;

	err = git_revparse_single(&obj, r->repo, rev);
	if (err == GIT_ENOTFOUND && !strcmp(rev, "HEAD") &&
	    git_repository_head_unborn(r->repo) == 1)
		return error_set("HEAD: the current branch has no commits yet");
	if (err < 0)
		return error_set("bad revision '%s'", rev);
	err = git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (err < 0)
		return error_set("bad revision '%s': not a commit", rev);
	return 0;
}

int repo_tree(git_tree **out, git_commit **commit_out, struct thesis_repo *r,
	      const char *rev)
{
	git_commit *c = NULL;

	*out = NULL;
	if (commit_out)
		*commit_out = NULL;
	if (!rev)
		return 0;
	if (repo_commit(&c, r, rev) < 0)
		return -1;
	if (git_commit_tree(out, c) < 0) {
		git_commit_free(c);
		return error_set_git("%s: cannot read tree", rev);
	}
	if (commit_out)
		*commit_out = c;
	else
		git_commit_free(c);
	return 0;
}

int repo_vault_tree(git_tree **out, struct thesis_repo *r,
		    const git_tree *tree)
{
	git_tree_entry *entry = NULL;
	int err;

	*out = NULL;
	if (!*r->vault)
		return git_tree_dup(out, (git_tree *)tree) < 0 ? -1 : 0;
	err = git_tree_entry_bypath(&entry, tree, r->vault);
	if (err == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (err < 0)
		return error_set_git("cannot read vault folder '%s'", r->vault);
	if (git_tree_entry_type(entry) == GIT_OBJECT_TREE)
		err = git_tree_lookup(out, r->repo, git_tree_entry_id(entry));
	git_tree_entry_free(entry);
	if (err < 0)
		return error_set_git("cannot read vault folder '%s'", r->vault);
	return 0;
}

int repo_check_vault(struct thesis_repo *r, const git_tree *tree,
		     const char *where)
{
	git_tree_entry *e = NULL;
	int found, is_tree;

	if (!*r->vault)
		return 0;
	found = tree && !git_tree_entry_bypath(&e, tree, r->vault);
	is_tree = found && git_tree_entry_type(e) == GIT_OBJECT_TREE;
	git_tree_entry_free(e);
	git_error_clear();
	if (!found)
		return error_set("vault folder '%s' does not exist at %s",
				 r->vault, where);
	if (!is_tree)
		return error_set("vault folder '%s' is not a folder at %s",
				 r->vault, where);
	return 0;
}

void repo_short_id(char out[GIT_OID_HEXSZ + 1], const git_oid *oid)
{
	git_oid_tostr(out, 8, oid);
}

void repo_settings_key(struct strbuf *out, const struct thesis_repo *r)
{
	size_t i;

	strbuf_addf(out, "vault %s\n", r->vault);
	/* Another exclusion is another set of notes. */
	for (i = 0; i < r->exclude.nr; i++) {
		const struct exclude_pattern *x = &r->exclude.v[i];

		strbuf_addf(out, "exclude %d%d%d %s\n", x->negated,
			    x->dir_only, x->anchored, x->pattern);
	}
	/* Context names change how targets are listed, not events: kept
	 * in the key all the same, so no cached result can ever hide one. */
	for (i = 0; i < r->context.nr; i++)
		strbuf_addf(out, "context %s\n", r->context.v[i]);
}

const char *repo_state_name(int state)
{
	switch (state) {
	case GIT_REPOSITORY_STATE_MERGE:
		return "a merge";
	case GIT_REPOSITORY_STATE_REVERT:
	case GIT_REPOSITORY_STATE_REVERT_SEQUENCE:
		return "a revert";
	case GIT_REPOSITORY_STATE_CHERRYPICK:
	case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE:
		return "a cherry-pick";
	case GIT_REPOSITORY_STATE_BISECT:
		return "a bisect";
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
		return "a 'git am'";
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE:
		return "a rebase or 'git am'";
	default:
		return "a rebase";
	}
}
