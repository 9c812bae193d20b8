#!/usr/bin/env bats
# log and diff: the events of NOTE-CONVENTIONS section 6, each case on a
# small repository built for it.  Every expectation is written from the
# contract (what the facts are, which events a change gives, how a merge is
# compared), not copied from the tool.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
}

# commit_at <date> <message> [author]: commits everything at that date.
commit_at() {
	git add -A
	GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" \
		git commit -q --allow-empty -m "$2" ${3:+--author="$3"}
}

# merge <branch> <message>: a --no-ff merge one minute after the last commit.
merge() {
	tick=$((tick + 60))
	GIT_AUTHOR_DATE="@$tick +0000" GIT_COMMITTER_DATE="@$tick +0000" \
		git merge --no-ff -q -m "$2" "$1"
}

# edge_note [status]: the position most cases start from.
edge_note() {
	note p.md <<N
---
position: edge
title: Edge hosting
status: ${1:-held}
---
N
}

@test "log: the root commit is compared with the empty tree" {
	new_repo
	note positions/edge.md <<'N'
---
position: edge-hosting
title: Edge hosting
status: held
confidence: high
---
N
	note theses/llm.md <<'N'
---
thesis: llm
title: LLMs commoditize
status: Emerging
---
N
	note refs/egress.md <<'N'
---
maps:
  - target: edge-hosting
    strength: Strong
    effect: challenging
    why: Egress costs more than the edge saves.
---
See [[LLMs commoditize]] and [[LLMs commoditize|again]].
N
	commit "root"
	run -0 git thesis log --format=json
	expect_output <<OUT
$(j HEAD position added edge-hosting positions/edge.md null null held)
$(j HEAD mapping added edge-hosting refs/egress.md null null "strong challenges")
$(j HEAD thesis added llm theses/llm.md null null emerging)
$(j HEAD mention added llm refs/egress.md null null null)
OUT
	run -0 git thesis log
	expect_output <<OUT
$(h HEAD) Test Author  root
    edge-hosting  + position  (held)
    edge-hosting  + mapping   refs/egress.md (strong challenges)
    llm           + thesis    (emerging)
    llm           + mention   refs/egress.md
OUT
	# every line of the JSON has the contract's ten keys in its order, then
	# the commit's subject and Why: trailer
	run -0 git thesis log --format=json
	for l in "${lines[@]}"; do
		[ "$(jq -c keys_unsorted <<<"$l")" = '["commit","time","author","kind","change","target","note","field","old","new","subject","why"]' ]
	done
}

@test "log: each target field change is one modified event with old and new" {
	new_repo
	note p.md <<'N'
---
position: edge
title: Edge hosting
stance: Run on the edge.
status: held
confidence: high
owner: founder
supersedes: [old-edge]
---
N
	commit "root"
	sed -i 's/^status: held$/status: questioned/' p.md
	commit "status"
	sed -i 's/^confidence: high$/confidence: 0.4/' p.md
	commit "confidence"
	sed -i 's/^owner: founder$/owner: ops/' p.md
	commit "owner"
	sed -i 's/^title: Edge hosting$/title: Edge-first hosting/' p.md
	commit "title"
	sed -i 's/^stance: .*/stance: Run on the edge, mostly./' p.md
	commit "stance"
	sed -i 's/^supersedes: .*/supersedes: [old-edge, vercel-first]/' p.md
	commit "supersedes"
	sed -i '/^owner: /d' p.md
	commit "drop owner"
	# the same stance, now written in the body: no change
	sed -i '/^stance: /d' p.md
	printf '\n## Stance\n\nRun on the edge, mostly.\n' >> p.md
	commit "stance to body"
	sed -i 's/^Run on the edge, mostly\.$/Run on the edge, always./' p.md
	commit "body stance"
	run -0 git thesis log
	expect_output <<OUT
$(h HEAD) Test Author  body stance
    edge  stance  Run on the edge, mostly. -> Run on the edge, always.

$(h HEAD~2) Test Author  drop owner
    edge  owner  ops -> (none)

$(h HEAD~3) Test Author  supersedes
    edge  supersedes  old-edge -> old-edge, vercel-first

$(h HEAD~4) Test Author  stance
    edge  stance  Run on the edge. -> Run on the edge, mostly.

$(h HEAD~5) Test Author  title
    edge  title  Edge hosting -> Edge-first hosting

$(h HEAD~6) Test Author  owner
    edge  owner  founder -> ops

$(h HEAD~7) Test Author  confidence
    edge  confidence  high -> 0.4

$(h HEAD~8) Test Author  status
    edge  status  held -> questioned

$(h HEAD~9) Test Author  root
    edge  + position  (held)
OUT
	run -0 git thesis log -n 1 HEAD~2 --format=json
	expect_output <<OUT
$(j HEAD~2 position modified edge p.md owner ops null)
OUT
	run -0 git thesis log -n 1 HEAD~3 --format=json
	expect_output <<OUT
$(j HEAD~3 position modified edge p.md supersedes old-edge "old-edge, vercel-first")
OUT
	run -0 git thesis diff --format=json HEAD~8 HEAD~7
	expect_output <<OUT
$(j HEAD~7 position modified edge p.md confidence high 0.4)
OUT
}

@test "log: edits of quoting, YAML type, case or list style are no change" {
	new_repo
	note p.md <<'N'
---
position: edge
title: "Edge hosting"
status: 'held'
confidence: "0.70"
owner: ~
supersedes: [a, b]
---
N
	note r.md <<'N'
---
maps: {edge: Strong}
---
N
	commit "root"
	sed -i 's/^title: "Edge hosting"$/title: Edge hosting/' p.md
	commit "unquote title"
	sed -i "s/^status: 'held'\$/status: held/" p.md
	commit "unquote status"
	sed -i 's/^confidence: "0.70"$/confidence: 0.70/' p.md
	commit "unquote confidence"
	sed -i 's/^owner: ~$/owner:/' p.md
	commit "null spelt differently"
	sed -i 's/^supersedes: \[a, b\]$/supersedes:\n  - a\n  - "b"/' p.md
	commit "block list"
	sed -i 's/^status: held$/status: HELD/' p.md
	sed -i 's/Strong/"strong"/' r.md
	commit "case of words"
	grep -qx 'status: HELD' p.md && grep -qx '  - "b"' p.md
	sed -i 's/^confidence: 0.70$/confidence: 0.7/' p.md
	commit "a different number"
	run -0 git thesis log
	expect_output <<OUT
$(h HEAD) Test Author  a different number
    edge  confidence  0.70 -> 0.7

$(h HEAD~7) Test Author  root
    edge  + position  (held)
    edge  + mapping   r.md (strong supports)
OUT
	run -0 git thesis diff --exit-code HEAD~7 HEAD~1
	[ -z "$output" ]
	run -0 git thesis log HEAD~7..HEAD~1 --format=json
	[ -z "$output" ]
}

