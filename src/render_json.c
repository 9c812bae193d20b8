#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "suggest.h"
#include "util.h"
#include "vocab.h"

static void S_key(struct strbuf *sb, const char *key, int first)
{
	if (!first)
		strbuf_addch(sb, ',');
	strbuf_add_json_str(sb, key);
	strbuf_addch(sb, ':');
}

static void S_str(struct strbuf *sb, const char *key, const char *value,
		  int first)
{
	S_key(sb, key, first);
	strbuf_add_json_str(sb, value);
}

static void S_strvec(struct strbuf *sb, const char *key,
		     const struct strvec *v)
{
	size_t i;

	S_key(sb, key, 0);
	strbuf_addch(sb, '[');
	for (i = 0; v && i < v->nr; i++) {
		if (i)
			strbuf_addch(sb, ',');
		strbuf_add_json_str(sb, v->v[i]);
	}
	strbuf_addch(sb, ']');
}

static void S_target_fields(struct strbuf *sb, const struct vault_target *t)
{
	const struct target_decl *d = t->declared ? t->decl : NULL;
	const struct balance *b = &t->balance;

	S_str(sb, "id", t->id, 1);
	S_str(sb, "kind", vault_target_kind(t), 0);
	S_str(sb, "title", d ? d->title : NULL, 0);
	S_str(sb, "stance", d ? d->stance : NULL, 0);
	S_str(sb, "status", d ? d->status : NULL, 0);
	S_str(sb, "confidence", d ? d->confidence : NULL, 0);
	S_str(sb, "owner", d ? d->owner : NULL, 0);
	S_str(sb, "note", d ? t->note->path : NULL, 0);
	S_strvec(sb, "aliases", d ? &d->aliases : NULL);
	S_strvec(sb, "supersedes", d ? &d->supersedes : NULL);
	/*
	 * Only when its declaring note is broken (contract 2): the fields are
	 * then carried from its last parsed version.
	 */
	if (d && t->note->note->broken)
		S_str(sb, "broken", t->note->note->broken, 0);
	S_key(sb, "evidence", 0);
	strbuf_addf(sb,
		    "{\"supports\":%u,\"challenges\":%u,\"neutral\":%u,"
		    "\"mentions\":%u,\"score\":%d}",
		    b->supports, b->challenges, b->neutral, b->mentions,
		    b->score);
	S_key(sb, "questions", 0);
	strbuf_addf(sb, "%u", b->questions);
}

void render_json_target(struct strbuf *sb, const struct vault_target *t)
{
	strbuf_addch(sb, '{');
	S_target_fields(sb, t);
	strbuf_addch(sb, '}');
}

void render_json_positions(struct strbuf *sb,
			   const struct vault_target **targets, size_t nr)
{
	size_t i;

	strbuf_addstr(sb, "[");
	for (i = 0; i < nr; i++) {
		strbuf_addstr(sb, i ? ",\n" : "\n");
		render_json_target(sb, targets[i]);
	}
	strbuf_addstr(sb, nr ? "\n]\n" : "]\n");
}

void render_json_card(struct strbuf *sb, const struct vault *v,
		      const struct vault_target *t)
{
	const struct vault_note **notes;
	size_t n = vault_notes(&notes, v), i, j, maps_nr;
	struct card_mapping *maps;
	int first = 1;

	strbuf_addch(sb, '{');
	S_target_fields(sb, t);
	S_key(sb, "mappings", 0);
	strbuf_addch(sb, '[');
	maps_nr = render_card_mappings(&maps, v, t);
	for (i = 0; i < maps_nr; i++) {
		if (i)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, '{');
		S_str(sb, "note", maps[i].path, 1);
		S_str(sb, "strength", maps[i].decl->strength, 0);
		S_str(sb, "effect", maps[i].decl->effect, 0);
		S_str(sb, "why", maps[i].decl->why, 0);
		strbuf_addch(sb, '}');
	}
	free(maps);
	strbuf_addch(sb, ']');
	S_key(sb, "mentions", 0);
	strbuf_addch(sb, '[');
	first = 1;
	for (i = 0; i < n; i++) {
		for (j = 0; j < notes[i]->mentions_nr; j++) {
			if (strcmp(notes[i]->mentions[j], t->id))
				continue;
			if (!first)
				strbuf_addch(sb, ',');
			first = 0;
			strbuf_add_json_str(sb, notes[i]->path);
		}
	}
	strbuf_addch(sb, ']');
	S_key(sb, "open_questions", 0);
	strbuf_addch(sb, '[');
	first = 1;
	for (i = 0; i < n; i++) {
		for (j = 0; j < notes[i]->questions_nr; j++) {
			const struct vault_question *q = &notes[i]->questions[j];

			if (strcmp(q->target, t->id))
				continue;
			if (!first)
				strbuf_addch(sb, ',');
			first = 0;
			strbuf_addch(sb, '{');
			S_str(sb, "note", notes[i]->path, 1);
			S_key(sb, "line", 0);
			strbuf_addf(sb, "%u", q->decl->line);
			S_str(sb, "date", notes[i]->note->date, 0);
			S_str(sb, "text", q->decl->text, 0);
			strbuf_addch(sb, '}');
		}
	}
	strbuf_addch(sb, ']');
	S_key(sb, "unlinked_mentions", 0);
	strbuf_addch(sb, '[');
	first = 1;
	for (i = 0; i < n; i++) {
		for (j = 0; j < notes[i]->unlinked_nr; j++) {
			const struct vault_unlinked *u = &notes[i]->unlinked[j];

			if (strcmp(u->target, t->id))
				continue;
			if (!first)
				strbuf_addch(sb, ',');
			first = 0;
			strbuf_addch(sb, '{');
			S_str(sb, "note", notes[i]->path, 1);
			S_key(sb, "line", 0);
			strbuf_addf(sb, "%u", u->line);
			S_str(sb, "name", u->name, 0);
			strbuf_addch(sb, '}');
		}
	}
	strbuf_addstr(sb, "]}\n");
	free(notes);
}

