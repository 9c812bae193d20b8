/*
 * Unit tests for the persistent cache of parsed notes (notecache.c): every
 * field of every note of the example and hostile vaults (every version of
 * every blob in their histories) and of hand-written odd notes comes back
 * equal, through the record format and through the file; a parse depends
 * on the bytes alone; a damaged, truncated or foreign file, or one written
 * by several processes at once, gives misses or equal notes, never others.
 */
#define _GNU_SOURCE /* memmem() */
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cachedir.h"
#include "note.h"
#include "notecache.h"
#include "repo.h"
#include "strbuf.h"
#include "util.h"

static char tmpdir[] = "/tmp/test-notecache-XXXXXX";
static struct thesis_repo repo = THESIS_REPO_INIT;

/* One note of the corpus: its blob id, its bytes and its parse. */
struct sample {
	git_oid oid;
	char *buf;
	size_t len;
	struct note *note;
};
static struct sample *corpus;
static size_t corpus_nr, corpus_alloc;

/* --- note_equal ------------------------------------------------------------
 */

static int S_diff(struct strbuf *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(why, fmt, ap);
	va_end(ap);
	return 0;
}

#define SAME_STR(what, x, y)                                           \
	do {                                                           \
		if (!str_eq((x), (y)))                                 \
			return S_diff(why, "%s: '%s' vs '%s'", (what), \
				      (x) ? (x) : "(null)",            \
				      (y) ? (y) : "(null)");           \
	} while (0)
#define SAME_NUM(what, x, y)                                            \
	do {                                                            \
		if ((unsigned long long)(x) != (unsigned long long)(y)) \
			return S_diff(why, "%s: %llu vs %llu", (what),  \
				      (unsigned long long)(x),          \
				      (unsigned long long)(y));         \
	} while (0)

static int S_strvec_equal(const char *what, const struct strvec *a,
			  const struct strvec *b, struct strbuf *why)
{
	size_t i;

	SAME_NUM(what, a->nr, b->nr);
	for (i = 0; i < a->nr; i++)
		SAME_STR(what, a->v[i], b->v[i]);
	if (a->v[a->nr] || b->v[b->nr])
		return S_diff(why, "%s: not NULL-terminated", what);
	return 1;
}

/*
 * Every field of two notes, `path` and `name` included; `why` gets the
 * first difference.  Capacities (`_alloc`) are not facts and may differ.
 */
static int note_equal(const struct note *a, const struct note *b,
		      struct strbuf *why)
{
	size_t i;

