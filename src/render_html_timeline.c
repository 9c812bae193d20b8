/*
 * One target's timeline as SVG, for the page and standalone (`report
 * --format=svg`): the shared time axis, the status bands with their
 * patterns, the evidence glyphs bracketed by period, the confidence and
 * score tracks, and a marker for every event.  The labels above the band
 * are render_html_labels.c's.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "render.h"
#include "render_html.h"
#include "util.h"
#include "vocab.h"

/*
 * Colours as variables, so one rule switches the scheme.  The eight
 * statuses stay apart for deuteranopes (tests/e2e/report-colours.py
 * simulates it and checks the distances); each band also carries a
 * pattern and its status word, so colour is never the only cue, and a
 * greyscale print still tells them apart.
 */
#define SVG_CSS                                                                \
	":root{--fg:#1d1f23;--bg:#fff;--muted:#5f646c;--line:#d5d8dd;"         \
	"--score:#1d1f23;--held:#009e73;--questioned:#f2c14e;"                 \
	"--revised:#0072b2;--retired:#c4c4c4;--emerging:#7fc8f0;"              \
	"--corroborated:#0b4f2e;--contested:#c75000;--refuted:#a0306a;"        \
	"--other:#8a6db5;--none:#e4e6e9;--flag:#c75000;--sup:#007a5a;"         \
	"--cha:#c75000}"                                                       \
	"@media (prefers-color-scheme:dark){:root{--fg:#e3e5e8;--bg:#16181b;"  \
	"--muted:#a3a9b1;--line:#3a3e44;--score:#e3e5e8;--none:#33373c;"       \
	"--sup:#3fd0a0;--cha:#ff8a3d;--flag:#ff8a3d}}"                         \
	"text{font:11px system-ui,sans-serif;fill:var(--muted)}"               \
	".band{stroke:none}.st-held{fill:var(--held)}"                         \
	".st-questioned{fill:var(--questioned)}"                               \
	".st-revised{fill:var(--revised)}"                                     \
	".st-retired{fill:var(--retired)}.st-emerging{fill:var(--emerging)}"   \
	".st-corroborated{fill:var(--corroborated)}"                           \
	".st-contested{fill:var(--contested)}.st-refuted{fill:var(--refuted)}" \
	".st-other{fill:var(--other)}.st-none{fill:var(--none)}"               \
	".pat{stroke:none;pointer-events:none}"                                \
	"text.bt{font-weight:600;fill:#fff;paint-order:stroke;"                \
	"stroke:rgba(0,0,0,.55);stroke-width:2.5px}"                           \
	"text.bt.light{fill:#1d1f23;stroke:rgba(255,255,255,.8)}"              \
	"text.row{fill:var(--fg);font-weight:600}"                             \
	"text.lb1{font-size:12px;fill:var(--fg)}text.lb1 tspan.w{"             \
	"font-weight:700}text.lb2{fill:var(--fg)}"                             \
	"text.q{font-style:italic}"                                            \
	".chg{stroke:var(--fg);stroke-width:1.5}"                              \
	".qln{stroke:var(--muted);stroke-width:1;stroke-dasharray:2 2}"        \
	".brk{stroke:var(--muted);stroke-width:1;fill:none}"                   \
	"text.gl{font-size:12px}text.sup{fill:var(--sup)}"                     \
	"text.cha{fill:var(--cha)}text.neu,text.rem{fill:var(--muted)}"        \
	"text.que{fill:var(--fg);font-weight:700}"                             \
	"text.sum{fill:var(--fg)}"                                             \
	".conf{stroke:var(--fg);stroke-width:2;fill:none}"                     \
	".grid{stroke:var(--line);stroke-width:1}"                             \
	"text.cw{fill:var(--fg);font-weight:600}"                              \
	".disagree{fill:var(--flag)}"                                          \
	".zero,.tick{stroke:var(--line);stroke-width:1}"                       \
	".zero{stroke-dasharray:3 3}"                                          \
	".score{fill:none;stroke:var(--score);stroke-width:1.5}"               \
	".mk{stroke:var(--bg);stroke-width:1;fill:var(--muted)}"               \
	".mk-status{fill:var(--fg)}.mk-added{fill:var(--held)}"                \
	".mk-removed{fill:var(--retired)}.mk-renamed{fill:var(--questioned)}"  \
	".mk-stance{fill:var(--other)}.mk-question{fill:var(--fg)}"            \
	".mk-reversed{fill:var(--refuted)}"                                    \
	".mk-reweighted{fill:var(--contested)}"                                \
	".mk-mapping-added{fill:var(--revised)}"                               \
	".mk-mapping-removed{fill:var(--emerging)}"                            \
	".mk-confidence{fill:var(--revised)}.mk-field{fill:var(--line)}"       \
	".mk-mapping-changed{fill:var(--line)}.mk-mention{fill:var(--line)}"

