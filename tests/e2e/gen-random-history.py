#!/usr/bin/env python3
"""Builds a random vault history for the differential tests of git thesis log.

usage: gen-random-history.py <directory> <seed> [<commits>]
       gen-random-history.py --replay <events.json> <rev>

The directory (which must not exist) becomes a repository of about <commits>
commits (150 by default) made from a fixed seed, so the same seed always gives
the same repository, ids included: fixed authors and dates, no randomness
but the seeded generator.

Each commit applies one or a few random edits to a vault of a few dozen notes:
targets declared (one per note, or several under positions:/theses:),
undeclared, renamed through aliases, changed kind; titles, aliases, statuses,
confidence, owners, stances (frontmatter or body), supersedes changed;
mappings added, removed and edited in frontmatter (list or mapping form) and in
the body, named by id, title, alias, wikilink, file name or an undeclared
name; mentions added and removed, links in code spans; open questions
(a bold lead, list items, callouts with and without a title, linked or
naming a target in prose) added, rewritten, answered and dropped; notes moved (with and
without an edit, into dot folders, to .txt and back), deleted; CRLF and BOM;
commits that change no fact (prose, .obsidian, other files); frontmatter
broken (malformed YAML, or no closing line), edited while broken, repaired
with or without other changes, notes added broken.  Branches are
cut now and then, both sides get commits, and the branch is merged back with
--no-ff: mostly conflict-free (each side edits its own notes), sometimes with
both sides editing a note, the merge then resolved to one side or to a new
value.  One branch may be left unmerged, for --all.

With --replay, reads the JSON events of `git thesis log --first-parent
--reverse <rev>` and applies them, oldest first, to an empty vault: in each
commit the removals (named as before the commit, but for a mapping or
mention of a renamed target that no longer follows it: under the new id),
then the target renames,
then the note moves, then the additions and modifications (named as after
it).  The facts this gives must be those `git thesis positions` and
`git thesis show` report at <rev>: the same targets with their kind, note,
status and every field an event changed; the same mappings with their
strength, effect and any why an event changed; the same mentions.  Events
of kind mapping or mention with change renamed are not in the contract and
are ignored.  Exit status 1 and the differences on stdout when they differ.

The model of the vault is kept here (path -> note), written out in full
before every commit, so merges get exactly the tree the model says.
"""

import copy
import os
import random
import subprocess
import sys

IDS = ["edge", "llm", "rails", "cloud-first", "open-weights", "agents",
       "moat", "pricing", "ray-data-co", "infra", "vercel-first", "inference"]
TITLES = ["Edge hosting", "LLMs commoditize", "Value moves to rails",
          "Cloud first", "Open weights win", "Agents everywhere",
          "Moats erode", "Pricing power", "Ray Data Co", "Infra matters",
          "Vercel first", "Inference at the edge"]
ALIASES = ["EH", "Edge", "LLM", "Rails", "CF", "OW", "Agents", "Moat", "RDC",
           "Infra", "VF", "Edge inference"]
UNDECLARED = ["Some Other Idea", "Third thing", "Future of work", "Ray Data Co",
              "Open weights win"]
POS_STATUS = ["held", "questioned", "revised", "retired", "Held"]
TH_STATUS = ["emerging", "corroborated", "contested", "refuted", "EMERGING"]
CONFIDENCE = ["high", "medium", "low", "0.7", "0.70", "1", None]
OWNERS = ["founder", "ops-agent", "dana", None]
STANCES = ["Run it on the edge.", "Keep inference on AWS.",
           "Models become interchangeable.", "Own the workflow.", None]
STRENGTHS = ["strong", "moderate", "weak", "Strong", "WEAK"]
EFFECTS = [None, "supports", "challenges", "neutral", "challenge",
           "Challenged", "supporting"]
WHYS = ["the edge is cheaper", "egress costs more than it saves",
        "third datapoint in two days", "routing layers commoditize models",
        "Amazon as the neutral host", "pricing beats reserved GPUs", None]
WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda "
         "mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega").split()
AUTHORS = [("Dana Founder", "dana@example.com"),
           ("Ops Agent", "ops-agent@example.com"),
           ("Sam Analyst", "sam@example.com")]


