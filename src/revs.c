#include <stdlib.h>
#include <string.h>

#include "revs.h"
#include "date.h"
#include "util.h"

int revs_is_revision(struct thesis_repo *r, const char *arg)
{
	git_revspec spec;

	if (*arg == '^')
		arg++;
	if (git_revparse(&spec, r->repo, arg) < 0) {
		git_error_clear();
		return 0;
	}
	git_object_free(spec.from);
	git_object_free(spec.to);
	return 1;
}

const char *revs_tip(const struct strvec *revs)
{
	size_t i;
	const char *tip = "HEAD";

	for (i = 0; i < revs->nr; i++) {
		const char *dots = strstr(revs->v[i], "..");

		if (revs->v[i][0] == '^')
			continue;
		if (!dots)
			tip = revs->v[i];
		else if (dots[2] == '.' ? dots[3] : dots[2])
			tip = NULL; /* caller resolves the range end */
	}
	return tip;
}

static int S_push_object(git_revwalk *walk, git_object *obj, int hide)
{
	git_object *commit = NULL;
	int err = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);

	if (!err)
		err = hide ? git_revwalk_hide(walk, git_object_id(commit))
			   : git_revwalk_push(walk, git_object_id(commit));
	git_object_free(commit);
	return err;
}

static int S_add(git_revwalk *walk, struct thesis_repo *r, const char *arg)
{
	int hide = *arg == '^';
	git_revspec spec;
	int err;

	if (git_revparse(&spec, r->repo, arg + hide) < 0)
		return error("bad revision '%s'", arg);
	if (spec.flags & GIT_REVSPEC_SINGLE) {
		err = S_push_object(walk, spec.from, hide);
	} else if (spec.flags & GIT_REVSPEC_MERGE_BASE) {
		git_oidarray bases = {0};
		size_t i;

		err = S_push_object(walk, spec.from, 0);
		if (!err)
			err = S_push_object(walk, spec.to, 0);
		if (!err && !git_merge_bases(&bases, r->repo,
					      git_object_id(spec.from),
					      git_object_id(spec.to))) {
			for (i = 0; i < bases.count && !err; i++)
				err = git_revwalk_hide(walk, &bases.ids[i]);
			git_oidarray_dispose(&bases);
		}
		git_error_clear();
	} else {
		err = S_push_object(walk, spec.from, 1);
		if (!err)
			err = S_push_object(walk, spec.to, 0);
	}
	git_object_free(spec.from);
	git_object_free(spec.to);
	if (err < 0)
		return error_git("bad revision '%s'", arg);
	return 0;
}

int revs_walk(git_revwalk **out, struct thesis_repo *r,
	      const struct strvec *revs, const struct rev_walk_opts *opts)
{
	git_revwalk *walk = NULL;
	/*
	 * git log's order: by date, parents never before their children.
	 * (Topological order alone keeps a branch together and saves ~10%
	 * of a walk's steps, but shows commits in an order git does not.)
	 */
	unsigned sort = GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME;
	size_t i;

	if (git_revwalk_new(&walk, r->repo) < 0)
		return error_git("cannot walk history");
	if (opts->reverse)
		sort |= GIT_SORT_REVERSE;
	git_revwalk_sorting(walk, sort);
	if (opts->first_parent)
		git_revwalk_simplify_first_parent(walk);
	if (opts->all) {
		if (git_revwalk_push_glob(walk, "refs/*") < 0)
			git_error_clear();
		if (git_revwalk_push_head(walk) < 0)
			git_error_clear();
	}
	for (i = 0; i < revs->nr; i++)
		if (S_add(walk, r, revs->v[i]) < 0)
			goto fail;
	if (!revs->nr && !opts->all && git_revwalk_push_head(walk) < 0) {
		if (git_repository_head_unborn(r->repo) == 1)
			error("HEAD: the current branch has no commits yet");
		else
			error_git("bad revision 'HEAD'");
		goto fail;
	}
	*out = walk;
	return 0;
fail:
	git_revwalk_free(walk);
	return -1;
}

int revs_as_of(char out[GIT_OID_HEXSZ + 1], struct thesis_repo *r,
	       const char *start, const char *as_of)
{
	git_commit *c = NULL;
	long long when;

	if (date_parse(&when, as_of) < 0)
		return -1;
	if (repo_commit(&c, r, start ? start : "HEAD") < 0)
		return -1;
	while (c && (long long)git_commit_time(c) > when) {
		git_commit *parent = NULL;

		if (git_commit_parentcount(c) == 0 ||
		    git_commit_parent(&parent, c, 0) < 0) {
			git_commit_free(c);
			git_error_clear();
			return error("no commit on the first-parent line of %s "
				     "is as old as '%s'",
				     start ? start : "HEAD", as_of);
		}
		git_commit_free(c);
		c = parent;
	}
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, git_commit_id(c));
	git_commit_free(c);
	return 0;
}
