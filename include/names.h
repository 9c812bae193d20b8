#ifndef THESIS_NAMES_H
#define THESIS_NAMES_H

/*
 * names: the spelling rules for names of targets: slugs, wikilinks and the
 * case-insensitive key under which a name is looked up.  Pure functions of
 * their input; every returned string is newly allocated and owned by the
 * caller.
 *
 * Layer: notes.  See src/README.
 */

#include <stddef.h>

/*
 * The length in bytes of the character at `s` (at most `len` bytes) when it
 * is a letter or a digit, else 0.  Without Unicode tables, a valid
 * multi-byte character counts as a letter unless it is in the punctuation,
 * space and symbol blocks people type between words (Latin-1 punctuation
 * and NBSP, dashes, curly quotes, ellipsis, arrows, CJK punctuation,
 * emoji).  Invalid UTF-8 is not a letter.
 */
size_t names_alnum_len(const char *s, size_t len);

/*
 * The slug of `s`: ASCII letters lowercased, every run of characters that are
 * neither letters nor digits (names_alnum_len()) turned into one `-`,
 * leading and trailing `-` removed ("Ray Data Co" -> "ray-data-co",
 * "Ray Data Co’s plan" -> "ray-data-co-s-plan").  Other letters are kept as
 * written; invalid bytes count as separators, so a slug is always valid
 * UTF-8.  May return "".
 */
char *names_slug(const char *s, size_t len);

/* True when `s` is already a valid id: non-empty and equal to its slug. */
int names_is_slug(const char *s);

/*
 * The lookup key of a name: surrounding white space trimmed, ASCII letters
 * lowercased, inner runs of white space kept as written.
 */
char *names_key(const char *s, size_t len);

/*
 * When `s` (trimmed) is exactly one wikilink, `[[x]]`, `[[x|shown]]`,
 * `[[x#heading]]` or an embed `![[x]]`, stores in *out the link target `x`
 * (trimmed, without `#...`, `^...`, `|...` nor a trailing `.md`) and
 * returns 1.  Returns 0 and leaves *out alone otherwise.
 */
int names_wikilink(char **out, const char *s, size_t len);

/*
 * Calls `fn` for every wikilink or embed in `text` (`len` bytes, not
 * necessarily NUL-terminated), in order, with the link target as
 * names_wikilink() extracts it and the byte offset of the opening `[[`.
 * Links with an empty target (`[[#heading]]`) and links spanning a line
 * break are skipped.  Stops and returns fn's value when it is non-zero.
 */
typedef int (*names_wikilink_fn)(const char *target, size_t offset, void *data);
int names_foreach_wikilink(const char *text, size_t len, names_wikilink_fn fn,
			   void *data);

#endif
