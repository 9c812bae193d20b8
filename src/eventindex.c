/* flock() is BSD; declared by glibc under _DEFAULT_SOURCE. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cachedir.h"
#include "eventindex.h"
#include "strbuf.h"
#include "util.h"

/*
 * The file: HEADER (magic, contract version, settings hash, 24 bytes), then
 * records: REC_MAGIC, the commit id (20 bytes), flags (1), the payload's
 * length (4), the payload, and a checksum of everything from the id on (8).
 * Integers are little-endian.  A payload is the number of events (4), then
 * each event as seven strings (kind, change, target, note, field, old,
 * new), each its length (4; NONE for NULL) and its bytes.
 */
#define MAGIC	    "GTEVIDX\n"
#define HEADER_SIZE 24
#define REC_MAGIC   0x52455447u /* "GTER" */
#define REC_FIXED   (4 + GIT_OID_RAWSZ + 1 + 4)
#define REC_TAIL    8
#define NONE	    0xffffffffu

struct slot {
	git_oid id;
	unsigned char flags;
	size_t payload; /* offset of the payload in `data` */
	uint32_t len;
	int used;
};

struct eventindex {
	char *path;
	unsigned char header[HEADER_SIZE];
	unsigned char *data; /* the file as read */
	size_t data_len;     /* up to the end of the last sound record */
	struct slot *slots;  /* open addressing, a power of two */
	size_t slots_nr, used;
	struct strbuf pending; /* records to append */
	struct strbuf fresh;   /* payloads of pending records, for get() */
	size_t hits;
};

