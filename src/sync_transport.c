/*
 * sync_transport: `git fetch` and `git push` for sync, the only place
 * that runs git (sync_engine.h).
 *
 * For the man page, why the network goes through git itself:
 *
 *   git thesis sync fetches and pushes by running `git fetch` and
 *   `git push`, and does everything else (status, index, trees, merges,
 *   commits, references, checkout) in-process with libgit2.  The
 *   transport is git's because only git's own transport sees exactly the
 *   user's remotes as git does: credential helpers, url.<base>.insteadOf,
 *   http proxies and TLS settings, the ssh agent, keys and ssh config,
 *   core.sshCommand, remote helpers.  libgit2 1.5's transports and
 *   callbacks reproduce these only in part, so a remote that works with
 *   `git push` could fail, or ask for a password, under a timer.  The
 *   subprocess is started without a shell (an argv), with its standard
 *   input on /dev/null, GIT_TERMINAL_PROMPT=0, GIT_SSH_COMMAND set to
 *   `ssh -o BatchMode=yes` unless GIT_SSH_COMMAND, GIT_SSH or
 *   core.sshCommand says otherwise, and killed (with its process group)
 *   when thesis.sync.timeout seconds (default 60) pass.  It never
 *   prompts, so a sync from a hook or a timer can only succeed or fail.
 *
 * What git printed decides the exit code (sync_classify_failure()): a
 * failure to write this repository is ours (5), a remote out of reach is
 * pending (4), anything else the remote refused (3).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sync_engine.h"
#include "util.h"

/* Output of one transport command kept for messages and the log. */
#define S_OUTPUT_MAX (64 * 1024)

static void S_sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * Runs `git <args>` with no terminal to prompt on and the timeout; its
 * output (both streams) goes to `output`.  Returns git's exit status,
 * -2 when it timed out (and was killed), -1 when it could not run.
 */
static int S_run_git(struct sync_state *s, struct strbuf *output,
		     const char **argv)
{
	char *ssh = repo_config_string(s->repo, "core.sshCommand");
	int default_ssh =
		!getenv("GIT_SSH_COMMAND") && !getenv("GIT_SSH") && !ssh;
	time_t deadline = time(NULL) + s->timeout;
	int fds[2], status = 0, timed_out = 0;
	pid_t pid;

	free(ssh);
	if (pipe(fds) < 0)
		return sync_fail(s, "cannot run git: %s", strerror(errno));
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return sync_fail(s, "cannot run git: %s", strerror(errno));
	}
	if (!pid) {
		int devnull = open("/dev/null", O_RDONLY);

		setpgid(0, 0);
		if (devnull >= 0) {
			dup2(devnull, 0);
			close(devnull);
		} else {
			close(0);
		}
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		setenv("GIT_TERMINAL_PROMPT", "0", 1);
		if (default_ssh)
			setenv("GIT_SSH_COMMAND", "ssh -o BatchMode=yes", 1);
		/* Messages we read for "rejected" and "unreachable". */
		setenv("LC_ALL", "C", 1);
		unsetenv("LANGUAGE");
		execvp("git", (char *const *)argv);
		fprintf(stderr, "cannot run git: %s\n", strerror(errno));
		_exit(127);
	}
	setpgid(pid, 0);
	sync_signals_child(pid);
	close(fds[1]);
	for (;;) {
		struct pollfd pfd = {fds[0], POLLIN, 0};
		long left = (long)(deadline - time(NULL));
		char buf[4096];
		ssize_t n;
		int ready;

		if (left <= 0) {
			timed_out = 1;
			break;
		}
		ready = poll(&pfd, 1, (int)(left > 1 ? 1000 : left * 1000));
		if (ready < 0 && errno != EINTR)
			break;
		if (ready <= 0)
			continue;
		n = read(fds[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (output->len < S_OUTPUT_MAX)
			strbuf_add(output, buf, (size_t)n);
	}
	close(fds[0]);
	/* Its output closed: wait for it, still within the time allowed. */
	while (!timed_out) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid || (w < 0 && errno != EINTR))
			break;
		if (time(NULL) >= deadline)
			timed_out = 1;
		else
			S_sleep_ms(20);
	}
	if (timed_out) {
		int waited;

		kill(-pid, SIGTERM);
		for (waited = 0; waited < 100; waited++) {
			if (waitpid(pid, &status, WNOHANG) == pid)
				break;
			S_sleep_ms(20);
		}
		if (waited == 100) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
		}
	}
	sync_signals_child(0);
	if (timed_out)
		return -2;
	if (WIFEXITED(status)) {
		if (WEXITSTATUS(status) == 127 &&
		    strstr(output->buf, "cannot run git"))
			return sync_fail(s, "cannot run git");
		return WEXITSTATUS(status);
	}
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

static int S_contains_any(const char *s, const char *const *pats, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strstr(s, pats[i]))
			return 1;
	return 0;
}

/*
 * Whether one line of git's output says it could not write here: a
 * remote's own complaints (`remote: ...`, `[remote rejected]`) are the
 * remote's, whatever they say.
 */
static int S_local_line(const char *line, const char *gitdir)
{
	static const char *const local[] = {
		"insufficient permission for adding an object",
		"unable to create temporary file",
		"unable to write",
		"failed to write",
		"cannot lock ref",
		"unable to update local ref",
		"FETCH_HEAD",
		"Read-only file system",
		"No space left on device",
		"Disk quota exceeded",
	};
	static const char *const io[] = {
		"Permission denied",
		"Is a directory",
		"Not a directory",
		"Unable to create",
	};

	if (starts_with(line, "remote:") || strstr(line, "[remote rejected]"))
		return 0;
	if (S_contains_any(line, local, ARRAY_SIZE(local)))
		return 1;
	/* A file of ours named in an I/O error (not ssh's "Permission"). */
	return gitdir && *gitdir && strstr(line, gitdir) &&
	       S_contains_any(line, io, ARRAY_SIZE(io));
}

