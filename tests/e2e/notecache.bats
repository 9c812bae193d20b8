#!/usr/bin/env bats
# The persistent cache of parsed notes (notecache.h): `positions`, `show`
# and `check` give the same bytes (standard output, standard error, exit
# code) with the cache off, cold, warm, stale, damaged and written by
# several processes at once; a warm run reads no note blob at all; every
# switch that turns caches off writes nothing.

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

notes_file() {
	ls "$XDG_CACHE_HOME"/git-thesis/*.notes 2>/dev/null
}

# capture <file prefix> <command>...: its output, errors and exit code.
capture() {
	local f=$1 rc=0
	shift
	"$@" >"$f.out" 2>"$f.err" || rc=$?
	echo "exit $rc" >>"$f.err"
}

# runs <prefix>: every vault-loading command, each into <prefix>-<n>.
runs() {
	local n=0 rev t
	for rev in HEAD HEAD~5 HEAD~40; do
		capture "$1-$((n += 1))" git thesis positions --at "$rev"
		capture "$1-$((n += 1))" git thesis positions --undeclared \
			--format=json --at "$rev"
		capture "$1-$((n += 1))" git thesis check "$rev"
	done
	for t in $(GIT_THESIS_NO_CACHE=1 git thesis positions --format=json |
		   jq -r '.[].id'); do
		capture "$1-$((n += 1))" git thesis show "$t"
		capture "$1-$((n += 1))" git thesis show --format=json \
			--at HEAD~5 "$t"
	done
	echo "$n" >"$1.count"
}

reference() {
	GIT_THESIS_NO_CACHE=1 runs "$out/ref"
	[ "$(cat "$out/ref.count")" -gt 8 ]
}

# same_as_reference <label>: every command now gives the reference's bytes.
same_as_reference() {
	local i n
	runs "$out/now"
	n=$(cat "$out/ref.count")
	for i in $(seq 1 "$n"); do
		if ! cmp -s "$out/ref-$i.out" "$out/now-$i.out" ||
		   ! cmp -s "$out/ref-$i.err" "$out/now-$i.err"; then
			echo "# $1: run $i differs from the run without cache" >&2
			diff -u "$out/ref-$i.out" "$out/now-$i.out" | head -20 >&2
			diff -u "$out/ref-$i.err" "$out/now-$i.err" | head -20 >&2
			return 1
		fi
	done
}

@test "notecache: the run without cache writes nothing; cold and warm runs equal it" {
	reference
	[ ! -e "$XDG_CACHE_HOME" ]
	same_as_reference cold
	[ -n "$(notes_file)" ]
	same_as_reference warm
	# the cache lives outside the repository
	[ -z "$(git status --porcelain --ignored)" ]
	[ -z "$(find .git -name '*.notes')" ]
}

@test "notecache: a warm run reads no note blob" {
	reference
	same_as_reference cold
	# every blob of a note at HEAD taken away: only the cache knows them
	local b
	for b in $(git ls-tree -r HEAD | awk '$2 == "blob" && $4 ~ /\.md$/ { print $3 }'); do
		rm -f ".git/objects/${b:0:2}/${b:2}"
	done
	! git cat-file -e "$(git ls-tree -r HEAD | awk '$4 ~ /\.md$/ { print $3; exit }')"
	run -0 --separate-stderr git thesis positions
	[ -z "$stderr" ]
	[ "$output" = "$(cat "$out/ref-1.out")" ]
	run -0 --separate-stderr git thesis positions --undeclared --format=json
	[ "$output" = "$(cat "$out/ref-2.out")" ]
	# with the cache off, the missing objects show
	run --separate-stderr env GIT_THESIS_NO_CACHE=1 git thesis positions
	[[ "$stderr" == *"cannot read object"* ]]
}

@test "notecache: damaged files only mean a slower run" {
	reference
	runs "$out/fill"
	local f size
	f=$(notes_file)
	size=$(stat -c %s "$f")
	cp "$f" "$out/good"
	# bytes flipped in the middle
	damage_flip "$f"
	same_as_reference flipped
	# a value changed in place, every length kept: only the checksums see it
	cp "$out/good" "$f"
	damage_replace "$f" rails RAILS
	same_as_reference "values changed"
	# random bytes flipped all over, several times
	local k
	for k in 1 2 3; do
		cp "$out/good" "$f"
		python3 - "$f" "$k" <<'PY'
import random, sys
p = sys.argv[1]
rnd = random.Random(int(sys.argv[2]))
b = bytearray(open(p, "rb").read())
for _ in range(30):
    b[rnd.randrange(len(b))] ^= 1 + rnd.randrange(255)
open(p, "wb").write(b)
PY
		same_as_reference "random flips $k"
	done
	# cut short inside a record, then inside the header
	cp "$out/good" "$f"
	truncate -s $((size / 2 + 3)) "$f"
	same_as_reference truncated
	# the next writer cut the damage off and appended sound records
	[ "$(stat -c %s "$f")" -ge "$size" ]
	truncate -s 9 "$f"
	same_as_reference "truncated header"
	# garbage appended, a foreign file, an empty file, a folder
	cp "$out/good" "$f"
	head -c 5000 /dev/urandom >>"$f"
	same_as_reference garbage
	head -c 100000 /dev/urandom >"$f"
	same_as_reference random
	printf 'not a cache at all\n' >"$f"
	same_as_reference foreign
	: >"$f"
	same_as_reference empty
	rm -f "$f" && mkdir "$f"
	same_as_reference folder
}

@test "notecache: a file of another contract is ignored and replaced" {
	reference
	runs "$out/fill"
	local f
	f=$(notes_file)
	head -c 16 "$f" >"$out/header"
	# the contract is the eight bytes after the magic
	printf '\x63' | dd of="$f" bs=1 seek=8 conv=notrunc 2>/dev/null
	! cmp -s <(head -c 16 "$f") "$out/header"
	same_as_reference "stale contract"
	# rewritten by the run that found it stale
	cmp <(head -c 16 "$f") "$out/header"
	same_as_reference "rewritten"
}

@test "notecache: processes writing it at once agree and leave it sound" {
	reference
	local i
	for i in 1 2 3 4; do
		runs "$out/p$i" &
	done
	wait
	for i in 1 2 3 4; do
		local j n
		n=$(cat "$out/ref.count")
		for j in $(seq 1 "$n"); do
			cmp "$out/ref-$j.out" "$out/p$i-$j.out"
			cmp "$out/ref-$j.err" "$out/p$i-$j.err"
		done
	done
	same_as_reference concurrent
	# no blob was written twice: a second cold cache of one process is
	# as big
	local size
	size=$(stat -c %s "$(notes_file)")
	rm -rf "$XDG_CACHE_HOME"
	runs "$out/single"
	[ "$(stat -c %s "$(notes_file)")" -eq "$size" ]
}

@test "notecache: GIT_THESIS_NO_CACHE, thesis.cache false and the debug walk write nothing" {
	GIT_THESIS_NO_CACHE=1 git thesis positions >/dev/null
	GIT_THESIS_NO_CACHE=1 git thesis show rails >/dev/null
	GIT_THESIS_NO_CACHE=0 git thesis check HEAD >/dev/null || :
	git -c thesis.cache=false thesis positions >/dev/null
	git config thesis.cache false
	git thesis positions >/dev/null
	git thesis show rails >/dev/null
	git config --unset thesis.cache
	GIT_THESIS_DEBUG_FULL=1 git thesis positions >/dev/null
	[ ! -e "$XDG_CACHE_HOME" ]
	git thesis positions >/dev/null
	[ -n "$(notes_file)" ]
}

@test "notecache: a symlink in its place is neither followed nor written" {
	git thesis positions >/dev/null
	local f
	f=$(notes_file)
	[ -n "$f" ]
	rm "$f"
	echo precious >"$BATS_TEST_TMPDIR/precious"
	ln -s "$BATS_TEST_TMPDIR/precious" "$f"
	reference
	same_as_reference symlink
	[ "$(cat "$BATS_TEST_TMPDIR/precious")" = precious ]
	[ -L "$f" ]
}

@test "notecache: hostile notes (oversized, broken, NUL bytes) read the same warm" {
	local h=$BATS_TEST_TMPDIR/hostile
	sh "$top/tests/fixtures/hostile-vault.sh" "$h" >/dev/null 2>&1
	cd "$h"
	local i
	for i in ref cold warm; do
		if [ $i = ref ]; then export GIT_THESIS_NO_CACHE=1; else unset GIT_THESIS_NO_CACHE; fi
		capture "$out/h-$i-pos" git thesis positions
		capture "$out/h-$i-check" git thesis check
	done
	unset GIT_THESIS_NO_CACHE
	[ -n "$(notes_file)" ]
	# the oversized note's warning comes every time
	grep -q "larger than 1 MiB" "$out/h-warm-pos.err"
	for i in cold warm; do
		cmp "$out/h-ref-pos.out" "$out/h-$i-pos.out"
		cmp "$out/h-ref-pos.err" "$out/h-$i-pos.err"
		cmp "$out/h-ref-check.out" "$out/h-$i-check.out"
		cmp "$out/h-ref-check.err" "$out/h-$i-check.err"
	done
}

@test "notecache: walks computed from cached notes equal the run without cache" {
	local o
	for o in default --reverse --first-parent --all; do
		GIT_THESIS_NO_CACHE=1 git thesis log --format=json ${o#default} \
			>"$out/ref$o.json"
	done
	GIT_THESIS_NO_CACHE=1 git thesis blame --format=json rails >"$out/ref-blame.json"
	# fill the cache of notes, then drop the event index every time, so
	# each walk compares notes that come from the cache
	git thesis log --all >/dev/null
	[ -n "$(notes_file)" ]
	for o in default --reverse --first-parent --all; do
		rm -f "$XDG_CACHE_HOME"/git-thesis/*.events
		git thesis log --format=json ${o#default} >"$out/now.json"
		cmp "$out/ref$o.json" "$out/now.json"
	done
	rm -f "$XDG_CACHE_HOME"/git-thesis/*.events
	git thesis blame --format=json rails >"$out/now-blame.json"
	cmp "$out/ref-blame.json" "$out/now-blame.json"
	# and fewer notes were parsed: those parsed whole came from the cache
	# (a walk's lazy notes, their bodies skipped, are never stored)
	run -0 --separate-stderr env GIT_THESIS_NO_CACHE=1 git thesis log --all \
		--stats --format=json
	[[ "$stderr" =~ ([0-9]+)\ notes\ parsed ]]
	local cold=${BASH_REMATCH[1]}
	rm -f "$XDG_CACHE_HOME"/git-thesis/*.events
	run -0 --separate-stderr git thesis log --all --stats --format=json
	[[ "$stderr" =~ ([0-9]+)\ notes\ parsed ]]
	echo "# parsed: $cold without cache, ${BASH_REMATCH[1]} with" >&2
	[ "${BASH_REMATCH[1]}" -lt "$cold" ]
}
