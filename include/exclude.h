#ifndef THESIS_EXCLUDE_H
#define THESIS_EXCLUDE_H

/*
 * exclude: the files of a vault that are not notes because the user says
 * so (contract section 1): git config `thesis.exclude` and `--exclude`,
 * gitignore-style patterns relative to the vault folder (`Templates/`,
 * `Archive/` followed by `**`, `*.excalidraw.md`).
 *
 * The rules are gitignore's, matched here rather than by libgit2: its
 * git_ignore_* functions also read the repository's .gitignore files and
 * the working tree, and git_pathspec has pathspec rules (no `**`, a
 * pattern matching a folder name matches everything under it, a pattern
 * without `/` is not matched against the base name at every depth).  So:
 *
 * - a blank pattern or one starting with `#` is ignored; trailing spaces
 *   are dropped unless escaped with `\`;
 * - `!` negates: the last pattern that matches a path decides, and a file
 *   under an excluded folder stays excluded;
 * - a trailing `/` matches folders only;
 * - a pattern with a `/` at its start or middle is anchored at the vault
 *   folder; one without matches the base name at any depth;
 * - `*` and `?` never match `/`; `[...]` is a class (`!` or `^` negates,
 *   `a-z` ranges, no POSIX `[:alpha:]` names); `\` escapes; a `**` that
 *   is a whole path component (at the start before a `/`, at the end
 *   after one, or between two) matches any number of folders; other runs
 *   of `*` are one `*`.
 *
 * Matching is case-sensitive, as git's default (core.ignoreCase unset).
 */

#include <stddef.h>

struct exclude_pattern {
	char *pattern; /* without `!`, leading `/` nor trailing `/`; owned */
	int negated;
	int dir_only;
	int anchored; /* matched against the whole path, not the base name */
};

struct exclude_list {
	struct exclude_pattern *v;
	size_t nr, alloc;
};
#define EXCLUDE_LIST_INIT  \
	{                  \
		NULL, 0, 0 \
	}
void exclude_list_release(struct exclude_list *list);

/* Adds one pattern (blank and comment patterns are ignored). */
void exclude_list_add(struct exclude_list *list, const char *pattern);

/*
 * True when `path`, relative to the vault folder, is excluded: itself (a
 * file), or a folder on its way.  NULL and empty lists exclude nothing.
 */
int exclude_list_match(const struct exclude_list *list, const char *path);

#endif
