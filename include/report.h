#ifndef THESIS_REPORT_H
#define THESIS_REPORT_H

/*
 * report: the timeline of every position and thesis over a range of
 * history, for `git thesis report`.
 *
 * report_build() walks the range along first parents, oldest first.  With
 * first parents only, a commit's events describe exactly the transition
 * of the mainline, so each target's state (status, confidence, evidence
 * score) is tracked from the events alone: the vault is never balanced per
 * commit.  The evidence score follows the mappings' events, kept as a map
 * (note, target) -> strength, effect; `renamed` re-keys the target, note
 * `moved` re-keys the note.  A range with a negative end starts from the
 * vault at the first parent of its oldest commit.
 *
 * What is kept stays proportional to the page, not to the history: states
 * are folded per pixel column of the time axis, markers likewise (the
 * first event of a column and counts of the rest), and the event table is
 * a ring of the last `table_max` events per target.  Commits are kept only
 * while a kept event refers to them.
 *
 * The result is plain data for render_html*.c, which never touch the
 * repository.  A report owns everything it points to; status and
 * confidence strings live in its pool (`report.pool`) for its lifetime.
 *
 * Layer: results (an engine: fills `struct report`, prints nothing).  See
 * src/README.
 */

#include "events.h"
#include "strbuf.h"
#include "strmap.h"
#include "strvec.h"
#include "story.h"

/* The page is rendered without libgit2: the walker stays opaque here. */
struct history;

/* Pixel columns of the time axis, and events kept per target's table. */
#define REPORT_COLUMNS	 1000
#define REPORT_TABLE_MAX 200
/* Room for YYYY-MM-DD, whatever the year. */
#define REPORT_DATE_MAX 24

/*
 * MARK(enum, name, label): the marker categories, strongest first; an
 * aggregated marker shows its strongest category.  `name` is a CSS class
 * suffix and a data attribute value; `label` is what the page calls it.
 */
#define REPORT_MARKS(X)                                           \
	X(MARK_STATUS, "status", "status changed")                \
	X(MARK_ADDED, "added", "declared")                        \
	X(MARK_REMOVED, "removed", "no longer declared")          \
	X(MARK_RENAMED, "renamed", "renamed")                     \
	X(MARK_STANCE, "stance", "stance rewritten")              \
	X(MARK_QUESTION, "question", "open question")             \
	X(MARK_REVERSED, "reversed", "mapping reversed")          \
	X(MARK_REWEIGHTED, "reweighted", "mapping re-weighted")   \
	X(MARK_MAP_ADDED, "mapping-added", "mapping added")       \
	X(MARK_MAP_REMOVED, "mapping-removed", "mapping removed") \
	X(MARK_CONFIDENCE, "confidence", "confidence changed")    \
	X(MARK_FIELD, "field", "field changed")                   \
	X(MARK_MAP_CHANGED, "mapping-changed",                    \
	  "mapping effect or why changed")                        \
	X(MARK_MENTION, "mention", "mention added or removed")

#define REPORT_ENUM(e, name, label) e,
enum report_mark { REPORT_MARKS(REPORT_ENUM) REPORT_MARKS_NR };
#undef REPORT_ENUM

const char *report_mark_name(enum report_mark mark);
const char *report_mark_label(enum report_mark mark);

/* A commit that kept events refer to; freed with its last reference. */
struct report_commit {
	struct commit_info info;
	unsigned refs;
};

/* One event with its commit, for a marker or a table row. */
struct report_event {
	struct event ev;	      /* owned copy */
	struct report_commit *commit; /* counted reference */
	enum report_mark mark;
};

/* The events of one target that fall on one column of the time axis. */
struct report_marker {
	unsigned column;
	unsigned count;
	unsigned counts[REPORT_MARKS_NR]; /* events by category */
	char last_date[REPORT_DATE_MAX];  /* of the last of them, YYYY-MM-DD */
	struct report_event first;	  /* the first of them, in full */
};

/*
 * A target's state from a column of the time axis on: the state after the
 * last change that falls on that column.  A column can fold several
 * changes: the score's extremes within it are kept for the step line.
 */
struct report_point {
	unsigned column;
	long long when;		    /* the last change folded in */
	char date[REPORT_DATE_MAX]; /* its date in its committer's time zone */
	int declared;		    /* declared at all (else no status band) */
	const char *status;	    /* pooled; NULL when none */
	const char *confidence;	    /* pooled; NULL when none */
	int score, score_min, score_max;
};

