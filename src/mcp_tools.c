/*
 * The tools of `git thesis mcp`: one table, one small handler each.
 *
 * A read tool gives exactly what the command's `--format=json` gives, so
 * the two can never disagree: positions, show, review and read_note call
 * the engines and the JSON renderers the commands use; log, blame, diff
 * and check run the command itself in a child process and read its JSON
 * (their engines still live in their cmd_*.c files; a child also keeps an
 * engine's die() from ending the server).  The rendered JSON is loaded
 * into jansson to be embedded: there is one JSON renderer, render_json.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "blame.h"
#include "cmd.h"
#include "date.h"
#include "diffcmd.h"
#include "history.h"
#include "log.h"
#include "mcp.h"
#include "mcp_tools.h"
#include "reader.h"
#include "record.h"
#include "render.h"
#include "review.h"
#include "revs.h"
#include "trailers.h"
#include "output.h"
#include "util.h"
#include "vocab.h"

static struct thesis_repo *S_repo(const struct mcp_call *c)
{
	return c->server->data;
}

/* The last error() message, for an isError result. */
static int S_fail(struct mcp_call *c, const char *what)
{
	const char *msg = error_last_message();
	int ret = mcp_call_error(c, "%s", *msg ? msg : what);

	/* Reported: no later call may take it for its own. */
	error_clear();
	return ret;
}

/* Loads rendered JSON (text) into the call's result, under `key` if set. */
static int S_take_json(struct mcp_call *c, const struct strbuf *sb,
		       const char *key)
{
	json_error_t jerr;
	json_t *v = json_loadb(sb->buf, sb->len, JSON_DECODE_ANY, &jerr);

	if (!v)
		return mcp_call_error(c, "internal error: %s", jerr.text);
	if (key) {
		c->result = json_object();
		json_object_set_new(c->result, key, v);
	} else {
		c->result = v;
	}
	return 0;
}

/* JSON lines (events, diagnostics) as one array under `key`. */
static int S_take_lines(struct mcp_call *c, const struct strbuf *sb,
			const char *key)
{
	json_t *arr = json_array();
	const char *p = sb->buf, *end = sb->buf + sb->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		json_error_t jerr;
		json_t *v;

		if (len) {
			v = json_loadb(p, len, 0, &jerr);
			if (!v) {
				json_decref(arr);
				return mcp_call_error(c, "internal error: %s",
						      jerr.text);
			}
			json_array_append_new(arr, v);
		}
		p += len + 1;
	}
	c->result = json_object();
	json_object_set_new(c->result, key, arr);
	return 0;
}

/*
 * Runs `git thesis <argv...> --format=json` in a child and reads its
 * standard output into `out`.  Exit 0 or 1 (findings) is success; else
 * the child's last error line is the call's error.  The child's stderr
 * goes on to ours: the server's log.
 */
