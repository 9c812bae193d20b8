#ifndef THESIS_EVENTINDEX_H
#define THESIS_EVENTINDEX_H

/*
 * eventindex: the persistent index of each commit's events, so that a
 * second `log`, `blame`, `review` or `report` over the same history costs
 * little more than the revision walk.
 *
 * A commit's events are a function of the commit alone (its id fixes its
 * tree, its parents and, through them, all the history the carried facts of
 * broken notes come from) and of what decides how notes are read: the vault
 * folder, the exclude patterns, the context names and the contract's
 * version.  The commit id (and whether merges are compared with their first
 * parent only) keys an entry; the rest names the file, so a changed setting
 * simply finds another file.  Bump EVENTINDEX_CONTRACT whenever what an
 * event is changes: old files are then ignored and replaced.
 *
 * The file (cachedir.h says where, and when caches are off) is a header
 * and a sequence of records, each with its own checksum; a process appends
 * its new records under an exclusive flock(), so two processes share it
 * safely.  Loading stops at the first damaged record; the next writer cuts
 * the damage off.  The file is bounded (EVENTINDEX_MAX_SIZE): a writer that
 * would grow it past that starts it anew.  Deleting it is always safe.
 *
 * Ownership: an eventindex owns its copy of the file's bytes and its
 * pending records; events handed out are new copies owned by the caller's
 * event_list.
 */

#include <stddef.h>
#include "events.h"
#include "repo.h"

/* Events of a commit mean what they meant when this was last bumped. */
#define EVENTINDEX_CONTRACT 2

/* A file never grows past this: the next writer starts it anew. */
#define EVENTINDEX_MAX_SIZE (64u << 20)

struct eventindex;

/*
 * Opens the index of `repo` for the settings string `settings` (everything
 * besides the commit that decides its events), reading what is there.
 * Returns NULL when caches are off for this run; a missing or damaged file
 * gives an empty index that still records.
 */
struct eventindex *eventindex_open(struct thesis_repo *repo,
				   const char *settings);

/*
 * Appends the recorded events of commit `id` (`first_parent`: merges
 * compared with their first parent only) to `out`.  Returns 1 when found,
 * 0 when not recorded (then `out` is unchanged).
 */
int eventindex_get(struct event_list *out, struct eventindex *ix,
		   const git_oid *id, int first_parent);

/* Records the `nr` events of commit `id`, to be written by _flush(). */
void eventindex_put(struct eventindex *ix, const git_oid *id, int first_parent,
		    const struct event *ev, size_t nr);

/* Appends the records put since the last flush to the file. */
void eventindex_flush(struct eventindex *ix);

/* Flushes, then frees the index (NULL is fine). */
void eventindex_free(struct eventindex *ix);

/* Counters for --stats: entries found and recorded. */
size_t eventindex_hits(const struct eventindex *ix);

#endif