struct report_target {
	char *id;
	const char *kind; /* static: position, thesis or undeclared */
	/* At the tip (or as last declared): owned, NULL when none. */
	char *title;
	char *stance;
	const char *status, *confidence; /* pooled */
	int declared;			 /* declared at the tip */
	unsigned supports, challenges, neutral, mentions;
	int score;	       /* at the tip */
	long long last_change; /* committer time of its last event; 0 */
	/* Its story: status changes, their evidence, stances (r->story). */
	const struct story_target *story;
	int flag; /* held/corroborated with a negative score */
	struct report_point *points; /* by column, the first at column 0 */
	size_t points_nr, points_alloc;
	struct report_marker *markers; /* by column */
	size_t markers_nr, markers_alloc;
	/* The last events in the window, oldest first; `events_nr` counts
	 * all of them, so events_nr - table_nr were left out. */
	struct report_event *table;
	size_t table_nr, table_head;
	size_t events_nr;
	/* Internal to report_build(). */
	size_t table_alloc;
	int shown, dirty;
};

struct report_opts {
	const struct strvec *revs;    /* the range; HEAD when empty */
	const struct strvec *targets; /* names to show; every target if empty */
	int have_since;
	long long since;    /* the window starts here (--since) */
	unsigned columns;   /* REPORT_COLUMNS */
	unsigned table_max; /* REPORT_TABLE_MAX */
};
#define REPORT_OPTS_INIT                                           \
	{                                                          \
		NULL, NULL, 0, 0, REPORT_COLUMNS, REPORT_TABLE_MAX \
	}

struct report {
	/* Every target the walk met; `shown` are the ones to render, sorted:
	 * positions, theses (then undeclared ones named with --target), each
	 * by last change, newest first. */
	struct report_target *targets;
	size_t targets_nr, targets_alloc;
	struct report_target **shown; /* borrowed from `targets` */
	size_t shown_nr;
	/*
	 * The time axis: `columns` pixel columns from `start` to `end`.  The
	 * window shown runs `from` --since (or the oldest commit) `to` the
	 * tip's time; without --since the axis has a margin on both sides,
	 * so that the first and the last states show as more than a sliver.
	 */
	long long start, end;
	long long from, to;
	unsigned columns;
	unsigned table_max;
	size_t commits;	    /* commits walked */
	size_t events;	    /* events in the window, over the shown targets */
	char *tip;	    /* full id of the range's tip */
	struct strmap pool; /* interned status and confidence words */
	struct story story; /* every target's, over the whole range */
	/*
	 * Targets whose state, tracked through the events, disagrees with
	 * the vault at the tip: a bug in following the events, and the page
	 * would mislead, so the command warns.  `id` (owned), `tracked` and
	 * `vault` (the scores) are the first such target's.
	 */
	struct report_mismatch {
		int nr;
		char *id;
		int tracked, vault;
	} mismatch;
};
#define REPORT_INIT                                                \
	{                                                          \
		NULL, 0, 0, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, \
			STRMAP_INIT, STORY_INIT,                   \
		{                                                  \
			0, NULL, 0, 0                              \
		}                                                  \
	}

/*
 * What report_build() returns for a range or a --target it cannot report
 * on (an unknown target, a range that is not one line of first parents,
 * a commit it cannot read), with the message set (error_set(), util.h).
 * The command prints these as `error: ...` and exits 128, as `report`
 * always has; any other failure (-1: a bad revision, --since after the
 * tip) is printed as `fatal: ...`.
 */
#define REPORT_ERROR (-2)

/*
 * Walks opts->revs with `h` (which must stand at the empty vault, as after
 * history_init()) and fills the empty `r`.  Names in opts->targets are
 * resolved at the tip, as `show` resolves them.  The states tracked are
 * checked against the vault at the tip; `r->mismatch` names a target where
 * they disagree, even when the build then fails.  Prints nothing itself;
 * returns 0, REPORT_ERROR or -1 (see above) with the message set, except
 * for a failure inside history.c or story.c, which still print theirs.
 */
int report_build(struct report *r, struct history *h,
		 const struct report_opts *opts);
void report_release(struct report *r);

/* The pixel column of a time on the report's axis. */
unsigned report_column(const struct report *r, long long when);

/*
 * How the HTML page and the SVG are rendered.  Both only read the report; every
 * string that came from a note is HTML-escaped.  `commit_url` (may be NULL) is
 * the user's template for commit links: `%H` the full id, `%h` the short
 * one, `%%` a percent sign.
 */
struct report_render_opts {
	const char *commit_url;
	/* The range as given, for the heading; NULL for HEAD. */
	const char *range;
	/*
	 * What the page may weigh, in bytes (0: no limit): markers are
	 * aggregated over more columns, and event tables cut shorter, until
	 * it fits (the page says so).
	 */
	size_t max_bytes;
};
#define REPORT_MAX_BYTES (4500 * 1000)
#define REPORT_RENDER_OPTS_INIT              \
	{                                    \
		NULL, NULL, REPORT_MAX_BYTES \
	}

/* render_html_report() and render_svg_target() are in render.h. */

#endif
