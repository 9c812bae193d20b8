#!/usr/bin/env bats
# git thesis sync: a bare remote and two clones, a and b, that both start
# from the same seeded vault with upstream set by `git push -u` / clone.

bats_require_minimum_version 1.5.0
load helpers

POS=07-positions/cloudflare-first-hosting.md
REF=06-reference/egress.md

setup() {
	common_setup
	real_git=$(command -v git)
	remote=$BATS_TEST_TMPDIR/remote.git
	A=$BATS_TEST_TMPDIR/a
	B=$BATS_TEST_TMPDIR/b
	git init -q --bare "$remote"
	new_repo "$A"
	note "$POS" <<'EOF'
---
position: cloudflare-first-hosting
title: Cloudflare-first hosting
status: held
confidence: high
owner: founder
tags: [infra]
---
# Cloudflare-first hosting

## Stance

Run all infrastructure on Cloudflare first.
EOF
	note "$REF" <<'EOF'
---
title: Egress costs
maps:
  - target: cloudflare-first-hosting
    strength: strong
    effect: challenges
---
Line one.
Line two.
Line three.
Line four.
Line five.
EOF
	note notes/plain.md <<'EOF'
# Plain

Nothing to see.
EOF
	commit "seed"
	git remote add origin "$remote"
	git push -q -u origin main
	git clone -q "$remote" "$B"
	git -C "$B" config thesis.sync.message "sync %n: %f"
	git config thesis.sync.message "sync %n: %f"
}

# set_key <file> <key> <value>: rewrites the top-level key's line.
set_key() {
	sed -i "s/^$2: .*/$2: $3/" "$1"
}

remote_head() {
	git --git-dir="$remote" rev-parse main
}

# A snapshot of everything sync could change, for "nothing changed".
state() {
	printf '%s\n' "$(git rev-parse HEAD 2>/dev/null)"
	git status --porcelain
	git for-each-ref --format='%(refname) %(objectname)'
	remote_head
}

no_markers() {
	! grep -rIl --exclude-dir=.git -e '^<<<<<<<' -e '^>>>>>>>' "$@"
}

# A `git` on PATH that runs $ON_FETCH after a fetch and $ON_PUSH before a
# push (each at most once, guarded by a file), then the real git.
wrap_git() {
	mkdir -p "$BATS_TEST_TMPDIR/wrap"
	cat > "$BATS_TEST_TMPDIR/wrap/git" <<EOF
#!/bin/sh
real=$real_git
if [ "\$1" = fetch ] && [ -n "\${ON_FETCH:-}" ] && [ ! -e "$BATS_TEST_TMPDIR/fetch.done" ]; then
	"\$real" "\$@" || exit \$?
	touch "$BATS_TEST_TMPDIR/fetch.done"
	sh -c "\$ON_FETCH"
	exit 0
fi
if [ "\$1" = push ] && [ -n "\${ON_PUSH:-}" ] && [ ! -e "$BATS_TEST_TMPDIR/push.done" ]; then
	touch "$BATS_TEST_TMPDIR/push.done"
	sh -c "\$ON_PUSH"
fi
exec "\$real" "\$@"
EOF
	chmod +x "$BATS_TEST_TMPDIR/wrap/git"
}

@test "sync: ahead pushes, with trailers and the message template" {
	set_key "$POS" status revised
	run -0 thesis sync
	[ "${lines[0]:0:18}" = "Committed 1 file a" ]
	[ "${lines[1]}" = "Pushed main to origin/main." ]
	[ "${lines[2]}" = "In sync with origin/main." ]
	[ "$(remote_head)" = "$(git rev-parse HEAD)" ]
	run -0 git log -1 --format=%B
	expect_output <<'OUT'
sync 1: 07-positions/cloudflare-first-hosting.md

Position-Change: cloudflare-first-hosting status held -> revised
OUT
	[ -z "$(git status --porcelain)" ]
	grep -q ' push: origin .*: ok$' .git/thesis/sync.log
	grep -q ' done: exit 0$' .git/thesis/sync.log
	[ ! -e .git/thesis-sync.lock ]
}

