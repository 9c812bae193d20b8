/*
 * The HTML report page: one self-contained file (no network, one script
 * allowed by its hash) with the overview, the legend and each target's
 * section: its timeline, its story and stances in words, its events.
 * Under a size budget, markers are merged and event tables cut until the
 * page fits.  The pieces are in render_html_*.c (see render_html.h).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "render_html.h"
#include "util.h"

/*
 * The one script of the page: hovering a marker highlights the table rows
 * of its commit.  The page's Content-Security-Policy allows this script
 * by its hash and nothing else: change one, change the other (the tests
 * check they agree).  Everything the page says is there without it.
 */
#define PAGE_SCRIPT                                                         \
	"document.addEventListener('mouseover',function(e){"                \
	"var m=e.target.closest?e.target.closest('.mk'):null;"              \
	"document.querySelectorAll('tr.hl').forEach(function(r){"           \
	"r.classList.remove('hl')});"                                       \
	"if(!m)return;var s=m.closest('section');if(!s)return;"             \
	"s.querySelectorAll('tr[data-c=\"'+m.getAttribute('data-c')+'\"]')" \
	".forEach(function(r){r.classList.add('hl')})});"
#define PAGE_SCRIPT_HASH "sha256-qBn8vOF7Ie2EV0KeO8O6Rm33tE/yus1neqm0jV8kWgc="

/*
 * Off screen, a target's section is not laid out until it is scrolled to
 * (content-visibility): that is what opens a page of a hundred timelines
 * quickly.  Printing lays out everything, in grey where it can: the
 * patterns and words carry the statuses there.
 */
#define PAGE_CSS                                                             \
	"body{margin:0 auto;max-width:1100px;padding:16px 24px;"             \
	"font:14px/1.45 system-ui,sans-serif;color:var(--fg);"               \
	"background:var(--bg)}"                                              \
	"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0 0 4px}" \
	"h3{font-size:14px;margin:10px 0 2px}"                               \
	"a{color:var(--revised)}p{margin:4px 0}"                             \
	".meta,.note,.cut,.kind,.muted{color:var(--muted)}"                  \
	".kind{font-weight:normal;font-size:13px}"                           \
	"table{border-collapse:collapse;width:100%;margin:8px 0}"            \
	"th,td{text-align:left;padding:3px 6px;border-bottom:1px solid "     \
	"var(--line);vertical-align:top}"                                    \
	"th{font-weight:600}td.num,td.status,td.date{text-align:right;"      \
	"white-space:nowrap}td.status,td.date{text-align:left}"              \
	".events{font-size:12.5px}.events td{word-break:break-word}"         \
	".events td:first-child{white-space:nowrap;word-break:normal}"       \
	"tr.period th{background:color-mix(in srgb,var(--line) 45%,"         \
	"transparent);font-weight:normal}tr.period b{font-weight:700}"       \
	"tr.ev td.change{font-weight:600}tr.ev.minor td.change{"             \
	"font-weight:normal}details summary{cursor:pointer}"                 \
	"details ul{margin:4px 0;padding-left:18px}"                         \
	".neg{color:var(--refuted)}.pos{color:var(--sup)}td.evid{min-width:" \
	"12em}"                                                              \
	".flag{color:var(--flag);font-weight:600}"                           \
	".st{display:inline-block;width:.8em;height:.8em;border-radius:2px;" \
	"margin-right:4px;vertical-align:-1px;border:1px solid var(--fg)}"   \
	"span.st.st-held{background:var(--held)}"                            \
	"span.st.st-questioned{background:var(--questioned)}"                \
	"span.st.st-revised{background:var(--revised)}"                      \
	"span.st.st-retired{background:var(--retired)}"                      \
	"span.st.st-emerging{background:var(--emerging)}"                    \
	"span.st.st-corroborated{background:var(--corroborated)}"            \
	"span.st.st-contested{background:var(--contested)}"                  \
	"span.st.st-refuted{background:var(--refuted)}"                      \
	"span.st.st-other{background:var(--other)}"                          \
	"span.st.st-none{background:var(--none)}"                            \
	"section.target{margin:28px 0;break-inside:avoid-page}"              \
	"svg.timeline{display:block;width:100%;height:auto}"                 \
	"svg.defs{position:absolute;width:0;height:0}"                       \
	"ol.stances{margin:4px 0;padding-left:20px}"                         \
	"ol.stances li{margin:2px 0}"                                        \
	"tr.hl td{background:color-mix(in srgb,var(--questioned) 25%,"       \
	"transparent)}"                                                      \
	"ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;"   \
	"gap:4px 16px;margin:6px 0}ul.legend svg{vertical-align:-2px}"       \
	"code{font:12px ui-monospace,monospace}"                             \
	"@media print{body{max-width:none;padding:0;font-size:12px}"         \
	":root{--muted:#444;--line:#bbb}"                                    \
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"       \
	"section.target{break-inside:avoid}a{color:inherit}"                 \
	"details>ul{display:block}}"                                         \
	"@media screen{section.target{content-visibility:auto;"              \
	"contain-intrinsic-size:auto 1500px}}"

