#!/usr/bin/env bats
# Differential tests of log and diff on random histories of about 150
# commits (gen-random-history.py, fixed seeds): the incremental walk must
# give the same events as re-resolving the whole vault at every step
# (GIT_THESIS_DEBUG_FULL=1), for every walk; the diff of each single-parent
# commit with its parent must give that commit's events in the log; and
# every event must have the shape section 6 of the conventions gives it.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
}

# random_repo <seed>: builds the history and enters it.
random_repo() {
	python3 "$BATS_TEST_DIRNAME/gen-random-history.py" \
		"$BATS_TEST_TMPDIR/r$1" "$1"
	cd "$BATS_TEST_TMPDIR/r$1"
	[ "$(git rev-list --count --all)" -ge 145 ]
	[ "$(git rev-list --merges --count --all)" -ge 5 ]
	[ -n "$(git branch --no-merged main)" ]
}

# same_events <file> <file> <what>: the two files are equal, else the diff.
same_events() {
	if ! cmp -s "$1" "$2"; then
		echo "# $3: the two runs differ" >&2
		diff -u "$1" "$2" | head -40 >&2
		return 1
	fi
}

differential() {
	random_repo "$1"
	local out=$BATS_TEST_TMPDIR/out opts c
	mkdir -p "$out"
	# the persistent index off: this compares the walks themselves
	# (index.bats compares runs with it)
	export GIT_THESIS_NO_CACHE=1
	for opts in "" --reverse --first-parent --all; do
		git thesis log --format=json $opts >"$out/inc.json"
		GIT_THESIS_DEBUG_FULL=1 git thesis log --format=json $opts >"$out/full.json"
		[ "$(wc -l <"$out/inc.json")" -gt 200 ]
		same_events "$out/full.json" "$out/inc.json" "log ${opts:-(default)}"
	done
	# the comparison means something: the default run re-resolves the whole
	# vault at fewer steps than the debug run, which does so at every step
	local inc full
	inc=$(git thesis log --stats --format=json 2>&1 >/dev/null)
	full=$(GIT_THESIS_DEBUG_FULL=1 git thesis log --stats --format=json 2>&1 >/dev/null)
	[[ "$full" =~ ([0-9]+)\ steps,\ ([0-9]+)\ full ]]
	[ "${BASH_REMATCH[1]}" -eq "${BASH_REMATCH[2]}" ]
	[[ "$inc" =~ ([0-9]+)\ steps,\ ([0-9]+)\ full ]]
	[ "${BASH_REMATCH[2]}" -lt $((BASH_REMATCH[1] / 2)) ]
	# the first-parent walk compares merges with their first parent: it is
	# a different list from the default walk
	git thesis log --format=json --first-parent >"$out/fp.json"
	git thesis log --format=json >"$out/default.json"
	run -1 cmp -s "$out/fp.json" "$out/default.json"
	# --reverse is the default walk's commits in the other order, each
	# commit's events in the same order
	git thesis log --format=json --reverse >"$out/rev.json"
	[ "$(jq -r .commit "$out/rev.json" | uniq | tac | tr '\n' ' ')" = \
		"$(jq -r .commit "$out/default.json" | uniq | tr '\n' ' ')" ]
	[ "$(sort "$out/rev.json")" = "$(sort "$out/default.json")" ]
	# every single-parent commit: its diff with its parent is its log events
	# (every tenth under Valgrind, which is slow)
	local every=1 i=0 checked=0
	[ -z "${GIT_THESIS_VALGRIND:-}" ] || every=10
	git thesis log --format=json --all >"$out/all.json"
	for c in $(git rev-list --all --min-parents=1 --max-parents=1); do
		i=$((i + 1))
		[ $((i % every)) -eq 0 ] || continue
		checked=$((checked + 1))
		grep -F "{\"commit\":\"$c\"," "$out/all.json" >"$out/log-$c.json" || :
		git thesis diff --format=json "$c^" "$c" >"$out/diff-$c.json"
		same_events "$out/log-$c.json" "$out/diff-$c.json" "commit $c"
	done
	[ "$i" -ge 120 ]
	[ "$checked" -ge $((i / every)) ]
}

@test "random history, seed 1: incremental equals full; diff of each commit equals its log" {
	differential 1
}

@test "random history, seed 2: incremental equals full; diff of each commit equals its log" {
	differential 2
}

@test "random history, seed 3: incremental equals full; diff of each commit equals its log" {
	differential 3
}

