#ifndef THESIS_CACHEDIR_H
#define THESIS_CACHEDIR_H

/*
 * cachedir: where git-thesis may remember what it computed, and whether it
 * may at all.
 *
 * Caches live under $XDG_CACHE_HOME/git-thesis (else ~/.cache/git-thesis),
 * never inside the repository, so read-only commands stay read-only.  One
 * folder serves every repository: a file's name starts with a hash of the
 * repository's common git dir and its settings (repo_settings_key()), so
 * two clones, or two vault folders, never
 * share an entry.  Every cache is only ever a shortcut: a missing, damaged
 * or refused file means a slower run with the same output.
 *
 * A cache is used only when nothing forbids it: GIT_THESIS_NO_CACHE set,
 * git config `thesis.cache false`, or GIT_THESIS_DEBUG_FULL (the tests'
 * slow reference walk, which must compute everything) turn every cache off,
 * reads and writes.  The folder must belong to the user and be writable by
 * nobody else; files in it are opened without following symlinks.
 */

#include "repo.h"

/*
 * The path of this repository's cache file with the given suffix (".names",
 * ".events"), newly allocated, in *out; *out is NULL when caches are off
 * for this run.  Creates nothing.
 */
void cachedir_path(char **out, struct thesis_repo *repo, const char *suffix);

/*
 * Creates the folders of `path` (mode 0700) and checks the last one: it
 * must be a real folder owned by the user and not writable by group or
 * others.  Returns 0 when files may be written there, -1 otherwise.
 */
int cachedir_prepare(const char *path);

/*
 * Opens the cache file `path` with `flags` (O_RDONLY, or O_RDWR|O_CREAT...),
 * never through a symlink, and only when it is a regular file owned by the
 * user in a folder cachedir_prepare() accepts.  Returns the descriptor or -1.
 */
int cachedir_open(const char *path, int flags);

#endif
