#!/usr/bin/env bats
# report: the HTML timeline page and the SVG of one target.  Pages are read
# back with a real HTML parser (report-html.py prints what it found, one
# fact a line, and fails on a page that is not well formed); expectations
# come from the contract (sections 6 and 7) and the history each test
# builds, not from the tool.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
}

example() {
	sh "$top/tests/fixtures/example-vault.sh" "$BATS_TEST_TMPDIR/ev" >/dev/null
	cd "$BATS_TEST_TMPDIR/ev"
}

# at <date> <message> [author]: commits everything at noon UTC that day.
at() {
	git add -A
	GIT_AUTHOR_DATE="$1T12:00:00+00:00" GIT_COMMITTER_DATE="$1T12:00:00+00:00" \
		git commit -q --allow-empty -m "$2" ${3:+--author="$3"}
}

# facts <args> <page>: what report-html.py reads in the page, in $facts.
facts() {
	facts=$BATS_TEST_TMPDIR/facts
	python3 "$BATS_TEST_DIRNAME/report-html.py" "$@" >"$facts"
}

# count <ERE>: how many lines of the facts match.
count() {
	grep -cE "$1" "$facts" || :
}

# has <ERE>: some line of the facts matches (shows them when none does).
has() {
	grep -qE "$1" "$facts" || {
		echo "no line matches: $1" >&2
		cat "$facts" >&2
		return 1
	}
}

# The position `edge` and the thesis `agents` over nine commits, days apart:
#   c1 01-01 both declared: edge held/high, agents emerging/0.6
#   c2 01-10 r/one.md maps edge strong challenges      edge -3 (held: flag)
#   c3 01-20 r/two.md maps agents moderate, mentions edge     agents +2
#   c4 02-01 edge questioned, medium
#   c5 02-10 r/one.md re-weighted weak                  edge -1
#   c6 02-20 r/two.md reversed: challenges              agents -2
#   c7 03-01 edge held again (flag); r/one.md moved to archive/
#   c8 03-10 agents renamed agent-economy (old id an alias), stance added
#   c9 03-20 r/three.md maps edge moderate neutral      edge -1
known_history() {
	new_repo
	note p/edge.md <<'N'
---
position: edge
title: Edge hosting
stance: Run on the edge.
status: held
confidence: high
---
N
	note t/agents.md <<'N'
---
thesis: agents
title: Agents eat software
status: emerging
confidence: 0.6
---
N
	at 2026-01-01 "c1 declare"
	note r/one.md <<'N'
---
maps:
  - target: edge
    strength: strong
    effect: challenges
    why: The edge costs more.
---
N
	at 2026-01-10 "c2 challenge edge"
	note r/two.md <<'N'
---
maps:
  - target: agents
    strength: moderate
---
Also see [[edge]].
N
	at 2026-01-20 "c3 support agents" "Lee Analyst <lee@example.com>"
	sed -i 's/^status: held$/status: questioned/; s/^confidence: high$/confidence: medium/' p/edge.md
	at 2026-02-01 "c4 question edge"
	sed -i 's/strength: strong/strength: weak/' r/one.md
	at 2026-02-10 "c5 weaker"
	sed -i 's/strength: moderate/strength: moderate\n    effect: challenges/' r/two.md
	at 2026-02-20 "c6 reversed"
	sed -i 's/^status: questioned$/status: held/' p/edge.md
	mkdir -p archive
	git mv r/one.md archive/one.md
	at 2026-03-01 "c7 hold edge again, archive one"
	note t/agents.md <<'N'
---
thesis: agent-economy
title: Agents eat software
stance: Agents do the work.
status: emerging
confidence: 0.6
aliases: [agents]
---
N
	at 2026-03-10 "c8 rename agents"
	note r/three.md <<'N'
---
maps:
  - target: edge
    strength: moderate
    effect: neutral
---
N
	at 2026-03-20 "c9 neutral"
}

