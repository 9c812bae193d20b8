#ifndef THESIS_FACTS_H
#define THESIS_FACTS_H

/*
 * facts: a snapshot of what a vault says, fact by fact, in the contract's
 * terms (section 6): a target's fields, a mapping's fields, a mention, an
 * open question's text.
 *
 * A fact set owns copies of every string, so it outlives the vault state it
 * was taken from: the history walk takes the facts a change can touch,
 * changes the vault in place, and takes them again.
 *
 * Layer: facts.  See src/README.
 */

#include <stddef.h>
#include "note.h"
#include "strmap.h"
#include "strvec.h"
#include "vault.h"

enum fact_type {
	FACT_TARGET = 0,
	FACT_MAPPING = 1,
	FACT_MENTION = 2,
	/*
	 * A broken note (contract sections 2 and 6): `target` is "", the
	 * value its first parse error.  Its appearing is a `note broken`
	 * event, its going away from a note still there `note repaired`.
	 */
	FACT_BROKEN = 3,
	FACT_QUESTION = 4, /* an open question of a note about a target */
};

/* FIELD(name): a target's reportable fields, in report order. */
#define TARGET_FIELDS(X)                                                       \
	X(title)                                                               \
	X(stance)                                                              \
	X(status)                                                              \
	X(confidence)                                                          \
	X(owner)                                                               \
	X(supersedes)
#define MAPPING_FIELDS(X)                                                      \
	X(strength)                                                            \
	X(effect)                                                              \
	X(why)
#define QUESTION_FIELDS(X) X(text)

#define FACT_MAX_FIELDS 6

struct fact {
	enum fact_type type;
	enum target_kind kind; /* FACT_TARGET only */
	char *target;          /* the target id */
	char *note;            /* the note holding it (declaring, mapping...) */
	char *values[FACT_MAX_FIELDS]; /* fields in the order above; NULL = none */
	struct strvec aliases;         /* FACT_TARGET: lookup keys of aliases */
	size_t seq;                    /* insertion order, for stable dedup */
};

struct fact_set {
	struct fact *v;
	size_t nr, alloc;
	/*
	 * The paths of the notes whose facts were added (keys only): a note
	 * is there on this side, so a broken one gone from the other side
	 * was repaired, not deleted.
	 */
	struct strmap notes;
};
#define FACT_SET_INIT {NULL, 0, 0, STRMAP_INIT}
void fact_set_release(struct fact_set *set);

/* Field names of a fact type (static), and how many there are. */
size_t fact_fields(enum fact_type type, const char *const **names_out);

/*
 * The mappings, mentions and open questions of one note, the targets it
 * declares, and whether it is broken.
 */
void facts_add_note(struct fact_set *out, const struct vault *v,
		    const struct vault_note *vn);
/* The fields of the winning declaration of `id`, if declared. */
void facts_add_target(struct fact_set *out, const struct vault *v,
		      const char *id);
/* Every fact of the vault. */
void facts_add_all(struct fact_set *out, const struct vault *v);

/*
 * Sorts by (target, type, note) and drops repeated facts, keeping the one
 * added first.  Call before comparing.
 */
void facts_finish(struct fact_set *set);

/* Compares two facts by (target, type, note). */
int fact_cmp(const struct fact *a, const struct fact *b);

#endif
