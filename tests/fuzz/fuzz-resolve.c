/*
 * libFuzzer target: a whole vault.  The input is split on 0xff bytes into up
 * to MAX_NOTES notes, each parsed as `n<i>.md` (every third one in a
 * folder, so vault paths resolve too), put in a vault and resolved; then
 * names taken from the input are resolved and the sorted views are read.
 *
 * Then the incremental path: a second vault gets the same notes and a
 * series of edits drawn from the input (a path set to another note's text,
 * a path removed, a new path), resolving after some; at the end it must
 * equal a fresh vault holding the same notes, resolved from scratch: the
 * same resolution, the same facts and no events between them.  Events from
 * the first vault to the edited one must each be well formed.
 *
 * An edit either parses the text again at its new path or, as the reader's
 * cache does for identical blobs, puts the same parsed note at a second
 * path; the input decides, or FUZZ_SHARE=1 (always share) or 0 (never).
 * FUZZ_TRACE=1 prints the edits.  Build and run with tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "facts.h"
#include "note.h"
#include "names.h"
#include "util.h"
#include "vault.h"

/* Reports which invariant broke, then crashes so libFuzzer saves the input. */
#define FAIL_IF(cond)                                                    \
	do {                                                             \
		if (cond) {                                              \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", \
				__FILE__, __LINE__, #cond);              \
			abort();                                         \
		}                                                        \
	} while (0)

#define MAX_NOTES 16
#define MAX_PATHS (MAX_NOTES + 4)
#define MAX_NAMES 8
#define MAX_EDITS 12

/* A resolved id is NULL or a valid slug, and resolving is repeatable. */
static void S_resolve(const struct vault *v, const char *name)
{
	int declared = -1, again = -1;
	char *id = vault_resolve_name(v, name, &declared);
	char *id2 = vault_resolve_name(v, name, &again);

	FAIL_IF(!str_eq(id, id2) || declared != again);
	FAIL_IF(id && (!names_is_slug(id) ||
		       (declared && !(vault_target(v, id) &&
				      vault_target(v, id)->declared))));
	FAIL_IF(!id && declared);
	free(id);
	free(id2);
}

static void S_check(const struct vault *v)
{
	const struct vault_note **notes;
	const struct vault_target **targets;
	size_t n, t, i, j, declared = 0;

	n = vault_notes(&notes, v);
	for (i = 0; i + 1 < n; i++)
		FAIL_IF(strcmp(notes[i]->path, notes[i + 1]->path) >= 0);
	for (i = 0; i < n; i++) {
		const struct vault_note *vn = notes[i];

		for (j = 0; j < vn->maps_nr; j++) {
			FAIL_IF(!names_is_slug(vn->maps[j].target) ||
				!vn->maps[j].decl);
			/* Sorted and one per target. */
			FAIL_IF(j && strcmp(vn->maps[j - 1].target,
					    vn->maps[j].target) >= 0);
			FAIL_IF(!vault_target(v, vn->maps[j].target));
		}
		for (j = 0; j < vn->mentions_nr; j++) {
			const struct vault_target *mt =
				vault_target(v, vn->mentions[j]);

			FAIL_IF(!mt || !mt->declared);
			FAIL_IF(j && strcmp(vn->mentions[j - 1],
					    vn->mentions[j]) >= 0);
		}
		for (j = 0; j < vn->diags_nr; j++)
			FAIL_IF(!vn->diags[j].message);
	}

	t = vault_targets(&targets, v, 1);
	for (i = 0; i < t; i++) {
		const struct vault_target *vt = targets[i];
		const struct balance *b = &vt->balance;

		FAIL_IF(!names_is_slug(vt->id) || vault_target(v, vt->id) != vt);
		FAIL_IF(vt->declared &&
			(!vt->decl || !vt->note || vt->declarations < 1 ||
			 strcmp(vt->decl->id, vt->id)));
		FAIL_IF(!vt->declared && b->mentions);
		declared += vt->declared;
		FAIL_IF(b->score > 3 * (int)(b->supports + b->challenges) ||
			b->score < -3 * (int)(b->supports + b->challenges));
	}
	free(targets);
	FAIL_IF(vault_targets(&targets, v, 0) != declared);
	free(targets);
	free(notes);
}

static void S_print_diags(const char *label, const char *path,
			  const struct note_diag *d, size_t nr)
{
	size_t i;

	fprintf(stderr, "%s %s: %zu diags\n", label, path, nr);
	for (i = 0; i < nr; i++)
		fprintf(stderr, "  %u: %s: %s\n", d[i].line,
			d[i].severity == DIAG_ERROR ? "error" : "warning",
			d[i].message);
}

static void S_same_diags(const char *path, const struct note_diag *a,
			 size_t a_nr, const struct note_diag *b, size_t b_nr)
{
	size_t i;
	int same = a_nr == b_nr;

	for (i = 0; same && i < a_nr; i++)
		same = a[i].severity == b[i].severity &&
		       a[i].line == b[i].line &&
		       !strcmp(a[i].message, b[i].message);
	if (!same) {
		S_print_diags("incremental", path, a, a_nr);
		S_print_diags("fresh", path, b, b_nr);
	}
	FAIL_IF(!same);
}

/* Two vaults holding the same notes at the same paths resolve alike. */
static void S_same(const struct vault *a, const struct vault *b)
{
	const struct vault_note **an, **bn;
	const struct vault_target **at, **bt;
	size_t n, t, i, j;

	n = vault_notes(&an, a);
	FAIL_IF(vault_notes(&bn, b) != n);
	for (i = 0; i < n; i++) {
		const struct vault_note *x = an[i], *y = bn[i];

		FAIL_IF(strcmp(x->path, y->path) || x->note != y->note ||
			x->maps_nr != y->maps_nr ||
			x->mentions_nr != y->mentions_nr);
		for (j = 0; j < x->maps_nr; j++)
			FAIL_IF(strcmp(x->maps[j].target, y->maps[j].target) ||
				x->maps[j].decl != y->maps[j].decl);
		for (j = 0; j < x->mentions_nr; j++)
			FAIL_IF(strcmp(x->mentions[j], y->mentions[j]));
		S_same_diags(x->path, x->diags, x->diags_nr, y->diags,
			     y->diags_nr);
	}
	free(an);
	free(bn);

	t = vault_targets(&at, a, 1);
	FAIL_IF(vault_targets(&bt, b, 1) != t);
	for (i = 0; i < t; i++) {
		const struct vault_target *x = at[i], *y = bt[i];

		FAIL_IF(strcmp(x->id, y->id) || x->declared != y->declared ||
			memcmp(&x->balance, &y->balance, sizeof(x->balance)));
		FAIL_IF(x->declared &&
			(x->kind != y->kind || x->decl != y->decl ||
			 strcmp(x->note->path, y->note->path) ||
			 x->declarations != y->declarations));
	}
	free(at);
	free(bt);
}

/* FNV-1a, then a small LCG: edits that follow the input, reproducibly. */
static uint64_t S_hash(const uint8_t *data, size_t size)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < size; i++)
		h = (h ^ data[i]) * 1099511628211ULL;
	return h;
}

