#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "strbuf.h"
#include "strvec.h"
#include "util.h"

static void S_print_usage(FILE *fp, const char *const *usage,
			  const struct option *opts)
{
	const struct option *o;
	size_t i;

	for (i = 0; usage[i]; i++)
		fprintf(fp, "%s %s\n", i ? "   or:" : "usage:", usage[i]);
	fputc('\n', fp);
	for (o = opts; o && o->type != OPT_T_END; o++) {
		struct strbuf sb = STRBUF_INIT;

		if (o->type == OPT_T_GROUP) {
			fprintf(fp, "\n%s\n", o->help);
			continue;
		}
		strbuf_addstr(&sb, "    ");
		if (o->short_name)
			strbuf_addf(&sb, "-%c", o->short_name);
		if (o->short_name && o->long_name)
			strbuf_addstr(&sb, ", ");
		if (o->long_name)
			strbuf_addf(&sb, "--%s%s",
				    o->type == OPT_T_BOOL &&
						    !starts_with(o->long_name, "no-")
					    ? "[no-]"
					    : "",
				    o->long_name);
		if (o->argh)
			strbuf_addf(&sb,
				    o->defval == OPT_OPTARG ? "[=<%s>]"
				    : o->long_name	     ? "=<%s>"
							     : " <%s>",
				    o->argh);
		if (sb.len >= 28)
			strbuf_addf(&sb, "\n%28s", "");
		else
			strbuf_addchars(&sb, ' ', 28 - sb.len);
		fprintf(fp, "%s%s\n", sb.buf, o->help ? o->help : "");
		strbuf_release(&sb);
	}
}

void usage_with_options(const char *const *usage, const struct option *opts,
			int to_stdout)
{
	FILE *fp = to_stdout ? stdout : stderr;

	S_print_usage(fp, usage, opts);
	fflush(fp);
	exit(to_stdout == 2 ? 0 : EXIT_USAGE);
}

void usage_msg(const char *const *usage, const struct option *opts,
	       const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	error("%s", sb.buf);
	strbuf_release(&sb);
	usage_with_options(usage, opts, 0);
}

static int S_store(const struct option *o, const char *arg, int unset,
		   const char *const *usage, const struct option *opts)
{
	char *end;
	long n;

	switch (o->type) {
	case OPT_T_BOOL:
		*(int *)o->value = !unset;
		return 0;
	case OPT_T_SET_INT:
		*(int *)o->value = unset ? 0 : (int)o->defval;
		return 0;
	case OPT_T_INT:
		if (!arg)
			usage_msg(usage, opts, "option '%s' expects a number",
				  o->long_name);
		errno = 0;
		n = strtol(arg, &end, 10);
		if (errno || *end || !*arg || n < 0 || n > 1000000000)
			usage_msg(usage, opts, "option '%s' expects a number, "
				  "not '%s'", o->long_name, arg);
		*(int *)o->value = (int)n;
		return 0;
	case OPT_T_STRING:
		*(const char **)o->value = unset ? NULL : arg;
		return 0;
	case OPT_T_STRVEC:
		if (unset)
			strvec_release(o->value);
		else
			strvec_push(o->value, arg);
		return 0;
	case OPT_T_CALLBACK:
		if (o->cb(o, arg, unset) < 0)
			usage_with_options(usage, opts, 0);
		return 0;
	default:
		return -1;
	}
}

static int S_takes_arg(const struct option *o)
{
	return o->argh != NULL;
}

static int S_optional_arg(const struct option *o)
{
	return o->type == OPT_T_CALLBACK && o->defval == OPT_OPTARG;
}

static const struct option *S_find_long(const struct option *opts,
					const char *name, size_t len,
					int *negated, const char *const *usage)
{
	const struct option *o, *found = NULL;
	int ambiguous = 0;

	*negated = 0;
	for (o = opts; o->type != OPT_T_END; o++) {
		if (!o->long_name)
			continue;
		if (strlen(o->long_name) == len &&
		    !strncmp(o->long_name, name, len))
			return o;
	}
	if (len > 3 && !strncmp(name, "no-", 3)) {
		for (o = opts; o->type != OPT_T_END; o++)
			if (o->long_name &&
			    (!S_takes_arg(o) || S_optional_arg(o)) &&
			    strlen(o->long_name) == len - 3 &&
			    !strncmp(o->long_name, name + 3, len - 3)) {
				*negated = 1;
				return o;
			}
	}
	for (o = opts; o->type != OPT_T_END; o++) {
		if (o->long_name && !strncmp(o->long_name, name, len)) {
			ambiguous += found != NULL;
			found = o;
		}
	}
	if (ambiguous)
		usage_msg(usage, opts, "ambiguous option: %.*s", (int)len,
			  name);
	return found;
}

int parse_options(int argc, const char **argv, const struct option *opts,
		  const char *const *usage, int flags)
{
	int i, out = 0;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (arg[0] != '-' || !arg[1]) {
			if (flags & PARSE_OPT_STOP_AT_NON_OPTION) {
				while (i < argc)
					argv[out++] = argv[i++];
				break;
			}
			argv[out++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			if (flags & PARSE_OPT_KEEP_DASHDASH)
				argv[out++] = arg;
			for (i++; i < argc; i++)
				argv[out++] = argv[i];
			break;
		}
		if (!strcmp(arg, "-h"))
			usage_with_options(usage, opts, 1);
		if (!strcmp(arg, "--help"))
			usage_with_options(usage, opts, 2);
		if (arg[1] == '-') {
			const char *name = arg + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			int negated;
			const struct option *o =
				S_find_long(opts, name, len, &negated, usage);
			const char *value = eq ? eq + 1 : NULL;

			if (!o)
				usage_msg(usage, opts, "unknown option '%s'",
					  arg);
			if (negated && value)
				usage_msg(usage, opts,
					  "option '%s' takes no value", arg);
			if (S_takes_arg(o) && !value && !negated &&
			    !S_optional_arg(o)) {
				if (i + 1 >= argc)
					usage_msg(usage, opts,
						  "option '%s' requires a "
						  "value", o->long_name);
				value = argv[++i];
			} else if (!S_takes_arg(o) && value && !negated) {
				usage_msg(usage, opts,
					  "option '%s' takes no value",
					  o->long_name);
			}
			S_store(o, value, negated, usage, opts);
			continue;
		}
		for (arg++; *arg; arg++) {
			const struct option *o;

			for (o = opts; o->type != OPT_T_END; o++)
				if (o->short_name == *arg)
					break;
			if (o->type == OPT_T_END)
				usage_msg(usage, opts, "unknown switch '%c'",
					  *arg);
			if (S_takes_arg(o)) {
				const char *value = arg[1] ? arg + 1 : NULL;

				if (!value) {
					if (i + 1 >= argc)
						usage_msg(usage, opts,
							  "switch '%c' requires "
							  "a value", *arg);
					value = argv[++i];
				}
				S_store(o, value, 0, usage, opts);
				break;
			}
			S_store(o, NULL, 0, usage, opts);
		}
	}
	argv[out] = NULL;
	return out;
}
