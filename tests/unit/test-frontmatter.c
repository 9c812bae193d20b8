#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "frontmatter.h"
#include "note.h"
#include "strbuf.h"
#include "util.h"

/* Helpers */

static struct note *S_parse_len(const char *text, size_t len)
{
	struct note *note = NULL;

	assert_int_equal(note_parse(&note, "notes/n.md", text, len), 0);
	assert_non_null(note);
	return note;
}

static struct note *S_parse(const char *text)
{
	return S_parse_len(text, strlen(text));
}

static void S_assert_diag(const struct note *note, size_t i,
			  enum diag_severity severity, unsigned line,
			  unsigned column, const char *message)
{
	assert_true(i < note->diags_nr);
	assert_string_equal(note->diags[i].message, message);
	assert_int_equal(note->diags[i].severity, severity);
	assert_int_equal(note->diags[i].line, line);
	if (column)
		assert_int_equal(note->diags[i].column, column);
}

/* A note whose frontmatter yielded nothing at all. */
static void S_assert_no_facts(const struct note *note)
{
	assert_null(note->title);
	assert_null(note->type);
	assert_null(note->date);
	assert_null(note->source);
	assert_null(note->author);
	assert_int_equal(note->tags.nr, 0);
	assert_int_equal(note->aliases.nr, 0);
	assert_int_equal(note->targets_nr, 0);
	assert_int_equal(note->mappings_nr, 0);
}

static void S_assert_split(const char *buf, size_t len,
			   enum frontmatter_state state, size_t yaml_offset,
			   size_t yaml_len, unsigned yaml_line,
			   size_t body_offset, unsigned body_line)
{
	struct frontmatter_split s;

	frontmatter_split(&s, buf, len);
	assert_int_equal(s.state, state);
	assert_int_equal(s.body_offset, body_offset);
	assert_int_equal(s.body_line, body_line);
	if (state != FRONTMATTER_CLOSED)
		return;
	assert_int_equal(s.yaml_offset, yaml_offset);
	assert_int_equal(s.yaml_len, yaml_len);
	assert_int_equal(s.yaml_line, yaml_line);
}

#define SPLIT(lit, ...) S_assert_split(lit, sizeof(lit) - 1, __VA_ARGS__)

/* frontmatter_split() */

static void test_split_plain(void **state)
{
	(void)state;
	SPLIT("# Title\n\nText\n", FRONTMATTER_NONE, 0, 0, 0, 0, 1);
	SPLIT("---\ntitle: a\n---\nbody\n", FRONTMATTER_CLOSED, 4, 9, 2, 17, 4);
	S_assert_split(NULL, 0, FRONTMATTER_NONE, 0, 0, 0, 0, 1);
	SPLIT("", FRONTMATTER_NONE, 0, 0, 0, 0, 1);
}

static void test_split_bom(void **state)
{
	(void)state;
	SPLIT("\xEF\xBB\xBF---\ntitle: a\n---\nbody", FRONTMATTER_CLOSED, 7, 9,
	      2, 20, 4);
	SPLIT("\xEF\xBB\xBF# T\n", FRONTMATTER_NONE, 0, 0, 0, 3, 1);
	SPLIT("\xEF\xBB\xBF", FRONTMATTER_NONE, 0, 0, 0, 3, 1);
	/* A BOM later on, or half of one, is no BOM. */
	SPLIT("\xEF\xBB---\na: 1\n---\n", FRONTMATTER_NONE, 0, 0, 0, 0, 1);
}

static void test_split_crlf(void **state)
{
	(void)state;
	SPLIT("---\r\ntitle: a\r\n---\r\nbody\r\n", FRONTMATTER_CLOSED, 5, 10,
	      2, 20, 4);
}

static void test_split_dots_terminator(void **state)
{
	(void)state;
	SPLIT("---\na: 1\n...\nbody\n", FRONTMATTER_CLOSED, 4, 5, 2, 13, 4);
	SPLIT("---\na: 1\n... \r\nbody\n", FRONTMATTER_CLOSED, 4, 5, 2, 15, 4);
	/* `...` opens nothing. */
	SPLIT("...\na: 1\n---\n", FRONTMATTER_NONE, 0, 0, 0, 0, 1);
}

static void test_split_trailing_blanks(void **state)
{
	(void)state;
	SPLIT("---  \t\na: 1\n---   \r\nbody", FRONTMATTER_CLOSED, 7, 5, 2, 20,
	      4);
	SPLIT("--- \r\na: 1\n---\t\nb", FRONTMATTER_CLOSED, 6, 5, 2, 16, 4);
}

static void test_split_not_a_fence(void **state)
{
	(void)state;
	SPLIT("----\na: 1\n---\n", FRONTMATTER_NONE, 0, 0, 0, 0, 1);
	SPLIT("--- x\na: 1\n---\n", FRONTMATTER_NONE, 0, 0, 0, 0, 1);
	SPLIT(" ---\na: 1\n---\n", FRONTMATTER_NONE, 0, 0, 0, 0, 1);
	/* The CR must sit right before the LF. */
	SPLIT("---\r \na: 1\n---\n", FRONTMATTER_NONE, 0, 0, 0, 0, 1);
	/* Lines that only start like a fence do not close the block. */
	SPLIT("---\na: 1\n---x\n----\n--- y\n---\nb", FRONTMATTER_CLOSED, 4, 21,
	      2, 29, 7);
}

static void test_split_empty_block(void **state)
{
	(void)state;
	SPLIT("---\n---\n", FRONTMATTER_CLOSED, 4, 0, 2, 8, 3);
	SPLIT("---\n---", FRONTMATTER_CLOSED, 4, 0, 2, 7, 3);
	SPLIT("---\n...\nx", FRONTMATTER_CLOSED, 4, 0, 2, 8, 3);
}

