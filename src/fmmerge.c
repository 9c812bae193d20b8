/*
 * fmmerge: the frontmatter-aware three-way merge of a note (fmmerge.h).
 *
 * Everything here works on byte offsets into each side's normalised text
 * (no BOM, LF line ends).  libyaml's marks count characters, not bytes,
 * so a mark is turned into a byte offset from its line and column.
 */
#include <string.h>

#include <git2.h>
#include <yaml.h>

#include "fmmerge.h"
#include "frontmatter.h"
#include "strvec.h"
#include "util.h"

/* The keys whose values merge as sets of items. */
static const char *const S_list_keys[] = {
	"tags", "aliases", "supersedes", "maps", "positions", "theses",
};

enum S_style {
	S_STYLE_NONE = 0,
	S_STYLE_BLOCK, /* `- item` lines */
	S_STYLE_FLOW,  /* `[a, b]` */
	S_STYLE_WORDS, /* one scalar: `tags: a b` or `aliases: One` */
};

struct S_item {
	char *id;    /* identity within its list */
	char *canon; /* content without layout or quoting */
	char *value; /* a scalar item's value, else NULL */
	char *desc;  /* for reports */
	char *name;  /* its target or id, else its text: for reports */
	/* The node's text (scalars and flow items). */
	size_t raw_start, raw_end;
	/* Block style: the item's lines, and the column of its `-`. */
	size_t line_start, line_end, dash_col;
	/* Mapping items: field names with their canon and report values. */
	struct strvec fields, field_canons, field_descs;
};

struct S_key {
	char *name;
	size_t start, end; /* the key's lines */
	char *canon, *desc;
	int is_list;
	enum S_style style;
	/* FLOW: `[` to after `]`; WORDS: the scalar. */
	size_t value_start, value_end;
	yaml_scalar_style_t scalar_style;
	struct S_item *items;
	size_t items_nr, items_alloc;
};

struct S_fm {
	int present; /* a closed frontmatter read as a block mapping */
	const char *text;
	size_t len;
	size_t *lines; /* byte offset of each line start */
	size_t lines_nr, lines_alloc;
	size_t preamble_end;
	size_t indent; /* of the top-level keys (YAML allows any, once) */
	struct S_key *keys;
	size_t nr, alloc;
};

struct S_side {
	int exists;
	struct strbuf text; /* normalised */
	int bom, crlf;
	struct frontmatter_split split;
	struct S_fm fm;
	const char *body;
	size_t body_len;
	unsigned body_line; /* file line of the body's first line */
};

/* ---- small helpers ---------------------------------------------------- */

static void S_item_release(struct S_item *it)
{
	free(it->id);
	free(it->canon);
	free(it->value);
	free(it->desc);
	free(it->name);
	strvec_release(&it->fields);
	strvec_release(&it->field_canons);
	strvec_release(&it->field_descs);
}

static void S_key_release(struct S_key *k)
{
	size_t i;

	free(k->name);
	free(k->canon);
	free(k->desc);
	for (i = 0; i < k->items_nr; i++)
		S_item_release(&k->items[i]);
	free(k->items);
}

static void S_fm_release(struct S_fm *fm)
{
	size_t i;

	for (i = 0; i < fm->nr; i++)
		S_key_release(&fm->keys[i]);
	free(fm->keys);
	free(fm->lines);
	memset(fm, 0, sizeof(*fm));
}

static void S_side_release(struct S_side *s)
{
	strbuf_release(&s->text);
	S_fm_release(&s->fm);
}

void fmmerge_result_release(struct fmmerge_result *r)
{
	size_t i;

	for (i = 0; i < r->conflicts_nr; i++) {
		free(r->conflicts[i].target);
		free(r->conflicts[i].key);
		free(r->conflicts[i].field);
		free(r->conflicts[i].ours);
		free(r->conflicts[i].theirs);
	}
	free(r->conflicts);
	strbuf_release(&r->text);
	r->conflicts = NULL;
	r->conflicts_nr = r->conflicts_alloc = 0;
	r->as_text = 0;
}

static struct fmmerge_conflict *S_conflict(struct fmmerge_result *out,
					   enum fmmerge_conflict_kind kind)
{
	struct fmmerge_conflict *c;

	ALLOC_GROW(out->conflicts, out->conflicts_nr + 1, out->conflicts_alloc);
	c = &out->conflicts[out->conflicts_nr++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	return c;
}

static int S_is_list_key(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(S_list_keys); i++)
		if (!strcmp(name, S_list_keys[i]))
			return 1;
	return 0;
}

static int S_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && (!alen || !memcmp(a, b, alen));
}

/* Offset of the start of the line holding `pos`. */
static size_t S_line_start(const char *text, size_t pos)
{
	while (pos > 0 && text[pos - 1] != '\n')
		pos--;
	return pos;
}

/* Offset just past the end of the line holding `pos` (its '\n'). */
static size_t S_line_end(const char *text, size_t len, size_t pos)
{
	while (pos < len && text[pos] != '\n')
		pos++;
	return pos < len ? pos + 1 : pos;
}

/* Copies `len` bytes of `s` with CRLF turned into LF; notes the BOM. */
static void S_side_init(struct S_side *s, const struct fmmerge_input *in)
{
	const char *p = in->ptr ? in->ptr : "";
	size_t len = in->ptr ? in->len : 0, i;
	const char *nl;

	memset(s, 0, sizeof(*s));
	strbuf_init(&s->text, len);
	s->exists = in->ptr != NULL;
	s->fm.text = "";
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
		s->bom = 1;
		p += 3;
		len -= 3;
	}
	nl = memchr(p, '\n', len);
	s->crlf = nl && nl > p && nl[-1] == '\r';
	for (i = 0; i < len; i++)
		if (!(p[i] == '\r' && i + 1 < len && p[i + 1] == '\n'))
			strbuf_addch(&s->text, p[i]);
	frontmatter_split(&s->split, s->text.buf, s->text.len);
}

/* ---- reading one side's frontmatter ----------------------------------- */

struct S_reader {
	yaml_parser_t parser;
	struct S_fm *fm;
};

static size_t S_byte(const struct S_fm *fm, yaml_mark_t m)
{
	size_t line = m.line < fm->lines_nr ? m.line : fm->lines_nr - 1;
	size_t pos = fm->lines[line], col;

	/* Columns count characters: step over whole UTF-8 sequences. */
	for (col = 0; col < m.column && pos < fm->len; col++) {
		pos++;
		while (pos < fm->len &&
		       ((unsigned char)fm->text[pos] & 0xC0) == 0x80)
			pos++;
	}
	return pos;
}