@test "report: the example vault: overview, bands, markers and table" {
	example
	# Up to the revision (the two newest commits are checked below).
	run -0 --separate-stderr git thesis report HEAD~2
	[ -z "$stderr" ]
	[ "$output" = "Wrote thesis-report.html" ]
	facts thesis-report.html
	# Positions first, then theses; statuses and scores as `positions`.
	[ "$(grep '^row ' "$facts")" = "row cloudflare-first-hosting position revised -2 0
row llm-commoditization thesis corroborated 6 0" ]
	# One band per status period, in order.
	[ "$(grep '^band cloudflare' "$facts" | cut -d' ' -f3 | tr '\n' ' ')" = "held questioned revised " ]
	[ "$(grep '^band llm' "$facts" | cut -d' ' -f3 | tr '\n' ' ')" = "emerging corroborated " ]
	# A marker per event, same-day events of one commit share one.
	[ "$(count '^marker cloudflare')" -eq 7 ]
	has '^marker cloudflare-first-hosting mapping-added 1 9c41045 \| 2026-05-04 9c41045 Ops Agent\|Reference: Stratechery on Amazon durability\|06-reference/stratechery-amazon-durability.md: mapping added: moderate challenges$'
	has '^marker cloudflare-first-hosting status 2 dfd4184 \| 2 events, 2026-05-06: status changed ×1, confidence changed ×1\|'
	# Every event in the table, newest first, grouped by the status
	# change it led to; mentions folded into one row per group.
	[ "$(count '^event cloudflare')" -eq 8 ]
	[ "$(count '^event llm')" -eq 4 ]
	[ "$(grep -E '^(event|period|mentions) cloudflare' "$facts" | cut -c1-60 | head -5)" = "period cloudflare-first-hosting | revised on 1 Jun 2026 (was
event cloudflare-first-hosting 2026-06-01 1e7d242 status - |
event cloudflare-first-hosting 2026-06-01 1e7d242 stance - |
event cloudflare-first-hosting 2026-05-20 3ddbf8b mapping-ad
mentions cloudflare-first-hosting 1 | 12 May 2026 1 mention " ]
	has '^period cloudflare-first-hosting \| questioned on 6 May 2026 \(was held\)\. Why: the Stratechery piece makes inference hosting a separate decision\. Before it: 1 supporting, 1 challenging$'
	has '^event cloudflare-first-hosting 2026-05-06 dfd4184 confidence - \| confidence changed: high → medium$'
	has '^event llm-commoditization 2026-03-02 867a4a1 added - \| declared, status emerging$'
	# Every status change is written on the chart, with its date and Why:.
	[ "$(grep '^label cloudflare' "$facts")" = "label cloudflare-first-hosting change held | declared held 2 Mar 2026 | “Add hosting position and LLM thesis”
label cloudflare-first-hosting change questioned | questioned 6 May 2026 | Why: the Stratechery piece makes inference hosting a separate decision
label cloudflare-first-hosting change revised | revised 1 Jun 2026 | Why: three challenging datapoints on inference cost and neutrality" ]
	# The evidence before each change, glyph by glyph and added up.
	[ "$(grep -E '^(glyph|evsum) cloudflare' "$facts" | cut -d'|' -f1 | tr -s ' ' | tr '\n' ,)" = "glyph cloudflare-first-hosting sup ,glyph cloudflare-first-hosting cha ,evsum cloudflare-first-hosting ,glyph cloudflare-first-hosting cha ,evsum cloudflare-first-hosting ," ]
	[ "$(grep '^evsum cloudflare' "$facts")" = "evsum cloudflare-first-hosting | 1 supporting, 1 challenging ▸
evsum cloudflare-first-hosting | 1 challenging ▸" ]
	# The story and the stances as text.
	has '^step cloudflare-first-hosting questioned \| questioned on 6 May 2026, was held; confidence high → medium\. Evidence before it: 1 supporting, 1 challenging\. Why: the Stratechery piece makes inference hosting a separate decision\.$'
	has '^stance cloudflare-first-hosting \| 2 Mar 2026 – 1 Jun 2026: Run all infrastructure on Cloudflare first\. Changed on 1 Jun 2026 \( 1e7d242 \): Why: three challenging datapoints on inference cost and neutrality$'
	has '^stance cloudflare-first-hosting \| 1 Jun 2026 – now: Run edge and static workloads on Cloudflare; host inference on AWS\.$'
	# Last status change, not last event; dates as people write them.
	grep -q '<td class="date">1 Jun 2026, revised</td>' thesis-report.html
	grep -q 'from 2 Mar 2026 to 1 Jun 2026; 1 position and 1 thesis; 14 events' thesis-report.html
	! grep -qE 'columns|about [0-9]+ hours each' thesis-report.html
	[ "$(count '^cut ')" -eq 0 ]
	[ "$(count '^script 1$')" -eq 1 ]
	# Self-contained: nothing is loaded from anywhere.
	! grep -qiE '(src|href)="(https?:|//)|@import|url\([^#]' thesis-report.html
	# The whole history: the open question asked after the revision is a
	# marker of its own, in the table under the last status change.
	run -0 git thesis report
	facts thesis-report.html
	[ "$(count '^marker cloudflare')" -eq 8 ]
	has '^marker cloudflare-first-hosting question 1 3663bc1 \| 2026-06-08 3663bc1 Ops Agent\|Reference: SemiAnalysis'
	[ "$(grep -E '^(event|period) cloudflare' "$facts" | cut -c1-60 | head -2)" = "period cloudflare-first-hosting | Since the last status chan
event cloudflare-first-hosting 2026-06-08 3663bc1 question -" ]
}

@test "report: scores and statuses agree with positions at the tip" {
	example
	run -0 git thesis report -o page.html
	facts page.html
	git thesis positions --format=json | python3 -c '
import json, sys
for t in json.load(sys.stdin):
    print("row %s %s %s %d" % (t["id"], t["kind"], t["status"], t["evidence"]["score"]))
' >want
	diff want <(grep '^row ' "$facts" | cut -d' ' -f1-5)
}

@test "report: a known history: flag, bands, disagreement, markers, events" {
	known_history
	run -0 --separate-stderr git thesis report -o page.html
	[ -z "$stderr" ]
	facts page.html
	# edge is held with a negative score at the tip: flagged.
	[ "$(grep '^row ' "$facts")" = "row edge position held -1 1
row agent-economy thesis emerging -2 0" ]
	grep -q 'class="row flagged"' page.html
	has '^rowevents edge 8$'
	[ "$(grep '^band edge' "$facts" | cut -d' ' -f3 | tr '\n' ' ')" = "held questioned held " ]
	# The rename continues the thesis's history: one band from c1 on.
	[ "$(grep '^band agent-economy' "$facts" | cut -d' ' -f3)" = "emerging" ]
	# Held while negative: from c2 to c4, and from c7 on.
	[ "$(count '^disagree edge')" -eq 2 ]
	[ "$(count '^disagree agent-economy')" -eq 0 ]
	[ "$(grep '^marker edge' "$facts" | cut -d' ' -f3-4 | tr '\n' ' ')" = "added 1 mapping-added 1 mention 1 status 2 reweighted 1 status 1 mapping-added 1 " ]
	[ "$(grep '^marker agent-economy' "$facts" | cut -d' ' -f3-4 | tr '\n' ' ')" = "added 1 mapping-added 1 reversed 1 renamed 2 " ]
	has '^marker edge reweighted 1 [0-9a-f]{7} \| 2026-02-10 [0-9a-f]{7} Test Author\|c5 weaker\|r/one.md: mapping re-weighted: strong → weak$'
	has '^marker agent-economy mapping-added 1 [0-9a-f]{7} \| 2026-01-20 [0-9a-f]{7} Lee Analyst\|c3 support agents\|r/two.md: mapping added: moderate supports$'
	has '^marker agent-economy renamed 2 [0-9a-f]{7} \| 2 events, 2026-03-10: renamed ×1, stance rewritten ×1\|the first:\|.*t/agents.md: renamed: agents → agent-economy$'
	[ "$(count '^event edge')" -eq 7 ]
	has '^mentions edge 1 \| 20 Jan 2026 1 mention added 20 Jan 2026 [0-9a-f]{7} r/two.md \(added\)$'
	[ "$(count '^event agent-economy')" -eq 5 ]
	has '^event agent-economy 2026-02-20 [0-9a-f]{7} reversed - \| mapping reversed: supports → challenges$'
	has '^event agent-economy 2026-03-10 [0-9a-f]{7} stance - \| stance rewritten: none → Agents do the work.$'
	has '^event edge 2026-03-20 [0-9a-f]{7} mapping-added - \| mapping added: moderate neutral$'
	# The move of r/one.md is no event of edge: its mapping went along.
	! grep -q 'archive/one.md' "$facts"
}

@test "report: --since shows a window; earlier commits still build the state" {
	known_history
	run -0 git thesis report --since 2026-02-05 -o page.html
	facts page.html
	[ "$(grep '^row ' "$facts")" = "row edge position held -1 1
row agent-economy thesis emerging -2 0" ]
	# At the start of the window edge is questioned, then held again.
	[ "$(grep '^band edge' "$facts" | cut -d' ' -f3 | tr '\n' ' ')" = "questioned held " ]
	[ "$(grep '^marker edge' "$facts" | cut -d' ' -f3 | tr '\n' ' ')" = "reweighted status mapping-added " ]
	[ "$(count '^event edge')" -eq 3 ]
	has '^rowevents edge 3$'
	grep -q 'from 5 Feb 2026 to 20 Mar 2026' page.html
}

@test "report: a range a..b starts from the vault at a" {
	known_history
	run -0 --separate-stderr git thesis report HEAD~5..HEAD -o page.html
	[ -z "$stderr" ]
	facts page.html
	# HEAD~5 is c4: edge questioned with r/one.md strong challenges (-3).
	[ "$(grep '^band edge' "$facts" | cut -d' ' -f3 | tr '\n' ' ')" = "questioned held " ]
	[ "$(grep '^marker edge' "$facts" | cut -d' ' -f3 | tr '\n' ' ')" = "reweighted status mapping-added " ]
	[ "$(grep '^row ' "$facts")" = "row edge position held -1 1
row agent-economy thesis emerging -2 0" ]
	grep -q 'HEAD~5..HEAD at <code>' page.html
	grep -q '5 commits, from' page.html
	# The score line starts at -3 (c4), not at 0.
	python3 - page.html <<'PY'
import re, sys
page = open(sys.argv[1]).read()
sec = page[page.index('data-id="edge"><h2'):]
d = re.search(r'class="score" d="M104 (\d+)', sec).group(1)
lo = re.search(r'<text x="100" y="(\d+)" text-anchor="end" font-size="9">-3</text>', sec)
assert lo and int(d) == int(lo.group(1)) - 4, (d, lo)
PY
}

@test "report: --target by id or alias; unknown target; --format=svg" {
	known_history
	run -0 git thesis report --target agents -o page.html
	facts page.html
	[ "$(grep '^row ' "$facts")" = "row agent-economy thesis emerging -2 0" ]
	[ "$(count '^section ')" -eq 1 ]
	run -0 git thesis report --target edge --target 'Agents eat software' -o page.html
	facts page.html
	[ "$(count '^row ')" -eq 2 ]
	run -128 git thesis report --target nope -o page.html
	[ "$output" = "git-thesis: error: unknown target 'nope'" ]

	run -0 git thesis report --format=svg --target edge -o edge.svg
	facts --svg edge.svg
	has '^svg edge$'
	[ "$(grep '^band' "$facts" | cut -d' ' -f3 | tr '\n' ' ')" = "held questioned held " ]
	[ "$(count '^marker ')" -eq 7 ]
	[ "$(count '^script')" -eq 0 ]
	head -c 4 edge.svg | grep -q '<svg'
	run -0 git thesis report --format=svg --target edge -o -
	[ "${output:0:4}" = "<svg" ]
	run -0 git thesis report --format=svg --target edge
	[ -f thesis-report.svg ]
	run -129 git thesis report --format=svg
	[[ "$output" == *"--format=svg needs exactly one --target"* ]]
	run -129 git thesis report --format=pdf
	[[ "$output" == *"--format takes html or svg, not 'pdf'"* ]]
}

@test "report: --commit-url links every commit id; -o - writes to stdout" {
	known_history
	run -0 git thesis report --commit-url 'https://git.example.com/c/%H?x=1&s=%h' -o -
	[ "${output:0:15}" = "<!DOCTYPE html>" ]
	printf '%s\n' "$output" >page.html
	facts page.html
	full=$(git rev-parse HEAD)
	has "^href https://git.example.com/c/$full\\?x=1&s=${full:0:7}\$"
	grep -q "href=\"https://git.example.com/c/$full?x=1&amp;s=${full:0:7}\"" page.html
	[ "$(count '^event .* https://git.example.com/c/[0-9a-f]{40}\?x=1&s=[0-9a-f]{7} \|')" -eq 12 ]
	# The folded mention links its commit too.
	grep -qE '<li>20 Jan 2026 <a href="https://git.example.com/c/[0-9a-f]{40}\?x=1&amp;s=[0-9a-f]{7}">' page.html
	# Without a template, no link at all.
	run -0 git thesis report -o page.html
	facts page.html
	[ "$(grep '^href ' "$facts" | grep -cv '^href #')" -eq 0 ]
	[ ! -e thesis-report.html ]
}

@test "report: bad revisions and ranges that are not one line" {
	known_history
	run -128 git thesis report nope -o page.html
	[[ "$output" == *"bad revision 'nope'"* ]]
	[ ! -e page.html ]
	git checkout -q -b side HEAD~2
	at 2026-04-01 "side"
	git checkout -q main
	run -128 git thesis report main...side -o page.html
	[[ "$output" == *"more than one line of first parents"* ]]
	# An empty range: the state at its end, no events.
	run -0 git thesis report HEAD..HEAD -o page.html
	facts page.html
	[ "$(count '^row ')" -eq 2 ]
	[ "$(count '^marker ')" -eq 0 ]
	git init -q "$BATS_TEST_TMPDIR/empty"
	cd "$BATS_TEST_TMPDIR/empty"
	run -128 git thesis report
	[[ "$output" == *"no commits yet"* ]]
}

@test "report: a merge on the first-parent line carries its branch's events" {
	known_history
	git checkout -q -b topic
	note r/four.md <<'N'
---
maps:
  - target: edge
    strength: strong
---
N
	at 2026-03-25 "topic: support edge"
	git checkout -q main
	GIT_AUTHOR_DATE=2026-03-28T12:00:00+00:00 GIT_COMMITTER_DATE=2026-03-28T12:00:00+00:00 \
		git merge -q --no-ff -m "merge topic" topic
	run -0 --separate-stderr git thesis report -o page.html
	[ -z "$stderr" ]
	facts page.html
	has '^row edge position held 2 0$'
	has '^event edge 2026-03-28 [0-9a-f]{7} mapping-added - \| mapping added: strong supports$'
	has '^marker edge mapping-added 1 [0-9a-f]{7} \| 2026-03-28 [0-9a-f]{7} Test Author\|merge topic\|r/four.md: mapping added: strong supports$'
}

@test "report: long histories: markers aggregated, tables capped, said so" {
	new_repo
	note p/edge.md <<'N'
---
position: edge
status: held
---
N
	printf -- '---\nmaps:\n  - target: edge\n    strength: strong\n---\n' >r.md
	commit "start"
	for i in $(seq 1 125); do
		sed -i 's/strength: strong/strength: weak/' r.md
		commit "weak $i"
		sed -i 's/strength: weak/strength: strong/' r.md
		commit "strong $i"
	done
	run -0 --separate-stderr git thesis report -o page.html
	[ -z "$stderr" ]
	facts page.html
	# 252 events: declared, mapping added, 250 re-weightings.
	has '^rowevents edge 252$'
	[ "$(count '^event edge')" -eq 200 ]
	has '^cut edge The last 200 of 252 events, newest first; 52 earlier events are left out.$'
	# Two commits a minute over a one-day axis share columns.
	markers=$(count '^marker edge')
	[ "$markers" -lt 252 ]
	[ "$(grep '^marker edge' "$facts" | cut -d' ' -f4 | paste -sd+ | bc)" -eq 252 ]
	grep -q 'events close together share a dot' page.html
	has '^marker edge reweighted [2-9] [0-9a-f]{7} \| [2-9] events, '
	# The score swings between +1 and +3 within a column: both drawn.
	grep -qE 'class="score" d="[^"]*H[0-9]+V(150V132|132V150)' page.html
}

@test "report: a size budget aggregates markers and shortens tables" {
	new_repo
	note p/edge.md <<'N'
---
position: edge
status: held
---
N
	for i in $(seq 1 60); do
		printf -- '---\nmaps:\n  - target: edge\n    strength: weak\n---\n' >"r$i.md"
		git add -A
		GIT_COMMITTER_DATE="@$((1770000000 + i * 86400)) +0000" \
		GIT_AUTHOR_DATE="@$((1770000000 + i * 86400)) +0000" \
			git commit -q -m "add r$i"
	done
	run -0 git thesis report -o big.html
	facts big.html
	# The first commit declares edge and adds r1: one marker, two events.
	[ "$(count '^marker edge')" -eq 60 ]
	[ "$(count '^event edge')" -eq 61 ]
	! grep -q 'To keep this page small' big.html
	GIT_THESIS_REPORT_MAX_BYTES=30000 run -0 git thesis report -o small.html
	[ "$(wc -c <small.html)" -le 30000 ]
	facts small.html
	markers=$(count '^marker edge')
	[ "$markers" -lt 60 ]
	[ "$(grep '^marker edge' "$facts" | cut -d' ' -f4 | paste -sd+ | bc)" -eq 61 ]
	grep -q 'To keep this page small, events up to [0-9]* times further apart share a dot' small.html
	grep -q 'Event tables show at most the last [0-9]* events of a target' small.html
	has '^cut edge The last [0-9]+ of 61 events, newest first; [0-9]+ earlier events are left out.$'
}

@test "report: hostile notes are text, never markup, attributes or links" {
	new_repo
	note '06-reference/<img src=x onerror=alert(2)> "onmouseover=alert(3) x=".md' <<'N'
---
title: "<script>alert(1)</script>"
maps:
  - target: edge
    strength: strong
    effect: challenges
    why: "javascript:alert(4)"
---
[link](javascript:alert(5)) and [[edge]]
N
	note p/edge.md <<'N'
---
position: edge
title: "<script>alert(1)</script>"
stance: "\"onmouseover=alert(6) x=\" <b>bold</b> & javascript:alert(7)"
status: "held\"><script>alert(8)</script>"
confidence: "<i>high</i>"
---
N
	commit '<script>alert(9)</script> "onmouseover=alert(10)' \
		'Mallory &amp; "x" <m@example.com>'
	sed -i 's/strength: strong/strength: weak/' 06-reference/*.md
	commit 'javascript:alert(11)'
	run -0 --separate-stderr git thesis report -o page.html --commit-url 'https://example.com/%H'
	[ -z "$stderr" ]
	facts --text page.html
	# Our one script; no element, attribute or link from a note.
	[ "$(grep -oi '<script' page.html | wc -l)" -eq 1 ]
	has '^script 1$'
	! grep -qiE '<(img|b|i)[ >]' page.html
	! grep -qiE ' on[a-z]+=' page.html
	[ "$(grep '^href ' "$facts" | grep -cvE '^href (#t[0-9]+|#axis|https://example.com/[0-9a-f]{40})$')" -eq 0 ]
	# The hostile strings are there, as text.
	has '^text .*<script>alert\(1\)</script>'
	has '^text .*"onmouseover=alert\(6\) x=" <b>bold</b> & javascript:alert\(7\)'
	has '^text .*held"><script>alert\(8\)</script>'
	has '^text .*<script>alert\(9\)</script> "onmouseover=alert\(10\)'
	has '^text .*Mallory &amp; "x'
	has '^text .*06-reference/<img src=x onerror=alert\(2\)> "onmouseover=alert\(3\) x=".md'
	has '^row edge position held"><script>alert\(8\)</script> -1 0$'
	# A status outside the vocabulary gets a class of our own.
	grep -q 'class="band st-other" data-status="held&quot;&gt;&lt;script&gt;alert(8)&lt;/script&gt;"' page.html
	# The SVG alone is well-formed XML with the same text.
	run -0 git thesis report --format=svg --target edge -o edge.svg
	facts --svg edge.svg
	[ "$(count '^script')" -eq 0 ]
	grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' edge.svg
}

@test "report: the Content-Security-Policy allows exactly the page's script" {
	example
	run -0 git thesis report -o page.html
	python3 - page.html <<'PY'
import base64, hashlib, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
assert len(scripts) == 1, scripts
want = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
assert "default-src 'none'" in csp, csp
assert "script-src 'sha256-%s'" % want in csp, (csp, want)
PY
}

@test "report: tracked scores agree with the vault along random histories" {
	for seed in 3 11; do
		python3 "$BATS_TEST_DIRNAME/gen-random-history.py" \
			"$BATS_TEST_TMPDIR/r$seed" "$seed" 80 >/dev/null
		cd "$BATS_TEST_TMPDIR/r$seed"
		for rev in HEAD HEAD~20 HEAD~40; do
			git rev-parse -q --verify "$rev^{commit}" >/dev/null || continue
			# A mismatch is a warning on stderr.
			run -0 --separate-stderr git thesis report "$rev" -o page.html
			[ -z "$stderr" ]
			run -0 --separate-stderr git thesis report "$rev~10..$rev" -o page.html
			[ -z "$stderr" ]
			python3 "$BATS_TEST_DIRNAME/report-html.py" page.html >/dev/null
		done
	done
}

@test "report: make demo writes the page, and a real browser renders it" {
	local demo=$BATS_TEST_TMPDIR/demo
	run -0 sh "$top/tests/fixtures/demo.sh" "$GIT_THESIS_BIN" "$demo"
	[ "${lines[${#lines[@]} - 1]}" = "Wrote $demo/thesis-report.html" ]
	# The story in the terminal says what the page says.
	[[ "$output" == *'questioned  6 May 2026  (was held; confidence high -> medium)'* ]]
	[[ "$output" == *'    Why: the Stratechery piece makes inference hosting a separate decision'* ]]
	facts "$demo/thesis-report.html"
	[ "$(count '^row ')" -eq 2 ]
	# The labels are text in the timeline's SVG, not pictures of text.
	python3 - "$demo/thesis-report.html" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
svg = page[page.index('<svg class="timeline"'):]
svg = svg[:svg.index("</svg>")]
for want in ("questioned</tspan> 6 May 2026",
             "Why: the Stratechery piece makes inference hosting a separate decision",
             "revised</tspan> 1 Jun 2026", "1 supporting, 1 challenging",
             ">high</text>", ">medium</text>", ">low</text>"):
    assert want in svg, want
PY
	command -v chromium >/dev/null || skip "chromium is not installed"
	run -0 sh "$BATS_TEST_DIRNAME/report-browser.sh" \
		"$demo/thesis-report.html" "$BATS_TEST_TMPDIR/demo.png"
	[ -s "$BATS_TEST_TMPDIR/demo.png" ]
	command -v pdftoppm >/dev/null || skip "pdftoppm is not installed"
	# Printed, in greyscale too: not blank, and the labels are on paper.
	run -0 sh "$BATS_TEST_DIRNAME/report-browser.sh" --print --gray \
		"$demo/thesis-report.html" "$BATS_TEST_TMPDIR/print.png"
	[ -s "$BATS_TEST_TMPDIR/print.png" ]
	pdftotext -layout "$BATS_TEST_TMPDIR/print.png.pdf" "$BATS_TEST_TMPDIR/print.txt"
	grep -q 'questioned 6 May 2026' "$BATS_TEST_TMPDIR/print.txt"
	grep -q 'Why: the Stratechery piece makes inference hosting a separate decision' "$BATS_TEST_TMPDIR/print.txt"
	grep -q 'revised 1 Jun 2026' "$BATS_TEST_TMPDIR/print.txt"
}

@test "report: never writes through a symbolic link a repository planted" {
	example
	echo "export PATH=/usr/bin" >"$BATS_TEST_TMPDIR/bashrc"
	ln -s "$BATS_TEST_TMPDIR/bashrc" thesis-report.html
	git add thesis-report.html
	git commit -q -m "plant a link"
	run -128 git thesis report
	[ "$output" = "git-thesis: error: 'thesis-report.html' is a symbolic link; refusing to write through it (remove it, or give another -o)" ]
	[ "$(cat "$BATS_TEST_TMPDIR/bashrc")" = "export PATH=/usr/bin" ]
	[ -L thesis-report.html ]
	# -o naming a link (to a file, or dangling) is refused the same way.
	ln -s "$BATS_TEST_TMPDIR/bashrc" page.html
	ln -s "$BATS_TEST_TMPDIR/nothing-here" dangling.html
	run -128 git thesis report -o page.html
	[[ "$output" == *"'page.html' is a symbolic link; refusing"* ]]
	run -128 git thesis report --format=svg --target cloudflare-first -o dangling.html
	[[ "$output" == *"'dangling.html' is a symbolic link; refusing"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/nothing-here" ]
	[ "$(cat "$BATS_TEST_TMPDIR/bashrc")" = "export PATH=/usr/bin" ]
	# A FIFO is still written through, and - is standard output.
	mkfifo pipe
	cat pipe >from-pipe &
	run -0 git thesis report -o pipe
	wait
	[ "$output" = "Wrote pipe" ]
	head -c 15 from-pipe | grep -q '<!DOCTYPE html>'
	run -0 --separate-stderr git thesis report -o -
	[ "${output:0:15}" = "<!DOCTYPE html>" ]
	[ "$stderr" = "Wrote the report to standard output." ]
	# A regular file is replaced, its mode kept, no temporary file left.
	echo old >page2.html
	chmod 640 page2.html
	run -0 git thesis report -o page2.html
	[ "$(stat -c %a page2.html)" = 640 ]
	[ "$(ls | grep -c 'page2.html.')" -eq 0 ]
}

@test "report: --since after the tip is an error, not an empty page" {
	example
	run -128 git thesis report --since 2027-01-01 -o page.html
	[ "$output" = "git-thesis: fatal: --since is after the last commit of the range (2026-06-08): nothing to show" ]
	[ ! -e page.html ]
	run -0 git thesis report --since 2026-06-01 -o page.html
}

@test "report: an undeclared --target is not counted as a thesis" {
	example
	run -0 git thesis report --target ray-data-co --target cloudflare-first -o page.html
	grep -q '1 position and 0 theses (and 1 undeclared target asked for)' page.html
}

@test "report: statuses have distinct colours for deuteranopes and patterns" {
	example
	run -0 git thesis report -o page.html
	run -0 python3 "$BATS_TEST_DIRNAME/report-colours.py" page.html
	echo "$output"
	# Every status band has a pattern, and every status a word in the band.
	for s in questioned revised retired emerging corroborated contested refuted; do
		grep -q "<pattern id=\"p-$s\"" page.html
	done
	grep -q '<text class="bt light" x="[0-9]*" y="[0-9]*">questioned</text>' page.html
	grep -q '@media print' page.html
}

@test "show --history: each status with its date, commit, Why: and evidence" {
	example
	run -0 git thesis show cloudflare-first --history --at HEAD~2
	[ "$output" = "position cloudflare-first-hosting  Cloudflare-first hosting

held  2 Mar 2026  (declared, confidence high)
    867a4a1 2026-03-02 Dana Founder  Add hosting position and LLM thesis

questioned  6 May 2026  (was held; confidence high -> medium)
    dfd4184 2026-05-06 Dana Founder  Question Cloudflare-first hosting
    Why: the Stratechery piece makes inference hosting a separate decision
    evidence before it: 1 supporting, 1 challenging
      + 06-reference/cloudflare-workers-ai-pricing.md  strong supports      (b4ab0e4 10 Apr 2026)
      + 06-reference/stratechery-amazon-durability.md  moderate challenges  (9c41045 4 May 2026)

revised  1 Jun 2026  (was questioned)
    1e7d242 2026-06-01 Dana Founder  Revise hosting: inference moves to AWS
    Why: three challenging datapoints on inference cost and neutrality
    evidence before it: 1 challenging
      + 06-reference/aws-bedrock-egress-costs.md  strong challenges  (3ddbf8b 20 May 2026)

stances
  2 Mar 2026 to 1 Jun 2026: Run all infrastructure on Cloudflare first.
    changed by 1e7d242: three challenging datapoints on inference cost and neutrality
  1 Jun 2026 to now: Run edge and static workloads on Cloudflare; host inference on AWS." ]
	# --at: the story up to that commit; the evidence since its last change.
	# The tip: the open question asked since the revision.
	run -0 git thesis show cloudflare-first --history
	[[ "$output" == *"since the last status change
    evidence: 1 question
      ? 06-reference/semianalysis-inference-price-war.md  Open question for the founder: if the cheapest tokens live inside AWS"* ]]
	run -0 git thesis show cloudflare-first --history --at HEAD~3
	[[ "$output" == *"since the last status change
    evidence: 1 challenging
      + 06-reference/aws-bedrock-egress-costs.md  strong challenges  (3ddbf8b 20 May 2026)"* ]]
	[[ "$output" != *"revised"* ]]
	# JSON says the same.
	git thesis show cloudflare-first --history --at HEAD~2 --format=json | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert s["id"] == "cloudflare-first-hosting" and s["status"] == "revised", s
h = s["history"]
assert [x["status"] for x in h] == ["held", "questioned", "revised"], h
q = h[1]
assert q["from"] == "held" and q["date"] == "2026-05-06", q
assert q["trailer_why"] == "the Stratechery piece makes inference hosting a separate decision", q
assert q["confidence_from"] == "high" and q["confidence"] == "medium", q
assert q["commit"].startswith("dfd4184") and q["author"] == "Dana Founder <dana@example.com>", q
e = q["evidence"]
assert (e["supports"], e["challenges"], e["total"]) == (1, 1, 2), e
assert [x["note"] for x in e["events"]] == ["06-reference/cloudflare-workers-ai-pricing.md", "06-reference/stratechery-amazon-durability.md"], e
assert set(e["events"][0]) == {"commit", "time", "author", "kind", "change", "target", "note", "field", "old", "new", "subject", "why"}
assert e["events"][1]["subject"] == "Reference: Stratechery on Amazon durability", e
assert e["events"][1]["why"] is None, e
# each event is the very object `log --format=json` writes for it
log = [json.loads(l) for l in sys.argv[1].splitlines()]
for ev in e["events"]:
    assert ev in log, ev
assert s["since_last_change"]["total"] == 0
st = s["stances"]
assert st[0]["stance"] == "Run all infrastructure on Cloudflare first.", st
assert st[0]["changed"]["trailer_why"] == "three challenging datapoints on inference cost and neutrality", st
assert st[1]["changed"] is None
assert s["questions"] == []
' "$(git thesis log --format=json HEAD~2)"
	# Evidence whose commit says why carries it.
	note 06-reference/edge-latency.md <<'N'
---
maps:
  - target: cloudflare-first-hosting
    strength: weak
    effect: supports
---
Edge latency notes.
N
	git add -A
	git commit -q -m "Reference: edge latency" -m "Why: latency still favours the edge"
	git thesis show cloudflare-first --history --format=json | python3 -c '
import json, sys
s = json.load(sys.stdin)
ev = s["since_last_change"]["events"]
assert [(x["kind"], x["subject"], x["why"]) for x in ev] == [
    ("question", "Reference: SemiAnalysis on the inference price war", None),
    ("mapping", "Reference: edge latency", "latency still favours the edge")], ev
assert s["questions"][0]["subject"] == ev[0]["subject"], s["questions"]
'
	# The page and the terminal tell one story.
	run -0 git thesis report -o page.html
	facts page.html
	has '^step cloudflare-first-hosting questioned \| questioned on 6 May 2026, was held; confidence high → medium\. Evidence before it: 1 supporting, 1 challenging\.'
	run -128 git thesis show nope --history
	[[ "$output" == *"no position, thesis or mapped target 'nope'"* ]]
}

@test "show --history: a rename continues the story; a range start" {
	known_history
	run -0 git thesis show agent-economy --history
	[[ "$output" == "thesis agent-economy"* ]]
	[[ "$output" == *"emerging  1 Jan 2026  (declared, confidence 0.6)"* ]]
	[[ "$output" == *"stances
  10 Mar 2026 to now: Agents do the work."* ]]
	run -0 git thesis show edge --history
	[ "$(grep -c '^held\|^questioned' <<<"$output")" -eq 3 ]
	[[ "$output" == *"questioned  1 Feb 2026  (was held; confidence high -> medium)"* ]]
	[[ "$output" == *"    evidence before it: 1 challenging
      + r/one.md  strong challenges  ("* ]]
}

@test "show: mappings strongest first, then by note; JSON in the same order" {
	new_repo
	note p/edge.md <<'N'
---
position: edge
status: held
---
N
	printf -- '---\nmaps:\n  - target: edge\n    strength: weak\n---\n' >a.md
	printf -- '---\nmaps:\n  - target: edge\n    strength: STRONG\n    effect: challenges\n---\n' >z.md
	printf -- '---\nmaps:\n  - target: edge\n    strength: moderate\n---\n' >m.md
	printf -- '---\nmaps:\n  - target: edge\n    strength: strong\n---\n' >b.md
	printf -- '---\nmaps:\n  - target: edge\n    strength: huge\n---\n' >c.md
	commit "maps"
	run -0 git thesis show edge
	[ "$(grep -E '^  [a-z-]+ [a-z]+ +[a-z]\.md$' <<<"$output" | awk '{print $1, $3}' | tr '\n' ' ')" = "strong b.md strong z.md moderate m.md weak a.md huge c.md " ]
	run -0 git thesis show edge --format=json
	[ "$(jq -r '.mappings[].note' <<<"$output" | tr '\n' ' ')" = "b.md z.md m.md a.md c.md " ]
}