void render_json_suggest(struct strbuf *sb, const struct suggestions *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++) {
		const struct suggestion *x = &list->v[i];
		const struct vault_target *t = x->target;

		strbuf_addch(sb, '{');
		S_str(sb, "path", x->path, 1);
		S_key(sb, "line", 0);
		strbuf_addf(sb, "%u", x->line);
		S_str(sb, "target", t->id, 0);
		S_str(sb, "kind", vault_target_kind(t), 0);
		S_str(sb, "title", t->declared ? t->decl->title : NULL, 0);
		S_str(sb, "name", x->name, 0);
		S_str(sb, "mapping", x->mapping, 0);
		strbuf_addstr(sb, "}\n");
	}
}

static void S_diag(struct strbuf *sb, const char *path,
		   const struct note_diag *d)
{
	strbuf_addch(sb, '{');
	if (path)
		S_str(sb, "path", path, 1);
	S_key(sb, "line", !path);
	if (d->line)
		strbuf_addf(sb, "%u", d->line);
	else
		strbuf_addstr(sb, "null");
	S_key(sb, "column", 0);
	if (d->column)
		strbuf_addf(sb, "%u", d->column);
	else
		strbuf_addstr(sb, "null");
	S_str(sb, "severity", d->severity == DIAG_ERROR ? "error" : "warning",
	      0);
	S_str(sb, "message", d->message, 0);
	strbuf_addch(sb, '}');
}

void render_json_check(struct strbuf *sb, const struct check_item *items,
		       size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		S_diag(sb, items[i].path, items[i].diag);
		strbuf_addch(sb, '\n');
	}
}

static void S_target_decl(struct strbuf *sb, const struct target_decl *d)
{
	strbuf_addch(sb, '{');
	S_str(sb, "id", d->id, 1);
	S_str(sb, "kind", target_kind_name(d->kind), 0);
	S_str(sb, "title", d->title, 0);
	S_str(sb, "stance", d->stance, 0);
	S_str(sb, "status", d->status, 0);
	S_str(sb, "confidence", d->confidence, 0);
	S_str(sb, "owner", d->owner, 0);
	S_strvec(sb, "aliases", &d->aliases);
	S_strvec(sb, "supersedes", &d->supersedes);
	S_key(sb, "line", 0);
	strbuf_addf(sb, "%u}", d->line);
}

