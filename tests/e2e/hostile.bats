#!/usr/bin/env bats
# Robustness: every command and output format over a vault of hostile notes
# (tests/fixtures/hostile-vault.sh).  Whatever a note holds, git-thesis must
# finish quickly with a documented exit status and no sanitizer report,
# print valid JSON where JSON is asked for, never let a terminal escape from
# a note reach the terminal, name each broken note where the problem is, and
# never write to the repository.
#
# Run under the sanitizers:
#   GIT_THESIS_BIN=$PWD/build/san/git-thesis bats tests/e2e/hostile.bats

load 'helpers'

setup_file() {
	export GIT_CONFIG_NOSYSTEM=1
	export GIT_CONFIG_GLOBAL=/nonexistent/hostile-vault/gitconfig
	hv=$BATS_FILE_TMPDIR/hostile
	sh "$top/tests/fixtures/hostile-vault.sh" "$hv" >&3 2>&1
	export hv

	# check-output.py <mode> <file>: text (valid UTF-8, no control
	# characters but LF and TAB), color (text once SGR colours are
	# removed), markdown (text, and no live HTML from a note), html and svg
	# (no live markup from a note), json (one document), jsonl (one object
	# a line), events (jsonl in the contract's event shape), jsonany (json
	# or jsonl).
	checker=$BATS_FILE_TMPDIR/check-output.py
	export checker
	cat >"$checker" <<'PY'
import json, re, sys

mode, path = sys.argv[1], sys.argv[2]
data = open(path, 'rb').read()

def fail(msg, at=None):
    if at is not None:
        msg += ' at byte %d: %r' % (at, data[max(0, at - 40):at + 40])
    sys.stderr.write('%s: %s\n' % (path, msg))
    sys.exit(1)

if mode == 'color':
    data = re.sub(rb'\x1b\[[0-9;]*m', b'', data)
    mode = 'text'

try:
    text = data.decode('utf-8')
except UnicodeDecodeError as e:
    fail('invalid UTF-8 (%s)' % e.reason, e.start)

if mode == 'text':
    for i, ch in enumerate(text):
        c = ord(ch)
        if (c < 0x20 and ch not in '\n\t') or 0x7f <= c <= 0x9f:
            fail('raw control character U+%04X' % c,
                 len(text[:i].encode('utf-8')))
elif mode == 'json':
    try:
        json.loads(text)
    except ValueError as e:
        fail('invalid JSON: %s' % e)
elif mode in ('jsonl', 'events'):
    lines = text.split('\n')
    for n, line in enumerate(lines, 1):
        if not line and n == len(lines):
            continue
        try:
            obj = json.loads(line)
        except ValueError as e:
            fail('line %d is not JSON: %s: %r' % (n, e, line[:200]))
        if not isinstance(obj, dict):
            fail('line %d is not a JSON object' % n)
        if mode != 'events':
            continue
        # The event shape of the contract, section 6.
        keys = {'commit', 'time', 'author', 'kind', 'change', 'target',
                'note', 'field', 'old', 'new', 'subject', 'why'}
        if set(obj) != keys:
            fail('line %d: keys %s' % (n, sorted(obj)))
        if obj['kind'] not in ('position', 'thesis', 'mapping', 'mention',
                               'question', 'note'):
            fail('line %d: kind %r' % (n, obj['kind']))
        if obj['change'] not in ('added', 'removed', 'modified', 'moved',
                                 'renamed', 'broken', 'repaired'):
            fail('line %d: change %r' % (n, obj['change']))
        if (obj['change'] in ('broken', 'repaired') and
                obj['kind'] != 'note'):
            fail('line %d: %s of kind %r' % (n, obj['change'], obj['kind']))
        for k in ('kind', 'change', 'note'):
            if not isinstance(obj[k], str):
                fail('line %d: %s is not a string' % (n, k))
        # A staged or working tree change has no commit, time or author.
        for k in ('time', 'author'):
            if not isinstance(obj[k], str) and not (
                    obj[k] is None and obj['commit'] is None):
                fail('line %d: %s is not a string' % (n, k))
        for k in ('commit', 'target', 'field', 'old', 'new'):
            if obj[k] is not None and not isinstance(obj[k], str):
                fail('line %d: %s is neither a string nor null' % (n, k))
        if (obj['target'] is None) != (obj['kind'] == 'note'):
            fail('line %d: target %r for kind %r' % (n, obj['target'],
                                                     obj['kind']))
elif mode == 'jsonany':
    try:
        json.loads(text)
    except ValueError:
        for n, line in enumerate(text.splitlines(), 1):
            try:
                json.loads(line)
            except ValueError as e:
                fail('neither JSON nor JSON Lines (line %d: %s)' % (n, e))
elif mode == 'markdown':
    # Terminal-safe like text, and no live HTML from a note.
    for i, ch in enumerate(text):
        c = ord(ch)
        if (c < 0x20 and ch not in '\n\t') or 0x7f <= c <= 0x9f:
            fail('raw control character U+%04X' % c,
                 len(text[:i].encode('utf-8')))
    m = re.search(r'(?<!\\)<(script|img)', text)
    if m:
        fail('live HTML from a note', len(text[:m.start()].encode('utf-8')))
elif mode in ('html', 'svg'):
    # No control characters a browser or terminal would act on, and no
    # markup from a note left live.
    for i, ch in enumerate(text):
        c = ord(ch)
        if c < 0x20 and ch not in '\n\t\r':
            fail('raw control character U+%04X' % c,
                 len(text[:i].encode('utf-8')))
    for live in ('<script>alert(1)', '<img src=x onerror', '<b>bold</b>',
                 'href="javascript:', "href='javascript:"):
        at = text.find(live)
        if at >= 0:
            fail('live markup from a note: %r' % live,
                 len(text[:at].encode('utf-8')))
    if mode == 'svg' and '<svg' not in text:
        fail('no <svg> element')
    if mode == 'html' and '<html' not in text.lower():
        fail('no <html> element')
else:
    fail('unknown mode ' + mode)
PY

	# The notes of the vault, NUL-separated, as the contract defines them:
	# regular blobs named *.md (any case) outside dot folders.
	git -C "$hv" ls-tree -r -z HEAD | python3 -c '
import sys
for rec in sys.stdin.buffer.read().split(b"\0"):
    if not rec:
        continue
    meta, path = rec.split(b"\t", 1)
    mode = meta.split()[0]
    if mode not in (b"100644", b"100755"):
        continue
    if not path.lower().endswith(b".md"):
        continue
    if any(c.startswith(b".") for c in path.split(b"/")):
        continue
    sys.stdout.buffer.write(path + b"\0")
' >"$BATS_FILE_TMPDIR/notes"
}

