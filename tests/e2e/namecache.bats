#!/usr/bin/env bats
# The names cache (namecache.c) is an optimisation and must never change
# what git-thesis says: entries that do not describe their tree, a cache
# folder others can write to, and symlinks planted where it writes are all
# ignored.  Each case compares with the output of GIT_THESIS_NO_CACHE.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
	export XDG_CACHE_HOME=$BATS_TEST_TMPDIR/cache
	new_repo
	note a.md <<'N'
---
position: alpha
title: First
status: held
---
N
	commit "alpha"
	note n.md <<'N'
---
maps: {First: strong}
---
N
	commit "evidence"
	want=$(GIT_THESIS_NO_CACHE=1 git thesis diff HEAD~1 HEAD)
	[ "$want" = "alpha  + mapping  n.md (strong supports)" ]
	# a note some branch brought in: it declares the id `first`
	poison=$(printf -- '---\nposition: first\nstatus: held\n---\n' |
		git hash-object -w --stdin)
}

# The one cache file of this repository.
cache_file() {
	local f
	f=$(ls "$XDG_CACHE_HOME"/git-thesis/*.names)
	[ -f "$f" ]
	printf '%s' "$f"
}

@test "names cache: an entry that is not in its tree is not trusted" {
	run -0 git thesis diff HEAD~1 HEAD
	[ "$output" = "$want" ]
	f=$(cache_file)
	printf '%s z.md\n' "$poison" >>"$f"
	run -0 git thesis diff HEAD~1 HEAD
	[ "$output" = "$want" ]
	run -0 git thesis diff --staged
	[ -z "$output" ]
	# a path that is there but holds another blob
	printf '%s a.md\n' "$poison" >>"$f"
	run -0 git thesis diff HEAD~1 HEAD
	[ "$output" = "$want" ]
	# the file was rewritten from the full load: no poisoned line is left
	run -1 grep -q "$poison" "$f"
}

@test "names cache: a folder others can write to is not used" {
	run -0 git thesis diff HEAD~1 HEAD
	f=$(cache_file)
	# a cache that leaves out the declaring note: only its owner could
	# have written it, so only a folder of the user's alone is trusted
	head -2 "$f" >"$f.new" && mv "$f.new" "$f"
	chmod 0777 "$XDG_CACHE_HOME/git-thesis"
	run -0 git thesis diff HEAD~1 HEAD
	[ "$output" = "$want" ]
	# and nothing is written there
	[ "$(wc -l <"$f")" = 2 ]
	chmod 0700 "$XDG_CACHE_HOME/git-thesis"
	rm "$f"
	run -0 git thesis diff HEAD~1 HEAD
	[ "$output" = "$want" ]
	[ "$(wc -l <"$f")" = 3 ]
}

@test "names cache: symlinks planted at its file names are never followed" {
	run -0 git thesis diff HEAD~1 HEAD
	f=$(cache_file)
	rm "$f"
	echo "precious" >"$BATS_TEST_TMPDIR/victim"
	# the temporary file's name once was <file>.<pid>: plant the next pids
	python3 - "$f" "$BATS_TEST_TMPDIR/victim" "$BASHPID" <<'PY'
import os, sys
f, victim, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
for p in range(pid, pid + 4000):
    os.symlink(victim, "%s.%d" % (f, p))
PY
	run -0 git thesis diff HEAD~1 HEAD
	[ "$output" = "$want" ]
	[ "$(cat "$BATS_TEST_TMPDIR/victim")" = "precious" ]
	[ -f "$f" ] && [ ! -L "$f" ]
	# a symlink at the file itself is neither read nor written through
	rm "$f"
	cp "$BATS_TEST_TMPDIR/victim" "$BATS_TEST_TMPDIR/victim2"
	ln -s "$BATS_TEST_TMPDIR/victim2" "$f"
	run -0 git thesis diff HEAD~1 HEAD
	[ "$output" = "$want" ]
	[ "$(cat "$BATS_TEST_TMPDIR/victim2")" = "precious" ]
}
