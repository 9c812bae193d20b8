/*
 * The pre-receive hook's top: reads git's input, has receive.c review and
 * check each ref, and sends the pusher the text, within a time budget and
 * a number of lines.  Output goes to stderr: git shows it to the pusher
 * as remote: lines.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hook_receive.h"
#include "output.h"
#include "receive.h"
#include "render.h"
#include "strbuf.h"
#include "util.h"

static const struct output plain = OUTPUT_INIT(FORMAT_TEXT);

static void S_say(const struct strbuf *sb)
{
	fwrite(sb->buf, 1, sb->len, stderr);
}

/*
 * A server hook must not hold a push for long nor flood the pusher: the
 * review of a push stops after thesis.receive.timeout seconds, and what it
 * sends is cut after thesis.receive.maxLines lines.
 */
#define RECEIVE_TIMEOUT_DEFAULT	  5.0
#define RECEIVE_MAX_LINES_DEFAULT 200

/*
 * When the time budget is spent, the timer's handler says what was not
 * reviewed and ends the hook: only write() and _exit() are safe there, so
 * the words are ready beforehand, in one of two buffers (never the one
 * being rewritten).
 */
static char S_budget_msg[2][512];
static volatile sig_atomic_t S_budget_which, S_budget_code;

static void S_budget_alarm(int sig)
{
	const char *msg = S_budget_msg[S_budget_which];
	ssize_t unused;

	(void)sig;
	unused = write(2, msg, strlen(msg));
	(void)unused;
	_exit(S_budget_code);
}

static void S_budget_say(double seconds, int check, const char *ref,
			 size_t more, int rejected)
{
	int next = !S_budget_which;
	char more_refs[64] = "";

	if (more)
		snprintf(more_refs, sizeof(more_refs), " and %zu more ref%s",
			 more, more > 1 ? "s" : "");
	snprintf(
		S_budget_msg[next], sizeof(S_budget_msg[next]),
		"\ngit-thesis: %gs time budget spent (thesis.receive.timeout): "
		"%s%s not %s; push %s\n",
		seconds, ref, more_refs,
		check ? "reviewed nor checked" : "reviewed",
		check || rejected ? "rejected (thesis.receive.check)"
				  : "accepted");
	S_budget_which = next;
	S_budget_code = check || rejected ? 1 : 0;
}

static int S_budget_start(timer_t *timer, double seconds)
{
	struct sigaction sa;
	struct sigevent ev;
	struct itimerspec its;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = S_budget_alarm;
	sigemptyset(&sa.sa_mask);
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGALRM;
	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = (time_t)seconds;
	its.it_value.tv_nsec =
		(long)((seconds - (double)(time_t)seconds) * 1e9);
	if (!its.it_value.tv_sec && !its.it_value.tv_nsec)
		its.it_value.tv_nsec = 1;
	if (sigaction(SIGALRM, &sa, NULL) ||
	    timer_create(CLOCK_MONOTONIC, &ev, timer))
		return -1;
	return timer_settime(*timer, 0, &its, NULL);
}

/* What goes to the pusher, within thesis.receive.maxLines. */
struct receive_sink {
	size_t max_lines, lines;
	size_t hidden_targets, hidden_lines; /* left out whole */
};

