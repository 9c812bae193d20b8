#!/usr/bin/env python3
"""Randomized test of `git thesis sync`, run from sync.bats.

    sync-random.py <workdir> [seed] [rounds]

Three clones of one bare remote make random edits to a dozen notes
(frontmatter keys, tag lists, mapping items, body lines, new and deleted
notes) and sync in random order, from a fixed seed.  A conflict is settled
at once with --resolve ours/theirs half of the time, else left for later.

Afterwards:
  - every commit that was ever reachable in any repository still is, from
    some ref of the remote or a clone (refs/thesis/conflicts/* included);
  - every value an edit wrote is in the history of some ref;
  - no file in any working tree, and no blob ever committed, holds a
    conflict marker;
  - once conflicts are settled and every clone has synced, all clones and
    the remote have the same tree;
  - a note broken for a round (a YAML typo) never travels: sync leaves it
    uncommitted, commits and syncs the rest, and no commit anywhere ever
    holds the typo.

Bounded in time: rounds stop early after TIME_BUDGET seconds.  Prints one
line ("converged ...") on success, diagnostics and exit 1 on failure.
"""
import os
import random
import re
import shutil
import subprocess
import sys
import time

NOTES = 12
TIME_BUDGET = 45.0
STATUSES = ["held", "questioned", "revised", "retired"]
CONFIDENCES = ["high", "medium", "low"]
STRENGTHS = ["strong", "moderate", "weak"]


def fail(msg):
    sys.stderr.write("sync-random: FAIL: %s\n" % msg)
    sys.exit(1)


def run(args, cwd, check=True):
    p = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if check and p.returncode != 0:
        fail("%s in %s exited %d:\n%s" % (" ".join(args), cwd, p.returncode,
                                           p.stdout))
    return p


def git(cwd, *args):
    return run(["git"] + list(args), cwd).stdout


def seed_note(i):
    return (
        "---\n"
        "position: p%d\n"
        "title: Position %d\n"
        "status: held\n"
        "confidence: high\n"
        "owner: o0\n"
        "tags: [seed, n%d]\n"
        "maps:\n"
        "  - target: p%d\n"
        "    strength: weak\n"
        "    effect: supports\n"
        "---\n"
        "# Position %d\n"
        "\n" % (i, i, i, (i + 1) % NOTES, i)
        + "".join("line %d of note %d\n" % (k, i) for k in range(1, 9)))


