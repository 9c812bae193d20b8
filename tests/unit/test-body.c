#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "body.h"
#include "note.h"
#include "strbuf.h"
#include "util.h"

#define NOT_FOLLOWED(x)                                               \
	"mapping heading for '" x "' is not followed by a paragraph " \
	"starting with strong, moderate or weak; no mapping"

static struct note *S_new_note(void)
{
	struct note *n = xcalloc(1, sizeof(*n));

	strvec_init(&n->tags);
	strvec_init(&n->aliases);
	return n;
}

static struct note *S_scan_len(const char *md, size_t len, unsigned first_line)
{
	struct note *n = S_new_note();

	assert_int_equal(body_scan(n, md, len, first_line), 0);
	return n;
}

static struct note *S_scan(const char *md)
{
	return S_scan_len(md, strlen(md), 1);
}

static void S_assert_mapping(const struct note *n, size_t i, const char *target,
			     const char *strength, const char *effect,
			     const char *why, unsigned line)
{
	const struct mapping_decl *m;

	assert_true(i < n->mappings_nr);
	m = &n->mappings[i];
	assert_string_equal(m->target, target);
	assert_string_equal(m->strength, strength);
	assert_string_equal(m->effect, effect);
	if (why)
		assert_string_equal(m->why, why);
	else
		assert_null(m->why);
	assert_int_equal(m->origin, MAPPING_BODY);
	assert_int_equal(m->line, line);
}

static void S_assert_link(const struct note *n, size_t i, const char *target,
			  unsigned line)
{
	assert_true(i < n->links_nr);
	assert_string_equal(n->links[i].target, target);
	assert_int_equal(n->links[i].line, line);
}

static void S_assert_diag(const struct note *n, size_t i, unsigned line,
			  const char *message)
{
	assert_true(i < n->diags_nr);
	assert_int_equal(n->diags[i].severity, DIAG_WARNING);
	assert_int_equal(n->diags[i].line, line);
	assert_string_equal(n->diags[i].message, message);
}

/* The seed note's shape: prose, a numbered list, then two mappings. */
static void test_seed_mappings(void **state)
{
	const char *md =
		"## Why this is in the vault\n"
		"\n"
		"Third Amazon-thesis data point in 48 hours. Ben "
		"Thompson\xe2\x80"
		"\x99s piece ties Monday\xe2\x80\x99s launch to the pattern.\n"
		"\n"
		"## The core argument\n"
		"\n"
		"1. Amazon has a repeatable formula across AWS.\n"
		"2. Three structural shifts now favor AWS:\n"
		"   - Inference fits in a single server - no mesh required.\n"
		"\n"
		"Key Thompson framing: \xe2\x80\x9clong-term vulnerability\xe2"
		"\x80\x9d\n"
		"\n"
		"## Mapping against Ray Data Co\n"
		"\n"
		"Strong - this is the third datapoint in the same thesis "
		"cluster in two days, and it sharpens the picture.\n"
		"\n"
		"The triangulation: Karl Mehta argued the LLM layer "
		"commoditizes.\n"
		"\n"
		"Strategic implications for RDCO:\n"
		"\n"
		"## Mapping against Cloudflare-first hosting\n"
		"\n"
		"Moderate challenge \xe2\x80\x94 Amazon as the neutral host "
		"argues against ...\n";
	struct note *n = S_scan(md);

	(void)state;
	assert_int_equal(n->mappings_nr, 2);
	S_assert_mapping(n, 0, "Ray Data Co", "strong", "supports",
			 "this is the third datapoint in the same thesis "
			 "cluster in two days, and it sharpens the picture.",
			 13);
	S_assert_mapping(n, 1, "Cloudflare-first hosting", "moderate",
			 "challenges",
			 "Amazon as the neutral host argues against ...", 21);
	assert_int_equal(n->links_nr, 0);
	assert_int_equal(n->diags_nr, 0);
	assert_null(n->body_stance);
	note_free(n);
}

struct para_case {
	const char *para;
	const char *strength, *effect, *why;
};

static void S_check_cases(const struct para_case *c, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		char *md = xstrfmt("## Mapping against T\n\n%s\n", c[i].para);
		struct note *n = S_scan(md);

		assert_int_equal(n->mappings_nr, 1);
		assert_int_equal(n->diags_nr, 0);
		S_assert_mapping(n, 0, "T", c[i].strength, c[i].effect,
				 c[i].why, 1);
		note_free(n);
		free(md);
	}
}