	SAME_STR("path", a->path, b->path);
	SAME_STR("name", a->name, b->name);
	SAME_NUM("has_frontmatter", a->has_frontmatter, b->has_frontmatter);
	SAME_STR("broken", a->broken, b->broken);
	SAME_NUM("carried", a->carried, b->carried);
	SAME_STR("title", a->title, b->title);
	SAME_STR("type", a->type, b->type);
	SAME_STR("date", a->date, b->date);
	SAME_STR("source", a->source, b->source);
	SAME_STR("author", a->author, b->author);
	if (!S_strvec_equal("tags", &a->tags, &b->tags, why) ||
	    !S_strvec_equal("aliases", &a->aliases, &b->aliases, why))
		return 0;
	SAME_NUM("targets_nr", a->targets_nr, b->targets_nr);
	for (i = 0; i < a->targets_nr; i++) {
		const struct target_decl *x = &a->targets[i],
					 *y = &b->targets[i];

		SAME_NUM("target kind", x->kind, y->kind);
		SAME_STR("target id", x->id, y->id);
		SAME_STR("target title", x->title, y->title);
		SAME_STR("target stance", x->stance, y->stance);
		SAME_STR("target status", x->status, y->status);
		SAME_STR("target confidence", x->confidence, y->confidence);
		SAME_STR("target owner", x->owner, y->owner);
		if (!S_strvec_equal("target supersedes", &x->supersedes,
				    &y->supersedes, why) ||
		    !S_strvec_equal("target aliases", &x->aliases, &y->aliases,
				    why))
			return 0;
		SAME_NUM("target line", x->line, y->line);
		SAME_NUM("target stance_from_body", x->stance_from_body,
			 y->stance_from_body);
	}
	SAME_NUM("mappings_nr", a->mappings_nr, b->mappings_nr);
	for (i = 0; i < a->mappings_nr; i++) {
		const struct mapping_decl *x = &a->mappings[i],
					  *y = &b->mappings[i];

		SAME_STR("mapping target", x->target, y->target);
		SAME_STR("mapping strength", x->strength, y->strength);
		SAME_STR("mapping effect", x->effect, y->effect);
		SAME_STR("mapping why", x->why, y->why);
		SAME_NUM("mapping origin", x->origin, y->origin);
		SAME_NUM("mapping line", x->line, y->line);
	}
	SAME_NUM("links_nr", a->links_nr, b->links_nr);
	for (i = 0; i < a->links_nr; i++) {
		SAME_STR("link target", a->links[i].target, b->links[i].target);
		SAME_NUM("link line", a->links[i].line, b->links[i].line);
	}
	SAME_NUM("texts_nr", a->texts_nr, b->texts_nr);
	for (i = 0; i < a->texts_nr; i++) {
		const struct note_text *x = &a->texts[i], *y = &b->texts[i];

		SAME_NUM("text len", x->len, y->len);
		if (memcmp(x->text, y->text, x->len) || y->text[y->len])
			return S_diff(why, "text %zu differs", i);
		SAME_NUM("text line", x->line, y->line);
	}
	SAME_NUM("questions_nr", a->questions_nr, b->questions_nr);
	for (i = 0; i < a->questions_nr; i++) {
		const struct question_decl *x = &a->questions[i],
					   *y = &b->questions[i];

		SAME_STR("question text", x->text, y->text);
		SAME_NUM("question line", x->line, y->line);
		SAME_NUM("question texts_first", x->texts_first,
			 y->texts_first);
		SAME_NUM("question texts_nr", x->texts_nr, y->texts_nr);
		if (!S_strvec_equal("question links", &x->links, &y->links,
				    why))
			return 0;
	}
	SAME_STR("body_stance", a->body_stance, b->body_stance);
	SAME_NUM("body_stance_line", a->body_stance_line, b->body_stance_line);
	/* A lazy note is never stored: both are complete. */
	SAME_NUM("lazy", a->lazy != NULL, b->lazy != NULL);
	SAME_NUM("diags_nr", a->diags_nr, b->diags_nr);
	for (i = 0; i < a->diags_nr; i++) {
		SAME_NUM("diag severity", a->diags[i].severity,
			 b->diags[i].severity);
		SAME_NUM("diag line", a->diags[i].line, b->diags[i].line);
		SAME_NUM("diag column", a->diags[i].column, b->diags[i].column);
		SAME_STR("diag message", a->diags[i].message,
			 b->diags[i].message);
	}
	return 1;
}

static void S_assert_equal(const struct note *a, const struct note *b)
{
	struct strbuf why = STRBUF_INIT;

	if (!note_equal(a, b, &why))
		fail_msg("%s: %s", a->path, why.buf);
	strbuf_release(&why);
}

/* --- the corpus ------------------------------------------------------------
 */

static void S_add(const char *buf, size_t len)
{
	struct sample *s;
	git_oid oid;
	size_t i;

	assert_int_equal(git_odb_hash(&oid, buf, len, GIT_OBJECT_BLOB), 0);
	for (i = 0; i < corpus_nr; i++)
		if (git_oid_equal(&corpus[i].oid, &oid))
			return;
	ALLOC_GROW(corpus, corpus_nr + 1, corpus_alloc);
	s = &corpus[corpus_nr++];
	s->oid = oid;
	s->buf = xmalloc(len + 1);
	memcpy(s->buf, buf, len);
	s->buf[len] = '\0';
	s->len = len;
	assert_int_equal(note_parse(&s->note, "notes/Sample.md", buf, len), 0);
}

