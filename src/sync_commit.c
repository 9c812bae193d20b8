/*
 * sync_commit: what sync commits (sync_engine.h).  It finds the vault's
 * changes, refuses files with conflict markers, holds back notes the
 * commit check (check.h) finds errors in, and commits the rest with a
 * subject that says what changed and the trailers the hooks would write.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "events.h"
#include "sync_engine.h"
#include "treediff.h"
#include "util.h"

/* The subject names this many notes or targets, then "+N more". */
#define S_DESCRIBE_MAX 3

void sync_changes_release(struct sync_changes *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		free(c->v[i].path);
	free(c->v);
	c->v = NULL;
	c->nr = c->alloc = 0;
}

const char *sync_in_vault(const struct sync_state *s, const char *path)
{
	const char *vault = s->repo->vault;
	size_t len = strlen(vault);

	if (!len)
		return path;
	if (strncmp(path, vault, len) || path[len] != '/')
		return NULL;
	return path + len + 1;
}

/*
 * Files sync never commits: Obsidian's workspace state, which changes on
 * every click, and thesis.sync.exclude.  A pattern without a `/` matches
 * file names, as in .gitignore; one with a `/` the path in the vault.
 */
static int S_excluded(const struct sync_state *s, const char *rel)
{
	const char *base = strrchr(rel, '/');
	size_t i;

	base = base ? base + 1 : rel;
	if (!fnmatch(".obsidian/workspace*.json", rel, FNM_PATHNAME))
		return 1;
	for (i = 0; i < s->excludes.nr; i++) {
		const char *p = s->excludes.v[i];
		size_t len = strlen(p);

		if (p[0] == '/')
			p++;
		if (len && p[strlen(p) - 1] == '/') {
			/* A folder: everything under it. */
			if (!strncmp(rel, p, strlen(p)))
				return 1;
			continue;
		}
		if (strchr(p, '/') ? !fnmatch(p, rel, FNM_PATHNAME)
				   : !fnmatch(p, base, 0))
			return 1;
	}
	return 0;
}

static int S_cmp_change(const void *a, const void *b)
{
	return strcmp(((const struct sync_change *)a)->path,
		      ((const struct sync_change *)b)->path);
}

int sync_collect(struct sync_changes *out, struct sync_state *s)
{
	git_status_options so = GIT_STATUS_OPTIONS_INIT;
	git_status_list *list = NULL;
	char *spec = xstrdup(s->repo->vault);
	size_t i, n;

	so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
		   GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		   GIT_STATUS_OPT_EXCLUDE_SUBMODULES |
		   GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH;
	if (*spec) {
		so.pathspec.strings = &spec;
		so.pathspec.count = 1;
	}
	if (git_status_list_new(&list, s->r, &so) < 0) {
		free(spec);
		return sync_fail_git(s, "cannot read the status of the vault");
	}
	free(spec);
	n = git_status_list_entrycount(list);
	for (i = 0; i < n; i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const git_diff_delta *d = e->index_to_workdir
						  ? e->index_to_workdir
						  : e->head_to_index;
		const char *path, *rel;
		struct sync_change *c;

		if (!d || (e->status & GIT_STATUS_IGNORED))
			continue;
		path = d->new_file.path ? d->new_file.path : d->old_file.path;
		rel = sync_in_vault(s, path);
		if (!rel || S_excluded(s, rel) || !*path ||
		    path[strlen(path) - 1] == '/')
			continue;
		ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		c = &out->v[out->nr++];
		c->path = xstrdup(path);
		c->removed = (e->status & GIT_STATUS_WT_DELETED) ||
			     ((e->status & GIT_STATUS_INDEX_DELETED) &&
			      !(e->status & GIT_STATUS_WT_NEW));
	}
	git_status_list_free(list);
	QSORT(out->v, out->nr, S_cmp_change);
	return 0;
}

