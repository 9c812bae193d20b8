#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "vocab.h"

static int S_word_eq(const char *word, size_t len, const char *canon)
{
	while (len && isspace((unsigned char)*word))
		word++, len--;
	while (len && isspace((unsigned char)word[len - 1]))
		len--;
	return len == strlen(canon) && !strncasecmp(word, canon, len);
}

const char *vocab_strength(const char *word, size_t len)
{
#define X(name, weight)                                                        \
	if (S_word_eq(word, len, name))                                        \
		return name;
	STRENGTH_TABLE(X)
#undef X
	return NULL;
}

int vocab_strength_weight(const char *canonical)
{
#define X(name, weight)                                                        \
	if (canonical && !strcmp(canonical, name))                             \
		return weight;
	STRENGTH_TABLE(X)
#undef X
	return 0;
}

const char *vocab_effect(const char *word, size_t len)
{
#define X(spelling, canon, sign)                                               \
	if (S_word_eq(word, len, spelling))                                    \
		return canon;
	EFFECT_TABLE(X)
#undef X
	return NULL;
}

int vocab_effect_sign(const char *canonical)
{
#define X(spelling, canon, sign)                                               \
	if (canonical && !strcmp(canonical, spelling))                         \
		return sign;
	EFFECT_TABLE(X)
#undef X
	return 0;
}

const char *vocab_status(const char *word, size_t len,
			 enum target_kind *kind_out)
{
#define X(name, kind)                                                          \
	if (S_word_eq(word, len, name)) {                                      \
		if (kind_out)                                                  \
			*kind_out = kind;                                      \
		return name;                                                   \
	}
	STATUS_TABLE(X)
#undef X
	return NULL;
}

const char *vocab_confidence(const char *word, size_t len)
{
	size_t i = 0, digits = 0;
	int seen_dot = 0, lead_one = 0;

#define X(name)                                                                \
	if (S_word_eq(word, len, name))                                        \
		return name;
	CONFIDENCE_TABLE(X)
#undef X
	/* A decimal from 0 to 1: 0, 1, 0.7, .7, 1.0, 1.00; kept as written. */
	if (!len)
		return NULL;
	if (word[0] == '1')
		lead_one = 1;
	for (i = 0; i < len; i++) {
		if (word[i] == '.' && !seen_dot) {
			seen_dot = 1;
		} else if (isdigit((unsigned char)word[i])) {
			if (!seen_dot && ++digits > 1)
				return NULL;
			if (!seen_dot && word[i] != '0' && word[i] != '1')
				return NULL;
			if (seen_dot && lead_one && word[i] != '0')
				return NULL;
		} else {
			return NULL;
		}
	}
	if (len == 1 && word[0] == '.')
		return NULL;
	return word;
}

const char *target_kind_name(enum target_kind kind)
{
	return kind == TARGET_THESIS ? "thesis" : "position";
}

int target_kind_parse(const char *s)
{
	if (!strcmp(s, "position"))
		return TARGET_POSITION;
	if (!strcmp(s, "thesis"))
		return TARGET_THESIS;
	return -1;
}
