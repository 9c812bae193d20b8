#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "render.h"
#include "report.h"
#include "util.h"
#include "vocab.h"

/*
 * Geometry of one timeline, in SVG user units: one unit per column of the
 * time axis, with room on the left for the row labels.
 */
#define PAD_LEFT  52
#define PAD_RIGHT 12
#define BAND_Y	  4
#define BAND_H	  24
#define FLAG_Y	  30
#define FLAG_H	  4
#define SCORE_Y	  40
#define SCORE_H	  56
#define MARK_Y	  110
#define AXIS_Y	  130
#define SVG_H	  136
#define HEAD_H	  20 /* the heading line of a standalone SVG */

/* Longest value from a note shown in a cell or a hover text, in bytes. */
#define VALUE_MAX 240

/*
 * The one script of the page: hovering a marker highlights the table rows
 * of its commit.  The page's Content-Security-Policy allows this script
 * by its hash and nothing else: change one, change the other (the tests
 * check they agree).
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

/* Colours as variables, so one rule switches the scheme. */
#define SVG_CSS                                                                \
	":root{--fg:#1d1f23;--bg:#fff;--muted:#6b7078;--line:#d5d8dd;"         \
	"--score:#1d1f23;--held:#3f9c5a;--questioned:#e3a23a;"                 \
	"--revised:#4a7fd0;--retired:#9a9ea5;--emerging:#7dbbe6;"              \
	"--corroborated:#3f9c5a;--contested:#e3a23a;--refuted:#d2504a;"        \
	"--other:#a77bc9;--none:#c5c9cf;--flag:#d2504a}"                       \
	"@media (prefers-color-scheme:dark){:root{--fg:#e3e5e8;--bg:#16181b;"  \
	"--muted:#9aa0a8;--line:#3a3e44;--score:#e3e5e8;--held:#4fb26d;"       \
	"--questioned:#d9a245;--revised:#6a97e0;--retired:#7c8087;"            \
	"--emerging:#5aa5d8;--corroborated:#4fb26d;--contested:#d9a245;"       \
	"--refuted:#e0625c;--other:#b590d6;--none:#555a61;--flag:#ff7a70}}"    \
	"text{font:11px system-ui,sans-serif;fill:var(--muted)}"               \
	".band{stroke:none}.st-held{fill:var(--held)}"                         \
	".st-questioned{fill:var(--questioned)}"                               \
	".st-revised{fill:var(--revised)}"                                     \
	".st-retired{fill:var(--retired)}.st-emerging{fill:var(--emerging)}"   \
	".st-corroborated{fill:var(--corroborated)}"                           \
	".st-contested{fill:var(--contested)}.st-refuted{fill:var(--refuted)}" \
	".st-other{fill:var(--other)}.st-none{fill:var(--none)}"               \
	".conf{stroke:var(--fg);stroke-width:1.5;opacity:.55}"                 \
	".disagree{fill:var(--flag)}"                                          \
	".zero,.tick{stroke:var(--line);stroke-width:1}"                       \
	".zero{stroke-dasharray:3 3}"                                          \
	".score{fill:none;stroke:var(--score);stroke-width:1.5}"               \
	".mk{stroke:var(--bg);stroke-width:1;fill:var(--muted)}"               \
	".mk-status{fill:var(--fg)}.mk-added{fill:var(--held)}"                \
	".mk-removed{fill:var(--retired)}.mk-renamed{fill:var(--questioned)}"  \
	".mk-stance{fill:var(--other)}.mk-reversed{fill:var(--refuted)}"       \
	".mk-reweighted{fill:var(--contested)}"                                \
	".mk-mapping-added{fill:var(--revised)}"                               \
	".mk-mapping-removed{fill:var(--emerging)}"                            \
	".mk-confidence{fill:var(--revised)}.mk-field{fill:var(--none)}"       \
	".mk-mapping-changed{fill:var(--none)}.mk-mention{fill:var(--line)}"

/*
 * Off screen, a target's section is not laid out until it is scrolled to
 * (content-visibility): that is what opens a page of a hundred timelines
 * quickly.  Printing lays out everything.
 */