setup() {
	common_setup
	: "${hv:?}" "${checker:?}"
	cd "$hv"
	# Sanitizer findings must not pass for exit status 1 ("findings").
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
	export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:print_stacktrace=1"
	out=$BATS_TEST_TMPDIR/out
	err=$BATS_TEST_TMPDIR/err
	snapshot >"$BATS_TEST_TMPDIR/before"
}

teardown() {
	# Whatever a test ran, the repository is as it was.
	snapshot >"$BATS_TEST_TMPDIR/after"
	if ! cmp -s "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"; then
		echo "the repository changed:" >&2
		diff "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after" >&2 || :
		return 1
	fi
}

# Every file, folder and symlink of the repository and its .git, with
# contents; the index also with its inode and time, so a rewrite that keeps
# the bytes still shows.
snapshot() {
	python3 - "$hv" <<'PY'
import hashlib, os, sys
root = sys.argv[1]
out = sys.stdout.buffer
for d, dirs, files in os.walk(root):
    dirs.sort()
    for name in sorted(dirs + files):
        p = os.path.join(d, name)
        rel = os.path.relpath(p, root).encode('utf-8', 'surrogateescape')
        st = os.lstat(p)
        if os.path.islink(p):
            what = b'link ' + os.readlink(p).encode('utf-8', 'surrogateescape')
        elif os.path.isdir(p):
            what = b'dir'
        else:
            what = b'file ' + hashlib.sha1(open(p, 'rb').read()).hexdigest().encode()
        if rel == b'.git/index':
            what += b' %d %d' % (st.st_ino, st.st_mtime_ns)
        out.write(repr(rel).encode() + b' ' + what + b'\n')
PY
}

# show_cmd <args...>: the command line, quoted so escapes stay harmless.
show_cmd() {
	printf 'git thesis'
	printf ' %q' "$@" | cat -v
	printf '\n'
}

# th <mode> <statuses> <args...>: runs `git thesis <args>` within 20
# seconds, stdout in $out and stderr in $err, and fails unless the exit
# status is one of <statuses> (e.g. "0 1"), stderr holds no sanitizer
# report and no raw control characters, and stdout passes check-output.py
# <mode>.  $rc is the exit status; standard input is $th_stdin, else
# /dev/null.
th() {
	local mode=$1 allowed=$2
	shift 2
	rc=0
	timeout 20 git thesis "$@" <"${th_stdin:-/dev/null}" >"$out" 2>"$err" ||
		rc=$?
	if [ "$rc" = 124 ]; then
		echo "$(show_cmd "$@"): took more than 20 seconds" >&2
		return 1
	fi
	case " $allowed " in
	*" $rc "*) ;;
	*)
		echo "$(show_cmd "$@"): exit status $rc, expected $allowed" >&2
		head -c 3000 "$err" | cat -v >&2
		return 1
		;;
	esac
	if grep -aqE 'Sanitizer|runtime error:|LeakSanitizer' "$err"; then
		echo "$(show_cmd "$@"): sanitizer report:" >&2
		head -c 5000 "$err" | cat -v >&2
		return 1
	fi
	if ! python3 "$checker" text "$err"; then
		echo "$(show_cmd "$@"): stderr (above) is not terminal-safe" >&2
		return 1
	fi
	if ! python3 "$checker" "$mode" "$out"; then
		echo "$(show_cmd "$@"): stdout (above) fails the $mode check" >&2
		return 1
	fi
}

