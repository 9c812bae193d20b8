#!/usr/bin/env bats
# git thesis record: the one-field edit of a declaring note, byte for byte
# (comments, quoting, key order, CRLF, BOM, flow and block lists, a body
# Stance paragraph), its commit (message, trailers, a clean status), and
# every refusal (vocabulary, stale --expect, dirty note, rebase, merge,
# detached HEAD, a note that does not parse), each writing nothing.
#
#   GIT_THESIS_BIN=$PWD/build/san/git-thesis bats tests/e2e/record.bats

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
}

example() {
	sh "$top/tests/fixtures/example-vault.sh" "$BATS_TEST_TMPDIR/ev" >/dev/null
	cd "$BATS_TEST_TMPDIR/ev"
}

# unchanged: HEAD is still $head and nothing is modified.
unchanged() {
	[ "$(git rev-parse HEAD)" = "$head" ]
	[ -z "$(git status --porcelain)" ]
}

@test "record: a status change in the example vault changes one line and commits it" {
	example
	head=$(git rev-parse HEAD)
	run -0 git thesis record Cloudflare-first status=questioned --why "Bedrock egress doubled" --expect "$head"
	[[ "$output" =~ ^\[[0-9a-f]{7}\]\ Record\ cloudflare-first-hosting:\ status\ revised\ -\>\ questioned$ ]]
	run -0 git diff HEAD~1 HEAD
	expect_output <<'OUT'
diff --git a/07-positions/cloudflare-first-hosting.md b/07-positions/cloudflare-first-hosting.md
index 95328fa..c7143f0 100644
--- a/07-positions/cloudflare-first-hosting.md
+++ b/07-positions/cloudflare-first-hosting.md
@@ -2,7 +2,7 @@
 position: cloudflare-first-hosting
 title: Cloudflare-first hosting
 stance: Run edge and static workloads on Cloudflare; host inference on AWS.
-status: revised
+status: questioned
 confidence: medium
 owner: founder
 supersedes: [vercel-first-hosting]
OUT
	run -0 git log -1 --format=%B
	expect_output <<'OUT'
Record cloudflare-first-hosting: status revised -> questioned

Why: Bedrock egress doubled
Position-Change: cloudflare-first-hosting status revised -> questioned
OUT
	[ "$(git rev-parse HEAD^)" = "$head" ]
	[ -z "$(git status --porcelain)" ]
	run -0 git thesis log -1 --format=json --field status
	[[ "$output" == *'"old":"revised","new":"questioned","subject":"Record cloudflare-first-hosting: status revised -> questioned","why":"Bedrock egress doubled"}' ]]
}

@test "record: several fields at once; the thesis's body Stance paragraph is replaced" {
	example
	run -0 git thesis record llm-commoditization status=contested confidence=0.4 \
		'stance=Routing layers commoditize models; margins stay with the hosts.' --why "new data"
	run -0 git show HEAD:08-theses/llm-commoditization.md
	expect_output <<'OUT'
---
thesis: llm-commoditization
title: "LLMs commoditize; value moves to the rails"
status: contested
confidence: 0.4
owner: ops-agent
aliases:
  - LLM commoditization
---

# LLMs commoditize

## Stance

Routing layers commoditize models; margins stay with the hosts.
OUT
	run -0 git log -1 --format=%B
	expect_output <<'OUT'
Record llm-commoditization: status corroborated -> contested, confidence medium -> 0.4, stance Models become interchangeable behind routing layers; durable value sits in inference infrastructure and in the workflows above it. -> Routing layers commoditize models; margins stay with the hosts.

Why: new data
Thesis-Change: llm-commoditization stance rewritten
Thesis-Change: llm-commoditization status corroborated -> contested
Thesis-Change: llm-commoditization confidence medium -> 0.4
OUT
	[ -z "$(git status --porcelain)" ]
}

@test "record: a CRLF note with a BOM keeps both, its comments and its quoting" {
	new_repo
	printf '\357\273\277---\r\nposition: edge # the id\r\ntitle: "Edge first"\r\nstatus: held\r\nconfidence: '"'"'high'"'"'\r\n---\r\nBody line.\r\n' >edge.md
	commit "add edge"
	run -0 git thesis record edge status=retired confidence=low title='Edge: first' owner=ops --why w
	printf '\357\273\277---\r\nposition: edge # the id\r\nowner: ops\r\ntitle: "Edge: first"\r\nstatus: retired\r\nconfidence: '"'"'low'"'"'\r\n---\r\nBody line.\r\n' >"$BATS_TEST_TMPDIR/want"
	git show HEAD:edge.md >"$BATS_TEST_TMPDIR/got"
	cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	cmp edge.md "$BATS_TEST_TMPDIR/want"
	[ -z "$(git status --porcelain)" ]
}