static int S_add_blob(const git_oid *id, void *payload)
{
	git_repository *r = payload;
	git_blob *blob = NULL;

	if (git_blob_lookup(&blob, r, id) < 0) {
		git_error_clear(); /* a tree or a commit */
		return 0;
	}
	S_add(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return 0;
}

/* Every blob of every version in the fixture vault `script` builds. */
static void S_add_fixture(const char *script)
{
	char *dir = xstrfmt("%s/%s", tmpdir, script);
	char *cmd = xstrfmt("sh tests/fixtures/%s '%s' >/dev/null 2>&1", script,
			    dir);
	git_repository *r = NULL;
	git_odb *odb = NULL;
	size_t before = corpus_nr;

	/* `make test` runs the unit tests from the top of the sources. */
	if (system(cmd) != 0)
		fail_msg("cannot build the fixture: %s (run from the top "
			 "folder)",
			 cmd);
	assert_int_equal(git_repository_open(&r, dir), 0);
	assert_int_equal(git_repository_odb(&odb, r), 0);
	assert_int_equal(git_odb_foreach(odb, S_add_blob, r), 0);
	assert_true(corpus_nr - before >= 10);
	git_odb_free(odb);
	git_repository_free(r);
	free(cmd);
	free(dir);
}

static const char *const odd_notes[] = {
	/* Broken YAML: a broken note, its whole text a body. */
	"---\ntitle: [unclosed\nposition: x\n---\nBody [[Link]].\n",
	"---\nno closing line\n\n## Stance\n\nFree text.\n",
	"---\n: : :\n\t- tab\n---\n",
	/* Targets, body mappings, a stance heading, questions. */
	"---\nposition: alpha\ntitle: Alpha\nstatus: Held\nconfidence: 0.7\n"
	"owner: me\nsupersedes: [beta, \"gamma\"]\naliases: [A1, A2]\n"
	"tags: [x, '#y']\n---\n# Alpha\n\n## Stance\n\nWe hold **alpha**"
	" with `code` and [[Link|shown]].\n\n## Mapping against [[Beta]]\n\n"
	"Strongly challenges: because of [[Gamma]] and <b>html</b>.\n\n"
	"Open question: does alpha hold for [[Delta]]?\n\n"
	"> [!question] Why not gamma?\n> Line two of it.\n\nQ: short one\n",
	"---\nthesis: t-one\ntitle: T\nmappings:\n  - target: alpha\n"
	"    strength: weak\n    effect: supports\n    why: reasons\n"
	"  - target: \"[[Beta]]\"\n    effect: odd-effect\n---\nText.\n",
	"---\nposition: one\nposition: two\n---\n",
	"---\npositions: [a, b]\ntype: memo\ndate: 2026-01-02\nsource: web\n"
	"author: Someone\n---\n## Stance\nLone stance.\n",
	/* No frontmatter, only prose; NUL bytes and odd UTF-8. */
	"Plain prose mentioning Alpha and [[Beta#Head]] and ![[Embed]].\n",
	"",
	"\xef\xbb\xbf---\ntitle: bom\n---\nBody\r\nCRLF\r\n",
	"line\x00with\x00nuls [[A\x00B]]\n\n\xff\xfe invalid utf-8\n",
	"~~~\n[[not a link]]\n~~~\n\n    indented [[code]]\n",
};

static void S_add_odd(void)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(odd_notes); i++)
		S_add(odd_notes[i], strlen(odd_notes[i]));
	/* The NUL bytes are part of the note. */
	S_add("a\0b [[X]]\n", 10);
	/* A huge aliases list. */
	strbuf_addstr(&sb, "---\nposition: many\naliases:\n");
	for (i = 0; i < 5000; i++)
		strbuf_addf(&sb, "  - Alias number %zu\n", i);
	strbuf_addstr(&sb, "---\nBody.\n");
	S_add(sb.buf, sb.len);
	/* Many texts, links and questions. */
	strbuf_reset(&sb);
	for (i = 0; i < 500; i++)
		strbuf_addf(&sb, "Q: question %zu about [[T%zu]]\n\n", i, i);
	S_add(sb.buf, sb.len);
	/* Oversized: a warning and nothing else. */
	strbuf_reset(&sb);
	strbuf_addchars(&sb, 'x', NOTE_MAX_SIZE + 1);
	S_add(sb.buf, sb.len);
	strbuf_release(&sb);
}