static int S_next(yaml_event_t *ev, struct S_reader *r)
{
	return yaml_parser_parse(&r->parser, ev) ? 0 : -1;
}

/*
 * Reads the rest of the node that starts with `ev`: its canonical form
 * (structure and values only, so quoting and layout are no change) into
 * `canon`, a description for reports into `desc`, and the byte offset
 * where it ends into *end.
 */
static int S_node(struct S_reader *r, const yaml_event_t *ev,
		  struct strbuf *canon, struct strbuf *desc, size_t *end,
		  unsigned depth)
{
	yaml_event_t child;
	yaml_event_type_t close;
	int first = 1, is_map, ret = -1, nth = 0;

	if (depth > FRONTMATTER_MAX_DEPTH)
		return -1;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		strbuf_addf(canon, "S%zu:", ev->data.scalar.length);
		strbuf_add(canon, ev->data.scalar.value,
			   ev->data.scalar.length);
		strbuf_add(desc, ev->data.scalar.value, ev->data.scalar.length);
		*end = S_byte(r->fm, ev->end_mark);
		return 0;
	case YAML_ALIAS_EVENT:
		strbuf_addf(canon, "*%s", (const char *)ev->data.alias.anchor);
		strbuf_addf(desc, "*%s", (const char *)ev->data.alias.anchor);
		*end = S_byte(r->fm, ev->end_mark);
		return 0;
	case YAML_SEQUENCE_START_EVENT:
		close = YAML_SEQUENCE_END_EVENT;
		is_map = 0;
		strbuf_addch(canon, '[');
		break;
	case YAML_MAPPING_START_EVENT:
		close = YAML_MAPPING_END_EVENT;
		is_map = 1;
		strbuf_addch(canon, '{');
		break;
	default:
		return -1;
	}
	for (;;) {
		if (S_next(&child, r) < 0)
			return -1;
		if (child.type == close) {
			strbuf_addch(canon, is_map ? '}' : ']');
			*end = S_byte(r->fm, child.end_mark);
			yaml_event_delete(&child);
			return 0;
		}
		if (!first)
			strbuf_addstr(desc, is_map && nth % 2 ? ": " : ", ");
		first = 0;
		ret = S_node(r, &child, canon, desc, end, depth + 1);
		yaml_event_delete(&child);
		if (ret < 0)
			return -1;
		strbuf_addch(canon, ',');
		nth++;
	}
}

/* A repeated item gets its own id: `a`, then `a\x012`, `a\x013`. */
static void S_dedupe_id(struct S_key *k, struct S_item *it)
{
	size_t i, n = 1, len = strlen(it->id);

	for (i = 0; i < k->items_nr; i++)
		if (!strncmp(k->items[i].id, it->id, len) &&
		    (!k->items[i].id[len] || k->items[i].id[len] == '\x01'))
			n++;
	if (n > 1) {
		char *id = xstrfmt("%s\x01%zu", it->id, n);

		free(it->id);
		it->id = id;
	}
}

/* One item of a list key's sequence; `ev` is its first event. */
static int S_item(struct S_reader *r, struct S_key *k, const yaml_event_t *ev,
		  unsigned depth)
{
	struct S_item it;
	struct strbuf canon = STRBUF_INIT, desc = STRBUF_INIT;
	const char *idfield = !strcmp(k->name, "maps") ? "target" : "id";
	int ret = -1;

	memset(&it, 0, sizeof(it));
	strvec_init(&it.fields);
	strvec_init(&it.field_canons);
	strvec_init(&it.field_descs);
	it.raw_start = S_byte(r->fm, ev->start_mark);
	if (ev->type == YAML_MAPPING_START_EVENT) {
		yaml_event_t kev, vev;

		strbuf_addch(&canon, '{');
		for (;;) {
			struct strbuf fc = STRBUF_INIT, fd = STRBUF_INIT;
			size_t end;
			int err;

			if (S_next(&kev, r) < 0)
				goto done;
			if (kev.type == YAML_MAPPING_END_EVENT) {
				it.raw_end = S_byte(r->fm, kev.end_mark);
				yaml_event_delete(&kev);
				break;
			}
			if (kev.type != YAML_SCALAR_EVENT) {
				yaml_event_delete(&kev);
				goto done;
			}
			strvec_push_nodup(
				&it.fields,
				xstrndup((const char *)kev.data.scalar.value,
					 kev.data.scalar.length));
			yaml_event_delete(&kev);
			if (S_next(&vev, r) < 0)
				goto done;
			err = S_node(r, &vev, &fc, &fd, &end, depth + 1);
			yaml_event_delete(&vev);
			if (err < 0) {
				strbuf_release(&fc);
				strbuf_release(&fd);
				goto done;
			}
			strbuf_addf(&canon, "%s=%s,",
				    it.fields.v[it.fields.nr - 1], fc.buf);
			if (desc.len)
				strbuf_addstr(&desc, ", ");
			strbuf_addf(&desc, "%s: %s",
				    it.fields.v[it.fields.nr - 1], fd.buf);
			strvec_push_nodup(&it.field_canons,
					  strbuf_detach(&fc, NULL));
			strvec_push_nodup(&it.field_descs,
					  strbuf_detach(&fd, NULL));
		}
		strbuf_addch(&canon, '}');
	} else {
		if (S_node(r, ev, &canon, &desc, &it.raw_end, depth + 1) < 0)
			goto done;
		if (ev->type == YAML_SCALAR_EVENT)
			it.value = xstrndup((const char *)ev->data.scalar.value,
					    ev->data.scalar.length);
	}
	it.canon = strbuf_detach(&canon, NULL);
	it.desc = strbuf_detach(&desc, NULL);
	{
		size_t i;

		for (i = 0; i < it.fields.nr && !it.id; i++)
			if (!strcmp(it.fields.v[i], idfield)) {
				it.id = xstrfmt("%s=%s", idfield,
						it.field_descs.v[i]);
				it.name = xstrdup(it.field_descs.v[i]);
			}
	}
	if (!it.id)
		it.id = xstrdup(it.canon);
	if (!it.name)
		it.name = xstrdup(it.desc);
	if (k->style == S_STYLE_BLOCK) {
		/* The item's lines begin at its `-`, which precedes the node.
		 */
		size_t p = it.raw_start;

		while (p > 0 && strchr(" \t\n", r->fm->text[p - 1]))
			p--;
		if (!p || r->fm->text[p - 1] != '-')
			goto done;
		it.line_start = S_line_start(r->fm->text, p - 1);
		it.dash_col = p - 1 - it.line_start;
		if (k->items_nr)
			k->items[k->items_nr - 1].line_end = it.line_start;
	}
	S_dedupe_id(k, &it);
	ALLOC_GROW(k->items, k->items_nr + 1, k->items_alloc);
	k->items[k->items_nr++] = it;
	memset(&it, 0, sizeof(it));
	ret = 0;
done:
	if (ret < 0)
		S_item_release(&it);
	strbuf_release(&canon);
	strbuf_release(&desc);
	return ret;
}

