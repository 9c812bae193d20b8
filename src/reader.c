#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "reader.h"
#include "note.h"
#include "notecache.h"
#include "strbuf.h"
#include "util.h"

void reader_init(struct reader *r, struct thesis_repo *repo)
{
	memset(r, 0, sizeof(*r));
	r->repo = repo;
	strvec_init(&r->warnings);
}

void reader_release(struct reader *r)
{
	struct strmap_iter it;
	struct strmap_entry *e;
	struct oidmap_slot *slot;
	size_t i = 0;

	strvec_release(&r->warnings);
	while ((slot = oidmap_next(&r->cache, &i))) {
		struct reader_entry *re = slot->value;

		note_free(re->note);
		free(re);
	}
	oidmap_release(&r->cache);
	for (e = NULL; (e = strmap_next(&r->carry, &it, e));)
		free(e->value);
	strmap_release(&r->carry);
	r->idle_first = r->idle_last = NULL;
	r->idle_nr = r->live = 0;
	notecache_free(r->notes); /* writes what this run parsed */
	r->notes = NULL;
	r->notes_tried = 0;
}

/* Takes `re` off the idle list. */
static void S_idle_unlink(struct reader *r, struct reader_entry *re)
{
	if (!re->idle)
		return;
	if (re->idle_prev)
		re->idle_prev->idle_next = re->idle_next;
	else
		r->idle_first = re->idle_next;
	if (re->idle_next)
		re->idle_next->idle_prev = re->idle_prev;
	else
		r->idle_last = re->idle_prev;
	re->idle_prev = re->idle_next = NULL;
	re->idle = 0;
	r->idle_nr--;
}

void reader_ref(struct reader *r, const git_oid *oid)
{
	struct reader_entry *re = oidmap_get(&r->cache, oid);

	if (!re)
		return;
	if (!re->refs++) {
		S_idle_unlink(r, re);
		r->live++;
	}
}

/* Frees the least recently used idle note. */
static void S_evict_one(struct reader *r)
{
	struct reader_entry *re = r->idle_first;

	S_idle_unlink(r, re);
	oidmap_remove(&r->cache, &re->key);
	note_free(re->note);
	free(re);
}

void reader_unref(struct reader *r, const git_oid *oid)
{
	struct reader_entry *re = oidmap_get(&r->cache, oid);
	size_t max = READER_IDLE_PER_LIVE * r->live;

	if (!re || !re->refs || --re->refs)
		return;
	r->live--;
	re->idle = 1;
	re->idle_prev = r->idle_last;
	if (r->idle_last)
		r->idle_last->idle_next = re;
	else
		r->idle_first = re;
	r->idle_last = re;
	r->idle_nr++;
	if (max < READER_IDLE_MIN)
		max = READER_IDLE_MIN;
	while (r->idle_nr > max)
		S_evict_one(r);
}

static void S_record(struct reader *r, const char *path, const git_oid *oid)
{
	if (r->oids)
		free(strmap_put(r->oids, path, xstrdup(git_oid_tostr_s(oid))));
}

/* The persistent cache of parsed notes, opened at the first need. */
static struct notecache *S_notes(struct reader *r)
{
	if (!r->notes_tried) {
		r->notes = notecache_open(r->repo);
		r->notes_tried = 1;
	}
	return r->notes;
}

static void S_cache(struct reader *r, const git_oid *key, struct note *note)
{
	struct reader_entry *re = xcalloc(1, sizeof(*re));

	re->note = note;
	git_oid_cpy(&re->key, key);
	oidmap_put(&r->cache, key, re);
}

static const struct note *S_parse(struct reader *r, const git_oid *key,
				  const char *path, const char *buf,
				  size_t len)
{
	struct note *note = NULL;

	if ((r->lazy ? note_parse_lazy : note_parse)(&note, path, buf, len) < 0)
		return NULL;
	r->parsed++;
	if (len > NOTE_MAX_SIZE) {
		r->oversized++;
		strvec_push_nodup(&r->warnings,
				  xstrfmt("%s: note is larger than 1 MiB; "
					  "skipped",
					  path));
	} else if (!note->lazy) {
		/*
		 * Remembered for the next run: only a note parsed whole (a
		 * lazy one's body is missing), and not an oversized one,
		 * whose warning needs its size.
		 */
		notecache_put(S_notes(r), key, note);
	}
	S_cache(r, key, note);
	return note;
}

