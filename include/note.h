#ifndef THESIS_NOTE_H
#define THESIS_NOTE_H

/*
 * note: the facts of one note, read from its bytes alone.
 *
 * A `struct note` is what the parser makes of one blob: its frontmatter
 * fields, the targets it declares, its mappings and its wikilinks, each with
 * the name of the target *as written*.  Resolving those names against the
 * rest of the vault is the vault module's job; the parser never looks
 * beyond one note and never prints: problems become `diags` that `check`
 * reports.
 *
 * Ownership: a note owns every string and array it points to; note_free()
 * releases them all.  Values follow the contract's string rules: trimmed,
 * quotes removed, plain scalars exactly as written, `~`/`null`/empty are
 * NULL, lists joined where a single value is wanted.
 *
 * Parsed notes are kept across runs (notecache.h), keyed by blob id: a
 * change to what note_parse() makes of any bytes, and any new field in
 * these structs, MUST bump NOTECACHE_CONTRACT and be encoded in notecache.c
 * (its build fails on a changed struct size as a reminder).  A parse may
 * depend on the bytes alone, never on the path (but `path` and `name`) or
 * on any setting.
 *
 * Layer: notes (one note from its bytes; never the repository, never the
 * vault).  See src/README.
 */

#include <stddef.h>
#include "exclude.h"
#include "strvec.h"

enum target_kind {
	TARGET_POSITION = 0,
	TARGET_THESIS = 1,
};

enum diag_severity {
	DIAG_WARNING = 0,
	DIAG_ERROR = 1,
};

/* A problem `check` reports. */
struct note_diag {
	enum diag_severity severity;
	unsigned line;   /* 1-based line in the file; 0 when unknown */
	unsigned column; /* 1-based; 0 when unknown */
	char *message;   /* owned; no trailing period or newline */
};

/* One position or thesis declared in a note's frontmatter. */
struct target_decl {
	enum target_kind kind;
	char *id;         /* slug, never NULL nor empty */
	char *title;      /* each field: normalised value or NULL */
	char *stance;     /* frontmatter `stance`, else the body's Stance */
	char *status;     /* canonical lowercase when in a vocabulary */
	char *confidence; /* canonical, a number as written, or as written */
	char *owner;
	struct strvec supersedes; /* items as written, trimmed */
	struct strvec aliases;    /* items as written, trimmed */
	unsigned line;            /* line of the declaring key */
	/*
	 * The stance came from the body's Stance paragraph, not frontmatter:
	 * a broken note carrying this declaration takes its own body's.
	 */
	int stance_from_body;
};
#define TARGET_DECL_INIT {TARGET_POSITION, NULL, NULL, NULL, NULL, NULL, NULL, \
			  STRVEC_INIT, STRVEC_INIT, 0, 0}
void target_decl_release(struct target_decl *t);

enum mapping_origin {
	MAPPING_FRONTMATTER = 0,
	MAPPING_BODY = 1,
};

/* One mapping of this note against a target named by `target`. */
struct mapping_decl {
	char *target;   /* the name as written, trimmed; may be a [[wikilink]] */
	char *strength; /* canonical lowercase, as written if unknown, or NULL */
	char *effect;   /* canonical lowercase, as written if unknown; never NULL */
	char *why;      /* NULL when none */
	enum mapping_origin origin;
	unsigned line;
};
void mapping_decl_release(struct mapping_decl *m);

/* A wikilink or embed in the body that may be a mention. */
struct link_ref {
	char *target; /* link target as names_wikilink() extracts it; owned */
	unsigned line;
};

/*
 * A block of prose (a paragraph or a heading, wherever it is) as unlinked
 * mentions read it (contract 5b): its visible text with every link, code
 * span and raw HTML replaced by one NUL byte, so no name matches inside or
 * across one; soft and hard line breaks are "\n".
 */
struct note_text {
	char *text; /* owned; NUL-terminated after `len` */
	size_t len;
	unsigned line; /* file line of its first line */
};

/*
 * An open question (contract 5b): a paragraph starting `Open question`,
 * `Question:` or `Q:`, or a callout of type question, faq or help.  Which
 * targets it is about is the vault's business: it names them by the
 * wikilinks in `links` or by unlinked mentions in its prose, the texts
 * `texts_first` to `texts_first + texts_nr` of the note.
 */
struct question_decl {
	char *text; /* plain text, lines trimmed and joined by one space */
	unsigned line;
	size_t texts_first, texts_nr;
	struct strvec links; /* wikilink targets as names_wikilink() gives */
};
void question_decl_release(struct question_decl *q);

struct note {
	/*
	 * Where the bytes were first read.  A parsed note is shared by every
	 * path with the same content, so users of a note at a path take the
	 * path (and the name, note_name()) from where they found it.
	 */
	char *path;
	char *name; /* file name of `path` without `.md` */

	/* Frontmatter. */
	int has_frontmatter; /* a closed `---` block whose YAML parsed */
	/*
	 * Contract section 2: the frontmatter failed to parse (malformed YAML,
	 * or `---` with no closing line), as "<line>:<column>: <message>", the
	 * first parse error; NULL when the note is not broken.  A broken note
	 * as parsed has no frontmatter facts; note_carry() gives it those of
	 * its last parsed version.
	 */
	char *broken;
	/* A note_carry() result: its frontmatter facts are carried over. */
	int carried;
	char *title;         /* note-level fields: value or NULL */
	char *type;
	char *date;
	char *source;
	char *author;
	struct strvec tags;    /* words, `#` dropped */
	struct strvec aliases; /* the note's own `aliases` */

