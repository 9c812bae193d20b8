#include <stdlib.h>
#include <string.h>

#include "blame.h"
#include "facts.h"
#include "revs.h"
#include "strbuf.h"
#include "util.h"

/*
 * What is being traced back: a field of the target, one mapping or one
 * open question.
 */
struct trace {
	const char *field; /* static; NULL for a mapping or a question */
	int question;
	char *value;
	char *path; /* the mapping's note path at the tip */
	char *strength, *effect; /* a mapping's, apart, as JSON gives them */
	char *note; /* the mapping's note path at the commit looked at */
	struct commit_info commit;
	int found;
};

static int S_match(const struct trace *t, const struct event *e, const char *id)
{
	if (!e->target || strcmp(e->target, id))
		return 0;
	if (t->field) {
		if (e->kind != EVENT_POSITION && e->kind != EVENT_THESIS)
			return 0;
		return e->change == EVENT_ADDED ||
		       (e->change == EVENT_MODIFIED &&
			!strcmp(e->field, t->field));
	}
	return e->kind == (t->question ? EVENT_QUESTION : EVENT_MAPPING) &&
	       !strcmp(e->note, t->note) &&
	       (e->change == EVENT_ADDED || e->change == EVENT_MODIFIED);
}

/* The traces of the target `id` as the vault has it now. */
static void S_traces(struct trace **out, size_t *nr_out, const struct vault *v,
		     const char *id)
{
	struct fact_set set = FACT_SET_INIT;
	const char *const *fields;
	const struct vault_note **notes = NULL;
	size_t fields_nr = fact_fields(FACT_TARGET, &fields);
	size_t nr = 0, alloc = 0, notes_nr, i, k;
	struct trace *traces = NULL;

	facts_add_target(&set, v, id);
	for (i = 0; set.nr && i < fields_nr; i++) {
		if (!set.v[0].values[i])
			continue;
		ALLOC_GROW(traces, nr + 1, alloc);
		memset(&traces[nr], 0, sizeof(traces[nr]));
		traces[nr].field = fields[i];
		traces[nr].value = xstrdup(set.v[0].values[i]);
		nr++;
	}
	fact_set_release(&set);
	notes_nr = vault_notes(&notes, v);
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
	for (i = 0; i < notes_nr; i++)
		for (k = 0; k < notes[i]->questions_nr; k++) {
			const struct vault_question *q =
				&notes[i]->questions[k];

			if (strcmp(q->target, id))
				continue;
			ALLOC_GROW(traces, nr + 1, alloc);
			memset(&traces[nr], 0, sizeof(traces[nr]));
			traces[nr].question = 1;
			traces[nr].value = xstrdup(q->decl->text);
			traces[nr].path = xstrdup(notes[i]->path);
			traces[nr].note = xstrdup(notes[i]->path);
			nr++;
		}
	free(notes);
	*out = traces;
	*nr_out = nr;
}

/* Marks the traces one commit's events set; follows renames and moves. */
static void S_step(struct trace *traces, size_t nr, size_t *open_nr, char **id,
		   const struct event_list *ev, const struct commit_info *ci)
{
	const char *older_id = NULL;
	size_t i, k;

	for (i = 0; i < nr; i++) {
		if (traces[i].found)
			continue;
		for (k = 0; k < ev->nr; k++)
			if (S_match(&traces[i], &ev->v[k], *id))
				break;
		if (k < ev->nr) {
			commit_info_copy(&traces[i].commit, ci);
			traces[i].found = 1;
			(*open_nr)--;
		}
	}
	/* Further back, the target had its old id, notes old paths. */
	for (k = 0; k < ev->nr; k++) {
		const struct event *e = &ev->v[k];

		if (e->change == EVENT_RENAMED && !strcmp(e->target, *id))
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
		char *tmp = xstrdup(older_id);

		free(*id);
		*id = tmp;
	}
}

static int S_walk(struct trace *traces, size_t nr, struct history *h,
		  struct thesis_repo *r, git_commit *tip, char **id)
{
	struct rev_walk_opts wopts = REV_WALK_OPTS_INIT;
	struct strvec revs = STRVEC_INIT;
	struct event_list ev = EVENT_LIST_INIT;
	git_revwalk *walk = NULL;
	size_t open_nr = nr;
	int err = -1;
	git_oid oid;

