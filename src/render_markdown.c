#include <string.h>

#include "render.h"
#include "util.h"

void strbuf_add_markdown(struct strbuf *sb, const char *s)
{
	struct strbuf safe = STRBUF_INIT;
	size_t i;

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
	if (!v) {
		strbuf_addstr(sb, "*(none)*");
		return;
	}
	strbuf_addch(sb, '`');
	/* Backticks cannot be escaped inside a code span: swap them. */
	for (; *v; v++)
		strbuf_addch(sb, *v == '`' ? '\'' : (*v == '\n' ? ' ' : *v));
	strbuf_addch(sb, '`');
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
		if (e->kind == EVENT_MAPPING) {
			strbuf_addstr(sb, "mapping in ");
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
	case EVENT_MOVED:
		strbuf_addstr(sb, "note moved: ");
		S_value(sb, e->old_value);
		strbuf_addstr(sb, " → ");
		S_value(sb, e->new_value);
		break;
	default:
		strbuf_addf(sb, "%s %s", event_kind_name(e->kind),
			    event_change_name(e->change));
		if (e->kind == EVENT_MAPPING || e->kind == EVENT_MENTION) {
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
