#include <stdlib.h>
#include <string.h>

#include "strvec.h"
#include "strbuf.h"
#include "util.h"

char *strvec_empty[] = {NULL};

void strvec_init(struct strvec *sv)
{
	sv->v = strvec_empty;
	sv->nr = sv->alloc = 0;
}

void strvec_push_nodup(struct strvec *sv, char *s)
{
	if (sv->v == strvec_empty)
		sv->v = NULL;
	ALLOC_GROW(sv->v, sv->nr + 2, sv->alloc);
	sv->v[sv->nr++] = s; /* NOLINT(clang-analyzer-core.NullDereference) */
	sv->v[sv->nr] = NULL;
}

void strvec_push(struct strvec *sv, const char *s)
{
	strvec_push_nodup(sv, xstrdup(s));
}

void strvec_release(struct strvec *sv)
{
	size_t i;

	if (sv->v != strvec_empty) {
		for (i = 0; i < sv->nr; i++)
			free(sv->v[i]);
		free(sv->v);
	}
	strvec_init(sv);
}

void strvec_copy(struct strvec *dst, const struct strvec *src)
{
	size_t i;

	for (i = 0; i < src->nr; i++)
		strvec_push(dst, src->v[i]);
}

int strvec_equal(const struct strvec *a, const struct strvec *b)
{
	size_t i;

	if (a->nr != b->nr)
		return 0;
	for (i = 0; i < a->nr; i++)
		if (strcmp(a->v[i], b->v[i]))
			return 0;
	return 1;
}

char *strvec_join(const struct strvec *sv, const char *sep)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (!sv->nr)
		return NULL;
	for (i = 0; i < sv->nr; i++) {
		if (i)
			strbuf_addstr(&sb, sep);
		strbuf_addstr(&sb, sv->v[i]);
	}
	return strbuf_detach(&sb, NULL);
}
