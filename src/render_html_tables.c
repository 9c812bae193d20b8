/*
 * The tables of the HTML report: the overview (one row a target) and each
 * target's event table, grouped by the status change the events led to,
 * mentions folded into one row.
 */

#include <stdlib.h>
#include <string.h>

#include "render_html.h"
#include "util.h"

/* The user's commit URL template with the commit's (hex) ids. */
static void S_commit_link(struct strbuf *sb, const struct commit_info *c,
			  const char *tmpl)
{
	struct strbuf url = STRBUF_INIT;
	const char *p;

	if (!tmpl) {
		strbuf_addf(sb, "<code>%s</code>", c->short_id);
		return;
	}
	for (p = tmpl; *p; p++) {
		if (*p == '%' && p[1] == 'H')
			strbuf_addstr(&url, c->id), p++;
		else if (*p == '%' && p[1] == 'h')
			strbuf_addstr(&url, c->short_id), p++;
		else if (*p == '%' && p[1] == '%')
			strbuf_addch(&url, '%'), p++;
		else
			strbuf_addch(&url, *p);
	}
	strbuf_addstr(sb, "<a href=\"");
	strbuf_add_html(sb, url.buf);
	strbuf_addf(sb, "\"><code>%s</code></a>", c->short_id);
	strbuf_release(&url);
}

/* How much a row matters: status first, then the target, then evidence. */
static int S_rank(enum report_mark mark)
{
	switch (mark) {
	case MARK_STATUS:
	case MARK_ADDED:
	case MARK_REMOVED:
	case MARK_RENAMED:
		return 0;
	case MARK_STANCE:
	case MARK_CONFIDENCE:
	case MARK_FIELD:
		return 1;
	case MARK_MENTION:
		return 3;
	default:
		return 2;
	}
}

void render_html_table_row(struct strbuf *sb, const struct report_event *re,
			   const struct report_render_opts *o)
{
	const struct commit_info *c = &re->commit->info;

	strbuf_addf(sb,
		    "<tr class=\"ev%s\" data-mark=\"%s\" data-c=\"%s\" "
		    "data-date=\"%s\"><td>",
		    S_rank(re->mark) > 1 ? " minor" : "",
		    report_mark_name(re->mark), c->short_id, c->date);
	render_html_human(sb, c->date);
	strbuf_addstr(sb, "</td><td class=\"change\">");
	render_html_change(sb, re);
	strbuf_addstr(sb, "</td><td>");
	render_html_value(sb, re->ev.note, "");
	strbuf_addstr(sb, "</td><td>");
	S_commit_link(sb, c, o->commit_url);
	strbuf_addstr(sb, "</td><td>");
	render_html_escape(sb, c->author_name);
	strbuf_addstr(sb, "</td><td>");
	render_html_value(sb, c->subject, "");
	strbuf_addstr(sb, "</td></tr>");
}

/* Mentions of one period, one row that opens on a click. */
static void S_mentions_row(struct strbuf *sb, const struct report_event **v,
			   size_t nr, const struct report_render_opts *o)
{
	size_t i, added = 0;

	for (i = 0; i < nr; i++)
		added += v[i]->ev.change == EVENT_ADDED;
	strbuf_addf(sb,
		    "<tr class=\"mentions\" data-mark=\"mention\" "
		    "data-count=\"%zu\"><td>",
		    nr);
	render_html_human(sb, v[nr - 1]->commit->info.date);
	if (nr > 1 &&
	    strcmp(v[0]->commit->info.date, v[nr - 1]->commit->info.date)) {
		strbuf_addstr(sb, " \xe2\x80\x93 ");
		render_html_human(sb, v[0]->commit->info.date);
	}
	strbuf_addstr(sb, "</td><td colspan=\"5\"><details><summary>");
	if (added)
		strbuf_addf(sb, "%zu mention%s added", added,
			    added == 1 ? "" : "s");
	if (nr - added)
		strbuf_addf(sb, "%s%zu mention%s removed", added ? ", " : "",
			    nr - added, nr - added == 1 ? "" : "s");
	strbuf_addstr(sb, "</summary><ul>");
	for (i = 0; i < nr; i++) {
		const struct commit_info *c = &v[i]->commit->info;

		strbuf_addstr(sb, "<li>");
		render_html_human(sb, c->date);
		strbuf_addstr(sb, " ");
		S_commit_link(sb, c, o->commit_url);
		strbuf_addstr(sb, " ");
		render_html_value(sb, v[i]->ev.note, "");
		strbuf_addf(sb, " (%s)</li>",
			    event_change_name(v[i]->ev.change));
	}
	strbuf_addstr(sb, "</ul></details></td></tr>");
}