@test "record: items of block and flow positions:/theses: lists, a missing key added" {
	new_repo
	note list.md <<'N'
---
# targets of the quarter
positions:
  - id: alpha
    title: 'Alpha'
    status: held   # since March
  - id: beta
    status: questioned
theses: [{id: gamma, status: emerging}, {id: delta}]
tags: [q2]
---
Body.
N
	commit "add list"
	run -0 git thesis record alpha status=revised --why a
	run -0 git thesis record beta owner=founder --why b
	run -0 git thesis record gamma status=contested --why c
	run -0 git thesis record delta confidence=high 'owner=a, b' --why d
	run -0 cat list.md
	expect_output <<'OUT'
---
# targets of the quarter
positions:
  - id: alpha
    title: 'Alpha'
    status: revised   # since March
  - id: beta
    owner: founder
    status: questioned
theses: [{id: gamma, status: contested}, {id: delta, confidence: high, owner: "a, b"}]
tags: [q2]
---
Body.
OUT
	run -0 git thesis positions --format=json
	[[ "$output" == *'"id":"delta","kind":"thesis","title":null,"stance":null,"status":null,"confidence":"high","owner":"a, b"'* ]]
	[ "$(git rev-list --count HEAD)" = 5 ]
	[ -z "$(git status --porcelain)" ]
}

@test "record: block scalars, empty values and values that need quotes" {
	new_repo
	note t.md <<'N'
---
thesis: rails
owner:
stance: >
  Value moves
  to the rails.
title: Rails
---
N
	commit "add rails"
	run -0 git thesis record rails owner=ops 'stance=Rails win: #1 by far' title='~' --why w
	run -0 cat t.md
	expect_output <<'OUT'
---
thesis: rails
owner: ops
stance: "Rails win: #1 by far"
title: "~"
---
OUT
	run -0 git thesis show rails --format=json
	[[ "$output" == *'"title":"~","stance":"Rails win: #1 by far","status":null,"confidence":null,"owner":"ops"'* ]]
}

@test "record: values are checked against the vocabularies; nothing is written" {
	example
	head=$(git rev-parse HEAD)
	run -128 git thesis record cloudflare-first-hosting status=refuted --why w
	[ "$output" = "git-thesis: error: 'refuted' is not a status of a position (held, questioned, revised, retired)" ]
	run -128 git thesis record llm-commoditization status=held --why w
	[ "$output" = "git-thesis: error: 'held' is not a status of a thesis (emerging, corroborated, contested, refuted)" ]
	run -128 git thesis record llm-commoditization confidence=1.5 --why w
	[ "$output" = "git-thesis: error: '1.5' is not a confidence (high, medium, low, or a number from 0 to 1)" ]
	run -128 git thesis record llm-commoditization supersedes=x --why w
	[ "$output" = "git-thesis: error: cannot record 'supersedes': give status, confidence, stance, owner or title" ]
	run -128 git thesis record llm-commoditization owner=' ' --why w
	[ "$output" = "git-thesis: error: owner: give a value" ]
	run -128 git thesis record llm-commoditization "title=two
lines" --why w
	[ "$output" = "git-thesis: error: title: the value must be one line of text" ]
	run -128 git thesis record llm-commoditization status=Corroborated --why w
	[ "$output" = "git-thesis: error: nothing to record: the status of 'llm-commoditization' is already 'corroborated'" ]
	run -128 git thesis record ray-data-co status=held --why w
	[ "$output" = "git-thesis: error: no position or thesis 'ray-data-co' is declared at HEAD" ]
	run -128 git thesis record llm-commoditization status=contested --why ''
	[ "$output" = "git-thesis: error: say why: the reason becomes the Why: trailer" ]
	unchanged
}

@test "record: usage errors exit 129" {
	example
	run -129 git thesis record llm-commoditization status=contested
	[[ "$output" == *"error: --why is required: say why the target changed"* ]]
	run -129 git thesis record llm-commoditization --why w
	[[ "$output" == *"error: no <field>=<value> given"* ]]
	run -129 git thesis record llm-commoditization contested --why w
	[[ "$output" == *"error: 'contested' is not <field>=<value>"* ]]
}

@test "record: a stale or bad --expect refuses" {
	example
	head=$(git rev-parse HEAD)
	run -128 git thesis record llm-commoditization status=contested --why w --expect HEAD~1
	[ "$output" = "git-thesis: error: HEAD is $(git rev-parse --short HEAD), not HEAD~1: the vault changed since it was read; read it again (nothing recorded)" ]
	run -128 git thesis record llm-commoditization status=contested --why w --expect nonsense
	[ "$output" = "git-thesis: error: bad revision 'nonsense' (expected head)" ]
	unchanged
	run -0 git thesis record llm-commoditization status=contested --why w --expect "$(git rev-parse --short HEAD)"
}