static int S_run_command(struct strbuf *out, struct mcp_call *c,
			 int (*fn)(int, const char **, struct cmd_ctx *),
			 const struct strvec *args)
{
	int fds[2], status = 0;
	FILE *err = tmpfile();
	struct strbuf msg = STRBUF_INIT;
	char buf[8192], *last;
	ssize_t n;
	pid_t pid;

	if (!err || pipe(fds) < 0) {
		if (err)
			fclose(err);
		return mcp_call_error(c, "cannot start %s: %s", args->v[0],
				      strerror(errno));
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		fclose(err);
		return mcp_call_error(c, "cannot fork: %s", strerror(errno));
	}
	if (!pid) {
		struct cmd_ctx ctx = {*S_repo(c), NULL, STRVEC_INIT, 1, 0};
		const char **argv = xcalloc(args->nr + 1, sizeof(*argv));
		size_t i;
		int ret;

		for (i = 0; i < args->nr; i++)
			argv[i] = args->v[i];
		close(fds[0]);
		if (dup2(fds[1], 1) < 0 || dup2(fileno(err), 2) < 0)
			_exit(EXIT_FATAL);
		close(fds[1]);
		ret = fn((int)args->nr, argv, &ctx);
		/* What main() would say at the top, for the result below. */
		if (ret == EXIT_FATAL)
			error_print_fatal();
		fflush(stdout);
		fflush(stderr);
		free(argv);
		_exit(ret);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		strbuf_add(out, buf, (size_t)n);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	rewind(err);
	while ((n = (ssize_t)fread(buf, 1, sizeof(buf), err)) > 0)
		strbuf_add(&msg, buf, (size_t)n);
	fclose(err);
	fwrite(msg.buf, 1, msg.len, stderr);
	if (WIFEXITED(status) &&
	    (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 1)) {
		strbuf_release(&msg);
		return 0;
	}
	strbuf_rtrim(&msg);
	last = strrchr(msg.buf, '\n');
	last = last ? last + 1 : msg.buf;
	skip_prefix(last, "git-thesis: ", (const char **)&last);
	if (!skip_prefix(last, "error: ", (const char **)&last))
		skip_prefix(last, "fatal: ", (const char **)&last);
	mcp_call_error(c, "%s", *last ? last : "the command failed");
	strbuf_release(&msg);
	return -1;
}

/* A revision argument must not be read as an option. */
static int S_check_rev(struct mcp_call *c, const char *arg)
{
	const char *v = mcp_arg_str(c, arg);

	if (v && (!*v || *v == '-'))
		return mcp_call_error(c, "%s: '%s' is not a revision", arg, v);
	return 0;
}

/* The full id of the commit `rev` names (HEAD when NULL), or null. */
static json_t *S_commit_id(struct mcp_call *c, const char *rev)
{
	git_commit *commit = NULL;
	json_t *v;

	if (repo_commit(&commit, S_repo(c), rev ? rev : "HEAD") < 0)
		return json_null();
	v = json_string(git_oid_tostr_s(git_commit_id(commit)));
	git_commit_free(commit);
	return v;
}

/* ---- positions, show ---------------------------------------------------- */

/* Resolves `at` / `as_of` to a revision; `buf` holds an --as-of result. */
static int S_at(const char **out, struct mcp_call *c,
		char buf[GIT_OID_HEXSZ + 1])
{
	const char *at = mcp_arg_str(c, "at"), *as_of = mcp_arg_str(c, "as_of");

	if (S_check_rev(c, "at") < 0)
		return -1;
	*out = at;
	if (as_of) {
		if (revs_as_of(buf, S_repo(c), at, as_of) < 0)
			return S_fail(c, "no commit at that date");
		*out = buf;
	}
	return 0;
}

static int T_positions(struct mcp_call *c)
{
	const char *at, *kind = mcp_arg_str(c, "kind");
	int undeclared = mcp_arg_bool(c, "undeclared", 0), ret = -1;
	int want_kind = kind ? target_kind_parse(kind) : -1;
	char as_of[GIT_OID_HEXSZ + 1];
	const struct vault_target **targets = NULL;
	struct strbuf sb = STRBUF_INIT;
	struct reader reader;
	struct vault vault;
	size_t nr, i, kept = 0;

	if (S_at(&at, c, as_of) < 0)
		return -1;
	reader_init(&reader, S_repo(c));
	vault_init(&vault, S_repo(c)->vault);
	vault_set_context(&vault, &S_repo(c)->context);
	int loaded = reader_load(&vault, &reader, READ_TREE, at);

	output_warnings(&reader.warnings);
	if (loaded < 0) {
		S_fail(c, "cannot read the vault");
		goto done;
	}
	vault_balance(&vault);
	nr = vault_targets(&targets, &vault, undeclared && want_kind < 0);
	for (i = 0; i < nr; i++)
		if (want_kind < 0 || (int)targets[i]->kind == want_kind)
			targets[kept++] = targets[i];
	render_json_positions(&sb, targets, kept);
	ret = S_take_json(c, &sb, "targets");
	if (!ret)
		json_object_set_new(c->result, "commit", S_commit_id(c, at));
done:
	free(targets);
	strbuf_release(&sb);
	vault_release(&vault);
	reader_release(&reader);
	return ret;
}

static int T_show(struct mcp_call *c)
{
	const char *at, *name = mcp_arg_str(c, "target");
	char as_of[GIT_OID_HEXSZ + 1];
	const struct vault_target *t;
	struct strbuf sb = STRBUF_INIT;
	struct reader reader;
	struct vault vault;
	int ret = -1;

	if (S_at(&at, c, as_of) < 0)
		return -1;
	reader_init(&reader, S_repo(c));
	vault_init(&vault, S_repo(c)->vault);
	vault_set_context(&vault, &S_repo(c)->context);
	/* As `show` does: the card lists unlinked mentions. */
	vault_want_unlinked(&vault);
	int loaded = reader_load(&vault, &reader, READ_TREE, at);

	output_warnings(&reader.warnings);
	if (loaded < 0) {
		S_fail(c, "cannot read the vault");
		goto done;
	}
	vault_balance(&vault);
	t = vault_lookup(&vault, name);
	if (!t) {
		mcp_call_error(
			c, "no position, thesis or mapped target '%s' at %s",
			name, at ? at : "HEAD");
		goto done;
	}
	render_json_card(&sb, &vault, t);
	ret = S_take_json(c, &sb, NULL);
done:
	strbuf_release(&sb);
	vault_release(&vault);
	reader_release(&reader);
	return ret;
}

/* ---- log, blame, diff: the engines; check: the command itself --------- */

/* An engine's failure: its pending message is the call's error. */
static int S_engine_fail(struct mcp_call *c, const char *what)
{
	const char *msg = error_pending();
	int ret = mcp_call_error(c, "%s", msg ? msg : what);

	error_clear();
	return ret;
}

static int T_log(struct mcp_call *c)
{
	struct log_opts lopts = LOG_OPTS_INIT;
	struct log_result *res = NULL;
	struct strvec revs = STRVEC_INIT, names = STRVEC_INIT,
		      fields = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	const char *range = mcp_arg_str(c, "range"),
		   *target = mcp_arg_str(c, "target"),
		   *kind = mcp_arg_str(c, "kind"),
		   *field = mcp_arg_str(c, "field"),
		   *since = mcp_arg_str(c, "since"),
		   *until = mcp_arg_str(c, "until");
	size_t i;
	int ret = -1;

	if (S_check_rev(c, "range") < 0)
		return -1;
	if (kind) {
		int k = event_kind_parse(kind);

		if (k < 0)
			return mcp_call_error(c, "unknown kind '%s'", kind);
		lopts.kinds = 1u << k;
	}
	if (field) {
		if (!log_field_valid(field))
			return mcp_call_error(c, "unknown field '%s'", field);
		strvec_push(&fields, field);
	}
	lopts.fields = &fields;
	if ((since && date_parse(&lopts.since, since) < 0) ||
	    (until && date_parse(&lopts.until, until) < 0)) {
		ret = S_engine_fail(c, "bad date");
		goto done;
	}
	lopts.have_since = !!since;
	lopts.have_until = !!until;
	lopts.author = mcp_arg_str(c, "author");
	if (json_object_get(c->args, "limit"))
		lopts.max_count = (int)mcp_arg_int(c, "limit", 0);
	if (range)
		strvec_push(&revs, range);
	if (target)
		strvec_push(&names, target);
	lopts.revs = &revs;
	lopts.targets = &names;
	lopts.targets_after_dashdash = 1;
	if (log_run(&res, S_repo(c), &lopts) < 0) {
		ret = S_engine_fail(c, "the log failed");
		goto done;
	}
	for (i = 0; i < res->nr; i++)
		render_json_events(&sb, &res->v[i].commit, res->v[i].events.v,
				   res->v[i].events.nr);
	ret = S_take_lines(c, &sb, "events");
done:
	log_result_free(res);
	strvec_release(&revs);
	strvec_release(&names);
	strvec_release(&fields);
	strbuf_release(&sb);
	return ret;
}

static int T_blame(struct mcp_call *c)
{
	struct blame_result *res = NULL;
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (S_check_rev(c, "at") < 0)
		return -1;
	if (blame_run(&res, S_repo(c), mcp_arg_str(c, "target"),
		      mcp_arg_str(c, "at")) < 0)
		return S_engine_fail(c, "blame failed");
	render_json_blame(&sb, res->target, res->lines, res->nr);
	ret = S_take_json(c, &sb, NULL);
	blame_result_free(res);
	strbuf_release(&sb);
	return ret;
}

static int T_diff(struct mcp_call *c)
{
	struct diffcmd_opts dopts = DIFFCMD_OPTS_INIT;
	struct diffcmd_result *res = NULL;
	struct strbuf sb = STRBUF_INIT;
	const char *from = mcp_arg_str(c, "from"), *to = mcp_arg_str(c, "to");
	const char *args[2];
	int staged = mcp_arg_bool(c, "staged", 0), ret;

	if (S_check_rev(c, "from") < 0 || S_check_rev(c, "to") < 0)
		return -1;
	if (staged && to)
		return mcp_call_error(c, "staged compares the index with one "
					 "commit (from); give no 'to'");
	if (!staged && !from)
		return mcp_call_error(c, "give 'from' (and 'to', default "
					 "HEAD), or staged");
	dopts.staged = staged;
	dopts.args = args;
	if (from)
		args[dopts.args_nr++] = from;
	if (!staged)
		args[dopts.args_nr++] = to ? to : "HEAD";
	if (diffcmd_run(&res, S_repo(c), &dopts) < 0)
		return S_engine_fail(c, "the diff failed");
	render_json_events(&sb, &res->commit, res->events.v, res->events.nr);
	ret = S_take_lines(c, &sb, "events");
	diffcmd_result_free(res);
	strbuf_release(&sb);
	return ret;
}

static int T_check(struct mcp_call *c)
{
	struct strvec argv = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	const char *at = mcp_arg_str(c, "at");
	int ret = -1;

	if (S_check_rev(c, "at") < 0)
		return -1;
	if (at && mcp_arg_bool(c, "staged", 0))
		return mcp_call_error(c, "give 'at' or 'staged', not both");
	strvec_push(&argv, "check");
	strvec_push(&argv, "--format=json");
	if (mcp_arg_bool(c, "staged", 0))
		strvec_push(&argv, "--staged");
	if (at)
		strvec_push(&argv, at);
	if (!S_run_command(&sb, c, cmd_check, &argv))
		ret = S_take_lines(c, &sb, "diagnostics");
	strvec_release(&argv);
	strbuf_release(&sb);
	return ret;
}

/* ---- review, read_note ------------------------------------------------- */

static int T_review(struct mcp_call *c)
{
	const char *range = mcp_arg_str(c, "range"), *p;
	struct review rv = REVIEW_INIT;
	struct strvec revs = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct history h;
	int ret = -1;

	/* Words as the command line would split them: `main ^topic`. */
	for (p = range; *p;) {
		size_t len;

		while (*p == ' ')
			p++;
		len = strcspn(p, " ");
		if (len && *p == '-')
			return mcp_call_error(c,
					      "range: '%s' is not a "
					      "revision range",
					      range);
		if (len)
			strvec_push_nodup(&revs, xstrndup(p, len));
		p += len;
	}
	if (!revs.nr)
		return mcp_call_error(c, "range: give a revision range, e.g. "
					 "main..topic");
	rv.range = range;
	history_init(&h, S_repo(c));
	if (review_build(&rv, &h, &revs) < 0)
		S_fail(c, "cannot build the review");
	else {
		render_json_review(&sb, &rv);
		ret = S_take_json(c, &sb, NULL);
	}
	review_release(&rv);
	history_release(&h);
	strvec_release(&revs);
	strbuf_release(&sb);
	return ret;
}

/* The bytes of `path` in the tree of `rev`; a domain error if absent. */
static int S_read_blob(struct strbuf *out, struct mcp_call *c, const char *rev,
		       const char *path)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	int ret = -1;

	if (repo_tree(&tree, NULL, S_repo(c), rev) < 0)
		return S_fail(c, "bad revision");
	if (git_tree_entry_bypath(&e, tree, path) < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    git_blob_lookup(&blob, S_repo(c)->repo, git_tree_entry_id(e)) < 0) {
		mcp_call_error(c, "no note '%s' at %s", path, rev);
		goto done;
	}
	strbuf_add(out, git_blob_rawcontent(blob),
		   (size_t)git_blob_rawsize(blob));
	ret = 0;
done:
	git_blob_free(blob);
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_error_clear();
	return ret;
}