@test "sync: behind fast-forwards and reports what came in" {
	cd "$B"
	set_key "$POS" confidence low
	run -0 thesis sync --quiet
	[ -z "$output" ]
	cd "$A"
	local before
	before=$(git rev-parse HEAD)
	run -0 thesis sync
	[ "${lines[0]}" = "Fast-forwarded main to $(git rev-parse --short HEAD) from origin/main." ]
	[ "$(git rev-parse HEAD)" = "$(remote_head)" ]
	[ "$(git rev-parse HEAD^)" = "$before" ]
	grep -q '^confidence: low$' "$POS"
	[ -z "$(git status --porcelain)" ]
	[ "${lines[1]}" = "In sync with origin/main." ]
	[ "${lines[2]}" = "Incoming:" ]
	[[ "${lines[3]}" == *"sync 1: 07-positions/cloudflare-first-hosting.md" ]]
	[ "${lines[4]}" = "    cloudflare-first-hosting  confidence  high -> low" ]
}

@test "sync: JSON report lines are git thesis log's" {
	cd "$B"
	set_key "$POS" status questioned
	thesis sync -q
	cd "$A"
	local before
	before=$(git rev-parse HEAD)
	run -0 --separate-stderr thesis sync --format=json
	local got=$output
	run -0 git thesis log --format=json "$before..HEAD"
	[ -n "$output" ]
	[ "$got" = "$output" ]
	[[ "$got" == '{"commit":"'*'"kind":"position","change":"modified","target":"cloudflare-first-hosting","note":"07-positions/cloudflare-first-hosting.md","field":"status","old":"held","new":"questioned","subject":"'*'","why":'*'}' ]]
}

@test "sync: diverged on different notes merges in memory" {
	cd "$B"
	echo "Line six." >> "$REF"
	thesis sync -q
	cd "$A"
	set_key "$POS" status revised
	run -0 thesis sync
	[[ "$output" == *"Merged origin/main into main as "* ]]
	[ "$(git rev-parse HEAD)" = "$(remote_head)" ]
	[ "$(git rev-list --parents -n1 HEAD | wc -w)" = 3 ]
	grep -q '^status: revised$' "$POS"
	grep -q '^Line six.$' "$REF"
	[ -z "$(git status --porcelain)" ]
	[ ! -e .git/MERGE_HEAD ]
	cd "$B"
	run -0 thesis sync
	[ "$(git rev-parse HEAD^{tree})" = "$(git -C "$A" rev-parse HEAD^{tree})" ]
}

@test "sync: different keys of one note on adjacent lines merge cleanly" {
	cd "$B"
	set_key "$POS" confidence low
	thesis sync -q
	cd "$A"
	set_key "$POS" status revised
	run -0 thesis sync
	run -0 sed -n 2,8p "$POS"
	expect_output <<'OUT'
position: cloudflare-first-hosting
title: Cloudflare-first hosting
status: revised
confidence: low
owner: founder
tags: [infra]
---
OUT
	[ "$(git rev-parse HEAD)" = "$(remote_head)" ]
	cd "$B"
	thesis sync -q
	[ "$(git rev-parse HEAD^{tree})" = "$(git -C "$A" rev-parse HEAD^{tree})" ]
}

@test "sync: tags and maps merge as sets" {
	cd "$B"
	sed -i 's/^tags: \[infra\]/tags: [infra, edge]/' "$POS"
	cat > "$REF" <<'EOF'
---
title: Egress costs
maps:
  - target: cloudflare-first-hosting
    strength: strong
    effect: challenges
  - target: llm-commoditization
    strength: weak
---
Line one.
Line two.
Line three.
Line four.
Line five.
EOF
	thesis sync -q
	cd "$A"
	sed -i 's/^tags: \[infra\]/tags: [infra, cost]/' "$POS"
	sed -i 's/strength: strong/strength: moderate/' "$REF"
	run -0 thesis sync
	grep -q '^tags: \[infra, cost, edge\]$' "$POS"
	run -0 sed -n 3,9p "$REF"
	expect_output <<'OUT'
maps:
  - target: cloudflare-first-hosting
    strength: moderate
    effect: challenges
  - target: llm-commoditization
    strength: weak
---
OUT
}

