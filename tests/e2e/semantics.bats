#!/usr/bin/env bats
# git's own semantics, as git-thesis must follow them: revision ranges,
# --reverse with -n, usage errors, what `diff` compares, a vault folder that
# is not there, and fatal messages.  Each case compares exact output and
# exit code with what git does.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
}

# owner_history: four commits, each changing the owner of `edge`.
owner_history() {
	new_repo
	local o
	for o in a b c d; do
		note p.md <<N
---
position: edge
status: held
owner: $o
---
N
		commit "owner $o"
	done
}

@test "log --reverse -n 2: the newest two commits, oldest first, as git log" {
	owner_history
	run -0 git thesis log --reverse -n 2
	expect_output <<OUT
$(h HEAD~1) Test Author  owner c
    edge  owner  b -> c

$(h HEAD) Test Author  owner d
    edge  owner  c -> d
OUT
	[ "$(git log --reverse -n 2 --format=%s | tr '\n' ' ')" = "owner c owner d " ]
	run -0 git thesis log --reverse -2 --format=json
	[ "$(jq -r .commit <<<"$output" | tr '\n' ' ')" = "$(git log --reverse -n 2 --format=%H | tr '\n' ' ')" ]
	# without -n, --reverse is every commit, oldest first
	run -0 git thesis log --reverse --format=json
	[ "$(jq -r .commit <<<"$output" | uniq | tr '\n' ' ')" = "$(git log --reverse --format=%H | tr '\n' ' ')" ]
}

@test "log --field: an unknown field is a usage error, as --kind is" {
	owner_history
	run -129 --separate-stderr git thesis log --field nonsense
	[ "${stderr%%$'\n'*}" = "git-thesis: error: unknown field 'nonsense'" ]
	[ -z "$output" ]
	run -129 --separate-stderr git thesis log --field owner --field Owner
	[ "${stderr%%$'\n'*}" = "git-thesis: error: unknown field 'Owner'" ]
	run -0 git thesis log --field owner -n 1
	expect_output <<OUT
$(h HEAD) Test Author  owner d
    edge  owner  c -> d
OUT
	for f in title stance status confidence owner supersedes strength \
		effect why text; do
		run -0 git thesis log --field "$f"
	done
}

@test "diff: an untracked note is not compared, as git diff leaves it out" {
	new_repo
	note p.md <<'N'
---
position: edge
status: held
---
N
	commit "root"
	note new.md <<'N'
---
position: fresh
status: held
maps: {edge: strong}
---
N
	run -0 git thesis diff --exit-code
	[ -z "$output" ]
	run -0 git thesis diff HEAD --exit-code
	[ -z "$output" ]
	[ -z "$(git diff HEAD)" ]
	# once tracked (git add -N too), it is compared
	git add -N new.md
	run -1 git thesis diff --exit-code
	expect_output <<'OUT'
edge   + mapping   new.md (strong supports)
fresh  + position  (held)
OUT
	git add new.md
	run -0 git thesis diff --exit-code
	[ -z "$output" ]
	run -1 git thesis diff --staged --exit-code
	[ -n "$output" ]
	# a tracked note edited in the working tree still shows
	sed -i 's/^status: held$/status: questioned/' p.md
	run -1 git thesis diff --exit-code
	expect_output <<<'edge  status  held -> questioned'
}

@test "a --vault or thesis.vault folder that does not exist is fatal, naming it" {
	new_repo
	note notes/p.md <<'N'
---
position: edge
status: held
---
N
	commit "root"
	local cmd
	for cmd in log diff "diff HEAD" "diff --staged" "diff HEAD HEAD" \
		positions "show edge" check "check --staged" "check --worktree" \
		"blame edge" "review HEAD"; do
		run -128 --separate-stderr git thesis --vault nope $cmd
		[ "$stderr" = "git-thesis: fatal: vault folder 'nope' does not exist at HEAD" ] ||
			[ "$stderr" = "git-thesis: fatal: vault folder 'nope' does not exist in the working tree" ] ||
			[ "$stderr" = "git-thesis: fatal: vault folder 'nope' does not exist in the index" ] || {
			echo "$cmd: $stderr" >&2
			false
		}
		[ -z "$output" ]
	done
	git config thesis.vault notes/p.md
	run -128 --separate-stderr git thesis log
	[ "$stderr" = "git-thesis: fatal: vault folder 'notes/p.md' is not a folder at HEAD" ]
	git config thesis.vault nope
	run -128 --separate-stderr git thesis hook post-commit
	[ "$stderr" = "git-thesis: fatal: vault folder 'nope' does not exist in the index or at HEAD" ]
	git config thesis.vault notes
	run -0 git thesis log
	[ -n "$output" ]
}

