#ifndef THESIS_RECEIVE_H
#define THESIS_RECEIVE_H

/*
 * receive: the engine behind the pre-receive hook.  For each ref a push
 * updates, the review of the commits it brings in (as `git thesis review`
 * builds it) and, with thesis.receive.check, the errors of the notes it
 * changes.  Bounded per push: a commit is reviewed once however many refs
 * the push points at it, and one (base, tip) pair is checked once.  The
 * caller bounds the time and the lines sent to the pusher (hook_receive.c).
 * It prints nothing.
 */

#include <git2.h>
#include "note.h"
#include "repo.h"
#include "review.h"
#include "strvec.h"

/* One line of the hook's input: `<old> <new> <ref>`. */
struct receive_update {
	git_oid old_id, new_id;
	char *ref;
};
#define RECEIVE_UPDATE_INIT        \
	{                          \
		{{0}}, {{0}}, NULL \
	}

/* Parses one input line (no newline); -1 for a line that is none. */
int receive_parse_line(struct receive_update *out, const char *line);
void receive_update_release(struct receive_update *u);

enum receive_state {
	RECEIVE_DELETED,    /* the ref is deleted */
	RECEIVE_NO_COMMIT,  /* a tag of a tree or a blob: nothing to review */
	RECEIVE_REVIEWED,   /* `review` holds what it brings in */
	RECEIVE_OLD,	    /* it brings no commit not reviewed before */
	RECEIVE_NO_VAULT,   /* the vault folder is not in its tip */
	RECEIVE_UNREADABLE, /* the notes could not be read */
};

/* A note error that the check found. */
struct receive_finding {
	char *path;
	struct note_diag diag; /* owns its message */
};

struct receive_ref {
	const char *ref; /* borrowed from the update */
	enum receive_state state;
	struct review review;
	/* Another ref of this push whose review covered these commits. */
	char *same_as;
	/* The check: run (not a repeat of one done), and what it found. */
	int checked, check_unreadable;
	struct receive_finding *findings;
	size_t findings_nr, findings_alloc;
};
#define RECEIVE_REF_INIT                                                   \
	{                                                                  \
		NULL, RECEIVE_DELETED, REVIEW_INIT, NULL, 0, 0, NULL, 0, 0 \
	}
void receive_ref_release(struct receive_ref *rr);

/* What one push has seen so far. */
struct receive {
	struct thesis_repo *repo;    /* borrowed */
	int check;		     /* thesis.receive.check */
	struct strvec hide;	     /* "^<id>" of the refs the server had */
	struct strvec reviewed;	     /* "^<id>" of tips reviewed in this push */
	struct strvec reviewed_refs; /* the ref that reviewed each one */
	struct strvec checked;	     /* "<base> <tip>" pairs checked */
};

/* Reads the refs the repository has (before the push). */
void receive_init(struct receive *rcv, struct thesis_repo *repo, int check);
void receive_release(struct receive *rcv);

/*
 * Reviews (and checks) one update into the empty `out`.  Returns 0; a
 * failure to read is reported in out->state, never fatal to the push.
 */
int receive_ref(struct receive_ref *out, struct receive *rcv,
		const struct receive_update *u);

#endif
