#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "history.h"
#include "output.h"
#include "names.h"
#include "render.h"
#include "revs.h"
#include "strmap.h"
#include "util.h"

static const char *const log_usage[] = {
	"git thesis log [<options>] [<revision-range>] [[--] <target>...]",
	NULL,
};

struct log_filter {
	struct strmap targets; /* ids (and old ids via aliases) to keep */
	int kinds;             /* bit set of enum event_kind; 0: all */
	struct strvec fields;
};

static int S_keep(const struct event *e, void *data)
{
	const struct log_filter *f = data;
	size_t i;

	if (f->kinds && !(f->kinds & (1 << e->kind)))
		return 0;
	if (f->fields.nr) {
		int ok = 0;

		for (i = 0; i < f->fields.nr && !ok; i++)
			ok = e->field && !strcmp(e->field, f->fields.v[i]);
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
	char *id = found ? xstrdup(found->id)
			 : vault_resolve_name(v, name, NULL);
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

/* Whether the vault at the tip knows `name` as a target. */
static int S_known_target(const struct vault *v, const char *name)
{
	return vault_lookup(v, name) != NULL;
}

int cmd_log(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct output out =
		OUTPUT_INIT(FORMAT_TEXT | FORMAT_JSON | FORMAT_MARKDOWN);
	struct rev_walk_opts wopts = REV_WALK_OPTS_INIT;
	struct strvec revs = STRVEC_INIT, names = STRVEC_INIT,
		      kinds = STRVEC_INIT;
	struct log_filter filter = {STRMAP_INIT, 0, STRVEC_INIT};
	const char *since = NULL, *until = NULL, *author = NULL;
	long long since_t = 0, until_t = 0;
	int max_count = -1, stats = 0, ret = EXIT_FATAL, shown = 0, i,
	    dashdash = 0, have_regex = 0;
	regex_t author_re;
	char *dash_n = NULL;
	struct history h;
	git_revwalk *walk = NULL;
	git_oid oid;
	struct event_list ev = EVENT_LIST_INIT;
	struct strbuf sb = STRBUF_INIT;
	size_t k;
	struct option opts[] = {
		OPT_BOOL(0, "all", &wopts.all, "walk every ref"),
		OPT_BOOL(0, "first-parent", &wopts.first_parent,
			 "follow first parents; compare merges with their "
			 "first parent"),
		OPT_BOOL(0, "reverse", &wopts.reverse, "oldest commits first"),
		OPT_STRVEC(0, "kind", &kinds, "kind",
			   "only events of this kind: position, thesis, "
			   "mapping, mention, note"),
		OPT_STRVEC(0, "field", &filter.fields, "field",
			   "only modifications of this field"),
		OPT_STRING(0, "since", &since, "date",
			   "commits more recent than a date"),
		OPT_STRING(0, "until", &until, "date",
			   "commits older than a date"),
		OPT_STRING(0, "author", &author, "pattern",
			   "commits whose author matches (a regex)"),
		OPT_INT('n', "max-count", &max_count, "n",
			"stop after <n> commits with events"),
		OPT_BOOL(0, "stats", &stats,
			 "print walk statistics on stderr"),
		OPT_FORMAT(&out, "text, json or markdown"),
		OPT_COLOR(&out),
		OPT_END(),
	};

	/* git's -<n> for --max-count=<n>. */
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9' &&
		    strspn(argv[i] + 1, "0123456789") == strlen(argv[i] + 1)) {
			free(dash_n);
			dash_n = xstrfmt("-n%s", argv[i] + 1);
			argv[i] = dash_n;
		}
	argc = parse_options(argc, argv, opts, log_usage,
			     PARSE_OPT_KEEP_DASHDASH);
	for (k = 0; k < kinds.nr; k++) {
		int kind = event_kind_parse(kinds.v[k]);

		if (kind < 0)
			usage_msg(log_usage, opts, "unknown kind '%s'",
				  kinds.v[k]);
		filter.kinds |= 1 << kind;
	}
	if (since && date_parse(&since_t, since) < 0)
		goto done;
	if (until && date_parse(&until_t, until) < 0)
		goto done;
	if (author) {
		if (regcomp(&author_re, author, REG_NOSUB)) {
			error("invalid --author pattern '%s'", author);
			goto done;
		}
		have_regex = 1;
	}

	history_init(&h, &ctx->repo);
	/*
	 * As git separates revisions from paths: before `--` every argument
	 * must be a revision when `--` is there; without it, a revision
	 * first, else a target, and a name that is both is an error.
	 */
	for (i = 0; i < argc && strcmp(argv[i], "--"); i++)
		;
	dashdash = i < argc;
	{
		int seen_dashdash = 0;

		for (i = 0; i < argc; i++) {
			if (!seen_dashdash && !strcmp(argv[i], "--")) {
				seen_dashdash = 1;
				continue;
			}
			if (seen_dashdash)
				strvec_push(&names, argv[i]);
			else if (revs_is_revision(&ctx->repo, argv[i]))
				strvec_push(&revs, argv[i]);
			else if (dashdash) {
				error("bad revision '%s'", argv[i]);
				goto release;
			} else
				strvec_push(&names, argv[i]);
		}
	}
	if (names.nr || (!dashdash && revs.nr)) {
		const char *tip = revs_tip(&revs);
		git_commit *c = NULL;
		git_tree *tree = NULL;

		if (!tip) {
			git_revspec spec;

			if (!git_revparse(&spec, ctx->repo.repo,
					  revs.v[revs.nr - 1])) {
				git_commit_lookup(&c, ctx->repo.repo,
						  git_object_id(spec.to));
				git_object_free(spec.from);
				git_object_free(spec.to);
			}
		} else if (repo_commit(&c, &ctx->repo, tip) < 0) {
			goto release;
		}
		if (!c || git_commit_tree(&tree, c) < 0 ||
		    history_goto(&h, tree) < 0) {
			git_commit_free(c);
			git_tree_free(tree);
			error_git("cannot read the vault at the tip");
			goto release;
		}
		git_commit_free(c);
		git_tree_free(tree);
		vault_balance(&h.vault);
		for (k = 0; k < names.nr; k++) {
			if (!dashdash && !S_known_target(&h.vault, names.v[k])) {
				error("'%s' is neither a revision nor a target; "
				      "use '--' to name a target the vault no "
				      "longer has", names.v[k]);
				goto release;
			}
			S_add_target(&filter, &h.vault, names.v[k]);
		}
		for (k = 0; !dashdash && k < revs.nr; k++)
			if (revs.v[k][0] != '^' && !strstr(revs.v[k], "..") &&
			    S_known_target(&h.vault, revs.v[k])) {
				error("ambiguous argument '%s': both a revision "
				      "and a target; use '--' to separate "
				      "revisions from targets", revs.v[k]);
				goto release;
			}
	}
	if (revs_walk(&walk, &ctx->repo, &revs, &wopts) < 0)
		goto release;

	output_setup(&out, ctx, 1);
	while (!git_revwalk_next(&oid, walk)) {
		git_commit *commit = NULL;
		struct commit_info ci = COMMIT_INFO_INIT;

		if (max_count >= 0 && shown >= max_count)
			break;
		if (git_commit_lookup(&commit, ctx->repo.repo, &oid) < 0) {
			error_git("cannot read commit %s", git_oid_tostr_s(&oid));
			goto release;
		}
		history_commit_info(&ci, commit);
		if ((since && ci.when < since_t) ||
		    (until && ci.when > until_t) ||
		    (have_regex && regexec(&author_re, ci.author, 0, NULL, 0))) {
			commit_info_release(&ci);
			git_commit_free(commit);
			continue;
		}
		event_list_clear(&ev);
		if (history_commit_events(&ev, &h, commit,
					  wopts.first_parent) < 0) {
			commit_info_release(&ci);
			git_commit_free(commit);
			goto release;
		}
		events_filter(&ev, S_keep, &filter);
		if (ev.nr) {
			strbuf_reset(&sb);
			if (out.format == FORMAT_JSON) {
				render_json_events(&sb, &ci, ev.v, ev.nr);
			} else if (out.format == FORMAT_MARKDOWN) {
				render_markdown_events(&sb, &ci, ev.v, ev.nr);
			} else {
				if (shown)
					strbuf_addch(&sb, '\n');
				render_text_events(&sb, &out, &ci, ev.v, ev.nr);
			}
			output_write(&sb);
			shown++;
		}
		commit_info_release(&ci);
		git_commit_free(commit);
	}
	if (stats)
		fprintf(stderr,
			"git-thesis: %zu steps, %zu full re-resolutions, %zu "
			"commits skipped by tree id, %zu notes parsed\n",
			h.steps, h.full_steps, h.skipped, h.reader.parsed);
	ret = 0;
release:
	git_revwalk_free(walk);
	history_release(&h);
done:
	if (have_regex)
		regfree(&author_re);
	event_list_release(&ev);
	strbuf_release(&sb);
	strvec_release(&revs);
	strvec_release(&names);
	strvec_release(&kinds);
	strvec_release(&filter.fields);
	strmap_release(&filter.targets);
	free(dash_n);
	return ret;
}