@test "log: a vault created mid-history is fine; one the tip lacks is fatal" {
	new_repo
	note README <<<'readme'
	commit "before the vault"
	note notes/p.md <<'N'
---
position: edge
status: held
---
N
	commit "vault"
	git config thesis.vault notes
	run -0 git thesis log
	expect_output <<OUT
$(h HEAD) Test Author  vault
    edge  + position  (held)
OUT
	run -0 git thesis diff HEAD~1 HEAD
	expect_output <<<'edge  + position  (held)'
	run -128 --separate-stderr git thesis log HEAD~1
	[ "$stderr" = "git-thesis: fatal: vault folder 'notes' does not exist at HEAD~1" ]
	[ -z "$output" ]
	run -128 --separate-stderr git thesis diff HEAD~1..HEAD~1
	[ "$stderr" = "git-thesis: fatal: vault folder 'notes' does not exist at HEAD~1" ]
}

@test "diff in a bare repository without revisions needs a working tree" {
	new_repo "$BATS_TEST_TMPDIR/src"
	note p.md <<'N'
---
position: edge
status: held
---
N
	commit "root"
	git clone -q --bare "$BATS_TEST_TMPDIR/src" "$BATS_TEST_TMPDIR/bare.git"
	cd "$BATS_TEST_TMPDIR/bare.git"
	run -128 --separate-stderr git thesis diff
	[ "$stderr" = "git-thesis: fatal: diff without revisions compares the index with the working tree; this repository is bare (name two revisions, or use --staged)" ]
	run -128 --separate-stderr git thesis diff HEAD
	[ "$stderr" = "git-thesis: fatal: diff compares a revision with the working tree; this repository is bare (name two revisions, or use --staged)" ]
	run -0 git thesis diff HEAD HEAD
	[ -z "$output" ]
}

@test "fatal errors say fatal:, other errors error:, as git" {
	owner_history
	run -128 --separate-stderr git thesis log no-such-rev --
	[ "$stderr" = "git-thesis: fatal: bad revision 'no-such-rev'" ]
	run -128 --separate-stderr git thesis log --since 'not a date'
	[ "$stderr" = "git-thesis: fatal: cannot read the date 'not a date'" ]
	run -128 --separate-stderr git thesis log --author 'a\('
	[ "$stderr" = "git-thesis: fatal: invalid --author pattern 'a\('" ]
	run -128 --separate-stderr git thesis blame nothing-here
	[ "$stderr" = "git-thesis: fatal: no position, thesis or mapped target 'nothing-here' at HEAD" ]
	run -128 --separate-stderr git thesis diff HEAD...no-such-rev
	[ "$stderr" = "git-thesis: fatal: bad revision 'HEAD...no-such-rev'" ]
	run -128 --separate-stderr git thesis -C /nonexistent log
	[ "$stderr" = "git-thesis: fatal: cannot change to '/nonexistent': No such file or directory" ]
	# a usage error stays error: with 129
	run -129 --separate-stderr git thesis log --kind nonsense
	[ "${stderr%%$'\n'*}" = "git-thesis: error: unknown kind 'nonsense'" ]
}

@test "a...b means the merge base to b in diff, both sides in log, start and tip in review" {
	owner_history
	git checkout -q -b side HEAD~2
	note p.md <<'N'
---
position: edge
status: questioned
owner: b
---
N
	commit "side questions"
	git checkout -q main
	# diff a...b: from the merge base (owner b) to side
	run -0 git thesis diff main...side
	expect_output <<<'edge  status  held -> questioned'
	run -0 git thesis diff side...main
	expect_output <<<'edge  owner  b -> d'
	run -0 git thesis diff main..side
	expect_output <<'OUT'
edge  status  held -> questioned
edge  owner   d -> b
OUT
	# log a...b: the commits either side has
	run -0 git thesis log --format=json main...side
	[ "$(jq -r .commit <<<"$output" | uniq | sort | tr '\n' ' ')" = "$(git rev-list main...side | sort | tr '\n' ' ')" ]
	# review a...b: from the merge base to the tip b
	run git thesis review --format=json main...side
	[ "$status" -le 1 ]
	[ "$(jq -r '.targets[0].status_before + " " + .targets[0].status_after' <<<"$output")" = "held questioned" ]
}
