#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "note.h"
#include "frontmatter.h"
#include "body.h"
#include "strbuf.h"
#include "util.h"

/*
 * PARSED NOTES ARE CACHED ACROSS RUNS (notecache.h): any change here that
 * can change what note_parse() makes of some bytes (a field, a value, a
 * diag, a line number) must bump NOTECACHE_CONTRACT in notecache.h, or
 * users keep the old parse of every note they already read.
 */

void target_decl_release(struct target_decl *t)
{
	free(t->id);
	free(t->title);
	free(t->stance);
	free(t->status);
	free(t->confidence);
	free(t->owner);
	strvec_release(&t->supersedes);
	strvec_release(&t->aliases);
}

void mapping_decl_release(struct mapping_decl *m)
{
	free(m->target);
	free(m->strength);
	free(m->effect);
	free(m->why);
}

void question_decl_release(struct question_decl *q)
{
	free(q->text);
	strvec_release(&q->links);
}

void note_free(struct note *note)
{
	size_t i;

	if (!note)
		return;
	if (note->arena) {
		void *p = note->arena, *next;

		for (; p; p = next) {
			memcpy(&next, p, sizeof(next));
			free(p);
		}
		goto memos;
	}
	free(note->path);
	free(note->name);
	free(note->title);
	free(note->type);
	free(note->date);
	free(note->source);
	free(note->author);
	free(note->broken);
	strvec_release(&note->tags);
	strvec_release(&note->aliases);
	for (i = 0; i < note->targets_nr; i++)
		target_decl_release(&note->targets[i]);
	free(note->targets);
	for (i = 0; i < note->mappings_nr; i++)
		mapping_decl_release(&note->mappings[i]);
	free(note->mappings);
	for (i = 0; i < note->links_nr; i++)
		free(note->links[i].target);
	free(note->links);
	for (i = 0; i < note->texts_nr; i++)
		free(note->texts[i].text);
	free(note->texts);
	for (i = 0; i < note->questions_nr; i++)
		question_decl_release(&note->questions[i]);
	free(note->questions);
	free(note->body_stance);
	for (i = 0; i < note->diags_nr; i++)
		free(note->diags[i].message);
	free(note->diags);
memos:
	/* Added after parsing (by the vault), never in an arena. */
	if (note->refkeys) {
		strvec_release(note->refkeys);
		free(note->refkeys);
	}
	if (note->lazy) {
		free(note->lazy->body);
		body_hints_release(&note->lazy->hints);
		free(note->lazy);
	}
	free(note);
}

void note_diag_add(struct note *note, enum diag_severity severity,
		   unsigned line, unsigned column, const char *fmt, ...)
{
	struct note_diag *d;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ALLOC_GROW(note->diags, note->diags_nr + 1, note->diags_alloc);
	d = &note->diags[note->diags_nr++];
	d->severity = severity;
	d->line = line;
	d->column = column;
	d->message = strbuf_detach(&sb, NULL);
}

size_t note_diag_count(const struct note *note, enum diag_severity severity)
{
	size_t i, n = 0;

	for (i = 0; i < note->diags_nr; i++)
		n += note->diags[i].severity == severity;
	return n;
}

int note_path_is_note(const char *path, const char *vault,
		      const struct exclude_list *exclude)
{
	const char *p = path, *rel;
	size_t vlen = vault ? strlen(vault) : 0;

	if (vlen) {
		if (strncmp(path, vault, vlen) || path[vlen] != '/')
			return 0;
		p = path + vlen + 1;
	}
	if (!ends_with_icase(p, ".md"))
		return 0;
	/* "x/.md" has an empty name, which no wikilink can reach. */
	if (!*p)
		return 0;
	rel = p;
	for (; p; p = strchr(p, '/')) {
		if (*p == '/')
			p++;
		if (*p == '.' || *p == '\0')
			return 0;
	}
	return !exclude_list_match(exclude, rel);
}

char *note_name(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (len >= 3 && ends_with_icase(base, ".md"))
		len -= 3;
	return xstrndup(base, len);
}

/* Frontmatter wins; the body's stance serves a lone target only. */
static void S_body_stance(struct note *note)
{
	if (note->body_stance && note->targets_nr == 1 &&
	    !note->targets[0].stance) {
		note->targets[0].stance = xstrdup(note->body_stance);
		note->targets[0].stance_from_body = 1;
	}
}

static int S_parse(struct note **out, const char *path, const char *buf,
		   size_t len, int lazy)
{
	struct frontmatter_split split;
	struct note *note;

	if (!path || !*path)
		return -1;
	note = xcalloc(1, sizeof(*note));
	note->path = xstrdup(path);
	note->name = note_name(path);
	strvec_init(&note->tags);
	strvec_init(&note->aliases);
	*out = note;

	if (len > NOTE_MAX_SIZE) {
		note_diag_add(note, DIAG_WARNING, 0, 0,
			      "note is larger than 1 MiB (%zu bytes); not read",
			      len);
		return 0;
	}

	frontmatter_split(&split, buf, len);
	if (split.state == FRONTMATTER_UNTERMINATED) {
		/* Broken (contract 2): the whole text is its body. */
		note_diag_add(note, DIAG_ERROR, 1, 1,
			      "frontmatter has no closing '---' line");
		note->broken = xstrdup("1:1: frontmatter has no closing "
				       "'---' line");
	} else if (split.state == FRONTMATTER_CLOSED) {
		frontmatter_parse(note, buf + split.yaml_offset, split.yaml_len,
				  split.yaml_line);
	}

	if (lazy && !note->broken && !note->targets_nr) {
		struct body_hints hints = BODY_HINTS_INIT;
		const char *body = buf + split.body_offset;
		size_t body_len = len - split.body_offset;

		body_prefilter(&hints, body, body_len);
		if (!hints.maps && !hints.unsure) {
			note->lazy = xcalloc(1, sizeof(*note->lazy));
			note->lazy->body = xstrndup(body, body_len);
			note->lazy->len = body_len;
			note->lazy->line = split.body_line;
			note->lazy->hints = hints;
			return 0;
		}
		body_hints_release(&hints);
	}
	body_scan(note, buf + split.body_offset, len - split.body_offset,
		  split.body_line);
	S_body_stance(note);
	return 0;
}