/* The status change a table row leads to: its period in the story. */
static size_t S_period_of(const struct story_target *st,
			  const struct report_event *re)
{
	const struct commit_info *c = &re->commit->info;
	size_t k;

	for (k = 0; st && k < st->steps_nr; k++) {
		const struct story_step *s = &st->steps[k];

		if (s->start)
			continue;
		if (str_eq(s->commit.id, c->id) || s->commit.when > c->when)
			return k;
	}
	return st ? st->steps_nr : 0;
}

static void S_period_head(struct strbuf *sb, const struct story_target *st,
			  size_t k)
{
	const struct story_step *s;
	char *why;

	strbuf_addstr(sb, "<tr class=\"period\"><th colspan=\"6\">");
	if (!st || k >= st->steps_nr) {
		strbuf_addstr(sb, "Since the last status change");
		strbuf_addstr(sb, "</th></tr>");
		return;
	}
	s = &st->steps[k];
	strbuf_addstr(sb, "<b>");
	if (!s->to)
		strbuf_addstr(sb, "No longer declared");
	else if (!s->from)
		strbuf_addstr(sb, "Declared ");
	render_html_value(sb, s->to, "");
	strbuf_addstr(sb, "</b> on ");
	render_html_human(sb, s->commit.date);
	if (s->from) {
		strbuf_addstr(sb, " (was ");
		render_html_value(sb, s->from, "");
		strbuf_addstr(sb, ")");
	}
	why = story_first_line(s->commit.why);
	if (why) {
		strbuf_addstr(sb, ". Why: ");
		render_html_value(sb, why, "");
		free(why);
	}
	if (s->before.total) {
		strbuf_addstr(sb, ". Before it: ");
		render_html_counts(sb, &s->before);
	}
	strbuf_addstr(sb, "</th></tr>");
}

static int S_cmp_rank(const void *a, const void *b)
{
	const struct report_event *x = *(const struct report_event *const *)a;
	const struct report_event *y = *(const struct report_event *const *)b;
	int c = S_rank(x->mark) - S_rank(y->mark);

	if (c)
		return c;
	/* Newest first, as the table runs; then as the walk met them. */
	return x < y ? 1 : x > y ? -1 : 0;
}

/*
 * The table of a target's last events, at most `cap` rows, newest first
 * and grouped by the status change they led to: in each group its status
 * change, then the target's other changes, the evidence, and the
 * mentions, folded into one row.
 */
void render_html_table(struct strbuf *sb, const struct report_target *t,
		       const struct report_render_opts *o, size_t cap)
{
	size_t shown = t->table_nr < cap ? t->table_nr : cap, i, k;
	const struct report_event **v, **ment;
	size_t v_nr, ment_nr;

	if (!t->events_nr) {
		strbuf_addstr(sb, "<p class=\"cut\">No events in the "
				  "time shown.</p>");
		return;
	}
	strbuf_addstr(sb,
		      "<table class=\"events\"><thead><tr><th>Date</th>"
		      "<th>Change</th><th>Note</th><th>Commit</th>"
		      "<th>Author</th><th>Subject</th></tr></thead><tbody>");
	v = xcalloc(shown + 1, sizeof(*v));
	ment = xcalloc(shown + 1, sizeof(*ment));
	for (i = 0; i < shown;) {
		const struct report_event *first =
			&t->table[t->table_nr - 1 - i];
		size_t period = S_period_of(t->story, first);

		v_nr = ment_nr = 0;
		for (k = i; k < shown; k++) {
			const struct report_event *re =
				&t->table[t->table_nr - 1 - k];

			if (S_period_of(t->story, re) != period)
				break;
			if (re->mark == MARK_MENTION)
				ment[ment_nr++] = re;
			else
				v[v_nr++] = re;
		}
		i = k;
		QSORT(v, v_nr, S_cmp_rank);
		S_period_head(sb, t->story, period);
		for (k = 0; k < v_nr; k++)
			render_html_table_row(sb, v[k], o);
		if (ment_nr)
			S_mentions_row(sb, ment, ment_nr, o);
	}
	free(v);
	free(ment);
	strbuf_addstr(sb, "</tbody></table>");
	if (shown < t->events_nr)
		strbuf_addf(sb,
			    "<p class=\"cut\">The last %zu of %zu events, "
			    "newest first; %zu earlier event%s left out.</p>",
			    shown, t->events_nr, t->events_nr - shown,
			    t->events_nr - shown == 1 ? " is" : "s are");
}

