#ifndef THESIS_DIFFCMD_H
#define THESIS_DIFFCMD_H

/*
 * diffcmd: the engine behind `git thesis diff`: the events between two
 * states of the vault, as `git diff` chooses them from its arguments:
 *
 *   (none)          the index -> the working tree (tracked notes only)
 *   <rev>           <rev> -> the working tree (tracked notes only)
 *   --staged [rev]  <rev> (HEAD) -> the index
 *   <a> <b>, a..b   a -> b
 *   a...b           merge base of a and b -> b
 *
 * Revisions are parsed by revs.c.  It prints nothing; errors come back as
 * -1 with the message set (error_set()).
 */

#include "events.h"
#include "repo.h"

struct diffcmd_opts {
	const char *const *args; /* borrowed: revision arguments */
	int args_nr;		 /* 0, 1 or 2 */
	int staged;
};
#define DIFFCMD_OPTS_INIT  \
	{                  \
		NULL, 0, 0 \
	}

struct diffcmd_result {
	struct event_list events;
	/* The commit at the new end, when it is one (else all NULL). */
	struct commit_info commit;
};

/* Returns 0, or -1 with an error set (a usage mistake too: see above). */
int diffcmd_run(struct diffcmd_result **out, struct thesis_repo *r,
		const struct diffcmd_opts *opts);
void diffcmd_result_free(struct diffcmd_result *res);

#endif
