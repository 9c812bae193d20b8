#ifndef THESIS_SUGGEST_H
#define THESIS_SUGGEST_H

/*
 * suggest: what `check --suggest` proposes: for each note, each declared
 * target it names in prose without a link or mapping (an unlinked
 * mention, contract 5b), with a `## Mapping against <title>` block ready
 * to paste.  Candidates, not evidence: computed from a resolved vault
 * that wanted unlinked mentions, nothing printed; renderers list them.
 *
 * Layer: facts -> results (no libgit2: renderers include this).
 */

#include <stddef.h>
#include "vault.h"

struct suggestion {
	const char *path; /* the note; borrowed from the vault */
	unsigned line;	  /* where the name stands */
	const char *name; /* the name as written; borrowed */
	const struct vault_target *target; /* borrowed */
	char *mapping;			   /* the block to paste; owned */
};

struct suggestions {
	struct suggestion *v;
	size_t nr, alloc;
};
#define SUGGESTIONS_INIT   \
	{                  \
		NULL, 0, 0 \
	}

/* Appends the suggestions of `v` to `out`, by note path then line. */
void suggest_collect(struct suggestions *out, const struct vault *v);
void suggestions_release(struct suggestions *s);

#endif
