#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "facts.h"
#include "history.h"
#include "output.h"
#include "reader.h"
#include "render.h"
#include "util.h"

static const char *const diff_usage[] = {
	"git thesis diff [<options>] [--staged] [<commit>]",
	"git thesis diff [<options>] <commit> <commit>",
	"git thesis diff [<options>] <commit>..<commit>",
	"git thesis diff [<options>] <commit>...<commit>",
	NULL,
};

/* One side of a diff that is not a tree: the index or the working tree. */
struct snapshot {
	struct vault vault;
	struct strmap oids; /* path -> blob id hex */
};

static int S_load(struct snapshot *s, struct reader *r,
		  enum reader_source src, const char *rev)
{
	int err;

	vault_init(&s->vault, r->repo->vault);
	r->oids = &s->oids;
	err = reader_load(&s->vault, r, src, rev);
	r->oids = NULL;
	if (!err)
		vault_resolve(&s->vault);
	return err;
}

static void S_release(struct snapshot *s)
{
	struct strmap_iter it;
	struct strmap_entry *e;

	for (e = NULL; (e = strmap_next(&s->oids, &it, e));)
		free(e->value);
	strmap_clear(&s->oids);
	vault_release(&s->vault);
}

/* Notes that disappeared on one side and appeared, identical, on the other. */
static size_t S_moves(struct note_move **out, struct snapshot *a,
		      struct snapshot *b)
{
	struct strmap added = STRMAP_INIT;
	struct strmap_iter it;
	struct strmap_entry *e;
	size_t n = 0;

	*out = xcalloc(a->oids.nr + 1, sizeof(**out));
	for (e = NULL; (e = strmap_next(&b->oids, &it, e));)
		if (!strmap_contains(&a->oids, e->key) &&
		    !strmap_contains(&added, e->value))
			strmap_put(&added, e->value, e->key);
	for (e = NULL; (e = strmap_next(&a->oids, &it, e));) {
		const char *to;

		if (strmap_contains(&b->oids, e->key))
			continue;
		to = strmap_get(&added, e->value);
		if (!to)
			continue;
		(*out)[n].old_path = e->key;
		(*out)[n].new_path = to;
		n++;
		strmap_remove(&added, e->value);
	}
	strmap_clear(&added);
	return n;
}

static int S_diff_snapshots(struct event_list *out, struct reader *r,
			    enum reader_source a_src, const char *a_rev,
			    enum reader_source b_src)
{
	struct snapshot a = {0}, b = {0};
	struct fact_set fa = FACT_SET_INIT, fb = FACT_SET_INIT;
	struct note_move *moves = NULL;
	size_t nr;
	int err;

	err = S_load(&a, r, a_src, a_rev);
	if (!err)
		err = S_load(&b, r, b_src, NULL);
	if (!err) {
		facts_add_all(&fa, &a.vault);
		facts_add_all(&fb, &b.vault);
		facts_finish(&fa);
		facts_finish(&fb);
		nr = S_moves(&moves, &a, &b);
		events_compare(out, &fa, &fb, moves, nr);
	}
	free(moves);
	fact_set_release(&fa);
	fact_set_release(&fb);
	S_release(&a);
	S_release(&b);
	return err;
}

static int S_tree(git_tree **out, git_commit **commit_out,
		  struct thesis_repo *r, const char *rev)
{
	git_commit *c = NULL;

	if (repo_commit(&c, r, rev) < 0)
		return -1;
	if (git_commit_tree(out, c) < 0) {
		git_commit_free(c);
		return error_git("%s: cannot read tree", rev);
	}
	if (commit_out)
		*commit_out = c;
	else
		git_commit_free(c);
	return 0;
}

/* Splits `a..b` / `a...b`; returns 2 or 3 (the dots), 0 for a plain rev. */
static int S_split_range(char **a, char **b, const char *arg)
{
	const char *dots = strstr(arg, "..");
	int n;

	if (!dots)
		return 0;
	n = dots[2] == '.' ? 3 : 2;
	*a = dots == arg ? xstrdup("HEAD") : xstrndup(arg, (size_t)(dots - arg));
	*b = xstrdup(*(dots + n) ? dots + n : "HEAD");
	return n;
}