static void S_score_cell(struct strbuf *sb, int score)
{
	strbuf_addf(sb, "<td class=\"num%s\">%+d</td>",
		    score < 0	? " neg"
		    : score > 0 ? " pos"
				: "",
		    score);
}

/* The last status change in the story, or NULL. */
static const struct story_step *S_last_step(const struct report_target *t)
{
	const struct story_target *st = t->story;
	size_t k;

	for (k = st ? st->steps_nr : 0; k > 0; k--)
		if (!st->steps[k - 1].start)
			return &st->steps[k - 1];
	return NULL;
}

void render_html_overview(struct strbuf *sb, const struct report *r)
{
	size_t i;

	strbuf_addstr(sb,
		      "<table class=\"overview\"><thead><tr><th>Kind</th>"
		      "<th>Target</th><th>Title</th><th>Status</th>"
		      "<th>Confidence</th><th>Score</th><th>Evidence</th>"
		      "<th>Last status change</th><th>Events</th><th>Flag</th>"
		      "</tr></thead><tbody>");
	for (i = 0; i < r->shown_nr; i++) {
		const struct report_target *t = r->shown[i];
		const struct story_step *last = S_last_step(t);

		strbuf_addf(sb, "<tr class=\"row%s\" data-id=\"",
			    t->flag ? " flagged" : "");
		render_html_escape(sb, t->id);
		strbuf_addf(sb, "\" data-kind=\"%s\" data-status=\"", t->kind);
		render_html_escape(sb, t->declared ? t->status : NULL);
		strbuf_addf(sb,
			    "\" data-score=\"%d\"><td>%s</td>"
			    "<td><a href=\"#t%zu\">",
			    t->score, t->kind, i + 1);
		render_html_escape(sb, t->id);
		strbuf_addstr(sb, "</a></td><td>");
		render_html_value(sb, t->title, "");
		strbuf_addstr(sb, "</td><td class=\"status\">");
		if (t->declared) {
			strbuf_addf(sb, "<span class=\"st %s\"></span>",
				    render_html_status_class(t->status));
			render_html_value(sb, t->status, "none");
		} else {
			strbuf_addstr(sb, "<span class=\"muted\">no longer "
					  "declared</span>");
		}
		strbuf_addstr(sb, "</td><td>");
		render_html_value(sb, t->declared ? t->confidence : NULL, "");
		strbuf_addstr(sb, "</td>");
		S_score_cell(sb, t->score);
		strbuf_addf(sb,
			    "<td class=\"evid\">%u supporting, %u "
			    "challenging, %u neutral</td><td class=\"date\">",
			    t->supports, t->challenges, t->neutral);
		if (last) {
			render_html_human(sb, last->commit.date);
			strbuf_addstr(sb, last->from ? ", " : ", declared ");
			render_html_value(sb, last->to, "no longer declared");
		}
		strbuf_addf(sb, "</td><td class=\"num\">%zu</td>",
			    t->events_nr);
		strbuf_addstr(sb, "<td class=\"flag\">");
		if (t->flag)
			render_html_flag(sb, t);
		strbuf_addstr(sb, "</td></tr>");
	}
	strbuf_addstr(sb, "</tbody></table>");
}
