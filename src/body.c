#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "body.h"
#include "names.h"
#include "strbuf.h"
#include "util.h"
#include "vocab.h"

/*
 * PARSED NOTES ARE CACHED ACROSS RUNS (notecache.h): any change here that
 * can change what note_parse() makes of some bytes (a field, a value, a
 * diag, a line number) must bump NOTECACHE_CONTRACT in notecache.h, or
 * users keep the old parse of every note they already read.
 */

/*
 * Everything is read from the tree cmark builds: a hand-rolled scanner would
 * sooner or later take a heading inside a fence or a link inside a code span
 * for a fact.  The tree is walked with cmark_iter only, never recursively,
 * so a note nesting block quotes a hundred thousand deep costs time linear
 * in its size and no stack.
 */

struct body_state {
	struct note *note;
	unsigned first_line;
	/* File line of the paragraph or heading whose text is being read. */
	unsigned block_line;
	struct strbuf run; /* scratch for runs of adjacent TEXT nodes */
	/* The question whose wikilinks are being collected, or -1. */
	long question;
	/* The question callout being read, or NULL. */
	cmark_node *callout;
};

static const char *const mapping_prefixes[] = {
	"mapping against",
	"maps against",
	"mapping to",
};

/*
 * ASCII classes by hand: <ctype.h> follows the locale, and in a single-byte
 * one it would take bytes of UTF-8 sequences for letters or spaces.
 */
static int S_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static int S_is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned S_file_line(const struct body_state *st, cmark_node *node)
{
	int line = cmark_node_get_start_line(node);

	return st->first_line - 1 + (unsigned)(line > 0 ? line : 1);
}

static void S_trim(const char **s, size_t *len)
{
	while (*len && S_is_space(**s))
		(*s)++, (*len)--;
	while (*len && S_is_space((*s)[*len - 1]))
		(*len)--;
}

/*
 * The visible text of a paragraph or heading, as a reader sees it: code
 * spans keep their contents (a rationale may quote `code`), markup is
 * dropped, line breaks become "\n".  Raw HTML adds nothing.
 */
static void S_inline_text(struct strbuf *out, cmark_node *block)
{
	cmark_iter *iter = cmark_iter_new(block);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		const char *lit;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(node);
			if (lit)
				strbuf_addstr(out, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			strbuf_addch(out, '\n');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(iter);
}

/*
 * Lines trimmed, empty ones dropped, joined with one space: re-wrapping a
 * paragraph is then no change, while editing any word of it is.  NULL when
 * nothing is left.
 */
static char *S_join_lines(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;

	while (len) {
		const char *nl = memchr(s, '\n', len);
		size_t line_len = nl ? (size_t)(nl - s) : len;
		const char *line = s;
		size_t n = line_len;

		S_trim(&line, &n);
		if (n) {
			if (sb.len)
				strbuf_addch(&sb, ' ');
			strbuf_add(&sb, line, n);
		}
		if (!nl)
			break;
		s += line_len + 1;
		len -= line_len + 1;
	}
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/*
 * Whether the character at `s` is a letter, for word boundaries: an ASCII
 * letter, or a non-ASCII letter as slugs count them (names_alnum_len()), so
 * "Strongé" is one word but "Strong—this", "Strong…" and "Strong🙂" end
 * at the punctuation.  Invalid UTF-8 is not a letter.
 */
static int S_is_letter(const char *s, size_t len)
{
	if (!len)
		return 0;
	if ((unsigned char)s[0] < 0x80)
		return S_is_alpha(s[0]);
	return names_alnum_len(s, len) != 0;
}

/*
 * Length of the whole word of ASCII letters at the start of `s`, or 0 when
 * there is none or it runs on into a non-ASCII letter ("Strongly" and
 * "Strongé" are not "Strong").
 */
static size_t S_word(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && S_is_alpha(s[n]))
		n++;
	if (!n || S_is_letter(s + n, len - n))
		return 0;
	return n;
}

static size_t S_skip_space(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && S_is_space(s[n]))
		n++;
	return n;
}

