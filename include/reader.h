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
 * shallow clone) is skipped, with a message in `warnings`.
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
#include "oidmap.h"
#include "strmap.h"
#include "strvec.h"
#include "vault.h"

struct notecache;

/* A parsed note in the cache, and how many vault paths use it. */
struct reader_entry {
	struct note *note;
	unsigned refs;
	git_oid key;
	/* The idle list (refs fell to 0), oldest first; NULL-linked. */
	struct reader_entry *idle_prev, *idle_next;
	int idle;
};

/*
 * Unused parsed notes kept for reuse before they are freed: at least
 * READER_IDLE_MIN, and as many as READER_IDLE_PER_LIVE times the notes in
 * use.  A walk that jumps between branches comes back to the notes of the
 * other side, as many as a vault holds: a fixed reserve smaller than one
 * big merge would parse them again at every jump.
 */
#define READER_IDLE_MIN 1024
#define READER_IDLE_PER_LIVE 2

struct reader {
	struct thesis_repo *repo; /* borrowed */
	struct oidmap cache;      /* blob id -> struct reader_entry * */
	/* Entries whose refs fell to 0, least recently used first. */
	struct reader_entry *idle_first, *idle_last;
	size_t idle_nr;
	size_t live;              /* entries with refs > 0 */
	unsigned missing;         /* objects that could not be read */
	unsigned oversized;       /* notes skipped for size */
	size_t parsed;            /* notes parsed, in all */
	/*
	 * What was skipped and why (a missing object, an oversized note, an
	 * unreadable file), one message each, for the command to print with
	 * warning() or to drop: the reader never prints.
	 */
	struct strvec warnings;
	/*
	 * Parse notes with note_parse_lazy(): for walks over history, whose
	 * vault completes the bodies it needs (note.h).  Every other reader
	 * hands out complete notes.
	 */
	int lazy;
	/* When set, loads record path -> blob id hex (owned strings). */
	struct strmap *oids;
	/*
	 * When set (borrowed), working-tree loads skip files this index does
	 * not track, as `git diff` leaves untracked files out.
	 */
	git_index *tracked;
	/*
	 * Carried versions found so far: "<commit hex>:<path>" -> blob id hex
	 * of the version a broken note there carries, "" for none.
	 */
	struct strmap carry;
	/* The `line` (see below) the reader_load_*() calls read at. */
	const git_oid *line;
	/*
	 * The persistent cache of parsed notes (notecache.h), opened at the
	 * first note not in `cache`, written at reader_release(); NULL when
	 * caches are off.
	 */
	struct notecache *notes;
	int notes_tried;
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
 * (reader_unref).  A note no longer used joins the idle list (sized as
 * READER_IDLE_MIN says) and is freed when it is the least recently used
 * one beyond that size, so a walk over any length of history holds the
 * notes of one vault and a reserve proportional to it.
 * Notes never counted are kept until reader_release().
 */
void reader_ref(struct reader *r, const git_oid *oid);
void reader_unref(struct reader *r, const git_oid *oid);

/*
 * Broken notes (contract section 2) carry the frontmatter facts of the
 * newest version, along first parents, where the same path parsed.  A
 * revision's `line` is the commit whose first-parent history that search
 * starts from, itself included: the commit itself for a commit's tree, HEAD
 * for the index and the working tree (or a tree about to be committed on
 * top of it); NULL for none (nothing is carried).
 *
 * reader_carried() finds the blob id of the version `path` carries at
 * `line`: the first commit from it along first parents where `path` holds
 * a note that parsed.  The search stops, with nothing carried, at a commit
 * where `path` holds no note (the note was added, broken, since), at a root
 * commit, or at a commit the repository lacks.  Returns 1 and fills *out,
 * or 0 for none.  Results are kept per (commit, path), so a walk over
 * history asks each commit once.
 */
int reader_carried(git_oid *out, struct reader *r, const git_oid *line,
		   const char *path);

/*
 * The note of blob `oid` at `path` as a vault at `line` reads it: the
 * parsed note itself, or, for a broken one, its note_carry() with the
 * version reader_carried() finds.  *key_out receives the id it is cached
 * under, for reader_ref()/reader_unref() and later reader_note() calls: the
 * blob id, or for a carried note an id made from both blob ids.  NULL when
 * the object cannot be read.
 */
const struct note *reader_note_at(struct reader *r, git_oid *key_out,
				  const git_oid *oid, const char *path,
				  const git_oid *line);

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
