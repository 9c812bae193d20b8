#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "matcher.h"
#include "strbuf.h"
#include "util.h"

/* Every hit as "value@start-end;" in order. */
static int S_record(size_t value, size_t start, size_t end, void *data)
{
	strbuf_addf(data, "%zu@%zu-%zu;", value, start, end);
	return 0;
}

static char *S_scan(struct matcher *m, const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(matcher_scan(m, text, strlen(text), S_record, &sb), 0);
	return strbuf_detach(&sb, NULL);
}

static void S_expect(struct matcher *m, const char *text, const char *want)
{
	char *got = S_scan(m, text);

	assert_string_equal(got, want);
	free(got);
}

static void test_basic_and_case(void **state)
{
	struct matcher m = MATCHER_INIT;

	(void)state;
	assert_int_equal(matcher_add(&m, "Cloudflare-first", 16, 1), 0);
	assert_int_equal(matcher_add(&m, "cloudflare", 10, 2), 0);
	S_expect(&m, "We're currently CLOUDFLARE-FIRST - worth",
		 "2@16-26;1@16-32;");
	S_expect(&m, "nothing here", "");
	matcher_release(&m);
}

static void test_word_boundaries(void **state)
{
	struct matcher m = MATCHER_INIT;

	(void)state;
	matcher_add(&m, "edge", 4, 7);
	/* Letters and digits on either side are no boundary. */
	S_expect(&m, "hedge edges edge2 2edge", "");
	S_expect(&m, "edge", "7@0-4;");
	S_expect(&m, "(edge), edge-case; _edge_", "7@1-5;7@8-12;7@20-24;");
	/* A non-ASCII letter or a combining mark continues the word. */
	S_expect(&m, "edgé", "");
	S_expect(&m, "edge\xcc\x81", "");
	S_expect(&m,
		 "\xc3\xa9"
		 "edge",
		 "");
	/* Punctuation and emoji do not. */
	S_expect(&m,
		 "edge\xe2\x80\x94x \xf0\x9f\x99\x82"
		 "edge",
		 "7@0-4;7@13-17;");
	/* Invalid UTF-8 is no letter. */
	S_expect(&m,
		 "\xff"
		 "edge\x80",
		 "7@1-5;");
	matcher_release(&m);
}

static void test_overlaps_and_suffixes(void **state)
{
	struct matcher m = MATCHER_INIT;

	(void)state;
	matcher_add(&m, "data co", 7, 1);
	matcher_add(&m, "ray data co", 11, 2);
	matcher_add(&m, "ray data", 8, 3);
	/* Longer first at the same end; a name inside a longer one too. */
	S_expect(&m, "ray data co", "3@0-8;2@0-11;1@4-11;");
	/* Soft line breaks and tabs read as spaces. */
	S_expect(&m, "Ray\nData\tCo", "3@0-8;2@0-11;1@4-11;");
	matcher_release(&m);
}

static void test_metacharacters_and_refusals(void **state)
{
	struct matcher m = MATCHER_INIT;
	char big[MATCHER_MAX_NAME + 2];

	(void)state;
	assert_int_equal(matcher_add(&m, "a.*b (c)?", 9, 1), 0);
	assert_int_equal(matcher_add(&m, "[[x]]\\d+", 8, 2), 0);
	/* Already there after folding: refused, the first value stays. */
	assert_int_equal(matcher_add(&m, "A.*B (C)?", 9, 3), -1);
	assert_int_equal(matcher_add(&m, "", 0, 4), -1);
	memset(big, 'x', sizeof(big));
	assert_int_equal(matcher_add(&m, big, MATCHER_MAX_NAME + 1, 5), -1);
	assert_int_equal(matcher_add(&m, big, MATCHER_MAX_NAME, 6), 0);
	S_expect(&m, "aXXb c a.*b (c)? [[x]]\\d+", "1@7-16;2@17-25;");
	S_expect(&m, "a.*b (c)?x", "");
	matcher_release(&m);
}

static void test_emoji_and_nul(void **state)
{
	struct matcher m = MATCHER_INIT;
	const char text[] = "go \xf0\x9f\x9a\x80 rocket\0rocket";
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	matcher_add(&m, "\xf0\x9f\x9a\x80 rocket", 11, 1);
	matcher_add(&m, "rocket", 6, 2);
	assert_int_equal(
		matcher_scan(&m, text, sizeof(text) - 1, S_record, &sb), 0);
	assert_string_equal(sb.buf, "1@3-14;2@8-14;2@15-21;");
	strbuf_release(&sb);
	matcher_release(&m);
}

static int S_stop(size_t value, size_t start, size_t end, void *data)
{
	(void)start;
	(void)end;
	*(size_t *)data = value;
	return 42;
}

