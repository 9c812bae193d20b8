#!/usr/bin/env bats
# positions, show, check, parse on the example vault and on small vaults
# built for one rule each.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
}

example() {
	sh "$top/tests/fixtures/example-vault.sh" "$BATS_TEST_TMPDIR/ev" >/dev/null
	cd "$BATS_TEST_TMPDIR/ev"
}

@test "positions: table of the example vault" {
	example
	run -0 git thesis positions
	expect_output <<'OUT'
ID                        KIND      STATUS        CONFIDENCE  EVIDENCE  SCORE  QUESTIONS  TITLE
cloudflare-first-hosting  position  revised       medium      +1 -2 =0  -2     1          Cloudflare-first hosting
llm-commoditization       thesis    corroborated  medium      +2 -0 =0  +6     0          LLMs commoditize; value moves to the rails
OUT
}

@test "positions: --undeclared, --kind and --at an older commit" {
	example
	run -0 git thesis positions --undeclared --kind thesis
	[ "${#lines[@]}" -eq 2 ]
	run -0 git thesis positions --undeclared
	[ "${lines[3]}" = "ray-data-co               context   -             -           +2 -0 =0  +5     0          -" ]
	run -0 git thesis positions --at HEAD~9 --kind position
	expect_output <<'OUT'
ID                        KIND      STATUS  CONFIDENCE  EVIDENCE  SCORE  QUESTIONS  TITLE
cloudflare-first-hosting  position  held    high        +0 -0 =0  +0     0          Cloudflare-first hosting
OUT
}

@test "positions: JSON objects with every documented key" {
	example
	run -0 git thesis positions --format=json --kind position
	expect_output <<'OUT'
[
{"id":"cloudflare-first-hosting","kind":"position","title":"Cloudflare-first hosting","stance":"Run edge and static workloads on Cloudflare; host inference on AWS.","status":"revised","confidence":"medium","owner":"founder","note":"07-positions/cloudflare-first-hosting.md","aliases":["Cloudflare-first"],"supersedes":["vercel-first-hosting"],"evidence":{"supports":1,"challenges":2,"neutral":0,"mentions":1,"score":-2},"questions":1}
]
OUT
}

@test "show: by id, title, alias, wikilink and file name give the same card" {
	example
	run -0 git thesis show cloudflare-first-hosting
	local card=$output
	for name in "Cloudflare-first hosting" "cloudflare-FIRST" " Cloudflare-first " \
		"[[Cloudflare-first|CF]]" "[[cloudflare-first-hosting#Stance]]" \
		"07-positions/cloudflare-first-hosting"; do
		run -0 git thesis show "$name"
		[ "$output" = "$card" ]
	done
	expect_output <<'OUT'
position cloudflare-first-hosting
title:      Cloudflare-first hosting
stance:     Run edge and static workloads on Cloudflare; host inference on AWS.
status:     revised
confidence: medium
owner:      founder
aliases:    Cloudflare-first
supersedes: vercel-first-hosting
note:       07-positions/cloudflare-first-hosting.md
evidence:   -2 (1 supports, 2 challenges, 0 neutral; 1 mention)

mappings:
  strong challenges    06-reference/aws-bedrock-egress-costs.md
      moving inference traffic off AWS costs more in egress than the edge saves, once Trainium pricing applies.
  strong supports      06-reference/cloudflare-workers-ai-pricing.md
      inference at the edge keeps us on one platform and the pricing beats reserved GPUs at our volume.
  moderate challenges  06-reference/stratechery-amazon-durability.md
      Amazon as the neutral host argues against Cloudflare-first for inference workloads.

mentions:
  daily/2026-05-12.md

open questions:
  06-reference/semianalysis-inference-price-war.md:25  2026-06-08
      Open question for the founder: if the cheapest tokens live inside AWS, is Cloudflare-first still the right default for anything but the edge? A follow-up note should put numbers on it before the next review.

unlinked mentions:
  06-reference/semianalysis-inference-price-war.md:26  Cloudflare-first
OUT
}

