#!/usr/bin/env bats
# The persistent index of commits' events (eventindex.h): output is
# byte-identical with the index off, cold, warm, stale, damaged and written
# by several processes at once; it lives outside the repository, is never
# used from a folder others can write to, and every switch turns it off.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
	export XDG_CACHE_HOME=$BATS_TEST_TMPDIR/cache
	python3 "$BATS_TEST_DIRNAME/gen-random-history.py" "$BATS_TEST_TMPDIR/r" 4
	cd "$BATS_TEST_TMPDIR/r"
	out=$BATS_TEST_TMPDIR/out
	mkdir -p "$out"
}

index_file() {
	ls "$XDG_CACHE_HOME"/git-thesis/*.events 2>/dev/null
}

# reference: every walk with all caches off, into $out/ref-*.
reference() {
	local o
	for o in default --reverse --first-parent --all; do
		GIT_THESIS_NO_CACHE=1 git thesis log --format=json \
			${o#default} >"$out/ref$o.json"
		GIT_THESIS_NO_CACHE=1 git thesis log ${o#default} >"$out/ref$o.txt"
	done
	GIT_THESIS_NO_CACHE=1 git thesis blame --format=json "$(first_target)" \
		>"$out/ref-blame.json"
}

first_target() {
	git thesis positions --format=json | jq -r '.[0].id'
}

# same_as_reference <label>: every walk now gives the reference's bytes.
same_as_reference() {
	local o
	for o in default --reverse --first-parent --all; do
		git thesis log --format=json ${o#default} >"$out/now.json"
		git thesis log ${o#default} >"$out/now.txt"
		if ! cmp -s "$out/ref$o.json" "$out/now.json" ||
		   ! cmp -s "$out/ref$o.txt" "$out/now.txt"; then
			echo "# $1: log $o differs from the run without cache" >&2
			diff -u "$out/ref$o.json" "$out/now.json" | head -20 >&2
			return 1
		fi
	done
	git thesis blame --format=json "$(first_target)" >"$out/now-blame.json"
	cmp "$out/ref-blame.json" "$out/now-blame.json"
}

@test "index: the run without cache writes nothing; cold and warm runs equal it" {
	reference
	[ -z "$(index_file)" ]
	same_as_reference cold
	[ -n "$(index_file)" ]
	same_as_reference warm
	# a warm walk computes nothing: every commit's events come from the index
	run -0 --separate-stderr git thesis log --all --stats --format=json
	[[ "$stderr" == "git-thesis: 0 steps, 0 full re-resolutions"* ]]
	# and the index lives outside the repository
	[ -z "$(git status --porcelain --ignored)" ]
	[ -z "$(find .git -name '*.events')" ]
}

@test "index: a stale index (history rewritten and extended) gives the same output" {
	git thesis log --all >/dev/null
	[ -n "$(index_file)" ]
	# rewrite the newest commit and add two more
	git checkout -q main
	echo "Edited prose." >>"$(git ls-files '*.md' | head -n 1)"
	git commit -q -a --amend -m "Amended tip"
	printf -- '---\nposition: index-test\ntitle: Index test\nstatus: held\n---\n' >new-pos.md
	git add new-pos.md && git commit -q -m "Declare index-test"
	git mv new-pos.md moved-pos.md && git commit -q -m "Move it"
	reference
	same_as_reference stale
}

@test "index: damaged files only mean a slower run" {
	reference
	git thesis log --all >/dev/null
	local f size
	f=$(index_file)
	size=$(stat -c %s "$f")
	cp "$f" "$out/good"
	# bytes flipped in the middle
	damage_flip "$f"
	same_as_reference flipped
	# a value changed in place, every length kept: only the checksums see it
	cp "$out/good" "$f"
	damage_replace "$f" strong STRONG
	same_as_reference "values changed"
	# cut short inside a record
	cp "$out/good" "$f"
	truncate -s $((size / 2 + 3)) "$f"
	same_as_reference truncated
	# the next writer cut the damage off and appended sound records
	run -0 --separate-stderr git thesis log --all --stats --format=json
	[[ "$stderr" == "git-thesis: 0 steps,"* ]]
	# garbage appended, a foreign header, an empty file, a folder
	cp "$out/good" "$f"
	head -c 5000 /dev/urandom >>"$f"
	same_as_reference garbage
	printf 'not an index at all\n' >"$f"
	same_as_reference foreign
	: >"$f"
	same_as_reference empty
	rm -f "$f" && mkdir "$f"
	same_as_reference folder
}

@test "index: processes writing it at once agree and leave it sound" {
	reference
	local i
	for i in 1 2 3 4; do
		git thesis log --all --format=json >"$out/p$i.json" &
	done
	wait
	for i in 1 2 3 4; do
		cmp "$out/ref--all.json" "$out/p$i.json"
	done
	same_as_reference concurrent
	run -0 --separate-stderr git thesis log --all --stats --format=json
	[[ "$stderr" == "git-thesis: 0 steps,"* ]]
}

@test "index: GIT_THESIS_NO_CACHE, thesis.cache false and the debug walk turn it off" {
	GIT_THESIS_NO_CACHE=1 git thesis log --all >/dev/null
	[ -z "$(index_file)" ]
	git -c thesis.cache=false thesis log --all >/dev/null
	[ -z "$(index_file)" ]
	git config thesis.cache false
	git thesis log --all >/dev/null
	[ -z "$(index_file)" ]
	git config --unset thesis.cache
	GIT_THESIS_DEBUG_FULL=1 git thesis log --all >/dev/null
	[ -z "$(index_file)" ]
	git thesis log --all >/dev/null
	[ -n "$(index_file)" ]
}

@test "index: a cache folder others can write to, or a symlinked file, is not used" {
	mkdir -p "$XDG_CACHE_HOME/git-thesis"
	chmod 777 "$XDG_CACHE_HOME/git-thesis"
	git thesis log --all >/dev/null
	[ -z "$(index_file)" ]
	chmod 700 "$XDG_CACHE_HOME/git-thesis"
	git thesis log --all >/dev/null
	local f
	f=$(index_file)
	[ -n "$f" ]
	# a symlink planted in its place is neither followed nor written
	rm "$f"
	echo precious >"$BATS_TEST_TMPDIR/precious"
	ln -s "$BATS_TEST_TMPDIR/precious" "$f"
	reference
	same_as_reference symlink
	[ "$(cat "$BATS_TEST_TMPDIR/precious")" = precious ]
}

@test "index: another vault folder or another repository uses its own file" {
	git thesis log --all >/dev/null
	[ "$(index_file | wc -l)" -eq 1 ]
	git clone -q . "$BATS_TEST_TMPDIR/clone"
	git -C "$BATS_TEST_TMPDIR/clone" thesis log --all >/dev/null
	[ "$(index_file | wc -l)" -eq 2 ]
	# a subfolder as the vault: other events, so another file
	local sub
	sub=$(git ls-files '*.md' | grep / | head -n 1 | cut -d/ -f1)
	[ -n "$sub" ]
	GIT_THESIS_NO_CACHE=1 git thesis --vault "$sub" log --all --format=json >"$out/sub-ref.json"
	git thesis --vault "$sub" log --all --format=json >"$out/sub1.json"
	git thesis --vault "$sub" log --all --format=json >"$out/sub2.json"
	cmp "$out/sub-ref.json" "$out/sub1.json"
	cmp "$out/sub-ref.json" "$out/sub2.json"
	[ "$(index_file | wc -l)" -eq 3 ]
}
