#ifndef THESIS_VAULT_H
#define THESIS_VAULT_H

/*
 * vault: the resolved facts of a whole vault at one revision.
 *
 * The reader feeds parsed notes in with vault_set_note(); vault_resolve()
 * then works out what every name means (contract section 3), which
 * declaration of an id wins, each note's mappings and mentions against
 * target ids, and every target's evidence balance (section 7).  Nothing here
 * touches the repository or prints.
 *
 * Ownership: the vault owns its vault_note and vault_target records and every
 * string in them; the `struct note` each vault_note points at is borrowed
 * (the reader's note cache owns it and must outlive the vault).  Pointers
 * into the vault stay valid until the next vault_set_note() or
 * vault_release().
 *
 * Layer: facts.  See src/README.
 */

#include <stddef.h>
#include "matcher.h"
#include "note.h"
#include "strmap.h"
#include "strvec.h"

/* A mapping of one note, its target resolved to an id. */
struct vault_mapping {
	char *target;                      /* resolved id, owned */
	const struct mapping_decl *decl;   /* borrowed from the note */
};

/* An open question of one note about one target (contract 5b). */
struct vault_question {
	char *target;                      /* declared id, owned */
	const struct question_decl *decl;  /* borrowed from the note */
};

/*
 * An unlinked mention: the first place a note names a declared target in
 * prose without declaring, linking or mapping it.
 */
struct vault_unlinked {
	char *target; /* declared id, owned */
	char *name;   /* the name as written there, owned */
	unsigned line;
	size_t text;   /* index into the note's texts */
	size_t offset; /* of the name in that text */
};

struct vault_note {
	char *path;              /* repository path, owned */
	const struct note *note; /* borrowed */
	int dirty;               /* changed since the last resolution */
	/* Resolved facts, sorted by target id, one per target. */
	struct vault_mapping *maps;
	size_t maps_nr, maps_alloc;
	char **mentions; /* declared target ids, owned */
	size_t mentions_nr, mentions_alloc;
	/* Open questions, sorted by target, one per target: the first. */
	struct vault_question *questions;
	size_t questions_nr, questions_alloc;
	/* Unlinked mentions by target, when the vault is asked for them. */
	struct vault_unlinked *unlinked;
	size_t unlinked_nr, unlinked_alloc;
	/* Problems only the whole vault reveals (duplicates, undeclared). */
	struct note_diag *diags;
	size_t diags_nr, diags_alloc;
	/* The keys it is filed under in vault.refs (see there): the note's. */
	const struct strvec *refkeys;
};

struct balance {
	unsigned supports, challenges, neutral, mentions;
	unsigned questions; /* open questions: no part of the score */
	/* [strength][effect]: strength 0 strong, 1 moderate, 2 weak;
	 * effect 0 supports, 1 challenges, 2 neutral. */
	unsigned by_strength[3][3];
	int score;
};

struct vault_target {
	char *id; /* owned */
	int declared;
	enum target_kind kind;            /* meaningful when declared */
	const struct target_decl *decl;   /* the winning declaration */
	const struct vault_note *note;    /* the note holding it */
	unsigned declarations;            /* > 1: duplicate id */
	int context; /* undeclared, and a thesis.context name (contract 4) */
	struct balance balance;
};

struct vault {
	char *root; /* the vault folder, "" for the whole tree; owned */
	struct strmap notes;   /* path -> struct vault_note * */
	struct strmap targets; /* id -> struct vault_target * */
	struct strmap names;   /* lookup key -> struct name_entry * */
	int resolved;          /* names, targets and every note resolved */
	/*
	 * Set by vault_set_note() when a change can alter what a name means
	 * (an id, kind, title or alias, or the path of a note declaring one
	 * target): the next vault_resolve() then re-resolves every note.
	 * Otherwise only the notes marked dirty are re-resolved.
	 */
	int names_dirty;
	struct vault_note **dirty;
	size_t dirty_nr, dirty_alloc;
	int balanced; /* balances are current */
	/* Slugs of the thesis.context names (value unused). */
	struct strmap context;
	/*
	 * Every id, title and alias of at least 4 characters of a declared
	 * target, for unlinked mentions; rebuilt when names change.  Values
	 * index `matcher_ids`.
	 */
	struct matcher matcher;
	struct strvec matcher_ids;
	/* Compute unlinked mentions too (show, check --suggest, report). */
	int want_unlinked;
	/*
	 * The reverse index a change of names is resolved through: every
	 * lookup key ("k:<key>") and slug ("s:<slug>") a note's mappings and
	 * links resolve by -> the notes that use it (a struct vault_refs *),
	 * and the notes that declare targets or hold open questions (path ->
	 * vault_note).  `refs` is built by the first vault_touched_by() and
	 * kept up to date by vault_set_note() while that costs less than
	 * building it again (`refs_work` counts the notes filed or unfiled).
	 */
	struct strmap refs;
	int refs_built;
	size_t refs_work;
	struct strmap declaring;
	struct strmap questioning;
	/*
	 * Set by vault_touch(): the next resolution after a change of names
	 * re-resolves only the notes changed and these (path -> NULL), not
	 * the whole vault.  Cleared by it.
	 */
	struct strmap *touched;
	/*
	 * Which meaning of names the vault holds: a number no other
	 * resolution of any vault in the process had, so a lazily parsed
	 * note can remember that its body is not needed under it.
	 */
	unsigned long names_gen;
};