/*
 * Patterns laid over the status colours, one per status: held and
 * corroborated plain, the others hatched, dotted or crossed, so the
 * statuses stay apart in greyscale and for any colour vision.
 */
#define PATTERN(id, body)                                  \
	"<pattern id=\"" id "\" width=\"8\" height=\"8\" " \
	"patternUnits=\"userSpaceOnUse\">" body "</pattern>"
#define P_LINE(d)                                       \
	"<path d=\"" d "\" stroke=\"rgba(0,0,0,.35)\" " \
	"stroke-width=\"1.6\" fill=\"none\"/>"
#define PATTERNS                                                            \
	PATTERN("p-questioned", P_LINE("M-2 10L10 -2M-2 2L2 -2M6 10L10 6")) \
	PATTERN("p-revised", P_LINE("M0 4H8"))                              \
	PATTERN("p-retired", P_LINE("M0 4H8M4 0V8"))                        \
	PATTERN("p-emerging", "<circle cx=\"4\" cy=\"4\" r=\"1.4\" "        \
			      "fill=\"rgba(0,0,0,.35)\"/>")                 \
	PATTERN("p-corroborated", P_LINE("M4 0V8"))                         \
	PATTERN("p-contested", P_LINE("M-2 -2L10 10M6 -2L10 2M-2 6L2 10"))  \
	PATTERN("p-refuted", P_LINE("M0 0L8 8M8 0L0 8"))                    \
	PATTERN("p-other", "<circle cx=\"4\" cy=\"4\" r=\"2\" "             \
			   "fill=\"rgba(255,255,255,.5)\"/>")

const char render_html_svg_css[] = SVG_CSS;

static const char *const S_month_names[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* `4 May`, for the ticks of an axis of days or weeks. */
static void S_day_month(char *out, const char *ymd)
{
	char d[DATE_HUMAN_MAX];
	char *sp;

	date_human(d, ymd);
	sp = strrchr(d, ' ');
	if (sp && sp != strchr(d, ' '))
		*sp = '\0';
	snprintf(out, REPORT_DATE_MAX, "%.23s", d);
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
			char ymd[REPORT_DATE_MAX];

			out[n].column = report_column(r, t);
			render_html_date(ymd, t);
			S_day_month(out[n].label, ymd);
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
			snprintf(out[n].label, sizeof(out[n].label), "%s %04d",
				 S_month_names[m], y);
		else
			snprintf(out[n].label, sizeof(out[n].label), "%04d", y);
		n++;
	}
	return n;
}

/* The axis and the names of the rows, in the body's coordinates. */
static void S_axis(struct strbuf *sb, const struct report *r)
{
	static const struct {
		int y;
		const char *name;
	} rows[] = {
		{BAND_Y + 17, "status"},
		{EVID_Y + 14, "evidence"},
		{CONF_Y + 4, "confidence"},
		{SCORE_Y + SCORE_H / 2 + 4, "score"},
		{MARK_Y + 4, "all events"},
	};
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
	for (i = 0; i < ARRAY_SIZE(rows); i++)
		strbuf_addf(sb,
			    "<text class=\"row\" x=\"2\" y=\"%d\">%s</text>",
			    rows[i].y, rows[i].name);
}

/* Is the colour of a status light, so that its word is written dark? */
static int S_light(const char *cls)
{
	return !strcmp(cls, "st-questioned") || !strcmp(cls, "st-retired") ||
	       !strcmp(cls, "st-emerging") || !strcmp(cls, "st-none");
}

