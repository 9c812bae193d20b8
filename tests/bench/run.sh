#!/bin/sh
# Performance benchmark of git-thesis against git itself on a generated
# vault repository (tests/bench/gen.py).  A report: exits 0 whatever the
# numbers are, 1 only when a measured command fails.
#
# usage: sh tests/bench/run.sh <git-thesis binary> <workdir>
#
#   BENCH_COMMITS  commits to generate (default 20000)
#   BENCH_NOTES    notes at HEAD (default 5000)
#   BENCH_SEED     generator seed (default 1)
#   BENCH_SHAPES   the other shapes to measure (default "bot huge"; see
#                  gen-shapes.py), with BENCH_BOT_COMMITS, BENCH_BOT_NOTES,
#                  BENCH_HUGE_COMMITS, BENCH_HUGE_NOTES
#
# The repository is <workdir>/vault.git (a normal repository, work tree
# checked out), reused while the parameters and gen.py are unchanged.  On
# creation it is packed with `git gc` and given a commit-graph libgit2 1.5
# can read (generation version 1: libgit2 1.5 silently ignores a graph with
# a GDA2 chunk).  Results and the JSON events are kept in <workdir>/results.
set -u

[ $# -eq 2 ] || { echo "usage: sh tests/bench/run.sh <git-thesis> <workdir>" >&2; exit 2; }
bin=$1
work=$2
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
[ -x "$bin" ] || { echo "run.sh: $bin is not an executable" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
commits=${BENCH_COMMITS:-20000}
notes=${BENCH_NOTES:-5000}
seed=${BENCH_SEED:-1}
mkdir -p "$work" || exit 1
work=$(cd "$work" && pwd)
repo=$work/vault.git
res=$work/results
graph=$repo/.git/objects/info/commit-graph
export GIT_PAGER=cat LC_ALL=C
unset GIT_DIR GIT_WORK_TREE

fail() {
	echo "run.sh: FAILED: $1 (exit $2)" >&2
	[ -s "${3:-/dev/null}" ] && sed 's/^/    /' "$3" | head -20 >&2
	exit 1
}

# ns: the time in nanoseconds, or nothing where date has no %N.
ns() {
	t=$(date +%s%N)
	case $t in *N*) echo "" ;; *) echo "$t" ;; esac
}

# --- the repository ---------------------------------------------------------
stamp="commits=$commits notes=$notes seed=$seed gen=$(cksum <"$here/gen.py" | cut -d' ' -f1)"
if [ -f "$work/vault.params" ] && [ "$(cat "$work/vault.params")" = "$stamp" ] &&
   [ -f "$repo/BENCH-INFO" ] && [ -f "$graph" ]; then
	echo "reusing $repo ($stamp)"
else
	echo "generating $repo ($stamp)"
	rm -rf "$repo" "$work/vault.params"
	t0=$(date +%s)
	python3 "$here/gen.py" "$repo" --commits "$commits" --notes "$notes" \
		--seed "$seed" >"$work/gen.log" 2>&1 || fail "gen.py" $? "$work/gen.log"
	t1=$(date +%s)
	git -C "$repo" gc -q >"$work/gc.log" 2>&1 || fail "git gc" $? "$work/gc.log"
	t2=$(date +%s)
	git -C "$repo" -c commitGraph.generationVersion=1 commit-graph write \
		--reachable >"$work/gc.log" 2>&1 ||
		fail "git commit-graph write" $? "$work/gc.log"
	t3=$(date +%s)
	echo "generated in $((t1 - t0)) s, git gc $((t2 - t1)) s, commit-graph $((t3 - t2)) s"
	echo "$stamp" >"$work/vault.params"
fi
sed 's/^/    /' "$repo/BENCH-INFO"
chunks=$(python3 - "$graph" <<'EOF'
import sys
d = open(sys.argv[1], "rb").read(512)
n = d[6]
print(" ".join(d[8 + 12 * i:12 + 12 * i].decode("ascii", "replace")
               for i in range(n)))
EOF
)
case " $chunks " in
*" GDA2 "*) echo "WARNING: the commit-graph has a GDA2 chunk: libgit2 1.5 ignores it" ;;
esac
echo "commit-graph chunks: $chunks"

rm -rf "$res"
mkdir -p "$res"
# Put the commit-graph back whatever happens.
trap '[ -f "$res/commit-graph.off" ] && mv "$res/commit-graph.off" "$graph"' EXIT
trap 'exit 1' INT TERM HUP