static void test_split_leading_blank_line(void **state)
{
	(void)state;
	SPLIT("\n---\na: 1\n---\n", FRONTMATTER_NONE, 0, 0, 0, 0, 1);
	SPLIT("\r\n---\na: 1\n---\n", FRONTMATTER_NONE, 0, 0, 0, 0, 1);
	SPLIT("\xEF\xBB\xBF\n---\na: 1\n---\n", FRONTMATTER_NONE, 0, 0, 0, 3,
	      1);
}

static void test_split_unterminated(void **state)
{
	(void)state;
	SPLIT("---\na: 1\nb: 2\n", FRONTMATTER_UNTERMINATED, 0, 0, 0, 0, 1);
	SPLIT("\xEF\xBB\xBF---\na: 1\n", FRONTMATTER_UNTERMINATED, 0, 0, 0, 3,
	      1);
	SPLIT("---\n", FRONTMATTER_UNTERMINATED, 0, 0, 0, 0, 1);
	SPLIT("---", FRONTMATTER_UNTERMINATED, 0, 0, 0, 0, 1);
}

static void test_split_later_dashes(void **state)
{
	(void)state;
	SPLIT("# T\n---\na: 1\n---\n", FRONTMATTER_NONE, 0, 0, 0, 0, 1);
	SPLIT("text\n\n---\n\nmore\n", FRONTMATTER_NONE, 0, 0, 0, 0, 1);
}

static void test_split_close_at_eof(void **state)
{
	(void)state;
	SPLIT("---\na: 1\n---", FRONTMATTER_CLOSED, 4, 5, 2, 12, 4);
	SPLIT("---\na: 1\n---  \r", FRONTMATTER_CLOSED, 4, 5, 2, 15, 4);
}

/* note_parse(): the block as a whole */

static void test_parse_unterminated(void **state)
{
	struct note *n = S_parse("---\ntitle: a\n");

	(void)state;
	assert_int_equal(n->has_frontmatter, 0);
	S_assert_no_facts(n);
	assert_int_equal(n->diags_nr, 1);
	/* Contract 2: broken, an error; the whole text is its body. */
	S_assert_diag(n, 0, DIAG_ERROR, 1, 1,
		      "frontmatter has no closing '---' line");
	assert_string_equal(n->broken,
			    "1:1: frontmatter has no closing '---' line");
	note_free(n);
}

static void test_parse_bom_crlf(void **state)
{
	struct note *n = S_parse("\xEF\xBB\xBF---\r\ntitle: Hello \r\n"
				 "position: p\r\nmaps:\r\n  - target: t\r\n"
				 "---\r\nbody\r\n");

	(void)state;
	assert_int_equal(n->has_frontmatter, 1);
	assert_int_equal(n->diags_nr, 0);
	assert_string_equal(n->title, "Hello");
	assert_int_equal(n->targets_nr, 1);
	assert_int_equal(n->targets[0].line, 3);
	assert_int_equal(n->mappings_nr, 1);
	assert_int_equal(n->mappings[0].line, 5);
	note_free(n);

	/* Error positions count CRLF lines as one line each. */
	n = S_parse("---\r\ntitle: a\r\nfoo: b: c\r\n---\r\n");
	assert_int_equal(n->has_frontmatter, 0);
	S_assert_no_facts(n);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 3, 7,
		      "mapping values are not allowed in this context");
	note_free(n);
}

static void test_parse_no_frontmatter(void **state)
{
	struct note *n = S_parse("\n---\ntitle: a\n---\n");

	(void)state;
	assert_int_equal(n->has_frontmatter, 0);
	S_assert_no_facts(n);
	assert_int_equal(n->diags_nr, 0);
	note_free(n);

	n = S_parse("# T\n---\ntitle: a\n---\n");
	assert_int_equal(n->has_frontmatter, 0);
	S_assert_no_facts(n);
	assert_int_equal(n->diags_nr, 0);
	note_free(n);
}

static void test_parse_empty(void **state)
{
	static const char *const cases[] = {
		"---\n---\n",
		"---\n\n\n...\n",
		"---\n# only a comment\n---\n",
		"---\n~\n---\n",
		"---\nnull\n---\n",
		"---\n''\n---\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct note *n = S_parse(cases[i]);

		assert_int_equal(n->has_frontmatter, 1);
		S_assert_no_facts(n);
		assert_int_equal(n->diags_nr, 0);
		note_free(n);
	}
}

static void test_parse_syntax_errors(void **state)
{
	struct note *n = S_parse("---\ntitle: a\naliases: - %\n---\n");

	(void)state;
	assert_int_equal(n->has_frontmatter, 0);
	S_assert_no_facts(n);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 3, 10,
		      "block sequence entries are not allowed in this context");
	note_free(n);

	/* A tab used for indentation. */
	n = S_parse("---\ntitle: a\nmaps:\n\t- target: x\n---\n");
	assert_int_equal(n->has_frontmatter, 0);
	S_assert_no_facts(n);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 4, 1,
		      "found character that cannot start any token while "
		      "scanning for the next token");
	note_free(n);

	n = S_parse("---\ntitle: 'a\n---\n");
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 3, 1,
		      "found unexpected end of stream while scanning a quoted "
		      "scalar");
	S_assert_no_facts(n);
	note_free(n);

	/* A second document: `--- b` does not close the block. */
	n = S_parse("---\ntitle: a\n--- b\n---\n");
	assert_int_equal(n->has_frontmatter, 0);
	S_assert_no_facts(n);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 3, 1,
		      "frontmatter holds more than one YAML document");
	note_free(n);
}