# refute_grep <grep args...>: fails when grep finds a match (a bare
# `! grep` would not fail a bats test).
refute_grep() {
	if grep -q "$@"; then
		echo "unexpected match for: $*" >&2
		grep "$@" | head -n 5 | cat -v >&2
		return 1
	fi
}

# newcmd <args...>: a command this file does not know yet, with arguments
# guessed.  Success, findings, a usage error or a clean fatal error.
newcmd() {
	local mode=text
	case " $* " in *" --color=always "*) mode=color ;; esac
	th "$mode" "0 1 128 129" "$@"
	if [ "$rc" = 128 ] && ! grep -q '^git-thesis: \(error\|fatal\):' "$err"; then
		echo "$(show_cmd "$@"): exit status 128 without an error message" >&2
		return 1
	fi
}

# Declared ids, then undeclared ones, from the JSON listing.
ids() {
	git thesis positions --undeclared --format=json 2>/dev/null |
		python3 -c '
import json, sys
want = sys.argv[1]
for t in json.load(sys.stdin):
    if (t["kind"] == "undeclared") == (want == "undeclared"):
        print(t["id"])
' "$1"
}

# for_each_note <function>: calls it with each note path (any bytes).
for_each_note() {
	local p
	while IFS= read -r -d '' p; do
		"$1" "$p"
	done <"$BATS_FILE_TMPDIR/notes"
}

@test "hostile: the fixture is deterministic and holds every hostile entry" {
	local again=$BATS_TEST_TMPDIR/again
	sh "$top/tests/fixtures/hostile-vault.sh" "$again"
	[ "$(git -C "$again" rev-parse HEAD)" = "$(git rev-parse HEAD)" ]
	git ls-tree -r HEAD >"$out"
	grep -q '^120000 blob [0-9a-f]*	passwd.md$' "$out"
	grep -q '^160000 commit [0-9a-f]*	sub.md$' "$out"
	grep -q '	folder.md/inner.md$' "$out"
	grep -q '	.obsidian/hidden.md$' "$out"
	grep -q '	.trash/hidden.md$' "$out"
	[ "$(git cat-file -s HEAD:huge/two-mib.md)" -eq 2097152 ]
	[ "$(git cat-file -s HEAD:huge/long-line.md)" -lt 1048576 ]
	[ "$(git rev-list --count HEAD)" -ge 5 ]
}

@test "hostile: positions, text and JSON, with and without undeclared" {
	th text "0" positions
	grep -q '^cloudflare-first-hosting  *position  *questioned' "$out"
	grep -q '^inside-folder-md ' "$out"
	grep -q '^unicode-path ' "$out"
	grep -q '^escapes-31m ' "$out"
	refute_grep -E 'hidden-in-dot-folder|far-too-big|never-closed' "$out"
	th text "0" positions --kind thesis
	th text "0" positions --kind position --undeclared
	th json "0" positions --format=json
	th json "0" positions --format=json --undeclared
	python3 - "$out" <<'PY'
import json, sys
ts = json.load(open(sys.argv[1]))
ids = {t["id"]: t for t in ts}
assert ids["cloudflare-first-hosting"]["status"] == "questioned", ids
assert ids["unicode-path"]["note"] == "07 positions & more/Caf\u00e9 \U0001f680 Zo\u00eb.md"
assert ids["escapes-31m"]["title"].startswith("\x1b[31mRED")
assert "31mcloudflare-first-hosting" in ids
assert ids["31mcloudflare-first-hosting"]["kind"] == "undeclared"
for gone in ("hidden-in-dot-folder", "far-too-big", "never-closed"):
    assert gone not in ids, gone
PY
}

@test "hostile: show every declared target, text and JSON" {
	local id n=0
	while IFS= read -r id; do
		th text "0" show "$id"
		th json "0" show --format=json "$id"
		python3 -c 'import json,sys; t = json.load(open(sys.argv[1])); assert t["id"] == sys.argv[2], t["id"]' "$out" "$id"
		n=$((n + 1))
	done < <(ids declared)
	[ "$n" -ge 15 ]
}

@test "hostile: show every undeclared target named in the JSON listing" {
	# An id JSON gives must name the target again.
	local id n=0
	while IFS= read -r id; do
		th text "0" show "$id"
		th json "0" show --format=json "$id"
		n=$((n + 1))
	done < <(ids undeclared)
	[ "$n" -ge 3 ]
}

@test "hostile: show of names that resolve nowhere fails cleanly" {
	th text "128" show "$(printf 'no-such\033]0;pwned\007\033[2J')"
	grep -q 'no position, thesis or mapped target' "$err"
	th text "128" show "$(printf '\302\233\377\376')"
	th text "128" show --format=json '[[]]'
	th text "0" show '[[Cloudflare-first]]'
	th text "0" show '[[07 positions & more/Café 🚀 Zoë]]'
	grep -q '^position unicode-path' "$out"
}

