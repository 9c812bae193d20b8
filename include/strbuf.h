#ifndef THESIS_STRBUF_H
#define THESIS_STRBUF_H

/*
 * strbuf: a growable, always NUL-terminated byte buffer, after git's.
 *
 * `buf` is owned by the strbuf and never NULL once initialised (it points at
 * a shared empty string until the first growth), so it can always be passed
 * where a C string is expected.  `len` excludes the terminating NUL.  The
 * contents may hold NUL bytes; use `len`, not strlen().
 *
 * Allocation failures die() (exit 128), as in git: callers never check.
 *
 * Layer: helpers, used by every layer.  See src/README.
 */

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT {0, 0, strbuf_slopbuf}

void strbuf_init(struct strbuf *sb, size_t hint);
/* Frees the contents and leaves `sb` as after STRBUF_INIT. */
void strbuf_release(struct strbuf *sb);
/* Hands the buffer to the caller (free() it); `sb` is re-initialised. */
char *strbuf_detach(struct strbuf *sb, size_t *len_out);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
/* Removes `len` bytes at `pos`. */
void strbuf_remove(struct strbuf *sb, size_t pos, size_t len);
#define strbuf_reset(sb) strbuf_setlen((sb), 0)

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
/*
 * Appends the contents of the file `path`, or, when `max` is not 0, stops
 * once more than `max` bytes were appended (enough to know a file is too
 * big without reading it all).  Returns 0, or -1 (errno set) when the file
 * cannot be opened.
 */
int strbuf_read_file(struct strbuf *sb, const char *path, size_t max);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addchars(struct strbuf *sb, int c, size_t n);
void strbuf_addbuf(struct strbuf *sb, const struct strbuf *other);
__attribute__((format(printf, 2, 3))) void
strbuf_addf(struct strbuf *sb, const char *fmt, ...);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);

void strbuf_trim(struct strbuf *sb);
void strbuf_rtrim(struct strbuf *sb);

/*
 * Appends `len` bytes of `s` for a terminal: control characters (C0, DEL,
 * C1) become visible escapes (`\e`, `\t`, `^X`, `\x9b`), invalid UTF-8 bytes
 * become `\xNN`.  Nothing from a note may reach a terminal without this.
 */
void strbuf_add_terminal_safe(struct strbuf *sb, const char *s, size_t len);

/*
 * Appends `s` as a JSON string literal with its quotes; NULL gives `null`.
 * Invalid UTF-8 is replaced by U+FFFD so the output is always valid UTF-8.
 */
void strbuf_add_json_str(struct strbuf *sb, const char *s);
void strbuf_add_json_strn(struct strbuf *sb, const char *s, size_t len);

/* Appends `s` HTML-escaped (&, <, >, ", '), invalid UTF-8 replaced. */
void strbuf_add_html(struct strbuf *sb, const char *s);

/*
 * Length of the valid UTF-8 sequence starting at `s` (at most `len` bytes),
 * or 0 when the bytes there are not valid UTF-8.
 */
size_t utf8_seq_len(const unsigned char *s, size_t len);
/* Display width in columns of a terminal-safe string (one per code point). */
size_t utf8_width(const char *s);

#endif
