/*
 * record: one field of one target changed in its note and committed.  See
 * record.h for the rules; the splice is here, the commit below it.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <git2/sys/repository.h>
#include <yaml.h>

#include "frontmatter.h"
#include "history.h"
#include "names.h"
#include "note.h"
#include "reader.h"
#include "record.h"
#include "util.h"
#include "vault.h"
#include "vocab.h"

/* ---- where things are in the frontmatter ---------------------------- */

/* A key of a mapping and the bytes of its value. */
struct S_kv {
	char *key;
	size_t key_off;	     /* byte offset of the key in the note */
	size_t key_end;	     /* just after the key */
	int scalar;	     /* the value is a scalar */
	size_t vstart, vend; /* the value's bytes */
	yaml_scalar_style_t style;
	char *value; /* a scalar's value */
};

struct S_map {
	int flow;
	int kind; /* an item's kind; -1 for the root mapping */
	struct S_kv *kv;
	size_t nr, alloc;
};

struct S_doc {
	const char *text; /* the whole note */
	size_t base;	  /* where the YAML starts in it */
	size_t end;	  /* where it ends */
	/* libyaml counts characters: the last conversion, to go on from. */
	size_t last_index, last_byte;
	struct S_map root;
	struct S_map *items;
	size_t items_nr, items_alloc;
};

static void S_map_release(struct S_map *m)
{
	size_t i;

	for (i = 0; i < m->nr; i++) {
		free(m->kv[i].key);
		free(m->kv[i].value);
	}
	free(m->kv);
}

static void S_doc_release(struct S_doc *d)
{
	size_t i;

	S_map_release(&d->root);
	for (i = 0; i < d->items_nr; i++)
		S_map_release(&d->items[i]);
	free(d->items);
}

/* The byte offset in the note of a libyaml mark (a character index). */
static size_t S_off(struct S_doc *d, yaml_mark_t m)
{
	size_t i = d->last_index, b = d->last_byte;

	if (m.index < i)
		i = 0, b = d->base;
	while (i < m.index && b < d->end) {
		unsigned char c = (unsigned char)d->text[b];

		b += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		i++;
	}
	if (b > d->end)
		b = d->end;
	d->last_index = i;
	d->last_byte = b;
	return b;
}

static int S_next(yaml_event_t *ev, yaml_parser_t *p)
{
	return yaml_parser_parse(p, ev) ? 0 : -1;
}

/* Skips the node `ev` starts (deleted here); its end offset in *end. */
static int S_skip(struct S_doc *d, yaml_parser_t *p, yaml_event_t *ev,
		  size_t *end)
{
	int depth = 0;

	for (;;) {
		if (ev->type == YAML_MAPPING_START_EVENT ||
		    ev->type == YAML_SEQUENCE_START_EVENT)
			depth++;
		else if (ev->type == YAML_MAPPING_END_EVENT ||
			 ev->type == YAML_SEQUENCE_END_EVENT)
			depth--;
		else if (ev->type == YAML_STREAM_END_EVENT)
			depth = 0;
		*end = S_off(d, ev->end_mark);
		yaml_event_delete(ev);
		if (depth <= 0)
			return 0;
		if (S_next(ev, p) < 0)
			return -1;
	}
}

static int S_read_map(struct S_doc *d, yaml_parser_t *p, struct S_map *m,
		      size_t *end);

/* An item mapping of `positions:` / `theses:` (ev: its MAPPING-START). */
static int S_read_item(struct S_doc *d, yaml_parser_t *p, yaml_event_t *ev,
		       int kind, size_t *end)
{
	struct S_map *m;

	ALLOC_GROW(d->items, d->items_nr + 1, d->items_alloc);
	m = &d->items[d->items_nr++];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->flow = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
	yaml_event_delete(ev);
	return S_read_map(d, p, m, end);
}

/* The value of a root `positions:` / `theses:` key. */
static int S_read_list(struct S_doc *d, yaml_parser_t *p, yaml_event_t *ev,
		       int kind, size_t *end)
{
	if (ev->type == YAML_MAPPING_START_EVENT)
		return S_read_item(d, p, ev, kind, end);
	if (ev->type != YAML_SEQUENCE_START_EVENT)
		return S_skip(d, p, ev, end);
	yaml_event_delete(ev);
	for (;;) {
		if (S_next(ev, p) < 0)
			return -1;
		if (ev->type == YAML_SEQUENCE_END_EVENT) {
			*end = S_off(d, ev->end_mark);
			yaml_event_delete(ev);
			return 0;
		}
		if (ev->type == YAML_MAPPING_START_EVENT) {
			if (S_read_item(d, p, ev, kind, end) < 0)
				return -1;
		} else if (S_skip(d, p, ev, end) < 0) {
			return -1;
		}
	}
}

