#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "output.h"
#include "reader.h"
#include "render.h"
#include "strbuf.h"
#include "util.h"

static const char *const show_usage[] = {
	"git thesis show [--at <rev>] [--format=<format>] <target>",
	NULL,
};

/*
 * A target as the user names it: like any reference in a note, and failing
 * that as a wikilink, so a file name works on the command line too.
 */
static const struct vault_target *S_lookup(const struct vault *v,
					   const char *name)
{
	const struct vault_target *t = NULL;
	struct strbuf link = STRBUF_INIT;
	char *id = vault_resolve_name(v, name, NULL);

	if (id)
		t = vault_target(v, id);
	free(id);
	if (t)
		return t;
	strbuf_addf(&link, "[[%s]]", name);
	id = vault_resolve_name(v, link.buf, NULL);
	if (id)
		t = vault_target(v, id);
	free(id);
	strbuf_release(&link);
	return t;
}

int cmd_show(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct output out = OUTPUT_INIT(FORMAT_TEXT | FORMAT_JSON);
	const char *at = NULL;
	int ret = EXIT_FATAL;
	struct reader reader;
	struct vault vault;
	const struct vault_target *t;
	struct strbuf sb = STRBUF_INIT;
	struct option opts[] = {
		OPT_STRING(0, "at", &at, "rev",
			   "read the vault at this revision (default HEAD)"),
		OPT_FORMAT(&out),
		OPT_COLOR(&out),
		OPT_END(),
	};

	argc = parse_options(argc, argv, opts, show_usage, 0);
	if (argc != 1)
		usage_msg(show_usage, opts, argc ? "too many arguments"
						 : "no target given");

	reader_init(&reader, &ctx->repo);
	vault_init(&vault, ctx->repo.vault);
	if (reader_load(&vault, &reader, READ_TREE, at) < 0)
		goto done;
	vault_balance(&vault);
	t = S_lookup(&vault, argv[0]);
	if (!t) {
		struct strbuf name = STRBUF_INIT;

		strbuf_add_terminal_safe(&name, argv[0], strlen(argv[0]));
		error("no position, thesis or mapped target '%s' at %s",
		      name.buf, at ? at : "HEAD");
		strbuf_release(&name);
		goto done;
	}
	output_setup(&out, ctx, 1);
	if (out.format == FORMAT_JSON)
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
