#ifndef THESIS_NOTECACHE_H
#define THESIS_NOTECACHE_H

/*
 * notecache: the persistent cache of parsed notes, keyed by blob id, so that
 * loading a whole vault at a revision (`positions --at`, `show`, `check`,
 * the first vault of a walk) costs little more than walking its tree once
 * the notes were parsed in an earlier run.
 *
 * A parsed note is a function of its bytes alone, and the blob id names the
 * bytes: nothing in a `struct note` but `path` and `name` (and `carried`,
 * which only note_carry() sets) depends on where the blob sits or on any
 * setting.  So an entry holds everything else, and notecache_get() makes
 * `path` and `name` from the path asked for.  What the parser makes of
 * bytes changes with the parser: bump NOTECACHE_CONTRACT whenever it can
 * (note.c, frontmatter.c, body.c, vocab.c, or a field of `struct note`);
 * files of another version are then ignored and replaced.
 *
 * The file (cachedir.h says where, and when caches are off) is a header and
 * a sequence of records, each with its own checksum.  Opening maps the file
 * and reads only each record's id and length, into a hash table; a record
 * is checked and decoded only when asked for, so a damaged, truncated or
 * foreign record is a miss (a slower run), never a wrong note and never a
 * crash.  A process appends its new records under an exclusive flock(),
 * skipping those another process appended meanwhile; a file that must
 * start anew (another version, damage at its start, or past
 * NOTECACHE_MAX_SIZE) is written beside it and renamed into place, so no
 * file a reader has mapped ever shrinks under it.  Deleting it is always
 * safe.
 *
 * Ownership: a notecache owns its mapping and its pending records; notes
 * handed out are new, owned by the caller (note_free()).  Notes put are
 * copied at once and stay the caller's.
 *
 * Layer: notes (bytes of a cache file to notes; no vault).  See src/README.
 */

#include <git2.h>
#include <stddef.h>
#include "note.h"
#include "repo.h"
#include "strbuf.h"

/*
 * Parsed notes mean what they meant when this was last bumped.  Bump it
 * with every change that can change any field note_parse() fills for some
 * bytes, and with every change to the record format below.
 */
#define NOTECACHE_CONTRACT 1

/* A file never grows past this: the next writer starts it anew. */
#define NOTECACHE_MAX_SIZE (128u << 20)

struct notecache;

/*
 * Opens the cache of `repo`, mapping what is there.  Returns NULL when
 * caches are off for this run (cachedir_path()); a missing, foreign or
 * damaged file gives an empty cache that still records.  Creates nothing
 * but the cache folder (cachedir_open()).
 */
struct notecache *notecache_open(struct thesis_repo *repo);

/*
 * The note of blob `oid`, as read at `path`, in a new note in *out.
 * Returns 1 when found, 0 when not (a miss, *out NULL): never recorded, or
 * its record is damaged or of another contract.
 */
int notecache_get(struct note **out, struct notecache *nc, const git_oid *oid,
		  const char *path);

/*
 * Records `note`, the note_parse() of blob `oid`, to be written by _flush().
 * The caller makes sure it is a complete parse: never a carried note, never
 * a lazy one (note_parse_lazy()) whose body was not parsed.
 */
void notecache_put(struct notecache *nc, const git_oid *oid,
		   const struct note *note);

/* Appends the records put since the last flush to the file. */
void notecache_flush(struct notecache *nc);

/* Flushes, then unmaps and frees the cache (NULL is fine). */
void notecache_free(struct notecache *nc);

/* Counters for tests and --stats: notes found, and records put. */
size_t notecache_hits(const struct notecache *nc);
size_t notecache_puts(const struct notecache *nc);

/*
 * The record format, exposed for the unit tests and fuzz targets: the
 * payload of a note (every field but `path` and `name`) appended to `out`,
 * and back.  notecache_decode() checks every length, count and value
 * against the `len` bytes it has and returns -1 (and *out NULL) for
 * anything odd.
 */
void notecache_encode(struct strbuf *out, const struct note *note);
int notecache_decode(struct note **out, const unsigned char *buf, size_t len,
		     const char *path);

#endif
