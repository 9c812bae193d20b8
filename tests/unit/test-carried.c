/*
 * Unit tests for broken notes (contract sections 2 and 6): what makes a note
 * broken, which facts a broken note carries (note_carry()), which version it
 * carries along first parents (reader_carried(), on a repository built here
 * with libgit2), and the events of breaking and mending it.  Also the
 * clarified rename of contract section 3: a mapping by a title the renamed
 * target no longer answers to is removed under the target's new id.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "events.h"
#include "facts.h"
#include "note.h"
#include "reader.h"
#include "repo.h"
#include "vault.h"

static struct note *S_parse(const char *path, const char *text)
{
	struct note *n = NULL;

	assert_int_equal(note_parse(&n, path, text, strlen(text)), 0);
	return n;
}

static const char parsed_v1[] = "---\n"
				"position: edge\n"
				"title: Edge hosting\n"
				"status: held\n"
				"aliases: [Edge]\n"
				"maps:\n"
				"  - target: core\n"
				"    strength: strong\n"
				"---\n"
				"## Stance\n\nRun it at the edge.\n\n"
				"## Mapping against llm\n\nWeak - old body.\n";

static const char broken_v2[] =
	"---\n"
	"position: edge\n"
	"title: Edge everywhere\n"
	"status: [held\n"
	"---\n"
	"## Stance\n\nRun everything at the edge.\n\n"
	"## Mapping against cdn\n\nModerate - new body.\n\n"
	"See [[core]].\n";

static void test_broken_when(void **state)
{
	struct note *n;

	(void)state;
	n = S_parse("p.md", broken_v2);
	assert_non_null(n->broken);
	assert_string_equal(n->broken, "5:1: did not find expected ',' or "
				       "']' while parsing a flow sequence");
	assert_int_equal(n->targets_nr, 0);
	assert_int_equal(n->has_frontmatter, 0);
	/* The body is read as usual. */
	assert_int_equal(n->mappings_nr, 1);
	assert_string_equal(n->mappings[0].target, "cdn");
	note_free(n);

	/* No closing line: broken, and the whole text is the body. */
	n = S_parse("p.md", "---\ntitle: x\n\nSee [[core]].\n");
	assert_string_equal(n->broken,
			    "1:1: frontmatter has no closing '---' line");
	assert_int_equal(n->links_nr, 1);
	assert_int_equal(note_diag_count(n, DIAG_ERROR), 1);
	note_free(n);

	/* Parsed, not-a-mapping and empty frontmatter are not broken. */
	n = S_parse("p.md", parsed_v1);
	assert_null(n->broken);
	note_free(n);
	n = S_parse("p.md", "---\n- a list\n---\n");
	assert_null(n->broken);
	note_free(n);
	n = S_parse("p.md", "---\n---\nbody\n");
	assert_null(n->broken);
	note_free(n);
}

static void test_carry_facts(void **state)
{
	struct note *v1 = S_parse("p.md", parsed_v1);
	struct note *v2 = S_parse("p.md", broken_v2);
	struct note *c = NULL;
	size_t i, body = 0, fm = 0;

	(void)state;
	note_carry(&c, v2, v1);
	assert_string_equal(c->broken, v2->broken);
	assert_int_equal(c->carried, 1);
	/* Frontmatter facts of the version that parsed... */
	assert_int_equal(c->targets_nr, 1);
	assert_string_equal(c->targets[0].id, "edge");
	assert_string_equal(c->targets[0].title, "Edge hosting");
	assert_string_equal(c->targets[0].status, "held");
	assert_int_equal(c->targets[0].aliases.nr, 1);
	/* ... but a stance read from the body is the broken body's. */
	assert_string_equal(c->targets[0].stance,
			    "Run everything at the edge.");
	/* Frontmatter mappings carried, body mappings its own. */
	for (i = 0; i < c->mappings_nr; i++) {
		if (c->mappings[i].origin == MAPPING_FRONTMATTER) {
			assert_string_equal(c->mappings[i].target, "core");
			fm++;
		} else {
			assert_string_equal(c->mappings[i].target, "cdn");
			body++;
		}
	}
	assert_int_equal(fm, 1);
	assert_int_equal(body, 1);
	assert_int_equal(c->links_nr, 1);
	/* The parse error stays for check. */
	assert_int_equal(note_diag_count(c, DIAG_ERROR), 1);
	note_free(c);

	/* Nothing parsed before: no frontmatter facts at all. */
	note_carry(&c, v2, NULL);
	assert_int_equal(c->targets_nr, 0);
	assert_int_equal(c->mappings_nr, 1);
	assert_null(c->targets);
	note_free(c);
	note_free(v1);
	note_free(v2);
}

