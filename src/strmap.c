#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "util.h"

static unsigned S_hash(const char *s)
{
	unsigned h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static struct strmap_entry **S_find(const struct strmap *map, const char *key,
				    unsigned hash)
{
	struct strmap_entry **p;

	if (!map->buckets_nr)
		return NULL;
	for (p = &map->buckets[hash % map->buckets_nr]; *p; p = &(*p)->next)
		if ((*p)->hash == hash && !strcmp((*p)->key, key))
			return p;
	return p;
}

static void S_rehash(struct strmap *map)
{
	size_t n = map->buckets_nr ? map->buckets_nr * 2 : 64, i;
	struct strmap_entry **b = xcalloc(n, sizeof(*b));

	for (i = 0; i < map->buckets_nr; i++) {
		struct strmap_entry *e = map->buckets[i], *next;

		for (; e; e = next) {
			next = e->next;
			e->next = b[e->hash % n];
			b[e->hash % n] = e;
		}
	}
	free(map->buckets);
	map->buckets = b;
	map->buckets_nr = n;
}

void *strmap_get(const struct strmap *map, const char *key)
{
	struct strmap_entry **p = S_find(map, key, S_hash(key));

	return p && *p ? (*p)->value : NULL;
}

int strmap_contains(const struct strmap *map, const char *key)
{
	struct strmap_entry **p = S_find(map, key, S_hash(key));

	return p && *p;
}

void *strmap_put(struct strmap *map, const char *key, void *value)
{
	unsigned hash = S_hash(key);
	struct strmap_entry **p, *e;
	size_t len;

	if (map->nr >= map->buckets_nr)
		S_rehash(map);
	p = S_find(map, key, hash);
	if (*p) {
		void *old = (*p)->value;

		(*p)->value = value;
		return old;
	}
	len = strlen(key);
	e = xmalloc(sizeof(*e) + len + 1);
	e->next = NULL;
	e->hash = hash;
	e->value = value;
	memcpy(e->key, key, len + 1);
	*p = e;
	map->nr++;
	return NULL;
}

void *strmap_remove(struct strmap *map, const char *key)
{
	struct strmap_entry **p = S_find(map, key, S_hash(key)), *e;
	void *value;

	if (!p || !*p)
		return NULL;
	e = *p;
	*p = e->next;
	value = e->value;
	free(e);
	map->nr--;
	return value;
}

void strmap_release(struct strmap *map)
{
	size_t i;

	for (i = 0; i < map->buckets_nr; i++) {
		struct strmap_entry *e = map->buckets[i], *next;

		for (; e; e = next) {
			next = e->next;
			free(e);
		}
	}
	free(map->buckets);
	map->buckets = NULL;
	map->buckets_nr = map->nr = 0;
}

struct strmap_entry *strmap_next(const struct strmap *map,
				 struct strmap_iter *it,
				 struct strmap_entry *prev)
{
	if (!prev)
		it->bucket = 0;
	else if (prev->next)
		return prev->next;
	else
		it->bucket++;
	for (; it->bucket < map->buckets_nr; it->bucket++)
		if (map->buckets[it->bucket])
			return map->buckets[it->bucket];
	return NULL;
}
