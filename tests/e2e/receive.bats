#!/usr/bin/env bats
# pre-receive has bounds: a commit is reviewed once per push however many
# refs it goes to, the lines sent to the pusher are capped
# (thesis.receive.maxLines), and the hook has a time budget
# (thesis.receive.timeout) after which it says what it skipped and accepts
# the push, or rejects it under thesis.receive.check.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
	export GIT_TERMINAL_PROMPT=0 TMPDIR=$BATS_TEST_TMPDIR/tmp
	mkdir -p "$TMPDIR"
	srv="$BATS_TEST_TMPDIR/server.git"
	git init -q --bare "$srv"
	git -C "$srv" thesis hooks install >/dev/null
	git clone -q "$srv" "$BATS_TEST_TMPDIR/client" 2>/dev/null
	cd "$BATS_TEST_TMPDIR/client"
}

# positions <n>: one commit declaring positions p1..p<n>, with a Why:.
positions() {
	local i
	for i in $(seq 1 "$1"); do
		note "notes/p$i.md" <<N
---
position: p$i
status: held
---
N
	done
	tick=$((tick + 60))
	git add -A
	GIT_AUTHOR_DATE="@$tick +0000" GIT_COMMITTER_DATE="@$tick +0000" \
		git commit -q -m "Positions" -m "Why: a start"
}

remote_lines() {
	sed -n 's/^remote: //p' | sed 's/[[:space:]]*$//'
}

# server_has <rev>: the server holds the commit, on no ref.
server_has() {
	git push -q origin "$1:refs/tmp/x" 2>/dev/null
	git -C "$srv" update-ref -d refs/tmp/x
}

# target <id>: the four lines of a new position in a review.
target() {
	printf '\nposition %s\n  %s  + position  (held)\n  evidence: (none) -> +0 (0 supports, 0 challenges, 0 neutral)\n' \
		"$1" "$(git rev-parse --short=7 HEAD)"
}

@test "pre-receive: one commit pushed to many new refs is reviewed once" {
	positions 2
	server_has HEAD
	local z=0000000000000000000000000000000000000000 c i
	c=$(git rev-parse HEAD)
	for i in a b c d; do echo "$z $c refs/heads/$i"; done >"$BATS_TEST_TMPDIR/in"
	cd "$srv"
	run -0 --separate-stderr hooks/pre-receive <"$BATS_TEST_TMPDIR/in"
	[ "$stderr" = "Review of refs/heads/a: 1 commit, 2 targets changed, 0 flags
$(cd "$BATS_TEST_TMPDIR/client" && target p1 && target p2)
git-thesis: refs/heads/b and 2 more refs: no commit not reviewed above" ]
	# a real push of one commit to three refs: one review
	cd "$BATS_TEST_TMPDIR/client"
	git commit -q --allow-empty -m "More" -m "Why: more"
	run -0 --separate-stderr git push origin HEAD:refs/heads/x HEAD:refs/heads/y HEAD:refs/heads/z
	[ "$(printf '%s\n' "$stderr" | remote_lines | grep -c '^Review of')" -le 1 ]
	[ "$(printf '%s\n' "$stderr" | remote_lines | grep -c 'no commit not reviewed above')" = 1 ]
}

@test "pre-receive: a ref with more new commits than another reviews only those" {
	positions 1
	server_has HEAD
	local z=0000000000000000000000000000000000000000 c1 c2
	c1=$(git rev-parse HEAD)
	note notes/p1.md <<'N'
---
position: p1
status: questioned
---
N
	git add -A && git commit -q -m "Question" -m "Why: doubt"
	c2=$(git rev-parse HEAD)
	server_has HEAD
	printf '%s %s refs/heads/a\n%s %s refs/heads/b\n' "$z" "$c1" "$z" "$c2" >"$BATS_TEST_TMPDIR/in"
	cd "$srv"
	run -0 --separate-stderr hooks/pre-receive <"$BATS_TEST_TMPDIR/in"
	[ "$(grep -c '^Review of' <<<"$stderr")" = 2 ]
	[[ "$stderr" == *"Review of refs/heads/b: 1 commit, 1 target changed"* ]]
}

@test "pre-receive: the lines sent to the pusher are capped, the rest summarised" {
	git -C "$srv" config thesis.receive.maxLines 12
	positions 5
	run -0 --separate-stderr git push -q origin main
	printf '%s\n' "$stderr" | remote_lines >"$BATS_TEST_TMPDIR/seen"
	run -0 cat "$BATS_TEST_TMPDIR/seen"
	expect_output <<OUT
Review of refs/heads/main: 1 commit, 5 targets changed, 0 flags
$(target p1)
$(target p2)
git-thesis: ... and 3 more targets (thesis.receive.maxLines)
OUT
	[ "$(git -C "$srv" rev-parse main)" = "$(git rev-parse HEAD)" ]
	# a default cap: 200 lines
	git -C "$srv" config --unset thesis.receive.maxLines
	git checkout -q -b wide
	positions 80
	run -0 --separate-stderr git push -q origin wide
	[ "$(printf '%s\n' "$stderr" | remote_lines | wc -l)" -le 200 ]
	[[ "$(printf '%s\n' "$stderr" | remote_lines | tail -1)" == "git-thesis: ... and "*" more targets (thesis.receive.maxLines)" ]]
}

@test "pre-receive: a time budget, then the push is accepted, or rejected under thesis.receive.check" {
	git -C "$srv" config thesis.receive.timeout 0.000001
	positions 40
	run -0 --separate-stderr git push -q origin main
	printf '%s\n' "$stderr" | remote_lines | grep -v '^$' >"$BATS_TEST_TMPDIR/seen"
	run -0 tail -1 "$BATS_TEST_TMPDIR/seen"
	[ "$output" = "git-thesis: 1e-06s time budget spent (thesis.receive.timeout): refs/heads/main not reviewed; push accepted" ]
	[ "$(git -C "$srv" rev-parse main)" = "$(git rev-parse HEAD)" ]
	git -C "$srv" config thesis.receive.check true
	git commit -q --allow-empty -m "Again" -m "Why: again"
	run -1 --separate-stderr git push -q origin main HEAD:refs/heads/other
	printf '%s\n' "$stderr" | remote_lines | grep -v '^$' >"$BATS_TEST_TMPDIR/seen"
	run -0 grep 'time budget' "$BATS_TEST_TMPDIR/seen"
	[[ "$output" == "git-thesis: 1e-06s time budget spent (thesis.receive.timeout): refs/heads/"*" and 1 more ref not reviewed nor checked; push rejected (thesis.receive.check)" ]]
	[ "$(git -C "$srv" rev-parse main)" = "$(git rev-parse HEAD~1)" ]
	# no budget: everything is reviewed
	git -C "$srv" config thesis.receive.timeout 0
	run -0 --separate-stderr git push -q origin main
	[[ "$stderr" != *"time budget"* ]]
	[ "$(git -C "$srv" rev-parse main)" = "$(git rev-parse HEAD)" ]
}
