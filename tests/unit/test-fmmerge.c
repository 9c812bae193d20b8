#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <git2.h>

#include "fmmerge.h"
#include "strbuf.h"
#include "util.h"

/* Helpers */

static int S_setup(void **state)
{
	(void)state;
	git_libgit2_init();
	return 0;
}

static int S_teardown(void **state)
{
	(void)state;
	git_libgit2_shutdown();
	return 0;
}

/* Merges three literals (base may be NULL: an add/add). */
static void S_merge(struct fmmerge_result *out, const char *base,
		    const char *ours, const char *theirs,
		    enum fmmerge_favor favor)
{
	struct fmmerge_input b = {base, base ? strlen(base) : 0};
	struct fmmerge_input o = {ours, strlen(ours)};
	struct fmmerge_input t = {theirs, strlen(theirs)};

	assert_int_equal(fmmerge(out, &b, &o, &t, favor), 0);
}

/* A clean merge whose text is `want`. */
static void S_clean(const char *base, const char *ours, const char *theirs,
		    const char *want)
{
	struct fmmerge_result r = FMMERGE_RESULT_INIT;

	S_merge(&r, base, ours, theirs, FMMERGE_FAVOR_NONE);
	if (r.conflicts_nr) {
		struct strbuf sb = STRBUF_INIT;

		fmmerge_conflict_describe(&sb, &r.conflicts[0]);
		fail_msg("unexpected conflict: %s", sb.buf);
	}
	assert_string_equal(r.text.buf, want);
	assert_null(strstr(r.text.buf, "<<<<<<<"));
	fmmerge_result_release(&r);
}

