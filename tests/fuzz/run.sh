#!/bin/sh
# Builds and runs the libFuzzer targets of git-thesis, one after the other.
#
#   sh tests/fuzz/run.sh [seconds-per-target]      (default 60)
#
# Every tests/fuzz/fuzz-*.c is built into build/fuzz/ with ASan and UBSan,
# against every src/*.c but the command line (git-thesis.c, cmd_*.c,
# output.c and whatever includes their headers), then run for the given
# time on its corpus, build/fuzz/corpus-<target>, seeded from
# tests/fuzz/seeds/ and kept between runs.  One line per target says how it
# went; crash inputs are saved as build/fuzz/crashes-<target>/crash-*, and
# the full log as build/fuzz/<target>.log.  Exits 1 when a target crashed,
# hung, ran out of memory, leaked or failed to build.
#
# Environment: FUZZ_CC (default clang), FUZZ_TARGETS (names to run, e.g.
# "fuzz-body fuzz-note"), FUZZ_ARGS (more libFuzzer flags).
#
# Without clang or libFuzzer it prints that it skipped and exits 0.

set -u

secs=${1:-60}
case $secs in
'' | *[!0-9]*)
	echo "usage: sh tests/fuzz/run.sh [seconds-per-target]" >&2
	exit 129
	;;
esac

top=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
cd "$top" || exit 1
out=build/fuzz
cc=${FUZZ_CC:-clang}
pkgs="libgit2 yaml-0.1 libcmark jansson"
mkdir -p "$out" || exit 1

skip() {
	echo "fuzz: skipped: $1"
	echo "fuzz: install clang and libFuzzer with:" \
		"apt-get install clang libclang-rt-14-dev"
	exit 0
}

command -v "$cc" >/dev/null 2>&1 || skip "no '$cc' compiler found"
probe=$out/.probe
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
	'{ (void)d; (void)n; return 0; }' >"$probe.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined -o "$probe" "$probe.c" \
	>"$probe.log" 2>&1; then
	rm -f "$probe" "$probe.c"
	skip "'$cc' cannot build a libFuzzer program (see $probe.log)"
fi
rm -f "$probe" "$probe.c" "$probe.log"

# shellcheck disable=SC2086 # one word per package
if ! pkg-config --exists $pkgs 2>/dev/null; then
	echo "fuzz: missing build dependencies ($pkgs); run 'make check-deps'" >&2
	exit 1
fi