int sync_has_conflict_markers(const char *buf, size_t len)
{
	static const char *const marks[] = {"<<<<<<<", "|||||||", ">>>>>>>"};
	size_t pos = 0, i;

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;

		for (i = 0; i < ARRAY_SIZE(marks); i++)
			if (end - pos >= 7 && !memcmp(buf + pos, marks[i], 7) &&
			    (end - pos == 7 || buf[pos + 7] == ' ' ||
			     buf[pos + 7] == '\r'))
				return 1;
		pos = end + 1;
	}
	return 0;
}

int sync_check_markers(struct sync_state *s, const struct sync_changes *ch)
{
	const char *workdir = git_repository_workdir(s->r);
	size_t i;

	for (i = 0; i < ch->nr; i++) {
		struct strbuf sb = STRBUF_INIT;
		char *path;
		FILE *fp;
		char buf[8192];
		struct stat st;
		size_t n;
		int bad;

		if (ch->v[i].removed)
			continue;
		path = xstrfmt("%s%s", workdir, ch->v[i].path);
		/* Only regular files: a symlink's target may be a FIFO. */
		fp = !lstat(path, &st) && S_ISREG(st.st_mode)
			     ? fopen(path, "rb")
			     : NULL;
		free(path);
		if (!fp)
			continue;
		/* Attachments are binary (a NUL early on, as git decides);
		 * markers are a text thing, so a binary is never read on. */
		n = fread(buf, 1, sizeof(buf), fp);
		bad = !memchr(buf, '\0', n);
		while (bad && n > 0) {
			strbuf_add(&sb, buf, n);
			n = fread(buf, 1, sizeof(buf), fp);
		}
		fclose(fp);
		bad = bad && sync_has_conflict_markers(sb.buf, sb.len);
		strbuf_release(&sb);
		if (bad) {
			struct strbuf why = STRBUF_INIT;

			strbuf_addstr(&why, "'");
			strbuf_add_terminal_safe(&why, ch->v[i].path,
						 strlen(ch->v[i].path));
			strbuf_addstr(&why, "' contains conflict markers; "
					    "resolve it before syncing");
			sync_unsafe(s, why.buf);
			strbuf_release(&why);
			return SYNC_EXIT_UNSAFE;
		}
	}
	return 0;
}

/* ---- trees, signatures ------------------------------------------------- */

static int S_empty_tree(git_tree **out, struct sync_state *s)
{
	git_treebuilder *tb = NULL;
	git_oid oid;
	int err;

	if ((err = git_treebuilder_new(&tb, s->r, NULL)) < 0 ||
	    (err = git_treebuilder_write(&oid, tb)) < 0 ||
	    (err = git_tree_lookup(out, s->r, &oid)) < 0) {
		git_treebuilder_free(tb);
		return sync_fail_git(s, "cannot write the empty tree");
	}
	git_treebuilder_free(tb);
	return 0;
}

int sync_branch_tip(git_oid *out, struct sync_state *s)
{
	if (!git_reference_name_to_id(out, s->r, s->branch_ref))
		return 0;
	git_error_clear();
	memset(out, 0, sizeof(*out));
	return 1;
}

int sync_tree_of(git_tree **out, struct sync_state *s, const git_oid *commit)
{
	git_commit *c = NULL;
	int err;

	if (!commit)
		return S_empty_tree(out, s);
	if ((err = git_commit_lookup(&c, s->r, commit)) < 0 ||
	    (err = git_commit_tree(out, c)) < 0) {
		git_commit_free(c);
		return sync_fail_git(s, "cannot read commit %s",
				     git_oid_tostr_s(commit));
	}
	git_commit_free(c);
	return 0;
}

/*
 * A signature from GIT_<WHO>_NAME/EMAIL/DATE, else user.name/email and
 * now, as git commit makes it.  Only git's raw date forms are read from
 * the environment (`@<seconds> [+hhmm]`, `<seconds> +hhmm`).
 */
