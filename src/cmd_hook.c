/*
 * git thesis hook <name>: what each installed hook does.  A hook must never
 * lose the user's work: apart from the deliberate blocks (pre-commit with
 * broken notes, pre-receive with thesis.receive.check), any failure prints
 * one line and lets git go on.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "hookscript.h"
#include "history.h"
#include "options.h"
#include "output.h"
#include "reader.h"
#include "render.h"
#include "hook_receive.h"
#include "review.h"
#include "revs.h"
#include "strbuf.h"
#include "treediff.h"
#include "util.h"

static const char *const hook_usage[] = {
	"git thesis hook <hook-name> [<hook-args>...]",
	NULL,
};

/* Hook output goes to stderr: git shows it, and to pushers as remote:. */
static void S_say(const struct strbuf *sb)
{
	fwrite(sb->buf, 1, sb->len, stderr);
}

static const struct output plain = OUTPUT_INIT(FORMAT_TEXT);

/* Prints the events that matter to people: targets first, then a count. */
static void S_summary(const char *title, const struct event_list *ev)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, shown = 0, mappings = 0, mentions = 0, moves = 0;

	for (i = 0; i < ev->nr; i++) {
		const struct event *e = &ev->v[i];

		if (e->kind == EVENT_MAPPING) {
			mappings++;
			continue;
		}
		if (e->kind == EVENT_MENTION) {
			mentions++;
			continue;
		}
		if (e->kind == EVENT_NOTE) {
			moves++;
			continue;
		}
		if (!shown++ && title)
			strbuf_addf(&sb, "git-thesis: %s\n", title);
		if (shown > 20)
			continue;
		strbuf_addstr(&sb, "git-thesis:   ");
		render_text_event(&sb, &plain, e);
		strbuf_addch(&sb, '\n');
	}
	if (shown > 20)
		strbuf_addf(&sb, "git-thesis:   ... and %zu more\n", shown - 20);
	if (mappings || mentions || moves) {
		if (!shown && title)
			strbuf_addf(&sb, "git-thesis: %s\n", title);
		strbuf_addf(&sb,
			    "git-thesis:   %zu mapping change%s, %zu mention "
			    "change%s, %zu note%s moved\n",
			    mappings, mappings == 1 ? "" : "s", mentions,
			    mentions == 1 ? "" : "s", moves,
			    moves == 1 ? "" : "s");
	}
	S_say(&sb);
	strbuf_release(&sb);
}

/* ---- pre-commit -------------------------------------------------------- */

static void S_diags(struct strbuf *sb, const struct vault_note *vn,
		    size_t *errors, size_t *warnings)
{
	const struct note_diag *sets[2] = {vn->note->diags, vn->diags};
	size_t counts[2] = {vn->note->diags_nr, vn->diags_nr}, s, k;

	for (s = 0; s < 2; s++)
		for (k = 0; k < counts[s]; k++) {
			struct check_item item = {vn->path, &sets[s][k]};

			render_text_check(sb, &plain, &item, 1);
			if (sets[s][k].severity == DIAG_ERROR)
				(*errors)++;
			else
				(*warnings)++;
		}
}

static int S_changed_path(const struct tree_changes *ch, const char *path)
{
	size_t i;

	for (i = 0; i < ch->nr; i++)
		if (ch->v[i].new_path && !strcmp(ch->v[i].new_path, path))
			return 1;
	return 0;
}

