/* flock() is BSD and mkstemp() XSI; glibc declares both under
 * _DEFAULT_SOURCE. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cachedir.h"
#include "notecache.h"
#include "util.h"

/*
 * The file: HEADER (magic, contract version: 16 bytes), then records:
 * REC_MAGIC (4), the blob id (20), the payload's length (4), the payload,
 * and a checksum of everything from the id on (8).  Fixed integers are
 * little-endian.  A payload is the bytes the decoded note needs in memory
 * (S_arena_size()), then the note's fields in the order of `struct note`
 * (notecache_encode()): numbers as LEB128 varints, strings as varint
 * length + 1 then the bytes (0 for NULL), arrays as their count then each
 * item.
 */
#define MAGIC	    "GTNOTES\n"
#define HEADER_SIZE 16
#define REC_MAGIC   0x524e5447u /* "GTNR" */
#define REC_FIXED   (4 + GIT_OID_RAWSZ + 4)
#define REC_TAIL    8
/* A note of at most NOTE_MAX_SIZE bytes never needs a bigger payload. */
#define PAYLOAD_MAX (16u << 20)
/* Records put are written out once this many bytes wait. */
#define PENDING_MAX (2u << 20)

/*
 * Every field of these structs is in a record (or, for `path`, `name`,
 * `arena`, `lazy` and the vault's memo `refkeys`, deliberately not: a lazy
 * note is never put, and a memo is made again on first need).  A new field
 * must be encoded, decoded and compared by the unit test's note_equal(), and
 * NOTECACHE_CONTRACT bumped; these sizes are here so that nobody forgets.
 */
#if defined(__x86_64__) || defined(__aarch64__)
_Static_assert(sizeof(struct note) == 312 &&
		       sizeof(struct target_decl) == 112 &&
		       sizeof(struct mapping_decl) == 40 &&
		       sizeof(struct link_ref) == 16 &&
		       sizeof(struct note_text) == 24 &&
		       sizeof(struct question_decl) == 56 &&
		       sizeof(struct note_diag) == 24,
	       "struct note changed: update notecache.c (notecache_encode, "
	       "notecache_decode, S_arena_size), "
	       "note_equal() in tests/unit/test-notecache.c, and bump "
	       "NOTECACHE_CONTRACT");
#endif

enum slot_state {
	SLOT_FREE = 0,
	SLOT_MAPPED,  /* a record of the mapped file at `off` */
	SLOT_PENDING, /* a record put in this run, at `off` in `pending` */
	SLOT_WRITTEN, /* put and written in this run: not here, not again */
};

struct slot {
	git_oid id;
	uint32_t len; /* the whole record's */
	enum slot_state state;
	size_t off;
};

struct notecache {
	char *path;
	unsigned char header[HEADER_SIZE];
	const unsigned char *map; /* the file as opened */
	size_t map_size;
	size_t map_end; /* the end of its last record */
	dev_t dev;	/* which file `map` is */
	ino_t ino;
	struct slot *slots; /* open addressing, a power of two */
	size_t slots_nr, used;
	struct strbuf pending; /* records put and not yet written */
	size_t hits, puts;
};

/*
 * A checksum reading eight bytes a step, so that checking every note of
 * a big vault costs a fraction of reading them: each step is a bijection
 * of the state for a given word and of the word for a given state, so any
 * change to one word always changes the result.
 */
static uint64_t S_checksum(const unsigned char *p, size_t len)
{
	uint64_t h =
		0x6a09e667f3bcc909ULL ^ ((uint64_t)len * 0x9e3779b97f4a7c15ULL);
	uint64_t w;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, p, len);
	h = (h ^ w ^ ((uint64_t)len << 56)) * 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 31;
	return h * 0x94d049bb133111ebULL;
}

static uint32_t S_get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t S_get64(const unsigned char *p)
{
	return (uint64_t)S_get32(p) | (uint64_t)S_get32(p + 4) << 32;
}

static void S_set32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

