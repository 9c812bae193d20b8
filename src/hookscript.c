#include <stdlib.h>
#include <string.h>

#include "hookscript.h"
#include "util.h"

const struct hook_info hooks_all[] = {
#define ENTRY(n, in, server) {n, in, server},
	HOOKS_TABLE(ENTRY)
#undef ENTRY
	{NULL, 0, 0},
};

const struct hook_info *hooks_find(const char *name)
{
	const struct hook_info *h;

	for (h = hooks_all; h->name; h++)
		if (!strcmp(h->name, name))
			return h;
	return NULL;
}

void hooks_script(struct strbuf *out, const struct hook_info *h)
{
	strbuf_addf(out,
		    "#!/bin/sh\n"
		    HOOKS_MARKER ": %s\n"
		    "# Installed by 'git thesis hooks install'; removed by "
		    "'git thesis hooks uninstall'.\n"
		    "# A %s hook that was here before is kept as "
		    "%s" HOOKS_CHAINED_SUFFIX " and runs first.\n",
		    h->name, h->name, h->name);
	if (h->reads_stdin)
		/* Both hooks read the same lines: keep a copy for the second. */
		strbuf_addstr(out,
			      "input=$(mktemp \"${TMPDIR:-/tmp}/git-thesis.XXXXXX\") "
			      "|| exit 0\n"
			      "trap 'rm -f \"$input\"' EXIT\n"
			      "cat >\"$input\"\n");
	/* Every kept hook runs, in name order: .thesis-chained, then .N */
	strbuf_addf(out,
		    "for chained in \"$0" HOOKS_CHAINED_SUFFIX "\" "
		    "\"$0" HOOKS_CHAINED_SUFFIX "\".*; do\n"
		    "\tif [ -x \"$chained\" ]; then\n"
		    "\t\t\"$chained\" \"$@\"%s || exit $?\n"
		    "\tfi\n"
		    "done\n"
		    "if command -v git-thesis >/dev/null 2>&1; then\n"
		    "\tthesis=git-thesis\n"
		    "else\n"
		    "\tthesis=\"$(git --exec-path)/git-thesis\"\n"
		    "fi\n"
		    "if ! [ -x \"$thesis\" ] && [ \"$thesis\" != git-thesis ]; "
		    "then\n"
		    "\techo \"git-thesis: not installed; %s hook skipped\" >&2\n"
		    "\texit 0\n"
		    "fi\n"
		    "\"$thesis\" hook %s \"$@\"%s\n",
		    h->reads_stdin ? " <\"$input\"" : "", h->name, h->name,
		    h->reads_stdin ? " <\"$input\"" : "");
}

char *hooks_dir(struct thesis_repo *r)
{
	char *cfg = repo_config_string(r, "core.hooksPath");
	const char *base;
	char *res;

	if (!cfg || !*cfg) {
		free(cfg);
		return xstrfmt("%shooks", git_repository_commondir(r->repo));
	}
	if (cfg[0] == '/')
		return cfg;
	if (cfg[0] == '~' && cfg[1] == '/' && getenv("HOME")) {
		res = xstrfmt("%s/%s", getenv("HOME"), cfg + 2);
		free(cfg);
		return res;
	}
	base = git_repository_workdir(r->repo);
	if (!base)
		base = git_repository_path(r->repo);
	res = xstrfmt("%s%s", base, cfg);
	free(cfg);
	return res;
}