static void test_parse_nul_and_bad_utf8(void **state)
{
	static const char nul[] = "---\ntitle: a\0b\n---\n";
	struct note *n = S_parse_len(nul, sizeof(nul) - 1);

	(void)state;
	assert_int_equal(n->has_frontmatter, 0);
	S_assert_no_facts(n);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 2, 9,
		      "control characters are not allowed");
	note_free(n);

	n = S_parse("---\ntype: x\ntitle: \xff\n---\n");
	S_assert_no_facts(n);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 3, 8, "invalid leading UTF-8 octet");
	note_free(n);

	/*
	 * A cut sequence after a multi-byte letter: columns count characters,
	 * and libyaml blames the byte that should have continued it (the LF).
	 */
	n = S_parse("---\ntitle: \xc3\xa9\xc3\n---\n");
	S_assert_no_facts(n);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 2, 10, "invalid trailing UTF-8 octet");
	note_free(n);

	/* No UTF-16 sniffing inside the block. */
	n = S_parse("---\n\xff\xfetitle: a\n---\n");
	S_assert_no_facts(n);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 2, 1, "invalid leading UTF-8 octet");
	note_free(n);

	/* An escaped NUL inside quotes is valid YAML; the value stops there. */
	n = S_parse("---\ntitle: \"a\\0b\"\n---\n");
	assert_int_equal(n->diags_nr, 0);
	assert_string_equal(n->title, "a");
	note_free(n);

	/* Non-ASCII text is fine. */
	n = S_parse("---\ntitle: Caf\xc3\xa9 \xf0\x9f\x9a\x80\n---\n");
	assert_int_equal(n->diags_nr, 0);
	assert_string_equal(n->title, "Caf\xc3\xa9 \xf0\x9f\x9a\x80");
	note_free(n);
}

static void test_parse_root_not_mapping(void **state)
{
	struct note *n = S_parse("---\n- title\n- b\n---\n");

	(void)state;
	assert_int_equal(n->has_frontmatter, 1);
	S_assert_no_facts(n);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_WARNING, 2, 1,
		      "frontmatter is not a mapping; ignored");
	note_free(n);

	n = S_parse("---\n\njust some text\n---\n");
	assert_int_equal(n->has_frontmatter, 1);
	S_assert_no_facts(n);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_WARNING, 3, 1,
		      "frontmatter is not a mapping; ignored");
	note_free(n);
}

static void test_parse_duplicate_key(void **state)
{
	struct note *n = S_parse("---\ntitle: a\ntype: t\ntitle: b\n"
				 "title: c\n---\n");

	(void)state;
	assert_int_equal(n->has_frontmatter, 1);
	assert_string_equal(n->title, "c");
	assert_string_equal(n->type, "t");
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_WARNING, 5, 1,
		      "duplicate key 'title'; the last value is used");
	note_free(n);

	/* Quoting does not make a different key. */
	n = S_parse("---\ntitle: a\n'title': b\n---\n");
	assert_string_equal(n->title, "b");
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_WARNING, 3, 1,
		      "duplicate key 'title'; the last value is used");
	note_free(n);

	/* Keys are compared exactly, case included. */
	n = S_parse("---\ntitle: a\nTitle: b\n---\n");
	assert_string_equal(n->title, "a");
	assert_int_equal(n->diags_nr, 0);
	note_free(n);
}

/* Values */

static void test_values_note_fields(void **state)
{
	struct note *n;

	(void)state;
	n = S_parse("---\ntitle:   Stratechery Amazon  \n"
		    "date: 2026-05-04\ntype: reference\n"
		    "source: \"Stratechery\"\nauthor: 'Ben Thompson'\n"
		    "Module Name: x\nms.date: y\n---\n");
	assert_int_equal(n->has_frontmatter, 1);
	assert_int_equal(n->diags_nr, 0);
	assert_string_equal(n->title, "Stratechery Amazon");
	assert_string_equal(n->date, "2026-05-04");
	assert_string_equal(n->type, "reference");
	assert_string_equal(n->source, "Stratechery");
	assert_string_equal(n->author, "Ben Thompson");
	assert_int_equal(n->targets_nr, 0);
	assert_int_equal(n->mappings_nr, 0);
	note_free(n);
}

static void test_values_nulls(void **state)
{
	struct note *n = S_parse("---\ntitle: ~\ntype: null\ndate: Null\n"
				 "source: NULL\nauthor:\n---\n");

	(void)state;
	assert_int_equal(n->has_frontmatter, 1);
	assert_int_equal(n->diags_nr, 0);
	S_assert_no_facts(n);
	note_free(n);

	n = S_parse("---\ntitle: ''\ntype: \"  \"\ndate: !!null x\n"
		    "source: \"null\"\nauthor: nUll\n---\n");
	assert_int_equal(n->diags_nr, 0);
	assert_null(n->title);
	assert_null(n->type);
	assert_null(n->date);
	assert_string_equal(n->source, "null");
	assert_string_equal(n->author, "nUll");
	note_free(n);

	/* An explicit tag makes a null word a string. */
	n = S_parse("---\ntitle: !!str ~\n---\n");
	assert_string_equal(n->title, "~");
	note_free(n);
}

static void test_values_quoted_equals_plain(void **state)
{
	static const char *const cases[] = {
		"---\nposition: p\nconfidence: 0.70\ntitle: yes\n"
		"date: 11/04/2016\nowner: 0.117\n---\n",
		"---\nposition: p\nconfidence: \"0.70\"\ntitle: 'yes'\n"
		"date: \"11/04/2016\"\nowner: '0.117'\n---\n",
		"---\nposition: p\nconfidence: \" 0.70 \"\ntitle: >-\n  yes\n"
		"date: |\n  11/04/2016\nowner: \"0.117\"\n---\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct note *n = S_parse(cases[i]);

		assert_int_equal(n->diags_nr, 0);
		assert_string_equal(n->title, "yes");
		assert_string_equal(n->date, "11/04/2016");
		assert_int_equal(n->targets_nr, 1);
		assert_string_equal(n->targets[0].confidence, "0.70");
		assert_string_equal(n->targets[0].owner, "0.117");
		assert_string_equal(n->targets[0].title, "yes");
		note_free(n);
	}
}

