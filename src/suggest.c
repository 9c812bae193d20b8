#include <stdlib.h>

#include "body.h"
#include "strbuf.h"
#include "suggest.h"
#include "util.h"

/* The title a mapping heading names a target by: its title, else its id. */
static const char *S_heading_name(const struct vault_target *t)
{
	return t->declared && t->decl->title ? t->decl->title : t->id;
}

static char *S_mapping(const struct vault_note *vn,
		       const struct vault_unlinked *u,
		       const struct vault_target *t)
{
	struct strbuf sb = STRBUF_INIT;
	char *excerpt = body_text_excerpt(&vn->note->texts[u->text], 200);

	/*
	 * Weak neutral: a valid mapping that leaves the score alone until a
	 * person or an agent picks the strength and the effect.
	 */
	strbuf_addf(&sb, "## Mapping against %s\n\nWeak neutral - %s\n",
		    S_heading_name(t), excerpt);
	free(excerpt);
	return strbuf_detach(&sb, NULL);
}

void suggest_collect(struct suggestions *out, const struct vault *v)
{
	const struct vault_note **notes;
	size_t n = vault_notes(&notes, v), i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < notes[i]->unlinked_nr; j++) {
			const struct vault_unlinked *u = &notes[i]->unlinked[j];
			const struct vault_target *t =
				vault_target(v, u->target);
			struct suggestion *s;

			if (!t)
				continue;
			ALLOC_GROW(out->v, out->nr + 1, out->alloc);
			s = &out->v[out->nr++];
			s->path = notes[i]->path;
			s->line = u->line;
			s->name = u->name;
			s->target = t;
			s->mapping = S_mapping(notes[i], u, t);
		}
	free(notes);
}

void suggestions_release(struct suggestions *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		free(s->v[i].mapping);
	free(s->v);
	s->v = NULL;
	s->nr = s->alloc = 0;
}
