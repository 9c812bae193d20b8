#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "facts.h"
#include "history.h"
#include "names.h"
#include "revs.h"
#include "strmap.h"
#include "util.h"

struct log_filter {
	struct strmap targets; /* ids (and old ids via aliases) to keep */
	unsigned kinds;
	const struct strvec *fields;
};

int log_field_valid(const char *name)
{
	static const enum fact_type types[] = {FACT_TARGET, FACT_MAPPING};
	const char *const *names;
	size_t i, k, n;

	/* A question's `text` (contract, section 6). */
	if (!strcmp(name, "text"))
		return 1;
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		n = fact_fields(types[i], &names);
		for (k = 0; k < n; k++)
			if (!strcmp(names[k], name))
				return 1;
	}
	return 0;
}

static int S_keep(const struct event *e, void *data)
{
	const struct log_filter *f = data;
	size_t i;

	if (f->kinds && !(f->kinds & (1u << e->kind)))
		return 0;
	if (f->fields && f->fields->nr) {
		int ok = 0;

		for (i = 0; i < f->fields->nr && !ok; i++)
			ok = e->field && !strcmp(e->field, f->fields->v[i]);
		if (!ok)
			return 0;
	}
	if (f->targets.nr) {
		if (!e->target)
			return 0;
		if (!strmap_contains(&f->targets, e->target) &&
		    !(e->change == EVENT_RENAMED &&
		      strmap_contains(&f->targets, e->old_value)))
			return 0;
	}
	return 1;
}

/* A target named on the command line: its id and the ids it had. */
static void S_add_target(struct log_filter *f, const struct vault *v,
			 const char *name)
{
	const struct vault_target *found = vault_lookup(v, name);
	char *id =
		found ? xstrdup(found->id) : vault_resolve_name(v, name, NULL);
	const struct vault_target *t;
	size_t i;

	if (!id)
		return;
	strmap_put(&f->targets, id, NULL);
	t = vault_target(v, id);
	if (t && t->declared)
		for (i = 0; i < t->decl->aliases.nr; i++) {
			const char *a = t->decl->aliases.v[i];
			char *slug = names_slug(a, strlen(a));

			if (*slug)
				strmap_put(&f->targets, slug, NULL);
			free(slug);
		}
	free(id);
}

/*
 * The vault at the tip: it must exist there (a vault created mid-history
 * is fine, one that the tip lacks is a mistyped --vault), and it resolves
 * the target names.
 */
static int S_tip(struct log_filter *f, struct history *h, struct thesis_repo *r,
		 const struct log_opts *opts)
{
	static const struct strvec none = STRVEC_INIT;
	const struct strvec *revs = opts->revs ? opts->revs : &none;
	struct rev_ends ends;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	char *where = NULL;
	int err = -1;
	size_t k;

	if (revs_ends(&ends, r, revs) < 0)
		return -1;
	where = revs_tip_name(revs);
	if (git_commit_lookup(&c, r->repo, &ends.tip) < 0 ||
	    git_commit_tree(&tree, c) < 0) {
		error_set_git("cannot read commit %s", where);
		goto done;
	}
	if (repo_check_vault(r, tree, where) < 0)
		goto done;
	/* Without `--`, a revision that also names a target is ambiguous. */
	if ((!opts->targets || !opts->targets->nr) &&
	    (opts->targets_after_dashdash || !revs->nr)) {
		err = 0;
		goto done;
	}
	if (history_goto(h, c) < 0) {
		error_set("cannot read the vault at %s", where);
		goto done;
	}
	vault_balance(&h->vault);
	for (k = 0; opts->targets && k < opts->targets->nr; k++) {
		const char *name = opts->targets->v[k];

		if (!opts->targets_after_dashdash &&
		    !vault_lookup(&h->vault, name)) {
			error_set("'%s' is neither a revision nor a target; "
				  "use '--' to name a target the vault no "
				  "longer has",
				  name);
			goto done;
		}
		S_add_target(f, &h->vault, name);
	}
	for (k = 0; !opts->targets_after_dashdash && k < revs->nr; k++)
		if (revs->v[k][0] != '^' && !strstr(revs->v[k], "..") &&
		    vault_lookup(&h->vault, revs->v[k])) {
			error_set("ambiguous argument '%s': both a revision "
				  "and a target; use '--' to separate "
				  "revisions from targets",
				  revs->v[k]);
			goto done;
		}
	err = 0;
done:
	free(where);
	git_tree_free(tree);
	git_commit_free(c);
	return err;
}

