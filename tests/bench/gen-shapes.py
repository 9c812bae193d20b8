#!/usr/bin/env python3
"""Generate vault histories shaped like the public vaults that are hardest
for git-thesis, for `make bench` (tests/bench/run.sh).

usage: gen-shapes.py <dir> --shape bot|huge [--commits N] [--notes N]
                     [--seed N]

Shapes (see issue 13's table):

  bot   a public vault kept by people and a bot: no declared targets, a
        wikilink in nearly every note, and every ~100 commits a bot branch
        that rewrites ~1,000 notes in one commit and is merged back.  Nothing
        here can ever produce an event: it measures what git-thesis spends
        on history that holds no facts.
  huge  a documentation repository: ~10,000 notes, long-lived branches that
        collect many commits each and come back as huge merges (a merge's
        diff against its first parent touches thousands of notes); a few
        declared targets and mappings, so some commits do report events.

Deterministic from the seed; written as one `git fast-import` stream.  The
vault is the whole tree (no thesis.vault).
"""

import argparse
import os
import random
import subprocess
import sys

WORDS = ("inference margin edge platform agent routing pricing renewal "
         "storage hosting tokens vendor neutral rails capex review memo "
         "customer quarter roadmap budget latency cache benchmark model "
         "workflow support onboarding release install configure deploy "
         "cluster network gateway runtime schema migration").split()
FOLDERS = ["docs/guides", "docs/reference", "docs/how-to", "notes/daily",
           "notes/people", "notes/projects", "wiki/areas", "wiki/topics"]


def sentence(rnd, n=12):
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."


class Shape:
    def __init__(self, args):
        self.rnd = random.Random(args.seed)
        self.commits = args.commits
        self.nnotes = args.notes
        self.time = 1700000000
        self.mark = 0
        self.out = None
        self.paths = []
        self.rev = {}  # path -> revision counter, so every edit is new

    def next_mark(self):
        self.mark += 1
        return self.mark

    def note(self, path, extra=""):
        r = self.rnd
        n = self.rev.get(path, 0) + 1
        self.rev[path] = n
        title = os.path.basename(path)[:-3].replace("-", " ").title()
        links = " ".join("[[%s]]" % os.path.basename(r.choice(self.paths))[:-3]
                         for _ in range(r.randint(1, 4)))
        body = "\n\n".join(sentence(r, r.randint(8, 30))
                           for _ in range(r.randint(2, 6)))
        return ("---\ntitle: %s\ntags: [%s, %s]\nrev: %d\n---\n# %s\n\n"
                "%s\n\nSee also %s.\n%s" % (title, r.choice(WORDS),
                                            r.choice(WORDS), n, title, body,
                                            links, extra))

    def write(self, s):
        self.out.write(s.encode("utf-8") if isinstance(s, str) else s)

    def data(self, text):
        b = text.encode("utf-8")
        self.write("data %d\n" % len(b))
        self.write(b)
        self.write("\n")

    def commit(self, ref, msg, files, parents=(), author="Dana Founder",
               email="dana@example.com", delete=()):
        m = self.next_mark()
        self.time += self.rnd.randint(60, 7200)
        self.write("commit %s\nmark :%d\n" % (ref, m))
        self.write("author %s <%s> %d +0000\n" % (author, email, self.time))
        self.write("committer %s <%s> %d +0000\n" % (author, email,
                                                      self.time))
        self.data(msg)
        if parents:
            self.write("from :%d\n" % parents[0])
            for p in parents[1:]:
                self.write("merge :%d\n" % p)
        for p in delete:
            self.write("D %s\n" % p)
        for path, text in files:
            self.write("M 100644 inline %s\n" % path)
            self.data(text)
        self.write("\n")
        return m

    def initial_paths(self):
        r = self.rnd
        self.paths = ["%s/%s-%d.md" % (r.choice(FOLDERS), r.choice(WORDS), i)
                      for i in range(self.nnotes)]