static int T_read_note(struct mcp_call *c)
{
	const char *at = mcp_arg_str(c, "at"), *path = mcp_arg_str(c, "path");
	struct strbuf text = STRBUF_INIT, sb = STRBUF_INIT;
	const struct vault_note *vn;
	struct reader reader;
	struct vault vault;
	int ret = -1;

	if (S_check_rev(c, "at") < 0)
		return -1;
	if (!at)
		at = "HEAD";
	reader_init(&reader, S_repo(c));
	vault_init(&vault, S_repo(c)->vault);
	vault_set_context(&vault, &S_repo(c)->context);
	if (S_read_blob(&text, c, at, path) < 0)
		goto done;
	int loaded = reader_load(&vault, &reader, READ_TREE, at);

	output_warnings(&reader.warnings);
	if (loaded < 0) {
		S_fail(c, "cannot read the vault");
		goto done;
	}
	vault_resolve(&vault);
	vn = strmap_get(&vault.notes, path);
	if (!vn) {
		mcp_call_error(c, "'%s' is not a note of the vault at %s", path,
			       at);
		goto done;
	}
	strbuf_addstr(&sb, "{\"path\":");
	strbuf_add_json_str(&sb, path);
	strbuf_addstr(&sb, ",\"text\":");
	strbuf_add_json_strn(&sb, text.buf, text.len);
	strbuf_addstr(&sb, ",\"facts\":");
	render_json_note(&sb, &vault, vn);
	strbuf_addstr(&sb, "}");
	ret = S_take_json(c, &sb, NULL);
done:
	strbuf_release(&text);
	strbuf_release(&sb);
	vault_release(&vault);
	reader_release(&reader);
	return ret;
}