@test "log: prose typos, files outside the vault and .obsidian give no events" {
	new_repo
	note vault/p.md <<'N'
---
position: edge
status: held
---

Some prose with a tpyo in it.
N
	note other/q.md <<'N'
---
position: outside
status: held
---
N
	note vault/.obsidian/app.json <<<'{}'
	commit "root"
	sed -i 's/tpyo/typo/' vault/p.md
	commit "typo"
	sed -i 's/^status: held$/status: retired/' other/q.md
	commit "outside"
	note vault/.obsidian/app.json <<<'{"theme": "dark"}'
	note vault/.obsidian/workspace.md <<'N'
---
position: hidden
status: held
---
N
	commit "obsidian churn"
	note vault/.trash/gone.md <<'N'
---
position: gone
status: held
---
N
	note vault/plain.md <<<'A note with no facts.'
	note vault/README.txt <<<'[[edge]]'
	commit "no facts"
	sed -i 's/^status: held$/status: revised/' vault/p.md
	commit "revise"
	run -0 git thesis --vault vault log
	expect_output <<OUT
$(h HEAD) Test Author  revise
    edge  status  held -> revised

$(h HEAD~5) Test Author  root
    edge  + position  (held)
OUT
	git config thesis.vault vault
	run -0 git thesis log --format=json HEAD~5..HEAD~1
	[ -z "$output" ]
	run -0 git thesis diff --exit-code HEAD~5 HEAD~1
	[ -z "$output" ]
	# the whole tree as the vault: the file outside is a note again
	run -0 git thesis --vault . log HEAD~5..HEAD~1
	expect_output <<OUT
$(h HEAD~3) Test Author  outside
    outside  status  held -> retired
OUT
}

@test "log: mappings added, removed, re-weighted, reversed; why on any line" {
	new_repo
	edge_note
	note ref.md <<'N'
---
title: Reference
---

Intro paragraph.

## Mapping against Edge hosting

Strong support - first line of why
second line of why.

More prose.
N
	commit "root"
	note fm.md <<'N'
---
maps:
  - target: "[[edge]]"
    strength: weak
    why: Cheap.
---
N
	commit "add"
	sed -i 's/^Strong support - /Moderate support - /' ref.md
	commit "reweight"
	sed -i 's/^Moderate support - /Moderate challenge - /' ref.md
	commit "reverse"
	sed -i 's/^second line of why\.$/second line, edited./' ref.md
	commit "why second line"
	sed -i 's/first line of why$/first line changed/' ref.md
	commit "why first line"
	# the same words wrapped differently: no change
	sed -i 's/^Moderate challenge - first line changed$/Moderate challenge - first line changed\n  second/; s/^second line, edited\.$/line, edited./' ref.md
	commit "rewrap"
	grep -qx '  second' ref.md
	sed -i 's/^    why: Cheap\.$/    why: Cheap enough./; s/^    strength: weak$/    strength: weak\n    effect: Challenged/' fm.md
	commit "frontmatter effect and why"
	sed -i 's/strength: weak/strength: WEAK/' fm.md
	commit "case only"
	git rm -q fm.md
	commit "remove"
	run -0 git thesis log
	expect_output <<OUT
$(h HEAD) Test Author  remove
    edge  - mapping  fm.md (weak challenges)

$(h HEAD~2) Test Author  frontmatter effect and why
    edge  mapping  fm.md  effect  supports -> challenges
    edge  mapping  fm.md  why  Cheap. -> Cheap enough.

$(h HEAD~4) Test Author  why first line
    edge  mapping  ref.md  why  first line of why second line, edited. -> first line changed second line, edited.

$(h HEAD~5) Test Author  why second line
    edge  mapping  ref.md  why  first line of why second line of why. -> first line of why second line, edited.

$(h HEAD~6) Test Author  reverse
    edge  mapping  ref.md  effect  supports -> challenges

$(h HEAD~7) Test Author  reweight
    edge  mapping  ref.md  strength  strong -> moderate

$(h HEAD~8) Test Author  add
    edge  + mapping  fm.md (weak supports)

$(h HEAD~9) Test Author  root
    edge  + position  (held)
    edge  + mapping   ref.md (strong supports)
OUT
	run -0 git thesis log -n 2 --format=json
	expect_output <<OUT
$(j HEAD mapping removed edge fm.md null "weak challenges" null)
$(j HEAD~2 mapping modified edge fm.md effect supports challenges)
$(j HEAD~2 mapping modified edge fm.md why Cheap. "Cheap enough.")
OUT
}

@test "log: mentions added and removed, at most once, not in code" {
	new_repo
	note p.md <<'N'
---
position: edge
title: Edge hosting
aliases: [Edge]
status: held
---
N
	note daily.md <<<'Nothing yet.'
	commit "root"
	note daily.md <<'N'
- follow up on [[Edge]] today
N
	commit "mention"
	printf '\nAnd again: ![[edge#Stance]], [[Edge hosting|shown]].\n' >> daily.md
	note other.md <<'N'
`[[edge]]` in a code span, and

```
[[Edge hosting]]
```
N
	commit "more links, code"
	note daily.md <<<'Nothing now.'
	commit "unmention"
	run -0 git thesis log
	expect_output <<OUT
$(h HEAD) Test Author  unmention
    edge  - mention  daily.md

$(h HEAD~2) Test Author  mention
    edge  + mention  daily.md

$(h HEAD~3) Test Author  root
    edge  + position  (held)
OUT
	run -0 git thesis log -n 1 --format=json
	expect_output <<OUT
$(j HEAD mention removed edge daily.md null null null)
OUT
}

# a reference note long enough for git's rename detection to pair it with
# an edited copy
long_ref() {
	note "$1" <<'N'
---
title: A long reference
source: somewhere
---

## Why this is in the vault

Line one of the prose that makes this note long enough.
Line two of the prose that makes this note long enough.
Line three of the prose that makes this note long enough.
Line four of the prose that makes this note long enough.
Line five of the prose that makes this note long enough.
Line six of the prose that makes this note long enough.

## Mapping against [[edge]]

Strong - the edge is cheaper.

See also [[Edge hosting]].
N
}

