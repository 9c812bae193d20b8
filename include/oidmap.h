#ifndef THESIS_OIDMAP_H
#define THESIS_OIDMAP_H

/*
 * oidmap: a hash map from object ids to pointers, for the hot paths that
 * look blobs up by id (the reader's note cache): no hex strings made per
 * lookup, no allocation per entry.  Open addressing with linear probing;
 * an object id is already uniformly distributed, so its first bytes are
 * the hash.
 *
 * The map owns its slots (copies of the keys); values are borrowed: the map
 * never frees them.  Iteration order is unspecified.
 *
 * Layer: helpers.  See src/README.
 */

#include <stddef.h>
#include <git2/oid.h>

struct oidmap_slot {
	git_oid key;
	void *value; /* NULL: the slot is free */
};

struct oidmap {
	struct oidmap_slot *slots;
	size_t size; /* a power of two, or 0 */
	size_t nr;
};
#define OIDMAP_INIT        \
	{                  \
		NULL, 0, 0 \
	}

/* The value of `key`, or NULL.  Values may not be NULL. */
void *oidmap_get(const struct oidmap *map, const git_oid *key);
/* Sets `key` to `value` (not NULL); returns the previous value or NULL. */
void *oidmap_put(struct oidmap *map, const git_oid *key, void *value);
/* Removes `key`; returns its value or NULL. */
void *oidmap_remove(struct oidmap *map, const git_oid *key);
/* Frees the map's own memory (not the values); the map is empty again. */
void oidmap_release(struct oidmap *map);

/*
 * Iterates: `for (i = 0; (s = oidmap_next(m, &i));)`.  The map must not
 * change during the iteration.
 */
struct oidmap_slot *oidmap_next(const struct oidmap *map, size_t *iter);

#endif
