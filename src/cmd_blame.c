#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "history.h"
#include "output.h"
#include "render.h"
#include "revs.h"
#include "strbuf.h"
#include "util.h"

static const char *const blame_usage[] = {
	"git thesis blame [--at <rev>] [--format=<format>] <target>",
	NULL,
};

/* What is being traced back: a field of the target, or one mapping. */
struct trace {
	struct blame_line line;
	char *value; /* owned copy behind line.value */
	char *strength, *effect; /* a mapping's, owned */
	char *path;  /* the mapping's note path at the tip, owned */
	char *note;  /* the mapping's note path at the commit being looked at */
	struct commit_info commit;
	int found;
};

static int S_match(struct trace *t, const struct event *e, const char *id)
{
	if (!e->target || strcmp(e->target, id))
		return 0;
	if (t->line.field) {
		if (e->kind != EVENT_POSITION && e->kind != EVENT_THESIS)
			return 0;
		return e->change == EVENT_ADDED ||
		       (e->change == EVENT_MODIFIED &&
			!strcmp(e->field, t->line.field));
	}
	return e->kind == EVENT_MAPPING && !strcmp(e->note, t->note) &&
	       (e->change == EVENT_ADDED || e->change == EVENT_MODIFIED);
}

int cmd_blame(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct output out = OUTPUT_INIT(FORMAT_TEXT | FORMAT_JSON);
	const char *at = NULL;
	int ret = EXIT_FATAL;
	struct history h;
	struct trace *traces = NULL;
	struct blame_line *lines = NULL;
	size_t nr = 0, alloc = 0, open_nr, i, k;
	const struct vault_target *t;
	const struct vault_note **notes = NULL;
	size_t notes_nr;
	struct rev_walk_opts wopts = REV_WALK_OPTS_INIT;
	struct strvec revs = STRVEC_INIT;
	struct event_list ev = EVENT_LIST_INIT;
	struct strbuf sb = STRBUF_INIT;
	git_revwalk *walk = NULL;
	git_commit *tip = NULL;
	git_tree *tree = NULL;
	char *id = NULL;
	git_oid oid;
	struct option opts[] = {
		OPT_STRING(0, "at", &at, "rev",
			   "blame the target as it is at this revision"),
		OPT_FORMAT(&out, "text or json"),
		OPT_COLOR(&out),
		OPT_END(),
	};

	argc = parse_options(argc, argv, opts, blame_usage, 0);
	if (argc != 1)
		usage_msg(blame_usage, opts, argc ? "too many arguments"
						 : "no target given");
	history_init(&h, &ctx->repo);
	if (repo_commit(&tip, &ctx->repo, at ? at : "HEAD") < 0)
		goto done;
	if (git_commit_tree(&tree, tip) < 0 || history_goto(&h, tree) < 0) {
		error_git("cannot read the vault at %s", at ? at : "HEAD");
		goto done;
	}
	vault_balance(&h.vault);
	t = vault_lookup(&h.vault, argv[0]);
	if (!t) {
		struct strbuf name = STRBUF_INIT;

		strbuf_add_terminal_safe(&name, argv[0], strlen(argv[0]));
		error("no position, thesis or mapped target '%s' at %s",
		      name.buf, at ? at : "HEAD");
		strbuf_release(&name);
		goto done;
	}
	id = xstrdup(t->id);
	if (t->declared) {
		static const char *const fields[] = {"title", "stance",
						     "status", "confidence",
						     "owner"};
		const char *values[] = {t->decl->title, t->decl->stance,
					t->decl->status, t->decl->confidence,
					t->decl->owner};

		for (i = 0; i < ARRAY_SIZE(fields); i++) {
			if (!values[i])
				continue;
			ALLOC_GROW(traces, nr + 1, alloc);
			memset(&traces[nr], 0, sizeof(traces[nr]));
			traces[nr].line.field = fields[i];
			traces[nr].value = xstrdup(values[i]);
			nr++;
		}
	}
	notes_nr = vault_notes(&notes, &h.vault);
	/* Pointers into the vault die as the walk moves it. */
	t = NULL;
	for (i = 0; i < notes_nr; i++)
		for (k = 0; k < notes[i]->maps_nr; k++) {
			const struct vault_mapping *m = &notes[i]->maps[k];

			if (strcmp(m->target, id))
				continue;
			ALLOC_GROW(traces, nr + 1, alloc);
			memset(&traces[nr], 0, sizeof(traces[nr]));
			traces[nr].value = xstrfmt(
				"%s %s",
				m->decl->strength ? m->decl->strength : "-",
				m->decl->effect);
			traces[nr].strength =
				xstrdup_or_null(m->decl->strength);
			traces[nr].effect = xstrdup_or_null(m->decl->effect);
			traces[nr].path = xstrdup(notes[i]->path);
			traces[nr].note = xstrdup(notes[i]->path);
			nr++;
		}

	strvec_push(&revs, git_oid_tostr_s(git_commit_id(tip)));
	if (revs_walk(&walk, &ctx->repo, &revs, &wopts) < 0)
		goto done;
	for (open_nr = nr; open_nr && !git_revwalk_next(&oid, walk);) {
		git_commit *c = NULL;
		struct commit_info ci = COMMIT_INFO_INIT;
		char *older_id = NULL;

		if (git_commit_lookup(&c, ctx->repo.repo, &oid) < 0) {
			error_git("cannot read commit %s", git_oid_tostr_s(&oid));
			goto done;
		}
		event_list_clear(&ev);
		if (history_commit_events(&ev, &h, c, 0) < 0) {
			git_commit_free(c);
			goto done;
		}
		if (ev.nr)
			history_commit_info(&ci, c);
		git_commit_free(c);
		for (i = 0; i < nr; i++) {
			if (traces[i].found)
				continue;
			for (k = 0; k < ev.nr; k++)
				if (S_match(&traces[i], &ev.v[k], id))
					break;
			if (k < ev.nr) {
				commit_info_copy(&traces[i].commit, &ci);
				traces[i].found = 1;
				open_nr--;
			}
		}
		/* Further back, the target had its old id, notes old paths. */
		for (k = 0; k < ev.nr; k++) {
			const struct event *e = &ev.v[k];

			if (e->change == EVENT_RENAMED && !strcmp(e->target, id))
				older_id = e->old_value;
			if (e->change != EVENT_MOVED)
				continue;
			for (i = 0; i < nr; i++)
				if (traces[i].note &&
				    !strcmp(traces[i].note, e->new_value)) {
					free(traces[i].note);
					traces[i].note = xstrdup(e->old_value);
				}
		}
		if (older_id) {
			free(id);
			id = xstrdup(older_id);
		}
		commit_info_release(&ci);
	}

	/* The walk moved the vault: back to the tip for the card. */
	if (history_goto(&h, tree) < 0)
		goto done;
	vault_balance(&h.vault);
	t = vault_lookup(&h.vault, argv[0]);
	lines = xcalloc(nr + 1, sizeof(*lines));
	for (i = 0; i < nr; i++) {
		lines[i] = traces[i].line;
		lines[i].note = traces[i].path;
		lines[i].value = traces[i].value;
		lines[i].strength = traces[i].strength;
		lines[i].effect = traces[i].effect;
		lines[i].commit = traces[i].found ? &traces[i].commit : NULL;
	}
	output_setup(&out, ctx, 1);
	if (out.format == FORMAT_JSON)
		render_json_blame(&sb, t, lines, nr);
	else
		render_text_blame(&sb, &out, t, lines, nr);
	output_write(&sb);
	ret = 0;
done:
	for (i = 0; i < nr; i++) {
		free(traces[i].value);
		free(traces[i].strength);
		free(traces[i].effect);
		free(traces[i].note);
		free(traces[i].path);
		commit_info_release(&traces[i].commit);
	}
	free(traces);
	free(lines);
	free(notes);
	free(id);
	strbuf_release(&sb);
	strvec_release(&revs);
	event_list_release(&ev);
	git_revwalk_free(walk);
	git_tree_free(tree);
	git_commit_free(tip);
	history_release(&h);
	return ret;
}