class Note:
    """One Markdown note of the model; render() gives its bytes."""

    def __init__(self):
        self.decl = []          # targets: dicts
        self.multi = False      # positions:/theses: lists
        self.stance_body = False
        self.fmaps = []         # [name, strength, effect, why]
        self.fform = "list"
        self.bmaps = []         # [name, strength, effect, [why lines]]
        self.links = []         # names linked in the body
        self.link_style = []    # "para", "item", "embed", "quote"
        self.code = False
        self.prose = []
        self.questions = []     # [style, lead, name, tail]
        self.title = None       # a plain title for notes without targets
        self.crlf = False
        self.bom = False
        self.broken = None      # None, "flow" (bad YAML) or "open" (no ---)

    def render(self):
        fm = []
        if self.title:
            fm.append("title: %s" % self.title)
        if self.decl and not self.multi:
            fm += target_yaml(self.decl[0], "", stance=not self.stance_body)
        elif self.decl:
            for kind in ("position", "thesis"):
                items = [t for t in self.decl if t["kind"] == kind]
                if not items:
                    continue
                fm.append("positions:" if kind == "position" else "theses:")
                for t in items:
                    lines = target_yaml(t, "    ", stance=True, key="id")
                    fm.append("  - " + lines[0].lstrip())
                    fm += lines[1:]
        if self.fmaps:
            fm.append("maps:")
            for name, strength, effect, why in self.fmaps:
                if self.fform == "dict":
                    fm.append("  %s: %s" % (yq(name), strength))
                    continue
                fm.append("  - target: %s" % yq(name))
                fm.append("    strength: %s" % strength)
                if effect:
                    fm.append("    effect: %s" % effect)
                if why:
                    fm.append("    why: %s" % why)
        out = []
        if fm and self.broken == "flow":
            fm.append("broken: [never closed")
        if fm and self.broken == "open":
            out += ["---"] + fm + [""]
        elif fm:
            out += ["---"] + fm + ["---", ""]
        elif self.broken:
            out += ["---", ""]
        out += ["# A note", ""]
        if self.prose:
            out += self.prose + [""]
        for style, lead, name, tail in self.questions:
            out += question_lines(style, lead, name, tail) + [""]
        if self.stance_body and self.decl and not self.multi:
            stance = self.decl[0].get("stance")
            if stance:
                out += ["## Stance", "", stance, ""]
        for name, strength, effect, why in self.bmaps:
            out += ["## Mapping against %s" % name, ""]
            first = strength + (" " + effect if effect else "")
            if why:
                out.append(first + " - " + why[0])
                out += why[1:]
            else:
                out.append(first + ".")
            out.append("")
        for name, style in zip(self.links, self.link_style):
            if style == "item":
                out += ["- follow up on [[%s]]" % name, ""]
            elif style == "embed":
                out += ["![[%s]]" % name, ""]
            elif style == "quote":
                out += ["> as [[%s|they]] said" % name, ""]
            else:
                out += ["See [[%s]] for more." % name, ""]
        if self.code:
            out += ["`[[edge]]` is code.", "", "```", "[[llm]]", "```", ""]
        text = ("\r\n" if self.crlf else "\n").join(out)
        return ("\ufeff" if self.bom else "") + text


def question_lines(style, lead, name, tail):
    """An open question (or an answered one) in one of the shapes notes use."""
    if style == "bold":
        return ["**%s for the founder:** is %s still" % (lead, name),
                "the right call %s?" % tail]
    if style == "item":
        return ["- %s: should we drop %s %s?" % (lead, name, tail)]
    if style == "link":
        return ["%s: does [[%s]] hold %s?" % (lead, name, tail)]
    if style == "callout":
        return ["> [!question]- %s on %s" % (lead, name), "> %s" % tail]
    return ["> [!FAQ]", "> %s: %s %s" % (lead, name, tail)]


def yq(name):
    if name.startswith("[[") or any(c in name for c in ":#{}[],"):
        return '"%s"' % name
    return name


