#ifndef THESIS_STRMAP_H
#define THESIS_STRMAP_H

/*
 * strmap: a hash map from C strings to pointers (separate chaining, FNV-1a).
 *
 * The map owns copies of its keys; values are borrowed: the map never frees
 * them.  Iteration order is unspecified: sort if output depends on it.
 *
 * Layer: helpers, used by every layer.  See src/README.
 */

#include <stddef.h>

struct strmap_entry {
	struct strmap_entry *next;
	unsigned hash;
	void *value;
	char key[]; /* owned copy, NUL-terminated */
};

struct strmap {
	struct strmap_entry **buckets;
	size_t buckets_nr;
	size_t nr;
};
#define STRMAP_INIT {NULL, 0, 0}

void *strmap_get(const struct strmap *map, const char *key);
int strmap_contains(const struct strmap *map, const char *key);
/* Sets key to value; returns the previous value or NULL. */
void *strmap_put(struct strmap *map, const char *key, void *value);
/* Removes key; returns its value or NULL. */
void *strmap_remove(struct strmap *map, const char *key);
/* Frees the map's own memory (not the values); the map is empty again. */
void strmap_release(struct strmap *map);

/* Iterates over every entry: `for (e = NULL; (e = strmap_next(m, &it, e));)` */
struct strmap_iter {
	size_t bucket;
};
struct strmap_entry *strmap_next(const struct strmap *map,
				 struct strmap_iter *it,
				 struct strmap_entry *prev);

#endif
