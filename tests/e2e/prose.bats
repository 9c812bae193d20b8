#!/usr/bin/env bats
# Prose evidence (contract 5b, issue 12): open questions and unlinked
# mentions over a vault written the way real reference notes are, the
# organisation as thesis.context (section 4), and thesis.exclude /
# --exclude (section 1) through every command that reads notes.
#
#   GIT_THESIS_BIN=$PWD/build/san/git-thesis bats tests/e2e/prose.bats

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
	export GIT_EDITOR=true GIT_PAGER=cat PAGER=cat
}

# A vault like the users': a hosting position, an Obsidian template that
# declares a placeholder position, and the organisation as a context name.
seeded() {
	new_repo
	git config thesis.context "Northwind Labs"
	git config thesis.exclude Templates/
	note 07-positions/edge-first-hosting.md <<'N'
---
position: edge-first-hosting
title: Edge-first hosting
stance: Serve everything from the edge network first.
status: held
confidence: high
aliases: [Edge-first]
---
N
	note Templates/position.md <<'N'
---
position: "{{title}}"
status: held
---
N
	commit "Hosting position and templates" "Dana Founder <dana@example.com>"
}

# The reference note: a body mapping against the organisation and a bold
# open question that names the position in prose, with no link.
reference() {
	note 06-reference/gpu-rental-glut.md <<'N'
---
title: "The Register: the GPU rental glut"
date: 2026-06-08
type: reference
source: The Register
---

## Why this is in the vault

Rental prices for inference GPUs halved in a year; the big clouds now
bundle them with their own model catalogues.

## Mapping against Northwind Labs

Moderate - cheaper inference is good news for every agent we run.

**Open question for the founder:** with GPUs this cheap inside the big
clouds, is Edge-first still the right default beyond static assets?
N
	commit "Reference: the GPU rental glut" "Ops Agent <ops@example.com>"
}

@test "log reports the open question at the commit that added the note" {
	seeded
	reference
	run -0 git thesis log
	expect_output <<'OUT'
5a72b3f 2026-02-02 Ops Agent  Reference: the GPU rental glut
    edge-first-hosting  + question  06-reference/gpu-rental-glut.md (Open question for the founder: with GPUs this cheap inside the big clouds, is Edge-first still the right default beyond static assets?)
    northwind-labs      + mapping   06-reference/gpu-rental-glut.md (moderate supports)

377d11b 2026-02-02 Dana Founder  Hosting position and templates
    edge-first-hosting  + position  (held)
OUT
	run -0 git thesis log --kind question --format=json
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == *'"kind":"question","change":"added","target":"edge-first-hosting","note":"06-reference/gpu-rental-glut.md","field":null,"old":null,"new":"Open question for the founder: with GPUs this cheap'* ]]
	run -0 git thesis diff HEAD~1 HEAD --format=json
	[ "${#lines[@]}" -eq 2 ]
}

@test "positions counts it, show lists it, review flags it" {
	seeded
	reference
	run -0 git thesis positions --undeclared
	expect_output <<'OUT'
ID                  KIND      STATUS  CONFIDENCE  EVIDENCE  SCORE  QUESTIONS  TITLE
edge-first-hosting  position  held    high        +0 -0 =0  +0     1          Edge-first hosting
northwind-labs      context   -       -           +1 -0 =0  +2     0          -
OUT
	run -0 git thesis positions --format=json
	[[ "$output" == *'"score":0},"questions":1}'* ]]
	run -0 git thesis show edge-first
	# (bats drops empty lines from `lines`)
	[ "${lines[10]}" = "open questions:" ]
	[ "${lines[11]}" = "  06-reference/gpu-rental-glut.md:17  2026-06-08" ]
	[ "${lines[13]}" = "unlinked mentions:" ]
	[ "${lines[14]}" = "  06-reference/gpu-rental-glut.md:18  Edge-first" ]
	run -1 git thesis review HEAD~1..HEAD
	[ "${lines[0]}" = "Review of HEAD~1..HEAD: 1 commit, 2 targets changed, 1 flag" ]
	[ "${lines[4]}" = "  flag open-question: 1 open question added after its last status change" ]
	run -1 git thesis review HEAD~1..HEAD --format=json
	[[ "$output" == *'"flags":[{"flag":"open-question","message":"1 open question added after its last status change","commit":"'* ]]
	# A status change after the question answers the flag.
	sed -i 's/^status: held$/status: questioned/' 07-positions/edge-first-hosting.md
	commit "Question edge-first"
	run git thesis review HEAD~2..HEAD
	[[ "$output" == *"held -> questioned"* ]]
	[[ "$output" != *"open-question"* ]]
}

