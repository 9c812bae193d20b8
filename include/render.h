#ifndef THESIS_RENDER_H
#define THESIS_RENDER_H

/*
 * render: turning resolved facts into text or JSON.  Renderers append to a
 * strbuf and never touch the repository; every string that came from a
 * note passes through strbuf_add_terminal_safe() (text) or
 * strbuf_add_json_str() (JSON) on its way out.
 *
 * JSON shapes here are a documented, stable interface (git-thesis(1)).
 *
 * Layer: renderers, the last one (repository -> notes -> facts -> events ->
 * results -> renderers; see src/README).  Nothing here or in what it
 * includes may pull in <git2.h>: renderers get resolved data (`make
 * check-layers` checks it).
 */

#include "output.h"
#include "strbuf.h"
#include "vault.h"

/* A diagnostic with the note it belongs to, for check. */
struct check_item {
	const char *path;            /* borrowed */
	const struct note_diag *diag; /* borrowed */
};

/* `positions`: a table (text) or a JSON array of target objects. */
void render_text_positions(struct strbuf *sb, const struct output *o,
			   const struct vault_target **targets, size_t nr);
void render_json_positions(struct strbuf *sb,
			   const struct vault_target **targets, size_t nr);

/* `show`: one target's card with its mappings and mentions. */
void render_text_card(struct strbuf *sb, const struct output *o,
		      const struct vault *v, const struct vault_target *t);
void render_json_card(struct strbuf *sb, const struct vault *v,
		      const struct vault_target *t);

/*
 * A target's mappings as `show` lists them: strongest first (strong,
 * moderate, weak, then any other word), then by note path.  Fills `*out`
 * (free() it); returns the count.
 */
struct card_mapping {
	const char *path;		 /* borrowed */
	const struct mapping_decl *decl; /* borrowed */
};
size_t render_card_mappings(struct card_mapping **out, const struct vault *v,
			    const struct vault_target *t);

/* `check --suggest`: the suggestions suggest_collect() found (suggest.h). */
struct suggestions;
void render_text_suggest(struct strbuf *sb, const struct output *o,
			 const struct suggestions *list);
void render_json_suggest(struct strbuf *sb, const struct suggestions *list);

/* `check`: `path:line:column: severity: message` lines, or JSON lines. */
void render_text_check(struct strbuf *sb, const struct output *o,
		       const struct check_item *items, size_t nr);
void render_json_check(struct strbuf *sb, const struct check_item *items,
		       size_t nr);

/* `parse`: everything one note says, with names resolved in `v`. */
void render_text_note(struct strbuf *sb, const struct output *o,
		      const struct vault *v, const struct vault_note *vn);
void render_json_note(struct strbuf *sb, const struct vault *v,
		      const struct vault_note *vn);

/*
 * Events, grouped under their commit (`c` may have a NULL id for staged
 * or working tree changes: then no commit header).  JSON is one object a
 * line with exactly the contract's keys.
 */
#include "events.h"
void render_text_events(struct strbuf *sb, const struct output *o,
			const struct commit_info *c, const struct event *ev,
			size_t nr);
void render_json_events(struct strbuf *sb, const struct commit_info *c,
			const struct event *ev, size_t nr);
void render_markdown_events(struct strbuf *sb, const struct commit_info *c,
			    const struct event *ev, size_t nr);
/* One event as a line of text (no indentation, no newline). */
void render_text_event(struct strbuf *sb, const struct output *o,
		       const struct event *e);

/*
 * `blame`: one current field, mapping or open question and the commit
 * that set it.
 */
struct blame_line {
	const char *field;   /* a target field, or NULL */
	int question;        /* an open question (field NULL) */
	const char *value;   /* its value; a mapping: "<strength> <effect>";
			      * a question: its text */
	const char *note;    /* a mapping's or question's note, else NULL */
	const char *strength; /* a mapping's strength (NULL: none), effect */
	const char *effect;
	const struct commit_info *commit; /* NULL: not within the history */
};
void render_text_blame(struct strbuf *sb, const struct output *o,
		       const struct vault_target *t,
		       const struct blame_line *lines, size_t nr);
void render_json_blame(struct strbuf *sb, const struct vault_target *t,
		       const struct blame_line *lines, size_t nr);

#include "review.h"
void render_text_review(struct strbuf *sb, const struct output *o,
			const struct review *r);
void render_json_review(struct strbuf *sb, const struct review *r);
void render_markdown_review(struct strbuf *sb, const struct review *r);

/*
 * `report`: the HTML page and a standalone SVG document of one target's
 * timeline, from the report report_build() filled (report.h).
 */
struct report;
struct report_target;
struct report_render_opts;
void render_html_report(struct strbuf *sb, const struct report *r,
			const struct report_render_opts *o);
void render_svg_target(struct strbuf *sb, const struct report *r,
		       const struct report_target *t,
		       const struct report_render_opts *o);

/*
 * `sync` (sync.h): one message of the result into `sb`; returns 1 when
 * it goes to stdout, 2 to stderr, 0 when --quiet hides it.  Then the
 * report of what came in and went out, as `log` shows events.
 */
#include "sync.h"
int render_sync_message(struct strbuf *sb, const struct output *o,
			const struct sync_message *m, int quiet);
void render_text_sync_report(struct strbuf *sb, const struct output *o,
			     const struct sync_result *r);
void render_json_sync_report(struct strbuf *sb, const struct sync_result *r);

/*
 * The hooks (localhooks.h): what a commit, merge or rewrite brought in,
 * its targets' events first (at most 20) then a count of the rest, under
 * `title` (NULL: none); and pre-commit's diagnostics with, when `errors`,
 * why the commit stopped.
 */
void render_text_hook_summary(struct strbuf *sb, const struct output *o,
			      const char *title, const struct event *ev,
			      size_t nr);
void render_text_pre_commit(struct strbuf *sb, const struct output *o,
			    const struct check_item *items, size_t nr,
			    size_t errors);

/*
 * `hooks install|uninstall|status` (hookinstall.h): one step's line
 * (nothing for a failed step: the command prints its message as an
 * error), and every hook's state.
 */
struct hookinstall_step;
struct hookinstall_status;
void render_text_hookinstall_step(struct strbuf *sb,
				  const struct hookinstall_step *s);
void render_text_hookinstall_status(struct strbuf *sb,
				    const struct hookinstall_status *st);

/* Appends `s` with Markdown punctuation escaped, controls made visible. */
void strbuf_add_markdown(struct strbuf *sb, const char *s);

/*
 * `show --history`: a target's story (story.h): each status with its
 * commit, `Why:` and the evidence before it; its stances; its questions.
 * `title` (may be NULL) is the target's title at the tip.
 */
#include "story.h"
void render_text_story(struct strbuf *sb, const struct output *o,
		       const struct story_target *t, const char *title);
void render_json_story(struct strbuf *sb, const struct story_target *t,
		       const char *title);

/* Shared pieces. */
void render_json_target(struct strbuf *sb, const struct vault_target *t);
/* Appends a note-derived value for a terminal; NULL as `null_text`. */
void render_text_value(struct strbuf *sb, const char *s,
		       const char *null_text);
/* A colour for a status word, or "" */
const char *render_status_color(const char *status);

#endif
