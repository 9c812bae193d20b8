/*
 * render_sync: what `git thesis sync` did (sync.h), as text and JSON.
 *
 * Sync's messages keep the streams they always had: progress on stdout
 * (stderr beside JSON, so stdout stays one event a line), errors,
 * warnings, git's own lines and diagnostics on stderr, a conflict on
 * stdout unless JSON or --quiet.  The report is git thesis log's format.
 */
#include <string.h>

#include "render.h"

int render_sync_message(struct strbuf *sb, const struct output *o,
			const struct sync_message *m, int quiet)
{
	static const struct output plain = OUTPUT_INIT(FORMAT_TEXT);
	int json = o->format == FORMAT_JSON;

	if (quiet && !m->loud)
		return 0;
	switch (m->kind) {
	case SYNC_MSG_PROGRESS:
		strbuf_addf(sb, "%s\n", m->text);
		return json ? 2 : 1;
	case SYNC_MSG_CONFLICT:
		strbuf_addf(sb, "%s\n", m->text);
		return json || quiet ? 2 : 1;
	case SYNC_MSG_ERROR:
	case SYNC_MSG_WARNING:
		strbuf_addstr(sb, m->kind == SYNC_MSG_ERROR
					  ? "git-thesis: error: "
					  : "git-thesis: warning: ");
		strbuf_add_terminal_safe(sb, m->text, strlen(m->text));
		strbuf_addch(sb, '\n');
		return 2;
	case SYNC_MSG_GIT:
		strbuf_addstr(sb, "  ");
		strbuf_add_terminal_safe(sb, m->text, strlen(m->text));
		strbuf_addch(sb, '\n');
		return 2;
	case SYNC_MSG_DIAG: {
		struct note_diag d = {m->is_error ? DIAG_ERROR : DIAG_WARNING,
				      m->line, m->column, m->text};
		struct check_item item = {m->path, &d};

		render_text_check(sb, &plain, &item, 1);
		return 2;
	}
	}
	return 0;
}

void render_text_sync_report(struct strbuf *sb, const struct output *o,
			     const struct sync_result *r)
{
	int outgoing;
	size_t i;

	for (outgoing = 0; outgoing < 2; outgoing++) {
		size_t more = outgoing ? r->outgoing_more : r->incoming_more;
		int titled = 0;

		for (i = 0; i < r->report_nr; i++) {
			const struct sync_report_commit *rc = &r->report[i];

			if (rc->outgoing != outgoing)
				continue;
			if (!titled++)
				strbuf_addstr(sb, outgoing ? "Outgoing:\n"
							   : "Incoming:\n");
			render_text_events(sb, o, &rc->ci, rc->ev.v, rc->ev.nr);
		}
		if (more)
			strbuf_addf(sb, "(%zu more commits not listed)\n",
				    more);
	}
}

void render_json_sync_report(struct strbuf *sb, const struct sync_result *r)
{
	size_t i;

	for (i = 0; i < r->report_nr; i++)
		render_json_events(sb, &r->report[i].ci, r->report[i].ev.v,
				   r->report[i].ev.nr);
}