static void test_separators(void **state)
{
	static const struct para_case cases[] = {
		{"Strong - a b", "strong", "supports", "a b"},
		{"Strong \xe2\x80\x93 a b", "strong", "supports", "a b"},
		{"Strong \xe2\x80\x94 a b", "strong", "supports", "a b"},
		{"Strong: a b", "strong", "supports", "a b"},
		{"Strong. a b", "strong", "supports", "a b"},
		{"Strong, a b", "strong", "supports", "a b"},
		{"Strong a b", "strong", "supports", "a b"},
		{"Strong-a", "strong", "supports", "a"},
		{"Strong\xe2\x80\x94"
		 "a",
		 "strong", "supports", "a"},
		{"Moderate challenge \xe2\x80\x94 a", "moderate", "challenges",
		 "a"},
		{"Weak neutral: a", "weak", "neutral", "a"},
		/* One separator only: the second is the rationale's. */
		{"Strong -- a", "strong", "supports", "- a"},
		{"Strong: - a", "strong", "supports", "- a"},
		{"Strong", "strong", "supports", NULL},
		{"Strong -", "strong", "supports", NULL},
		{"Strong \xe2\x80\x94   ", "strong", "supports", NULL},
		{"Strong - uses `code` here", "strong", "supports",
		 "uses code here"},
		{"**Strong** - foo", "strong", "supports", "foo"},
		{"*Weak* *challenge*: foo [[x]]", "weak", "challenges",
		 "foo [[x]]"},
		{"Strong2 things", "strong", "supports", "2 things"},
	};

	(void)state;
	S_check_cases(cases, ARRAY_SIZE(cases));
}

static void test_effect_words(void **state)
{
	static const struct para_case cases[] = {
		{"Weak Challenge - x", "weak", "challenges", "x"},
		{"Strong CHALLENGING: y", "strong", "challenges", "y"},
		{"moderate neutral z", "moderate", "neutral", "z"},
		{"STRONG Supporting, x", "strong", "supports", "x"},
		{"Weak challenged. x", "weak", "challenges", "x"},
		{"Moderate support x", "moderate", "supports", "x"},
		{"Strong supports", "strong", "supports", NULL},
		{"wEaK cHaLlEnGeS", "weak", "challenges", NULL},
		/* Whole words only; anything else starts the rationale. */
		{"Strong challenger x", "strong", "supports", "challenger x"},
		{"Strong neutrality", "strong", "supports", "neutrality"},
		{"Strong evidence - x", "strong", "supports", "evidence - x"},
	};

	(void)state;
	S_check_cases(cases, ARRAY_SIZE(cases));
}

static void test_multiline_why(void **state)
{
	static const struct para_case cases[] = {
		{"Weak neutral:\n  line two  \nline three", "weak", "neutral",
		 "line two line three"},
		{"Strong - first\nsecond\\\nthird", "strong", "supports",
		 "first second third"},
		{"Moderate\nchallenge\n\xe2\x80\x94 a\n   b", "moderate",
		 "challenges", "a b"},
	};

	(void)state;
	S_check_cases(cases, ARRAY_SIZE(cases));
}

static void test_no_strength_word(void **state)
{
	const char *md = "## Mapping against Ray Data Co\n"
			 "\n"
			 "Strongly agree.\n"
			 "\n"
			 "## Mapping against B\n"
			 "\n"
			 "Strong\xc3\xa9 - x\n"
			 "\n"
			 "## Mapping against C\n"
			 "\n"
			 "Very strong - x\n"
			 "\n"
			 "## Mapping against D\n"
			 "\n"
			 "`Strong` - code span first counts as text\n";
	struct note *n = S_scan(md);

	(void)state;
	assert_int_equal(n->diags_nr, 3);
	S_assert_diag(n, 0, 1, NOT_FOLLOWED("Ray Data Co"));
	assert_int_equal(n->diags[0].column, 1);
	S_assert_diag(n, 1, 5, NOT_FOLLOWED("B"));
	S_assert_diag(n, 2, 9, NOT_FOLLOWED("C"));
	assert_int_equal(n->mappings_nr, 1);
	S_assert_mapping(n, 0, "D", "strong", "supports",
			 "code span first counts as text", 13);
	assert_int_equal(n->links_nr, 0);
	note_free(n);
}

