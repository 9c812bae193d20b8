#ifndef THESIS_LOG_H
#define THESIS_LOG_H

/*
 * log: the engine behind `git thesis log`: the events of a range of
 * history, commit by commit, filtered by target, kind, field, date and
 * author.  It prints nothing: it returns the commits that have events,
 * with their events, newest first (oldest first with `reverse`), and
 * errors as -1 with the message set (error_set()).  The MCP server calls it
 * as the command does.
 */

#include "events.h"
#include "repo.h"
#include "strvec.h"

struct log_opts {
	const struct strvec *revs;    /* revision arguments; borrowed */
	const struct strvec *targets; /* target names; borrowed, may be NULL */
	/*
	 * The names came after `--`: a name the tip does not know is still
	 * followed (by its slug), and revisions are not checked for being
	 * target names too.
	 */
	int targets_after_dashdash;
	int all, first_parent, reverse;
	int max_count;		     /* commits with events; -1: all */
	unsigned kinds;		     /* bit set of enum event_kind; 0: all */
	const struct strvec *fields; /* modified fields to keep; may be NULL */
	int have_since, have_until;
	long long since, until; /* committer time bounds */
	const char *author;	/* regex on "Name <email>", or NULL */
};
#define LOG_OPTS_INIT                                                 \
	{                                                             \
		NULL, NULL, 0, 0, 0, 0, -1, 0, NULL, 0, 0, 0, 0, NULL \
	}

struct log_entry {
	struct commit_info commit;
	struct event_list events;
};

struct log_result {
	struct log_entry *v;
	size_t nr, alloc;
	/* The walk's statistics, for --stats and the benchmark. */
	size_t steps, full_steps, skipped, parsed;
};

int log_run(struct log_result **out, struct thesis_repo *r,
	    const struct log_opts *opts);
void log_result_free(struct log_result *res);

/* Whether `name` is a field an event can report (for --field). */
int log_field_valid(const char *name);

#endif
