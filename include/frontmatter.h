#ifndef THESIS_FRONTMATTER_H
#define THESIS_FRONTMATTER_H

/*
 * frontmatter: finding the YAML block at the top of a note and turning it
 * into facts with libyaml.  Used by note_parse(); exposed for the unit tests
 * and fuzz targets.
 *
 * The YAML is read with libyaml's event parser into a bounded tree: at most
 * FRONTMATTER_MAX_DEPTH levels and FRONTMATTER_MAX_NODES nodes, and an alias
 * (`*a`) is never expanded, so a "billion laughs" note costs nothing.
 *
 * Layer: notes.  See src/README.
 */

#include <stddef.h>
#include "note.h"

#define FRONTMATTER_MAX_DEPTH 64
#define FRONTMATTER_MAX_NODES 100000

enum frontmatter_state {
	FRONTMATTER_NONE = 0,     /* the note does not start with `---` */
	FRONTMATTER_CLOSED,       /* a block from `---` to `---` or `...` */
	FRONTMATTER_UNTERMINATED, /* `---` but no closing line */
};

struct frontmatter_split {
	enum frontmatter_state state;
	size_t yaml_offset; /* the YAML text: after the opening line ... */
	size_t yaml_len;    /* ... up to the start of the closing line */
	unsigned yaml_line; /* 1-based file line of the YAML's first line */
	size_t body_offset; /* the body: after the closing line, or 0/BOM */
	unsigned body_line; /* 1-based file line where the body starts */
};

/*
 * Locates the frontmatter of `buf` (`len` bytes): an optional UTF-8 BOM,
 * then a first line `---`, ending at the next line that is exactly `---`
 * or `...` (trailing spaces and CR allowed on both).  Never fails.
 */
void frontmatter_split(struct frontmatter_split *out, const char *buf,
		       size_t len);

/*
 * Parses `len` bytes of YAML (the frontmatter, starting at file line
 * `first_line`) and fills the note's frontmatter fields, targets and
 * frontmatter mappings.  Syntax errors become DIAG_ERROR diags naming the
 * file line and column; the note then gets no frontmatter facts.  Sets
 * note->has_frontmatter when the YAML parsed.  Returns 0.
 */
int frontmatter_parse(struct note *note, const char *yaml, size_t len,
		      unsigned first_line);

#endif