	struct target_decl *targets;
	size_t targets_nr, targets_alloc;

	struct mapping_decl *mappings; /* frontmatter ones first, then body */
	size_t mappings_nr, mappings_alloc;

	/* Wikilinks that count as mentions if they name a declared target. */
	struct link_ref *links;
	size_t links_nr, links_alloc;

	/* Prose blocks in document order, and the open questions. */
	struct note_text *texts;
	size_t texts_nr, texts_alloc;
	struct question_decl *questions;
	size_t questions_nr, questions_alloc;

	/* The paragraph after a `Stance` heading in the body, or NULL. */
	char *body_stance;
	unsigned body_stance_line;

	struct note_diag *diags;
	size_t diags_nr, diags_alloc;

	/*
	 * A lazily parsed note (note_parse_lazy()) whose body was not parsed
	 * because it cannot hold a fact unless the vault declares a target it
	 * names: its body facts (links, texts, questions) are empty until
	 * note_complete().  `lazy` keeps what is needed to decide and to
	 * finish: the body's bytes and what body_prefilter() found in them.
	 */
	struct note_lazy *lazy;
	/*
	 * A memo of the vault's: the lookup keys this note's names resolve
	 * by (vault.c: S_refkeys()), made on first need, NULL before.
	 */
	struct strvec *refkeys;

	/*
	 * A note notecache_decode() made keeps every string and array in one
	 * chain of blocks (each starts with a pointer to the next), freed at
	 * once by note_free(): nothing may grow or free its fields one by
	 * one.  NULL for a note made field by field (never a lazy one).
	 */
	void *arena;
};

/*
 * What a cheap pass over a body's raw bytes finds (body_prefilter()): a
 * superset of what cmark would find, never less.  The body can hold a
 * fact only through a mapping heading (`maps`), a wikilink naming a
 * declared target (`links`, the targets as names_wikilink() gives them),
 * or an open question naming one (`question`).  `unsure` is set where raw
 * bytes may read otherwise once Markdown is decoded (backslash escapes,
 * character references).
 */
struct body_hints {
	int maps;
	int question;
	int unsure;
	struct strvec links;
};
#define BODY_HINTS_INIT {0, 0, 0, STRVEC_INIT}
void body_hints_release(struct body_hints *h);

struct note_lazy {
	char *body; /* the body's bytes, owned */
	size_t len;
	unsigned line; /* file line of the body's first line */
	struct body_hints hints;
	/* The vault names_gen under which the body was found not needed. */
	unsigned long names_gen;
};

/* Notes larger than this are not parsed (one warning instead). */
#define NOTE_MAX_SIZE (1024 * 1024)

/*
 * Parses the `len` bytes of `buf` (no terminating NUL needed; NULs allowed)
 * as the note at `path`, into a new note stored in *out.  Returns 0, or -1
 * only when `path` is not a note path; every problem with the contents is a
 * diag, never a failure.
 */
int note_parse(struct note **out, const char *path, const char *buf,
	       size_t len);
void note_free(struct note *note);

/*
 * note_parse() for walks over history, where most bodies hold nothing:
 * the frontmatter is parsed, the body only when it may hold a fact whatever
 * the vault says (a mapping heading, a declared target, a broken note, or
 * bytes the prefilter cannot read surely).  Otherwise note->lazy is set
 * and the vault calls note_complete() when a target the body names
 * appears (vault.c: S_needs_body()).  The result, completed, is exactly
 * note_parse()'s.
 */
int note_parse_lazy(struct note **out, const char *path, const char *buf,
		    size_t len);

/*
 * Parses the body of a lazily parsed note, in place, and drops `lazy`.
 * Logically const: a note completes itself on first need, like a memo;
 * it only fills fields that were empty, so pointers into the note stay
 * valid.  A no-op on a complete note.
 */
void note_complete(const struct note *note);

/*
 * The broken note `broken` as the vault reads it (contract section 2): its
 * own body facts (body mappings, links, body stance) and diags, with the
 * frontmatter facts (note fields, targets, frontmatter mappings) of
 * `carried`, its newest parsed version along first parents, or none when
 * `carried` is NULL.  A new note in *out; `broken` must be broken and
 * `carried` (if given) not.
 */
void note_carry(struct note **out, const struct note *broken,
		const struct note *carried);

/* The name of the note at `path`: its file name without `.md`.  Free it. */
char *note_name(const char *path);

/* Appends a diag with a printf-formatted message. */
__attribute__((format(printf, 5, 6))) void
note_diag_add(struct note *note, enum diag_severity severity, unsigned line,
	      unsigned column, const char *fmt, ...);

/* Number of diags of the given severity. */
size_t note_diag_count(const struct note *note, enum diag_severity severity);

/*
 * True when `path` names a note under the vault folder `vault` ("" or NULL
 * for the whole tree): it ends in `.md` in any case, no component starts
 * with `.`, and `exclude` (may be NULL) does not exclude its path relative
 * to the vault.  Every reader of notes (trees, the index, the working tree,
 * tree diffs, hooks, sync) asks this one function.
 */
int note_path_is_note(const char *path, const char *vault,
		      const struct exclude_list *exclude);

#endif