static void test_values_lists_and_mappings(void **state)
{
	struct note *n = S_parse("---\ntitle: [a, ~, \"\", b]\ntype: []\n"
				 "date:\n  - 2026\n  - [x, y]\n"
				 "author: {name: x}\nsource: [[Some Note]]\n"
				 "---\n");

	(void)state;
	assert_string_equal(n->title, "a, b");
	assert_null(n->type);
	assert_string_equal(n->date, "2026, x, y");
	assert_null(n->author);
	assert_string_equal(n->source, "[[Some Note]]");
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_WARNING, 7, 9,
		      "author: expected a value, found a mapping");
	note_free(n);
}

static void test_values_aliases_anchors(void **state)
{
	struct note *n = S_parse("---\ntitle: &t Real title\ntype: *t\n"
				 "aliases: [*t, b]\ntags: *t\n---\n");

	(void)state;
	assert_int_equal(n->diags_nr, 0);
	assert_string_equal(n->title, "Real title");
	assert_null(n->type);
	assert_int_equal(n->aliases.nr, 1);
	assert_string_equal(n->aliases.v[0], "b");
	assert_int_equal(n->tags.nr, 0);
	note_free(n);
}

static void test_values_tags(void **state)
{
	struct note *n = S_parse("---\ntags: [amazon, \"#aws\", ' ai ', ~, "
				 "'#', infra/cloud]\n---\n");

	(void)state;
	assert_int_equal(n->diags_nr, 0);
	assert_int_equal(n->tags.nr, 4);
	assert_string_equal(n->tags.v[0], "amazon");
	assert_string_equal(n->tags.v[1], "aws");
	assert_string_equal(n->tags.v[2], "ai");
	assert_string_equal(n->tags.v[3], "infra/cloud");
	note_free(n);

	n = S_parse("---\ntags: \"#a, b  c,,d ,#e\"\n---\n");
	assert_int_equal(n->tags.nr, 5);
	assert_string_equal(n->tags.v[0], "a");
	assert_string_equal(n->tags.v[1], "b");
	assert_string_equal(n->tags.v[2], "c");
	assert_string_equal(n->tags.v[3], "d");
	assert_string_equal(n->tags.v[4], "e");
	note_free(n);

	n = S_parse("---\ntags: a b\n---\n");
	assert_int_equal(n->tags.nr, 2);
	assert_string_equal(n->tags.v[0], "a");
	assert_string_equal(n->tags.v[1], "b");
	note_free(n);

	n = S_parse("---\ntags:\n  - x\n  -\n  - y\n---\n");
	assert_int_equal(n->diags_nr, 0);
	assert_int_equal(n->tags.nr, 2);
	assert_string_equal(n->tags.v[0], "x");
	assert_string_equal(n->tags.v[1], "y");
	note_free(n);

	/* An unquoted `#` starts a YAML comment. */
	n = S_parse("---\ntags: #a\n---\n");
	assert_int_equal(n->tags.nr, 0);
	note_free(n);
}

static void test_values_note_aliases(void **state)
{
	struct note *n = S_parse("---\naliases: [A, ' B ', ~]\n---\n");

	(void)state;
	assert_int_equal(n->aliases.nr, 2);
	assert_string_equal(n->aliases.v[0], "A");
	assert_string_equal(n->aliases.v[1], "B");
	note_free(n);

	/* One string is one alias, commas and all. */
	n = S_parse("---\naliases: Cloudflare, first\n---\n");
	assert_int_equal(n->aliases.nr, 1);
	assert_string_equal(n->aliases.v[0], "Cloudflare, first");
	note_free(n);

	n = S_parse("---\naliases:\n---\n");
	assert_int_equal(n->aliases.nr, 0);
	assert_int_equal(n->diags_nr, 0);
	note_free(n);
}

/* Targets */

static void test_target_single_position(void **state)
{
	struct note *n =
		S_parse("---\nposition: cloudflare-first-hosting\n"
			"title: Cloudflare-first hosting\n"
			"stance: Run all infrastructure on Cloudflare first.\n"
			"status: Held\nconfidence: HIGH\nowner: founder\n"
			"supersedes: [vercel-first-hosting, netlify]\n"
			"aliases: [Cloudflare-first]\n---\n");
	struct target_decl *t;

	(void)state;
	assert_int_equal(n->diags_nr, 0);
	assert_int_equal(n->targets_nr, 1);
	t = &n->targets[0];
	assert_int_equal(t->kind, TARGET_POSITION);
	assert_string_equal(t->id, "cloudflare-first-hosting");
	assert_string_equal(t->title, "Cloudflare-first hosting");
	assert_string_equal(t->stance,
			    "Run all infrastructure on Cloudflare first.");
	assert_string_equal(t->status, "held");
	assert_string_equal(t->confidence, "high");
	assert_string_equal(t->owner, "founder");
	assert_int_equal(t->supersedes.nr, 2);
	assert_string_equal(t->supersedes.v[0], "vercel-first-hosting");
	assert_string_equal(t->supersedes.v[1], "netlify");
	assert_int_equal(t->aliases.nr, 1);
	assert_string_equal(t->aliases.v[0], "Cloudflare-first");
	assert_int_equal(t->line, 2);
	/* The same keys are the note's own too. */
	assert_string_equal(n->title, "Cloudflare-first hosting");
	assert_int_equal(n->aliases.nr, 1);
	assert_string_equal(n->aliases.v[0], "Cloudflare-first");
	note_free(n);
}

