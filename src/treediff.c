#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <git2/sys/hashsig.h>

#include "treediff.h"
#include "note.h"
#include "strbuf.h"
#include "strmap.h"
#include "util.h"

void tree_changes_release(struct tree_changes *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++) {
		free(c->v[i].old_path);
		free(c->v[i].new_path);
	}
	free(c->v);
	c->v = NULL;
	c->nr = c->alloc = 0;
}

static void S_push(struct tree_changes *out, enum tree_change_status st,
		   const char *old_path, const char *new_path,
		   const git_oid *old_oid, const git_oid *new_oid)
{
	struct tree_change *c;

	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	c = &out->v[out->nr++];
	memset(c, 0, sizeof(*c));
	c->status = st;
	c->old_path = xstrdup_or_null(old_path);
	c->new_path = xstrdup_or_null(new_path);
	if (old_oid)
		git_oid_cpy(&c->old_oid, old_oid);
	if (new_oid)
		git_oid_cpy(&c->new_oid, new_oid);
}

static int S_is_tree(const git_tree_entry *e)
{
	return git_tree_entry_filemode(e) == GIT_FILEMODE_TREE;
}

static int S_is_note(const git_tree_entry *e)
{
	git_filemode_t mode = git_tree_entry_filemode(e);

	return (mode == GIT_FILEMODE_BLOB ||
		mode == GIT_FILEMODE_BLOB_EXECUTABLE) &&
	       ends_with_icase(git_tree_entry_name(e), ".md");
}

/* Entries that can hold notes; dot names never do. */
static int S_relevant(const git_tree_entry *e)
{
	return e && git_tree_entry_name(e)[0] != '.' &&
	       (S_is_tree(e) || S_is_note(e));
}

/* git's order of tree entries: a tree sorts as if its name ended in '/'. */
static int S_entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *na = git_tree_entry_name(a), *nb = git_tree_entry_name(b);
	size_t la = strlen(na), lb = strlen(nb), n = la < lb ? la : lb;
	int c = memcmp(na, nb, n);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = la > n ? (unsigned char)na[n] : S_is_tree(a) ? '/' : 0;
	cb = lb > n ? (unsigned char)nb[n] : S_is_tree(b) ? '/' : 0;
	return ca - cb;
}

static int S_walk(struct tree_changes *out, git_repository *repo,
		  const git_tree *a, const git_tree *b, struct strbuf *path);

/* Everything under one side's entry, as added or deleted. */
static int S_one_side(struct tree_changes *out, git_repository *repo,
		      const git_tree_entry *e, int added, struct strbuf *path)
{
	git_tree *t = NULL;
	int err;

	if (!S_is_tree(e)) {
		if (added)
			S_push(out, CHANGE_ADDED, NULL, path->buf, NULL,
			       git_tree_entry_id(e));
		else
			S_push(out, CHANGE_DELETED, path->buf, NULL,
			       git_tree_entry_id(e), NULL);
		return 0;
	}
	if (git_tree_lookup(&t, repo, git_tree_entry_id(e)) < 0)
		return error_set_git("%s: cannot read folder", path->buf);
	err = added ? S_walk(out, repo, NULL, t, path)
		    : S_walk(out, repo, t, NULL, path);
	git_tree_free(t);
	return err;
}

static int S_both(struct tree_changes *out, git_repository *repo,
		  const git_tree_entry *ea, const git_tree_entry *eb,
		  struct strbuf *path)
{
	git_tree *ta = NULL, *tb = NULL;
	int err;