static size_t S_count_lines(const char *s, size_t len)
{
	size_t n = 0, i;

	for (i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

/* Sends `sb`, or as much of it as fits, and counts the rest. */
static void S_send(struct receive_sink *k, const struct strbuf *sb)
{
	size_t n = S_count_lines(sb->buf, sb->len);

	if (k->lines + n <= k->max_lines) {
		S_say(sb);
		k->lines += n;
	} else {
		k->hidden_lines += n;
	}
}

/*
 * A review, cut at a target when it does not fit: each target's block
 * starts with an empty line.
 */
static void S_send_review(struct receive_sink *k, const struct strbuf *sb)
{
	size_t room = k->max_lines > k->lines ? k->max_lines - k->lines : 0;
	size_t n = S_count_lines(sb->buf, sb->len);
	size_t line = 0, cut = 0, targets = 0, kept = 0, more, i;
	struct strbuf head = STRBUF_INIT;

	if (n <= room) {
		S_send(k, sb);
		return;
	}
	/*
	 * Each target's block starts with an empty line: cut before the
	 * last one that leaves room for the summary line.
	 */
	for (i = 0; i < sb->len; i++) {
		if (i && sb->buf[i - 1] != '\n')
			continue;
		if (sb->buf[i] == '\n') {
			targets++;
			if (line + 1 <= room) {
				cut = i;
				kept = targets - 1;
			}
		}
		line++;
	}
	if (!cut) {
		k->hidden_targets += targets;
		k->hidden_lines += n;
		return;
	}
	more = targets - kept;
	strbuf_add(&head, sb->buf, cut);
	strbuf_addf(&head,
		    "git-thesis: ... and %zu more target%s "
		    "(thesis.receive.maxLines)\n",
		    more, more == 1 ? "" : "s");
	S_say(&head);
	k->lines += S_count_lines(head.buf, head.len);
	strbuf_release(&head);
}

static void S_render_ref(struct receive_sink *k, struct thesis_repo *repo,
			 const struct receive_ref *rr, int *rejected)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	switch (rr->state) {
	case RECEIVE_DELETED:
		strbuf_addf(&sb, "git-thesis: %s deleted\n", rr->ref);
		break;
	case RECEIVE_UNREADABLE:
		strbuf_addf(&sb,
			    "git-thesis: %s: no review: the notes could "
			    "not be read\n",
			    rr->ref);
		break;
	case RECEIVE_NO_VAULT:
		strbuf_addf(&sb,
			    "git-thesis: %s: no review: vault folder "
			    "'%s' does not exist there\n",
			    rr->ref, repo->vault);
		break;
	case RECEIVE_REVIEWED:
		if (rr->review.targets_nr) {
			render_text_review(&sb, &plain, &rr->review);
			S_send_review(k, &sb);
			strbuf_reset(&sb);
		}
		break;
	case RECEIVE_NO_COMMIT:
	case RECEIVE_OLD:
		break;
	}
	S_send(k, &sb);
	strbuf_reset(&sb);
	if (rr->check_unreadable) {
		strbuf_addf(&sb,
			    "git-thesis: %s: notes not checked: they "
			    "could not be read\n",
			    rr->ref);
		S_send(k, &sb);
		strbuf_reset(&sb);
	}
	if (rr->findings_nr) {
		/* The verdict is always said, whatever the cap. */
		strbuf_addf(&sb,
			    "git-thesis: %s: push rejected, broken notes:\n",
			    rr->ref);
		S_say(&sb);
		k->lines++;
		*rejected = 1;
	}
	for (i = 0; i < rr->findings_nr; i++) {
		struct check_item item = {rr->findings[i].path,
					  &rr->findings[i].diag};

		strbuf_reset(&sb);
		strbuf_addstr(&sb, "git-thesis:   ");
		render_text_check(&sb, &plain, &item, 1);
		S_send(k, &sb);
	}
	strbuf_release(&sb);
}

int hook_pre_receive(struct thesis_repo *repo)
{
	int check = repo_config_bool(repo, "thesis.receive.check", 0);
	char *timeout_s = repo_config_string(repo, "thesis.receive.timeout");
	char *max_s = repo_config_string(repo, "thesis.receive.maxLines");
	double timeout = RECEIVE_TIMEOUT_DEFAULT;
	struct receive_sink sink = {RECEIVE_MAX_LINES_DEFAULT, 0, 0, 0};
	struct receive_update *updates = NULL;
	size_t nr = 0, alloc = 0, i, old_nr = 0;
	struct receive rcv;
	struct strvec old_refs = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	char line[4096];
	int rejected = 0, timing = 0;
	timer_t timer;

	if (timeout_s) {
		char *end;
		double v = strtod(timeout_s, &end);

		if (end != timeout_s && !*end && v >= 0)
			timeout = v;
	}
	if (max_s) {
		char *end;
		long v = strtol(max_s, &end, 10);

		if (end != max_s && !*end && v > 0)
			sink.max_lines = (size_t)v;
	}
	free(timeout_s);
	free(max_s);
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\r\n")] = '\0';
		ALLOC_GROW(updates, nr + 1, alloc);
		memset(&updates[nr], 0, sizeof(updates[nr]));
		if (!receive_parse_line(&updates[nr], line))
			nr++;
	}
	if (timeout > 0 && nr) {
		S_budget_say(timeout, check, updates[0].ref, nr - 1, 0);
		timing = !S_budget_start(&timer, timeout);
	}
	receive_init(&rcv, repo, check);
	for (i = 0; i < nr; i++) {
		struct receive_ref rr = RECEIVE_REF_INIT;

		if (timing)
			S_budget_say(timeout, check, updates[i].ref, nr - i - 1,
				     rejected);
		receive_ref(&rr, &rcv, &updates[i]);
		S_render_ref(&sink, repo, &rr, &rejected);
		if (rr.state == RECEIVE_OLD && !old_nr++)
			strvec_push(&old_refs, rr.ref);
		receive_ref_release(&rr);
	}
	if (timing)
		timer_delete(timer);
	if (old_nr) {
		strbuf_addf(&sb, "git-thesis: %s", old_refs.v[0]);
		if (old_nr > 1)
			strbuf_addf(&sb, " and %zu more ref%s", old_nr - 1,
				    old_nr > 2 ? "s" : "");
		strbuf_addstr(&sb, ": no commit not reviewed above\n");
		S_send(&sink, &sb);
		strbuf_reset(&sb);
	}
	if (sink.hidden_lines) {
		strbuf_addf(&sb, "git-thesis: ... and %zu more lines",
			    sink.hidden_lines);
		if (sink.hidden_targets)
			strbuf_addf(&sb, " (%zu more targets)",
				    sink.hidden_targets);
		strbuf_addstr(&sb, " not shown (thesis.receive.maxLines)\n");
		S_say(&sb);
	}
	receive_release(&rcv);
	for (i = 0; i < nr; i++)
		receive_update_release(&updates[i]);
	free(updates);
	strvec_release(&old_refs);
	strbuf_release(&sb);
	return rejected;
}