/* "3 hours", "2 days": how much time one step of the axis spans. */
static void S_span(struct strbuf *sb, long long seconds)
{
	if (seconds < 3600)
		strbuf_addf(sb, "%lld minute%s",
			    seconds / 60 ? seconds / 60 : 1,
			    seconds / 60 == 1 || !(seconds / 60) ? "" : "s");
	else if (seconds < 2 * 86400)
		strbuf_addf(sb, "%lld hour%s", seconds / 3600,
			    seconds / 3600 == 1 ? "" : "s");
	else
		strbuf_addf(sb, "%lld days", seconds / 86400);
}

/* The story in words: each status, when, why, after what evidence. */
static void S_story_text(struct strbuf *sb, const struct report *r,
			 const struct report_target *t)
{
	const struct story_target *st = t->story;
	size_t i;

	if (!st || !st->steps_nr)
		return;
	strbuf_addstr(sb, "<h3>How the status moved</h3><ol class=\"story\">");
	for (i = 0; i < st->steps_nr; i++) {
		const struct story_step *s = &st->steps[i];
		char *why = story_first_line(s->commit.why);

		strbuf_addf(sb, "<li class=\"step\" data-status=\"");
		render_html_escape(sb, s->to);
		strbuf_addstr(sb, "\"><span class=\"st ");
		strbuf_addstr(sb, s->to ? render_html_status_class(s->to)
					: "st-none");
		strbuf_addstr(sb, "\"></span><b>");
		render_html_value(sb, s->to, "no longer declared");
		strbuf_addstr(sb, "</b> ");
		if (s->start || s->commit.when < r->from)
			strbuf_addstr(sb, "<span class=\"muted\">(before the "
					  "time shown)</span> ");
		strbuf_addstr(sb, s->start ? "at the start, " : "on ");
		render_html_human(sb, s->commit.date);
		if (!s->start && !s->from)
			strbuf_addstr(sb, ", declared");
		if (s->from) {
			strbuf_addstr(sb, ", was ");
			render_html_value(sb, s->from, "");
		}
		if (s->confidence_changed) {
			strbuf_addstr(sb, "; confidence ");
			render_html_value(sb, s->confidence_from, "none");
			strbuf_addstr(sb, " \xe2\x86\x92 ");
			render_html_value(sb, s->confidence_to, "none");
		}
		if (s->before.total) {
			strbuf_addstr(sb, ". Evidence before it: ");
			render_html_counts(sb, &s->before);
		}
		if (why) {
			strbuf_addstr(sb, ". <i>Why:</i> ");
			render_html_value(sb, why, "");
		} else if (!s->start) {
			strbuf_addstr(sb, ". Commit: \xe2\x80\x9c");
			render_html_value(sb, s->commit.subject, "");
			strbuf_addstr(sb, "\xe2\x80\x9d");
		}
		free(why);
		strbuf_addstr(sb, ".</li>");
	}
	if (st->open.total) {
		strbuf_addstr(sb, "<li class=\"open\">Since then: ");
		render_html_counts(sb, &st->open);
		strbuf_addstr(sb, ".</li>");
	}
	strbuf_addstr(sb, "</ol>");
}