#define PAGE_CSS                                                             \
	"body{margin:0 auto;max-width:1100px;padding:16px 24px;"             \
	"font:14px/1.45 system-ui,sans-serif;color:var(--fg);"               \
	"background:var(--bg)}"                                              \
	"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0 0 4px}" \
	"a{color:var(--revised)}p{margin:4px 0}"                             \
	".meta,.note,.cut,.kind,.muted{color:var(--muted)}"                  \
	".kind{font-weight:normal;font-size:13px}"                           \
	"table{border-collapse:collapse;width:100%;margin:8px 0}"            \
	"th,td{text-align:left;padding:3px 6px;border-bottom:1px solid "     \
	"var(--line);vertical-align:top}"                                    \
	"th{font-weight:600}td.num,td.status,td.date{text-align:right;"      \
	"white-space:nowrap}td.status,td.date{text-align:left}"              \
	".events{font-size:12.5px}.events td{word-break:break-word}"         \
	".events td:first-child,.events td:nth-child(2){white-space:nowrap;" \
	"word-break:normal}"                                                 \
	".neg{color:var(--refuted)}.pos{color:var(--held)}"                  \
	".flag{color:var(--flag);font-weight:600}"                           \
	".st{display:inline-block;width:.8em;height:.8em;border-radius:2px;" \
	"margin-right:4px;vertical-align:-1px}"                              \
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
	"tr.hl td{background:color-mix(in srgb,var(--questioned) 25%,"       \
	"transparent)}"                                                      \
	"ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;"   \
	"gap:4px 16px;margin:6px 0}"                                         \
	"code{font:12px ui-monospace,monospace}"                             \
	"@media print{body{max-width:none;padding:0}"                        \
	"section.target{break-inside:avoid}a{color:inherit}}"                \
	"@media screen{section.target{content-visibility:auto;"              \
	"contain-intrinsic-size:auto 1500px}}"

static void S_html(struct strbuf *sb, const char *s)
{
	if (s)
		strbuf_add_html(sb, s);
}

/* A value from a note, cut at VALUE_MAX bytes on a character boundary. */
static void S_value(struct strbuf *sb, const char *s, const char *none)
{
	size_t len, cut = 0;
	char *part;

	if (!s) {
		strbuf_addstr(sb, none);
		return;
	}
	len = strlen(s);
	if (len <= VALUE_MAX) {
		strbuf_add_html(sb, s);
		return;
	}
	while (cut < VALUE_MAX) {
		size_t n =
			utf8_seq_len((const unsigned char *)s + cut, len - cut);

		if (!n)
			n = 1; /* strbuf_add_html() replaces it */
		if (cut + n > VALUE_MAX)
			break;
		cut += n;
	}
	part = xstrndup(s, cut);
	strbuf_add_html(sb, part);
	strbuf_addstr(sb, "\xe2\x80\xa6");
	free(part);
}

/* The UTC date of a time; `out` has REPORT_DATE_MAX bytes. */
static void S_date(char *out, long long when)
{
	time_t t = (time_t)when;
	struct tm tm;

	if (!gmtime_r(&t, &tm) ||
	    !strftime(out, REPORT_DATE_MAX, "%Y-%m-%d", &tm)) {
		out[0] = '?';
		out[1] = '\0';
	}
}

/* The class of a status: its word when in the vocabulary. */
static const char *S_status_class(const char *status)
{
	const char *word;

	if (!status)
		return "st-none";
	word = vocab_status(status, strlen(status), NULL);
	if (!word)
		return "st-other";
#define CLASS(w, kind)        \
	if (!strcmp(word, w)) \
		return "st-" w;
	STATUS_TABLE(CLASS)
#undef CLASS
	return "st-other";
}

/* Where a confidence sits from 0 to 1, or -1 when it says nothing. */
static double S_confidence(const char *c)
{
	const char *word = c ? vocab_confidence(c, strlen(c)) : NULL;

	if (!word)
		return -1;
	if (!strcmp(word, "high"))
		return 0.85;
	if (!strcmp(word, "medium"))
		return 0.55;
	if (!strcmp(word, "low"))
		return 0.25;
	return strtod(word, NULL);
}

static unsigned S_width(const struct report *r)
{
	return PAD_LEFT + r->columns + PAD_RIGHT;
}

struct tick {
	unsigned column;
	char label[REPORT_DATE_MAX];
};

/*
 * Ticks of the shared time axis: days, weeks, months or years, whichever
 * gives at most about ten over the window.
 */