# A jq filter that prints every event breaking a rule of section 6.
shape='
def strings_or_null: [.commit, .time, .author, .kind, .change, .target, .note, .field, .old, .new] | all(. == null or type == "string");
select(
  (keys_unsorted != ["commit","time","author","kind","change","target","note","field","old","new","subject","why"])
  or (strings_or_null | not)
  or ((.kind | IN("position","thesis","mapping","mention","question","note")) | not)
  or ((.change | IN("added","removed","modified","moved","renamed","broken","repaired")) | not)
  or ((.kind == "note") != (.change | IN("moved","broken","repaired")))
  or (.change == "broken" and (.old != null or .new == null or (.new | test("^[0-9]+:[0-9]+: ") | not)))
  or (.change == "repaired" and (.new != null or .old == null))
  or ((.kind == "note") != (.target == null))
  or (.change == "renamed" and (.kind | IN("position","thesis") | not))
  or ((.change == "modified") != (.field != null))
  or (.change == "modified" and .kind == "mention")
  or (.change == "modified" and (.kind | IN("position","thesis")) and (.field | IN("title","stance","status","confidence","owner","supersedes") | not))
  or (.change == "modified" and .kind == "mapping" and (.field | IN("strength","effect","why") | not))
  or (.change == "modified" and .kind == "question" and .field != "text")
  or (.kind == "question" and (.change | IN("added","modified","removed") | not))
  or (.kind == "question" and .change == "added" and (.new | type) != "string")
  or (.kind == "question" and .change == "removed" and (.old | type) != "string")
  or (.change == "modified" and .old == .new)
  or (.change == "added" and .old != null)
  or (.change == "removed" and .new != null)
  or (.kind == "mention" and (.change | IN("added","removed")) and (.old != null or .new != null))
  or (.kind == "mapping" and .change == "added" and (.new | test("^(strong|moderate|weak) (supports|challenges|neutral)$") | not))
  or (.kind == "mapping" and .change == "removed" and (.old | test("^(strong|moderate|weak) (supports|challenges|neutral)$") | not))
  or (.field == "strength" and ([.old, .new] | all(. == null or IN("strong","moderate","weak")) | not))
  or (.field == "effect" and ([.old, .new] | all(IN("supports","challenges","neutral")) | not))
  or (.change == "moved" and .note != .new)
  or ((.commit | test("^[0-9a-f]{40}$")) | not)
)'

@test "random histories: every event has the shape section 6 gives it, once" {
	local seed bad
	for seed in 1 2 3; do
		random_repo "$seed"
		git thesis log --all --format=json >"$BATS_TEST_TMPDIR/all$seed.json"
		bad=$(jq -c "$shape" "$BATS_TEST_TMPDIR/all$seed.json" | head -5)
		if [ -n "$bad" ]; then
			echo "# seed $seed: events against section 6:" >&2
			printf '# %s\n' "$bad" >&2
			return 1
		fi
		# one event per fact and field in a commit: no line twice
		[ -z "$(sort "$BATS_TEST_TMPDIR/all$seed.json" | uniq -d)" ]
		cd "$BATS_TEST_TMPDIR"
	done
}

@test "random histories: replaying the first-parent events rebuilds the facts at each tip" {
	local seed tip
	for seed in 1 2 3; do
		random_repo "$seed"
		for tip in main $(git branch --no-merged main); do
			git thesis log --first-parent --reverse --format=json "$tip" \
				>"$BATS_TEST_TMPDIR/fp$seed.json"
			run -0 python3 "$BATS_TEST_DIRNAME/gen-random-history.py" \
				--replay "$BATS_TEST_TMPDIR/fp$seed.json" "$tip"
			[[ "$output" == *"; 0 differences" ]]
		done
		cd "$BATS_TEST_TMPDIR"
	done
}

# A jq filter over all events (-s) that prints each neighbouring pair of one
# commit out of the order of section 6: note moves first, then by target id
# that target's own events, its mappings by note path, its mentions by note
# path, its open questions by note path.  The order among one target's own
# events is not fixed.
order='
def rank: if .kind == "note" then [0, "", 0, ""]
  elif (.kind | IN("position","thesis")) then [1, .target, 0, ""]
  elif .kind == "mapping" then [1, .target, 1, .note]
  elif .kind == "mention" then [1, .target, 2, .note]
  else [1, .target, 3, .note] end;
range(1; length) as $i | [.[$i - 1], .[$i]]
| select(.[0].commit == .[1].commit and ((.[0] | rank) > (.[1] | rank)))
| map([.commit[0:7], .kind, .change, .target, .note] | join(" "))'

@test "random histories: the events of each commit are in the order of section 6" {
	local seed bad
	for seed in 1 2 3; do
		random_repo "$seed"
		git thesis log --all --format=json >"$BATS_TEST_TMPDIR/all$seed.json"
		bad=$(jq -sc "$order" "$BATS_TEST_TMPDIR/all$seed.json" | head -5)
		if [ -n "$bad" ]; then
			echo "# seed $seed: events out of order:" >&2
			printf '# %s\n' "$bad" >&2
			return 1
		fi
		cd "$BATS_TEST_TMPDIR"
	done
}
