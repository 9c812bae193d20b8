#ifndef THESIS_STRVEC_H
#define THESIS_STRVEC_H

/*
 * strvec: an owned, growable array of owned C strings.  `v[nr]` is always
 * NULL, so `v` can be handed to code expecting an argv-style array.
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
void strvec_clear(struct strvec *sv);
/* Copies `src` into the empty `dst`. */
void strvec_copy(struct strvec *dst, const struct strvec *src);
int strvec_equal(const struct strvec *a, const struct strvec *b);
/* Joins with `sep`; an empty vector gives NULL.  Caller frees. */
char *strvec_join(const struct strvec *sv, const char *sep);

#endif
