#!/usr/bin/env python3
"""Generate a synthetic Obsidian vault repository for the git-thesis benchmark.

usage: gen.py <dir> [--commits 20000] [--notes 5000] [--seed 1]

Deterministic from the seed (no set or hash order is ever used to choose):
the same arguments give the same commit ids on every machine.  The history
is written as one `git fast-import` stream, so 20,000 commits take seconds.

The vault is the folder `vault/` (the repository's `thesis.vault` is set to
it): `positions/` holds the position and thesis notes, `reference/` (the
bulk), `inbox/` and `archive/` the reference notes, `daily/` daily notes,
`.trash/` notes Obsidian deleted.  Outside it, churn that must never produce
an event: `.obsidian/workspace.json`, `src/app.py`, `README.md`.

Besides the repository, <dir> gets (ignored through .git/info/exclude):
  BENCH-INFO    counts: commits, merges, notes at HEAD, expected events
  BENCH-EXPECT  one line a commit: <id> <expected event count> <what it did>
The expected counts follow NOTE-CONVENTIONS.md: every operation is chosen so
its events are known without resolving the vault (names are never reused,
renames keep the old names as aliases, merges join branches that touched
disjoint notes, so a merge is expected to report nothing).
"""

import argparse
import os
import random
import subprocess
import sys
import time

VERSION = 1

AUTHORS = [
    ("Dana Founder", "dana@example.com", "-0500"),
    ("Ops Agent", "ops-agent@example.com", "+0000"),
    ("Lee Analyst", "lee@example.com", "+0100"),
    ("Sam Research", "sam@example.com", "-0800"),
]

F_POS = "vault/positions/"
F_REF = "vault/reference/"
F_INBOX = "vault/inbox/"
F_ARCH = "vault/archive/"
F_DAILY = "vault/daily/"
F_DARCH = "vault/archive/daily/"
F_TRASH = "vault/.trash/"
CHURN = (".obsidian/workspace.json", "src/app.py", "README.md")

# ---------------------------------------------------------------- words

VENDORS = ["Cloudflare", "AWS", "GCP", "Azure", "Vercel", "Fly", "Hetzner",
           "Supabase", "Postgres", "Snowflake", "OpenAI", "Anthropic",
           "Mistral", "Stripe", "Shopify", "Notion", "Linear", "Slack",
           "GitHub", "Databricks", "Render", "Netlify", "Twilio", "Segment"]
AREAS = ["hosting", "inference", "storage", "analytics", "billing", "search",
         "onboarding", "support", "hiring", "pricing", "distribution",
         "observability", "security", "data pipeline", "CRM", "email",
         "payments", "identity", "docs", "sales", "evaluation", "routing",
         "caching", "backups"]
POS_PATTERNS = ["{V}-first {a}", "Build {a} in-house", "Buy {a} from {V}",
                "Usage-based {a} pricing", "Remote-first {a} team",
                "Open-source {a} stack", "Single-vendor {a} on {V}",
                "Outsource {a} to {V}", "Agent-run {a}", "Founder-led {a}"]
THESIS_PATTERNS = ["{A} commoditizes; value moves to {b}",
                   "{V} wins {a}", "Agents replace {a} seats",
                   "{A} becomes a feature, not a product",
                   "{A} consolidates around {V}",
                   "Open weights erode {V} margins in {a}",
                   "{A} moves to the edge", "{V} undercuts {a} incumbents"]
UNDECLARED = ["Ray Data Co", "RDCO positioning", "Acme partnership",
              "Project Atlas", "Q3 hiring plan", "Series A narrative"]
OWNERS = ["founder", "ops-agent", "research", "cto", "lee"]
POS_STATUS = ["held", "questioned", "revised", "retired"]
THESIS_STATUS = ["emerging", "corroborated", "contested", "refuted"]
CONFIDENCE = ["high", "medium", "low", "0.3", "0.55", "0.7", "0.85"]
STRENGTHS = ["strong", "moderate", "weak"]
EFFECT_SPELL = {"supports": ["support", "supports", "supporting"],
                "challenges": ["challenge", "challenges", "challenging",
                               "challenged"],
                "neutral": ["neutral"]}
SEPS = [" -", " \u2014", " \u2013", ":", ".", ","]
SOURCES = ["Stratechery", "LinkedIn", "Cloudflare blog", "AWS re:Post",
           "Hacker News", "The Information", "SemiAnalysis", "Substack",
           "YouTube", "Podcast", "Twitter", "Company blog", "arXiv",
           "Caf\u00e9 Analytics", "Z\u00fcrich Fintech Weekly"]
PEOPLE = ["Ben Thompson", "Karl Mehta", "Dylan Patel", "Sarah Guo",
          "Elad Gil", "Matt Levine", "Benedict Evans", "Jos\u00e9 Ram\u00edrez",
          "Ana M\u00fcller", "Kai Chen"]
TOPICS = ["Amazon durability", "the commoditization of LLMs",
          "Workers AI pricing", "Bedrock egress costs", "inference margins",
          "GPU scarcity", "edge compute economics", "agent workloads",
          "vector databases", "open weights", "token prices",
          "data gravity", "vertical integration", "platform risk",
          "usage pricing", "seat compression", "the AI capex cycle",
          "model routing", "enterprise procurement", "developer tools",
          "cloud neutrality", "satellite connectivity", "chip supply"]

SUBJ = ["the model layer", "inference pricing", "the edge platform",
        "our COO agent", "the data team", "this vendor", "the founder",
        "the routing layer", "open weights", "the customer", "their roadmap",
        "the pricing page", "the inference market", "the training era",
        "the application layer", "the hosting bill", "each competitor",
        "the platform team", "their sales motion", "the capex cycle",
        "our workflow", "the procurement team", "the support queue",
        "the benchmark", "the memory server", "the agent runtime"]
VERB = ["commoditizes", "undercuts", "depends on", "moves toward",
        "pushes against", "reinforces", "changes", "exposes", "tracks",
        "absorbs", "outgrows", "compounds", "erodes", "amortizes",
        "leases", "routes around", "locks in", "prices out"]
OBJ = ["the infrastructure layer", "their margins", "the rails",
       "reserved GPUs", "our hosting choice", "the neutral host",
       "the vertical stack", "the KV cache", "the next renewal",
       "the whole category", "every seat", "the egress fees",
       "the power budget", "their first customer", "the open question",
       "the inference bill", "the durable value", "the model catalog"]
TAIL = ["", "", " because the margins compress", " which we should track",
        " about twice as fast as last year", " and their customers follow",
        " definitely within a year", " once the infrastructure is separate",
        " if we receive the renewal quote", " in the next quarter",
        " because their inference costs fall", " which the founder doubts",
        " about as the analysts expected", " and the team can receive it",
        " because the separate budget ends", " which definitely matters"]
