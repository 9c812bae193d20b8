#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "render.h"
#include "suggest.h"
#include "util.h"
#include "vocab.h"

void render_text_value(struct strbuf *sb, const char *s, const char *null_text)
{
	if (!s)
		strbuf_addstr(sb, null_text);
	else
		strbuf_add_terminal_safe(sb, s, strlen(s));
}

const char *render_status_color(const char *status)
{
	static const struct {
		const char *word, *color;
	} colors[] = {
		{"held", COLOR_GREEN},       {"questioned", COLOR_YELLOW},
		{"revised", COLOR_CYAN},     {"retired", COLOR_DIM},
		{"emerging", COLOR_CYAN},    {"corroborated", COLOR_GREEN},
		{"contested", COLOR_YELLOW}, {"refuted", COLOR_RED},
	};
	size_t i;

	for (i = 0; status && i < ARRAY_SIZE(colors); i++)
		if (!strcmp(status, colors[i].word))
			return colors[i].color;
	return "";
}

/* A cell: its terminal-safe text and the colour to paint it in. */
struct cell {
	char *text;
	const char *color;
};

static char *S_safe(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	render_text_value(&sb, s, "-");
	return strbuf_detach(&sb, NULL);
}

static void S_pad(struct strbuf *sb, const struct output *o,
		  const struct cell *c, size_t width, int last)
{
	const char *color = output_color(o, c->color);

	if (*color)
		strbuf_addf(sb, "%s%s%s", color, c->text,
			    output_color(o, COLOR_RESET));
	else
		strbuf_addstr(sb, c->text);
	if (!last)
		strbuf_addchars(sb, ' ', width - utf8_width(c->text) + 2);
}

#define POS_COLS 8

void render_text_positions(struct strbuf *sb, const struct output *o,
			   const struct vault_target **targets, size_t nr)
{
	static const char *head[POS_COLS] = {
		"ID",	 "KIND",  "STATUS",    "CONFIDENCE",
		"EVIDENCE", "SCORE", "QUESTIONS", "TITLE"};
	struct cell *cells = xcalloc((nr + 1) * POS_COLS, sizeof(*cells));
	size_t width[POS_COLS] = {0}, i, c, broken = 0;

	for (c = 0; c < POS_COLS; c++) {
		cells[c].text = xstrdup(head[c]);
		cells[c].color = COLOR_BOLD;
	}
	for (i = 0; i < nr; i++) {
		const struct vault_target *t = targets[i];
		const struct target_decl *d = t->declared ? t->decl : NULL;
		const struct balance *b = &t->balance;
		struct cell *row = &cells[(i + 1) * POS_COLS];

		row[0].text = S_safe(t->id);
		row[1].text = xstrdup(vault_target_kind(t));
		row[2].text = S_safe(d ? d->status : NULL);
		row[2].color = render_status_color(d ? d->status : NULL);
		/* Carried from the note's last parsed version: say so. */
		if (d && t->note->note->broken) {
			char *marked = xstrfmt("%s (broken)", row[2].text);

			free(row[2].text);
			row[2].text = marked;
			row[2].color = COLOR_RED;
			broken++;
		}
		row[3].text = S_safe(d ? d->confidence : NULL);
		row[4].text = xstrfmt("+%u -%u =%u", b->supports,
				      b->challenges, b->neutral);
		row[5].text = xstrfmt("%+d", b->score);
		row[5].color = b->score < 0   ? COLOR_RED
			       : b->score > 0 ? COLOR_GREEN
					      : "";
		row[6].text = xstrfmt("%u", b->questions);
		row[7].text = S_safe(d ? d->title : NULL);
	}
	for (i = 0; i <= nr; i++)
		for (c = 0; c < POS_COLS; c++) {
			size_t w = utf8_width(cells[i * POS_COLS + c].text);

			if (w > width[c])
				width[c] = w;
		}
	for (i = 0; i <= nr; i++) {
		for (c = 0; c < POS_COLS; c++)
			S_pad(sb, o, &cells[i * POS_COLS + c], width[c],
			      c == POS_COLS - 1);
		strbuf_addch(sb, '\n');
	}
	for (i = 0; i < (nr + 1) * POS_COLS; i++)
		free(cells[i].text);
	free(cells);
	if (broken)
		strbuf_addch(sb, '\n');
	for (i = 0; i < nr && broken; i++) {
		const struct vault_target *t = targets[i];

		if (!t->declared || !t->note->note->broken)
			continue;
		render_text_value(sb, t->id, "-");
		strbuf_addstr(sb, ": ");
		render_text_value(sb, t->note->path, "-");
		strbuf_addstr(sb, " is broken at ");
		render_text_value(sb, t->note->note->broken, "");
		strbuf_addstr(sb, "; fields from its last parsed version\n");
	}
}

static void S_field(struct strbuf *sb, const struct output *o,
		    const char *label, const char *value, const char *color)
{
	strbuf_addf(sb, "%-11s ", label);
	strbuf_addstr(sb, output_color(o, color));
	render_text_value(sb, value, "-");
	if (*output_color(o, color))
		strbuf_addstr(sb, COLOR_RESET);
	strbuf_addch(sb, '\n');
}

