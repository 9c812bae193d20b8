#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "log.h"
#include "output.h"
#include "render.h"
#include "revs.h"
#include "util.h"

static const char *const log_usage[] = {
	"git thesis log [<options>] [<revision-range>] [[--] <target>...]",
	NULL,
};

/*
 * As git separates revisions from paths: before `--` every argument must
 * be a revision when `--` is there; without it, a revision first, else a
 * target (the engine then says when a name is neither, or both).
 */
static int S_split_args(struct strvec *revs, struct strvec *names,
			int *dashdash, struct thesis_repo *r, int argc,
			const char **argv)
{
	int i, seen = 0;

	for (i = 0; i < argc && strcmp(argv[i], "--"); i++)
		;
	*dashdash = i < argc;
	for (i = 0; i < argc; i++) {
		if (!seen && !strcmp(argv[i], "--"))
			seen = 1;
		else if (seen)
			strvec_push(names, argv[i]);
		else if (revs_is_revision(r, argv[i]))
			strvec_push(revs, argv[i]);
		else if (*dashdash)
			return error_set("bad revision '%s'", argv[i]);
		else
			strvec_push(names, argv[i]);
	}
	return 0;
}

static void S_render(const struct log_result *res, struct output *out)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < res->nr; i++) {
		const struct log_entry *e = &res->v[i];

		strbuf_reset(&sb);
		if (out->format == FORMAT_JSON) {
			render_json_events(&sb, &e->commit, e->events.v,
					   e->events.nr);
		} else if (out->format == FORMAT_MARKDOWN) {
			render_markdown_events(&sb, &e->commit, e->events.v,
					       e->events.nr);
		} else {
			if (i)
				strbuf_addch(&sb, '\n');
			render_text_events(&sb, out, &e->commit, e->events.v,
					   e->events.nr);
		}
		output_write(&sb);
	}
	strbuf_release(&sb);
}

int cmd_log(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct output out =
		OUTPUT_INIT(FORMAT_TEXT | FORMAT_JSON | FORMAT_MARKDOWN);
	struct log_opts lopts = LOG_OPTS_INIT;
	struct log_result *res = NULL;
	struct strvec revs = STRVEC_INIT, names = STRVEC_INIT,
		      kinds = STRVEC_INIT, fields = STRVEC_INIT;
	const char *since = NULL, *until = NULL;
	int stats = 0, ret = EXIT_FATAL, i;
	char *dash_n = NULL;
	size_t k;
	struct option opts[] = {
		OPT_BOOL(0, "all", &lopts.all, "walk every ref"),
		OPT_BOOL(0, "first-parent", &lopts.first_parent,
			 "follow first parents; compare merges with their "
			 "first parent"),
		OPT_BOOL(0, "reverse", &lopts.reverse,
			 "oldest commits first (after --max-count)"),
		OPT_STRVEC(0, "kind", &kinds, "kind",
			   "only events of this kind: position, thesis, "
			   "mapping, mention, note"),
		OPT_STRVEC(0, "field", &fields, "field",
			   "only modifications of this field"),
		OPT_STRING(0, "since", &since, "date",
			   "commits more recent than a date"),
		OPT_STRING(0, "until", &until, "date",
			   "commits older than a date"),
		OPT_STRING(0, "author", &lopts.author, "pattern",
			   "commits whose author matches (a regex)"),
		OPT_INT('n', "max-count", &lopts.max_count, "n",
			"stop after <n> commits with events"),
		OPT_BOOL(0, "stats", &stats, "print walk statistics on stderr"),
		OPT_FORMAT(&out, "text, json or markdown"),
		OPT_COLOR(&out),
		OPT_END(),
	};

	/* git's -<n> for --max-count=<n>. */
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (argv[i][0] == '-' && argv[i][1] >= '0' &&
		    argv[i][1] <= '9' &&
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
		lopts.kinds |= 1u << kind;
	}
	for (k = 0; k < fields.nr; k++)
		if (!log_field_valid(fields.v[k]))
			usage_msg(log_usage, opts, "unknown field '%s'",
				  fields.v[k]);
	lopts.fields = &fields;
	if (since && date_parse(&lopts.since, since) < 0)
		goto done;
	if (until && date_parse(&lopts.until, until) < 0)
		goto done;
	lopts.have_since = !!since;
	lopts.have_until = !!until;
	if (S_split_args(&revs, &names, &lopts.targets_after_dashdash,
			 &ctx->repo, argc, argv) < 0)
		goto done;
	lopts.revs = &revs;
	lopts.targets = &names;
	if (log_run(&res, &ctx->repo, &lopts) < 0)
		goto done;
	output_setup(&out, ctx, 1);
	S_render(res, &out);
	if (stats)
		fprintf(stderr,
			"git-thesis: %zu steps, %zu full re-resolutions, %zu "
			"commits skipped by tree id, %zu notes parsed\n",
			res->steps, res->full_steps, res->skipped, res->parsed);
	ret = 0;
done:
	log_result_free(res);
	strvec_release(&revs);
	strvec_release(&names);
	strvec_release(&kinds);
	strvec_release(&fields);
	free(dash_n);
	return ret;
}
