/*
 * The labels above a timeline's status band: each status change with its
 * date and the Why: of its commit, each open question with its words,
 * written out so that a screenshot or a print says what happened.  They
 * are laid out in lanes so that no text covers another and no line runs
 * through a text.
 */

#include <stdlib.h>
#include <string.h>

#include "render_html.h"
#include "util.h"

/* A label above the band: a status change or an open question. */
struct render_html_label {
	double x0, x1;
	unsigned x;
	int end, lane, brief, dropped;
	const struct story_step *step; /* or */
	const struct story_evidence *q;
};

static void S_label_lines(struct strbuf *l1, struct strbuf *l2,
			  const struct render_html_label *lb)
{
	const struct story_step *st = lb->step;
	char *why;

	strbuf_addstr(l1, "<tspan class=\"w\">");
	if (!st) {
		strbuf_addstr(l1, "? open question</tspan> ");
		render_html_human(l1, lb->q->commit.date);
		render_html_short(l2, lb->q->ev.new_value, LABEL_MAX);
		return;
	}
	if (!st->to) {
		strbuf_addstr(l1, "no longer declared");
	} else {
		if (!st->from)
			strbuf_addstr(l1, "declared ");
		render_html_value(l1, st->to, "");
	}
	strbuf_addstr(l1, "</tspan> ");
	render_html_human(l1, st->commit.date);
	why = story_first_line(st->commit.why);
	if (why) {
		strbuf_addstr(l2, "Why: ");
		render_html_short(l2, why, LABEL_MAX);
	} else {
		strbuf_addstr(l2, "\xe2\x80\x9c");
		render_html_short(l2, st->commit.subject, LABEL_MAX);
		strbuf_addstr(l2, "\xe2\x80\x9d");
	}
	free(why);
}

/* A label for a status change `step`, or else for the question `q`. */
static void S_label_add(struct render_html_labels *ls, const struct report *r,
			const struct story_step *step,
			const struct story_evidence *q,
			const struct commit_info *at)
{
	struct render_html_label *lb;

	ALLOC_GROW(ls->v, ls->nr + 1, ls->alloc);
	lb = &ls->v[ls->nr++];
	memset(lb, 0, sizeof(*lb));
	lb->step = step;
	lb->q = q;
	lb->x = render_html_x(r, at->when);
}

static int S_label_cmp(const void *a, const void *b)
{
	const struct render_html_label *x = a, *y = b;

	if (x->x != y->x)
		return x->x < y->x ? -1 : 1;
	/* A status change before a question on the same day. */
	return !!x->q - !!y->q;
}

/* The width a label takes, brief (its first line) or whole. */
static double S_label_w(const struct render_html_label *lb, int brief)
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
	w1 = render_html_text_width(l1.buf, BOLD_W) * 0.92;
	w2 = brief ? 0 : render_html_text_width(l2.buf, CHAR_W);
	strbuf_release(&l1);
	strbuf_release(&l2);
	return (w1 > w2 ? w1 : w2) + 6;
}

/*
 * Whether label `i` can go in lane `l`, given the labels before it: no
 * text over another's, and no line (which runs from a label down to the
 * band, through the lanes below it) through any text.
 */
static int S_fits(const struct render_html_labels *ls, size_t i, int l)
{
	const struct render_html_label *lb = &ls->v[i];
	size_t j;

	for (j = 0; j < i; j++) {
		const struct render_html_label *o = &ls->v[j];

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
void render_html_labels_place(struct render_html_labels *ls,
			      const struct report *r,
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
		if (!st->steps[i].start &&
		    render_html_in_window(r, &st->steps[i].commit))
			S_label_add(ls, r, &st->steps[i], NULL,
				    &st->steps[i].commit);
	for (i = 0; i < st->questions_nr; i++)
		if (st->questions[i].ev.change != EVENT_REMOVED &&
		    render_html_in_window(r, &st->questions[i].commit))
			S_label_add(ls, r, NULL, &st->questions[i],
				    &st->questions[i].commit);
	QSORT(ls->v, ls->nr, S_label_cmp);
	for (i = 0; i < ls->nr; i++) {
		struct render_html_label *lb = &ls->v[i];

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
void render_html_labels_draw(struct strbuf *sb,
			     const struct render_html_labels *ls)
{
	int top = ls->lanes * LANE_H;
	size_t i;

	for (i = 0; i < ls->nr; i++) {
		const struct render_html_label *lb = &ls->v[i];
		int y = lb->dropped ? top : (ls->lanes - 1 - lb->lane) * LANE_H;
		unsigned tx = lb->end ? lb->x - 3 : lb->x + 3;
		const char *anchor = lb->end ? " text-anchor=\"end\"" : "";
		struct strbuf l1 = STRBUF_INIT, l2 = STRBUF_INIT;

		S_label_lines(&l1, &l2, lb);
		strbuf_addf(sb, "<g class=\"label %s\" data-status=\"",
			    lb->q ? "question" : "change");
		if (lb->step)
			render_html_escape(sb, lb->step->to);
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

void render_html_labels_release(struct render_html_labels *ls)
{
	free(ls->v);
	memset(ls, 0, sizeof(*ls));
}