@test "sync: a true conflict keeps both, changes nothing and pushes nothing" {
	set_key "$POS" status retired
	thesis sync -q
	local theirs
	theirs=$(remote_head)
	cd "$B"
	set_key "$POS" status revised
	git -C "$B" config thesis.sync.message "revise"
	run -1 thesis sync
	[ "${lines[1]}" = "Conflict with origin/main: nothing merged, nothing pushed." ]
	[ "${lines[2]}" = "07-positions/cloudflare-first-hosting.md: cloudflare-first-hosting status: yours revised, theirs retired" ]
	[ "${lines[3]}" = "Your commit stays on main; theirs is kept as refs/thesis/conflicts/main." ]
	# The local commit is kept, theirs is reachable, the remote untouched.
	[ "$(git log -1 --format=%s)" = "revise" ]
	[ "$(git rev-parse refs/thesis/conflicts/main)" = "$theirs" ]
	[ "$(remote_head)" = "$theirs" ]
	grep -q '^status: revised$' "$POS"
	[ -z "$(git status --porcelain)" ]
	[ ! -e .git/MERGE_HEAD ] && [ ! -e .git/rebase-merge ] && [ ! -e .git/rebase-apply ]
	[ -z "$(git ls-files -u)" ]
	no_markers .
	grep -q 'conflict: 07-positions/cloudflare-first-hosting.md: cloudflare-first-hosting status' .git/thesis/sync.log
	# Syncing again without --resolve reports the same conflict.
	run -1 thesis sync
	[[ "$output" == *"status: yours revised, theirs retired"* ]]
}

@test "sync: a body conflict names the lines of your version" {
	sed -i 's/^Line three.$/Line 3 (a)./' "$REF"
	thesis sync -q
	cd "$B"
	sed -i 's/^Line three.$/Line 3 (b)./; s/^Line four.$/Line 4 (b)./' "$REF"
	run -1 thesis sync
	[ "${lines[2]}" = "06-reference/egress.md: body lines 10-11 changed on both sides" ]
	no_markers .
}

@test "sync: --resolve ours and --resolve theirs settle a conflict" {
	set_key "$POS" status retired
	sed -i 's/^Line two.$/Line 2 (a)./' "$REF"
	thesis sync -q
	cd "$B"
	set_key "$POS" status revised
	sed -i 's/^Line two.$/Line 2 (b)./' "$REF"
	run -1 thesis sync
	[ "${#lines[@]}" -ge 4 ]
	run -0 thesis sync --resolve ours
	grep -q '^status: revised$' "$POS"
	grep -q '^Line 2 (b).$' "$REF"
	[ "$(git rev-parse HEAD)" = "$(remote_head)" ]
	run -1 git rev-parse --verify -q refs/thesis/conflicts/main
	no_markers .

	# The other way round, from a.
	cd "$A"
	set_key "$POS" status questioned
	run -1 thesis sync
	[[ "$output" == *"cloudflare-first-hosting status: yours questioned, theirs revised"* ]]
	run -0 thesis sync --resolve theirs
	grep -q '^status: revised$' "$POS"
	[ "$(git rev-parse HEAD)" = "$(remote_head)" ]
	cd "$B"
	thesis sync -q
	[ "$(git rev-parse HEAD^{tree})" = "$(git -C "$A" rev-parse HEAD^{tree})" ]
}

@test "sync: a note deleted on one side and changed on the other" {
	git rm -q notes/plain.md
	thesis sync -q
	cd "$B"
	echo "More." >> notes/plain.md
	run -1 thesis sync
	[ "${lines[2]}" = "notes/plain.md: yours changed, theirs deleted or moved" ]
	[ -f notes/plain.md ]
	run -0 thesis sync --resolve ours
	[ "$(git --git-dir="$remote" show main:notes/plain.md | tail -1)" = "More." ]
}

@test "sync: a note moved on one side and edited on the other merges" {
	git mv notes/plain.md notes/renamed.md
	thesis sync -q
	cd "$B"
	echo "More." >> notes/plain.md
	run -0 thesis sync
	[ ! -e notes/plain.md ]
	[ "$(tail -1 notes/renamed.md)" = "More." ]
}

@test "sync: with --format=json a conflict is reported on stderr" {
	set_key "$POS" status retired
	thesis sync -q
	cd "$B"
	set_key "$POS" status revised
	run -1 --separate-stderr thesis sync --format=json
	[ -z "$output" ]
	[[ "$stderr" == *"07-positions/cloudflare-first-hosting.md: cloudflare-first-hosting status: yours revised, theirs retired"* ]]
}