static void S_put32(struct strbuf *sb, uint32_t v)
{
	unsigned char b[4];

	S_set32(b, v);
	strbuf_add(sb, b, 4);
}

static void S_put64(struct strbuf *sb, uint64_t v)
{
	S_put32(sb, (uint32_t)v);
	S_put32(sb, (uint32_t)(v >> 32));
}

/* --- the payload -----------------------------------------------------------
 */

static void S_put_uint(struct strbuf *sb, uint64_t v)
{
	unsigned char b[10];
	size_t n = 0;

	do {
		b[n] = v & 0x7f;
		v >>= 7;
		if (v)
			b[n] |= 0x80;
		n++;
	} while (v);
	strbuf_add(sb, b, n);
}

static void S_put_str(struct strbuf *sb, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	S_put_uint(sb, s ? (uint64_t)len + 1 : 0);
	strbuf_add(sb, s, len);
}

static void S_put_strvec(struct strbuf *sb, const struct strvec *sv)
{
	size_t i;

	S_put_uint(sb, sv->nr);
	for (i = 0; i < sv->nr; i++)
		S_put_str(sb, sv->v[i]);
}

#define R8(x) (((x) + 7) & ~(size_t)7)

static size_t S_str_size(const char *s)
{
	return s ? R8(strlen(s) + 1) : 0;
}

static size_t S_strvec_size(const struct strvec *sv)
{
	size_t i, n = sv->nr ? R8((sv->nr + 1) * sizeof(char *)) : 0;

	for (i = 0; i < sv->nr; i++)
		n += S_str_size(sv->v[i]);
	return n;
}

/*
 * The bytes notecache_decode() allocates for the fields of `n` (`path` and
 * `name` aside), so that it allocates them at once: it mirrors its
 * S_alloc() calls one by one.
 */
static size_t S_arena_size(const struct note *n)
{
	size_t i, k = 0;

	k += S_str_size(n->broken) + S_str_size(n->title) +
	     S_str_size(n->type) + S_str_size(n->date) + S_str_size(n->source) +
	     S_str_size(n->author) + S_strvec_size(&n->tags) +
	     S_strvec_size(&n->aliases);
	k += R8(n->targets_nr * sizeof(*n->targets));
	for (i = 0; i < n->targets_nr; i++) {
		const struct target_decl *t = &n->targets[i];

		k += S_str_size(t->id) + S_str_size(t->title) +
		     S_str_size(t->stance) + S_str_size(t->status) +
		     S_str_size(t->confidence) + S_str_size(t->owner) +
		     S_strvec_size(&t->supersedes) + S_strvec_size(&t->aliases);
	}
	k += R8(n->mappings_nr * sizeof(*n->mappings));
	for (i = 0; i < n->mappings_nr; i++)
		k += S_str_size(n->mappings[i].target) +
		     S_str_size(n->mappings[i].strength) +
		     S_str_size(n->mappings[i].effect) +
		     S_str_size(n->mappings[i].why);
	k += R8(n->links_nr * sizeof(*n->links));
	for (i = 0; i < n->links_nr; i++)
		k += S_str_size(n->links[i].target);
	k += R8(n->texts_nr * sizeof(*n->texts));
	for (i = 0; i < n->texts_nr; i++)
		k += R8(n->texts[i].len + 1);
	k += R8(n->questions_nr * sizeof(*n->questions));
	for (i = 0; i < n->questions_nr; i++)
		k += S_str_size(n->questions[i].text) +
		     S_strvec_size(&n->questions[i].links);
	k += S_str_size(n->body_stance);
	k += R8(n->diags_nr * sizeof(*n->diags));
	for (i = 0; i < n->diags_nr; i++)
		k += S_str_size(n->diags[i].message);
	return k;
}