const struct note *reader_note(struct reader *r, const git_oid *oid,
			       const char *path)
{
	struct reader_entry *re = oidmap_get(&r->cache, oid);
	const struct note *note;
	git_blob *blob = NULL;

	if (re)
		return re->note;
	{
		struct note *known;

		/* Parsed by an earlier run: the blob is not even read. */
		if (notecache_get(&known, S_notes(r), oid, path)) {
			S_cache(r, oid, known);
			return known;
		}
	}
	if (git_blob_lookup(&blob, r->repo->repo, oid) < 0) {
		r->missing++;
		strvec_push_nodup(
			&r->warnings,
			xstrfmt("%s: cannot read object %s (%s); skipped", path,
				git_oid_tostr_s(oid),
				git_error_last() ? git_error_last()->message
						 : "missing"));
		git_error_clear();
		return NULL;
	}
	note = S_parse(r, oid, path, git_blob_rawcontent(blob),
		       (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return note;
}

/* The blob at `path` in `commit`'s tree, if a regular file. */
static int S_blob_at(git_oid *out, const git_commit *commit, const char *path)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	int found = 0;

	if (git_commit_tree(&tree, commit) == 0 &&
	    git_tree_entry_bypath(&e, tree, path) == 0 &&
	    (git_tree_entry_filemode(e) == GIT_FILEMODE_BLOB ||
	     git_tree_entry_filemode(e) == GIT_FILEMODE_BLOB_EXECUTABLE)) {
		git_oid_cpy(out, git_tree_entry_id(e));
		found = 1;
	}
	git_error_clear();
	git_tree_entry_free(e);
	git_tree_free(tree);
	return found;
}

int reader_carried(git_oid *out, struct reader *r, const git_oid *line,
		   const char *path)
{
	struct strvec seen = STRVEC_INIT;
	git_oid cur, blob;
	const char *memo = NULL;
	int found = 0;
	size_t i;

	if (!line)
		return 0;
	git_oid_cpy(&cur, line);
	for (;;) {
		git_commit *c = NULL;
		const struct note *note;
		char *key = xstrfmt("%s:%s", git_oid_tostr_s(&cur), path);

		memo = strmap_get(&r->carry, key);
		if (memo) {
			free(key);
			found = *memo && !git_oid_fromstr(&blob, memo);
			break;
		}
		strvec_push_nodup(&seen, key);
		if (git_commit_lookup(&c, r->repo->repo, &cur) < 0) {
			git_error_clear();
			break;
		}
		if (!S_blob_at(&blob, c, path) ||
		    !(note = reader_note(r, &blob, path))) {
			git_commit_free(c);
			break;
		}
		if (!note->broken) {
			found = 1;
			git_commit_free(c);
			break;
		}
		if (!git_commit_parentcount(c)) {
			git_commit_free(c);
			break;
		}
		git_oid_cpy(&cur, git_commit_parent_id(c, 0));
		git_commit_free(c);
	}
	for (i = 0; i < seen.nr; i++)
		free(strmap_put(&r->carry, seen.v[i],
				xstrdup(found ? git_oid_tostr_s(&blob) : "")));
	strvec_release(&seen);
	if (found)
		git_oid_cpy(out, &blob);
	return found;
}

const struct note *reader_note_at(struct reader *r, git_oid *key_out,
				  const git_oid *oid, const char *path,
				  const git_oid *line)
{
	const struct note *note = reader_note(r, oid, path), *carried = NULL;
	struct strbuf id = STRBUF_INIT;
	struct reader_entry *re;
	struct note *made;
	git_oid from;
	int have;

	git_oid_cpy(key_out, oid);
	if (!note || !note->broken)
		return note;
	have = reader_carried(&from, r, line, path);
	if (have)
		carried = reader_note(r, &from, path);
	/* An id no blob has: what the carried note is made of. */
	strbuf_addf(&id, "git-thesis carried note\n%s\n", git_oid_tostr_s(oid));
	strbuf_addstr(&id, carried ? git_oid_tostr_s(&from) : "none");
	if (git_odb_hash(key_out, id.buf, id.len, GIT_OBJECT_BLOB) < 0) {
		strbuf_release(&id);
		git_error_clear();
		git_oid_cpy(key_out, oid);
		return note;
	}
	strbuf_release(&id);
	re = oidmap_get(&r->cache, key_out);
	if (re)
		return re->note;
	note_carry(&made, note, carried);
	re = xcalloc(1, sizeof(*re));
	re->note = made;
	git_oid_cpy(&re->key, key_out);
	oidmap_put(&r->cache, key_out, re);
	return made;
}

static int S_is_note_entry(const git_tree_entry *e)
{
	git_filemode_t mode = git_tree_entry_filemode(e);
	const char *name = git_tree_entry_name(e);

	return (mode == GIT_FILEMODE_BLOB ||
		mode == GIT_FILEMODE_BLOB_EXECUTABLE) &&
	       name[0] != '.' && ends_with_icase(name, ".md");
}

static int S_walk(struct vault *out, struct reader *r, const git_tree *tree,
		  struct strbuf *path)
{
	size_t i, n = git_tree_entrycount(tree), base = path->len;
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(e);

		if (name[0] == '.')
			continue;
		strbuf_setlen(path, base);
		if (base)
			strbuf_addch(path, '/');
		strbuf_addstr(path, name);
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			git_tree *sub = NULL;

			if (git_tree_lookup(&sub, r->repo->repo,
					    git_tree_entry_id(e)) < 0) {
				r->missing++;
				strvec_push_nodup(&r->warnings,
						  xstrfmt("%s: cannot read "
							  "folder; skipped",
							  path->buf));
				git_error_clear();
				continue;
			}
			err = S_walk(out, r, sub, path);
			git_tree_free(sub);
		} else if (S_is_note_entry(e) &&
			   note_path_is_note(path->buf, r->repo->vault,
					     &r->repo->exclude)) {
			git_oid key;
			const struct note *note =
				reader_note_at(r, &key, git_tree_entry_id(e),
					       path->buf, r->line);

			if (note) {
				vault_set_note(out, path->buf, note);
				S_record(r, path->buf, git_tree_entry_id(e));
			}
		}
	}
	strbuf_setlen(path, base);
	return err;
}

