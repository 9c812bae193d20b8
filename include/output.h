#ifndef THESIS_OUTPUT_H
#define THESIS_OUTPUT_H

/*
 * output: where and how a command prints: the --format and --color
 * options, colour decisions and the pager, as git does them.
 *
 * Colour is used only on a terminal (or a pager git started for us) unless
 * --color=always; NO_COLOR and TERM=dumb turn `auto` off; `color.ui` sets
 * the default.  The pager is GIT_PAGER, else core.pager, else PAGER, else
 * `less` with LESS=FRX; `pager.thesis=false`, --no-pager or a pager of
 * `cat` or "" turn it off; it runs only when stdout is a terminal.
 *
 * Layer: commands (output.c).  Renderers read `struct output`, so this
 * header names the command context only by a forward declaration and never
 * pulls in libgit2.  See src/README.
 */

#include <stdio.h>
#include "options.h"

enum output_format {
	FORMAT_TEXT = 1 << 0,
	FORMAT_JSON = 1 << 1,
	FORMAT_MARKDOWN = 1 << 2,
};

struct output {
	enum output_format format;
	int allowed_formats; /* bit set of enum output_format */
	const char *color_arg; /* --color value; NULL for the default */
	int color;             /* decided: use escapes */
};
#define OUTPUT_INIT(allowed) {FORMAT_TEXT, (allowed), NULL, 0}

int output_format_cb(const struct option *opt, const char *arg, int unset);
int output_color_cb(const struct option *opt, const char *arg, int unset);

/* --format and --color for a command's option table. */
#define OPT_FORMAT(o, formats)                                                 \
	OPT_CALLBACK(0, "format", (o), "format", "output format: " formats,    \
		     output_format_cb)
#define OPT_COLOR(o)                                                           \
	OPT_CALLBACK_OPTARG(0, "color", (o), "when",                           \
			    "colour: always (the default of --color), never "  \
			    "or auto",                                         \
			    output_color_cb)

struct cmd_ctx;

/*
 * Decides colour and starts the pager when `page` is set and stdout is a
 * terminal.  Call once, after option parsing, before the first output.
 */
void output_setup(struct output *out, struct cmd_ctx *ctx, int page);

/* Colour escapes; empty strings when colour is off. */
const char *output_color(const struct output *out, const char *escape);
#define COLOR_RESET   "\033[m"
#define COLOR_BOLD    "\033[1m"
#define COLOR_RED     "\033[31m"
#define COLOR_GREEN   "\033[32m"
#define COLOR_YELLOW  "\033[33m"
#define COLOR_BLUE    "\033[34m"
#define COLOR_MAGENTA "\033[35m"
#define COLOR_CYAN    "\033[36m"
#define COLOR_DIM     "\033[2m"

/* Writes a strbuf's contents to stdout. */
struct strbuf;
void output_write(const struct strbuf *sb);

/* Prints each message with warning(): what a reader skipped, at the top. */
struct strvec;
void output_warnings(const struct strvec *messages);

#endif