static void S_words_item(struct S_key *k, const char *w, size_t len)
{
	struct S_item it;

	memset(&it, 0, sizeof(it));
	strvec_init(&it.fields);
	strvec_init(&it.field_canons);
	strvec_init(&it.field_descs);
	it.value = xstrndup(w, len);
	it.canon = xstrfmt("S%zu:%s", len, it.value);
	it.id = xstrdup(it.canon);
	it.desc = xstrdup(it.value);
	it.name = xstrdup(it.value);
	S_dedupe_id(k, &it);
	ALLOC_GROW(k->items, k->items_nr + 1, k->items_alloc);
	k->items[k->items_nr++] = it;
}

static int S_is_null(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;

	return ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       (!*v || !strcmp(v, "~") || !strcmp(v, "null") ||
		!strcmp(v, "Null") || !strcmp(v, "NULL"));
}

/* The value of a list key: its items, and a canon made of them. */
static int S_list_value(struct S_reader *r, struct S_key *k,
			const yaml_event_t *ev)
{
	struct strbuf canon = STRBUF_INIT, desc = STRBUF_INIT;
	size_t i;

	k->is_list = 1;
	if (ev->type == YAML_SCALAR_EVENT) {
		const char *v = (const char *)ev->data.scalar.value;
		size_t len = ev->data.scalar.length;

		k->style = S_STYLE_WORDS;
		k->scalar_style = ev->data.scalar.style;
		k->value_start = S_byte(r->fm, ev->start_mark);
		k->value_end = S_byte(r->fm, ev->end_mark);
		if (S_is_null(ev)) {
			/* `tags:` alone: items would go after the colon. */
			size_t p =
				S_line_end(r->fm->text, r->fm->len, k->start);

			if (p > k->start && r->fm->text[p - 1] == '\n')
				p--;
			if (k->value_start > p)
				k->value_start = k->value_end = p;
		} else if (!strcmp(k->name, "tags")) {
			/* Contract: a string of words split by spaces or
			 * commas. */
			i = 0;
			while (i < len) {
				size_t j;

				while (i < len && strchr(" ,\t", v[i]))
					i++;
				for (j = i; j < len && !strchr(" ,\t", v[j]);
				     j++)
					;
				if (j > i)
					S_words_item(k, v + i, j - i);
				i = j;
			}
		} else {
			S_words_item(k, v, len);
		}
	} else if (ev->type == YAML_SEQUENCE_START_EVENT) {
		yaml_event_t child;

		k->style = ev->data.sequence_start.style ==
					   YAML_FLOW_SEQUENCE_STYLE
				   ? S_STYLE_FLOW
				   : S_STYLE_BLOCK;
		k->value_start = S_byte(r->fm, ev->start_mark);
		for (;;) {
			int err;

			if (S_next(&child, r) < 0)
				return -1;
			if (child.type == YAML_SEQUENCE_END_EVENT) {
				k->value_end = S_byte(r->fm, child.end_mark);
				yaml_event_delete(&child);
				break;
			}
			err = S_item(r, k, &child, 1);
			yaml_event_delete(&child);
			if (err < 0)
				return -1;
		}
	} else {
		return 1; /* not a list after all: an ordinary value */
	}
	strbuf_addch(&canon, '[');
	for (i = 0; i < k->items_nr; i++) {
		strbuf_addstr(&canon, k->items[i].canon);
		strbuf_addch(&canon, ',');
		if (i)
			strbuf_addstr(&desc, ", ");
		strbuf_addstr(&desc, k->items[i].desc);
	}
	strbuf_addch(&canon, ']');
	k->canon = strbuf_detach(&canon, NULL);
	k->desc = strbuf_detach(&desc, NULL);
	return 0;
}

/*
 * Reads the YAML `text` of a closed frontmatter into `fm`.  Returns 0, or
 * -1 when it is not a block mapping with plain keys, each once: then the
 * note merges as text.
 */
static int S_fm_read(struct S_fm *fm, const char *text, size_t len)
{
	struct S_reader r;
	yaml_event_t ev;
	size_t i, j;
	int ret = -1, err;

	memset(fm, 0, sizeof(*fm));
	fm->text = text;
	fm->len = len;
	ALLOC_GROW(fm->lines, 1, fm->lines_alloc);
	fm->lines[fm->lines_nr++] = 0;
	for (i = 0; i < len; i++)
		if (text[i] == '\n') {
			ALLOC_GROW(fm->lines, fm->lines_nr + 1,
				   fm->lines_alloc);
			fm->lines[fm->lines_nr++] = i + 1;
		}
	if (!yaml_parser_initialize(&r.parser))
		return -1;
	r.fm = fm;
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)text,
				     len);
	if (S_next(&ev, &r) < 0)
		goto done;
	yaml_event_delete(&ev); /* stream start */
	if (S_next(&ev, &r) < 0)
		goto done;
	if (ev.type == YAML_STREAM_END_EVENT) {
		/* Only comments or blank lines: a mapping with no keys. */
		yaml_event_delete(&ev);
		fm->present = 1;
		fm->preamble_end = len;
		ret = 0;
		goto done;
	}
	yaml_event_delete(&ev); /* document start */
	if (S_next(&ev, &r) < 0)
		goto done;
	if (ev.type != YAML_MAPPING_START_EVENT ||
	    ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE) {
		yaml_event_delete(&ev);
		goto done;
	}
	yaml_event_delete(&ev);
	for (;;) {
		struct S_key k;
		struct strbuf canon = STRBUF_INIT, desc = STRBUF_INIT;
		size_t end;

		if (S_next(&ev, &r) < 0)
			goto done;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type != YAML_SCALAR_EVENT) {
			yaml_event_delete(&ev);
			goto done;
		}
		memset(&k, 0, sizeof(k));
		k.name = xstrndup((const char *)ev.data.scalar.value,
				  ev.data.scalar.length);
		k.start = S_line_start(text, S_byte(fm, ev.start_mark));
		fm->indent = S_byte(fm, ev.start_mark) - k.start;
		yaml_event_delete(&ev);
		for (j = 0; j < fm->nr; j++)
			if (!strcmp(fm->keys[j].name, k.name))
				break;
		if (j < fm->nr ||
		    (fm->nr && fm->keys[fm->nr - 1].start == k.start)) {
			/* A repeated key, or two on one line: no key merge. */
			S_key_release(&k);
			goto done;
		}
		if (S_next(&ev, &r) < 0) {
			S_key_release(&k);
			goto done;
		}
		err = 1;
		if (S_is_list_key(k.name))
			err = S_list_value(&r, &k, &ev);
		if (err > 0) {
			for (j = 0; j < k.items_nr; j++)
				S_item_release(&k.items[j]);
			k.items_nr = 0;
			k.is_list = 0;
			k.style = S_STYLE_NONE;
			err = S_node(&r, &ev, &canon, &desc, &end, 1);
			k.canon = strbuf_detach(&canon, NULL);
			k.desc = strbuf_detach(&desc, NULL);
		}
		yaml_event_delete(&ev);
		strbuf_release(&canon);
		strbuf_release(&desc);
		if (err < 0) {
			S_key_release(&k);
			goto done;
		}
		ALLOC_GROW(fm->keys, fm->nr + 1, fm->alloc);
		fm->keys[fm->nr++] = k;
	}
	for (i = 0; i < fm->nr; i++) {
		struct S_key *k = &fm->keys[i];

		k->end = i + 1 < fm->nr ? fm->keys[i + 1].start : len;
		if (k->style == S_STYLE_BLOCK && k->items_nr)
			k->items[k->items_nr - 1].line_end = k->end;
	}
	fm->preamble_end = fm->nr ? fm->keys[0].start : len;
	fm->present = 1;
	ret = 0;
