#ifndef THESIS_STRVEC_H
#define THESIS_STRVEC_H

/*
 * strvec: an owned, growable array of owned C strings.  `v[nr]` is always
 * NULL, so `v` can be handed to code expecting an argv-style array.
 *
 * Names follow git: `_release` frees what a struct holds (it can be used
 * again as if freshly initialised), `_free` frees the struct too, `_clear`
 * empties it for reuse keeping its memory.
 *
 * Layer: helpers, used by every layer.  See src/README.
 */

#include <stddef.h>

struct strvec {
	char **v;
	size_t nr;
	size_t alloc;
};

extern char *strvec_empty[];
#define STRVEC_INIT {strvec_empty, 0, 0}

void strvec_init(struct strvec *sv);
/* Appends a copy of `s`. */
void strvec_push(struct strvec *sv, const char *s);
/* Appends `s` itself: the strvec takes ownership. */
void strvec_push_nodup(struct strvec *sv, char *s);
/* Frees the strings and the array; `sv` is empty again, ready for reuse. */
void strvec_release(struct strvec *sv);
/* Copies `src` into the empty `dst`. */
void strvec_copy(struct strvec *dst, const struct strvec *src);
int strvec_equal(const struct strvec *a, const struct strvec *b);
/* Joins with `sep`; an empty vector gives NULL.  Caller frees. */
char *strvec_join(const struct strvec *sv, const char *sep);

#endif