int sync_signature(git_signature **out, struct sync_state *s, const char *who)
{
	git_signature *def = NULL;
	char key[32];
	const char *name, *email, *date;
	int ret;

	snprintf(key, sizeof(key), "GIT_%s_NAME", who);
	name = getenv(key);
	snprintf(key, sizeof(key), "GIT_%s_EMAIL", who);
	email = getenv(key);
	snprintf(key, sizeof(key), "GIT_%s_DATE", who);
	date = getenv(key);
	if ((!name || !email) && git_signature_default(&def, s->r) < 0)
		return sync_fail_git(s, "cannot tell who commits: set "
					"user.name and user.email");
	if (!name)
		name = def->name;
	if (!email)
		email = def->email;
	if (date) {
		const char *p = date + (*date == '@');
		char *end;
		long long t = strtoll(p, &end, 10);
		int off = 0;

		if (end != p && (!*end || *end == ' ')) {
			while (*end == ' ')
				end++;
			if ((*end == '+' || *end == '-') && strlen(end) == 5) {
				long hm = strtol(end + 1, NULL, 10);

				off = (int)(hm / 100 * 60 + hm % 100);
				if (*end == '-')
					off = -off;
			}
			ret = git_signature_new(out, name, email, (git_time_t)t,
						off);
			goto done;
		}
	}
	ret = git_signature_now(out, name, email);
done:
	git_signature_free(def);
	if (ret < 0)
		return sync_fail_git(s, "cannot make a signature");
	return 0;
}

static int S_cmp_update(const void *a, const void *b)
{
	return strcmp(((const git_tree_update *)a)->path,
		      ((const git_tree_update *)b)->path);
}

int sync_would_tree(git_oid *out, struct sync_state *s,
		    const struct sync_changes *ch, const git_oid *head)
{
	git_tree *base = NULL;
	git_tree_update *u = xcalloc(ch->nr ? ch->nr : 1, sizeof(*u));
	size_t i, n = 0;
	int ret = -1;

	if (sync_tree_of(&base, s, head) < 0)
		goto done;
	for (i = 0; i < ch->nr; i++) {
		git_tree_entry *te = NULL;
		struct stat st;
		char *full = xstrfmt("%s%s", git_repository_workdir(s->r),
				     ch->v[i].path);
		int exists = !lstat(full, &st);

		free(full);
		if (ch->v[i].removed || !exists) {
			if (git_tree_entry_bypath(&te, base, ch->v[i].path)) {
				git_error_clear();
				continue;
			}
			git_tree_entry_free(te);
			u[n].action = GIT_TREE_UPDATE_REMOVE;
		} else {
			if (git_blob_create_from_workdir(&u[n].id, s->r,
							 ch->v[i].path) < 0) {
				sync_fail_git(s, "cannot read '%s'",
					      ch->v[i].path);
				goto done;
			}
			u[n].action = GIT_TREE_UPDATE_UPSERT;
			u[n].filemode = S_ISLNK(st.st_mode) ? GIT_FILEMODE_LINK
					: (st.st_mode & 0111)
						? GIT_FILEMODE_BLOB_EXECUTABLE
						: GIT_FILEMODE_BLOB;
		}
		u[n++].path = ch->v[i].path;
	}
	QSORT(u, n, S_cmp_update);
	if (git_tree_create_updated(out, s->r, base, n, u) < 0) {
		sync_fail_git(s, "cannot build the tree to compare");
		goto done;
	}
	ret = 0;
done:
	git_tree_free(base);
	free(u);
	return ret;
}

/* ---- the commit check -------------------------------------------------- */

static int S_held(const struct sync_state *s, const char *path)
{
	size_t i;

	for (i = 0; i < s->held.nr; i++)
		if (!strcmp(s->held.v[i], path))
			return 1;
	return 0;
}

static void S_hold(struct sync_state *s, const char *path)
{
	if (!S_held(s, path))
		strvec_push(&s->held, path);
}

/* Records the held note's errors and its first one in the result. */
static void S_record_held(struct sync_state *s, const struct check_diags *d,
			  const char *culprit)
{
	struct sync_result *res = s->res;
	struct sync_held_note *hn = NULL;
	size_t i;

	for (i = 0; i < d->nr; i++) {
		const struct check_diag *c = &d->v[i];

		if (c->diag.severity != DIAG_ERROR ||
		    strcmp(c->culprit, culprit))
			continue;
		sync_message_diag(s, c->path, c->diag.line, c->diag.column,
				  c->diag.message);
		if (hn)
			continue;
		ALLOC_GROW(res->held, res->held_nr + 1, res->held_alloc);
		hn = &res->held[res->held_nr++];
		hn->path = xstrdup(culprit);
		hn->line = c->diag.line;
		hn->column = c->diag.column;
		hn->message = xstrdup(c->diag.message);
	}
}