int note_parse(struct note **out, const char *path, const char *buf,
	       size_t len)
{
	return S_parse(out, path, buf, len, 0);
}

int note_parse_lazy(struct note **out, const char *path, const char *buf,
		    size_t len)
{
	return S_parse(out, path, buf, len, 1);
}

void note_complete(const struct note *cnote)
{
	/* Completing is filling a memo: see note.h. */
	struct note *note = (struct note *)cnote;
	struct note_lazy *lazy = note->lazy;

	if (!lazy)
		return;
	note->lazy = NULL;
	body_scan(note, lazy->body, lazy->len, lazy->line);
	S_body_stance(note);
	free(lazy->body);
	body_hints_release(&lazy->hints);
	free(lazy);
}

static void S_copy_target(struct target_decl *dst,
			  const struct target_decl *src)
{
	size_t i;

	dst->kind = src->kind;
	dst->id = xstrdup(src->id);
	dst->title = xstrdup_or_null(src->title);
	dst->stance =
		src->stance_from_body ? NULL : xstrdup_or_null(src->stance);
	dst->status = xstrdup_or_null(src->status);
	dst->confidence = xstrdup_or_null(src->confidence);
	dst->owner = xstrdup_or_null(src->owner);
	strvec_init(&dst->supersedes);
	strvec_init(&dst->aliases);
	for (i = 0; i < src->supersedes.nr; i++)
		strvec_push(&dst->supersedes, src->supersedes.v[i]);
	for (i = 0; i < src->aliases.nr; i++)
		strvec_push(&dst->aliases, src->aliases.v[i]);
	dst->line = src->line;
	dst->stance_from_body = 0;
}

static void S_copy_mapping(struct note *note, const struct mapping_decl *m)
{
	struct mapping_decl *d;

	ALLOC_GROW(note->mappings, note->mappings_nr + 1, note->mappings_alloc);
	d = &note->mappings[note->mappings_nr++];
	d->target = xstrdup(m->target);
	d->strength = xstrdup_or_null(m->strength);
	d->effect = xstrdup(m->effect);
	d->why = xstrdup_or_null(m->why);
	d->origin = m->origin;
	d->line = m->line;
}

void note_carry(struct note **out, const struct note *broken,
		const struct note *carried)
{
	struct note *note = xcalloc(1, sizeof(*note));
	size_t i;

	note->path = xstrdup(broken->path);
	note->name = xstrdup(broken->name);
	note->broken = xstrdup(broken->broken);
	note->carried = 1;
	strvec_init(&note->tags);
	strvec_init(&note->aliases);
	if (carried) {
		/* Frontmatter facts of the last version that parsed. */
		note->title = xstrdup_or_null(carried->title);
		note->type = xstrdup_or_null(carried->type);
		note->date = xstrdup_or_null(carried->date);
		note->source = xstrdup_or_null(carried->source);
		note->author = xstrdup_or_null(carried->author);
		for (i = 0; i < carried->tags.nr; i++)
			strvec_push(&note->tags, carried->tags.v[i]);
		for (i = 0; i < carried->aliases.nr; i++)
			strvec_push(&note->aliases, carried->aliases.v[i]);
		note->targets_nr = note->targets_alloc = carried->targets_nr;
		note->targets = xcalloc(note->targets_nr ? note->targets_nr : 1,
					sizeof(*note->targets));
		for (i = 0; i < carried->targets_nr; i++)
			S_copy_target(&note->targets[i], &carried->targets[i]);
		for (i = 0; i < carried->mappings_nr; i++)
			if (carried->mappings[i].origin == MAPPING_FRONTMATTER)
				S_copy_mapping(note, &carried->mappings[i]);
	}
	/* Body facts of the broken version itself: frontmatter ones first. */
	for (i = 0; i < broken->mappings_nr; i++)
		if (broken->mappings[i].origin == MAPPING_BODY)
			S_copy_mapping(note, &broken->mappings[i]);
	if (broken->links_nr) {
		note->links = xcalloc(broken->links_nr, sizeof(*note->links));
		note->links_nr = note->links_alloc = broken->links_nr;
		for (i = 0; i < broken->links_nr; i++) {
			note->links[i].target =
				xstrdup(broken->links[i].target);
			note->links[i].line = broken->links[i].line;
		}
	}
	note->body_stance = xstrdup_or_null(broken->body_stance);
	note->body_stance_line = broken->body_stance_line;
	for (i = 0; i < broken->diags_nr; i++) {
		const struct note_diag *d = &broken->diags[i];

		note_diag_add(note, d->severity, d->line, d->column, "%s",
			      d->message);
	}
	S_body_stance(note);
	*out = note;
}