@test "log: a moved note is one note event; moved and edited adds the field event" {
	new_repo
	edge_note
	long_ref ref.md
	note plain.md <<<'A plain note without facts, long enough to be detected as moved.'
	commit "root"
	mkdir refs positions notes
	git mv ref.md refs/ref.md
	commit "move ref"
	git mv p.md positions/p.md
	commit "move position"
	git mv plain.md notes/plain.md
	commit "move plain"
	git mv refs/ref.md refs/ref2.md
	sed -i 's/^Strong - the edge is cheaper\.$/Strong - the edge is much cheaper./' refs/ref2.md
	commit "move and edit"
	run -0 git thesis log
	expect_output <<OUT
$(h HEAD) Test Author  move and edit
    note moved refs/ref.md -> refs/ref2.md
    edge  mapping  refs/ref2.md  why  the edge is cheaper. -> the edge is much cheaper.

$(h HEAD~2) Test Author  move position
    note moved p.md -> positions/p.md

$(h HEAD~3) Test Author  move ref
    note moved ref.md -> refs/ref.md

$(h HEAD~4) Test Author  root
    edge  + position  (held)
    edge  + mapping   ref.md (strong supports)
    edge  + mention   ref.md
OUT
	run -0 git thesis log --format=json -n 2
	expect_output <<OUT
$(j HEAD note moved null refs/ref2.md null refs/ref.md refs/ref2.md)
$(j HEAD mapping modified edge refs/ref2.md why "the edge is cheaper." "the edge is much cheaper.")
$(j HEAD~2 note moved null positions/p.md null p.md positions/p.md)
OUT
	run -0 git thesis diff HEAD~4 HEAD~1
	expect_output <<'OUT'
note moved p.md -> positions/p.md
note moved ref.md -> refs/ref.md
OUT
}

@test "log: a note moved with facts on one side only; a rewrite is not a move" {
	new_repo
	edge_note
	long_ref a.md
	long_ref big.md
	sed -i 's/^## Mapping against \[\[edge\]\]$/## Related/; s/^Strong - the edge is cheaper\.$/Not a mapping./; s/^See also \[\[Edge hosting\]\]\.$/Nothing else./' a.md
	commit "root"
	run -1 grep -q '\[\[' a.md
	# a.md gains a mapping as it moves; big.md loses its facts as it moves
	git mv a.md a2.md
	printf '\n## Mapping against Edge hosting\n\nWeak - gained on the way.\n' >> a2.md
	git mv big.md big2.md
	sed -i 's/^## Mapping against \[\[edge\]\]$/## Related/; s/^See also \[\[Edge hosting\]\]\.$/Nothing else./' big2.md
	commit "moves"
	# a rename that git's detection cannot pair: the facts go and come
	git mv a2.md rewritten.md
	note rewritten.md <<'N'
---
maps: {edge: weak}
---
Nothing of the old text is left here.
N
	commit "rewrite"
	run -0 git thesis log -n 2
	expect_output <<OUT
$(h HEAD) Test Author  rewrite
    edge  - mapping  a2.md (weak supports)
    edge  + mapping  rewritten.md (weak supports)

$(h HEAD~1) Test Author  moves
    note moved a.md -> a2.md
    note moved big.md -> big2.md
    edge  + mapping  a2.md (weak supports)
    edge  - mapping  big.md (strong supports)
    edge  - mention  big.md
OUT
}

@test "log: moving a note out of the vault, into a dot folder or to .txt removes it" {
	new_repo
	note v/p.md <<'N'
---
position: edge
status: held
---
N
	for n in a b c; do
		note v/$n.md <<'N'
---
maps: {edge: strong}
---
Some prose so that the note is more than its frontmatter.
N
	done
	commit "root"
	mkdir out
	git mv v/a.md out/a.md
	commit "out of the vault"
	mkdir v/.trash
	git mv v/b.md v/.trash/b.md
	commit "into a dot folder"
	git mv v/c.md v/c.txt
	commit "to .txt"
	mkdir v/.archive
	git mv v/p.md v/.archive/p.md
	commit "archive the position"
	run -0 git thesis --vault v log
	expect_output <<OUT
$(h HEAD) Test Author  archive the position
    edge  - position  (held)

$(h HEAD~1) Test Author  to .txt
    edge  - mapping  v/c.md (strong supports)

$(h HEAD~2) Test Author  into a dot folder
    edge  - mapping  v/b.md (strong supports)

$(h HEAD~3) Test Author  out of the vault
    edge  - mapping  v/a.md (strong supports)

$(h HEAD~4) Test Author  root
    edge  + position  (held)
    edge  + mapping   v/a.md (strong supports)
    edge  + mapping   v/b.md (strong supports)
    edge  + mapping   v/c.md (strong supports)
OUT
	run -0 git thesis --vault v log -n 1 --format=json
	expect_output <<OUT
$(j HEAD position removed edge v/p.md null held null)
OUT
}

# the position edge, mapped and mentioned by id, title and alias
rename_repo() {
	new_repo
	note p.md <<'N'
---
position: edge
title: Edge hosting
status: held
confidence: high
aliases: [Edge alias]
---
N
	note a.md <<'N'
---
maps:
  - target: edge
    strength: strong
---
N
	note b.md <<'N'
## Mapping against Edge hosting

Moderate challenge - costs.
N
	note c.md <<<'See [[Edge alias]].'
	note d.md <<<'See [[edge]].'
	commit "root"
	note p.md <<'N'
---
position: edge-first
title: Edge hosting
status: questioned
confidence: high
aliases: [Edge alias, edge]
---
N
	commit "rename"
	sed -i 's/^status: questioned$/status: revised/' p.md
	commit "revise"
}