# Headers of the command line: cmd.h, output.h and any header including
# one of them (render.h includes output.h), to a fixed point.
cli_headers="cmd.h output.h"
while :; do
	more=
	for h in include/*.h; do
		b=${h#include/}
		case " $cli_headers " in *" $b "*) continue ;; esac
		for c in $cli_headers; do
			if grep -q "^#[[:space:]]*include[[:space:]]*\"$c\"" "$h"; then
				more="$more $b"
				break
			fi
		done
	done
	[ -z "$more" ] && break
	cli_headers="$cli_headers$more"
done

# The library: src/*.c but the command line and what includes its headers.
srcs=
for f in src/*.c; do
	case ${f#src/} in
	git-thesis.c | cmd_*.c | output.c) continue ;;
	esac
	uses_cli=
	for c in $cli_headers; do
		if grep -q "^#[[:space:]]*include[[:space:]]*\"$c\"" "$f"; then
			uses_cli=1
			break
		fi
	done
	[ -n "$uses_cli" ] || srcs="$srcs $f"
done

# Tokens the mutator splices in: contract keys, words and markup.
dict=$out/thesis.dict
cat >"$dict" <<'EOF'
"---"
"..."
"\xef\xbb\xbf"
"\x0d\x0a"
"\x0a---\x0a"
"position: "
"thesis: "
"positions:"
"theses:"
"  - id: "
"title: "
"stance: "
"status: "
"confidence: "
"owner: "
"supersedes: "
"aliases: "
"tags: "
"maps:"
"  - target: "
"    strength: "
"    effect: "
"    why: "
"held"
"questioned"
"revised"
"retired"
"emerging"
"corroborated"
"contested"
"refuted"
"strong"
"moderate"
"weak"
"Strong - "
"Moderate challenge \xe2\x80\x94 "
"supports"
"challenges"
"challenged"
"neutral"
"0.70"
"&a "
"*a"
"!!str "
"!!null "
"[[x]]"
"[["
"]]"
"![["
"|"
"#"
"^"
".md"
"## Mapping against "
"# Maps against "
"Mapping to "
"## Stance"
"Stance\x0a======"
"```"
"~~~"
"    "
"> "
"<div>"
"`"
"\x00"
"\xff"
"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{"
"\"text\":"
"\"times\":"
"\"loud\":true"
"\"colour\":\"red\""
"\"method\":\"initialize\""
"\"protocolVersion\":"
"null"
"\\u0000"
"\\ud800"
EOF

cflags="-g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude"

# A target is rebuilt when any source, header or the target file is newer.
needs_build() {
	[ -x "$1" ] || return 0
	[ -n "$(find src include "$2" -newer "$1" -name '*.[ch]' 2>/dev/null |
		head -n 1)" ]
}

ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:allocator_may_return_null=0}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS UBSAN_OPTIONS

targets=${FUZZ_TARGETS:-$(for f in tests/fuzz/fuzz-*.c; do
	basename "$f" .c
done)}
failed=0
printf '%-18s %12s  %s\n' TARGET RUNS RESULT

for t in $targets; do
	t=${t%.c}
	src=tests/fuzz/$t.c
	bin=$out/$t
	log=$out/$t.log
	if [ ! -f "$src" ]; then
		printf '%-18s %12s  %s\n' "$t" - "no such target ($src)"
		failed=1
		continue
	fi
	if needs_build "$bin" "$src"; then
		# shellcheck disable=SC2046,SC2086
		if ! "$cc" $cflags $(pkg-config --cflags $pkgs) -o "$bin" \
			"$src" $srcs $(pkg-config --libs $pkgs) \
			>"$out/$t.build.log" 2>&1; then
			printf '%-18s %12s  %s\n' "$t" - \
				"BUILD FAILED (see $out/$t.build.log)"
			failed=1
			continue
		fi
	fi

	corpus=$out/corpus-$t
	crashes=$out/crashes-$t
	mkdir -p "$corpus" "$crashes"
	for s in tests/fuzz/seeds/*; do
		[ -f "$s" ] && cp "$s" "$corpus/seed-$(basename "$s")"
	done
	if [ "$t" = fuzz-resolve ]; then
		# Whole vaults: the seed notes joined by 0xff, in two orders.
		python3 - "$corpus" tests/fuzz/seeds <<'EOF' || :
import os, sys
corpus, seeds = sys.argv[1], sys.argv[2]
notes = [open(os.path.join(seeds, n), 'rb').read()
         for n in sorted(os.listdir(seeds)) if n.endswith('.md')]
for name, order in (('seed-vault-all', notes), ('seed-vault-rev', notes[::-1])):
    with open(os.path.join(corpus, name), 'wb') as f:
        f.write(b'\xff'.join(order[:16]))
EOF
	fi

	start=$(date +%s)
	# shellcheck disable=SC2086
	"./$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=1100000 -print_final_stats=1 -dict="$dict" \
		-artifact_prefix="$crashes/" ${FUZZ_ARGS:-} "$corpus" \
		>"$log" 2>&1
	rc=$?
	elapsed=$(($(date +%s) - start))
	runs=$(sed -n 's/^stat::number_of_executed_units:[[:space:]]*//p' "$log" |
		tail -n 1)
	[ -n "$runs" ] || runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" |
		tail -n 1)
	[ -n "$runs" ] || runs='?'
	if [ "$rc" -eq 0 ]; then
		result="ok (${elapsed}s, corpus $(find "$corpus" -type f | wc -l | tr -d ' '))"
	else
		failed=1
		if grep -q 'ERROR: libFuzzer: timeout' "$log"; then
			what=TIMEOUT
		elif grep -q 'ERROR: libFuzzer: out-of-memory' "$log"; then
			what=OUT-OF-MEMORY
		elif grep -q 'ERROR: LeakSanitizer' "$log"; then
			what=LEAK
		elif grep -q 'runtime error:' "$log"; then
			what=UNDEFINED-BEHAVIOUR
		elif grep -q 'invariant broken' "$log"; then
			what="INVARIANT $(sed -n 's/.*invariant broken: //p' "$log" | head -n 1)"
		elif grep -q 'ERROR: AddressSanitizer' "$log"; then
			what="ASAN $(sed -n 's/.*ERROR: AddressSanitizer: \([a-z-]*\).*/\1/p' "$log" | head -n 1)"
		elif grep -q 'deadly signal' "$log"; then
			what="CRASH (deadly signal)"
		else
			what="CRASH (exit $rc)"
		fi
		input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" |
			tail -n 1)
		result="$what: ${input:-no input saved}; log $log"
	fi
	printf '%-18s %12s  %s\n' "$t" "$runs" "$result"
done

exit "$failed"