static void S_list_field(struct strbuf *sb, const struct output *o,
			 const char *label, const struct strvec *v)
{
	char *joined = strvec_join(v, ", ");

	S_field(sb, o, label, joined, "");
	free(joined);
}

/* "  strong challenges    " in the effect's colour, padded to a column. */
static void S_mapping_words(struct strbuf *sb, const struct output *o,
			    const struct mapping_decl *m)
{
	struct strbuf w = STRBUF_INIT;
	int sign = vocab_effect_sign(m->effect);
	size_t width;

	render_text_value(&w, m->strength, "-");
	strbuf_addch(&w, ' ');
	render_text_value(&w, m->effect, "-");
	width = utf8_width(w.buf);
	strbuf_addf(sb, "  %s%s%s", output_color(o, sign < 0   ? COLOR_RED
						  : sign > 0 ? COLOR_GREEN
							     : ""),
		    w.buf, output_color(o, sign ? COLOR_RESET : ""));
	strbuf_addchars(sb, ' ', width < 20 ? 21 - width : 1);
	strbuf_release(&w);
}

static int S_cmp_card_mapping(const void *a, const void *b)
{
	const struct card_mapping *x = a, *y = b;
	int c = vocab_strength_weight(y->decl->strength) -
		vocab_strength_weight(x->decl->strength);

	return c ? c : strcmp(x->path, y->path);
}

size_t render_card_mappings(struct card_mapping **out, const struct vault *v,
			    const struct vault_target *t)
{
	const struct vault_note **notes;
	size_t n = vault_notes(&notes, v), i, j, nr = 0, alloc = 0;
	struct card_mapping *m = NULL;

	for (i = 0; i < n; i++)
		for (j = 0; j < notes[i]->maps_nr; j++) {
			if (strcmp(notes[i]->maps[j].target, t->id))
				continue;
			ALLOC_GROW(m, nr + 1, alloc);
			m[nr].path = notes[i]->path;
			m[nr++].decl = notes[i]->maps[j].decl;
		}
	free(notes);
	QSORT(m, nr, S_cmp_card_mapping);
	*out = m;
	return nr;
}

static void S_indented(struct strbuf *sb, const char *s);

void render_text_card(struct strbuf *sb, const struct output *o,
		      const struct vault *v, const struct vault_target *t)
{
	const struct target_decl *d = t->declared ? t->decl : NULL;
	const struct balance *b = &t->balance;
	const struct vault_note **notes;
	size_t n = vault_notes(&notes, v), i, j, shown = 0, maps_nr;
	struct card_mapping *maps;

	strbuf_addf(sb, "%s%s ", output_color(o, COLOR_BOLD),
		    vault_target_kind(t));
	render_text_value(sb, t->id, "-");
	strbuf_addf(sb, "%s\n", output_color(o, COLOR_RESET));
	if (d) {
		S_field(sb, o, "title:", d->title, "");
		S_field(sb, o, "stance:", d->stance, "");
		S_field(sb, o, "status:", d->status,
			render_status_color(d->status));
		S_field(sb, o, "confidence:", d->confidence, "");
		S_field(sb, o, "owner:", d->owner, "");
		S_list_field(sb, o, "aliases:", &d->aliases);
		S_list_field(sb, o, "supersedes:", &d->supersedes);
		S_field(sb, o, "note:", t->note->path, "");
		if (t->note->note->broken) {
			char *why = xstrfmt("%s (fields from its last parsed "
					    "version)",
					    t->note->note->broken);

			S_field(sb, o, "broken:", why, COLOR_RED);
			free(why);
		}
	}
	strbuf_addf(sb,
		    "%-11s %s%+d%s (%u supports, %u challenges, %u neutral; "
		    "%u mention%s)\n",
		    "evidence:",
		    output_color(o, b->score < 0   ? COLOR_RED
				    : b->score > 0 ? COLOR_GREEN
						   : ""),
		    b->score,
		    output_color(o, b->score ? COLOR_RESET : ""),
		    b->supports, b->challenges, b->neutral, b->mentions,
		    b->mentions == 1 ? "" : "s");

	maps_nr = render_card_mappings(&maps, v, t);
	for (i = 0; i < maps_nr; i++) {
		if (!i)
			strbuf_addstr(sb, "\nmappings:\n");
		S_mapping_words(sb, o, maps[i].decl);
		render_text_value(sb, maps[i].path, "-");
		strbuf_addch(sb, '\n');
		if (maps[i].decl->why) {
			strbuf_addstr(sb, "      ");
			render_text_value(sb, maps[i].decl->why, "");
			strbuf_addch(sb, '\n');
		}
	}
	free(maps);
	shown = 0;
	for (i = 0; i < n; i++) {
		for (j = 0; j < notes[i]->mentions_nr; j++) {
			if (strcmp(notes[i]->mentions[j], t->id))
				continue;
			if (!shown++)
				strbuf_addstr(sb, "\nmentions:\n");
			strbuf_addstr(sb, "  ");
			render_text_value(sb, notes[i]->path, "-");
			strbuf_addch(sb, '\n');
		}
	}
	shown = 0;
	for (i = 0; i < n; i++) {
		for (j = 0; j < notes[i]->questions_nr; j++) {
			const struct vault_question *q = &notes[i]->questions[j];

			if (strcmp(q->target, t->id))
				continue;
			if (!shown++)
				strbuf_addstr(sb, "\nopen questions:\n");
			strbuf_addstr(sb, "  ");
			render_text_value(sb, notes[i]->path, "-");
			strbuf_addf(sb, ":%u  ", q->decl->line);
			render_text_value(sb, notes[i]->note->date, "-");
			strbuf_addstr(sb, "\n      ");
			render_text_value(sb, q->decl->text, "");
			strbuf_addch(sb, '\n');
		}
	}
	shown = 0;
	for (i = 0; i < n; i++) {
		for (j = 0; j < notes[i]->unlinked_nr; j++) {
			const struct vault_unlinked *u = &notes[i]->unlinked[j];

			if (strcmp(u->target, t->id))
				continue;
			if (!shown++)
				strbuf_addstr(sb, "\nunlinked mentions:\n");
			strbuf_addstr(sb, "  ");
			render_text_value(sb, notes[i]->path, "-");
			strbuf_addf(sb, ":%u  ", u->line);
			render_text_value(sb, u->name, "");
			strbuf_addch(sb, '\n');
		}
	}
	free(notes);
}

