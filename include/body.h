#ifndef THESIS_BODY_H
#define THESIS_BODY_H

/*
 * body: reading the Markdown body of a note with cmark.  Only real Markdown
 * structure counts: headings at the top level of the document, paragraphs,
 * list items and block quotes; text in code spans, code blocks and HTML
 * blocks is never read for facts.
 *
 * Used by note_parse(); exposed for unit tests and fuzz targets.
 *
 * Layer: notes.  See src/README.
 */

#include <stddef.h>
#include "note.h"

/*
 * Scans `len` bytes of Markdown (the body, whose first line is file line
 * `first_line`) and appends to `note`: body mappings (from `Mapping
 * against <target>` headings), links (wikilinks and embeds that may be
 * mentions), the body stance, and warnings.  Returns 0.
 */
int body_scan(struct note *note, const char *md, size_t len,
	      unsigned first_line);

/*
 * One pass over a body's raw bytes (no Markdown parse): fills `out` with
 * what the body may hold (note.h: struct body_hints), a superset of what
 * body_scan() would find.  Used by note_parse_lazy() to skip the parse of
 * bodies that cannot hold a fact.
 */
void body_prefilter(struct body_hints *out, const char *md, size_t len);

/*
 * A one-line excerpt of a prose text: lines joined by one space, each
 * link, code span or HTML (a NUL byte in the text) shown as `…`, cut at a
 * character boundary after about `max` bytes (with `…`).  Free it.
 */
char *body_text_excerpt(const struct note_text *t, size_t max);

#endif
