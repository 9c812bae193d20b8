#ifndef THESIS_UTIL_H
#define THESIS_UTIL_H

/*
 * util: process-wide helpers after git's usage.c and wrapper.c.
 *
 * error() and warning() print `git-thesis: error: ...` on stderr at once,
 * for problems the command goes on after; error() returns -1 so a caller
 * can write `return error(...)`.  die() prints `git-thesis: fatal: ...` and
 * exits 128; usage errors exit 129.  x*alloc() die on allocation failure,
 * so callers never check for NULL.
 *
 * Engines do not print.  Like libgit2's git_error_set()/git_error_last(),
 * error_set() records the message of a failure and returns -1; it travels
 * up as a return value and the top prints it once: a command that returns
 * 128 gets it printed as `fatal: ...` by main() (or prints it itself with
 * error_print_fatal()).  A caller that recovers calls error_clear().
 *
 * Layer: helpers, used by every layer.  See src/README.
 */

#include <stddef.h>
#include <stdarg.h>

#define EXIT_FINDINGS 1
#define EXIT_FATAL    128
#define EXIT_USAGE    129

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

__attribute__((format(printf, 1, 2))) int error(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void warning(const char *fmt, ...);
__attribute__((format(printf, 1, 2), noreturn)) void die(const char *fmt, ...);
/* error() with the message of libgit2's last error appended. */
__attribute__((format(printf, 1, 2))) int error_git(const char *fmt, ...);

__attribute__((format(printf, 1, 2))) int error_set(const char *fmt, ...);
/* error_set() with the message of libgit2's last error appended. */
__attribute__((format(printf, 1, 2))) int error_set_git(const char *fmt, ...);
/* The message error_set() recorded and nobody printed yet, or NULL. */
const char *error_pending(void);
void error_clear(void);
/* Prints the pending message (if any) as fatal; returns EXIT_FATAL. */
int error_print_fatal(void);

/* The last message error(), warning() or error_set() made (static). */
const char *error_last_message(void);

/* Writes all `len` bytes (as git's write_in_full()); 0, or -1 with errno. */
int write_in_full(int fd, const void *buf, size_t len);

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
/* NULL stays NULL. */
char *xstrdup_or_null(const char *s);
char *xstrndup(const char *s, size_t len);
__attribute__((format(printf, 1, 2))) char *xstrfmt(const char *fmt, ...);

/* Grows `x` (an array of `nr` used out of `alloc`) to hold at least `n`. */
#define ALLOC_GROW(x, n, alloc)                                               \
	do {                                                                   \
		if ((n) > (alloc)) {                                           \
			size_t grow_ = (alloc) < 8 ? 8 : (alloc) * 2;          \
			if (grow_ < (n))                                       \
				grow_ = (n);                                   \
			(x) = xrealloc((x), grow_ * sizeof(*(x)));             \
			(alloc) = grow_;                                       \
		}                                                              \
	} while (0)

/* qsort() that accepts an empty (even NULL) array, as git's QSORT(). */
#define QSORT(base, n, cmp)                                                    \
	do {                                                                   \
		if ((n) > 1)                                                   \
			qsort((base), (n), sizeof(*(base)), (cmp));            \
	} while (0)

#define FREE_AND_NULL(p)                                                       \
	do {                                                                   \
		free(p);                                                       \
		(p) = NULL;                                                    \
	} while (0)

/* NULL-safe string equality; two NULLs are equal. */
int str_eq(const char *a, const char *b);
/* NULL-safe strcmp ordering NULL first. */
int str_cmp(const char *a, const char *b);
int starts_with(const char *s, const char *prefix);
/* Like starts_with() and on success points *out past the prefix. */
int skip_prefix(const char *s, const char *prefix, const char **out);
int ends_with_icase(const char *s, const char *suffix);

/* Environment/terminal helpers shared by the pager and colour code. */
int env_true(const char *name);

#endif
