#include <stdlib.h>
#include <string.h>

#include "exclude.h"
#include "strbuf.h"
#include "util.h"

/*
 * Results of S_wild(): besides match and no match, the two "abort" values
 * cut the search short the way git's wildmatch does, so patterns full of
 * `*` cannot make it exponential: when the text ran out, no other split
 * can help (ABORT_ALL); when a lone `*` met a `/`, only an earlier `**`
 * can go further (ABORT_TO_STARSTAR).
 */
enum {
	WILD_MATCH = 0,
	WILD_NOMATCH = 1,
	WILD_ABORT_ALL = -1,
	WILD_ABORT_TO_STARSTAR = -2,
};

/* `[...]` at `*pp` (just past the `[`) against `c`; advances *pp past `]`. */
static int S_class(const char **pp, unsigned char c)
{
	const char *p = *pp;
	int negated = 0, matched = 0;
	unsigned char prev = 0;

	if (*p == '!' || *p == '^') {
		negated = 1;
		p++;
	}
	/* A `]` right at the start is a member. */
	if (*p == ']') {
		matched |= c == ']';
		prev = ']';
		p++;
	}
	for (; *p && *p != ']'; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '\\' && p[1])
			ch = (unsigned char)*++p;
		else if (ch == '-' && prev && p[1] && p[1] != ']') {
			unsigned char hi = (unsigned char)*++p;

			if (hi == '\\' && p[1])
				hi = (unsigned char)*++p;
			matched |= c >= prev && c <= hi;
			prev = 0;
			continue;
		}
		matched |= c == ch;
		prev = ch;
	}
	if (!*p)
		return -1; /* unclosed: the pattern matches nothing */
	*pp = p;
	return matched != negated;
}

static int S_wild(const char *pattern, const char *p, const char *text)
{
	for (; *p; p++, text++) {
		unsigned char t = (unsigned char)*text;
		int match_slash, r;

		if (!t && *p != '*')
			return WILD_ABORT_ALL;
		switch (*p) {
		case '\\':
			if (!p[1])
				return WILD_NOMATCH;
			p++;
			if ((unsigned char)*p != t)
				return WILD_NOMATCH;
			break;
		case '?':
			if (t == '/')
				return WILD_NOMATCH;
			break;
		case '[':
			p++;
			if (t == '/')
				return WILD_NOMATCH;
			r = S_class(&p, t);
			if (r < 0)
				return WILD_ABORT_ALL;
			if (!r)
				return WILD_NOMATCH;
			break;
		case '*':
			match_slash = 0;
			if (p[1] == '*') {
				int at_start = p == pattern || p[-1] == '/';

				while (p[1] == '*')
					p++;
				/* `**` counts only as a whole path component.
				 */
				if (at_start && (!p[1] || p[1] == '/')) {
					if (p[1] == '/' &&
					    S_wild(pattern, p + 2, text) ==
						    WILD_MATCH)
						return WILD_MATCH;
					match_slash = 1;
				}
			}
			p++;
			if (!*p)
				return match_slash || !strchr(text, '/')
					       ? WILD_MATCH
					       : WILD_NOMATCH;
			for (;; t = (unsigned char)*++text) {
				if (!t)
					return WILD_ABORT_ALL;
				r = S_wild(pattern, p, text);
				if (r != WILD_NOMATCH &&
				    (!match_slash ||
				     r != WILD_ABORT_TO_STARSTAR))
					return r;
				if (!match_slash && t == '/')
					return WILD_ABORT_TO_STARSTAR;
			}
		default:
			if ((unsigned char)*p != t)
				return WILD_NOMATCH;
			break;
		}
	}
	return *text ? WILD_NOMATCH : WILD_MATCH;
}

static int S_matches(const struct exclude_pattern *x, const char *path,
		     int is_dir)
{
	const char *base;

	if (x->dir_only && !is_dir)
		return 0;
	if (x->anchored)
		return S_wild(x->pattern, x->pattern, path) == WILD_MATCH;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	return S_wild(x->pattern, x->pattern, base) == WILD_MATCH;
}

/* The last pattern that matches decides; -1 when none does. */
static int S_decide(const struct exclude_list *list, const char *path,
		    int is_dir)
{
	size_t i = list->nr;

	while (i--)
		if (S_matches(&list->v[i], path, is_dir))
			return !list->v[i].negated;
	return -1;
}

void exclude_list_release(struct exclude_list *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++)
		free(list->v[i].pattern);
	free(list->v);
	list->v = NULL;
	list->nr = list->alloc = 0;
}

void exclude_list_add(struct exclude_list *list, const char *pattern)
{
	struct exclude_pattern x = {NULL, 0, 0, 0};
	struct strbuf sb = STRBUF_INIT;
	const char *p = pattern;

	if (*p == '#')
		return;
	if (*p == '!') {
		x.negated = 1;
		p++;
	}
	strbuf_addstr(&sb, p);
	/* Trailing spaces go, unless the last one is escaped. */
	while (sb.len && sb.buf[sb.len - 1] == ' ' &&
	       !(sb.len >= 2 && sb.buf[sb.len - 2] == '\\'))
		strbuf_setlen(&sb, sb.len - 1);
	if (sb.len && sb.buf[sb.len - 1] == '/') {
		x.dir_only = 1;
		while (sb.len && sb.buf[sb.len - 1] == '/')
			strbuf_setlen(&sb, sb.len - 1);
	}
	if (strchr(sb.buf, '/'))
		x.anchored = 1;
	if (sb.buf[0] == '/')
		strbuf_remove(&sb, 0, 1);
	if (!sb.len) {
		strbuf_release(&sb);
		return;
	}
	x.pattern = strbuf_detach(&sb, NULL);
	ALLOC_GROW(list->v, list->nr + 1, list->alloc);
	list->v[list->nr++] = x;
}

int exclude_list_match(const struct exclude_list *list, const char *path)
{
	struct strbuf dir = STRBUF_INIT;
	const char *slash;
	int excluded = 0;

	if (!list || !list->nr)
		return 0;
	/* A file under an excluded folder cannot be taken back. */
	for (slash = strchr(path, '/'); slash && !excluded;
	     slash = strchr(slash + 1, '/')) {
		strbuf_reset(&dir);
		strbuf_add(&dir, path, (size_t)(slash - path));
		excluded = S_decide(list, dir.buf, 1) == 1;
	}
	strbuf_release(&dir);
	return excluded || S_decide(list, path, 0) == 1;
}
