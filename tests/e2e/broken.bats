#!/usr/bin/env bats
# Broken notes (NOTE-CONVENTIONS sections 2 and 6): a note whose frontmatter
# does not parse keeps the frontmatter facts of its newest version, along
# first parents, that parsed; the commit that breaks it reports one
# `note broken` event, the one that mends it `note repaired` and the real
# differences.  Every command tells the same story, incremental or full.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
}

# edge [status] [owner]: the position the cases start from, with a body
# mapping so that body facts are seen to be read while it is broken.
edge() {
	note positions/edge.md <<N
---
position: edge
title: Edge hosting
owner: ${2:-founder}
confidence: high
status: ${1:-held}
---
# Edge

## Mapping against Core platform

Weak - it sits on the core.
N
}

# base: the position edge, a thesis core and a note mapping edge by title.
base() {
	new_repo
	edge
	note core.md <<'N'
---
thesis: core-platform
title: Core platform
status: emerging
---
N
	note ref/pricing.md <<'N'
---
maps:
  - target: Edge hosting
    strength: strong
---
Pricing data.
N
	commit "base"
}

# Both walks of log and the diff of the last commit agree: stdout of `log`
# with and without GIT_THESIS_DEBUG_FULL, in text and JSON.
same_both_ways() {
	local a b
	a=$(git thesis log "$@")
	b=$(GIT_THESIS_DEBUG_FULL=1 git thesis log "$@")
	[ "$a" = "$b" ]
	a=$(git thesis log --format=json "$@")
	b=$(GIT_THESIS_DEBUG_FULL=1 git thesis log --format=json "$@")
	[ "$a" = "$b" ]
}

ERR="7:1: did not find expected ',' or ']' while parsing a flow sequence"

@test "broken: a typo in status is one note broken event, no removal" {
	base
	sed -i 's/^status: held/status: [held/' positions/edge.md
	commit "typo"
	run -0 git thesis log -n 1
	expect_output <<OUT
$(h HEAD) Test Author  typo
    note broken positions/edge.md: $ERR
OUT
	run -0 git thesis log -n 1 --format=json
	expect_output <<OUT
$(j HEAD note broken null positions/edge.md null null "$ERR")
OUT
	run -0 git thesis diff HEAD~1 HEAD --format=json
	[ "$output" = "$(j HEAD note broken null positions/edge.md null null "$ERR")" ]
	same_both_ways
	# The target keeps its carried fields, its mapping and its evidence.
	run -0 git thesis positions
	expect_output <<OUT
ID             KIND      STATUS         CONFIDENCE  EVIDENCE  SCORE  QUESTIONS  TITLE
edge           position  held (broken)  high        +1 -0 =0  +3     0          Edge hosting
core-platform  thesis    emerging       -           +1 -0 =0  +1     0          Core platform

edge: positions/edge.md is broken at $ERR; fields from its last parsed version
OUT
	run -0 git thesis positions --format=json
	[[ "$output" == *'{"id":"edge","kind":"position","title":"Edge hosting","stance":null,"status":"held","confidence":"high","owner":"founder","note":"positions/edge.md","aliases":[],"supersedes":[],"broken":"'"$ERR"'","evidence":'* ]]
	[[ "$output" == *'{"id":"core-platform","kind":"thesis","title":"Core platform","stance":null,"status":"emerging","confidence":null,"owner":null,"note":"core.md","aliases":[],"supersedes":[],"evidence":'* ]]
	run -0 git thesis show edge
	[[ "$output" == *"status:     held"* ]]
	[[ "$output" == *"broken:     $ERR (fields from its last parsed version)"* ]]
	run -0 git thesis show edge --at HEAD~1 --format=json
	[[ "$output" != *'"broken"'* ]]
	# check still names the error with its line and column.
	run -1 git thesis check
	[[ "$output" == *"positions/edge.md:$ERR"* || "$output" == *"positions/edge.md:7:1: error: did not find"* ]]
	# blame follows the carried status to the commit that set it.
	run -0 git thesis blame edge --format=json
	[[ "$output" != *'"typo"'* ]]
}

@test "broken: the fix that also changes the status is repaired plus status" {
	base
	sed -i 's/^status: held/status: [held/' positions/edge.md
	commit "typo"
	# While broken, frontmatter edits are not seen; body edits are.
	sed -i 's/^owner: founder/owner: cto/' positions/edge.md
	sed -i 's/^Weak - it sits/Moderate - it sits/' positions/edge.md
	commit "more"
	edge questioned cto
	commit "fix"
	run -0 git thesis log -n 3
	expect_output <<OUT
$(h HEAD) Test Author  fix
    note repaired positions/edge.md
    core-platform  mapping  positions/edge.md  strength  moderate -> weak
    edge           status   held -> questioned
    edge           owner    founder -> cto

$(h HEAD~1) Test Author  more
    core-platform  mapping  positions/edge.md  strength  weak -> moderate

$(h HEAD~2) Test Author  typo
    note broken positions/edge.md: $ERR
OUT
	run -0 git thesis log -n 1 --format=json
	expect_output <<OUT
$(j HEAD note repaired null positions/edge.md null "$ERR" null)
$(j HEAD mapping modified core-platform positions/edge.md strength moderate weak)
$(j HEAD position modified edge positions/edge.md status held questioned)
$(j HEAD position modified edge positions/edge.md owner founder cto)
OUT
	same_both_ways
	# The mapping by the old title keeps resolving while the note is broken.
	run -0 git thesis log --format=json -- ref/pricing.md
	[[ "$output" != *'"removed"'* ]]
	run -1 git thesis review HEAD~3..HEAD
	[[ "$output" == *"status  held -> questioned"* ]]
	[[ "$output" != *removed* ]]
	run -0 git thesis report -o "$BATS_TEST_TMPDIR/r.html"
	run -1 grep -q 'position removed' "$BATS_TEST_TMPDIR/r.html"
}

