#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "repo.h"
#include "strbuf.h"
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

int repo_open(struct thesis_repo *out, const char *vault_opt)
{
	git_config *cfg = NULL;
	char *vault = NULL;
	int err;

	err = git_repository_open_ext(&out->repo, ".",
				      GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	if (err == GIT_ENOTFOUND) {
		char cwd[4096];

		return error("not a git repository (or any of the parent "
			     "directories): %s",
			     getcwd(cwd, sizeof(cwd)) ? cwd : ".");
	}
	if (err < 0)
		return error_git("cannot open repository");
	if (git_repository_config_snapshot(&cfg, out->repo) < 0) {
		error_git("cannot read configuration");
		goto fail;
	}
	out->config = cfg;
	if (vault_opt)
		vault = xstrdup(vault_opt);
	else
		vault = repo_config_string(out, "thesis.vault");
	out->vault = repo_normalize_vault(vault ? vault : "");
	free(vault);
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
	r->config = NULL;
	r->repo = NULL;
	r->vault = NULL;
}

char *repo_config_string(const struct thesis_repo *r, const char *key)
{
	git_buf buf = GIT_BUF_INIT;
	char *res = NULL;

	if (r->config && !git_config_get_string_buf(&buf, r->config, key))
		res = xstrdup(buf.ptr);
	git_buf_dispose(&buf);
	git_error_clear();
	return res;
}

int repo_config_bool(const struct thesis_repo *r, const char *key, int def)
{
	int v;

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
		return error("HEAD: the current branch has no commits yet");
	if (err < 0)
		return error("bad revision '%s'", rev);
	err = git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (err < 0)
		return error("bad revision '%s': not a commit", rev);
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
		return error_git("cannot read vault folder '%s'", r->vault);
	if (git_tree_entry_type(entry) == GIT_OBJECT_TREE)
		err = git_tree_lookup(out, r->repo, git_tree_entry_id(entry));
	git_tree_entry_free(entry);
	if (err < 0)
		return error_git("cannot read vault folder '%s'", r->vault);
	return 0;
}

void repo_short_id(char out[GIT_OID_HEXSZ + 1], const git_oid *oid)
{
	git_oid_tostr(out, 8, oid);
}