# --- measuring --------------------------------------------------------------
# measure <label> <command>...: one run; appends
# "<wall s> <peak RSS KB> <wall ms> <user+sys s>" to $res/<label>.runs;
# standard output is thrown away, standard error is kept.
measure() {
	label=$1
	shift
	a=$(ns)
	/usr/bin/time -f '%e %M %U %S' -o "$res/time" "$@" >/dev/null 2>"$res/$label.err"
	rc=$?
	b=$(ns)
	[ $rc -eq 0 ] || fail "$label: $*" $rc "$res/$label.err"
	set -- $(tail -n 1 "$res/time")
	if [ -n "$a" ] && [ -n "$b" ]; then
		ms=$(((b - a) / 1000000))
	else
		ms=$(awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }')
	fi
	echo "$1 $2 $ms $(awk -v u="$3" -v s="$4" 'BEGIN { printf "%.2f", u + s }')" \
		>>"$res/$label.runs"
}

# median <label> <column>: the median of a column of $res/<label>.runs.
median() {
	cut -d' ' -f"$2" "$res/$1.runs" | sort -n |
		awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
			else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

runs() {
	cut -d' ' -f"$2" "$res/$1.runs" | tr '\n' ' '
}

max_rss_mb() {
	cut -d' ' -f2 "$res/$1.runs" | sort -n | tail -n 1 |
		awk '{ printf "%.1f", $1 / 1024 }'
}

gitlog() {
	git -C "$repo" log --full-history --diff-merges=separate --raw \
		--no-renames --no-abbrev --format=%H -- vault
}
thesis() {
	"$bin" -C "$repo" --no-pager "$@"
}

git -C "$repo" rev-parse -q --verify HEAD~1 >/dev/null ||
	fail "git rev-parse HEAD~1" 1

# Warm-up runs, not timed: the page cache, and the output checked below.
gitlog >/dev/null 2>"$res/gitlog.err" || fail "git log (warm-up)" $? "$res/gitlog.err"
thesis log --stats --format=json >"$res/events.json" 2>"$res/stats.err" ||
	fail "git-thesis log --stats --format=json" $? "$res/stats.err"
thesis diff HEAD~1 HEAD >"$res/diff.txt" 2>"$res/diff.err" ||
	fail "git-thesis diff HEAD~1 HEAD" $? "$res/diff.err"

load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
for i in 1 2 3; do
	measure gitlog git -C "$repo" log --full-history --diff-merges=separate \
		--raw --no-renames --no-abbrev --format=%H -- vault
	measure log "$bin" -C "$repo" --no-pager log --format=json
	measure log-cold env GIT_THESIS_NO_CACHE=1 "$bin" -C "$repo" --no-pager \
		log --format=json
	measure positions "$bin" -C "$repo" positions
done
for i in 1 2 3 4 5 6 7 8 9 10; do
	measure diff "$bin" -C "$repo" diff HEAD~1 HEAD
	measure diff-cold env GIT_THESIS_NO_CACHE=1 "$bin" -C "$repo" diff HEAD~1 HEAD
done
# The same log without the commit-graph.
mv "$graph" "$res/commit-graph.off"
for i in 1 2 3; do
	measure log-nograph "$bin" -C "$repo" --no-pager log --format=json
done
mv "$res/commit-graph.off" "$graph"
load1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)

# --- the report -------------------------------------------------------------
echo
echo "git-thesis log --stats:"
sed 's/^/    /' "$res/stats.err"
echo
echo "load average: $load0 before, $load1 after ($(nproc 2>/dev/null || echo ?) CPUs);" \
	"wall times are noisy when it is high, CPU times less so"
printf '%-48s %8s %7s %8s  %s\n' "command (repository: $commits commits)" \
	"median s" "cpu s" "RSS MB" "runs (wall s)"
row() {
	printf '%-48s %8s %7s %8s  %s\n' "$1" "$(median "$2" 1)" "$(median "$2" 4)" \
		"$(max_rss_mb "$2")" "$(runs "$2" 1)"
}
row "(a) git log --raw -- vault" gitlog
row "(b) git-thesis log --format=json" log
row "(b') the same without commit-graph" log-nograph
row "(b'') the same, cold (GIT_THESIS_NO_CACHE=1)" log-cold
row "(d) git-thesis positions" positions
printf '%-48s %8s %7s %8s  %s\n' "(c) git-thesis diff HEAD~1 HEAD (ms, 10 runs)" \
	"$(median diff 3)" "$(median diff 4 | awk '{ printf "%d", $1 * 1000 }')" \
	"$(max_rss_mb diff)" "$(runs diff 3)"