int cmd_diff(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct output out =
		OUTPUT_INIT(FORMAT_TEXT | FORMAT_JSON | FORMAT_MARKDOWN);
	int staged = 0, exit_code = 0, ret = EXIT_FATAL, err = 0, dots = 0;
	char *a_rev = NULL, *b_rev = NULL;
	struct event_list ev = EVENT_LIST_INIT;
	struct commit_info ci = COMMIT_INFO_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct history h;
	struct option opts[] = {
		OPT_BOOL(0, "staged", &staged,
			 "compare the index with HEAD (or <commit>)"),
		OPT_BOOL(0, "cached", &staged, "same as --staged"),
		OPT_BOOL(0, "exit-code", &exit_code,
			 "exit with 1 when there are events"),
		OPT_FORMAT(&out, "text, json or markdown"),
		OPT_COLOR(&out),
		OPT_END(),
	};

	argc = parse_options(argc, argv, opts, diff_usage, 0);
	if (argc > 2 || (staged && argc > 1))
		usage_msg(diff_usage, opts, "too many arguments");
	if (argc == 1)
		dots = S_split_range(&a_rev, &b_rev, argv[0]);
	if (argc == 2) {
		a_rev = xstrdup(argv[0]);
		b_rev = xstrdup(argv[1]);
	}

	history_init(&h, &ctx->repo);
	if (b_rev) {
		git_tree *ta = NULL, *tb = NULL;
		git_commit *cb = NULL;

		if (dots == 3) {
			git_commit *ca = NULL, *cbb = NULL;
			git_oid base;

			err = repo_commit(&ca, &ctx->repo, a_rev);
			if (!err)
				err = repo_commit(&cbb, &ctx->repo, b_rev);
			if (!err && git_merge_base(&base, ctx->repo.repo,
						   git_commit_id(ca),
						   git_commit_id(cbb)) < 0)
				err = error("%s and %s have no merge base",
					    a_rev, b_rev);
			if (!err) {
				free(a_rev);
				a_rev = xstrdup(git_oid_tostr_s(&base));
			}
			git_commit_free(ca);
			git_commit_free(cbb);
		}
		if (!err)
			err = S_tree(&ta, NULL, &ctx->repo, a_rev);
		if (!err)
			err = S_tree(&tb, &cb, &ctx->repo, b_rev);
		if (!err)
			err = history_diff_trees(&ev, &h, ta, tb);
		if (cb)
			history_commit_info(&ci, cb);
		git_commit_free(cb);
		git_tree_free(ta);
		git_tree_free(tb);
	} else if (staged) {
		err = S_diff_snapshots(&ev, &h.reader, READ_TREE,
				       argc ? argv[0] : "HEAD", READ_INDEX);
	} else if (argc == 1) {
		err = S_diff_snapshots(&ev, &h.reader, READ_TREE, argv[0],
				       READ_WORKTREE);
	} else {
		err = S_diff_snapshots(&ev, &h.reader, READ_INDEX, NULL,
				       READ_WORKTREE);
	}
	if (err)
		goto done;

	output_setup(&out, ctx, 1);
	if (out.format == FORMAT_JSON)
		render_json_events(&sb, &ci, ev.v, ev.nr);
	else if (out.format == FORMAT_MARKDOWN)
		render_markdown_events(&sb, NULL, ev.v, ev.nr);
	else
		render_text_events(&sb, &out, NULL, ev.v, ev.nr);
	output_write(&sb);
	ret = exit_code && ev.nr ? EXIT_FINDINGS : 0;
done:
	free(a_rev);
	free(b_rev);
	commit_info_release(&ci);
	event_list_release(&ev);
	strbuf_release(&sb);
	history_release(&h);
	return ret;
}
