/*
 * libFuzzer target: the record format of the cache of parsed notes
 * (notecache.h).  The input is parsed as a note, encoded and decoded: the
 * decoded note encodes to the same bytes and has the path asked for.  The
 * input is also decoded as a payload itself: odd bytes are refused, never
 * misread, and a payload that decodes has a canonical encoding.
 * Build and run with tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "note.h"
#include "notecache.h"
#include "strbuf.h"
#include "util.h"

/* Reports which invariant broke, then crashes so libFuzzer saves the input. */
#define FAIL_IF(cond)                                                    \
	do {                                                             \
		if (cond) {                                              \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", \
				__FILE__, __LINE__, #cond);              \
			abort();                                         \
		}                                                        \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct note *note = NULL, *back = NULL;

	FAIL_IF(note_parse(&note, "dir/Fuzzed Note.md", (const char *)data,
			   size) < 0);
	notecache_encode(&a, note);
	FAIL_IF(notecache_decode(&back, (const unsigned char *)a.buf, a.len,
				 "other/Path.md") < 0);
	FAIL_IF(strcmp(back->path, "other/Path.md") ||
		strcmp(back->name, "Path"));
	notecache_encode(&b, back);
	FAIL_IF(a.len != b.len || memcmp(a.buf, b.buf, a.len));
	note_free(back);
	note_free(note);

	/*
	 * The input as a payload: refused, or a note whose encoding is
	 * canonical (it decodes and encodes to the same bytes again; the
	 * input itself may spell numbers or its arena size otherwise).
	 */
	back = NULL;
	if (!notecache_decode(&back, data, size, "x.md")) {
		struct note *again = NULL;

		strbuf_reset(&a);
		strbuf_reset(&b);
		notecache_encode(&a, back);
		FAIL_IF(notecache_decode(&again, (const unsigned char *)a.buf,
					 a.len, "x.md") < 0);
		notecache_encode(&b, again);
		FAIL_IF(a.len != b.len || memcmp(a.buf, b.buf, a.len));
		note_free(again);
		note_free(back);
	} else {
		FAIL_IF(back);
	}
	strbuf_release(&a);
	strbuf_release(&b);
	return 0;
}