/* Each stance the target held, from when to when, and why it changed. */
static void S_stances(struct strbuf *sb, const struct report_target *t)
{
	const struct story_target *st = t->story;
	size_t i;

	if (!st || !st->stances_nr)
		return;
	strbuf_addstr(sb, "<h3>Stances</h3><ol class=\"stances\">");
	for (i = 0; i < st->stances_nr; i++) {
		const struct story_stance *s = &st->stances[i];
		const struct story_stance *next =
			i + 1 < st->stances_nr ? &st->stances[i + 1] : NULL;

		strbuf_addstr(sb, "<li class=\"stance\"><b>");
		if (s->start)
			strbuf_addstr(sb, "Before ");
		render_html_human(sb, s->commit.date);
		strbuf_addstr(sb, " \xe2\x80\x93 ");
		if (next)
			render_html_human(sb, next->commit.date);
		else
			strbuf_addstr(sb, "now");
		strbuf_addstr(sb, ":</b> ");
		render_html_value(sb, s->text, "(no stance)");
		if (next) {
			char *why = story_first_line(next->commit.why);

			strbuf_addstr(sb, "<br><span class=\"muted\">Changed "
					  "on ");
			render_html_human(sb, next->commit.date);
			strbuf_addf(sb, " (<code>%s</code>): ",
				    next->commit.short_id);
			if (why)
				strbuf_addstr(sb, "Why: ");
			render_html_value(sb, why ? why : next->commit.subject,
					  "");
			strbuf_addstr(sb, "</span>");
			free(why);
		}
		strbuf_addstr(sb, "</li>");
	}
	strbuf_addstr(sb, "</ol>");
}

static void S_target_section(struct strbuf *sb, const struct report *r,
			     const struct report_target *t, size_t idx,
			     const struct report_render_opts *o,
			     unsigned factor, size_t cap)
{
	strbuf_addf(sb, "<section class=\"target\" id=\"t%zu\" data-id=\"",
		    idx + 1);
	render_html_escape(sb, t->id);
	strbuf_addf(sb, "\"><h2><span class=\"kind\">%s</span> ", t->kind);
	render_html_escape(sb, t->id);
	if (t->title) {
		strbuf_addstr(sb, " <span class=\"muted\">\xe2\x80\x94 ");
		render_html_value(sb, t->title, "");
		strbuf_addstr(sb, "</span>");
	}
	strbuf_addstr(sb, "</h2>");
	if (t->stance) {
		strbuf_addstr(sb, "<p class=\"stance\">");
		render_html_value(sb, t->stance, "");
		strbuf_addstr(sb, "</p>");
	}
	strbuf_addstr(sb, "<p class=\"now\">");
	if (t->declared) {
		strbuf_addf(sb, "<span class=\"st %s\"></span><b>",
			    render_html_status_class(t->status));
		render_html_value(sb, t->status, "no status");
		strbuf_addstr(sb, "</b>, confidence ");
		render_html_value(sb, t->confidence, "none");
	} else {
		strbuf_addstr(sb, "No longer declared at the tip");
	}
	strbuf_addf(sb,
		    "; evidence score <b class=\"%s\">%+d</b> (%u "
		    "supporting, %u challenging, %u neutral; %u "
		    "mention%s)",
		    t->score < 0 ? "neg" : "pos", t->score, t->supports,
		    t->challenges, t->neutral, t->mentions,
		    t->mentions == 1 ? "" : "s");
	if (t->flag) {
		strbuf_addstr(sb, " <span class=\"flag\">");
		render_html_flag(sb, t);
		strbuf_addstr(sb, "</span>");
	}
	strbuf_addstr(sb, "</p>");
	render_html_timeline(sb, r, t, factor);
	S_story_text(sb, r, t);
	S_stances(sb, t);
	strbuf_addstr(sb, "<h3>Events</h3>");
	render_html_table(sb, t, o, cap);
	strbuf_addstr(sb, "</section>\n");
}

