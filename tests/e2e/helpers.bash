# Shared set-up for the end-to-end tests: a throwaway repository per test,
# notes written from here-documents, commits with fixed authors and dates so
# that ids and output are exact, and `git thesis` on PATH pointing at the
# binary under test (GIT_THESIS_BIN, else ../../git-thesis).

top=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
: "${GIT_THESIS_BIN:=$top/git-thesis}"

common_setup() {
	export HOME=$BATS_TEST_TMPDIR/home
	mkdir -p "$HOME" "$BATS_TEST_TMPDIR/bin"
	export GIT_CONFIG_NOSYSTEM=1
	export GIT_CONFIG_GLOBAL=$HOME/.gitconfig
	unset GIT_DIR GIT_WORK_TREE GIT_PAGER PAGER NO_COLOR
	export TZ=UTC LC_ALL=C.UTF-8
	git config --global init.defaultBranch main
	git config --global user.name "Test Author"
	git config --global user.email test@example.com
	git config --global commit.gpgSign false
	if [ -n "${GIT_THESIS_VALGRIND:-}" ]; then
		cat > "$BATS_TEST_TMPDIR/bin/git-thesis" <<V
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect "$GIT_THESIS_BIN" "\$@"
V
		chmod +x "$BATS_TEST_TMPDIR/bin/git-thesis"
	else
		ln -sf "$GIT_THESIS_BIN" "$BATS_TEST_TMPDIR/bin/git-thesis"
	fi
	export PATH=$BATS_TEST_TMPDIR/bin:$PATH
	tick=1770000000
}

# new_repo [dir]: creates a repository and enters it.
new_repo() {
	repo=${1:-$BATS_TEST_TMPDIR/repo}
	git init -q "$repo"
	cd "$repo"
}

# note <path>: writes stdin to <path>, creating folders.
note() {
	mkdir -p "$(dirname "$1")"
	cat > "$1"
}

# commit <message> [author]: commits everything, one minute after the last.
commit() {
	tick=$((tick + 60))
	git add -A
	GIT_AUTHOR_DATE="@$tick +0000" GIT_COMMITTER_DATE="@$tick +0000" \
		git commit -q --allow-empty -m "$1" ${2:+--author="$2"}
}

# The last output compared with stdin, showing a diff when they differ.
expect_output() {
	local want
	want=$(cat)
	if [ "$output" != "$want" ]; then
		diff -u <(printf '%s\n' "$want") <(printf '%s\n' "$output") >&2 || :
		return 1
	fi
}

thesis() {
	git-thesis "$@"
}

# j <rev> <kind> <change> <target> <note> <field> <old> <new>: the JSON line
# of one event made by commit <rev>; the word null stands for JSON null.
j() {
	local rev=$1 out v k
	shift
	out=$(printf '{"commit":"%s","time":"%s","author":"%s"' \
		"$(git rev-parse "$rev")" "$(git show -s --format=%cI "$rev")" \
		"$(git show -s --format='%an <%ae>' "$rev")")
	for k in kind change target note field old new; do
		v=$1
		shift
		if [ "$v" = null ]; then
			out+=",\"$k\":null"
		else
			out+=",\"$k\":\"$v\""
		fi
	done
	# The commit's subject and Why: trailer (null when none).
	v=$(git show -s --format=%s "$rev")
	v=${v//\\/\\\\}
	out+=",\"subject\":\"${v//\"/\\\"}\""
	v=$(git show -s --format='%(trailers:key=Why,valueonly,separator=%x2C )' "$rev")
	if [ -z "$v" ]; then
		out+=',"why":null'
	else
		v=${v//\\/\\\\}
		out+=",\"why\":\"${v//\"/\\\"}\""
	fi
	printf '%s}\n' "$out"
}

# h <rev>: the start of a log header line.
h() {
	printf '%s %s' "$(git rev-parse "$1" | cut -c1-7)" \
		"$(git show -s --format=%cs "$1")"
}

# damage_flip <file>: flips 40 bytes a third of the way into a cache file.
damage_flip() {
	python3 - "$1" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
for i in range(len(b) // 3, len(b) // 3 + 40):
    b[i] ^= 0x5a
open(p, "wb").write(b)
PY
}

# damage_replace <file> <old> <new>: changes a value in place, every length
# kept (so only checksums can see it); <old> must occur more than 3 times.
damage_replace() {
	python3 - "$1" "$2" "$3" <<'PY'
import sys
p, old, new = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode()
assert len(old) == len(new)
b = open(p, "rb").read()
assert b.count(old) > 3
open(p, "wb").write(b.replace(old, new))
PY
}
