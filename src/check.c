/*
 * check: the commit check shared by pre-commit and sync (check.h).
 */
#include <string.h>

#include "check.h"
#include "strmap.h"
#include "util.h"

void check_diags_release(struct check_diags *d)
{
	size_t i;

	for (i = 0; i < d->nr; i++) {
		free(d->v[i].path);
		free(d->v[i].diag.message);
		free(d->v[i].culprit);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static void S_add(struct check_diags *out, const char *path,
		  const struct note_diag *diag, const char *culprit)
{
	struct check_diag *c;

	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	c = &out->v[out->nr++];
	c->path = xstrdup(path);
	c->diag = *diag;
	c->diag.message = xstrdup(diag->message ? diag->message : "");
	c->culprit = xstrdup(culprit);
	if (diag->severity == DIAG_ERROR)
		out->errors++;
	else
		out->warnings++;
}

static int S_changed_path(const struct tree_changes *ch, const char *path)
{
	size_t i;

	for (i = 0; i < ch->nr; i++)
		if (ch->v[i].new_path && !strcmp(ch->v[i].new_path, path))
			return 1;
	return 0;
}

/* The changed note that declares `id`, for a duplicate's culprit. */
static const char *S_declarer(const struct vault *v,
			      const struct tree_changes *ch, const char *id)
{
	size_t i, k;

	for (i = 0; i < ch->nr; i++) {
		const struct vault_note *vn;

		if (!ch->v[i].new_path ||
		    !(vn = strmap_get(&v->notes, ch->v[i].new_path)))
			continue;
		for (k = 0; k < vn->note->targets_nr; k++)
			if (!strcmp(vn->note->targets[k].id, id))
				return vn->path;
	}
	return NULL;
}

void check_changes(struct check_diags *out, const struct history *h,
		   const struct tree_changes *ch)
{
	const struct vault *v = &h->vault;
	struct strmap ids = STRMAP_INIT;
	size_t i, k, s;

	/* Only the notes this change touches are the author's to fix. */
	for (i = 0; i < ch->nr; i++) {
		const struct vault_note *vn;
		const struct note_diag *sets[2];
		size_t counts[2];

		if (!ch->v[i].new_path ||
		    !(vn = strmap_get(&v->notes, ch->v[i].new_path)))
			continue;
		sets[0] = vn->note->diags;
		sets[1] = vn->diags;
		counts[0] = vn->note->diags_nr;
		counts[1] = vn->diags_nr;
		for (s = 0; s < 2; s++)
			for (k = 0; k < counts[s]; k++)
				S_add(out, vn->path, &sets[s][k], vn->path);
		for (k = 0; k < vn->note->targets_nr; k++)
			strmap_put(&ids, vn->note->targets[k].id, NULL);
	}
	/* ... and an id they declare that an older note loses now. */
	if (ids.nr) {
		const struct vault_note **notes;
		size_t n = vault_notes(&notes, v);

		for (i = 0; i < n; i++) {
			const struct vault_note *vn = notes[i];

			for (k = 0; k < vn->note->targets_nr; k++) {
				const struct target_decl *d =
					&vn->note->targets[k];
				const struct vault_target *t =
					vault_target(v, d->id);
				struct note_diag diag = {
					DIAG_ERROR, d->line, 0,
					(char *)"duplicate id, declared again "
						"by this commit"};
				const char *culprit;

				if (!strmap_contains(&ids, d->id) || !t ||
				    t->decl == d ||
				    S_changed_path(ch, vn->path))
					continue;
				culprit = S_declarer(v, ch, d->id);
				S_add(out, vn->path, &diag,
				      culprit ? culprit : vn->path);
			}
		}
		free(notes);
	}
	strmap_release(&ids);
}