static void test_target_single_thesis(void **state)
{
	struct note *n = S_parse("---\ntitle: x\nthesis: llm-commoditization\n"
				 "status: emerging\nsupersedes: old-one, b\n"
				 "aliases: LLM commoditization\n---\n");
	struct target_decl *t;

	(void)state;
	assert_int_equal(n->diags_nr, 0);
	assert_int_equal(n->targets_nr, 1);
	t = &n->targets[0];
	assert_int_equal(t->kind, TARGET_THESIS);
	assert_string_equal(t->id, "llm-commoditization");
	assert_string_equal(t->title, "x");
	assert_string_equal(t->status, "emerging");
	assert_null(t->stance);
	assert_null(t->confidence);
	assert_null(t->owner);
	assert_int_equal(t->supersedes.nr, 1);
	assert_string_equal(t->supersedes.v[0], "old-one, b");
	assert_int_equal(t->aliases.nr, 1);
	assert_string_equal(t->aliases.v[0], "LLM commoditization");
	assert_int_equal(t->line, 3);
	note_free(n);
}

static void test_target_lists(void **state)
{
	struct note *n = S_parse(
		"---\npositions:\n"
		"  - id: a\n    title: A\n    status: questioned\n"
		"    aliases: [Aa]\n    supersedes: z\n"
		"  - just a string\n"
		"  - title: no id\n"
		"  - id: b\n"
		"theses:\n  - {id: t1, status: refuted, confidence: .5}\n"
		"title: note title\n---\n");

	(void)state;
	assert_int_equal(n->targets_nr, 3);
	assert_int_equal(n->targets[0].kind, TARGET_POSITION);
	assert_string_equal(n->targets[0].id, "a");
	assert_string_equal(n->targets[0].title, "A");
	assert_string_equal(n->targets[0].status, "questioned");
	assert_int_equal(n->targets[0].aliases.nr, 1);
	assert_string_equal(n->targets[0].aliases.v[0], "Aa");
	assert_int_equal(n->targets[0].supersedes.nr, 1);
	assert_string_equal(n->targets[0].supersedes.v[0], "z");
	assert_int_equal(n->targets[0].line, 3);
	assert_int_equal(n->targets[1].kind, TARGET_POSITION);
	assert_string_equal(n->targets[1].id, "b");
	assert_null(n->targets[1].title);
	assert_int_equal(n->targets[1].line, 10);
	assert_int_equal(n->targets[2].kind, TARGET_THESIS);
	assert_string_equal(n->targets[2].id, "t1");
	assert_string_equal(n->targets[2].status, "refuted");
	assert_string_equal(n->targets[2].confidence, ".5");
	assert_int_equal(n->targets[2].line, 12);
	/* Items never take the note's title or aliases. */
	assert_string_equal(n->title, "note title");
	assert_int_equal(n->aliases.nr, 0);
	assert_int_equal(n->diags_nr, 2);
	S_assert_diag(n, 0, DIAG_WARNING, 8, 5,
		      "positions: item is not a mapping; skipped");
	S_assert_diag(n, 1, DIAG_WARNING, 9, 5,
		      "positions: item has no id; skipped");
	note_free(n);
}

static void test_target_list_and_single(void **state)
{
	struct note *n = S_parse("---\nthesis: main\ntheses:\n  - id: side\n"
				 "positions: {id: lone}\n---\n");

	(void)state;
	assert_int_equal(n->diags_nr, 0);
	assert_int_equal(n->targets_nr, 3);
	assert_string_equal(n->targets[0].id, "main");
	assert_int_equal(n->targets[0].kind, TARGET_THESIS);
	assert_string_equal(n->targets[1].id, "lone");
	assert_int_equal(n->targets[1].kind, TARGET_POSITION);
	assert_string_equal(n->targets[2].id, "side");
	assert_int_equal(n->targets[2].kind, TARGET_THESIS);
	note_free(n);
}

static void test_target_both_kinds(void **state)
{
	struct note *n = S_parse("---\nthesis: t\nposition: p\nstatus: held\n"
				 "---\n");

	(void)state;
	assert_int_equal(n->targets_nr, 1);
	assert_int_equal(n->targets[0].kind, TARGET_POSITION);
	assert_string_equal(n->targets[0].id, "p");
	assert_string_equal(n->targets[0].status, "held");
	assert_int_equal(n->targets[0].line, 3);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 2, 1,
		      "both 'position' and 'thesis' declared; the position "
		      "wins");
	note_free(n);
}

static void test_target_invalid_ids(void **state)
{
	struct note *n = S_parse("---\nposition: Cloudflare First!\n---\n");

	(void)state;
	assert_int_equal(n->targets_nr, 1);
	assert_string_equal(n->targets[0].id, "cloudflare-first");
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 2, 11,
		      "invalid id 'Cloudflare First!'; using "
		      "'cloudflare-first'");
	note_free(n);

	n = S_parse("---\nthesis: \"  spaced-id  \"\n---\n");
	assert_int_equal(n->diags_nr, 0);
	assert_int_equal(n->targets_nr, 1);
	assert_string_equal(n->targets[0].id, "spaced-id");
	note_free(n);

	n = S_parse("---\nposition: \"!!!\"\n---\n");
	assert_int_equal(n->targets_nr, 0);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 2, 11,
		      "invalid id '!!!'; no position declared");
	note_free(n);

	n = S_parse("---\nposition:\ntitle: x\n---\n");
	assert_int_equal(n->targets_nr, 0);
	assert_string_equal(n->title, "x");
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 2, 10,
		      "'position' has no id; no position declared");
	note_free(n);

	n = S_parse("---\nthesis: ~\n---\n");
	assert_int_equal(n->targets_nr, 0);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 2, 9,
		      "'thesis' has no id; no thesis declared");
	note_free(n);

	n = S_parse("---\ntheses:\n  - id: Big Idea\n  - id: '+++'\n"
		    "  - id: ''\n---\n");
	assert_int_equal(n->targets_nr, 1);
	assert_string_equal(n->targets[0].id, "big-idea");
	assert_int_equal(n->diags_nr, 3);
	S_assert_diag(n, 0, DIAG_ERROR, 3, 9,
		      "invalid id 'Big Idea'; using 'big-idea'");
	S_assert_diag(n, 1, DIAG_ERROR, 4, 9,
		      "invalid id '+++'; no thesis declared");
	S_assert_diag(n, 2, DIAG_WARNING, 5, 9,
		      "theses: item has no id; skipped");
	note_free(n);
}