void notecache_encode(struct strbuf *sb, const struct note *n)
{
	size_t i;

	/* First what the note takes in memory: one allocation for it all. */
	S_put_uint(sb, S_arena_size(n));
	S_put_uint(sb, (uint64_t)n->has_frontmatter);
	S_put_str(sb, n->broken);
	S_put_uint(sb, (uint64_t)n->carried);
	S_put_str(sb, n->title);
	S_put_str(sb, n->type);
	S_put_str(sb, n->date);
	S_put_str(sb, n->source);
	S_put_str(sb, n->author);
	S_put_strvec(sb, &n->tags);
	S_put_strvec(sb, &n->aliases);
	S_put_uint(sb, n->targets_nr);
	for (i = 0; i < n->targets_nr; i++) {
		const struct target_decl *t = &n->targets[i];

		S_put_uint(sb, t->kind);
		S_put_str(sb, t->id);
		S_put_str(sb, t->title);
		S_put_str(sb, t->stance);
		S_put_str(sb, t->status);
		S_put_str(sb, t->confidence);
		S_put_str(sb, t->owner);
		S_put_strvec(sb, &t->supersedes);
		S_put_strvec(sb, &t->aliases);
		S_put_uint(sb, t->line);
		S_put_uint(sb, (uint64_t)t->stance_from_body);
	}
	S_put_uint(sb, n->mappings_nr);
	for (i = 0; i < n->mappings_nr; i++) {
		const struct mapping_decl *m = &n->mappings[i];

		S_put_str(sb, m->target);
		S_put_str(sb, m->strength);
		S_put_str(sb, m->effect);
		S_put_str(sb, m->why);
		S_put_uint(sb, m->origin);
		S_put_uint(sb, m->line);
	}
	S_put_uint(sb, n->links_nr);
	for (i = 0; i < n->links_nr; i++) {
		S_put_str(sb, n->links[i].target);
		S_put_uint(sb, n->links[i].line);
	}
	S_put_uint(sb, n->texts_nr);
	for (i = 0; i < n->texts_nr; i++) {
		/* Prose keeps its NUL bytes: a length, never a C string. */
		S_put_uint(sb, n->texts[i].len);
		strbuf_add(sb, n->texts[i].text, n->texts[i].len);
		S_put_uint(sb, n->texts[i].line);
	}
	S_put_uint(sb, n->questions_nr);
	for (i = 0; i < n->questions_nr; i++) {
		const struct question_decl *q = &n->questions[i];

		S_put_str(sb, q->text);
		S_put_uint(sb, q->line);
		S_put_uint(sb, q->texts_first);
		S_put_uint(sb, q->texts_nr);
		S_put_strvec(sb, &q->links);
	}
	S_put_str(sb, n->body_stance);
	S_put_uint(sb, n->body_stance_line);
	S_put_uint(sb, n->diags_nr);
	for (i = 0; i < n->diags_nr; i++) {
		S_put_uint(sb, n->diags[i].severity);
		S_put_uint(sb, n->diags[i].line);
		S_put_uint(sb, n->diags[i].column);
		S_put_str(sb, n->diags[i].message);
	}
}

/*
 * A payload being read into a note whose strings and arrays all live in
 * one chain of blocks (note.h, `arena`): a note of a big vault costs a few
 * allocations instead of dozens, and freeing it one.  `bad` once anything
 * did not fit.
 */
struct rd {
	const unsigned char *p, *end;
	int bad;
	struct note *note;
	unsigned char *block; /* the block being filled */
	size_t used, size;
	size_t need; /* the size of the next block to make */
};

/* A block starts with the pointer to the next one; data is 8-aligned. */
#define BLOCK_HEAD 8
_Static_assert(sizeof(void *) <= BLOCK_HEAD, "a block starts with a pointer");

static void *S_alloc(struct rd *r, size_t n)
{
	void *p;

	n = R8(n);
	if (!r->block || r->size - r->used < n) {
		/* The first block is what the record says the note needs;
		 * should that be wrong, more follow. */
		size_t size = BLOCK_HEAD + (n > r->need ? n : r->need);
		void *b = xmalloc(size), *next = NULL;

		r->need = 4096;
		/* Linked after the first, which the note points at. */
		if (r->note->arena) {
			memcpy(&next, r->note->arena, sizeof(next));
			memcpy(r->note->arena, &b, sizeof(b));
		} else {
			r->note->arena = b;
		}
		memcpy(b, &next, sizeof(next));
		r->block = b;
		r->used = BLOCK_HEAD;
		r->size = size;
	}
	p = r->block + r->used;
	r->used += n;
	return p;
}