/* A vault of one or two notes, its facts, and its events against another. */
struct side {
	struct vault vault;
	struct fact_set facts;
};

static void S_side(struct side *s, const char *path, const struct note *n,
		   const char *path2, const struct note *n2)
{
	vault_init(&s->vault, "");
	if (n)
		vault_set_note(&s->vault, path, n);
	if (n2)
		vault_set_note(&s->vault, path2, n2);
	vault_resolve(&s->vault);
	facts_add_all(&s->facts, &s->vault);
	facts_finish(&s->facts);
}

static void S_side_release(struct side *s)
{
	fact_set_release(&s->facts);
	vault_release(&s->vault);
}

static void test_events(void **state)
{
	struct note *v1 = S_parse("p.md", parsed_v1);
	struct note *v2 = S_parse("p.md", broken_v2);
	struct note *v3 =
		S_parse("p.md", "---\nposition: edge\n"
				"title: Edge hosting\n"
				"status: questioned\naliases: [Edge]\n"
				"maps:\n  - target: core\n"
				"    strength: strong\n---\n"
				"## Stance\n\nRun it at the edge.\n\n"
				"## Mapping against cdn\n\n"
				"Moderate - new body.\n\nSee [[core]].\n");
	struct note *c = NULL;
	struct side a = {0}, b = {0}, d = {0}, e = {0};
	struct event_list ev = EVENT_LIST_INIT;
	size_t i;

	(void)state;
	note_carry(&c, v2, v1);
	S_side(&a, "p.md", v1, NULL, NULL);
	S_side(&b, "p.md", c, NULL, NULL);
	S_side(&d, "p.md", v3, NULL, NULL);
	S_side(&e, NULL, NULL, NULL, NULL);

	/* Breaking: one note broken, plus the body's own changes only. */
	events_compare(&ev, &a.facts, &b.facts, NULL, 0);
	assert_int_equal(ev.v[0].kind, EVENT_NOTE);
	assert_int_equal(ev.v[0].change, EVENT_BROKEN);
	assert_null(ev.v[0].target);
	assert_string_equal(ev.v[0].note, "p.md");
	assert_string_equal(ev.v[0].new_value, c->broken);
	for (i = 1; i < ev.nr; i++) {
		/* The stance read from the body changed: a body fact. */
		if (ev.v[i].kind == EVENT_POSITION) {
			assert_int_equal(ev.v[i].change, EVENT_MODIFIED);
			assert_string_equal(ev.v[i].field, "stance");
			continue;
		}
		assert_true(ev.v[i].kind == EVENT_MAPPING ||
			    ev.v[i].kind == EVENT_MENTION);
		assert_int_not_equal(ev.v[i].change, EVENT_MODIFIED);
	}
	event_list_release(&ev);

	/* Mending: repaired, then the real differences from the carried. */
	events_compare(&ev, &b.facts, &d.facts, NULL, 0);
	assert_true(ev.nr >= 2);
	assert_int_equal(ev.v[0].kind, EVENT_NOTE);
	assert_int_equal(ev.v[0].change, EVENT_REPAIRED);
	assert_string_equal(ev.v[0].note, "p.md");
	for (i = 1; i < ev.nr; i++)
		if (ev.v[i].kind == EVENT_POSITION) {
			assert_int_equal(ev.v[i].change, EVENT_MODIFIED);
			assert_true(!strcmp(ev.v[i].field, "status") ||
				    !strcmp(ev.v[i].field, "stance"));
		}
	event_list_release(&ev);

	/* Deleting a broken note is no repair. */
	events_compare(&ev, &b.facts, &e.facts, NULL, 0);
	for (i = 0; i < ev.nr; i++) {
		assert_int_not_equal(ev.v[i].change, EVENT_REPAIRED);
		assert_int_equal(ev.v[i].change, EVENT_REMOVED);
	}
	event_list_release(&ev);

	/* A note added broken: broken, and no frontmatter facts. */
	note_free(c);
	note_carry(&c, v2, NULL);
	S_side_release(&b);
	S_side(&b, "p.md", c, NULL, NULL);
	events_compare(&ev, &e.facts, &b.facts, NULL, 0);
	assert_int_equal(ev.v[0].change, EVENT_BROKEN);
	for (i = 1; i < ev.nr; i++)
		assert_int_equal(ev.v[i].kind, EVENT_MAPPING);
	event_list_release(&ev);

	S_side_release(&a);
	S_side_release(&b);
	S_side_release(&d);
	S_side_release(&e);
	note_free(c);
	note_free(v1);
	note_free(v2);
	note_free(v3);
}