@test "broken: a note added broken has no frontmatter facts" {
	base
	note positions/cdn.md <<'N'
---
position: cdn
title: CDN first
status: [held
---
See [[Edge hosting]].
N
	commit "add broken"
	run -0 git thesis log -n 1 --format=json
	expect_output <<OUT
$(j HEAD note broken null positions/cdn.md null null "5:1: did not find expected ',' or ']' while parsing a flow sequence")
$(j HEAD mention added edge positions/cdn.md null null null)
OUT
	same_both_ways
	run -0 git thesis positions --format=json
	[[ "$output" != *cdn* ]]
	# Deleting it is no repair.
	git rm -q positions/cdn.md
	commit "drop"
	run -0 git thesis log -n 1 --format=json
	expect_output <<OUT
$(j HEAD mention removed edge positions/cdn.md null null null)
OUT
}

@test "broken: no closing line makes the whole text the body" {
	base
	note notes/open.md <<'N'
---
title: never closed
Talks about [[Edge hosting]].
N
	commit "open"
	run -0 git thesis log -n 1 --format=json
	expect_output <<OUT
$(j HEAD note broken null notes/open.md null null "1:1: frontmatter has no closing '---' line")
$(j HEAD mention added edge notes/open.md null null null)
OUT
}

@test "broken: at a merge, the first-parent line's last parsed version" {
	base
	git checkout -q -b side
	sed -i 's/^status: held/status: [held/' positions/edge.md
	commit "side breaks it"
	git checkout -q main
	sed -i 's/^owner: founder/owner: cto/' positions/edge.md
	commit "main changes the owner"
	tick=$((tick + 60))
	GIT_AUTHOR_DATE="@$tick +0000" GIT_COMMITTER_DATE="@$tick +0000" \
		git merge --no-ff -q -m "merge side" side
	# The merged note is broken: it carries main's (first parent) owner.
	grep -q '^status: \[held' positions/edge.md
	grep -q '^owner: cto' positions/edge.md
	run -0 git thesis show edge --format=json
	[[ "$output" == *'"owner":"cto"'* ]]
	[[ "$output" == *'"broken":"'* ]]
	# Each change is reported once, where it was made.
	run -0 git thesis log --format=json
	expect_output <<OUT
$(j HEAD~1 position modified edge positions/edge.md owner founder cto)
$(j side note broken null positions/edge.md null null "$ERR")
$(j HEAD~2 thesis added core-platform core.md null null emerging)
$(j HEAD~2 mapping added core-platform positions/edge.md null null "weak supports")
$(j HEAD~2 position added edge positions/edge.md null null held)
$(j HEAD~2 mapping added edge ref/pricing.md null null "strong supports")
OUT
	same_both_ways
	run -0 git thesis log --first-parent -n 1 --format=json
	expect_output <<OUT
$(j HEAD note broken null positions/edge.md null null "$ERR")
OUT
	same_both_ways --first-parent
	# Against the side, the merge carries another owner: a diff says so.
	run -0 git thesis diff side HEAD
	expect_output <<'OUT'
edge  owner  founder -> cto
OUT
	run -0 git thesis diff HEAD side
	expect_output <<'OUT'
edge  owner  cto -> founder
OUT
}

@test "broken: --staged and the work tree carry from HEAD" {
	base
	sed -i 's/^status: held/status: [held/' positions/edge.md
	run -0 git thesis diff
	expect_output <<OUT
note broken positions/edge.md: $ERR
OUT
	git add -A
	run -0 git thesis diff --staged
	expect_output <<OUT
note broken positions/edge.md: $ERR
OUT
	run -0 git thesis positions --format=json
	[[ "$output" != *broken* ]]
}

@test "broken: prepare-commit-msg never says removed for a broken note" {
	base
	git thesis hooks install >/dev/null
	sed -i 's/^status: held/status: [held/' positions/edge.md
	git add -A
	# pre-commit refuses it; --no-verify skips that, not the trailers.
	run -1 git commit -q -m "typo"
	tick=$((tick + 60))
	GIT_AUTHOR_DATE="@$tick +0000" GIT_COMMITTER_DATE="@$tick +0000" \
		git commit -q --no-verify -m "typo" 2>/dev/null
	run -0 git log -1 --format=%B
	expect_output <<OUT
typo

Note-Change: positions/edge.md broken at $ERR
OUT
	edge questioned
	git add -A
	tick=$((tick + 60))
	GIT_AUTHOR_DATE="@$tick +0000" GIT_COMMITTER_DATE="@$tick +0000" \
		git commit -q -m "fix" 2>/dev/null
	run -0 git log -1 --format=%B
	expect_output <<'OUT'
fix

Note-Change: positions/edge.md repaired
Position-Change: edge status held -> questioned
OUT
}
