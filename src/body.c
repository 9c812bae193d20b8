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

int body_scan(struct note *note, const char *md, size_t len,
	      unsigned first_line)
{
	struct body_state st = {note, first_line ? first_line : 1, 0,
				STRBUF_INIT};
	cmark_node *doc = NULL;
	cmark_iter *iter = NULL;
	cmark_event_type ev;

	if (!len)
		goto done;
	doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	if (!doc)
		goto done;
	iter = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		cmark_node *prev;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_PARAGRAPH:
			st.block_line = S_file_line(&st, node);
			break;
		case CMARK_NODE_HEADING:
			st.block_line = S_file_line(&st, node);
			if (S_heading(&st, node))
				cmark_iter_reset(iter, node, CMARK_EVENT_EXIT);
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
	return 0;
}