/*
 * The page, with markers aggregated over `factor` steps of the axis (0:
 * none, to measure the rest) and at most `cap` rows in each event table.
 */
static void S_page(struct strbuf *sb, const struct report *r,
		   const struct report_render_opts *o, unsigned factor,
		   size_t cap)
{
	size_t i, positions = 0, theses = 0, others;
	char d1[REPORT_DATE_MAX], d2[REPORT_DATE_MAX];
	char tip[8];

	for (i = 0; i < r->shown_nr; i++) {
		positions += !strcmp(r->shown[i]->kind, "position");
		theses += !strcmp(r->shown[i]->kind, "thesis");
	}
	others = r->shown_nr - positions - theses;
	snprintf(tip, sizeof(tip), "%.7s", r->tip ? r->tip : "");
	render_html_date(d1, r->from);
	render_html_date(d2, r->to);
	strbuf_addstr(
		sb, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
		    "<meta charset=\"utf-8\">"
		    "<meta http-equiv=\"Content-Security-Policy\" "
		    "content=\"default-src 'none'; style-src 'unsafe-inline'; "
		    "script-src '" PAGE_SCRIPT_HASH "'\">"
		    "<meta name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\">"
		    "<meta name=\"color-scheme\" content=\"light dark\">"
		    "<meta name=\"generator\" content=\"git-thesis report\">"
		    "<title>Positions and theses: timeline</title><style>");
	strbuf_addstr(sb, render_html_svg_css);
	strbuf_addstr(sb, PAGE_CSS "</style></head><body>\n"
				   "<h1>Positions and theses: timeline</h1>"
				   "<p class=\"meta\">");
	render_html_escape(sb, o->range ? o->range : "HEAD");
	strbuf_addf(sb, " at <code>%s</code>: %zu commit%s, from ", tip,
		    r->commits, r->commits == 1 ? "" : "s");
	render_html_human(sb, d1);
	strbuf_addstr(sb, " to ");
	render_html_human(sb, d2);
	strbuf_addf(sb, "; %zu position%s and %zu thes%s", positions,
		    positions == 1 ? "" : "s", theses,
		    theses == 1 ? "is" : "es");
	if (others)
		strbuf_addf(sb, " (and %zu undeclared target%s asked for)",
			    others, others == 1 ? "" : "s");
	strbuf_addf(sb, "; %zu event%s.</p>\n", r->events,
		    r->events == 1 ? "" : "s");

	strbuf_addstr(sb, "<h2>Overview</h2>");
	render_html_overview(sb, r);
	strbuf_addstr(sb, "<p class=\"note\">Positions first, then theses, "
			  "each most recently changed first. A flag marks a "
			  "target whose status is held or corroborated while "
			  "its evidence score (strong 3, moderate 2, weak 1; "
			  "supporting counts for, challenging against) is "
			  "negative.</p>\n");

	strbuf_addstr(sb, "<h2>Timelines</h2>");
	render_html_legend(sb);
	strbuf_addstr(sb,
		      "<p class=\"note\">Each timeline runs left to right over "
		      "the same dates. The coloured band is the status; "
		      "every status change is written above it with its date "
		      "and the reason its commit gave (its <code>Why:</code> "
		      "line). Under the band, the evidence that came in "
		      "before each change is bracketed and added up. Then "
		      "the confidence, the evidence score, and a dot for "
		      "every event (hover over one for its details; events "
		      "close together share a dot, about ");
	S_span(sb, (r->end - r->start) / (r->columns ? r->columns : 1));
	strbuf_addstr(sb, " apart).");
	if (factor != 1) /* 0: measuring, see render_html_report() */
		strbuf_addf(sb,
			    " To keep this page small, events up to %u times "
			    "further apart share a dot.",
			    factor);
	if (cap < r->table_max && cap < r->events)
		strbuf_addf(sb,
			    " Event tables show at most the last %zu events of "
			    "a target.",
			    cap);
	strbuf_addstr(sb, "</p>\n");

	/* The axis and the patterns once; every timeline refers to them. */
	render_html_timeline_defs(sb, r);
	for (i = 0; i < r->shown_nr; i++)
		S_target_section(sb, r, r->shown[i], i, o, factor, cap);
	if (!r->shown_nr)
		strbuf_addstr(sb, "<p>No position or thesis is declared in "
				  "this range.</p>");
	strbuf_addstr(sb, "<script>" PAGE_SCRIPT "</script>\n</body></html>\n");
}

