#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "output.h"
#include "reader.h"
#include "render.h"
#include "revs.h"
#include "util.h"
#include "vocab.h"

static const char *const positions_usage[] = {
	"git thesis positions [--at <rev>] [--as-of <date>] [--kind <kind>] "
	"[--undeclared] [--format=<format>]",
	NULL,
};

int cmd_positions(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct output out = OUTPUT_INIT(FORMAT_TEXT | FORMAT_JSON);
	const char *at = NULL, *as_of = NULL, *kind = NULL;
	int undeclared = 0, want_kind = -1, ret = EXIT_FATAL;
	struct reader reader;
	char as_of_id[GIT_OID_HEXSZ + 1];
	struct vault vault;
	const struct vault_target **targets = NULL;
	struct strbuf sb = STRBUF_INIT;
	size_t nr, i, kept = 0;
	struct option opts[] = {
		OPT_STRING(0, "at", &at, "rev",
			   "read the vault at this revision (default HEAD)"),
		OPT_STRING(0, "as-of", &as_of, "date",
			   "the last commit on the first-parent line at or "
			   "before <date>"),
		OPT_STRING(0, "kind", &kind, "kind",
			   "only targets of this kind: position or thesis"),
		OPT_BOOL(0, "undeclared", &undeclared,
			 "also list mapped targets that no note declares"),
		OPT_FORMAT(&out, "text or json"),
		OPT_COLOR(&out),
		OPT_END(),
	};

	argc = parse_options(argc, argv, opts, positions_usage, 0);
	if (argc)
		usage_msg(positions_usage, opts, "unexpected argument '%s'",
			  argv[0]);
	if (kind && (want_kind = target_kind_parse(kind)) < 0)
		usage_msg(positions_usage, opts,
			  "--kind takes position or thesis, not '%s'", kind);

	if (as_of) {
		if (revs_as_of(as_of_id, &ctx->repo, at, as_of) < 0)
			return EXIT_FATAL;
		at = as_of_id;
	}
	reader_init(&reader, &ctx->repo);
	vault_init(&vault, ctx->repo.vault);
	vault_set_context(&vault, &ctx->repo.context);
	int loaded = reader_load(&vault, &reader, READ_TREE, at);

	output_warnings(&reader.warnings);
	if (loaded < 0)
		goto done;
	vault_balance(&vault);
	nr = vault_targets(&targets, &vault, undeclared && want_kind < 0);
	for (i = 0; i < nr; i++)
		if (want_kind < 0 || (int)targets[i]->kind == want_kind)
			targets[kept++] = targets[i];

	output_setup(&out, ctx, 1);
	if (out.format == FORMAT_JSON)
		render_json_positions(&sb, targets, kept);
	else
		render_text_positions(&sb, &out, targets, kept);
	output_write(&sb);
	ret = 0;
done:
	free(targets);
	strbuf_release(&sb);
	vault_release(&vault);
	reader_release(&reader);
	return ret;
}