TYPOS = [(" the ", " teh "), (" which ", " wich "), (" their ", " thier "),
         (" because ", " becuase "), (" about ", " abotu "),
         (" receive ", " recieve "), (" separate ", " seperate "),
         (" definitely ", " definately "), (" infrastructure ",
         " infrastucture "), (" inference ", " inferrence ")]
MENTION_PRE = ["Direct corroboration of", "See", "Compare with",
               "This bears on", "Relevant to", "Worth checking against",
               "Another datapoint for", "Raises doubts about"]
MENTION_POST = ["", " before the review", " as discussed on Monday",
                " from last week", " and the open question"]
DAILY_TEXT = ["Call with the account team about renewals",
              "Read two pieces on inference costs",
              "Cleaned up the inbox folder", "Weekly metrics review",
              "Drafted the quarterly memo", "Interview loop for the analyst role",
              "Synced with the platform team", "Reviewed vendor contracts"]


def slug(s):
    out, dash = [], False
    for ch in s.lower():
        if ch.isalnum() and ch.isascii():
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def wrap(text, width):
    if not width:
        return [text]
    lines, cur, n = [], [], 0
    for w in text.split(" "):
        if cur and n + 1 + len(w) > width:
            lines.append(" ".join(cur))
            cur, n = [w], len(w)
        else:
            n += len(w) + (1 if cur else 0)
            cur.append(w)
    if cur:
        lines.append(" ".join(cur))
    return lines


def dq(s):
    return '"' + s + '"'


def flow_item(s):
    plain = all(c.isalnum() or c in " -'" for c in s) and s[:1].isalnum()
    return s if plain else dq(s)


def yaml_value(s, quoted):
    if quoted or any(c in s for c in ":#,[]{}\"'&*!|>%@`") or \
            not s[:1].isalnum():
        return dq(s)
    return s


# ---------------------------------------------------------------- model

class Mapping:
    """One mapping of a note.  tkey: int for a declared target, 'u:<slug>'
    for an undeclared one.  form: 'body', 'fm' (list item) or 'dict'."""
    __slots__ = ("tkey", "name", "strength", "effect", "sep", "why",
                 "form", "wrapw", "level", "verb")

    def clone(self):
        m = Mapping()
        for k in Mapping.__slots__:
            setattr(m, k, getattr(self, k))
        m.why = list(self.why)
        return m

    def norm_effect(self):
        if not self.effect:
            return "supports"
        w = self.effect.lower()
        for k, v in EFFECT_SPELL.items():
            if w in v:
                return k
        raise ValueError(w)


class Ref:
    """A reference note (reference/, inbox/, archive/)."""
    kind = "ref"

    def clone(self):
        r = Ref.__new__(Ref)
        r.__dict__.update(self.__dict__)
        r.fm_maps = list(self.fm_maps)
        r.body_maps = list(self.body_maps)
        r.paras = list(self.paras)
        r.items = list(self.items)
        r.mentions = list(self.mentions)
        return r

    def facts(self):
        return len(self.fm_maps) + len(self.body_maps) + len(self.mentions)

    def mapped(self):
        return [m.tkey for m in self.fm_maps] + \
            [m.tkey for m in self.body_maps]

    def render(self):
        o = ["---", "title: " + dq(self.title), "date: " + self.date,
             "type: reference", "source: " + yaml_value(self.source, False)]
        if self.author:
            o.append("author: " + self.author)
        if self.tags:
            if self.tagstyle:
                o.append("tags: " + ", ".join(self.tags))
            else:
                o.append("tags: [" + ", ".join(self.tags) + "]")
        if self.fm_maps:
            if self.fm_maps[0].form == "dict":
                o.append("maps:")
                for m in self.fm_maps:
                    o.append("  %s: %s" % (m.name, m.strength))
            else:
                o.append("maps:")
                for m in self.fm_maps:
                    o.append("  - target: " + m.name)
                    o.append("    strength: " + m.strength)
                    if m.effect:
                        o.append("    effect: " + m.effect)
                    o.append("    why: " + dq(" ".join(m.why)))
        o.append("---")
        o.append("")
        o.append("## Why this is in the vault")
        o.append("")
        for p in self.paras:
            o.extend(wrap(" ".join(p), self.wrap))
            o.append("")
        if self.mentions:
            o.append(" ".join(s for _, s in self.mentions))
            o.append("")
        if self.items:
            o.append("## The core argument")
            o.append("")
            for i, s in enumerate(self.items):
                o.append("%d. %s" % (i + 1, s))
            o.append("")
        if self.code:
            o.extend(["```markdown", "---", "## Mapping against " +
                      self.code, "", "Strong - a template, not a mapping; "
                      "see [[%s]]." % self.code, "```", ""])
        for m in self.body_maps:
            o.append("#" * m.level + " " + m.verb + " " + m.name)
            o.append("")
            head = m.strength + (" " + m.effect if m.effect else "") + m.sep
            o.extend(wrap(head + " " + " ".join(m.why), m.wrapw))
            o.append("")
        text = "\n".join(o)
        if self.crlf:
            text = text.replace("\n", "\r\n")
        if self.bom:
            text = "\ufeff" + text
        return text.encode()


class Daily:
    kind = "daily"

    def clone(self):
        d = Daily.__new__(Daily)
        d.__dict__.update(self.__dict__)
        d.bullets = list(self.bullets)
        return d

    def mention_keys(self):
        return [k for k, _ in self.bullets if k is not None]

    def facts(self):
        return len(self.mention_keys())

    def render(self):
        o = ["# " + self.date, ""]
        for _, s in self.bullets:
            o.append("- " + s)
        o.append("- `[[not-a-mention]]` in code does not count.")
        o.append("")
        return "\n".join(o).encode()


class Target:
    __slots__ = ("tkey", "kind", "id", "title", "stance", "status",
                 "confidence", "owner", "supersedes", "aliases", "tags",
                 "quote", "case", "file")

    def clone(self):
        t = Target()
        for k in Target.__slots__:
            setattr(t, k, getattr(self, k))
        t.supersedes = list(self.supersedes)
        t.aliases = list(self.aliases)
        t.quote = dict(self.quote)
        return t

    def scalar(self, field):
        v = getattr(self, field)
        if field in ("status", "confidence") and self.case.get(field):
            v = v.capitalize() if v.isalpha() else v
        return yaml_value(v, self.quote.get(field, False))

    def aliases_yaml(self, indent):
        if len(self.aliases) > 2:
            return ["aliases:"] + ["%s  - %s" % (indent, flow_item(a))
                                   for a in self.aliases]
        return ["aliases: [" + ", ".join(flow_item(a)
                                         for a in self.aliases) + "]"]