	strvec_push(&revs, git_oid_tostr_s(git_commit_id(tip)));
	if (revs_walk(&walk, r, &revs, &wopts) < 0)
		goto done;
	while (open_nr && !git_revwalk_next(&oid, walk)) {
		git_commit *c = NULL;
		struct commit_info ci = COMMIT_INFO_INIT;

		if (git_commit_lookup(&c, r->repo, &oid) < 0) {
			error_set_git("cannot read commit %s",
				      git_oid_tostr_s(&oid));
			goto done;
		}
		event_list_clear(&ev);
		if (history_commit_events(&ev, h, c, 0) < 0) {
			git_commit_free(c);
			if (!error_pending())
				error_set("cannot read the events of %s",
					  git_oid_tostr_s(&oid));
			goto done;
		}
		if (ev.nr)
			history_commit_info(&ci, c);
		git_commit_free(c);
		S_step(traces, nr, &open_nr, id, &ev, &ci);
		commit_info_release(&ci);
	}
	err = 0;
done:
	strvec_release(&revs);
	event_list_release(&ev);
	git_revwalk_free(walk);
	return err;
}

/* Moves the traces into the result, which the lines then point into. */
static void S_finish(struct blame_result *res, struct trace *traces, size_t nr)
{
	size_t i;

	res->nr = nr;
	res->lines = xcalloc(nr + 1, sizeof(*res->lines));
	res->commits = xcalloc(nr + 1, sizeof(*res->commits));
	res->strings = xcalloc(4 * nr + 1, sizeof(*res->strings));
	for (i = 0; i < nr; i++) {
		res->commits[i] = traces[i].commit;
		res->strings[res->strings_nr++] = traces[i].value;
		if (traces[i].path)
			res->strings[res->strings_nr++] = traces[i].path;
		if (traces[i].strength)
			res->strings[res->strings_nr++] = traces[i].strength;
		if (traces[i].effect)
			res->strings[res->strings_nr++] = traces[i].effect;
		free(traces[i].note);
		res->lines[i].field = traces[i].field;
		res->lines[i].question = traces[i].question;
		res->lines[i].value = traces[i].value;
		res->lines[i].note = traces[i].path;
		res->lines[i].strength = traces[i].strength;
		res->lines[i].effect = traces[i].effect;
		res->lines[i].commit =
			traces[i].found ? &res->commits[i] : NULL;
	}
}

int blame_run(struct blame_result **out, struct thesis_repo *r,
	      const char *name, const char *at)
{
	struct blame_result *res = xcalloc(1, sizeof(*res));
	const char *where = at ? at : "HEAD";
	struct trace *traces = NULL;
	size_t nr = 0, i;
	git_commit *tip = NULL;
	git_tree *tree = NULL;
	char *id = NULL;
	int err = -1;

	*out = NULL;
	history_init(&res->history, r);
	if (repo_tree(&tree, &tip, r, where) < 0 ||
	    repo_check_vault(r, tree, where) < 0)
		goto done;
	if (history_goto(&res->history, tip) < 0) {
		error_set("cannot read the vault at %s", where);
		goto done;
	}
	vault_balance(&res->history.vault);
	res->target = vault_lookup(&res->history.vault, name);
	if (!res->target) {
		struct strbuf safe = STRBUF_INIT;

		strbuf_add_terminal_safe(&safe, name, strlen(name));
		error_set("no position, thesis or mapped target '%s' at %s",
			  safe.buf, where);
		strbuf_release(&safe);
		goto done;
	}
	id = xstrdup(res->target->id);
	S_traces(&traces, &nr, &res->history.vault, id);
	/* Pointers into the vault die as the walk moves it. */
	res->target = NULL;
	if (S_walk(traces, nr, &res->history, r, tip, &id) < 0)
		goto done;
	/* The walk moved the vault: back to the tip for the card. */
	if (history_goto(&res->history, tip) < 0) {
		error_set("cannot read the vault at %s", where);
		goto done;
	}
	vault_balance(&res->history.vault);
	res->target = vault_lookup(&res->history.vault, name);
	S_finish(res, traces, nr);
	nr = 0;
	*out = res;
	res = NULL;
	err = 0;
done:
	for (i = 0; i < nr; i++) {
		free(traces[i].value);
		free(traces[i].note);
		free(traces[i].path);
		free(traces[i].strength);
		free(traces[i].effect);
		commit_info_release(&traces[i].commit);
	}
	free(traces);
	free(id);
	git_tree_free(tree);
	git_commit_free(tip);
	blame_result_free(res);
	return err;
}

void blame_result_free(struct blame_result *res)
{
	size_t i;

	if (!res)
		return;
	for (i = 0; i < res->nr; i++)
		commit_info_release(&res->commits[i]);
	for (i = 0; i < res->strings_nr; i++)
		free(res->strings[i]);
	free(res->strings);
	free(res->commits);
	free(res->lines);
	history_release(&res->history);
	free(res);
}