done:
	yaml_parser_delete(&r.parser);
	return ret;
}

static const struct S_key *S_find_key(const struct S_fm *fm, const char *name)
{
	size_t i;

	for (i = 0; i < fm->nr; i++)
		if (!strcmp(fm->keys[i].name, name))
			return &fm->keys[i];
	return NULL;
}

static const struct S_item *S_find_item(const struct S_key *k, const char *id)
{
	size_t i;

	if (!k)
		return NULL;
	for (i = 0; i < k->items_nr; i++)
		if (!strcmp(k->items[i].id, id))
			return &k->items[i];
	return NULL;
}

/* ---- merging lists ---------------------------------------------------- */

struct S_pick {
	const struct S_side *side;
	const struct S_key *key;
	const struct S_item *item;
};

struct S_picks {
	struct S_pick *v;
	size_t nr, alloc;
};

static void S_pick(struct S_picks *p, const struct S_side *side,
		   const struct S_key *key, const struct S_item *item)
{
	ALLOC_GROW(p->v, p->nr + 1, p->alloc);
	p->v[p->nr].side = side;
	p->v[p->nr].key = key;
	p->v[p->nr].item = item;
	p->nr++;
}

static void S_item_conflict(struct fmmerge_result *out, const char *key,
			    const struct S_item *o, const struct S_item *t)
{
	const struct S_item *any = o ? o : t;
	struct fmmerge_conflict *c;
	size_t i, j, before = out->conflicts_nr;

	if (o && t) {
		/* Field by field: ours' order, then fields only theirs has. */
		for (i = 0; i < o->fields.nr; i++) {
			const char *tc = NULL, *td = NULL;

			for (j = 0; j < t->fields.nr; j++)
				if (!strcmp(t->fields.v[j], o->fields.v[i])) {
					tc = t->field_canons.v[j];
					td = t->field_descs.v[j];
				}
			if (tc && !strcmp(tc, o->field_canons.v[i]))
				continue;
			c = S_conflict(out, FMMERGE_CONFLICT_ITEM);
			c->field = xstrdup(o->fields.v[i]);
			c->ours = xstrdup(o->field_descs.v[i]);
			c->theirs = xstrdup_or_null(td);
		}
		for (j = 0; j < t->fields.nr; j++) {
			for (i = 0; i < o->fields.nr; i++)
				if (!strcmp(t->fields.v[j], o->fields.v[i]))
					break;
			if (i < o->fields.nr)
				continue;
			c = S_conflict(out, FMMERGE_CONFLICT_ITEM);
			c->field = xstrdup(t->fields.v[j]);
			c->theirs = xstrdup(t->field_descs.v[j]);
		}
	}
	if (out->conflicts_nr == before) {
		c = S_conflict(out, FMMERGE_CONFLICT_ITEM);
		c->ours = o ? xstrdup(o->desc) : NULL;
		c->theirs = t ? xstrdup(t->desc) : NULL;
	}
	for (i = before; i < out->conflicts_nr; i++) {
		out->conflicts[i].key = xstrdup(key);
		out->conflicts[i].target = xstrdup(any->name);
	}
}

/* Whether `v` reads back as the same string when written plain. */
static int S_plain_safe(const char *v)
{
	const unsigned char *p = (const unsigned char *)v;

	if (!*p)
		return 0;
	for (; *p; p++)
		if (!(*p >= 0x80 || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' ||
		      (p != (const unsigned char *)v && strchr("-./", *p))))
			return 0;
	return 1;
}

/* A scalar as YAML text: plain when that is safe, else double-quoted. */
static void S_add_quoted(struct strbuf *sb, const char *v, int force_quotes)
{
	const unsigned char *p;

	if (!force_quotes && S_plain_safe(v)) {
		strbuf_addstr(sb, v);
		return;
	}
	strbuf_addch(sb, '"');
	for (p = (const unsigned char *)v; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addch(sb, '\\');
		if (*p == '\n')
			strbuf_addstr(sb, "\\n");
		else if (*p >= 0x20 || *p == '\t')
			strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, '"');
}

/* Copies a block item's lines, moving its `-` from its column to `col`. */
static void S_add_block_item(struct strbuf *sb, const struct S_pick *p,
			     const char *indent, size_t col)
{
	const char *t = p->side->fm.text;
	size_t pos = p->item->line_start, end = p->item->line_end;
	long delta = (long)col - (long)p->item->dash_col;
	int first = 1;

	while (pos < end) {
		size_t le = S_line_end(t, end, pos), ws = 0;

		if (first) {
			strbuf_addstr(sb, indent);
			pos += p->item->dash_col;
		} else if (le - pos > 1) {
			while (pos + ws < le && t[pos + ws] == ' ')
				ws++;
			if (delta >= 0) {
				strbuf_addchars(sb, ' ', (size_t)delta);
			} else {
				size_t cut = (size_t)-delta < ws
						     ? (size_t)-delta
						     : ws;
				pos += cut;
			}
		}
		strbuf_add(sb, t + pos, le - pos);
		first = 0;
		pos = le;
	}
	if (sb->len && sb->buf[sb->len - 1] != '\n')
		strbuf_addch(sb, '\n');
}

/*
 * Writes the merged list key in the style of `style_side`'s key.  Returns
 * 0, or -1 when an item cannot be written in that style.
 */