static void test_not_followed_by_paragraph(void **state)
{
	const char *md = "# Mapping against A\n"	/* 1 */
			 "\n"				/* 2 */
			 "- Strong - in a list\n"	/* 3 */
			 "\n"				/* 4 */
			 "# Mapping against B\n"	/* 5 */
			 "## Mapping against C\n"	/* 6 */
			 "\n"				/* 7 */
			 "Weak - c\n"			/* 8 */
			 "\n"				/* 9 */
			 "# Mapping against D\n"	/* 10 */
			 "\n"				/* 11 */
			 "---\n"			/* 12 */
			 "\n"				/* 13 */
			 "# Mapping against E\n"	/* 14 */
			 "\n"				/* 15 */
			 "    Strong - indented code\n" /* 16 */
			 "\n"				/* 17 */
			 "# Mapping against G\n"	/* 18 */
			 "> Strong - quoted\n"		/* 19 */
			 "\n"				/* 20 */
			 "# Mapping against F\n";	/* 21 */
	struct note *n = S_scan(md);

	(void)state;
	assert_int_equal(n->mappings_nr, 1);
	S_assert_mapping(n, 0, "C", "weak", "supports", "c", 6);
	assert_int_equal(n->diags_nr, 6);
	S_assert_diag(n, 0, 1, NOT_FOLLOWED("A"));
	S_assert_diag(n, 1, 5, NOT_FOLLOWED("B"));
	S_assert_diag(n, 2, 10, NOT_FOLLOWED("D"));
	S_assert_diag(n, 3, 14, NOT_FOLLOWED("E"));
	S_assert_diag(n, 4, 18, NOT_FOLLOWED("G"));
	S_assert_diag(n, 5, 21, NOT_FOLLOWED("F"));
	assert_int_equal(n->links_nr, 0);
	note_free(n);

	/* The last heading of the file, without even a newline after it. */
	n = S_scan("Intro\n\n## Maps against End");
	assert_int_equal(n->mappings_nr, 0);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, 3, NOT_FOLLOWED("End"));
	note_free(n);
}

static void test_empty_target(void **state)
{
	struct note *n = S_scan("## Mapping against\n"
				"\n"
				"Strong - x\n"
				"\n"
				"### Mapping to   ###\n"
				"\n"
				"Weak\n");

	(void)state;
	assert_int_equal(n->mappings_nr, 0);
	assert_int_equal(n->diags_nr, 2);
	S_assert_diag(n, 0, 1, "mapping heading names no target; no mapping");
	S_assert_diag(n, 1, 5, "mapping heading names no target; no mapping");
	note_free(n);
}

static void test_prefixes(void **state)
{
	const char *md = "# Maps against Foo  Bar\n"		    /* 1 */
			 "\n"					    /* 2 */
			 "Weak - x\n"				    /* 3 */
			 "\n"					    /* 4 */
			 "### MAPPING TO [[cloudflare-first|CF]]\n" /* 5 */
			 "\n"					    /* 6 */
			 "Strong\n"				    /* 7 */
			 "\n"					    /* 8 */
			 "## Mapping together\n"		    /* 9 */
			 "\n"					    /* 10 */
			 "Strong - not a mapping [[t1]]\n"	    /* 11 */
			 "\n"					    /* 12 */
			 "## Mapping againstX\n"		    /* 13 */
			 "\n"					    /* 14 */
			 "Strong - no\n"			    /* 15 */
			 "\n"					    /* 16 */
			 "## mApPiNg AgAiNsT **Ray** `Data` Co\n"   /* 17 */
			 "\n"					    /* 18 */
			 "Moderate - marked up\n"		    /* 19 */
			 "\n"					    /* 20 */
			 "Mapping against Setext\n"		    /* 21 */
			 "---\n"				    /* 22 */
			 "\n"					    /* 23 */
			 "Weak challenges\n"			    /* 24 */
			 "\n"					    /* 25 */
			 "Mapping against Two\n"		    /* 26 */
			 "  Lines\n"				    /* 27 */
			 "===\n"				    /* 28 */
			 "\n"					    /* 29 */
			 "Weak\n";				    /* 30 */
	struct note *n = S_scan(md);

	(void)state;
	assert_int_equal(n->diags_nr, 0);
	assert_int_equal(n->mappings_nr, 5);
	S_assert_mapping(n, 0, "Foo  Bar", "weak", "supports", "x", 1);
	S_assert_mapping(n, 1, "[[cloudflare-first|CF]]", "strong", "supports",
			 NULL, 5);
	S_assert_mapping(n, 2, "Ray Data Co", "moderate", "supports",
			 "marked up", 17);
	S_assert_mapping(n, 3, "Setext", "weak", "challenges", NULL, 21);
	S_assert_mapping(n, 4, "Two Lines", "weak", "supports", NULL, 26);
	assert_int_equal(n->links_nr, 1);
	S_assert_link(n, 0, "t1", 11);
	note_free(n);
}

