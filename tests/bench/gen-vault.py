#!/usr/bin/env python3
"""Generate a large vault at one commit, for the `positions` figures of
`make bench` (tests/bench/run.sh): what loading a whole vault costs, cold and
with the cache of parsed notes warm.

usage: gen-vault.py <dir> [--notes N] [--seed N]

The notes look like a working vault's: about 2% declare a position or a
thesis (stance, status, confidence, aliases), a quarter map against one in
frontmatter or under a `Mapping against` heading, some hold open questions
or a Stance heading, and nearly every one has prose and wikilinks.  Two
commits: the import, and an edit of a few notes.  Deterministic from the
seed; written as one `git fast-import` stream.  The vault is the whole tree.
"""

import argparse
import random
import subprocess
import sys

WORDS = ("inference margin edge platform agent routing pricing renewal "
         "storage hosting tokens vendor neutral rails capex review memo "
         "customer quarter roadmap budget latency cache benchmark model "
         "workflow support onboarding release install configure deploy "
         "cluster network gateway runtime schema migration").split()
FOLDERS = ["01-inbox", "02-daily", "03-meetings", "04-people", "05-projects",
           "06-reference", "07-positions", "08-theses", "09-archive"]
STATUS = ["held", "questioned", "revised", "emerging", "corroborated"]
EFFECTS = ["supports", "challenges", "contextualizes"]
STRENGTH = ["weak", "moderate", "strong"]


def sentence(rnd, n):
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--notes", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)

    ntargets = max(2, a.notes // 50)
    targets = []
    for i in range(ntargets):
        kind = "position" if i % 3 else "thesis"
        slug = "%s-%s-%d" % (rnd.choice(WORDS), rnd.choice(WORDS), i)
        targets.append((kind, slug, slug.replace("-", " ").title()))
    paths = []
    for i in range(a.notes):
        if i < ntargets:
            folder = "07-positions" if targets[i][0] == "position" else \
                "08-theses"
            paths.append("%s/%s.md" % (folder, targets[i][1]))
        else:
            paths.append("%s/%s %s %d.md" % (rnd.choice(FOLDERS),
                                              rnd.choice(WORDS).title(),
                                              rnd.choice(WORDS), i))

    def name(p):
        return p.rsplit("/", 1)[-1][:-3]

    def note(i):
        prose = "\n\n".join(
            sentence(rnd, rnd.randint(8, 40)) + " See [[%s]]." %
            name(rnd.choice(paths)) for _ in range(rnd.randint(1, 6)))
        if i < ntargets:
            kind, slug, title = targets[i]
            fm = ("%s: %s\ntitle: %s\nstatus: %s\nconfidence: %s\n"
                  "owner: founder\naliases: [%s, %s]\ntags: [%s]\n" % (
                      kind, slug, title, rnd.choice(STATUS),
                      rnd.choice(["low", "medium", "high", "0.7"]),
                      title.split()[0] + " " + str(i), slug.upper(),
                      rnd.choice(WORDS)))
            body = "# %s\n\n## Stance\n\n%s\n\n%s\n" % (
                title, sentence(rnd, 14), prose)
            return "---\n%s---\n%s" % (fm, body)
        fm = "title: %s\ntags: [%s, %s]\ndate: 2026-0%d-1%d\n" % (
            name(paths[i]), rnd.choice(WORDS), rnd.choice(WORDS),
            rnd.randint(1, 9), rnd.randint(0, 9))
        body = "%s\n" % prose
        k = rnd.random()
        t = targets[rnd.randrange(ntargets)]
        if k < 0.12:
            fm += ("mappings:\n  - target: %s\n    strength: %s\n"
                   "    effect: %s\n    why: %s\n" % (
                       t[1], rnd.choice(STRENGTH), rnd.choice(EFFECTS),
                       sentence(rnd, 6)))
        elif k < 0.25:
            body += "\n## Mapping against [[%s]]\n\n%s %s: %s\n" % (
                t[2], rnd.choice(STRENGTH).title(), rnd.choice(EFFECTS),
                sentence(rnd, 10))
        elif k < 0.30:
            body += "\nOpen question: does %s hold for [[%s]]?\n" % (
                t[2], name(rnd.choice(paths)))
        return "---\n%s---\n%s" % (fm, body)

    subprocess.run(["git", "init", "-q", "-b", "main", a.dir], check=True)
    fi = subprocess.Popen(["git", "-C", a.dir, "fast-import", "--quiet"],
                          stdin=subprocess.PIPE)
    out = fi.stdin

    def data(text):
        b = text.encode("utf-8")
        out.write(b"data %d\n" % len(b))
        out.write(b)
        out.write(b"\n")

    def commit(msg, files, when):
        # The second commit follows the first: fast-import keeps the tip.
        out.write(b"commit refs/heads/main\n")
        out.write(b"committer Dana Founder <dana@example.com> %d +0000\n"
                  % when)
        data(msg)
        for p, text in files:
            out.write(b'M 100644 inline "%s"\n' % p.encode("utf-8"))
            data(text)
        out.write(b"\n")

    commit("Import vault\n", [(p, note(i)) for i, p in enumerate(paths)],
           1760000000)
    edits = rnd.sample(range(a.notes), min(20, a.notes))
    commit("Edit notes\n", [(paths[i], note(i)) for i in edits], 1760003600)
    out.close()
    if fi.wait():
        sys.exit("gen-vault.py: git fast-import failed")
    subprocess.run(["git", "-C", a.dir, "checkout", "-q", "-f", "main"],
                   check=True)
    with open("%s/.git/BENCH-INFO" % a.dir, "w") as f:
        f.write("vault: %d notes, %d targets, 2 commits, seed %d\n" % (
            a.notes, ntargets, a.seed))


if __name__ == "__main__":
    main()
