/*
 * What the hooks and `git thesis hooks` say, from the results of
 * localhooks.c and hookinstall.c.  Hook text goes to stderr (git shows
 * it); the caller decides where each piece goes.
 */
#include "hookinstall.h"
#include "render.h"

/* Past this many target events a summary only counts the rest. */
#define SUMMARY_MAX 20

void render_text_hook_summary(struct strbuf *sb, const struct output *o,
			      const char *title, const struct event *ev,
			      size_t nr)
{
	size_t i, shown = 0, mappings = 0, mentions = 0, moves = 0;

	for (i = 0; i < nr; i++) {
		const struct event *e = &ev[i];

		if (e->kind == EVENT_MAPPING) {
			mappings++;
			continue;
		}
		if (e->kind == EVENT_MENTION) {
			mentions++;
			continue;
		}
		/* A broken or repaired note is news: say it, like a target. */
		if (e->kind == EVENT_NOTE && e->change == EVENT_MOVED) {
			moves++;
			continue;
		}
		if (!shown++ && title)
			strbuf_addf(sb, "git-thesis: %s\n", title);
		if (shown > SUMMARY_MAX)
			continue;
		strbuf_addstr(sb, "git-thesis:   ");
		render_text_event(sb, o, e);
		strbuf_addch(sb, '\n');
	}
	if (shown > SUMMARY_MAX)
		strbuf_addf(sb, "git-thesis:   ... and %zu more\n",
			    shown - SUMMARY_MAX);
	if (mappings || mentions || moves) {
		if (!shown && title)
			strbuf_addf(sb, "git-thesis: %s\n", title);
		strbuf_addf(sb,
			    "git-thesis:   %zu mapping change%s, %zu mention "
			    "change%s, %zu note%s moved\n",
			    mappings, mappings == 1 ? "" : "s", mentions,
			    mentions == 1 ? "" : "s", moves,
			    moves == 1 ? "" : "s");
	}
}

void render_text_pre_commit(struct strbuf *sb, const struct output *o,
			    const struct check_item *items, size_t nr,
			    size_t errors)
{
	render_text_check(sb, o, items, nr);
	if (errors)
		strbuf_addf(sb,
			    "git-thesis: commit stopped: %zu error%s in the "
			    "staged notes.\n"
			    "git-thesis: fix them, or commit with --no-verify "
			    "to skip this check.\n",
			    errors, errors == 1 ? "" : "s");
}

void render_text_hookinstall_step(struct strbuf *sb,
				  const struct hookinstall_step *s)
{
	switch (s->kind) {
	case HOOKINSTALL_ALREADY:
		strbuf_addf(sb, "%s: already installed\n", s->hook);
		break;
	case HOOKINSTALL_INSTALLED:
		strbuf_addf(sb, "%s: installed\n", s->hook);
		break;
	case HOOKINSTALL_INSTALLED_CHAINED:
		strbuf_addf(sb, "%s: installed (runs the kept hook first)\n",
			    s->hook);
		break;
	case HOOKINSTALL_KEPT:
		strbuf_addf(sb, "%s: kept the existing hook as %s\n", s->hook,
			    s->arg);
		break;
	case HOOKINSTALL_REMOVED:
		strbuf_addf(sb, "%s: removed\n", s->hook);
		break;
	case HOOKINSTALL_RESTORED:
		strbuf_addf(sb, "%s: removed; the earlier hook is back\n",
			    s->hook);
		break;
	case HOOKINSTALL_LEFT_ALONE:
		strbuf_addf(sb, "%s: not a git-thesis hook; left alone\n",
			    s->hook);
		break;
	case HOOKINSTALL_NOT_INSTALLED:
		strbuf_addf(sb, "%s: not installed\n", s->hook);
		break;
	case HOOKINSTALL_TEXTCONV_OTHER:
		/* The user's own configuration, shown as git config would. */
		strbuf_addf(sb,
			    "textconv: diff.thesis.textconv is already '%s'; "
			    "left alone\n",
			    s->arg);
		break;
	case HOOKINSTALL_TEXTCONV_SET:
		strbuf_addstr(sb,
			      "textconv: 'git log -p' and 'git diff' show "
			      "note facts (" HOOKINSTALL_ATTRIBUTES_LINE ")\n");
		break;
	case HOOKINSTALL_FAILED:
		/* An error: the command prints its message as one. */
		break;
	}
}

void render_text_hookinstall_status(struct strbuf *sb,
				    const struct hookinstall_status *st)
{
	static const char *const words[] = {
		[HOOKINSTALL_ABSENT] = "not installed",
		[HOOKINSTALL_OURS] = "installed",
		[HOOKINSTALL_OUTDATED] =
			("installed, outdated (run 'git thesis "
			 "hooks install')"),
		[HOOKINSTALL_FOREIGN] = "another tool's hook",
	};
	size_t i;

	for (i = 0; i < st->nr; i++)
		strbuf_addf(sb, "%-19s %s%s\n", st->v[i].hook,
			    words[st->v[i].state],
			    st->v[i].chained ? "; runs the kept hook first"
					     : "");
	strbuf_addf(sb, "%-19s %s\n", "textconv",
		    st->textconv ? "installed" : "not installed");
}
