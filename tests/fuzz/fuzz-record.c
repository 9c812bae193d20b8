/*
 * libFuzzer target: record_edit(), the byte splice of `git thesis record`,
 * on every target the input note declares and every field, with plain and
 * hostile values.  Invariants: an edit that succeeds leaves the body after
 * the frontmatter byte for byte, keeps the bytes before the frontmatter
 * (a BOM, `---`), and its result parses without crashing.  Build and run
 * with tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontmatter.h"
#include "note.h"
#include "record.h"
#include "strbuf.h"

#define FAIL_IF(cond)                                                    \
	do {                                                             \
		if (cond) {                                              \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", \
				__FILE__, __LINE__, #cond);              \
			abort();                                         \
		}                                                        \
	} while (0)

static const char *const fields[] = {"status", "confidence", "stance", "owner",
				     "title"};
static const char *const values[] = {"held", "0.5", "a: b #c", "x, [y]",
				     "caf\xc3\xa9 \xe2\x80\x94 ok"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct frontmatter_split split;
	struct note *note = NULL;
	size_t i, f, v;

	if (size > 64 * 1024)
		return 0;
	if (note_parse(&note, "fuzz.md", text, size) < 0)
		return 0;
	frontmatter_split(&split, text, size);
	for (i = 0; i < note->targets_nr; i++)
		for (f = 0; f < sizeof(fields) / sizeof(*fields); f++)
			for (v = 0; v < sizeof(values) / sizeof(*values); v++) {
				struct strbuf out = STRBUF_INIT,
					      err = STRBUF_INIT;
				size_t body = size - split.body_offset;
				struct note *again = NULL;

				if (record_edit(&out, &err, text, size,
						note->targets[i].id,
						note->targets[i].kind,
						fields[f], values[v]) == 0) {
					FAIL_IF(split.state !=
						FRONTMATTER_CLOSED);
					FAIL_IF(out.len < body);
					FAIL_IF(memcmp(out.buf + out.len - body,
						       text + split.body_offset,
						       body));
					FAIL_IF(memcmp(out.buf, text,
						       split.yaml_offset));
					note_parse(&again, "fuzz.md", out.buf,
						   out.len);
					note_free(again);
				} else {
					FAIL_IF(!err.len);
				}
				strbuf_release(&out);
				strbuf_release(&err);
			}
	note_free(note);
	return 0;
}
