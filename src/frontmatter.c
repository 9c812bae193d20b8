#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "frontmatter.h"
#include "names.h"
#include "strbuf.h"
#include "strvec.h"
#include "util.h"
#include "vocab.h"

/*
 * PARSED NOTES ARE CACHED ACROSS RUNS (notecache.h): any change here that
 * can change what note_parse() makes of some bytes (a field, a value, a
 * diag, a line number) must bump NOTECACHE_CONTRACT in notecache.h, or
 * users keep the old parse of every note they already read.
 */

/*
 * Splitting.  Only bytes are looked at here: the block is found the way
 * Obsidian finds it, before any YAML is read.
 */

/* Length of the line at `p`, without its LF; a last line may lack one. */
static size_t S_line_len(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return (size_t)((nl ? nl : end) - p);
}

/* Whether a line is `marker` plus only blanks and one CR before the LF. */
static int S_is_fence(const char *p, size_t len, const char *marker)
{
	size_t i;

	if (len < 3 || memcmp(p, marker, 3))
		return 0;
	if (len > 3 && p[len - 1] == '\r')
		len--;
	for (i = 3; i < len; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

void frontmatter_split(struct frontmatter_split *out, const char *buf,
		       size_t len)
{
	const char *end = buf + len, *p, *yaml;
	size_t start = 0, line_len;
	unsigned line = 1;

	memset(out, 0, sizeof(*out));
	out->state = FRONTMATTER_NONE;
	out->body_line = 1;
	if (!len)
		return;
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		start = 3;
	out->body_offset = start;

	p = buf + start;
	if (p == end)
		return;
	line_len = S_line_len(p, end);
	if (!S_is_fence(p, line_len, "---"))
		return;
	/* Until a closing line turns up, the whole file stays body. */
	out->state = FRONTMATTER_UNTERMINATED;
	p += line_len;
	if (p == end)
		return;
	yaml = ++p;

	while (p < end) {
		line++;
		line_len = S_line_len(p, end);
		if (S_is_fence(p, line_len, "---") ||
		    S_is_fence(p, line_len, "...")) {
			out->state = FRONTMATTER_CLOSED;
			out->yaml_offset = (size_t)(yaml - buf);
			out->yaml_len = (size_t)(p - yaml);
			out->yaml_line = 2;
			p += line_len;
			if (p < end)
				p++;
			out->body_offset = (size_t)(p - buf);
			out->body_line = line + 1;
			return;
		}
		p += line_len;
		if (p < end)
			p++;
	}
}

/*
 * The tree.  libyaml's document API would expand nothing either, but it
 * has no limits; this tree is built from events so that depth and size are
 * checked before anything is allocated, and an alias stays a leaf.
 */

enum S_node_type {
	S_SCALAR,
	S_SEQUENCE,
	S_MAPPING,
	S_ALIAS,
};

struct S_node {
	enum S_node_type type;
	unsigned line, column; /* file position where the node starts */

	char *text; /* scalars: the value, cut at the first NUL */
	char *tag;  /* scalars: the explicit tag, or NULL */
	int plain;  /* scalars: only plain ones may spell null as a word */

	int flow; /* collections: `[...]` / `{...}` rather than block style */
	struct S_node **kids; /* a mapping's keys and values alternate */
	size_t nr, alloc;
	int shadowed; /* a mapping key repeated later in its mapping */
};

struct S_ctx {
	struct note *note;
	unsigned first_line;
	/*
	 * libyaml counts U+0085, U+2028, U+2029 and a lone CR as line breaks;
	 * an editor counts LF only.  Positions are recounted from the text,
	 * from a cursor that marks, mostly increasing, move forward.
	 */
	const char *yaml;
	size_t len;
	size_t cur_char, cur_byte;
	unsigned cur_line, cur_col;
};

struct S_tree {
	struct S_node *root;
	struct S_node *stack[FRONTMATTER_MAX_DEPTH];
	size_t depth;
	size_t nodes;
	int documents;
};

#define S_NULL_TAG "tag:yaml.org,2002:null"

static void S_node_free(struct S_node *n)
{
	size_t i;

	if (!n)
		return;
	/* Recursion is bounded by FRONTMATTER_MAX_DEPTH. */
	for (i = 0; i < n->nr; i++)
		S_node_free(n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n->tag);
	free(n);
}

static void S_seek(struct S_ctx *ctx, size_t index)
{
	if (index < ctx->cur_char) {
		ctx->cur_char = ctx->cur_byte = 0;
		ctx->cur_line = 0;
		ctx->cur_col = 0;
	}
	while (ctx->cur_char < index && ctx->cur_byte < ctx->len) {
		unsigned char c = (unsigned char)ctx->yaml[ctx->cur_byte];
		size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

		if (c == '\n') {
			ctx->cur_line++;
			ctx->cur_col = 0;
		} else {
			ctx->cur_col++;
		}
		ctx->cur_byte += n;
		ctx->cur_char++;
	}
}

static unsigned S_line(struct S_ctx *ctx, const yaml_mark_t *mark)
{
	if (!ctx->yaml)
		return ctx->first_line + (unsigned)mark->line;
	S_seek(ctx, mark->index);
	return ctx->first_line + ctx->cur_line;
}

static unsigned S_col(struct S_ctx *ctx, const yaml_mark_t *mark)
{
	if (!ctx->yaml)
		return (unsigned)mark->column + 1;
	S_seek(ctx, mark->index);
	return ctx->cur_col + 1;
}

static void S_syntax_error(struct S_ctx *ctx, const yaml_parser_t *parser,
			   const char *yaml, size_t len)
{
	const char *problem = parser->problem;
	unsigned line, column;

	if (parser->error == YAML_READER_ERROR) {
		/* Reader errors carry a byte offset, not a mark. */
		size_t off = parser->problem_offset, i;

		if (off > len)
			off = len;
		line = ctx->first_line;
		column = 1;
		for (i = 0; i < off; i++) {
			unsigned char c = (unsigned char)yaml[i];

			if (c == '\n') {
				line++;
				column = 1;
			} else if ((c & 0xC0) != 0x80) {
				column++;
			}
		}
	} else {
		line = S_line(ctx, &parser->problem_mark);
		column = S_col(ctx, &parser->problem_mark);
	}
	if (!problem)
		problem = "the YAML could not be read";
	if (parser->context)
		note_diag_add(ctx->note, DIAG_ERROR, line, column, "%s %s",
			      problem, parser->context);
	else
		note_diag_add(ctx->note, DIAG_ERROR, line, column, "%s",
			      problem);
}

/* Counts a new node against the limit and hangs it under its parent. */
static int S_attach(struct S_ctx *ctx, struct S_tree *t, const yaml_event_t *ev,
		    struct S_node **out)
{
	struct S_node *n, *parent;

	if (++t->nodes > FRONTMATTER_MAX_NODES) {
		note_diag_add(
			ctx->note, DIAG_ERROR, S_line(ctx, &ev->start_mark),
			S_col(ctx, &ev->start_mark),
			"frontmatter has more than %d YAML nodes; not read",
			FRONTMATTER_MAX_NODES);
		return -1;
	}
	n = xcalloc(1, sizeof(*n));
	n->line = S_line(ctx, &ev->start_mark);
	n->column = S_col(ctx, &ev->start_mark);
	if (!t->depth) {
		/* A second root is a second document, refused earlier. */
		t->root = n;
	} else {
		parent = t->stack[t->depth - 1];
		ALLOC_GROW(parent->kids, parent->nr + 1, parent->alloc);
		parent->kids[parent->nr++] = n;
	}
	*out = n;
	return 0;
}

static int S_push(struct S_ctx *ctx, struct S_tree *t, const yaml_event_t *ev,
		  enum S_node_type type, int flow)
{
	struct S_node *n;

	if (t->depth >= FRONTMATTER_MAX_DEPTH) {
		note_diag_add(
			ctx->note, DIAG_ERROR, S_line(ctx, &ev->start_mark),
			S_col(ctx, &ev->start_mark),
			"frontmatter nests deeper than %d levels; not read",
			FRONTMATTER_MAX_DEPTH);
		return -1;
	}
	if (S_attach(ctx, t, ev, &n) < 0)
		return -1;
	n->type = type;
	n->flow = flow;
	t->stack[t->depth++] = n;
	return 0;
}

static int S_add_event(struct S_ctx *ctx, struct S_tree *t,
		       const yaml_event_t *ev)
{
	struct S_node *n;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		/* Obsidian's js-yaml refuses a second document too. */
		if (++t->documents > 1) {
			note_diag_add(ctx->note, DIAG_ERROR,
				      S_line(ctx, &ev->start_mark),
				      S_col(ctx, &ev->start_mark),
				      "frontmatter holds more than one YAML "
				      "document");
			return -1;
		}
		return 0;
	case YAML_SCALAR_EVENT:
		if (S_attach(ctx, t, ev, &n) < 0)
			return -1;
		n->type = S_SCALAR;
		/* A `\0` escape would end the C string anyway; cut it here. */
		n->text = xstrndup((const char *)ev->data.scalar.value,
				   strnlen((const char *)ev->data.scalar.value,
					   ev->data.scalar.length));
		n->tag = xstrdup_or_null((const char *)ev->data.scalar.tag);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		return 0;
	case YAML_ALIAS_EVENT:
		if (S_attach(ctx, t, ev, &n) < 0)
			return -1;
		n->type = S_ALIAS;
		return 0;
	case YAML_SEQUENCE_START_EVENT:
		return S_push(ctx, t, ev, S_SEQUENCE,
			      ev->data.sequence_start.style ==
				      YAML_FLOW_SEQUENCE_STYLE);
	case YAML_MAPPING_START_EVENT:
		return S_push(ctx, t, ev, S_MAPPING,
			      ev->data.mapping_start.style ==
				      YAML_FLOW_MAPPING_STYLE);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (t->depth)
			t->depth--;
		return 0;
	default:
		return 0;
	}
}

/* Reads the whole stream into `t`; -1 (with one error diag) on failure. */
static int S_build(struct S_ctx *ctx, struct S_tree *t, const char *yaml,
		   size_t len)
{
	yaml_parser_t parser;
	yaml_event_t event;
	yaml_event_type_t type;
	int ret = -1, err;

	if (!yaml_parser_initialize(&parser)) {
		note_diag_add(ctx->note, DIAG_ERROR, ctx->first_line, 0,
			      "the YAML parser could not be started");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
	/*
	 * The block sits after a `---` line, so libyaml's sniffing would only
	 * ever mistake stray bytes for a UTF-16 mark.
	 */
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	do {
		if (!yaml_parser_parse(&parser, &event)) {
			S_syntax_error(ctx, &parser, yaml, len);
			goto done;
		}
		type = event.type;
		err = S_add_event(ctx, t, &event);
		yaml_event_delete(&event);
		if (err < 0)
			goto done;
	} while (type != YAML_STREAM_END_EVENT);
	ret = 0;
done:
	yaml_parser_delete(&parser);
	return ret;
}

/*
 * Values.  Every string the note gets from the YAML goes through
 * S_node_str(), so quoting, nulls and lists behave the same for all keys.
 */

static int S_is_space(char c)
{
	return isspace((unsigned char)c);
}

static char *S_scalar_str(const struct S_node *n)
{
	const char *s = n->text;
	size_t len = strlen(s);

	while (len && S_is_space(*s))
		s++, len--;
	while (len && S_is_space(s[len - 1]))
		len--;
	if (!len)
		return NULL;
	if (n->tag && !strcmp(n->tag, S_NULL_TAG))
		return NULL;
	/* An explicit tag (`!!str null`) makes the word a string. */
	if (n->plain && !n->tag &&
	    ((len == 1 && *s == '~') ||
	     (len == 4 && (!memcmp(s, "null", 4) || !memcmp(s, "Null", 4) ||
			   !memcmp(s, "NULL", 4)))))
		return NULL;
	return xstrndup(s, len);
}

/*
 * An unquoted `[[x]]` is a flow sequence holding a flow sequence holding
 * `x`: the user wrote a wikilink, so return the `x` node to rebuild it.
 */
static const struct S_node *S_wikilink_inner(const struct S_node *n)
{
	const struct S_node *inner;

	if (n->type != S_SEQUENCE || !n->flow || n->nr != 1)
		return NULL;
	inner = n->kids[0];
	if (inner->type != S_SEQUENCE || !inner->flow || inner->nr != 1 ||
	    inner->kids[0]->type != S_SCALAR)
		return NULL;
	return inner->kids[0];
}

/* Whether a node stands for no value at all: absent, an alias or a null. */
static int S_is_null(const struct S_node *n)
{
	char *s;

	if (!n || n->type == S_ALIAS)
		return 1;
	if (n->type != S_SCALAR)
		return 0;
	s = S_scalar_str(n);
	free(s);
	return !s;
}

static int S_is_list(const struct S_node *n)
{
	return n && n->type == S_SEQUENCE && !S_wikilink_inner(n);
}

/* The one string a node stands for, or NULL; `key` names it in diags. */
static char *S_node_str(struct S_ctx *ctx, const struct S_node *n,
			const char *key)
{
	struct strbuf sb = STRBUF_INIT;
	const struct S_node *link;
	char *s;
	size_t i;

	if (!n)
		return NULL;
	switch (n->type) {
	case S_ALIAS:
		/* Never expanded: that is what keeps alias bombs harmless. */
		return NULL;
	case S_SCALAR:
		return S_scalar_str(n);
	case S_MAPPING:
		note_diag_add(ctx->note, DIAG_WARNING, n->line, n->column,
			      "%s: expected a value, found a mapping", key);
		return NULL;
	case S_SEQUENCE:
		break;
	}
	link = S_wikilink_inner(n);
	if (link) {
		s = S_scalar_str(link);
		if (!s)
			return NULL;
		strbuf_addf(&sb, "[[%s]]", s);
		free(s);
		return strbuf_detach(&sb, NULL);
	}
	for (i = 0; i < n->nr; i++) {
		s = S_node_str(ctx, n->kids[i], key);
		if (!s)
			continue;
		if (sb.len)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, s);
		free(s);
	}
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/* A list's item strings, or one string as one item (never split). */
static void S_node_strvec(struct S_ctx *ctx, const struct S_node *n,
			  const char *key, struct strvec *out)
{
	char *s;
	size_t i;

	if (!n)
		return;
	if (!S_is_list(n)) {
		s = S_node_str(ctx, n, key);
		if (s)
			strvec_push_nodup(out, s);
		return;
	}
	for (i = 0; i < n->nr; i++) {
		s = S_node_str(ctx, n->kids[i], key);
		if (s)
			strvec_push_nodup(out, s);
	}
}

/* The value of the last `key` in `map` (last wins, as PyYAML has it). */
static const struct S_node *S_map_get(const struct S_node *map, const char *key,
				      const struct S_node **key_out)
{
	size_t i;

	for (i = map->nr - map->nr % 2; i >= 2; i -= 2) {
		const struct S_node *k = map->kids[i - 2];

		if (k->type == S_SCALAR && !strcmp(k->text, key)) {
			if (key_out)
				*key_out = k;
			return map->kids[i - 1];
		}
	}
	if (key_out)
		*key_out = NULL;
	return NULL;
}

struct S_key_ref {
	struct S_node *key;
	size_t index;
};

static int S_key_ref_cmp(const void *a_, const void *b_)
{
	const struct S_key_ref *a = a_, *b = b_;
	int c = strcmp(a->key->text, b->key->text);

	if (c)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

/*
 * Warns once per repeated key and marks all but its last occurrence as
 * shadowed.  Sorting keeps this O(n log n) on a hostile 100,000-key map.
 */
static void S_check_dups(struct S_ctx *ctx, struct S_node *map)
{
	struct S_key_ref *refs;
	size_t i, j, nr = 0;

	if (map->nr < 4)
		return;
	refs = xmalloc(map->nr / 2 * sizeof(*refs));
	for (i = 0; i + 1 < map->nr; i += 2) {
		if (map->kids[i]->type != S_SCALAR)
			continue;
		refs[nr].key = map->kids[i];
		refs[nr].index = i;
		nr++;
	}
	QSORT(refs, nr, S_key_ref_cmp);
	for (i = 0; i < nr; i = j) {
		for (j = i + 1;
		     j < nr && !strcmp(refs[i].key->text, refs[j].key->text);
		     j++)
			refs[j - 1].key->shadowed = 1;
		if (j - i > 1)
			note_diag_add(ctx->note, DIAG_WARNING,
				      refs[j - 1].key->line,
				      refs[j - 1].key->column,
				      "duplicate key '%s'; the last value is "
				      "used",
				      refs[j - 1].key->text);
	}
	free(refs);
}

/*
 * Vocabularies.
 */

#define S_COUNT(...) +1
enum { S_STATUS_WORDS = 0 STATUS_TABLE(S_COUNT) };
#undef S_COUNT

/* The status words of `kind`, separated by ", " and `last_sep`. */
static void S_status_words(struct strbuf *sb, enum target_kind kind,
			   const char *last_sep)
{
	const char *words[S_STATUS_WORDS];
	size_t i, n = 0;

#define X(word, k)       \
	if ((k) == kind) \
		words[n++] = word;
	STATUS_TABLE(X)
#undef X
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(sb, i + 1 == n ? last_sep : ", ");
		strbuf_addstr(sb, words[i]);
	}
}

static char *S_status(struct S_ctx *ctx, enum target_kind kind,
		      const struct S_node *n)
{
	struct strbuf words = STRBUF_INIT;
	enum target_kind word_kind = kind;
	const char *canon;
	char *s = S_node_str(ctx, n, "status");

	if (!s)
		return NULL;
	canon = vocab_status(s, strlen(s), &word_kind);
	if (canon && word_kind == kind) {
		free(s);
		return xstrdup(canon);
	}
	/* A word of the other kind is still a vocabulary word: lowercase. */
	if (canon) {
		S_status_words(&words, kind, ", ");
		note_diag_add(ctx->note, DIAG_WARNING, n->line, n->column,
			      "status '%s' is not a %s status (%s)", s,
			      target_kind_name(kind), words.buf);
		free(s);
		s = xstrdup(canon);
	} else {
		S_status_words(&words, kind, " or ");
		note_diag_add(ctx->note, DIAG_WARNING, n->line, n->column,
			      "unknown %s status '%s'; expected %s",
			      target_kind_name(kind), s, words.buf);
	}
	strbuf_release(&words);
	return s;
}

static char *S_confidence(struct S_ctx *ctx, const struct S_node *n)
{
	const char *canon;
	char *s = S_node_str(ctx, n, "confidence");

	if (!s)
		return NULL;
	canon = vocab_confidence(s, strlen(s));
	if (canon == s)
		return s;
	if (canon) {
		free(s);
		return xstrdup(canon);
	}
	note_diag_add(ctx->note, DIAG_WARNING, n->line, n->column,
		      "unknown confidence '%s'; expected high, medium, low or "
		      "a number from 0 to 1",
		      s);
	return s;
}

static char *S_strength(struct S_ctx *ctx, const struct S_node *n)
{
	const char *canon;
	char *s = S_node_str(ctx, n, "strength");

	if (!s)
		return NULL;
	canon = vocab_strength(s, strlen(s));
	if (canon) {
		free(s);
		return xstrdup(canon);
	}
	note_diag_add(ctx->note, DIAG_WARNING, n->line, n->column, /* NOLINT(clang-analyzer-core.NullDereference) */
		      "unknown strength '%s'; expected strong, moderate or "
		      "weak",
		      s);
	return s;
}

static char *S_effect(struct S_ctx *ctx, const struct S_node *n)
{
	const char *canon;
	char *s = S_node_str(ctx, n, "effect");

	if (!s)
		return xstrdup(EFFECT_DEFAULT);
	canon = vocab_effect(s, strlen(s));
	if (canon) {
		free(s);
		return xstrdup(canon);
	}
	note_diag_add(ctx->note, DIAG_WARNING, n->line, n->column, /* NOLINT(clang-analyzer-core.NullDereference) */
		      "unknown effect '%s'; expected supports, challenges or "
		      "neutral",
		      s);
	return s;
}

/*
 * Targets.
 */

/*
 * The slug id that `n` gives, or NULL.  `where` is the node to blame when
 * `n` is missing; `in_list` makes a missing id a skipped item.
 */
static char *S_target_id(struct S_ctx *ctx, const struct S_node *n,
			 const char *key, enum target_kind kind,
			 const struct S_node *where, int in_list)
{
	unsigned line = n ? n->line : where->line;
	unsigned column = n ? n->column : where->column;
	char *raw = S_node_str(ctx, n, key), *slug;

	if (!raw) {
		if (in_list)
			note_diag_add(ctx->note, DIAG_WARNING, line, column,
				      "%s: item has no id; skipped", key);
		else
			note_diag_add(ctx->note, DIAG_ERROR, line, column,
				      "'%s' has no id; no %s declared", key,
				      target_kind_name(kind));
		return NULL;
	}
	if (names_is_slug(raw))
		return raw;
	slug = names_slug(raw, strlen(raw));
	if (!*slug) {
		note_diag_add(ctx->note, DIAG_ERROR, line, column,
			      "invalid id '%s'; no %s declared", raw,
			      target_kind_name(kind));
		FREE_AND_NULL(slug);
	} else {
		note_diag_add(ctx->note, DIAG_ERROR, line, column,
			      "invalid id '%s'; using '%s'", raw, slug);
	}
	free(raw);
	return slug;
}

/*
 * Appends a target read from `fields`.  For the top-level target `top` is
 * the note, whose title and aliases are the same keys already read.
 */
static void S_add_target(struct S_ctx *ctx, enum target_kind kind, char *id,
			 const struct S_node *fields, unsigned line,
			 const struct note *top)
{
	struct note *note = ctx->note;
	struct target_decl init = TARGET_DECL_INIT, *t;

	ALLOC_GROW(note->targets, note->targets_nr + 1, note->targets_alloc);
	t = &note->targets[note->targets_nr++];
	*t = init;
	t->kind = kind;
	t->id = id;
	t->line = line;
	if (top) {
		t->title = xstrdup_or_null(top->title);
		strvec_copy(&t->aliases, &top->aliases);
	} else {
		t->title = S_node_str(ctx, S_map_get(fields, "title", NULL),
				      "title");
		S_node_strvec(ctx, S_map_get(fields, "aliases", NULL),
			      "aliases", &t->aliases);
	}
	t->stance =
		S_node_str(ctx, S_map_get(fields, "stance", NULL), "stance");
	t->status = S_status(ctx, kind, S_map_get(fields, "status", NULL));
	t->confidence =
		S_confidence(ctx, S_map_get(fields, "confidence", NULL));
	t->owner = S_node_str(ctx, S_map_get(fields, "owner", NULL), "owner");
	S_node_strvec(ctx, S_map_get(fields, "supersedes", NULL), "supersedes",
		      &t->supersedes);
}

static void S_read_single_target(struct S_ctx *ctx, const struct S_node *root)
{
	const struct S_node *pos_key, *thesis_key, *key, *value;
	enum target_kind kind;
	char *id;

	value = S_map_get(root, "position", &pos_key);
	S_map_get(root, "thesis", &thesis_key);
	if (pos_key && thesis_key)
		note_diag_add(ctx->note, DIAG_ERROR, thesis_key->line,
			      thesis_key->column,
			      "both 'position' and 'thesis' declared; the "
			      "position wins");
	if (pos_key) {
		kind = TARGET_POSITION;
		key = pos_key;
	} else if (thesis_key) {
		kind = TARGET_THESIS;
		value = S_map_get(root, "thesis", NULL);
		key = thesis_key;
	} else {
		return;
	}
	id = S_target_id(ctx, value, key->text, kind, key, 0);
	if (id)
		S_add_target(ctx, kind, id, root, key->line, ctx->note);
}

static void S_read_target_list(struct S_ctx *ctx, const struct S_node *root,
			       const char *key, enum target_kind kind)
{
	const struct S_node *list = S_map_get(root, key, NULL);
	struct S_node *item;
	size_t i, nr;
	char *id;

	if (S_is_null(list))
		return;
	/* A lone mapping is read as a list of one, as a user would mean. */
	nr = list->type == S_SEQUENCE ? list->nr : 1;
	for (i = 0; i < nr; i++) {
		item = list->type == S_SEQUENCE ? list->kids[i]
						: (struct S_node *)list;
		if (item->type != S_MAPPING) {
			note_diag_add(ctx->note, DIAG_WARNING, item->line,
				      item->column,
				      "%s: item is not a mapping; skipped",
				      key);
			continue;
		}
		S_check_dups(ctx, item);
		id = S_target_id(ctx, S_map_get(item, "id", NULL), key, kind,
				 item, 1);
		if (id)
			S_add_target(ctx, kind, id, item, item->line, NULL);
	}
}

/*
 * Mappings.
 */

static void S_add_mapping(struct S_ctx *ctx, const struct S_node *target,
			  const struct S_node *strength,
			  const struct S_node *effect, const struct S_node *why,
			  unsigned line, unsigned column)
{
	struct note *note = ctx->note;
	struct mapping_decl *m;
	char *name = S_node_str(ctx, target, "target");

	if (!name) {
		note_diag_add(ctx->note, DIAG_WARNING, line, column,
			      "maps: item has no target; skipped");
		return;
	}
	ALLOC_GROW(note->mappings, note->mappings_nr + 1, note->mappings_alloc);
	m = &note->mappings[note->mappings_nr++];
	memset(m, 0, sizeof(*m));
	m->target = name;
	m->origin = MAPPING_FRONTMATTER;
	m->line = line;
	m->strength = S_strength(ctx, strength);
	m->effect = S_effect(ctx, effect);
	m->why = S_node_str(ctx, why, "why");
}

/* One item of a `maps:` list: `{target, strength, ...}` or a bare name. */
static void S_read_map_item(struct S_ctx *ctx, struct S_node *item)
{
	if (item->type == S_MAPPING) {
		S_check_dups(ctx, item);
		S_add_mapping(ctx, S_map_get(item, "target", NULL),
			      S_map_get(item, "strength", NULL),
			      S_map_get(item, "effect", NULL),
			      S_map_get(item, "why", NULL), item->line,
			      item->column);
	} else if (item->type == S_SCALAR || S_wikilink_inner(item)) {
		S_add_mapping(ctx, item, NULL, NULL, NULL, item->line,
			      item->column);
	} else {
		note_diag_add(ctx->note, DIAG_WARNING, item->line, item->column,
			      "maps: item is neither a mapping nor a target "
			      "name; skipped");
	}
}

/* `maps: {target: strength}` or `maps: {target: {strength: ...}}`. */
static void S_read_map_mapping(struct S_ctx *ctx, struct S_node *maps)
{
	size_t i;

	S_check_dups(ctx, maps);
	for (i = 0; i + 1 < maps->nr; i += 2) {
		struct S_node *key = maps->kids[i], *value = maps->kids[i + 1];

		if (key->shadowed)
			continue;
		if (value->type == S_MAPPING) {
			S_check_dups(ctx, value);
			S_add_mapping(ctx, key,
				      S_map_get(value, "strength", NULL),
				      S_map_get(value, "effect", NULL),
				      S_map_get(value, "why", NULL), key->line,
				      key->column);
		} else {
			S_add_mapping(ctx, key, value, NULL, NULL, key->line,
				      key->column);
		}
	}
}

static void S_read_maps(struct S_ctx *ctx, const struct S_node *root)
{
	struct S_node *maps = (struct S_node *)S_map_get(root, "maps", NULL);
	size_t i;

	if (S_is_null(maps))
		return;
	if (maps->type == S_MAPPING) {
		S_read_map_mapping(ctx, maps);
	} else if (S_is_list(maps)) {
		for (i = 0; i < maps->nr; i++)
			S_read_map_item(ctx, maps->kids[i]);
	} else {
		/* `maps: x` or `maps: [[x]]`: one target, no strength. */
		S_add_mapping(ctx, maps, NULL, NULL, NULL, maps->line,
			      maps->column);
	}
}

/*
 * Note-level keys.
 */

static void S_add_tag(struct strvec *tags, const char *w, size_t len)
{
	if (len && *w == '#')
		w++, len--;
	if (len)
		strvec_push_nodup(tags, xstrndup(w, len));
}

/* Words separated by blanks and/or commas, as real vaults write them. */
static void S_split_tags(struct strvec *tags, const char *s)
{
	size_t len;

	while (*s) {
		while (*s && (S_is_space(*s) || *s == ','))
			s++;
		for (len = 0; s[len] && !S_is_space(s[len]) && s[len] != ',';
		     len++)
			;
		S_add_tag(tags, s, len);
		s += len;
	}
}

static void S_read_tags(struct S_ctx *ctx, const struct S_node *n)
{
	char *s;
	size_t i;

	if (!n)
		return;
	if (!S_is_list(n)) {
		s = S_node_str(ctx, n, "tags");
		if (s)
			S_split_tags(&ctx->note->tags, s);
		free(s);
		return;
	}
	for (i = 0; i < n->nr; i++) {
		s = S_node_str(ctx, n->kids[i], "tags");
		if (s)
			S_add_tag(&ctx->note->tags, s, strlen(s));
		free(s);
	}
}

static void S_read_root(struct S_ctx *ctx, struct S_node *root)
{
	struct note *note = ctx->note;

	S_check_dups(ctx, root);
	note->title = S_node_str(ctx, S_map_get(root, "title", NULL), "title");
	note->type = S_node_str(ctx, S_map_get(root, "type", NULL), "type");
	note->date = S_node_str(ctx, S_map_get(root, "date", NULL), "date");
	note->source =
		S_node_str(ctx, S_map_get(root, "source", NULL), "source");
	note->author =
		S_node_str(ctx, S_map_get(root, "author", NULL), "author");
	S_read_tags(ctx, S_map_get(root, "tags", NULL));
	S_node_strvec(ctx, S_map_get(root, "aliases", NULL), "aliases",
		      &note->aliases);

	S_read_single_target(ctx, root);
	S_read_target_list(ctx, root, "positions", TARGET_POSITION);
	S_read_target_list(ctx, root, "theses", TARGET_THESIS);
	S_read_maps(ctx, root);
}

int frontmatter_parse(struct note *note, const char *yaml, size_t len,
		      unsigned first_line)
{
	struct S_ctx ctx = {note, first_line, NULL, 0, 0, 0, 0, 0};
	struct S_tree tree;

	memset(&tree, 0, sizeof(tree));
	if (!yaml)
		yaml = "", len = 0;
	ctx.yaml = yaml;
	ctx.len = len;
	if (S_build(&ctx, &tree, yaml, len) < 0) {
		/* S_build() added one error: the note is broken by it. */
		const struct note_diag *d = &note->diags[note->diags_nr - 1];

		free(note->broken);
		note->broken =
			xstrfmt("%u:%u: %s", d->line, d->column, d->message);
		goto done;
	}
	note->has_frontmatter = 1;
	if (S_is_null(tree.root))
		goto done;
	if (tree.root->type != S_MAPPING) {
		note_diag_add(note, DIAG_WARNING, tree.root->line,
			      tree.root->column,
			      "frontmatter is not a mapping; ignored");
		goto done;
	}
	S_read_root(&ctx, tree.root);
done:
	S_node_free(tree.root);
	return 0;
}