@test "show: --at an older commit by alias" {
	example
	run -0 git thesis show Cloudflare-first --at HEAD~5 --format=json
	expect_output <<'OUT'
{"id":"cloudflare-first-hosting","kind":"position","title":"Cloudflare-first hosting","stance":"Run all infrastructure on Cloudflare first.","status":"questioned","confidence":"medium","owner":"founder","note":"07-positions/cloudflare-first-hosting.md","aliases":["Cloudflare-first"],"supersedes":["vercel-first-hosting"],"evidence":{"supports":1,"challenges":1,"neutral":0,"mentions":0,"score":1},"questions":0,"mappings":[{"note":"06-reference/cloudflare-workers-ai-pricing.md","strength":"strong","effect":"supports","why":"inference at the edge keeps us on one platform and the pricing beats reserved GPUs at our volume."},{"note":"06-reference/stratechery-amazon-durability.md","strength":"moderate","effect":"challenges","why":"Amazon as the neutral host argues against Cloudflare-first for inference workloads."}],"mentions":[],"open_questions":[],"unlinked_mentions":[]}
OUT
}

@test "show: an undeclared target by its name or slug" {
	example
	run -0 git thesis show "Ray Data Co"
	expect_output <<'OUT'
context ray-data-co
evidence:   +5 (2 supports, 0 challenges, 0 neutral; 0 mentions)

mappings:
  strong supports      06-reference/stratechery-amazon-durability.md
      this is the third datapoint in the same thesis cluster in two days, and it sharpens the picture in a way directly relevant to RDCO positioning.
  moderate supports    06-reference/semianalysis-inference-price-war.md
      cheaper tokens lower the running cost of every agent we operate, so the price war works for us whoever wins it.
OUT
	run -0 git thesis show ray-data-co --format=json
	[[ "$output" == '{"id":"ray-data-co","kind":"context","title":null,'* ]]
}

@test "show: unknown target, bad revision, not a repository, usage" {
	example
	run -128 --separate-stderr git thesis show nothing-here
	[ "$stderr" = "git-thesis: fatal: no position, thesis or mapped target 'nothing-here' at HEAD" ]
	[ -z "$output" ]
	run -128 --separate-stderr git thesis show cloudflare-first --at no-such-rev
	[ "$stderr" = "git-thesis: fatal: bad revision 'no-such-rev'" ]
	run -129 --separate-stderr git thesis show
	[ "${stderr%%$'\n'*}" = "git-thesis: error: no target given" ]
	run -129 --separate-stderr git thesis positions --kind nonsense
	[ "${stderr%%$'\n'*}" = "git-thesis: error: --kind takes position or thesis, not 'nonsense'" ]
	run -129 --separate-stderr git thesis positions --bogus
	[ "${stderr%%$'\n'*}" = "git-thesis: error: unknown option '--bogus'" ]
	run -129 --separate-stderr git thesis frobnicate
	[ "$stderr" = "git-thesis: error: 'frobnicate' is not a git-thesis command; see 'git thesis help'" ]
	cd "$BATS_TEST_TMPDIR"
	mkdir -p plain && cd plain
	run -128 --separate-stderr git thesis positions
	[ "$stderr" = "git-thesis: fatal: not a git repository (or any of the parent directories): $PWD" ]
}

@test "-C, --vault and thesis.vault choose the vault folder" {
	example
	cd "$BATS_TEST_TMPDIR"
	run -0 git thesis -C ev --vault 08-theses positions --format=json
	[ "$(printf '%s\n' "$output" | grep -c '"id"')" -eq 1 ]
	git -C ev config thesis.vault 07-positions/
	run -0 git thesis -C ev positions --undeclared
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == "cloudflare-first-hosting  position  revised "* ]]
	run -0 git thesis -C ev --vault . positions --undeclared
	[ "${#lines[@]}" -eq 4 ]
}