@test "record: a note with changes in the work tree or the index refuses; other changes stay" {
	example
	head=$(git rev-parse HEAD)
	echo "more" >>08-theses/llm-commoditization.md
	run -128 git thesis record llm-commoditization status=contested --why w
	[ "$output" = "git-thesis: error: '08-theses/llm-commoditization.md' has uncommitted changes; commit or stash them first (nothing recorded)" ]
	git add 08-theses/llm-commoditization.md
	run -128 git thesis record llm-commoditization status=contested --why w
	[ "$output" = "git-thesis: error: '08-theses/llm-commoditization.md' has uncommitted changes; commit or stash them first (nothing recorded)" ]
	[ "$(git rev-parse HEAD)" = "$head" ]
	# Another note's staged change is neither committed nor lost.
	run -0 git thesis record cloudflare-first-hosting owner=ops --why w
	[ "$(git diff --name-only HEAD~1 HEAD)" = "07-positions/cloudflare-first-hosting.md" ]
	[ "$(git status --porcelain)" = "M  08-theses/llm-commoditization.md" ]
}

@test "record: refuses during a rebase, a merge, on a detached HEAD and before a first commit" {
	example
	git checkout -q -b topic HEAD~1
	echo "topic line" >>daily/2026-05-12.md
	commit "topic: daily"
	git checkout -q main
	echo "main line" >>daily/2026-05-12.md
	commit "main: daily"
	git checkout -q topic
	run ! git rebase main
	head=$(git rev-parse HEAD)
	run -128 git thesis record llm-commoditization status=contested --why w
	[ "$output" = "git-thesis: error: a rebase is in progress; finish or abort it first (nothing recorded)" ]
	[ "$(git rev-parse HEAD)" = "$head" ]
	git rebase --abort
	run ! git merge -q main
	run -128 git thesis record llm-commoditization status=contested --why w
	[ "$output" = "git-thesis: error: a merge is in progress; finish or abort it first (nothing recorded)" ]
	git merge --abort
	git checkout -q --detach main
	run -128 git thesis record llm-commoditization status=contested --why w
	[ "$output" = "git-thesis: error: HEAD is detached; check out a branch to record on" ]
	new_repo "$BATS_TEST_TMPDIR/empty"
	run -128 git thesis record x status=held --why w
	[ "$output" = "git-thesis: error: no commit yet: record changes committed notes" ]
}

@test "record: a target whose note does not parse at HEAD is refused" {
	new_repo
	note p.md <<'N'
---
position: edge
status: held
---
N
	commit "add"
	note p.md <<'N'
---
position: edge
status: [held
---
N
	commit "break"
	head=$(git rev-parse HEAD)
	run -128 git thesis record edge status=questioned --why w
	[ "$output" = "git-thesis: error: no position or thesis 'edge' is declared at HEAD" ]
	unchanged
}

@test "record: --format=json gives the commit, the parent and the changes" {
	example
	head=$(git rev-parse HEAD)
	run -0 git thesis record llm-commoditization owner=founder --why w --format=json
	printf '%s' "$output" | python3 -c '
import json, sys
v = json.loads(sys.stdin.read())
assert v["parent"] == sys.argv[1], v
assert v["commit"] == sys.argv[2], v
assert (v["target"], v["kind"], v["note"]) == ("llm-commoditization", "thesis", "08-theses/llm-commoditization.md"), v
assert v["changes"] == [{"field": "owner", "old": "ops-agent", "new": "founder"}], v
assert v["message"].startswith("Record llm-commoditization: owner ops-agent -> founder\n\nWhy: w\n"), v' \
		"$head" "$(git rev-parse HEAD)"
}

@test "record: the pre-commit check runs: a note with an error is not recorded" {
	new_repo
	note a.md <<'N'
---
position: edge
thesis: edge-thesis
status: held
---
N
	commit "add"
	head=$(git rev-parse HEAD)
	run -128 --separate-stderr git thesis record edge status=questioned --why w
	[ "$stderr" = "a.md:3:1: error: both 'position' and 'thesis' declared; the position wins
git-thesis: commit stopped: 1 error in the staged notes.
git-thesis: fix them, or commit with --no-verify to skip this check.
git-thesis: error: the pre-commit check refused the change; nothing recorded" ]
	unchanged
	git config thesis.hook.check false
	run -0 git thesis record edge status=questioned --why w
	[ "$(git rev-parse HEAD^)" = "$head" ]
}