/*
 * Reads the keys of a mapping whose MAPPING-START was consumed; *end_out
 * is where its MAPPING-END ends.
 */
static int S_read_map(struct S_doc *d, yaml_parser_t *p, struct S_map *m,
		      size_t *end_out)
{
	yaml_event_t ev;
	size_t end = 0;

	for (;;) {
		struct S_kv *kv;

		if (S_next(&ev, p) < 0)
			return -1;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			*end_out = S_off(d, ev.end_mark);
			yaml_event_delete(&ev);
			return 0;
		}
		if (ev.type != YAML_SCALAR_EVENT) {
			if (S_skip(d, p, &ev, &end) < 0 || S_next(&ev, p) < 0 ||
			    S_skip(d, p, &ev, &end) < 0)
				return -1;
			continue;
		}
		ALLOC_GROW(m->kv, m->nr + 1, m->alloc);
		kv = &m->kv[m->nr++];
		memset(kv, 0, sizeof(*kv));
		kv->key = xstrndup((const char *)ev.data.scalar.value,
				   ev.data.scalar.length);
		kv->key_off = S_off(d, ev.start_mark);
		kv->key_end = S_off(d, ev.end_mark);
		yaml_event_delete(&ev);
		if (S_next(&ev, p) < 0)
			return -1;
		kv->vstart = S_off(d, ev.start_mark);
		if (ev.type == YAML_SCALAR_EVENT) {
			kv->scalar = 1;
			kv->style = ev.data.scalar.style;
			kv->value = xstrndup((const char *)ev.data.scalar.value,
					     ev.data.scalar.length);
			kv->vend = S_off(d, ev.end_mark);
			yaml_event_delete(&ev);
			continue;
		}
		if (m->kind < 0 && (!strcmp(kv->key, "positions") ||
				    !strcmp(kv->key, "theses"))) {
			int kind = kv->key[0] == 'p' ? TARGET_POSITION
						     : TARGET_THESIS;

			if (S_read_list(d, p, &ev, kind, &end) < 0)
				return -1;
			kv->vend = end;
			continue;
		}
		if (S_skip(d, p, &ev, &kv->vend) < 0)
			return -1;
	}
}