static int S_pre_commit(struct thesis_repo *repo)
{
	struct strmap ids = STRMAP_INIT;
	struct event_list ev = EVENT_LIST_INIT;
	struct tree_changes ch = TREE_CHANGES_INIT;
	struct strbuf sb = STRBUF_INIT;
	git_commit *head = NULL;
	git_tree *tree = NULL;
	struct history h;
	size_t i, errors = 0, warnings = 0;
	int ret = 0;

	if (!repo_config_bool(repo, "thesis.hook.check", 1))
		return 0;
	history_init(&h, repo);
	h.use_cache = 1;
	if (git_repository_head_unborn(repo->repo) != 1 &&
	    (repo_commit(&head, repo, "HEAD") < 0 ||
	     git_commit_tree(&tree, head) < 0))
		goto internal;
	if (history_diff_index(&ev, &h, tree, &ch) < 0)
		goto internal;
	vault_resolve(&h.vault);
	/* Only the notes this commit changes are the author's to fix. */
	for (i = 0; i < ch.nr; i++) {
		const struct vault_note *vn;
		size_t k;

		if (!ch.v[i].new_path)
			continue;
		vn = strmap_get(&h.vault.notes, ch.v[i].new_path);
		if (!vn)
			continue;
		S_diags(&sb, vn, &errors, &warnings);
		for (k = 0; k < vn->note->targets_nr; k++)
			strmap_put(&ids, vn->note->targets[k].id, NULL);
	}
	/* ... and an id they declare that an older note loses now. */
	if (ids.nr) {
		const struct vault_note **notes;
		size_t n = vault_notes(&notes, &h.vault), k;

		for (i = 0; i < n; i++) {
			const struct vault_note *vn = notes[i];

			for (k = 0; k < vn->note->targets_nr; k++) {
				const struct target_decl *d =
					&vn->note->targets[k];
				const struct vault_target *t =
					vault_target(&h.vault, d->id);

				if (strmap_contains(&ids, d->id) && t &&
				    t->decl != d &&
				    !S_changed_path(&ch, vn->path)) {
					struct note_diag diag = {
						DIAG_ERROR, d->line, 0,
						(char *)"duplicate id, declared "
							"again by this commit"};
					struct check_item item = {vn->path,
								  &diag};

					render_text_check(&sb, &plain, &item,
							  1);
					errors++;
				}
			}
		}
		free(notes);
	}
	if (errors)
		strbuf_addf(&sb,
			    "git-thesis: commit stopped: %zu error%s in the "
			    "staged notes.\n"
			    "git-thesis: fix them, or commit with --no-verify "
			    "to skip this check.\n",
			    errors, errors == 1 ? "" : "s");
	S_say(&sb);
	ret = errors ? 1 : 0;
	goto done;
internal:
	fprintf(stderr, "git-thesis: pre-commit check skipped: the notes "
			"could not be read\n");
done:
	strmap_release(&ids);
	strbuf_release(&sb);
	tree_changes_release(&ch);
	event_list_release(&ev);
	git_tree_free(tree);
	git_commit_free(head);
	history_release(&h);
	return ret;
}

/* ---- prepare-commit-msg ----------------------------------------------- */

/* A trailer value on one line, whatever the note held. */
static void S_trailer_value(struct strbuf *sb, const char *v)
{
	struct strbuf safe = STRBUF_INIT;
	size_t i;

	if (!v) {
		strbuf_addstr(sb, "(none)");
		return;
	}
	strbuf_add_terminal_safe(&safe, v, strlen(v));
	for (i = 0; i < safe.len; i++)
		strbuf_addch(sb, safe.buf[i] == '\n' ? ' ' : safe.buf[i]);
	strbuf_release(&safe);
}

/*
 * An open question's trailer names the kind of its target as the vault
 * after the change declares it (or, for one removed with its target, a
 * position).
 */
static const char *S_question_key(const struct vault *v, const char *id)
{
	const struct vault_target *t = vault_target(v, id);

	return t && t->declared && t->kind == TARGET_THESIS
		       ? "Thesis-Question"
		       : "Position-Question";
}

static void S_trailers(struct strvec *out, const struct event_list *ev,
		       const struct vault *v)
{
	size_t i;

	for (i = 0; i < ev->nr; i++) {
		const struct event *e = &ev->v[i];
		struct strbuf t = STRBUF_INIT;
		const char *key;

		if (e->kind == EVENT_POSITION)
			key = "Position-Change";
		else if (e->kind == EVENT_THESIS)
			key = "Thesis-Change";
		else if (e->kind == EVENT_QUESTION)
			key = S_question_key(v, e->target);
		else
			continue;
		strbuf_addf(&t, "%s: ", key);
		if (e->kind == EVENT_QUESTION) {
			/* One trailer per question and target: the text is
			 * the note's, too long for a trailer. */
			S_trailer_value(&t, e->target);
			strbuf_addf(&t, " %s",
				    e->change == EVENT_MODIFIED
					    ? "rewritten"
					    : event_change_name(e->change));
		} else if (e->change == EVENT_RENAMED) {
			S_trailer_value(&t, e->old_value);
			strbuf_addstr(&t, " renamed -> ");
			S_trailer_value(&t, e->new_value);
		} else {
			S_trailer_value(&t, e->target);
			if (e->change == EVENT_ADDED ||
			    e->change == EVENT_REMOVED) {
				strbuf_addf(&t, " %s",
					    event_change_name(e->change));
			} else if (e->field && !strcmp(e->field, "stance")) {
				strbuf_addstr(&t, " stance rewritten");
			} else if (e->field && !strcmp(e->field, "supersedes")) {
				strbuf_addstr(&t, " supersedes ");
				S_trailer_value(&t, e->old_value);
				strbuf_addstr(&t, " -> ");
				S_trailer_value(&t, e->new_value);
			} else if (e->field) {
				strbuf_addf(&t, " %s ", e->field);
				S_trailer_value(&t, e->old_value);
				strbuf_addstr(&t, " -> ");
				S_trailer_value(&t, e->new_value);
			}
		}
		strvec_push_nodup(out, strbuf_detach(&t, NULL));
	}
}