static void *S_calloc(struct rd *r, size_t nr, size_t size)
{
	void *p = S_alloc(r, nr * size);

	memset(p, 0, nr * size);
	return p;
}

static char *S_strndup(struct rd *r, const char *s, size_t len)
{
	char *d = S_alloc(r, len + 1);

	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

static uint64_t S_get_uint(struct rd *r)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (!r->bad) {
		unsigned char b;

		if (r->p == r->end || shift > 63) {
			r->bad = 1;
			break;
		}
		b = *r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
		shift += 7;
	}
	return 0;
}

static unsigned S_get_unsigned(struct rd *r)
{
	uint64_t v = S_get_uint(r);

	if (v > UINT_MAX)
		r->bad = 1;
	return r->bad ? 0 : (unsigned)v;
}

static int S_get_int(struct rd *r, int max)
{
	uint64_t v = S_get_uint(r);

	if (v > (uint64_t)max)
		r->bad = 1;
	return r->bad ? 0 : (int)v;
}

/*
 * A count of items, each of which takes at least one byte: never more than
 * the bytes left, so a damaged count cannot ask for a huge allocation.
 */
static size_t S_get_count(struct rd *r)
{
	uint64_t v = S_get_uint(r);

	if (v > (uint64_t)(r->end - r->p))
		r->bad = 1;
	return r->bad ? 0 : (size_t)v;
}

static char *S_get_str(struct rd *r)
{
	uint64_t v = S_get_uint(r);
	char *s;

	if (r->bad || !v)
		return NULL;
	v--;
	if (v > (uint64_t)(r->end - r->p) || memchr(r->p, '\0', (size_t)v)) {
		r->bad = 1;
		return NULL;
	}
	s = S_strndup(r, (const char *)r->p, (size_t)v);
	r->p += v;
	return s;
}

static void S_get_strvec(struct strvec *out, struct rd *r)
{
	size_t n = S_get_count(r), i;

	strvec_init(out);
	if (!n)
		return;
	out->v = S_calloc(r, n + 1, sizeof(*out->v));
	out->alloc = n + 1;
	for (i = 0; i < n && !r->bad; i++) {
		out->v[i] = S_get_str(r);
		if (!out->v[i])
			r->bad = 1;
		else
			out->nr++;
	}
}

/* An array of `nr` zeroed items, or NULL for none. */
#define S_ARRAY(r, nr, type) ((nr) ? S_calloc((r), (nr), sizeof(type)) : NULL)