/* Reads the frontmatter of `text`; -1 when it has none or does not parse. */
static int S_doc_read(struct S_doc *d, const char *text, size_t len)
{
	struct frontmatter_split split;
	yaml_parser_t p;
	yaml_event_t ev;
	size_t end;
	int ret = -1;

	memset(d, 0, sizeof(*d));
	d->root.kind = -1;
	frontmatter_split(&split, text, len);
	if (split.state != FRONTMATTER_CLOSED)
		return -1;
	d->text = text;
	d->base = d->last_byte = split.yaml_offset;
	d->end = split.yaml_offset + split.yaml_len;
	if (!yaml_parser_initialize(&p))
		die("out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)text + d->base,
				     split.yaml_len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	if (S_next(&ev, &p) < 0)
		goto done;
	yaml_event_delete(&ev);
	if (S_next(&ev, &p) < 0 || ev.type != YAML_DOCUMENT_START_EVENT) {
		yaml_event_delete(&ev);
		goto done;
	}
	yaml_event_delete(&ev);
	if (S_next(&ev, &p) < 0 || ev.type != YAML_MAPPING_START_EVENT) {
		yaml_event_delete(&ev);
		goto done;
	}
	d->root.flow = ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
	yaml_event_delete(&ev);
	ret = S_read_map(d, &p, &d->root, &end);
done:
	yaml_parser_delete(&p);
	return ret;
}

/* The last key `key` of `m` (as the parser reads duplicates), or NULL. */
static struct S_kv *S_get(struct S_map *m, const char *key)
{
	size_t i;

	for (i = m->nr; i > 0; i--)
		if (!strcmp(m->kv[i - 1].key, key))
			return &m->kv[i - 1];
	return NULL;
}

static int S_names(const struct S_kv *kv, const char *id)
{
	char *slug;
	int ret;

	if (!kv || !kv->scalar)
		return 0;
	slug = names_slug(kv->value, strlen(kv->value));
	ret = !strcmp(slug, id);
	free(slug);
	return ret;
}

/* The mapping declaring `id` and the key that names it. */
static struct S_map *S_find(struct S_doc *d, const char *id, int kind,
			    struct S_kv **anchor)
{
	struct S_kv *pos = S_get(&d->root, "position");
	struct S_kv *top = pos ? pos : S_get(&d->root, "thesis");
	size_t i;

	if (top && (pos ? TARGET_POSITION : TARGET_THESIS) == kind &&
	    S_names(top, id)) {
		*anchor = top;
		return &d->root;
	}
	for (i = 0; i < d->items_nr; i++) {
		struct S_kv *kv = S_get(&d->items[i], "id");

		if (d->items[i].kind == kind && S_names(kv, id)) {
			*anchor = kv;
			return &d->items[i];
		}
	}
	return NULL;
}

/* ---- writing a scalar --------------------------------------------------- */

static int S_plain_ok(const char *v, int flow)
{
	size_t len = strlen(v), i;

	if (!len || v[0] == ' ' || v[len - 1] == ' ' || v[len - 1] == ':')
		return 0;
	if (strchr("-?:,[]{}#&*!|>'\"%@`", v[0]))
		return 0;
	if (!strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	    !strcmp(v, "NULL"))
		return 0;
	for (i = 0; i < len; i++) {
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return 0;
		if (v[i] == ':' && v[i + 1] == ' ')
			return 0;
		if (v[i] == ' ' && v[i + 1] == '#')
			return 0;
		if (flow && strchr(",[]{}", v[i]))
			return 0;
	}
	return 1;
}

/* `v` as a YAML scalar, in the style the old value had where it can. */
static void S_scalar(struct strbuf *out, const char *v,
		     yaml_scalar_style_t style, int flow)
{
	const char *s;

	if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE) {
		strbuf_addch(out, '\'');
		for (s = v; *s; s++) {
			if (*s == '\'')
				strbuf_addch(out, '\'');
			strbuf_addch(out, *s);
		}
		strbuf_addch(out, '\'');
		return;
	}
	if (style != YAML_DOUBLE_QUOTED_SCALAR_STYLE && S_plain_ok(v, flow)) {
		strbuf_addstr(out, v);
		return;
	}
	strbuf_addch(out, '"');
	for (s = v; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addch(out, '\\');
		strbuf_addch(out, *s);
	}
	strbuf_addch(out, '"');
}

/* ---- the edit -------------------------------------------------------- */

static size_t S_line_start(const char *text, size_t off)
{
	while (off > 0 && text[off - 1] != '\n' && text[off - 1] != '\r')
		off--;
	return off;
}

/* After the line break of the line holding `off`. */
static size_t S_next_line(const char *text, size_t len, size_t off,
			  const char **eol)
{
	while (off < len && text[off] != '\n' && text[off] != '\r')
		off++;
	*eol = off + 1 < len && text[off] == '\r' && text[off + 1] == '\n'
		       ? "\r\n"
	       : off < len && text[off] == '\r' ? "\r"
						: "\n";
	if (off < len)
		off += strlen(*eol);
	return off;
}

static void S_splice(struct strbuf *out, const char *text, size_t len,
		     size_t from, size_t to, const struct strbuf *with)
{
	strbuf_add(out, text, from);
	strbuf_addbuf(out, with);
	strbuf_add(out, text + to, len - to);
}

/* Replaces the paragraph after the body's `Stance` heading. */
static int S_edit_body_stance(struct strbuf *out, struct strbuf *err,
			      const char *text, size_t len, unsigned line,
			      const char *value)
{
	struct strbuf with = STRBUF_INIT;
	size_t start = 0, end, next;
	const char *eol;
	unsigned n;

	for (n = 1; n < line && start < len; n++)
		start = S_next_line(text, len, start, &eol);
	if (n < line || start >= len) {
		strbuf_addstr(err, "cannot find the Stance paragraph");
		return -1;
	}
	while (start < len && (text[start] == ' ' || text[start] == '\t'))
		start++;
	/* The paragraph runs to the first blank line. */
	for (end = next = start; next < len;) {
		size_t k = next, stop = S_next_line(text, len, next, &eol);

		while (k < stop && strchr(" \t\r\n", text[k]))
			k++;
		if (k == stop)
			break;
		end = stop;
		while (end > next && strchr("\r\n", text[end - 1]))
			end--;
		next = stop;
	}
	strbuf_addstr(&with, value);
	S_splice(out, text, len, start, end, &with);
	strbuf_release(&with);
	return 0;
}