int reader_load_tree(struct vault *out, struct reader *r,
		     const git_tree *tree)
{
	struct strbuf path = STRBUF_INIT;
	git_tree *vt = NULL;
	int err;

	if (repo_vault_tree(&vt, r->repo, tree) < 0)
		return -1;
	if (!vt)
		return 0;
	strbuf_addstr(&path, r->repo->vault);
	err = S_walk(out, r, vt, &path);
	git_tree_free(vt);
	strbuf_release(&path);
	return err;
}

int reader_load_index(struct vault *out, struct reader *r)
{
	git_index *index = NULL;
	size_t i, n;

	if (git_repository_index(&index, r->repo->repo) < 0)
		return error_set_git("cannot read the index");
	n = git_index_entrycount(index);
	for (i = 0; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(index, i);
		const struct note *note;
		git_oid key;

		if (git_index_entry_stage(e) != 0)
			continue;
		if (e->mode != GIT_FILEMODE_BLOB &&
		    e->mode != GIT_FILEMODE_BLOB_EXECUTABLE)
			continue;
		if (!note_path_is_note(e->path, r->repo->vault,
				       &r->repo->exclude))
			continue;
		note = reader_note_at(r, &key, &e->id, e->path, r->line);
		if (note) {
			vault_set_note(out, e->path, note);
			S_record(r, e->path, &e->id);
		}
	}
	git_index_free(index);
	return 0;
}

static int S_walk_dir(struct vault *out, struct reader *r, struct strbuf *abs,
		      struct strbuf *rel)
{
	DIR *dir = opendir(abs->buf);
	struct dirent *de;
	size_t abase = abs->len, rbase = rel->len;

