#!/usr/bin/env bats
# post-merge and post-rewrite keep the event index (eventindex.h) warm: the
# commits a real `git pull`, `git merge` or `git rebase` brings in have their
# events recorded by the hook, silently, so the next walk over them computes
# nothing (`log --stats` says 0 steps).  Bounded by thesis.cache.warmLimit
# and thesis.cache.warmTimeout; with caches off nothing is written.
# GIT_THESIS_DEBUG_WARM=1 makes a hook say on stderr what it warmed.
#
#   GIT_THESIS_BIN=$PWD/build/san/git-thesis bats tests/e2e/keepwarm.bats

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
	export XDG_CACHE_HOME=$BATS_TEST_TMPDIR/cache
	export GIT_EDITOR=true GIT_MERGE_AUTOEDIT=no GIT_TERMINAL_PROMPT=0
	export TMPDIR=$BATS_TEST_TMPDIR/tmp
	mkdir -p "$TMPDIR"
	unset GIT_THESIS_NO_CACHE GIT_THESIS_DEBUG_FULL GIT_THESIS_DEBUG_WARM
}

index_file() {
	ls "$XDG_CACHE_HOME"/git-thesis/*.events 2>/dev/null
}

index_size() {
	local f
	f=$(index_file)
	if [ -n "$f" ]; then stat -c %s "$f"; else echo 0; fi
}

# pos <id> <status> <confidence>: the note notes/<id>.md declaring it.
pos() {
	note "notes/$1.md" <<N
---
position: $1
title: ${1^} choice
stance: Keep $1.
status: $2
confidence: $3
---
N
}

# upstream: a bare repository $up with two commits, a writer's clone
# $BATS_TEST_TMPDIR/writer and a reader's clone $BATS_TEST_TMPDIR/reader
# with the hooks installed and its history already walked (index warm).
upstream() {
	up=$BATS_TEST_TMPDIR/up.git
	git init -q --bare "$up"
	new_repo "$BATS_TEST_TMPDIR/writer"
	pos edge held high
	commit "Declare edge"
	pos core held high
	commit "Declare core"
	git push -q "$up" main
	git clone -q "$up" "$BATS_TEST_TMPDIR/reader" 2>/dev/null
	cd "$BATS_TEST_TMPDIR/reader"
	git thesis hooks install >/dev/null
	git thesis log --all >/dev/null
}

# writes <n>: the writer pushes <n> commits, each a confidence change.
writes() {
	local i words=(low medium low medium low medium)
	cd "$BATS_TEST_TMPDIR/writer"
	for ((i = 0; i < $1; i++)); do
		pos edge held "${words[i]}"
		commit "Edge confidence ${words[i]}"
	done
	git push -q "$up" main
	cd "$BATS_TEST_TMPDIR/reader"
}

# cold_steps: the steps `log --stats` took over the whole history.
cold_steps() {
	run -0 --separate-stderr git thesis log --all --stats
	steps=${stderr#git-thesis: }
	steps=${steps%% steps*}
}

@test "keepwarm: git pull (fast-forward) warms the commits it brought in" {
	upstream
	writes 3
	local before
	before=$(index_size)
	[ "$before" -gt 0 ]
	run -0 --separate-stderr git pull -q --no-rebase
	# the hook says what came in, and nothing about the index
	[ "$stderr" = "git-thesis: position changes the merge brought in:
git-thesis:   edge  confidence  high -> low" ]
	[ "$(index_size)" -gt "$before" ]
	cold_steps
	[ "$steps" = 0 ]
	# and the index gives what a walk without it gives
	[ "$(git thesis log)" = "$(GIT_THESIS_NO_CACHE=1 git thesis log)" ]
}

@test "keepwarm: git pull that merges diverged histories warms both sides and the merge" {
	upstream
	writes 2
	pos core questioned medium
	commit "Question core"
	run -0 --separate-stderr git pull -q --no-rebase --no-edit
	[ "$(git rev-list --merges --count HEAD)" = 1 ]
	cold_steps
	[ "$steps" = 0 ]
	[ "$(git thesis log --format=json)" = \
	  "$(GIT_THESIS_NO_CACHE=1 git thesis log --format=json)" ]
}

@test "keepwarm: git merge of a local branch warms its commits" {
	upstream
	git checkout -q -b side
	pos edge questioned medium
	commit "Question edge"
	pos edge revised low
	commit "Revise edge"
	git checkout -q main
	pos core held low
	commit "Core low"
	git thesis log --all >/dev/null
	# the branch's commits were warmed by post-commit; the merge is new
	run -0 --separate-stderr env GIT_THESIS_DEBUG_WARM=1 git merge -q --no-ff side
	[[ "$stderr" == *"git-thesis: warmed 3 commits" ]]
	cold_steps
	[ "$steps" = 0 ]
}

@test "keepwarm: git rebase warms the rewritten commits" {
	upstream
	# only post-rewrite: post-commit, which the sequencer runs for each
	# pick, would warm them itself
	git thesis hooks uninstall >/dev/null
	git thesis hooks install post-rewrite >/dev/null
	git checkout -q -b topic
	pos edge questioned medium
	commit "Question edge"
	pos edge revised low
	commit "Revise edge"
	git checkout -q main
	pos core held low
	commit "Core low"
	git checkout -q topic
	git thesis log --all >/dev/null
	local before
	before=$(index_size)
	run -0 --separate-stderr env GIT_THESIS_DEBUG_WARM=1 git rebase -q main
	# the two rewritten commits and the one they now stand on
	[[ "$stderr" == *"git-thesis: warmed 3 commits" ]]
	[ "$(index_size)" -gt "$before" ]
	[ "$(git rev-parse HEAD~2)" = "$(git rev-parse main)" ]
	run -0 --separate-stderr git thesis log --stats main..topic
	[ "$output" = "$(GIT_THESIS_NO_CACHE=1 git thesis log main..topic)" ]
	cold_steps
	[ "$steps" = 0 ]
}

@test "keepwarm: git pull --rebase warms the rebased commits" {
	upstream
	writes 2
	pos core questioned medium
	commit "Question core"
	git thesis log --all >/dev/null
	run -0 --separate-stderr env GIT_THESIS_DEBUG_WARM=1 git pull -q --rebase
	# the rebased commit and the two fetched ones it now stands on
	[[ "$stderr" == *"git-thesis: warmed 3 commits" ]]
	[ "$(git rev-list --merges --count HEAD)" = 0 ]
	cold_steps
	[ "$steps" = 0 ]
}

@test "keepwarm: thesis.cache.warmLimit bounds the commits, 0 turns it off" {
	upstream
	writes 4
	git config thesis.cache.warmLimit 2
	run -0 --separate-stderr env GIT_THESIS_DEBUG_WARM=1 git pull -q --no-rebase
	[ "${stderr##*$'\n'}" = "git-thesis: warmed 2 commits; budget spent" ]
	# the newest two are warm, the older two still cost a step each
	cold_steps
	[ "$steps" -gt 0 ]
	run -0 git thesis log --all --stats
	cold_steps
	[ "$steps" = 0 ]

	writes 2
	git config thesis.cache.warmLimit 0
	local before
	before=$(index_size)
	run -0 --separate-stderr env GIT_THESIS_DEBUG_WARM=1 git pull -q --no-rebase
	[ "${stderr##*$'\n'}" = "git-thesis: warmed 0 commits; off" ]
	[ "$(index_size)" = "$before" ]

	# a value that is no number is ignored: the default applies
	writes 2
	git config thesis.cache.warmLimit many
	run -0 --separate-stderr env GIT_THESIS_DEBUG_WARM=1 git pull -q --no-rebase
	[ "${stderr##*$'\n'}" = "git-thesis: warmed 2 commits" ]
}

@test "keepwarm: thesis.cache.warmTimeout stops warming when the time is spent" {
	upstream
	writes 3
	git config thesis.cache.warmTimeout 0.000000001
	run -0 --separate-stderr env GIT_THESIS_DEBUG_WARM=1 git pull -q --no-rebase
	[ "${stderr##*$'\n'}" = "git-thesis: warmed 0 commits; budget spent" ]
	# 0 means no time bound: only the commit limit
	git reset -q --hard HEAD~3
	git config thesis.cache.warmTimeout 0
	run -0 --separate-stderr env GIT_THESIS_DEBUG_WARM=1 git pull -q --no-rebase
	[ "${stderr##*$'\n'}" = "git-thesis: warmed 3 commits" ]
}

@test "keepwarm: GIT_THESIS_NO_CACHE=1 and thesis.cache false write nothing; the hooks say the same" {
	upstream
	rm -rf "$XDG_CACHE_HOME"
	writes 2
	run -0 --separate-stderr env GIT_THESIS_NO_CACHE=1 git pull -q --no-rebase
	local said=$stderr
	[ ! -e "$XDG_CACHE_HOME" ]
	git reset -q --hard HEAD~2
	git config thesis.cache false
	run -0 --separate-stderr env GIT_THESIS_DEBUG_WARM=1 git pull -q --no-rebase
	[ "${stderr##*$'\n'}" = "git-thesis: warmed 0 commits; off" ]
	[ ! -e "$XDG_CACHE_HOME" ]
	git reset -q --hard HEAD~2
	git checkout -q -b topic HEAD~1
	pos cloud held low
	commit "Declare cloud"
	run -0 --separate-stderr git rebase -q main
	[ ! -e "$XDG_CACHE_HOME" ]
	# with the cache on, the hook's words are the same
	git checkout -q main
	git config --unset thesis.cache
	run -0 --separate-stderr git pull -q --no-rebase
	[ "$stderr" = "$said" ]
	[ -n "$(index_file)" ]
}
