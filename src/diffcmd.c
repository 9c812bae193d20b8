#include <stdlib.h>
#include <string.h>

#include "diffcmd.h"
#include "history.h"
#include "reader.h"
#include "revs.h"
#include "util.h"

/* The tree of a commit, checked to hold the vault; `where` names it. */
static int S_tree(git_tree **out, git_commit **commit_out,
		  struct thesis_repo *r, const git_oid *id, const char *where)
{
	git_commit *c = NULL;

	*out = NULL;
	if (git_commit_lookup(&c, r->repo, id) < 0 ||
	    git_commit_tree(out, c) < 0) {
		git_commit_free(c);
		return error_set_git("%s: cannot read tree", where);
	}
	if (commit_out)
		*commit_out = c;
	else
		git_commit_free(c);
	return 0;
}

/* Two commits: the trees to compare, from the arguments. */
static int S_ends(git_oid *a, git_oid *b, struct thesis_repo *r,
		  const struct diffcmd_opts *opts)
{
	struct rev_spec spec;

	if (opts->args_nr == 2) {
		if (revs_parse(&spec, r, opts->args[0]) < 0)
			return -1;
		git_oid_cpy(a, &spec.to);
		if (spec.kind != REV_SINGLE || spec.negative)
			return error_set("bad revision '%s'", opts->args[0]);
		if (revs_parse(&spec, r, opts->args[1]) < 0)
			return -1;
		if (spec.kind != REV_SINGLE || spec.negative)
			return error_set("bad revision '%s'", opts->args[1]);
		git_oid_cpy(b, &spec.to);
		return 0;
	}
	if (revs_parse(&spec, r, opts->args[0]) < 0)
		return -1;
	if (spec.kind == REV_SYMMETRIC && !spec.have_base)
		return revs_merge_base(a, r, &spec.from, &spec.to);
	git_oid_cpy(a, spec.kind == REV_SYMMETRIC ? &spec.base : &spec.from);
	git_oid_cpy(b, &spec.to);
	return 0;
}

static int S_two_commits(struct diffcmd_result *res, struct history *h,
			 struct thesis_repo *r, const struct diffcmd_opts *opts)
{
	git_tree *ta = NULL, *tb = NULL;
	git_commit *ca = NULL, *cb = NULL;
	git_oid a, b;
	char *a_name = revs_end_name(opts->args[0], 0);
	char *b_name = revs_end_name(opts->args[opts->args_nr - 1], 1);
	int err;

	err = S_ends(&a, &b, r, opts);
	if (!err)
		err = S_tree(&ta, &ca, r, &a, a_name);
	if (!err)
		err = S_tree(&tb, &cb, r, &b, b_name);
	/* The vault must exist at one end (it may be created in between). */
	if (!err && repo_check_vault(r, ta, a_name) < 0 &&
	    repo_check_vault(r, tb, b_name) < 0)
		err = -1;
	if (!err)
		error_clear();
	if (!err)
		err = history_diff_commits(&res->events, h, ca, cb);
	if (!err && cb)
		history_commit_info(&res->commit, cb);
	git_commit_free(ca);
	git_commit_free(cb);
	git_tree_free(ta);
	git_tree_free(tb);
	free(a_name);
	free(b_name);
	return err;
}

/* The vault folder must be in the index, or in `tree` when given. */
static int S_check_index_vault(struct thesis_repo *r, git_index *index,
			       const git_tree *tree)
{
	char *prefix;
	size_t pos;
	int found;

	if (!*r->vault)
		return 0;
	prefix = xstrfmt("%s/", r->vault);
	found = !git_index_find_prefix(&pos, index, prefix) ||
		(tree && !repo_check_vault(r, tree, "HEAD"));
	free(prefix);
	git_error_clear();
	error_clear();
	if (!found)
		return error_set("vault folder '%s' does not exist in the "
				 "index",
				 r->vault);
	return 0;
}

static int S_staged(struct diffcmd_result *res, struct history *h,
		    struct thesis_repo *r, const struct diffcmd_opts *opts)
{
	const char *rev = opts->args_nr ? opts->args[0] : "HEAD";
	git_tree *base = NULL;
	git_commit *bc = NULL;
	git_oid head;
	/* The index would be committed on top of HEAD: it carries from it. */
	int have_head = git_reference_name_to_id(&head, r->repo, "HEAD") == 0;
	int err = 0;

	git_index *index = NULL;

	if (opts->args_nr || git_repository_head_unborn(r->repo) != 1)
		err = repo_tree(&base, &bc, r, rev);
	if (!err && git_repository_index(&index, r->repo) < 0)
		err = error_set_git("cannot read the index");
	if (!err)
		err = S_check_index_vault(r, index, base);
	if (!err)
		err = history_diff_index(&res->events, h, bc,
					 have_head ? &head : NULL, NULL);
	git_index_free(index);
	git_tree_free(base);
	git_commit_free(bc);
	return err;
}

/* `rev` (or the index when NULL) against the tracked working tree. */
static int S_worktree(struct diffcmd_result *res, struct history *h,
		      struct thesis_repo *r, const char *rev)
{
	git_index *index = NULL;
	int err;

	if (git_repository_is_bare(r->repo))
		return error_set("diff %s the working tree; this repository "
				 "is bare (name two revisions, or use "
				 "--staged)",
				 rev ? "compares a revision with"
				     : "without revisions compares the index "
				       "with");
	if (git_repository_index(&index, r->repo) < 0)
		return error_set_git("cannot read the index");
	if (!rev && S_check_index_vault(r, index, NULL) < 0) {
		git_index_free(index);
		return -1;
	}
	h->reader.tracked = index;
	err = history_diff_sources(&res->events, h,
				   rev ? READ_TREE : READ_INDEX, rev,
				   READ_WORKTREE);
	h->reader.tracked = NULL;
	git_index_free(index);
	return err;
}

int diffcmd_run(struct diffcmd_result **out, struct thesis_repo *r,
		const struct diffcmd_opts *opts)
{
	struct diffcmd_result *res = xcalloc(1, sizeof(*res));
	struct history h;
	int err;

	*out = NULL;
	/* The command checks usage; this keeps other callers safe. */
	if (opts->args_nr > 2 || (opts->staged && opts->args_nr > 1)) {
		free(res);
		return error_set("diff takes at most two revisions");
	}
	history_init(&h, r);
	h.use_cache = 1;
	if (opts->args_nr == 2 ||
	    (opts->args_nr == 1 && strstr(opts->args[0], "..")))
		err = S_two_commits(res, &h, r, opts);
	else if (opts->staged)
		err = S_staged(res, &h, r, opts);
	else
		err = S_worktree(res, &h, r,
				 opts->args_nr ? opts->args[0] : NULL);
	history_release(&h);
	if (err) {
		if (!error_pending())
			error_set("cannot read the notes");
		diffcmd_result_free(res);
		return -1;
	}
	*out = res;
	return 0;
}

void diffcmd_result_free(struct diffcmd_result *res)
{
	if (!res)
		return;
	event_list_release(&res->events);
	commit_info_release(&res->commit);
	free(res);
}