void render_json_note(struct strbuf *sb, const struct vault *v,
		      const struct vault_note *vn)
{
	const struct note *note = vn->note;
	char *name = note_name(vn->path);
	size_t i;

	strbuf_addch(sb, '{');
	S_str(sb, "path", vn->path, 1);
	S_str(sb, "name", name, 0);
	free(name);
	S_key(sb, "frontmatter", 0);
	strbuf_addstr(sb, note->has_frontmatter ? "true" : "false");
	if (note->broken)
		S_str(sb, "broken", note->broken, 0);
	S_str(sb, "title", note->title, 0);
	S_str(sb, "type", note->type, 0);
	S_str(sb, "date", note->date, 0);
	S_str(sb, "source", note->source, 0);
	S_str(sb, "author", note->author, 0);
	S_strvec(sb, "tags", &note->tags);
	S_strvec(sb, "aliases", &note->aliases);
	S_key(sb, "targets", 0);
	strbuf_addch(sb, '[');
	for (i = 0; i < note->targets_nr; i++) {
		if (i)
			strbuf_addch(sb, ',');
		S_target_decl(sb, &note->targets[i]);
	}
	strbuf_addstr(sb, "]");
	S_key(sb, "mappings", 0);
	strbuf_addch(sb, '[');
	for (i = 0; i < note->mappings_nr; i++) {
		const struct mapping_decl *m = &note->mappings[i];
		char *id = vault_resolve_name(v, m->target, NULL);

		if (i)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, '{');
		S_str(sb, "target", m->target, 1);
		S_str(sb, "resolved", id, 0);
		S_str(sb, "strength", m->strength, 0);
		S_str(sb, "effect", m->effect, 0);
		S_str(sb, "why", m->why, 0);
		S_str(sb, "origin",
		      m->origin == MAPPING_BODY ? "body" : "frontmatter", 0);
		S_key(sb, "line", 0);
		strbuf_addf(sb, "%u}", m->line);
		free(id);
	}
	strbuf_addstr(sb, "]");
	S_key(sb, "links", 0);
	strbuf_addch(sb, '[');
	for (i = 0; i < note->links_nr; i++) {
		struct strbuf link = STRBUF_INIT;
		int declared;
		char *id;

		strbuf_addf(&link, "[[%s]]", note->links[i].target);
		id = vault_resolve_name(v, link.buf, &declared);
		if (i)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, '{');
		S_str(sb, "target", note->links[i].target, 1);
		S_str(sb, "mention", declared ? id : NULL, 0);
		S_key(sb, "line", 0);
		strbuf_addf(sb, "%u}", note->links[i].line);
		free(id);
		strbuf_release(&link);
	}
	strbuf_addstr(sb, "]");
	S_key(sb, "questions", 0);
	strbuf_addch(sb, '[');
	for (i = 0; i < note->questions_nr; i++) {
		const struct question_decl *q = &note->questions[i];
		size_t k, about = 0;

		if (i)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, '{');
		S_key(sb, "line", 1);
		strbuf_addf(sb, "%u", q->line);
		S_str(sb, "text", q->text, 0);
		S_key(sb, "targets", 0);
		strbuf_addch(sb, '[');
		for (k = 0; k < vn->questions_nr; k++) {
			if (vn->questions[k].decl != q)
				continue;
			if (about++)
				strbuf_addch(sb, ',');
			strbuf_add_json_str(sb, vn->questions[k].target);
		}
		strbuf_addstr(sb, "]}");
	}
	strbuf_addstr(sb, "]");
	S_key(sb, "diagnostics", 0);
	strbuf_addch(sb, '[');
	for (i = 0; i < note->diags_nr; i++) {
		if (i)
			strbuf_addch(sb, ',');
		S_diag(sb, NULL, &note->diags[i]);
	}
	strbuf_addstr(sb, "]}\n");
}

void render_json_events(struct strbuf *sb, const struct commit_info *c,
			const struct event *ev, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		const struct event *e = &ev[i];

		strbuf_addch(sb, '{');
		S_str(sb, "commit", c ? c->id : NULL, 1);
		S_str(sb, "time", c ? c->time : NULL, 0);
		S_str(sb, "author", c ? c->author : NULL, 0);
		S_str(sb, "kind", event_kind_name(e->kind), 0);
		S_str(sb, "change", event_change_name(e->change), 0);
		S_str(sb, "target", e->target, 0);
		S_str(sb, "note", e->note, 0);
		S_str(sb, "field", e->field, 0);
		S_str(sb, "old", e->old_value, 0);
		S_str(sb, "new", e->new_value, 0);
		S_str(sb, "subject", c ? c->subject : NULL, 0);
		S_str(sb, "why", c ? c->why : NULL, 0);
		strbuf_addstr(sb, "}\n");
	}
}

static void S_commit_fields(struct strbuf *sb, const struct commit_info *c)
{
	S_str(sb, "commit", c ? c->id : NULL, 0);
	S_str(sb, "time", c ? c->time : NULL, 0);
	S_str(sb, "author", c ? c->author : NULL, 0);
	S_str(sb, "subject", c ? c->subject : NULL, 0);
	S_str(sb, "trailer_why", c ? c->why : NULL, 0);
}