/* Only real structure counts: nothing here is a mapping or a mention. */
static void test_headings_in_other_blocks(void **state)
{
	const char *md = "```md\n"
			 "## Mapping against [[A]]\n"
			 "\n"
			 "Strong - x [[a]]\n"
			 "```\n"
			 "\n"
			 "    ## Mapping against [[B]]\n"
			 "\n"
			 "    Strong - y [[b]]\n"
			 "\n"
			 "<div>\n"
			 "## Mapping against [[C]]\n"
			 "Strong - z [[c]]\n"
			 "</div>\n"
			 "\n"
			 "> ## Mapping against [[D]]\n"
			 ">\n"
			 "> Strong - w\n"
			 "\n"
			 "- ## Mapping against [[E]]\n"
			 "\n"
			 "  Strong - v\n"
			 "\n"
			 "~~~\n"
			 "# Stance\n"
			 "\n"
			 "Fenced stance.\n"
			 "~~~\n";
	struct note *n = S_scan(md);

	(void)state;
	assert_int_equal(n->mappings_nr, 0);
	assert_int_equal(n->links_nr, 0);
	assert_int_equal(n->diags_nr, 0);
	assert_null(n->body_stance);
	note_free(n);
}

static void test_thematic_breaks(void **state)
{
	const char *md = "Intro [[a]]\n"	    /* 1 */
			 "\n"			    /* 2 */
			 "---\n"		    /* 3 */
			 "\n"			    /* 4 */
			 "## Mapping against X\n"   /* 5 */
			 "\n"			    /* 6 */
			 "Weak - w\n"		    /* 7 */
			 "\n"			    /* 8 */
			 "---\n"		    /* 9 */
			 "title: not frontmatter\n" /* 10 */
			 "---\n"		    /* 11 */
			 "\n"			    /* 12 */
			 "```\n"		    /* 13 */
			 "---\n"		    /* 14 */
			 "## Mapping against Y\n"   /* 15 */
			 "\n"			    /* 16 */
			 "Strong - [[y]]\n"	    /* 17 */
			 "---\n"		    /* 18 */
			 "```\n"		    /* 19 */
			 "\n"			    /* 20 */
			 "Outro [[b]]\n";	    /* 21 */
	struct note *n = S_scan(md);

	(void)state;
	assert_int_equal(n->diags_nr, 0);
	assert_int_equal(n->mappings_nr, 1);
	S_assert_mapping(n, 0, "X", "weak", "supports", "w", 5);
	assert_int_equal(n->links_nr, 2);
	S_assert_link(n, 0, "a", 1);
	S_assert_link(n, 1, "b", 21);
	note_free(n);
}

static void test_crlf(void **state)
{
	const char *md = "## Mapping against Ray Data Co\r\n" /* 1 */
			 "\r\n"				      /* 2 */
			 "Strong - line one  \r\n"	      /* 3 */
			 "line two\r\n"			      /* 4 */
			 "\r\n"				      /* 5 */
			 "# Stance\r\n"			      /* 6 */
			 "\r\n"				      /* 7 */
			 "Run it\r\n"			      /* 8 */
			 "on Cloudflare.\r\n"		      /* 9 */
			 "\r\n"				      /* 10 */
			 "See [[crlf]]\r\n";		      /* 11 */
	struct note *n = S_scan(md);

	(void)state;
	assert_int_equal(n->diags_nr, 0);
	assert_int_equal(n->mappings_nr, 1);
	S_assert_mapping(n, 0, "Ray Data Co", "strong", "supports",
			 "line one line two", 1);
	assert_string_equal(n->body_stance, "Run it on Cloudflare.");
	assert_int_equal(n->body_stance_line, 8);
	assert_int_equal(n->links_nr, 1);
	S_assert_link(n, 0, "crlf", 11);
	note_free(n);
}

static void test_wikilink_forms(void **state)
{
	struct note *n = S_scan("See [[id]], [[Title|shown]], [[id#heading]], "
				"![[embed]], [[path/to/note]] and [[x.md]].\n"
				"[[ spaced ]] [[#only-heading]] [[id]]\n");

	(void)state;
	assert_int_equal(n->links_nr, 8);
	S_assert_link(n, 0, "id", 1);
	S_assert_link(n, 1, "Title", 1);
	S_assert_link(n, 2, "id", 1);
	S_assert_link(n, 3, "embed", 1);
	S_assert_link(n, 4, "path/to/note", 1);
	S_assert_link(n, 5, "x", 1);
	/* Lines of one paragraph share its line; duplicates are kept. */
	S_assert_link(n, 6, "spaced", 1);
	S_assert_link(n, 7, "id", 1);
	assert_int_equal(n->mappings_nr, 0);
	assert_int_equal(n->diags_nr, 0);
	note_free(n);
}