static void test_target_status(void **state)
{
	struct note *n = S_parse("---\nthesis: t\nstatus: revised\n---\n");

	(void)state;
	assert_int_equal(n->targets_nr, 1);
	assert_string_equal(n->targets[0].status, "revised");
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_WARNING, 3, 9,
		      "status 'revised' is not a thesis status (emerging, "
		      "corroborated, contested, refuted)");
	note_free(n);

	n = S_parse("---\nposition: p\nstatus: Emerging\n---\n");
	/* A word of the other kind is still reported in lowercase. */
	assert_string_equal(n->targets[0].status, "emerging");
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_WARNING, 3, 9,
		      "status 'Emerging' is not a position status (held, "
		      "questioned, revised, retired)");
	note_free(n);

	n = S_parse("---\nposition: p\nstatus: Maybe later\n---\n");
	assert_string_equal(n->targets[0].status, "Maybe later");
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_WARNING, 3, 9,
		      "unknown position status 'Maybe later'; expected held, "
		      "questioned, revised or retired");
	note_free(n);

	n = S_parse("---\nthesis: t\nstatus: ' CORROBORATED '\n---\n");
	assert_int_equal(n->diags_nr, 0);
	assert_string_equal(n->targets[0].status, "corroborated");
	note_free(n);
}

static void test_target_confidence(void **state)
{
	static const struct {
		const char *yaml, *want;
		int warned;
	} cases[] = {
		{"high", "high", 0},   {"Medium", "medium", 0},
		{"LOW", "low", 0},     {"0.70", "0.70", 0},
		{"'0.70'", "0.70", 0}, {"1", "1", 0},
		{"0", "0", 0},	       {"1.00", "1.00", 0},
		{"1.5", "1.5", 1},     {"70%", "70%", 1},
		{"-0.1", "-0.1", 1},   {"very high", "very high", 1},
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct strbuf yaml = STRBUF_INIT, msg = STRBUF_INIT;
		struct note *n;

		strbuf_addf(&yaml, "---\nposition: p\nconfidence: %s\n---\n",
			    cases[i].yaml);
		n = S_parse(yaml.buf);
		assert_int_equal(n->targets_nr, 1);
		assert_string_equal(n->targets[0].confidence, cases[i].want);
		assert_int_equal(n->diags_nr, cases[i].warned);
		if (cases[i].warned) {
			strbuf_addf(&msg,
				    "unknown confidence '%s'; expected high, "
				    "medium, low or a number from 0 to 1",
				    cases[i].want);
			S_assert_diag(n, 0, DIAG_WARNING, 3, 13, msg.buf);
		}
		note_free(n);
		strbuf_release(&yaml);
		strbuf_release(&msg);
	}
}

static void test_target_wikilink_supersedes(void **state)
{
	struct note *n = S_parse("---\nposition: new\nsupersedes: [[old]]\n"
				 "---\n");

	(void)state;
	assert_int_equal(n->diags_nr, 0);
	assert_int_equal(n->targets[0].supersedes.nr, 1);
	assert_string_equal(n->targets[0].supersedes.v[0], "[[old]]");
	note_free(n);

	n = S_parse("---\nposition: new\nsupersedes:\n  - [[a]]\n  - b\n"
		    "---\n");
	assert_int_equal(n->targets[0].supersedes.nr, 2);
	assert_string_equal(n->targets[0].supersedes.v[0], "[[a]]");
	assert_string_equal(n->targets[0].supersedes.v[1], "b");
	note_free(n);
}

/* Mappings */

static void S_assert_mapping(const struct mapping_decl *m, const char *target,
			     const char *strength, const char *effect,
			     const char *why, unsigned line)
{
	assert_string_equal(m->target, target);
	if (strength)
		assert_string_equal(m->strength, strength);
	else
		assert_null(m->strength);
	assert_string_equal(m->effect, effect);
	if (why)
		assert_string_equal(m->why, why);
	else
		assert_null(m->why);
	assert_int_equal(m->origin, MAPPING_FRONTMATTER);
	assert_int_equal(m->line, line);
}

static void test_maps_list(void **state)
{
	struct note *n = S_parse(
		"---\nmaps:\n"
		"  - target: cloudflare-first-hosting\n"
		"    strength: STRONG\n    effect: challenge\n"
		"    why: Amazon is the most neutral inference host.\n"
		"  - target: [[Ray Data Co]]\n    strength: Moderate\n"
		"  - \"[[Quoted]]\"\n"
		"  - bare-name\n"
		"  - [[Bare Link|shown]]\n"
		"  - {target: x, strength: weak, effect: NEUTRAL, why: ~}\n"
		"---\n");

	(void)state;
	assert_int_equal(n->diags_nr, 0);
	assert_int_equal(n->mappings_nr, 6);
	S_assert_mapping(&n->mappings[0], "cloudflare-first-hosting", "strong",
			 "challenges",
			 "Amazon is the most neutral inference host.", 3);
	S_assert_mapping(&n->mappings[1], "[[Ray Data Co]]", "moderate",
			 "supports", NULL, 7);
	S_assert_mapping(&n->mappings[2], "[[Quoted]]", NULL, "supports", NULL,
			 9);
	S_assert_mapping(&n->mappings[3], "bare-name", NULL, "supports", NULL,
			 10);
	S_assert_mapping(&n->mappings[4], "[[Bare Link|shown]]", NULL,
			 "supports", NULL, 11);
	S_assert_mapping(&n->mappings[5], "x", "weak", "neutral", NULL, 12);
	note_free(n);
}