	if (!dir)
		return 0;
	while ((de = readdir(dir))) {
		struct stat st;
		int ignored = 0;

		if (de->d_name[0] == '.')
			continue;
		strbuf_setlen(abs, abase);
		strbuf_setlen(rel, rbase);
		strbuf_addf(abs, "/%s", de->d_name);
		if (rbase)
			strbuf_addch(rel, '/');
		strbuf_addstr(rel, de->d_name);
		if (lstat(abs->buf, &st) < 0)
			continue;
		if (git_ignore_path_is_ignored(&ignored, r->repo->repo,
					       rel->buf) == 0 && ignored)
			continue;
		if (S_ISDIR(st.st_mode)) {
			S_walk_dir(out, r, abs, rel);
		} else if (S_ISREG(st.st_mode) &&
			   note_path_is_note(rel->buf, r->repo->vault,
					     &r->repo->exclude) &&
			   (!r->tracked ||
			    git_index_get_bypath(r->tracked, rel->buf, 0))) {
			struct strbuf content = STRBUF_INIT;
			const struct note *note = NULL;
			git_oid oid;

			/* Enough to know it is oversized; the rest is not read. */
			if (strbuf_read_file(&content, abs->buf,
					     NOTE_MAX_SIZE) < 0) {
				strvec_push_nodup(&r->warnings,
						  xstrfmt("%s: %s; skipped",
							  rel->buf,
							  strerror(errno)));
			} else if (git_odb_hash(&oid, content.buf, content.len,
						GIT_OBJECT_BLOB) == 0) {
				/* Keyed like a blob: the same content parses
				 * once, staged or not. */
				struct reader_entry *re =
					oidmap_get(&r->cache, &oid);

				note = re ? re->note : NULL;
				if (!note)
					note = S_parse(r, &oid, rel->buf,
						       content.buf,
						       content.len);
				/* Cached now: this finds it, carried. */
				if (note && note->broken)
					note = reader_note_at(r, &oid, &oid,
							      rel->buf,
							      r->line);
				S_record(r, rel->buf, &oid);
			}
			if (note)
				vault_set_note(out, rel->buf, note);
			strbuf_release(&content);
		}
	}
	closedir(dir);
	strbuf_setlen(abs, abase);
	strbuf_setlen(rel, rbase);
	return 0;
}

int reader_load_worktree(struct vault *out, struct reader *r)
{
	const char *workdir = git_repository_workdir(r->repo->repo);
	struct strbuf abs = STRBUF_INIT, rel = STRBUF_INIT;

	if (!workdir)
		return error_set("--worktree needs a working tree; this "
				 "repository is bare");
	strbuf_addstr(&abs, workdir);
	strbuf_rtrim(&abs);
	while (abs.len > 1 && abs.buf[abs.len - 1] == '/')
		strbuf_setlen(&abs, abs.len - 1);
	if (*r->repo->vault) {
		strbuf_addf(&abs, "/%s", r->repo->vault);
		strbuf_addstr(&rel, r->repo->vault);
	}
	S_walk_dir(out, r, &abs, &rel);
	strbuf_release(&abs);
	strbuf_release(&rel);
	return 0;
}

/*
 * An empty vault read from the index or the working tree: fatal when the
 * vault folder is in neither (a deleted folder is a vault with no notes).
 */
static int S_check_vault_elsewhere(struct reader *r, enum reader_source src)
{
	const char *workdir = git_repository_workdir(r->repo->repo);
	git_index *index = NULL;
	char *prefix, *dir;
	struct stat st;
	size_t pos;
	int found;

	if (!*r->repo->vault)
		return 0;
	prefix = xstrfmt("%s/", r->repo->vault);
	dir = xstrfmt("%s%s", workdir ? workdir : "", r->repo->vault);
	found = (!git_repository_index(&index, r->repo->repo) &&
		 !git_index_find_prefix(&pos, index, prefix)) ||
		(workdir && !stat(dir, &st) && S_ISDIR(st.st_mode));
	git_index_free(index);
	git_error_clear();
	free(prefix);
	free(dir);
	if (found)
		return 0;
	return error_set("vault folder '%s' does not exist in the %s",
			 r->repo->vault,
			 src == READ_INDEX ? "index" : "working tree");
}

int reader_load(struct vault *out, struct reader *r, enum reader_source src,
		const char *rev)
{
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	int err;

	if (src == READ_NONE)
		return 0;
	if (src == READ_INDEX || src == READ_WORKTREE) {
		git_oid head;

		/* The index and work tree carry from HEAD's line. */
		r->line = git_reference_name_to_id(&head, r->repo->repo,
						   "HEAD") == 0
				  ? &head
				  : NULL;
		git_error_clear();
		err = src == READ_INDEX ? reader_load_index(out, r)
					: reader_load_worktree(out, r);
		r->line = NULL;
		if (!err && !out->notes.nr)
			err = S_check_vault_elsewhere(r, src);
		return err;
	}
	if (repo_commit(&commit, r->repo, rev ? rev : "HEAD") < 0)
		return -1;
	r->line = git_commit_id(commit);
	err = git_commit_tree(&tree, commit);
	if (err < 0)
		err = error_set_git("%s: cannot read tree", rev ? rev : "HEAD");
	else
		err = reader_load_tree(out, r, tree);
	if (!err && !out->notes.nr)
		err = repo_check_vault(r->repo, tree, rev ? rev : "HEAD");
	r->line = NULL;
	git_tree_free(tree);
	git_commit_free(commit);
	return err;
}
