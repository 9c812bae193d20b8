#ifndef THESIS_BLAME_H
#define THESIS_BLAME_H

/*
 * blame: the engine behind `git thesis blame`: for each field of a target
 * (TARGET_FIELDS, those with a value) and each mapping against it, the
 * newest commit whose events set it, found by walking back from a tip
 * through every parent and following the target's renames and its notes'
 * moves.  It prints nothing; errors come back as -1 with the message set
 * (error_set()).
 */

#include "events.h"
#include "history.h"
#include "render.h"

struct blame_result {
	/*
	 * The vault at the tip, which `target` points into: the renderers
	 * draw the target's card from it.
	 */
	struct history history;
	const struct vault_target *target;
	struct blame_line *lines; /* fields in TARGET_FIELDS order, then
				   * mappings by note path, then open
				   * questions by note path */
	size_t nr;
	/* What the lines point to: values, note paths and commits. */
	char **strings;
	size_t strings_nr;
	struct commit_info *commits;
};

/*
 * Blames `name` (an id, title, alias or wikilink, as `show` reads it) at
 * `at` (NULL: HEAD).
 */
int blame_run(struct blame_result **out, struct thesis_repo *r,
	      const char *name, const char *at);
void blame_result_free(struct blame_result *res);

#endif