@test "log: a target renamed through aliases is one renamed event plus its field changes" {
	rename_repo
	run -0 git thesis log
	expect_output <<OUT
$(h HEAD) Test Author  revise
    edge-first  status  questioned -> revised

$(h HEAD~1) Test Author  rename
    edge-first  renamed  from edge
    edge-first  status   held -> questioned

$(h HEAD~2) Test Author  root
    edge  + position  (held)
    edge  + mapping   a.md (strong supports)
    edge  + mapping   b.md (moderate challenges)
    edge  + mention   c.md
    edge  + mention   d.md
OUT
	run -0 git thesis log --format=json HEAD~2..HEAD~1
	expect_output <<OUT
$(j HEAD~1 position renamed edge-first p.md null edge edge-first)
$(j HEAD~1 position modified edge-first p.md status held questioned)
OUT
	run -0 git thesis diff HEAD~2 HEAD~1
	expect_output <<'OUT'
edge-first  renamed  from edge
edge-first  status   held -> questioned
OUT
}

@test "log: a rename that drops the old title and alias: what no longer resolves goes" {
	# The facts at each revision are resolved from that revision alone, so
	# a name the renamed target no longer answers to does not follow it: the
	# mapping by the old title falls to its slug, the mention by the dropped
	# alias goes.  Their removals name the renamed target's new id
	# (contract 3) and sort under it.
	new_repo
	note p.md <<'N'
---
position: edge
title: Edge hosting
status: held
aliases: [EH]
---
N
	note b.md <<'N'
## Mapping against Edge hosting

Strong - by title.
N
	note c.md <<<'See [[EH]].'
	note d.md <<<'See [[edge]].'
	commit "root"
	note p.md <<'N'
---
position: zed
title: Zed hosting
status: held
aliases: [edge]
---
N
	commit "rename"
	run -0 git thesis diff HEAD~1 HEAD
	expect_output <<'OUT'
edge-hosting  + mapping  b.md (strong supports)
zed           renamed    from edge
zed           title      Edge hosting -> Zed hosting
zed           - mapping  b.md (strong supports)
zed           - mention  c.md
OUT
	run -0 git thesis log -n 1 --format=json
	expect_output <<OUT
$(j HEAD mapping added edge-hosting b.md null null "strong supports")
$(j HEAD position renamed zed p.md null edge zed)
$(j HEAD position modified zed p.md title "Edge hosting" "Zed hosting")
$(j HEAD mapping removed zed b.md null "strong supports" null)
$(j HEAD mention removed zed c.md null null null)
OUT
	GIT_THESIS_DEBUG_FULL=1 run -0 git thesis log -n 1 --format=json
	expect_output <<OUT
$(j HEAD mapping added edge-hosting b.md null null "strong supports")
$(j HEAD position renamed zed p.md null edge zed)
$(j HEAD position modified zed p.md title "Edge hosting" "Zed hosting")
$(j HEAD mapping removed zed b.md null "strong supports" null)
$(j HEAD mention removed zed c.md null null null)
OUT
}

@test "log: a title change that breaks a mapping's reference; an alias that mends it" {
	new_repo
	edge_note
	note ref.md <<'N'
## Mapping against Edge hosting

Strong - the why.
N
	note daily.md <<<'Talked about [[Edge hosting]].'
	commit "root"
	sed -i 's/^title: Edge hosting$/title: Edge-first hosting/' p.md
	commit "retitle"
	printf -- '---\nposition: edge\ntitle: Edge-first hosting\naliases: [Edge hosting]\nstatus: held\n---\n' > p.md
	commit "alias"
	run -0 git thesis log
	expect_output <<OUT
$(h HEAD) Test Author  alias
    edge          + mapping  ref.md (strong supports)
    edge          + mention  daily.md
    edge-hosting  - mapping  ref.md (strong supports)

$(h HEAD~1) Test Author  retitle
    edge          title      Edge hosting -> Edge-first hosting
    edge          - mapping  ref.md (strong supports)
    edge          - mention  daily.md
    edge-hosting  + mapping  ref.md (strong supports)

$(h HEAD~2) Test Author  root
    edge  + position  (held)
    edge  + mapping   ref.md (strong supports)
    edge  + mention   daily.md
OUT
	run -0 git thesis log --format=json -n 1 HEAD~1 --kind mapping
	expect_output <<OUT
$(j HEAD~1 mapping removed edge ref.md null "strong supports" null)
$(j HEAD~1 mapping added edge-hosting ref.md null null "strong supports")
OUT
}

@test "log: declaring a target changes how untouched notes resolve, at that commit" {
	new_repo
	note ref.md <<'N'
## Mapping against Ray Data Co

Strong - third datapoint.

## Mapping against Edge Platform

Weak - maybe.
N
	note daily.md <<<'Links: [[Ray Data Co]] and [[Edge Platform]].'
	commit "root"
	note rdc.md <<'N'
---
thesis: ray-data-co
title: Ray Data Co
status: emerging
---
N
	commit "declare by slug"
	note edge.md <<'N'
---
position: edge
title: Edge Platform
status: held
---
N
	commit "declare by title"
	run -0 git thesis log
	expect_output <<OUT
$(h HEAD) Test Author  declare by title
    edge           + position  (held)
    edge           + mapping   ref.md (weak supports)
    edge           + mention   daily.md
    edge-platform  - mapping   ref.md (weak supports)

$(h HEAD~1) Test Author  declare by slug
    ray-data-co  + thesis   (emerging)
    ray-data-co  + mention  daily.md

$(h HEAD~2) Test Author  root
    edge-platform  + mapping  ref.md (weak supports)
    ray-data-co    + mapping  ref.md (strong supports)
OUT
}

@test "log: an id that changes kind is one target removed and another added" {
	new_repo
	note x.md <<'N'
---
position: x
status: held
---
N
	note ref.md <<<'---
maps: {x: strong}
---'
	commit "root"
	note x.md <<'N'
---
thesis: x
status: emerging
---
N
	commit "now a thesis"
	run -0 git thesis log -n 1 --format=json
	expect_output <<OUT
$(j HEAD position removed x x.md null held null)
$(j HEAD thesis added x x.md null null emerging)
OUT
	run -0 git thesis diff HEAD~1 HEAD
	expect_output <<'OUT'
x  - position  (held)
x  + thesis    (emerging)
OUT
}

