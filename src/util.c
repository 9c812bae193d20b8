#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <git2.h>

#include "util.h"
#include "strbuf.h"

static char last_message[512];
static char pending_message[512];
static int pending;

const char *error_last_message(void)
{
	return last_message;
}

/* The terminal-safe message in `out`, and in last_message. */
static void S_format(struct strbuf *out, const char *fmt, va_list ap,
		     const char *extra)
{
	struct strbuf msg = STRBUF_INIT;

	/* Messages quote paths and names from notes: never raw to a tty. */
	strbuf_vaddf(&msg, fmt, ap);
	if (extra && *extra) {
		strbuf_addstr(&msg, ": ");
		strbuf_addstr(&msg, extra);
	}
	strbuf_add_terminal_safe(out, msg.buf, msg.len);
	snprintf(last_message, sizeof(last_message), "%s", out->buf);
	strbuf_release(&msg);
}

static void S_print(const char *prefix, const char *msg)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "git-thesis: %s%s\n", prefix, msg);
	fflush(stdout);
	fwrite(sb.buf, 1, sb.len, stderr);
	strbuf_release(&sb);
}

static void S_report(const char *prefix, const char *fmt, va_list ap,
		     const char *extra)
{
	struct strbuf msg = STRBUF_INIT;

	S_format(&msg, fmt, ap, extra);
	S_print(prefix, msg.buf);
	strbuf_release(&msg);
}

int error_set(const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	S_format(&msg, fmt, ap, NULL);
	va_end(ap);
	snprintf(pending_message, sizeof(pending_message), "%s", msg.buf);
	strbuf_release(&msg);
	pending = 1;
	return -1;
}

int error_set_git(const char *fmt, ...)
{
	const git_error *e = git_error_last();
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	S_format(&msg, fmt, ap, e ? e->message : NULL);
	va_end(ap);
	snprintf(pending_message, sizeof(pending_message), "%s", msg.buf);
	strbuf_release(&msg);
	git_error_clear();
	pending = 1;
	return -1;
}

const char *error_pending(void)
{
	return pending ? pending_message : NULL;
}

void error_clear(void)
{
	pending = 0;
	pending_message[0] = '\0';
}

int error_print_fatal(void)
{
	if (pending)
		S_print("fatal: ", pending_message);
	pending = 0;
	return EXIT_FATAL;
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	S_report("error: ", fmt, ap, NULL);
	va_end(ap);
	return -1;
}

int error_git(const char *fmt, ...)
{
	const git_error *e = git_error_last();
	va_list ap;

	va_start(ap, fmt);
	S_report("error: ", fmt, ap, e ? e->message : NULL);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	S_report("warning: ", fmt, ap, NULL);
	va_end(ap);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	S_report("fatal: ", fmt, ap, NULL);
	va_end(ap);
	exit(EXIT_FATAL);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		die("out of memory allocating %zu bytes", size);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		die("out of memory allocating %zu objects", nmemb);
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		die("out of memory allocating %zu bytes", size);
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrdup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

char *xstrndup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xstrfmt(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_detach(&sb, NULL);
}

int str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

int str_cmp(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

int skip_prefix(const char *s, const char *prefix, const char **out)
{
	size_t n = strlen(prefix);

	if (strncmp(s, prefix, n))
		return 0;
	*out = s + n;
	return 1;
}

int ends_with_icase(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcasecmp(s + a - b, suffix);
}

int env_true(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0") && strcasecmp(v, "false");
}

int write_in_full(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