int record_edit(struct strbuf *out, struct strbuf *err, const char *text,
		size_t len, const char *id, int kind, const char *field,
		const char *value)
{
	struct S_doc d;
	struct S_map *m;
	struct S_kv *anchor = NULL, *kv;
	struct strbuf with = STRBUF_INIT;
	int ret = -1;

	if (S_doc_read(&d, text, len) < 0) {
		strbuf_addstr(err, "its frontmatter does not parse");
		goto done;
	}
	m = S_find(&d, id, kind, &anchor);
	if (!m) {
		strbuf_addf(err, "cannot find the declaration of '%s'", id);
		goto done;
	}
	kv = S_get(m, field);
	if (kv && !kv->scalar) {
		strbuf_addf(err,
			    "'%s' is not a single value there; edit it "
			    "by hand",
			    field);
		goto done;
	}
	if (kv) {
		size_t from = kv->vstart, to = kv->vend;

		if (kv->style == YAML_LITERAL_SCALAR_STYLE ||
		    kv->style == YAML_FOLDED_SCALAR_STYLE) {
			while (to > from && strchr(" \t\r\n", text[to - 1]))
				to--;
		} else if (!*kv->value &&
			   kv->style == YAML_PLAIN_SCALAR_STYLE) {
			/* `owner:` with nothing: write after the colon. */
			from = to = kv->key_end;
			while (to < d.end && text[to] == ' ')
				to++;
			if (to < d.end && text[to] == ':')
				to++;
			from = to;
			strbuf_addch(&with, ' ');
		}
		S_scalar(&with, value, kv->style, m->flow);
		S_splice(out, text, len, from, to, &with);
		ret = 0;
		goto done;
	}
	if (m->flow) {
		size_t at = m->kv[m->nr - 1].vend;

		strbuf_addf(&with, ", %s: ", field);
		S_scalar(&with, value, YAML_PLAIN_SCALAR_STYLE, 1);
		S_splice(out, text, len, at, at, &with);
	} else {
		const char *eol;
		size_t at = S_next_line(text, len, anchor->vend, &eol);
		size_t col =
			anchor->key_off - S_line_start(text, anchor->key_off);

		strbuf_addchars(&with, ' ', col);
		strbuf_addf(&with, "%s: ", field);
		S_scalar(&with, value, YAML_PLAIN_SCALAR_STYLE, 0);
		strbuf_addstr(&with, eol);
		S_splice(out, text, len, at, at, &with);
	}
	ret = 0;
done:
	strbuf_release(&with);
	S_doc_release(&d);
	return ret;
}

/* ---- values ------------------------------------------------------------ */

static const char *const record_fields[] = {"status", "confidence", "stance",
					    "owner", "title"};

static const char *S_field_value(const struct target_decl *d, const char *f)
{
	if (!strcmp(f, "status"))
		return d->status;
	if (!strcmp(f, "confidence"))
		return d->confidence;
	if (!strcmp(f, "stance"))
		return d->stance;
	if (!strcmp(f, "owner"))
		return d->owner;
	return d->title;
}