@test "log: CRLF and BOM notes give clean values; converting line ends is no change" {
	new_repo
	printf '\xef\xbb\xbf---\r\nposition: edge\r\ntitle: Edge hosting\r\nstatus: held\r\n---\r\n\r\n## Stance\r\n\r\nRun on the edge.\r\n' > p.md
	printf '## Mapping against Edge hosting\r\n\r\nStrong - crlf why\r\nsecond line.\r\n' > ref.md
	commit "root"
	sed -i 's/^status: held\r$/status: questioned\r/' p.md
	sed -i 's/^second line\.\r$/third line.\r/' ref.md
	commit "edit crlf"
	printf -- '---\nposition: edge\ntitle: Edge hosting\nstatus: questioned\n---\n\n## Stance\n\nRun on the edge.\n' > p.md
	printf '## Mapping against Edge hosting\n\nStrong - crlf why\nthird line.\n' > ref.md
	commit "to LF, no BOM"
	run -0 git thesis log --format=json
	expect_output <<OUT
$(j HEAD~1 position modified edge p.md status held questioned)
$(j HEAD~1 mapping modified edge ref.md why "crlf why second line." "crlf why third line.")
$(j HEAD~2 position added edge p.md null null held)
$(j HEAD~2 mapping added edge ref.md null null "strong supports")
OUT
}

# the root of the merge cases: the position edge and a strong mapping to it
merge_root() {
	new_repo
	note p.md <<'N'
---
position: edge
status: held
confidence: high
---
N
	note ref.md <<'N'
---
maps: {edge: strong}
---
N
	commit "root"
}

@test "log: a clean merge reports a branch's change once, at the branch commit" {
	merge_root
	git checkout -q -b side
	sed -i 's/strong/weak/' ref.md
	commit "weaken"
	git checkout -q main
	sed -i 's/^status: held$/status: questioned/' p.md
	commit "question"
	merge side "merge side"
	git rev-parse -q --verify HEAD^2 >/dev/null
	run -0 git thesis log
	expect_output <<OUT
$(h HEAD~1) Test Author  question
    edge  status  held -> questioned

$(h side) Test Author  weaken
    edge  mapping  ref.md  strength  strong -> weak

$(h HEAD~2) Test Author  root
    edge  + position  (held)
    edge  + mapping   ref.md (strong supports)
OUT
	run -0 git thesis log --first-parent
	expect_output <<OUT
$(h HEAD) Test Author  merge side
    edge  mapping  ref.md  strength  strong -> weak

$(h HEAD~1) Test Author  question
    edge  status  held -> questioned

$(h HEAD~2) Test Author  root
    edge  + position  (held)
    edge  + mapping   ref.md (strong supports)
OUT
	run -0 git thesis log --first-parent -n 1 --format=json
	expect_output <<OUT
$(j HEAD mapping modified edge ref.md strength strong weak)
OUT
	run -0 git thesis diff HEAD~1 HEAD
	expect_output <<'OUT'
edge  mapping  ref.md  strength  strong -> weak
OUT
}

@test "log: a conflict resolved to a value of neither side is reported at the merge" {
	merge_root
	git checkout -q -b side
	sed -i 's/^status: held$/status: questioned/; s/^confidence: high$/confidence: low/' p.md
	commit "side"
	git checkout -q main
	sed -i 's/^status: held$/status: revised/; s/^confidence: high$/confidence: medium/' p.md
	commit "main"
	run git merge --no-ff -q side
	[ "$status" -eq 1 ]
	grep -q '^<<<<<<<' p.md
	note p.md <<'N'
---
position: edge
status: retired
confidence: low
---
N
	commit "resolve"
	git rev-parse -q --verify HEAD^2 >/dev/null
	run -0 git thesis log
	expect_output <<OUT
$(h HEAD) Test Author  resolve
    edge  status  revised -> retired

$(h HEAD~1) Test Author  main
    edge  status      held -> revised
    edge  confidence  high -> medium

$(h side) Test Author  side
    edge  status      held -> questioned
    edge  confidence  high -> low

$(h HEAD~2) Test Author  root
    edge  + position  (held)
    edge  + mapping   ref.md (strong supports)
OUT
	run -0 git thesis log -n 1 --format=json
	expect_output <<OUT
$(j HEAD position modified edge p.md status revised retired)
OUT
	run -0 git thesis log --first-parent -n 1
	expect_output <<OUT
$(h HEAD) Test Author  resolve
    edge  status      revised -> retired
    edge  confidence  medium -> low
OUT
}

@test "log: a fact that exists only because of a merge is reported at the merge" {
	new_repo
	edge_note
	commit "root"
	git checkout -q -b side
	note ref.md <<'N'
## Mapping against EdgeFirst

Strong - named by an alias.
N
	note daily.md <<<'Follow up on [[EdgeFirst]].'
	commit "map by alias"
	git checkout -q main
	printf -- '---\nposition: edge\ntitle: Edge hosting\naliases: [EdgeFirst]\nstatus: held\n---\n' > p.md
	commit "alias"
	merge side "merge side"
	run -0 git thesis log
	expect_output <<OUT
$(h HEAD) Test Author  merge side
    edge  + mapping  ref.md (strong supports)
    edge  + mention  daily.md

$(h side) Test Author  map by alias
    edgefirst  + mapping  ref.md (strong supports)

$(h HEAD~2) Test Author  root
    edge  + position  (held)
OUT
	run -0 git thesis log -n 1 --format=json
	expect_output <<OUT
$(j HEAD mapping added edge ref.md null null "strong supports")
$(j HEAD mention added edge daily.md null null null)
OUT
}

# root, then main: status, confidence, owner; side (from the status commit): owner
range_repo() {
	new_repo
	note p.md <<'N'
---
position: edge
status: held
confidence: high
owner: a
---
N
	commit "root"
	sed -i 's/^status: held$/status: questioned/' p.md
	commit "status"
	c2=$(git rev-parse HEAD)
	sed -i 's/^confidence: high$/confidence: low/' p.md
	commit "confidence"
	c3=$(git rev-parse HEAD)
	sed -i 's/^owner: a$/owner: b/' p.md
	commit "owner b"
	c4=$(git rev-parse HEAD)
	git checkout -q -b side "$c2"
	sed -i 's/^owner: a$/owner: c/' p.md
	commit "owner c"
	s1=$(git rev-parse HEAD)
	git checkout -q main
}

