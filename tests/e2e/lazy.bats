#!/usr/bin/env bats
# Lazy parsing in history walks (issue 13): bodies that cannot hold a fact
# are not parsed until a declared target makes them matter.  The output is
# that of the walk that parses every note whole (GIT_THESIS_DEBUG_FULL),
# whichever way history is walked and whether the index is used or not.
#
#   GIT_THESIS_BIN=$PWD/build/san/git-thesis bats tests/e2e/lazy.bats

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
	export GIT_EDITOR=true GIT_PAGER=cat PAGER=cat
}

# Every way of walking agrees: lazy with and without the index, newest
# and oldest first, and the walk that parses everything.
same_walks() {
	local full lazy
	full=$(GIT_THESIS_NO_CACHE=1 GIT_THESIS_DEBUG_FULL=1 thesis log --format=json)
	lazy=$(GIT_THESIS_NO_CACHE=1 thesis log --format=json)
	[ "$full" = "$lazy" ]
	[ "$(thesis log --format=json)" = "$full" ]
	[ "$(thesis log --format=json)" = "$full" ]
	full=$(GIT_THESIS_NO_CACHE=1 GIT_THESIS_DEBUG_FULL=1 thesis log --reverse --format=json)
	[ "$(GIT_THESIS_NO_CACHE=1 thesis log --reverse --format=json)" = "$full" ]
}

references() {
	note notes/a.md <<'N'
---
title: A reference
---
We run on [[Edge hosting]] today; see also [[Unrelated page]].
N
	note notes/b.md <<'N'
---
title: B reference
---
Open question: is Edge-first still right for the inference tier?
N
	note notes/c.md <<'N'
Plain prose that links [[Something else]] and nothing more.
N
}

edge() {
	note pos/edge.md <<'N'
---
position: edge-first-hosting
title: Edge hosting
status: held
aliases: [Edge-first]
---
N
}

@test "lazy: a target declared after the notes that name it" {
	new_repo
	references
	commit "References first"
	edge
	commit "Declare the position"
	run thesis log --format=json
	[ "$status" -eq 0 ]
	expect_output <<EOF
$(j HEAD position added edge-first-hosting pos/edge.md null null held)
$(j HEAD mention added edge-first-hosting notes/a.md null null null)
$(j HEAD question added edge-first-hosting notes/b.md null null "Open question: is Edge-first still right for the inference tier?")
EOF
	same_walks
}

@test "lazy: a target that comes and goes, and comes back under an alias" {
	new_repo
	edge
	commit "Declare the position"
	references
	commit "References"
	git rm -q pos/edge.md
	commit "Drop the position"
	note pos/edge2.md <<'N'
---
position: edge-everywhere
title: Edge everywhere
status: questioned
aliases: [Edge hosting, edge-first-hosting]
---
N
	commit "Declare it again, renamed"
	echo "More about [[Edge everywhere]]." >>notes/c.md
	commit "Link it by the new title"
	same_walks
	run thesis log --format=json -n 1
	expect_output <<EOF
$(j HEAD mention added edge-everywhere notes/c.md null null null)
EOF
}

@test "lazy: escaped and encoded links are read as Markdown reads them" {
	new_repo
	edge
	commit "Declare the position"
	note notes/escaped.md <<'N'
---
title: Escaped
---
An escaped link \[\[Edge hosting]] and an encoded &#91;&#91;Edge-first]].
N
	note notes/coded.md <<'N'
---
title: Coded
---
`[[Edge hosting]]` in a code span is no mention.
N
	commit "Odd links"
	same_walks
	run thesis log --format=json -n 1
	expect_output <<EOF
$(j HEAD mention added edge-first-hosting notes/escaped.md null null null)
EOF
}

@test "lazy: a vault with no declared target reads no body, and still sees mappings" {
	new_repo
	references
	commit "References"
	note notes/d.md <<'N'
---
title: D
---
## Mapping against Northwind Labs

Moderate - cheaper inference helps every agent we run.
N
	commit "A mapping to an undeclared name"
	same_walks
	run thesis log --format=json
	expect_output <<EOF
$(j HEAD mapping added northwind-labs notes/d.md null null "moderate supports")
EOF
}