/* Drops the held paths from `ch`. */
static void S_drop_held(struct sync_state *s, struct sync_changes *ch)
{
	size_t i, k;

	for (i = k = 0; i < ch->nr; i++) {
		if (S_held(s, ch->v[i].path)) {
			free(ch->v[i].path);
			continue;
		}
		ch->v[k++] = ch->v[i];
	}
	ch->nr = k;
}

/*
 * One pass of the check over what committing `ch` would make: holds the
 * notes it blames (appended to `culprits` too).  Returns how many are
 * new, or -1.
 */
static int S_check_pass(struct sync_state *s, struct sync_changes *ch,
			struct strvec *culprits)
{
	struct tree_changes tc = TREE_CHANGES_INIT;
	struct check_diags d = CHECK_DIAGS_INIT;
	git_tree *old_tree = NULL, *new_tree = NULL;
	git_oid head, would;
	struct history *h = sync_history(s);
	int unborn = sync_branch_tip(&head, s), ret = -1;
	size_t i, first = culprits->nr;

	if (sync_would_tree(&would, s, ch, unborn ? NULL : &head) < 0 ||
	    sync_tree_of(&old_tree, s, unborn ? NULL : &head) < 0)
		goto done;
	if (git_tree_lookup(&new_tree, s->r, &would) < 0) {
		sync_fail_git(s, "cannot read the tree to check");
		goto done;
	}
	if (treediff_vault(&tc, s->r, old_tree, new_tree, s->repo->vault,
			   &s->repo->exclude) < 0 ||
	    history_goto_tree(h, new_tree, unborn ? NULL : &head) < 0) {
		sync_fail(s, "cannot check the notes to commit");
		goto done;
	}
	check_changes(&d, h, &tc);
	for (i = 0; i < d.nr; i++)
		if (d.v[i].diag.severity == DIAG_ERROR &&
		    !S_held(s, d.v[i].culprit)) {
			S_hold(s, d.v[i].culprit);
			strvec_push(culprits, d.v[i].culprit);
		}
	for (i = first; i < culprits->nr; i++)
		S_record_held(s, &d, culprits->v[i]);
	/* A moved note stays whole: its old path is not deleted either. */
	for (i = 0; i < tc.nr; i++)
		if (tc.v[i].old_path && tc.v[i].new_path &&
		    strcmp(tc.v[i].old_path, tc.v[i].new_path) &&
		    S_held(s, tc.v[i].new_path))
			S_hold(s, tc.v[i].old_path);
	S_drop_held(s, ch);
	ret = (int)(culprits->nr - first);
done:
	check_diags_release(&d);
	tree_changes_release(&tc);
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	return ret;
}

/*
 * Holding a note back changes the commit, and so what the check sees (a
 * new note that declares an id the held one kept declaring is now the
 * duplicate): check again until nothing more is held.
 */
int sync_hold_broken(struct sync_state *s, struct sync_changes *ch)
{
	struct strvec culprits = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int n;

	while (ch->nr && (n = S_check_pass(s, ch, &culprits)) > 0)
		;
	if (s->res->error) {
		strvec_release(&culprits);
		return -1;
	}
	if (culprits.nr) {
		for (i = 0; i < culprits.nr; i++) {
			strbuf_addstr(&sb, i ? ", " : "");
			strbuf_add_terminal_safe(&sb, culprits.v[i],
						 strlen(culprits.v[i]));
		}
		sync_error(s, 1, "%s, %s an error: %s; fix %s and sync again",
			   s->o->dry_run ? "would not be committed"
					 : "not committed",
			   culprits.nr == 1 ? "it has" : "they have", sb.buf,
			   culprits.nr == 1 ? "it" : "them");
		sync_log(s, "check", "held back: %s", sb.buf);
	}
	strbuf_release(&sb);
	strvec_release(&culprits);
	return 0;
}