@test "log: ranges a..b, ^a b and a...b; --reverse; -n" {
	range_repo
	local want
	want=$(
		cat <<OUT
$(h "$c4") Test Author  owner b
    edge  owner  a -> b

$(h "$c3") Test Author  confidence
    edge  confidence  high -> low
OUT
	)
	run -0 git thesis log "$c2..$c4"
	expect_output <<<"$want"
	run -0 git thesis log "^$c2" "$c4"
	expect_output <<<"$want"
	run -0 git thesis log main...side
	expect_output <<OUT
$(h "$s1") Test Author  owner c
    edge  owner  a -> c

$(h "$c4") Test Author  owner b
    edge  owner  a -> b

$(h "$c3") Test Author  confidence
    edge  confidence  high -> low
OUT
	run -0 git thesis log --reverse "$c2..$c4"
	expect_output <<OUT
$(h "$c3") Test Author  confidence
    edge  confidence  high -> low

$(h "$c4") Test Author  owner b
    edge  owner  a -> b
OUT
	run -0 git thesis log --reverse
	[ "${lines[0]}" = "$(h main~3) Test Author  root" ]
	[ "${lines[-1]}" = "    edge  owner  a -> b" ]
	run -0 git thesis log -n 1 side
	expect_output <<OUT
$(h "$s1") Test Author  owner c
    edge  owner  a -> c
OUT
	run -0 git thesis log --all --format=json
	[ "$(jq -r .commit <<<"$output" | uniq | tr '\n' ' ')" = "$s1 $c4 $c3 $c2 $(git rev-parse main~3) " ]
}

@test "diff: two commits, a..b and a...b" {
	range_repo
	local want='edge  confidence  high -> low
edge  owner       a -> b'
	run -0 git thesis diff "$c2" "$c4"
	expect_output <<<"$want"
	run -0 git thesis diff "$c2..$c4"
	expect_output <<<"$want"
	run -0 git thesis diff side...main
	expect_output <<<"$want"
	run -0 git thesis diff main...side
	expect_output <<<'edge  owner  a -> c'
	run -0 git thesis diff "$c4" "$s1"
	expect_output <<'OUT'
edge  confidence  low -> high
edge  owner       b -> c
OUT
	run -1 git thesis diff --exit-code main side
	run -0 git thesis diff --exit-code "$c2" "$c2"
	[ -z "$output" ]
}

# Five commits on days two apart, two authors.
story() {
	new_repo
	note p.md <<'N'
---
position: edge
title: Edge hosting
aliases: [EH]
status: held
confidence: high
---
N
	note t.md <<'N'
---
thesis: llm
title: LLMs
status: emerging
---
N
	commit_at "2026-03-01T12:00:00+0000" "declare"
	note ref.md <<'N'
---
maps:
  - target: edge
    strength: strong
    effect: challenges
---

See [[LLMs]].

One line of prose that keeps the note similar across a move.
Another line of prose that keeps the note similar across a move.
A third line of prose that keeps the note similar across a move.
N
	commit_at "2026-03-03T12:00:00+0000" "reference" "Other Person <other@example.com>"
	sed -i 's/^status: held$/status: questioned/; s/^confidence: high$/confidence: medium/' p.md
	commit_at "2026-03-05T12:00:00+0000" "question"
	mkdir refs
	git mv ref.md refs/ref.md
	sed -i 's/strength: strong/strength: weak/' refs/ref.md
	commit_at "2026-03-07T12:00:00+0000" "move" "Other Person <other@example.com>"
	sed -i 's/^status: emerging$/status: corroborated/' t.md
	commit_at "2026-03-09T12:00:00+0000" "corroborate"
}

story_header() {
	case $1 in
	declare) printf '%s Test Author  declare' "$(h HEAD~4)" ;;
	reference) printf '%s Other Person  reference' "$(h HEAD~3)" ;;
	question) printf '%s Test Author  question' "$(h HEAD~2)" ;;
	move) printf '%s Other Person  move' "$(h HEAD~1)" ;;
	corroborate) printf '%s Test Author  corroborate' "$(h HEAD)" ;;
	esac
}

@test "log: text, json and markdown of one history" {
	story
	run -0 git thesis log
	expect_output <<OUT
$(story_header corroborate)
    llm  status  emerging -> corroborated

$(story_header move)
    note moved ref.md -> refs/ref.md
    edge  mapping  refs/ref.md  strength  strong -> weak

$(story_header question)
    edge  status      held -> questioned
    edge  confidence  high -> medium

$(story_header reference)
    edge  + mapping  ref.md (strong challenges)
    llm   + mention  ref.md

$(story_header declare)
    edge  + position  (held)
    llm   + thesis    (emerging)
OUT
	run -0 git thesis log --format=json
	expect_output <<OUT
$(j HEAD thesis modified llm t.md status emerging corroborated)
$(j HEAD~1 note moved null refs/ref.md null ref.md refs/ref.md)
$(j HEAD~1 mapping modified edge refs/ref.md strength strong weak)
$(j HEAD~2 position modified edge p.md status held questioned)
$(j HEAD~2 position modified edge p.md confidence high medium)
$(j HEAD~3 mapping added edge ref.md null null "strong challenges")
$(j HEAD~3 mention added llm ref.md null null null)
$(j HEAD~4 position added edge p.md null null held)
$(j HEAD~4 thesis added llm t.md null null emerging)
OUT
	[[ "$(git thesis log --format=json | head -1)" == *'"time":"2026-03-09T12:00:00+00:00","author":"Test Author <test@example.com>"'* ]]
	# markdown: the contract fixes no layout; each commit and each event is
	# there, with its values, and it is not the text format
	run -0 git thesis log --format=markdown
	local text
	text=$(git thesis log)
	[ "$output" != "$text" ]
	for s in declare reference question move corroborate; do
		grep -qF -- "$s" <<<"$output"
	done
	for c in HEAD HEAD~1 HEAD~2 HEAD~3 HEAD~4; do
		grep -qF -- "$(git rev-parse "$c" | cut -c1-7)" <<<"$output"
	done
	for v in emerging corroborated refs/ref.md questioned medium "strong challenges"; do
		grep -qF -- "$v" <<<"$output"
	done
	run -0 git thesis diff HEAD~2 HEAD~1 --format=markdown
	grep -qF 'refs/ref.md' <<<"$output"
	grep -qF 'weak' <<<"$output"
}