@test "check --suggest proposes the mapping; check is quiet" {
	seeded
	reference
	run -0 git thesis check
	[ -z "$output" ]
	run -0 git thesis check --suggest
	expect_output <<'OUT'
06-reference/gpu-rental-glut.md:18: suggestion: 'Edge-first' names position edge-first-hosting without a link or mapping; to map it, add:

    ## Mapping against Edge-first hosting

    Weak neutral - Open question for the founder: with GPUs this cheap inside the big clouds, is Edge-first still the right default beyond static assets?

OUT
	run -0 git thesis check --suggest --format=json
	expect_output <<'OUT'
{"path":"06-reference/gpu-rental-glut.md","line":18,"target":"edge-first-hosting","kind":"position","title":"Edge-first hosting","name":"Edge-first","mapping":"## Mapping against Edge-first hosting\n\nWeak neutral - Open question for the founder: with GPUs this cheap inside the big clouds, is Edge-first still the right default beyond static assets?\n"}
OUT
	# Pasting the block maps the target: no suggestion, a neutral mapping.
	printf '\n## Mapping against Edge-first hosting\n\nWeak neutral - to be weighed.\n' \
		>> 06-reference/gpu-rental-glut.md
	commit "Map it"
	run -0 git thesis check --suggest
	[ -z "$output" ]
	run -0 git thesis log -1
	[ "${lines[1]}" = "    edge-first-hosting  + mapping  06-reference/gpu-rental-glut.md (weak neutral)" ]
}

@test "a question's life: rewritten, answered, deleted" {
	seeded
	reference
	sed -i 's/beyond static assets?/beyond static assets and images?/' \
		06-reference/gpu-rental-glut.md
	commit "Sharpen the question"
	run -0 git thesis log -1 --format=json
	[[ "$output" == *'"kind":"question","change":"modified","target":"edge-first-hosting","note":"06-reference/gpu-rental-glut.md","field":"text","old":"Open question for the founder: with GPUs this cheap inside the big clouds, is Edge-first still the right default beyond static assets?","new":"Open question for the founder: with GPUs this cheap inside the big clouds, is Edge-first still the right default beyond static assets and images?","subject":"Sharpen the question","why":null}' ]]
	sed -i 's/^\*\*Open question for the founder:\*\*/**Answered:**/' \
		06-reference/gpu-rental-glut.md
	commit "Answered"
	run -0 git thesis log -1
	[ "${lines[1]}" = "    edge-first-hosting  - question  06-reference/gpu-rental-glut.md (Open question for the founder: with GPUs this cheap inside the big clouds, is Edge-first still the right default beyond static assets and images?)" ]
	run -0 git thesis positions
	[ "${lines[1]}" = "edge-first-hosting  position  held    high        +0 -0 =0  +0     0          Edge-first hosting" ]
	note daily/d.md <<'N'
- Q: does [[Edge-first hosting]] hold for video?
N
	commit "Daily"
	run -0 git thesis log -1 --kind question
	[ "${lines[1]}" = "    edge-first-hosting  + question  daily/d.md (Q: does [[Edge-first hosting]] hold for video?)" ]
	git rm -q daily/d.md
	commit "Drop the daily"
	run -0 git thesis log -1 --kind question
	[ "${lines[1]}" = "    edge-first-hosting  - question  daily/d.md (Q: does [[Edge-first hosting]] hold for video?)" ]
	run -0 git thesis blame edge-first --format=json
	[[ "$output" == *'"questions":[]}' ]]
}