/* ---- the message --------------------------------------------------------- */

/* A position or thesis event on one line, as the hook's trailers say it. */
static void S_value(struct strbuf *sb, const char *v)
{
	struct strbuf safe = STRBUF_INIT;
	size_t i;

	if (!v) {
		strbuf_addstr(sb, "(none)");
		return;
	}
	/* One line: line breaks become spaces before anything is escaped. */
	for (i = 0; v[i]; i++)
		strbuf_addch(&safe, v[i] == '\n' || v[i] == '\r' ? ' ' : v[i]);
	strbuf_add_terminal_safe(sb, safe.buf, safe.len);
	strbuf_release(&safe);
}

static void S_event_summary(struct strbuf *t, const struct event *e)
{
	if (e->change == EVENT_RENAMED) {
		S_value(t, e->old_value);
		strbuf_addstr(t, " renamed -> ");
		S_value(t, e->new_value);
		return;
	}
	S_value(t, e->target);
	if (e->change == EVENT_ADDED || e->change == EVENT_REMOVED) {
		strbuf_addf(t, " %s", event_change_name(e->change));
	} else if (e->field && !strcmp(e->field, "stance")) {
		strbuf_addstr(t, " stance rewritten");
	} else if (e->field) {
		strbuf_addf(t, " %s ", e->field);
		S_value(t, e->old_value);
		strbuf_addstr(t, " -> ");
		S_value(t, e->new_value);
	}
}

/*
 * One entry per changed target for the subject: `<id> <what>`, the
 * fields joined by `/`, `added`, `removed` or `renamed`.
 */
static void S_target_words(struct strvec *out, const struct event *e)
{
	const char *id = e->change == EVENT_RENAMED && e->new_value
				 ? e->new_value
				 : e->target;
	const char *what = e->change == EVENT_MODIFIED && e->field
				   ? e->field
				   : event_change_name(e->change);
	size_t len = strlen(id ? id : ""), i;
	struct strbuf sb = STRBUF_INIT;

	if (!id)
		return;
	for (i = 0; i < out->nr; i++) {
		char *cur = (char *)out->v[i];

		if (strncmp(cur, id, len) || cur[len] != ' ')
			continue;
		/* One more word for a target already named, once. */
		strbuf_addstr(&sb, cur);
		strbuf_addf(&sb, "/%s", what);
		if (!strstr(cur + len + 1, what)) {
			free(cur);
			out->v[i] = strbuf_detach(&sb, NULL);
		}
		strbuf_release(&sb);
		return;
	}
	S_value(&sb, id);
	strbuf_addf(&sb, " %s", what);
	strvec_push_nodup(out, strbuf_detach(&sb, NULL));
}

/* The trailers, %c and the targets of a commit from `old` to `new`. */
static void S_changes_text(struct strvec *trailers, struct strbuf *summary,
			   struct strvec *targets, struct sync_state *s,
			   const git_tree *old, const git_tree *new)
{
	struct event_list ev = EVENT_LIST_INIT;
	size_t i;
	git_oid head;
	/* `new` is committed on top of HEAD: both read on its line. */
	const git_oid *line =
		old && !git_reference_name_to_id(&head, s->r, "HEAD") ? &head
								       : NULL;

	git_error_clear();
	if (history_diff_trees(&ev, sync_history(s), old, line, new, line) <
	    0) {
		/* A commit without trailers beats no commit. */
		sync_warn(s, 1,
			  "no position trailers: the notes could not be read");
		goto done;
	}
	for (i = 0; i < ev.nr; i++) {
		const struct event *e = &ev.v[i];
		struct strbuf t = STRBUF_INIT;

		if (e->kind != EVENT_POSITION && e->kind != EVENT_THESIS)
			continue;
		S_event_summary(&t, e);
		S_target_words(targets, e);
		if (summary->len)
			strbuf_addstr(summary, "; ");
		strbuf_addbuf(summary, &t);
		strvec_push_nodup(trailers, xstrfmt("%s: %s",
						    e->kind == EVENT_POSITION
							    ? "Position-Change"
							    : "Thesis-Change",
						    t.buf));
		strbuf_release(&t);
	}
done:
	event_list_release(&ev);
}

