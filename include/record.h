#ifndef THESIS_RECORD_H
#define THESIS_RECORD_H

/*
 * record: change a field of a target in the note that declares it, and
 * commit that one change on the current branch.  Shared by `git thesis
 * record` and the MCP tool `record`.
 *
 * The edit is a splice: libyaml's marks give the exact bytes of the value
 * in the frontmatter, and only those bytes change (a missing key becomes
 * one new line after the declaring key; a stance written in the body under
 * a `Stance` heading has that paragraph replaced).  Comments, key order,
 * quoting, line ends, the BOM and the body stay byte for byte.  The edited
 * note is parsed again, and must read back the new value with nothing else
 * changed, before anything is written.
 *
 * Compare-and-swap: nothing is written when HEAD is not `expect`, when the
 * note has changes in the index or the working tree, when a merge, rebase,
 * cherry-pick or revert is in progress, when HEAD is not a branch, or when
 * the pre-commit check refuses.  The branch moves only if it still points
 * where it was read (a concurrent commit makes the record fail).  Then the
 * note is checked out into the index and the working tree, so `git status`
 * stays clean.  The engine prints nothing but what `check` prints (the
 * pre-commit report, on stderr); errors travel as values (error_set()),
 * printed once by the caller.
 */

#include <git2.h>
#include "events.h"
#include "repo.h"
#include "strbuf.h"
#include "strvec.h"

struct record_change {
	const char *field; /* status, confidence, stance, owner or title */
	const char *value;
};

struct record_opts {
	const char *target; /* any name of the target */
	const struct record_change *changes;
	size_t changes_nr;
	const char *why;	 /* required: the Why: trailer */
	const char *expect;	 /* a commit HEAD must be, or NULL */
	const char *recorded_by; /* Recorded-By: trailer, or NULL */
	/* The pre-commit check on the index; non-zero refuses.  May be NULL. */
	int (*check)(struct thesis_repo *repo);
	/* Appends the Position-Change:/Thesis-Change: trailers. May be NULL. */
	void (*trailers)(struct strvec *out, const struct event_list *ev);
};
#define RECORD_OPTS_INIT                                    \
	{                                                   \
		NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL \
	}

struct record_field {
	char *field;
	char *old_value; /* NULL when none */
	char *new_value;
};

struct record_result {
	char *id;      /* the target's id */
	char *kind;    /* position or thesis */
	char *note;    /* the declaring note's path */
	char *commit;  /* the new commit's full id */
	char *parent;  /* the commit it was recorded on */
	char *message; /* the commit message */
	struct record_field *fields;
	size_t fields_nr;
	struct strvec warnings; /* what the reader skipped, for warning() */
};
#define RECORD_RESULT_INIT                                               \
	{                                                                \
		NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, STRVEC_INIT \
	}

/*
 * Records `opts` in `repo`; fills `out`.  Returns 0, or -1 with the message
 * pending (util.h: error_pending()).  out->warnings holds what the reader
 * skipped, either way.
 */
int record_run(struct record_result *out, struct thesis_repo *repo,
	       const struct record_opts *opts);
void record_result_release(struct record_result *r);

/* The result as one JSON object (with a newline). */
void record_result_json(struct strbuf *sb, const struct record_result *r);

/*
 * The edit alone, for the tests: `text` (`len` bytes, a whole note) with
 * field `field` of the target `id` of kind `kind` set to `value` (already
 * checked against its vocabulary), in *out.  Returns 0, or -1 with the
 * reason in `err`.
 */
int record_edit(struct strbuf *out, struct strbuf *err, const char *text,
		size_t len, const char *id, int kind, const char *field,
		const char *value);

#endif