static int S_setup(void **state)
{
	char *cache;

	(void)state;
	assert_non_null(mkdtemp(tmpdir));
	git_libgit2_init();
	cache = xstrfmt("%s/repo", tmpdir);
	assert_int_equal(git_repository_init(&repo.repo, cache, 0), 0);
	free(cache);
	assert_int_equal(
		git_repository_config_snapshot(&repo.config, repo.repo), 0);
	repo.vault = xstrdup("");
	cache = xstrfmt("%s/cache", tmpdir);
	setenv("XDG_CACHE_HOME", cache, 1);
	unsetenv("GIT_THESIS_NO_CACHE");
	unsetenv("GIT_THESIS_DEBUG_FULL");
	free(cache);
	S_add_fixture("example-vault.sh");
	S_add_fixture("hostile-vault.sh");
	S_add_odd();
	return 0;
}

static int S_teardown(void **state)
{
	char *cmd = xstrfmt("rm -rf '%s'", tmpdir);
	size_t i;

	(void)state;
	for (i = 0; i < corpus_nr; i++) {
		note_free(corpus[i].note);
		free(corpus[i].buf);
	}
	free(corpus);
	repo_release(&repo);
	git_libgit2_shutdown();
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static char *S_file(void)
{
	char *path;

	cachedir_path(&path, &repo, ".notes");
	assert_non_null(path);
	return path;
}

static void S_remove_file(void)
{
	char *path = S_file();

	unlink(path);
	free(path);
}

/* Stores every note of the corpus (the oversized ones too) in the file. */
static void S_fill(void)
{
	struct notecache *nc;
	size_t i;

	S_remove_file();
	nc = notecache_open(&repo);
	assert_non_null(nc);
	for (i = 0; i < corpus_nr; i++)
		notecache_put(nc, &corpus[i].oid, corpus[i].note);
	assert_int_equal(notecache_puts(nc), corpus_nr);
	notecache_free(nc);
}

/* How many notes come back, asserting each is equal to its original. */
static size_t S_check_all(struct notecache *nc)
{
	size_t i, found = 0;

	for (i = 0; i < corpus_nr; i++) {
		struct note *n = NULL;

		if (!notecache_get(&n, nc, &corpus[i].oid, "notes/Sample.md")) {
			assert_null(n);
			continue;
		}
		S_assert_equal(corpus[i].note, n);
		note_free(n);
		found++;
	}
	return found;
}

/* --- tests -----------------------------------------------------------------
 */

/* Every note survives the record format, every field. */
static void test_round_trip(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	(void)state;
	assert_true(corpus_nr > 40);
	for (i = 0; i < corpus_nr; i++) {
		struct note *n = NULL;

		strbuf_reset(&sb);
		notecache_encode(&sb, corpus[i].note);
		assert_int_equal(notecache_decode(&n, (unsigned char *)sb.buf,
						  sb.len, "notes/Sample.md"),
				 0);
		S_assert_equal(corpus[i].note, n);
		/* Its fields in one block, sized by the record exactly. */
		{
			void *next = (void *)1;

			assert_non_null(n->arena);
			memcpy(&next, n->arena, sizeof(next));
			assert_null(next);
		}
		note_free(n);
		/* Cut anywhere, a payload is refused, never misread. */
		if (sb.len > 1) {
			assert_int_equal(
				notecache_decode(&n, (unsigned char *)sb.buf,
						 sb.len / 2, "notes/Sample.md"),
				-1);
			assert_null(n);
		}
	}
	strbuf_release(&sb);
}

/*
 * What the cache keeps depends on the bytes alone: the same bytes at
 * another path encode the same, and a note taken from the cache at another
 * path has that path and name, as if parsed there.
 */
static void test_bytes_alone(void **state)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < corpus_nr; i++) {
		struct note *there = NULL, *n = NULL;

		assert_int_equal(note_parse(&there, "elsewhere/Other Name.MD",
					    corpus[i].buf, corpus[i].len),
				 0);
		strbuf_reset(&a);
		strbuf_reset(&b);
		notecache_encode(&a, corpus[i].note);
		notecache_encode(&b, there);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.buf, b.buf, a.len);
		assert_int_equal(notecache_decode(&n, (unsigned char *)a.buf,
						  a.len,
						  "elsewhere/Other Name.MD"),
				 0);
		assert_string_equal(n->name, "Other Name");
		S_assert_equal(there, n);
		note_free(n);
		note_free(there);
	}
	strbuf_release(&a);
	strbuf_release(&b);
}