/* A note's name in the subject: its file name without `.md`. */
static void S_note_name(struct strbuf *sb, const char *path)
{
	const char *base = strrchr(path, '/');
	char *name;

	base = base ? base + 1 : path;
	name = xstrndup(base,
			strlen(base) - (ends_with_icase(base, ".md") ? 3 : 0));
	S_value(sb, name);
	free(name);
}

void sync_describe(struct strbuf *sb, const char *const *paths, size_t paths_nr,
		   const char *const *targets, size_t targets_nr)
{
	size_t notes = 0, files, i, shown = 0, items;

	for (i = 0; i < paths_nr; i++)
		notes += ends_with_icase(paths[i], ".md");
	files = paths_nr - notes;
	if (notes)
		strbuf_addf(sb, "%zu note%s", notes, notes == 1 ? "" : "s");
	if (notes && files)
		strbuf_addstr(sb, ", ");
	if (files || !notes)
		strbuf_addf(sb, "%zu file%s", files, files == 1 ? "" : "s");
	items = targets_nr ? targets_nr : notes ? notes : files;
	if (!items)
		return;
	strbuf_addstr(sb, " (");
	if (targets_nr) {
		for (i = 0; i < targets_nr && shown < S_DESCRIBE_MAX; i++)
			strbuf_addf(sb, "%s%s", shown++ ? ", " : "",
				    targets[i]);
	} else {
		for (i = 0; i < paths_nr && shown < S_DESCRIBE_MAX; i++) {
			if (notes && !ends_with_icase(paths[i], ".md"))
				continue;
			strbuf_addstr(sb, shown++ ? ", " : "");
			S_note_name(sb, paths[i]);
		}
	}
	if (items > shown)
		strbuf_addf(sb, " +%zu more", items - shown);
	strbuf_addch(sb, ')');
}

void sync_expand_message(struct strbuf *sb, const char *tmpl,
			 const struct sync_message_vars *v)
{
	const char *p;
	size_t i;

	for (p = tmpl; *p; p++) {
		if (*p != '%' || !p[1]) {
			strbuf_addch(sb, *p);
			continue;
		}
		switch (*++p) {
		case 's':
			strbuf_addstr(sb, v->describe);
			break;
		case 'h':
			strbuf_addstr(sb, v->host);
			break;
		case 'd':
			strbuf_addstr(sb, v->date);
			break;
		case 'n':
			strbuf_addf(sb, "%zu", v->count);
			break;
		case 'f':
			for (i = 0; i < v->files_nr; i++) {
				if (i)
					strbuf_addstr(sb, ", ");
				strbuf_addstr(sb, v->files[i]);
			}
			break;
		case 'c':
			strbuf_addstr(sb, v->changes);
			break;
		case '%':
			strbuf_addch(sb, '%');
			break;
		default:
			strbuf_addch(sb, '%');
			strbuf_addch(sb, *p);
		}
	}
}

static void S_host(char *buf, size_t size)
{
	char *dot;

	if (gethostname(buf, size) < 0 || !*buf)
		snprintf(buf, size, "unknown");
	buf[size - 1] = '\0';
	if ((dot = strchr(buf, '.')))
		*dot = '\0';
}

/* Now, ISO 8601 with the offset written +hh:mm. */
static void S_iso_now(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	char off[8];
	size_t len;

	localtime_r(&now, &tm);
	len = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(off, sizeof(off), "%z", &tm);
	if (strlen(off) == 5)
		snprintf(buf + len, size - len, "%.3s:%s", off, off + 3);
}