static void test_stop_and_rebuild(void **state)
{
	struct matcher m = MATCHER_INIT;
	size_t seen = 0;

	(void)state;
	matcher_add(&m, "alpha", 5, 1);
	matcher_add(&m, "beta", 4, 2);
	assert_int_equal(matcher_scan(&m, "beta alpha", 10, S_stop, &seen), 42);
	assert_int_equal(seen, 2);
	/* Adding after a scan rebuilds the links. */
	matcher_add(&m, "gamma", 5, 3);
	S_expect(&m, "gamma alpha", "3@0-5;1@6-11;");
	matcher_clear(&m);
	S_expect(&m, "gamma alpha", "");
	matcher_release(&m);
}

/* The automaton against a naive search, on random texts and names. */
static void test_against_naive(void **state)
{
	const char alphabet[] = "ab A-\n";
	unsigned seed = 12345;
	int round;

	(void)state;
	for (round = 0; round < 200; round++) {
		struct matcher m = MATCHER_INIT;
		char names[8][6], text[64];
		size_t lens[8], n = 1 + (seed % 8), i, j, k, tlen;
		struct strbuf naive = STRBUF_INIT;
		char *got;

		for (i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			lens[i] = 1 + (seed >> 16) % 5;
			for (j = 0; j < lens[i]; j++) {
				seed = seed * 1103515245 + 12345;
				names[i][j] = "abA"[(seed >> 16) % 3];
			}
			if (matcher_add(&m, names[i], lens[i], i) < 0)
				lens[i] = 0;
		}
		seed = seed * 1103515245 + 12345;
		tlen = (seed >> 16) % sizeof(text);
		for (j = 0; j < tlen; j++) {
			seed = seed * 1103515245 + 12345;
			text[j] =
				alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		/* Naive: by end, then longer first. */
		for (k = 1; k <= tlen; k++) {
			size_t best;

			for (best = 6; best > 0; best--)
				for (i = 0; i < n; i++) {
					size_t s;

					if (lens[i] != best || lens[i] > k)
						continue;
					s = k - lens[i];
					for (j = 0; j < lens[i]; j++)
						if ((text[s + j] | 0x20) !=
						    (names[i][j] | 0x20))
							break;
					if (j < lens[i])
						continue;
					if (s && (text[s - 1] == 'a' ||
						  text[s - 1] == 'b' ||
						  text[s - 1] == 'A'))
						continue;
					if (k < tlen &&
					    (text[k] == 'a' || text[k] == 'b' ||
					     text[k] == 'A'))
						continue;
					strbuf_addf(&naive, "%zu@%zu-%zu;", i,
						    s, k);
				}
		}
		text[tlen] = '\0';
		got = S_scan(&m, text);
		assert_string_equal(got, naive.buf);
		free(got);
		strbuf_release(&naive);
		matcher_release(&m);
	}
}

static int S_count(size_t value, size_t start, size_t end, void *data)
{
	(void)value;
	(void)start;
	(void)end;
	(*(size_t *)data)++;
	return 0;
}

/*
 * 10,000 names over a 2 MiB text, the hostile shapes included: the scan
 * must stay linear (well under a second even under the sanitizers).
 */
static void test_hostile_sizes(void **state)
{
	struct matcher m = MATCHER_INIT;
	size_t len = 2 * 1024 * 1024, i, hits = 0;
	char *text = xmalloc(len);
	char name[MATCHER_MAX_NAME];
	clock_t t0;

	(void)state;
	for (i = 0; i < 10000; i++) {
		int n = snprintf(name, sizeof(name), "alias %zu (x)*?+[", i);

		assert_int_equal(matcher_add(&m, name, (size_t)n, i), 0);
	}
	/* "aaaa", "aaaaa", ... up to the longest name allowed. */
	memset(name, 'a', sizeof(name));
	for (i = 4; i <= MATCHER_MAX_NAME; i++)
		matcher_add(&m, name, i, 100000 + i);
	memset(text, 'a', len);
	t0 = clock();
	assert_int_equal(matcher_scan(&m, text, len, S_count, &hits), 0);
	/* Only the end of the run is a boundary; no name starts at 0. */
	assert_int_equal(hits, 0);
	/* Runs of a's, each a word: every name of its length matches. */
	for (i = 0; i + 6 <= len; i += 6)
		memcpy(text + i, "aaaaa ", 6);
	hits = 0;
	assert_int_equal(matcher_scan(&m, text, len, S_count, &hits), 0);
	assert_int_equal(hits, len / 6);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 10.0);
	matcher_release(&m);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_and_case),
		cmocka_unit_test(test_word_boundaries),
		cmocka_unit_test(test_overlaps_and_suffixes),
		cmocka_unit_test(test_metacharacters_and_refusals),
		cmocka_unit_test(test_emoji_and_nul),
		cmocka_unit_test(test_stop_and_rebuild),
		cmocka_unit_test(test_against_naive),
		cmocka_unit_test(test_hostile_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