/* Notes put come back in this run and, after a flush, in the next. */
static void test_file_round_trip(void **state)
{
	struct notecache *nc;
	struct note *n = NULL;
	git_oid none;

	(void)state;
	S_remove_file();
	nc = notecache_open(&repo);
	assert_int_equal(S_check_all(nc), 0);
	notecache_put(nc, &corpus[0].oid, corpus[0].note);
	/* Put in this run: found in this run. */
	assert_int_equal(notecache_get(&n, nc, &corpus[0].oid, "a/b.md"), 1);
	assert_string_equal(n->path, "a/b.md");
	note_free(n);
	notecache_free(nc);

	S_fill();
	nc = notecache_open(&repo);
	assert_int_equal(S_check_all(nc), corpus_nr);
	assert_int_equal(notecache_hits(nc), corpus_nr);
	memset(&none, 0x42, sizeof(none));
	assert_int_equal(notecache_get(&n, nc, &none, "a.md"), 0);
	/* Found: nothing is put again. */
	notecache_put(nc, &corpus[1].oid, corpus[1].note);
	assert_int_equal(notecache_puts(nc), 0);
	notecache_free(nc);
}

/* A lazy note (its body not parsed) or a carried one is never stored. */
static void test_only_whole_notes(void **state)
{
	const char *text = "---\ntitle: t\n---\nProse with [[Some Link]].\n";
	struct note *lazy = NULL, *whole = NULL, *carried = NULL,
		    *broken = NULL;
	struct notecache *nc;
	git_oid oid;

	(void)state;
	S_remove_file();
	assert_int_equal(
		git_odb_hash(&oid, text, strlen(text), GIT_OBJECT_BLOB), 0);
	assert_int_equal(note_parse_lazy(&lazy, "a.md", text, strlen(text)), 0);
	assert_non_null(lazy->lazy);
	assert_int_equal(note_parse(&whole, "a.md", text, strlen(text)), 0);
	assert_int_equal(note_parse(&broken, "a.md", "---\nopen\n", 9), 0);
	assert_non_null(broken->broken);
	note_carry(&carried, broken, whole);
	nc = notecache_open(&repo);
	notecache_put(nc, &oid, lazy);
	notecache_put(nc, &oid, carried);
	assert_int_equal(notecache_puts(nc), 0);
	notecache_put(nc, &oid, whole);
	assert_int_equal(notecache_puts(nc), 1);
	notecache_free(nc);
	note_free(lazy);
	note_free(whole);
	note_free(carried);
	note_free(broken);
}

static void S_edit(const char *path, size_t at, unsigned char x)
{
	int fd = open(path, O_RDWR);
	unsigned char c;

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &c, 1, (off_t)at), 1);
	c ^= x;
	assert_int_equal(pwrite(fd, &c, 1, (off_t)at), 1);
	close(fd);
}

static size_t S_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return (size_t)st.st_size;
}