/* The character git's comment lines start with (core.commentChar). */
static char S_comment_char(struct thesis_repo *repo)
{
	char *cc = repo_config_string(repo, "core.commentChar");
	char c = cc && cc[0] && strcmp(cc, "auto") ? cc[0] : '#';

	free(cc);
	return c;
}

/* git's scissors line: a comment holding ">8". */
static int S_scissors(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if (line[i] == '>' && line[i + 1] == '8')
			return 1;
	return 0;
}

static int S_is_ours(const char *line, size_t len)
{
	return (len >= 16 && !strncmp(line, "Position-Change:", 16)) ||
	       (len >= 14 && !strncmp(line, "Thesis-Change:", 14)) ||
	       (len >= 18 && !strncmp(line, "Position-Question:", 18)) ||
	       (len >= 16 && !strncmp(line, "Thesis-Question:", 16));
}

static int S_is_trailer_line(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < len && line[i] != ':'; i++)
		if (!((line[i] >= 'A' && line[i] <= 'Z') ||
		      (line[i] >= 'a' && line[i] <= 'z') ||
		      (line[i] >= '0' && line[i] <= '9') || line[i] == '-'))
			return 0;
	return i > 0 && i + 1 < len && line[i] == ':' && line[i + 1] == ' ';
}

/*
 * Puts `trailers` at the end of the message, before git's comment lines
 * and any scissors line, replacing trailers of ours already there (so an
 * amend never doubles them).
 */
static void S_place_trailers(struct strbuf *out, const char *msg,
			     const struct strvec *trailers, char comment)
{
	struct strvec lines = STRVEC_INIT;
	const char *p = msg;
	size_t i, end, last, first_trailer;
	int in_block, ours_only;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		strvec_push_nodup(&lines, xstrndup(p, len));
		p += len + (nl ? 1 : 0);
	}
	/* The message proper ends at the scissors line or the comments. */
	for (end = 0; end < lines.nr; end++)
		if (lines.v[end][0] == comment &&
		    S_scissors(lines.v[end], strlen(lines.v[end])))
			break;
	for (last = end; last > 0; last--) {
		const char *l = lines.v[last - 1];

		if (*l && *l != comment)
			break;
	}
	/*
	 * Does the message end in a trailer block: a last paragraph of
	 * `Key: value` lines that is not the subject?
	 */
	first_trailer = last;
	while (first_trailer > 0 &&
	       S_is_trailer_line(lines.v[first_trailer - 1],
				 strlen(lines.v[first_trailer - 1])))
		first_trailer--;
	in_block = first_trailer < last && first_trailer > 0 &&
		   !*lines.v[first_trailer - 1];
	ours_only = in_block;
	for (i = first_trailer; in_block && i < last; i++)
		ours_only &= S_is_ours(lines.v[i], strlen(lines.v[i]));
	if (!last) {
		/* No message yet: leave line 1 for the subject, as -s does. */
		if (trailers->nr)
			strbuf_addstr(out, "\n\n");
	} else {
		/* Our own block goes, blank line and all, to come back below. */
		size_t body_end = ours_only ? first_trailer - 1 : last;

		for (i = 0; i < body_end; i++) {
			if (in_block && i >= first_trailer &&
			    S_is_ours(lines.v[i], strlen(lines.v[i])))
				continue;
			strbuf_addstr(out, lines.v[i]);
			strbuf_addch(out, '\n');
		}
		if (trailers->nr && (!in_block || ours_only))
			strbuf_addch(out, '\n');
	}
	for (i = 0; i < trailers->nr; i++) {
		strbuf_addstr(out, trailers->v[i]);
		strbuf_addch(out, '\n');
	}
	for (i = last; i < lines.nr; i++) {
		strbuf_addstr(out, lines.v[i]);
		if (i + 1 < lines.nr || msg[strlen(msg) - 1] == '\n')
			strbuf_addch(out, '\n');
	}
	strvec_release(&lines);
}