class TNote:
    """A note declaring one target (key `position:`/`thesis:`) or several
    (lists under `positions:`/`theses:`)."""
    kind = "tnote"

    def clone(self):
        n = TNote.__new__(TNote)
        n.__dict__.update(self.__dict__)
        n.targets = list(self.targets)
        n.paras = list(self.paras)
        return n

    def facts(self):
        return len(self.targets)

    def render(self):
        o = ["---"]
        if not self.multi:
            t = self.targets[0]
            o.append("%s: %s" % (t.kind, t.id))
            o.append("title: " + t.scalar("title"))
            if not self.stance_body:
                o.append("stance: " + t.scalar("stance"))
            o.append("status: " + t.scalar("status"))
            o.append("confidence: " + t.scalar("confidence"))
            o.append("owner: " + t.owner)
            if t.supersedes:
                o.append("supersedes: [" + ", ".join(t.supersedes) + "]")
            if t.aliases:
                o.extend(t.aliases_yaml(""))
            o.append("tags: [" + ", ".join(t.tags) + "]")
            o.append("---")
            o.append("")
            o.append("# " + t.title)
            o.append("")
            if self.stance_body:
                o.extend(["## Stance", "", t.stance, ""])
        else:
            o.append(self.multi + ":")
            for t in self.targets:
                o.append("  - id: " + t.id)
                o.append("    title: " + t.scalar("title"))
                o.append("    stance: " + t.scalar("stance"))
                o.append("    status: " + t.scalar("status"))
                o.append("    confidence: " + t.scalar("confidence"))
                o.append("    owner: " + t.owner)
                if t.supersedes:
                    o.append("    supersedes: [" + ", ".join(t.supersedes) +
                             "]")
                if t.aliases:
                    o.append("    " + t.aliases_yaml("    ")[0])
                    o.extend(t.aliases_yaml("    ")[1:])
            o.append("---")
            o.append("")
            o.append("# " + self.heading)
            o.append("")
        for p in self.paras:
            o.extend(wrap(" ".join(p), 78))
            o.append("")
        text = "\n".join(o)
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return text.encode()


class Blob:
    """Churn outside the vault: opaque content."""
    kind = "blob"

    def __init__(self, data):
        self.data = data

    def render(self):
        return self.data


class ISet:
    """A set with O(1) add/remove and uniform random choice, ordered
    deterministically."""
    __slots__ = ("items", "pos")

    def __init__(self, other=None):
        if other is None:
            self.items, self.pos = [], {}
        else:
            self.items, self.pos = list(other.items), dict(other.pos)

    def add(self, x):
        if x not in self.pos:
            self.pos[x] = len(self.items)
            self.items.append(x)

    def discard(self, x):
        i = self.pos.pop(x, None)
        if i is None:
            return
        last = self.items.pop()
        if i < len(self.items):
            self.items[i] = last
            self.pos[last] = i

    def __len__(self):
        return len(self.items)

    def __contains__(self, x):
        return x in self.pos


FOLDERS = (F_POS, F_REF, F_INBOX, F_ARCH, F_DAILY, F_DARCH)


class Side:
    """One branch: its files and indexes."""

    def __init__(self, other=None):
        if other is None:
            self.state = {}
            self.idx = {f: ISet() for f in FOLDERS}
            self.tpath = {}
            self.tkeys = ISet()
        else:
            self.state = dict(other.state)
            self.idx = {f: ISet(s) for f, s in other.idx.items()}
            self.tpath = dict(other.tpath)
            self.tkeys = ISet(other.tkeys)
        self.touched = {}
        self.mark = None
        self.commits = 0
        self.length = 0

    def _index(self, path, obj, add):
        folder = path[:path.rfind("/") + 1]
        if folder in self.idx:
            (self.idx[folder].add if add else self.idx[folder].discard)(path)
        if obj.kind == "tnote":
            for t in obj.targets:
                if add:
                    self.tpath[t.tkey] = path
                    self.tkeys.add(t.tkey)
                else:
                    self.tpath.pop(t.tkey, None)
                    self.tkeys.discard(t.tkey)

    def put(self, path, obj, data):
        old = self.state.get(path)
        if old is not None:
            self._index(path, old[0], False)
        self.state[path] = (obj, data)
        self._index(path, obj, True)
        self.touched[path] = True

    def drop(self, path):
        obj = self.state.pop(path)[0]
        self._index(path, obj, False)
        self.touched[path] = True
        return obj

    def target(self, tkey):
        note = self.state[self.tpath[tkey]][0]
        for t in note.targets:
            if t.tkey == tkey:
                return t, note
        raise KeyError(tkey)


# ---------------------------------------------------------------- generator