static void test_links_not_in_code(void **state)
{
	const char *md = "`[[a]]` and ``[[b]]`` and [[c]]\n"
			 "\n"
			 "[[d `x` e]] and [[f <b>g</b>]] and [[h\n"
			 "i]]\n"
			 "\n"
			 "```\n"
			 "[[j]]\n"
			 "```\n"
			 "\n"
			 "<div>[[k]]</div>\n"
			 "\n"
			 "    [[l]]\n"
			 "\n"
			 "<!-- [[m]] -->\n";
	struct note *n = S_scan(md);

	(void)state;
	assert_int_equal(n->links_nr, 1);
	S_assert_link(n, 0, "c", 1);
	note_free(n);
}

static void test_links_in_structure(void **state)
{
	const char *md = "- item [[l1]]\n"     /* 1 */
			 "  - nested [[l2]]\n" /* 2 */
			 "\n"		       /* 3 */
			 "> quote [[q1]]\n"    /* 4 */
			 "> > deeper [[q2]]\n" /* 5 */
			 "\n"		       /* 6 */
			 "### About [[h1]]\n"  /* 7 */
			 "\n"		       /* 8 */
			 "*[[e1]]* and **[[e2]]** and [see [[e3]]](http://x)\n"
			 "\n"			     /* 10 */
			 "Setext [[s1]]\n"	     /* 11 */
			 "===\n"		     /* 12 */
			 "\n"			     /* 13 */
			 "1. > - ### Deep [[d1]]\n"; /* 14 */
	struct note *n = S_scan(md);

	(void)state;
	assert_int_equal(n->links_nr, 10);
	S_assert_link(n, 0, "l1", 1);
	S_assert_link(n, 1, "l2", 2);
	S_assert_link(n, 2, "q1", 4);
	S_assert_link(n, 3, "q2", 5);
	S_assert_link(n, 4, "h1", 7);
	S_assert_link(n, 5, "e1", 9);
	S_assert_link(n, 6, "e2", 9);
	S_assert_link(n, 7, "e3", 9);
	S_assert_link(n, 8, "s1", 11);
	S_assert_link(n, 9, "d1", 14);
	assert_int_equal(n->mappings_nr, 0);
	assert_int_equal(n->diags_nr, 0);
	note_free(n);
}

static void test_mapping_heading_link(void **state)
{
	const char *md = "## Mapping against [[Ray Data Co]]\n"		/* 1 */
			 "\n"						/* 2 */
			 "Strong - see [[other]] and [[Ray Data Co]]\n" /* 3 */
			 "\n"						/* 4 */
			 "## Mapping against [[Gone]]\n"		/* 5 */
			 "\n"						/* 6 */
			 "- Strong [[in-list]]\n"			/* 7 */
			 "\n"						/* 8 */
			 "## Ordinary [[plain]]\n";			/* 9 */
	struct note *n = S_scan(md);

	(void)state;
	assert_int_equal(n->mappings_nr, 1);
	S_assert_mapping(n, 0, "[[Ray Data Co]]", "strong", "supports",
			 "see [[other]] and [[Ray Data Co]]", 1);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, 5, NOT_FOLLOWED("[[Gone]]"));
	assert_int_equal(n->links_nr, 4);
	S_assert_link(n, 0, "other", 3);
	S_assert_link(n, 1, "Ray Data Co", 3);
	S_assert_link(n, 2, "in-list", 7);
	S_assert_link(n, 3, "plain", 9);
	note_free(n);
}

static void test_stance(void **state)
{
	struct note *n;

	(void)state;
	n = S_scan("Intro.\n"
		   "\n"
		   "###### stance:\n"
		   "\n"
		   "Run all infrastructure\n"
		   "  on Cloudflare first.\n"
		   "\n"
		   "# Stance\n"
		   "\n"
		   "Second one ignored.\n");
	assert_string_equal(n->body_stance,
			    "Run all infrastructure on Cloudflare first.");
	assert_int_equal(n->body_stance_line, 5);
	assert_int_equal(n->diags_nr, 0);
	note_free(n);

	n = S_scan("# STANCE :\n\nx\n");
	assert_string_equal(n->body_stance, "x");
	assert_int_equal(n->body_stance_line, 3);
	note_free(n);

	n = S_scan("Stance\n------\n\nWe hold `x` [[y]].\n");
	assert_string_equal(n->body_stance, "We hold x [[y]].");
	assert_int_equal(n->body_stance_line, 4);
	assert_int_equal(n->links_nr, 1);
	S_assert_link(n, 0, "y", 4);
	note_free(n);

	/* Quoted, or not followed by a paragraph: the next one counts. */
	n = S_scan("> # Stance\n"
		   ">\n"
		   "> quoted\n"
		   "\n"
		   "## Stance\n"
		   "\n"
		   "- list\n"
		   "\n"
		   "## Stance\n"
		   "\n"
		   "Real one.\n");
	assert_string_equal(n->body_stance, "Real one.");
	assert_int_equal(n->body_stance_line, 11);
	note_free(n);

	n = S_scan("## Stances\n\nno\n\n## My stance\n\nno\n\n# Stance\n");
	assert_null(n->body_stance);
	assert_int_equal(n->body_stance_line, 0);
	assert_int_equal(n->diags_nr, 0);
	note_free(n);
}