void render_text_suggest(struct strbuf *sb, const struct output *o,
			 const struct suggestions *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++) {
		const struct suggestion *x = &list->v[i];

		render_text_value(sb, x->path, "-");
		strbuf_addf(sb, ":%u: %ssuggestion%s: '", x->line,
			    output_color(o, COLOR_CYAN),
			    output_color(o, COLOR_RESET));
		render_text_value(sb, x->name, "");
		strbuf_addf(sb, "' names %s ", vault_target_kind(x->target));
		render_text_value(sb, x->target->id, "-");
		strbuf_addstr(sb, " without a link or mapping; to map it, "
				  "add:\n\n");
		S_indented(sb, x->mapping);
		strbuf_addch(sb, '\n');
	}
}

/* Each line of `s` indented by four spaces, terminal-safe. */
static void S_indented(struct strbuf *sb, const char *s)
{
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);

		if (len)
			strbuf_addstr(sb, "    ");
		strbuf_add_terminal_safe(sb, s, len);
		strbuf_addch(sb, '\n');
		s += len + (nl ? 1 : 0);
	}
}

static void S_diag_line(struct strbuf *sb, const struct output *o,
			const char *path, const struct note_diag *d)
{
	int err = d->severity == DIAG_ERROR;

	if (path)
		render_text_value(sb, path, "-");
	if (path && d->line)
		strbuf_addf(sb, ":%u", d->line);
	if (path && d->line && d->column)
		strbuf_addf(sb, ":%u", d->column);
	if (path)
		strbuf_addstr(sb, ": ");
	strbuf_addf(sb, "%s%s%s: ", output_color(o, err ? COLOR_RED
							: COLOR_YELLOW),
		    err ? "error" : "warning", output_color(o, COLOR_RESET));
	render_text_value(sb, d->message, "");
	strbuf_addch(sb, '\n');
}

void render_text_check(struct strbuf *sb, const struct output *o,
		       const struct check_item *items, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		S_diag_line(sb, o, items[i].path, items[i].diag);
}