class World:
    def __init__(self, root, seed):
        self.root = root
        self.rng = random.Random(seed)
        self.counter = 0
        self.tokens = []      # every value an edit wrote
        self.seen = set()     # every commit ever reachable anywhere
        self.conflicts = 0
        self.broken = 0
        self.resolved = 0
        self.syncs = 0
        self.remote = os.path.join(root, "remote.git")
        self.clones = [os.path.join(root, "c%d" % k) for k in range(3)]

    def token(self, kind):
        self.counter += 1
        t = "%s%d" % (kind, self.counter)
        self.tokens.append(t)
        return t

    def setup(self):
        if os.path.exists(self.root):
            shutil.rmtree(self.root)
        os.makedirs(self.root)
        run(["git", "init", "-q", "--bare", self.remote], self.root)
        c0 = self.clones[0]
        run(["git", "init", "-q", c0], self.root)
        os.makedirs(os.path.join(c0, "notes"))
        for i in range(NOTES):
            with open(self.path(c0, i), "w") as f:
                f.write(seed_note(i))
        git(c0, "add", "-A")
        git(c0, "commit", "-q", "-m", "seed")
        git(c0, "remote", "add", "origin", self.remote)
        git(c0, "push", "-q", "-u", "origin", "main")
        for c in self.clones[1:]:
            run(["git", "clone", "-q", self.remote, c], self.root)
        for c in self.clones:
            git(c, "config", "thesis.sync.message", "sync %n: %f")
        self.observe()

    @staticmethod
    def path(clone, i):
        return os.path.join(clone, "notes", "n%02d.md" % i)

    def notes(self, clone):
        d = os.path.join(clone, "notes")
        return sorted(os.path.join(d, n) for n in os.listdir(d)
                      if n.endswith(".md"))

    # ---- edits ---------------------------------------------------------

    def edit(self, clone):
        notes = self.notes(clone)
        path = self.rng.choice(notes)
        with open(path) as f:
            lines = f.read().split("\n")
        kind = self.rng.randrange(10)
        fm_end = lines.index("---", 1) if lines and lines[0] == "---" \
            and "---" in lines[1:] else -1
        if kind == 9:
            name = self.token("new")
            with open(os.path.join(clone, "notes", name + ".md"), "w") as f:
                f.write("---\ntitle: %s\ntags: [fresh]\n---\n%s body\n"
                        % (name, name))
            return
        if kind == 8:
            created = [n for n in notes if "/new" in n]
            if created:
                os.unlink(self.rng.choice(created))
                return
        if fm_end < 0 or kind >= 6:
            # A body line replaced, or one added.
            t = self.token("edit")
            body = list(range(fm_end + 1, len(lines) - 1))
            if body and kind % 2 == 0:
                lines[self.rng.choice(body)] = t
            else:
                lines.insert(len(lines) - 1, t)
        else:
            def key(name):
                for k in range(1, fm_end):
                    if lines[k].startswith(name + ":"):
                        return k
                return -1
            if kind == 0 and key("status") > 0:
                lines[key("status")] = "status: " + self.rng.choice(STATUSES)
            elif kind == 1 and key("confidence") > 0:
                lines[key("confidence")] = "confidence: " + \
                    self.rng.choice(CONFIDENCES)
            elif kind == 2 and key("owner") > 0:
                lines[key("owner")] = "owner: " + self.token("owner")
            elif kind == 3 and key("tags") > 0:
                k = key("tags")
                m = re.match(r"tags: \[(.*)\]$", lines[k])
                items = [x.strip() for x in m.group(1).split(",") if x.strip()]
                if len(items) > 2 and self.rng.random() < 0.4:
                    items.remove(self.rng.choice(items[1:]))
                else:
                    items.append(self.token("tag"))
                lines[k] = "tags: [%s]" % ", ".join(items)
            elif kind == 4 and key("maps") > 0:
                items = [k for k in range(key("maps"), fm_end)
                         if lines[k].startswith("  - target:")]
                if items and self.rng.random() < 0.6:
                    k = self.rng.choice(items) + 1
                    lines[k] = "    strength: " + self.rng.choice(STRENGTHS)
                else:
                    # At the end of the maps list, not of the frontmatter:
                    # keys added after it would make the YAML invalid.
                    t = self.token("x")
                    end = key("maps") + 1
                    while end < fm_end and lines[end].startswith("  "):
                        end += 1
                    lines[end:end] = ["  - target: " + t,
                                      "    strength: weak"]
            else:
                # A new key at the end of the frontmatter.
                t = self.token("k")
                lines.insert(fm_end, "%s: %s" % (t, t))
        with open(path, "w") as f:
            f.write("\n".join(lines))

    def break_note(self, clone):
        """A YAML typo: a tags list loses its closing bracket."""
        path = self.rng.choice(self.notes(clone))
        with open(path) as f:
            lines = f.read().split("\n")
        if not lines or lines[0] != "---" or "---" not in lines[1:]:
            return None
        for k in range(1, lines.index("---", 1)):
            if lines[k].startswith("tags: [") and lines[k].endswith("]"):
                lines[k] = lines[k][:-1]
                with open(path, "w") as f:
                    f.write("\n".join(lines))
                self.broken += 1
                return (path, k)
        return None

    @staticmethod
    def fix_note(broken):
        path, k = broken
        with open(path) as f:
            lines = f.read().split("\n")
        lines[k] += "]"
        with open(path, "w") as f:
            f.write("\n".join(lines))

    # ---- syncing and checks ----------------------------------------------

    def sync(self, clone, *args, broken=None):
        self.syncs += 1
        p = run(["git-thesis", "sync", "--quiet"] + list(args), clone,
                check=False)
        if broken and p.returncode in (1, 2):
            # The broken note is held back; a change coming in for it
            # cannot overwrite it either.
            rel = os.path.relpath(broken[0], clone)
            if not re.search(r"^%s:\d+:\d+: error: " % re.escape(rel),
                             p.stdout, re.M) or \
                    "not committed, it has an error" not in p.stdout:
                fail("the broken %s was not named:\n%s" % (rel, p.stdout))
            if p.returncode == 2 and "not overwritten" not in p.stdout:
                fail("sync in %s exited 2:\n%s" % (clone, p.stdout))
            if p.returncode == 1 and "Conflict with" in p.stdout:
                self.conflicts += 1
            self.observe()
            return p.returncode
        if p.returncode not in (0, 1):
            fail("sync %s in %s exited %d:\n%s"
                 % (" ".join(args), clone, p.returncode, p.stdout))
        if p.returncode == 1:
            self.conflicts += 1
            if "Conflict with origin/main" not in p.stdout:
                fail("exit 1 without a conflict report:\n" + p.stdout)
            if os.environ.get("SYNC_RANDOM_VERBOSE"):
                sys.stderr.write(p.stdout)
        self.observe()
        return p.returncode

    def repos(self):
        return [self.remote] + self.clones

    def observe(self):
        for r in self.repos():
            out = git(r, "rev-list", "--all")
            self.seen.update(out.split())

    def reachable(self):
        res = set()
        for r in self.repos():
            res.update(git(r, "rev-list", "--all").split())
        return res

    def history_text(self):
        return "".join(git(r, "log", "--all", "-p", "--format=%H")
                       for r in self.repos())

    def check_no_markers(self):
        for c in self.clones:
            for dirpath, dirs, files in os.walk(c):
                if ".git" in dirs:
                    dirs.remove(".git")
                for n in files:
                    with open(os.path.join(dirpath, n), errors="replace") as f:
                        for line in f:
                            if line.startswith(("<<<<<<<", ">>>>>>>")):
                                fail("conflict marker in %s/%s"
                                     % (dirpath, n))
        for r in self.repos():
            log = git(r, "log", "--all", "-p", "--format=")
            if re.search(r"^\+(<<<<<<<|>>>>>>>)", log, re.M):
                fail("a commit in %s holds conflict markers" % r)
            if re.search(r"^\+tags: \[[^\]\n]*$", log, re.M):
                fail("a commit in %s holds a broken note" % r)

    def settle_all(self):
        # Resolve every pending conflict, then sync all until nothing moves.
        for _ in range(6):
            codes = []
            for c in self.clones:
                code = self.sync(c)
                if code == 1:
                    self.resolved += 1
                    code = self.sync(c, "--resolve",
                                     self.rng.choice(["ours", "theirs"]))
                    if code != 0:
                        fail("--resolve did not settle the conflict in " + c)
                codes.append(code)
            heads = {git(c, "rev-parse", "HEAD").strip()
                     for c in self.clones}
            heads.add(git(self.remote, "rev-parse", "main").strip())
            if len(heads) == 1 and codes == [0, 0, 0]:
                return
        fail("clones did not converge: " + " ".join(
            git(c, "rev-parse", "HEAD").strip() for c in self.clones))


