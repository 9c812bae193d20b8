#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <git2.h>

#include "util.h"
#include "strbuf.h"

int error_silence;
static char last_message[512];

const char *error_last_message(void)
{
	return last_message;
}

static void S_report(const char *prefix, const char *fmt, va_list ap,
		     const char *extra)
{
	struct strbuf sb = STRBUF_INIT, msg = STRBUF_INIT;

	/* Messages quote paths and names from notes: never raw to a tty. */
	strbuf_vaddf(&msg, fmt, ap);
	if (extra && *extra) {
		strbuf_addstr(&msg, ": ");
		strbuf_addstr(&msg, extra);
	}
	strbuf_addstr(&sb, "git-thesis: ");
	strbuf_addstr(&sb, prefix);
	strbuf_add_terminal_safe(&sb, msg.buf, msg.len);
	snprintf(last_message, sizeof(last_message), "%s",
		 sb.buf + strlen("git-thesis: ") + strlen(prefix));
	strbuf_release(&msg);
	strbuf_addch(&sb, '\n');
	if (!error_silence || !strcmp(prefix, "warning: ")) {
		fflush(stdout);
		fwrite(sb.buf, 1, sb.len, stderr);
	}
	strbuf_release(&sb);
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
	S_report("error: ", fmt, ap, NULL);
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