void render_text_note(struct strbuf *sb, const struct output *o,
		      const struct vault *v, const struct vault_note *vn)
{
	const struct note *note = vn->note;
	size_t i;
	char *tags = strvec_join(&note->tags, ", ");
	char *aliases = strvec_join(&note->aliases, ", ");

	S_field(sb, o, "path:", vn->path, COLOR_BOLD);
	S_field(sb, o, "frontmatter:", note->has_frontmatter ? "yes" : "no",
		"");
	if (note->broken)
		S_field(sb, o, "broken:", note->broken, COLOR_RED);
	S_field(sb, o, "title:", note->title, "");
	S_field(sb, o, "type:", note->type, "");
	S_field(sb, o, "date:", note->date, "");
	S_field(sb, o, "source:", note->source, "");
	S_field(sb, o, "author:", note->author, "");
	S_field(sb, o, "tags:", tags, "");
	S_field(sb, o, "aliases:", aliases, "");
	free(tags);
	free(aliases);
	for (i = 0; i < note->targets_nr; i++) {
		const struct target_decl *d = &note->targets[i];
		char *sup = strvec_join(&d->supersedes, ", ");
		char *al = strvec_join(&d->aliases, ", ");

		strbuf_addf(sb, "\n%s ", target_kind_name(d->kind));
		render_text_value(sb, d->id, "-");
		strbuf_addf(sb, " (line %u)\n", d->line);
		strbuf_addstr(sb, "  ");
		S_field(sb, o, "title:", d->title, "");
		strbuf_addstr(sb, "  ");
		S_field(sb, o, "stance:", d->stance, "");
		strbuf_addstr(sb, "  ");
		S_field(sb, o, "status:", d->status, "");
		strbuf_addstr(sb, "  ");
		S_field(sb, o, "confidence:", d->confidence, "");
		strbuf_addstr(sb, "  ");
		S_field(sb, o, "owner:", d->owner, "");
		strbuf_addstr(sb, "  ");
		S_field(sb, o, "aliases:", al, "");
		strbuf_addstr(sb, "  ");
		S_field(sb, o, "supersedes:", sup, "");
		free(sup);
		free(al);
	}
	if (note->mappings_nr)
		strbuf_addstr(sb, "\nmappings:\n");
	for (i = 0; i < note->mappings_nr; i++) {
		const struct mapping_decl *m = &note->mappings[i];
		char *id = vault_resolve_name(v, m->target, NULL);

		strbuf_addf(sb, "  %u: ", m->line);
		render_text_value(sb, m->target, "-");
		strbuf_addstr(sb, " -> ");
		render_text_value(sb, id, "-");
		strbuf_addstr(sb, ": ");
		render_text_value(sb, m->strength, "-");
		strbuf_addch(sb, ' ');
		render_text_value(sb, m->effect, "-");
		strbuf_addf(sb, " (%s)\n", m->origin == MAPPING_BODY
						  ? "body"
						  : "frontmatter");
		if (m->why) {
			strbuf_addstr(sb, "      ");
			render_text_value(sb, m->why, "");
			strbuf_addch(sb, '\n');
		}
		free(id);
	}
	if (note->links_nr)
		strbuf_addstr(sb, "\nlinks:\n");
	for (i = 0; i < note->links_nr; i++) {
		struct strbuf link = STRBUF_INIT;
		int declared;
		char *id;

		strbuf_addf(&link, "[[%s]]", note->links[i].target);
		id = vault_resolve_name(v, link.buf, &declared);
		strbuf_addf(sb, "  %u: ", note->links[i].line);
		render_text_value(sb, note->links[i].target, "-");
		if (declared) {
			strbuf_addstr(sb, " -> mention of ");
			render_text_value(sb, id, "-");
		}
		strbuf_addch(sb, '\n');
		free(id);
		strbuf_release(&link);
	}
	if (note->questions_nr)
		strbuf_addstr(sb, "\nopen questions:\n");
	for (i = 0; i < note->questions_nr; i++) {
		const struct question_decl *q = &note->questions[i];
		size_t k, about = 0;

		strbuf_addf(sb, "  %u: ", q->line);
		render_text_value(sb, q->text, "-");
		for (k = 0; k < vn->questions_nr; k++) {
			if (vn->questions[k].decl != q)
				continue;
			strbuf_addstr(sb, about++ ? ", " : " -> about ");
			render_text_value(sb, vn->questions[k].target, "-");
		}
		strbuf_addch(sb, '\n');
	}
	if (note->diags_nr)
		strbuf_addstr(sb, "\ndiagnostics:\n");
	for (i = 0; i < note->diags_nr; i++) {
		strbuf_addstr(sb, "  ");
		if (note->diags[i].line)
			strbuf_addf(sb, "%u:%u: ", note->diags[i].line,
				    note->diags[i].column);
		S_diag_line(sb, o, NULL, &note->diags[i]);
	}
}

static void S_ev_value(struct strbuf *sb, const char *v)
{
	render_text_value(sb, v, "(none)");
}

/*
 * What an event changed, its second column: a target's field, `mapping`
 * for a mapping's field, `renamed`, or `+ mapping`, `- position`.
 * `field` says whether it is a target's field (two spaces follow it).
 */
static void S_event_col(struct strbuf *sb, const struct event *e, int *field)
{
	*field = 0;
	switch (e->change) {
	case EVENT_RENAMED:
		strbuf_addstr(sb, "renamed");
		return;
	case EVENT_MODIFIED:
		if (e->kind == EVENT_MAPPING || e->kind == EVENT_QUESTION) {
			strbuf_addstr(sb, event_kind_name(e->kind));
			return;
		}
		*field = 1;
		strbuf_addstr(sb, e->field ? e->field : "-");
		return;
	default:
		strbuf_addf(sb, "%c %s", e->change == EVENT_ADDED ? '+' : '-',
			    event_kind_name(e->kind));
		return;
	}
}

/*
 * An event as columns: the target, then what changed (a field, or
 * `+ mapping`), then the values.  `tw` and `cw` pad the first two
 * columns to a block's widths (0: no padding, the trailers' form);
 * `with_target` 0 leaves the target out (review lists under a heading).
 */