@test "check: the example is clean: the organisation and the templates" {
	example
	run -0 git thesis check
	[ -z "$output" ]
	# Without thesis.context the organisation is an undeclared target.
	git config --unset thesis.context
	run -0 git thesis check
	expect_output <<'OUT'
06-reference/semianalysis-inference-price-war.md:20: warning: mapping target 'Ray Data Co' is not a declared position or thesis; tracked as 'ray-data-co'
06-reference/stratechery-amazon-durability.md:19: warning: mapping target 'Ray Data Co' is not a declared position or thesis; tracked as 'ray-data-co'
0 errors and 2 warnings in 8 notes
OUT
	# Without thesis.exclude the template declares a position.
	git config --unset thesis.exclude
	run -1 git thesis check
	[ "${lines[2]}" = "Templates/position.md:2:11: error: invalid id '{{title}}'; using 'title'" ]
	[ "${lines[3]}" = "1 error and 2 warnings in 9 notes" ]
	# --exclude on the command line does as thesis.exclude.
	run -0 git thesis --exclude 'Templates/**' check
	[ "${lines[2]}" = "0 errors and 2 warnings in 8 notes" ]
}

@test "check: broken YAML with line and column, unknown words, duplicates" {
	new_repo
	note a/broken.md <<'N'
---
title: ok
aliases: - %
---
body
N
	note a/words.md <<'N'
---
position: words
status: corroborated
confidence: very
maps:
  - target: words
    strength: huge
    effect: maybe
---
N
	note b/dup.md <<'N'
---
position: words
status: held
---
N
	note c/both.md <<'N'
---
position: Both Kinds
thesis: other
---
N
	commit "notes"
	run -1 git thesis check
	expect_output <<'OUT'
a/broken.md:3:10: error: block sequence entries are not allowed in this context
a/words.md:3:9: warning: status 'corroborated' is not a position status (held, questioned, revised, retired)
a/words.md:4:13: warning: unknown confidence 'very'; expected high, medium, low or a number from 0 to 1
a/words.md:7:15: warning: unknown strength 'huge'; expected strong, moderate or weak
a/words.md:8:13: warning: unknown effect 'maybe'; expected supports, challenges or neutral
b/dup.md:2: error: duplicate id 'words', first declared in a/words.md; this declaration is ignored
c/both.md:2:11: error: invalid id 'Both Kinds'; using 'both-kinds'
c/both.md:3:1: error: both 'position' and 'thesis' declared; the position wins
4 errors and 4 warnings in 4 notes
OUT
	run -1 git thesis check --format=json
	[ "${lines[0]}" = '{"path":"a/broken.md","line":3,"column":10,"severity":"error","message":"block sequence entries are not allowed in this context"}' ]
	[ "${#lines[@]}" -eq 8 ]
}

@test "check: --staged reads the index, --worktree the files, <rev> a commit" {
	new_repo
	note n.md <<'N'
---
position: p
status: held
---
N
	commit "good"
	printf -- '---\nposition: p\nstatus: [\n---\n' > n.md
	run -0 git thesis check
	[ -z "$output" ]
	run -1 git thesis check --worktree
	[[ "${lines[0]}" == "n.md:4:1: error: "* ]]
	run -0 git thesis check --staged
	git add n.md
	run -1 git thesis check --staged
	run -0 git thesis check HEAD
	run -129 git thesis check --staged --worktree
}

@test "frontmatter edge cases: CRLF, BOM, '...', empty, thematic break, fence" {
	new_repo
	printf '\xef\xbb\xbf---\r\nposition: crlf-bom\r\ntitle: CRLF and BOM\r\nstatus: held\r\n---\r\nbody\r\n' > crlf.md
	printf -- '---\nthesis: dots\nstatus: emerging\n...\nbody\n' > dots.md
	printf -- '---\n---\n# empty frontmatter\n' > empty.md
	printf '# title\n\n---\nposition: not-frontmatter\n---\n' > rule.md
	printf '\n---\nposition: leading-blank\n---\n' > blank.md
	printf '```\n---\nposition: fenced\n---\n```\n' > fence.md
	commit "edge cases"
	run -0 git thesis positions --format=json
	[ "$(printf '%s\n' "$output" | grep -o '"id":"[a-z-]*"' | tr '\n' ' ')" = '"id":"crlf-bom" "id":"dots" ' ]
	run -0 git thesis show "crlf and bom"
	[ "${lines[1]}" = "title:      CRLF and BOM" ]
}

