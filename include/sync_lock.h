#ifndef THESIS_SYNC_LOCK_H
#define THESIS_SYNC_LOCK_H

/*
 * sync_lock: one `git thesis sync` at a time per repository, and the
 * signal handling that goes with a running sync (sync_lock.c).
 *
 * The lock is flock(2) on $GIT_DIR/thesis-sync.lock, not the file's
 * existence: the kernel drops it when its holder exits, however it dies,
 * so there is no stale lock to detect and no pid to trust (a pid in an
 * old file may belong to another live process by now).  The file holds
 * the holder's pid for messages only.  The holder removes the file on
 * release; to make that safe, a taker that finds the path no longer
 * names the file it locked tries again (the file was removed and perhaps
 * recreated meanwhile).  A file left by a sync that was killed is
 * therefore harmless: the next sync locks it and goes on.
 *
 * Signals: while a sync runs, SIGINT, SIGTERM, SIGHUP and SIGQUIT kill
 * the transport's process group (a `git fetch` must not outlive us) and
 * remove the lock file, then the signal takes its course.
 */

#define SYNC_LOCK_BUSY 1

struct sync_lock {
	int fd;	    /* the locked file, or -1 */
	char *path; /* owned */
	/*
	 * After sync_lock_take(): the pid the file named before (a sync
	 * that died, or the running holder when busy), or 0.
	 */
	long owner;
};
#define SYNC_LOCK_INIT      \
	{                   \
		-1, NULL, 0 \
	}

/*
 * Takes the lock at `path` without waiting: 0 taken, SYNC_LOCK_BUSY when
 * another process holds it (lk->owner says which, when the file says),
 * or -errno when the file cannot be opened or written.
 */
int sync_lock_take(struct sync_lock *lk, const char *path);

/* Whether some process holds the lock at `path` now; *owner its pid. */
int sync_lock_busy(const char *path, long *owner);

/* Removes the file and drops the lock (nothing when not held). */
void sync_lock_release(struct sync_lock *lk);

/* Installs (1) or removes (0) the signal handlers described above. */
void sync_signals(int install);

/* The transport's child process group, for the handler; 0 for none. */
void sync_signals_child(long pgid);

#endif