static size_t S_ticks(struct tick *out, size_t max, const struct report *r)
{
	static const struct {
		long long seconds;
		int months;
	} units[] = {
		{86400, 0}, {7 * 86400, 0}, {0, 1},  {0, 3},   {0, 6},
		{0, 12},    {0, 24},	    {0, 60}, {0, 120}, {0, 600},
	};
	long long span = r->end - r->start, t;
	size_t n = 0, u;
	time_t start = (time_t)r->start;
	struct tm tm;
	int y, m;

	for (u = 0; u + 1 < ARRAY_SIZE(units); u++) {
		long long approx = units[u].seconds
					   ? units[u].seconds
					   : units[u].months * 2629746LL;

		if (span / approx <= 10)
			break;
	}
	if (units[u].seconds) {
		long long step = units[u].seconds;

		for (t = (r->start / step + 1) * step; t <= r->end && n < max;
		     t += step) {
			out[n].column = report_column(r, t);
			S_date(out[n].label, t);
			n++;
		}
		return n;
	}
	if (!gmtime_r(&start, &tm))
		return 0;
	y = tm.tm_year + 1900;
	m = tm.tm_mon; /* 0-based */
	for (;;) {
		m++;
		if (m == 12) {
			m = 0;
			y++;
		}
		if (units[u].months < 12 ? m % units[u].months
					 : m || y % (units[u].months / 12))
			continue;
		t = date_days_from_civil(y, (unsigned)m + 1, 1) * 86400;
		if (t > r->end || n >= max)
			break;
		out[n].column = report_column(r, t);
		if (units[u].months < 12)
			snprintf(out[n].label, sizeof(out[n].label),
				 "%04d-%02d", y, m + 1);
		else
			snprintf(out[n].label, sizeof(out[n].label), "%04d", y);
		n++;
	}
	return n;
}

static void S_axis(struct strbuf *sb, const struct report *r)
{
	struct tick ticks[24];
	size_t n = S_ticks(ticks, ARRAY_SIZE(ticks), r), i;

	for (i = 0; i < n; i++) {
		unsigned x = PAD_LEFT + ticks[i].column;

		strbuf_addf(
			sb,
			"<line class=\"tick\" x1=\"%u\" x2=\"%u\" y1=\"%d\" "
			"y2=\"%d\"/>",
			x, x, BAND_Y, MARK_Y + 8);
		/* A label too near the right edge would be cut off. */
		if (ticks[i].column + 30 <= r->columns)
			strbuf_addf(sb,
				    "<text x=\"%u\" y=\"%d\" "
				    "text-anchor=\"middle\">%s</text>",
				    x, AXIS_Y, ticks[i].label);
	}
	strbuf_addf(sb,
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">status</text>"
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">events</text>",
		    PAD_LEFT - 6, BAND_Y + 16, PAD_LEFT - 6, MARK_Y + 4);
}

/* Status bands: one rect per run of points with the same status. */
static void S_bands(struct strbuf *sb, const struct report *r,
		    const struct report_target *t)
{
	size_t i = 0, k;

	while (i < t->points_nr) {
		const struct report_point *p = &t->points[i];
		unsigned end;
		char d1[REPORT_DATE_MAX], d2[REPORT_DATE_MAX];

		for (k = i + 1; k < t->points_nr; k++)
			if (t->points[k].declared != p->declared ||
			    !str_eq(t->points[k].status, p->status))
				break;
		end = k < t->points_nr ? t->points[k].column : r->columns;
		if (!p->declared) {
			i = k;
			continue;
		}
		/* A state from before the window is shown from its start. */
		if (p->when > r->from)
			memcpy(d1, p->date, sizeof(p->date));
		else
			S_date(d1, r->from);
		if (k < t->points_nr)
			memcpy(d2, t->points[k].date,
			       sizeof(t->points[k].date));
		strbuf_addf(sb, "<rect class=\"band %s\" data-status=\"",
			    S_status_class(p->status));
		S_html(sb, p->status);
		strbuf_addf(sb,
			    "\" x=\"%u\" y=\"%d\" width=\"%u\" height=\"%d\">"
			    "<title>",
			    PAD_LEFT + p->column, BAND_Y,
			    end > p->column ? end - p->column : 1, BAND_H);
		S_value(sb, p->status, "no status");
		strbuf_addf(sb, " from %s %s %s</title></rect>", d1,
			    k < t->points_nr ? "to" : "on,",
			    k < t->points_nr ? d2 : "at the tip");
		i = k;
	}
}

/* Confidence as a thin line across the band, higher when more confident. */
static void S_confidence_lines(struct strbuf *sb, const struct report *r,
			       const struct report_target *t)
{
	size_t i = 0, k;

	while (i < t->points_nr) {
		const struct report_point *p = &t->points[i];
		double c = p->declared ? S_confidence(p->confidence) : -1;
		unsigned end;
		int y;

		for (k = i + 1; k < t->points_nr; k++)
			if (t->points[k].declared != p->declared ||
			    !str_eq(t->points[k].confidence, p->confidence))
				break;
		end = k < t->points_nr ? t->points[k].column : r->columns;
		if (c >= 0) {
			y = BAND_Y + BAND_H - 2 - (int)(c * (BAND_H - 4));
			strbuf_addf(sb,
				    "<line class=\"conf\" x1=\"%u\" x2=\"%u\" "
				    "y1=\"%d\" y2=\"%d\"><title>confidence ",
				    PAD_LEFT + p->column, PAD_LEFT + end, y, y);
			S_value(sb, p->confidence, "none");
			strbuf_addstr(sb, "</title></line>");
		}
		i = k;
	}
}

