#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "date.h"
#include "history.h"
#include "options.h"
#include "render.h"
#include "report.h"
#include "util.h"

static const char *const report_usage[] = {
	"git thesis report [<revision-range>] [-o <file>] [--target <t>...] "
	"[--since <date>] [--commit-url <template>]",
	"git thesis report --format=svg --target <t> [-o <file>] "
	"[<revision-range>]",
	NULL,
};

static int S_write_stream(FILE *fp, const char *path, const struct strbuf *sb)
{
	if (fwrite(sb->buf, 1, sb->len, fp) != sb->len || fflush(fp) ||
	    ferror(fp)) {
		error("cannot write '%s': %s", path, strerror(errno));
		fclose(fp);
		return -1;
	}
	if (fclose(fp))
		return error("cannot write '%s': %s", path, strerror(errno));
	return 0;
}

/*
 * Writes `sb` to `path`.  A regular file (or a new one) is written to a
 * temporary file beside it, renamed into place, so a reader (a browser
 * reloading the page) never sees half a report, and a failed write leaves
 * the old one.  A symbolic link is refused: a repository can commit
 * `thesis-report.html -> ~/.bashrc`, and the report must never write
 * where it points.  A FIFO or a device (`-o /dev/null` as root) is written
 * through, as is a hard link (git cannot plant one).
 */
static int S_write_file(const char *path, const struct strbuf *sb)
{
	struct stat st;
	int exists = !lstat(path, &st), fd;
	mode_t mode;
	char *tmp;
	FILE *fp;

	if (exists && S_ISLNK(st.st_mode))
		return error("'%s' is a symbolic link; refusing to write "
			     "through it (remove it, or give another -o)",
			     path);
	if (exists && (!S_ISREG(st.st_mode) || st.st_nlink > 1)) {
		if (!(fp = fopen(path, "w")))
			return error("cannot write '%s': %s", path,
				     strerror(errno));
		return S_write_stream(fp, path, sb);
	}
	if (exists) {
		mode = st.st_mode & 07777;
	} else {
		mode = umask(0);
		umask(mode);
		mode = 0666 & ~mode;
	}
	tmp = xstrfmt("%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		error("cannot write '%s': %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	/* mkstemp() makes it private; keep the mode the report had. */
	if (fchmod(fd, mode) < 0 || !(fp = fdopen(fd, "w"))) {
		error("cannot write '%s': %s", tmp, strerror(errno));
		close(fd);
		goto fail;
	}
	if (S_write_stream(fp, tmp, sb) < 0)
		goto fail;
	if (rename(tmp, path) < 0) {
		error("cannot rename '%s' to '%s': %s", tmp, path,
		      strerror(errno));
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	return -1;
}

int cmd_report(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct report_opts opts = REPORT_OPTS_INIT;
	struct report_render_opts ropts = REPORT_RENDER_OPTS_INIT;
	struct report r = REPORT_INIT;
	struct strvec revs = STRVEC_INIT, targets = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT, range = STRBUF_INIT;
	const char *output = NULL, *since = NULL, *format = "html", *budget;
	int ret = EXIT_FATAL, svg, i, err;
	struct history h;
	struct option cmd_opts[] = {
		OPT_STRING('o', "output", &output, "file",
			   "write to <file> (default thesis-report.html, or "
			   "thesis-report.svg); - for standard output"),
		OPT_STRVEC(0, "target", &targets, "target",
			   "only this target (repeatable); by id, title, "
			   "alias or [[link]]"),
		OPT_STRING(0, "since", &since, "date",
			   "show the timeline from <date> on (earlier "
			   "commits still build the state)"),
		OPT_STRING(0, "commit-url", &ropts.commit_url, "template",
			   "link commits: %H the full id, %h the short one"),
		OPT_STRING(0, "format", &format, "format",
			   "html (the page) or svg (one target's timeline)"),
		OPT_END(),
	};

	argc = parse_options(argc, argv, cmd_opts, report_usage, 0);
	if (strcmp(format, "html") && strcmp(format, "svg"))
		usage_msg(report_usage, cmd_opts,
			  "--format takes html or svg, not '%s'", format);
	svg = !strcmp(format, "svg");
	if (svg && targets.nr != 1)
		usage_msg(report_usage, cmd_opts,
			  "--format=svg needs exactly one --target");
	if (since) {
		if (date_parse(&opts.since, since) < 0)
			goto done;
		opts.have_since = 1;
	}
	for (i = 0; i < argc; i++) {
		strvec_push(&revs, argv[i]);
		strbuf_addf(&range, "%s%s", i ? " " : "", argv[i]);
	}
	/* The tests make the budget small to see it at work. */
	if ((budget = getenv("GIT_THESIS_REPORT_MAX_BYTES")))
		ropts.max_bytes = strtoul(budget, NULL, 10);
	opts.revs = &revs;
	opts.targets = &targets;
	ropts.range = argc ? range.buf : NULL;

	history_init(&h, &ctx->repo);
	err = report_build(&r, &h, &opts);
	/* A bug in following the events: the page would mislead. */
	if (r.mismatch.nr)
		warning("the states tracked through history disagree with the "
			"vault at the tip for %d target%s (%s: score %+d, "
			"the vault says %+d; or its status or confidence)",
			r.mismatch.nr, r.mismatch.nr == 1 ? "" : "s",
			r.mismatch.id, r.mismatch.tracked, r.mismatch.vault);
	if (err == REPORT_ERROR && error_pending()) {
		error("%s", error_pending());
		error_clear();
	}
	if (err < 0)
		goto release;
	if (svg)
		render_svg_target(&sb, &r, r.shown[0], &ropts);
	else
		render_html_report(&sb, &r, &ropts);
	if (!output)
		output = svg ? "thesis-report.svg" : "thesis-report.html";
	if (!strcmp(output, "-")) {
		if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len ||
		    fflush(stdout)) {
			error("cannot write to standard output: %s",
			      strerror(errno));
			goto release;
		}
		fprintf(stderr, "Wrote the report to standard output.\n");
	} else if (S_write_file(output, &sb) < 0) {
		goto release;
	} else {
		/* Where to point the browser. */
		printf("Wrote %s\n", output);
	}
	ret = 0;
release:
	report_release(&r);
	history_release(&h);
done:
	strvec_release(&revs);
	strvec_release(&targets);
	strbuf_release(&sb);
	strbuf_release(&range);
	return ret;
}