/* What the markers of the page take with `factor` steps per marker. */
static size_t S_marker_bytes(const struct report *r, unsigned factor)
{
	struct strbuf scratch = STRBUF_INIT;
	size_t total = 0, i;

	for (i = 0; i < r->shown_nr; i++) {
		strbuf_reset(&scratch);
		render_html_markers(&scratch, r->shown[i], factor);
		total += scratch.len;
	}
	strbuf_release(&scratch);
	return total;
}

/*
 * The most rows per event table whose rows, newest first, fit in `room`
 * bytes over the page.
 */
static size_t S_rows_cap(const struct report *r,
			 const struct report_render_opts *o, size_t room)
{
	struct strbuf scratch = STRBUF_INIT;
	size_t **sizes = xcalloc(r->shown_nr + 1, sizeof(*sizes));
	size_t lo = 0, hi = r->table_max, i, k;

	/* sizes[i][k]: the bytes of the newest k + 1 rows of target i. */
	for (i = 0; i < r->shown_nr; i++) {
		const struct report_target *t = r->shown[i];

		sizes[i] = xcalloc(t->table_nr + 1, sizeof(**sizes));
		for (k = 0; k < t->table_nr; k++) {
			strbuf_reset(&scratch);
			render_html_table_row(
				&scratch, &t->table[t->table_nr - 1 - k], o);
			sizes[i][k] = scratch.len + (k ? sizes[i][k - 1] : 0);
		}
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2, total = 0;

		for (i = 0; i < r->shown_nr; i++) {
			size_t n = r->shown[i]->table_nr;

			if (n)
				total += sizes[i][(n < mid ? n : mid) - 1];
		}
		if (total <= room)
			lo = mid;
		else
			hi = mid - 1;
	}
	for (i = 0; i < r->shown_nr; i++)
		free(sizes[i]);
	free(sizes);
	strbuf_release(&scratch);
	return lo;
}

void render_html_report(struct strbuf *sb, const struct report *r,
			const struct report_render_opts *o)
{
	struct strbuf scratch = STRBUF_INIT;
	size_t fixed, room, markers, cap = r->table_max;
	unsigned factor = 1;

	if (o->max_bytes) {
		/*
		 * The rest of the page is what it is; markers get up to
		 * half of what remains (fewer columns each until they
		 * fit), the event tables the rest (fewer rows each).
		 */
		S_page(&scratch, r, o, 0, 0);
		/* Numbers in the notes may take a few more digits. */
		fixed = scratch.len + 16 + 8 * r->shown_nr;
		room = o->max_bytes > fixed ? o->max_bytes - fixed : 0;
		while ((markers = S_marker_bytes(r, factor)) > room / 2 &&
		       factor < r->columns)
			factor *= 2;
		cap = S_rows_cap(r, o, room > markers ? room - markers : 0);
		strbuf_release(&scratch);
	}
	S_page(sb, r, o, factor, cap);
}