static uint64_t S_checksum(const unsigned char *p, size_t len)
{
	uint64_t h = 1469598103934665603ULL;

	while (len--)
		h = (h ^ *p++) * 1099511628211ULL;
	return h;
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

static void S_put32(struct strbuf *sb, uint32_t v)
{
	unsigned char b[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff,
			      (v >> 24) & 0xff};

	strbuf_add(sb, b, 4);
}

static void S_put64(struct strbuf *sb, uint64_t v)
{
	S_put32(sb, (uint32_t)v);
	S_put32(sb, (uint32_t)(v >> 32));
}

static size_t S_slot_of(const struct eventindex *ix, const git_oid *id,
			unsigned char flags)
{
	size_t mask = ix->slots_nr - 1, i;

	memcpy(&i, id->id, sizeof(i));
	for (i &= mask;; i = (i + 1) & mask) {
		const struct slot *s = &ix->slots[i];

		if (!s->used ||
		    (s->flags == flags && git_oid_equal(&s->id, id)))
			return i;
	}
}

static void S_insert(struct eventindex *ix, const git_oid *id,
		     unsigned char flags, size_t payload, uint32_t len)
{
	struct slot *s;

	if ((ix->used + 1) * 2 > ix->slots_nr) {
		struct slot *old = ix->slots;
		size_t old_nr = ix->slots_nr, i;

		ix->slots_nr = old_nr ? old_nr * 2 : 1024;
		ix->slots = xcalloc(ix->slots_nr, sizeof(*ix->slots));
		for (i = 0; i < old_nr; i++)
			if (old[i].used)
				ix->slots[S_slot_of(ix, &old[i].id,
						    old[i].flags)] = old[i];
		free(old);
	}
	s = &ix->slots[S_slot_of(ix, id, flags)];
	if (s->used)
		return; /* the first record of a commit wins */
	git_oid_cpy(&s->id, id);
	s->flags = flags;
	s->payload = payload;
	s->len = len;
	s->used = 1;
	ix->used++;
}

/*
 * The length of the sound record at `p` (at most `avail` bytes), or 0 when
 * it is cut short or damaged.
 */
static size_t S_record(const unsigned char *p, size_t avail)
{
	uint32_t len;

	if (avail < REC_FIXED + REC_TAIL || S_get32(p) != REC_MAGIC)
		return 0;
	len = S_get32(p + 4 + GIT_OID_RAWSZ + 1);
	if (len > avail - REC_FIXED - REC_TAIL)
		return 0;
	if (S_checksum(p + 4, REC_FIXED - 4 + len) !=
	    S_get64(p + REC_FIXED + len))
		return 0;
	return REC_FIXED + len + REC_TAIL;
}

/* The end of the sound records of `buf` from `from`, indexing them. */
static size_t S_scan(struct eventindex *ix, const unsigned char *buf,
		     size_t from, size_t len, int index)
{
	size_t n;

	while ((n = S_record(buf + from, len - from))) {
		if (index) {
			git_oid id;

			git_oid_fromraw(&id, buf + from + 4);
			S_insert(ix, &id, buf[from + 4 + GIT_OID_RAWSZ],
				 from + REC_FIXED, n - REC_FIXED - REC_TAIL);
		}
		from += n;
	}
	return from;
}

static int S_read_all(unsigned char **out, size_t *len_out, int fd)
{
	struct strbuf sb = STRBUF_INIT;
	ssize_t n;

	for (;;) {
		strbuf_grow(&sb, 65536);
		n = read(fd, sb.buf + sb.len, sb.alloc - sb.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			strbuf_release(&sb);
			return -1;
		}
		if (!n)
			break;
		strbuf_setlen(&sb, sb.len + (size_t)n);
	}
	*out = (unsigned char *)strbuf_detach(&sb, len_out);
	return 0;
}

struct eventindex *eventindex_open(struct thesis_repo *repo,
				   const char *settings)
{
	struct eventindex *ix;
	char *path, *suffix;
	uint64_t hash =
		S_checksum((const unsigned char *)settings, strlen(settings));
	struct strbuf h = STRBUF_INIT;
	int fd;

	/* One file for each setting: switching back and forth keeps both. */
	suffix = xstrfmt("-%016llx.events", (unsigned long long)hash);
	cachedir_path(&path, repo, suffix);
	free(suffix);
	if (!path)
		return NULL;
	ix = xcalloc(1, sizeof(*ix));
	ix->path = path;
	strbuf_init(&ix->pending, 0);
	strbuf_init(&ix->fresh, 0);
	strbuf_add(&h, MAGIC, 8);
	S_put64(&h, EVENTINDEX_CONTRACT);
	S_put64(&h, hash);
	memcpy(ix->header, h.buf, HEADER_SIZE);
	strbuf_release(&h);

	fd = cachedir_open(path, O_RDONLY);
	if (fd < 0)
		return ix;
	/* A shared lock: no writer is half-way through a record. */
	if (flock(fd, LOCK_SH) == 0 &&
	    !S_read_all(&ix->data, &ix->data_len, fd) &&
	    ix->data_len >= HEADER_SIZE &&
	    !memcmp(ix->data, ix->header, HEADER_SIZE))
		ix->data_len =
			S_scan(ix, ix->data, HEADER_SIZE, ix->data_len, 1);
	else
		ix->data_len = 0;
	close(fd);
	return ix;
}

static int S_get_str(char **out, const unsigned char **p,
		     const unsigned char *end)
{
	uint32_t len;

	if (end - *p < 4)
		return -1;
	len = S_get32(*p);
	*p += 4;
	if (len == NONE) {
		*out = NULL;
		return 0;
	}
	if ((size_t)(end - *p) < len || memchr(*p, '\0', len))
		return -1;
	*out = xstrndup((const char *)*p, len);
	*p += len;
	return 0;
}

/* Decodes a payload into `out`; -1 (and `out` unchanged) when it is odd. */
static int S_decode(struct event_list *out, const unsigned char *p,
		    uint32_t len)
{
	const unsigned char *end = p + len;
	size_t start = out->nr, n, i;
	int ret = -1;

	if (len < 4)
		return -1;
	n = S_get32(p);
	p += 4;
	for (i = 0; i < n; i++) {
		char *s[7] = {NULL};
		int kind, change, k, bad = 0;
		struct event *e;

		for (k = 0; k < 7 && !bad; k++)
			bad = S_get_str(&s[k], &p, end) < 0;
		kind = bad || !s[0] ? -1 : event_kind_parse(s[0]);
		change = bad || !s[1] ? -1 : event_change_parse(s[1]);
		if (!bad && s[4] && !event_field_intern(s[4]))
			bad = 1;
		if (bad || kind < 0 || change < 0) {
			for (k = 0; k < 7; k++)
				free(s[k]);
			goto done;
		}
		ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		e = &out->v[out->nr++];
		memset(e, 0, sizeof(*e));
		e->kind = kind;
		e->change = change;
		e->target = s[2];
		e->note = s[3];
		e->field = s[4] ? event_field_intern(s[4]) : NULL;
		e->old_value = s[5];
		e->new_value = s[6];
		free(s[0]);
		free(s[1]);
		free(s[4]);
	}
	ret = p == end ? 0 : -1;
done:
	if (ret < 0) {
		struct event_list tail = EVENT_LIST_INIT;

		tail.v = out->v + start;
		tail.nr = out->nr - start;
		for (i = 0; i < tail.nr; i++) {
			free(tail.v[i].target);
			free(tail.v[i].note);
			free(tail.v[i].old_value);
			free(tail.v[i].new_value);
		}
		out->nr = start;
	}
	return ret;
}

int eventindex_get(struct event_list *out, struct eventindex *ix,
		   const git_oid *id, int first_parent)
{
	const struct slot *s;
	const unsigned char *base;

	if (!ix || !ix->slots_nr)
		return 0;
	s = &ix->slots[S_slot_of(ix, id, first_parent ? 1 : 0)];
	if (!s->used)
		return 0;
	/* Offsets past the file's bytes point into this run's records. */
	base = s->payload < ix->data_len
		       ? ix->data + s->payload
		       : (const unsigned char *)ix->fresh.buf +
				 (s->payload - ix->data_len);
	if (S_decode(out, base, s->len) < 0)
		return 0;
	ix->hits++;
	return 1;
}

static void S_put_str(struct strbuf *sb, const char *s)
{
	if (!s) {
		S_put32(sb, NONE);
		return;
	}
	S_put32(sb, (uint32_t)strlen(s));
	strbuf_addstr(sb, s);
}

void eventindex_put(struct eventindex *ix, const git_oid *id, int first_parent,
		    const struct event *ev, size_t nr)
{
	struct strbuf rec = STRBUF_INIT;
	unsigned char flags = first_parent ? 1 : 0;
	size_t i, payload;

	if (!ix)
		return;
	S_put32(&rec, REC_MAGIC);
	strbuf_add(&rec, id->id, GIT_OID_RAWSZ);
	strbuf_addch(&rec, (char)flags);
	S_put32(&rec, 0); /* the payload's length, set below */
	payload = rec.len;
	S_put32(&rec, (uint32_t)nr);
	for (i = 0; i < nr; i++) {
		S_put_str(&rec, event_kind_name(ev[i].kind));
		S_put_str(&rec, event_change_name(ev[i].change));
		S_put_str(&rec, ev[i].target);
		S_put_str(&rec, ev[i].note);
		S_put_str(&rec, ev[i].field);
		S_put_str(&rec, ev[i].old_value);
		S_put_str(&rec, ev[i].new_value);
	}
	{
		uint32_t len = (uint32_t)(rec.len - payload);
		unsigned char *l = (unsigned char *)rec.buf + payload - 4;

		l[0] = len & 0xff;
		l[1] = (len >> 8) & 0xff;
		l[2] = (len >> 16) & 0xff;
		l[3] = (len >> 24) & 0xff;
		S_put64(&rec,
			S_checksum((unsigned char *)rec.buf + 4, rec.len - 4));
		/* Later lookups in this run find it too. */
		S_insert(ix, id, flags, ix->data_len + ix->fresh.len, len);
		strbuf_add(&ix->fresh, rec.buf + payload, len);
	}
	strbuf_addbuf(&ix->pending, &rec);
	strbuf_release(&rec);
}

/*
 * Under the lock: the length of the file's sound prefix, so that damage
 * (a writer killed mid-record, a disk error) is cut off before appending.
 */
static size_t S_sound_length(struct eventindex *ix, int fd, size_t size)
{
	unsigned char *buf = NULL;
	size_t len = 0, end = 0;

	if (size < HEADER_SIZE)
		return 0;
	if (lseek(fd, 0, SEEK_SET) < 0 || S_read_all(&buf, &len, fd) < 0 ||
	    len < HEADER_SIZE || memcmp(buf, ix->header, HEADER_SIZE))
		goto done;
	end = S_scan(ix, buf, HEADER_SIZE, len, 0);
done:
	free(buf);
	return end;
}

void eventindex_flush(struct eventindex *ix)
{
	struct stat st;
	size_t sound;
	int fd;

	if (!ix || !ix->pending.len)
		return;
	fd = cachedir_open(ix->path, O_RDWR | O_CREAT | O_APPEND);
	if (fd < 0)
		goto done;
	if (flock(fd, LOCK_EX) < 0 || fstat(fd, &st) < 0)
		goto close;
	sound = S_sound_length(ix, fd, (size_t)st.st_size);
	if (!sound || sound + ix->pending.len > EVENTINDEX_MAX_SIZE) {
		/* Start anew: a foreign header, damage at the start, full. */
		if (ftruncate(fd, 0) < 0 ||
		    write_in_full(fd, ix->header, HEADER_SIZE) < 0)
			goto close;
	} else if (sound < (size_t)st.st_size && ftruncate(fd, sound) < 0) {
		goto close;
	}
	if (ix->pending.len <= EVENTINDEX_MAX_SIZE - HEADER_SIZE)
		(void)write_in_full(fd, ix->pending.buf, ix->pending.len);
close:
	close(fd); /* releases the lock */
done:
	strbuf_reset(&ix->pending);
}

void eventindex_free(struct eventindex *ix)
{
	if (!ix)
		return;
	eventindex_flush(ix);
	free(ix->path);
	free(ix->data);
	free(ix->slots);
	strbuf_release(&ix->pending);
	strbuf_release(&ix->fresh);
	free(ix);
}

size_t eventindex_hits(const struct eventindex *ix)
{
	return ix ? ix->hits : 0;
}
