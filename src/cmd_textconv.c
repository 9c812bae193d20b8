/*
 * git thesis textconv <file>: a note's facts as sorted, normalised text,
 * then the note's own text (made terminal-safe), so that with `*.md
 * diff=thesis` and `diff.thesis.textconv` plain `git diff` and `git log -p`
 * show first what a change means and then which lines moved: an edit to
 * prose that carries no fact still shows.  Reads only the file: names are shown as written,
 * not resolved, and a broken note shows as broken (its carried facts need
 * history, which a textconv filter never sees).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "note.h"
#include "options.h"
#include "strbuf.h"
#include "util.h"
#include "vocab.h"

static const char *const textconv_usage[] = {
	"git thesis textconv <file>",
	NULL,
};

static void S_line(struct strvec *out, const char *prefix, const char *key,
		   const char *value)
{
	struct strbuf sb = STRBUF_INIT;

	if (!value)
		return;
	strbuf_addf(&sb, "%s%s: ", prefix, key);
	strbuf_add_terminal_safe(&sb, value, strlen(value));
	strvec_push_nodup(out, strbuf_detach(&sb, NULL));
}

/*
 * The note's text as a terminal may show it: line by line, CR before LF
 * dropped (a CRLF note diffs like any other), tabs kept, and every other
 * control character or escape made visible, as in text output.
 */
static void S_text(struct strbuf *out, const char *text, size_t len)
{
	size_t i = 0, j;

	while (i < len) {
		for (j = i; j < len && text[j] != '\n' && text[j] != '\t'; j++)
			;
		if (j < len && text[j] == '\n' && j > i && text[j - 1] == '\r')
			strbuf_add_terminal_safe(out, text + i, j - i - 1);
		else
			strbuf_add_terminal_safe(out, text + i, j - i);
		if (j < len)
			strbuf_addch(out, text[j]);
		i = j + 1;
	}
	if (len && text[len - 1] != '\n')
		strbuf_addch(out, '\n');
}

static int S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_textconv(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct option opts[] = {OPT_END()};
	struct strbuf buf = STRBUF_INIT, out = STRBUF_INIT;
	struct strvec lines = STRVEC_INIT;
	struct note *note = NULL;
	size_t i, k;
	FILE *fp;

	(void)ctx;
	argc = parse_options(argc, argv, opts, textconv_usage, 0);
	if (argc != 1)
		usage_msg(textconv_usage, opts, "give one file");
	fp = !strcmp(argv[0], "-") ? stdin : fopen(argv[0], "rb");
	if (!fp) {
		error_set("cannot read %s", argv[0]);
		return EXIT_FATAL;
	}
	{
		char chunk[65536];
		size_t n;

		while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			strbuf_add(&buf, chunk, n);
		if (fp != stdin)
			fclose(fp);
	}
	note_parse(&note, "note.md", buf.buf, buf.len);
	for (i = 0; i < note->targets_nr; i++) {
		const struct target_decl *d = &note->targets[i];
		char *prefix = xstrfmt("%s %s ", target_kind_name(d->kind),
				       d->id);
		char *sup = strvec_join(&d->supersedes, ", ");
		char *al = strvec_join(&d->aliases, ", ");

		S_line(&lines, prefix, "title", d->title);
		S_line(&lines, prefix, "stance", d->stance);
		S_line(&lines, prefix, "status", d->status);
		S_line(&lines, prefix, "confidence", d->confidence);
		S_line(&lines, prefix, "owner", d->owner);
		S_line(&lines, prefix, "supersedes", sup);
		S_line(&lines, prefix, "aliases", al);
		free(prefix);
		free(sup);
		free(al);
	}
	for (i = 0; i < note->mappings_nr; i++) {
		const struct mapping_decl *m = &note->mappings[i];
		struct strbuf prefix = STRBUF_INIT;

		strbuf_addstr(&prefix, "mapping ");
		strbuf_add_terminal_safe(&prefix, m->target, strlen(m->target));
		strbuf_addch(&prefix, ' ');
		S_line(&lines, prefix.buf, "strength",
		       m->strength ? m->strength : "(none)");
		S_line(&lines, prefix.buf, "effect", m->effect);
		S_line(&lines, prefix.buf, "why", m->why);
		strbuf_release(&prefix);
	}
	for (i = 0; i < note->links_nr; i++)
		S_line(&lines, "", "link", note->links[i].target);
	/* Which targets a question is about needs the vault: text only. */
	for (i = 0; i < note->questions_nr; i++)
		S_line(&lines, "", "question", note->questions[i].text);
	for (i = 0; i < note->diags_nr; i++)
		if (note->diags[i].severity == DIAG_ERROR)
			S_line(&lines, "", "error", note->diags[i].message);
	S_line(&lines, "", "broken", note->broken);
	QSORT(lines.v, lines.nr, S_cmp);
	for (i = 0; i < lines.nr; i = k) {
		/* A link named twice is one fact. */
		for (k = i + 1; k < lines.nr && !strcmp(lines.v[i], lines.v[k]);
		     k++)
			;
		printf("%s\n", lines.v[i]);
	}
	/* The text itself, below a line no fact starts with. */
	printf("%s-- text --\n", lines.nr ? "\n" : "");
	S_text(&out, buf.buf, buf.len);
	fwrite(out.buf, 1, out.len, stdout);
	strvec_release(&lines);
	strbuf_release(&buf);
	strbuf_release(&out);
	note_free(note);
	return 0;
}
