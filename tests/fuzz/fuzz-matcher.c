/*
 * libFuzzer target: the Aho-Corasick matcher of unlinked mentions.  The
 * input is names, one a line, up to an empty line, then the text.  Every
 * reported hit must be a whole-word, case-folded occurrence of its name,
 * and for small inputs the hits must be exactly those a naive search finds.
 * Build and run with tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "matcher.h"
#include "util.h"

#define FAIL_IF(cond)                                                    \
	do {                                                             \
		if (cond) {                                              \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", \
				__FILE__, __LINE__, #cond);              \
			abort();                                         \
		}                                                        \
	} while (0)

#define MAX_NAMES 4096

struct input {
	const char *names[MAX_NAMES];
	size_t lens[MAX_NAMES];
	int added[MAX_NAMES];
	size_t nr;
	const char *text;
	size_t text_len;
	size_t hits;
	size_t last_end;
};

static unsigned char S_fold(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return (unsigned char)(c + 32);
	if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
		return ' ';
	return c;
}

static int S_same(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (S_fold((unsigned char)a[i]) != S_fold((unsigned char)b[i]))
			return 0;
	return 1;
}

/* A word character ends right before `i`: decode backwards by hand. */
static int S_word_before(const char *s, size_t i)
{
	size_t k;

	for (k = 1; k <= 4 && k <= i; k++) {
		unsigned char c = (unsigned char)s[i - k];

		if ((c & 0xc0) != 0x80)
			return utf8_is_word_char(s + i - k, k) &&
			       utf8_seq_len((const unsigned char *)s + i - k,
					    k) == k;
	}
	return 0;
}

static int S_hit(size_t value, size_t start, size_t end, void *data)
{
	struct input *in = data;

	FAIL_IF(value >= in->nr || !in->added[value]);
	FAIL_IF(end > in->text_len || end - start != in->lens[value]);
	FAIL_IF(!S_same(in->text + start, in->names[value], end - start));
	FAIL_IF(end < in->last_end);
	FAIL_IF(end < in->text_len &&
		utf8_is_word_char(in->text + end, in->text_len - end));
	FAIL_IF(S_word_before(in->text, start));
	in->last_end = end;
	in->hits++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data, *p = buf, *end = buf + size;
	struct input in;
	struct matcher m = MATCHER_INIT;
	size_t i, naive = 0;

	memset(&in, 0, sizeof(in));
	while (p < end && in.nr < MAX_NAMES) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (!len) {
			p++;
			break;
		}
		in.names[in.nr] = p;
		in.lens[in.nr] = len;
		in.added[in.nr] = !matcher_add(&m, p, len, in.nr);
		in.nr++;
		p += len + (nl ? 1 : 0);
	}
	in.text = p;
	in.text_len = (size_t)(end - p);
	FAIL_IF(matcher_scan(&m, in.text, in.text_len, S_hit, &in) != 0);

	/* Small inputs: the automaton finds what a naive search finds. */
	if (in.text_len <= 256 && in.nr <= 16) {
		for (i = 0; i < in.nr; i++) {
			size_t s, n = in.lens[i];

			if (!in.added[i] || n > in.text_len)
				continue;
			for (s = 0; s + n <= in.text_len; s++)
				if (S_same(in.text + s, in.names[i], n) &&
				    !S_word_before(in.text, s) &&
				    !(s + n < in.text_len &&
				      utf8_is_word_char(in.text + s + n,
							in.text_len - s - n)))
					naive++;
		}
		FAIL_IF(naive != in.hits);
	}
	matcher_release(&m);
	return 0;
}