@test "hostile: check names each broken note at its line and column" {
	th text "1" check
	# Every note is read, hostile or not.
	grep -q "errors and .* warnings in $(tr -cd '\0' <"$BATS_FILE_TMPDIR/notes" | wc -c) notes$" "$out"
	local want
	for want in \
		"hostile/crlf-bom.md:4:9: warning: unknown position status 'questionable'" \
		"hostile/crlf-bom.md:11:1: warning: mapping heading for 'crlf-bom' is not followed by a paragraph" \
		"hostile/escapes.md:2:11: error: invalid id 'escapes\\e[31m'; using 'escapes-31m'" \
		"hostile/escapes.md:5:9: warning: unknown position status '\\e[32mheld'" \
		"hostile/invalid-utf8-title.md:3:12: error: " \
		"hostile/nul-yaml.md:2:14: error: " \
		"hostile/only-dashes.md:1:1: error: frontmatter has no closing '---' line" \
		"hostile/unterminated.md:1:1: error: frontmatter has no closing '---' line" \
		"huge/two-mib.md: warning: note is larger than 1 MiB" \
		"problems/both-kinds.md:4:1: error: both 'position' and 'thesis' declared" \
		"problems/broken-yaml.md:5:7: error: " \
		"problems/dup-b.md:3: error: duplicate id 'duplicated-id', first declared in problems/dup-a.md" \
		"problems/twin-2.md:2: error: duplicate id 'twin-blob', first declared in problems/twin-1.md" \
		"problems/no-paragraph.md:5:1: warning: mapping heading for 'cloudflare-first-hosting' is not followed by a paragraph" \
		"problems/not-a-mapping.md:2:1: warning: frontmatter is not a mapping" \
		"problems/line-separator.md:4:7: error: did not find expected ',' or ']'" \
		"problems/unknown-words.md:3:9: warning: unknown position status 'maybe'" \
		"problems/unknown-words.md:4:13: warning: unknown confidence 'very'" \
		"problems/unknown-words.md:7:15: warning: unknown strength 'huge'" \
		"problems/unknown-words.md:8:13: warning: unknown effect 'undermines'" \
		"yaml/billion-laughs.md:13:11: error: 'position' has no id" \
		"yaml/deep-block.md:4:129: error: frontmatter nests deeper than 64 levels" \
		"yaml/deep-mappings.md:3:259: error: frontmatter nests deeper than 64 levels" \
		"yaml/deep-sequences.md:3:70: error: frontmatter nests deeper than 64 levels"
	do
		if ! grep -qF -- "$want" "$out"; then
			echo "check does not report: $want" >&2
			cat -v "$out" >&2
			return 1
		fi
	done
	# Nothing from dot folders, symlinks, the gitlink or folder names.
	refute_grep -E '^(\.obsidian|\.trash|passwd\.md|sub\.md|problems/link-to-note\.md|folder\.md:)' "$out"
	# The hostile path itself is made harmless too.
	th color "1" check --color=always
}

@test "hostile: check --format=json gives one finding a line, as text does" {
	th jsonl "1" check --format=json
	cp "$out" "$BATS_TEST_TMPDIR/json"
	th text "1" check
	python3 - "$BATS_TEST_TMPDIR/json" "$out" <<'PY'
import json, sys
found = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8') if l.strip()]
text = open(sys.argv[2], encoding='utf-8').read().splitlines()
assert len(found) == len(text) - 1, (len(found), len(text))
for f in found:
    assert set(f) == {"path", "line", "column", "severity", "message"}, f
    assert f["severity"] in ("error", "warning"), f
    assert f["line"] is None or (isinstance(f["line"], int) and f["line"] >= 1), f
    assert f["column"] is None or (isinstance(f["column"], int) and f["column"] >= 1), f
want = {
    ("problems/both-kinds.md", 4, 1, "error"),
    ("yaml/deep-sequences.md", 3, 70, "error"),
    ("hostile/nul-yaml.md", 2, 14, "error"),
    ("hostile/invalid-utf8-title.md", 3, 12, "error"),
    ("huge/two-mib.md", None, None, "warning"),
    ("problems/twin-2.md", 2, None, "error"),
}
got = {(f["path"], f["line"], f["column"], f["severity"]) for f in found}
missing = want - got
assert not missing, missing
esc = [f for f in found if f["path"] == "hostile/escapes.md" and f["line"] == 2]
assert esc and esc[0]["message"] == "invalid id 'escapes\x1b[31m'; using 'escapes-31m'", esc
PY
}

@test "hostile: check of the index, the working tree and each revision" {
	th text "1" check --staged
	th jsonl "1" check --staged --format=json
	th text "1" check --worktree
	th jsonl "1" check --worktree --format=json
	local rev
	for rev in $(git rev-list HEAD); do
		th jsonl "0 1" check --format=json "$rev"
		th text "0" positions --at "$rev" --undeclared
	done
}