/* ---- record ---------------------------------------------------------- */

static int T_record(struct mcp_call *c)
{
	struct record_change change = {mcp_arg_str(c, "field"),
				       mcp_arg_str(c, "value")};
	struct record_opts opts = RECORD_OPTS_INIT;
	struct record_result res = RECORD_RESULT_INIT;
	struct strbuf sb = STRBUF_INIT;
	int ret = -1;

	opts.target = mcp_arg_str(c, "target");
	opts.changes = &change;
	opts.changes_nr = 1;
	opts.why = mcp_arg_str(c, "why");
	opts.expect = mcp_arg_str(c, "expected_head");
	opts.recorded_by = c->server->client_name ? c->server->client_name
						  : "an MCP client";
	opts.check = hook_pre_commit_check;
	opts.trailers = trailers_from_events;
	if (record_run(&res, S_repo(c), &opts) < 0) {
		S_fail(c, "record failed");
		goto done;
	}
	record_result_json(&sb, &res);
	ret = S_take_json(c, &sb, NULL);
done:
	record_result_release(&res);
	strbuf_release(&sb);
	return ret;
}

/* ---- the table ------------------------------------------------------- */

static const char *const kinds[] = {"position", "thesis", NULL};
static const char *const event_kinds[] = {
	"position", "thesis", "mapping", "mention", "question", "note", NULL};
