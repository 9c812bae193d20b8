/*
 * trailers: the Position-Change, Thesis-Change and Note-Change trailers
 * that describe a commit's change, and their place in its message.  The
 * prepare-commit-msg hook computes them for a commit of the index (the
 * combined change when the commit replaces HEAD: --amend, or a fixup or
 * squash of `git rebase -i`) and commit-msg recognises them; nothing here
 * prints or writes a file.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "history.h"
#include "repo.h"
#include "strbuf.h"
#include "trailers.h"
#include "util.h"

/* A trailer value on one line, whatever the note held. */
static void S_value(struct strbuf *sb, const char *v)
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
 * after the change declares it (or, for one removed with its target, or
 * without a vault to ask, a position).
 */
static const char *S_question_key(const struct vault *v, const char *id)
{
	const struct vault_target *t = v ? vault_target(v, id) : NULL;

	return t && t->declared && t->kind == TARGET_THESIS
		       ? "Thesis-Question"
		       : "Position-Question";
}

void trailers_from_events(struct strvec *out, const struct event_list *ev)
{
	trailers_from_events_in(out, ev, NULL);
}

void trailers_from_events_in(struct strvec *out, const struct event_list *ev,
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
		else if (e->kind == EVENT_NOTE && e->change != EVENT_MOVED)
			key = "Note-Change";
		else if (e->kind == EVENT_QUESTION)
			key = S_question_key(v, e->target);
		else
			continue;
		strbuf_addf(&t, "%s: ", key);
		if (e->kind == EVENT_QUESTION) {
			/* One trailer per question and target: the text is
			 * the note's, too long for a trailer. */
			S_value(&t, e->target);
			strbuf_addf(&t, " %s",
				    e->change == EVENT_MODIFIED
					    ? "rewritten"
					    : event_change_name(e->change));
		} else if (e->kind == EVENT_NOTE) {
			/* Carried targets: never removed (contract 2). */
			S_value(&t, e->note);
			strbuf_addf(&t, " %s", event_change_name(e->change));
			if (e->change == EVENT_BROKEN) {
				strbuf_addstr(&t, " at ");
				S_value(&t, e->new_value);
			}
		} else if (e->change == EVENT_RENAMED) {
			S_value(&t, e->old_value);
			strbuf_addstr(&t, " renamed -> ");
			S_value(&t, e->new_value);
		} else {
			S_value(&t, e->target);
			if (e->change == EVENT_ADDED ||
			    e->change == EVENT_REMOVED) {
				strbuf_addf(&t, " %s",
					    event_change_name(e->change));
			} else if (e->field && !strcmp(e->field, "stance")) {
				strbuf_addstr(&t, " stance rewritten");
			} else if (e->field &&
				   !strcmp(e->field, "supersedes")) {
				strbuf_addstr(&t, " supersedes ");
				S_value(&t, e->old_value);
				strbuf_addstr(&t, " -> ");
				S_value(&t, e->new_value);
			} else if (e->field) {
				strbuf_addf(&t, " %s ", e->field);
				S_value(&t, e->old_value);
				strbuf_addstr(&t, " -> ");
				S_value(&t, e->new_value);
			}
		}
		strvec_push_nodup(out, strbuf_detach(&t, NULL));
	}
}

char trailers_comment_char(struct thesis_repo *repo)
{
	char *cc = repo_config_string(repo, "core.commentChar");
	char c = cc && cc[0] && strcmp(cc, "auto") ? cc[0] : '#';

	free(cc);
	return c;
}

int trailers_scissors(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if (line[i] == '>' && line[i + 1] == '8')
			return 1;
	return 0;
}