static void S_reverse(struct log_result *res)
{
	size_t i, j;

	for (i = 0, j = res->nr; j-- > i + 1; i++) {
		struct log_entry tmp = res->v[i];

		res->v[i] = res->v[j];
		res->v[j] = tmp;
	}
}

int log_run(struct log_result **out, struct thesis_repo *r,
	    const struct log_opts *opts)
{
	static const struct strvec none = STRVEC_INIT;
	struct rev_walk_opts wopts = REV_WALK_OPTS_INIT;
	struct log_filter filter = {STRMAP_INIT, 0, NULL};
	struct log_result *res = xcalloc(1, sizeof(*res));
	struct event_list ev = EVENT_LIST_INIT;
	git_revwalk *walk = NULL;
	struct history h;
	regex_t author_re;
	int have_regex = 0, err = -1;
	git_oid oid;

	*out = NULL;
	filter.kinds = opts->kinds;
	filter.fields = opts->fields;
	history_init(&h, r);
	if (opts->author) {
		if (regcomp(&author_re, opts->author, REG_NOSUB)) {
			error_set("invalid --author pattern '%s'",
				  opts->author);
			goto done;
		}
		have_regex = 1;
	}
	if (S_tip(&filter, &h, r, opts) < 0)
		goto done;
	/*
	 * Newest first, as git: --max-count takes the newest commits and
	 * --reverse then shows them oldest first.
	 */
	wopts.all = opts->all;
	wopts.first_parent = opts->first_parent;
	if (revs_walk(&walk, r, opts->revs ? opts->revs : &none, &wopts) < 0)
		goto done;
	while (!git_revwalk_next(&oid, walk)) {
		git_commit *commit = NULL;
		struct commit_info ci = COMMIT_INFO_INIT;

		if (opts->max_count >= 0 && res->nr >= (size_t)opts->max_count)
			break;
		if (git_commit_lookup(&commit, r->repo, &oid) < 0) {
			error_set_git("cannot read commit %s",
				      git_oid_tostr_s(&oid));
			goto done;
		}
		history_commit_info(&ci, commit);
		if ((opts->have_since && ci.when < opts->since) ||
		    (opts->have_until && ci.when > opts->until) ||
		    (have_regex &&
		     regexec(&author_re, ci.author, 0, NULL, 0))) {
			commit_info_release(&ci);
			git_commit_free(commit);
			continue;
		}
		if (history_commit_events(&ev, &h, commit, opts->first_parent) <
		    0) {
			commit_info_release(&ci);
			git_commit_free(commit);
			if (!error_pending())
				error_set("cannot read the events of %s",
					  git_oid_tostr_s(&oid));
			goto done;
		}
		git_commit_free(commit);
		events_filter(&ev, S_keep, &filter);
		if (!ev.nr) {
			commit_info_release(&ci);
			continue;
		}
		ALLOC_GROW(res->v, res->nr + 1, res->alloc);
		res->v[res->nr].commit = ci;
		res->v[res->nr].events = ev;
		memset(&ev, 0, sizeof(ev));
		res->nr++;
	}
	if (opts->reverse)
		S_reverse(res);
	res->steps = h.steps;
	res->full_steps = h.full_steps;
	res->skipped = h.skipped;
	res->parsed = h.reader.parsed;
	*out = res;
	res = NULL;
	err = 0;
done:
	if (have_regex)
		regfree(&author_re);
	log_result_free(res);
	event_list_release(&ev);
	git_revwalk_free(walk);
	history_release(&h);
	strmap_release(&filter.targets);
	return err;
}

void log_result_free(struct log_result *res)
{
	size_t i;

	if (!res)
		return;
	for (i = 0; i < res->nr; i++) {
		commit_info_release(&res->v[i].commit);
		event_list_release(&res->v[i].events);
	}
	free(res->v);
	free(res);
}