/* The whole message: -m or the template, then the trailers and Why:. */
static void S_message(struct strbuf *msg, struct sync_state *s,
		      const struct strvec *paths, const struct strvec *files,
		      const struct strvec *targets, const char *changes,
		      const struct strvec *trailers)
{
	struct strbuf describe = STRBUF_INIT;
	struct sync_message_vars v;
	char *tmpl = repo_config_string(s->repo, "thesis.sync.message");
	char host[256], date[40];
	size_t i;

	sync_describe(&describe, (const char *const *)paths->v, paths->nr,
		      (const char *const *)targets->v, targets->nr);
	S_host(host, sizeof(host));
	S_iso_now(date, sizeof(date));
	v.describe = describe.buf;
	v.host = host;
	v.date = date;
	v.changes = changes;
	v.files = (const char *const *)files->v;
	v.files_nr = files->nr;
	v.count = paths->nr;
	if (s->o->message)
		strbuf_addstr(msg, s->o->message);
	else
		sync_expand_message(msg, tmpl ? tmpl : SYNC_DEFAULT_MESSAGE,
				    &v);
	strbuf_trim(msg);
	if (!msg->len)
		strbuf_addstr(msg, "vault sync");
	strbuf_addch(msg, '\n');
	if (trailers->nr || s->o->why)
		strbuf_addch(msg, '\n');
	for (i = 0; i < trailers->nr; i++)
		strbuf_addf(msg, "%s\n", trailers->v[i]);
	if (s->o->why)
		strbuf_addf(msg, "Why: %s\n", s->o->why);
	free(tmpl);
	strbuf_release(&describe);
}

/* Puts HEAD's version of a held note back in the index (or none). */
static int S_unstage(struct sync_state *s, git_index *idx,
		     const git_tree *head_tree, const char *path)
{
	const git_index_entry *cur = git_index_get_bypath(idx, path, 0);
	git_tree_entry *te = NULL;
	int err = 0;

	if (git_tree_entry_bypath(&te, head_tree, path)) {
		git_error_clear();
		if (cur)
			err = git_index_remove_bypath(idx, path);
	} else if (!cur || !git_oid_equal(&cur->id, git_tree_entry_id(te)) ||
		   cur->mode != (uint32_t)git_tree_entry_filemode(te)) {
		git_index_entry e;

		memset(&e, 0, sizeof(e));
		e.path = path;
		e.mode = git_tree_entry_filemode(te);
		e.id = *git_tree_entry_id(te);
		err = git_index_add(idx, &e);
	}
	git_tree_entry_free(te);
	if (err < 0)
		return sync_fail_git(s, "cannot take '%s' out of the index",
				     path);
	return 0;
}

/*
 * Commits the vault's changes on the branch: the index takes them (add or
 * remove by path, as `git add`), and the commit's tree is HEAD's tree with
 * exactly those paths updated, so whatever else is staged stays staged.
 */
