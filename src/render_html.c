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
 * Geometry of one timeline, in SVG user units: one unit per step of the
 * time axis, with room on the left for the row names.  Above the body,
 * `lanes` rows of labels (status changes and open questions, written out
 * so a screenshot or a print shows them); the body is translated below
 * them, and the shared axis is drawn in the body's coordinates.
 */
#define PAD_LEFT  104
#define PAD_RIGHT 12
#define LANE_H	  30
#define LANES_MAX 4
#define BAND_Y	  0
#define BAND_H	  26
#define FLAG_Y	  28
#define FLAG_H	  4
#define EVID_Y	  36
#define EVID_H	  34
#define CONF_Y	  76
#define CONF_H	  44
#define SCORE_Y	  130
#define SCORE_H	  56
#define MARK_Y	  198
#define AXIS_Y	  216
#define BODY_H	  222
#define HEAD_H	  20 /* the heading line of a standalone SVG */
/* Widths of text, estimated: the page cannot measure it (no script). */
#define CHAR_W	  6.4
#define BOLD_W	  7.4
#define LABEL_MAX 90 /* characters of a Why: or a question on a label */

/* Longest value from a note shown in a cell or a hover text, in bytes. */
#define VALUE_MAX 240

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

static const char *const S_month_names[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* A YYYY-MM-DD date as people write it: `4 May 2026`. */
static void S_human(struct strbuf *sb, const char *ymd)
{
	char d[DATE_HUMAN_MAX];

	date_human(d, ymd);
	strbuf_addstr(sb, d);
}

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
			char ymd[REPORT_DATE_MAX];

			out[n].column = report_column(r, t);
			S_date(ymd, t);
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

/* Estimated width of `n` bytes of text (UTF-8 counted by characters). */
static double S_text_w(const char *s, double per_char)
{
	size_t chars = 0;

	for (; s && *s; s++)
		chars += ((unsigned char)*s & 0xc0) != 0x80;
	return (double)chars * per_char;
}

/* Status bands: one rect per run of points with the same status. */
static void S_bands(struct strbuf *sb, const struct report *r,
		    const struct report_target *t)
{
	size_t i = 0, k;

	while (i < t->points_nr) {
		const struct report_point *p = &t->points[i];
		unsigned end, w;
		const char *cls = S_status_class(p->status);
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
			S_date(d1, r->from);
		if (k < t->points_nr)
			memcpy(d2, t->points[k].date,
			       sizeof(t->points[k].date));
		strbuf_addf(sb, "<rect class=\"band %s\" data-status=\"", cls);
		S_html(sb, p->status);
		strbuf_addf(sb,
			    "\" x=\"%u\" y=\"%d\" width=\"%u\" height=\"%d\">"
			    "<title>",
			    PAD_LEFT + p->column, BAND_Y, w, BAND_H);
		S_value(sb, p->status, "no status");
		strbuf_addstr(sb, " from ");
		S_human(sb, d1);
		if (k < t->points_nr) {
			strbuf_addstr(sb, " to ");
			S_human(sb, d2);
		} else {
			strbuf_addstr(sb, " on, at the tip");
		}
		strbuf_addstr(sb, "</title></rect>");
		strbuf_addf(sb,
			    "<rect class=\"pat\" fill=\"url(#p-%s)\" x=\"%u\" "
			    "y=\"%d\" width=\"%u\" height=\"%d\"/>",
			    cls + 3, PAD_LEFT + p->column, BAND_Y, w, BAND_H);
		/* The word in the band, where it fits: colour is not all. */
		if (p->status && S_text_w(p->status, BOLD_W) + 10 < w) {
			strbuf_addf(sb,
				    "<text class=\"bt%s\" x=\"%u\" y=\"%d\">",
				    S_light(cls) ? " light" : "",
				    PAD_LEFT + p->column + 5, BAND_Y + 17);
			S_value(sb, p->status, "");
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
			S_value(sb, p->confidence, "none");
			strbuf_addstr(sb, "</title></path>");
			if (end - p->column > 46) {
				strbuf_addf(sb,
					    "<text class=\"cw\" x=\"%u\" "
					    "y=\"%d\">",
					    PAD_LEFT + p->column + 4,
					    y > CONF_Y + 12 ? y - 3 : y + 11);
				S_value(sb, p->confidence, "");
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

/* A value from a note cut at `max` characters, for a label. */
static void S_short(struct strbuf *sb, const char *s, size_t max)
{
	size_t chars = 0, i;

	if (!s)
		return;
	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && ++chars > max)
			break;
	}
	if (!s[i]) {
		S_value(sb, s, "");
		return;
	}
	/* Back to a space, so no word is cut in two. */
	{
		size_t cut = i;
		char *part;

		while (cut > i / 2 && s[cut] != ' ')
			cut--;
		if (s[cut] != ' ')
			cut = i;
		part = xstrndup(s, cut);
		S_value(sb, part, "");
		strbuf_addstr(sb, "\xe2\x80\xa6");
		free(part);
	}
}

/* "1 supporting, 2 challenging, 1 question": a period's evidence. */
static void S_counts(struct strbuf *sb, const struct story_period *p)
{
	const char *sep = "";

#define COUNT(n, one, many)                                              \
	if (n) {                                                         \
		strbuf_addf(sb, "%s%u %s", sep, n, n == 1 ? one : many); \
		sep = ", ";                                              \
	}
	COUNT(p->supports, "supporting", "supporting");
	COUNT(p->challenges, "challenging", "challenging");
	COUNT(p->neutral, "neutral", "neutral");
	COUNT(p->removed, "mapping removed", "mappings removed");
	COUNT(p->questions, "question", "questions");
#undef COUNT
	if (!*sep && p->total)
		strbuf_addf(sb, "%zu mapping change%s", p->total,
			    p->total == 1 ? "" : "s");
}

static unsigned S_x(const struct report *r, long long when)
{
	return PAD_LEFT + report_column(r, when);
}

static int S_in_window(const struct report *r, const struct commit_info *c)
{
	return c->when >= r->from && c->when <= r->to;
}

/* A label above the band: a status change or an open question. */
struct label {
	double x0, x1;
	unsigned x;
	int end, lane, brief, dropped;
	const struct story_step *step; /* or */
	const struct story_evidence *q;
};

struct labels {
	struct label *v;
	size_t nr, alloc;
	int lanes;
};

static void S_label_lines(struct strbuf *l1, struct strbuf *l2,
			  const struct label *lb)
{
	const struct story_step *st = lb->step;
	char *why;

	strbuf_addstr(l1, "<tspan class=\"w\">");
	if (!st) {
		strbuf_addstr(l1, "? open question</tspan> ");
		S_human(l1, lb->q->commit.date);
		S_short(l2, lb->q->ev.new_value, LABEL_MAX);
		return;
	}
	if (!st->to) {
		strbuf_addstr(l1, "no longer declared");
	} else {
		if (!st->from)
			strbuf_addstr(l1, "declared ");
		S_value(l1, st->to, "");
	}
	strbuf_addstr(l1, "</tspan> ");
	S_human(l1, st->commit.date);
	why = story_first_line(st->commit.why);
	if (why) {
		strbuf_addstr(l2, "Why: ");
		S_short(l2, why, LABEL_MAX);
	} else {
		strbuf_addstr(l2, "\xe2\x80\x9c");
		S_short(l2, st->commit.subject, LABEL_MAX);
		strbuf_addstr(l2, "\xe2\x80\x9d");
	}
	free(why);
}

/* A label for a status change `step`, or else for the question `q`. */
static void S_label_add(struct labels *ls, const struct report *r,
			const struct story_step *step,
			const struct story_evidence *q,
			const struct commit_info *at)
{
	struct label *lb;

	ALLOC_GROW(ls->v, ls->nr + 1, ls->alloc);
	lb = &ls->v[ls->nr++];
	memset(lb, 0, sizeof(*lb));
	lb->step = step;
	lb->q = q;
	lb->x = S_x(r, at->when);
}

static int S_label_cmp(const void *a, const void *b)
{
	const struct label *x = a, *y = b;

	if (x->x != y->x)
		return x->x < y->x ? -1 : 1;
	/* A status change before a question on the same day. */
	return !!x->q - !!y->q;
}

/* The width a label takes, brief (its first line) or whole. */
static double S_label_w(const struct label *lb, int brief)
{
	struct strbuf l1 = STRBUF_INIT, l2 = STRBUF_INIT;
	double w1, w2;
	char *p, *q;

	S_label_lines(&l1, &l2, lb);
	/* Markup and entities are no width: strip them roughly. */
	for (p = q = l1.buf; *p; p++) {
		if (*p == '<')
			while (*p && *p != '>')
				p++;
		else
			*q++ = *p;
		if (!*p)
			break;
	}
	*q = '\0';
	w1 = S_text_w(l1.buf, BOLD_W) * 0.92;
	w2 = brief ? 0 : S_text_w(l2.buf, CHAR_W);
	strbuf_release(&l1);
	strbuf_release(&l2);
	return (w1 > w2 ? w1 : w2) + 6;
}

/*
 * Whether label `i` can go in lane `l`, given the labels before it: no
 * text over another's, and no line (which runs from a label down to the
 * band, through the lanes below it) through any text.
 */
static int S_fits(const struct labels *ls, size_t i, int l)
{
	const struct label *lb = &ls->v[i];
	size_t j;

	for (j = 0; j < i; j++) {
		const struct label *o = &ls->v[j];

		if (o->dropped)
			continue;
		if (o->lane == l && o->x1 + 8 > lb->x0 && lb->x1 + 8 > o->x0)
			return 0;
		if (o->lane > l && o->x + 4 > lb->x0 && o->x < lb->x1 + 4)
			return 0;
		if (o->lane < l && lb->x + 4 > o->x0 && lb->x < o->x1 + 4)
			return 0;
	}
	return 1;
}

/*
 * Lays the labels out in lanes, nearest the band first: a label that
 * meets no free lane is written briefly (its first line), and where even
 * that finds none, only its line is drawn (the table has it all).
 */
static void S_labels(struct labels *ls, const struct report *r,
		     const struct report_target *t)
{
	const struct story_target *st = t->story;
	double right = PAD_LEFT + r->columns;
	size_t i;
	int l, brief;

	memset(ls, 0, sizeof(*ls));
	if (!st)
		return;
	for (i = 0; i < st->steps_nr; i++)
		if (!st->steps[i].start && S_in_window(r, &st->steps[i].commit))
			S_label_add(ls, r, &st->steps[i], NULL,
				    &st->steps[i].commit);
	for (i = 0; i < st->questions_nr; i++)
		if (st->questions[i].ev.change != EVENT_REMOVED &&
		    S_in_window(r, &st->questions[i].commit))
			S_label_add(ls, r, NULL, &st->questions[i],
				    &st->questions[i].commit);
	QSORT(ls->v, ls->nr, S_label_cmp);
	for (i = 0; i < ls->nr; i++) {
		struct label *lb = &ls->v[i];

		lb->dropped = 1;
		for (brief = 0; brief < 2 && lb->dropped; brief++) {
			double w = S_label_w(lb, brief);

			lb->end = lb->x + 3 + w > right + PAD_RIGHT;
			lb->x0 = lb->end ? lb->x - 3 - w : lb->x + 3;
			if (lb->x0 < 0)
				lb->x0 = 0;
			lb->x1 = lb->x0 + w;
			for (l = 0; l < LANES_MAX; l++)
				if (S_fits(ls, i, l))
					break;
			if (l < LANES_MAX) {
				lb->lane = l;
				lb->brief = brief;
				lb->dropped = 0;
				if (l + 1 > ls->lanes)
					ls->lanes = l + 1;
			}
		}
	}
}

/* The labels, in the coordinates of the whole timeline. */
static void S_labels_draw(struct strbuf *sb, const struct labels *ls)
{
	int top = ls->lanes * LANE_H;
	size_t i;

	for (i = 0; i < ls->nr; i++) {
		const struct label *lb = &ls->v[i];
		int y = lb->dropped ? top : (ls->lanes - 1 - lb->lane) * LANE_H;
		unsigned tx = lb->end ? lb->x - 3 : lb->x + 3;
		const char *anchor = lb->end ? " text-anchor=\"end\"" : "";
		struct strbuf l1 = STRBUF_INIT, l2 = STRBUF_INIT;

		S_label_lines(&l1, &l2, lb);
		strbuf_addf(sb, "<g class=\"label %s\" data-status=\"",
			    lb->q ? "question" : "change");
		if (lb->step)
			S_html(sb, lb->step->to);
		strbuf_addf(sb,
			    "\"><line class=\"%s\" x1=\"%u\" x2=\"%u\" "
			    "y1=\"%d\" y2=\"%d\"/>",
			    lb->q ? "qln" : "chg", lb->x, lb->x, y + 2,
			    top + (lb->q ? EVID_Y + 20 : EVID_Y + EVID_H - 4));
		if (!lb->dropped) {
			strbuf_addf(sb,
				    "<text class=\"lb1\" x=\"%u\" y=\"%d\"%s>",
				    tx, y + 12, anchor);
			strbuf_addbuf(sb, &l1);
			strbuf_addstr(sb, "</text>");
		}
		if (!lb->dropped && !lb->brief) {
			strbuf_addf(
				sb,
				"<text class=\"lb2%s\" x=\"%u\" y=\"%d\"%s>",
				lb->q ? " q" : "", tx, y + 25, anchor);
			strbuf_addbuf(sb, &l2);
			strbuf_addstr(sb, "</text>");
		}
		strbuf_addstr(sb, "</g>");
		strbuf_release(&l1);
		strbuf_release(&l2);
	}
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
		    cls, S_x(r, se->commit.when), EVID_Y + 12, glyph);
	S_human(sb, se->commit.date);
	strbuf_addf(sb, " %s\n", se->commit.short_id);
	S_value(sb, e->note, "");
	strbuf_addstr(sb, ": ");
	if (e->change == EVENT_MODIFIED) {
		strbuf_addf(sb, "%s ", e->field);
		S_value(sb, e->old_value, "none");
		strbuf_addstr(sb, " \xe2\x86\x92 ");
	} else {
		strbuf_addf(sb, "%s ", event_change_name(e->change));
	}
	S_value(sb, v, "");
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

		if (!S_in_window(r, &p->v[i].commit))
			continue;
		x = S_x(r, p->v[i].commit.when);
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
			S_counts(&text, p);
		strbuf_addstr(&text, to ? " \xe2\x96\xb8" : " since");
		w = S_text_w(text.buf, CHAR_W);
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
		if (!st->steps[i].start && S_in_window(r, &st->steps[i].commit))
			S_period(sb, r, &st->steps[i].before,
				 S_x(r, st->steps[i].commit.when), &taken);
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

static void S_row(struct strbuf *sb, const struct report_event *re,
		  const struct report_render_opts *o)
{
	const struct commit_info *c = &re->commit->info;

	strbuf_addf(sb,
		    "<tr class=\"ev%s\" data-mark=\"%s\" data-c=\"%s\" "
		    "data-date=\"%s\"><td>",
		    S_rank(re->mark) > 1 ? " minor" : "",
		    report_mark_name(re->mark), c->short_id, c->date);
	S_human(sb, c->date);
	strbuf_addstr(sb, "</td><td class=\"change\">");
	S_change(sb, re);
	strbuf_addstr(sb, "</td><td>");
	S_value(sb, re->ev.note, "");
	strbuf_addstr(sb, "</td><td>");
	S_commit_link(sb, c, o->commit_url);
	strbuf_addstr(sb, "</td><td>");
	S_html(sb, c->author_name);
	strbuf_addstr(sb, "</td><td>");
	S_value(sb, c->subject, "");
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
	S_human(sb, v[nr - 1]->commit->info.date);
	if (nr > 1 &&
	    strcmp(v[0]->commit->info.date, v[nr - 1]->commit->info.date)) {
		strbuf_addstr(sb, " \xe2\x80\x93 ");
		S_human(sb, v[0]->commit->info.date);
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
		S_human(sb, c->date);
		strbuf_addstr(sb, " ");
		S_commit_link(sb, c, o->commit_url);
		strbuf_addstr(sb, " ");
		S_value(sb, v[i]->ev.note, "");
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
	S_value(sb, s->to, "");
	strbuf_addstr(sb, "</b> on ");
	S_human(sb, s->commit.date);
	if (s->from) {
		strbuf_addstr(sb, " (was ");
		S_value(sb, s->from, "");
		strbuf_addstr(sb, ")");
	}
	why = story_first_line(s->commit.why);
	if (why) {
		strbuf_addstr(sb, ". Why: ");
		S_value(sb, why, "");
		free(why);
	}
	if (s->before.total) {
		strbuf_addstr(sb, ". Before it: ");
		S_counts(sb, &s->before);
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
static void S_table(struct strbuf *sb, const struct report_target *t,
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
			S_row(sb, v[k], o);
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

static void S_flag_text(struct strbuf *sb, const struct report_target *t)
{
	strbuf_addstr(sb, "\xe2\x9a\xa0 ");
	S_html(sb, t->status);
	strbuf_addf(sb, " while the evidence score is %+d", t->score);
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

static void S_overview(struct strbuf *sb, const struct report *r)
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
		strbuf_addf(sb,
			    "<td class=\"evid\">%u supporting, %u "
			    "challenging, %u neutral</td><td class=\"date\">",
			    t->supports, t->challenges, t->neutral);
		if (last) {
			S_human(sb, last->commit.date);
			strbuf_addstr(sb, last->from ? ", " : ", declared ");
			S_value(sb, last->to, "no longer declared");
		}
		strbuf_addf(sb, "</td><td class=\"num\">%zu</td>",
			    t->events_nr);
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
		const char *cls = S_status_class(statuses[i]);

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
	S_html(sb, t->id);
	strbuf_addstr(sb, "\"><title>Timeline of ");
	S_html(sb, t->id);
	strbuf_addstr(sb, "</title>");
}

/* Labels, then the body below them; `use_axis`: the page's shared one. */
static void S_timeline(struct strbuf *sb, const struct report *r,
		       const struct report_target *t, unsigned factor, int top,
		       const char *head)
{
	struct labels ls;

	S_labels(&ls, r, t);
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
	S_labels_draw(sb, &ls);
	strbuf_addf(sb, "<g transform=\"translate(0,%d)\">", ls.lanes * LANE_H);
	if (head)
		S_axis(sb, r);
	else
		strbuf_addstr(sb, "<use href=\"#axis\"/>");
	S_timeline_body(sb, r, t, factor);
	strbuf_addstr(sb, "</g></g></svg>");
	free(ls.v);
}

void render_svg_target(struct strbuf *sb, const struct report *r,
		       const struct report_target *t,
		       const struct report_render_opts *o)
{
	struct strbuf head = STRBUF_INIT;

	(void)o;
	strbuf_addf(&head, "<text x=\"2\" y=\"14\" "
			   "style=\"fill:var(--fg);font-weight:600\">");
	S_html(&head, t->id);
	if (t->title) {
		strbuf_addstr(&head, " \xe2\x80\x94 ");
		S_value(&head, t->title, "");
	}
	strbuf_addstr(&head, ": ");
	if (t->declared)
		S_value(&head, t->status, "no status");
	else
		strbuf_addstr(&head, "no longer declared");
	strbuf_addf(&head, ", evidence score %+d</text>", t->score);
	S_timeline(sb, r, t, 1, HEAD_H, head.buf);
	strbuf_addch(sb, '\n');
	strbuf_release(&head);
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
		S_html(sb, s->to);
		strbuf_addstr(sb, "\"><span class=\"st ");
		strbuf_addstr(sb, s->to ? S_status_class(s->to) : "st-none");
		strbuf_addstr(sb, "\"></span><b>");
		S_value(sb, s->to, "no longer declared");
		strbuf_addstr(sb, "</b> ");
		if (s->start || s->commit.when < r->from)
			strbuf_addstr(sb, "<span class=\"muted\">(before the "
					  "time shown)</span> ");
		strbuf_addstr(sb, s->start ? "at the start, " : "on ");
		S_human(sb, s->commit.date);
		if (!s->start && !s->from)
			strbuf_addstr(sb, ", declared");
		if (s->from) {
			strbuf_addstr(sb, ", was ");
			S_value(sb, s->from, "");
		}
		if (s->confidence_changed) {
			strbuf_addstr(sb, "; confidence ");
			S_value(sb, s->confidence_from, "none");
			strbuf_addstr(sb, " \xe2\x86\x92 ");
			S_value(sb, s->confidence_to, "none");
		}
		if (s->before.total) {
			strbuf_addstr(sb, ". Evidence before it: ");
			S_counts(sb, &s->before);
		}
		if (why) {
			strbuf_addstr(sb, ". <i>Why:</i> ");
			S_value(sb, why, "");
		} else if (!s->start) {
			strbuf_addstr(sb, ". Commit: \xe2\x80\x9c");
			S_value(sb, s->commit.subject, "");
			strbuf_addstr(sb, "\xe2\x80\x9d");
		}
		free(why);
		strbuf_addstr(sb, ".</li>");
	}
	if (st->open.total) {
		strbuf_addstr(sb, "<li class=\"open\">Since then: ");
		S_counts(sb, &st->open);
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
		S_human(sb, s->commit.date);
		strbuf_addstr(sb, " \xe2\x80\x93 ");
		if (next)
			S_human(sb, next->commit.date);
		else
			strbuf_addstr(sb, "now");
		strbuf_addstr(sb, ":</b> ");
		S_value(sb, s->text, "(no stance)");
		if (next) {
			char *why = story_first_line(next->commit.why);

			strbuf_addstr(sb, "<br><span class=\"muted\">Changed "
					  "on ");
			S_human(sb, next->commit.date);
			strbuf_addf(sb, " (<code>%s</code>): ",
				    next->commit.short_id);
			if (why)
				strbuf_addstr(sb, "Why: ");
			S_value(sb, why ? why : next->commit.subject, "");
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
		strbuf_addf(sb, "<span class=\"st %s\"></span><b>",
			    S_status_class(t->status));
		S_value(sb, t->status, "no status");
		strbuf_addstr(sb, "</b>, confidence ");
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
	S_timeline(sb, r, t, factor, 0, NULL);
	S_story_text(sb, r, t);
	S_stances(sb, t);
	strbuf_addstr(sb, "<h3>Events</h3>");
	S_table(sb, t, o, cap);
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
	strbuf_addf(sb, " at <code>%s</code>: %zu commit%s, from ", tip,
		    r->commits, r->commits == 1 ? "" : "s");
	S_human(sb, d1);
	strbuf_addstr(sb, " to ");
	S_human(sb, d2);
	strbuf_addf(sb, "; %zu position%s and %zu thes%s", positions,
		    positions == 1 ? "" : "s", theses,
		    theses == 1 ? "is" : "es");
	if (others)
		strbuf_addf(sb, " (and %zu undeclared target%s asked for)",
			    others, others == 1 ? "" : "s");
	strbuf_addf(sb, "; %zu event%s.</p>\n", r->events,
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
	strbuf_addf(sb,
		    "<svg class=\"defs\" aria-hidden=\"true\" viewBox=\"0 0 %u "
		    "%d\"><defs>" PATTERNS "<g id=\"axis\">",
		    S_width(r), BODY_H);
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
/* What the markers of the page take with `factor` steps per marker. */
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