def target_yaml(t, indent, stance, key=None):
    lines = ["%s%s: %s" % (indent, key or t["kind"], t["id"])]

    def add(k, v, quote=False):
        if v is None:
            return
        lines.append('%s%s: %s' % (indent, k, '"%s"' % v if quote else v))
    add("title", t.get("title"), t.get("q", False))
    if stance:
        add("stance", t.get("stance"))
    add("status", t.get("status"), t.get("q", False))
    add("confidence", t.get("confidence"))
    add("owner", t.get("owner"))
    if t.get("supersedes"):
        lines.append("%ssupersedes: [%s]" % (indent, ", ".join(t["supersedes"])))
    if t.get("aliases"):
        lines.append("%saliases: [%s]" % (indent, ", ".join(t["aliases"])))
    return lines


class Gen:
    def __init__(self, directory, seed, commits):
        self.dir = directory
        self.r = random.Random(seed)
        # Questions draw from their own generator: the histories of the
        # other facts stay what they were before questions existed.
        self.rq = random.Random(seed + 7919)
        self.target = commits
        self.ncommits = 0
        self.tick = 1770000000 + seed % 1000 * 3600
        self.counter = 0
        self.models = {"main": {}}
        self.branch = "main"
        self.open = None        # {"name", "base", "own": {branch: set}}
        self.unmerged = 0

    # --- git ------------------------------------------------------------
    def git(self, *args, check=True, env=None):
        e = dict(os.environ)
        if env:
            e.update(env)
        return subprocess.run(("git",) + args, cwd=self.dir, env=e,
                              check=check, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode

    def dates(self):
        self.tick += self.r.choice([60, 600, 3600, 86400])
        name, email = self.r.choice(AUTHORS)
        d = "@%d +0000" % self.tick
        return {"GIT_AUTHOR_DATE": d, "GIT_COMMITTER_DATE": d,
                "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
                "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}

    def sync(self, model):
        want = {p: (v.render() if isinstance(v, Note) else v)
                for p, v in model.items()}
        for root, dirs, files in os.walk(self.dir):
            if ".git" in dirs and root == self.dir:
                dirs.remove(".git")
            for f in files:
                p = os.path.relpath(os.path.join(root, f), self.dir)
                if p not in want:
                    os.unlink(os.path.join(root, f))
        for p, text in want.items():
            full = os.path.join(self.dir, p)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            data = text.encode("utf-8")
            try:
                with open(full, "rb") as f:
                    if f.read() == data:
                        continue
            except FileNotFoundError:
                pass
            with open(full, "wb") as f:
                f.write(data)

    def commit(self, message):
        self.sync(self.model)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message,
                 env=self.dates())
        self.ncommits += 1

    @property
    def model(self):
        return self.models[self.branch]

    # --- names ----------------------------------------------------------
    def declared(self, model=None):
        model = self.model if model is None else model
        out = []
        for p, n in sorted(model.items()):
            if isinstance(n, Note) and p.endswith(".md") and "/." not in "/" + p:
                out += [(p, t) for t in n.decl]
        return out

    def name(self):
        """A name for a mapping or link: id, title, alias, file name,
        wikilink forms, or something undeclared."""
        r = self.r
        decl = self.declared()
        k = r.random()
        if not decl or k < 0.12:
            return r.choice(UNDECLARED + TITLES)
        p, t = r.choice(decl)
        choices = [t["id"]]
        if t.get("title"):
            choices += [t["title"], t["title"].lower(), " %s " % t["title"]]
        choices += t.get("aliases") or []
        choices.append("[[%s]]" % r.choice(choices).strip())
        choices.append("[[%s]]" % p[:-3])
        choices.append("[[%s]]" % os.path.basename(p)[:-3])
        choices.append("[[%s#Stance]]" % t["id"])
        return r.choice(choices)

    def link_name(self):
        n = self.name().strip()
        if n.startswith("[["):
            n = n[2:-2]
        return n

    # --- edits ----------------------------------------------------------
    def fresh_path(self, folder):
        self.counter += 1
        return "%s/n%d-%s.md" % (folder, self.counter, self.r.choice(WORDS))

    def own(self, path):
        if not self.open:
            return True
        mine = self.open["own"][self.branch]
        return path in mine or self.r.random() < self.open["share"]

    def notes(self, pred=lambda p, n: True):
        return [p for p, n in sorted(self.model.items())
                if isinstance(n, Note) and self.own(p) and pred(p, n)]

    def claim(self, path):
        if self.open:
            self.open["own"][self.branch].add(path)

    def unused_id(self):
        """An index into IDS, mostly of an id no note declares yet (a
        duplicate now and then)."""
        used = set(t["id"] for _, t in self.declared())
        free = [i for i, x in enumerate(IDS) if x not in used]
        if free and self.r.random() < 0.85:
            return self.r.choice(free)
        return self.r.randrange(len(IDS))

    def new_target(self):
        r = self.r
        kind = r.choice(["position", "thesis"])
        i = self.unused_id()
        t = {"kind": kind, "id": IDS[i],
             "title": TITLES[i] if r.random() < 0.8 else None,
             "status": r.choice(POS_STATUS if kind == "position" else TH_STATUS),
             "confidence": r.choice(CONFIDENCE), "owner": r.choice(OWNERS),
             "stance": r.choice(STANCES), "q": r.random() < 0.3,
             "aliases": [ALIASES[i]] if r.random() < 0.5 else [],
             "supersedes": r.sample(IDS, r.randrange(2))}
        return t

    def op_declare(self):
        n = Note()
        n.decl = [self.new_target()]
        if self.r.random() < 0.2:
            n.multi = True
            n.decl.append(self.new_target())
        else:
            n.stance_body = self.r.random() < 0.3
        n.prose = self.prose()
        # Now and then added broken: no frontmatter facts at all.
        if self.r.random() < 0.08:
            n.broken = "flow"
        p = self.fresh_path(self.r.choice(["positions", "theses", "t"]))
        self.model[p] = n
        self.claim(p)
        return "declare %s" % ", ".join(t["id"] for t in n.decl)

    def op_edit_target(self):
        r = self.r
        ps = self.notes(lambda p, n: n.decl)
        if not ps:
            return self.op_declare()
        p = r.choice(ps)
        n = self.model[p]
        t = r.choice(n.decl)
        field = r.choice(["status", "status", "confidence", "owner", "title",
                          "stance", "supersedes", "aliases", "quote",
                          "stance_body", "rename", "kind", "undeclare"])
        if field == "status":
            t["status"] = r.choice(POS_STATUS + TH_STATUS[:1] + [None])
        elif field == "confidence":
            t["confidence"] = r.choice(CONFIDENCE)
        elif field == "owner":
            t["owner"] = r.choice(OWNERS)
        elif field == "title":
            t["title"] = r.choice(TITLES + [None])
        elif field == "stance":
            t["stance"] = r.choice(STANCES)
        elif field == "supersedes":
            t["supersedes"] = r.sample(IDS, r.randrange(3))
        elif field == "aliases":
            t["aliases"] = r.sample(ALIASES + TITLES[:3] + IDS[:3],
                                    r.randrange(3))
        elif field == "quote":
            t["q"] = not t.get("q")
        elif field == "stance_body":
            n.stance_body = not n.stance_body
        elif field == "rename":
            old = t["id"]
            t["id"] = IDS[self.unused_id()]
            if r.random() < 0.8:
                t["aliases"] = (t.get("aliases") or []) + [old]
            if r.random() < 0.3:
                t["status"] = r.choice(POS_STATUS + TH_STATUS)
        elif field == "kind":
            t["kind"] = "thesis" if t["kind"] == "position" else "position"
        elif field == "undeclare":
            n.decl.remove(t)
            if not n.decl:
                n.multi = False
        return "edit %s of %s" % (field, t["id"])

    def mapping(self):
        r = self.r
        return [self.name(), r.choice(STRENGTHS), r.choice(EFFECTS),
                r.choice(WHYS)]

    def body_mapping(self):
        r = self.r
        name = self.name()
        if name.startswith(" "):
            name = name.strip()
        why = r.choice(WHYS)
        lines = [why] if why else []
        if why and r.random() < 0.5:
            lines.append(r.choice(WORDS) + " " + r.choice(WORDS) + ".")
        return [name, r.choice(STRENGTHS), r.choice(EFFECTS), lines]

    def prose(self):
        r = self.r
        return [" ".join(r.choice(WORDS) for _ in range(8)) + "."
                for _ in range(r.randrange(2, 7))]

    def op_new_ref(self):
        r = self.r
        n = Note()
        n.title = r.choice(["Reference", "A talk", "Daily", None])
        n.fform = r.choice(["list", "list", "dict"])
        n.fmaps = [self.mapping() for _ in range(r.randrange(3))]
        n.bmaps = [self.body_mapping() for _ in range(r.randrange(3))]
        for _ in range(r.randrange(3)):
            n.links.append(self.link_name())
            n.link_style.append(r.choice(["para", "item", "embed", "quote"]))
        n.code = r.random() < 0.2
        n.prose = self.prose()
        n.crlf = r.random() < 0.1
        n.bom = r.random() < 0.1
        if self.rq.random() < 0.4:
            n.questions.append(self.question())
        p = self.fresh_path(r.choice(["refs", "daily", "refs/deep"]))
        self.model[p] = n
        self.claim(p)
        return "reference %s" % p

    def question(self):
        q = self.rq
        names = [t for t in IDS + TITLES + ALIASES] + UNDECLARED
        return [q.choice(["bold", "item", "link", "callout", "faq"]),
                q.choice(["Open question", "Question", "Q", "Open question"]),
                q.choice(names), " ".join(q.choice(WORDS) for _ in range(3))]

    def edit_questions(self, n):
        """Now and then, a question appears, changes, is answered or goes."""
        q = self.rq
        k = q.random()
        if k < 0.25 or (k < 0.6 and not n.questions):
            n.questions.append(self.question())
        elif k < 0.4:
            x = q.choice(n.questions)
            x[3] = q.choice(WORDS) + " " + x[3]
        elif k < 0.5:
            q.choice(n.questions)[1] = q.choice(["Answered", "Resolved"])
        elif k < 0.55:
            n.questions.remove(q.choice(n.questions))
        elif k < 0.6:
            q.choice(n.questions)[2] = q.choice(IDS + TITLES + ALIASES)

    def op_edit_ref(self):
        r = self.r
        ps = self.notes(lambda p, n: not n.decl)
        if not ps:
            return self.op_new_ref()
        p = r.choice(ps)
        n = self.model[p]
        what = r.choice(["add fm", "add body", "drop", "strength", "effect",
                         "why", "why line", "retarget", "link", "unlink",
                         "code", "form", "crlf", "prose"])
        maps = n.fmaps + n.bmaps
        if what == "add fm":
            n.fmaps.append(self.mapping())
        elif what == "add body":
            n.bmaps.append(self.body_mapping())
        elif what == "drop" and maps:
            m = r.choice(maps)
            (n.fmaps if m in n.fmaps else n.bmaps).remove(m)
        elif what == "strength" and maps:
            r.choice(maps)[1] = r.choice(STRENGTHS)
        elif what == "effect" and maps:
            r.choice(maps)[2] = r.choice(EFFECTS)
        elif what == "why" and n.fmaps:
            r.choice(n.fmaps)[3] = r.choice(WHYS)
        elif what == "why line" and n.bmaps:
            m = r.choice(n.bmaps)
            if m[3]:
                i = r.randrange(len(m[3]))
                m[3][i] = r.choice(WORDS) + " " + m[3][i]
            else:
                m[3] = [r.choice(WORDS)]
        elif what == "retarget" and maps:
            r.choice(maps)[0] = self.name().strip()
        elif what == "link":
            n.links.append(self.link_name())
            n.link_style.append(r.choice(["para", "item", "embed", "quote"]))
        elif what == "unlink" and n.links:
            i = r.randrange(len(n.links))
            del n.links[i], n.link_style[i]
        elif what == "code":
            n.code = not n.code
        elif what == "form":
            n.fform = "dict" if n.fform == "list" else "list"
        elif what == "crlf":
            n.crlf = not n.crlf
            n.bom = r.random() < 0.5
        else:
            n.prose = n.prose + self.prose()[:1]
        self.edit_questions(n)
        return "edit %s in %s" % (what, p)

    def op_move(self):
        r = self.r
        ps = self.notes()
        if not ps:
            return self.op_new_ref()
        p = r.choice(ps)
        n = self.model.pop(p)
        k = r.random()
        if k < 0.1:
            q = ".trash/" + os.path.basename(p)
        elif k < 0.2 and p.endswith(".md"):
            q = p[:-3] + ".txt"
        elif k < 0.3 and p.endswith(".txt"):
            q = p[:-4] + ".md"
        else:
            q = self.fresh_path(r.choice(["archive", "refs", "positions"]))
        if q in self.model:
            q = self.fresh_path("moved")
        self.model[q] = n
        self.claim(q)
        if r.random() < 0.3 and isinstance(n, Note):
            n.prose = n.prose + ["One more line of prose after the move."]
            if n.bmaps:
                m = r.choice(n.bmaps)
                m[1] = r.choice(STRENGTHS)
            elif n.decl:
                n.decl[0]["status"] = r.choice(POS_STATUS + TH_STATUS)
        return "move %s to %s" % (p, q)

    def op_delete(self):
        ps = self.notes()
        if len(ps) < 8:
            return self.op_new_ref()
        p = self.r.choice(ps)
        del self.model[p]
        return "delete %s" % p

    def op_break(self):
        """Breaks a note's frontmatter: its facts must be carried."""
        ps = self.notes(lambda p, n: not n.broken and p.endswith(".md"))
        if not ps:
            return self.op_new_ref()
        p = self.r.choice(ps)
        n = self.model[p]
        n.broken = self.r.choice(["flow", "flow", "open"])
        if self.r.random() < 0.3 and n.bmaps:
            n.bmaps[0][1] = self.r.choice(STRENGTHS)
        return "break %s" % p

    def op_repair(self):
        """Mends a broken note, often with a change made meanwhile."""
        ps = self.notes(lambda p, n: n.broken)
        if not ps:
            return self.op_break()
        p = self.r.choice(ps)
        n = self.model[p]
        n.broken = None
        if n.decl and self.r.random() < 0.5:
            n.decl[0]["status"] = self.r.choice(POS_STATUS + TH_STATUS)
        return "repair %s" % p

    def op_nothing(self):
        r = self.r
        k = r.random()
        if k < 0.4:
            self.model[".obsidian/workspace.json"] = '{"n": %d}\n' % r.randrange(10**6)
        elif k < 0.6:
            self.model["README.txt"] = "[[edge]] %d\n" % r.randrange(10**6)
        else:
            ps = self.notes()
            if ps:
                n = self.model[r.choice(ps)]
                if isinstance(n, Note):
                    n.prose = self.prose()
        return "no facts"

    def step(self):
        r = self.r
        ops = [(self.op_declare, 2), (self.op_edit_target, 7),
               (self.op_new_ref, 4), (self.op_edit_ref, 10),
               (self.op_move, 2), (self.op_delete, 1), (self.op_nothing, 1),
               (self.op_break, 1), (self.op_repair, 1)]
        total = sum(w for _, w in ops)
        msgs = []
        for _ in range(1 if r.random() < 0.7 else r.randrange(2, 4)):
            x = r.uniform(0, total)
            for op, w in ops:
                x -= w
                if x <= 0:
                    msgs.append(op())
                    break
        self.commit("; ".join(msgs))

    # --- branches -------------------------------------------------------
    def checkout(self, branch):
        if branch != self.branch:
            self.git("checkout", "-q", branch)
            self.branch = branch

    def start_branch(self):
        name = "topic-%d" % self.counter
        self.counter += 1
        self.git("branch", name)
        self.models[name] = copy.deepcopy(self.model)
        paths = sorted(self.model)
        side = set(p for p in paths if self.r.random() < 0.5)
        self.open = {"name": name, "base": copy.deepcopy(self.model),
                     "own": {"main": set(paths) - side, name: side},
                     "share": 0.0 if self.r.random() < 0.7 else 0.15,
                     "left": self.r.randrange(2, 8), "side_commits": 0}

    def merge_branch(self):
        o = self.open
        name = o["name"]
        self.open = None
        if o["side_commits"] == 0:
            self.checkout(name)
            self.step()
        if self.unmerged == 0 and self.ncommits > self.target * 0.7 \
                and self.r.random() < 0.5:
            self.unmerged += 1
            self.checkout(name)
            self.step()
            self.step()
            self.checkout("main")
            return
        self.checkout("main")
        base, ours, theirs = o["base"], self.models["main"], self.models[name]
        merged = {}
        for p in sorted(set(base) | set(ours) | set(theirs)):
            b, m, t = (x.get(p) for x in (base, ours, theirs))
            rb, rm, rt = (v.render() if isinstance(v, Note) else v
                          for v in (b, m, t))
            if rm == rt or rt == rb:
                v = m
            elif rm == rb:
                v = t
            else:
                v = self.r.choice([m, t, m if m is not None else t])
                if isinstance(v, Note) and self.r.random() < 0.5:
                    v = copy.deepcopy(v)
                    v.prose = v.prose + ["Resolved by hand."]
                    if v.decl:
                        v.decl[0]["status"] = self.r.choice(POS_STATUS)
            if v is not None:
                merged[p] = copy.deepcopy(v)
        self.git("merge", "--no-ff", "--no-commit", "-q", name, check=False,
                 env=self.dates())
        if self.git("rev-parse", "-q", "--verify", "MERGE_HEAD",
                    check=False) != 0:
            raise SystemExit("gen-random-history: merge of %s did not start"
                             % name)
        self.models["main"] = merged
        self.sync(merged)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", "Merge " + name,
                 env=self.dates())
        self.ncommits += 1
        del self.models[name]

    def run(self):
        os.makedirs(self.dir)
        subprocess.run(["git", "init", "-q", "-b", "main", self.dir],
                       check=True, stdout=subprocess.DEVNULL)
        self.git("config", "user.useConfigOnly", "true")
        self.git("config", "commit.gpgSign", "false")
        self.model[".obsidian/app.json"] = "{}\n"
        for _ in range(6):
            self.op_declare()
        for _ in range(8):
            self.op_new_ref()
        self.commit("initial vault")
        while self.ncommits < self.target:
            if self.open:
                o = self.open
                if o["left"] == 0:
                    self.merge_branch()
                    continue
                o["left"] -= 1
                side = self.r.random() < 0.5
                self.checkout(o["name"] if side else "main")
                if side:
                    o["side_commits"] += 1
                self.step()
            elif self.r.random() < 0.1:
                self.start_branch()
            else:
                self.step()
        if self.open:
            self.open["left"] = 0
            self.merge_branch()
        if not self.unmerged:
            # Always one branch left unmerged, for --all.
            self.start_branch()
            name = self.open["name"]
            self.open = None
            self.checkout(name)
            self.step()
            self.step()
            self.unmerged += 1
        self.checkout("main")