static size_t S_separator(const char *s, size_t len)
{
	if (len && *s && strchr("-:.,", *s))
		return 1;
	/* En dash U+2013 and em dash U+2014. */
	if (len >= 3 && !memcmp(s, "\xe2\x80", 2) &&
	    (s[2] == '\x93' || s[2] == '\x94'))
		return 3;
	return 0;
}

/*
 * The paragraph under a mapping heading: a strength word, optionally an
 * effect word, optionally one separator, then the rationale.  Fills `m`
 * (but for target, origin and line) and returns 0, or -1 when the text
 * does not start with a strength word.
 */
static int S_parse_strength(struct mapping_decl *m, const char *s, size_t len)
{
	const char *strength, *effect = NULL;
	size_t n;

	n = S_word(s, len);
	strength = n ? vocab_strength(s, n) : NULL;
	if (!strength)
		return -1;
	s += n, len -= n;
	n = S_skip_space(s, len);
	s += n, len -= n;

	n = S_word(s, len);
	if (n && (effect = vocab_effect(s, n))) {
		s += n, len -= n;
		n = S_skip_space(s, len);
		s += n, len -= n;
	}

	n = S_separator(s, len);
	s += n, len -= n;

	m->strength = xstrdup(strength);
	m->effect = xstrdup(effect ? effect : EFFECT_DEFAULT);
	m->why = S_join_lines(s, len);
	return 0;
}

/*
 * When `text` (a trimmed heading) is a mapping heading, points *target at
 * the rest, trimmed and possibly empty, and returns 1.  The prefix must end
 * the text or be followed by white space: "Mapping together" is prose.
 */
static int S_mapping_heading(const char *text, size_t len, const char **target,
			     size_t *target_len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mapping_prefixes); i++) {
		size_t plen = strlen(mapping_prefixes[i]);

		if (len < plen || strncasecmp(text, mapping_prefixes[i], plen))
			continue;
		if (len > plen && !S_is_space(text[plen]))
			continue;
		*target = text + plen;
		*target_len = len - plen;
		S_trim(target, target_len);
		return 1;
	}
	return 0;
}

static void S_add_mapping(struct body_state *st, cmark_node *heading,
			  const char *target, size_t target_len)
{
	struct note *note = st->note;
	unsigned line = S_file_line(st, heading);
	int start_column = cmark_node_get_start_column(heading);
	unsigned column = start_column > 0 ? (unsigned)start_column : 0;
	cmark_node *next = cmark_node_next(heading);
	struct mapping_decl m = {0};
	struct strbuf text = STRBUF_INIT;

	if (!target_len) {
		note_diag_add(note, DIAG_WARNING, line, column,
			      "mapping heading names no target; no mapping");
		goto done;
	}
	if (next && cmark_node_get_type(next) == CMARK_NODE_PARAGRAPH)
		S_inline_text(&text, next);
	if (!text.len || S_parse_strength(&m, text.buf, text.len) < 0) {
		note_diag_add(note, DIAG_WARNING, line, column,
			      "mapping heading for '%.*s' is not followed by "
			      "a paragraph starting with strong, moderate or "
			      "weak; no mapping",
			      (int)target_len, target);
		goto done;
	}
	m.target = xstrndup(target, target_len);
	m.origin = MAPPING_BODY;
	m.line = line;
	ALLOC_GROW(note->mappings, note->mappings_nr + 1, note->mappings_alloc);
	note->mappings[note->mappings_nr++] = m;
done:
	strbuf_release(&text);
}