int sync_classify_failure(const char *out, const char *gitdir)
{
	static const char *const refused[] = {
		"Authentication failed",
		"Permission denied",
		"could not read Username",
		"could not read Password",
		"terminal prompts disabled",
		"returned error: 401",
		"returned error: 403",
		"Host key verification failed",
		"Access denied",
		"access denied",
		"[remote rejected]",
		"Repository not found",
		"certificate",
	};
	static const char *const offline[] = {
		"Could not resolve host",
		"Could not resolve hostname",
		"Connection refused",
		"Connection timed out",
		"Network is unreachable",
		"No route to host",
		"Temporary failure in name resolution",
		"Name or service not known",
		"Connection reset",
		"Couldn't connect to server",
		"Failed to connect",
		"Operation timed out",
		"does not appear to be a git repository",
		"No such file or directory",
		"Network unreachable",
	};
	const char *p = out;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		char *line = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		int local = S_local_line(line, gitdir);

		free(line);
		if (local)
			return SYNC_EXIT_LOCAL;
		p = nl ? nl + 1 : NULL;
	}
	if (S_contains_any(out, refused, ARRAY_SIZE(refused)))
		return SYNC_EXIT_NETWORK;
	if (S_contains_any(out, offline, ARRAY_SIZE(offline)))
		return SYNC_EXIT_PENDING;
	return SYNC_EXIT_NETWORK;
}

static const char *S_failure_name(int code)
{
	return code == SYNC_EXIT_PENDING ? "unreachable"
	       : code == SYNC_EXIT_LOCAL ? "local"
					 : "refused";
}

/* Keeps what git said, line by line, for the user (not with --quiet). */
static void S_keep_output(struct sync_state *s, const struct strbuf *out)
{
	const char *p = out->buf, *end = out->buf + out->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
			len--;
		if (len) {
			char *line = xstrndup(p, len);

			sync_message(s, SYNC_MSG_GIT, 0, line);
			free(line);
		}
		p += (nl ? (size_t)(nl - p) + 1 : (size_t)(end - p));
	}
}

/* The failure of `git <what>` with the remote, recorded; its exit code. */
static int S_failed(struct sync_state *s, const char *what, const char *to,
		    const struct strbuf *out)
{
	int ret = sync_classify_failure(out->buf, s->gitdir);

	sync_log(s, what, "%s: failed (%s): %s", s->remote, S_failure_name(ret),
		 out->buf);
	if (ret == SYNC_EXIT_LOCAL)
		sync_error(s, 1,
			   "cannot %s %s '%s': git could not write to this "
			   "repository (a local failure, not the network):",
			   what, to, s->remote);
	else
		sync_error(s, ret != SYNC_EXIT_PENDING,
			   "cannot %s %s '%s'%s:", what, to, s->remote,
			   ret == SYNC_EXIT_PENDING ? " (unreachable)" : "");
	S_keep_output(s, out);
	return ret;
}

int sync_fetch(struct sync_state *s)
{
	const char *argv[] = {"git", "fetch", "--quiet", s->remote, NULL};
	struct strbuf out = STRBUF_INIT;
	int st, ret;

	if (!strcmp(s->remote, "."))
		return 0;
	st = S_run_git(s, &out, argv);
	if (st == 0) {
		sync_log(s, "fetch", "%s: ok", s->remote);
		s->res->fetched = 1;
		ret = 0;
	} else if (st == -1) {
		sync_log(s, "fetch", "git could not run");
		ret = -1;
	} else if (st == -2) {
		sync_log(s, "fetch", "%s: timed out after %d s", s->remote,
			 s->timeout);
		sync_error(s, 0, "fetching from '%s' timed out after %d s",
			   s->remote, s->timeout);
		ret = SYNC_EXIT_PENDING;
	} else {
		ret = S_failed(s, "fetch", "from", &out);
	}
	strbuf_release(&out);
	return ret;
}

int sync_push(struct sync_state *s, const git_oid *what)
{
	char *spec = xstrfmt("%s:%s", git_oid_tostr_s(what), s->merge_ref);
	const char *argv[] = {"git", "push", "--quiet", s->remote, spec, NULL};
	struct strbuf out = STRBUF_INIT;
	int st, ret;

	st = S_run_git(s, &out, argv);
	if (st == 0) {
		sync_log(s, "push", "%s %s: ok", s->remote, spec);
		ret = 0;
	} else if (st == -1) {
		ret = -1;
	} else if (st == -2) {
		sync_log(s, "push", "%s: timed out after %d s", s->remote,
			 s->timeout);
		sync_error(s, 0, "pushing to '%s' timed out after %d s",
			   s->remote, s->timeout);
		ret = SYNC_EXIT_PENDING;
	} else if ((strstr(out.buf, "[rejected]") &&
		    (strstr(out.buf, "fetch first") ||
		     strstr(out.buf, "non-fast-forward"))) ||
		   /* Another push won between git's look and its update. */
		   (strstr(out.buf, "[remote rejected]") &&
		    (strstr(out.buf, "but expected") ||
		     strstr(out.buf, "cannot lock ref")))) {
		sync_log(s, "push", "%s: rejected, the remote moved",
			 s->remote);
		ret = SYNC_PUSH_BEHIND;
	} else {
		ret = S_failed(s, "push", "to", &out);
	}
	free(spec);
	strbuf_release(&out);
	return ret;
}