static int S_write_list(struct strbuf *sb, const struct S_key *sk,
			const struct S_side *ss, const struct S_picks *picks)
{
	const char *t = ss->fm.text;
	size_t i;

	if (sk->style == S_STYLE_BLOCK) {
		const struct S_item *first = &sk->items[0];
		char *indent = xstrndup(t + first->line_start, first->dash_col);

		strbuf_add(sb, t + sk->start, first->line_start - sk->start);
		for (i = 0; i < picks->nr; i++) {
			const struct S_pick *p = &picks->v[i];

			if (p->key->style == S_STYLE_BLOCK) {
				S_add_block_item(sb, p, indent,
						 first->dash_col);
				continue;
			}
			strbuf_addf(sb, "%s- ", indent);
			if (p->key->style == S_STYLE_FLOW)
				strbuf_add(
					sb,
					p->side->fm.text + p->item->raw_start,
					p->item->raw_end - p->item->raw_start);
			else
				S_add_quoted(sb, p->item->value, 0);
			strbuf_addch(sb, '\n');
		}
		free(indent);
		return 0;
	}
	strbuf_add(sb, t + sk->start, sk->value_start - sk->start);
	if (sk->style == S_STYLE_WORDS &&
	    (!strcmp(sk->name, "tags") || picks->nr == 1)) {
		const char *sep = memchr(t + sk->value_start, ',',
					 sk->value_end - sk->value_start)
					  ? ", "
					  : " ";
		int quoted = sk->scalar_style != YAML_PLAIN_SCALAR_STYLE;
		struct strbuf words = STRBUF_INIT;

		for (i = 0; i < picks->nr; i++) {
			const char *v = picks->v[i].item->value;

			if (!v || (picks->nr > 1 && strpbrk(v, " ,\t"))) {
				strbuf_release(&words);
				return -1;
			}
			if (i)
				strbuf_addstr(&words, sep);
			strbuf_addstr(&words, v);
			/* A word YAML would misread needs quotes. */
			quoted |= !S_plain_safe(v);
		}
		if (words.len && quoted)
			S_add_quoted(sb, words.buf, 1);
		else
			strbuf_addbuf(sb, &words);
		strbuf_release(&words);
	} else {
		strbuf_addch(sb, '[');
		for (i = 0; i < picks->nr; i++) {
			const struct S_pick *p = &picks->v[i];

			if (i)
				strbuf_addstr(sb, ", ");
			if (p->key->style == S_STYLE_FLOW ||
			    (p->key->style == S_STYLE_BLOCK && p->item->value))
				strbuf_add(
					sb,
					p->side->fm.text + p->item->raw_start,
					p->item->raw_end - p->item->raw_start);
			else if (p->item->value)
				S_add_quoted(sb, p->item->value, 0);
			else
				return -1;
		}
		strbuf_addch(sb, ']');
	}
	strbuf_add(sb, t + sk->value_end, sk->end - sk->value_end);
	/* A block scalar's end takes its line break along. */
	if (sb->len && sb->buf[sb->len - 1] != '\n')
		strbuf_addch(sb, '\n');
	return 0;
}

/*
 * Merges a list key changed on both sides as a set.  Appends the text to
 * `sb` and returns 0; returns 1 after recording item conflicts; -1 when
 * the result cannot be written (the caller makes it a key conflict).
 */
static int S_merge_list(struct strbuf *sb, struct fmmerge_result *out,
			const struct S_side *bs, const struct S_key *b,
			const struct S_side *os, const struct S_key *o,
			const struct S_side *ts, const struct S_key *t,
			enum fmmerge_favor favor)
{
	struct S_picks picks = {NULL, 0, 0};
	const struct S_key *sk;
	const struct S_side *ss;
	size_t i, before = out->conflicts_nr;
	int ret;

	(void)bs;
	for (i = 0; i < o->items_nr; i++) {
		const struct S_item *oi = &o->items[i];
		const struct S_item *bi = S_find_item(b, oi->id);
		const struct S_item *ti = S_find_item(t, oi->id);

		if (!bi) {
			/* Added by ours; theirs may have added it too. */
			if (ti && strcmp(ti->canon, oi->canon)) {
				if (favor == FMMERGE_FAVOR_THEIRS)
					S_pick(&picks, ts, t, ti);
				else if (favor == FMMERGE_FAVOR_OURS)
					S_pick(&picks, os, o, oi);
				else
					S_item_conflict(out, o->name, oi, ti);
				continue;
			}
			S_pick(&picks, os, o, oi);
		} else if (!ti) {
			/* Theirs removed it: fine unless ours changed it. */
			if (strcmp(oi->canon, bi->canon)) {
				if (favor == FMMERGE_FAVOR_OURS)
					S_pick(&picks, os, o, oi);
				else if (favor == FMMERGE_FAVOR_NONE)
					S_item_conflict(out, o->name, oi, NULL);
			}
		} else if (!strcmp(oi->canon, bi->canon)) {
			S_pick(&picks, ts, t, ti);
		} else if (!strcmp(ti->canon, bi->canon) ||
			   !strcmp(ti->canon, oi->canon)) {
			S_pick(&picks, os, o, oi);
		} else if (favor == FMMERGE_FAVOR_NONE) {
			S_item_conflict(out, o->name, oi, ti);
		} else {
			S_pick(&picks, favor == FMMERGE_FAVOR_OURS ? os : ts,
			       favor == FMMERGE_FAVOR_OURS ? o : t,
			       favor == FMMERGE_FAVOR_OURS ? oi : ti);
		}
	}
	for (i = 0; i < t->items_nr; i++) {
		const struct S_item *ti = &t->items[i];
		const struct S_item *bi = S_find_item(b, ti->id);

		if (S_find_item(o, ti->id))
			continue;
		if (!bi) {
			S_pick(&picks, ts, t, ti);
		} else if (strcmp(ti->canon, bi->canon)) {
			/* Ours removed what theirs changed. */
			if (favor == FMMERGE_FAVOR_THEIRS)
				S_pick(&picks, ts, t, ti);
			else if (favor == FMMERGE_FAVOR_NONE)
				S_item_conflict(out, t->name, NULL, ti);
		}
	}
	if (out->conflicts_nr > before) {
		ret = 1;
		goto done;
	}
	/* Ours' layout, unless ours holds no items to copy it from. */
	sk = o;
	ss = os;
	if (o->style == S_STYLE_WORDS && !o->items_nr && t->items_nr) {
		sk = t;
		ss = ts;
	}
	if (sk->style == S_STYLE_BLOCK && !sk->items_nr) {
		ret = -1;
		goto done;
	}
	ret = S_write_list(sb, sk, ss, &picks);
done:
	free(picks.v);
	return ret;
}

/* ---- merging the frontmatter ------------------------------------------ */