static void S_try_stance(struct body_state *st, cmark_node *heading,
			 const char *text, size_t len)
{
	cmark_node *next = cmark_node_next(heading);
	struct strbuf para = STRBUF_INIT;
	char *stance;

	if (len && text[len - 1] == ':')
		len--;
	S_trim(&text, &len);
	if (len != strlen("stance") || strncasecmp(text, "stance", len))
		return;
	if (!next || cmark_node_get_type(next) != CMARK_NODE_PARAGRAPH)
		return;
	S_inline_text(&para, next);
	stance = S_join_lines(para.buf, para.len);
	strbuf_release(&para);
	/* An empty paragraph (only raw HTML) leaves room for a later one. */
	if (!stance)
		return;
	st->note->body_stance = stance;
	st->note->body_stance_line = S_file_line(st, next);
}

/*
 * A heading: a mapping at the top level, the stance, or plain text.
 * Returns 1 when its text must not be read for links: the wikilink in
 * "Mapping against [[x]]" names the mapped target and is no mention, even
 * where the heading is quoted and declares nothing.
 */
static int S_heading(struct body_state *st, cmark_node *heading)
{
	struct strbuf raw = STRBUF_INIT;
	char *joined;
	const char *text, *target;
	size_t len, target_len;
	int top = cmark_node_get_type(cmark_node_parent(heading)) ==
		  CMARK_NODE_DOCUMENT;
	int is_mapping = 0;

	S_inline_text(&raw, heading);
	/* A setext heading may span lines; read it as one. */
	joined = S_join_lines(raw.buf, raw.len);
	text = joined ? joined : "";
	len = strlen(text);
	if (S_mapping_heading(text, len, &target, &target_len)) {
		is_mapping = 1;
		if (top)
			S_add_mapping(st, heading, target, target_len);
	} else if (top && !st->note->body_stance) {
		S_try_stance(st, heading, text, len);
	}
	free(joined);
	strbuf_release(&raw);
	return is_mapping;
}

static int S_add_link(const char *target, size_t offset, void *data)
{
	struct body_state *st = data;
	struct note *note = st->note;
	struct link_ref *link;

	(void)offset;
	ALLOC_GROW(note->links, note->links_nr + 1, note->links_alloc);
	link = &note->links[note->links_nr++];
	link->target = xstrdup(target);
	link->line = st->block_line;
	if (st->question >= 0)
		strvec_push(&note->questions[st->question].links, target);
	return 0;
}

/*
 * cmark splits text at brackets, so "[[x]]" may arrive as several TEXT
 * nodes: read the run of adjacent TEXT siblings starting at `first` as one.
 * Anything else between them (a code span, raw HTML, a line break) ends
 * the run, so no link is pieced together across it.
 */
static void S_scan_run(struct body_state *st, cmark_node *first)
{
	cmark_node *node;

	strbuf_reset(&st->run);
	for (node = first; node && cmark_node_get_type(node) == CMARK_NODE_TEXT;
	     node = cmark_node_next(node)) {
		const char *lit = cmark_node_get_literal(node);

		if (lit)
			strbuf_addstr(&st->run, lit);
	}
	names_foreach_wikilink(st->run.buf, st->run.len, S_add_link, st);
}

/* Wikilinks are links: each becomes one NUL byte of prose. */
static int S_blank_link(const char *target, size_t offset, void *data)
{
	(void)target;
	*(size_t *)data = offset + 1;
	return 1;
}

static void S_blank_wikilinks(struct strbuf *sb, size_t start)
{
	for (;;) {
		size_t first = 0, end;
		const char *close;

		names_foreach_wikilink(sb->buf + start, sb->len - start,
				       S_blank_link, &first);
		if (!first)
			return;
		first += start - 1;
		close = strstr(sb->buf + first, "]]");
		end = close ? (size_t)(close - sb->buf) + 2 : sb->len;
		/* An embed's `!` goes with it. */
		if (first > start && sb->buf[first - 1] == '!')
			first--;
		sb->buf[first] = '\0';
		strbuf_remove(sb, first + 1, end - first - 1);
		start = first + 1;
	}
}