@test "log: --kind and --field" {
	story
	run -0 git thesis log --kind mapping
	expect_output <<OUT
$(story_header move)
    edge  mapping  refs/ref.md  strength  strong -> weak

$(story_header reference)
    edge  + mapping  ref.md (strong challenges)
OUT
	run -0 git thesis log --kind note
	expect_output <<OUT
$(story_header move)
    note moved ref.md -> refs/ref.md
OUT
	run -0 git thesis log --kind thesis --kind mention
	expect_output <<OUT
$(story_header corroborate)
    llm  status  emerging -> corroborated

$(story_header reference)
    llm  + mention  ref.md

$(story_header declare)
    llm  + thesis  (emerging)
OUT
	run -0 git thesis log --field status
	expect_output <<OUT
$(story_header corroborate)
    llm  status  emerging -> corroborated

$(story_header question)
    edge  status  held -> questioned
OUT
	run -0 git thesis log --field strength --field confidence
	expect_output <<OUT
$(story_header move)
    edge  mapping  refs/ref.md  strength  strong -> weak

$(story_header question)
    edge  confidence  high -> medium
OUT
	run -0 git thesis log --kind position --field confidence --format=json
	expect_output <<OUT
$(j HEAD~2 position modified edge p.md confidence high medium)
OUT
}

@test "log: --since, --until and --author" {
	story
	run -0 git thesis log --since 2026-03-04
	expect_output <<OUT
$(story_header corroborate)
    llm  status  emerging -> corroborated

$(story_header move)
    note moved ref.md -> refs/ref.md
    edge  mapping  refs/ref.md  strength  strong -> weak

$(story_header question)
    edge  status      held -> questioned
    edge  confidence  high -> medium
OUT
	run -0 git thesis log --until=2026-03-04T00:00:00Z --format=json
	[ "$(jq -r .commit <<<"$output" | uniq | tr '\n' ' ')" = "$(git rev-parse HEAD~3) $(git rev-parse HEAD~4) " ]
	run -0 git thesis log --since "2026-03-04 00:00:00 +0000" --until "2026-03-06T00:00:00+00:00"
	expect_output <<OUT
$(story_header question)
    edge  status      held -> questioned
    edge  confidence  high -> medium
OUT
	run -0 git thesis log --author Other
	expect_output <<OUT
$(story_header move)
    note moved ref.md -> refs/ref.md
    edge  mapping  refs/ref.md  strength  strong -> weak

$(story_header reference)
    edge  + mapping  ref.md (strong challenges)
    llm   + mention  ref.md
OUT
	run -0 git thesis log --author '^Test Au' --format=json
	[ "$(jq -r .commit <<<"$output" | uniq | tr '\n' ' ')" = "$(git rev-parse HEAD) $(git rev-parse HEAD~2) $(git rev-parse HEAD~4) " ]
	run -0 git thesis log --author 'other@example\.com'
	[ "$output" = "$(git thesis log --author Other)" ]
	run -0 git thesis log --author nobody
	[ -z "$output" ]
}

@test "log: --since and --until with relative dates" {
	new_repo
	local now
	now=$(date +%s)
	note p.md <<'N'
---
position: edge
status: held
---
N
	commit_at "@$((now - 10 * 86400)) +0000" "ten days ago"
	sed -i 's/held/questioned/' p.md
	commit_at "@$((now - 5 * 86400)) +0000" "five days ago"
	sed -i 's/questioned/revised/' p.md
	commit_at "@$((now - 86400)) +0000" "yesterday"
	run -0 git thesis log --since "2 days ago"
	expect_output <<OUT
$(h HEAD) Test Author  yesterday
    edge  status  questioned -> revised
OUT
	run -0 git thesis log --until "3 days ago" --since "1 week ago"
	expect_output <<OUT
$(h HEAD~1) Test Author  five days ago
    edge  status  held -> questioned
OUT
	run -0 git thesis log --until "9.days.ago"
	expect_output <<OUT
$(h HEAD~2) Test Author  ten days ago
    edge  + position  (held)
OUT
}

@test "log: target filters by id, title, alias, wikilink; -- for a target gone from the vault" {
	new_repo
	note p.md <<'N'
---
position: edge
title: Edge hosting
aliases: [EH]
status: held
---
N
	note t.md <<'N'
---
thesis: llm
title: LLMs
status: emerging
---
N
	note old.md <<'N'
---
thesis: old-idea
status: emerging
---
N
	note ref.md <<'N'
---
maps: {edge: strong, llm: weak}
---
N
	commit "root"
	sed -i 's/^status: held$/status: questioned/' p.md
	sed -i 's/^status: emerging$/status: corroborated/' t.md
	commit "both"
	git rm -q old.md
	commit "drop old idea"
	local edge
	edge=$(
		cat <<OUT
$(h HEAD~1) Test Author  both
    edge  status  held -> questioned

$(h HEAD~2) Test Author  root
    edge  + position  (held)
    edge  + mapping   ref.md (strong supports)
OUT
	)
	for name in edge "Edge hosting" EH "edge hosting" "[[EH]]"; do
		run -0 git thesis log "$name"
		expect_output <<<"$edge"
		run -0 git thesis log -- "$name"
		expect_output <<<"$edge"
	done
	run -0 git thesis log HEAD~1 -- EH
	expect_output <<<"$edge"
	run -0 git thesis log -- old-idea
	expect_output <<OUT
$(h HEAD) Test Author  drop old idea
    old-idea  - thesis  (emerging)

$(h HEAD~2) Test Author  root
    old-idea  + thesis  (emerging)
OUT
	run -0 git thesis log --format=json -- edge llm
	[ "$(jq -r .target <<<"$output" | tr '\n' ' ')" = "edge llm edge edge llm llm " ]
	git branch llm
	run -0 git thesis log -- llm
	expect_output <<OUT
$(h HEAD~1) Test Author  both
    llm  status  emerging -> corroborated

$(h HEAD~2) Test Author  root
    llm  + thesis   (emerging)
    llm  + mapping  ref.md (weak supports)
OUT
	run -0 git thesis log llm --
	[ "$output" = "$(git thesis log HEAD)" ]
}

@test "log: a name that is both a branch and a target is an error asking for --" {
	new_repo
	note t.md <<'N'
---
thesis: llm
status: emerging
---
N
	commit "root"
	note p.md <<'N'
---
position: edge
status: held
---
N
	commit "edge"
	git branch llm HEAD~1
	run -128 --separate-stderr git thesis log llm
	[[ "$stderr" == "git-thesis: fatal: "*"'llm'"* ]]
	[[ "$stderr" == *"'--'"* ]]
	[ -z "$output" ]
	# either side of -- says which it is
	run -0 git thesis log llm --
	expect_output <<OUT
$(h HEAD~1) Test Author  root
    llm  + thesis  (emerging)
OUT
	run -0 git thesis log -- llm
	expect_output <<OUT
$(h HEAD~1) Test Author  root
    llm  + thesis  (emerging)
OUT
	run -0 git thesis log HEAD -- llm
	[ "$output" = "$(git thesis log -- llm)" ]
}

