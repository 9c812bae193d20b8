#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "output.h"
#include "reader.h"
#include "render.h"
#include "strbuf.h"
#include "util.h"

static const char *const parse_usage[] = {
	"git thesis parse [--at <rev> | --staged | --worktree] "
	"[--format=<format>] <path>",
	NULL,
};

/* Resolves "." and ".." components (never above the root). */
static char *S_clean(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = path;

	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);

		if (len == 2 && !strncmp(p, "..", 2)) {
			char *last = strrchr(sb.buf, '/');

			strbuf_setlen(&sb, last ? (size_t)(last - sb.buf) : 0);
		} else if (len && !(len == 1 && *p == '.')) {
			if (sb.len)
				strbuf_addch(&sb, '/');
			strbuf_add(&sb, p, len);
		}
		p += len + (slash ? 1 : 0);
	}
	return strbuf_detach(&sb, NULL);
}

/* The path relative to the repository root, as git reads a pathspec. */
static char *S_repo_path(struct thesis_repo *r, const char *path)
{
	const char *workdir = git_repository_workdir(r->repo);
	char cwd[4096];
	size_t n;

	if (!workdir || !getcwd(cwd, sizeof(cwd)))
		return repo_normalize_vault(path);
	n = strlen(workdir);
	if (n && workdir[n - 1] == '/')
		n--;
	if (!strncmp(cwd, workdir, n) && (cwd[n] == '/' || !cwd[n])) {
		char *joined = cwd[n] ? xstrfmt("%s/%s", cwd + n + 1, path)
				      : xstrdup(path);
		char *res = S_clean(joined);

		free(joined);
		return res;
	}
	return repo_normalize_vault(path);
}

int cmd_parse(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct output out = OUTPUT_INIT(FORMAT_TEXT | FORMAT_JSON);
	const char *at = NULL;
	int staged = 0, worktree = 0, ret = EXIT_FATAL;
	enum reader_source src = READ_TREE;
	const struct vault_note *vn;
	struct strbuf sb = STRBUF_INIT;
	struct reader reader;
	struct vault vault;
	char *path = NULL;
	struct option opts[] = {
		OPT_STRING(0, "at", &at, "rev",
			   "read the note at this revision (default HEAD)"),
		OPT_BOOL(0, "staged", &staged, "read the note from the index"),
		OPT_BOOL(0, "worktree", &worktree,
			 "read the note from the working tree"),
		OPT_FORMAT(&out, "text or json"),
		OPT_COLOR(&out),
		OPT_END(),
	};

	argc = parse_options(argc, argv, opts, parse_usage, 0);
	if (argc != 1)
		usage_msg(parse_usage, opts, argc ? "too many arguments"
						 : "no path given");
	if (!!at + staged + worktree > 1)
		usage_msg(parse_usage, opts,
			  "give at most one of --at, --staged, --worktree");
	if (staged)
		src = READ_INDEX;
	else if (worktree)
		src = READ_WORKTREE;

	reader_init(&reader, &ctx->repo);
	vault_init(&vault, ctx->repo.vault);
	vault_set_context(&vault, &ctx->repo.context);
	int loaded = reader_load(&vault, &reader, src, at);

	output_warnings(&reader.warnings);
	if (loaded < 0)
		goto done;
	vault_resolve(&vault);
	path = S_repo_path(&ctx->repo, argv[0]);
	vn = strmap_get(&vault.notes, path);
	if (!vn) {
		struct strbuf name = STRBUF_INIT;

		strbuf_add_terminal_safe(&name, argv[0], strlen(argv[0]));
		error_set("'%s' is not a note of the vault at %s", name.buf,
		      staged ? "the index" : worktree ? "the working tree"
					  : at ? at : "HEAD");
		strbuf_release(&name);
		goto done;
	}
	output_setup(&out, ctx, 1);
	if (out.format == FORMAT_JSON)
		render_json_note(&sb, &vault, vn);
	else
		render_text_note(&sb, &out, &vault, vn);
	output_write(&sb);
	ret = 0;
done:
	free(path);
	strbuf_release(&sb);
	vault_release(&vault);
	reader_release(&reader);
	return ret;
}