int notecache_decode(struct note **out, const unsigned char *buf, size_t len,
		     const char *path)
{
	struct rd r = {buf, buf + len, 0, NULL, NULL, 0, 0, 0};
	struct note *n;
	size_t i, nr;
	char *name;
	uint64_t need;

	*out = NULL;
	if (!path || !*path)
		return -1;
	need = S_get_uint(&r);
	/* A size no payload this long can need is a damaged record. */
	if (r.bad || need > 64 * (uint64_t)len + 4096)
		return -1;
	name = note_name(path);
	r.need = (size_t)need + R8(strlen(path) + 1) + R8(strlen(name) + 1);
	n = xcalloc(1, sizeof(*n));
	r.note = n;
	n->path = S_strndup(&r, path, strlen(path));
	n->name = S_strndup(&r, name, strlen(name));
	free(name);

	n->has_frontmatter = S_get_int(&r, 1);
	n->broken = S_get_str(&r);
	n->carried = S_get_int(&r, 1);
	n->title = S_get_str(&r);
	n->type = S_get_str(&r);
	n->date = S_get_str(&r);
	n->source = S_get_str(&r);
	n->author = S_get_str(&r);
	S_get_strvec(&n->tags, &r);
	S_get_strvec(&n->aliases, &r);

	nr = S_get_count(&r);
	n->targets = S_ARRAY(&r, nr, struct target_decl);
	n->targets_nr = n->targets_alloc = nr;
	for (i = 0; i < nr && !r.bad; i++) {
		struct target_decl *t = &n->targets[i];

		t->kind = (enum target_kind)S_get_int(&r, TARGET_THESIS);
		t->id = S_get_str(&r);
		t->title = S_get_str(&r);
		t->stance = S_get_str(&r);
		t->status = S_get_str(&r);
		t->confidence = S_get_str(&r);
		t->owner = S_get_str(&r);
		S_get_strvec(&t->supersedes, &r);
		S_get_strvec(&t->aliases, &r);
		t->line = S_get_unsigned(&r);
		t->stance_from_body = S_get_int(&r, 1);
		if (!t->id)
			r.bad = 1;
	}

	nr = S_get_count(&r);
	n->mappings = S_ARRAY(&r, nr, struct mapping_decl);
	n->mappings_nr = n->mappings_alloc = nr;
	for (i = 0; i < nr && !r.bad; i++) {
		struct mapping_decl *m = &n->mappings[i];

		m->target = S_get_str(&r);
		m->strength = S_get_str(&r);
		m->effect = S_get_str(&r);
		m->why = S_get_str(&r);
		m->origin = (enum mapping_origin)S_get_int(&r, MAPPING_BODY);
		m->line = S_get_unsigned(&r);
		if (!m->target || !m->effect)
			r.bad = 1;
	}

	nr = S_get_count(&r);
	n->links = S_ARRAY(&r, nr, struct link_ref);
	n->links_nr = n->links_alloc = nr;
	for (i = 0; i < nr && !r.bad; i++) {
		n->links[i].target = S_get_str(&r);
		n->links[i].line = S_get_unsigned(&r);
		if (!n->links[i].target)
			r.bad = 1;
	}

	nr = S_get_count(&r);
	n->texts = S_ARRAY(&r, nr, struct note_text);
	n->texts_nr = n->texts_alloc = nr;
	for (i = 0; i < nr && !r.bad; i++) {
		struct note_text *t = &n->texts[i];
		uint64_t tlen = S_get_uint(&r);

		if (r.bad || tlen > (uint64_t)(r.end - r.p)) {
			r.bad = 1;
			break;
		}
		t->text = S_strndup(&r, (const char *)r.p, (size_t)tlen);
		t->len = (size_t)tlen;
		r.p += tlen;
		t->line = S_get_unsigned(&r);
	}

	nr = S_get_count(&r);
	n->questions = S_ARRAY(&r, nr, struct question_decl);
	n->questions_nr = n->questions_alloc = nr;
	for (i = 0; i < nr && !r.bad; i++) {
		struct question_decl *q = &n->questions[i];

		q->text = S_get_str(&r);
		q->line = S_get_unsigned(&r);
		q->texts_first = (size_t)S_get_uint(&r);
		q->texts_nr = (size_t)S_get_uint(&r);
		S_get_strvec(&q->links, &r);
		/* Its prose is texts of this note: users index them. */
		if (q->texts_first > n->texts_nr ||
		    q->texts_nr > n->texts_nr - q->texts_first)
			r.bad = 1;
	}

	n->body_stance = S_get_str(&r);
	n->body_stance_line = S_get_unsigned(&r);

	nr = S_get_count(&r);
	n->diags = S_ARRAY(&r, nr, struct note_diag);
	n->diags_nr = n->diags_alloc = nr;
	for (i = 0; i < nr && !r.bad; i++) {
		struct note_diag *d = &n->diags[i];

		d->severity = (enum diag_severity)S_get_int(&r, DIAG_ERROR);
		d->line = S_get_unsigned(&r);
		d->column = S_get_unsigned(&r);
		d->message = S_get_str(&r);
		if (!d->message)
			r.bad = 1;
	}

	if (r.bad || r.p != r.end) {
		note_free(n); /* the arena holds everything, set or not */
		return -1;
	}
	*out = n;
	return 0;
}