@test "tags as a list and as a string; aliases as one string" {
	new_repo
	note t.md <<'N'
---
title: Tags
tags: "#alpha, beta gamma,#delta"
aliases: One, not split
---
N
	note u.md <<'N'
---
tags: [one, "#two"]
---
N
	commit "tags"
	run -0 git thesis parse t.md --format=json
	[[ "$output" == *'"tags":["alpha","beta","gamma","delta"],"aliases":["One, not split"]'* ]]
	run -0 git thesis parse u.md --format=json
	[[ "$output" == *'"tags":["one","two"]'* ]]
}

@test "wikilink forms, embeds, code spans and code blocks" {
	new_repo
	note positions/cloudflare-first.md <<'N'
---
position: cloudflare-first-hosting
title: Cloudflare-first hosting
aliases: [CF first]
---
N
	note ref.md <<'N'
See [[cloudflare-first-hosting]], [[Cloudflare-first hosting|shown]],
[[cloudflare-first-hosting#Stance]], ![[CF first]], [[cloudflare-first]],
and [[positions/cloudflare-first]].

`[[code-span]]` and

    [[indented-code]]

```
## Mapping against Cloudflare-first hosting
Strong - in a fence
```

> ## Mapping against cloudflare-first-hosting
>
> Strong - in a quote
N
	commit "links"
	run -0 git thesis parse ref.md
	expect_output <<'OUT'
path:       ref.md
frontmatter: no
title:      -
type:       -
date:       -
source:     -
author:     -
tags:       -
aliases:    -

links:
  1: cloudflare-first-hosting -> mention of cloudflare-first-hosting
  1: Cloudflare-first hosting -> mention of cloudflare-first-hosting
  1: cloudflare-first-hosting -> mention of cloudflare-first-hosting
  1: CF first -> mention of cloudflare-first-hosting
  1: cloudflare-first -> mention of cloudflare-first-hosting
  1: positions/cloudflare-first -> mention of cloudflare-first-hosting
OUT
	run -0 git thesis show cloudflare-first-hosting --format=json
	[[ "$output" == *'"evidence":{"supports":0,"challenges":0,"neutral":0,"mentions":1,"score":0},"questions":0,"mappings":[],"mentions":["ref.md"],"open_questions":[],"unlinked_mentions":[]}' ]]
}

@test "body mappings: separators, effects, names that resolve and do not" {
	new_repo
	note p.md <<'N'
---
position: edge
title: Edge hosting
aliases: [Edge]
---
N
	note r.md <<'N'
---
maps:
  - target: "[[Edge]]"
    strength: WEAK
    effect: Challenged
---
## Mapping against Edge hosting

Strong support: frontmatter wins over this.

## Maps against [[Some Other Idea]]

Moderate neutral, first line
   second line

## mapping to Third thing

Strongly worded, not a strength.
N
	commit "maps"
	run -0 git thesis parse r.md
	[ "${lines[9]}" = "mappings:" ]
	[ "${lines[10]}" = "  3: [[Edge]] -> edge: weak challenges (frontmatter)" ]
	[ "${lines[11]}" = "  7: Edge hosting -> edge: strong supports (body)" ]
	[ "${lines[12]}" = "      frontmatter wins over this." ]
	[ "${lines[13]}" = "  11: [[Some Other Idea]] -> some-other-idea: moderate neutral (body)" ]
	[ "${lines[14]}" = "      first line second line" ]
	run -0 git thesis check
	expect_output <<'OUT'
r.md:7: warning: frontmatter maps 'edge' as weak challenges but the body as strong supports; the frontmatter wins
r.md:11: warning: mapping target '[[Some Other Idea]]' is not a declared position or thesis; tracked as 'some-other-idea'
r.md:16:1: warning: mapping heading for 'Third thing' is not followed by a paragraph starting with strong, moderate or weak; no mapping
0 errors and 3 warnings in 2 notes
OUT
	run -0 git thesis positions --undeclared --format=json
	[[ "${lines[1]}" == *'"evidence":{"supports":0,"challenges":1,"neutral":0,"mentions":0,"score":-1},"questions":0}'* ]]
}

@test "bare repositories are read from objects" {
	example
	git clone -q --bare "$BATS_TEST_TMPDIR/ev" "$BATS_TEST_TMPDIR/bare.git"
	cd "$BATS_TEST_TMPDIR/bare.git"
	run -0 git thesis positions --kind thesis
	[[ "${lines[1]}" == "llm-commoditization  thesis  corroborated "* ]]
	run -128 --separate-stderr git thesis check --worktree
	[ "$stderr" = "git-thesis: fatal: --worktree needs a working tree; this repository is bare" ]
}

@test "symlinks, submodules and dot folders are not notes" {
	new_repo
	note real.md <<'N'
---
position: real
---
N
	note .obsidian/hidden.md <<'N'
---
position: hidden
---
N
	note .trash/gone.md <<'N'
---
position: gone
---
N
	ln -s real.md link.md
	git add -A
	git update-index --add --cacheinfo "160000,$(git hash-object -t commit --stdin </dev/null 2>/dev/null || echo 1111111111111111111111111111111111111111),sub.md" 2>/dev/null ||
		git update-index --add --cacheinfo 160000,1111111111111111111111111111111111111111,sub.md
	commit "odd entries"
	run -0 git thesis positions --format=json
	[ "$(printf '%s\n' "$output" | grep -c '"id"')" -eq 1 ]
	[[ "$output" == *'"id":"real"'* ]]
}

@test "an unborn branch and an empty repository" {
	new_repo
	run -128 --separate-stderr git thesis positions
	[ "$stderr" = "git-thesis: fatal: HEAD: the current branch has no commits yet" ]
}

@test "read-only commands write nothing to the repository" {
	example
	before=$(find .git -type f -newer .git/HEAD -o -type f -print | sort | xargs sha1sum)
	stat_before=$(stat -c %Y .git/index)
	run -0 git thesis positions
	run -0 git thesis show cloudflare-first
	run -0 git thesis check --staged
	run -0 git thesis check --worktree
	run -0 git thesis parse daily/2026-05-12.md
	after=$(find .git -type f -newer .git/HEAD -o -type f -print | sort | xargs sha1sum)
	[ "$before" = "$after" ]
	[ "$stat_before" = "$(stat -c %Y .git/index)" ]
}

@test "colour only when asked or on a terminal; NO_COLOR" {
	example
	run -0 git thesis positions --color=always
	[[ "$output" == *$'\033[1mID\033[m'* ]]
	run -0 git thesis positions
	[[ "$output" != *$'\033'* ]]
	NO_COLOR=1 run -0 git thesis positions --color=auto
	[[ "$output" != *$'\033'* ]]
	git config color.ui always
	run -0 git thesis positions
	[[ "$output" == *$'\033['* ]]
	run -0 git thesis positions --color=never
	[[ "$output" != *$'\033'* ]]
	run -129 git thesis positions --color=sometimes
}

@test "version and help" {
	run -0 git thesis --version
	[[ "$output" == "git-thesis version "* ]]
	run -0 git thesis help
	[[ "$output" == *"positions"*"show"*"check"*"parse"* ]]
	run -0 git thesis help show
	[ "${lines[0]}" = "usage: git thesis show [--at <rev>] [--as-of <date>] [--format=<format>] <target>" ]
	run -129 git thesis
}
