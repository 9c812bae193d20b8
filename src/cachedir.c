/* realpath() is XSI; O_NOFOLLOW and O_CLOEXEC are POSIX 2008. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cachedir.h"
#include "strbuf.h"
#include "util.h"

/* FNV-1a: stable across runs and machines, enough to separate folders. */
static unsigned long long S_hash(unsigned long long h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (h ^ 0xff) * 1099511628211ULL;
}

void cachedir_path(char **out, struct thesis_repo *repo, const char *suffix)
{
	const char *base = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	const char *dir = git_repository_commondir(repo->repo);
	char real[4096];
	unsigned long long hash = 1469598103934665603ULL;
	struct strbuf settings = STRBUF_INIT;

	*out = NULL;
	if (getenv("GIT_THESIS_NO_CACHE") ||
	    env_true("GIT_THESIS_DEBUG_FULL") ||
	    !repo_config_bool(repo, "thesis.cache", 1))
		return;
	if (realpath(dir, real))
		dir = real;
	/* Every setting that decides what notes say keys the file. */
	repo_settings_key(&settings, repo);
	hash = S_hash(S_hash(hash, dir), settings.buf);
	strbuf_release(&settings);
	if (base && *base == '/')
		*out = xstrfmt("%s/git-thesis/%016llx%s", base, hash, suffix);
	else if (home && *home == '/')
		*out = xstrfmt("%s/.cache/git-thesis/%016llx%s", home, hash,
			       suffix);
}

int cachedir_prepare(const char *path)
{
	char *copy = xstrdup(path), *slash = strrchr(copy, '/'), *p;
	struct stat st;
	int ret = -1;

	if (!slash || slash == copy)
		goto done;
	*slash = '\0';
	for (p = copy + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(copy, 0700) < 0 && errno != EEXIST)
			goto done;
		*p = '/';
	}
	if (mkdir(copy, 0700) < 0 && errno != EEXIST)
		goto done;
	/* A folder others can write to could hold files they planted. */
	if (lstat(copy, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)))
		goto done;
	ret = 0;
done:
	free(copy);
	return ret;
}

int cachedir_open(const char *path, int flags)
{
	struct stat st;
	int fd;

	if (cachedir_prepare(path) < 0)
		return -1;
	fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid()) {
		close(fd);
		return -1;
	}
	return fd;
}