@test "log: a target filter follows a rename through aliases" {
	rename_repo
	local want
	want=$(
		cat <<OUT
$(h HEAD) Test Author  revise
    edge-first  status  questioned -> revised

$(h HEAD~1) Test Author  rename
    edge-first  renamed  from edge
    edge-first  status   held -> questioned

$(h HEAD~2) Test Author  root
    edge  + position  (held)
    edge  + mapping   a.md (strong supports)
    edge  + mapping   b.md (moderate challenges)
    edge  + mention   c.md
    edge  + mention   d.md
OUT
	)
	for name in edge-first edge "Edge alias" "Edge hosting"; do
		run -0 git thesis log -- "$name"
		expect_output <<<"$want"
	done
}

@test "diff: working tree, index, --staged, <commit> and --exit-code" {
	new_repo
	edge_note
	commit "root"
	run -0 git thesis diff --exit-code
	[ -z "$output" ]
	sed -i 's/^status: held$/status: questioned/' p.md
	run -0 git thesis diff
	expect_output <<<'edge  status  held -> questioned'
	run -1 git thesis diff --exit-code
	expect_output <<<'edge  status  held -> questioned'
	run -0 git thesis diff --staged --exit-code
	[ -z "$output" ]
	run -0 git thesis diff --format=json
	[ "$(jq -c '[.commit, .kind, .change, .target, .note, .field, .old, .new]' <<<"$output")" = '[null,"position","modified","edge","p.md","status","held","questioned"]' ]
	git add p.md
	run -0 git thesis diff --exit-code
	[ -z "$output" ]
	run -1 git thesis diff --staged --exit-code
	expect_output <<<'edge  status  held -> questioned'
	run -0 git thesis diff --cached
	expect_output <<<'edge  status  held -> questioned'
	sed -i 's/^status: questioned$/status: revised/' p.md
	run -0 git thesis diff
	expect_output <<<'edge  status  questioned -> revised'
	run -0 git thesis diff HEAD
	expect_output <<<'edge  status  held -> revised'
	run -0 git thesis diff --staged HEAD
	expect_output <<<'edge  status  held -> questioned'
	run -0 git thesis diff --staged --format=json
	[ "$(jq -c '[.commit, .kind, .change, .target, .field, .old, .new]' <<<"$output")" = '[null,"position","modified","edge","status","held","questioned"]' ]
	# commit the index only: the working tree keeps 'revised'
	tick=$((tick + 60))
	GIT_AUTHOR_DATE="@$tick +0000" GIT_COMMITTER_DATE="@$tick +0000" \
		git commit -q -m question
	run -0 git thesis diff HEAD~1
	expect_output <<<'edge  status  held -> revised'
	run -0 git thesis diff HEAD~1 HEAD
	expect_output <<<'edge  status  held -> questioned'
	run -0 git thesis diff HEAD~1 HEAD --format=json
	expect_output <<OUT
$(j HEAD position modified edge p.md status held questioned)
OUT
}

@test "log: a bad revision before --" {
	new_repo
	edge_note
	commit "root"
	run -128 --separate-stderr git thesis log no-such-rev --
	[ "$stderr" = "git-thesis: fatal: bad revision 'no-such-rev'" ]
	[ -z "$output" ]
	run -128 --separate-stderr git thesis log HEAD no-such-rev --
	[ "$stderr" = "git-thesis: fatal: bad revision 'no-such-rev'" ]
	# in a range, naming the bad end or the whole argument (as git log does)
	run -128 --separate-stderr git thesis log no-such-rev..HEAD --
	[[ "$stderr" == "git-thesis: fatal: bad revision 'no-such-rev'" ||
		"$stderr" == "git-thesis: fatal: bad revision 'no-such-rev..HEAD'" ]]
	run -128 --separate-stderr git thesis diff HEAD...no-such-rev
	[[ "$stderr" == "git-thesis: fatal: bad revision 'no-such-rev'" ||
		"$stderr" == "git-thesis: fatal: bad revision 'HEAD...no-such-rev'" ]]
}

@test "log and diff: bad revision, not a repository" {
	new_repo
	edge_note
	commit "root"
	# neither a revision nor a target, without --
	run -128 --separate-stderr git thesis log no-such-rev
	[[ "$stderr" == "git-thesis: fatal: "*"'no-such-rev'"* ]]
	[ -z "$output" ]
	run -128 --separate-stderr git thesis diff no-such-rev
	[ "$stderr" = "git-thesis: fatal: bad revision 'no-such-rev'" ]
	run -128 --separate-stderr git thesis diff HEAD no-such-rev
	[ "$stderr" = "git-thesis: fatal: bad revision 'no-such-rev'" ]
	mkdir -p "$BATS_TEST_TMPDIR/plain"
	cd "$BATS_TEST_TMPDIR/plain"
	run -128 --separate-stderr git thesis log
	[ "$stderr" = "git-thesis: fatal: not a git repository (or any of the parent directories): $PWD" ]
	run -128 --separate-stderr git thesis diff
	[ "$stderr" = "git-thesis: fatal: not a git repository (or any of the parent directories): $PWD" ]
}

@test "review: evidence that came after a status change is not its evidence" {
	new_repo
	edge_note
	commit "root"
	edge_note questioned
	commit "question edge without evidence"
	note ref.md <<'N'
## Mapping against edge

Strong challenge - came a day later.
N
	commit "evidence afterwards"
	edge_note revised
	commit "revise edge"
	run -1 git thesis review HEAD~3..HEAD --format=json
	# The first change had no evidence before it; the second had.
	[[ "$output" == *'{"flag":"change-without-evidence","message":"status changed (held -> questioned) with no new evidence in the range"'* ]]
	[[ "$output" != *'(questioned -> revised) with no new evidence'* ]]
	run -1 git thesis review HEAD~3..HEAD
	[ "$(grep -c 'flag change-without-evidence' <<<"$output")" -eq 1 ]
	# Evidence in the same commit as the change counts.
	edge_note retired
	note ref2.md <<'N'
## Mapping against edge

Weak - with the change.
N
	commit "retire edge with evidence"
	run -1 git thesis review HEAD~1..HEAD
	[[ "$output" != *change-without-evidence* ]]
}
