#ifndef THESIS_FMMERGE_H
#define THESIS_FMMERGE_H

/*
 * fmmerge: a three-way merge of one note that understands its frontmatter,
 * for `git thesis sync`.
 *
 * Line merges treat two edits on adjacent lines as a conflict, and in
 * frontmatter adjacent lines are different keys: `status` changed on one
 * machine and `confidence` on another is no conflict to the user.  So each
 * side is split into frontmatter and body (frontmatter_split()); the body
 * merges line by line with libgit2's git_merge_file(); the frontmatter
 * merges key by key over the top-level keys of its YAML mapping.
 *
 * Keys are found with libyaml's event marks: a key's block runs from the
 * start of its line to the start of the next top-level key's line, and the
 * merged frontmatter is made of those raw blocks, never re-emitted YAML, so
 * comments, quoting and layout survive.  Per key: changed on one side only,
 * that side wins; changed the same way on both (or only in quoting), the
 * change is kept; changed differently, a conflict.  The list keys (tags,
 * aliases, supersedes, maps, positions, theses) merge as sets instead: the
 * base's items stay unless a side removed them, and items either side added
 * are appended.  Items of `maps` are identified by their `target`, those of
 * `positions`/`theses` by their `id`; one such item changed differently on
 * both sides is a conflict.
 *
 * A side whose frontmatter does not parse (or whose YAML root is not a
 * block mapping), or a frontmatter added or removed on one side, makes
 * the whole note merge as text.
 *
 * Line ends and the BOM follow `ours`: inputs are merged with LF line ends
 * and the result gets ours' (CRLF when ours' first line ends in CRLF).
 *
 * The result never holds conflict markers: a note with conflicts has no
 * text, only the list of conflicts.  With a favoured side every conflict
 * is settled for that side (key, item or body hunk) and none is reported.
 *
 * Layer: results (part of sync).  See src/README.
 */

#include <stddef.h>
#include "strbuf.h"

enum fmmerge_favor {
	FMMERGE_FAVOR_NONE = 0,
	FMMERGE_FAVOR_OURS,
	FMMERGE_FAVOR_THEIRS,
};

enum fmmerge_conflict_kind {
	FMMERGE_CONFLICT_KEY,  /* a frontmatter key changed differently */
	FMMERGE_CONFLICT_ITEM, /* an item of maps/positions/theses */
	FMMERGE_CONFLICT_BODY, /* the same body lines changed differently */
	FMMERGE_CONFLICT_TEXT, /* a note merged as plain text */
};

struct fmmerge_conflict {
	enum fmmerge_conflict_kind kind;
	/* KEY: the id the note declares (position:/thesis:), or NULL;
	 * ITEM: the item's target or id. */
	char *target;
	char *key;   /* KEY, ITEM: the top-level key */
	char *field; /* ITEM: the item's field; NULL for the whole item */
	/* The two values as reports show them; NULL: removed on that side. */
	char *ours;
	char *theirs;
	/* BODY, TEXT: 1-based file lines of ours' version; 0 when unknown. */
	unsigned first_line, last_line;
};

struct fmmerge_result {
	struct strbuf
		text; /* the merged note; empty when there are conflicts */
	struct fmmerge_conflict *conflicts;
	size_t conflicts_nr, conflicts_alloc;
	int as_text; /* the note was merged as plain text */
};
#define FMMERGE_RESULT_INIT {STRBUF_INIT, NULL, 0, 0, 0}
void fmmerge_result_release(struct fmmerge_result *r);

/* One side's content; `ptr` NULL means the side has no such file. */
struct fmmerge_input {
	const char *ptr;
	size_t len;
};

/*
 * Merges `ours` and `theirs` against `base` (whose ptr may be NULL: both
 * sides added the note) into the empty `out`.  Returns 0 (check
 * out->conflicts_nr) or -1 after an error from libgit2.
 */
int fmmerge(struct fmmerge_result *out, const struct fmmerge_input *base,
	    const struct fmmerge_input *ours,
	    const struct fmmerge_input *theirs, enum fmmerge_favor favor);

/*
 * Appends one conflict as a line of a report, without the path or a
 * newline: `cloudflare-first-hosting status: yours retired, theirs
 * revised`, `mapping llm-commoditization strength: yours strong, theirs
 * weak`, `body lines 12-14 changed on both sides`.  Values from the note
 * are made terminal-safe.
 */
void fmmerge_conflict_describe(struct strbuf *sb,
			       const struct fmmerge_conflict *c);

#endif