static void test_maps_mapping_form(void **state)
{
	struct note *n = S_parse(
		"---\nmaps: {llm-commoditization: strong, other: ~}\n---\n");

	(void)state;
	assert_int_equal(n->diags_nr, 0);
	assert_int_equal(n->mappings_nr, 2);
	S_assert_mapping(&n->mappings[0], "llm-commoditization", "strong",
			 "supports", NULL, 2);
	S_assert_mapping(&n->mappings[1], "other", NULL, "supports", NULL, 2);
	note_free(n);

	n = S_parse("---\nmaps:\n  Ray Data Co:\n    strength: weak\n"
		    "    effect: Challenging\n    why: '  because  '\n"
		    "  [[linked]]: moderate\n  dup: weak\n  dup: strong\n"
		    "---\n");
	assert_int_equal(n->mappings_nr, 3);
	S_assert_mapping(&n->mappings[0], "Ray Data Co", "weak", "challenges",
			 "because", 3);
	S_assert_mapping(&n->mappings[1], "[[linked]]", "moderate", "supports",
			 NULL, 7);
	S_assert_mapping(&n->mappings[2], "dup", "strong", "supports", NULL, 9);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_WARNING, 9, 3,
		      "duplicate key 'dup'; the last value is used");
	note_free(n);
}

static void test_maps_scalar_forms(void **state)
{
	struct note *n = S_parse("---\nmaps: single-target\n---\n");

	(void)state;
	assert_int_equal(n->diags_nr, 0);
	assert_int_equal(n->mappings_nr, 1);
	S_assert_mapping(&n->mappings[0], "single-target", NULL, "supports",
			 NULL, 2);
	note_free(n);

	n = S_parse("---\nmaps: [[Only Link]]\n---\n");
	assert_int_equal(n->diags_nr, 0);
	assert_int_equal(n->mappings_nr, 1);
	S_assert_mapping(&n->mappings[0], "[[Only Link]]", NULL, "supports",
			 NULL, 2);
	note_free(n);

	n = S_parse("---\nmaps:\nmaps2: x\n---\n");
	assert_int_equal(n->diags_nr, 0);
	assert_int_equal(n->mappings_nr, 0);
	note_free(n);
}

static void test_maps_problems(void **state)
{
	struct note *n = S_parse(
		"---\nmaps:\n"
		"  - strength: strong\n"
		"  - target: ''\n"
		"  - target: a\n    strength: huge\n    effect: opposes\n"
		"  - ~\n"
		"  - [a, b]\n"
		"  - target: b\n    strength: [strong]\n"
		"  - target: {x: y}\n"
		"---\n");

	(void)state;
	assert_int_equal(n->mappings_nr, 2);
	S_assert_mapping(&n->mappings[0], "a", "huge", "opposes", NULL, 5);
	S_assert_mapping(&n->mappings[1], "b", "strong", "supports", NULL, 10);
	assert_int_equal(n->diags_nr, 8);
	S_assert_diag(n, 0, DIAG_WARNING, 3, 5,
		      "maps: item has no target; skipped");
	S_assert_diag(n, 1, DIAG_WARNING, 4, 5,
		      "maps: item has no target; skipped");
	S_assert_diag(n, 2, DIAG_WARNING, 6, 15,
		      "unknown strength 'huge'; expected strong, moderate or "
		      "weak");
	S_assert_diag(n, 3, DIAG_WARNING, 7, 13,
		      "unknown effect 'opposes'; expected supports, "
		      "challenges or neutral");
	S_assert_diag(n, 4, DIAG_WARNING, 8, 5,
		      "maps: item has no target; skipped");
	S_assert_diag(n, 5, DIAG_WARNING, 9, 5,
		      "maps: item is neither a mapping nor a target name; "
		      "skipped");
	S_assert_diag(n, 6, DIAG_WARNING, 12, 13,
		      "target: expected a value, found a mapping");
	S_assert_diag(n, 7, DIAG_WARNING, 12, 5,
		      "maps: item has no target; skipped");
	note_free(n);
}

/* Limits */

static void test_limits_alias_bomb(void **state)
{
	struct strbuf yaml = STRBUF_INIT;
	struct note *n;
	clock_t start;
	double secs;
	int i;

	(void)state;
	strbuf_addstr(&yaml, "---\ntitle: safe\nl0: &l0 [lol, lol, lol]\n");
	for (i = 1; i < 20; i++)
		strbuf_addf(&yaml,
			    "l%d: &l%d [*l%d, *l%d, *l%d, *l%d, *l%d, *l%d, "
			    "*l%d, *l%d, *l%d, *l%d]\n",
			    i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
			    i - 1, i - 1, i - 1, i - 1);
	strbuf_addstr(&yaml, "tags: *l19\naliases: *l19\nmaps: *l19\n"
			     "position: p\nsupersedes: *l19\n"
			     "stance: [*l19, *l18]\n---\n");
	start = clock();
	n = S_parse(yaml.buf);
	secs = (double)(clock() - start) / CLOCKS_PER_SEC;
	assert_true(secs < 1.0);
	assert_int_equal(n->diags_nr, 0);
	assert_string_equal(n->title, "safe");
	assert_int_equal(n->tags.nr, 0);
	assert_int_equal(n->aliases.nr, 0);
	assert_int_equal(n->mappings_nr, 0);
	assert_int_equal(n->targets_nr, 1);
	assert_int_equal(n->targets[0].supersedes.nr, 0);
	assert_null(n->targets[0].stance);
	note_free(n);
	strbuf_release(&yaml);
}

static struct note *S_nested(int levels)
{
	struct strbuf yaml = STRBUF_INIT;
	struct note *n;