/* Closes the question being read: its prose is what was read since. */
static void S_end_question(struct body_state *st)
{
	struct question_decl *q;

	if (st->question < 0)
		return;
	q = &st->note->questions[st->question];
	q->texts_nr = st->note->texts_nr - q->texts_first;
	st->question = -1;
}

/*
 * Prose for unlinked mentions: the text of `block`'s inlines with links
 * (Markdown links, images, autolinks and wikilinks), code spans and raw
 * HTML each replaced by one NUL byte.  Emphasis is markup: its text runs
 * on, so "Cloud**flare**" reads "Cloudflare".  In the same pass, `lead`
 * (may be NULL) gets the first 64 bytes or so of the text as
 * S_inline_text() reads it, enough to tell a question's lead.
 */
static void S_prose_text(struct strbuf *out, struct strbuf *lead,
			 cmark_node *block)
{
	cmark_iter *iter = cmark_iter_new(block);
	cmark_event_type ev;
	size_t run_start = 0;
	unsigned in_link = 0;

	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		cmark_node_type type = cmark_node_get_type(node);
		int want_lead = lead && lead->len < 64;
		cmark_node *sib;
		const char *lit;

		if (node == block)
			continue;
		if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
			if (ev == CMARK_EVENT_ENTER && !in_link++)
				strbuf_addch(out, '\0');
			else if (ev == CMARK_EVENT_EXIT)
				in_link--;
			continue;
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (type) {
		case CMARK_NODE_TEXT:
			lit = cmark_node_get_literal(node);
			if (want_lead && lit)
				strbuf_addstr(lead, lit);
			if (in_link)
				break;
			sib = cmark_node_previous(node);
			if (!sib || cmark_node_get_type(sib) != CMARK_NODE_TEXT)
				run_start = out->len;
			if (lit)
				strbuf_addstr(out, lit);
			sib = cmark_node_next(node);
			if (!sib || cmark_node_get_type(sib) != CMARK_NODE_TEXT)
				S_blank_wikilinks(out, run_start);
			break;
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(node);
			if (want_lead && lit)
				strbuf_addstr(lead, lit);
			if (!in_link)
				strbuf_addch(out, '\0');
			break;
		case CMARK_NODE_HTML_INLINE:
			if (!in_link)
				strbuf_addch(out, '\0');
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			if (want_lead)
				strbuf_addch(lead, '\n');
			if (!in_link)
				strbuf_addch(out, '\n');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(iter);
}

/* Appends the prose `sb` (taken over) of `block` to the note's texts. */
static void S_add_text(struct body_state *st, cmark_node *block,
		       struct strbuf *sb)
{
	struct note *note = st->note;
	struct note_text *t;

	ALLOC_GROW(note->texts, note->texts_nr + 1, note->texts_alloc);
	t = &note->texts[note->texts_nr++];
	t->len = sb->len;
	t->text = strbuf_detach(sb, NULL);
	t->line = S_file_line(st, block);
}

static int S_starts_icase(const char *s, const char *prefix)
{
	return !strncasecmp(s, prefix, strlen(prefix));
}

/* Contract 5b: the leads of an open question, any case. */
static int S_question_lead(const char *text)
{
	return S_starts_icase(text, "open question") ||
	       S_starts_icase(text, "question:") || S_starts_icase(text, "q:");
}

/*
 * When the first line of a block quote's text is a callout marker of type
 * question, faq or help (`[!question]`, `[!FAQ]-`, `[!help]+`), returns
 * the length of the marker with its fold sign, else 0.
 */
static size_t S_question_callout(const char *text)
{
	static const char *const types[] = {"question", "faq", "help"};
	const char *end;
	size_t i, n;

	if (strncmp(text, "[!", 2))
		return 0;
	end = strchr(text + 2, ']');
	if (!end)
		return 0;
	n = (size_t)(end - text - 2);
	for (i = 0; i < ARRAY_SIZE(types); i++)
		if (n == strlen(types[i]) &&
		    !strncasecmp(text + 2, types[i], n))
			break;
	if (i == ARRAY_SIZE(types))
		return 0;
	n = (size_t)(end - text) + 1;
	if (text[n] == '+' || text[n] == '-')
		n++;
	return n;
}

static long S_add_question(struct body_state *st, char *text, unsigned line)
{
	struct note *note = st->note;
	struct question_decl *q;

	ALLOC_GROW(note->questions, note->questions_nr + 1,
		   note->questions_alloc);
	q = &note->questions[note->questions_nr];
	memset(q, 0, sizeof(*q));
	q->text = text;
	q->line = line;
	q->texts_first = note->texts_nr;
	strvec_init(&q->links);
	return (long)note->questions_nr++;
}

/*
 * A paragraph outside a question callout: a question if it starts like
 * one.  `lead` is the start of its text, so most paragraphs cost nothing
 * more.
 */
static void S_try_question(struct body_state *st, cmark_node *para,
			   const char *lead)
{
	struct strbuf raw = STRBUF_INIT;
	char *text;

	while (S_is_space(*lead))
		lead++;
	if (!S_question_lead(lead))
		return;
	S_inline_text(&raw, para);
	text = S_join_lines(raw.buf, raw.len);
	strbuf_release(&raw);
	if (text && S_question_lead(text))
		st->question = S_add_question(st, text, S_file_line(st, para));
	else
		free(text);
}

/*
 * A block quote that is a question callout: its whole content is one
 * question, the title after the marker then every paragraph in it.  One
 * whose text starts with `Answered` or `Resolved` is closed: no question.
 * Returns 1 when it is a callout of a question type, answered or not.
 */
static int S_try_callout(struct body_state *st, cmark_node *quote)
{
	cmark_node *first = cmark_node_first_child(quote);
	struct strbuf raw = STRBUF_INIT, all = STRBUF_INIT;
	cmark_iter *iter;
	cmark_event_type ev;
	size_t marker;
	char *text;

	if (!first || cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH)
		return 0;
	S_inline_text(&raw, first);
	marker = S_question_callout(raw.buf);
	strbuf_release(&raw);
	if (!marker)
		return 0;
	iter = cmark_iter_new(quote);
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);

		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(node) != CMARK_NODE_PARAGRAPH)
			continue;
		S_inline_text(&raw, node);
		strbuf_addch(&raw, '\n');
		if (node == first)
			strbuf_remove(&raw, 0, marker);
		text = S_join_lines(raw.buf, raw.len);
		if (text) {
			if (all.len)
				strbuf_addch(&all, ' ');
			strbuf_addstr(&all, text);
			free(text);
		}
		strbuf_reset(&raw);
	}
	cmark_iter_free(iter);
	strbuf_release(&raw);
	st->callout = quote;
	if (!all.len || S_starts_icase(all.buf, "answered") ||
	    S_starts_icase(all.buf, "resolved")) {
		strbuf_release(&all);
		return 1;
	}
	st->question = S_add_question(st, strbuf_detach(&all, NULL),
				      S_file_line(st, quote));
	return 1;
}

