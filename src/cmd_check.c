#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "output.h"
#include "reader.h"
#include "render.h"
#include "suggest.h"
#include "util.h"

static const char *const check_usage[] = {
	"git thesis check [--staged | --worktree | <rev>] [--suggest] "
	"[--format=<format>]",
	NULL,
};

static int S_cmp_item(const void *a, const void *b)
{
	const struct check_item *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->diag->line != y->diag->line)
		return x->diag->line < y->diag->line ? -1 : 1;
	if (x->diag->column != y->diag->column)
		return x->diag->column < y->diag->column ? -1 : 1;
	return 0;
}

static void S_collect(struct check_item **items, size_t *nr, size_t *alloc,
		      const char *path, const struct note_diag *diags,
		      size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ALLOC_GROW(*items, *nr + 1, *alloc);
		(*items)[*nr].path = path;
		(*items)[*nr].diag = &diags[i];
		(*nr)++;
	}
}

int cmd_check(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct output out = OUTPUT_INIT(FORMAT_TEXT | FORMAT_JSON);
	int staged = 0, worktree = 0, suggest = 0, ret = EXIT_FATAL;
	size_t errors = 0, warnings = 0, nr = 0, alloc = 0, n, i;
	enum reader_source src = READ_TREE;
	const struct vault_note **notes = NULL;
	struct check_item *items = NULL;
	struct strbuf sb = STRBUF_INIT;
	struct reader reader;
	struct vault vault;
	struct option opts[] = {
		OPT_BOOL(0, "staged", &staged,
			 "check the notes in the index"),
		OPT_BOOL(0, "worktree", &worktree,
			 "check the notes in the working tree"),
		OPT_BOOL(0, "suggest", &suggest,
			 "list targets notes name in prose without a link or "
			 "mapping, with a mapping block to add"),
		OPT_FORMAT(&out, "text or json"),
		OPT_COLOR(&out),
		OPT_END(),
	};

	argc = parse_options(argc, argv, opts, check_usage, 0);
	if (argc > 1 || staged + worktree + argc > 1)
		usage_msg(check_usage, opts,
			  "give at most one of --staged, --worktree, <rev>");
	if (staged)
		src = READ_INDEX;
	else if (worktree)
		src = READ_WORKTREE;

	reader_init(&reader, &ctx->repo);
	/* Oversized notes are reported below: its warnings are dropped. */
	vault_init(&vault, ctx->repo.vault);
	vault_set_context(&vault, &ctx->repo.context);
	if (suggest)
		vault_want_unlinked(&vault);
	if (reader_load(&vault, &reader, src, argc ? argv[0] : NULL) < 0)
		goto done;
	vault_resolve(&vault);
	if (suggest) {
		/* Candidates, not problems: listed, and the exit code is 0. */
		struct suggestions list = SUGGESTIONS_INIT;

		suggest_collect(&list, &vault);
		output_setup(&out, ctx, 1);
		if (out.format == FORMAT_JSON)
			render_json_suggest(&sb, &list);
		else
			render_text_suggest(&sb, &out, &list);
		suggestions_release(&list);
		output_write(&sb);
		ret = reader.missing ? error("%u objects could not be read",
					     reader.missing)
				     : 0;
		goto done;
	}
	n = vault_notes(&notes, &vault);
	for (i = 0; i < n; i++) {
		S_collect(&items, &nr, &alloc, notes[i]->path,
			  notes[i]->note->diags, notes[i]->note->diags_nr);
		S_collect(&items, &nr, &alloc, notes[i]->path, notes[i]->diags,
			  notes[i]->diags_nr);
	}
	QSORT(items, nr, S_cmp_item);
	for (i = 0; i < nr; i++)
		if (items[i].diag->severity == DIAG_ERROR)
			errors++;
		else
			warnings++;

	output_setup(&out, ctx, 1);
	if (out.format == FORMAT_JSON) {
		render_json_check(&sb, items, nr);
	} else {
		render_text_check(&sb, &out, items, nr);
		if (nr)
			strbuf_addf(&sb, "%zu error%s and %zu warning%s in %zu "
				    "notes\n", errors, errors == 1 ? "" : "s",
				    warnings, warnings == 1 ? "" : "s", n);
	}
	output_write(&sb);
	if (reader.missing)
		ret = error_set("%u objects could not be read", reader.missing);
	else
		ret = errors ? EXIT_FINDINGS : 0;
done:
	free(items);
	free(notes);
	strbuf_release(&sb);
	vault_release(&vault);
	reader_release(&reader);
	return ret < 0 ? EXIT_FATAL : ret;
}