int sync_commit(struct sync_state *s, const struct sync_changes *ch)
{
	git_index *idx = NULL;
	git_tree *head_tree = NULL, *new_tree = NULL;
	git_commit *parent = NULL;
	git_signature *author = NULL, *committer = NULL;
	git_tree_update *updates = NULL;
	size_t nupdates = 0, i;
	struct strvec trailers = STRVEC_INIT, files = STRVEC_INIT,
		      paths = STRVEC_INIT, targets = STRVEC_INIT;
	struct strbuf msg = STRBUF_INIT, summary = STRBUF_INIT;
	char shortid[GIT_OID_HEXSZ + 1];
	git_oid head, tree_oid, commit_oid;
	int unborn = sync_branch_tip(&head, s), ret = -1;

	if (!ch->nr && !s->held.nr)
		return 0;
	if (git_repository_index(&idx, s->r) < 0 ||
	    git_index_read(idx, 0) < 0) {
		sync_fail_git(s, "cannot read the index");
		goto done;
	}
	if (sync_tree_of(&head_tree, s, unborn ? NULL : &head) < 0)
		goto done;
	for (i = 0; i < s->held.nr; i++)
		if (S_unstage(s, idx, head_tree, s->held.v[i]) < 0)
			goto done;
	updates = xcalloc(ch->nr ? ch->nr : 1, sizeof(*updates));
	for (i = 0; i < ch->nr; i++) {
		const struct sync_change *c = &ch->v[i];
		const git_index_entry *e;
		git_tree_entry *te = NULL;

		if (c->removed) {
			if (git_index_remove_bypath(idx, c->path) < 0) {
				sync_fail_git(
					s, "cannot remove '%s' from the index",
					c->path);
				goto done;
			}
		} else if (git_index_add_bypath(idx, c->path) < 0) {
			sync_fail_git(s, "cannot add '%s' to the index",
				      c->path);
			goto done;
		}
		e = git_index_get_bypath(idx, c->path, 0);
		if (e) {
			updates[nupdates].action = GIT_TREE_UPDATE_UPSERT;
			updates[nupdates].id = e->id;
			updates[nupdates].filemode = e->mode;
		} else if (!git_tree_entry_bypath(&te, head_tree, c->path)) {
			git_tree_entry_free(te);
			updates[nupdates].action = GIT_TREE_UPDATE_REMOVE;
		} else {
			git_error_clear();
			continue; /* added and deleted again: nothing */
		}
		updates[nupdates++].path = c->path;
		strvec_push(&paths, sync_in_vault(s, c->path));
		/* %f names ten files at most: it is a subject line. */
		if (files.nr < 10)
			strvec_push(&files, sync_in_vault(s, c->path));
	}
	if (nupdates > files.nr)
		strvec_push_nodup(&files,
				  xstrfmt("and %zu more", nupdates - files.nr));
	QSORT(updates, nupdates, S_cmp_update);
	if (git_tree_create_updated(&tree_oid, s->r, head_tree, nupdates,
				    updates) < 0 ||
	    git_tree_lookup(&new_tree, s->r, &tree_oid) < 0) {
		sync_fail_git(s, "cannot write the vault's tree");
		goto done;
	}
	if (git_oid_equal(&tree_oid, git_tree_id(head_tree))) {
		/* Only stat changes, or edits undone: nothing to commit. */
		if (git_index_write(idx) < 0) {
			sync_fail_git(s, "cannot write the index");
			goto done;
		}
		ret = 0;
		goto done;
	}
	S_changes_text(&trailers, &summary, &targets, s,
		       unborn ? NULL : head_tree, new_tree);
	S_message(&msg, s, &paths, &files, &targets,
		  summary.len ? summary.buf : "no position changes", &trailers);
	if (sync_signature(&author, s, "AUTHOR") < 0 ||
	    sync_signature(&committer, s, "COMMITTER") < 0)
		goto done;
	if (!unborn && git_commit_lookup(&parent, s->r, &head) < 0) {
		sync_fail_git(s, "cannot read HEAD");
		goto done;
	}
	/* "HEAD" moves the branch only if it still is at `parent`. */
	if (git_commit_create(&commit_oid, s->r, "HEAD", author, committer,
			      NULL, msg.buf, new_tree, unborn ? 0 : 1,
			      (const git_commit **)&parent) < 0) {
		sync_fail_git(s, "cannot commit the vault");
		goto done;
	}
	if (git_index_write(idx) < 0) {
		sync_fail_git(s, "cannot write the index");
		goto done;
	}
	s->res->commit = xstrdup(git_oid_tostr_s(&commit_oid));
	s->res->subject = xstrndup(msg.buf, strcspn(msg.buf, "\n"));
	strvec_copy(&s->res->committed, &paths);
	repo_short_id(shortid, &commit_oid);
	sync_say(s, "Committed %zu file%s as %s.", nupdates,
		 nupdates == 1 ? "" : "s", shortid);
	sync_log(s, "commit", "%zu files as %s", nupdates,
		 git_oid_tostr_s(&commit_oid));
	ret = 0;
done:
	free(updates);
	strvec_release(&trailers);
	strvec_release(&files);
	strvec_release(&paths);
	strvec_release(&targets);
	strbuf_release(&msg);
	strbuf_release(&summary);
	git_signature_free(author);
	git_signature_free(committer);
	git_commit_free(parent);
	git_tree_free(head_tree);
	git_tree_free(new_tree);
	git_index_free(idx);
	return ret;
}
