#include <stdlib.h>
#include <string.h>

#include "revs.h"
#include "date.h"
#include "util.h"

/* The commit an object peels to. */
static int S_peel(git_oid *out, git_object *obj)
{
	git_object *commit = NULL;

	if (!obj || git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0)
		return -1;
	git_oid_cpy(out, git_object_id(commit));
	git_object_free(commit);
	return 0;
}

int revs_parse(struct rev_spec *out, struct thesis_repo *r, const char *arg)
{
	git_revspec spec;
	const char *name = arg;
	int err = 0;

	memset(out, 0, sizeof(*out));
	memset(&spec, 0, sizeof(spec));
	out->negative = *arg == '^';
	name += out->negative;
	if (!*name || git_revparse(&spec, r->repo, name) < 0) {
		/* libgit2 keeps a range's good end when the other fails. */
		git_object_free(spec.from);
		git_object_free(spec.to);
		git_error_clear();
		return error_set("bad revision '%s'", arg);
	}
	if (spec.flags & GIT_REVSPEC_SINGLE) {
		out->kind = REV_SINGLE;
		err = S_peel(&out->to, spec.from);
	} else {
		out->kind = spec.flags & GIT_REVSPEC_MERGE_BASE ? REV_SYMMETRIC
								: REV_RANGE;
		err = out->negative || S_peel(&out->from, spec.from) < 0 ||
		      S_peel(&out->to, spec.to) < 0;
	}
	git_object_free(spec.from);
	git_object_free(spec.to);
	git_error_clear();
	if (err)
		return error_set("bad revision '%s'", arg);
	if (out->kind == REV_SYMMETRIC)
		out->have_base =
			!revs_merge_base(&out->base, r, &out->from, &out->to);
	error_clear();
	return 0;
}

char *revs_end_name(const char *arg, int right)
{
	const char *dots = strstr(arg, "..");
	const char *end;

	if (*arg == '^')
		arg++;
	if (!dots)
		return xstrdup(arg);
	if (!right)
		return dots == arg ? xstrdup("HEAD")
				   : xstrndup(arg, (size_t)(dots - arg));
	end = dots + (dots[2] == '.' ? 3 : 2);
	return xstrdup(*end ? end : "HEAD");
}

char *revs_tip_name(const struct strvec *revs)
{
	size_t i = revs->nr;

	while (i--)
		if (revs->v[i][0] != '^')
			return revs_end_name(revs->v[i], 1);
	return xstrdup("HEAD");
}

int revs_is_revision(struct thesis_repo *r, const char *arg)
{
	struct rev_spec spec;
	int ok = !revs_parse(&spec, r, arg);

	error_clear();
	return ok;
}

int revs_resolve(git_oid *out, struct thesis_repo *r, const char *rev)
{
	git_object *obj = NULL;

	if (git_revparse_single(&obj, r->repo, rev) < 0) {
		git_error_clear();
		return error_set("bad revision '%s'", rev);
	}
	git_oid_cpy(out, git_object_id(obj));
	git_object_free(obj);
	return 0;
}

int revs_merge_base(git_oid *out, struct thesis_repo *r, const git_oid *a,
		    const git_oid *b)
{
	if (git_merge_base(out, r->repo, a, b) < 0) {
		char ha[GIT_OID_HEXSZ + 1], hb[GIT_OID_HEXSZ + 1];

		git_error_clear();
		git_oid_tostr(ha, sizeof(ha), a);
		git_oid_tostr(hb, sizeof(hb), b);
		return error_set("%s and %s have no merge base", ha, hb);
	}
	return 0;
}

static int S_head(git_oid *out, struct thesis_repo *r)
{
	if (git_reference_name_to_id(out, r->repo, "HEAD") < 0) {
		int unborn = git_repository_head_unborn(r->repo) == 1;

		if (unborn) {
			git_error_clear();
			return error_set("HEAD: the current branch has no "
					 "commits yet");
		}
		return error_set_git("bad revision 'HEAD'");
	}
	return 0;
}

int revs_ends(struct rev_ends *out, struct thesis_repo *r,
	      const struct strvec *revs)
{
	git_oid neg;
	int have_tip = 0, have_neg = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < revs->nr; i++) {
		struct rev_spec spec;

		if (revs_parse(&spec, r, revs->v[i]) < 0)
			return -1;
		if (spec.kind == REV_SINGLE && spec.negative) {
			git_oid_cpy(&neg, &spec.to);
			have_neg = 1;
			continue;
		}
		git_oid_cpy(&out->tip, &spec.to);
		have_tip = 1;
		if (spec.kind != REV_SINGLE) {
			git_oid_cpy(&neg, &spec.from);
			have_neg = 1;
		}
	}
	if (!have_tip && S_head(&out->tip, r) < 0)
		return -1;
	if (have_neg) {
		out->have_base =
			!revs_merge_base(&out->base, r, &neg, &out->tip);
		error_clear();
	}
	return 0;
}

static int S_walk_add(git_revwalk *walk, struct thesis_repo *r, const char *arg)
{
	struct rev_spec spec;
	int err;

	if (revs_parse(&spec, r, arg) < 0)
		return -1;
	if (spec.kind == REV_SINGLE)
		err = spec.negative ? git_revwalk_hide(walk, &spec.to)
				    : git_revwalk_push(walk, &spec.to);
	else if (spec.kind == REV_RANGE)
		err = git_revwalk_hide(walk, &spec.from) < 0 ||
		      git_revwalk_push(walk, &spec.to) < 0;
	else {
		/* a...b: what either has that the other lacks. */
		git_oidarray bases = {0};
		size_t i;

		err = git_revwalk_push(walk, &spec.from) < 0 ||
		      git_revwalk_push(walk, &spec.to) < 0;
		if (!err &&
		    !git_merge_bases(&bases, r->repo, &spec.from, &spec.to)) {
			for (i = 0; i < bases.count && !err; i++)
				err = git_revwalk_hide(walk, &bases.ids[i]);
			git_oidarray_dispose(&bases);
		}
	}
	git_error_clear();
	if (err)
		return error_set("bad revision '%s'", arg);
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
	git_oid head;
	size_t i;

	if (git_revwalk_new(&walk, r->repo) < 0)
		return error_set_git("cannot walk history");
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
		if (S_walk_add(walk, r, revs->v[i]) < 0)
			goto fail;
	if (!revs->nr && !opts->all &&
	    (S_head(&head, r) < 0 || git_revwalk_push(walk, &head) < 0))
		goto fail;
	*out = walk;
	return 0;
fail:
	if (!error_pending())
		error_set_git("cannot walk history");
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
			return error_set("no commit on the first-parent line "
					 "of %s is as old as '%s'",
					 start ? start : "HEAD", as_of);
		}
		git_commit_free(c);
		c = parent;
	}
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, git_commit_id(c));
	git_commit_free(c);
	return 0;
}