	if (!git_oid_cmp(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
	    git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
		return 0;
	if (!S_is_tree(ea)) {
		S_push(out, CHANGE_MODIFIED, path->buf, path->buf,
		       git_tree_entry_id(ea), git_tree_entry_id(eb));
		return 0;
	}
	if (git_tree_lookup(&ta, repo, git_tree_entry_id(ea)) < 0 ||
	    git_tree_lookup(&tb, repo, git_tree_entry_id(eb)) < 0) {
		git_tree_free(ta);
		return error_set_git("%s: cannot read folder", path->buf);
	}
	err = S_walk(out, repo, ta, tb, path);
	git_tree_free(ta);
	git_tree_free(tb);
	return err;
}

static int S_walk(struct tree_changes *out, git_repository *repo,
		  const git_tree *a, const git_tree *b, struct strbuf *path)
{
	size_t na = a ? git_tree_entrycount(a) : 0;
	size_t nb = b ? git_tree_entrycount(b) : 0;
	size_t i = 0, j = 0, base = path->len;
	int err = 0;

	while (!err && (i < na || j < nb)) {
		const git_tree_entry *ea =
			i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *eb =
			j < nb ? git_tree_entry_byindex(b, j) : NULL;
		int c;

		/*
		 * Most entries are the same on both sides: an equal id and
		 * mode under an equal name settles it before anything else
		 * is looked at.
		 */
		if (ea && eb &&
		    !git_oid_cmp(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
		    git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb) &&
		    !strcmp(git_tree_entry_name(ea), git_tree_entry_name(eb))) {
			i++;
			j++;
			continue;
		}
		if (ea && !S_relevant(ea)) {
			i++;
			continue;
		}
		if (eb && !S_relevant(eb)) {
			j++;
			continue;
		}
		c = !ea ? 1 : !eb ? -1 : S_entry_cmp(ea, eb);
		strbuf_setlen(path, base);
		if (base)
			strbuf_addch(path, '/');
		strbuf_addstr(path, git_tree_entry_name(c <= 0 ? ea : eb));
		if (c < 0) {
			err = S_one_side(out, repo, ea, 0, path);
			i++;
		} else if (c > 0) {
			err = S_one_side(out, repo, eb, 1, path);
			j++;
		} else {
			/* A note that became a folder (or back) is two changes. */
			if (S_is_tree(ea) != S_is_tree(eb)) {
				err = S_one_side(out, repo, ea, 0, path);
				if (!err)
					err = S_one_side(out, repo, eb, 1, path);
			} else {
				err = S_both(out, repo, ea, eb, path);
			}
			i++;
			j++;
		}
	}
	strbuf_setlen(path, base);
	return err;
}

static int S_vault_tree(git_tree **out, git_repository *repo,
			const git_tree *root, const char *vault)
{
	git_tree_entry *e = NULL;
	int err = 0;

	*out = NULL;
	if (!root)
		return 0;
	if (!*vault)
		return git_tree_dup(out, (git_tree *)root);
	if (git_tree_entry_bypath(&e, root, vault) < 0) {
		git_error_clear();
		return 0;
	}
	if (S_is_tree(e))
		err = git_tree_lookup(out, repo, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return err < 0 ? error_set_git("cannot read vault folder '%s'", vault) : 0;
}

int treediff_vault_unchanged(const git_tree *old_tree, const git_tree *new_tree,
			     const char *vault)
{
	git_tree_entry *a = NULL, *b = NULL;
	int same;

	if (!old_tree || !new_tree)
		return old_tree == new_tree;
	if (!*vault)
		return !git_oid_cmp(git_tree_id(old_tree), git_tree_id(new_tree));
	if (git_tree_entry_bypath(&a, old_tree, vault) < 0)
		a = NULL;
	if (git_tree_entry_bypath(&b, new_tree, vault) < 0)
		b = NULL;
	git_error_clear();
	same = (!a && !b) ||
	       (a && b && !git_oid_cmp(git_tree_entry_id(a),
				       git_tree_entry_id(b)));
	git_tree_entry_free(a);
	git_tree_entry_free(b);
	return same;
}

/* Turns a deletion `d` and an addition `a` into one rename in `d`. */
static void S_pair(struct tree_change *d, struct tree_change *a, int sim)
{
	d->status = CHANGE_RENAMED;
	d->new_path = a->new_path;
	git_oid_cpy(&d->new_oid, &a->new_oid);
	d->similarity = sim;
	a->new_path = NULL;
	a->status = 0; /* dropped below */
}

static git_hashsig *S_sig(git_repository *repo, const git_oid *oid)
{
	git_blob *blob = NULL;
	git_hashsig *sig = NULL;

	if (git_blob_lookup(&blob, repo, oid) < 0) {
		git_error_clear();
		return NULL;
	}
	if (git_hashsig_create(&sig, git_blob_rawcontent(blob),
			       (size_t)git_blob_rawsize(blob),
			       GIT_HASHSIG_ALLOW_SMALL_FILES |
				       GIT_HASHSIG_SMART_WHITESPACE) < 0) {
		git_error_clear();
		sig = NULL;
	}
	git_blob_free(blob);
	return sig;
}

static void S_find_renames(struct tree_changes *out, git_repository *repo)
{
	struct strmap deleted = STRMAP_INIT;
	size_t i, j, nd = 0, na = 0, k;
	struct tree_change **dels = NULL, **adds = NULL;
	git_hashsig **dsig = NULL, **asig = NULL;

	for (i = 0; i < out->nr; i++) {
		if (out->v[i].status == CHANGE_DELETED)
			nd++;
		else if (out->v[i].status == CHANGE_ADDED)
			na++;
	}
	if (!nd || !na)
		return;
	/* Identical blobs first: free to find. */
	for (i = 0; i < out->nr; i++) {
		char hex[GIT_OID_HEXSZ + 1];

		if (out->v[i].status != CHANGE_DELETED)
			continue;
		git_oid_tostr(hex, sizeof(hex), &out->v[i].old_oid);
		if (!strmap_contains(&deleted, hex))
			strmap_put(&deleted, hex, &out->v[i]);
	}
	for (i = 0; i < out->nr; i++) {
		char hex[GIT_OID_HEXSZ + 1];
		struct tree_change *d;

		if (out->v[i].status != CHANGE_ADDED)
			continue;
		git_oid_tostr(hex, sizeof(hex), &out->v[i].new_oid);
		d = strmap_get(&deleted, hex);
		if (d && d->status == CHANGE_DELETED) {
			S_pair(d, &out->v[i], 100);
			strmap_remove(&deleted, hex);
		}
	}
	strmap_release(&deleted);

	dels = xcalloc(out->nr, sizeof(*dels));
	adds = xcalloc(out->nr, sizeof(*adds));
	for (i = nd = na = 0; i < out->nr; i++) {
		if (out->v[i].status == CHANGE_DELETED)
			dels[nd++] = &out->v[i];
		else if (out->v[i].status == CHANGE_ADDED)
			adds[na++] = &out->v[i];
	}
	if (nd && na && nd * na <= TREEDIFF_RENAME_LIMIT) {
		dsig = xcalloc(nd, sizeof(*dsig));
		asig = xcalloc(na, sizeof(*asig));
		for (i = 0; i < nd; i++)
			dsig[i] = S_sig(repo, &dels[i]->old_oid);
		for (j = 0; j < na; j++)
			asig[j] = S_sig(repo, &adds[j]->new_oid);
		/* Greedy: each deletion takes its most similar addition. */
		for (i = 0; i < nd; i++) {
			int best = -1, best_sim = 49;

			for (j = 0; dsig[i] && j < na; j++) {
				int sim;

				if (!asig[j] || adds[j]->status != CHANGE_ADDED)
					continue;
				sim = git_hashsig_compare(dsig[i], asig[j]);
				if (sim > best_sim) {
					best_sim = sim;
					best = (int)j;
				}
			}
			if (best >= 0)
				S_pair(dels[i], adds[best], best_sim);
		}
		for (i = 0; i < nd; i++)
			git_hashsig_free(dsig[i]);
		for (j = 0; j < na; j++)
			git_hashsig_free(asig[j]);
	}
	free(dsig);
	free(asig);
	free(dels);
	free(adds);
	/* Drop the additions that became renames. */
	for (i = k = 0; i < out->nr; i++) {
		if (!out->v[i].status) {
			free(out->v[i].old_path);
			free(out->v[i].new_path);
			continue;
		}
		out->v[k++] = out->v[i];
	}
	out->nr = k;
}

/* Drops the changes of excluded files, before renames pair them. */
static void S_drop_excluded(struct tree_changes *out, const char *vault,
			    const struct exclude_list *exclude)
{
	size_t i, k;

	if (!exclude || !exclude->nr)
		return;
	for (i = k = 0; i < out->nr; i++) {
		struct tree_change *c = &out->v[i];
		const char *path = c->new_path ? c->new_path : c->old_path;

		if (!note_path_is_note(path, vault, exclude)) {
			free(c->old_path);
			free(c->new_path);
			continue;
		}
		out->v[k++] = *c;
	}
	out->nr = k;
}

int treediff_vault(struct tree_changes *out, git_repository *repo,
		   const git_tree *old_tree, const git_tree *new_tree,
		   const char *vault, const struct exclude_list *exclude)
{
	git_tree *a = NULL, *b = NULL;
	struct strbuf path = STRBUF_INIT;
	int err;

	if (S_vault_tree(&a, repo, old_tree, vault) < 0 ||
	    S_vault_tree(&b, repo, new_tree, vault) < 0) {
		git_tree_free(a);
		return -1;
	}
	strbuf_addstr(&path, vault);
	if (a && b && !git_oid_cmp(git_tree_id(a), git_tree_id(b)))
		err = 0;
	else
		err = S_walk(out, repo, a, b, &path);
	if (!err) {
		S_drop_excluded(out, vault, exclude);
		S_find_renames(out, repo);
	}
	strbuf_release(&path);
	git_tree_free(a);
	git_tree_free(b);
	return err;
}

struct path_oid {
	char *path;
	git_oid oid;
};

static int S_cmp_path_oid(const void *a, const void *b)
{
	return strcmp(((const struct path_oid *)a)->path,
		      ((const struct path_oid *)b)->path);
}

static int S_list(struct path_oid **list, size_t *nr, size_t *alloc,
		  git_repository *repo, const git_tree *tree,
		  struct strbuf *path)
{
	size_t i, n = git_tree_entrycount(tree), base = path->len;
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);

		if (!S_relevant(e))
			continue;
		strbuf_setlen(path, base);
		if (base)
			strbuf_addch(path, '/');
		strbuf_addstr(path, git_tree_entry_name(e));
		if (S_is_tree(e)) {
			git_tree *sub = NULL;

			if (git_tree_lookup(&sub, repo, git_tree_entry_id(e)) < 0)
				return error_set_git("%s: cannot read folder",
						 path->buf);
			err = S_list(list, nr, alloc, repo, sub, path);
			git_tree_free(sub);
		} else {
			ALLOC_GROW(*list, *nr + 1, *alloc);
			(*list)[*nr].path = xstrdup(path->buf);
			git_oid_cpy(&(*list)[*nr].oid, git_tree_entry_id(e));
			(*nr)++;
		}
	}
	strbuf_setlen(path, base);
	return err;
}

int treediff_vault_index(struct tree_changes *out, git_repository *repo,
			 const git_tree *tree, git_index *index,
			 const char *vault, const struct exclude_list *exclude)
{
	struct path_oid *list = NULL;
	size_t nr = 0, alloc = 0, i = 0, j = 0, n = git_index_entrycount(index);
	struct strbuf path = STRBUF_INIT;
	git_tree *vt = NULL;
	int err = 0;

	if (S_vault_tree(&vt, repo, tree, vault) < 0)
		return -1;
	strbuf_addstr(&path, vault);
	if (vt)
		err = S_list(&list, &nr, &alloc, repo, vt, &path);
	git_tree_free(vt);
	strbuf_release(&path);
	QSORT(list, nr, S_cmp_path_oid);
	while (!err && (i < nr || j < n)) {
		const git_index_entry *e = j < n ? git_index_get_byindex(index, j)
						 : NULL;
		int c;

		if (e && (git_index_entry_stage(e) != 0 ||
			  (e->mode != GIT_FILEMODE_BLOB &&
			   e->mode != GIT_FILEMODE_BLOB_EXECUTABLE) ||
			  !note_path_is_note(e->path, vault, exclude))) {
			j++;
			continue;
		}
		c = i >= nr ? 1 : !e ? -1 : strcmp(list[i].path, e->path);
		if (c < 0) {
			S_push(out, CHANGE_DELETED, list[i].path, NULL,
			       &list[i].oid, NULL);
			i++;
		} else if (c > 0) {
			S_push(out, CHANGE_ADDED, NULL, e->path, NULL, &e->id); /* NOLINT(clang-analyzer-core.NullDereference) */
			j++;
		} else {
			if (git_oid_cmp(&list[i].oid, &e->id))
				S_push(out, CHANGE_MODIFIED, e->path, e->path,
				       &list[i].oid, &e->id);
			i++;
			j++;
		}
	}
	for (i = 0; i < nr; i++)
		free(list[i].path);
	free(list);
	if (!err) {
		S_drop_excluded(out, vault, exclude);
		S_find_renames(out, repo);
	}
	return err;
}