@test "sync: git runs with no terminal, no prompt and batch-mode ssh" {
	wrap_git
	set_key "$POS" status revised
	run -0 env PATH="$BATS_TEST_TMPDIR/wrap:$PATH" \
		ON_FETCH="env > '$BATS_TEST_TMPDIR/env'; readlink /proc/self/fd/0 > '$BATS_TEST_TMPDIR/stdin'" \
		git-thesis sync
	grep -qx 'GIT_TERMINAL_PROMPT=0' "$BATS_TEST_TMPDIR/env"
	grep -qx 'GIT_SSH_COMMAND=ssh -o BatchMode=yes' "$BATS_TEST_TMPDIR/env"
	[ "$(cat "$BATS_TEST_TMPDIR/stdin")" = /dev/null ]
	# The user's own ssh command is left alone.
	rm "$BATS_TEST_TMPDIR/fetch.done"
	git config core.sshCommand "ssh -i key"
	run -0 env PATH="$BATS_TEST_TMPDIR/wrap:$PATH" \
		ON_FETCH="env > '$BATS_TEST_TMPDIR/env'" git-thesis sync
	run ! grep -q '^GIT_SSH_COMMAND=' "$BATS_TEST_TMPDIR/env"
}

@test "sync: a plain git merge of the kept ref works too" {
	set_key "$POS" status retired
	thesis sync -q
	cd "$B"
	set_key "$POS" status revised
	run -1 thesis sync
	run -0 git merge -q -X theirs -m "merge by hand" refs/thesis/conflicts/main
	grep -q '^status: retired$' "$POS"
	run -0 thesis sync
	[ "$(git rev-parse HEAD)" = "$(remote_head)" ]
	run -1 git rev-parse --verify -q refs/thesis/conflicts/main
}

@test "sync: a rejected push fetches, merges and pushes again" {
	wrap_git
	cd "$B"
	set_key "$POS" confidence low
	git commit -qam "b: confidence"
	cd "$A"
	set_key "$POS" status revised
	# Between a's fetch and its push, b pushes first.
	run -0 env PATH="$BATS_TEST_TMPDIR/wrap:$PATH" \
		ON_PUSH="cd '$B' && git push -q origin main" git-thesis sync
	[[ "$output" == *"origin/main moved meanwhile: fetching again."* ]]
	[[ "$output" == *"Merged origin/main into main as "* ]]
	[ "$(git rev-parse HEAD)" = "$(remote_head)" ]
	grep -q '^status: revised$' "$POS"
	grep -q '^confidence: low$' "$POS"
	grep -q 'push: origin: rejected, the remote moved' .git/thesis/sync.log
}

@test "sync: an unreachable remote keeps the commit and exits 4" {
	mv "$remote" "$remote.away"
	set_key "$POS" status revised
	local before
	before=$(git rev-parse HEAD)
	run -4 thesis sync
	[[ "$output" == *"cannot fetch from 'origin' (unreachable)"* ]]
	[ "$(git rev-parse HEAD^)" = "$before" ]
	[ -z "$(git status --porcelain)" ]
	# From a timer: not a word.
	set_key "$POS" status retired
	run -4 thesis sync --quiet
	[ -z "$output" ]
	grep -q 'fetch: origin: failed (unreachable)' .git/thesis/sync.log
	# Back online: everything goes out.
	mv "$remote.away" "$remote"
	run -0 thesis sync
	[ "$(git rev-parse HEAD)" = "$(remote_head)" ]
}

@test "sync: a fetch that hangs is killed after thesis.sync.timeout" {
	wrap_git
	git config thesis.sync.timeout 1
	set_key "$POS" status revised
	local start=$SECONDS
	run -4 env PATH="$BATS_TEST_TMPDIR/wrap:$PATH" ON_FETCH="sleep 30" \
		git-thesis sync
	[ $((SECONDS - start)) -lt 10 ]
	[[ "$output" == *"timed out after 1 s"* ]]
}