/*
 * What prepare-commit-msg and commit-msg are not told (`--amend -m` says
 * only "message"; `-c HEAD` and `--amend` both say "commit HEAD"): look
 * at the command line of the `git commit` that runs us, a few processes
 * up.  Returns 1 or 0, or -1 when that cannot be seen (no Linux /proc).
 */
static int S_commit_has(const char *flag)
{
	pid_t pid = getppid();
	int depth;

	for (depth = 0; depth < 6 && pid > 1; depth++) {
		char path[64], buf[8192];
		size_t n, i;
		FILE *fp;
		int is_commit = 0;
		long ppid = 0;

		snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)pid);
		fp = fopen(path, "rb");
		if (!fp)
			return -1;
		n = fread(buf, 1, sizeof(buf) - 1, fp);
		fclose(fp);
		buf[n] = '\0';
		/* Only a git process counts: the hook's own shell has
		 * "commit" among its arguments too. */
		{
			const char *base = strrchr(buf, '/');

			base = base ? base + 1 : buf;
			if (!strcmp(base, "git")) {
				for (i = strlen(buf) + 1; i < n;
				     i += strlen(buf + i) + 1) {
					if (!strcmp(buf + i, "commit"))
						is_commit = 1;
					else if (is_commit &&
						 !strcmp(buf + i, flag))
						return 1;
				}
				if (is_commit)
					return 0;
			}
		}
		snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
		fp = fopen(path, "rb");
		if (!fp)
			return -1;
		n = fread(buf, 1, sizeof(buf) - 1, fp);
		fclose(fp);
		buf[n] = '\0';
		/* pid (comm) state ppid: comm may hold spaces and parens. */
		if (!strrchr(buf, ')') ||
		    sscanf(strrchr(buf, ')') + 1, " %*c %ld", &ppid) != 1)
			return -1;
		pid = (pid_t)ppid;
	}
	return -1;
}

static int S_prepare_commit_msg(struct thesis_repo *repo, int argc,
				const char **argv)
{
	const char *file = argc > 0 ? argv[0] : NULL;
	const char *source = argc > 1 ? argv[1] : "";
	const char *sha = argc > 2 ? argv[2] : NULL;
	struct event_list ev = EVENT_LIST_INIT;
	struct strvec trailers = STRVEC_INIT;
	struct strbuf msg = STRBUF_INIT, out = STRBUF_INIT;
	struct history h;
	git_tree *base_tree = NULL;
	int base_tree_err = 0;
	char comment = S_comment_char(repo);
	char *tmp = NULL;
	FILE *fp;
	int ret = 0;

	/* A merge concluded by hand says "message": ask the repository. */
	if (!file || !strcmp(source, "merge") ||
	    git_repository_state(repo->repo) == GIT_REPOSITORY_STATE_MERGE ||
	    !repo_config_bool(repo, "thesis.hook.trailers", 1))
		return 0;
	history_init(&h, repo);
	h.use_cache = 1;
	if (git_repository_head_unborn(repo->repo) != 1) {
		git_oid head, given;
		int seen = S_commit_has("--amend");
		/* Without /proc, "commit HEAD" is most likely an amend. */
		int amend = seen > 0 ||
			    (seen < 0 && !strcmp(source, "commit") && sha &&
			     !revs_resolve(&given, repo, sha) &&
			     !git_reference_name_to_id(&head, repo->repo,
						       "HEAD") &&
			     !git_oid_cmp(&head, &given));
		git_commit *c = NULL;

		/* --amend: the commit replaces HEAD, so compare with its parent. */
		if (repo_commit(&c, repo, "HEAD") < 0)
			goto internal;
		if (!amend) {
			base_tree_err = git_commit_tree(&base_tree, c);
		} else if (git_commit_parentcount(c)) {
			git_commit *p = NULL;

			base_tree_err = git_commit_parent(&p, c, 0);
			if (!base_tree_err)
				base_tree_err = git_commit_tree(&base_tree, p);
			git_commit_free(p);
		}
		git_commit_free(c);
		git_error_clear();
		if (base_tree_err < 0)
			goto internal;
	}
	if (history_diff_index(&ev, &h, base_tree, NULL) < 0)
		goto internal;
	S_trailers(&trailers, &ev, &h.vault);
	fp = fopen(file, "rb");
	if (!fp)
		goto internal;
	{
		char buf[4096];
		size_t n;

		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
			strbuf_add(&msg, buf, n);
		fclose(fp);
	}
	S_place_trailers(&out, msg.buf, &trailers, comment);
	if (!strcmp(out.buf, msg.buf))
		goto done;
	/* Write beside and rename: the message is never half written. */
	tmp = xstrfmt("%s.thesis-tmp", file);
	fp = fopen(tmp, "wb");
	if (!fp || fwrite(out.buf, 1, out.len, fp) != out.len) {
		if (fp)
			fclose(fp);
		unlink(tmp);
		goto internal;
	}
	if (fclose(fp) || rename(tmp, file) < 0) {
		unlink(tmp);
		goto internal;
	}
	goto done;
internal:
	fprintf(stderr, "git-thesis: no position trailers added: %s\n",
		errno ? strerror(errno) : "the notes could not be read");
	ret = 0;
done:
	free(tmp);
	strbuf_release(&msg);
	strbuf_release(&out);
	strvec_release(&trailers);
	event_list_release(&ev);
	git_tree_free(base_tree);
	history_release(&h);
	return ret;
}