printf '%-48s %8s %7s %8s  %s\n' "(c') the same, cold (GIT_THESIS_NO_CACHE=1)" \
	"$(median diff-cold 3)" "$(median diff-cold 4 | awk '{ printf "%d", $1 * 1000 }')" \
	"$(max_rss_mb diff-cold)" "$(runs diff-cold 3)"
echo
awk -v t="$(median log 1)" -v g="$(median gitlog 1)" -v n="$(median log-nograph 1)" \
    -v tc="$(median log 4)" -v gc="$(median gitlog 4)" -v nc="$(median log-nograph 4)" \
    -v cc="$(median log-cold 4)" \
    -v m="$(cut -d' ' -f2 "$res/log.runs" | sort -n | tail -n 1)" -v d="$(median diff 3)" \
    -v mc="$(cut -d' ' -f2 "$res/log-cold.runs" | sort -n | tail -n 1)" -v dc="$(median diff-cold 3)" \
    -v p="$(median positions 3)" 'BEGIN {
	printf "ratio log/git-log in CPU time, cold: %.2f (target <= 1.5), warm: %.2f (target <= 0.25)\n",
		(gc > 0 ? cc / gc : 0), (gc > 0 ? tc / gc : 0)
	printf "ratio log/git-log: %.2f (target <= 1.0)\n", (g > 0 ? t / g : 0)
	printf "ratio log/git-log in CPU time: %.2f\n", (gc > 0 ? tc / gc : 0)
	printf "peak memory log: cold %d MB (target <= 150), warm %d MB\n", mc / 1024 + 0.5, m / 1024 + 0.5
	printf "one-commit diff: cold %d ms (target <= 500), warm %d ms (target <= 50)\n", dc, d
	printf "positions (warm): %d ms\n", p
	printf "commit-graph cost: log without graph / with graph: %.2f (%.2f s vs %.2f s)\n",
		(t > 0 ? n / t : 0), n, t
	printf "commit-graph cost in CPU time: %.2f (%.2f s vs %.2f s)\n",
		(tc > 0 ? nc / tc : 0), nc, tc
}'

for f in gitlog log log-cold log-nograph positions diff diff-cold; do
	if [ -s "$res/$f.err" ]; then
		echo "WARNING: standard error of '$f':"
		sed 's/^/    /' "$res/$f.err" | head -10
	fi
done

echo
echo "git-thesis diff HEAD~1 HEAD:"
sed 's/^/    /' "$res/diff.txt" | head -10
echo "    (last commit: $(git -C "$repo" log -1 --format=%s))"

