#ifndef THESIS_READER_H
#define THESIS_READER_H

/*
 * reader: getting notes out of the repository into a vault, from a tree,
 * the index or the working tree.
 *
 * Every blob is parsed at most once: parsed notes are cached by object id
 * for the reader's lifetime, so the same blob at another path, in another
 * commit or on another side of a merge costs nothing more.  Only `.md`
 * blobs under the vault are ever read; symlinks, submodules and dot
 * folders are skipped unread.  An object the repository lacks (a partial or
 * shallow clone) is reported once and skipped.
 *
 * Ownership: the reader owns every `struct note` it hands out; they live
 * until reader_release(), so vaults filled by a reader must be released
 * first.  The reader borrows the thesis_repo.
 *
 * Layer: facts (fills a vault from the repository: the bridge from git
 * objects to notes).  See src/README.
 */

#include <git2.h>
#include "repo.h"
#include "strmap.h"
#include "vault.h"

/* A parsed note in the cache, and how many vault paths use it. */
struct reader_entry {
	struct note *note;
	unsigned refs;
};

/* Unused parsed notes kept for reuse before they are freed. */
#define READER_IDLE_MAX 1024

struct reader {
	struct thesis_repo *repo; /* borrowed */
	struct strmap cache;      /* blob id hex -> struct reader_entry * */
	/* Keys of entries whose refs fell to 0, oldest first (a ring). */
	char **idle;
	size_t idle_head, idle_nr;
	unsigned missing;         /* objects that could not be read */
	unsigned oversized;       /* notes skipped for size */
	size_t parsed;            /* notes parsed, in all */
	int quiet;                /* no warnings on stderr */
	/* When set, loads record path -> blob id hex (owned strings). */
	struct strmap *oids;
	/*
	 * When set (borrowed), working-tree loads skip files this index does
	 * not track, as `git diff` leaves untracked files out.
	 */
	git_index *tracked;
};

void reader_init(struct reader *r, struct thesis_repo *repo);
void reader_release(struct reader *r);

/*
 * The parsed note of blob `oid` at `path`, from the cache or parsed now;
 * NULL (after a warning) when the object cannot be read.
 */
const struct note *reader_note(struct reader *r, const git_oid *oid,
			       const char *path);

/*
 * Counts a use of the cached note of `oid` (reader_ref) or its end
 * (reader_unref).  A note no longer used joins a ring of READER_IDLE_MAX
 * idle notes and is freed when pushed out of it, so a walk over any
 * length of history holds the notes of one vault and a bounded reserve.
 * Notes never counted are kept until reader_release().
 */
void reader_ref(struct reader *r, const git_oid *oid);
void reader_unref(struct reader *r, const git_oid *oid);

/* Fills the empty vault `out` with the notes of `tree` (a root tree). */
int reader_load_tree(struct vault *out, struct reader *r,
		     const git_tree *tree);
/* Fills `out` from the index (stage 0 entries). */
int reader_load_index(struct vault *out, struct reader *r);
/* Fills `out` from the working tree, skipping ignored files (and
 * untracked ones when r->tracked is set). */
int reader_load_worktree(struct vault *out, struct reader *r);

/*
 * Fills `out` as `--at`/`--staged`/`--worktree` ask: `rev` NULL means HEAD.
 * `label_out` (may be NULL) receives a description for messages.
 */
enum reader_source {
	READ_TREE = 0,
	READ_INDEX,
	READ_WORKTREE,
	READ_NONE, /* the empty vault, e.g. before a first commit */
};
int reader_load(struct vault *out, struct reader *r, enum reader_source src,
		const char *rev);

#endif