void render_json_blame(struct strbuf *sb, const struct vault_target *t,
		       const struct blame_line *lines, size_t nr)
{
	size_t i;
	int first = 1;

	strbuf_addch(sb, '{');
	S_str(sb, "id", t->id, 1);
	S_str(sb, "kind", vault_target_kind(t), 0);
	S_key(sb, "fields", 0);
	strbuf_addch(sb, '[');
	for (i = 0; i < nr; i++) {
		if (!lines[i].field)
			continue;
		strbuf_addstr(sb, first ? "{" : ",{");
		first = 0;
		S_str(sb, "field", lines[i].field, 1);
		S_str(sb, "value", lines[i].value, 0);
		S_commit_fields(sb, lines[i].commit);
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, ']');
	S_key(sb, "mappings", 0);
	strbuf_addch(sb, '[');
	first = 1;
	for (i = 0; i < nr; i++) {
		if (lines[i].field || lines[i].question)
			continue;
		strbuf_addstr(sb, first ? "{" : ",{");
		first = 0;
		S_str(sb, "note", lines[i].note, 1);
		S_str(sb, "mapping", lines[i].value, 0);
		S_str(sb, "strength", lines[i].strength, 0);
		S_str(sb, "effect", lines[i].effect, 0);
		S_commit_fields(sb, lines[i].commit);
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, ']');
	S_key(sb, "questions", 0);
	strbuf_addch(sb, '[');
	first = 1;
	for (i = 0; i < nr; i++) {
		if (!lines[i].question)
			continue;
		strbuf_addstr(sb, first ? "{" : ",{");
		first = 0;
		S_str(sb, "note", lines[i].note, 1);
		S_str(sb, "text", lines[i].value, 0);
		S_commit_fields(sb, lines[i].commit);
		strbuf_addch(sb, '}');
	}
	strbuf_addstr(sb, "]}\n");
}

static void S_balance_json(struct strbuf *sb, const char *key,
			   const struct balance *b, int exists)
{
	S_key(sb, key, 0);
	if (!exists) {
		strbuf_addstr(sb, "null");
		return;
	}
	strbuf_addf(sb,
		    "{\"supports\":%u,\"challenges\":%u,\"neutral\":%u,"
		    "\"mentions\":%u,\"score\":%d}",
		    b->supports, b->challenges, b->neutral, b->mentions,
		    b->score);
}

void render_json_review(struct strbuf *sb, const struct review *r)
{
	size_t i, k;

	strbuf_addch(sb, '{');
	S_str(sb, "range", r->range, 1);
	S_key(sb, "commits", 0);
	strbuf_addf(sb, "%zu", r->commits);
	S_key(sb, "flags", 0);
	strbuf_addf(sb, "%zu", r->flags_nr);
	S_key(sb, "targets", 0);
	strbuf_addch(sb, '[');
	for (i = 0; i < r->targets_nr; i++) {
		const struct review_target *t = &r->targets[i];

		strbuf_addstr(sb, i ? ",\n{" : "\n{");
		S_str(sb, "id", t->id, 1);
		S_str(sb, "kind", t->kind, 0);
		S_str(sb, "title", t->title, 0);
		S_str(sb, "status_before", t->status_before, 0);
		S_str(sb, "status_after", t->status_after, 0);
		S_balance_json(sb, "evidence_before", &t->before,
			       t->existed_before);
		S_balance_json(sb, "evidence_after", &t->after, t->exists_after);
		S_key(sb, "changes", 0);
		strbuf_addch(sb, '[');
		for (k = 0; k < t->items_nr; k++) {
			const struct review_item *it = &t->items[k];
			const struct event *e = it->event;

			strbuf_addstr(sb, k ? ",{" : "{");
			S_str(sb, "commit", it->commit->id, 1);
			S_str(sb, "kind", event_kind_name(e->kind), 0);
			S_str(sb, "change", event_change_name(e->change), 0);
			S_str(sb, "mapping_change", it->label, 0);
			S_str(sb, "note", e->note, 0);
			S_str(sb, "field", e->field, 0);
			S_str(sb, "old", e->old_value, 0);
			S_str(sb, "new", e->new_value, 0);
			S_str(sb, "trailer_why", it->commit->why, 0);
			strbuf_addch(sb, '}');
		}
		strbuf_addch(sb, ']');
		S_key(sb, "flags", 0);
		strbuf_addch(sb, '[');
		for (k = 0; k < t->flags_nr; k++) {
			strbuf_addstr(sb, k ? ",{" : "{");
			S_str(sb, "flag", t->flags[k].code, 1);
			S_str(sb, "message", t->flags[k].message, 0);
			S_str(sb, "commit",
			      t->flags[k].commit ? t->flags[k].commit->id
						 : NULL,
			      0);
			strbuf_addch(sb, '}');
		}
		strbuf_addstr(sb, "]}");
	}
	strbuf_addstr(sb, r->targets_nr ? "\n]}\n" : "]}\n");
}