int body_scan(struct note *note, const char *md, size_t len,
	      unsigned first_line)
{
	struct body_state st = {
		note, first_line ? first_line : 1, 0, STRBUF_INIT, -1, NULL};
	cmark_node *doc = NULL;
	cmark_iter *iter = NULL;
	cmark_event_type ev;
	struct strbuf prose = STRBUF_INIT, lead = STRBUF_INIT;

	if (!len)
		goto done;
	doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	if (!doc)
		goto done;
	iter = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		cmark_node_type type = cmark_node_get_type(node);
		cmark_node *prev;

		if (ev == CMARK_EVENT_EXIT) {
			if (node == st.callout) {
				S_end_question(&st);
				st.callout = NULL;
			} else if (type == CMARK_NODE_PARAGRAPH &&
				   !st.callout) {
				S_end_question(&st);
			}
			continue;
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (type) {
		case CMARK_NODE_BLOCK_QUOTE:
			if (!st.callout)
				S_try_callout(&st, node);
			break;
		case CMARK_NODE_PARAGRAPH:
			st.block_line = S_file_line(&st, node);
			S_prose_text(&prose, &lead, node);
			if (!st.callout)
				S_try_question(&st, node, lead.buf);
			S_add_text(&st, node, &prose);
			strbuf_reset(&lead);
			break;
		case CMARK_NODE_HEADING:
			st.block_line = S_file_line(&st, node);
			if (S_heading(&st, node)) {
				cmark_iter_reset(iter, node, CMARK_EVENT_EXIT);
			} else {
				S_prose_text(&prose, NULL, node);
				S_add_text(&st, node, &prose);
			}
			break;
		case CMARK_NODE_TEXT:
			prev = cmark_node_previous(node);
			if (!prev ||
			    cmark_node_get_type(prev) != CMARK_NODE_TEXT)
				S_scan_run(&st, node);
			break;
		default:
			/* Code and HTML are leaves, so never read. */
			break;
		}
	}
done:
	if (iter)
		cmark_iter_free(iter);
	if (doc)
		cmark_node_free(doc);
	strbuf_release(&st.run);
	strbuf_release(&prose);
	strbuf_release(&lead);
	return 0;
}