@test "sync: unsafe states refuse with exit 2 and change nothing" {
	local before after
	check_unsafe() {
		before=$(state)
		run -2 thesis sync
		[[ "$output" == *"$1"* ]]
		[[ "$output" == *"nothing changed"* ]]
		after=$(state)
		[ "$before" = "$after" ]
	}
	# A merge in progress, with unmerged entries.
	git checkout -q -b side
	set_key "$POS" status retired
	git commit -qam side
	git checkout -q main
	set_key "$POS" status questioned
	git commit -qam main
	run ! git merge -q side
	check_unsafe "a merge is in progress"
	# Unmerged entries without a merge state.
	rm .git/MERGE_HEAD .git/MERGE_MSG .git/MERGE_MODE
	check_unsafe "the index has unmerged entries"
	git reset -q --hard
	# From here on there is a change sync would commit.
	set_key "$POS" status revised
	for st in CHERRY_PICK_HEAD:cherry-pick REVERT_HEAD:revert \
		BISECT_LOG:bisect rebase-merge:rebase rebase-apply:rebase; do
		if [[ "${st%%:*}" == rebase* ]]; then
			# As git rebase leaves them (rebase-apply: the am backend).
			mkdir ".git/${st%%:*}"
			touch ".git/${st%%:*}/rebasing"
		else
			git rev-parse HEAD > ".git/${st%%:*}"
		fi
		check_unsafe "a ${st#*:} is in progress"
		rm -rf ".git/${st%%:*}"
	done
	touch .git/index.lock
	check_unsafe "index.lock exists"
	rm .git/index.lock
	# A sync holds the lock with flock(2) and writes its pid in it.
	sh -c 'exec 9<>.git/thesis-sync.lock; flock 9; echo $$ >&9;
		exec sleep 30' &
	local holder=$!
	while [ ! -s .git/thesis-sync.lock ]; do sleep 0.1; done
	check_unsafe "another git thesis sync is running (pid $holder)"
	kill $holder
	wait $holder || :
	rm .git/thesis-sync.lock
	git checkout -q --detach
	check_unsafe "HEAD is detached"
	git checkout -q main
	git branch -q --unset-upstream
	check_unsafe "branch 'main' has no upstream"
	git branch -q -u origin/main
	printf '<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> other\n' >> "$REF"
	check_unsafe "'06-reference/egress.md' contains conflict markers"
	git checkout -q -- "$REF"
	# Only the safety checks: nothing changes either way.
	before=$(state)
	run -0 thesis sync --check
	[ "$output" = "Safe to sync: main tracks origin/main." ]
	[ "$before" = "$(state)" ]
	[ ! -e .git/thesis-sync.lock ]
}

@test "sync: a stale lock of a dead process is taken over" {
	echo 999999 > .git/thesis-sync.lock
	set_key "$POS" status revised
	run -0 thesis sync
	[ ! -e .git/thesis-sync.lock ]
	grep -q 'taking over a stale lock of pid 999999' .git/thesis/sync.log
}

@test "sync: thesis.remote and thesis.branch stand in for an upstream" {
	git branch -q --unset-upstream
	git config thesis.remote origin
	set_key "$POS" status revised
	run -0 thesis sync
	[ "$(git rev-parse HEAD)" = "$(remote_head)" ]
}

@test "sync: a file changed while syncing is never overwritten" {
	wrap_git
	cd "$B"
	set_key "$POS" confidence low
	thesis sync -q
	cd "$A"
	local before
	before=$(git rev-parse HEAD)
	# During the fetch the user edits the note the remote changed.
	run -2 env PATH="$BATS_TEST_TMPDIR/wrap:$PATH" \
		ON_FETCH="sed -i 's/^owner: founder/owner: me/' '$A/$POS'" \
		git-thesis sync
	[[ "$output" == *"changed while syncing, not overwritten: $POS"* ]]
	[ "$(git rev-parse HEAD)" = "$before" ]
	grep -q '^owner: me$' "$POS"
	grep -q '^confidence: high$' "$POS"
	# The next sync commits the edit and merges.
	run -0 thesis sync
	grep -q '^owner: me$' "$POS"
	grep -q '^confidence: low$' "$POS"
	[ "$(git rev-parse HEAD)" = "$(remote_head)" ]
}

@test "sync: a dirty file outside the vault blocks the merge, not lost" {
	git config thesis.vault 07-positions
	echo "readme" > README.md
	git add README.md
	git commit -qm readme
	git push -q
	cd "$B"
	git pull -q
	echo "theirs" > README.md
	git commit -qam "b readme"
	git push -q
	cd "$A"
	echo "mine, not committed" > README.md
	set_key "$POS" status revised
	run -2 thesis sync
	[[ "$output" == *"not overwritten: README.md"* ]]
	[ "$(cat README.md)" = "mine, not committed" ]
	# The vault's change was committed, README.md was not.
	[ "$(git log -1 --format=%s)" = "sync 1: cloudflare-first-hosting.md" ]
	[ "$(git status --porcelain)" = " M README.md" ]
}