parse_one() {
	th text "0" parse "$1"
	grep -qF "path:       $(printf '%s' "$1" | python3 -c '
import sys
s = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
out = []
for ch in s:
    c = ord(ch)
    out.append("\\e" if c == 27 else "^" + chr(c + 64) if c < 32 else ch)
print("".join(out), end="")')" "$out"
	th json "0" parse --format=json "$1"
	python3 -c '
import json, sys
n = json.load(open(sys.argv[1], encoding="utf-8"))
assert n["path"] == sys.argv[2], (n["path"], sys.argv[2])
for key in ("targets", "mappings", "links", "diagnostics", "tags", "aliases"):
    assert isinstance(n[key], list), key
' "$out" "$1"
	parsed=$((parsed + 1))
}

@test "hostile: parse every note, text and JSON" {
	parsed=0
	for_each_note parse_one
	[ "$parsed" -ge 30 ]
}

parse_sources() {
	case $1 in
	hostile/* | huge/* | yaml/*)
		th json "0" parse --worktree --format=json "$1"
		th text "0" parse --staged "$1"
		;;
	esac
}

@test "hostile: parse the hostile notes from the index and the working tree" {
	for_each_note parse_sources
}

@test "hostile: parse refuses what is not a note" {
	local p
	for p in passwd.md sub.md problems/link-to-note.md folder.md \
		.obsidian/hidden.md .trash/hidden.md no-such.md \
		"$(printf 'esc\033]0;pwned\007.md')"; do
		th text "128" parse "$p"
		grep -q 'is not a note of the vault' "$err"
		th text "128" parse --worktree --format=json "$p"
	done
}

@test "hostile: coloured text output carries no escape from a note" {
	local id
	th color "0" positions --color=always --undeclared
	for id in escapes-31m escape-body llm-commoditization unicode-path; do
		th color "0" show --color=always "$id"
	done
	th color "0" parse --color=always hostile/escapes.md
	th color "0" parse --color=always hostile/escapes-body.md
	th color "0" parse --color=always "$(printf 'hostile/esc-\033[31m-red.md')"
	th color "0" parse --color=always "$(printf 'hostile/new\nline.md')"
}

@test "hostile: escapes in notes are shown escaped" {
	th text "0" show escapes-31m
	grep -qF 'title:      \e[31mRED\e[0m \e]0;pwned^G <script>alert(1)</script>' "$out"
	th text "0" show escape-body
	grep -qF 'stance:     \e[31mred stance\e[0m \e]0;pwned^G' "$out"
	th text "0" parse hostile/invalid-utf8-body.md
	grep -qF 'Bad \xff\xfe Name' "$out"
}

@test "hostile: huge and deep notes are read quickly" {
	local start=$SECONDS
	th text "0" parse huge/long-line.md
	grep -q 'long-line' "$out"
	th text "0" parse huge/deep-quote.md
	th text "0" parse huge/brackets.md
	th text "0" parse yaml/billion-laughs.md
	th text "0" parse yaml/deep-block.md
	th text "0" parse huge/two-mib.md
	grep -q 'larger than 1 MiB' "$out"
	[ $((SECONDS - start)) -lt 30 ]
}

@test "hostile: 10,000 names and a 1 MiB note of prose and questions" {
	local start=$SECONDS
	# Names with regex metacharacters, emoji and combining characters,
	# matched as written, once per note and target.
	th jsonl "0" check --suggest --format=json
	[ "$(wc -l <"$out")" -eq 1 ]
	grep -qF '"path":"prose/big-prose.md","line":1,"target":"many-names"' "$out"
	grep -qF '"name":"alias 0 .*+?[x]{}|^$\\d"' "$out"
	th text "0" check --suggest
	th events "0" log --kind question --format=json
	grep -qF '"target":"many-names","note":"prose/big-prose.md"' "$out"
	th json "0" show many-names --format=json
	grep -qF '"questions":1,' "$out"
	th text "0" show many-names
	grep -q '^unlinked mentions:$' "$out"
	th text "0 1" review --format=markdown HEAD~4..HEAD
	th text "0" textconv prose/big-prose.md
	[ $((SECONDS - start)) -lt 60 ]
}

@test "hostile: --vault and -C with odd folders, parse from a subfolder" {
	th text "0" --vault folder.md positions
	grep -q '^inside-folder-md ' "$out"
	th text "0" --vault '07 positions & more' positions --undeclared
	grep -q '^unicode-path ' "$out"
	th text "0 1" --vault hostile check
	th jsonl "0 1" --vault hostile check --format=json
	th text "128" --vault "$(printf 'no\033[2Jsuch')" positions
	grep -q "vault folder .* does not exist at HEAD" "$err"
	th text "128" --vault passwd.md check
	grep -q "vault folder .passwd.md. is not a folder at HEAD" "$err"
	th text "128" --vault sub.md check
	grep -q "vault folder .sub.md. is not a folder at HEAD" "$err"
	th text "0" -C hostile parse escapes.md
	grep -qF 'path:       hostile/escapes.md' "$out"
	th text "0" -C '07 positions & more' parse 'Café 🚀 Zoë.md'
	cd hostile
	th text "0" parse crlf-bom.md
	th text "0" parse --worktree ../huge/deep-quote.md
	th text "0" parse ../problems/../huge/./long-line.md
	th text "128" parse ../passwd.md
}

@test "hostile: log, every format and option" {
	th text "0" log
	grep -q 'escapes-31m' "$out"
	th events "0" log --format=json
	[ -s "$out" ]
	th markdown "0" log --format=markdown
	th color "0" log --color=always
	th text "0" log --reverse --all --first-parent --stats
	th events "0" log --format=json --reverse --all
	th text "0" log -n 2
	th text "0" log --kind=mapping
	th text "0" log --kind=note --format=json
	th text "0" log --field=title
	th text "0" log --since=2025-12-31 --until=2026-01-02
	th text "0" log --author=Mallory
	th text "0" log "$(git rev-list --max-parents=0 HEAD)..HEAD"
	th events "0" log --format=json HEAD~3..HEAD
	local id
	for id in escapes-31m escape-body llm-commoditization \
		31mcloudflare-first-hosting; do
		th text "0" log -- "$id"
		th events "0" log --format=json -- "$id"
	done
	th text "0 128" log -- "$(printf 'no\033]0;pwned\007such')"
}

@test "hostile: broken notes carry their facts; the incremental walk equals the full one" {
	local mode
	for mode in "" --first-parent --reverse; do
		git thesis log --format=json $mode >"$BATS_TEST_TMPDIR/inc"
		GIT_THESIS_DEBUG_FULL=1 git thesis log --format=json $mode \
			>"$BATS_TEST_TMPDIR/full"
		cmp "$BATS_TEST_TMPDIR/inc" "$BATS_TEST_TMPDIR/full"
	done
	# The breaking commit reports note broken events, never a removal.
	th events "0" log --format=json -n 1 broken~1
	grep -q '"change":"broken","target":null,"note":"07-positions/cloudflare-first.md"' "$out"
	grep -q '"change":"broken","target":null,"note":"problems/added-broken.md"' "$out"
	run grep -c '"removed"' "$out"
	[ "$output" = 0 ]
	th events "0" log --format=json -n 1 broken
	grep -q '"change":"repaired","target":null,"note":"07-positions/cloudflare-first.md"' "$out"
	grep -q '"change":"repaired","target":null,"note":"hostile/escapes.md"' "$out"
	# While broken, the targets keep their fields and are marked.
	th json "0" positions --format=json --at broken~1
	grep -q '"id":"cloudflare-first-hosting","kind":"position",.*"status":"questioned",.*"broken":"6:11: ' "$out"
	grep -q '"id":"duplicated-id",' "$out"
	run grep -q '"id":"added-broken"' "$out"
	[ "$status" -ne 0 ]
	th text "0" positions --at broken~1
	grep -q 'cloudflare-first-hosting.*questioned (broken)' "$out"
	th color "0" positions --at broken~1 --color=always
	th text "0" show escapes-31m --at broken~1
	grep -q '^broken: ' "$out"
	# The merge reports nothing the branches did not.
	th events "0" log --format=json
	run grep -c "\"commit\":\"$(git rev-parse HEAD~1)\"" "$out"
	[ "$output" = 0 ]
	th text "0" log --first-parent
	th text "0" diff broken~1 main~3
	grep -q '^note broken problems/twin-1.md' "$out"
	grep -q '^note repaired 07-positions/cloudflare-first.md' "$out"
}

@test "hostile: diff of each commit, of the whole range, the index and the tree" {
	local c root
	root=$(git rev-list --max-parents=0 HEAD)
	for c in $(git rev-list HEAD); do
		[ "$c" != "$root" ] || continue
		th text "0" diff "$c^" "$c"
		th events "0" diff --format=json "$c^" "$c"
		th markdown "0" diff --format=markdown "$c^..$c"
	done
	th text "0" diff "$root" HEAD
	th events "0" diff --format=json "$root..HEAD"
	th markdown "0" diff --format=markdown "$root...HEAD"
	th color "0" diff --color=always "$root" HEAD
	th text "1" diff --exit-code "$root" HEAD
	th text "0" diff --staged
	th events "0" diff --staged --format=json
	th text "0" diff --cached "$root"
	th text "0" diff
	th events "0" diff --format=json HEAD~2
	th text "128" diff "$(printf 'bad\033[2Jrev')"
}

@test "hostile: blame the hostile targets, text and JSON" {
	local id
	for id in escapes-31m escape-body utf8-body nul-body crlf-bom \
		long-line unicode-path html-path twin-blob duplicated-id \
		cloudflare-first-hosting llm-commoditization; do
		th text "0" blame "$id"
		th json "0" blame --format=json "$id"
	done
	th color "0" blame --color=always escapes-31m
	th text "0" blame --at HEAD~2 escapes-31m
	th text "128" blame "$(printf 'no\033]0;pwned\007such')"
}

@test "hostile: review of the whole history and of each commit" {
	local c root
	root=$(git rev-list --max-parents=0 HEAD)
	th text "0 1" review "$root..HEAD"
	th jsonany "0 1" review --format=json "$root..HEAD"
	th markdown "0 1" review --format=markdown "$root..HEAD"
	th color "0 1" review --color=always "$root..HEAD"
	for c in $(git rev-list HEAD); do
		[ "$c" != "$root" ] || continue
		th text "0 1" review "$c^..$c"
		th jsonany "0 1" review --format=json "$c^..$c"
	done
}

@test "hostile: report as HTML and SVG, to standard output and to a file" {
	local root id
	root=$(git rev-list --max-parents=0 HEAD)
	th html "0" report -o -
	th html "0" report -o - "$root..HEAD"
	th html "0" report -o - --since=2026-01-01 --commit-url 'https://example.com/c/%H'
	for id in escapes-31m escape-body html-path unicode-path \
		cloudflare-first-hosting llm-commoditization; do
		th html "0" report -o - --target "$id"
		th svg "0" report --format=svg -o - --target "$id"
	done
	th html "0" report -o - --target '[[Cloudflare-first]]' --target twin-blob
	th text "0" report -o "$BATS_TEST_TMPDIR/report.html"
	python3 "$checker" html "$BATS_TEST_TMPDIR/report.html"
	th text "0 128 129" report --format=svg -o - --target "$(printf 'no\033[2Jsuch')"
	th text "0 128 129" report --format=svg -o -
}

@test "hostile: report -o into a FIFO writes through it, never replaces it" {
	# `report -o /dev/null` run as root must not turn /dev/null into a
	# regular file; a FIFO shows the same without root.
	local fifo=$BATS_TEST_TMPDIR/fifo got=$BATS_TEST_TMPDIR/got reader still=0
	mkfifo "$fifo"
	timeout 30 cat "$fifo" >"$got" &
	reader=$!
	th text "0" report -o "$fifo"
	if [ -p "$fifo" ]; then
		still=1
	else
		kill "$reader" 2>/dev/null || :
	fi
	wait "$reader" || :
	if [ "$still" != 1 ]; then
		echo "report -o replaced the FIFO with: $(ls -l "$fifo")" >&2
		return 1
	fi
	python3 "$checker" html "$got"
}

@test "hostile: report, hooks and hook in a copy that may be written" {
	local copy=$BATS_TEST_TMPDIR/copy root
	cp -a "$hv" "$copy"
	cd "$copy"
	root=$(git rev-list --max-parents=0 HEAD)
	th text "0" report
	python3 "$checker" html thesis-report.html
	th text "0" hooks status
	th text "0" hooks install --textconv
	th text "0" hooks status
	# The hooks as git would call them, against the hostile history.
	th text "0 1" hook pre-commit
	printf 'Subject\n' >"$BATS_TEST_TMPDIR/msg"
	th text "0 1" hook prepare-commit-msg "$BATS_TEST_TMPDIR/msg" message
	python3 "$checker" text "$BATS_TEST_TMPDIR/msg"
	th text "0 1" hook post-commit
	th text "0 1" hook post-merge 0
	printf '%s %s\n' "$(git rev-parse HEAD~1)" "$(git rev-parse HEAD)" \
		>"$BATS_TEST_TMPDIR/rewritten"
	th_stdin=$BATS_TEST_TMPDIR/rewritten th text "0 1" hook post-rewrite amend
	printf '%s %s refs/heads/main\n' "$root" "$(git rev-parse HEAD)" \
		>"$BATS_TEST_TMPDIR/refs"
	th_stdin=$BATS_TEST_TMPDIR/refs th text "0 1" hook pre-receive
	printf '%s %s refs/heads/\033[31mevil\n' "$root" "$(git rev-parse HEAD)" \
		>"$BATS_TEST_TMPDIR/refs"
	th_stdin=$BATS_TEST_TMPDIR/refs th text "0 1" hook pre-receive
	printf 'garbage\n\0\377\n' >"$BATS_TEST_TMPDIR/refs"
	th_stdin=$BATS_TEST_TMPDIR/refs th text "0 1 128" hook pre-receive
	th text "0 1 128 129" hook no-such-hook
	# git itself through the installed textconv.
	git -c core.quotePath=false log -p -2 --no-color >"$out" 2>"$err"
	git -c core.quotePath=false diff --no-color "$root" HEAD >"$out" 2>"$err"
	if grep -aqE 'Sanitizer|runtime error:' "$err"; then
		cat -v "$err" >&2
		return 1
	fi
	th text "0" hooks uninstall
	th text "0" hooks status
}

textconv_one() {
	case $1 in
	hostile/* | huge/* | yaml/*) th text "0" textconv "$1" ;;
	esac
}

@test "hostile: textconv of the hostile note files, and of what is not one" {
	for_each_note textconv_one
	th text "0 128" textconv passwd.md
	th text "128" textconv no-such.md
	th text "0 128" textconv folder.md
	th text "0 128" textconv /dev/null
	th text "0" textconv hostile/escapes-body.md
	grep -qF 'escape-body stance: \e[31mred stance' "$out"
}

@test "hostile: sync of hostile edits through a bare remote, in a copy" {
	local copy=$BATS_TEST_TMPDIR/copy remote=$BATS_TEST_TMPDIR/remote.git
	cp -a "$hv" "$copy"
	git clone -q --bare "$copy" "$remote"
	cd "$copy"
	git remote add origin "$remote"
	git fetch -q origin
	git branch -q -u origin/main
	th text "0" sync --dry-run
	th text "0" sync --check
	th jsonany "0" sync --check --format=json
	printf '\nMore \033[31mred\033[0m text, [[escapes-31m]].\n' \
		>>hostile/escapes-body.md
	printf -- '---\nposition: "new\\e[2J"\ntitle: "\\e]0;pwned\\a"\n---\n' \
		>"$(printf 'hostile/new \033[31m note.md')"
	# The new note's id is invalid: sync leaves it out (exit 1), names
	# it safely, and syncs the rest.
	th text "1" sync --dry-run
	th text "1" sync
	[ "$(git rev-parse HEAD)" = "$(git --git-dir="$remote" rev-parse main)" ]
	[ "$(git ls-files hostile | grep -c 'new ')" = 0 ]
	git diff --quiet HEAD -- hostile/escapes-body.md
	th text "0 1" sync --format=json
}

@test "hostile: every other command and format that help lists" {
	th text "0" help
	local cmds cmd known=" positions show check parse help diff log blame review report hooks hook textconv sync mcp "
	# Commands that may exist to write are not run blind.
	local writers=" install init write export record "
	cmds=$(sed -n 's/^    \([a-z][a-z-]*\)  .*/\1/p' "$out")
	[ -n "$cmds" ]
	local root
	root=$(git rev-list --max-parents=0 HEAD)
	for cmd in $cmds; do
		th text "0" help "$cmd"
		case $known$writers in *" $cmd "*) continue ;; esac
		# A newer command: whatever arguments it takes, the answer is
		# findings, success, a usage error or a clean fatal error.
		local args
		for args in "" "$root..HEAD" "$root HEAD" "HEAD~3" \
			cloudflare-first-hosting "--color=always $root..HEAD"; do
			# shellcheck disable=SC2086
			newcmd "$cmd" $args
			# shellcheck disable=SC2086
			newcmd "$cmd" --format=json $args
			[ "$rc" = 0 ] || [ "$rc" = 1 ] || continue
			if ! python3 "$checker" json "$out" 2>/dev/null; then
				# Not one document: then JSON Lines.
				# shellcheck disable=SC2086
				th jsonl "0 1" "$cmd" --format=json $args
			fi
		done
	done
}