static void S_event_cols(struct strbuf *sb, const struct output *o,
			 const struct event *e, size_t tw, size_t cw,
			 int with_target)
{
	const char *add = output_color(o, COLOR_GREEN);
	const char *del = output_color(o, COLOR_RED);
	const char *reset = output_color(o, COLOR_RESET);
	struct strbuf col = STRBUF_INIT;
	int field = 0;

	if (e->kind == EVENT_NOTE && e->change == EVENT_BROKEN) {
		strbuf_addf(sb, "%snote broken ", del);
		render_text_value(sb, e->note, "-");
		strbuf_addstr(sb, ": ");
		S_ev_value(sb, e->new_value);
		strbuf_addstr(sb, reset);
		return;
	}
	if (e->kind == EVENT_NOTE && e->change == EVENT_REPAIRED) {
		strbuf_addf(sb, "%snote repaired ", add);
		render_text_value(sb, e->note, "-");
		strbuf_addstr(sb, reset);
		return;
	}
	if (e->kind == EVENT_NOTE) {
		strbuf_addstr(sb, "note moved ");
		S_ev_value(sb, e->old_value);
		strbuf_addstr(sb, " -> ");
		S_ev_value(sb, e->new_value);
		return;
	}
	if (with_target) {
		struct strbuf id = STRBUF_INIT;

		render_text_value(&id, e->target, "-");
		strbuf_addf(sb, "%s%s%s  ", output_color(o, COLOR_BOLD), id.buf,
			    reset);
		if (tw > utf8_width(id.buf))
			strbuf_addchars(sb, ' ', tw - utf8_width(id.buf));
		strbuf_release(&id);
	}
	S_event_col(&col, e, &field);
	if (e->change == EVENT_ADDED || e->change == EVENT_REMOVED)
		strbuf_addstr(sb, e->change == EVENT_ADDED ? add : del);
	strbuf_addbuf(sb, &col);
	if (cw > utf8_width(col.buf))
		strbuf_addchars(sb, ' ', cw - utf8_width(col.buf));
	strbuf_addstr(sb, cw || field ? "  " : " ");
	strbuf_release(&col);
	switch (e->change) {
	case EVENT_RENAMED:
		strbuf_addstr(sb, "from ");
		S_ev_value(sb, e->old_value);
		return;
	case EVENT_MODIFIED:
		if (e->kind == EVENT_MAPPING || e->kind == EVENT_QUESTION) {
			render_text_value(sb, e->note, "-");
			strbuf_addf(sb, "  %s  ", e->field);
		}
		strbuf_addstr(sb, del);
		S_ev_value(sb, e->old_value);
		strbuf_addf(sb, "%s -> %s", reset, add);
		S_ev_value(sb, e->new_value);
		strbuf_addstr(sb, reset);
		return;
	default:
		break;
	}
	if (e->kind != EVENT_POSITION && e->kind != EVENT_THESIS) {
		render_text_value(sb, e->note, "-");
		if (e->old_value || e->new_value)
			strbuf_addch(sb, ' ');
	}
	if (e->old_value || e->new_value) {
		strbuf_addch(sb, '(');
		S_ev_value(sb, e->change == EVENT_ADDED ? e->new_value
							: e->old_value);
		strbuf_addch(sb, ')');
	}
	strbuf_addstr(sb, reset);
}

void render_text_event(struct strbuf *sb, const struct output *o,
		       const struct event *e)
{
	S_event_cols(sb, o, e, 0, 0, 1);
}

/* The widths of the target and change columns over a block of events. */
static void S_event_widths(size_t *tw, size_t *cw, const struct event *ev,
			   size_t nr)
{
	size_t i;

	*tw = *cw = 0;
	for (i = 0; i < nr; i++) {
		struct strbuf w = STRBUF_INIT;
		int field;

		if (ev[i].kind == EVENT_NOTE)
			continue;
		render_text_value(&w, ev[i].target, "-");
		if (utf8_width(w.buf) > *tw)
			*tw = utf8_width(w.buf);
		strbuf_reset(&w);
		S_event_col(&w, &ev[i], &field);
		if (utf8_width(w.buf) > *cw)
			*cw = utf8_width(w.buf);
		strbuf_release(&w);
	}
}

void render_text_events(struct strbuf *sb, const struct output *o,
			const struct commit_info *c, const struct event *ev,
			size_t nr)
{
	size_t i, tw, cw;
	const char *indent = "";

	if (c && c->id) {
		strbuf_addf(sb, "%s%s%s %s ", output_color(o, COLOR_YELLOW),
			    c->short_id, output_color(o, COLOR_RESET),
			    c->date);
		render_text_value(sb, c->author_name, "");
		strbuf_addstr(sb, "  ");
		render_text_value(sb, c->subject, "");
		strbuf_addch(sb, '\n');
		indent = "    ";
	}
	/* Columns as wide as this commit's (or this diff's) events need. */
	S_event_widths(&tw, &cw, ev, nr);
	for (i = 0; i < nr; i++) {
		strbuf_addstr(sb, indent);
		S_event_cols(sb, o, &ev[i], tw, cw, 1);
		strbuf_addch(sb, '\n');
	}
}