# --- the other shapes (tests/bench/gen-shapes.py) ----------------------------
# Each shape against the same git command, same run: cold runs with every
# cache off (GIT_THESIS_NO_CACHE=1), warm runs after one run has filled the
# caches.  BENCH_SHAPES="" skips them.
shape_repo() {
	s=$1 c=$2 n=$3
	dir=$work/shape-$s
	st="shape=$s commits=$c notes=$n seed=$seed gen=$(cksum <"$here/gen-shapes.py" | cut -d' ' -f1)"
	if [ ! -f "$dir.params" ] || [ "$(cat "$dir.params")" != "$st" ]; then
		rm -rf "$dir" "$dir.params"
		python3 "$here/gen-shapes.py" "$dir" --shape "$s" --commits "$c" \
			--notes "$n" --seed "$seed" >"$work/gen-$s.log" 2>&1 ||
			fail "gen-shapes.py --shape $s" $? "$work/gen-$s.log"
		git -C "$dir" gc -q >"$work/gc.log" 2>&1 || fail "git gc" $? "$work/gc.log"
		git -C "$dir" -c commitGraph.generationVersion=1 commit-graph write \
			--reachable >"$work/gc.log" 2>&1 ||
			fail "git commit-graph write" $? "$work/gc.log"
		echo "$st" >"$dir.params"
	fi
	echo "$dir"
}
for s in ${BENCH_SHAPES-bot huge}; do
	case $s in
	bot) dir=$(shape_repo bot "${BENCH_BOT_COMMITS:-2800}" "${BENCH_BOT_NOTES:-3000}") ;;
	huge) dir=$(shape_repo huge "${BENCH_HUGE_COMMITS:-5000}" "${BENCH_HUGE_NOTES:-9700}") ;;
	*) echo "unknown shape $s" >&2; continue ;;
	esac
	[ -d "$dir" ] || exit 1
	git -C "$dir" log --full-history --diff-merges=separate --raw --no-renames \
		--no-abbrev --format=%H >/dev/null
	"$bin" -C "$dir" --no-pager log --format=json >"$res/$s-warmup.json" 2>&1 ||
		fail "git-thesis log on shape $s" $? "$res/$s-warmup.json"
	for i in 1 2 3; do
		measure "$s-gitlog" git -C "$dir" log --full-history \
			--diff-merges=separate --raw --no-renames --no-abbrev --format=%H
		measure "$s-cold" env GIT_THESIS_NO_CACHE=1 "$bin" -C "$dir" \
			--no-pager log --format=json
		measure "$s-warm" "$bin" -C "$dir" --no-pager log --format=json
	done
	echo
	sed 's/^/    /' "$dir/.git/BENCH-INFO"
	row "(a) git log --raw, shape $s" "$s-gitlog"
	row "(b) git-thesis log, cold (no cache)" "$s-cold"
	row "(b) git-thesis log, warm" "$s-warm"
	awk -v g="$(median "$s-gitlog" 4)" -v c="$(median "$s-cold" 4)" \
	    -v w="$(median "$s-warm" 4)" -v s="$s" 'BEGIN {
		printf "ratio shape %s, CPU time: cold %.2f (target <= 2.5), warm %.2f (target <= 0.25)\n",
			s, (g > 0 ? c / g : 0), (g > 0 ? w / g : 0)
	}'
done

# --- the events against what the generator expects --------------------------
echo
python3 - "$repo/BENCH-EXPECT" "$res/events.json" <<'EOF'
import json, sys
expect = {}
for line in open(sys.argv[1], encoding="utf-8"):
    sha, n, desc = (line.rstrip("\n").split(" ", 2) + [""])[:3]
    expect[sha] = (int(n), desc)
got, kinds, bad = {}, {}, 0
for line in open(sys.argv[2], encoding="utf-8"):
    try:
        e = json.loads(line)
    except ValueError:
        bad += 1
        continue
    got[e["commit"]] = got.get(e["commit"], 0) + 1
    k = "/".join(x for x in (e["kind"], e["change"], e.get("field")) if x)
    kinds[k] = kinds.get(k, 0) + 1
print("events: %d reported, %d expected by the generator%s" % (
    sum(got.values()), sum(n for n, _ in expect.values()),
    ", %d lines not JSON" % bad if bad else ""))
unknown = [c for c in got if c not in expect]
wrong = [(c, n, got.get(c, 0), d) for c, (n, d) in expect.items()
         if got.get(c, 0) != n]
print("commits with the expected number of events: %d of %d" % (
    len(expect) - len(wrong), len(expect)))
silent = sum(1 for n, _ in expect.values() if n == 0)
print("commits expected silent (churn, typos, merges, quoting): %d, "
      "of which reported events: %d" % (
          silent, sum(1 for c, (n, _) in expect.items() if not n and got.get(c))))
if unknown:
    print("WARNING: events for %d commits not in history" % len(unknown))
for c, n, g, d in wrong[:8]:
    print("  MISMATCH %s expected %d got %d: %s" % (c[:12], n, g, d))
if wrong[8:]:
    print("  ... %d more mismatching commits" % len(wrong[8:]))
exp_kinds = {}
for line in open(sys.argv[1].replace("BENCH-EXPECT", "BENCH-INFO"),
                 encoding="utf-8"):
    if line.startswith("expected ") and ":" in line:
        k, v = line[9:].rsplit(":", 1)
        exp_kinds[k] = int(v)
print("%-36s %8s %8s" % ("event kind/change/field", "reported", "expected"))
for k in sorted(set(kinds) | set(exp_kinds)):
    mark = "" if kinds.get(k, 0) == exp_kinds.get(k, 0) else "   <--"
    print("%-36s %8d %8d%s" % (k, kinds.get(k, 0), exp_kinds.get(k, 0), mark))
