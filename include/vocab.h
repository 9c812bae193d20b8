#ifndef THESIS_VOCAB_H
#define THESIS_VOCAB_H

/*
 * vocab: the controlled vocabularies of the note contract, each generated
 * from one X-macro table so names, parsing and help text never drift apart
 * (the way tig builds its request tables).
 *
 * Every vocab_*() lookup compares case-insensitively after trimming spaces
 * and returns the canonical lowercase spelling (a static string), or NULL
 * when the word is not in the vocabulary.
 *
 * The parser canonicalises words with these tables and parsed notes are
 * kept across runs (notecache.h): a change to a table that the parser
 * uses MUST bump NOTECACHE_CONTRACT.
 *
 * Layer: notes.  See src/README.
 */

#include <stddef.h>
#include "note.h"

/* STRENGTH(canonical, weight) */
#define STRENGTH_TABLE(X)                                                      \
	X("strong", 3)                                                         \
	X("moderate", 2)                                                       \
	X("weak", 1)

/* EFFECT_SPELLING(spelling, canonical, sign) */
#define EFFECT_TABLE(X)                                                        \
	X("support", "supports", 1)                                            \
	X("supports", "supports", 1)                                           \
	X("supporting", "supports", 1)                                         \
	X("challenge", "challenges", -1)                                       \
	X("challenges", "challenges", -1)                                      \
	X("challenging", "challenges", -1)                                     \
	X("challenged", "challenges", -1)                                      \
	X("neutral", "neutral", 0)

/* STATUS(word, kind) */
#define STATUS_TABLE(X)                                                        \
	X("held", TARGET_POSITION)                                             \
	X("questioned", TARGET_POSITION)                                       \
	X("revised", TARGET_POSITION)                                          \
	X("retired", TARGET_POSITION)                                          \
	X("emerging", TARGET_THESIS)                                           \
	X("corroborated", TARGET_THESIS)                                       \
	X("contested", TARGET_THESIS)                                          \
	X("refuted", TARGET_THESIS)

#define CONFIDENCE_TABLE(X)                                                    \
	X("high")                                                              \
	X("medium")                                                            \
	X("low")

#define EFFECT_DEFAULT "supports"

const char *vocab_strength(const char *word, size_t len);
/* Weight of a canonical strength (3, 2, 1), 0 for anything else. */
int vocab_strength_weight(const char *canonical);
const char *vocab_effect(const char *word, size_t len);
/* Sign of a canonical effect (+1, -1, 0), 0 for anything else. */
int vocab_effect_sign(const char *canonical);
/* Sets *kind_out to the kind whose vocabulary holds the word. */
const char *vocab_status(const char *word, size_t len,
			 enum target_kind *kind_out);
/*
 * A confidence word (high, medium, low) in lowercase, or the value itself
 * when it is a decimal number from 0 to 1 as written ("0.70" stays "0.70");
 * NULL otherwise.  The returned pointer is static or `word` itself.
 */
const char *vocab_confidence(const char *word, size_t len);

const char *target_kind_name(enum target_kind kind);
/* Parses "position" / "thesis"; returns -1 for anything else. */
int target_kind_parse(const char *s);

#endif