static int S_disagrees(const struct report_point *p)
{
	return p->declared && p->status && p->score < 0 &&
	       (!strcmp(p->status, "held") ||
		!strcmp(p->status, "corroborated"));
}

/* A red strip under the band where the status contradicts the score. */
static void S_disagreement(struct strbuf *sb, const struct report *r,
			   const struct report_target *t)
{
	size_t i = 0, k;

	while (i < t->points_nr) {
		unsigned end;

		if (!S_disagrees(&t->points[i])) {
			i++;
			continue;
		}
		for (k = i + 1; k < t->points_nr; k++)
			if (!S_disagrees(&t->points[k]))
				break;
		end = k < t->points_nr ? t->points[k].column : r->columns;
		strbuf_addf(sb,
			    "<rect class=\"disagree\" x=\"%u\" y=\"%d\" "
			    "width=\"%u\" height=\"%d\"><title>",
			    PAD_LEFT + t->points[i].column, FLAG_Y,
			    end > t->points[i].column
				    ? end - t->points[i].column
				    : 1,
			    FLAG_H);
		S_html(sb, t->points[i].status);
		strbuf_addstr(sb, " while the evidence score is negative"
				  "</title></rect>");
		i = k;
	}
}

static int S_score_y(int score, int range)
{
	return SCORE_Y + SCORE_H / 2 - score * (SCORE_H / 2 - 2) / range;
}

/* The evidence score as a step line, with its scale on the left. */
static void S_score(struct strbuf *sb, const struct report *r,
		    const struct report_target *t)
{
	int range = 1, lo = 0, hi = 0, y;
	size_t i;

	for (i = 0; i < t->points_nr; i++) {
		const struct report_point *p = &t->points[i];

		if (p->score_min < lo)
			lo = p->score_min;
		if (p->score_max > hi)
			hi = p->score_max;
	}
	range = -lo > hi ? -lo : hi;
	if (range < 1)
		range = 1;
	y = S_score_y(0, range);
	strbuf_addf(sb,
		    "<line class=\"zero\" x1=\"%d\" x2=\"%u\" y1=\"%d\" "
		    "y2=\"%d\"/>"
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%+d</text>"
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">score</text>"
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%+d</text>",
		    PAD_LEFT, PAD_LEFT + r->columns, y, y, PAD_LEFT - 6,
		    S_score_y(range, range) + 4, range, PAD_LEFT - 6, y + 4,
		    PAD_LEFT - 6, S_score_y(-range, range) + 4, -range);
	/* The state at the start of the window is where the line starts. */
	if (t->points_nr && !t->points[0].column)
		y = S_score_y(t->points[0].score, range);
	strbuf_addf(sb, "<path class=\"score\" d=\"M%d %d", PAD_LEFT, y);
	for (i = 0; i < t->points_nr; i++) {
		const struct report_point *p = &t->points[i];
		int y_min = S_score_y(p->score_min, range);
		int y_max = S_score_y(p->score_max, range);
		int y_end = S_score_y(p->score, range);

		if (y_min == y_end && y_max == y_end && y_end == y)
			continue; /* nothing to draw: the line goes on */
		if (p->column)
			strbuf_addf(sb, "H%u", PAD_LEFT + p->column);
		/* A column that folds several changes shows their extent. */
		if (y_min != y_end || y_max != y_end) {
			if (y_min != y)
				strbuf_addf(sb, "V%d", y_min);
			strbuf_addf(sb, "V%d", y_max);
			y = y_max;
		}
		if (y_end != y)
			strbuf_addf(sb, "V%d", y_end);
		y = y_end;
	}
	strbuf_addf(sb,
		    "H%u\"><title>evidence score %+d at the tip "
		    "(lowest %+d, highest %+d)</title></path>",
		    PAD_LEFT + r->columns, t->score, lo, hi);
}

