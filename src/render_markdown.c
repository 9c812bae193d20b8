#include <string.h>

#include "render.h"
#include "util.h"

void strbuf_add_markdown(struct strbuf *sb, const char *s)
{
	struct strbuf safe = STRBUF_INIT;
	size_t i;

	if (!s)
		return;
	strbuf_add_terminal_safe(&safe, s, strlen(s));
	for (i = 0; i < safe.len; i++) {
		if (strchr("\\`*_[]<>#|~", safe.buf[i]))
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, safe.buf[i]);
	}
	strbuf_release(&safe);
}

static void S_value(struct strbuf *sb, const char *v)
{
	struct strbuf safe = STRBUF_INIT;
	size_t i;

	if (!v) {
		strbuf_addstr(sb, "*(none)*");
		return;
	}
	strbuf_add_terminal_safe(&safe, v, strlen(v));
	strbuf_addch(sb, '`');
	/* Backticks cannot be escaped inside a code span: swap them. */
	for (i = 0; i < safe.len; i++)
		strbuf_addch(sb, safe.buf[i] == '`' ? '\'' : safe.buf[i]);
	strbuf_addch(sb, '`');
	strbuf_release(&safe);
}

static void S_event(struct strbuf *sb, const struct event *e)
{
	strbuf_addstr(sb, "- ");
	if (e->target) {
		strbuf_addstr(sb, "**");
		strbuf_add_markdown(sb, e->target);
		strbuf_addstr(sb, "** ");
	}
	switch (e->change) {
	case EVENT_MODIFIED:
		if (e->kind == EVENT_MAPPING || e->kind == EVENT_QUESTION) {
			strbuf_addf(sb, "%s in ", event_kind_name(e->kind));
			strbuf_add_markdown(sb, e->note);
			strbuf_addch(sb, ' ');
		}
		strbuf_addf(sb, "%s: ", e->field);
		S_value(sb, e->old_value);
		strbuf_addstr(sb, " → ");
		S_value(sb, e->new_value);
		break;
	case EVENT_RENAMED:
		strbuf_addstr(sb, "renamed from ");
		S_value(sb, e->old_value);
		break;
	case EVENT_BROKEN:
		strbuf_addstr(sb, "note broken: ");
		strbuf_add_markdown(sb, e->note);
		strbuf_addstr(sb, " (");
		strbuf_add_markdown(sb, e->new_value);
		strbuf_addch(sb, ')');
		break;
	case EVENT_REPAIRED:
		strbuf_addstr(sb, "note repaired: ");
		strbuf_add_markdown(sb, e->note);
		break;
	case EVENT_MOVED:
		strbuf_addstr(sb, "note moved: ");
		S_value(sb, e->old_value);
		strbuf_addstr(sb, " → ");
		S_value(sb, e->new_value);
		break;
	default:
		strbuf_addf(sb, "%s %s", event_kind_name(e->kind),
			    event_change_name(e->change));
		if (e->kind == EVENT_MAPPING || e->kind == EVENT_MENTION ||
		    e->kind == EVENT_QUESTION) {
			strbuf_addstr(sb, " in ");
			strbuf_add_markdown(sb, e->note);
		}
		if (e->old_value || e->new_value) {
			strbuf_addstr(sb, " (");
			strbuf_add_markdown(sb, e->change == EVENT_ADDED
							? e->new_value
							: e->old_value);
			strbuf_addch(sb, ')');
		}
	}
	strbuf_addch(sb, '\n');
}

void render_markdown_events(struct strbuf *sb, const struct commit_info *c,
			    const struct event *ev, size_t nr)
{
	size_t i;

	if (!nr)
		return;
	if (c && c->id) {
		strbuf_addf(sb, "### `%s` ", c->short_id);
		strbuf_add_markdown(sb, c->subject);
		strbuf_addf(sb, "\n\n*%s, ", c->date);
		strbuf_add_markdown(sb, c->author_name);
		strbuf_addstr(sb, "*\n\n");
	}
	for (i = 0; i < nr; i++)
		S_event(sb, &ev[i]);
	strbuf_addch(sb, '\n');
}

static void S_balance_md(struct strbuf *sb, const struct balance *b,
			 int exists)
{
	if (!exists)
		strbuf_addstr(sb, "none");
	else
		strbuf_addf(sb, "%+d (%u for, %u against, %u neutral)",
			    b->score, b->supports, b->challenges, b->neutral);
}

void render_markdown_review(struct strbuf *sb, const struct review *r)
{
	size_t i, k;

	strbuf_addstr(sb, "## Strategy review: ");
	strbuf_add_markdown(sb, r->range);
	strbuf_addf(sb, "\n\n%zu commit%s, %zu target%s changed, %zu flag%s.\n",
		    r->commits, r->commits == 1 ? "" : "s", r->targets_nr,
		    r->targets_nr == 1 ? "" : "s", r->flags_nr,
		    r->flags_nr == 1 ? "" : "s");
	for (i = 0; i < r->targets_nr; i++) {
		const struct review_target *t = &r->targets[i];

		strbuf_addf(sb, "\n### %s `", t->kind);
		strbuf_add_markdown(sb, t->id);
		strbuf_addch(sb, '`');
		if (t->title) {
			strbuf_addstr(sb, ": ");
			strbuf_add_markdown(sb, t->title);
		}
		strbuf_addstr(sb, "\n\n**Evidence:** ");
		S_balance_md(sb, &t->before, t->existed_before);
		strbuf_addstr(sb, " → ");
		S_balance_md(sb, &t->after, t->exists_after);
		strbuf_addstr(sb, "\n\n");
		for (k = 0; k < t->flags_nr; k++) {
			strbuf_addf(sb, "> **⚠ %s:** ", t->flags[k].code);
			strbuf_add_markdown(sb, t->flags[k].message);
			strbuf_addstr(sb, "\n>\n");
		}
		if (t->flags_nr)
			strbuf_setlen(sb, sb->len - 2), strbuf_addch(sb, '\n');
		for (k = 0; k < t->items_nr; k++) {
			const struct review_item *it = &t->items[k];
			struct strbuf line = STRBUF_INIT;

			render_markdown_events(&line, NULL, it->event, 1);
			/* One bullet, without the blank line after a group. */
			strbuf_setlen(&line, line.len - 2);
			strbuf_addbuf(sb, &line);
			strbuf_addf(sb, " (`%s`", it->commit->short_id);
			if (it->label)
				strbuf_addf(sb, ", %s", it->label);
			strbuf_addstr(sb, ")\n");
			strbuf_release(&line);
		}
	}
}
