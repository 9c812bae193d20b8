#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "names.h"
#include "strbuf.h"
#include "util.h"

size_t names_alnum_len(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n;
	unsigned cp;

	if (!len)
		return 0;
	if (u[0] < 0x80)
		return isalnum(u[0]) ? 1 : 0;
	n = utf8_seq_len(u, len);
	if (!n)
		return 0;
	if (n == 2)
		cp = (u[0] & 0x1fu) << 6 | (u[1] & 0x3fu);
	else if (n == 3)
		cp = (u[0] & 0x0fu) << 12 | (u[1] & 0x3fu) << 6 |
		     (u[2] & 0x3fu);
	else
		cp = (u[0] & 0x07u) << 18 | (u[1] & 0x3fu) << 12 |
		     (u[2] & 0x3fu) << 6 | (u[3] & 0x3fu);
	/* Latin-1 punctuation, NBSP and signs; × and ÷. */
	if ((cp >= 0x80 && cp <= 0xbf) || cp == 0xd7 || cp == 0xf7)
		return 0;
	/* General punctuation (dashes, quotes, spaces, ZWJ) to symbols. */
	if ((cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x3000 && cp <= 0x303f))
		return 0;
	/* Variation selectors, CJK forms, BOM, specials; emoji. */
	if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
	    cp == 0xfeff || (cp >= 0xfff0 && cp <= 0xffff))
		return 0;
	if (cp >= 0x1f000 && cp <= 0x1faff)
		return 0;
	return n;
}

char *names_slug(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	int pending_dash = 0;
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		/* Invalid bytes are separators: an id is always valid UTF-8. */
		size_t n = names_alnum_len(s + i, len - i);

		if (n) {
			if (pending_dash && sb.len)
				strbuf_addch(&sb, '-');
			pending_dash = 0;
			if (c < 0x80)
				strbuf_addch(&sb, tolower(c));
			else
				strbuf_add(&sb, s + i, n);
			i += n;
		} else {
			/* A separator: skip the whole character. */
			n = utf8_seq_len((const unsigned char *)s + i, len - i);
			pending_dash = 1;
			i += n ? n : 1;
		}
	}
	return strbuf_detach(&sb, NULL);
}

int names_is_slug(const char *s)
{
	char *slug = names_slug(s, strlen(s));
	int ok = *s && !strcmp(slug, s);

	free(slug);
	return ok;
}

char *names_key(const char *s, size_t len)
{
	char *out;
	size_t i;

	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	out = xstrndup(s, len);
	for (i = 0; i < len; i++)
		out[i] = (char)tolower((unsigned char)out[i]);
	return out;
}

/* Extracts the link target from the inside of `[[...]]`. */
static char *S_link_target(const char *in, size_t len)
{
	size_t end = 0;

	while (end < len && in[end] != '|' && in[end] != '#' && in[end] != '^')
		end++;
	while (end && isspace((unsigned char)in[end - 1]))
		end--;
	while (end && isspace((unsigned char)*in))
		in++, end--;
	if (end >= 3 && !strncasecmp(in + end - 3, ".md", 3))
		end -= 3;
	return xstrndup(in, end);
}

int names_wikilink(char **out, const char *s, size_t len)
{
	const char *close;

	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len && *s == '!')
		s++, len--;
	if (len < 4 || strncmp(s, "[[", 2) || strncmp(s + len - 2, "]]", 2))
		return 0;
	close = memchr(s + 2, ']', len - 4);
	if (close || memchr(s + 2, '\n', len - 4) ||
	    memchr(s + 2, '[', len - 4))
		return 0;
	*out = S_link_target(s + 2, len - 4);
	return 1;
}

int names_foreach_wikilink(const char *text, size_t len, names_wikilink_fn fn,
			   void *data)
{
	size_t i = 0;

	while (i + 4 <= len) {
		size_t j;
		int ret;
		char *target;

		if (text[i] != '[' || text[i + 1] != '[') {
			i++;
			continue;
		}
		/* Innermost `[[`: skip extra opening brackets. */
		while (i + 2 < len && text[i + 2] == '[')
			i++;
		for (j = i + 2; j + 1 < len; j++) {
			if (text[j] == '\n' || text[j] == '\r' ||
			    (text[j] == '[' && text[j + 1] == '['))
				break;
			if (text[j] == ']' && text[j + 1] == ']')
				break;
		}
		if (j + 1 >= len || text[j] != ']') {
			i = j > i + 2 ? j : i + 2;
			continue;
		}
		target = S_link_target(text + i + 2, j - i - 2);
		ret = *target ? fn(target, i, data) : 0;
		free(target);
		if (ret)
			return ret;
		i = j + 2;
	}
	return 0;
}
