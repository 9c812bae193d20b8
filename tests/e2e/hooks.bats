#!/usr/bin/env bats
# git thesis hooks install / uninstall / status, and every installed hook
# driven by real git: commit, merge, pull, rebase, push to a local bare
# repository, worktrees, core.hooksPath.  Expectations come from the product
# issue for the hooks and from NOTE-CONVENTIONS (which events a change
# gives); where the output is git-thesis's own it is compared exactly.
#
# Every git command runs under `timeout 30` with stdin from /dev/null (the
# git function below): a hook must never wait for a pager, a prompt or its
# input.
#
#   GIT_THESIS_BIN=$PWD/build/san/git-thesis bats tests/e2e/hooks.bats

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
	export GIT_EDITOR=true GIT_MERGE_AUTOEDIT=no GIT_TERMINAL_PROMPT=0
	export GIT_PAGER=cat PAGER=cat
	unset GIT_SEQUENCE_EDITOR EDITOR VISUAL
	# The stdin-reading hooks keep a copy of their input in $TMPDIR: a
	# private one, so that nothing else on the machine can touch it.
	export TMPDIR=$BATS_TEST_TMPDIR/tmp
	mkdir -p "$TMPDIR"
}

# Every git command here, the helpers' too, runs under a time limit with
# no terminal input: a hook that waits for anything fails the test.
real_git=$(type -P git)
git() {
	timeout 30 "$real_git" "$@" </dev/null
}

# g <args>: git, for the commands that run hooks.
g() {
	git "$@"
}

# gc <args>: `git commit <args>` one minute after the last.
gc() {
	tick=$((tick + 60))
	GIT_AUTHOR_DATE="@$tick +0000" GIT_COMMITTER_DATE="@$tick +0000" \
		git commit "$@"
}

# body [rev]: the commit message exactly as stored.
body() {
	git cat-file commit "${1:-HEAD}" | sed '1,/^$/d'
}

# position <path> <id> [status] [confidence]: a note declaring one position.
position() {
	note "$1" <<N
---
position: $2
title: ${2^} hosting
stance: Run it at the ${2}.
status: ${3:-held}
confidence: ${4:-high}
owner: founder
---
N
}

# thesis_note <path> <id> [status]: a note declaring one thesis.
thesis_note() {
	note "$1" <<N
---
thesis: $2
title: ${2^} claim
status: ${3:-emerging}
---
N
}

# broken <path>: a note whose frontmatter is not YAML (error at 3:10).
broken() {
	note "$1" <<'N'
---
title: ok
aliases: - %
---
body
N
}

# hooked_repo [dir]: a repository with the client hooks installed and a
# first commit holding positions edge and core and thesis llm.
hooked_repo() {
	new_repo "$@"
	git thesis hooks install >/dev/null
	position notes/edge.md edge
	position notes/core.md core
	thesis_note notes/llm.md llm
	git add -A
	gc -q -m init 2>/dev/null
}

# sums <dir>: checksum, mode and name of every file in <dir>.
sums() {
	(cd "$1" && for f in *; do
		printf '%s %s\n' "$(stat -c %a "$f")" "$(sha256sum "$f")"
	done)
}

# remote_lines: stdin's `remote:` lines without the prefix and git's padding.
remote_lines() {
	sed -n 's/^remote: //p' | sed 's/[[:space:]]*$//'
}

short() {
	git rev-parse "$1" | cut -c1-7
}

# ---- install, uninstall, status ----------------------------------------

@test "status: every state of every hook" {
	new_repo
	run -0 git thesis hooks status
	expect_output <<'OUT'
pre-commit          not installed
prepare-commit-msg  not installed
commit-msg          not installed
post-commit         not installed
post-merge          not installed
post-rewrite        not installed
pre-receive         not installed
textconv            not installed
OUT
	printf '#!/bin/sh\nexit 0\n' > .git/hooks/post-merge
	chmod +x .git/hooks/post-merge
	run -0 git thesis hooks status
	[ "${lines[4]}" = "post-merge          another tool's hook" ]
	run -0 git thesis hooks install pre-commit post-merge
	expect_output <<'OUT'
pre-commit: installed
post-merge: kept the existing hook as post-merge.thesis-chained
post-merge: installed (runs the kept hook first)
OUT
	echo '# edited by hand' >> .git/hooks/pre-commit
	run -0 git thesis hooks status
	expect_output <<'OUT'
pre-commit          installed, outdated (run 'git thesis hooks install')
prepare-commit-msg  not installed
commit-msg          not installed
post-commit         not installed
post-merge          installed; runs the kept hook first
post-rewrite        not installed
pre-receive         not installed
textconv            not installed
OUT
	run -0 git thesis hooks install --textconv
	expect_output <<'OUT'
pre-commit: installed
prepare-commit-msg: installed
commit-msg: installed
post-commit: installed
post-merge: already installed
post-rewrite: installed
textconv: 'git log -p' and 'git diff' show note facts (*.md diff=thesis)
OUT
	run -0 git thesis hooks status
	expect_output <<'OUT'
pre-commit          installed
prepare-commit-msg  installed
commit-msg          installed
post-commit         installed
post-merge          installed; runs the kept hook first
post-rewrite        installed
pre-receive         not installed
textconv            installed
OUT
	run -0 git thesis hooks uninstall
	expect_output <<'OUT'
pre-commit: removed
prepare-commit-msg: removed
commit-msg: removed
post-commit: removed
post-merge: removed; the earlier hook is back
post-rewrite: removed
OUT
	run -0 git thesis hooks status
	[ "${lines[4]}" = "post-merge          another tool's hook" ]
	[ "${lines[7]}" = "textconv            not installed" ]
	run -0 git thesis hooks uninstall pre-commit
	[ "$output" = "pre-commit: not installed" ]
	run -0 git thesis hooks uninstall post-merge
	[ "$output" = "post-merge: not a git-thesis hook; left alone" ]
	[ -x .git/hooks/post-merge ]
}

@test "install: the shipped hooks/ scripts are what install writes" {
	new_repo
	run -0 git thesis hooks install pre-commit prepare-commit-msg commit-msg \
		post-commit post-merge post-rewrite pre-receive
	[ "${#lines[@]}" -eq 7 ]
	local f n=0
	for f in "$top"/hooks/*; do
		cmp "$f" ".git/hooks/${f##*/}"
		[ -x ".git/hooks/${f##*/}" ]
		n=$((n + 1))
	done
	[ "$n" -eq 7 ]
	for f in .git/hooks/*; do
		case $f in *.sample) continue ;; esac
		[ -f "$top/hooks/${f##*/}" ]
	done
}