/* Status bands: one rect per run of points with the same status. */
static void S_bands(struct strbuf *sb, const struct report *r,
		    const struct report_target *t)
{
	size_t i = 0, k;

	while (i < t->points_nr) {
		const struct report_point *p = &t->points[i];
		unsigned end, w;
		const char *cls = render_html_status_class(p->status);
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
		w = end > p->column ? end - p->column : 1;
		/* A state from before the window is shown from its start. */
		if (p->when > r->from)
			memcpy(d1, p->date, sizeof(p->date));
		else
			render_html_date(d1, r->from);
		if (k < t->points_nr)
			memcpy(d2, t->points[k].date,
			       sizeof(t->points[k].date));
		strbuf_addf(sb, "<rect class=\"band %s\" data-status=\"", cls);
		render_html_escape(sb, p->status);
		strbuf_addf(sb,
			    "\" x=\"%u\" y=\"%d\" width=\"%u\" height=\"%d\">"
			    "<title>",
			    PAD_LEFT + p->column, BAND_Y, w, BAND_H);
		render_html_value(sb, p->status, "no status");
		strbuf_addstr(sb, " from ");
		render_html_human(sb, d1);
		if (k < t->points_nr) {
			strbuf_addstr(sb, " to ");
			render_html_human(sb, d2);
		} else {
			strbuf_addstr(sb, " on, at the tip");
		}
		strbuf_addstr(sb, "</title></rect>");
		strbuf_addf(sb,
			    "<rect class=\"pat\" fill=\"url(#p-%s)\" x=\"%u\" "
			    "y=\"%d\" width=\"%u\" height=\"%d\"/>",
			    cls + 3, PAD_LEFT + p->column, BAND_Y, w, BAND_H);
		/* The word in the band, where it fits: colour is not all. */
		if (p->status &&
		    render_html_text_width(p->status, BOLD_W) + 10 < w) {
			strbuf_addf(sb,
				    "<text class=\"bt%s\" x=\"%u\" y=\"%d\">",
				    S_light(cls) ? " light" : "",
				    PAD_LEFT + p->column + 5, BAND_Y + 17);
			render_html_value(sb, p->status, "");
			strbuf_addstr(sb, "</text>");
		}
		i = k;
	}
}

/* Where a confidence sits on its track, or -1 when it says nothing. */
static int S_confidence_y(const char *c)
{
	double v = S_confidence(c);

	if (v < 0)
		return -1;
	if (v > 1)
		v = 1;
	return CONF_Y + CONF_H - (int)(v * (CONF_H - 2)) - 1;
}

/*
 * The confidence as its own track: a step line over a scale of the three
 * words, and the word written where it changes.
 */
static void S_confidence_track(struct strbuf *sb, const struct report *r,
			       const struct report_target *t)
{
	static const char *const words[] = {"high", "medium", "low"};
	size_t i = 0, k;
	int drawn = 0, prev_y = -1;

	for (k = 0; k < ARRAY_SIZE(words); k++) {
		int y = S_confidence_y(words[k]);

		strbuf_addf(
			sb,
			"<line class=\"grid\" x1=\"%d\" x2=\"%u\" y1=\"%d\" "
			"y2=\"%d\"/><text x=\"%d\" y=\"%d\" "
			"text-anchor=\"end\" font-size=\"10\">%s</text>",
			PAD_LEFT, PAD_LEFT + r->columns, y, y, PAD_LEFT - 4,
			y + 3, words[k]);
	}
	while (i < t->points_nr) {
		const struct report_point *p = &t->points[i];
		int y = p->declared ? S_confidence_y(p->confidence) : -1;
		unsigned end;

		for (k = i + 1; k < t->points_nr; k++)
			if (t->points[k].declared != p->declared ||
			    !str_eq(t->points[k].confidence, p->confidence))
				break;
		end = k < t->points_nr ? t->points[k].column : r->columns;
		if (y >= 0) {
			strbuf_addf(sb, "<path class=\"conf\" d=\"M%u %d",
				    PAD_LEFT + p->column,
				    drawn && prev_y >= 0 ? prev_y : y);
			if (drawn && prev_y >= 0 && prev_y != y)
				strbuf_addf(sb, "V%d", y);
			strbuf_addf(sb, "H%u\"><title>confidence ",
				    PAD_LEFT + end);
			render_html_value(sb, p->confidence, "none");
			strbuf_addstr(sb, "</title></path>");
			if (end - p->column > 46) {
				strbuf_addf(sb,
					    "<text class=\"cw\" x=\"%u\" "
					    "y=\"%d\">",
					    PAD_LEFT + p->column + 4,
					    y > CONF_Y + 12 ? y - 3 : y + 11);
				render_html_value(sb, p->confidence, "");
				strbuf_addstr(sb, "</text>");
			}
			drawn = 1;
		}
		prev_y = y;
		i = k;
	}
}

