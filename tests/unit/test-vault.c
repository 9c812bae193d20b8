/*
 * Unit tests for vault resolution (vault.c): what a name means across the
 * vault, every priority rule of the contract's section 3, duplicate ids,
 * the body stance, undeclared targets (section 4) and the evidence balance
 * (section 7).  Notes are parsed from literal strings with note_parse().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "note.h"
#include "vault.h"

struct fixture {
	struct vault vault;
	struct note *notes[16];
	size_t nr;
};

static void S_init(struct fixture *f, const char *root)
{
	memset(f, 0, sizeof(*f));
	vault_init(&f->vault, root);
}

static void S_add(struct fixture *f, const char *path, const char *text)
{
	struct note *n = NULL;

	assert_true(f->nr < 16);
	assert_int_equal(note_parse(&n, path, text, strlen(text)), 0);
	f->notes[f->nr++] = n;
	vault_set_note(&f->vault, path, n);
}

static void S_release(struct fixture *f)
{
	size_t i;

	vault_release(&f->vault);
	for (i = 0; i < f->nr; i++)
		note_free(f->notes[i]);
}

/* Asserts that `name` resolves to the id `want`, declared or not. */
static void S_resolves(struct fixture *f, const char *name, const char *want,
		       int want_declared)
{
	int declared = -1;
	char *id;

	vault_resolve(&f->vault);
	id = vault_resolve_name(&f->vault, name, &declared);
	assert_non_null(id);
	assert_string_equal(id, want);
	assert_int_equal(declared, want_declared);
	free(id);
}

static const struct vault_note *S_note(struct fixture *f, const char *path)
{
	const struct vault_note *vn = strmap_get(&f->vault.notes, path);

	assert_non_null(vn);
	return vn;
}

static size_t S_diags(const struct vault_note *vn, enum diag_severity sev,
		      const char *needle)
{
	size_t i, n = 0;

	for (i = 0; i < vn->diags_nr; i++)
		if (vn->diags[i].severity == sev &&
		    strstr(vn->diags[i].message, needle))
			n++;
	return n;
}

/* An id beats a title, even a title declared earlier in path order. */
static void test_id_beats_title(void **state)
{
	struct fixture f;

	(void)state;
	S_init(&f, "");
	S_add(&f, "a.md", "---\nposition: alpha\ntitle: Beta\n---\n");
	S_add(&f, "b.md", "---\nthesis: beta\ntitle: Gamma\n---\n");
	S_resolves(&f, "beta", "beta", 1);
	S_resolves(&f, "Beta", "beta", 1);
	S_resolves(&f, "[[Beta]]", "beta", 1);
	S_resolves(&f, "Gamma", "beta", 1);
	S_resolves(&f, "alpha", "alpha", 1);
	S_release(&f);
}

/* A title beats an alias. */
static void test_title_beats_alias(void **state)
{
	struct fixture f;

	(void)state;
	S_init(&f, "");
	S_add(&f, "a.md", "---\nposition: one\naliases: [Shared name]\n---\n");
	S_add(&f, "b.md", "---\nposition: two\ntitle: Shared name\n---\n");
	S_resolves(&f, "Shared name", "two", 1);
	S_resolves(&f, "[[shared name|shown]]", "two", 1);
	S_release(&f);
}

/* An alias beats a file name: `[[edge]]` names the alias's target. */
static void test_alias_beats_file_name(void **state)
{
	struct fixture f;

	(void)state;
	S_init(&f, "");
	S_add(&f, "notes/edge.md", "---\nposition: first\n---\n");
	S_add(&f, "z.md", "---\nposition: second\naliases: Edge\n---\n");
	S_resolves(&f, "[[edge]]", "second", 1);
	/* The vault path is not taken by anything else. */
	S_resolves(&f, "[[notes/edge]]", "first", 1);
	S_release(&f);
}

/* Between equal names, the first note in path order wins, whatever the
 * order the notes arrived in. */
static void test_first_note_in_path_order(void **state)
{
	struct fixture f;

	(void)state;
	S_init(&f, "");
	S_add(&f, "b/y.md", "---\nposition: from-b\ntitle: Same\n---\n");
	S_add(&f, "a/x.md", "---\nposition: from-a\ntitle: Same\n---\n");
	S_add(&f, "c.md", "---\nposition: c1\naliases: [Alias]\n---\n");
	S_add(&f, "b.md", "---\nposition: b1\naliases: [Alias]\n---\n");
	S_resolves(&f, "Same", "from-a", 1);
	S_resolves(&f, "alias", "b1", 1);
	S_release(&f);
}