static void test_first_line(void **state)
{
	const char *md = "# Mapping against A\n"   /* 7 */
			 "\n"			   /* 8 */
			 "Strong - [[x]]\n"	   /* 9 */
			 "\n"			   /* 10 */
			 "## Stance\n"		   /* 11 */
			 "\n"			   /* 12 */
			 "Held.\n"		   /* 13 */
			 "\n"			   /* 14 */
			 "## Mapping against B\n"; /* 15 */
	struct note *n = S_scan_len(md, strlen(md), 7);

	(void)state;
	assert_int_equal(n->mappings_nr, 1);
	S_assert_mapping(n, 0, "A", "strong", "supports", "[[x]]", 7);
	assert_int_equal(n->links_nr, 1);
	S_assert_link(n, 0, "x", 9);
	assert_string_equal(n->body_stance, "Held.");
	assert_int_equal(n->body_stance_line, 13);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, 15, NOT_FOLLOWED("B"));
	note_free(n);
}

static void test_empty_body(void **state)
{
	struct note *n = S_scan_len(NULL, 0, 1);

	(void)state;
	assert_int_equal(n->mappings_nr + n->links_nr + n->diags_nr, 0);
	assert_null(n->body_stance);
	note_free(n);

	n = S_scan(" \n\n\t\n");
	assert_int_equal(n->mappings_nr + n->links_nr + n->diags_nr, 0);
	note_free(n);
}

static double S_seconds_since(clock_t start)
{
	return (double)(clock() - start) / CLOCKS_PER_SEC;
}

static void test_deep_nesting(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct note *n;
	clock_t start = clock();

	(void)state;
	strbuf_addchars(&sb, '>', 100000);
	strbuf_addstr(&sb,
		      " [[deep]]\n\n# Mapping against Deep\n\nWeak - ok\n");
	n = S_scan_len(sb.buf, sb.len, 1);
	assert_int_equal(n->links_nr, 1);
	S_assert_link(n, 0, "deep", 1);
	assert_int_equal(n->mappings_nr, 1);
	S_assert_mapping(n, 0, "Deep", "weak", "supports", "ok", 3);
	note_free(n);

	strbuf_reset(&sb);
	for (int i = 0; i < 50000; i++)
		strbuf_addstr(&sb, "- ");
	strbuf_addstr(&sb, "[[list]]\n");
	n = S_scan_len(sb.buf, sb.len, 1);
	assert_int_equal(n->links_nr, 1);
	S_assert_link(n, 0, "list", 1);
	note_free(n);

	strbuf_reset(&sb);
	strbuf_addchars(&sb, '*', 50000);
	strbuf_addstr(&sb, "[[em]]");
	strbuf_addchars(&sb, '*', 50000);
	n = S_scan_len(sb.buf, sb.len, 1);
	assert_int_equal(n->links_nr, 1);
	S_assert_link(n, 0, "em", 1);
	note_free(n);

	strbuf_release(&sb);
	assert_true(S_seconds_since(start) < 10.0);
}

static void test_many_brackets(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct note *n;
	clock_t start = clock();

	(void)state;
	strbuf_addchars(&sb, '[', 50000);
	n = S_scan_len(sb.buf, sb.len, 1);
	assert_int_equal(n->links_nr, 0);
	note_free(n);

	strbuf_reset(&sb);
	strbuf_addstr(&sb, "## Mapping against ");
	strbuf_addchars(&sb, '[', 50000);
	strbuf_addstr(&sb, "x");
	strbuf_addchars(&sb, ']', 50000);
	strbuf_addstr(&sb, "\n\n");
	strbuf_addchars(&sb, '[', 50000);
	strbuf_addstr(&sb, "y");
	strbuf_addchars(&sb, ']', 50000);
	strbuf_addstr(&sb, "\n");
	n = S_scan_len(sb.buf, sb.len, 1);
	assert_int_equal(n->links_nr, 1);
	S_assert_link(n, 0, "y", 3);
	assert_int_equal(n->mappings_nr, 0);
	assert_int_equal(n->diags_nr, 1);
	note_free(n);

	strbuf_reset(&sb);
	for (int i = 0; i < 20000; i++)
		strbuf_addstr(&sb, "[[a]]");
	n = S_scan_len(sb.buf, sb.len, 1);
	assert_int_equal(n->links_nr, 20000);
	S_assert_link(n, 19999, "a", 1);
	note_free(n);

	strbuf_release(&sb);
	assert_true(S_seconds_since(start) < 10.0);
}