@test "install: twice changes nothing" {
	new_repo
	printf '#!/bin/sh\necho mine\n' > .git/hooks/pre-commit
	chmod +x .git/hooks/pre-commit
	run -0 git thesis hooks install --textconv
	local before attrs config
	before=$(sums .git/hooks)
	attrs=$(sha256sum < .git/info/attributes)
	config=$(git config --list --local)
	run -0 git thesis hooks install --textconv
	expect_output <<'OUT'
pre-commit: already installed
prepare-commit-msg: already installed
commit-msg: already installed
post-commit: already installed
post-merge: already installed
post-rewrite: already installed
textconv: 'git log -p' and 'git diff' show note facts (*.md diff=thesis)
OUT
	[ "$(sums .git/hooks)" = "$before" ]
	[ "$(sha256sum < .git/info/attributes)" = "$attrs" ]
	[ "$(git config --list --local)" = "$config" ]
	[ "$(grep -c 'diff=thesis' .git/info/attributes)" -eq 1 ]
	[ ! -e .git/hooks/pre-commit.thesis-chained.1 ]
}

@test "foreign hook: kept, runs first, its failure blocks, back byte for byte" {
	new_repo
	cat > .git/hooks/pre-commit <<'H'
#!/bin/sh
# another tool's pre-commit
echo "foreign pre-commit ran" >&2
[ ! -e "$(git rev-parse --git-dir)/fail-foreign" ]
H
	chmod 0750 .git/hooks/pre-commit
	cp -p .git/hooks/pre-commit "$BATS_TEST_TMPDIR/original"
	run -0 git thesis hooks install pre-commit
	expect_output <<'OUT'
pre-commit: kept the existing hook as pre-commit.thesis-chained
pre-commit: installed (runs the kept hook first)
OUT
	cmp "$BATS_TEST_TMPDIR/original" .git/hooks/pre-commit.thesis-chained
	grep -q '^# git-thesis hook script: pre-commit$' .git/hooks/pre-commit

	# It runs first: its line comes before ours.
	note notes/w.md <<'N'
---
position: w
status: corroborated
---
N
	git add -A
	run -0 --separate-stderr gc -q -m first
	[ "$stderr" = "foreign pre-commit ran
notes/w.md:3:9: warning: status 'corroborated' is not a position status (held, questioned, revised, retired)" ]

	# Its failure blocks the commit (ours does not even run).
	touch .git/fail-foreign
	broken notes/b.md
	git add -A
	run -1 --separate-stderr gc -q -m second
	[ "$stderr" = "foreign pre-commit ran" ]
	[ "$(git rev-list --count HEAD)" -eq 1 ]

	run -0 git thesis hooks uninstall pre-commit
	[ "$output" = "pre-commit: removed; the earlier hook is back" ]
	cmp "$BATS_TEST_TMPDIR/original" .git/hooks/pre-commit
	[ "$(stat -c %a .git/hooks/pre-commit)" = 750 ]
	[ ! -e .git/hooks/pre-commit.thesis-chained ]
}

@test "foreign hook: a second one is not lost without --force" {
	new_repo
	printf '#!/bin/sh\necho A >&2\n' > .git/hooks/pre-commit
	printf '#!/bin/sh\necho B >&2\n' > .git/hooks/pre-commit.thesis-chained
	chmod +x .git/hooks/pre-commit .git/hooks/pre-commit.thesis-chained
	run -128 --separate-stderr git thesis hooks install pre-commit
	[ "$stderr" = "git-thesis: error: pre-commit: a hook of another tool is there and pre-commit.thesis-chained is taken; rerun with --force to keep it as pre-commit.thesis-chained.N" ]
	[ "$(cat .git/hooks/pre-commit)" = "$(printf '#!/bin/sh\necho A >&2')" ]
	[ "$(cat .git/hooks/pre-commit.thesis-chained)" = "$(printf '#!/bin/sh\necho B >&2')" ]
}

@test "foreign hook: kept by --force as .thesis-chained.N still runs" {
	new_repo
	printf '#!/bin/sh\necho A >&2\n' > .git/hooks/pre-commit
	printf '#!/bin/sh\necho B >&2\n' > .git/hooks/pre-commit.thesis-chained
	chmod +x .git/hooks/pre-commit .git/hooks/pre-commit.thesis-chained
	run -0 git thesis hooks install --force pre-commit
	expect_output <<'OUT'
pre-commit: kept the existing hook as pre-commit.thesis-chained.1
pre-commit: installed (runs the kept hook first)
OUT
	echo x > f.txt
	git add -A
	run -0 --separate-stderr gc -q -m x
	# The hook that was in place (A) must still run.
	[[ $'\n'"$stderr"$'\n' == *$'\nA\n'* ]]
}

@test "install: a symlinked hook of another tool is kept, not replaced" {
	new_repo
	ln -s ../../shared-hooks/pre-commit .git/hooks/pre-commit
	run -0 git thesis hooks install pre-commit
	[ -L .git/hooks/pre-commit.thesis-chained ] || [ -L .git/hooks/pre-commit ]
	[ "$(readlink .git/hooks/pre-commit.thesis-chained)" = ../../shared-hooks/pre-commit ]
}

@test "core.hooksPath: relative and absolute" {
	new_repo
	git config core.hooksPath '.git hooks'
	run -0 git thesis hooks install pre-commit prepare-commit-msg post-commit
	[ -x '.git hooks/pre-commit' ] && [ -x '.git hooks/prepare-commit-msg' ]
	[ ! -e .git/hooks/pre-commit ]
	mkdir sub
	cd sub
	run -0 git thesis hooks status
	[ "${lines[0]}" = "pre-commit          installed" ]
	[ "${lines[4]}" = "post-merge          not installed" ]
	position ../notes/edge.md edge
	git add -A
	run -0 --separate-stderr gc -q -m one
	[ "$stderr" = "git-thesis:   edge  + position (held)" ]
	run -0 body
	expect_output <<'OUT'
one

Position-Change: edge added
OUT
	cd ..

	local abs=$BATS_TEST_TMPDIR/shared hooks
	git config core.hooksPath "$abs"
	run -0 git thesis hooks install
	[ "${#lines[@]}" -eq 6 ]
	[ -x "$abs/post-rewrite" ]
	run -0 git thesis hooks status
	[ "${lines[5]}" = "post-rewrite        installed" ]
	position notes/edge.md edge questioned
	git add -A
	run -0 --separate-stderr gc -q -m two
	[ "$stderr" = "git-thesis:   edge  status  held -> questioned" ]
	run -0 body
	expect_output <<'OUT'
two

Position-Change: edge status held -> questioned
OUT
	run -0 git thesis hooks uninstall
	[ "${#lines[@]}" -eq 6 ]
	[ -z "$(ls -A "$abs")" ]
	[ -x '.git hooks/pre-commit' ]
}

@test "bare repository: pre-receive by default" {
	git init -q --bare "$BATS_TEST_TMPDIR/srv.git"
	cd "$BATS_TEST_TMPDIR/srv.git"
	run -0 git thesis hooks install
	[ "$output" = "pre-receive: installed" ]
	[ -x hooks/pre-receive ]
	cmp "$top/hooks/pre-receive" hooks/pre-receive
	[ ! -e hooks/pre-commit ]
	run -0 git thesis hooks install
	[ "$output" = "pre-receive: already installed" ]
	run -0 git thesis hooks status
	expect_output <<'OUT'
pre-commit          not installed
prepare-commit-msg  not installed
commit-msg          not installed
post-commit         not installed
post-merge          not installed
post-rewrite        not installed
pre-receive         installed
textconv            not installed
OUT
	git config core.hooksPath custom
	run -0 git thesis hooks install
	[ -x custom/pre-receive ]
	git config --unset core.hooksPath
	run -0 git thesis hooks uninstall
	[ "$output" = "pre-receive: removed" ]
	[ ! -e hooks/pre-receive ]
}

@test "linked worktree: hooks live in the common git dir and run there" {
	hooked_repo "$BATS_TEST_TMPDIR/main"
	git thesis hooks uninstall >/dev/null
	g worktree add -q "$BATS_TEST_TMPDIR/wt" -b wt
	cd "$BATS_TEST_TMPDIR/wt"
	run -0 git thesis hooks install
	[ "${#lines[@]}" -eq 6 ]
	[ -x "$BATS_TEST_TMPDIR/main/.git/hooks/prepare-commit-msg" ]
	[ ! -e "$BATS_TEST_TMPDIR/main/.git/worktrees/wt/hooks" ]
	position notes/edge.md edge retired
	git add -A
	run -0 --separate-stderr gc -q -m "retire edge"
	[ "$stderr" = "git-thesis:   edge  status  held -> retired" ]
	run -0 body
	expect_output <<'OUT'
retire edge

Position-Change: edge status held -> retired
OUT
	broken notes/bad.md
	git add -A
	run -1 --separate-stderr gc -q -m bad
	[ "${stderr%%$'\n'*}" = "notes/bad.md:3:10: error: block sequence entries are not allowed in this context" ]
	cd "$BATS_TEST_TMPDIR/main"
	run -0 git thesis hooks status
	[ "${lines[1]}" = "prepare-commit-msg  installed" ]
}

# ---- pre-commit --------------------------------------------------------

@test "pre-commit: a broken note blocks with path:line:column and the hint" {
	hooked_repo
	broken notes/broken.md
	position notes/edge.md edge questioned
	git add -A
	run -1 --separate-stderr gc -q -m "broken"
	[ -z "$output" ]
	[ "$stderr" = "notes/broken.md:3:10: error: block sequence entries are not allowed in this context
git-thesis: commit stopped: 1 error in the staged notes.
git-thesis: fix them, or commit with --no-verify to skip this check." ]
	[ "$(git rev-list --count HEAD)" -eq 1 ]
	[ "$(body)" = init$'\n\n'"Position-Change: core added
Position-Change: edge added
Thesis-Change: llm added" ]
}

@test "pre-commit: a broken first commit leaves the branch unborn" {
	new_repo
	git thesis hooks install >/dev/null
	broken notes/broken.md
	git add -A
	run -1 --separate-stderr gc -q -m first
	[ "${stderr%%$'\n'*}" = "notes/broken.md:3:10: error: block sequence entries are not allowed in this context" ]
	run -1 git rev-parse -q --verify HEAD
}

@test "pre-commit: reads the index, not the working tree" {
	hooked_repo
	broken notes/new.md
	git add notes/new.md
	position notes/new.md new
	run -1 --separate-stderr gc -q -m staged-broken
	[ "${stderr%%$'\n'*}" = "notes/new.md:3:10: error: block sequence entries are not allowed in this context" ]
	git add notes/new.md
	broken notes/new.md
	run -0 --separate-stderr gc -q -m staged-good
	[ "$stderr" = "git-thesis:   new  + position (held)" ]
	[ "$(git show HEAD:notes/new.md | sed -n 2p)" = "position: new" ]
}

@test "pre-commit: only the notes the commit changes are checked" {
	new_repo
	broken notes/old.md
	git add -A
	gc -q -m "old and broken"
	git thesis hooks install >/dev/null
	position notes/edge.md edge
	git add -A
	run -0 --separate-stderr gc -q -m edge
	[ "$stderr" = "git-thesis:   edge  + position (held)" ]
}

@test "pre-commit: warnings print and let the commit through" {
	hooked_repo
	note notes/words.md <<'N'
---
position: words
status: corroborated
confidence: very
---
N
	git add -A
	run -0 --separate-stderr gc -q -m words
	[ "$stderr" = "notes/words.md:3:9: warning: status 'corroborated' is not a position status (held, questioned, revised, retired)
notes/words.md:4:13: warning: unknown confidence 'very'; expected high, medium, low or a number from 0 to 1
git-thesis:   words  + position (corroborated)" ]
	[ "$(git rev-list --count HEAD)" -eq 2 ]
}

@test "pre-commit: --no-verify skips the check" {
	hooked_repo
	broken notes/broken.md
	git add -A
	run -0 --separate-stderr gc -q --no-verify -m "broken anyway"
	# No check; the commit still says the note broke (contract 6).
	[ "$stderr" = "git-thesis:   note broken notes/broken.md: 3:10: block sequence entries are not allowed in this context" ]
	[ "$(git rev-list --count HEAD)" -eq 2 ]
	[ "$(body)" = "broken anyway

Note-Change: notes/broken.md broken at 3:10: block sequence entries are not allowed in this context" ]
}

@test "pre-commit: thesis.hook.check=false disables the check" {
	hooked_repo
	git config thesis.hook.check false
	broken notes/broken.md
	git add -A
	run -0 --separate-stderr gc -q -m "broken anyway"
	[ "$stderr" = "git-thesis:   note broken notes/broken.md: 3:10: block sequence entries are not allowed in this context" ]
	[ "$(git rev-list --count HEAD)" -eq 2 ]
}

# ---- prepare-commit-msg: trailers --------------------------------------

@test "trailers: status change" {
	hooked_repo
	position notes/edge.md edge questioned
	git add -A
	run -0 --separate-stderr gc -q -m "Question edge"
	run -0 body
	expect_output <<'OUT'
Question edge

Position-Change: edge status held -> questioned
OUT
}

@test "trailers: confidence change" {
	hooked_repo
	position notes/core.md core held low
	git add -A
	gc -q -m "Less sure" 2>/dev/null
	run -0 body
	expect_output <<'OUT'
Less sure

Position-Change: core confidence high -> low
OUT
}

@test "trailers: stance rewrite" {
	hooked_repo
	sed -i 's/^stance: .*/stance: Run everything somewhere else./' notes/edge.md
	git add -A
	gc -q -m "New stance" 2>/dev/null
	run -0 body
	expect_output <<'OUT'
New stance

Position-Change: edge stance rewritten
OUT
}

@test "trailers: title change" {
	hooked_repo
	sed -i 's/^title: .*/title: Edge first/' notes/edge.md
	git add -A
	gc -q -m "Retitle" 2>/dev/null
	run -0 body
	expect_output <<'OUT'
Retitle

Position-Change: edge title Edge hosting -> Edge first
OUT
}

@test "trailers: target added and removed" {
	hooked_repo
	note notes/far.md <<'N'
---
position: far-away
status: held
---
A far position.
N
	git add -A
	gc -q -m "Add" 2>/dev/null
	run -0 body
	expect_output <<'OUT'
Add

Position-Change: far-away added
OUT
	git rm -q notes/core.md
	gc -q -m "Drop core" 2>/dev/null
	run -0 body
	expect_output <<'OUT'
Drop core

Position-Change: core removed
OUT
}

@test "trailers: renamed through aliases" {
	hooked_repo
	note notes/map.md <<'N'
---
maps:
  - target: edge
    strength: strong
---
N
	git add -A
	gc -q -m "map" 2>/dev/null
	note notes/edge.md <<'N'
---
position: edge-first
aliases: [edge]
title: Edge hosting
stance: Run it at the edge.
status: held
confidence: high
owner: founder
---
N
	git add -A
	gc -q -m "Rename edge" 2>/dev/null
	run -0 body
	expect_output <<'OUT'
Rename edge

Position-Change: edge renamed -> edge-first
OUT
}

@test "trailers: thesis status change" {
	hooked_repo
	thesis_note notes/llm.md llm contested
	git add -A
	gc -q -m "Contest llm" 2>/dev/null
	run -0 body
	expect_output <<'OUT'
Contest llm

Thesis-Change: llm status emerging -> contested
OUT
}

@test "trailers: several in one commit, in event order" {
	hooked_repo
	note notes/edge.md <<'N'
---
position: edge
title: Edge everywhere
stance: Run all of it at the edge.
status: revised
confidence: medium
owner: cto
---
N
	thesis_note notes/llm.md llm corroborated
	note notes/zz/new.md <<'N'
---
thesis: aaa
title: A first thesis
status: emerging
---
Something else entirely, so that no rename is detected.
N
	git rm -q notes/core.md
	git add -A
	run -0 --separate-stderr gc -q -m "Many" -m "Body text."
	run -0 body
	expect_output <<'OUT'
Many

Body text.

Thesis-Change: aaa added
Position-Change: core removed
Position-Change: edge title Edge hosting -> Edge everywhere
Position-Change: edge stance rewritten
Position-Change: edge status held -> revised
Position-Change: edge confidence high -> medium
Position-Change: edge owner founder -> cto
Thesis-Change: llm status emerging -> corroborated
OUT
}

@test "trailers: parse with interpret-trailers and %(trailers)" {
	hooked_repo
	position notes/edge.md edge questioned medium
	thesis_note notes/llm.md llm refuted
	git add -A
	gc -q -m "Subject" -m "Why: the numbers changed" 2>/dev/null
	run -0 body
	expect_output <<'OUT'
Subject

Why: the numbers changed
Position-Change: edge status held -> questioned
Position-Change: edge confidence high -> medium
Thesis-Change: llm status emerging -> refuted
OUT
	run -0 bash -c 'timeout 30 git cat-file commit HEAD </dev/null |
		sed "1,/^\$/d" | timeout 30 git interpret-trailers --parse'
	expect_output <<'OUT'
Why: the numbers changed
Position-Change: edge status held -> questioned
Position-Change: edge confidence high -> medium
Thesis-Change: llm status emerging -> refuted
OUT
	run -0 git log -1 --format='%(trailers:key=Position-Change,valueonly)'
	expect_output <<'OUT'
edge status held -> questioned
edge confidence high -> medium
OUT
	run -0 git log -1 --format='%(trailers)'
	[ "${#lines[@]}" -eq 4 ]
	run -0 git log -1 --format=%s
	[ "$output" = "Subject" ]
}

@test "trailers: a one-line subject that looks like a trailer stays the subject" {
	hooked_repo
	position notes/edge.md edge questioned
	git add -A
	gc -q -m "docs: question edge" 2>/dev/null
	run -0 git log -1 --format=%s
	[ "$output" = "docs: question edge" ]
	run -0 git log -1 --format='%(trailers)'
	[ "$output" = "Position-Change: edge status held -> questioned" ]
	run -0 body
	expect_output <<'OUT'
docs: question edge

Position-Change: edge status held -> questioned
OUT
}

@test "trailers: none when nothing changed, and thesis.hook.trailers=false" {
	hooked_repo
	echo "plain" > notes/readme.txt
	git add -A
	run -0 --separate-stderr gc -q -m "No facts"
	[ -z "$stderr" ]
	[ "$(body)" = "No facts" ]
	git config thesis.hook.trailers false
	position notes/edge.md edge retired
	git add -A
	gc -q -m "Retire, quietly" 2>/dev/null
	[ "$(body)" = "Retire, quietly" ]
}

@test "trailers: not added to a merge commit" {
	hooked_repo
	g checkout -q -b side
	position notes/edge.md edge questioned
	git add -A
	gc -q -m side 2>/dev/null
	g checkout -q main
	echo other > other.txt
	git add -A
	gc -q -m other 2>/dev/null
	tick=$((tick + 60))
	GIT_AUTHOR_DATE="@$tick +0000" GIT_COMMITTER_DATE="@$tick +0000" \
		run -0 --separate-stderr g merge -q --no-ff -m "Merge side" side
	[ "$(git rev-list --count --merges HEAD)" -eq 1 ]
	[ "$(body)" = "Merge side" ]
	[ "$(body side)" = "side"$'\n\n'"Position-Change: edge status held -> questioned" ]
}

@test "trailers: not added to a merge concluded with git commit -m" {
	hooked_repo
	echo base > other.txt
	git add -A
	gc -q -m base 2>/dev/null
	g checkout -q -b side
	position notes/edge.md edge questioned
	echo side > other.txt
	git add -A
	gc -q -m side 2>/dev/null
	g checkout -q main
	echo main > other.txt
	git add -A
	gc -q -m main 2>/dev/null
	run -1 g merge -q side
	echo resolved > other.txt
	git add other.txt
	gc -q -m "Merge side by hand" 2>/dev/null
	[ "$(git rev-list --count --merges HEAD)" -eq 1 ]
	[ "$(body)" = "Merge side by hand" ]
}

@test "trailers: not duplicated when the user already typed them" {
	hooked_repo
	position notes/edge.md edge questioned
	git add -A
	gc -q -m "Question edge" -m "Position-Change: edge status held -> questioned" 2>/dev/null
	run -0 body
	expect_output <<'OUT'
Question edge

Position-Change: edge status held -> questioned
OUT
}

@test "trailers: git commit --amend -m does not duplicate them" {
	hooked_repo
	position notes/edge.md edge questioned
	git add -A
	gc -q -m "Question edge" 2>/dev/null
	gc -q --amend -m "Question edge, again" 2>/dev/null
	run -0 body
	expect_output <<'OUT'
Question edge, again

Position-Change: edge status held -> questioned
OUT
}

@test "trailers: git commit --amend --no-edit keeps them, once" {
	hooked_repo
	position notes/edge.md edge questioned
	git add -A
	gc -q -m "Question edge" 2>/dev/null
	local before
	before=$(body)
	gc -q --amend --no-edit 2>/dev/null
	[ "$(body)" = "$before" ]
	run -0 body
	expect_output <<'OUT'
Question edge

Position-Change: edge status held -> questioned
OUT
}

@test "trailers: git commit --amend through the editor keeps them, once" {
	hooked_repo
	position notes/edge.md edge questioned
	git add -A
	gc -q -m "Question edge" 2>/dev/null
	GIT_EDITOR=true gc -q --amend 2>/dev/null
	run -0 body
	expect_output <<'OUT'
Question edge

Position-Change: edge status held -> questioned
OUT
}

@test "trailers: --amend --no-edit with a further change lists both" {
	hooked_repo
	position notes/edge.md edge questioned
	git add -A
	gc -q -m "Question edge" 2>/dev/null
	position notes/edge.md edge questioned low
	git add -A
	gc -q --amend --no-edit 2>/dev/null
	run -0 body
	expect_output <<'OUT'
Question edge

Position-Change: edge status held -> questioned
Position-Change: edge confidence high -> low
OUT
}

@test "trailers: above the comment lines and the scissors line of commit -v" {
	hooked_repo
	cat > "$BATS_TEST_TMPDIR/editor" <<E
#!/bin/sh
cp "\$1" "$BATS_TEST_TMPDIR/seen"
{ printf 'Typed subject\n\nTyped body.\n'; cat "\$1"; } > "\$1.new" && mv "\$1.new" "\$1"
E
	chmod +x "$BATS_TEST_TMPDIR/editor"
	position notes/edge.md edge questioned
	git add -A
	GIT_EDITOR=$BATS_TEST_TMPDIR/editor gc -q -v 2>/dev/null
	local seen=$BATS_TEST_TMPDIR/seen trailer comment scissors diff
	trailer=$(grep -n '^Position-Change: edge status held -> questioned$' "$seen" | cut -d: -f1)
	comment=$(grep -n '^#' "$seen" | head -1 | cut -d: -f1)
	scissors=$(grep -n '^# -* >8 -*$' "$seen" | cut -d: -f1)
	diff=$(grep -n '^diff --git' "$seen" | cut -d: -f1)
	[ -n "$trailer" ] && [ -n "$comment" ] && [ -n "$scissors" ] && [ -n "$diff" ]
	[ "$trailer" -lt "$comment" ] && [ "$comment" -lt "$scissors" ] &&
		[ "$scissors" -lt "$diff" ]
	[ "$(grep -c '^Position-Change:' "$seen")" -eq 1 ]
	run -0 body
	expect_output <<'OUT'
Typed subject

Typed body.

Position-Change: edge status held -> questioned
OUT
}

@test "trailers: a message file with comment lines (-e -F)" {
	hooked_repo
	printf 'Subject\n\nBody line.\n# a comment of mine\n#\n' > "$BATS_TEST_TMPDIR/msg"
	position notes/edge.md edge retired
	git add -A
	GIT_EDITOR="cp -f \"\$1\" \"$BATS_TEST_TMPDIR/seen\" #" \
		gc -q -e -F "$BATS_TEST_TMPDIR/msg" 2>/dev/null
	run -0 body
	expect_output <<'OUT'
Subject

Body line.

Position-Change: edge status held -> retired
OUT
}

@test "trailers: the subject typed on the editor's first line stays apart" {
	hooked_repo
	cat > "$BATS_TEST_TMPDIR/editor" <<'E'
#!/bin/sh
sed -i '1s/.*/Typed subject/' "$1"
E
	chmod +x "$BATS_TEST_TMPDIR/editor"
	position notes/edge.md edge questioned
	git add -A
	GIT_EDITOR=$BATS_TEST_TMPDIR/editor gc -q 2>/dev/null
	run -0 git log -1 --format=%s
	[ "$output" = "Typed subject" ]
	run -0 git log -1 --format='%(trailers)'
	[ "$output" = "Position-Change: edge status held -> questioned" ]
}

@test "trailers: an empty message in the editor still aborts the commit" {
	hooked_repo
	position notes/edge.md edge questioned
	git add -A
	run -1 --separate-stderr env GIT_EDITOR=true timeout 30 "$real_git" commit -q </dev/null
	[[ "$stderr" == *"Aborting commit due to empty commit message."* ]]
	[ "$(git rev-list --count HEAD)" -eq 1 ]
}

# ---- post-commit, post-merge, post-rewrite ------------------------------

@test "post-commit: a short summary of the commit's events, nothing when none" {
	hooked_repo
	position notes/edge.md edge questioned low
	thesis_note notes/llm.md llm contested
	git add -A
	run -0 --separate-stderr gc -q -m "Two targets"
	[ -z "$output" ]
	[ "$stderr" = "git-thesis:   edge  status  held -> questioned
git-thesis:   edge  confidence  high -> low
git-thesis:   llm  status  emerging -> contested" ]
	note notes/src.md <<'N'
---
maps: {edge: weak}
---
N
	git add -A
	run -0 --separate-stderr gc -q -m "Evidence"
	[ "$stderr" = "git-thesis:   1 mapping change, 0 mention changes, 0 notes moved" ]
	echo "no facts here" >> notes/readme.txt
	git add -A
	run -0 --separate-stderr gc -q -m "Typo"
	[ -z "$stderr" ]
}

@test "post-merge: git merge and git pull print what came in" {
	hooked_repo "$BATS_TEST_TMPDIR/up"
	g clone -q "$BATS_TEST_TMPDIR/up" "$BATS_TEST_TMPDIR/down"
	g checkout -q -b side
	position notes/edge.md edge questioned
	git add -A
	gc -q -m "Question edge" 2>/dev/null
	g checkout -q main
	run -0 --separate-stderr g merge -q side
	[ "$stderr" = "git-thesis: position changes the merge brought in:
git-thesis:   edge  status  held -> questioned" ]

	cd "$BATS_TEST_TMPDIR/down"
	git thesis hooks install post-merge >/dev/null
	run -0 --separate-stderr g pull -q --no-rebase
	[ "$stderr" = "git-thesis: position changes the merge brought in:
git-thesis:   edge  status  held -> questioned" ]
	[ "$(git rev-parse HEAD)" = "$(git -C ../up rev-parse main)" ]
}

@test "post-merge: a --no-ff merge and a merge with no position change" {
	hooked_repo
	g checkout -q -b side
	thesis_note notes/llm.md llm corroborated
	git add -A
	gc -q -m "Corroborate" 2>/dev/null
	g checkout -q -b plain main
	echo text > notes/readme.txt
	git add -A
	gc -q -m "Readme" 2>/dev/null
	g checkout -q main
	echo other > other.txt
	git add -A
	gc -q -m "Other" 2>/dev/null
	run -0 --separate-stderr g merge -q --no-ff side
	[ "$stderr" = "git-thesis: position changes the merge brought in:
git-thesis:   llm  status  emerging -> corroborated" ]
	run -0 --separate-stderr g merge -q --no-ff plain
	[ -z "$stderr" ]
}

@test "post-rewrite: git rebase prints what the rebase brought in" {
	hooked_repo
	g checkout -q -b side
	thesis_note notes/llm.md llm contested
	git add -A
	gc -q -m "Contest llm" 2>/dev/null
	g checkout -q main
	position notes/edge.md edge questioned
	git add -A
	gc -q -m "Question edge" 2>/dev/null
	g checkout -q side
	run -0 --separate-stderr g rebase main
	run -0 bash -c 'printf "%s\n" "$1" | sed -n "/rewrite brought in/,\$p" | grep "^git-thesis:"' - "$stderr"
	expect_output <<'OUT'
git-thesis: position changes the rewrite brought in:
git-thesis:   edge  status  held -> questioned
OUT
	[ "$(git rev-parse HEAD~1)" = "$(git rev-parse main)" ]
}

@test "post-rewrite: rebased commits keep their message byte for byte" {
	hooked_repo
	g checkout -q -b side
	thesis_note notes/llm.md llm contested
	git add -A
	gc -q -m "Contest llm" 2>/dev/null
	local before
	before=$(git cat-file commit HEAD | sed '1,/^$/d' | od -c)
	g checkout -q main
	position notes/edge.md edge questioned
	git add -A
	gc -q -m "Question edge" 2>/dev/null
	g checkout -q side
	g rebase -q main 2>/dev/null
	[ "$(git cat-file commit HEAD | sed '1,/^$/d' | od -c)" = "$before" ]
}

@test "post-rewrite: --amend is left to post-commit" {
	hooked_repo
	position notes/edge.md edge questioned
	git add -A
	gc -q -m "Question edge" 2>/dev/null
	run -0 --separate-stderr gc -q --amend -m "Question edge!"
	[ "$stderr" = "git-thesis:   edge  status  held -> questioned" ]
}

# ---- pre-receive --------------------------------------------------------

# server: a bare repository with pre-receive installed and a clone of it in
# $BATS_TEST_TMPDIR/client (entered), with the hooks not installed there.
server() {
	srv="$BATS_TEST_TMPDIR/server repo.git"
	git init -q --bare "$srv"
	git -C "$srv" thesis hooks install >/dev/null
	g clone -q "$srv" "$BATS_TEST_TMPDIR/client" 2>/dev/null
	cd "$BATS_TEST_TMPDIR/client"
}

@test "pre-receive: the pusher sees a review of each pushed range" {
	server
	position notes/edge.md edge
	git add -A
	gc -q -m "Edge" -m "Why: we start here" 2>/dev/null
	run -0 --separate-stderr g push -q origin main
	printf '%s\n' "$stderr" | remote_lines > "$BATS_TEST_TMPDIR/seen"
	run -0 cat "$BATS_TEST_TMPDIR/seen"
	expect_output <<OUT
Review of refs/heads/main: 1 commit, 1 target changed, 0 flags

position edge  Edge hosting
  $(short HEAD)  + position  (held)
  evidence: (none) -> +0 (0 supports, 0 challenges, 0 neutral)
OUT
	position notes/edge.md edge questioned
	git add -A
	gc -q -m "Question edge" -m "Why: costs" 2>/dev/null
	run -0 --separate-stderr g push -q origin main
	printf '%s\n' "$stderr" | remote_lines > "$BATS_TEST_TMPDIR/seen"
	run -0 cat "$BATS_TEST_TMPDIR/seen"
	expect_output <<OUT
Review of refs/heads/main: 1 commit, 1 target changed, 1 flag

position edge  Edge hosting
  $(short HEAD)  status  held -> questioned
  evidence: +0 (0 supports, 0 challenges, 0 neutral) -> +0 (0 supports, 0 challenges, 0 neutral)
  flag change-without-evidence: status changed (held -> questioned) with no new evidence in the range
OUT
	[ "$(git -C "$srv" rev-parse main)" = "$(git rev-parse HEAD)" ]
	echo "no facts" > readme.txt
	git add -A
	gc -q -m "Readme" 2>/dev/null
	run -0 --separate-stderr g push -q origin main
	[ -z "$(printf '%s\n' "$stderr" | remote_lines)" ]
}

@test "pre-receive: thesis.receive.check=true rejects broken notes, naming them" {
	server
	git -C "$srv" config thesis.receive.check true
	position notes/edge.md edge
	git add -A
	gc -q -m "Edge" -m "Why: start" 2>/dev/null
	g push -q origin main 2>/dev/null
	local accepted
	accepted=$(git rev-parse HEAD)
	broken "notes/Über kaputt.md"
	git add -A
	gc -q --no-verify -m "Broken" 2>/dev/null
	run -1 --separate-stderr g push -q origin main
	printf '%s\n' "$stderr" | remote_lines > "$BATS_TEST_TMPDIR/seen"
	run -0 cat "$BATS_TEST_TMPDIR/seen"
	expect_output <<'OUT'
git-thesis: refs/heads/main: push rejected, broken notes:
git-thesis:   notes/Über kaputt.md:3:10: error: block sequence entries are not allowed in this context
OUT
	[ "$(git -C "$srv" rev-parse main)" = "$accepted" ]

	# Fixed on top: the range is clean at its tip and is accepted.
	git rm -q "notes/Über kaputt.md"
	position notes/edge.md edge retired
	git add -A
	gc -q -m "Fix" -m "Why: done" 2>/dev/null
	run -0 --separate-stderr g push -q origin main
	[ "$(git -C "$srv" rev-parse main)" = "$(git rev-parse HEAD)" ]
	run -0 bash -c 'printf "%s\n" "$1" | sed -n "s/^remote: //p" | head -1 | sed "s/[[:space:]]*\$//"' - "$stderr"
	[ "$output" = "Review of refs/heads/main: 2 commits, 1 target changed, 1 flag" ]
}

@test "pre-receive: a clean push is accepted with thesis.receive.check=true" {
	server
	git -C "$srv" config thesis.receive.check true
	note notes/words.md <<'N'
---
position: words
status: corroborated
---
N
	git add -A
	gc -q -m "Only a warning" 2>/dev/null
	run -0 --separate-stderr g push -q origin main
	[ "$(git -C "$srv" rev-parse main)" = "$(git rev-parse HEAD)" ]
	[[ "$stderr" != *"push rejected"* ]]
}

@test "pre-receive: a new branch reviews only its new commits; deletion" {
	server
	position notes/edge.md edge
	git add -A
	gc -q -m "Edge" -m "Why: start" 2>/dev/null
	g push -q origin main 2>/dev/null
	g checkout -q -b feature
	thesis_note notes/llm.md llm
	git add -A
	gc -q -m "LLM" -m "Why: a claim" 2>/dev/null
	run -0 --separate-stderr g push -q origin feature
	printf '%s\n' "$stderr" | remote_lines > "$BATS_TEST_TMPDIR/seen"
	run -0 cat "$BATS_TEST_TMPDIR/seen"
	expect_output <<OUT
Review of refs/heads/feature: 1 commit, 1 target changed, 0 flags

thesis llm  Llm claim
  $(short HEAD)  + thesis  (emerging)
  evidence: (none) -> +0 (0 supports, 0 challenges, 0 neutral)
OUT
	run -0 --separate-stderr g push -q origin :feature
	[ "$(printf '%s\n' "$stderr" | remote_lines)" = "git-thesis: refs/heads/feature deleted" ]
	run -1 git -C "$srv" rev-parse --verify -q refs/heads/feature
	# A second branch at a commit the server has: nothing new to review.
	run -0 --separate-stderr g push -q origin main:refs/heads/copy
	[ -z "$(printf '%s\n' "$stderr" | remote_lines)" ]
}

@test "pre-receive: zero ids and garbage on stdin" {
	server
	position notes/edge.md edge
	git add -A
	gc -q -m "Edge" -m "Why: start" 2>/dev/null
	g push -q origin main 2>/dev/null
	local z=0000000000000000000000000000000000000000 tip
	tip=$(git -C "$srv" rev-parse main)
	cd "$srv"
	run -0 --separate-stderr hooks/pre-receive <<IN
$z $z refs/heads/nothing
not a line
$tip $z refs/heads/gone
IN
	[ "$stderr" = "git-thesis: refs/heads/nothing deleted
git-thesis: refs/heads/gone deleted" ]
	run -0 --separate-stderr hooks/pre-receive </dev/null
	[ -z "$stderr" ]
}

# ---- paths, textconv, failures -----------------------------------------

@test "paths with spaces and non-ASCII" {
	new_repo "$BATS_TEST_TMPDIR/my vault ü"
	git config core.hooksPath "hooks dir ä"
	git thesis hooks install >/dev/null
	[ -x "hooks dir ä/pre-commit" ]
	note "notes/Über Position.md" <<'N'
---
position: uber
title: Über alles
status: held
---
N
	git add -A
	run -0 --separate-stderr gc -q -m "Über"
	[ "$stderr" = "git-thesis:   uber  + position (held)" ]
	sed -i 's/held/questioned/' "notes/Über Position.md"
	git add -A
	gc -q -m "Über questioned" 2>/dev/null
	run -0 body
	expect_output <<'OUT'
Über questioned

Position-Change: uber status held -> questioned
OUT
	broken "notes/Ärger Datei.md"
	git add -A
	run -1 --separate-stderr gc -q -m "broken"
	[ "$stderr" = "notes/Ärger Datei.md:3:10: error: block sequence entries are not allowed in this context
git-thesis: commit stopped: 1 error in the staged notes.
git-thesis: fix them, or commit with --no-verify to skip this check." ]
	run -0 git thesis textconv "notes/Über Position.md"
	[ "${lines[0]}" = "position uber status: questioned" ]
	[ "${lines[1]}" = "position uber title: Über alles" ]
	[ "${lines[2]}" = "-- text --" ]
}

@test "textconv: a note's facts as sorted text" {
	new_repo
	note notes/edge.md <<'N'
---
position: edge
title: Edge hosting
stance: Run at the edge.
status: held
confidence: high
owner: founder
aliases: [Edge, edge-first]
supersedes: [vercel]
maps:
  - target: llm
    strength: strong
    effect: challenges
    why: because.
---
See [[llm]] and [[Other note]].

## Mapping against [[aws]]

Weak support - cheap.
N
	run -0 git thesis textconv notes/edge.md
	expect_output <<'OUT'
link: Other note
link: llm
mapping [[aws]] effect: supports
mapping [[aws]] strength: weak
mapping [[aws]] why: cheap.
mapping llm effect: challenges
mapping llm strength: strong
mapping llm why: because.
position edge aliases: Edge, edge-first
position edge confidence: high
position edge owner: founder
position edge stance: Run at the edge.
position edge status: held
position edge supersedes: vercel
position edge title: Edge hosting

-- text --
---
position: edge
title: Edge hosting
stance: Run at the edge.
status: held
confidence: high
owner: founder
aliases: [Edge, edge-first]
supersedes: [vercel]
maps:
  - target: llm
    strength: strong
    effect: challenges
    why: because.
---
See [[llm]] and [[Other note]].

## Mapping against [[aws]]

Weak support - cheap.
OUT
	printf 'just text' > plain.md
	run -0 git thesis textconv plain.md
	expect_output <<'OUT'
-- text --
just text
OUT
	printf -- '---\nposition: p1\nstatus: [held\n---\nBody.\n' > broken.md
	run -0 git thesis textconv broken.md
	expect_output <<'OUT'
broken: 4:1: did not find expected ',' or ']' while parsing a flow sequence
error: did not find expected ',' or ']' while parsing a flow sequence

-- text --
---
position: p1
status: [held
---
Body.
OUT
}

@test "textconv: git log -p and git diff show fact lines after install --textconv" {
	hooked_repo
	run -0 git thesis hooks install --textconv pre-commit
	[ "${lines[1]}" = "textconv: 'git log -p' and 'git diff' show note facts (*.md diff=thesis)" ]
	position notes/edge.md edge questioned
	git add -A
	gc -q -m "Question edge" 2>/dev/null
	run -0 g log -p -1 --format=%s -- notes/edge.md
	[[ "$output" == *$'\n-position edge status: held\n+position edge status: questioned\n'* ]]
	# The facts come first, then the text they were read from.
	[[ "$output" == *"+position edge status: questioned"*"+status: questioned"* ]]
	position notes/edge.md edge questioned low
	run -0 g diff -- notes/edge.md
	[[ "$output" == *$'\n-position edge confidence: high\n+position edge confidence: low\n'* ]]
	run -0 git thesis hooks uninstall
	run -0 g log -p -1 --format=%s -- notes/edge.md
	[[ "$output" == *$'\n-status: held\n+status: questioned\n'* ]]
	run -1 grep -q 'diff=thesis' .git/info/attributes
	run -1 git config diff.thesis.textconv
}

@test "prepare-commit-msg: fixup and squash in git rebase -i keep the trailers of the combined change" {
	hooked_repo
	position notes/edge.md edge questioned
	git add -A
	gc -q -m "Question edge" 2>/dev/null
	position notes/edge.md edge questioned low
	git add -A
	gc -q -m "fixup! Question edge" 2>/dev/null
	run -0 body
	expect_output <<'OUT'
fixup! Question edge

Position-Change: edge confidence high -> low
OUT
	position notes/core.md core revised
	git add -A
	gc -q -m "squash! Question edge" -m "Core revised too." 2>/dev/null
	# The todo list as --autosquash writes it: fixup, then squash.
	GIT_SEQUENCE_EDITOR=: GIT_EDITOR=: g rebase -q -i --autosquash HEAD~3 \
		>/dev/null 2>&1
	[ "$(git rev-list --count HEAD)" -eq 2 ]
	run -0 body
	expect_output <<'OUT'
Question edge

Core revised too.

Position-Change: core status held -> revised
Position-Change: edge status held -> questioned
Position-Change: edge confidence high -> low
OUT
	# A fixup alone: the first commit's trailers are not replaced.
	position notes/core.md core retired
	git add -A
	gc -q -m "Retire core" 2>/dev/null
	position notes/core.md core retired medium
	git add -A
	gc -q -m "fixup! Retire core" 2>/dev/null
	GIT_SEQUENCE_EDITOR=: g rebase -q -i --autosquash HEAD~2 >/dev/null 2>&1
	run -0 body
	expect_output <<'OUT'
Retire core

Position-Change: core status revised -> retired
Position-Change: core confidence high -> medium
OUT
}

@test "textconv: an edit to prose alone still shows in git diff" {
	hooked_repo
	run -0 git thesis hooks install --textconv pre-commit
	mkdir -p daily
	printf '# Monday\n\nMet the team about hosting.\n' > daily/monday.md
	git add -A
	gc -q -m "Daily" 2>/dev/null
	printf '# Monday\n\nMet the whole team about hosting costs.\n' > daily/monday.md
	run -0 g diff -- daily/monday.md
	[[ "$output" == *$'\n-Met the team about hosting.\n+Met the whole team about hosting costs.'* ]]
	gc -q -am "Daily, more" 2>/dev/null
	run -0 g log -p -1 --format=%s -- daily/monday.md
	[[ "$output" == *"+Met the whole team about hosting costs."* ]]
}

@test "a hook where git-thesis cannot read the repository: one line, exit 0" {
	hooked_repo
	git thesis hooks install pre-receive >/dev/null
	local h bad=$BATS_TEST_TMPDIR/nothing
	printf 'msg\n' > "$BATS_TEST_TMPDIR/MSG"
	for h in pre-commit prepare-commit-msg post-commit post-merge \
		post-rewrite pre-receive; do
		run -0 --separate-stderr env GIT_DIR="$bad" timeout 30 \
			.git/hooks/$h "$BATS_TEST_TMPDIR/MSG" message \
			<<<"$(git rev-parse HEAD) $(git rev-parse HEAD) refs/heads/main"
		[ -z "$output" ]
		[ "${#stderr_lines[@]}" -eq 1 ]
		[[ "$stderr" == "git-thesis: "* ]]
	done
	[ "$(cat "$BATS_TEST_TMPDIR/MSG")" = msg ]
}

@test "a hook where git-thesis is not installed: skipped with one line" {
	hooked_repo
	position notes/edge.md edge retired
	git add -A
	run -0 --separate-stderr env PATH=/usr/bin:/bin \
		GIT_EXEC_PATH="$BATS_TEST_TMPDIR/no-exec" timeout 30 \
		"$real_git" commit -q -m "no tool" </dev/null
	[ "$stderr" = "git-thesis: not installed; pre-commit hook skipped
git-thesis: not installed; prepare-commit-msg hook skipped
git-thesis: not installed; commit-msg hook skipped
git-thesis: not installed; post-commit hook skipped" ]
	[ "$(body)" = "no tool" ]
}
