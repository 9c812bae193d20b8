#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "history.h"
#include "output.h"
#include "reader.h"
#include "render.h"
#include "revs.h"
#include "strbuf.h"
#include "util.h"

static const char *const show_usage[] = {
	"git thesis show [--at <rev>] [--as-of <date>] [--format=<format>] "
	"<target>",
	"git thesis show --history [--at <rev>] [--format=<format>] <target>",
	NULL,
};

/* The story of `t` along the first parents that lead to `at`. */
static int S_history(struct strbuf *sb, const struct output *out,
		     struct cmd_ctx *ctx, const char *at,
		     const struct vault_target *t)
{
	struct story story = STORY_INIT;
	struct strvec revs = STRVEC_INIT;
	const struct story_target *st;
	struct history h;
	const char *title = t->declared ? t->decl->title : NULL;
	int ret = -1;

	strvec_push(&revs, at ? at : "HEAD");
	history_init(&h, &ctx->repo);
	if (story_build(&story, &h, &revs) < 0)
		goto done;
	st = story_get(&story, t->id);
	if (!st) {
		error("no history for '%s'", t->id);
		goto done;
	}
	if (out->format == FORMAT_JSON)
		render_json_story(sb, st, title);
	else
		render_text_story(sb, out, st, title);
	ret = 0;
done:
	story_release(&story);
	history_release(&h);
	strvec_release(&revs);
	return ret;
}

int cmd_show(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct output out = OUTPUT_INIT(FORMAT_TEXT | FORMAT_JSON);
	const char *at = NULL, *as_of = NULL;
	int ret = EXIT_FATAL, history = 0;
	struct reader reader;
	char as_of_id[GIT_OID_HEXSZ + 1];
	struct vault vault;
	const struct vault_target *t;
	struct strbuf sb = STRBUF_INIT;
	struct option opts[] = {
		OPT_STRING(0, "at", &at, "rev",
			   "read the vault at this revision (default HEAD)"),
		OPT_STRING(0, "as-of", &as_of, "date",
			   "the last commit on the first-parent line at or "
			   "before <date>"),
		OPT_BOOL(0, "history", &history,
			 "the story: each status with its date, commit, Why: "
			 "and the evidence before it"),
		OPT_FORMAT(&out, "text or json"),
		OPT_COLOR(&out),
		OPT_END(),
	};

	argc = parse_options(argc, argv, opts, show_usage, 0);
	if (argc != 1)
		usage_msg(show_usage, opts,
			  argc ? "too many arguments" : "no target given");

	if (as_of) {
		if (revs_as_of(as_of_id, &ctx->repo, at, as_of) < 0)
			return EXIT_FATAL;
		at = as_of_id;
	}
	reader_init(&reader, &ctx->repo);
	vault_init(&vault, ctx->repo.vault);
	vault_set_context(&vault, &ctx->repo.context);
	vault_want_unlinked(&vault);
	int loaded = reader_load(&vault, &reader, READ_TREE, at);

	output_warnings(&reader.warnings);
	if (loaded < 0)
		goto done;
	vault_balance(&vault);
	t = vault_lookup(&vault, argv[0]);
	if (!t) {
		struct strbuf name = STRBUF_INIT;

		strbuf_add_terminal_safe(&name, argv[0], strlen(argv[0]));
		error_set("no position, thesis or mapped target '%s' at %s",
			  name.buf, at ? at : "HEAD");
		strbuf_release(&name);
		goto done;
	}
	output_setup(&out, ctx, 1);
	if (history) {
		if (S_history(&sb, &out, ctx, at, t) < 0)
			goto done;
	} else if (out.format == FORMAT_JSON)
		render_json_card(&sb, &vault, t);
	else
		render_text_card(&sb, &out, &vault, t);
	output_write(&sb);
	ret = 0;
done:
	strbuf_release(&sb);
	vault_release(&vault);
	reader_release(&reader);
	return ret;
}