/* --- the table -------------------------------------------------------------
 */

static size_t S_slot_of(const struct notecache *nc, const git_oid *id)
{
	size_t mask = nc->slots_nr - 1, i;

	memcpy(&i, id->id, sizeof(i));
	for (i &= mask;; i = (i + 1) & mask) {
		const struct slot *s = &nc->slots[i];

		if (s->state == SLOT_FREE || git_oid_equal(&s->id, id))
			return i;
	}
}

/* The slot of `id`, made (free) when there is none. */
static struct slot *S_slot(struct notecache *nc, const git_oid *id)
{
	struct slot *s;

	if ((nc->used + 1) * 2 > nc->slots_nr) {
		struct slot *old = nc->slots;
		size_t old_nr = nc->slots_nr, i;

		nc->slots_nr = old_nr ? old_nr * 2 : 1024;
		nc->slots = xcalloc(nc->slots_nr, sizeof(*nc->slots));
		for (i = 0; i < old_nr; i++)
			if (old[i].state != SLOT_FREE)
				nc->slots[S_slot_of(nc, &old[i].id)] = old[i];
		free(old);
	}
	s = &nc->slots[S_slot_of(nc, id)];
	if (s->state == SLOT_FREE) {
		git_oid_cpy(&s->id, id);
		nc->used++;
	}
	return s;
}

static struct slot *S_find(struct notecache *nc, const git_oid *id)
{
	struct slot *s;

	if (!nc->slots_nr)
		return NULL;
	s = &nc->slots[S_slot_of(nc, id)];
	return s->state == SLOT_FREE ? NULL : s;
}

/*
 * The length of the record at `p` (`avail` bytes there) as its fixed
 * fields tell, or 0 when they do not fit.  Its checksum is checked only
 * when the record is asked for.
 */
static size_t S_record(const unsigned char *p, size_t avail)
{
	uint32_t len;

	if (avail < REC_FIXED + REC_TAIL || S_get32(p) != REC_MAGIC)
		return 0;
	len = S_get32(p + 4 + GIT_OID_RAWSZ);
	if (len > PAYLOAD_MAX || len > avail - REC_FIXED - REC_TAIL)
		return 0;
	return REC_FIXED + len + REC_TAIL;
}

static int S_sound(const unsigned char *rec, size_t n)
{
	return S_checksum(rec + 4, n - 4 - REC_TAIL) ==
	       S_get64(rec + n - REC_TAIL);
}

/* --- opening ---------------------------------------------------------------
 */

struct notecache *notecache_open(struct thesis_repo *repo)
{
	struct notecache *nc;
	struct strbuf h = STRBUF_INIT;
	struct stat st;
	char *path;
	void *map;
	int fd;

	cachedir_path(&path, repo, ".notes");
	if (!path)
		return NULL;
	nc = xcalloc(1, sizeof(*nc));
	nc->path = path;
	strbuf_init(&nc->pending, 0);
	strbuf_add(&h, MAGIC, 8);
	S_put64(&h, NOTECACHE_CONTRACT);
	memcpy(nc->header, h.buf, HEADER_SIZE);
	strbuf_release(&h);

	fd = cachedir_open(path, O_RDONLY);
	if (fd < 0)
		return nc;
	/* A shared lock: no writer is half-way through a record. */
	if (flock(fd, LOCK_SH) < 0 || fstat(fd, &st) < 0 ||
	    (size_t)st.st_size < HEADER_SIZE)
		goto done;
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		goto done;
	nc->map = map;
	nc->map_size = (size_t)st.st_size;
	nc->dev = st.st_dev;
	nc->ino = st.st_ino;
	if (!memcmp(nc->map, nc->header, HEADER_SIZE)) {
		size_t at = HEADER_SIZE, n;

		while ((n = S_record(nc->map + at, nc->map_size - at))) {
			git_oid id;
			struct slot *s;

			git_oid_fromraw(&id, nc->map + at + 4);
			/* The last record of a blob wins: a damaged one is
			 * followed by its replacement. */
			s = S_slot(nc, &id);
			s->state = SLOT_MAPPED;
			s->off = at;
			s->len = (uint32_t)n;
			at += n;
		}
		nc->map_end = at;
	}
done:
	/* The mapping holds the open file, and with it the lock: unlock. */
	flock(fd, LOCK_UN);
	close(fd);
	return nc;
}