int trailers_is_ours(const char *line, size_t len)
{
	return (len >= 16 && !strncmp(line, "Position-Change:", 16)) ||
	       (len >= 14 && !strncmp(line, "Thesis-Change:", 14)) ||
	       (len >= 12 && !strncmp(line, "Note-Change:", 12)) ||
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

static int S_blank_or_comment(const char *line, char comment)
{
	return !*line || *line == comment;
}

/*
 * Marks in `drop` our trailers in trailer paragraphs before line `upto`
 * (not the subject's): a squash joins messages that each end in our
 * trailers, and only those of the combined change may stay.  A paragraph
 * that held nothing else goes with the blank line before it.
 */
static void S_drop_earlier(char *drop, const struct strvec *lines, size_t upto,
			   char comment)
{
	size_t s = 0, e, i;

	while (s < upto) {
		int all_trailers = 1, all_ours = 1;

		if (S_blank_or_comment(lines->v[s], comment)) {
			s++;
			continue;
		}
		for (e = s;
		     e < upto && !S_blank_or_comment(lines->v[e], comment);
		     e++) {
			size_t len = strlen(lines->v[e]);

			all_trailers &= S_is_trailer_line(lines->v[e], len);
			all_ours &= trailers_is_ours(lines->v[e], len);
		}
		if (s > 0 && all_trailers) {
			for (i = s; i < e; i++)
				drop[i] = trailers_is_ours(lines->v[i],
							   strlen(lines->v[i]));
			if (all_ours && !*lines->v[s - 1])
				drop[s - 1] = 1;
		}
		s = e;
	}
}

void trailers_place(struct strbuf *out, const char *msg,
		    const struct strvec *trailers, char comment)
{
	struct strvec lines = STRVEC_INIT;
	const char *p = msg;
	size_t i, end, last, first_trailer;
	int in_block, ours_only;
	char *drop;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		strvec_push_nodup(&lines, xstrndup(p, len));
		p += len + (nl ? 1 : 0);
	}
	/* The message proper ends at the scissors line or the comments. */
	for (end = 0; end < lines.nr; end++)
		if (lines.v[end][0] == comment &&
		    trailers_scissors(lines.v[end], strlen(lines.v[end])))
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
	drop = xcalloc(lines.nr + 1, 1);
	S_drop_earlier(drop, &lines, in_block ? first_trailer : last, comment);
	ours_only = in_block;
	for (i = first_trailer; in_block && i < last; i++)
		ours_only &= trailers_is_ours(lines.v[i], strlen(lines.v[i]));
	if (!last) {
		/* No message yet: leave line 1 for the subject, as -s does. */
		if (trailers->nr)
			strbuf_addstr(out, "\n\n");
	} else {
		/* Our own block goes, blank line and all. */
		size_t body_end = ours_only ? first_trailer - 1 : last;

		for (i = 0; i < body_end; i++) {
			if (drop[i] ||
			    (in_block && i >= first_trailer &&
			     trailers_is_ours(lines.v[i], strlen(lines.v[i]))))
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
	free(drop);
}

int trailers_rebase_amends(struct thesis_repo *repo)
{
	char *path = xstrfmt("%srebase-merge/current-fixups",
			     git_repository_path(repo->repo));
	struct stat st;
	int yes = !stat(path, &st) && st.st_size > 0;

	free(path);
	return yes;
}

int trailers_for_index(struct strvec *out, struct thesis_repo *repo, int amend)
{
	struct event_list ev = EVENT_LIST_INIT;
	git_commit *head = NULL, *base = NULL;
	struct history h;
	int err = 0;

	history_init(&h, repo);
	h.use_cache = 1;
	if (git_repository_head_unborn(repo->repo) != 1) {
		if (repo_commit(&head, repo, "HEAD") < 0) {
			err = -1;
			goto done;
		}
		/* Replacing HEAD: the change is from HEAD's parent on. */
		if (!amend) {
			base = head;
			head = NULL;
		} else if (git_commit_parentcount(head) &&
			   git_commit_parent(&base, head, 0) < 0) {
			err = error_git("cannot read the parent of HEAD");
			goto done;
		}
	}
	/* The commit goes on top of `base`: the index carries from there. */
	err = history_diff_index(&ev, &h, base,
				 base ? git_commit_id(base) : NULL, NULL);
	if (!err)
		trailers_from_events_in(out, &ev, &h.vault);
done:
	event_list_release(&ev);
	git_commit_free(head);
	git_commit_free(base);
	history_release(&h);
	return err;
}