class Gen:
    def __init__(self, args):
        self.rng = random.Random(args.seed)
        self.ncommits = args.commits
        self.nnotes = args.notes
        self.used_names = set()     # lowercase names: never reused
        self.used_paths = set()
        self.next_tkey = 0
        self.npos = self.nthe = 0
        self.want_pos = max(3, round(60 * min(1, args.notes / 5000)))
        self.want_the = max(2, round(40 * min(1, args.notes / 5000)))
        self.t = 1609491600        # 2021-01-01T09:00Z
        self.mark = 0
        self.out = None
        self.expect = []            # (mark, [events], description)
        self.merges = 0
        self.branch_commits = 0
        self.pool = [self.sentence() for _ in range(6000)]
        self.recent = []
        self.app = ["import sys", "", "VERSION = 1", "",
                    "def main():", "    return 0", ""]
        self.readme = ["# Company notes", "",
                       "The vault is in `vault/`; open it in Obsidian.", ""]
        for u in UNDECLARED:
            self.used_names.add(u.lower())
            self.used_names.add(slug(u))
        self.ops_count = {}

    # -- text
    def sentence(self):
        r = self.rng
        s = "%s %s %s%s." % (r.choice(SUBJ), r.choice(VERB), r.choice(OBJ),
                             r.choice(TAIL))
        if r.random() < 0.15:
            a, b = r.choice(TYPOS)
            s = s.replace(a, b, 1)
        return s[0].upper() + s[1:]

    def sentences(self, lo, hi):
        return [self.rng.choice(self.pool)
                for _ in range(self.rng.randint(lo, hi))]

    def unique(self, name):
        base, n = name, 2
        while name.lower() in self.used_names or \
                slug(name) in self.used_names:
            name = "%s %d" % (base, n)
            n += 1
        self.used_names.add(name.lower())
        self.used_names.add(slug(name))
        return name

    # -- targets
    def new_target_title(self, kind):
        r = self.rng
        pats = POS_PATTERNS if kind == "position" else THESIS_PATTERNS
        while True:
            a, b = r.choice(AREAS), r.choice(AREAS)
            t = r.choice(pats).format(V=r.choice(VENDORS), a=a,
                                      A=a[0].upper() + a[1:], b=b)
            if t.lower() not in self.used_names and \
                    slug(t) not in self.used_names:
                self.used_names.add(t.lower())
                self.used_names.add(slug(t))
                return t

    def new_target(self, kind):
        r = self.rng
        t = Target()
        t.tkey = self.next_tkey
        self.next_tkey += 1
        t.kind = kind
        t.title = self.new_target_title(kind)
        t.id = slug(t.title)
        self.used_names.add(t.id)
        t.stance = r.choice(self.pool)
        t.status = r.choice(POS_STATUS[:3] if kind == "position"
                            else THESIS_STATUS[:3])
        t.confidence = r.choice(CONFIDENCE)
        t.owner = r.choice(OWNERS)
        t.supersedes = []
        if r.random() < 0.2:
            t.supersedes = [self.unique("old " + t.id[:20]).replace(" ", "-")
                            .lower()]
        t.aliases = []
        if r.random() < 0.6:
            t.aliases.append(self.unique(t.title.split(" ")[0] + " " +
                                         r.choice(["bet", "call", "view",
                                                   "thesis", "plan"])))
        t.tags = [slug(r.choice(AREAS)), kind]
        t.quote = {"title": r.random() < 0.3, "confidence": False,
                   "status": False, "stance": False}
        t.case = {}
        t.file = t.id
        if kind == "position":
            self.npos += 1
        else:
            self.nthe += 1
        return t

    def add_target_note(self, side, kind, cb, multi=0):
        r = self.rng
        n = TNote.__new__(TNote)
        n.targets = [self.new_target(kind) for _ in range(max(1, multi))]
        n.multi = (kind == "position" and "positions" or "theses") \
            if multi else None
        n.stance_body = not multi and r.random() < 0.3
        n.heading = "Portfolio " + ("bets" if kind == "position"
                                    else "theses") + " %d" % self.next_tkey
        n.paras = [self.sentences(2, 5) for _ in range(r.randint(1, 3))]
        n.crlf = r.random() < 0.03
        stem = n.targets[0].id if not multi else slug(n.heading)
        self.used_names.add(stem)
        path = F_POS + stem + ".md"
        self.used_paths.add(path)
        self.write(side, path, n, cb)
        for t in n.targets:
            cb.ev.append((kind, "added", ""))
        cb.desc.append("add %s %s" % (kind, ",".join(t.id for t in
                                                        n.targets)))

    # -- names
    def heading_name(self, side, tkey):
        r = self.rng
        if isinstance(tkey, str):
            return r.choice(UNDECLARED_BY_SLUG[tkey])
        t, note = side.target(tkey)
        forms = [t.id, t.title, t.title.lower(), "[[%s]]" % t.id,
                 "[[%s]]" % t.title, "[[%s|%s]]" % (t.id, t.title.lower())]
        forms += t.aliases + ["[[%s]]" % a for a in t.aliases]
        if not note.multi:
            forms.append("[[%s]]" % t.file)
        return r.choice(forms)

    def fm_name(self, side, tkey, dict_form):
        r = self.rng
        if isinstance(tkey, str):
            return dq(r.choice(UNDECLARED_BY_SLUG[tkey]))
        t, _ = side.target(tkey)
        forms = [t.id, t.id]
        if not dict_form:
            forms += [dq(t.title), dq("[[%s]]" % t.id)]
        forms += [dq(a) for a in t.aliases]
        return r.choice(forms)

    def mention_sentence(self, side, tkey):
        r = self.rng
        t, note = side.target(tkey)
        forms = ["[[%s]]" % t.id, "[[%s|the %s call]]" % (t.title, t.kind),
                 "![[%s]]" % t.id, "[[%s#Stance]]" % t.id]
        forms += ["[[%s]]" % a for a in t.aliases]
        if not note.multi:
            forms.append("[[%s]]" % t.file)
        return "%s %s%s." % (r.choice(MENTION_PRE), r.choice(forms),
                             r.choice(MENTION_POST))

    def pick_targets(self, side, n, exclude=()):
        r = self.rng
        out = []
        for _ in range(n * 4):
            if len(out) == n:
                break
            if r.random() < 0.1 or not len(side.tkeys):
                k = "u:" + slug(r.choice(UNDECLARED))
            else:
                k = side.tkeys.items[r.randrange(len(side.tkeys))]
            if k not in out and k not in exclude:
                out.append(k)
        return out

    def new_mapping(self, side, tkey, form):
        r = self.rng
        m = Mapping()
        m.tkey = tkey
        m.form = form
        m.strength = r.choice(STRENGTHS)
        m.effect = None
        if form != "dict" and r.random() < 0.6:
            m.effect = r.choice(EFFECT_SPELL[r.choice(
                ["supports", "challenges", "challenges", "neutral"])])
        m.why = self.sentences(1, 4)
        m.sep = r.choice(SEPS)
        m.wrapw = r.choice([0, 0, 72, 78])
        m.level = r.choice([2, 2, 2, 3, 1])
        m.verb = r.choice(["Mapping against", "Mapping against",
                           "Mapping against", "Maps against", "Mapping to",
                           "mapping against"])
        if form == "body":
            m.strength = r.choice([m.strength.capitalize(),
                                   m.strength.capitalize(), m.strength])
            m.name = self.heading_name(side, tkey)
        else:
            m.name = self.fm_name(side, tkey, form == "dict")
        return m

    # -- file writes (record fast-import commands)
    def write(self, side, path, obj, cb):
        data = obj.render()
        side.put(path, obj, data)
        cb.cmds.append(("M", path, data))
        cb.paths.add(path)
        if path.startswith("vault/"):
            self.recent.append(path)

    def new_ref(self, side, cb, folder=None):
        r = self.rng
        n = Ref.__new__(Ref)
        src = r.choice(SOURCES)
        n.title = self.unique("%s: %s" % (src, r.choice(TOPICS)))
        n.date = time.strftime("%Y-%m-%d", time.gmtime(self.t))
        n.source = src
        n.author = r.choice(PEOPLE) if r.random() < 0.6 else None
        n.tags = [slug(r.choice(AREAS)) for _ in range(r.randint(0, 5))]
        n.tagstyle = r.random() < 0.3
        n.paras = [self.sentences(2, 6) for _ in range(r.randint(1, 3))]
        n.items = [r.choice(self.pool) for _ in range(r.randint(0, 6))]
        n.wrap = r.choice([0, 0, 0, 78, 72])
        n.crlf = r.random() < 0.02
        n.bom = r.random() < 0.01
        n.code = None
        n.fm_maps, n.body_maps, n.mentions = [], [], []
        if r.random() < 0.9:
            keys = self.pick_targets(side, r.choice([1, 1, 1, 2, 2, 3]))
            fm = r.random()
            for i, k in enumerate(keys):
                if fm < 0.15 and i < 2:
                    n.fm_maps.append(self.new_mapping(side, k, "fm"))
                elif fm < 0.25 and i < 2 and not isinstance(k, str):
                    n.fm_maps.append(self.new_mapping(side, k, "dict"))
                else:
                    n.body_maps.append(self.new_mapping(side, k, "body"))
            if n.fm_maps and any(m.form != n.fm_maps[0].form
                                 for m in n.fm_maps):
                n.fm_maps = n.fm_maps[:1]
        nm = r.choice([0, 0, 0, 1, 1, 2])
        for k in self.pick_targets(side, nm):
            if not isinstance(k, str):
                n.mentions.append((k, self.mention_sentence(side, k)))
        if r.random() < 0.03:
            # a link to an undeclared name is not a mention
            n.paras.append(["Not a target yet: [[%s]]." %
                            r.choice(UNDECLARED)])
        if r.random() < 0.02 and len(side.tkeys):
            n.code = side.target(side.tkeys.items[0])[0].id
        stem = slug(n.title) if r.random() < 0.7 else \
            n.title.replace(":", " -").replace("/", " ")
        if r.random() < 0.02:
            stem += r.choice([" \U0001f4a1", " & co", " (draft)"])
        if stem.lower() in self.used_names and stem != slug(n.title):
            stem = slug(n.title)
        self.used_names.add(stem.lower())
        if folder is None:
            folder = F_INBOX if r.random() < 0.12 else F_REF
        path = folder + stem + ".md"
        assert path not in self.used_paths, path
        self.used_paths.add(path)
        self.write(side, path, n, cb)
        for _ in n.fm_maps + n.body_maps:
            cb.ev.append(("mapping", "added", ""))
        for _ in n.mentions:
            cb.ev.append(("mention", "added", ""))
        cb.desc.append("add reference " + path)

    def pick(self, side, folders, locked, cb, pred=None):
        r = self.rng
        sets = [side.idx[f] for f in folders]
        total = sum(len(s) for s in sets)
        if not total:
            return None
        for _ in range(12):
            i = r.randrange(total)
            for s in sets:
                if i < len(s):
                    p = s.items[i]
                    break
                i -= len(s)
            if p in locked or p in cb.paths:
                continue
            if pred is None or pred(side.state[p][0]):
                return p
        return None

    # -- operations; each returns False when nothing fits
    REFS = (F_REF, F_INBOX, F_ARCH)

    def op_add_ref(self, side, locked, cb):
        self.new_ref(side, cb)
        return True

    def op_add_daily(self, side, locked, cb):
        r = self.rng
        date = time.strftime("%Y-%m-%d", time.gmtime(self.t))
        path = F_DAILY + date + ".md"
        if path in self.used_paths:
            return False
        self.used_paths.add(path)
        self.used_names.add(date)
        d = Daily.__new__(Daily)
        d.date = date
        d.bullets = [(None, r.choice(DAILY_TEXT) + ".")
                     for _ in range(r.randint(1, 4))]
        for k in self.pick_targets(side, r.choice([0, 1, 1, 2])):
            if not isinstance(k, str):
                d.bullets.append((k, "Follow up: " +
                                  self.mention_sentence(side, k)))
                cb.ev.append(("mention", "added", ""))
        self.write(side, path, d, cb)
        cb.desc.append("add daily " + path)
        return True

    def _edit_mapping(self, side, locked, cb, what):
        r = self.rng

        def ok(n):
            if n.kind != "ref":
                return False
            if what in ("effect", "why"):
                return any(m.form != "dict" for m in n.fm_maps) or \
                    n.body_maps
            if what in ("rewrap", "case"):
                return bool(n.body_maps)
            return n.fm_maps or n.body_maps
        p = self.pick(side, self.REFS, locked, cb, ok)
        if p is None:
            return False
        n = side.state[p][0].clone()
        lists = []
        if what not in ("rewrap", "case") and n.fm_maps and \
                (what == "strength" or n.fm_maps[0].form != "dict"):
            lists.append(n.fm_maps)
        if n.body_maps:
            lists.append(n.body_maps)
        lst = r.choice(lists)
        i = r.randrange(len(lst))
        m = lst[i].clone()
        lst[i] = m
        ev = None
        if what == "strength":
            new = r.choice([s for s in STRENGTHS if s != m.strength.lower()])
            m.strength = new.capitalize() if m.form == "body" and \
                r.random() < 0.7 else new
            ev = ("mapping", "modified", "strength")
        elif what == "effect":
            old = m.norm_effect()
            new = r.choice([e for e in EFFECT_SPELL if e != old])
            m.effect = r.choice(EFFECT_SPELL[new])
            if new == "supports" and r.random() < 0.3:
                m.effect = None
            ev = ("mapping", "modified", "effect")
        elif what == "why":
            if len(m.why) > 1 and r.random() < 0.4:
                j = r.randrange(len(m.why))
                new = r.choice(self.pool)
                while new == m.why[j]:
                    new = r.choice(self.pool)
                m.why[j] = new
            else:
                m.why.append(r.choice(self.pool))
            ev = ("mapping", "modified", "why")
        elif what == "rewrap":
            before = n.render()
            m.wrapw = r.choice([w for w in (0, 40, 60, 72, 78)
                                if w != m.wrapw])
            if n.render() == before:
                m.why.append(r.choice(self.pool))
                ev = ("mapping", "modified", "why")
        elif what == "case":
            s = m.strength
            m.strength = s.upper() if s != s.upper() else s.lower()
            if m.effect and r.random() < 0.5:
                m.effect = r.choice(EFFECT_SPELL[m.norm_effect()]).upper()
        self.write(side, p, n, cb)
        if ev:
            cb.ev.append(ev)
        cb.desc.append("%s %s" % (what, p))
        return True

    def op_strength(self, s, l, cb):
        return self._edit_mapping(s, l, cb, "strength")

    def op_effect(self, s, l, cb):
        return self._edit_mapping(s, l, cb, "effect")

    def op_why(self, s, l, cb):
        return self._edit_mapping(s, l, cb, "why")

    def op_rewrap(self, s, l, cb):
        return self._edit_mapping(s, l, cb, "rewrap")

    def op_case(self, s, l, cb):
        return self._edit_mapping(s, l, cb, "case")

    def op_add_mention(self, side, locked, cb):
        r = self.rng
        if not len(side.tkeys):
            return False
        daily = r.random() < 0.3
        p = self.pick(side, (F_DAILY,) if daily else self.REFS, locked, cb)
        if p is None:
            return False
        n = side.state[p][0].clone()
        have = n.mention_keys() if daily else [k for k, _ in n.mentions]
        ks = self.pick_targets(side, 1, exclude=have)
        if not ks or isinstance(ks[0], str):
            return False
        s = self.mention_sentence(side, ks[0])
        if daily:
            n.bullets.append((ks[0], s))
        else:
            n.mentions.append((ks[0], s))
        self.write(side, p, n, cb)
        cb.ev.append(("mention", "added", ""))
        cb.desc.append("mention in " + p)
        return True

    def op_remove_mention(self, side, locked, cb):
        p = self.pick(side, self.REFS, locked, cb, lambda n: n.mentions)
        if p is None:
            return False
        n = side.state[p][0].clone()
        del n.mentions[self.rng.randrange(len(n.mentions))]
        self.write(side, p, n, cb)
        cb.ev.append(("mention", "removed", ""))
        cb.desc.append("unmention in " + p)
        return True

    def op_typo(self, side, locked, cb):
        r = self.rng
        p = self.pick(side, self.REFS + (F_POS,), locked, cb)
        if p is None:
            return False
        n = side.state[p][0].clone()
        j = r.randrange(len(n.paras))
        para = list(n.paras[j])
        k = r.randrange(len(para))
        s = para[k]
        for a, b in TYPOS:
            if b in s:
                s = s.replace(b, a, 1)
                break
        else:
            for a, b in r.sample(TYPOS, len(TYPOS)):
                if a in s:
                    s = s.replace(a, b, 1)
                    break
            else:
                s = s[:-1] + ", really."
        para[k] = s
        n.paras[j] = para
        self.write(side, p, n, cb)
        cb.desc.append("typo " + p)
        return True

    def op_add_mapping(self, side, locked, cb):
        p = self.pick(side, self.REFS, locked, cb)
        if p is None:
            return False
        n = side.state[p][0].clone()
        ks = self.pick_targets(side, 1, exclude=n.mapped())
        if not ks:
            return False
        n.body_maps.append(self.new_mapping(side, ks[0], "body"))
        self.write(side, p, n, cb)
        cb.ev.append(("mapping", "added", ""))
        cb.desc.append("map in " + p)
        return True

    def op_remove_mapping(self, side, locked, cb):
        p = self.pick(side, self.REFS, locked, cb, lambda n: n.body_maps)
        if p is None:
            return False
        n = side.state[p][0].clone()
        del n.body_maps[self.rng.randrange(len(n.body_maps))]
        self.write(side, p, n, cb)
        cb.ev.append(("mapping", "removed", ""))
        cb.desc.append("unmap in " + p)
        return True

    def _edit_target(self, side, locked, cb, field):
        r = self.rng
        p = self.pick(side, (F_POS,), locked, cb)
        if p is None:
            return False
        n = side.state[p][0].clone()
        i = r.randrange(len(n.targets))
        t = n.targets[i].clone()
        n.targets[i] = t
        ev = (t.kind, "modified", field)
        if field == "status":
            voc = POS_STATUS if t.kind == "position" else THESIS_STATUS
            t.status = r.choice([s for s in voc if s != t.status])
        elif field == "confidence":
            t.confidence = r.choice([c for c in CONFIDENCE
                                     if c != t.confidence])
        elif field == "stance":
            t.stance = r.choice([s for s in self.pool[:200]
                                 if s != t.stance])
        elif field == "owner":
            t.owner = r.choice([o for o in OWNERS if o != t.owner])
        elif field == "supersedes":
            t.supersedes.append(self.unique("old " + t.id[:16] + " " +
                                            r.choice(AREAS))
                                .replace(" ", "-").lower())
        elif field == "title":
            t.aliases.append(t.title)
            t.title = self.new_target_title(t.kind)
        elif field == "alias":
            t.aliases.append(self.unique(r.choice(VENDORS) + " " +
                                         r.choice(AREAS) + " call"))
            ev = None
        elif field == "quote":
            f = r.choice(["title", "status", "confidence", "stance"])
            if f in ("status", "confidence") and r.random() < 0.5:
                t.case = dict(t.case)
                t.case[f] = not t.case.get(f)
                if f == "confidence" and not t.confidence.isalpha():
                    t.quote[f] = not t.quote.get(f)
            else:
                t.quote[f] = not t.quote.get(f)
            if n.render() == side.state[p][1]:
                t.tags = t.tags[::-1]       # tags are no field: silent
            ev = None
        elif field == "rename":
            old = t.id
            t.aliases.append(old)
            t.id = slug(self.new_target_title(t.kind))
            self.used_names.add(t.id)
            ev = (t.kind, "renamed", "")
        self.write(side, p, n, cb)
        if ev:
            cb.ev.append(ev)
        cb.desc.append("%s %s %s" % (field, t.kind, t.id))
        return True

    def op_status(self, s, l, cb):
        return self._edit_target(s, l, cb, "status")

    def op_confidence(self, s, l, cb):
        return self._edit_target(s, l, cb, "confidence")

    def op_stance(self, s, l, cb):
        return self._edit_target(s, l, cb, "stance")

    def op_owner(self, s, l, cb):
        return self._edit_target(s, l, cb, "owner")

    def op_supersedes(self, s, l, cb):
        return self._edit_target(s, l, cb, "supersedes")

    def op_title(self, s, l, cb):
        return self._edit_target(s, l, cb, "title")

    def op_alias(self, s, l, cb):
        return self._edit_target(s, l, cb, "alias")

    def op_quote(self, s, l, cb):
        return self._edit_target(s, l, cb, "quote")

    def op_rename(self, s, l, cb):
        if self.topic is not None:
            return False
        return self._edit_target(s, l, cb, "rename")

    def op_move(self, side, locked, cb):
        r = self.rng
        x = r.random()
        if x < 0.55 and len(side.idx[F_INBOX]):
            src, dst = (F_INBOX,), F_REF
        elif x < 0.85:
            src, dst = (F_REF,), F_ARCH
        else:
            src, dst = (F_DAILY,), F_DARCH
        p = self.pick(side, src, locked, cb)
        if p is None:
            return False
        np = dst + p[p.rfind("/") + 1:]
        if np in self.used_paths:
            return False
        self.used_paths.add(np)
        obj, data = side.state[p]
        side.drop(p)
        side.put(np, obj, data)
        cb.cmds.append(("R", p, np))
        cb.paths.update((p, np))
        if obj.facts():
            cb.ev.append(("note", "moved", ""))
        cb.desc.append("move %s -> %s" % (p, np))
        return True

    def op_delete(self, side, locked, cb):
        r = self.rng
        p = self.pick(side, (F_ARCH, F_REF, F_INBOX), locked, cb)
        if p is None:
            return False
        obj, data = side.state[p]
        if r.random() < 0.35:
            np = F_TRASH + p[p.rfind("/") + 1:]
            if np in self.used_paths:
                return False
            self.used_paths.add(np)
            side.drop(p)
            side.put(np, obj, data)
            cb.cmds.append(("R", p, np))
            cb.paths.update((p, np))
            cb.desc.append("trash " + p)
        else:
            side.drop(p)
            cb.cmds.append(("D", p))
            cb.paths.add(p)
            cb.desc.append("delete " + p)
        for _ in obj.fm_maps + obj.body_maps:
            cb.ev.append(("mapping", "removed", ""))
        for _ in obj.mentions:
            cb.ev.append(("mention", "removed", ""))
        return True

    def op_bulk(self, side, locked, cb):
        for _ in range(self.rng.randint(5, 20)):
            self.new_ref(side, cb, F_INBOX)
        cb.desc[:] = ["bulk import of %d references" % len(cb.desc)]
        return True

    def op_churn(self, side, locked, cb):
        cb.desc.append("churn only")
        return True

    # -- churn
    def churn(self, side, cb, which):
        r = self.rng
        if which == 0:
            files = ",\n    ".join(dq(p.replace('"', "'"))
                                   for p in self.recent[-8:])
            data = ('{\n  "main": {\n    "id": "%016x",\n    "type": "split"'
                    '\n  },\n  "active": "%016x",\n  "lastOpenFiles": [\n'
                    '    %s\n  ]\n}\n' % (r.getrandbits(64), r.getrandbits(64),
                                         files)).encode()
            path = CHURN[0]
        elif r.random() < 0.6:
            if r.random() < 0.5 or len(self.app) < 12:
                self.app.insert(-1, "def f%d():\n    return %d\n" %
                                (len(self.app), r.randrange(1000)))
            else:
                self.app[2] = "VERSION = %d" % r.randrange(10000)
            data = "\n".join(self.app).encode()
            path = CHURN[1]
        else:
            self.readme.append("- %s" % r.choice(DAILY_TEXT))
            data = "\n".join(self.readme).encode()
            path = CHURN[2]
        side.state[path] = (Blob(data), data)
        side.touched[path] = True
        cb.cmds.append(("M", path, data))

    # -- stream
    def emit(self, branch, cb, author, msg, frm=None, merge=None):
        self.mark += 1
        name, email, tz = author
        self.t += self.rng.randint(60, 3 * 3600)
        who = ("%s <%s> %d %s" % (name, email, self.t, tz)).encode()
        m = msg.encode()
        o = [b"commit refs/heads/%s\nmark :%d\nauthor %s\ncommitter %s\n"
             b"data %d\n%s\n" % (branch.encode(), self.mark, who, who,
                                 len(m), m)]
        if frm:
            o.append(b"from :%d\n" % frm)
        if merge:
            o.append(b"merge :%d\n" % merge)
        for c in cb.cmds:
            if c[0] == "M":
                o.append(b"M 100644 inline %s\ndata %d\n%s\n" %
                         (cquote(c[1]), len(c[2]), c[2]))
            elif c[0] == "D":
                o.append(b"D %s\n" % cquote(c[1]))
            else:
                o.append(b"R %s %s\n" % (cquote(c[1]), cquote(c[2])))
        o.append(b"\n")
        self.out.write(b"".join(o))
        self.expect.append((self.mark, cb.ev, "; ".join(cb.desc)))
        return self.mark

    OPS = [("add_daily", 3.0), ("strength", 6.0), ("effect", 4.0),
           ("why", 8.0), ("rewrap", 1.5), ("case", 1.0),
           ("add_mention", 7.0), ("remove_mention", 1.0), ("typo", 10.0),
           ("add_mapping", 5.0), ("remove_mapping", 1.5), ("status", 2.0),
           ("confidence", 2.0), ("stance", 1.0), ("owner", 0.3),
           ("supersedes", 0.2), ("title", 0.3), ("alias", 0.3),
           ("quote", 1.0), ("rename", 0.06), ("move", 2.0),
           ("delete", 1.0), ("bulk", 0.15), ("churn", 4.0)]
    SINGLE = {"move", "delete", "rename", "bulk", "churn"}

    def choose_op(self):
        r = self.rng
        x = r.random() * self.op_total
        for name, w in self.OPS:
            x -= w
            if x < 0:
                return name
        return self.OPS[-1][0]

    def note_count(self, side):
        return sum(len(side.idx[f]) for f in FOLDERS)

    def one_commit(self, side, locked, cb, i):
        r = self.rng
        # targets: reach the wanted counts over the first 60% of history
        left = max(1, int(self.ncommits * 0.6) - i)
        need = (self.want_pos - self.npos) + (self.want_the - self.nthe)
        if need > 0 and r.random() < need / left:
            kind = "position" if (self.want_pos - self.npos) / \
                self.want_pos >= (self.want_the - self.nthe) / \
                self.want_the else "thesis"
            self.add_target_note(side, kind, cb)
            return
        # references: keep the note count on its line towards --notes
        want = self.nnotes * (i + 1) / self.ncommits
        have = self.note_count(self.main)
        p_add = min(0.95, max(0.02, 0.24 + (want - have) / 40.0))
        nops = 1 if r.random() < 0.88 else r.choice([2, 2, 3])
        for _ in range(nops):
            if r.random() < p_add:
                self.op_add_ref(side, locked, cb)
                continue
            for _ in range(20):
                op = self.choose_op()
                if nops > 1 and op in self.SINGLE:
                    continue
                if getattr(self, "op_" + op)(side, locked, cb):
                    self.ops_count[op] = self.ops_count.get(op, 0) + 1
                    break
            if nops == 1 and op in self.SINGLE:
                break

    def run(self):
        r = self.rng
        self.op_total = sum(w for _, w in self.OPS)
        main = self.main = Side()
        self.topic = None
        ntopic = 0
        # root commit: churn files and the first targets
        cb = CB()
        side = main
        for which in (0, 1, 2):
            self.churn(side, cb, which)
        app = b'{"alwaysUpdateLinks": true}\n'
        side.state[".obsidian/app.json"] = (Blob(app), app)
        cb.cmds.append(("M", ".obsidian/app.json", app))
        for _ in range(max(1, self.want_pos // 3)):
            self.add_target_note(side, "position", cb)
        for _ in range(max(1, self.want_the // 3)):
            self.add_target_note(side, "thesis", cb)
        self.add_target_note(side, "position", cb, multi=3)
        self.add_target_note(side, "thesis", cb, multi=2)
        cb.desc[:] = ["root: %d targets" % len(cb.ev)]
        main.mark = self.emit("main", cb, AUTHORS[0], "Start the vault")
        i = 1
        while i < self.ncommits:
            last = i == self.ncommits - 1
            topic = self.topic
            if topic is not None and topic.commits >= topic.length:
                # merge the topic branch back
                cb = CB()
                for p in topic.touched:
                    if p in CHURN and p in main.touched:
                        continue
                    if p in topic.state:
                        obj, data = topic.state[p]
                        cur = main.state.get(p)
                        if cur is None or cur[1] != data:
                            main.put(p, obj, data)
                            cb.cmds.append(("M", p, data))
                    elif p in main.state:
                        main.drop(p)
                        cb.cmds.append(("D", p))
                if r.random() < 0.3:
                    self.churn(main, cb, 0)
                cb.desc.append("merge topic %d" % ntopic)
                main.mark = self.emit(
                    "main", cb, r.choice(AUTHORS),
                    "Merge branch 'topic/%d'" % ntopic, merge=topic.mark)
                self.merges += 1
                self.topic = None
                i += 1
                continue
            if topic is None and not last and i < self.ncommits - 14 and \
                    r.random() < 0.047:
                ntopic += 1
                topic = self.topic = Side(main)
                topic.mark = main.mark
                topic.length = r.randint(2, 10)
                topic.first = True
                main.touched = {}
            if topic is not None:
                remaining = self.ncommits - i - 1
                if remaining <= topic.length - topic.commits + 1 or \
                        r.random() < 0.6:
                    side, other, branch = topic, main, "topic"
                else:
                    side, other, branch = main, topic, "main"
                locked = other.touched
            else:
                side, locked, branch = main, {}, "main"
            cb = CB()
            if last:
                if not self.op_strength(side, locked, cb):
                    self.op_add_ref(side, locked, cb)
            else:
                self.one_commit(side, locked, cb, i)
            x = r.random()
            if x < 0.2 or not cb.cmds:
                self.churn(side, cb, 0)
            if 0.2 <= x < 0.3 or (x >= 0.9 and "churn only" in cb.desc):
                self.churn(side, cb, 1)
            msg = commit_message(cb)
            frm = None
            if side is topic:
                frm = topic.mark if topic.first else None
                topic.first = False
                topic.commits += 1
                self.branch_commits += 1
            side.mark = self.emit(branch, cb, r.choice(AUTHORS), msg, frm=frm)
            i += 1


UNDECLARED_BY_SLUG = {}
for _u in UNDECLARED:
    UNDECLARED_BY_SLUG.setdefault("u:" + slug(_u), []).append(_u)


class CB:
    """The commit being built: file commands, expected events, summary."""
    __slots__ = ("cmds", "ev", "desc", "paths")

    def __init__(self):
        self.cmds, self.ev, self.desc, self.paths = [], [], [], set()


def commit_message(cb):
    if not cb.desc:
        return "Workspace"
    d = cb.desc[0]
    head = {"add": "Add", "map": "Map", "mention": "Link", "typo": "Fix typo",
            "move": "Move", "delete": "Delete", "trash": "Trash",
            "churn": "Update workspace", "bulk": "Import clippings"}
    w = d.split(" ")[0]
    return "%s: %s" % (head.get(w, w.capitalize()), d[len(w):].strip()[:60])


def cquote(path):
    out = ['"']
    for b in path.encode():
        c = chr(b)
        if c in '"\\':
            out.append("\\" + c)
        elif b < 0x20 or b >= 0x7f:
            out.append("\\%03o" % b)
        else:
            out.append(c)
    out.append('"')
    return "".join(out).encode()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--commits", type=int, default=20000)
    ap.add_argument("--notes", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.commits < 20:
        ap.error("--commits must be at least 20")
    d = args.dir
    if os.path.exists(d) and os.listdir(d):
        sys.exit("gen.py: %s exists and is not empty" % d)
    t0 = time.time()
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1")
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)

    def git(*a, **kw):
        subprocess.run(("git", "-C", d) + a, check=True, env=env, **kw)
    os.makedirs(d, exist_ok=True)
    git("init", "-q", "-b", "main")
    git("config", "thesis.vault", "vault")
    git("config", "gc.auto", "0")
    git("config", "core.quotePath", "false")
    marks = os.path.join(d, ".git", "bench-marks")
    fi = subprocess.Popen(("git", "-C", d, "fast-import", "--quiet",
                           "--done", "--export-marks=" + marks),
                          stdin=subprocess.PIPE, env=env,
                          bufsize=1 << 20)
    g = Gen(args)
    g.out = fi.stdin
    g.run()
    fi.stdin.write(b"done\n")
    fi.stdin.close()
    if fi.wait() != 0:
        sys.exit("gen.py: git fast-import failed")
    t_import = time.time() - t0
    git("update-ref", "-d", "refs/heads/topic")
    git("reset", "-q", "--hard", "main")
    with open(os.path.join(d, ".git", "info", "exclude"), "a") as f:
        f.write("/BENCH-INFO\n/BENCH-EXPECT\n")
    ids = {}
    with open(marks) as f:
        for line in f:
            m, sha = line.split()
            ids[int(m[1:])] = sha
    with open(os.path.join(d, "BENCH-EXPECT"), "w") as f:
        for mark, ev, desc in g.expect:
            f.write("%s %d %s\n" % (ids[mark], len(ev), desc))
    kinds = {}
    for _, ev, _ in g.expect:
        for e in ev:
            k = "/".join(x for x in e if x)
            kinds[k] = kinds.get(k, 0) + 1
    silent = sum(1 for _, ev, _ in g.expect if not ev)
    m = g.main
    npos = sum(1 for k in m.tkeys.items if m.target(k)[0].kind == "position")
    info = [
        "generator: tests/bench/gen.py v%d" % VERSION,
        "params: commits=%d notes=%d seed=%d" % (args.commits, args.notes,
                                                 args.seed),
        "commits: %d" % g.mark,
        "merges: %d" % g.merges,
        "branch-commits: %d" % g.branch_commits,
        "notes-at-head: %d" % g.note_count(m),
        "notes-by-folder: " + ", ".join(
            "%s %d" % (f[6:-1], len(m.idx[f])) for f in FOLDERS),
        "targets-at-head: %d positions, %d theses" % (
            npos, len(m.tkeys) - npos),
        "commits-expected-silent: %d" % silent,
        "expected-events: %d" % sum(kinds.values()),
    ]
    for k in sorted(kinds):
        info.append("expected %s: %d" % (k, kinds[k]))
    info.append("operations: " + ", ".join(
        "%s %d" % (k, v) for k, v in sorted(g.ops_count.items())))
    info.append("generation-seconds: %.1f (fast-import stream %.1f)" %
                (time.time() - t0, t_import))
    with open(os.path.join(d, "BENCH-INFO"), "w") as f:
        f.write("\n".join(info) + "\n")
    print("\n".join(info))


if __name__ == "__main__":
    main()