struct S_entry {
	const char *name;
	struct strbuf text;
};

struct S_entries {
	struct S_entry *v;
	size_t nr, alloc;
};

static struct S_entry *S_entry_insert(struct S_entries *e, size_t at,
				      const char *name)
{
	ALLOC_GROW(e->v, e->nr + 1, e->alloc);
	memmove(e->v + at + 1, e->v + at, (e->nr - at) * sizeof(*e->v));
	e->nr++;
	e->v[at].name = name;
	strbuf_init(&e->v[at].text, 0);
	return &e->v[at];
}

static void S_add_block(struct strbuf *sb, const struct S_side *s,
			const struct S_key *k)
{
	strbuf_add(sb, s->fm.text + k->start, k->end - k->start);
	if (sb->len && sb->buf[sb->len - 1] != '\n')
		strbuf_addch(sb, '\n');
}

static int S_same_raw(const struct S_side *a, const struct S_key *ka,
		      const struct S_side *b, const struct S_key *kb)
{
	return S_eq(a->fm.text + ka->start, ka->end - ka->start,
		    b->fm.text + kb->start, kb->end - kb->start);
}

/* The id the note declares, for reports. */
static char *S_declared(const struct S_side *o, const struct S_side *t,
			const struct S_side *b)
{
	const struct S_side *sides[3] = {o, t, b};
	size_t i;

	for (i = 0; i < 3; i++) {
		const struct S_key *k = S_find_key(&sides[i]->fm, "position");

		if (!k)
			k = S_find_key(&sides[i]->fm, "thesis");
		if (k && k->canon[0] == 'S' && *k->desc)
			return xstrdup(k->desc);
	}
	return NULL;
}

static void S_key_conflict(struct fmmerge_result *out, const char *declared,
			   const char *name, const struct S_key *o,
			   const struct S_key *t)
{
	struct fmmerge_conflict *c = S_conflict(out, FMMERGE_CONFLICT_KEY);

	c->target = xstrdup_or_null(declared);
	c->key = xstrdup(name);
	c->ours = o ? xstrdup(o->desc) : NULL;
	c->theirs = t ? xstrdup(t->desc) : NULL;
}

/*
 * Merges one key present on ours' side (`o` may be NULL only when called
 * for a key ours removed).  Appends the merged block to `sb` (nothing when
 * the key goes).
 */
static void S_merge_key(struct strbuf *sb, struct fmmerge_result *out,
			const char *declared, const struct S_side *bs,
			const struct S_side *os, const struct S_side *ts,
			const char *name, enum fmmerge_favor favor)
{
	const struct S_key *b = S_find_key(&bs->fm, name);
	const struct S_key *o = S_find_key(&os->fm, name);
	const struct S_key *t = S_find_key(&ts->fm, name);
	int r;

	if (o && t) {
		if (S_same_raw(os, o, ts, t) ||
		    (b && !S_same_raw(os, o, bs, b) &&
		     S_same_raw(ts, t, bs, b)))
			goto take_ours;
		if (b && S_same_raw(os, o, bs, b))
			goto take_theirs;
		if (!strcmp(o->canon, t->canon) ||
		    (b && !strcmp(t->canon, b->canon)))
			goto take_ours;
		if (b && !strcmp(o->canon, b->canon))
			goto take_theirs;
		if (o->is_list && t->is_list && (!b || b->is_list)) {
			size_t len = sb->len;

			r = S_merge_list(sb, out, bs, b, os, o, ts, t, favor);
			if (r >= 0)
				return;
			strbuf_setlen(sb, len);
		}
		goto conflict;
	}
	if (o) {
		if (!b)
			goto take_ours; /* added by ours */
		if (!strcmp(o->canon, b->canon))
			return; /* removed by theirs */
		goto conflict;
	}
	if (t) {
		if (!b)
			goto take_theirs; /* added by theirs */
		if (!strcmp(t->canon, b->canon))
			return; /* removed by ours */
		goto conflict;
	}
	return;
conflict:
	if (favor == FMMERGE_FAVOR_OURS)
		goto take_ours;
	if (favor == FMMERGE_FAVOR_THEIRS)
		goto take_theirs;
	S_key_conflict(out, declared, name, o, t);
	return;
take_ours:
	if (o)
		S_add_block(sb, os, o);
	return;
take_theirs:
	if (t)
		S_add_block(sb, ts, t);
}

/* Merges the three frontmatters into `yaml`. */
static void S_merge_fm(struct strbuf *yaml, struct fmmerge_result *out,
		       const struct S_side *b, const struct S_side *o,
		       const struct S_side *t, enum fmmerge_favor favor)
{
	struct S_entries entries = {NULL, 0, 0};
	char *declared = S_declared(o, t, b);
	size_t i, j;

	/* Comments before the first key, merged as a whole. */
	if (!S_eq(o->fm.text, o->fm.preamble_end, b->fm.text,
		  b->fm.preamble_end))
		strbuf_add(yaml, o->fm.text, o->fm.preamble_end);
	else
		strbuf_add(yaml, t->fm.text, t->fm.preamble_end);

	for (i = 0; i < o->fm.nr; i++) {
		struct S_entry *e = S_entry_insert(&entries, entries.nr,
						   o->fm.keys[i].name);

		S_merge_key(&e->text, out, declared, b, o, t, e->name, favor);
	}
	for (i = 0; i < t->fm.nr; i++) {
		const char *name = t->fm.keys[i].name;
		size_t at = 0;
		struct S_entry *e;

		if (S_find_key(&o->fm, name))
			continue;
		/* After the nearest key that precedes it in theirs. */
		for (j = i; j-- > 0 && !at;) {
			size_t k;

			for (k = 0; k < entries.nr; k++)
				if (!strcmp(entries.v[k].name,
					    t->fm.keys[j].name)) {
					at = k + 1;
					break;
				}
		}
		e = S_entry_insert(&entries, at, name);
		S_merge_key(&e->text, out, declared, b, o, t, name, favor);
	}
	/* Keys in base only were removed by both sides. */
	for (i = 0; i < entries.nr; i++) {
		strbuf_addbuf(yaml, &entries.v[i].text);
		strbuf_release(&entries.v[i].text);
	}
	free(entries.v);
	free(declared);
}

/* ---- merging the body ------------------------------------------------- */

struct S_hunk {
	size_t b0, bn; /* base lines, 0-based */
	size_t x0, xn; /* the side's lines */
};

struct S_hunks {
	struct S_hunk *v;
	size_t nr, alloc;
};