/* Names compare case-insensitively, surrounding white space ignored. */
static void test_case_insensitive_and_trimmed(void **state)
{
	struct fixture f;

	(void)state;
	S_init(&f, "");
	S_add(&f, "p.md",
	      "---\nposition: cloudflare-first-hosting\n"
	      "title: Cloudflare-first hosting\naliases: [CF First]\n---\n");
	S_resolves(&f, "  CLOUDFLARE-FIRST HOSTING \t",
		   "cloudflare-first-hosting", 1);
	S_resolves(&f, "cf first", "cloudflare-first-hosting", 1);
	S_resolves(&f, " Cloudflare-First-Hosting ", "cloudflare-first-hosting",
		   1);
	S_resolves(&f, "[[ cf FIRST ]]", "cloudflare-first-hosting", 1);
	S_release(&f);
}

/*
 * Every wikilink form names the target a note declares when it declares
 * exactly one: id, `Title|shown`, `id#heading`, file name, vault path.
 */
static void test_wikilink_forms_resolve(void **state)
{
	struct fixture f;

	(void)state;
	S_init(&f, "vault");
	S_add(&f, "vault/07-positions/cloudflare-first.md",
	      "---\nposition: edge-hosting\ntitle: Edge hosting\n---\n");
	S_resolves(&f, "[[edge-hosting]]", "edge-hosting", 1);
	S_resolves(&f, "[[Edge hosting|where we run]]", "edge-hosting", 1);
	S_resolves(&f, "[[edge-hosting#Stance]]", "edge-hosting", 1);
	S_resolves(&f, "[[cloudflare-first]]", "edge-hosting", 1);
	S_resolves(&f, "[[07-positions/cloudflare-first]]", "edge-hosting", 1);
	S_resolves(&f, "[[07-positions/cloudflare-first.md|x]]", "edge-hosting",
		   1);
	S_release(&f);
}

/* A file name is a name only in a wikilink (as Obsidian links go). */
static void test_plain_file_name_is_not_a_name(void **state)
{
	struct fixture f;

	(void)state;
	S_init(&f, "");
	S_add(&f, "cloudflare-first.md", "---\nposition: edge-hosting\n---\n");
	S_resolves(&f, "cloudflare-first", "cloudflare-first", 0);
	S_resolves(&f, "[[cloudflare-first]]", "edge-hosting", 1);
	S_release(&f);
}

/* A note that declares two targets gives its file name to neither. */
static void test_file_name_needs_exactly_one_target(void **state)
{
	struct fixture f;

	(void)state;
	S_init(&f, "");
	S_add(&f, "both.md",
	      "---\npositions:\n  - id: first\n    status: held\n"
	      "  - id: second\n    status: held\n---\n");
	S_add(&f, "one.md", "---\nthesis: third\n---\n");
	S_resolves(&f, "[[both]]", "both", 0);
	S_resolves(&f, "[[one]]", "third", 1);
	S_resolves(&f, "[[first]]", "first", 1);
	S_release(&f);
}

/* A name that resolves to nothing is tracked under its slug (warned). */
static void test_undeclared_tracked_under_slug(void **state)
{
	struct fixture f;
	const struct vault_note *vn;
	const struct vault_target *t;

	(void)state;
	S_init(&f, "");
	S_add(&f, "r.md",
	      "# Reading\n\n## Mapping against Ray Data Co\n\n"
	      "Strong - a third datapoint for the cluster.\n");
	vault_resolve(&f.vault);
	vault_balance(&f.vault);
	vn = S_note(&f, "r.md");
	assert_int_equal(vn->maps_nr, 1);
	assert_string_equal(vn->maps[0].target, "ray-data-co");
	assert_int_equal(S_diags(vn, DIAG_WARNING, "not a declared"), 1);
	t = vault_target(&f.vault, "ray-data-co");
	assert_non_null(t);
	assert_false(t->declared);
	assert_int_equal(t->balance.score, 3);
	assert_non_null(vault_lookup(&f.vault, "Ray Data Co"));
	S_release(&f);
}

/* A name with an empty slug names nothing: the mapping is dropped. */
static void test_name_with_empty_slug_names_nothing(void **state)
{
	struct fixture f;
	const struct vault_note *vn;

	(void)state;
	S_init(&f, "");
	S_add(&f, "r.md", "---\nmaps:\n  - target: \"?!\"\n---\n");
	vault_resolve(&f.vault);
	assert_null(vault_resolve_name(&f.vault, "?!", NULL));
	vn = S_note(&f, "r.md");
	assert_int_equal(vn->maps_nr, 0);
	assert_int_equal(S_diags(vn, DIAG_WARNING, "names nothing"), 1);
	S_release(&f);
}