/* Where `needle` is in the file at `path`. */
static size_t S_find_in(const char *path, const char *needle)
{
	struct strbuf sb = STRBUF_INIT;
	FILE *fp = fopen(path, "rb");
	char buf[65536];
	size_t n, at;
	const char *hit;

	assert_non_null(fp);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	hit = memmem(sb.buf, sb.len, needle, strlen(needle));
	assert_non_null(hit);
	at = (size_t)(hit - sb.buf);
	strbuf_release(&sb);
	return at;
}

/* A damaged record is a miss; the run that misses writes it anew. */
static void test_damaged_record(void **state)
{
	char *path = S_file();
	struct notecache *nc;
	size_t at;

	(void)state;
	S_fill();
	/* One letter of one alias: only that record's checksum sees it. */
	at = S_find_in(path, "Alias number 4321");
	S_edit(path, at + 1, 0x01);
	nc = notecache_open(&repo);
	assert_int_equal(S_check_all(nc), corpus_nr - 1);
	{
		size_t i;

		for (i = 0; i < corpus_nr; i++)
			notecache_put(nc, &corpus[i].oid, corpus[i].note);
		assert_int_equal(notecache_puts(nc), 1);
	}
	notecache_free(nc);
	nc = notecache_open(&repo);
	assert_int_equal(S_check_all(nc), corpus_nr);
	notecache_free(nc);
	free(path);
}

/* A file cut short inside a record: the records before it are found, and
 * the next writer cuts the damage off before appending. */
static void test_truncated(void **state)
{
	char *path = S_file();
	struct notecache *nc;
	size_t size, found, i;

	(void)state;
	S_fill();
	size = S_size(path);
	assert_int_equal(truncate(path, (off_t)(size * 2 / 3 + 5)), 0);
	nc = notecache_open(&repo);
	found = S_check_all(nc);
	assert_true(found > 0 && found < corpus_nr);
	for (i = 0; i < corpus_nr; i++)
		notecache_put(nc, &corpus[i].oid, corpus[i].note);
	assert_int_equal(notecache_puts(nc), corpus_nr - found);
	notecache_free(nc);
	nc = notecache_open(&repo);
	assert_int_equal(S_check_all(nc), corpus_nr);
	notecache_free(nc);
	/* Cut inside the header, then empty: nothing found, no crash. */
	assert_int_equal(truncate(path, 7), 0);
	nc = notecache_open(&repo);
	assert_int_equal(S_check_all(nc), 0);
	notecache_free(nc);
	assert_int_equal(truncate(path, 0), 0);
	nc = notecache_open(&repo);
	assert_int_equal(S_check_all(nc), 0);
	notecache_free(nc);
	free(path);
}

/* A file of another contract is ignored, then replaced by the next writer. */
static void test_wrong_contract(void **state)
{
	char *path = S_file();
	struct notecache *nc;
	struct stat before, after;
	size_t i;

	(void)state;
	S_fill();
	S_edit(path, 8, 0x7f); /* the contract's low byte */
	assert_int_equal(stat(path, &before), 0);
	nc = notecache_open(&repo);
	assert_int_equal(S_check_all(nc), 0);
	for (i = 0; i < corpus_nr; i++)
		notecache_put(nc, &corpus[i].oid, corpus[i].note);
	notecache_free(nc);
	/* Written beside and renamed into place: a new file. */
	assert_int_equal(stat(path, &after), 0);
	assert_true(before.st_ino != after.st_ino);
	nc = notecache_open(&repo);
	assert_int_equal(S_check_all(nc), corpus_nr);
	notecache_free(nc);
	free(path);
}

/*
 * Four processes open the same file, each puts an overlapping part of the
 * corpus and flushes: every note is then found once, and no blob has two
 * records (a writer skips those another appended since it opened).
 */