void vault_init(struct vault *v, const char *root);
void vault_release(struct vault *v);

/*
 * Names of the organisation itself (git config thesis.context): mappings
 * to them are tracked under their slug as any undeclared name, listed as
 * kind `context`, never warned about.  Call before vault_resolve().
 */
void vault_set_context(struct vault *v, const struct strvec *names);

/* Asks vault_resolve() for unlinked mentions too (they cost a scan). */
void vault_want_unlinked(struct vault *v);

/* The kind a target is listed as: position, thesis, context, undeclared. */
const char *vault_target_kind(const struct vault_target *t);

/* Minimum length of a name matched as an unlinked mention, in characters. */
#define VAULT_UNLINKED_MIN 4

/*
 * Sets the note at `path` (a note path under the vault) to `note`, or
 * removes it when `note` is NULL.  Returns the note it replaced, or NULL.
 * Cheap: resolution is deferred to vault_resolve().
 */
const struct note *vault_set_note(struct vault *v, const char *path,
				  const struct note *note);

/*
 * Whether two versions of a note (either may be NULL) give every name the
 * same meaning: the same targets, ids, kinds, titles and aliases in the
 * same order.  When they do, replacing one by the other re-resolves only
 * that note.
 */
int vault_same_names(const struct note *a, const struct note *b);

/*
 * Resolves names, mappings and mentions: all of them after a change to
 * names (or the first time), else only the notes changed since the last
 * call.  Returns 1 when it re-resolved everything, 0 otherwise.
 */
int vault_resolve(struct vault *v);

/*
 * A change of names resolved through the reverse index: before notes are
 * replaced, adds to `out` (path -> NULL) the notes of the vault whose
 * mappings, mentions or questions a change of the `nr` notes `notes` (the
 * versions leaving and arriving, at `paths`; NULL notes allowed) can alter: those naming
 * a key or id any of them declares, those declaring the same ids, those
 * with open questions.  Returns 0, or -1 when every note may change (the
 * vault wants unlinked mentions): then resolve and compare it all.
 *
 * vault_touch() hands such a set to the next vault_resolve(), which then
 * rebuilds the names but re-resolves only the changed notes and `touched`
 * (borrowed until that call).  The facts of every other note are the same
 * under both meanings of names, so a caller comparing facts across the
 * change collects those of the changed and touched notes only.
 */
int vault_touched_by(struct strmap *out, struct vault *v,
		     const char *const *paths, const struct note *const *notes,
		     size_t nr);
void vault_touch(struct vault *v, struct strmap *touched);

/* Computes every target's evidence balance (after vault_resolve()). */
void vault_balance(struct vault *v);

/*
 * The target id `name` means: a wikilink resolves by id, title, alias,
 * file name or vault path; a plain name by id, title or alias; otherwise the
 * name's slug.  Returns a new string (free it), or NULL for a name whose
 * slug is empty.  *declared_out (may be NULL) says whether that id is
 * declared.
 */
char *vault_resolve_name(const struct vault *v, const char *name,
			 int *declared_out);

/*
 * A target as a user names it on the command line: like any reference in
 * a note, and failing that as a wikilink (so a file name works too).
 * NULL when no declared or mapped target has that name.
 */
const struct vault_target *vault_lookup(const struct vault *v,
					const char *name);

/* Lookup by exact id; NULL when unknown. */
const struct vault_target *vault_target(const struct vault *v,
					const char *id);

/*
 * Sorted views, newly allocated arrays of borrowed pointers (free the array
 * only).  Notes by path; targets by kind (positions, theses, undeclared) then
 * id.  vault_targets() includes undeclared targets only when asked.
 */
size_t vault_notes(const struct vault_note ***out, const struct vault *v);
size_t vault_targets(const struct vault_target ***out, const struct vault *v,
		     int with_undeclared);

/* The vault path of a note: its path relative to the vault folder. */
const char *vault_relative_path(const struct vault *v, const char *path);

#endif