static void S_commit_line(struct strbuf *sb, const struct output *o,
			  const char *indent, const struct commit_info *c)
{
	strbuf_addstr(sb, indent);
	if (!c) {
		strbuf_addstr(sb, "(not set within the history walked)\n");
		return;
	}
	strbuf_addf(sb, "%s%s%s %s ", output_color(o, COLOR_YELLOW),
		    c->short_id, output_color(o, COLOR_RESET), c->date);
	render_text_value(sb, c->author_name, "");
	strbuf_addstr(sb, "  ");
	render_text_value(sb, c->subject, "");
	strbuf_addch(sb, '\n');
	if (c->why) {
		strbuf_addf(sb, "%sWhy: ", indent);
		render_text_value(sb, c->why, "");
		strbuf_addch(sb, '\n');
	}
}

void render_text_blame(struct strbuf *sb, const struct output *o,
		       const struct vault_target *t,
		       const struct blame_line *lines, size_t nr)
{
	size_t i;

	strbuf_addf(sb, "%s%s ", output_color(o, COLOR_BOLD),
		    vault_target_kind(t));
	render_text_value(sb, t->id, "-");
	strbuf_addf(sb, "%s\n", output_color(o, COLOR_RESET));
	for (i = 0; i < nr; i++) {
		const struct blame_line *l = &lines[i];

		if (l->field) {
			strbuf_addf(sb, "  %-11s ", l->field);
		} else {
			strbuf_addstr(sb, l->question ? "  question " : "  mapping ");
			render_text_value(sb, l->note, "-");
			strbuf_addstr(sb, "  ");
		}
		render_text_value(sb, l->value, "-");
		strbuf_addch(sb, '\n');
		S_commit_line(sb, o, "              ", l->commit);
	}
}

static void S_balance_text(struct strbuf *sb, const struct balance *b,
			   int exists)
{
	if (!exists) {
		strbuf_addstr(sb, "(none)");
		return;
	}
	strbuf_addf(sb, "%+d (%u supports, %u challenges, %u neutral)",
		    b->score, b->supports, b->challenges, b->neutral);
}

/* What a review item changed, its second column: `mapping reversed`. */
static void S_review_col(struct strbuf *sb, const struct review_item *it)
{
	int field;

	if (it->label)
		strbuf_addf(sb, "mapping %s", it->label);
	else
		S_event_col(sb, it->event, &field);
}

/*
 * A target's items, git-like: the commit, what changed, the values; the
 * columns as wide as this target's items need.
 */
static void S_review_items(struct strbuf *sb, const struct output *o,
			   const struct review_target *t)
{
	struct strbuf col = STRBUF_INIT;
	size_t k, cw = 0;

	for (k = 0; k < t->items_nr; k++) {
		strbuf_reset(&col);
		S_review_col(&col, &t->items[k]);
		if (utf8_width(col.buf) > cw)
			cw = utf8_width(col.buf);
	}
	for (k = 0; k < t->items_nr; k++) {
		const struct review_item *it = &t->items[k];
		const struct event *e = it->event;

		strbuf_addf(sb, "  %s%s%s  ", output_color(o, COLOR_YELLOW),
			    it->commit->short_id, output_color(o, COLOR_RESET));
		if (!it->label) {
			S_event_cols(sb, o, e, 0, cw, 0);
			strbuf_addch(sb, '\n');
			continue;
		}
		strbuf_reset(&col);
		S_review_col(&col, it);
		strbuf_addbuf(sb, &col);
		strbuf_addchars(sb, ' ', cw - utf8_width(col.buf) + 2);
		render_text_value(sb, e->note, "-");
		strbuf_addstr(sb, "  ");
		if (e->change == EVENT_MODIFIED) {
			render_text_value(sb, e->old_value, "(none)");
			strbuf_addstr(sb, " -> ");
		}
		render_text_value(sb,
				  e->change == EVENT_REMOVED ? e->old_value
							     : e->new_value,
				  "(none)");
		strbuf_addch(sb, '\n');
	}
	strbuf_release(&col);
}

void render_text_review(struct strbuf *sb, const struct output *o,
			const struct review *r)
{
	size_t i, k;

	strbuf_addstr(sb, "Review of ");
	render_text_value(sb, r->range, "");
	strbuf_addf(sb, ": %zu commit%s, %zu target%s changed, %zu flag%s\n",
		    r->commits, r->commits == 1 ? "" : "s", r->targets_nr,
		    r->targets_nr == 1 ? "" : "s", r->flags_nr,
		    r->flags_nr == 1 ? "" : "s");
	for (i = 0; i < r->targets_nr; i++) {
		const struct review_target *t = &r->targets[i];

		strbuf_addf(sb, "\n%s%s ", output_color(o, COLOR_BOLD), t->kind);
		render_text_value(sb, t->id, "-");
		strbuf_addstr(sb, output_color(o, COLOR_RESET));
		if (t->title) {
			strbuf_addstr(sb, "  ");
			render_text_value(sb, t->title, "");
		}
		strbuf_addch(sb, '\n');
		S_review_items(sb, o, t);
		strbuf_addstr(sb, "  evidence: ");
		S_balance_text(sb, &t->before, t->existed_before);
		strbuf_addstr(sb, " -> ");
		S_balance_text(sb, &t->after, t->exists_after);
		strbuf_addch(sb, '\n');
		for (k = 0; k < t->flags_nr; k++) {
			strbuf_addf(sb, "  %sflag%s %s: ",
				    output_color(o, COLOR_RED),
				    output_color(o, COLOR_RESET),
				    t->flags[k].code);
			render_text_value(sb, t->flags[k].message, "");
			strbuf_addch(sb, '\n');
		}
	}
}

