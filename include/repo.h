#ifndef THESIS_REPO_H
#define THESIS_REPO_H

/*
 * repo: the repository git-thesis works on, opened the way git finds it
 * (GIT_DIR, GIT_WORK_TREE, discovery upwards from the current directory,
 * safe.directory), its configuration, and revisions named with git's syntax.
 *
 * Read-only commands only ever read: nothing here refreshes the index, takes
 * a lock or writes configuration.
 *
 * Layer: repository.  See src/README.
 */

#include <git2.h>
#include "exclude.h"
#include "strvec.h"

struct thesis_repo {
	git_repository *repo; /* owned */
	git_config *config;   /* a snapshot of the repository's config; owned */
	char *vault;          /* vault folder, no trailing '/'; "" = whole tree */
	/* thesis.exclude then --exclude: files under the vault that are not
	 * notes (note_path_is_note() decides with it). */
	struct exclude_list exclude;
	/* thesis.context: names of the organisation itself (contract 4). */
	struct strvec context;
};
#define THESIS_REPO_INIT {NULL, NULL, NULL, EXCLUDE_LIST_INIT, STRVEC_INIT}

/*
 * Opens the repository around the current directory.  `vault_opt` (the
 * --vault option, or NULL) overrides git config `thesis.vault`; the
 * patterns of `exclude_opt` (--exclude, may be NULL) are added to those of
 * `thesis.exclude`.  Returns 0, or -1 after printing why (not a
 * repository, unsafe ownership, ...).
 */
int repo_open(struct thesis_repo *out, const char *vault_opt,
	      const struct strvec *exclude_opt);
void repo_release(struct thesis_repo *r);

/* The config value as a string (owned by the caller), or NULL. */
char *repo_config_string(const struct thesis_repo *r, const char *key);
/*
 * Every value of a multi-valued key, pushed to `out`: the config files',
 * then those of `git -c` in the environment.
 */
void repo_config_strvec(struct strvec *out, const struct thesis_repo *r,
			const char *key);
/* The config value as a boolean, or `def` when unset or invalid. */
int repo_config_bool(const struct thesis_repo *r, const char *key, int def);

/*
 * Resolves `rev` (any revision git understands) to a commit, stored in
 * *out.  Prints "bad revision 'X'" and returns -1 when it names nothing or
 * not a commit.  An unborn HEAD gets its own message.
 */
int repo_commit(git_commit **out, struct thesis_repo *r, const char *rev);

/*
 * The root tree of the commit `rev` names, in *out (NULL when `rev` is
 * NULL: the empty tree); the commit too in *commit_out when not NULL.
 * Returns 0, or -1 after an error naming `rev`.
 */
int repo_tree(git_tree **out, git_commit **commit_out, struct thesis_repo *r,
	      const char *rev);

/*
 * The vault's subtree of `tree` in *out (a new reference), or NULL when the
 * vault folder does not exist there.  Returns 0 or -1.
 */
int repo_vault_tree(git_tree **out, struct thesis_repo *r,
		    const git_tree *tree);

/*
 * Whether the vault folder exists in `tree` (always, for the whole tree).
 * Returns 0, or -1 with "vault folder 'X' does not exist at <where>" set:
 * a mistyped --vault must not look like an empty vault.
 */
int repo_check_vault(struct thesis_repo *r, const git_tree *tree,
		     const char *where);

/*
 * Appends to `out` every setting that decides how notes are read (the vault
 * folder, and whatever else joins it), one per line: caches of computed
 * facts and events are keyed by it.
 */
struct strbuf;
void repo_settings_key(struct strbuf *out, const struct thesis_repo *r);

/*
 * What a repository state (git_repository_state()) is in words, for
 * "<state> is in progress": "a merge", "a rebase", "a 'git am'"...
 */
const char *repo_state_name(int state);

/* Normalises a vault folder: strips "./", leading and trailing '/'. */
char *repo_normalize_vault(const char *dir);

/* Short id of a commit, as git abbreviates it (at least 7). */
void repo_short_id(char out[GIT_OID_HEXSZ + 1], const git_oid *oid);

#endif