static void test_rename_breaks_name(void **state)
{
	struct note *p1 =
		S_parse("p.md", "---\nposition: edge\n"
				"title: Edge hosting\nstatus: held\n---\n");
	struct note *p2 = S_parse("p.md", "---\nposition: zed\n"
					  "title: Zed hosting\nstatus: held\n"
					  "aliases: [edge]\n---\n");
	struct note *m = S_parse("m.md", "## Mapping against Edge hosting\n\n"
					 "Strong - by title.\n");
	struct side a = {0}, b = {0};
	struct event_list ev = EVENT_LIST_INIT;
	size_t i;
	int removed = 0, added = 0;

	(void)state;
	S_side(&a, "p.md", p1, "m.md", m);
	S_side(&b, "p.md", p2, "m.md", m);
	events_compare(&ev, &a.facts, &b.facts, NULL, 0);
	for (i = 0; i < ev.nr; i++) {
		if (ev.v[i].kind != EVENT_MAPPING)
			continue;
		if (ev.v[i].change == EVENT_REMOVED) {
			assert_string_equal(ev.v[i].target, "zed");
			assert_string_equal(ev.v[i].note, "m.md");
			removed++;
		} else {
			assert_int_equal(ev.v[i].change, EVENT_ADDED);
			assert_string_equal(ev.v[i].target, "edge-hosting");
			added++;
		}
	}
	assert_int_equal(removed, 1);
	assert_int_equal(added, 1);
	event_list_release(&ev);
	S_side_release(&a);
	S_side_release(&b);
	note_free(p1);
	note_free(p2);
	note_free(m);
}

/* ---- reader_carried() on a real repository -------------------------- */

struct fixture {
	char dir[64];
	struct thesis_repo repo;
	git_signature *sig;
};

/* Commits `text` at `path` (NULL text: no such file) on `parents`. */
static void S_commit(git_oid *out, struct fixture *f, const char *path,
		     const char *text, const git_oid *parents, size_t n)
{
	git_treebuilder *tb = NULL;
	git_oid blob, tree_id;
	git_tree *tree = NULL;
	const git_commit *pc[2] = {NULL, NULL};
	git_commit *owned[2] = {NULL, NULL};
	size_t i;

	assert_int_equal(git_treebuilder_new(&tb, f->repo.repo, NULL), 0);
	if (text) {
		assert_int_equal(git_blob_create_from_buffer(&blob,
							     f->repo.repo, text,
							     strlen(text)),
				 0);
		assert_int_equal(git_treebuilder_insert(NULL, tb, path, &blob,
							GIT_FILEMODE_BLOB),
				 0);
	}
	assert_int_equal(git_treebuilder_write(&tree_id, tb), 0);
	assert_int_equal(git_tree_lookup(&tree, f->repo.repo, &tree_id), 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(
			git_commit_lookup(&owned[i], f->repo.repo, &parents[i]),
			0);
		pc[i] = owned[i];
	}
	assert_int_equal(git_commit_create(out, f->repo.repo, NULL, f->sig,
					   f->sig, NULL, "c", tree, n, pc),
			 0);
	for (i = 0; i < n; i++)
		git_commit_free(owned[i]);
	git_tree_free(tree);
	git_treebuilder_free(tb);
}

