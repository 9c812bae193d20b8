#ifndef THESIS_RENDER_HTML_H
#define THESIS_RENDER_HTML_H

/*
 * render_html: what the files of the HTML renderer share.  Commands never
 * include this: they call render_html_report() and render_svg_target(),
 * declared with the other renderers in render.h.
 *
 *   render_html.c           the page: its head, style and script, each
 *                           target's section, and the size budget
 *   render_html_timeline.c  one target's timeline as SVG: the axis, the
 *                           status bands, the evidence, the confidence
 *                           and score tracks, the markers; the legend
 *   render_html_labels.c    the labels above the band (status changes,
 *                           open questions), laid out in lanes
 *   render_html_tables.c    the overview table and each event table
 *   render_html_text.c      words: a value from a note escaped and cut,
 *                           dates as people write them, what an event
 *                           changed, a period's evidence counted
 *
 * Every string that came from a note goes through render_html_escape(),
 * render_html_value() or render_html_short().
 *
 * Layer: renderers (reads a report; never sees libgit2).  See src/README.
 */

#include <stddef.h>

#include "report.h"
#include "strbuf.h"

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

/* render_html_text.c */

/* `s` HTML-escaped; nothing for NULL. */
void render_html_escape(struct strbuf *sb, const char *s);
/* A value from a note, escaped and cut at a few hundred bytes; `none`
 * (markup, not escaped) for NULL. */
void render_html_value(struct strbuf *sb, const char *s, const char *none);
/* A value from a note cut at `max` characters, at a space, for a label. */
void render_html_short(struct strbuf *sb, const char *s, size_t max);
/* The UTC date (YYYY-MM-DD) of a time; `out` has REPORT_DATE_MAX bytes. */
void render_html_date(char *out, long long when);
/* A YYYY-MM-DD date as people write it: `4 May 2026`. */
void render_html_human(struct strbuf *sb, const char *ymd);
/* The CSS class of a status: `st-<word>`, `st-other` or `st-none`. */
const char *render_html_status_class(const char *status);
/* Estimated width of a text, `per_char` a character (UTF-8 aware). */
double render_html_text_width(const char *s, double per_char);
/* What an event changed, as escaped text. */
void render_html_change(struct strbuf *sb, const struct report_event *re);
/* "1 supporting, 2 challenging, 1 question": a period's evidence. */
void render_html_counts(struct strbuf *sb, const struct story_period *p);
/* The flag of a held or corroborated target with a negative score. */
void render_html_flag(struct strbuf *sb, const struct report_target *t);

/* render_html_timeline.c */

/* The x of a time on the timeline. */
unsigned render_html_x(const struct report *r, long long when);
/* Whether a commit falls in the window the page shows. */
int render_html_in_window(const struct report *r, const struct commit_info *c);
/* The patterns and the shared axis, once a page: timelines refer to them. */
void render_html_timeline_defs(struct strbuf *sb, const struct report *r);
/* A target's timeline for the page, markers merged over `factor` columns. */
void render_html_timeline(struct strbuf *sb, const struct report *r,
			  const struct report_target *t, unsigned factor);
/* A target's markers alone (the page's size budget measures them). */
void render_html_markers(struct strbuf *sb, const struct report_target *t,
			 unsigned factor);
/* What the bands, glyphs and markers of a timeline mean. */
void render_html_legend(struct strbuf *sb);
/* The style of the timelines; the page includes it in its own. */
extern const char render_html_svg_css[];

/* render_html_labels.c */

struct render_html_label;
struct render_html_labels {
	struct render_html_label *v;
	size_t nr, alloc;
	int lanes; /* lanes taken, from the band up */
};
#define RENDER_HTML_LABELS_INIT \
	{                       \
		NULL, 0, 0, 0   \
	}

/* Lays out the labels of `t` in lanes, into `ls` (emptied first). */
void render_html_labels_place(struct render_html_labels *ls,
			      const struct report *r,
			      const struct report_target *t);
/* The labels, in the coordinates of the whole timeline. */
void render_html_labels_draw(struct strbuf *sb,
			     const struct render_html_labels *ls);
void render_html_labels_release(struct render_html_labels *ls);

/* render_html_tables.c */

/* The overview: one row a shown target. */
void render_html_overview(struct strbuf *sb, const struct report *r);
/* A target's last events, at most `cap` rows, grouped by status change. */
void render_html_table(struct strbuf *sb, const struct report_target *t,
		       const struct report_render_opts *o, size_t cap);
/* One row of an event table (the size budget measures them). */
void render_html_table_row(struct strbuf *sb, const struct report_event *re,
			   const struct report_render_opts *o);

#endif