@test "sync: workspace settings and excluded files are not committed" {
	git config --add thesis.sync.exclude '*.tmp'
	git config --add thesis.sync.exclude 'drafts/'
	mkdir -p .obsidian drafts
	echo '{}' > .obsidian/workspace.json
	echo '{}' > .obsidian/workspace-mobile.json
	echo '{"theme":"dark"}' > .obsidian/app.json
	echo scratch > notes/x.tmp
	echo draft > drafts/d.md
	echo "# New" > notes/new.md
	run -0 thesis sync
	run -0 git ls-files .obsidian notes drafts
	expect_output <<'OUT'
.obsidian/app.json
notes/new.md
notes/plain.md
OUT
	run -0 git log -1 --format=%s
	[ "$output" = "sync 2: .obsidian/app.json, notes/new.md" ]
}

@test "sync: deleted and new notes, paths with spaces and non-ASCII" {
	note "notes/ümlaut and space.md" <<'EOF'
---
title: Ü
---
EOF
	mkdir -p "a b"
	printf 'x\n' > "a b/c d.png"
	git rm -q notes/plain.md
	run -0 thesis sync
	cd "$B"
	run -0 thesis sync
	[ -f "notes/ümlaut and space.md" ]
	[ -f "a b/c d.png" ]
	[ ! -e notes/plain.md ]
	# A conflict on such a path is reported with the path as it is.
	echo "b" >> "notes/ümlaut and space.md"
	thesis sync -q
	cd "$A"
	echo "a" >> "notes/ümlaut and space.md"
	run -1 thesis sync
	[ "${lines[2]}" = "notes/ümlaut and space.md: body line 4 changed on both sides" ]
}

@test "sync: --dry-run says what would happen and changes nothing" {
	cd "$B"
	set_key "$POS" status retired
	thesis sync -q
	cd "$A"
	git fetch -q
	set_key "$POS" status revised
	echo "# New" > notes/new.md
	local before
	before=$(state)
	run -1 thesis sync --dry-run
	expect_output <<'OUT'
Would commit 2 files: 07-positions/cloudflare-first-hosting.md, notes/new.md
Not fetching (--dry-run): comparing with origin/main as last fetched.
Would conflict with origin/main:
07-positions/cloudflare-first-hosting.md: cloudflare-first-hosting status: yours revised, theirs retired
OUT
	[ "$before" = "$(state)" ]
	[ ! -e .git/thesis/sync.log ]
	set_key "$POS" status retired
	run -0 thesis sync --dry-run
	[ "${lines[2]}" = "Would merge origin/main ($(git rev-parse --short origin/main)) cleanly and push." ]
	[ "$(git status --porcelain | wc -l)" = 2 ]
}

@test "sync: --no-push commits and merges but pushes nothing" {
	set_key "$POS" status revised
	local theirs
	theirs=$(remote_head)
	run -0 thesis sync --no-push
	[[ "$output" == *"Not pushed (--no-push): main is 1 commit ahead of origin/main."* ]]
	[ "$(remote_head)" = "$theirs" ]
	[ -z "$(git status --porcelain)" ]
}

@test "sync: usage errors exit 129" {
	run -129 thesis sync --resolve both
	run -129 thesis sync --dry-run --check
	run -129 thesis sync extra
	run -129 thesis sync -m ""
	[[ "$output" == *"-m needs a message"* ]]
	run -129 thesis sync --why "$(printf 'two\nlines')"
	[[ "$output" == *"--why needs a reason on one line"* ]]
	run -129 thesis sync --why ""
	[ -z "$(git status --porcelain)" ]
	[ ! -e .git/thesis/sync.log ]
}