static void test_nul_bytes(void **state)
{
	static const char md[] = "## Mapping against X\0Y\n"
				 "\n"
				 "Strong\0- a\0b [[l\0k]]\n"
				 "\n"
				 "\0\0\0\n";
	struct note *n = S_scan_len(md, sizeof(md) - 1, 1);

	(void)state;
	assert_int_equal(n->mappings_nr, 1);
	S_assert_mapping(n, 0, "X\xef\xbf\xbdY", "strong", "supports",
			 "\xef\xbf\xbd- a\xef\xbf\xbd"
			 "b [[l\xef\xbf\xbdk]]",
			 1);
	assert_int_equal(n->links_nr, 1);
	S_assert_link(n, 0, "l\xef\xbf\xbdk", 3);
	assert_int_equal(n->diags_nr, 0);
	note_free(n);
}

static void test_invalid_utf8(void **state)
{
	const char *md = "\xff\xfe [[a\xff]]\n"
			 "\n"
			 "## Mapping against \xc3\n"
			 "\n"
			 "Strong\xff - x\n"
			 "\n"
			 "## Mapping against \xe2\x80\n"
			 "\n"
			 "Weak\xc3\xa9\n";
	struct note *n = S_scan(md);

	(void)state;
	assert_int_equal(n->links_nr, 1);
	S_assert_link(n, 0, "a\xff", 1);
	assert_int_equal(n->mappings_nr, 1);
	S_assert_mapping(n, 0, "\xc3", "strong", "supports", "\xff - x", 3);
	assert_int_equal(n->diags_nr, 1);
	S_assert_diag(n, 0, 7, NOT_FOLLOWED("\xe2\x80"));
	note_free(n);
}

/* Through note_parse(): a note without frontmatter is all body. */
static void test_via_note_parse(void **state)
{
	static const char md[] = "# Stance\n"
				 "\n"
				 "Held.\n"
				 "\n"
				 "## Mapping against [[ray-data-co]]\n"
				 "\n"
				 "Weak neutral - see [[other]]\n";
	struct note *n = NULL;

	(void)state;
	assert_int_equal(
		note_parse(&n, "06-reference/x.md", md, sizeof(md) - 1), 0);
	assert_int_equal(n->mappings_nr, 1);
	S_assert_mapping(n, 0, "[[ray-data-co]]", "weak", "neutral",
			 "see [[other]]", 5);
	assert_int_equal(n->links_nr, 1);
	S_assert_link(n, 0, "other", 7);
	assert_string_equal(n->body_stance, "Held.");
	assert_int_equal(n->body_stance_line, 3);
	assert_int_equal(n->diags_nr, 0);
	note_free(n);
}

static void S_assert_question(const struct note *n, size_t i, const char *text,
			      unsigned line)
{
	assert_true(i < n->questions_nr);
	assert_string_equal(n->questions[i].text, text);
	assert_int_equal(n->questions[i].line, line);
}

/* Markup removed before the lead is tested: the bold lead counts. */
static void test_question_bold_lead(void **state)
{
	struct note *n;

	(void)state;
	n = S_scan("Intro paragraph.\n\n"
		   "**Open question for the board:** does *edge* hosting\n"
		   "   still hold?   We run   edge-first today.\n");
	assert_int_equal(n->questions_nr, 1);
	S_assert_question(n, 0,
			  "Open question for the board: does edge hosting "
			  "still hold?   We run   edge-first today.",
			  3);
	/* Its prose is its one paragraph (the second text). */
	assert_int_equal(n->questions[0].texts_first, 1);
	assert_int_equal(n->questions[0].texts_nr, 1);
	note_free(n);
}

static void test_question_leads(void **state)
{
	struct note *n;

	(void)state;
	n = S_scan("OPEN QUESTIONS remain.\n\n"
		   "question: lower case lead\n\n"
		   "Q: short lead\n\n"
		   "Questions: not a lead\n\n"
		   "Q : not a lead\n\n"
		   "The open question is in the middle.\n\n"
		   "    Q: in an indented code block\n\n"
		   "```\nQ: in a fence\n```\n\n"
		   "<div>\nQ: in HTML\n</div>\n\n"
		   "Answered: an open question no more\n\n"
		   "Resolved open question: neither\n");
	assert_int_equal(n->questions_nr, 3);
	S_assert_question(n, 0, "OPEN QUESTIONS remain.", 1);
	S_assert_question(n, 1, "question: lower case lead", 3);
	S_assert_question(n, 2, "Q: short lead", 5);
	note_free(n);
}