class Bot(Shape):
    """No targets, links everywhere, bot merges touching ~1,000 notes."""

    def run(self):
        r = self.rnd
        self.initial_paths()
        tip = self.commit("refs/heads/main", "Import vault\n",
                          [(p, self.note(p)) for p in self.paths])
        made = 1
        while made < self.commits:
            if made % 100 == 50 and made + 2 <= self.commits:
                touched = r.sample(self.paths, min(1000, len(self.paths)))
                side = self.commit("refs/heads/bot", "bot: refresh metadata\n",
                                   [(p, self.note(p)) for p in touched],
                                   parents=(tip,), author="vault-bot",
                                   email="bot@example.com")
                # A person commits meanwhile, so the merge is a real one.
                p = r.choice(self.paths)
                tip = self.commit("refs/heads/main", "Edit %s\n" % p,
                                  [(p, self.note(p))], parents=(tip,))
                tip = self.commit("refs/heads/main",
                                  "Merge branch 'bot'\n", [],
                                  parents=(tip, side), author="vault-bot",
                                  email="bot@example.com")
                made += 3
                continue
            k = r.random()
            if k < 0.1:
                p = "%s/%s-n%d.md" % (r.choice(FOLDERS), r.choice(WORDS), made)
                self.paths.append(p)
                files = [(p, self.note(p))]
            else:
                files = [(p, self.note(p))
                         for p in r.sample(self.paths, r.randint(1, 3))]
            tip = self.commit("refs/heads/main", "Update notes\n", files,
                              parents=(tip,))
            made += 1


class Huge(Shape):
    """A docs repository: long-lived branches come back as huge merges."""

    def run(self):
        r = self.rnd
        self.initial_paths()
        decl = []
        for i in range(5):
            p = "positions/position-%d.md" % i
            decl.append((p, "---\nposition: position-%d\ntitle: Position %d\n"
                         "status: held\n---\nStance body.\n" % (i, i)))
        files = [(p, self.note(p)) for p in self.paths] + decl
        tip = self.commit("refs/heads/main", "Import docs\n", files)
        made = 1
        branches = {}
        while made < self.commits:
            k = r.random()
            name = "topic-%d" % r.randint(0, 3)
            if name in branches and k < 0.02:
                tip = self.commit("refs/heads/main",
                                  "Merge branch '%s'\n" % name, [],
                                  parents=(tip, branches.pop(name)))
            elif k < 0.45:
                base = branches.get(name, tip)
                n = r.randint(20, 120)
                files = [(p, self.note(p)) for p in r.sample(self.paths, n)]
                branches[name] = self.commit("refs/heads/" + name,
                                             "Rework %s docs\n" % name,
                                             files, parents=(base,))
            else:
                p = r.choice(self.paths)
                extra = ""
                if r.random() < 0.05:
                    extra = ("\n## Mapping against Position %d\n\n%s - %s\n"
                             % (r.randint(0, 4), r.choice(["Strong",
                                                           "Weak"]),
                                sentence(r)))
                tip = self.commit("refs/heads/main", "Fix %s\n" % p,
                                  [(p, self.note(p, extra))], parents=(tip,))
            made += 1
        for name, m in sorted(branches.items()):
            tip = self.commit("refs/heads/main", "Merge branch '%s'\n" % name,
                              [], parents=(tip, m))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--shape", choices=("bot", "huge"), required=True)
    ap.add_argument("--commits", type=int, default=3000)
    ap.add_argument("--notes", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if os.path.exists(args.dir):
        sys.exit("gen-shapes.py: %s exists" % args.dir)
    subprocess.run(["git", "init", "-q", "-b", "main", args.dir], check=True)
    fi = subprocess.Popen(["git", "-C", args.dir, "fast-import", "--quiet"],
                          stdin=subprocess.PIPE)
    shape = (Bot if args.shape == "bot" else Huge)(args)
    shape.out = fi.stdin
    shape.run()
    fi.stdin.close()
    if fi.wait():
        sys.exit("gen-shapes.py: git fast-import failed")
    subprocess.run(["git", "-C", args.dir, "reset", "-q", "--hard", "main"],
                   check=True)
    with open(os.path.join(args.dir, ".git", "BENCH-INFO"), "w") as f:
        f.write("shape %s: %d commits, %d notes at the start, seed %d\n"
                % (args.shape, shape.mark, args.notes, args.seed))


if __name__ == "__main__":
    main()