@test "sync: a note with an error stays uncommitted; the rest syncs; exit 1" {
	# A typo in a position's status, staged, beside a good edit.
	sed -i 's/^status: .*/status: [held/' "$POS"
	git add "$POS"
	echo "Line six." >> "$REF"
	local theirs
	theirs=$(remote_head)
	run -1 thesis sync
	expect_output <<OUT
07-positions/cloudflare-first-hosting.md:5:11: error: did not find expected ',' or ']' while parsing a flow sequence
git-thesis: error: not committed, it has an error: 07-positions/cloudflare-first-hosting.md; fix it and sync again
Committed 1 file as $(git rev-parse --short HEAD).
Pushed main to origin/main.
In sync with origin/main.
OUT
	# The rest went out; the broken note stayed, out of the index.
	[ "$(remote_head)" = "$(git rev-parse HEAD)" ]
	[ "$(git rev-parse HEAD^)" = "$theirs" ]
	[ "$(git diff-tree --no-commit-id --name-only -r HEAD)" = "$REF" ]
	[ "$(git status --porcelain)" = " M $POS" ]
	grep -q '^status: \[held$' "$POS"
	run -0 git log -1 --format=%B
	[[ "$output" != *Position-Change* ]]
	grep -q ' check: held back: 07-positions/cloudflare-first-hosting.md$' \
		.git/thesis/sync.log
	# Fixed, it syncs as any change.
	set_key "$POS" revised
	set_key "$POS" status revised
	run -0 thesis sync -q
	[ -z "$(git status --porcelain)" ]
	run -0 git log -1 --format=%B
	[[ "$output" == *"Position-Change: cloudflare-first-hosting status held -> revised"* ]]
}