/* The description of conflict `i`. */
static void S_assert_conflict(const struct fmmerge_result *r, size_t i,
			      const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	assert_true(i < r->conflicts_nr);
	fmmerge_conflict_describe(&sb, &r->conflicts[i]);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

#define POS_BASE                               \
	"---\n"                                \
	"position: cloudflare-first-hosting\n" \
	"title: Cloudflare-first hosting\n"    \
	"status: held\n"                       \
	"confidence: high\n"                   \
	"owner: founder\n"                     \
	"---\n"                                \
	"# Cloudflare-first hosting\n"         \
	"\n"                                   \
	"## Stance\n"                          \
	"\n"                                   \
	"Run all infrastructure on Cloudflare first.\n"

/* Keys */

static void test_adjacent_keys(void **state)
{
	(void)state;
	/* status and confidence are adjacent lines: a line merge conflicts. */
	S_clean(POS_BASE,
		"---\nposition: cloudflare-first-hosting\n"
		"title: Cloudflare-first hosting\nstatus: revised\n"
		"confidence: high\nowner: founder\n---\n"
		"# Cloudflare-first hosting\n\n## Stance\n\n"
		"Run all infrastructure on Cloudflare first.\n",
		"---\nposition: cloudflare-first-hosting\n"
		"title: Cloudflare-first hosting\nstatus: held\n"
		"confidence: low\nowner: founder\n---\n"
		"# Cloudflare-first hosting\n\n## Stance\n\n"
		"Run all infrastructure on Cloudflare first.\n",
		"---\nposition: cloudflare-first-hosting\n"
		"title: Cloudflare-first hosting\nstatus: revised\n"
		"confidence: low\nowner: founder\n---\n"
		"# Cloudflare-first hosting\n\n## Stance\n\n"
		"Run all infrastructure on Cloudflare first.\n");
}

static void test_same_change(void **state)
{
	const char *both = "---\nposition: cloudflare-first-hosting\n"
			   "title: Cloudflare-first hosting\nstatus: retired\n"
			   "confidence: high\nowner: founder\n---\n"
			   "# Cloudflare-first hosting\n\n## Stance\n\n"
			   "Run all infrastructure on Cloudflare first.\n";

	(void)state;
	S_clean(POS_BASE, both, both, both);
	/* The same value, only quoted on one side: no conflict, ours kept. */
	S_clean("---\na: 1\nb: x\n---\n", "---\na: 1\nb: '0.70'\n---\n",
		"---\na: 1\nb: 0.70\n---\n", "---\na: 1\nb: '0.70'\n---\n");
}

static void test_same_key_conflict(void **state)
{
	struct fmmerge_result r = FMMERGE_RESULT_INIT;
	const char *ours = "---\nposition: cloudflare-first-hosting\n"
			   "title: Cloudflare-first hosting\nstatus: retired\n"
			   "confidence: high\nowner: founder\n---\nbody\n";
	const char *theirs =
		"---\nposition: cloudflare-first-hosting\n"
		"title: Cloudflare-first hosting\nstatus: revised\n"
		"confidence: high\nowner: founder\n---\nbody\n";
	const char *base = "---\nposition: cloudflare-first-hosting\n"
			   "title: Cloudflare-first hosting\nstatus: held\n"
			   "confidence: high\nowner: founder\n---\nbody\n";

	(void)state;
	S_merge(&r, base, ours, theirs, FMMERGE_FAVOR_NONE);
	assert_int_equal(r.conflicts_nr, 1);
	assert_int_equal(r.conflicts[0].kind, FMMERGE_CONFLICT_KEY);
	assert_string_equal(r.conflicts[0].key, "status");
	assert_string_equal(r.conflicts[0].ours, "retired");
	assert_string_equal(r.conflicts[0].theirs, "revised");
	S_assert_conflict(&r, 0,
			  "cloudflare-first-hosting status: yours retired, "
			  "theirs revised");
	/* Never markers, never a half-merged note. */
	assert_int_equal(r.text.len, 0);
	fmmerge_result_release(&r);

	S_merge(&r, base, ours, theirs, FMMERGE_FAVOR_OURS);
	assert_int_equal(r.conflicts_nr, 0);
	assert_string_equal(r.text.buf, ours);
	fmmerge_result_release(&r);
	S_merge(&r, base, ours, theirs, FMMERGE_FAVOR_THEIRS);
	assert_int_equal(r.conflicts_nr, 0);
	assert_string_equal(r.text.buf, theirs);
	fmmerge_result_release(&r);
}

static void test_removed_and_changed(void **state)
{
	struct fmmerge_result r = FMMERGE_RESULT_INIT;

	(void)state;
	/* Removed on one side, unchanged on the other: removed. */
	S_clean("---\na: 1\nb: 2\nc: 3\n---\n", "---\na: 1\nc: 3\n---\n",
		"---\na: 1\nb: 2\nc: 4\n---\n", "---\na: 1\nc: 4\n---\n");
	/* Removed on one side, changed on the other: a conflict. */
	S_merge(&r, "---\ntitle: A\nb: 2\n---\n", "---\nb: 2\n---\n",
		"---\ntitle: B\nb: 2\n---\n", FMMERGE_FAVOR_NONE);
	assert_int_equal(r.conflicts_nr, 1);
	S_assert_conflict(&r, 0, "title: yours (removed), theirs B");
	fmmerge_result_release(&r);
}

static void test_added_keys_order(void **state)
{
	(void)state;
	/* Keys added by theirs go after the key before them in theirs. */
	S_clean("---\na: 1\nb: 2\n---\nx\n", "---\na: 1\nb: 2\nz: 9\n---\nx\n",
		"---\na: 1\nnew: yes # a comment\nb: 2\n---\nx\n",
		"---\na: 1\nnew: yes # a comment\nb: 2\nz: 9\n---\nx\n");
	/* Both added the same key with the same value. */
	S_clean("---\na: 1\n---\n", "---\na: 1\nb: 2\n---\n",
		"---\na: 1\nb: 2\n---\n", "---\na: 1\nb: 2\n---\n");
}

static void test_multiline_values(void **state)
{
	(void)state;
	/* A folded stance on ours and a status on theirs, next to it. */
	S_clean("---\nstance: >-\n  one\n  two\nstatus: held\n---\n",
		"---\nstance: >-\n  one\n  three\nstatus: held\n---\n",
		"---\nstance: >-\n  one\n  two\nstatus: revised\n---\n",
		"---\nstance: >-\n  one\n  three\nstatus: revised\n---\n");
}

/* Lists */

static void test_tags_set(void **state)
{
	(void)state;
	/* Block style: removed on ours, added on both. */
	S_clean("---\ntags:\n  - a\n  - b\n  - c\n---\n",
		"---\ntags:\n  - a\n  - c\n  - d\n---\n",
		"---\ntags:\n  - a\n  - b\n  - c\n  - e\n---\n",
		"---\ntags:\n  - a\n  - c\n  - d\n  - e\n---\n");
	/* Flow style. */
	S_clean("---\ntags: [a, b]\ntitle: T\n---\n",
		"---\ntags: [a, b, c]\ntitle: T\n---\n",
		"---\ntags: [b, d]\ntitle: T\n---\n",
		"---\ntags: [b, c, d]\ntitle: T\n---\n");
	/* A string of words. */
	S_clean("---\ntags: a b\n---\n", "---\ntags: a b c\n---\n",
		"---\ntags: b d\n---\n", "---\ntags: b c d\n---\n");
	/* Ours in block style, theirs' new item from a flow list. */
	S_clean("---\ntags:\n- a\n---\n", "---\ntags:\n- a\n- b\n---\n",
		"---\ntags: [a, \"c d\"]\n---\n",
		"---\ntags:\n- a\n- b\n- \"c d\"\n---\n");
}

static void test_aliases_set(void **state)
{
	(void)state;
	S_clean("---\naliases: [CF]\nstatus: held\n---\n",
		"---\naliases: [CF, Cloudflare-first]\nstatus: held\n---\n",
		"---\naliases: [CF, Edge-first]\nstatus: revised\n---\n",
		"---\naliases: [CF, Cloudflare-first, Edge-first]\n"
		"status: revised\n---\n");
	/* One string on ours grows into a list. */
	S_clean("---\naliases: CF\n---\n", "---\naliases: CF\n---\n",
		"---\naliases: [CF, Edge]\n---\n",
		"---\naliases: [CF, Edge]\n---\n");
}

#define MAPS_BASE                                \
	"---\n"                                  \
	"title: Egress\n"                        \
	"maps:\n"                                \
	"  - target: cloudflare-first-hosting\n" \
	"    strength: strong\n"                 \
	"    effect: challenges\n"               \
	"  - target: llm-commoditization\n"      \
	"    strength: weak\n"                   \
	"---\n"                                  \
	"text\n"

static void test_maps_set(void **state)
{
	(void)state;
	/* Ours re-weights one mapping, theirs adds another: both kept. */
	S_clean(MAPS_BASE,
		"---\ntitle: Egress\nmaps:\n"
		"  - target: cloudflare-first-hosting\n"
		"    strength: moderate\n    effect: challenges\n"
		"  - target: llm-commoditization\n    strength: weak\n"
		"---\ntext\n",
		"---\ntitle: Egress\nmaps:\n"
		"- target: cloudflare-first-hosting\n"
		"  strength: strong\n  effect: challenges\n"
		"- target: llm-commoditization\n  strength: weak\n"
		"- target: ray-data-co\n  strength: weak\n"
		"---\ntext\n",
		"---\ntitle: Egress\nmaps:\n"
		"  - target: cloudflare-first-hosting\n"
		"    strength: moderate\n    effect: challenges\n"
		"  - target: llm-commoditization\n    strength: weak\n"
		"  - target: ray-data-co\n    strength: weak\n"
		"---\ntext\n");
	/* Ours removes one mapping, theirs changes the other. */
	S_clean(MAPS_BASE,
		"---\ntitle: Egress\nmaps:\n"
		"  - target: cloudflare-first-hosting\n"
		"    strength: strong\n    effect: challenges\n"
		"---\ntext\n",
		"---\ntitle: Egress\nmaps:\n"
		"  - target: cloudflare-first-hosting\n"
		"    strength: strong\n    effect: supports\n"
		"  - target: llm-commoditization\n    strength: weak\n"
		"---\ntext\n",
		"---\ntitle: Egress\nmaps:\n"
		"  - target: cloudflare-first-hosting\n"
		"    strength: strong\n    effect: supports\n"
		"---\ntext\n");
}

static void test_maps_item_conflict(void **state)
{
	struct fmmerge_result r = FMMERGE_RESULT_INIT;
	const char *ours = "---\ntitle: Egress\nmaps:\n"
			   "  - target: cloudflare-first-hosting\n"
			   "    strength: moderate\n    effect: challenges\n"
			   "  - target: llm-commoditization\n"
			   "    strength: weak\n"
			   "---\ntext\n";
	const char *theirs = "---\ntitle: Egress\nmaps:\n"
			     "  - target: cloudflare-first-hosting\n"
			     "    strength: weak\n    effect: challenges\n"
			     "  - target: llm-commoditization\n"
			     "    strength: strong\n"
			     "---\ntext\n";

	(void)state;
	S_merge(&r, MAPS_BASE, ours, theirs, FMMERGE_FAVOR_NONE);
	assert_int_equal(r.conflicts_nr, 1);
	assert_int_equal(r.conflicts[0].kind, FMMERGE_CONFLICT_ITEM);
	S_assert_conflict(&r, 0,
			  "mapping cloudflare-first-hosting strength: yours "
			  "moderate, theirs weak");
	fmmerge_result_release(&r);

	/* Favouring a side settles the item for that side only. */
	S_merge(&r, MAPS_BASE, ours, theirs, FMMERGE_FAVOR_THEIRS);
	assert_int_equal(r.conflicts_nr, 0);
	assert_string_equal(r.text.buf,
			    "---\ntitle: Egress\nmaps:\n"
			    "  - target: cloudflare-first-hosting\n"
			    "    strength: weak\n    effect: challenges\n"
			    "  - target: llm-commoditization\n"
			    "    strength: strong\n"
			    "---\ntext\n");
	fmmerge_result_release(&r);
}

static void test_positions_items(void **state)
{
	struct fmmerge_result r = FMMERGE_RESULT_INIT;
	const char *base = "---\npositions:\n"
			   "  - id: a\n    status: held\n"
			   "  - id: b\n    status: held\n---\n";

	(void)state;
	S_clean(base,
		"---\npositions:\n  - id: a\n    status: retired\n"
		"  - id: b\n    status: held\n---\n",
		"---\npositions:\n  - id: a\n    status: held\n"
		"  - id: b\n    status: questioned\n---\n",
		"---\npositions:\n  - id: a\n    status: retired\n"
		"  - id: b\n    status: questioned\n---\n");
	S_merge(&r, base,
		"---\npositions:\n  - id: a\n    status: retired\n"
		"  - id: b\n    status: held\n---\n",
		"---\npositions:\n  - id: a\n    status: revised\n"
		"  - id: b\n    status: held\n---\n",
		FMMERGE_FAVOR_NONE);
	assert_int_equal(r.conflicts_nr, 1);
	S_assert_conflict(&r, 0, "a status: yours retired, theirs revised");
	fmmerge_result_release(&r);
}

/* Body */

static void test_body_clean(void **state)
{
	(void)state;
	/* Frontmatter on one side, body on the other. */
	S_clean("---\nstatus: held\n---\nl1\nl2\nl3\nl4\nl5\n",
		"---\nstatus: revised\n---\nl1\nl2\nl3\nl4\nl5\n",
		"---\nstatus: held\n---\nl1\nl2\nl3\nl4\nL5\n",
		"---\nstatus: revised\n---\nl1\nl2\nl3\nl4\nL5\n");
	/* Body lines apart on both sides. */
	S_clean("---\na: 1\n---\nl1\nl2\nl3\nl4\nl5\n",
		"---\na: 1\n---\nL1\nl2\nl3\nl4\nl5\n",
		"---\na: 1\n---\nl1\nl2\nl3\nl4\nL5\n",
		"---\na: 1\n---\nL1\nl2\nl3\nl4\nL5\n");
}

static void test_body_conflict(void **state)
{
	struct fmmerge_result r = FMMERGE_RESULT_INIT;

	(void)state;
	S_merge(&r, "---\na: 1\nb: 2\n---\nl1\nl2\nl3\nl4\nl5\n",
		"---\na: 1\nb: 2\n---\nl1\nl2\nours3\nours4\nl5\n",
		"---\na: 1\nb: 2\n---\nl1\nl2\ntheirs3\nl4\nl5\n",
		FMMERGE_FAVOR_NONE);
	assert_int_equal(r.conflicts_nr, 1);
	assert_int_equal(r.conflicts[0].kind, FMMERGE_CONFLICT_BODY);
	/* File lines of ours: 4 lines of frontmatter, then l1 is line 5. */
	assert_int_equal(r.conflicts[0].first_line, 7);
	assert_int_equal(r.conflicts[0].last_line, 8);
	S_assert_conflict(&r, 0, "body lines 7-8 changed on both sides");
	assert_int_equal(r.text.len, 0);
	fmmerge_result_release(&r);

	S_merge(&r, "x\ny\nz\n", "x\nY\nz\n", "x\nyy\nz\n",
		FMMERGE_FAVOR_THEIRS);
	assert_int_equal(r.conflicts_nr, 0);
	assert_string_equal(r.text.buf, "x\nyy\nz\n");
	fmmerge_result_release(&r);
	S_merge(&r, "x\ny\nz\n", "x\nY\nz\n", "x\nyy\nz\n", FMMERGE_FAVOR_OURS);
	assert_string_equal(r.text.buf, "x\nY\nz\n");
	fmmerge_result_release(&r);
}

static void test_key_and_body_conflicts(void **state)
{
	struct fmmerge_result r = FMMERGE_RESULT_INIT;

	(void)state;
	S_merge(&r, "---\nthesis: t\nstatus: emerging\n---\nA\nB\n",
		"---\nthesis: t\nstatus: contested\n---\nA\nB1\n",
		"---\nthesis: t\nstatus: refuted\n---\nA\nB2\n",
		FMMERGE_FAVOR_NONE);
	assert_int_equal(r.conflicts_nr, 2);
	S_assert_conflict(&r, 0, "t status: yours contested, theirs refuted");
	S_assert_conflict(&r, 1, "body line 6 changed on both sides");
	fmmerge_result_release(&r);
}

/* Encodings and shapes */

static void test_crlf(void **state)
{
	(void)state;
	S_clean("---\r\nstatus: held\r\nconfidence: high\r\n---\r\nbody\r\n",
		"---\r\nstatus: revised\r\nconfidence: high\r\n---\r\nbody\r\n",
		"---\r\nstatus: held\r\nconfidence: low\r\n---\r\nbody\r\n",
		"---\r\nstatus: revised\r\nconfidence: low\r\n---\r\nbody\r\n");
	/* Theirs with LF line ends: the result keeps ours' CRLF. */
	S_clean("---\r\nstatus: held\r\nconfidence: high\r\n---\r\nbody\r\n",
		"---\r\nstatus: revised\r\nconfidence: high\r\n---\r\nbody\r\n",
		"---\nstatus: held\nconfidence: low\n---\nbody\n",
		"---\r\nstatus: revised\r\nconfidence: low\r\n---\r\nbody\r\n");
	/* With a BOM. */
	S_clean("\xEF\xBB\xBF---\nstatus: held\nowner: x\n---\n",
		"\xEF\xBB\xBF---\nstatus: revised\nowner: x\n---\n",
		"\xEF\xBB\xBF---\nstatus: held\nowner: y\n---\n",
		"\xEF\xBB\xBF---\nstatus: revised\nowner: y\n---\n");
}

static void test_no_frontmatter(void **state)
{
	struct fmmerge_result r = FMMERGE_RESULT_INIT;

	(void)state;
	S_clean("# T\n\nl1\nl2\nl3\n", "# T\n\nL1\nl2\nl3\n",
		"# T\n\nl1\nl2\nL3\n", "# T\n\nL1\nl2\nL3\n");
	/* Ours adds a frontmatter, theirs edits the body. */
	S_clean("# T\n\nl1\nl2\n", "---\nstatus: held\n---\n# T\n\nl1\nl2\n",
		"# T\n\nl1\nL2\n", "---\nstatus: held\n---\n# T\n\nl1\nL2\n");
	S_merge(&r, "a\nb\n", "a\nB\n", "a\nbb\n", FMMERGE_FAVOR_NONE);
	assert_int_equal(r.conflicts_nr, 1);
	S_assert_conflict(&r, 0, "body line 2 changed on both sides");
	fmmerge_result_release(&r);
}

static void test_unparsable_frontmatter(void **state)
{
	struct fmmerge_result r = FMMERGE_RESULT_INIT;

	(void)state;
	/* Invalid YAML on one side: the note merges as text. */
	S_merge(&r, "---\na: 1\nb: 2\n---\nx\n", "---\na: [1\nb: 2\n---\nx\n",
		"---\na: 1\nb: 2\n---\nX\n", FMMERGE_FAVOR_NONE);
	assert_int_equal(r.conflicts_nr, 0);
	assert_true(r.as_text);
	assert_string_equal(r.text.buf, "---\na: [1\nb: 2\n---\nX\n");
	fmmerge_result_release(&r);
	S_merge(&r, "---\na: 1\nb: 2\n---\nx\n", "---\na: [1\nb: 3\n---\nx\n",
		"---\na: 1\nb: 4\n---\nX\n", FMMERGE_FAVOR_NONE);
	assert_int_equal(r.conflicts_nr, 1);
	S_assert_conflict(&r, 0, "lines 2-3 changed on both sides");
	fmmerge_result_release(&r);
}

static void test_add_add(void **state)
{
	struct fmmerge_result r = FMMERGE_RESULT_INIT;

	(void)state;
	/* Both sides created the note: keys merge against nothing. */
	S_clean(NULL, "---\ntitle: T\ntags: [a]\n---\nsame\n",
		"---\ntitle: T\ntags: [b]\n---\nsame\n",
		"---\ntitle: T\ntags: [a, b]\n---\nsame\n");
	S_merge(&r, NULL, "---\ntitle: A\n---\n", "---\ntitle: B\n---\n",
		FMMERGE_FAVOR_NONE);
	assert_int_equal(r.conflicts_nr, 1);
	S_assert_conflict(&r, 0, "title: yours A, theirs B");
	fmmerge_result_release(&r);
}

static void test_hostile_values(void **state)
{
	struct fmmerge_result r = FMMERGE_RESULT_INIT;

	(void)state;
	/* Values reach a terminal: control characters are made visible. */
	S_merge(&r, "---\ntitle: a\n---\n", "---\ntitle: \"x\\e[31m\"\n---\n",
		"---\ntitle: y\n---\n", FMMERGE_FAVOR_NONE);
	assert_int_equal(r.conflicts_nr, 1);
	S_assert_conflict(&r, 0, "title: yours x\\e[31m, theirs y");
	fmmerge_result_release(&r);
	/* Repeated keys: no key merge, the note merges as text. */
	S_clean("---\na: 1\na: 2\nb: 1\n---\n", "---\na: 1\na: 2\nb: 2\n---\n",
		"---\na: 1\na: 2\nb: 1\n---\n", "---\na: 1\na: 2\nb: 2\n---\n");
	/* Repeated list items keep their count. */
	S_clean("---\ntags: [a, a]\n---\n", "---\ntags: [a, a, b]\n---\n",
		"---\ntags: [a, a, c]\n---\n",
		"---\ntags: [a, a, b, c]\n---\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adjacent_keys),
		cmocka_unit_test(test_same_change),
		cmocka_unit_test(test_same_key_conflict),
		cmocka_unit_test(test_removed_and_changed),
		cmocka_unit_test(test_added_keys_order),
		cmocka_unit_test(test_multiline_values),
		cmocka_unit_test(test_tags_set),
		cmocka_unit_test(test_aliases_set),
		cmocka_unit_test(test_maps_set),
		cmocka_unit_test(test_maps_item_conflict),
		cmocka_unit_test(test_positions_items),
		cmocka_unit_test(test_body_clean),
		cmocka_unit_test(test_body_conflict),
		cmocka_unit_test(test_key_and_body_conflicts),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_no_frontmatter),
		cmocka_unit_test(test_unparsable_frontmatter),
		cmocka_unit_test(test_add_add),
		cmocka_unit_test(test_hostile_values),
	};

	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