static int S_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	git_libgit2_init();
	strcpy(f->dir, "/tmp/test-carried-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_int_equal(git_repository_init(&f->repo.repo, f->dir, 1), 0);
	f->repo.vault = strdup("");
	assert_int_equal(
		git_signature_new(&f->sig, "T", "t@example.com", 1770000000, 0),
		0);
	*state = f;
	return 0;
}

static int S_teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	git_signature_free(f->sig);
	git_repository_free(f->repo.repo);
	free(f->repo.vault);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	git_libgit2_shutdown();
	return 0;
}

static const char parsed_side[] = "---\nposition: edge\ntitle: Side\n---\n";
static const char broken_v3[] = "---\nposition: edge\nstatus: [x\n---\n";

static void test_carried_line(void **state)
{
	struct fixture *f = *state;
	struct reader r;
	git_oid c1, c2, c3, s1, m, d, a, got, want;
	const struct note *n;

	S_commit(&c1, f, "p.md", parsed_v1, NULL, 0);
	S_commit(&c2, f, "p.md", broken_v2, &c1, 1);
	S_commit(&c3, f, "p.md", broken_v3, &c2, 1);
	/* A side branch from c1 that parsed another version. */
	S_commit(&s1, f, "p.md", parsed_side, &c1, 1);
	{
		git_oid parents[2] = {c3, s1};

		S_commit(&m, f, "p.md", broken_v2, parents, 2);
	}
	S_commit(&d, f, "p.md", NULL, &m, 1);
	S_commit(&a, f, "p.md", broken_v2, &d, 1);

	reader_init(&r, &f->repo);
	assert_int_equal(git_blob_create_from_buffer(&want, f->repo.repo,
						     parsed_v1,
						     strlen(parsed_v1)),
			 0);
	/* Two broken versions in a row both carry c1's. */
	assert_int_equal(reader_carried(&got, &r, &c2, "p.md"), 1);
	assert_true(git_oid_equal(&got, &want));
	assert_int_equal(reader_carried(&got, &r, &c3, "p.md"), 1);
	assert_true(git_oid_equal(&got, &want));
	/* At a merge, the first parent's line: c1's, not the side's. */
	assert_int_equal(reader_carried(&got, &r, &m, "p.md"), 1);
	assert_true(git_oid_equal(&got, &want));
	/* A version that parses is its own. */
	assert_int_equal(reader_carried(&got, &r, &c1, "p.md"), 1);
	assert_true(git_oid_equal(&got, &want));
	/* Deleted, then added broken: nothing is carried. */
	assert_int_equal(reader_carried(&got, &r, &a, "p.md"), 0);
	/* Another path, and no line at all: nothing. */
	assert_int_equal(reader_carried(&got, &r, &c3, "q.md"), 0);
	assert_int_equal(reader_carried(&got, &r, NULL, "p.md"), 0);

	/* The note as read at c3: broken, with c1's frontmatter facts. */
	{
		git_oid blob, key;

		assert_int_equal(git_blob_create_from_buffer(
					 &blob, f->repo.repo, broken_v3,
					 strlen(broken_v3)),
				 0);
		n = reader_note_at(&r, &key, &blob, "p.md", &c3);
		assert_non_null(n);
		assert_non_null(n->broken);
		assert_int_equal(n->targets_nr, 1);
		assert_string_equal(n->targets[0].title, "Edge hosting");
		assert_false(git_oid_equal(&key, &blob));
		/* The same key finds the same carried note again. */
		assert_ptr_equal(reader_note(&r, &key, "p.md"), n);
		/* Read at the side-less line of `a`: nothing carried. */
		n = reader_note_at(&r, &key, &blob, "p.md", &a);
		assert_int_equal(n->targets_nr, 0);
	}
	reader_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_broken_when),
		cmocka_unit_test(test_carry_facts),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_rename_breaks_name),
		cmocka_unit_test_setup_teardown(test_carried_line, S_setup,
						S_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