@test "sync: a new note that duplicates an id is held back with the note it clashes with" {
	git config --unset thesis.sync.message
	# Two notes declare the same id: neither is committed.
	note 07-positions/again.md <<'EOF'
---
position: cloudflare-first-hosting
status: retired
---
EOF
	set_key "$POS" confidence low
	echo "Line six." >> "$REF"
	run -1 --separate-stderr thesis sync
	[ "$stderr" = "07-positions/cloudflare-first-hosting.md:2: error: duplicate id 'cloudflare-first-hosting', first declared in 07-positions/again.md; this declaration is ignored
07-positions/cloudflare-first-hosting.md:2: error: duplicate id, declared again by this commit
git-thesis: error: not committed, they have an error: 07-positions/cloudflare-first-hosting.md, 07-positions/again.md; fix them and sync again" ]
	[ "$(git log -1 --format=%s)" = "vault sync: 1 note (egress)" ]
	[ "$(git status --porcelain)" = " M $POS
?? 07-positions/again.md" ]
	[ "$(remote_head)" = "$(git rev-parse HEAD)" ]
}

@test "sync: --dry-run names the notes it would leave out" {
	sed -i 's/^status: .*/status: [held/' "$POS"
	local before
	before=$(state)
	run -1 thesis sync --dry-run
	expect_output <<'OUT'
07-positions/cloudflare-first-hosting.md:5:11: error: did not find expected ',' or ']' while parsing a flow sequence
git-thesis: error: would not be committed, it has an error: 07-positions/cloudflare-first-hosting.md; fix it and sync again
Nothing to commit.
Not fetching (--dry-run): comparing with origin/main as last fetched.
OUT
	[ "$before" = "$(state)" ]
}

@test "sync: the default subject says how many notes and what changed" {
	git config --unset thesis.sync.message
	set_key "$POS" status revised
	set_key "$POS" confidence low
	thesis sync -q
	[ "$(git log -1 --format=%s)" = "vault sync: 1 note (cloudflare-first-hosting status/confidence)" ]
	echo "Line six." >> "$REF"
	echo "More." >> notes/plain.md
	printf 'PNG' > notes/chart.png
	thesis sync -q
	[ "$(git log -1 --format=%s)" = "vault sync: 2 notes, 1 file (egress, plain)" ]
	for n in a b c d; do echo "# $n" > "notes/$n.md"; done
	thesis sync -q
	[ "$(git log -1 --format=%s)" = "vault sync: 4 notes (a, b, c +1 more)" ]
	printf 'PNG2' > notes/chart.png
	thesis sync -q
	[ "$(git log -1 --format=%s)" = "vault sync: 1 file (chart.png)" ]
	note 07-positions/new.md <<'EOF'
---
thesis: rails-win
status: emerging
---
EOF
	git rm -q "$POS"
	thesis sync -q
	[ "$(git log -1 --format=%s)" = "vault sync: 2 notes (cloudflare-first-hosting removed, rails-win added)" ]
}

@test "sync: -m gives the message and --why the Why: trailer" {
	set_key "$POS" status questioned
	run -0 thesis sync -m "Question hosting" --why "egress doubled in a month"
	run -0 git log -1 --format=%B
	expect_output <<'OUT'
Question hosting

Position-Change: cloudflare-first-hosting status held -> questioned
Why: egress doubled in a month
OUT
	[ "$(git log -1 --format='%(trailers:key=Why,valueonly)')" = "egress doubled in a month" ]
}

@test "sync: --resolve with no conflict pending is an error and changes nothing" {
	set_key "$POS" status revised
	local before
	before=$(state)
	run -128 thesis sync --resolve ours
	[ "$output" = "git-thesis: error: no conflict to resolve: refs/thesis/conflicts/main does not exist; nothing changed" ]
	[ "$before" = "$(state)" ]
	[ ! -e .git/thesis-sync.lock ]
}

@test "sync: a lock file naming a live process that holds no lock is no lock" {
	# Any live pid, as a reused pid would be: only flock(2) counts.
	echo $$ > .git/thesis-sync.lock
	set_key "$POS" status revised
	run -0 thesis sync
	[ ! -e .git/thesis-sync.lock ]
	grep -q "taking over a stale lock of pid $$" .git/thesis/sync.log
}

@test "sync: concurrent syncs over a stale lock: exactly one runs" {
	# A fetch that waits for us, so the first sync holds the lock.
	cat > "$BATS_TEST_TMPDIR/upload-pack" <<EOF
#!/bin/sh
while [ ! -e "$BATS_TEST_TMPDIR/release" ]; do sleep 0.1; done
exec git-upload-pack "\$@"
EOF
	chmod +x "$BATS_TEST_TMPDIR/upload-pack"
	git config remote.origin.uploadpack "$BATS_TEST_TMPDIR/upload-pack"
	echo 999999 > .git/thesis-sync.lock
	set_key "$POS" status revised
	local i n=6 done_nr
	for i in $(seq $n); do
		(rc=0; git-thesis sync -q >/dev/null 2>&1 || rc=$?
		 echo $rc > "$BATS_TEST_TMPDIR/rc.$i") &
	done
	# All but the one that holds the lock give up at once.
	for i in $(seq 300); do
		done_nr=$(ls "$BATS_TEST_TMPDIR" | grep -c '^rc\.' || :)
		[ "$done_nr" -ge $((n - 1)) ] && break
		sleep 0.1
	done
	touch "$BATS_TEST_TMPDIR/release"
	wait
	run -0 sh -c "cat '$BATS_TEST_TMPDIR'/rc.* | sort | tr '\n' ' '"
	[ "$output" = "0 2 2 2 2 2 " ]
	[ "$(remote_head)" = "$(git rev-parse HEAD)" ]
	[ "$(grep -c ' done: exit 0$' .git/thesis/sync.log)" = 1 ]
	[ ! -e .git/thesis-sync.lock ]
}

@test "sync: a fetch that cannot write here is a local failure, exit 5" {
	cd "$B"
	set_key "$POS" confidence low
	thesis sync -q
	cd "$A"
	# git fetch cannot write FETCH_HEAD: our disk, not the network.
	rm -f .git/FETCH_HEAD
	mkdir .git/FETCH_HEAD
	set_key "$POS" status revised
	run -5 thesis sync
	expect_output <<OUT
Committed 1 file as $(git rev-parse --short HEAD).
git-thesis: error: cannot fetch from 'origin': git could not write to this repository (a local failure, not the network):
  error: cannot open '.git/FETCH_HEAD': Is a directory
git-thesis: error: nothing fetched or pushed, the commit stays on main
OUT
	grep -q ' fetch: origin: failed (local): ' .git/thesis/sync.log
	# Even with --quiet: it needs the user.
	run -5 thesis sync -q
	[[ "$output" == *"a local failure, not the network"* ]]
	rmdir .git/FETCH_HEAD
	run -0 thesis sync -q
}

@test "sync: randomized clones converge and lose nothing" {
	run -0 python3 "$top/tests/e2e/sync-random.py" "$BATS_TEST_TMPDIR/random" 7
	[[ "$output" == *"converged"* ]]
}