@test "hostile: mcp serves every tool over the hostile vault, one JSON line each" {
	# Every call reads the vault again: sessions of 8 calls stay within
	# th's time limit under the sanitizers.
	local req=$BATS_TEST_TMPDIR/requests chunk
	ids declared >"$BATS_TEST_TMPDIR/declared"
	python3 - "$BATS_FILE_TMPDIR/notes" "$BATS_TEST_TMPDIR/declared" \
		"$(git rev-list --max-parents=0 HEAD)" "$req" <<'PY'
import json, sys
notes = open(sys.argv[1], 'rb').read().split(b'\0')
ids = open(sys.argv[2]).read().split()
root, req = sys.argv[3], sys.argv[4]
calls = [('positions', {'undeclared': True}), ('log', {}),
         ('log', {'range': root + '..HEAD', 'limit': 5}), ('check', {}),
         ('diff', {'from': root}), ('review', {'range': root + '..HEAD'})]
for k, i in enumerate(ids):
    calls.append(('show', {'target': i}))
    if k < 3:
        calls += [('blame', {'target': i}), ('log', {'target': i})]
for n in notes:
    try:
        calls.append(('read_note', {'path': n.decode('utf-8')}))
    except UnicodeDecodeError:
        pass
for c in range(0, len(calls), 8):
    with open('%s.%03d' % (req, c // 8), 'w') as f:
        print(json.dumps({'jsonrpc': '2.0', 'id': 0, 'method': 'initialize',
                          'params': {'protocolVersion': '2025-06-18',
                                     'capabilities': {}}}), file=f)
        for k, (name, args) in enumerate(calls[c:c + 8], 1):
            print(json.dumps({'jsonrpc': '2.0', 'id': k,
                              'method': 'tools/call',
                              'params': {'name': name, 'arguments': args}}),
                  file=f)
PY
	for chunk in "$req".*; do
		th_stdin=$chunk th jsonl "0" mcp
		python3 - "$out" "$chunk" <<'PY'
import json, sys
out = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
req = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
assert [r['id'] for r in out] == [r['id'] for r in req], 'ids differ'
for q, r in zip(req[1:], out[1:]):
    res = r['result']
    if q['params']['name'] != 'read_note':
        assert res['isError'] is False, (q, res)
    if not res['isError']:
        assert json.loads(res['content'][0]['text']) == res['structuredContent']
PY
	done
}
