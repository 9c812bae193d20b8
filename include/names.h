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
 * The slug of `s`: ASCII letters lowercased, every run of characters that are
 * neither letters nor digits turned into one `-`, leading and trailing `-`
 * removed ("Ray Data Co" -> "ray-data-co").  Valid multi-byte UTF-8
 * characters count as letters and are kept; invalid bytes count as
 * separators, so a slug is always valid UTF-8.  May return "".
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