def replay(path, rev):
    """See --replay in the docstring."""
    import json
    from itertools import groupby
    events = [json.loads(line) for line in open(path)]
    targets, maps, ments, quests = {}, {}, set(), {}
    bad = []

    def say(*a):
        bad.append(" ".join(str(x) for x in a))

    def thesis(*args):
        return json.loads(subprocess.run(
            ["git", "thesis"] + list(args) + ["--at", rev, "--format=json"],
            capture_output=True, text=True, check=True).stdout)

    def rekey_note(old, new):
        for v in targets.values():
            if v["note"] == old:
                v["note"] = new
        for k in [x for x in maps if x[0] == old]:
            maps[(new, k[1])] = maps.pop(k)
        for k in [x for x in ments if x[0] == old]:
            ments.discard(k)
            ments.add((new, k[1]))
        for k in [x for x in quests if x[0] == old]:
            quests[(new, k[1])] = quests.pop(k)

    def rekey_target(old, new):
        if old in targets:
            targets[new] = targets.pop(old)
        for k in [x for x in maps if x[1] == old]:
            maps[(k[0], new)] = maps.pop(k)
        for k in [x for x in ments if x[1] == old]:
            ments.discard(k)
            ments.add((k[0], new))
        for k in [x for x in quests if x[1] == old]:
            quests[(k[0], new)] = quests.pop(k)

    for commit, batch in groupby(events, key=lambda e: e["commit"]):
        batch = list(batch)
        # A mapping or mention that loses a renamed target is removed
        # under the target's new id (contract 3): it was held by the old.
        was = dict((e["new"], e["old"]) for e in batch
                   if e["change"] == "renamed")
        for e in batch:
            if e["change"] != "removed":
                continue
            k, t, n = e["kind"], e["target"], e["note"]
            if k in ("mapping", "mention") and t in was and \
                    (n, t) not in maps and (n, t) not in ments:
                t = was[t]
            if k in ("position", "thesis"):
                if targets.pop(t, None) is None:
                    say(commit, "removes a target it never added:", t)
            elif k == "mapping":
                if maps.pop((n, t), None) is None:
                    say(commit, "removes a mapping it never added:", n, t)
            elif k == "mention":
                if (n, t) not in ments:
                    say(commit, "removes a mention it never added:", n, t)
                ments.discard((n, t))
            elif k == "question":
                if quests.pop((n, t), None) is None:
                    say(commit, "removes a question it never added:", n, t)
        for e in batch:
            if e["change"] == "renamed" and e["kind"] in ("position", "thesis"):
                rekey_target(e["old"], e["new"])
        for e in batch:
            if e["change"] == "moved":
                rekey_note(e["old"], e["new"])
        for e in batch:
            k, c, t, n = e["kind"], e["change"], e["target"], e["note"]
            if c == "added":
                if k in ("position", "thesis"):
                    targets[t] = {"kind": k, "note": n, "status": e["new"]}
                elif k == "mapping":
                    s, ef = e["new"].split(" ")
                    maps[(n, t)] = {"strength": s, "effect": ef}
                elif k == "mention":
                    ments.add((n, t))
                elif k == "question":
                    quests[(n, t)] = e["new"]
            elif c == "modified" and k == "question":
                quests[(n, t)] = e["new"]
            elif c == "modified":
                table = maps[(n, t)] if k == "mapping" else targets[t]
                table[e["field"]] = e["new"]
                if k != "mapping":
                    table["note"] = n

    pos = thesis("positions", "--undeclared")
    decl = {p["id"]: p for p in pos if p["kind"] != "undeclared"}
    if set(decl) != set(targets):
        say("targets, replay xor positions:", sorted(set(decl) ^ set(targets)))
    for tid, v in sorted(targets.items()):
        p = decl.get(tid)
        if not p:
            continue
        for f in v:
            want = p.get(f)
            if isinstance(want, list):
                want = ", ".join(want) if want else None
            if want != v[f]:
                say("target", tid, f, "replay:", v[f], "positions:", want)
    shown, mentioned, asked = {}, set(), {}
    for p in pos:
        card = thesis("show", p["id"])
        for q in card.get("open_questions", []):
            asked[(q["note"], p["id"])] = q["text"]
        for m in card.get("mappings", []):
            shown[(m["note"], p["id"])] = m
        for n in card.get("mentions", []):
            mentioned.add((n, p["id"]))
    if set(shown) != set(maps):
        say("mappings, replay xor show:", sorted(set(shown) ^ set(maps)))
    for k, v in sorted(maps.items()):
        for f in v:
            if k in shown and shown[k].get(f) != v[f]:
                say("mapping", k, f, "replay:", v[f], "show:", shown[k].get(f))
    if mentioned != ments:
        say("mentions, replay xor show:", sorted(mentioned ^ ments))
    if asked != quests:
        say("questions, replay xor show:",
            sorted(set(asked.items()) ^ set(quests.items())))
    for line in bad:
        print(line)
    print("replayed %d events: %d targets, %d mappings, %d mentions, "
          "%d questions; %d differences" % (len(events), len(targets),
                                            len(maps), len(ments),
                                            len(quests), len(bad)))
    sys.exit(1 if bad else 0)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--replay":
        replay(sys.argv[2], sys.argv[3])
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: gen-random-history.py <directory> <seed> [<commits>]")
    Gen(sys.argv[1], int(sys.argv[2]),
        int(sys.argv[3]) if len(sys.argv) == 4 else 150).run()


if __name__ == "__main__":
    main()