/* The value as the note will read it back, or NULL with the error set. */
static char *S_check_value(const struct target_decl *d, const char *field,
			   const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *s;
	const char *canon;
	enum target_kind kind;
	size_t i, n;

	strbuf_addstr(&sb, value);
	strbuf_trim(&sb);
	for (i = 0; i < ARRAY_SIZE(record_fields); i++)
		if (!strcmp(field, record_fields[i]))
			break;
	if (i == ARRAY_SIZE(record_fields)) {
		error_set("cannot record '%s': give status, confidence, stance, "
		      "owner or title",
		      field);
		goto fail;
	}
	if (!sb.len) {
		error_set("%s: give a value", field);
		goto fail;
	}
	for (s = (const unsigned char *)sb.buf; *s; s += n) {
		n = utf8_seq_len(s, strlen((const char *)s));
		if (!n || *s < 0x20 || *s == 0x7f) {
			error_set("%s: the value must be one line of text", field);
			goto fail;
		}
	}
	if (!strcmp(field, "status")) {
		canon = vocab_status(sb.buf, sb.len, &kind);
		if (!canon || kind != d->kind) {
			error_set("'%s' is not a status of a %s (%s)", sb.buf,
			      target_kind_name(d->kind),
			      d->kind == TARGET_POSITION
				      ? "held, questioned, revised, retired"
				      : "emerging, corroborated, contested, "
					"refuted");
			goto fail;
		}
		strbuf_reset(&sb);
		strbuf_addstr(&sb, canon);
	} else if (!strcmp(field, "confidence")) {
		canon = vocab_confidence(sb.buf, sb.len);
		if (!canon) {
			error_set("'%s' is not a confidence (high, medium, low, or "
			      "a number from 0 to 1)",
			      sb.buf);
			goto fail;
		}
		if (canon != sb.buf) {
			canon = xstrdup(canon);
			strbuf_reset(&sb);
			strbuf_addstr(&sb, canon);
			free((char *)canon);
		}
	}
	return strbuf_detach(&sb, NULL);
fail:
	strbuf_release(&sb);
	return NULL;
}

static int S_strvec_eq(const struct strvec *a, const struct strvec *b)
{
	size_t i;

	if (a->nr != b->nr)
		return 0;
	for (i = 0; i < a->nr; i++)
		if (strcmp(a->v[i], b->v[i]))
			return 0;
	return 1;
}

/* The edited note must say what was asked and nothing else new. */
static int S_readback(const struct note *old, const struct note *new,
		      const struct target_decl *d,
		      const struct record_field *fields, size_t nr)
{
	const struct target_decl *nd = NULL;
	size_t i, k;

	for (i = 0; i < new->targets_nr && !nd; i++)
		if (new->targets[i].kind == d->kind &&
		    !strcmp(new->targets[i].id, d->id))
			nd = &new->targets[i];
	if (!nd || old->targets_nr != new->targets_nr ||
	    old->mappings_nr != new->mappings_nr ||
	    note_diag_count(new, DIAG_ERROR) > note_diag_count(old, DIAG_ERROR))
		return -1;
	if (!S_strvec_eq(&d->aliases, &nd->aliases) ||
	    !S_strvec_eq(&d->supersedes, &nd->supersedes))
		return -1;
	for (i = 0; i < ARRAY_SIZE(record_fields); i++) {
		const char *f = record_fields[i], *want = S_field_value(d, f);

		for (k = 0; k < nr; k++)
			if (!strcmp(fields[k].field, f))
				want = fields[k].new_value;
		if (!str_eq(want, S_field_value(nd, f)))
			return -1;
	}
	return 0;
}

/* ---- the commit ---------------------------------------------------------- */

/* Runs the pre-commit check on an index holding exactly `tree`. */
static int S_check(struct thesis_repo *repo, const struct record_opts *opts,
		   git_tree *tree)
{
	git_index *tmp = NULL, *orig = NULL;
	int ret;

	if (!opts->check)
		return 0;
	if (git_index_new(&tmp) < 0 || git_index_read_tree(tmp, tree) < 0 ||
	    git_repository_index(&orig, repo->repo) < 0) {
		git_index_free(tmp);
		return error_set_git("cannot build the index to check");
	}
	git_repository_set_index(repo->repo, tmp);
	ret = opts->check(repo);
	git_repository_set_index(repo->repo, orig);
	git_index_free(orig);
	git_index_free(tmp);
	if (ret)
		return error_set("the pre-commit check refused the change; nothing "
			     "recorded");
	return 0;
}

