/*
 * The words of the HTML report: values from notes escaped and cut to a
 * size, dates as people write them, what an event changed, a period's
 * evidence counted.  Shared by the page, the timelines and the tables.
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "render_html.h"
#include "util.h"
#include "vocab.h"

/* Longest value from a note shown in a cell or a hover text, in bytes. */
#define VALUE_MAX 240

void render_html_escape(struct strbuf *sb, const char *s)
{
	if (s)
		strbuf_add_html(sb, s);
}

/* A value from a note, cut at VALUE_MAX bytes on a character boundary. */
void render_html_value(struct strbuf *sb, const char *s, const char *none)
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
void render_html_date(char *out, long long when)
{
	time_t t = (time_t)when;
	struct tm tm;

	if (!gmtime_r(&t, &tm) ||
	    !strftime(out, REPORT_DATE_MAX, "%Y-%m-%d", &tm)) {
		out[0] = '?';
		out[1] = '\0';
	}
}

/* A YYYY-MM-DD date as people write it: `4 May 2026`. */
void render_html_human(struct strbuf *sb, const char *ymd)
{
	char d[DATE_HUMAN_MAX];

	date_human(d, ymd);
	strbuf_addstr(sb, d);
}

/* The class of a status: its word when in the vocabulary. */
const char *render_html_status_class(const char *status)
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

/* Estimated width of `n` bytes of text (UTF-8 counted by characters). */
double render_html_text_width(const char *s, double per_char)
{
	size_t chars = 0;

	for (; s && *s; s++)
		chars += ((unsigned char)*s & 0xc0) != 0x80;
	return (double)chars * per_char;
}

/* What an event changed, as text (escaped). */
void render_html_change(struct strbuf *sb, const struct report_event *re)
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
			render_html_value(sb, e->new_value, "");
		}
		break;
	case EVENT_REMOVED:
		if (e->old_value) {
			strbuf_addstr(sb, e->kind == EVENT_MAPPING ? ": was "
								   : ", was ");
			render_html_value(sb, e->old_value, "");
		}
		break;
	case EVENT_RENAMED:
	case EVENT_MODIFIED:
		strbuf_addstr(sb, ": ");
		render_html_value(sb, e->old_value, "none");
		strbuf_addstr(sb, " \xe2\x86\x92 ");
		render_html_value(sb, e->new_value, "none");
		break;
	default:
		break;
	}
}

/* A value from a note cut at `max` characters, for a label. */
void render_html_short(struct strbuf *sb, const char *s, size_t max)
{
	size_t chars = 0, i;

	if (!s)
		return;
	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && ++chars > max)
			break;
	}
	if (!s[i]) {
		render_html_value(sb, s, "");
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
		render_html_value(sb, part, "");
		strbuf_addstr(sb, "\xe2\x80\xa6");
		free(part);
	}
}

/* "1 supporting, 2 challenging, 1 question": a period's evidence. */
void render_html_counts(struct strbuf *sb, const struct story_period *p)
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

void render_html_flag(struct strbuf *sb, const struct report_target *t)
{
	strbuf_addstr(sb, "\xe2\x9a\xa0 ");
	render_html_escape(sb, t->status);
	strbuf_addf(sb, " while the evidence score is %+d", t->score);
}