EOF
[ $? -eq 0 ] || echo "WARNING: the event check failed to run"

# --- positions on a 10,000-note vault (tests/bench/gen-vault.py) -------------
# What loading a whole vault costs: `positions` with every cache off, the
# first run with an empty cache of parsed notes (it parses and writes), and
# warm runs (every note from the cache), against `git ls-tree -r` of the same
# commit, same run.  BENCH_VAULT_NOTES=0 skips it.
vnotes=${BENCH_VAULT_NOTES:-10000}
if [ "$vnotes" -gt 0 ]; then
	vdir=$work/vault-$vnotes
	vst="notes=$vnotes seed=$seed gen=$(cksum <"$here/gen-vault.py" | cut -d' ' -f1)"
	if [ ! -f "$vdir.params" ] || [ "$(cat "$vdir.params")" != "$vst" ]; then
		rm -rf "$vdir" "$vdir.params"
		python3 "$here/gen-vault.py" "$vdir" --notes "$vnotes" \
			--seed "$seed" >"$work/gen-vault.log" 2>&1 ||
			fail "gen-vault.py" $? "$work/gen-vault.log"
		git -C "$vdir" gc -q >"$work/gc.log" 2>&1 || fail "git gc" $? "$work/gc.log"
		echo "$vst" >"$vdir.params"
	fi
	# A cache folder of its own, so that "first run" starts empty.
	vcache=$work/vault-cache
	vthesis() {
		XDG_CACHE_HOME=$vcache "$bin" -C "$vdir" --no-pager "$@"
	}
	git -C "$vdir" ls-tree -r HEAD >/dev/null
	vthesis positions >/dev/null 2>&1 || fail "git-thesis positions on the vault" $?
	GIT_THESIS_NO_CACHE=1 vthesis positions >"$res/vault-ref.txt" ||
		fail "git-thesis positions (no cache)" $?
	for i in 1 2 3 4 5; do
		measure vault-lstree git -C "$vdir" ls-tree -r HEAD
		measure vault-nocache env GIT_THESIS_NO_CACHE=1 XDG_CACHE_HOME="$vcache" \
			"$bin" -C "$vdir" --no-pager positions
		rm -rf "$vcache"
		measure vault-first env XDG_CACHE_HOME="$vcache" "$bin" -C "$vdir" \
			--no-pager positions
		measure vault-warm env XDG_CACHE_HOME="$vcache" "$bin" -C "$vdir" \
			--no-pager positions
	done
	vthesis positions >"$res/vault-warm.txt"
	echo
	sed 's/^/    /' "$vdir/.git/BENCH-INFO"
	printf '%-48s %8s %7s %8s  %s\n' "command (ms, 5 runs)" "median" "cpu ms" \
		"RSS MB" "runs (wall ms)"
	vrow() {
		printf '%-48s %8s %7s %8s  %s\n' "$1" "$(median "$2" 3)" \
			"$(median "$2" 4 | awk '{ printf "%d", $1 * 1000 }')" \
			"$(max_rss_mb "$2")" "$(runs "$2" 3)"
	}
	vrow "(a) git ls-tree -r HEAD" vault-lstree
	vrow "(b) git-thesis positions, no cache" vault-nocache
	vrow "(b) the same, first run (fills the cache)" vault-first
	vrow "(b) the same, warm" vault-warm
	awk -v g="$(median vault-lstree 3)" -v c="$(median vault-nocache 3)" \
	    -v f="$(median vault-first 3)" -v w="$(median vault-warm 3)" 'BEGIN {
		printf "positions on %s notes: cold %d ms, first run %d ms, warm %d ms (target <= 100 ms)\n",
			'"$vnotes"', c, f, w
		printf "ratio positions/ls-tree in wall time: cold %.1f, warm %.1f\n",
			(g > 0 ? c / g : 0), (g > 0 ? w / g : 0)
	}'
	if ! cmp -s "$res/vault-ref.txt" "$res/vault-warm.txt"; then
		echo "WARNING: positions warm differs from positions without cache"
	fi
	for f in vault-nocache vault-first vault-warm; do
		if [ -s "$res/$f.err" ]; then
			echo "WARNING: standard error of '$f':"
			sed 's/^/    /' "$res/$f.err" | head -10
		fi
	done
	rm -rf "$vcache"
fi
exit 0
