#include <stdlib.h>
#include <string.h>

#include "oidmap.h"
#include "util.h"

static size_t S_hash(const git_oid *key)
{
	size_t h;

	memcpy(&h, key->id, sizeof(h));
	return h;
}

static size_t S_find(const struct oidmap *map, const git_oid *key)
{
	size_t mask = map->size - 1, i = S_hash(key) & mask;

	while (map->slots[i].value && !git_oid_equal(&map->slots[i].key, key))
		i = (i + 1) & mask;
	return i;
}

void *oidmap_get(const struct oidmap *map, const git_oid *key)
{
	if (!map->nr)
		return NULL;
	return map->slots[S_find(map, key)].value;
}

static void S_grow(struct oidmap *map)
{
	struct oidmap_slot *old = map->slots;
	size_t old_size = map->size, i;

	map->size = old_size ? 2 * old_size : 64;
	map->slots = xcalloc(map->size, sizeof(*map->slots));
	for (i = 0; i < old_size; i++)
		if (old[i].value)
			map->slots[S_find(map, &old[i].key)] = old[i];
	free(old);
}

void *oidmap_put(struct oidmap *map, const git_oid *key, void *value)
{
	size_t i;
	void *prev;

	/* At most half full: probes stay short. */
	if (2 * (map->nr + 1) > map->size)
		S_grow(map);
	i = S_find(map, key);
	prev = map->slots[i].value;
	if (!prev) {
		git_oid_cpy(&map->slots[i].key, key);
		map->nr++;
	}
	map->slots[i].value = value;
	return prev;
}

void *oidmap_remove(struct oidmap *map, const git_oid *key)
{
	size_t mask, i, j;
	void *value;

	if (!map->nr)
		return NULL;
	mask = map->size - 1;
	i = S_find(map, key);
	value = map->slots[i].value;
	if (!value)
		return NULL;
	map->slots[i].value = NULL;
	map->nr--;
	/*
	 * Backward-shift deletion: move later entries of the probe run into
	 * the hole when their home is not between the hole and them.
	 */
	for (j = (i + 1) & mask; map->slots[j].value; j = (j + 1) & mask) {
		size_t home = S_hash(&map->slots[j].key) & mask;

		if (((j - home) & mask) >= ((j - i) & mask)) {
			map->slots[i] = map->slots[j];
			map->slots[j].value = NULL;
			i = j;
		}
	}
	return value;
}

void oidmap_release(struct oidmap *map)
{
	free(map->slots);
	map->slots = NULL;
	map->size = map->nr = 0;
}

struct oidmap_slot *oidmap_next(const struct oidmap *map, size_t *iter)
{
	while (*iter < map->size) {
		struct oidmap_slot *s = &map->slots[(*iter)++];

		if (s->value)
			return s;
	}
	return NULL;
}