	strbuf_addstr(&yaml, "---\ntitle: t\nx: ");
	strbuf_addchars(&yaml, '[', (size_t)levels);
	strbuf_addchars(&yaml, ']', (size_t)levels);
	strbuf_addstr(&yaml, "\n---\n");
	n = S_parse(yaml.buf);
	strbuf_release(&yaml);
	return n;
}

static void test_limits_depth(void **state)
{
	struct note *n;

	(void)state;
	/* The root mapping is one level: 63 brackets reach the limit. */
	n = S_nested(FRONTMATTER_MAX_DEPTH - 1);
	assert_int_equal(n->has_frontmatter, 1);
	assert_int_equal(n->diags_nr, 0);
	assert_string_equal(n->title, "t");
	note_free(n);

	n = S_nested(FRONTMATTER_MAX_DEPTH);
	assert_int_equal(n->has_frontmatter, 0);
	S_assert_no_facts(n);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 3, 3 + FRONTMATTER_MAX_DEPTH,
		      "frontmatter nests deeper than 64 levels; not read");
	note_free(n);

	n = S_nested(200);
	assert_int_equal(n->has_frontmatter, 0);
	S_assert_no_facts(n);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 3, 3 + FRONTMATTER_MAX_DEPTH,
		      "frontmatter nests deeper than 64 levels; not read");
	note_free(n);
}

static void test_limits_nodes(void **state)
{
	struct strbuf yaml = STRBUF_INIT;
	struct note *n;
	int i;

	(void)state;
	/* Root, key `x`, the list: three nodes before the items. */
	strbuf_addstr(&yaml, "---\nx: [");
	for (i = 0; i < FRONTMATTER_MAX_NODES - 3; i++)
		strbuf_addstr(&yaml, "a,");
	strbuf_addstr(&yaml, "]\n---\n");
	n = S_parse(yaml.buf);
	assert_int_equal(n->has_frontmatter, 1);
	assert_int_equal(n->diags_nr, 0);
	note_free(n);

	strbuf_setlen(&yaml, yaml.len - 6);
	strbuf_addstr(&yaml, "b]\ntitle: t\n---\n");
	n = S_parse(yaml.buf);
	assert_int_equal(n->has_frontmatter, 0);
	S_assert_no_facts(n);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, DIAG_ERROR, 2, 5 + 2 * (FRONTMATTER_MAX_NODES - 3),
		      "frontmatter has more than 100000 YAML nodes; not read");
	note_free(n);
	strbuf_release(&yaml);
}

static void test_parse_direct(void **state)
{
	struct note *n = S_parse("# body only\n");

	(void)state;
	/* Called on its own, with the file line of the YAML's first line. */
	frontmatter_parse(n, "a: 1\nb: [\n", 10, 7);
	assert_int_equal(n->has_frontmatter, 0);
	assert_int_equal(n->diags_nr, 1);
	assert_int_equal(n->diags[0].severity, DIAG_ERROR);
	assert_int_equal(n->diags[0].line, 9);
	note_free(n);

	n = S_parse("# body only\n");
	frontmatter_parse(n, NULL, 0, 2);
	assert_int_equal(n->has_frontmatter, 1);
	assert_int_equal(n->diags_nr, 0);
	note_free(n);

	/* `len` bounds the input: the text after it is never read. */
	n = S_parse("# body only\n");
	frontmatter_parse(n, "title: a\n: : broken", 9, 2);
	assert_int_equal(n->diags_nr, 0);
	assert_string_equal(n->title, "a");
	note_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_plain),
		cmocka_unit_test(test_split_bom),
		cmocka_unit_test(test_split_crlf),
		cmocka_unit_test(test_split_dots_terminator),
		cmocka_unit_test(test_split_trailing_blanks),
		cmocka_unit_test(test_split_not_a_fence),
		cmocka_unit_test(test_split_empty_block),
		cmocka_unit_test(test_split_leading_blank_line),
		cmocka_unit_test(test_split_unterminated),
		cmocka_unit_test(test_split_later_dashes),
		cmocka_unit_test(test_split_close_at_eof),
		cmocka_unit_test(test_parse_unterminated),
		cmocka_unit_test(test_parse_bom_crlf),
		cmocka_unit_test(test_parse_no_frontmatter),
		cmocka_unit_test(test_parse_empty),
		cmocka_unit_test(test_parse_syntax_errors),
		cmocka_unit_test(test_parse_nul_and_bad_utf8),
		cmocka_unit_test(test_parse_root_not_mapping),
		cmocka_unit_test(test_parse_duplicate_key),
		cmocka_unit_test(test_parse_direct),
		cmocka_unit_test(test_values_note_fields),
		cmocka_unit_test(test_values_nulls),
		cmocka_unit_test(test_values_quoted_equals_plain),
		cmocka_unit_test(test_values_lists_and_mappings),
		cmocka_unit_test(test_values_aliases_anchors),
		cmocka_unit_test(test_values_tags),
		cmocka_unit_test(test_values_note_aliases),
		cmocka_unit_test(test_target_single_position),
		cmocka_unit_test(test_target_single_thesis),
		cmocka_unit_test(test_target_lists),
		cmocka_unit_test(test_target_list_and_single),
		cmocka_unit_test(test_target_both_kinds),
		cmocka_unit_test(test_target_invalid_ids),
		cmocka_unit_test(test_target_status),
		cmocka_unit_test(test_target_confidence),
		cmocka_unit_test(test_target_wikilink_supersedes),
		cmocka_unit_test(test_maps_list),
		cmocka_unit_test(test_maps_mapping_form),
		cmocka_unit_test(test_maps_scalar_forms),
		cmocka_unit_test(test_maps_problems),
		cmocka_unit_test(test_limits_alias_bomb),
		cmocka_unit_test(test_limits_depth),
		cmocka_unit_test(test_limits_nodes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
