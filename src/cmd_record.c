/*
 * git thesis record <target> <field>=<value>... --why <text>
 * [--expect <commit>]: the record engine (record.c) from the command line.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "output.h"
#include "record.h"
#include "strbuf.h"
#include "trailers.h"
#include "util.h"

static const char *const record_usage[] = {
	"git thesis record [--expect <commit>] [--format=<format>] --why "
	"<text> <target> <field>=<value>...",
	NULL,
};

int cmd_record(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct output out = OUTPUT_INIT(FORMAT_TEXT | FORMAT_JSON);
	struct record_opts opts = RECORD_OPTS_INIT;
	struct record_result res = RECORD_RESULT_INIT;
	struct record_change *changes = NULL;
	struct strbuf sb = STRBUF_INIT;
	const char *why = NULL, *expect = NULL;
	char **fields = NULL;
	int ret = EXIT_FATAL, i, err;
	struct option opts_table[] = {
		OPT_STRING(0, "why", &why, "text",
			   "the reason, recorded as the Why: trailer"),
		OPT_STRING(0, "expect", &expect, "commit",
			   "record only if HEAD is this commit"),
		OPT_FORMAT(&out, "text or json"),
		OPT_END(),
	};

	argc = parse_options(argc, argv, opts_table, record_usage, 0);
	if (argc < 2)
		usage_msg(record_usage, opts_table,
			  argc ? "no <field>=<value> given"
			       : "no target given");
	if (!why)
		usage_msg(record_usage, opts_table,
			  "--why is required: say why the target changed");
	for (i = 1; i < argc; i++)
		if (!strchr(argv[i], '=') || argv[i][0] == '=')
			usage_msg(record_usage, opts_table,
				  "'%s' is not <field>=<value>", argv[i]);
	changes = xcalloc((size_t)argc - 1, sizeof(*changes));
	fields = xcalloc((size_t)argc - 1, sizeof(*fields));
	for (i = 1; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');

		fields[i - 1] = xstrndup(argv[i], (size_t)(eq - argv[i]));
		changes[i - 1].field = fields[i - 1];
		changes[i - 1].value = eq + 1;
	}
	opts.target = argv[0];
	opts.changes = changes;
	opts.changes_nr = (size_t)argc - 1;
	opts.why = why;
	opts.expect = expect;
	opts.check = hook_pre_commit_check;
	opts.trailers = trailers_from_events;
	err = record_run(&res, &ctx->repo, &opts);
	output_warnings(&res.warnings);
	if (err < 0) {
		/* record's refusals have always read `error:`. */
		if (error_pending())
			error("%s", error_pending());
		error_clear();
		goto done;
	}
	output_setup(&out, ctx, 0);
	if (out.format == FORMAT_JSON) {
		record_result_json(&sb, &res);
	} else {
		strbuf_addf(&sb, "[%.7s] ", res.commit);
		strbuf_add_terminal_safe(&sb, res.message,
					 strcspn(res.message, "\n"));
		strbuf_addch(&sb, '\n');
	}
	output_write(&sb);
	ret = 0;
done:
	for (i = 1; i < argc; i++)
		free(fields[i - 1]);
	free(fields);
	free(changes);
	record_result_release(&res);
	strbuf_release(&sb);
	return ret;
}