static const char *const record_fields[] = {"status", "confidence", "stance",
					    "owner",  "title",	    NULL};

#define ARG_AT                                                                \
	{                                                                     \
		"at", MCP_ARG_STRING, 0,                                      \
			"a git revision to read the vault at (default HEAD)", \
			NULL                                                  \
	}
#define ARG_TARGET(req)                                                     \
	{                                                                   \
		"target", MCP_ARG_STRING, (req),                            \
			"a target: its id, title, alias or a [[wikilink]]", \
			NULL                                                \
	}
#define ARG_END                        \
	{                              \
		NULL, 0, 0, NULL, NULL \
	}

static const struct mcp_arg positions_args[] = {
	ARG_AT,
	{"as_of", MCP_ARG_STRING, 0,
	 "a date: the last commit on the first-parent line at or before it",
	 NULL},
	{"kind", MCP_ARG_STRING, 0, "only targets of this kind", kinds},
	{"undeclared", MCP_ARG_BOOLEAN, 0,
	 "also list mapped targets no note declares", NULL},
	ARG_END,
};
static const struct mcp_arg show_args[] = {ARG_TARGET(1), ARG_AT, ARG_END};
static const struct mcp_arg log_args[] = {
	{"range", MCP_ARG_STRING, 0,
	 "a revision or range in git's syntax (default HEAD): main..topic",
	 NULL},
	ARG_TARGET(0),
	{"kind", MCP_ARG_STRING, 0, "only events of this kind", event_kinds},
	{"field", MCP_ARG_STRING, 0,
	 "only modifications of this field (status, confidence, ...)", NULL},
	{"since", MCP_ARG_STRING, 0, "only commits more recent than a date",
	 NULL},
	{"until", MCP_ARG_STRING, 0, "only commits older than a date", NULL},
	{"author", MCP_ARG_STRING, 0,
	 "only commits whose author matches (a "
	 "regular expression)",
	 NULL},
	{"limit", MCP_ARG_INTEGER, 0, "at most this many commits with events",
	 NULL},
	ARG_END,
};
static const struct mcp_arg blame_args[] = {ARG_TARGET(1), ARG_AT, ARG_END};
static const struct mcp_arg review_args[] = {
	{"range", MCP_ARG_STRING, 1,
	 "a revision range in git's syntax, e.g. main..topic", NULL},
	ARG_END,
};
static const struct mcp_arg diff_args[] = {
	{"from", MCP_ARG_STRING, 0,
	 "the older revision (with staged: the commit to compare the index "
	 "with, default HEAD)",
	 NULL},
	{"to", MCP_ARG_STRING, 0, "the newer revision (default HEAD)", NULL},
	{"staged", MCP_ARG_BOOLEAN, 0,
	 "compare the index (staged changes) instead", NULL},
	ARG_END,
};
static const struct mcp_arg check_args[] = {
	ARG_AT,
	{"staged", MCP_ARG_BOOLEAN, 0, "check the notes in the index", NULL},
	ARG_END,
};
static const struct mcp_arg read_note_args[] = {
	{"path", MCP_ARG_STRING, 1,
	 "the note's path in the repository, e.g. positions/x.md", NULL},
	ARG_AT,
	ARG_END,
};
static const struct mcp_arg record_args[] = {
	ARG_TARGET(1),
	{"field", MCP_ARG_STRING, 1, "the field to change", record_fields},
	{"value", MCP_ARG_STRING, 1,
	 "the new value: a status of the target's kind, a confidence (high, "
	 "medium, low or a number 0..1), or one line of text",
	 NULL},
	{"why", MCP_ARG_STRING, 1,
	 "the reason, recorded as the commit's Why: trailer", NULL},
	{"expected_head", MCP_ARG_STRING, 0,
	 "the commit the change was decided on (e.g. the head a read tool "
	 "gave): nothing is written if HEAD has moved",
	 NULL},
	ARG_END,
};