int notecache_get(struct note **out, struct notecache *nc, const git_oid *oid,
		  const char *path)
{
	struct slot *s;
	const unsigned char *rec;

	*out = NULL;
	if (!nc || !(s = S_find(nc, oid)))
		return 0;
	if (s->state == SLOT_MAPPED)
		rec = nc->map + s->off;
	else if (s->state == SLOT_PENDING)
		rec = (const unsigned char *)nc->pending.buf + s->off;
	else
		return 0;
	if (!S_sound(rec, s->len) ||
	    notecache_decode(out, rec + REC_FIXED,
			     s->len - REC_FIXED - REC_TAIL, path) < 0)
		return 0;
	nc->hits++;
	return 1;
}

void notecache_put(struct notecache *nc, const git_oid *oid,
		   const struct note *note)
{
	struct strbuf *p;
	struct slot *s;
	size_t start, payload, len;

	/* Only a whole parse: a lazy note lacks its body's facts. */
	if (!nc || note->lazy || note->carried)
		return;
	s = S_slot(nc, oid);
	/* Put already, or a sound record another run wrote. */
	if (s->state == SLOT_PENDING || s->state == SLOT_WRITTEN ||
	    (s->state == SLOT_MAPPED && S_sound(nc->map + s->off, s->len)))
		return;
	p = &nc->pending;
	start = p->len;
	S_put32(p, REC_MAGIC);
	strbuf_add(p, oid->id, GIT_OID_RAWSZ);
	S_put32(p, 0); /* the payload's length, set below */
	payload = p->len;
	notecache_encode(p, note);
	len = p->len - payload;
	if (len > PAYLOAD_MAX) {
		strbuf_setlen(p, start);
		if (s->state == SLOT_FREE) /* unused: leave it out */
			s->state = SLOT_WRITTEN;
		return;
	}
	S_set32((unsigned char *)p->buf + payload - 4, (uint32_t)len);
	S_put64(p, S_checksum((const unsigned char *)p->buf + start + 4,
			      p->len - start - 4));
	s->state = SLOT_PENDING;
	s->off = start;
	s->len = (uint32_t)(p->len - start);
	nc->puts++;
	if (p->len >= PENDING_MAX)
		notecache_flush(nc);
}

/* --- writing ---------------------------------------------------------------
 */

/*
 * Drops the pending records of blobs the file at `fd` (`size` bytes) holds
 * from `from` on (another process wrote them since this one opened it), and
 * returns the end of its records as notecache_open() finds it, by their
 * fixed fields only: what follows is a writer's record cut short or
 * damage, which no reader has indexed, so it can be cut off.
 */
static size_t S_scan_file(struct notecache *nc, int fd, size_t size,
			  size_t from)
{
	unsigned char *buf;
	size_t at = from, n;

	if (from >= size)
		return from;
	buf = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (buf == MAP_FAILED)
		return 0;
	while ((n = S_record(buf + at, size - at))) {
		git_oid id;
		struct slot *s;

		git_oid_fromraw(&id, buf + at + 4);
		s = S_find(nc, &id);
		if (s && s->state == SLOT_PENDING)
			s->state = SLOT_WRITTEN;
		at += n;
	}
	munmap(buf, size);
	return at;
}