/* A date of a commit as people write it, `4 May 2026`. */
static void S_human(struct strbuf *sb, const struct commit_info *c)
{
	char d[DATE_HUMAN_MAX];

	date_human(d, c->date);
	strbuf_addstr(sb, d);
}

static void S_story_commit(struct strbuf *sb, const struct output *o,
			   const struct commit_info *c)
{
	strbuf_addf(sb, "    %s%s%s %s ", output_color(o, COLOR_YELLOW),
		    c->short_id ? c->short_id : "-",
		    output_color(o, COLOR_RESET), c->date ? c->date : "");
	render_text_value(sb, c->author_name, "");
	strbuf_addstr(sb, "  ");
	render_text_value(sb, c->subject, "");
	strbuf_addch(sb, '\n');
}

/* "1 supporting, 2 challenging": what a period's mappings said. */
static void S_period_counts(struct strbuf *sb, const struct story_period *p)
{
	const char *sep = "";

#define COUNT(n, what)                                 \
	if (n) {                                       \
		strbuf_addf(sb, "%s%u " what, sep, n); \
		sep = ", ";                            \
	}
	COUNT(p->supports, "supporting");
	COUNT(p->challenges, "challenging");
	COUNT(p->neutral, "neutral");
	COUNT(p->removed, "removed");
#undef COUNT
	if (p->questions)
		strbuf_addf(sb, "%s%u question%s", sep, p->questions,
			    p->questions == 1 ? "" : "s");
	else if (!*sep)
		strbuf_addf(sb, "%zu change%s to mappings", p->total,
			    p->total == 1 ? "" : "s");
}

/* What a piece of evidence did, uncoloured: `strong supports`. */
static void S_evidence_value(struct strbuf *sb, const struct event *e)
{
	if (e->change == EVENT_MODIFIED) {
		strbuf_addf(sb, "%s ", e->field);
		render_text_value(sb, e->old_value, "(none)");
		strbuf_addstr(sb, " -> ");
	}
	render_text_value(
		sb, e->change == EVENT_REMOVED ? e->old_value : e->new_value,
		"(none)");
}

static void S_period(struct strbuf *sb, const struct output *o,
		     const struct story_period *p, const char *heading)
{
	size_t i, width = 0, vwidth = 0;

	if (!p->total)
		return;
	strbuf_addf(sb, "    %s: ", heading);
	S_period_counts(sb, p);
	strbuf_addch(sb, '\n');
	if (p->total > p->nr)
		strbuf_addf(sb, "      (the last %zu of %zu)\n", p->nr,
			    p->total);
	/* Columns for the notes and what they did, as git aligns a stat. */
	for (i = 0; i < p->nr; i++) {
		struct strbuf w = STRBUF_INIT;

		render_text_value(&w, p->v[i].ev.note, "-");
		if (utf8_width(w.buf) > width)
			width = utf8_width(w.buf);
		strbuf_reset(&w);
		S_evidence_value(&w, &p->v[i].ev);
		if (utf8_width(w.buf) > vwidth)
			vwidth = utf8_width(w.buf);
		strbuf_release(&w);
	}
	for (i = 0; i < p->nr; i++) {
		const struct story_evidence *se = &p->v[i];
		const struct event *e = &se->ev;
		struct strbuf w = STRBUF_INIT;
		const char *v = e->change == EVENT_REMOVED ? e->old_value
							   : e->new_value;
		int sign = 0;

		if (story_is_question(e))
			strbuf_addstr(sb, "      ? ");
		else
			strbuf_addf(sb, "      %c ",
				    e->change == EVENT_ADDED	 ? '+'
				    : e->change == EVENT_REMOVED ? '-'
								 : '~');
		render_text_value(&w, e->note, "-");
		strbuf_addbuf(sb, &w);
		strbuf_addchars(sb, ' ', width - utf8_width(w.buf) + 2);
		if (e->kind == EVENT_MAPPING && v &&
		    (e->change == EVENT_ADDED || !strcmp(e->field, "effect"))) {
			const char *sp = strchr(v, ' ');

			sign = vocab_effect_sign(sp ? sp + 1 : v);
		}
		strbuf_reset(&w);
		S_evidence_value(&w, e);
		strbuf_addf(sb, "%s%s%s",
			    output_color(o, sign < 0   ? COLOR_RED
					    : sign > 0 ? COLOR_GREEN
						       : ""),
			    w.buf, output_color(o, sign ? COLOR_RESET : ""));
		strbuf_addchars(sb, ' ', vwidth - utf8_width(w.buf) + 2);
		strbuf_release(&w);
		strbuf_addf(sb, "(%s ", se->commit.short_id);
		S_human(sb, &se->commit);
		strbuf_addstr(sb, ")\n");
	}
}