static int S_hunk_cb(const git_diff_delta *delta, const git_diff_hunk *h,
		     void *payload)
{
	struct S_hunks *hs = payload;
	struct S_hunk *k;

	(void)delta;
	ALLOC_GROW(hs->v, hs->nr + 1, hs->alloc);
	k = &hs->v[hs->nr++];
	/* A range of 0 lines starts after the line it names. */
	k->b0 = h->old_lines ? (size_t)h->old_start - 1 : (size_t)h->old_start;
	k->bn = (size_t)h->old_lines;
	k->x0 = h->new_lines ? (size_t)h->new_start - 1 : (size_t)h->new_start;
	k->xn = (size_t)h->new_lines;
	return 0;
}

static int S_hunks(struct S_hunks *out, const char *a, size_t alen,
		   const char *b, size_t blen)
{
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;

	opts.context_lines = 0;
	opts.interhunk_lines = 0;
	opts.flags = GIT_DIFF_FORCE_TEXT;
	return git_diff_buffers(a, alen, NULL, b, blen, NULL, &opts, NULL, NULL,
				S_hunk_cb, NULL, out);
}

/* Line starts of `s`, with one past the end. */
static size_t S_split_lines(size_t **out, const char *s, size_t len)
{
	size_t nr = 0, alloc = 0, i;

	*out = NULL;
	ALLOC_GROW(*out, 1, alloc);
	(*out)[nr++] = 0;
	for (i = 0; i < len; i++)
		if (s[i] == '\n' && i + 1 < len) {
			ALLOC_GROW(*out, nr + 1, alloc);
			(*out)[nr++] = i + 1;
		}
	if (!len)
		nr = 0;
	ALLOC_GROW(*out, nr + 1, alloc);
	(*out)[nr] = len;
	return nr;
}

static int S_same_lines(const char *a, const size_t *al, size_t a0, size_t a1,
			const char *b, const size_t *bl, size_t b0, size_t b1)
{
	return S_eq(a + al[a0], al[a1] - al[a0], b + bl[b0], bl[b1] - bl[b0]);
}

/*
 * Where ours and theirs changed the same lines of base (ranges that
 * overlap or touch, as xdiff's merge sees a conflict), as lines of ours.
 * Adds one conflict per region; returns how many it added.
 */
static size_t S_body_conflicts(struct fmmerge_result *out,
			       enum fmmerge_conflict_kind kind, const char *b,
			       size_t blen, const char *o, size_t olen,
			       const char *t, size_t tlen, unsigned line_offset)
{
	struct S_hunks h1 = {NULL, 0, 0}, h2 = {NULL, 0, 0};
	size_t *ol = NULL, *tl = NULL, i = 0, j = 0, added = 0;
	long d1 = 0, d2 = 0;

	if (S_hunks(&h1, b, blen, o, olen) < 0 ||
	    S_hunks(&h2, b, blen, t, tlen) < 0) {
		git_error_clear();
		goto done;
	}
	S_split_lines(&ol, o, olen);
	S_split_lines(&tl, t, tlen);
	while (i < h1.nr || j < h2.nr) {
		size_t g0, g1;
		long gd1 = 0, gd2 = 0;
		int has1 = 0, has2 = 0;

		if (j >= h2.nr || (i < h1.nr && h1.v[i].b0 <= h2.v[j].b0))
			g0 = h1.v[i].b0;
		else
			g0 = h2.v[j].b0;
		g1 = g0;
		for (;;) {
			if (i < h1.nr && h1.v[i].b0 <= g1 &&
			    (has1 || has2 || h1.v[i].b0 == g0)) {
				if (h1.v[i].b0 + h1.v[i].bn > g1)
					g1 = h1.v[i].b0 + h1.v[i].bn;
				gd1 += (long)h1.v[i].xn - (long)h1.v[i].bn;
				has1 = 1;
				i++;
			} else if (j < h2.nr && h2.v[j].b0 <= g1 &&
				   (has1 || has2 || h2.v[j].b0 == g0)) {
				if (h2.v[j].b0 + h2.v[j].bn > g1)
					g1 = h2.v[j].b0 + h2.v[j].bn;
				gd2 += (long)h2.v[j].xn - (long)h2.v[j].bn;
				has2 = 1;
				j++;
			} else {
				break;
			}
		}
		if (has1 && has2) {
			size_t o0 = (size_t)((long)g0 + d1);
			size_t o1 = (size_t)((long)g1 + d1 + gd1);
			size_t t0 = (size_t)((long)g0 + d2);
			size_t t1 = (size_t)((long)g1 + d2 + gd2);

			if (!S_same_lines(o, ol, o0, o1, t, tl, t0, t1)) {
				struct fmmerge_conflict *c =
					S_conflict(out, kind);

				c->first_line = line_offset + (unsigned)o0 + 1;
				c->last_line =
					line_offset +
					(unsigned)(o1 > o0 ? o1 : o0 + 1);
				added++;
			}
		}
		d1 += gd1;
		d2 += gd2;
	}
done:
	free(h1.v);
	free(h2.v);
	free(ol);
	free(tl);
	return added;
}

/*
 * Merges three texts line by line into `sb`; conflicts (only without a
 * favoured side) are recorded as `kind` with lines of ours.
 */
static int S_merge_text(struct strbuf *sb, struct fmmerge_result *out,
			enum fmmerge_conflict_kind kind, const char *b,
			size_t blen, const char *o, size_t olen, const char *t,
			size_t tlen, unsigned line_offset,
			enum fmmerge_favor favor)
{
	git_merge_file_input in_b = GIT_MERGE_FILE_INPUT_INIT,
			     in_o = GIT_MERGE_FILE_INPUT_INIT,
			     in_t = GIT_MERGE_FILE_INPUT_INIT;
	git_merge_file_options opts = GIT_MERGE_FILE_OPTIONS_INIT;
	git_merge_file_result res = {0};

	if (S_eq(o, olen, t, tlen) || S_eq(b, blen, t, tlen)) {
		strbuf_add(sb, o, olen);
		return 0;
	}
	if (S_eq(b, blen, o, olen)) {
		strbuf_add(sb, t, tlen);
		return 0;
	}
	in_b.ptr = b;
	in_b.size = blen;
	in_o.ptr = o;
	in_o.size = olen;
	in_t.ptr = t;
	in_t.size = tlen;
	opts.favor = favor == FMMERGE_FAVOR_OURS ? GIT_MERGE_FILE_FAVOR_OURS
		     : favor == FMMERGE_FAVOR_THEIRS
			     ? GIT_MERGE_FILE_FAVOR_THEIRS
			     : GIT_MERGE_FILE_FAVOR_NORMAL;
	if (git_merge_file(&res, &in_b, &in_o, &in_t, &opts) < 0)
		return error_git("cannot merge");
	if (res.automergeable) {
		strbuf_add(sb, res.ptr, res.len);
	} else if (!S_body_conflicts(out, kind, b, blen, o, olen, t, tlen,
				     line_offset)) {
		/* xdiff saw a conflict the line ranges do not show. */
		S_conflict(out, kind);
	}
	git_merge_file_result_free(&res);
	return 0;
}

