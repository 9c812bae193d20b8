#ifndef THESIS_HOOKINSTALL_H
#define THESIS_HOOKINSTALL_H

/*
 * hookinstall: the engine behind `git thesis hooks`: where each hook
 * stands (absent, ours, ours of another version, another tool's), writing
 * and removing our scripts (hookscript.h has their text), keeping another
 * tool's hook as `<hook>.thesis-chained` and giving it back, and the
 * textconv driver (`diff.thesis.textconv` and `*.md diff=thesis` in
 * info/attributes).
 *
 * It prints nothing.  Install and uninstall record what they did, hook by
 * hook, as a list of steps in the order they happened (a kept hook before
 * the script that now runs it, a failure where it stopped a hook); the
 * renderer says each one and the command prints a failed step's message
 * as an error, in that order.  A failed step stops only its own hook.
 *
 * Layer: results (a renderer includes this header: no libgit2 here).
 * See src/README.
 */

#include <stddef.h>

struct thesis_repo;

/* The textconv driver: the command, and the line in info/attributes. */
#define HOOKINSTALL_TEXTCONV_COMMAND "git thesis textconv"
#define HOOKINSTALL_ATTRIBUTES_LINE  "*.md diff=thesis"

enum hookinstall_state {
	HOOKINSTALL_ABSENT,
	HOOKINSTALL_OURS,     /* our current script */
	HOOKINSTALL_OUTDATED, /* our script, another version */
	HOOKINSTALL_FOREIGN,  /* somebody else's (a symlink always is) */
};

enum hookinstall_step_kind {
	HOOKINSTALL_ALREADY,	       /* ours and current: left as it is */
	HOOKINSTALL_INSTALLED,	       /* our script written */
	HOOKINSTALL_INSTALLED_CHAINED, /* written; a kept hook runs first */
	HOOKINSTALL_KEPT,	       /* another tool's hook moved to `arg` */
	HOOKINSTALL_REMOVED,	       /* ours removed */
	HOOKINSTALL_RESTORED,	       /* ours removed, the kept hook back */
	HOOKINSTALL_LEFT_ALONE,	       /* uninstall met another tool's hook */
	HOOKINSTALL_NOT_INSTALLED,     /* uninstall found nothing */
	HOOKINSTALL_TEXTCONV_OTHER,    /* textconv is another command: `arg` */
	HOOKINSTALL_TEXTCONV_SET,      /* the textconv driver is in place */
	HOOKINSTALL_FAILED,	       /* `arg` is the message */
};

struct hookinstall_step {
	enum hookinstall_step_kind kind;
	const char *hook; /* the hook's name, or "textconv"; static */
	char *arg;	  /* owned; see the kinds */
};

struct hookinstall_result {
	struct hookinstall_step *v;
	size_t nr, alloc;
	int failed; /* a step failed that stopped its hook: exit 128 */
};
#define HOOKINSTALL_RESULT_INIT \
	{                       \
		NULL, 0, 0, 0   \
	}
void hookinstall_result_release(struct hookinstall_result *res);

struct hookinstall_opts {
	int force;    /* rewrite our scripts; keep a second foreign hook */
	int textconv; /* install: the textconv driver as well */
	/*
	 * The hooks named (checked by the caller: hooks_find()); none means
	 * every hook, which for install in a bare repository is the server
	 * hooks only and otherwise the local ones, and for uninstall every
	 * hook of ours and the textconv driver.
	 */
	const char *const *hooks;
	size_t hooks_nr;
};
#define HOOKINSTALL_OPTS_INIT \
	{                     \
		0, 0, NULL, 0 \
	}

/*
 * Installs into hooks_dir().  Returns -1 with the error set (nothing
 * done) when that folder cannot be created; else 0, with what happened,
 * failures included, in `out`.
 */
int hookinstall_install(struct hookinstall_result *out, struct thesis_repo *r,
			const struct hookinstall_opts *opts);
/* Takes our scripts away, giving back the hooks they kept.  Returns 0. */
int hookinstall_uninstall(struct hookinstall_result *out, struct thesis_repo *r,
			  const struct hookinstall_opts *opts);

/* Where each hook of the table stands, and the textconv driver. */
struct hookinstall_hook_status {
	const char *hook; /* static */
	enum hookinstall_state state;
	int chained; /* ours, and a kept hook runs first */
};
struct hookinstall_status {
	struct hookinstall_hook_status *v;
	size_t nr, alloc;
	int textconv; /* both the config and the attributes line in place */
};
#define HOOKINSTALL_STATUS_INIT \
	{                       \
		NULL, 0, 0, 0   \
	}
void hookinstall_status_release(struct hookinstall_status *st);
int hookinstall_status(struct hookinstall_status *out, struct thesis_repo *r);

#endif