static int S_disagrees(const struct report_point *p)
{
	return p->declared && p->status && p->score < 0 &&
	       (!strcmp(p->status, "held") ||
		!strcmp(p->status, "corroborated"));
}

/* A strip under the band where the status contradicts the score. */
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
		render_html_escape(sb, t->points[i].status);
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
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		    "font-size=\"9\">%+d</text>"
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		    "font-size=\"9\">%+d</text>",
		    PAD_LEFT, PAD_LEFT + r->columns, y, y, PAD_LEFT - 4,
		    S_score_y(range, range) + 4, range, PAD_LEFT - 4,
		    S_score_y(-range, range) + 4, -range);
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

/* Everything about one event, for a hover text. */
static void S_event_text(struct strbuf *sb, const struct report_event *re)
{
	const struct commit_info *c = &re->commit->info;

	strbuf_addf(sb, "%s %s ", c->date, c->short_id);
	render_html_escape(sb, c->author_name);
	strbuf_addch(sb, '\n');
	render_html_value(sb, c->subject, "");
	strbuf_addch(sb, '\n');
	render_html_value(sb, re->ev.note, "");
	strbuf_addstr(sb, ": ");
	render_html_change(sb, re);
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

void render_html_markers(struct strbuf *sb, const struct report_target *t,
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

unsigned render_html_x(const struct report *r, long long when)
{
	return PAD_LEFT + report_column(r, when);
}

int render_html_in_window(const struct report *r, const struct commit_info *c)
{
	return c->when >= r->from && c->when <= r->to;
}

/* One piece of evidence as a glyph: its shape says what it did. */
static void S_glyph(struct strbuf *sb, const struct report *r,
		    const struct story_evidence *se)
{
	const struct event *e = &se->ev;
	const char *cls = "neu", *glyph = "\xe2\x97\x86"; /* ◆ */
	const char *v =
		e->change == EVENT_REMOVED ? e->old_value : e->new_value;

	if (story_is_question(e)) {
		cls = "que";
		glyph = "?";
	} else if (e->change == EVENT_REMOVED) {
		cls = "rem";
		glyph = "\xc3\x97"; /* × */
	} else if (e->change == EVENT_ADDED || !strcmp(e->field, "effect")) {
		const char *sp = v ? strchr(v, ' ') : NULL;
		int sign = vocab_effect_sign(sp	 ? sp + 1
					     : v ? v
						 : EFFECT_DEFAULT);

		if (sign > 0)
			cls = "sup", glyph = "\xe2\x96\xb2"; /* ▲ */
		else if (sign < 0)
			cls = "cha", glyph = "\xe2\x96\xbc"; /* ▼ */
	} else {
		glyph = "\xe2\x97\x87"; /* ◇: a strength or why changed */
	}
	strbuf_addf(sb,
		    "<text class=\"gl %s\" x=\"%u\" y=\"%d\" "
		    "text-anchor=\"middle\">%s<title>",
		    cls, render_html_x(r, se->commit.when), EVID_Y + 12, glyph);
	render_html_human(sb, se->commit.date);
	strbuf_addf(sb, " %s\n", se->commit.short_id);
	render_html_value(sb, e->note, "");
	strbuf_addstr(sb, ": ");
	if (e->change == EVENT_MODIFIED) {
		strbuf_addf(sb, "%s ", e->field);
		render_html_value(sb, e->old_value, "none");
		strbuf_addstr(sb, " \xe2\x86\x92 ");
	} else {
		strbuf_addf(sb, "%s ", event_change_name(e->change));
	}
	render_html_value(sb, v, "");
	strbuf_addstr(sb, "</title></text>");
}

/*
 * The evidence of one period: its glyphs, a bracket from the first to
 * the change it led to (`to`, 0 for the period still open), and what it
 * adds up to, written under it.
 */
static void S_period(struct strbuf *sb, const struct report *r,
		     const struct story_period *p, unsigned to, double *taken)
{
	unsigned x0 = 0, x1 = 0;
	size_t i, shown = 0;
	struct strbuf text = STRBUF_INIT;
	double w, start;
	int brief;

	for (i = 0; i < p->nr; i++) {
		unsigned x;

		if (!render_html_in_window(r, &p->v[i].commit))
			continue;
		x = render_html_x(r, p->v[i].commit.when);
		if (!shown++ || x < x0)
			x0 = x;
		if (x > x1)
			x1 = x;
		S_glyph(sb, r, &p->v[i]);
	}
	if (!shown)
		return;
	if (to)
		x1 = to;
	if (x1 > x0)
		strbuf_addf(sb, "<path class=\"brk\" d=\"M%u %dV%dH%uV%d\"/>",
			    x0, EVID_Y + 15, EVID_Y + 19, x1, EVID_Y + 15);
	/*
	 * What it adds up to, where it fits after the last one written: in
	 * words, else as a number, else not at all (the story below has it).
	 */
	for (brief = 0; brief < 2; brief++) {
		strbuf_reset(&text);
		if (brief)
			strbuf_addf(&text, "%zu", p->total);
		else
			render_html_counts(&text, p);
		strbuf_addstr(&text, to ? " \xe2\x96\xb8" : " since");
		w = render_html_text_width(text.buf, CHAR_W);
		start = to && to > w + 2 ? to - 2 - w : x0;
		if (start < *taken + 6 && start == (double)to - 2 - w &&
		    x0 >= *taken + 6 && x0 + w < S_width(r))
			start = x0; /* under the bracket's start instead */
		if (start >= *taken + 6 && start + w <= S_width(r))
			break;
	}
	if (brief < 2) {
		strbuf_addf(sb, "<text class=\"sum\" x=\"%.0f\" y=\"%d\">",
			    start, EVID_Y + 31);
		strbuf_addbuf(sb, &text);
		strbuf_addstr(sb, "</text>");
		*taken = start + w;
	}
	strbuf_release(&text);
}

static void S_evidence(struct strbuf *sb, const struct report *r,
		       const struct report_target *t)
{
	const struct story_target *st = t->story;
	double taken = 0;
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->steps_nr; i++)
		if (!st->steps[i].start &&
		    render_html_in_window(r, &st->steps[i].commit))
			S_period(sb, r, &st->steps[i].before,
				 render_html_x(r, st->steps[i].commit.when),
				 &taken);
	S_period(sb, r, &st->open, 0, &taken);
}

static void S_timeline_body(struct strbuf *sb, const struct report *r,
			    const struct report_target *t, unsigned factor)
{
	strbuf_addstr(sb, "<g class=\"bands\">");
	S_bands(sb, r, t);
	strbuf_addstr(sb, "</g>");
	S_disagreement(sb, r, t);
	strbuf_addstr(sb, "<g class=\"evidence\">");
	S_evidence(sb, r, t);
	strbuf_addstr(sb, "</g>");
	S_confidence_track(sb, r, t);
	S_score(sb, r, t);
	strbuf_addstr(sb, "<g class=\"markers\">");
	render_html_markers(sb, t, factor);
	strbuf_addstr(sb, "</g>");
}

void render_html_legend(struct strbuf *sb)
{
	static const char *const statuses[] = {
#define WORD(w, kind) w,
		STATUS_TABLE(WORD)
#undef WORD
	};
	static const char *const glyphs[][2] = {
		{"sup", "\xe2\x96\xb2 a supporting mapping"},
		{"cha", "\xe2\x96\xbc a challenging mapping"},
		{"neu", "\xe2\x97\x86 a neutral mapping"},
		{"rem", "\xc3\x97 a mapping removed"},
		{"neu", "\xe2\x97\x87 a strength or reason changed"},
		{"que", "? an open question"},
	};
	size_t i;

	strbuf_addstr(sb, "<ul class=\"legend\">");
	for (i = 0; i < ARRAY_SIZE(statuses); i++) {
		const char *cls = render_html_status_class(statuses[i]);

		strbuf_addf(sb,
			    "<li><svg width=\"26\" height=\"14\" "
			    "aria-hidden=\"true\"><rect class=\"%s\" "
			    "width=\"26\" height=\"14\"/><rect class=\"pat\" "
			    "fill=\"url(#p-%s)\" width=\"26\" height=\"14\"/>"
			    "</svg> %s</li>",
			    cls, cls + 3, statuses[i]);
	}
	strbuf_addstr(sb, "</ul><ul class=\"legend\">");
	for (i = 0; i < ARRAY_SIZE(glyphs); i++)
		strbuf_addf(
			sb,
			"<li><svg width=\"12\" height=\"14\" "
			"aria-hidden=\"true\"><text class=\"gl %s\" x=\"6\" "
			"y=\"12\" text-anchor=\"middle\">%.*s</text></svg>"
			"%s</li>",
			glyphs[i][0], (int)strcspn(glyphs[i][1], " "),
			glyphs[i][1], strchr(glyphs[i][1], ' '));
	strbuf_addstr(sb, "</ul><ul class=\"legend\">");
	for (i = 0; i < REPORT_MARKS_NR; i++)
		strbuf_addf(sb,
			    "<li><svg width=\"10\" height=\"10\" "
			    "aria-hidden=\"true\"><circle class=\"mk mk-%s\" "
			    "cx=\"5\" cy=\"5\" r=\"4\"/></svg> %s</li>",
			    report_mark_name(i), report_mark_label(i));
	strbuf_addstr(sb, "</ul>");
}

static void S_svg_open(struct strbuf *sb, const struct report *r,
		       const struct report_target *t, unsigned h,
		       int standalone)
{
	strbuf_addstr(sb, "<svg class=\"timeline\" ");
	if (standalone)
		strbuf_addf(sb,
			    "xmlns=\"http://www.w3.org/2000/svg\" "
			    "width=\"%u\" height=\"%u\" ",
			    S_width(r), h);
	strbuf_addf(sb, "viewBox=\"0 0 %u %u\" role=\"img\" data-id=\"",
		    S_width(r), h);
	render_html_escape(sb, t->id);
	strbuf_addstr(sb, "\"><title>Timeline of ");
	render_html_escape(sb, t->id);
	strbuf_addstr(sb, "</title>");
}

/*
 * Labels, then the body below them.  `head`: the heading line of a
 * standalone SVG, which carries its own style, patterns and axis; NULL
 * for a timeline of the page, which refers to the page's.
 */
static void S_timeline(struct strbuf *sb, const struct report *r,
		       const struct report_target *t, unsigned factor, int top,
		       const char *head)
{
	struct render_html_labels ls = RENDER_HTML_LABELS_INIT;

	render_html_labels_place(&ls, r, t);
	S_svg_open(sb, r, t, (unsigned)(top + ls.lanes * LANE_H + BODY_H + 4),
		   head != NULL);
	if (head) {
		strbuf_addstr(sb, "<style>" SVG_CSS "</style><defs>" PATTERNS
				  "</defs>");
		strbuf_addstr(sb, "<rect width=\"100%\" height=\"100%\" "
				  "style=\"fill:var(--bg)\"/>");
		strbuf_addstr(sb, head);
	}
	strbuf_addf(sb, "<g transform=\"translate(0,%d)\">", top);
	render_html_labels_draw(sb, &ls);
	strbuf_addf(sb, "<g transform=\"translate(0,%d)\">", ls.lanes * LANE_H);
	if (head)
		S_axis(sb, r);
	else
		strbuf_addstr(sb, "<use href=\"#axis\"/>");
	S_timeline_body(sb, r, t, factor);
	strbuf_addstr(sb, "</g></g></svg>");
	render_html_labels_release(&ls);
}

void render_html_timeline(struct strbuf *sb, const struct report *r,
			  const struct report_target *t, unsigned factor)
{
	S_timeline(sb, r, t, factor, 0, NULL);
}

void render_html_timeline_defs(struct strbuf *sb, const struct report *r)
{
	strbuf_addf(sb,
		    "<svg class=\"defs\" aria-hidden=\"true\" viewBox=\"0 0 %u "
		    "%d\"><defs>" PATTERNS "<g id=\"axis\">",
		    S_width(r), BODY_H);
	S_axis(sb, r);
	strbuf_addstr(sb, "</g></defs></svg>\n");
}

void render_svg_target(struct strbuf *sb, const struct report *r,
		       const struct report_target *t,
		       const struct report_render_opts *o)
{
	struct strbuf head = STRBUF_INIT;

	(void)o;
	strbuf_addf(&head, "<text x=\"2\" y=\"14\" "
			   "style=\"fill:var(--fg);font-weight:600\">");
	render_html_escape(&head, t->id);
	if (t->title) {
		strbuf_addstr(&head, " \xe2\x80\x94 ");
		render_html_value(&head, t->title, "");
	}
	strbuf_addstr(&head, ": ");
	if (t->declared)
		render_html_value(&head, t->status, "no status");
	else
		strbuf_addstr(&head, "no longer declared");
	strbuf_addf(&head, ", evidence score %+d</text>", t->score);
	S_timeline(sb, r, t, 1, HEAD_H, head.buf);
	strbuf_addch(sb, '\n');
	strbuf_release(&head);
}