/*
 * commit-msg: git aborts a commit whose message is empty, but cannot know
 * that trailers we added to an empty message are not a message.  Give the
 * user back that way out.
 */
static int S_commit_msg(struct thesis_repo *repo, int argc, const char **argv)
{
	struct strbuf msg = STRBUF_INIT;
	char comment = S_comment_char(repo);
	int ours = 0, other = 0;
	const char *p;
	FILE *fp;

	if (argc < 1 || !(fp = fopen(argv[0], "rb")))
		return 0;
	{
		char buf[4096];
		size_t n;

		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
			strbuf_add(&msg, buf, n);
		fclose(fp);
	}
	for (p = msg.buf; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p), k = 0;

		if (*p == comment && S_scissors(p, len))
			break;
		while (k < len && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r'))
			k++;
		if (k < len && *p != comment) {
			if (S_is_ours(p, len))
				ours++;
			else
				other++;
		}
		p += len + (nl ? 1 : 0);
	}
	strbuf_release(&msg);
	if (ours && !other && S_commit_has("--allow-empty-message") <= 0) {
		fprintf(stderr, "Aborting commit due to empty commit message.\n"
				"git-thesis: the position trailers alone are no "
				"message.\n");
		return 1;
	}
	return 0;
}

/* ---- post-commit, post-merge, post-rewrite ---------------------------- */

static int S_diff_revs(struct thesis_repo *repo, const char *from,
		       const char *to, const char *title)
{
	struct event_list ev = EVENT_LIST_INIT;
	git_tree *a = NULL, *b = NULL;
	struct history h;

	history_init(&h, repo);
	h.use_cache = 1;
	if (repo_tree(&a, NULL, repo, from) < 0 || repo_tree(&b, NULL, repo, to) < 0 ||
	    history_diff_trees(&ev, &h, a, b) < 0)
		fprintf(stderr, "git-thesis: no summary: the notes could not "
				"be read\n");
	else
		S_summary(title, &ev);
	event_list_release(&ev);
	git_tree_free(a);
	git_tree_free(b);
	history_release(&h);
	return 0;
}

static int S_post_commit(struct thesis_repo *repo)
{
	struct event_list ev = EVENT_LIST_INIT;
	git_commit *c = NULL;
	struct history h;

	history_init(&h, repo);
	h.use_cache = 1;
	if (repo_commit(&c, repo, "HEAD") < 0 ||
	    history_commit_events(&ev, &h, c, 0) < 0)
		fprintf(stderr, "git-thesis: no summary: the notes could not "
				"be read\n");
	else
		S_summary(NULL, &ev);
	git_commit_free(c);
	event_list_release(&ev);
	history_release(&h);
	return 0;
}