static void test_concurrent_writers(void **state)
{
	char *path = S_file();
	struct notecache *nc;
	size_t i, total = 0;
	int k, status;
	pid_t pids[4];

	(void)state;
	S_remove_file();
	for (k = 0; k < 4; k++) {
		pids[k] = fork();
		assert_true(pids[k] >= 0);
		if (!pids[k]) {
			nc = notecache_open(&repo);
			for (i = 0; i < corpus_nr; i++)
				if ((i + (size_t)k) % 4 != 0)
					notecache_put(nc, &corpus[i].oid,
						      corpus[i].note);
			notecache_free(nc);
			_exit(0); /* no cmocka, no leak check in a child */
		}
	}
	for (k = 0; k < 4; k++) {
		assert_int_equal(waitpid(pids[k], &status, 0), pids[k]);
		assert_true(WIFEXITED(status) && !WEXITSTATUS(status));
	}
	nc = notecache_open(&repo);
	assert_int_equal(S_check_all(nc), corpus_nr);
	notecache_free(nc);
	/* No duplicates: the file is no bigger than one writer's of all. */
	{
		struct strbuf sb = STRBUF_INIT;

		for (i = 0; i < corpus_nr; i++) {
			notecache_encode(&sb, corpus[i].note);
			total += 4 + GIT_OID_RAWSZ + 4 + 8;
		}
		total += sb.len + 16;
		strbuf_release(&sb);
	}
	assert_int_equal(S_size(path), total);
	free(path);
}

/* Random bytes flipped anywhere: every lookup misses or is equal. */
static void test_fuzz_flips(void **state)
{
	char *path = S_file();
	char *good = xstrfmt("%s/good", tmpdir);
	char *cmd = xstrfmt("cp '%s' '%s'", path, good);
	char *back = xstrfmt("cp '%s' '%s'", good, path);
	uint64_t seed = 0x2545f4914f6cdd1dULL;
	size_t size, round, misses = 0;

	(void)state;
	S_fill();
	size = S_size(path);
	assert_int_equal(system(cmd), 0);
	for (round = 0; round < 60; round++) {
		struct notecache *nc;
		int k, flips = 1 + (int)(round % 5);

		assert_int_equal(system(back), 0);
		for (k = 0; k < flips; k++) {
			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			S_edit(path, (size_t)(seed % size),
			       (unsigned char)(1 + (seed >> 32) % 255));
		}
		if (round % 10 == 9) /* and cut short, too */
			assert_int_equal(truncate(path, (off_t)(seed % size)),
					 0);
		nc = notecache_open(&repo);
		misses += corpus_nr - S_check_all(nc);
		notecache_free(nc);
	}
	/* The flips did hit records. */
	assert_true(misses > 0);
	free(path);
	free(good);
	free(cmd);
	free(back);
}

/* GIT_THESIS_NO_CACHE, the debug walk and thesis.cache false: no cache. */
static void test_switches(void **state)
{
	git_config *cfg = NULL;

	(void)state;
	setenv("GIT_THESIS_NO_CACHE", "1", 1);
	assert_null(notecache_open(&repo));
	unsetenv("GIT_THESIS_NO_CACHE");
	setenv("GIT_THESIS_DEBUG_FULL", "1", 1);
	assert_null(notecache_open(&repo));
	unsetenv("GIT_THESIS_DEBUG_FULL");
	assert_int_equal(git_repository_config(&cfg, repo.repo), 0);
	assert_int_equal(git_config_set_bool(cfg, "thesis.cache", 0), 0);
	git_config_free(repo.config);
	assert_int_equal(git_config_snapshot(&repo.config, cfg), 0);
	assert_null(notecache_open(&repo));
	assert_int_equal(git_config_delete_entry(cfg, "thesis.cache"), 0);
	git_config_free(repo.config);
	assert_int_equal(git_config_snapshot(&repo.config, cfg), 0);
	git_config_free(cfg);
	notecache_free(NULL);
	{
		struct notecache *nc = notecache_open(&repo);

		assert_non_null(nc);
		notecache_free(nc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_bytes_alone),
		cmocka_unit_test(test_file_round_trip),
		cmocka_unit_test(test_only_whole_notes),
		cmocka_unit_test(test_damaged_record),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_wrong_contract),
		cmocka_unit_test(test_concurrent_writers),
		cmocka_unit_test(test_fuzz_flips),
		cmocka_unit_test(test_switches),
	};

	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