/* Appends the pending records still pending to `fd`; -1 on failure. */
static int S_write_pending(struct notecache *nc, int fd)
{
	struct strbuf out = STRBUF_INIT;
	size_t i;
	int ret;

	for (i = 0; i < nc->slots_nr; i++) {
		struct slot *s = &nc->slots[i];

		if (s->state != SLOT_PENDING)
			continue;
		strbuf_add(&out, nc->pending.buf + s->off, s->len);
		s->state = SLOT_WRITTEN;
	}
	ret = write_in_full(fd, out.buf, out.len);
	strbuf_release(&out);
	return ret;
}

/*
 * Writes a new file (the header and the pending records) beside the old
 * one and renames it into place: readers that mapped the old one keep
 * reading it whole.
 */
static void S_write_anew(struct notecache *nc)
{
	char *tmp = xstrfmt("%s.XXXXXX", nc->path);
	int fd = mkstemp(tmp);

	if (fd < 0)
		goto done;
	if (write_in_full(fd, nc->header, HEADER_SIZE) < 0 ||
	    S_write_pending(nc, fd) < 0 || close(fd) < 0 ||
	    rename(tmp, nc->path) < 0)
		unlink(tmp);
done:
	free(tmp);
}

void notecache_flush(struct notecache *nc)
{
	unsigned char head[HEADER_SIZE];
	struct stat st, now;
	size_t sound, i;
	int fd = -1, tries;

	if (!nc || !nc->pending.len)
		return;
	/* A file renamed into place while waiting: lock the new one. */
	for (tries = 0; tries < 3; tries++) {
		fd = cachedir_open(nc->path, O_RDWR | O_CREAT | O_APPEND);
		if (fd < 0)
			goto done;
		if (flock(fd, LOCK_EX) < 0 || fstat(fd, &st) < 0)
			goto close;
		if (!lstat(nc->path, &now) && now.st_dev == st.st_dev &&
		    now.st_ino == st.st_ino)
			break;
		close(fd);
		fd = -1;
	}
	if (fd < 0)
		goto done;
	if (!st.st_size) {
		if (write_in_full(fd, nc->header, HEADER_SIZE) == 0)
			(void)S_write_pending(nc, fd);
		goto close;
	}
	if ((size_t)st.st_size < HEADER_SIZE ||
	    pread(fd, head, HEADER_SIZE, 0) != HEADER_SIZE ||
	    memcmp(head, nc->header, HEADER_SIZE)) {
		S_write_anew(nc); /* another version, or damage at its start */
		goto close;
	}
	/* What this run mapped is known; only what others added is read. */
	sound = S_scan_file(nc, fd, (size_t)st.st_size,
			    st.st_dev == nc->dev && st.st_ino == nc->ino &&
					    nc->map_end >= HEADER_SIZE &&
					    nc->map_end <= (size_t)st.st_size
				    ? nc->map_end
				    : HEADER_SIZE);
	if (sound < HEADER_SIZE ||
	    sound + nc->pending.len > NOTECACHE_MAX_SIZE) {
		S_write_anew(nc);
		goto close;
	}
	/* Only a tail no reader ever indexed is cut: mappings stay whole. */
	if (sound < (size_t)st.st_size && ftruncate(fd, (off_t)sound) < 0)
		goto close;
	(void)S_write_pending(nc, fd);
close:
	close(fd); /* releases the lock */
done:
	/* Written or not, they are not tried again in this run. */
	for (i = 0; i < nc->slots_nr; i++)
		if (nc->slots[i].state == SLOT_PENDING)
			nc->slots[i].state = SLOT_WRITTEN;
	strbuf_reset(&nc->pending);
}

void notecache_free(struct notecache *nc)
{
	if (!nc)
		return;
	notecache_flush(nc);
	if (nc->map)
		munmap((void *)nc->map, nc->map_size);
	free(nc->path);
	free(nc->slots);
	strbuf_release(&nc->pending);
	free(nc);
}

size_t notecache_hits(const struct notecache *nc)
{
	return nc ? nc->hits : 0;
}

size_t notecache_puts(const struct notecache *nc)
{
	return nc ? nc->puts : 0;
}