char *body_text_excerpt(const struct note_text *t, size_t max)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < t->len; i++) {
		unsigned char c = (unsigned char)t->text[i];

		if (sb.len >= max && (c & 0xc0) != 0x80) {
			strbuf_addstr(&sb, "\xe2\x80\xa6");
			break;
		}
		if (!c)
			strbuf_addstr(&sb, "\xe2\x80\xa6");
		else if (c == '\n')
			strbuf_addch(&sb, ' ');
		else
			strbuf_addch(&sb, (char)c);
	}
	strbuf_trim(&sb);
	return strbuf_detach(&sb, NULL);
}

void body_hints_release(struct body_hints *h)
{
	strvec_release(&h->links);
}

static int S_hint_link(const char *target, size_t offset, void *data)
{
	(void)offset;
	strvec_push(&((struct body_hints *)data)->links, target);
	return 0;
}

/* Whether `s` (`len` bytes) starts with the lowercase `word`, any case. */
static int S_at_icase(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	return len >= n && !strncasecmp(s, word, n);
}

/*
 * `Q:` may carry markup between its letter and colon (`**Q**:`): a `q`
 * followed by emphasis or code markers, then `:`.
 */
static int S_at_q_colon(const char *s, size_t len)
{
	size_t i = 1;

	while (i < len && strchr("*_~=`", s[i]) && s[i])
		i++;
	return i < len && s[i] == ':';
}

void body_prefilter(struct body_hints *out, const char *md, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		const char *s = md + i;
		size_t rest = len - i;

		switch (*s) {
		case 'm':
		case 'M':
			if (S_at_icase(s, rest, "mapping") ||
			    S_at_icase(s, rest, "maps"))
				out->maps = 1;
			break;
		case 'q':
		case 'Q':
			if (S_at_icase(s, rest, "question") ||
			    S_at_q_colon(s, rest))
				out->question = 1;
			break;
		case 'f':
		case 'F':
			if (S_at_icase(s, rest, "faq"))
				out->question = 1;
			break;
		case 'h':
		case 'H':
			if (S_at_icase(s, rest, "help"))
				out->question = 1;
			break;
		case '\\':
			/* An escape may hide a bracket, a colon, a pipe. */
			out->unsure = 1;
			break;
		case '&':
			/* A character reference may spell anything. */
			if (rest > 1 &&
			    (s[1] == '#' || isalpha((unsigned char)s[1])))
				out->unsure = 1;
			break;
		case '\0':
			/* cmark reads NUL as U+FFFD, unlike the raw bytes. */
			out->unsure = 1;
			break;
		default:
			break;
		}
	}
	names_foreach_wikilink(md, len, S_hint_link, out);
}