def main():
    if len(sys.argv) < 2:
        sys.stderr.write(__doc__)
        return 129
    root = os.path.abspath(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    w = World(root, seed)
    start = time.time()
    w.setup()
    done = 0
    for done in range(1, rounds + 1):
        clone = w.rng.choice(w.clones)
        before = len(w.tokens)
        for _ in range(w.rng.randint(1, 3)):
            w.edit(clone)
        # An edit a later one overwrote before any commit never existed.
        text = "".join(open(n).read() for n in w.notes(clone))
        w.tokens[before:] = [t for t in w.tokens[before:] if t in text]
        # Sometimes a note is broken for a round: it must not travel.
        broken = w.break_note(clone) if w.rng.random() < 0.25 else None
        if broken:
            code = w.sync(clone, broken=broken)
            w.fix_note(broken)
        code = w.sync(clone)
        if code == 1 and w.rng.random() < 0.5:
            w.resolved += 1
            if w.sync(clone, "--resolve",
                      w.rng.choice(["ours", "theirs"])) != 0:
                fail("--resolve did not settle the conflict in " + clone)
        # Sometimes another clone syncs without edits of its own.
        if w.rng.random() < 0.3:
            w.sync(w.rng.choice(w.clones))
        if time.time() - start > TIME_BUDGET:
            break
    w.settle_all()

    lost = w.seen - w.reachable()
    if lost:
        fail("%d commits no longer reachable: %s"
             % (len(lost), " ".join(sorted(lost)[:5])))
    text = w.history_text()
    missing = [t for t in w.tokens if t not in text]
    if missing:
        fail("edits missing from every history: " + " ".join(missing[:10]))
    w.check_no_markers()
    trees = {git(c, "rev-parse", "HEAD^{tree}").strip() for c in w.clones}
    trees.add(git(w.remote, "rev-parse", "main^{tree}").strip())
    if len(trees) != 1:
        fail("clones differ: " + " ".join(sorted(trees)))
    for c in w.clones:
        if git(c, "status", "--porcelain").strip():
            fail("uncommitted changes left in " + c)
    print("converged after %d rounds, %d syncs, %d conflicts (%d settled "
          "at once), %d edits, %d notes broken and held, %.1f s"
          % (done, w.syncs, w.conflicts, w.resolved, w.counter, w.broken,
             time.time() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