static unsigned S_next(uint64_t *state, unsigned n)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((*state >> 33) % n);
}

static void S_fill(struct vault *v, char paths[][32], struct note *const *at,
		   size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (at[i])
			vault_set_note(v, paths[i], at[i]);
	vault_resolve(v);
	vault_balance(v);
}

/* Every fact of a resolved vault, finished for comparing. */
static void S_facts(struct fact_set *out, const struct vault *v)
{
	size_t i;

	facts_add_all(out, v);
	facts_finish(out);
	for (i = 0; i + 1 < out->nr; i++)
		FAIL_IF(fact_cmp(&out->v[i], &out->v[i + 1]) >= 0);
	for (i = 0; i < out->nr; i++)
		FAIL_IF(!out->v[i].target || !out->v[i].note ||
			!names_is_slug(out->v[i].target));
}

/* The events from `a` to `b`, each one well formed. */
static size_t S_events(const struct fact_set *a, const struct fact_set *b)
{
	struct event_list list = EVENT_LIST_INIT;
	size_t i, nr;

	events_compare(&list, a, b, NULL, 0);
	for (i = 0; i < list.nr; i++) {
		const struct event *e = &list.v[i];

		FAIL_IF(!event_kind_name(e->kind) ||
			!event_change_name(e->change));
		FAIL_IF(!e->note);
		FAIL_IF(!e->target != (e->kind == EVENT_NOTE));
		FAIL_IF(!e->field != (e->change != EVENT_MODIFIED));
		/* One event per changed field: old and new differ. */
		FAIL_IF(e->change == EVENT_MODIFIED &&
			str_eq(e->old_value, e->new_value));
		FAIL_IF(e->change == EVENT_ADDED && e->old_value);
		FAIL_IF(e->change == EVENT_REMOVED && e->new_value);
		/* Without moves from git, no note moves. */
		FAIL_IF(e->change == EVENT_MOVED);
	}
	nr = list.nr;
	event_list_release(&list);
	return nr;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct note *notes[MAX_NOTES], *at[MAX_PATHS] = {NULL};
	struct note *copies[MAX_EDITS];
	const char *chunk[MAX_NOTES];
	size_t chunk_len[MAX_NOTES], copies_nr = 0;
	char paths[MAX_PATHS][32];
	size_t nr = 0, start = 0, i, e;
	uint64_t state = S_hash(data, size);
	/*
	 * Sharing puts one parsed note at several paths, as the reader's
	 * cache does for identical blobs; otherwise each path gets its own
	 * parse, whose path and name match where it sits.  The input decides,
	 * unless FUZZ_SHARE is 1 (always) or 0 (never).
	 */
	const char *share_env = getenv("FUZZ_SHARE");
	int share = share_env ? *share_env == '1' : (int)(state >> 63);
	/* FUZZ_TRACE=1 prints the edits, to replay a failure by hand. */
	int trace = getenv("FUZZ_TRACE") != NULL;
	struct vault v, inc, fresh;

	if (size > 4 * NOTE_MAX_SIZE)
		return 0;
	for (i = 0; i < MAX_PATHS; i++)
		snprintf(paths[i], sizeof(paths[i]), "%sn%zu.md",
			 i % 3 == 2 ? "notes/" : "", i);
	while (nr < MAX_NOTES) {
		const char *ff = memchr(buf + start, 0xff, size - start);
		size_t end = ff ? (size_t)(ff - buf) : size;

		notes[nr] = NULL;
		chunk[nr] = buf + start;
		chunk_len[nr] = end - start;
		FAIL_IF(note_parse(&notes[nr], paths[nr], buf + start,
				   end - start));
		at[nr] = notes[nr];
		nr++;
		if (!ff)
			break;
		start = end + 1;
	}

	vault_init(&v, "");
	S_fill(&v, paths, at, nr);
	vault_resolve(&v);
	vault_balance(&v);
	S_check(&v);

	/* Names from the input: each note's last line, plain and linked. */
	for (i = 0; i < nr && i < MAX_NAMES; i++) {
		const char *text = buf, *end = buf + size, *nl;
		char *name, *link;
		size_t k;

		for (k = 0; k < i; k++)
			text = (const char *)memchr(text, 0xff,
						    (size_t)(end - text)) +
			       1;
		nl = memchr(text, 0xff, (size_t)(end - text));
		if (nl)
			end = nl;
		for (nl = end; nl > text && nl[-1] != '\n'; nl--)
			;
		name = xstrndup(nl, (size_t)(end - nl) > 200
					    ? 200
					    : (size_t)(end - nl));
		link = xstrfmt("[[%s]]", name);
		S_resolve(&v, name);
		S_resolve(&v, link);
		free(name);
		free(link);
	}
	for (i = 0; i < nr; i++) {
		size_t j;

		for (j = 0; j < notes[i]->mappings_nr; j++)
			S_resolve(&v, notes[i]->mappings[j].target);
		for (j = 0; j < notes[i]->targets_nr; j++) {
			S_resolve(&v, notes[i]->targets[j].id);
			if (notes[i]->targets[j].title)
				S_resolve(&v, notes[i]->targets[j].title);
		}
	}
	S_resolve(&v, "");
	S_resolve(&v, "[[]]");
	S_resolve(&v, "[[n0]]");
	S_resolve(&v, "[[notes/n2]]");

	/* Edits, resolved one by one, against a vault built at the end. */
	vault_init(&inc, "");
	S_fill(&inc, paths, at, nr);
	for (e = S_next(&state, MAX_EDITS + 1); e; e--) {
		unsigned p = S_next(&state, (unsigned)nr + 4);
		unsigned what = S_next(&state, (unsigned)nr + 2);
		struct note *now = what < nr ? notes[what] : NULL;
		const struct note *old;

		if (now && !share && what != p) {
			FAIL_IF(note_parse(&copies[copies_nr], paths[p],
					   chunk[what], chunk_len[what]));
			now = copies[copies_nr++];
		}

		if (trace)
			fprintf(stderr, "edit: %s = %s%s%s\n", paths[p],
				now ? "note from " : "(removed)",
				now ? paths[what] : "",
				now && share ? " (shared)" : "");
		old = vault_set_note(&inc, paths[p], now);
		FAIL_IF(old != at[p]);
		at[p] = now;
		/* Sometimes several edits make one change, as in a commit. */
		if (S_next(&state, 3)) {
			int all = vault_resolve(&inc);

			if (trace)
				fprintf(stderr, "resolve (%s)\n",
					all ? "all" : "incremental");
			if (S_next(&state, 2))
				vault_balance(&inc);
		}
	}
	vault_resolve(&inc);
	vault_balance(&inc);
	S_check(&inc);
	vault_init(&fresh, "");
	S_fill(&fresh, paths, at, MAX_PATHS);
	S_same(&inc, &fresh);

	/*
	 * Facts and events: the incremental and the fresh vault say the same
	 * things, so nothing happened between them; from the first vault to
	 * the edited one, every event is well formed.
	 */
	{
		struct fact_set first = FACT_SET_INIT, a = FACT_SET_INIT,
				b = FACT_SET_INIT;

		S_facts(&first, &v);
		S_facts(&a, &inc);
		S_facts(&b, &fresh);
		FAIL_IF(a.nr != b.nr);
		FAIL_IF(S_events(&a, &b) != 0);
		FAIL_IF(S_events(&b, &a) != 0);
		FAIL_IF(S_events(&first, &first) != 0);
		S_events(&first, &a);
		S_events(&a, &first);
		fact_set_release(&first);
		fact_set_release(&a);
		fact_set_release(&b);
	}

	vault_release(&fresh);
	vault_release(&inc);
	vault_release(&v);
	for (i = 0; i < nr; i++)
		note_free(notes[i]);
	for (i = 0; i < copies_nr; i++)
		note_free(copies[i]);
	return 0;
}