/* post-rewrite gets "<old> <new> [<extra>]" lines; the last pair is the tip. */
static int S_post_rewrite(struct thesis_repo *repo, int argc,
			  const char **argv)
{
	char line[1024], old[GIT_OID_HEXSZ + 1] = "", new[GIT_OID_HEXSZ + 1] = "";

	if (argc > 0 && !strcmp(argv[0], "amend"))
		return 0; /* post-commit already spoke */
	while (fgets(line, sizeof(line), stdin))
		if (strlen(line) > 2 * GIT_OID_HEXSZ) {
			memcpy(old, line, GIT_OID_HEXSZ);
			memcpy(new, line + GIT_OID_HEXSZ + 1, GIT_OID_HEXSZ);
		}
	if (!*old)
		return 0;
	return S_diff_revs(repo, old, new,
			   "position changes the rewrite brought in:");
}

/*
 * A mistyped --vault or thesis.vault must not pass for an empty vault: the
 * local hooks read the index and HEAD, and the folder must be in one of
 * them (a repository with neither yet has nothing to check).
 */
static int S_check_vault(struct thesis_repo *repo)
{
	git_index *index = NULL;
	git_tree *head = NULL;
	char *prefix;
	size_t pos;
	int found = 0, empty = 1;

	if (!*repo->vault)
		return 0;
	prefix = xstrfmt("%s/", repo->vault);
	if (!git_repository_index(&index, repo->repo)) {
		empty = !git_index_entrycount(index);
		found = !git_index_find_prefix(&pos, index, prefix);
	}
	if (!found && git_repository_head_unborn(repo->repo) != 1 &&
	    !repo_tree(&head, NULL, repo, "HEAD")) {
		empty = 0;
		found = !repo_check_vault(repo, head, "HEAD");
	}
	git_index_free(index);
	git_tree_free(head);
	free(prefix);
	git_error_clear();
	error_clear();
	if (found || empty)
		return 0;
	return error_set("vault folder '%s' does not exist in the index or "
			 "at HEAD",
			 repo->vault);
}

int cmd_hook(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct option opts[] = {OPT_END()};
	const char *name;
	int ret = 0;

	argc = parse_options(argc, argv, opts, hook_usage,
			     PARSE_OPT_STOP_AT_NON_OPTION);
	if (!argc || !hooks_find(argv[0]))
		usage_msg(hook_usage, opts, argc ? "unknown hook '%s'"
						 : "no hook named%s",
			  argc ? argv[0] : "");
	name = argv[0];
	/* Never a pager, never a prompt: git is waiting on us. */
	ctx->no_pager = 1;
	/* repo_open() prints nothing: the hook says why it stands aside. */
	if (repo_open(&ctx->repo, ctx->vault_opt, &ctx->exclude_opt) < 0) {
		const char *why = error_pending();

		fprintf(stderr, "git-thesis: %s hook skipped: %s\n", name,
			why ? why : "cannot open the repository");
		error_clear();
		return 0;
	}
	/* On a server a ref may lack the vault: pre-receive says so per ref. */
	if (strcmp(name, "pre-receive") && S_check_vault(&ctx->repo) < 0)
		return error_print_fatal();
	if (!strcmp(name, "pre-commit"))
		ret = S_pre_commit(&ctx->repo);
	else if (!strcmp(name, "prepare-commit-msg"))
		ret = S_prepare_commit_msg(&ctx->repo, argc - 1, argv + 1);
	else if (!strcmp(name, "commit-msg"))
		ret = S_commit_msg(&ctx->repo, argc - 1, argv + 1);
	else if (!strcmp(name, "post-commit"))
		ret = S_post_commit(&ctx->repo);
	else if (!strcmp(name, "post-merge"))
		ret = S_diff_revs(&ctx->repo, "ORIG_HEAD", "HEAD",
				  "position changes the merge brought in:");
	else if (!strcmp(name, "post-rewrite"))
		ret = S_post_rewrite(&ctx->repo, argc - 1, argv + 1);
	else if (!strcmp(name, "pre-receive"))
		ret = hook_pre_receive(&ctx->repo);
	return ret;
}