/* ---- the merge ---------------------------------------------------------- */

static void S_set_body(struct S_side *s)
{
	size_t off = s->fm.present ? s->split.body_offset : 0;

	s->body = s->text.buf + off;
	s->body_len = s->text.len - off;
	s->body_line = s->fm.present ? s->split.body_line : 1;
}

/* Gives the result ours' BOM and line ends. */
static void S_finish(struct fmmerge_result *out, const struct strbuf *merged,
		     const struct S_side *o)
{
	size_t i;

	if (o->bom)
		strbuf_add(&out->text, "\xEF\xBB\xBF", 3);
	for (i = 0; i < merged->len; i++) {
		if (o->crlf && merged->buf[i] == '\n')
			strbuf_addch(&out->text, '\r');
		strbuf_addch(&out->text, merged->buf[i]);
	}
}

int fmmerge(struct fmmerge_result *out, const struct fmmerge_input *base,
	    const struct fmmerge_input *ours,
	    const struct fmmerge_input *theirs, enum fmmerge_favor favor)
{
	struct S_side sides[3], *b = &sides[0], *o = &sides[1], *t = &sides[2];
	struct strbuf merged = STRBUF_INIT;
	const struct S_side *delim;
	size_t i;
	int ret = -1, as_text = 0;

	S_side_init(b, base);
	S_side_init(o, ours);
	S_side_init(t, theirs);
	for (i = 0; i < 3; i++) {
		struct S_side *s = &sides[i];

		if (s->split.state == FRONTMATTER_CLOSED &&
		    S_fm_read(&s->fm, s->text.buf + s->split.yaml_offset,
			      s->split.yaml_len) < 0) {
			S_fm_release(&s->fm);
			s->fm.text = "";
			as_text = 1;
		}
		S_set_body(s);
	}
	/*
	 * A frontmatter added or removed on a side: the sides' bodies are
	 * then different slices of their files, so merge the whole files.
	 */
	if (o->fm.present != t->fm.present ||
	    (b->exists && b->fm.present != o->fm.present))
		as_text = 1;
	/* Blocks of keys indented differently do not splice together. */
	for (i = 0; i < 3; i++)
		if (sides[i].fm.nr && o->fm.nr &&
		    sides[i].fm.indent != o->fm.indent)
			as_text = 1;
	if (as_text) {
		out->as_text = 1;
		if (S_merge_text(&merged, out, FMMERGE_CONFLICT_TEXT,
				 b->text.buf, b->text.len, o->text.buf,
				 o->text.len, t->text.buf, t->text.len, 0,
				 favor) < 0)
			goto done;
	} else {
		struct strbuf yaml = STRBUF_INIT, body = STRBUF_INIT;
		int present;

		S_merge_fm(&yaml, out, b, o, t, favor);
		if (S_merge_text(&body, out, FMMERGE_CONFLICT_BODY, b->body,
				 b->body_len, o->body, o->body_len, t->body,
				 t->body_len, o->body_line - 1, favor) < 0) {
			strbuf_release(&yaml);
			strbuf_release(&body);
			goto done;
		}
		present = o->fm.present || yaml.len > 0;
		delim = o->fm.present ? o : t->fm.present ? t : b;
		if (present && delim->fm.present) {
			const char *x = delim->text.buf;
			size_t close = delim->split.yaml_offset +
				       delim->split.yaml_len;

			strbuf_add(&merged, x, delim->split.yaml_offset);
			strbuf_addbuf(&merged, &yaml);
			strbuf_add(&merged, x + close,
				   delim->split.body_offset - close);
		} else if (present) {
			strbuf_addstr(&merged, "---\n");
			strbuf_addbuf(&merged, &yaml);
			strbuf_addstr(&merged, "---\n");
		}
		if (body.len && merged.len &&
		    merged.buf[merged.len - 1] != '\n')
			strbuf_addch(&merged, '\n');
		strbuf_addbuf(&merged, &body);
		strbuf_release(&yaml);
		strbuf_release(&body);
	}
	if (!out->conflicts_nr)
		S_finish(out, &merged, o);
	ret = 0;
done:
	strbuf_release(&merged);
	for (i = 0; i < 3; i++)
		S_side_release(&sides[i]);
	return ret;
}

static void S_value(struct strbuf *sb, const char *v)
{
	struct strbuf safe = STRBUF_INIT;
	size_t i;

	if (!v) {
		strbuf_addstr(sb, "(removed)");
		return;
	}
	if (!*v) {
		strbuf_addstr(sb, "(empty)");
		return;
	}
	/* One line: line breaks become spaces before anything is escaped. */
	for (i = 0; v[i]; i++)
		strbuf_addch(&safe, v[i] == '\n' || v[i] == '\r' ? ' ' : v[i]);
	strbuf_add_terminal_safe(sb, safe.buf, safe.len);
	strbuf_release(&safe);
}

void fmmerge_conflict_describe(struct strbuf *sb,
			       const struct fmmerge_conflict *c)
{
	const char *what = c->kind == FMMERGE_CONFLICT_BODY ? "body " : "";

	switch (c->kind) {
	case FMMERGE_CONFLICT_KEY:
		if (c->target) {
			S_value(sb, c->target);
			strbuf_addch(sb, ' ');
		}
		S_value(sb, c->key);
		break;
	case FMMERGE_CONFLICT_ITEM:
		if (!strcmp(c->key, "maps"))
			strbuf_addstr(sb, "mapping ");
		else if (strcmp(c->key, "positions") &&
			 strcmp(c->key, "theses")) {
			S_value(sb, c->key);
			strbuf_addch(sb, ' ');
		}
		S_value(sb, c->target);
		if (c->field) {
			strbuf_addch(sb, ' ');
			S_value(sb, c->field);
		}
		break;
	case FMMERGE_CONFLICT_BODY:
	case FMMERGE_CONFLICT_TEXT:
		if (!c->first_line)
			strbuf_addf(sb, "%schanged on both sides", what);
		else if (c->first_line == c->last_line)
			strbuf_addf(sb, "%sline %u changed on both sides", what,
				    c->first_line);
		else
			strbuf_addf(sb, "%slines %u-%u changed on both sides",
				    what, c->first_line, c->last_line);
		return;
	}
	strbuf_addstr(sb, ": yours ");
	S_value(sb, c->ours);
	strbuf_addstr(sb, ", theirs ");
	S_value(sb, c->theirs);
}