static void test_question_list_items(void **state)
{
	struct note *n;

	(void)state;
	n = S_scan("- plain item\n"
		   "- Q: is the edge\n  still right?\n"
		   "  1. Question: nested item\n"
		   "- `Q:` in a code span: markup, removed\n");
	assert_int_equal(n->questions_nr, 3);
	S_assert_question(n, 0, "Q: is the edge still right?", 2);
	S_assert_question(n, 1, "Question: nested item", 4);
	S_assert_question(n, 2, "Q: in a code span: markup, removed", 5);
	note_free(n);
}

static void test_question_callouts(void **state)
{
	struct note *n;

	(void)state;
	n = S_scan("> [!question] Is **edge** still right?\n"
		   "> It was chosen in 2024.\n"
		   ">\n"
		   "> - Q: not a question of its own\n"
		   "\n"
		   "> [!FAQ]-\n"
		   "> Untitled body\n"
		   "\n"
		   "> [!help]+ Title only\n"
		   "\n"
		   "> [!note] Not a question type\n"
		   ">\n"
		   "> Open question: but this paragraph is one\n"
		   "\n"
		   "> [!question] Answered: yes, it is\n"
		   "\n"
		   "> [!Question]\n"
		   "> resolved in March\n"
		   "\n"
		   "> [!question]\n");
	assert_int_equal(n->questions_nr, 4);
	S_assert_question(n, 0,
			  "Is edge still right? It was chosen in 2024. "
			  "Q: not a question of its own",
			  1);
	S_assert_question(n, 1, "Untitled body", 6);
	S_assert_question(n, 2, "Title only", 9);
	S_assert_question(n, 3, "Open question: but this paragraph is one",
			  13);
	/* The callout's prose: both of its paragraphs. */
	assert_int_equal(n->questions[0].texts_first, 0);
	assert_int_equal(n->questions[0].texts_nr, 2);
	note_free(n);
}

static void test_question_links(void **state)
{
	struct note *n;

	(void)state;
	n = S_scan("Q: does [[edge-first|the edge]] beat ![[Vercel]]?\n\n"
		   "Not a question: [[other]]\n");
	assert_int_equal(n->questions_nr, 1);
	S_assert_question(n, 0,
			  "Q: does [[edge-first|the edge]] beat ![[Vercel]]?", 1);
	assert_int_equal(n->questions[0].links.nr, 2);
	assert_string_equal(n->questions[0].links.v[0], "edge-first");
	assert_string_equal(n->questions[0].links.v[1], "Vercel");
	assert_int_equal(n->links_nr, 3);
	note_free(n);
}

/* Prose keeps text and drops links, code and HTML (one NUL each). */
static void test_prose_texts(void **state)
{
	static const char want0[] =
		"We run edge\nfirst \0 and \0 and \0 or \0edge\0.";
	static const char want1[] = "Edge heading";
	struct note *n;

	(void)state;
	n = S_scan("We run *edge*\nfirst [[edge-first]] and `edge-first` "
		   "and [edge](http://x) or <span>edge</span>.\n\n"
		   "## Edge heading\n\n"
		   "## Mapping against Edge\n\n"
		   "```\nedge in code\n```\n");
	/* The mapping heading and the code block are not prose. */
	assert_int_equal(n->texts_nr, 2);
	assert_int_equal(n->texts[0].len, sizeof(want0) - 1);
	assert_memory_equal(n->texts[0].text, want0, sizeof(want0) - 1);
	assert_int_equal(n->texts[0].line, 1);
	assert_int_equal(n->texts[1].len, sizeof(want1) - 1);
	assert_string_equal(n->texts[1].text, want1);
	assert_int_equal(n->texts[1].line, 4);
	note_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_question_bold_lead),
		cmocka_unit_test(test_question_leads),
		cmocka_unit_test(test_question_list_items),
		cmocka_unit_test(test_question_callouts),
		cmocka_unit_test(test_question_links),
		cmocka_unit_test(test_prose_texts),
		cmocka_unit_test(test_seed_mappings),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_effect_words),
		cmocka_unit_test(test_multiline_why),
		cmocka_unit_test(test_no_strength_word),
		cmocka_unit_test(test_not_followed_by_paragraph),
		cmocka_unit_test(test_empty_target),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_headings_in_other_blocks),
		cmocka_unit_test(test_thematic_breaks),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_wikilink_forms),
		cmocka_unit_test(test_links_not_in_code),
		cmocka_unit_test(test_links_in_structure),
		cmocka_unit_test(test_mapping_heading_link),
		cmocka_unit_test(test_stance),
		cmocka_unit_test(test_first_line),
		cmocka_unit_test(test_empty_body),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_many_brackets),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_via_note_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
