#ifndef THESIS_MATCHER_H
#define THESIS_MATCHER_H

/*
 * matcher: finds every occurrence of many names in a text in one pass, for
 * unlinked mentions (contract section 5b).
 *
 * An Aho-Corasick automaton: built once from all the names of a vault
 * state, it then reads each text byte by byte, never backing up, so
 * scanning costs time linear in the text whatever the number of names or
 * what they contain (regex metacharacters are plain bytes here).  One
 * search per name would cost names x text: 10,000 aliases over a 2 MiB
 * note is 20 G steps; the automaton does it in about 2 M.
 *
 * Comparison is byte-wise after two foldings applied to names and text
 * alike: ASCII letters lowercased and the white space bytes `\t`, `\n`,
 * `\r`, `\f`, `\v` read as a space, so a name wrapped across a soft line
 * break still matches.  Non-ASCII text is compared exactly as written: no
 * Unicode case folding and no normalisation (a name written with a
 * precomposed `é` does not match one typed with `e` and a combining
 * accent).
 *
 * Only whole words are reported: a match must start at the start of the
 * text or after a character that is not a word character, and end at the
 * end of the text or before one (utf8_is_word_char()).  At a position
 * where no name can end on a boundary, no output is examined, and a name
 * is at most MATCHER_MAX_NAME bytes long, so the work per position is
 * bounded by a constant: the scan stays linear even for hostile names
 * ("aaaa", "aaaaa", ... over a text of a's).
 *
 * Ownership: a matcher owns copies of everything; the values it reports
 * are the caller's, opaque to it.
 */

#include <stddef.h>
#include <stdint.h>

/* Longer names are refused by matcher_add(). */
#define MATCHER_MAX_NAME 256

struct matcher_node {
	uint32_t fail;	/* longest proper suffix that is a trie node */
	uint32_t dict;	/* nearest node on the fail chain ending a name */
	int32_t name;	/* index in names, or -1 */
	uint32_t depth; /* bytes from the root */
	/* The trie's children as a list, for the breadth-first build. */
	uint32_t first_child, next_sibling;
	unsigned char byte; /* the folded byte leading here */
};

struct matcher_name {
	size_t value; /* the caller's */
	size_t len;   /* bytes */
};

struct matcher {
	struct matcher_node *nodes;
	size_t nodes_nr, nodes_alloc;
	struct matcher_name *names;
	size_t names_nr, names_alloc;
	/* Transitions below the root: (node << 8 | byte) + 1 -> child. */
	uint64_t *keys;
	uint32_t *children;
	size_t slots, used;
	uint32_t root[256]; /* the root's transitions; 0 = stay at the root */
	int built;
};
#define MATCHER_INIT                                             \
	{                                                        \
		NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, {0}, 0 \
	}

void matcher_init(struct matcher *m);
void matcher_release(struct matcher *m);
/* Empties the matcher for a new set of names. */
void matcher_clear(struct matcher *m);

/*
 * Adds the name of `len` bytes with the caller's `value`.  Returns 0, or
 * -1 for an empty name, one longer than MATCHER_MAX_NAME, or one already
 * added (after folding): the first value stays.  Invalidates a build.
 */
int matcher_add(struct matcher *m, const char *name, size_t len, size_t value);

/* Computes the failure links; needed once after the last matcher_add(). */
void matcher_build(struct matcher *m);

/*
 * Called for every whole-word occurrence: `start` and `end` are byte
 * offsets into the text.  Occurrences come in order of their end, longer
 * ones first at the same end.  A non-zero return stops the scan.
 */
typedef int (*matcher_fn)(size_t value, size_t start, size_t end, void *data);

/*
 * Scans `len` bytes of `text` (NULs allowed: they are never part of a name
 * and separate words).  Returns 0, or the callback's non-zero value.
 * Builds the matcher first if needed.
 */
int matcher_scan(struct matcher *m, const char *text, size_t len, matcher_fn fn,
		 void *data);

/*
 * Whether the character at `s` (at most `len` bytes) is a word character:
 * a letter or a digit as slugs count them (names_alnum_len()), so the
 * boundaries of a name are those of its slug.
 */
int utf8_is_word_char(const char *s, size_t len);

#endif