@test "callouts, blame and textconv" {
	seeded
	note notes/call.md <<'N'
> [!FAQ]- Edge-first for video?
> Egress from the edge is free, but transcoding is not.
N
	commit "A callout"
	run -0 git thesis blame edge-first
	[ "${lines[9]}" = "  question notes/call.md  Edge-first for video? Egress from the edge is free, but transcoding is not." ]
	run -0 git thesis parse notes/call.md --format=json
	[[ "$output" == *'"questions":[{"line":1,"text":"Edge-first for video? Egress from the edge is free, but transcoding is not.","targets":["edge-first-hosting"]}]'* ]]
	run -0 git thesis textconv notes/call.md
	expect_output <<'OUT'
question: Edge-first for video? Egress from the edge is free, but transcoding is not.

-- text --
> [!FAQ]- Edge-first for video?
> Egress from the edge is free, but transcoding is not.
OUT
}

@test "the prepare-commit-msg hook adds question trailers" {
	seeded
	git thesis hooks install prepare-commit-msg >/dev/null
	note notes/q.md <<'N'
Question: is edge-first still cheaper than the big clouds?
N
	git add -A
	tick=$((tick + 60))
	GIT_AUTHOR_DATE="@$tick +0000" GIT_COMMITTER_DATE="@$tick +0000" \
		git commit -q -m "Ask"
	run -0 git log -1 --format=%B
	expect_output <<'OUT'
Ask

Position-Question: edge-first-hosting added
OUT
}

@test "excluded files are no notes: history, --exclude, the index" {
	seeded
	reference
	# The template changed: nothing happens anywhere.
	sed -i 's/^status: held$/status: questioned/' Templates/position.md
	commit "Template tweak"
	run -0 git thesis log HEAD~1..HEAD
	[ -z "$output" ]
	run -0 git thesis positions --undeclared --format=json
	[[ "$output" != *'"title"'*'"id":"title"'* ]]
	[[ "$output" != *'"id":"title"'* ]]
	# Without the setting the template is a note, in every command.
	git config --unset thesis.exclude
	run -0 git thesis log HEAD~1..HEAD
	[ "${lines[1]}" = "    title  status  held -> questioned" ]
	run -0 git thesis --exclude 'Templates/' log HEAD~1..HEAD
	[ -z "$output" ]
	run -0 git -c thesis.exclude='*.md' thesis positions
	[ "${#lines[@]}" -eq 1 ]
	# A negated pattern takes a file back.
	run -0 git thesis --exclude '07-positions/*' --exclude '!07-positions/edge-first-hosting.md' \
		--exclude 'Templates/' positions
	[ "${#lines[@]}" -eq 2 ]
	# Staged changes to an excluded file are no changes.
	printf '\n' >> Templates/position.md
	git add -A
	run -0 git thesis --exclude Templates/ diff --staged
	[ -z "$output" ]
	run -129 --separate-stderr git thesis --exclude
	[[ "$stderr" == *"error: option 'exclude' requires a value"* ]]
}

@test "a question with a hostile name list stays quick" {
	new_repo
	{
		printf -- '---\nposition: many\naliases:\n'
		for i in $(seq 1 3000); do printf "  - 'alias %d (x)*+?[\\\\d]'\\n" "$i"; done
		printf '  - "\xf0\x9f\x9a\x80 launch"\n---\n'
	} > p.md
	{
		printf 'Q: does alias 2999 (x)*+?[\\d] or the \xf0\x9f\x9a\x80 launch win?\n\n'
		for i in $(seq 1 20000); do printf 'alias %d (x)*+?[\\d] aaaa aaaaa \xcc\x81 ' "$i"; done
		printf '\n'
	} > r.md
	commit "many"
	run -0 timeout 60 git thesis log --kind question --format=json
	[ "${#lines[@]}" -eq 1 ]
	run -0 timeout 60 git thesis check --suggest --format=json
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == *'"name":"alias 2999 (x)*+?[\\d]"'* ]]
}