static void S_one_line(struct strbuf *sb, const char *s)
{
	for (; *s; s++)
		strbuf_addch(sb, *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void S_message(struct strbuf *msg, const struct record_result *r,
		      const struct record_opts *opts,
		      const struct strvec *trailers)
{
	size_t i;

	strbuf_addf(msg, "Record %s: ", r->id);
	for (i = 0; i < r->fields_nr; i++) {
		const struct record_field *f = &r->fields[i];

		strbuf_addf(msg, "%s%s ", i ? ", " : "", f->field);
		S_one_line(msg, f->old_value ? f->old_value : "(none)");
		strbuf_addstr(msg, " -> ");
		S_one_line(msg, f->new_value);
	}
	strbuf_addstr(msg, "\n\nWhy: ");
	S_one_line(msg, opts->why);
	strbuf_addch(msg, '\n');
	for (i = 0; i < trailers->nr; i++)
		strbuf_addf(msg, "%s\n", trailers->v[i]);
	if (opts->recorded_by) {
		strbuf_addstr(msg, "Recorded-By: ");
		S_one_line(msg, opts->recorded_by);
		strbuf_addch(msg, '\n');
	}
}

/* Reads the note's bytes and checks it is clean in index and work tree. */
static int S_note_bytes(struct strbuf *out, struct thesis_repo *repo,
			git_tree *tree, const char *path, git_filemode_t *mode)
{
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	unsigned int flags = 0;
	int ret = -1;

	if (git_tree_entry_bypath(&e, tree, path) < 0 ||
	    git_blob_lookup(&blob, repo->repo, git_tree_entry_id(e)) < 0) {
		error_set_git("cannot read '%s'", path);
		goto done;
	}
	*mode = git_tree_entry_filemode(e);
	if (git_status_file(&flags, repo->repo, path) < 0) {
		error_set_git("cannot get the status of '%s'", path);
		goto done;
	}
	if (flags & ~(unsigned)(GIT_STATUS_CURRENT | GIT_STATUS_IGNORED)) {
		error_set("'%s' has uncommitted changes; commit or stash them "
		      "first (nothing recorded)",
		      path);
		goto done;
	}
	strbuf_add(out, git_blob_rawcontent(blob),
		   (size_t)git_blob_rawsize(blob));
	ret = 0;
done:
	git_blob_free(blob);
	git_tree_entry_free(e);
	return ret;
}

/* HEAD's branch and commit, after the refusals that need no vault. */
static int S_head(git_reference **branch, git_commit **commit,
		  struct thesis_repo *repo, const char *expect)
{
	git_repository *r = repo->repo;
	git_reference *head = NULL;
	git_object *named = NULL, *want = NULL;
	int state = git_repository_state(r), ret = -1;

	if (git_repository_is_bare(r))
		return error_set("cannot record in a bare repository");
	if (state != GIT_REPOSITORY_STATE_NONE)
		return error_set("%s is in progress; finish or abort it first "
			     "(nothing recorded)",
			     repo_state_name(state));
	if (git_repository_head_unborn(r) == 1)
		return error_set("no commit yet: record changes committed notes");
	if (git_repository_head(&head, r) < 0)
		return error_set_git("cannot read HEAD");
	if (!git_reference_is_branch(head)) {
		error_set("HEAD is detached; check out a branch to record on");
		goto done;
	}
	if (git_reference_peel((git_object **)commit, head, GIT_OBJECT_COMMIT) <
	    0) {
		error_set_git("cannot read HEAD");
		goto done;
	}
	if (expect) {
		char have[GIT_OID_HEXSZ + 1];

		if (git_revparse_single(&named, r, expect) < 0 ||
		    git_object_peel(&want, named, GIT_OBJECT_COMMIT) < 0) {
			git_error_clear();
			error_set("bad revision '%s' (expected head)", expect);
			goto done;
		}
		if (!git_oid_equal(git_object_id(want),
				   git_commit_id(*commit))) {
			repo_short_id(have, git_commit_id(*commit));
			error_set("HEAD is %s, not %s: the vault changed since it "
			      "was read; read it again (nothing recorded)",
			      have, expect);
			goto done;
		}
	}
	*branch = head;
	head = NULL;
	ret = 0;
done:
	git_object_free(named);
	git_object_free(want);
	git_reference_free(head);
	return ret;
}

/* Commits `tree` on `branch` if it still points at `parent`. */
static int S_commit(git_oid *out, struct thesis_repo *repo,
		    git_reference *branch, git_commit *parent, git_tree *tree,
		    const char *msg)
{
	git_signature *sig = NULL;
	git_reference *moved = NULL;
	struct strbuf log = STRBUF_INIT;
	const git_commit *parents[1] = {parent};
	int ret = -1;

	if (git_signature_default(&sig, repo->repo) < 0) {
		error_set_git("who is recording? set user.name and user.email");
		goto done;
	}
	if (git_commit_create(out, repo->repo, NULL, sig, sig, NULL, msg, tree,
			      1, parents) < 0) {
		error_set_git("cannot create the commit");
		goto done;
	}
	strbuf_addstr(&log, "record: ");
	strbuf_add(&log, msg, strcspn(msg, "\n"));
	if (git_reference_create_matching(&moved, repo->repo,
					  git_reference_name(branch), out, 1,
					  git_commit_id(parent), log.buf) < 0) {
		error_set_git("%s moved while recording; nothing recorded",
			  git_reference_shorthand(branch));
		goto done;
	}
	ret = 0;
done:
	git_reference_free(moved);
	git_signature_free(sig);
	strbuf_release(&log);
	return ret;
}

/* Puts the new note into the index and the working tree. */
static int S_checkout(struct thesis_repo *repo, git_tree *tree,
		      const char *path)
{
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	char *paths[1] = {(char *)path};

	co.checkout_strategy =
		GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
	co.paths.strings = paths;
	co.paths.count = 1;
	if (git_checkout_tree(repo->repo, (git_object *)tree, &co) < 0)
		return error_set_git("recorded, but '%s' could not be written to "
				 "the working tree",
				 path);
	return 0;
}

/* Finds the declaring note and edits it; fills `r`'s fields. */
static int S_edit(struct strbuf *text, struct record_result *r,
		  const struct target_decl *d, const struct note *old,
		  const struct record_opts *opts)
{
	struct strbuf err = STRBUF_INIT, next = STRBUF_INIT;
	struct note *new = NULL;
	size_t i;
	int ret = -1;

	r->fields = xcalloc(opts->changes_nr, sizeof(*r->fields));
	for (i = 0; i < opts->changes_nr; i++) {
		const char *field = opts->changes[i].field;
		struct record_field *f = &r->fields[r->fields_nr];
		char *value = S_check_value(d, field, opts->changes[i].value);

		if (!value)
			goto done;
		f->field = xstrdup(field);
		f->old_value = xstrdup_or_null(S_field_value(d, field));
		f->new_value = value;
		r->fields_nr++;
		if (str_eq(f->old_value, value)) {
			error_set("nothing to record: the %s of '%s' is already "
			      "'%s'",
			      field, r->id, value);
			goto done;
		}
		strbuf_reset(&next);
		if (!strcmp(field, "stance") && old->body_stance &&
		    str_eq(d->stance, old->body_stance) && old->targets_nr == 1)
			ret = S_edit_body_stance(&next, &err, text->buf,
						 text->len,
						 old->body_stance_line, value);
		else
			ret = record_edit(&next, &err, text->buf, text->len,
					  d->id, d->kind, field, value);
		if (ret < 0) {
			error_set("cannot change %s in '%s': %s", field, r->note,
			      err.buf);
			goto done;
		}
		strbuf_reset(text);
		strbuf_addbuf(text, &next);
		ret = -1;
	}
	note_parse(&new, r->note, text->buf, text->len);
	if (S_readback(old, new, d, r->fields, r->fields_nr) < 0) {
		error_set("the change would break '%s' (it would not read back "
		      "as asked); nothing recorded",
		      r->note);
		goto done;
	}
	ret = 0;
done:
	if (new)
		note_free(new);
	strbuf_release(&err);
	strbuf_release(&next);
	return ret;
}

/* Reads the vault at `tree`; what the reader skipped goes with the result. */
static int S_load(struct record_result *out, struct vault *vault,
		  struct reader *reader, const git_tree *tree)
{
	int err = reader_load_tree(vault, reader, tree);
	size_t i;

	for (i = 0; i < reader->warnings.nr; i++)
		strvec_push(&out->warnings, reader->warnings.v[i]);
	return err;
}

int record_run(struct record_result *out, struct thesis_repo *repo,
	       const struct record_opts *opts)
{
	git_reference *branch = NULL;
	git_commit *head = NULL;
	git_tree *tree = NULL, *new_tree = NULL;
	git_tree_update upd;
	git_oid blob, tree_id, commit;
	git_filemode_t mode = GIT_FILEMODE_BLOB;
	struct strbuf text = STRBUF_INIT, msg = STRBUF_INIT;
	struct strvec trailers = STRVEC_INIT;
	struct event_list ev = EVENT_LIST_INIT;
	const struct vault_target *t;
	struct reader reader;
	struct vault vault;
	struct history h;
	int ret = -1;

	reader_init(&reader, repo);
	vault_init(&vault, repo->vault);
	history_init(&h, repo);
	if (!opts->why || !*opts->why) {
		error_set("say why: the reason becomes the Why: trailer");
		goto done;
	}
	if (!opts->changes_nr) {
		error_set("nothing to record: give <field>=<value>");
		goto done;
	}
	if (S_head(&branch, &head, repo, opts->expect) < 0 ||
	    git_commit_tree(&tree, head) < 0 ||
	    S_load(out, &vault, &reader, tree) < 0 ||
	    vault_resolve(&vault) < 0)
		goto done;
	t = vault_lookup(&vault, opts->target);
	if (!t || !t->declared) {
		error_set("no position or thesis '%s' is declared at HEAD",
		      opts->target);
		goto done;
	}
	out->id = xstrdup(t->id);
	out->kind = xstrdup(target_kind_name(t->kind));
	out->note = xstrdup(t->note->path);
	out->parent = xstrdup(git_oid_tostr_s(git_commit_id(head)));
	if (S_note_bytes(&text, repo, tree, out->note, &mode) < 0 ||
	    S_edit(&text, out, t->decl, t->note->note, opts) < 0)
		goto done;

	if (git_blob_create_from_buffer(&blob, repo->repo, text.buf, text.len) <
	    0) {
		error_set_git("cannot write the note");
		goto done;
	}
	memset(&upd, 0, sizeof(upd));
	upd.action = GIT_TREE_UPDATE_UPSERT;
	upd.id = blob;
	upd.filemode = mode;
	upd.path = out->note;
	if (git_tree_create_updated(&tree_id, repo->repo, tree, 1, &upd) < 0 ||
	    git_tree_lookup(&new_tree, repo->repo, &tree_id) < 0) {
		error_set_git("cannot write the tree");
		goto done;
	}
	/* The new tree is committed on HEAD: both sides read on its line. */
	if (history_diff_trees(&ev, &h, tree, git_commit_id(head), new_tree,
			       git_commit_id(head)) < 0)
		goto done;
	if (opts->trailers)
		opts->trailers(&trailers, &ev);
	if (S_check(repo, opts, new_tree) < 0)
		goto done;
	S_message(&msg, out, opts, &trailers);
	if (S_commit(&commit, repo, branch, head, new_tree, msg.buf) < 0)
		goto done;
	out->commit = xstrdup(git_oid_tostr_s(&commit));
	out->message = strbuf_detach(&msg, NULL);
	ret = S_checkout(repo, new_tree, out->note);
done:
	event_list_release(&ev);
	strvec_release(&trailers);
	strbuf_release(&text);
	strbuf_release(&msg);
	git_tree_free(new_tree);
	git_tree_free(tree);
	git_commit_free(head);
	git_reference_free(branch);
	history_release(&h);
	vault_release(&vault);
	reader_release(&reader);
	return ret;
}

void record_result_release(struct record_result *r)
{
	size_t i;

	for (i = 0; i < r->fields_nr; i++) {
		free(r->fields[i].field);
		free(r->fields[i].old_value);
		free(r->fields[i].new_value);
	}
	free(r->fields);
	strvec_release(&r->warnings);
	free(r->id);
	free(r->kind);
	free(r->note);
	free(r->commit);
	free(r->parent);
	free(r->message);
	memset(r, 0, sizeof(*r));
}

void record_result_json(struct strbuf *sb, const struct record_result *r)
{
	size_t i;

	strbuf_addstr(sb, "{\"commit\":");
	strbuf_add_json_str(sb, r->commit);
	strbuf_addstr(sb, ",\"parent\":");
	strbuf_add_json_str(sb, r->parent);
	strbuf_addstr(sb, ",\"target\":");
	strbuf_add_json_str(sb, r->id);
	strbuf_addstr(sb, ",\"kind\":");
	strbuf_add_json_str(sb, r->kind);
	strbuf_addstr(sb, ",\"note\":");
	strbuf_add_json_str(sb, r->note);
	strbuf_addstr(sb, ",\"changes\":[");
	for (i = 0; i < r->fields_nr; i++) {
		strbuf_addstr(sb, i ? ",{\"field\":" : "{\"field\":");
		strbuf_add_json_str(sb, r->fields[i].field);
		strbuf_addstr(sb, ",\"old\":");
		strbuf_add_json_str(sb, r->fields[i].old_value);
		strbuf_addstr(sb, ",\"new\":");
		strbuf_add_json_str(sb, r->fields[i].new_value);
		strbuf_addch(sb, '}');
	}
	strbuf_addstr(sb, "],\"message\":");
	strbuf_add_json_str(sb, r->message);
	strbuf_addstr(sb, "}\n");
}
