/*
 * libFuzzer target: body_scan() on the whole input as a note body starting
 * at file line 1, and the invariants of what it finds.  Build and run with
 * tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "body.h"
#include "note.h"
#include "strvec.h"
#include "util.h"

/* Reports which invariant broke, then crashes so libFuzzer saves the input. */
#define FAIL_IF(cond)                                                    \
	do {                                                             \
		if (cond) {                                              \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", \
				__FILE__, __LINE__, #cond);              \
			abort();                                         \
		}                                                        \
	} while (0)

/*
 * An upper bound on the file's line numbers: CommonMark ends lines at LF, CR
 * or CRLF, so a lone CR starts a line too (git and most editors disagree,
 * which is why this is only a bound).
 */
static unsigned S_file_lines(const char *buf, size_t size)
{
	unsigned n = 1;
	size_t i;

	for (i = 0; i < size; i++)
		n += buf[i] == '\n' ||
		     (buf[i] == '\r' && (i + 1 == size || buf[i + 1] != '\n'));
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	unsigned lines = S_file_lines(buf, size);
	struct note *note;
	size_t i;

	note = xcalloc(1, sizeof(*note));
	strvec_init(&note->tags);
	strvec_init(&note->aliases);
	body_scan(note, buf, size, 1);

	for (i = 0; i < note->links_nr; i++) {
		const struct link_ref *l = &note->links[i];

		FAIL_IF(!l->target || !*l->target);
		FAIL_IF(l->line < 1 || l->line > lines);
		/* names_foreach_wikilink() never joins lines into a link. */
		FAIL_IF(strchr(l->target, '\n'));
	}
	for (i = 0; i < note->mappings_nr; i++) {
		const struct mapping_decl *m = &note->mappings[i];

		FAIL_IF(!m->target || !*m->target || !m->effect ||
			!m->strength);
		FAIL_IF(m->origin != MAPPING_BODY);
		FAIL_IF(m->line < 1 || m->line > lines);
		/* `why` is trimmed lines joined by one space. */
		FAIL_IF(m->why && (!*m->why || strchr(m->why, '\n')));
	}
	FAIL_IF(note->body_stance &&
		(!*note->body_stance || strchr(note->body_stance, '\n') ||
		 note->body_stance_line < 1 || note->body_stance_line > lines));
	for (i = 0; i < note->diags_nr; i++)
		FAIL_IF(!note->diags[i].message || note->diags[i].line > lines);
	/* Prose texts in order; each question's texts among them. */
	for (i = 0; i < note->texts_nr; i++) {
		const struct note_text *t = &note->texts[i];

		FAIL_IF(!t->text || t->text[t->len] != '\0');
		FAIL_IF(t->line < 1 || t->line > lines);
		FAIL_IF(i && t->line < note->texts[i - 1].line);
		/* cmark turns a NUL byte into U+FFFD: 3 bytes for 1. */
		FAIL_IF(t->len > 3 * size + 1);
	}
	for (i = 0; i < note->questions_nr; i++) {
		const struct question_decl *q = &note->questions[i];
		size_t k;

		/* Text: non-empty, one line, trimmed. */
		FAIL_IF(!q->text || !*q->text || strchr(q->text, '\n'));
		FAIL_IF(q->text[0] == ' ' || q->text[strlen(q->text) - 1] == ' ');
		FAIL_IF(q->line < 1 || q->line > lines);
		FAIL_IF(q->texts_first + q->texts_nr > note->texts_nr);
		FAIL_IF(!strncasecmp(q->text, "answered", 8) ||
			!strncasecmp(q->text, "resolved", 8));
		for (k = 0; k < q->links.nr; k++)
			FAIL_IF(!*q->links.v[k] || strchr(q->links.v[k], '\n'));
		/* Questions never overlap: each starts after the last. */
		FAIL_IF(i && q->texts_first <
				     note->questions[i - 1].texts_first +
					     note->questions[i - 1].texts_nr);
	}
	/* The body never declares targets nor frontmatter fields. */
	FAIL_IF(note->targets_nr || note->title || note->has_frontmatter);
	note_free(note);
	return 0;
}
