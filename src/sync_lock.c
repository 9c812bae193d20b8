/*
 * sync_lock: the sync lock and signals (sync_lock.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sync_lock.h"
#include "util.h"

/* For the signal handler: the child's process group and our lock. */
static volatile sig_atomic_t S_child_pgid;
static volatile sig_atomic_t S_lock_held;
static char S_lock_path[4096];

static void S_on_signal(int sig)
{
	if (S_child_pgid > 0)
		kill(-(pid_t)S_child_pgid, SIGKILL);
	/* We hold the flock: removing the file cannot hurt another sync. */
	if (S_lock_held)
		unlink(S_lock_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

void sync_signals(int install)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = install ? S_on_signal : SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

void sync_signals_child(long pgid)
{
	S_child_pgid = (sig_atomic_t)pgid;
}

/* The pid written in the open lock file, or 0. */
static long S_read_owner(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

/* Whether `fd` is still the file at `path` (not removed meanwhile). */
static int S_same_file(int fd, const char *path)
{
	struct stat a, b;

	return !fstat(fd, &a) && !lstat(path, &b) && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

int sync_lock_take(struct sync_lock *lk, const char *path)
{
	for (;;) {
		char buf[32];
		int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
			      0644);
		int n;

		if (fd < 0)
			return -errno;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			int err = errno;

			lk->owner = S_read_owner(fd);
			close(fd);
			return err == EWOULDBLOCK ? SYNC_LOCK_BUSY : -err;
		}
		if (!S_same_file(fd, path)) {
			/* Its holder removed it as we opened it: again. */
			close(fd);
			continue;
		}
		lk->owner = S_read_owner(fd);
		n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
		if (ftruncate(fd, 0) < 0 ||
		    pwrite(fd, buf, (size_t)n, 0) != n) {
			int err = errno ? errno : EIO;

			unlink(path);
			close(fd);
			return -err;
		}
		lk->fd = fd;
		free(lk->path);
		lk->path = xstrdup(path);
		snprintf(S_lock_path, sizeof(S_lock_path), "%s", path);
		S_lock_held = 1;
		return 0;
	}
}

int sync_lock_busy(const char *path, long *owner)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), busy = 0;

	*owner = 0;
	if (fd < 0)
		return 0;
	/* A shared lock is refused exactly while a sync holds its own. */
	if (flock(fd, LOCK_SH | LOCK_NB) < 0) {
		busy = errno == EWOULDBLOCK;
		*owner = S_read_owner(fd);
	}
	close(fd);
	return busy;
}

void sync_lock_release(struct sync_lock *lk)
{
	if (lk->fd >= 0) {
		S_lock_held = 0;
		/* Unlink before unlocking: see the header for why it is safe.
		 */
		unlink(lk->path);
		close(lk->fd);
		lk->fd = -1;
	}
	FREE_AND_NULL(lk->path);
}
