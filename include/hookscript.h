#ifndef THESIS_HOOKSCRIPT_H
#define THESIS_HOOKSCRIPT_H

/*
 * hookscript: the hook table, the scripts git-thesis installs and where they
 * go.  (`hookinstall.c` installs and removes them; `cmd_hook.c` is what a
 * script runs.)
 *
 * Each script only calls `git thesis hook <name> "$@"` (git-thesis found on
 * PATH or in `git --exec-path`).  A hook that was there before and is not
 * ours is kept as `<name>.thesis-chained`; our script runs it first and
 * respects its exit status; uninstall puts it back.  A script is ours when
 * it carries HOOKS_MARKER.
 *
 * Layer: commands (for cmd_hooks.c and cmd_hook.c).  See src/README.
 */

#include <stddef.h>
#include "repo.h"
#include "strbuf.h"

#define HOOKS_MARKER "# git-thesis hook script"
#define HOOKS_CHAINED_SUFFIX ".thesis-chained"

/* HOOK(name, reads_stdin, server_side) */
#define HOOKS_TABLE(X)                                                         \
	X("pre-commit", 0, 0)                                                  \
	X("prepare-commit-msg", 0, 0)                                          \
	X("commit-msg", 0, 0)                                                  \
	X("post-commit", 0, 0)                                                 \
	X("post-merge", 0, 0)                                                  \
	X("post-rewrite", 1, 0)                                                \
	X("pre-receive", 1, 1)

struct hook_info {
	const char *name;
	int reads_stdin;
	int server_side;
};

/* The table above; NULL-terminated by name. */
extern const struct hook_info hooks_all[];
const struct hook_info *hooks_find(const char *name);

/* The text of our script for a hook. */
void hooks_script(struct strbuf *out, const struct hook_info *h);

/*
 * The folder hooks run from: core.hooksPath (relative to the working
 * tree, or to the git folder when bare; `~/` expanded), else the common
 * git folder's `hooks`.  Caller frees.
 */
char *hooks_dir(struct thesis_repo *r);

#endif