const struct mcp_tool mcp_tools[] = {
	{"positions", "Positions and theses",
	 "List the positions and theses of the vault with their status, "
	 "confidence and evidence balance, as `git thesis positions "
	 "--format=json` does. Returns {targets: [...], commit}: the commit "
	 "read, to pass to record as expected_head.",
	 positions_args, 1, 1, T_positions},
	{"show", "Show a target",
	 "One position or thesis: its fields, the notes mapped against it "
	 "(strength, effect, why) and the notes that mention it.",
	 show_args, 1, 1, T_show},
	{"log", "History of targets",
	 "The events of a range of history (status, confidence, stance, "
	 "mappings, ...), newest first, each with its commit, author, "
	 "subject and Why: trailer. Returns {events: [...]}.",
	 log_args, 1, 1, T_log},
	{"blame", "Who set each field",
	 "For each field and mapping of a target, the commit that set it, "
	 "with its author, subject and Why: trailer.",
	 blame_args, 1, 1, T_blame},
	{"review", "Decision memo",
	 "What a range of commits did to each target: changes, evidence "
	 "before and after, and flags (e.g. a status change with no "
	 "reason).",
	 review_args, 1, 1, T_review},
	{"diff", "Events between two states",
	 "The events between two revisions, or between a commit and the "
	 "index (staged). Returns {events: [...]}.",
	 diff_args, 1, 1, T_diff},
	{"check", "Validate notes",
	 "Problems in the notes: YAML errors, unknown vocabulary, bad ids, "
	 "references to undeclared targets, each with path, line and "
	 "column. Returns {diagnostics: [...]}.",
	 check_args, 1, 1, T_check},
	{"read_note", "Read a note",
	 "A note's text and the facts git-thesis reads from it at a "
	 "revision. Returns {path, text, facts}.",
	 read_note_args, 1, 1, T_read_note},
	{"record", "Record a change",
	 "Change a target's status, confidence, stance, owner or title in "
	 "its declaring note, keeping the rest of the note byte for byte, "
	 "and commit it on the current branch with the reason as a Why: "
	 "trailer. Refuses (nothing written) when HEAD is not "
	 "expected_head, the note has uncommitted changes, a merge or "
	 "rebase is in progress, or the change would break the note.",
	 record_args, 0, 0, T_record},
};
const size_t mcp_tools_nr = ARRAY_SIZE(mcp_tools);