/* Two declarations of one id: the first by path wins; `check` error on
 * the other. */
static void test_duplicate_id_first_by_path(void **state)
{
	struct fixture f;
	const struct vault_target *t;

	(void)state;
	S_init(&f, "");
	S_add(&f, "z.md", "---\nposition: dup\nstatus: retired\n---\n");
	S_add(&f, "a.md", "---\nposition: dup\nstatus: held\n---\n");
	vault_resolve(&f.vault);
	t = vault_target(&f.vault, "dup");
	assert_non_null(t);
	assert_int_equal(t->declarations, 2);
	assert_string_equal(t->note->path, "a.md");
	assert_string_equal(t->decl->status, "held");
	assert_int_equal(
		S_diags(S_note(&f, "z.md"), DIAG_ERROR, "duplicate id 'dup'"),
		1);
	assert_int_equal(S_note(&f, "a.md")->diags_nr, 0);
	/* Removing the winner hands the id to the other declaration. */
	vault_set_note(&f.vault, "a.md", NULL);
	vault_resolve(&f.vault);
	t = vault_target(&f.vault, "dup");
	assert_string_equal(t->decl->status, "retired");
	assert_int_equal(t->declarations, 1);
	assert_int_equal(S_note(&f, "z.md")->diags_nr, 0);
	S_release(&f);
}

/* A stance may be the paragraph after a `Stance` heading (any level). */
static void test_stance_from_body(void **state)
{
	struct fixture f;
	const struct vault_target *t;

	(void)state;
	S_init(&f, "");
	S_add(&f, "p.md",
	      "---\nposition: edge\nstatus: held\n---\n# Edge\n\n"
	      "### Stance\n\nRun everything at the edge\nfirst.\n\n"
	      "More prose.\n");
	vault_resolve(&f.vault);
	t = vault_target(&f.vault, "edge");
	assert_non_null(t);
	assert_non_null(t->decl->stance);
	assert_string_equal(t->decl->stance,
			    "Run everything at the edge first.");
	S_release(&f);
}

/* Frontmatter wins over the body's Stance paragraph. */
static void test_stance_frontmatter_wins(void **state)
{
	struct fixture f;
	const struct vault_target *t;

	(void)state;
	S_init(&f, "");
	S_add(&f, "p.md",
	      "---\nposition: edge\nstance: Edge where it pays.\n---\n"
	      "## Stance\n\nRun everything at the edge.\n");
	vault_resolve(&f.vault);
	t = vault_target(&f.vault, "edge");
	assert_string_equal(t->decl->stance, "Edge where it pays.");
	S_release(&f);
}

/* A body stance needs a note that declares exactly one target. */
static void test_stance_body_needs_one_target(void **state)
{
	struct fixture f;
	const struct vault_target *t;

	(void)state;
	S_init(&f, "");
	S_add(&f, "p.md",
	      "---\npositions:\n  - id: first\n  - id: second\n---\n"
	      "## Stance\n\nWhich one?\n");
	vault_resolve(&f.vault);
	t = vault_target(&f.vault, "first");
	assert_non_null(t);
	assert_null(t->decl->stance);
	assert_null(vault_target(&f.vault, "second")->decl->stance);
	S_release(&f);
}

/* Mappings and mentions by title, alias or link resolve to the id. */
static void test_mappings_and_mentions_resolve_to_id(void **state)
{
	struct fixture f;
	const struct vault_note *vn;

	(void)state;
	S_init(&f, "");
	S_add(&f, "p.md",
	      "---\nposition: edge\ntitle: Edge first\naliases: [EF]\n---\n");
	S_add(&f, "q.md", "---\nthesis: rails\n---\n");
	S_add(&f, "r.md",
	      "---\nmaps:\n  - target: \"[[Edge first|the edge]]\"\n"
	      "    strength: weak\n---\n"
	      "See [[ef]], [[edge#why]] and ![[rails]], not `[[q]]`.\n\n"
	      "## Mapping against RAILS\n\nModerate challenge: not yet.\n");
	vault_resolve(&f.vault);
	vn = S_note(&f, "r.md");
	assert_int_equal(vn->maps_nr, 2);
	assert_string_equal(vn->maps[0].target, "edge");
	assert_string_equal(vn->maps[0].decl->strength, "weak");
	assert_string_equal(vn->maps[0].decl->effect, "supports");
	assert_string_equal(vn->maps[1].target, "rails");
	assert_string_equal(vn->maps[1].decl->effect, "challenges");
	/* A note mentions a target at most once. */
	assert_int_equal(vn->mentions_nr, 2);
	assert_string_equal(vn->mentions[0], "edge");
	assert_string_equal(vn->mentions[1], "rails");
	S_release(&f);
}