static void S_story_event(struct strbuf *sb, const struct story_evidence *se)
{
	/* The contract's event keys, as `log --format=json` writes them. */
	const struct event *e = &se->ev;

	strbuf_addch(sb, '{');
	S_str(sb, "commit", se->commit.id, 1);
	S_str(sb, "time", se->commit.time, 0);
	S_str(sb, "author", se->commit.author, 0);
	S_str(sb, "kind", event_kind_name(e->kind), 0);
	S_str(sb, "change", event_change_name(e->change), 0);
	S_str(sb, "target", e->target, 0);
	S_str(sb, "note", e->note, 0);
	S_str(sb, "field", e->field, 0);
	S_str(sb, "old", e->old_value, 0);
	S_str(sb, "new", e->new_value, 0);
	S_str(sb, "subject", se->commit.subject, 0);
	S_str(sb, "why", se->commit.why, 0);
	strbuf_addch(sb, '}');
}

static void S_story_period(struct strbuf *sb, const char *key,
			   const struct story_period *p)
{
	size_t i;

	S_key(sb, key, 0);
	strbuf_addf(sb,
		    "{\"supports\":%u,\"challenges\":%u,\"neutral\":%u,"
		    "\"removed\":%u,\"questions\":%u,\"total\":%zu,"
		    "\"events\":[",
		    p->supports, p->challenges, p->neutral, p->removed,
		    p->questions, p->total);
	for (i = 0; i < p->nr; i++) {
		if (i)
			strbuf_addch(sb, ',');
		S_story_event(sb, &p->v[i]);
	}
	strbuf_addstr(sb, "]}");
}

static void S_story_commit(struct strbuf *sb, const struct commit_info *c)
{
	S_commit_fields(sb, c);
	S_str(sb, "date", c->date, 0);
}

void render_json_story(struct strbuf *sb, const struct story_target *t,
		       const char *title)
{
	size_t i;

	strbuf_addch(sb, '{');
	S_str(sb, "id", t->id, 1);
	S_str(sb, "kind", t->kind, 0);
	S_str(sb, "title", title, 0);
	S_str(sb, "status", t->declared ? t->status : NULL, 0);
	S_key(sb, "history", 0);
	strbuf_addch(sb, '[');
	for (i = 0; i < t->steps_nr; i++) {
		const struct story_step *st = &t->steps[i];

		if (i)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, '{');
		S_str(sb, "status", st->to, 1);
		S_str(sb, "from", st->from, 0);
		S_key(sb, "start", 0);
		strbuf_addstr(sb, st->start ? "true" : "false");
		S_str(sb, "confidence", st->confidence_to, 0);
		S_str(sb, "confidence_from",
		      st->confidence_changed ? st->confidence_from : NULL, 0);
		S_story_commit(sb, &st->commit);
		S_story_period(sb, "evidence", &st->before);
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, ']');
	S_story_period(sb, "since_last_change", &t->open);
	S_key(sb, "stances", 0);
	strbuf_addch(sb, '[');
	for (i = 0; i < t->stances_nr; i++) {
		const struct story_stance *ss = &t->stances[i];
		const struct story_stance *next =
			i + 1 < t->stances_nr ? &t->stances[i + 1] : NULL;

		if (i)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, '{');
		S_str(sb, "stance", ss->text, 1);
		S_key(sb, "start", 0);
		strbuf_addstr(sb, ss->start ? "true" : "false");
		S_story_commit(sb, &ss->commit);
		S_key(sb, "changed", 0);
		if (next) {
			strbuf_addch(sb, '{');
			S_str(sb, "commit", next->commit.id, 1);
			S_str(sb, "date", next->commit.date, 0);
			S_str(sb, "trailer_why", next->commit.why, 0);
			S_str(sb, "subject", next->commit.subject, 0);
			strbuf_addch(sb, '}');
		} else {
			strbuf_addstr(sb, "null");
		}
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, ']');
	S_key(sb, "questions", 0);
	strbuf_addch(sb, '[');
	for (i = 0; i < t->questions_nr; i++) {
		if (i)
			strbuf_addch(sb, ',');
		S_story_event(sb, &t->questions[i]);
	}
	strbuf_addstr(sb, "]}\n");
}