/* What an event changed, as text (escaped). */
static void S_change(struct strbuf *sb, const struct report_event *re)
{
	const struct event *e = &re->ev;

	/* The label names the field, unless a catch-all category holds it. */
	if (re->mark == MARK_FIELD)
		strbuf_addf(sb, "%s changed", e->field);
	else if (re->mark == MARK_MAP_CHANGED)
		strbuf_addf(sb, "mapping %s changed", e->field);
	else if (re->mark == MARK_MENTION)
		strbuf_addf(sb, "mention %s", event_change_name(e->change));
	else
		strbuf_addstr(sb, report_mark_label(re->mark));
	switch (e->change) {
	case EVENT_ADDED:
		if (e->new_value) {
			strbuf_addstr(sb, e->kind == EVENT_MAPPING
						  ? ": "
						  : ", status ");
			S_value(sb, e->new_value, "");
		}
		break;
	case EVENT_REMOVED:
		if (e->old_value) {
			strbuf_addstr(sb, e->kind == EVENT_MAPPING ? ": was "
								   : ", was ");
			S_value(sb, e->old_value, "");
		}
		break;
	case EVENT_RENAMED:
	case EVENT_MODIFIED:
		strbuf_addstr(sb, ": ");
		S_value(sb, e->old_value, "none");
		strbuf_addstr(sb, " \xe2\x86\x92 ");
		S_value(sb, e->new_value, "none");
		break;
	default:
		break;
	}
}

/* Everything about one event, for a hover text. */
static void S_event_text(struct strbuf *sb, const struct report_event *re)
{
	const struct commit_info *c = &re->commit->info;

	strbuf_addf(sb, "%s %s ", c->date, c->short_id);
	S_html(sb, c->author_name);
	strbuf_addch(sb, '\n');
	S_value(sb, c->subject, "");
	strbuf_addch(sb, '\n');
	S_value(sb, re->ev.note, "");
	strbuf_addstr(sb, ": ");
	S_change(sb, re);
}

/* Markers merged over `factor` columns: the page's size budget. */
struct marker_group {
	const struct report_marker *first;
	unsigned count;
	unsigned counts[REPORT_MARKS_NR];
	const char *last_date;
};

static size_t S_next_group(struct marker_group *g,
			   const struct report_target *t, size_t i,
			   unsigned factor)
{
	const struct report_marker *m = &t->markers[i];
	size_t k;

	memset(g, 0, sizeof(*g));
	g->first = m;
	for (; i < t->markers_nr &&
	       t->markers[i].column / factor == m->column / factor;
	     i++) {
		g->count += t->markers[i].count;
		for (k = 0; k < REPORT_MARKS_NR; k++)
			g->counts[k] += t->markers[i].counts[k];
		g->last_date = t->markers[i].last_date;
	}
	return i;
}

static void S_markers(struct strbuf *sb, const struct report_target *t,
		      unsigned factor)
{
	struct marker_group g;
	size_t i = 0, k;

	while (factor && i < t->markers_nr) {
		int strongest = -1;

		i = S_next_group(&g, t, i, factor);
		for (k = 0; k < REPORT_MARKS_NR && strongest < 0; k++)
			if (g.counts[k])
				strongest = (int)k;
		strbuf_addf(sb,
			    "<circle class=\"mk mk-%s\" data-count=\"%u\" "
			    "data-c=\"%s\" cx=\"%u.5\" cy=\"%d\" "
			    "r=\"%s\"><title>",
			    report_mark_name(strongest), g.count,
			    g.first->first.commit->info.short_id,
			    PAD_LEFT + g.first->column, MARK_Y,
			    g.count > 1 ? "5" : "3.5");
		if (g.count > 1) {
			const char *sep = ": ";

			const char *d1 = g.first->first.commit->info.date;

			strbuf_addf(sb, "%u events, %s", g.count, d1);
			if (strcmp(d1, g.last_date))
				strbuf_addf(sb, " to %s", g.last_date);
			for (k = 0; k < REPORT_MARKS_NR; k++)
				if (g.counts[k]) {
					strbuf_addf(sb, "%s%s \xc3\x97%u", sep,
						    report_mark_label(k),
						    g.counts[k]);
					sep = ", ";
				}
			strbuf_addstr(sb, "\nthe first:\n");
		}
		S_event_text(sb, &g.first->first);
		strbuf_addstr(sb, "</title></circle>");
	}
}

static void S_timeline_body(struct strbuf *sb, const struct report *r,
			    const struct report_target *t, unsigned factor)
{
	strbuf_addstr(sb, "<g class=\"bands\">");
	S_bands(sb, r, t);
	strbuf_addstr(sb, "</g>");
	S_confidence_lines(sb, r, t);
	S_disagreement(sb, r, t);
	S_score(sb, r, t);
	strbuf_addstr(sb, "<g class=\"markers\">");
	S_markers(sb, t, factor);
	strbuf_addstr(sb, "</g>");
}

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