void render_text_story(struct strbuf *sb, const struct output *o,
		       const struct story_target *t, const char *title)
{
	size_t i;

	strbuf_addf(sb, "%s%s ", output_color(o, COLOR_BOLD), t->kind);
	render_text_value(sb, t->id, "-");
	strbuf_addstr(sb, output_color(o, COLOR_RESET));
	if (title) {
		strbuf_addstr(sb, "  ");
		render_text_value(sb, title, "");
	}
	strbuf_addch(sb, '\n');
	if (t->steps_dropped)
		strbuf_addf(sb, "\n(%zu earlier status changes left out)\n",
			    t->steps_dropped);
	for (i = 0; i < t->steps_nr; i++) {
		const struct story_step *st = &t->steps[i];
		const char *to = st->to ? st->to : "no longer declared";

		strbuf_addf(sb, "\n%s", output_color(o, COLOR_BOLD));
		strbuf_addstr(sb, output_color(o, render_status_color(st->to)));
		render_text_value(sb, to, "-");
		strbuf_addf(sb, "%s  ", output_color(o, COLOR_RESET));
		if (st->start)
			strbuf_addstr(sb, "at the start of the range, ");
		S_human(sb, &st->commit);
		strbuf_addstr(sb, "  (");
		if (st->start) {
			strbuf_addstr(sb, "confidence ");
		} else if (!st->from) {
			strbuf_addstr(sb, "declared, confidence ");
		} else {
			strbuf_addstr(sb, "was ");
			render_text_value(sb, st->from, "(none)");
			strbuf_addstr(sb, st->confidence_changed
						  ? "; confidence "
						  : "");
		}
		if (st->confidence_changed) {
			render_text_value(sb, st->confidence_from, "(none)");
			strbuf_addstr(sb, " -> ");
		}
		if (!st->from || st->confidence_changed)
			render_text_value(sb, st->confidence_to, "(none)");
		strbuf_addch(sb, ')');
		strbuf_addch(sb, '\n');
		S_story_commit(sb, o, &st->commit);
		if (st->commit.why) {
			strbuf_addstr(sb, "    Why: ");
			render_text_value(sb, st->commit.why, "");
			strbuf_addch(sb, '\n');
		}
		S_period(sb, o, &st->before, "evidence before it");
	}
	if (t->open.total) {
		strbuf_addstr(sb, "\nsince the last status change\n");
		S_period(sb, o, &t->open, "evidence");
	}
	if (t->stances_nr) {
		strbuf_addstr(sb, "\nstances\n");
		if (t->stances_dropped)
			strbuf_addf(sb, "  (%zu earlier stances left out)\n",
				    t->stances_dropped);
	}
	for (i = 0; i < t->stances_nr; i++) {
		const struct story_stance *ss = &t->stances[i];
		const struct story_stance *next =
			i + 1 < t->stances_nr ? &t->stances[i + 1] : NULL;

		strbuf_addstr(sb, "  ");
		if (ss->start)
			strbuf_addstr(sb, "at the start");
		else
			S_human(sb, &ss->commit);
		strbuf_addstr(sb, " to ");
		if (next)
			S_human(sb, &next->commit);
		else
			strbuf_addstr(sb, "now");
		strbuf_addstr(sb, ": ");
		render_text_value(sb, ss->text, "(no stance)");
		strbuf_addch(sb, '\n');
		if (next) {
			strbuf_addf(sb, "    changed by %s%s%s: ",
				    output_color(o, COLOR_YELLOW),
				    next->commit.short_id,
				    output_color(o, COLOR_RESET));
			render_text_value(sb,
					  next->commit.why
						  ? next->commit.why
						  : next->commit.subject,
					  "");
			strbuf_addch(sb, '\n');
		}
	}
	if (t->questions_nr)
		strbuf_addstr(sb, "\nquestions\n");
	for (i = 0; i < t->questions_nr; i++) {
		const struct story_evidence *q = &t->questions[i];

		strbuf_addstr(sb, "  ");
		S_human(sb, &q->commit);
		strbuf_addf(sb, "  %s  ", event_change_name(q->ev.change));
		render_text_value(sb, q->ev.note, "-");
		strbuf_addstr(sb, "\n    ");
		render_text_value(sb,
				  q->ev.change == EVENT_REMOVED
					  ? q->ev.old_value
					  : q->ev.new_value,
				  "(none)");
		strbuf_addch(sb, '\n');
	}
}
