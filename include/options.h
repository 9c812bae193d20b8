#ifndef THESIS_OPTIONS_H
#define THESIS_OPTIONS_H

/*
 * options: command-line option tables after git's parse-options.h.
 *
 * A command declares its options once, as an array ending in OPT_END(); the
 * same table parses argv and prints the usage text, so they cannot drift.
 * Accepted forms: `--name=value`, `--name value`, `-x value`, `-xvalue`,
 * `--no-name` for booleans, bundled short booleans (`-qv`), a unique prefix
 * of a long name, and `--` to end the options.
 *
 * `value` pointers are borrowed: parse_options() stores into them
 * (OPT_STRING stores a pointer into argv, which outlives the command).
 *
 * Layer: commands.  See src/README.
 */

#include <stdint.h>

enum opt_type {
	OPT_T_END = 0,
	OPT_T_BOOL,      /* int: 1, or 0 with --no- */
	OPT_T_SET_INT,   /* int: defval */
	OPT_T_INT,       /* int: the argument as a decimal number */
	OPT_T_STRING,    /* const char *: the argument */
	OPT_T_STRVEC,    /* struct strvec: appends each argument */
	OPT_T_CALLBACK,  /* cb(opt, arg, unset) */
	OPT_T_GROUP,     /* a heading in the usage text */
};

struct option;
typedef int (*option_cb)(const struct option *opt, const char *arg,
			 int unset);

struct option {
	enum opt_type type;
	int short_name;
	const char *long_name;
	void *value;
	const char *argh; /* the argument's name in the usage; NULL: none */
	const char *help;
	option_cb cb;
	intptr_t defval;
};

#define OPT_END() {OPT_T_END, 0, NULL, NULL, NULL, NULL, NULL, 0}
#define OPT_GROUP(h) {OPT_T_GROUP, 0, NULL, NULL, NULL, (h), NULL, 0}
#define OPT_BOOL(s, l, v, h) {OPT_T_BOOL, (s), (l), (v), NULL, (h), NULL, 0}
#define OPT_SET_INT(s, l, v, h, i)                                             \
	{OPT_T_SET_INT, (s), (l), (v), NULL, (h), NULL, (i)}
#define OPT_INT(s, l, v, a, h) {OPT_T_INT, (s), (l), (v), (a), (h), NULL, 0}
#define OPT_STRING(s, l, v, a, h)                                              \
	{OPT_T_STRING, (s), (l), (v), (a), (h), NULL, 0}
#define OPT_STRVEC(s, l, v, a, h)                                              \
	{OPT_T_STRVEC, (s), (l), (v), (a), (h), NULL, 0}
#define OPT_CALLBACK(s, l, v, a, h, f)                                         \
	{OPT_T_CALLBACK, (s), (l), (v), (a), (h), (f), 0}
/*
 * A callback whose argument is optional: `--name` alone passes NULL,
 * `--name=value` the value (never the next word), `--no-name` unset.
 */
#define OPT_OPTARG 1
#define OPT_CALLBACK_OPTARG(s, l, v, a, h, f)                                  \
	{OPT_T_CALLBACK, (s), (l), (v), (a), (h), (f), OPT_OPTARG}

enum parse_opt_flags {
	/* Stop at the first argument that is not an option (global opts). */
	PARSE_OPT_STOP_AT_NON_OPTION = 1 << 0,
	/* Leave `--` in the remaining arguments (for revision/target split). */
	PARSE_OPT_KEEP_DASHDASH = 1 << 1,
};

/*
 * Parses argv[1..argc-1] (argv[0] is the command name) against `opts`.
 * Non-option arguments are compacted to the front of argv; returns their
 * count.  Unknown options and bad arguments print an error and the usage
 * and exit 129; `-h` prints the usage on stdout and exits 129, `--help` on
 * stdout and exits 0.
 */
int parse_options(int argc, const char **argv, const struct option *opts,
		  const char *const *usage, int flags);

/* Prints the usage and option help; exits 129 (to stderr) or 0 (stdout). */
__attribute__((noreturn)) void
usage_with_options(const char *const *usage, const struct option *opts,
		   int to_stdout);
/* error() then the usage: exits 129. */
__attribute__((noreturn, format(printf, 3, 4))) void
usage_msg(const char *const *usage, const struct option *opts,
	  const char *fmt, ...);

#endif