static void S_row(struct strbuf *sb, const struct report_event *re,
		  const struct report_render_opts *o)
{
	const struct commit_info *c = &re->commit->info;

	strbuf_addf(sb,
		    "<tr class=\"ev\" data-mark=\"%s\" data-c=\"%s\">"
		    "<td>%s</td><td>",
		    report_mark_name(re->mark), c->short_id, c->date);
	S_commit_link(sb, c, o->commit_url);
	strbuf_addstr(sb, "</td><td>");
	S_html(sb, c->author_name);
	strbuf_addstr(sb, "</td><td>");
	S_value(sb, c->subject, "");
	strbuf_addstr(sb, "</td><td>");
	S_value(sb, re->ev.note, "");
	strbuf_addstr(sb, "</td><td>");
	S_change(sb, re);
	strbuf_addstr(sb, "</td></tr>");
}

/* The table of a target's last events, at most `cap` rows. */
static void S_table(struct strbuf *sb, const struct report_target *t,
		    const struct report_render_opts *o, size_t cap)
{
	size_t shown = t->table_nr < cap ? t->table_nr : cap, i;

	if (!t->events_nr) {
		strbuf_addstr(sb, "<p class=\"cut\">No events in the "
				  "window.</p>");
		return;
	}
	strbuf_addstr(sb, "<table class=\"events\"><thead><tr><th>Date</th>"
			  "<th>Commit</th><th>Author</th><th>Subject</th>"
			  "<th>Note</th><th>Change</th></tr></thead><tbody>");
	/* Newest first: the ring holds the last events, oldest first. */
	for (i = 0; i < shown; i++)
		S_row(sb, &t->table[t->table_nr - 1 - i], o);
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

static void S_flag_text(struct strbuf *sb, const struct report_target *t)
{
	strbuf_addstr(sb, "\xe2\x9a\xa0 ");
	S_html(sb, t->status);
	strbuf_addf(sb, " while the evidence score is %+d", t->score);
}

static void S_overview(struct strbuf *sb, const struct report *r)
{
	size_t i;

	strbuf_addstr(sb,
		      "<table class=\"overview\"><thead><tr><th>Kind</th>"
		      "<th>Target</th><th>Title</th><th>Status</th>"
		      "<th>Confidence</th><th>Score</th><th>Evidence</th>"
		      "<th>Last change</th><th>Events</th><th>Flag</th></tr>"
		      "</thead><tbody>");
	for (i = 0; i < r->shown_nr; i++) {
		const struct report_target *t = r->shown[i];
		char date[REPORT_DATE_MAX];

		strbuf_addf(sb, "<tr class=\"row%s\" data-id=\"",
			    t->flag ? " flagged" : "");
		S_html(sb, t->id);
		strbuf_addf(sb, "\" data-kind=\"%s\" data-status=\"", t->kind);
		S_html(sb, t->declared ? t->status : NULL);
		strbuf_addf(sb,
			    "\" data-score=\"%d\"><td>%s</td>"
			    "<td><a href=\"#t%zu\">",
			    t->score, t->kind, i + 1);
		S_html(sb, t->id);
		strbuf_addstr(sb, "</a></td><td>");
		S_value(sb, t->title, "");
		strbuf_addstr(sb, "</td><td class=\"status\">");
		if (t->declared) {
			strbuf_addf(sb, "<span class=\"st %s\"></span>",
				    S_status_class(t->status));
			S_value(sb, t->status, "none");
		} else {
			strbuf_addstr(sb, "<span class=\"muted\">no longer "
					  "declared</span>");
		}
		strbuf_addstr(sb, "</td><td>");
		S_value(sb, t->declared ? t->confidence : NULL, "");
		strbuf_addstr(sb, "</td>");
		S_score_cell(sb, t->score);
		strbuf_addf(sb, "<td class=\"num\">+%u -%u =%u</td>",
			    t->supports, t->challenges, t->neutral);
		if (t->last_change)
			S_date(date, t->last_change);
		strbuf_addf(
			sb,
			"<td class=\"date\">%s</td><td class=\"num\">%zu</td>",
			t->last_change ? date : "", t->events_nr);
		strbuf_addstr(sb, "<td class=\"flag\">");
		if (t->flag)
			S_flag_text(sb, t);
		strbuf_addstr(sb, "</td></tr>");
	}
	strbuf_addstr(sb, "</tbody></table>");
}

static void S_legend(struct strbuf *sb)
{
	static const char *const statuses[] = {
#define WORD(w, kind) w,
		STATUS_TABLE(WORD)
#undef WORD
	};
	size_t i;

	strbuf_addstr(sb, "<ul class=\"legend\">");
	for (i = 0; i < ARRAY_SIZE(statuses); i++)
		strbuf_addf(sb, "<li><span class=\"st %s\"></span>%s</li>",
			    S_status_class(statuses[i]), statuses[i]);
	strbuf_addstr(sb, "</ul><ul class=\"legend\">");
	for (i = 0; i < REPORT_MARKS_NR; i++)
		strbuf_addf(sb,
			    "<li><svg width=\"10\" height=\"10\" "
			    "aria-hidden=\"true\"><circle class=\"mk mk-%s\" "
			    "cx=\"5\" cy=\"5\" r=\"4\"/></svg> %s</li>",
			    report_mark_name(i), report_mark_label(i));
	strbuf_addstr(sb, "</ul>");
}

/* "3 hours", "2 days": how much time one column of the axis spans. */
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

static void S_svg_open(struct strbuf *sb, const struct report *r,
		       const struct report_target *t, int standalone)
{
	unsigned h = SVG_H + (standalone ? HEAD_H : 0);

	strbuf_addstr(sb, "<svg class=\"timeline\" ");
	if (standalone)
		strbuf_addf(sb,
			    "xmlns=\"http://www.w3.org/2000/svg\" "
			    "width=\"%u\" height=\"%u\" ",
			    S_width(r), h);
	strbuf_addf(sb, "viewBox=\"0 0 %u %u\" role=\"img\" data-id=\"",
		    S_width(r), h);
	S_html(sb, t->id);
	strbuf_addstr(sb, "\"><title>Timeline of ");
	S_html(sb, t->id);
	strbuf_addstr(sb, "</title>");
}

void render_svg_target(struct strbuf *sb, const struct report *r,
		       const struct report_target *t,
		       const struct report_render_opts *o)
{
	(void)o;
	S_svg_open(sb, r, t, 1);
	strbuf_addstr(sb, "<style>" SVG_CSS "</style>");
	strbuf_addf(sb,
		    "<rect width=\"100%%\" height=\"100%%\" "
		    "style=\"fill:var(--bg)\"/><text x=\"%d\" y=\"14\" "
		    "style=\"fill:var(--fg);font-weight:600\">",
		    PAD_LEFT);
	S_html(sb, t->id);
	if (t->title) {
		strbuf_addstr(sb, " \xe2\x80\x94 ");
		S_value(sb, t->title, "");
	}
	strbuf_addstr(sb, ": ");
	if (t->declared)
		S_value(sb, t->status, "no status");
	else
		strbuf_addstr(sb, "no longer declared");
	strbuf_addf(sb, ", score %+d</text><g transform=\"translate(0,%d)\">",
		    t->score, HEAD_H);
	S_axis(sb, r);
	S_timeline_body(sb, r, t, 1);
	strbuf_addstr(sb, "</g></svg>\n");
}

static void S_target_section(struct strbuf *sb, const struct report *r,
			     const struct report_target *t, size_t idx,
			     const struct report_render_opts *o,
			     unsigned factor, size_t cap)
{
	strbuf_addf(sb, "<section class=\"target\" id=\"t%zu\" data-id=\"",
		    idx + 1);
	S_html(sb, t->id);
	strbuf_addf(sb, "\"><h2><span class=\"kind\">%s</span> ", t->kind);
	S_html(sb, t->id);
	if (t->title) {
		strbuf_addstr(sb, " <span class=\"muted\">\xe2\x80\x94 ");
		S_value(sb, t->title, "");
		strbuf_addstr(sb, "</span>");
	}
	strbuf_addstr(sb, "</h2>");
	if (t->stance) {
		strbuf_addstr(sb, "<p class=\"stance\">");
		S_value(sb, t->stance, "");
		strbuf_addstr(sb, "</p>");
	}
	strbuf_addstr(sb, "<p class=\"now\">");
	if (t->declared) {
		strbuf_addf(sb, "<span class=\"st %s\"></span>",
			    S_status_class(t->status));
		S_value(sb, t->status, "no status");
		strbuf_addstr(sb, ", confidence ");
		S_value(sb, t->confidence, "none");
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
		S_flag_text(sb, t);
		strbuf_addstr(sb, "</span>");
	}
	strbuf_addstr(sb, "</p>");
	S_svg_open(sb, r, t, 0);
	strbuf_addstr(sb, "<use href=\"#axis\"/>");
	S_timeline_body(sb, r, t, factor);
	strbuf_addstr(sb, "</svg>");
	S_table(sb, t, o, cap);
	strbuf_addstr(sb, "</section>\n");
}

/*
 * The page, with markers aggregated over `factor` columns (0: none, to
 * measure the rest) and at most `cap` rows in each event table.
 */
static void S_page(struct strbuf *sb, const struct report *r,
		   const struct report_render_opts *o, unsigned factor,
		   size_t cap)
{
	size_t i, positions = 0;
	char d1[REPORT_DATE_MAX], d2[REPORT_DATE_MAX];
	char tip[8];

	for (i = 0; i < r->shown_nr; i++)
		positions += !strcmp(r->shown[i]->kind, "position");
	snprintf(tip, sizeof(tip), "%.7s", r->tip ? r->tip : "");
	S_date(d1, r->from);
	S_date(d2, r->to);
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
		    "<title>Positions and theses: timeline</title>"
		    "<style>" SVG_CSS PAGE_CSS "</style></head><body>\n"
		    "<h1>Positions and theses: timeline</h1>"
		    "<p class=\"meta\">");
	S_html(sb, o->range ? o->range : "HEAD");
	strbuf_addf(sb,
		    " at <code>%s</code>: %zu commit%s on the first-parent "
		    "line, shown from %s to %s; %zu position%s, %zu "
		    "thes%s, %zu event%s.</p>\n",
		    tip, r->commits, r->commits == 1 ? "" : "s", d1, d2,
		    positions, positions == 1 ? "" : "s",
		    r->shown_nr - positions,
		    r->shown_nr - positions == 1 ? "is" : "es", r->events,
		    r->events == 1 ? "" : "s");

	strbuf_addstr(sb, "<h2>Overview</h2>");
	S_overview(sb, r);
	strbuf_addstr(sb, "<p class=\"note\">Positions first, then theses, "
			  "each most recently changed first. A flag marks a "
			  "target whose status is held or corroborated while "
			  "its evidence score (strong 3, moderate 2, weak 1; "
			  "supporting counts for, challenging against) is "
			  "negative.</p>\n");

	strbuf_addstr(sb, "<h2>Timelines</h2>");
	S_legend(sb);
	strbuf_addf(sb,
		    "<p class=\"note\">Every timeline shares one time axis "
		    "of %u columns, about ",
		    r->columns);
	S_span(sb, (r->end - r->start) / (r->columns ? r->columns : 1));
	strbuf_addf(sb,
		    " each. The band is the status, the thin line in it the "
		    "confidence, the red strip below it a status that "
		    "disagrees with the evidence, the step line the evidence "
		    "score. Events of a target that fall on the same column "
		    "are aggregated into one marker (a larger one stands for "
		    "several; hover for their count and the first of "
		    "them). Hovering a marker also highlights its commit's "
		    "rows in the table below.");
	if (factor != 1) /* 0: measuring, see render_html_report() */
		strbuf_addf(sb,
			    " To keep this page small, markers are aggregated "
			    "over %u columns.",
			    factor);
	if (cap < r->table_max && cap < r->events)
		strbuf_addf(sb,
			    " Event tables show at most the last %zu events of "
			    "a target.",
			    cap);
	strbuf_addstr(sb, "</p>\n");

	/* The axis once; every timeline refers to it. */
	strbuf_addf(sb,
		    "<svg class=\"defs\" aria-hidden=\"true\" viewBox=\"0 0 %u "
		    "%d\"><defs><g id=\"axis\">",
		    S_width(r), SVG_H);
	S_axis(sb, r);
	strbuf_addstr(sb, "</g></defs></svg>\n");
	for (i = 0; i < r->shown_nr; i++)
		S_target_section(sb, r, r->shown[i], i, o, factor, cap);
	if (!r->shown_nr)
		strbuf_addstr(sb, "<p>No position or thesis is declared in "
				  "this range.</p>");
	strbuf_addstr(sb, "<script>" PAGE_SCRIPT "</script>\n</body></html>\n");
}

/* What the markers of the page take with `factor` columns per marker. */
static size_t S_marker_bytes(const struct report *r, unsigned factor)
{
	struct strbuf scratch = STRBUF_INIT;
	size_t total = 0, i;

	for (i = 0; i < r->shown_nr; i++) {
		strbuf_reset(&scratch);
		S_markers(&scratch, r->shown[i], factor);
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
			S_row(&scratch, &t->table[t->table_nr - 1 - k], o);
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