/* Section 7: score = sum of weight (3, 2, 1) times sign (+1, -1, 0). */
static void test_balance_scores(void **state)
{
	struct fixture f;
	const struct vault_target *t;

	(void)state;
	S_init(&f, "");
	S_add(&f, "p.md", "---\nthesis: rails\nstatus: emerging\n---\n");
	S_add(&f, "a.md", "---\nmaps: {rails: strong}\n---\n");
	S_add(&f, "b.md",
	      "---\nmaps:\n  - target: rails\n    strength: Moderate\n"
	      "    effect: challenging\n---\n");
	S_add(&f, "c.md",
	      "---\nmaps:\n  - target: rails\n    strength: weak\n"
	      "    effect: neutral\n---\n");
	S_add(&f, "d.md",
	      "## Maps against rails\n\nWeak challenge - a "
	      "hint.\n\n[[rails]]\n");
	S_add(&f, "e.md", "Just a mention of [[rails]].\n");
	vault_balance(&f.vault);
	t = vault_target(&f.vault, "rails");
	assert_non_null(t);
	assert_int_equal(t->balance.score, 3 - 2 + 0 - 1);
	assert_int_equal(t->balance.supports, 1);
	assert_int_equal(t->balance.challenges, 2);
	assert_int_equal(t->balance.neutral, 1);
	assert_int_equal(t->balance.mentions, 2);
	assert_int_equal(t->balance.by_strength[0][0], 1);
	assert_int_equal(t->balance.by_strength[1][1], 1);
	assert_int_equal(t->balance.by_strength[2][2], 1);
	assert_int_equal(t->balance.by_strength[2][1], 1);
	/* Removing a mapping note updates the balance. */
	vault_set_note(&f.vault, "a.md", NULL);
	vault_balance(&f.vault);
	assert_int_equal(vault_target(&f.vault, "rails")->balance.score, -3);
	S_release(&f);
}

/* A declaration that changes a name re-resolves notes it did not touch. */
static void test_new_name_re_resolves_other_notes(void **state)
{
	struct fixture f;
	struct note *n = NULL;
	const char *text = "---\nposition: edge\ntitle: Ray Data Co\n---\n";

	(void)state;
	S_init(&f, "");
	S_add(&f, "r.md",
	      "## Mapping against Ray Data Co\n\nStrong - third datapoint.\n");
	S_add(&f, "p.md", "---\nposition: edge\n---\n");
	vault_resolve(&f.vault);
	assert_string_equal(S_note(&f, "r.md")->maps[0].target, "ray-data-co");
	assert_int_equal(note_parse(&n, "p.md", text, strlen(text)), 0);
	f.notes[f.nr++] = n;
	vault_set_note(&f.vault, "p.md", n);
	assert_int_equal(vault_resolve(&f.vault), 1);
	assert_string_equal(S_note(&f, "r.md")->maps[0].target, "edge");
	S_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_beats_title),
		cmocka_unit_test(test_title_beats_alias),
		cmocka_unit_test(test_alias_beats_file_name),
		cmocka_unit_test(test_first_note_in_path_order),
		cmocka_unit_test(test_case_insensitive_and_trimmed),
		cmocka_unit_test(test_wikilink_forms_resolve),
		cmocka_unit_test(test_plain_file_name_is_not_a_name),
		cmocka_unit_test(test_file_name_needs_exactly_one_target),
		cmocka_unit_test(test_undeclared_tracked_under_slug),
		cmocka_unit_test(test_name_with_empty_slug_names_nothing),
		cmocka_unit_test(test_duplicate_id_first_by_path),
		cmocka_unit_test(test_stance_from_body),
		cmocka_unit_test(test_stance_frontmatter_wins),
		cmocka_unit_test(test_stance_body_needs_one_target),
		cmocka_unit_test(test_mappings_and_mentions_resolve_to_id),
		cmocka_unit_test(test_balance_scores),
		cmocka_unit_test(test_new_name_re_resolves_other_notes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
