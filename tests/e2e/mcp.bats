#!/usr/bin/env bats
# git thesis mcp: the protocol fed raw lines (malformed JSON, unknown
# methods, bad params, notifications, end of input), the tools compared with
# the command line's --format=json, and a real MCP client (the official
# TypeScript SDK, tests/mcp/client.mjs) driving the server in the example
# vault.  The client tests skip when node, npm or the registry are missing.
#
#   GIT_THESIS_BIN=$PWD/build/san/git-thesis bats tests/e2e/mcp.bats

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
	sh "$top/tests/fixtures/example-vault.sh" "$BATS_TEST_TMPDIR/ev" >/dev/null
	cd "$BATS_TEST_TMPDIR/ev"
}

init='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bats","version":"1"}}}'

# mcp <line>...: the lines on the server's stdin, its stdout in $output.
mcp() {
	printf '%s\n' "$@" >"$BATS_TEST_TMPDIR/in"
	run -0 --separate-stderr git thesis mcp <"$BATS_TEST_TMPDIR/in"
}

# call <id> <tool> <arguments>: a tools/call request line.
call() {
	printf '{"jsonrpc":"2.0","id":%s,"method":"tools/call","params":{"name":"%s","arguments":%s}}' \
		"$1" "$2" "$3"
}

# field <python expression on r>: evaluated for each response line.
field() {
	printf '%s\n' "$output" | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    print(eval(sys.argv[1]))' "$1"
}

@test "mcp: initialize answers with our protocol version, name and tools capability" {
	mcp "$init"
	expect_output <<'OUT'
{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{"listChanged":false}},"serverInfo":{"name":"git-thesis","title":"git-thesis","version":"0.1.0"},"instructions":"Read how the positions and theses of a vault of Markdown notes kept in git evolved (positions, show, log, blame, review, diff, check, read_note) and record a change of a target's status, confidence, stance, owner or title as a commit (record, with expected_head so a concurrent change is never overwritten)."}}
OUT
	[ -z "$stderr" ]
}

@test "mcp: an older protocol version the spec allows is echoed; an unknown one gets ours" {
	mcp '{"jsonrpc":"2.0","id":"a","method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{}}}' \
		'{"jsonrpc":"2.0","id":"b","method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{}}}' \
		'{"jsonrpc":"2.0","id":"c","method":"initialize","params":{"protocolVersion":"1999-01-01","capabilities":{}}}'
	run field 'r["id"] + " " + r["result"]["protocolVersion"]'
	expect_output <<'OUT'
a 2024-11-05
b 2025-03-26
c 2025-06-18
OUT
}

@test "mcp: notifications get no response; ping an empty result" {
	mcp "$init" '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
		'{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":9}}' \
		'{"jsonrpc":"2.0","method":"no/such/notification"}' \
		'{"jsonrpc":"2.0","id":2,"method":"ping"}'
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[1]}" = '{"jsonrpc":"2.0","id":2,"result":{}}' ]
}

@test "mcp: malformed JSON is -32700 with a null id, and the server keeps serving" {
	mcp '{"jsonrpc":"2.0","id":1,"method":' 'not json at all' '[1,2' \
		'{"jsonrpc":"2.0","id":7,"method":"ping"}'
	run field 'str(r["id"]) + " " + str(r.get("error", {}).get("code"))'
	expect_output <<'OUT'
None -32700
None -32700
None -32700
7 None
OUT
}

@test "mcp: unknown method -32601; invalid requests -32600" {
	mcp '{"jsonrpc":"2.0","id":1,"method":"resources/list"}' \
		'{"jsonrpc":"1.0","id":2,"method":"ping"}' \
		'{"jsonrpc":"2.0","id":3}' \
		'{"jsonrpc":"2.0","id":{"x":1},"method":"ping"}' \
		'[{"jsonrpc":"2.0","id":4,"method":"ping"}]' \
		'42'
	expect_output <<'OUT'
{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found: resources/list"}}
{"jsonrpc":"2.0","id":2,"error":{"code":-32600,"message":"Invalid Request: needs jsonrpc \"2.0\", a method string and an id that is a string or an integer"}}
{"jsonrpc":"2.0","id":3,"error":{"code":-32600,"message":"Invalid Request: needs jsonrpc \"2.0\", a method string and an id that is a string or an integer"}}
{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: needs jsonrpc \"2.0\", a method string and an id that is a string or an integer"}}
{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: a message must be a JSON object"}}
{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: a message must be a JSON object"}}
OUT
}

@test "mcp: bad params are -32602: unknown tool, missing, wrong-typed or unknown argument" {
	mcp "$(call 1 nope '{}')" \
		"$(call 2 show '{}')" \
		"$(call 3 show '{"target":7}')" \
		"$(call 4 log '{"limit":-1}')" \
		"$(call 5 positions '{"color":true}')" \
		"$(call 6 positions '{"kind":"opinion"}')" \
		"$(call 7 positions '[]')" \
		'{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{}}' \
		'{"jsonrpc":"2.0","id":9,"method":"tools/call","params":[1]}' \
		'{"jsonrpc":"2.0","id":10,"method":"initialize","params":{}}'
	run field 'str(r["id"]) + " " + str(r["error"]["code"]) + " " + r["error"]["message"]'
	expect_output <<'OUT'
1 -32602 unknown tool 'nope'
2 -32602 show: missing required argument 'target'
3 -32602 show: argument 'target' must be a string
4 -32602 log: argument 'limit' must be an integer >= 0
5 -32602 positions: unknown argument 'color'
6 -32602 positions: argument 'kind' is not one of the allowed values
7 -32602 positions: arguments must be an object
8 -32602 tools/call: params.name must be a string
9 -32602 Invalid params: params must be an object
10 -32602 initialize: params.protocolVersion must be a string
OUT
}

@test "mcp: exits 0 at end of input, empty or not; blank lines are skipped" {
	run -0 git thesis mcp </dev/null
	[ -z "$output" ]
	printf '\n\r\n{"jsonrpc":"2.0","id":1,"method":"ping"}' >"$BATS_TEST_TMPDIR/in"
	run -0 git thesis mcp <"$BATS_TEST_TMPDIR/in"
	[ "$output" = '{"jsonrpc":"2.0","id":1,"result":{}}' ]
}

@test "mcp: every tool has a titled, closed input schema and annotations" {
	mcp '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'
	run field '"\n".join("%s %s ro=%s destr=%s idem=%s req=%s props=%s" % (t["name"], t["inputSchema"]["type"], t["annotations"]["readOnlyHint"], t["annotations"]["destructiveHint"], t["annotations"]["idempotentHint"], ",".join(t["inputSchema"]["required"]), ",".join(t["inputSchema"]["properties"])) for t in r["result"]["tools"] if t["title"] and t["description"] and t["inputSchema"]["additionalProperties"] is False)'
	expect_output <<'OUT'
positions object ro=True destr=False idem=True req= props=at,as_of,kind,undeclared
show object ro=True destr=False idem=True req=target props=target,at
log object ro=True destr=False idem=True req= props=range,target,kind,field,since,until,author,limit
blame object ro=True destr=False idem=True req=target props=target,at
review object ro=True destr=False idem=True req=range props=range
diff object ro=True destr=False idem=True req= props=from,to,staged
check object ro=True destr=False idem=True req= props=at,staged
read_note object ro=True destr=False idem=True req=path props=path,at
record object ro=False destr=False idem=False req=target,field,value,why props=target,field,value,why,expected_head
OUT
}

# The structuredContent of one tool call, in Python's JSON spelling.
structured() {
	mcp "$(call 1 "$1" "$2")"
	printf '%s\n' "$output" | python3 -c '
import json, sys
r = json.loads(sys.stdin.read())["result"]
assert r["isError"] is False, r
assert json.loads(r["content"][0]["text"]) == r["structuredContent"]
print(json.dumps(r["structuredContent"], sort_keys=True))'
}

# cli_json <wrap-key|-> <args>...: the command's JSON, wrapped like the tool.
cli_json() {
	local key=$1
	shift
	git thesis "$@" | python3 -c '
import json, sys
text = sys.stdin.read()
key = sys.argv[1]
if key == "-":
    v = json.loads(text)
elif key == "events":
    v = {key: [json.loads(l) for l in text.splitlines() if l]}
else:
    v = {key: json.loads(text)}
print(json.dumps(v, sort_keys=True))' "$key"
}

@test "mcp: positions, show and log give exactly what --format=json gives" {
	run -0 structured positions '{"kind":"position","at":"HEAD~1"}'
	mcp_out=$(printf '%s' "$output" | python3 -c '
import json, sys
v = json.loads(sys.stdin.read())
assert v.pop("commit") == sys.argv[1], v
print(json.dumps(v, sort_keys=True))' "$(git rev-parse HEAD~1)")
	[ "$mcp_out" = "$(cli_json targets positions --format=json --kind position --at HEAD~1)" ]

	run -0 structured show '{"target":"[[Cloudflare-first]]"}'
	[ "$output" = "$(cli_json - show --format=json '[[Cloudflare-first]]')" ]

	run -0 structured log '{"target":"cloudflare-first-hosting","range":"HEAD~4..HEAD","limit":3}'
	[ "$output" = "$(cli_json events log --format=json -n 3 HEAD~4..HEAD -- cloudflare-first-hosting)" ]
	[[ "$output" == *'"subject": "Revise hosting: inference moves to AWS"'* ]]
	[[ "$output" == *'"why": "three challenging datapoints on inference cost and neutrality"'* ]]

	run -0 structured blame '{"target":"llm-commoditization"}'
	[ "$output" = "$(cli_json - blame --format=json llm-commoditization)" ]
	run -0 structured diff '{"from":"HEAD~2","to":"HEAD"}'
	[ "$output" = "$(cli_json events diff --format=json HEAD~2 HEAD)" ]
	run -0 structured review '{"range":"HEAD~3..HEAD"}'
	[ "$output" = "$(cli_json - review --format=json HEAD~3..HEAD)" ]
}

@test "mcp: domain failures are isError results, not protocol errors" {
	mcp "$(call 1 show '{"target":"nowhere"}')" \
		"$(call 2 positions '{"at":"no-such-rev"}')" \
		"$(call 3 log '{"range":"--all"}')" \
		"$(call 4 read_note '{"path":"07-positions/none.md"}')" \
		"$(call 5 read_note '{"path":".obsidian/app.json"}')" \
		"$(call 6 diff '{}')" \
		"$(call 7 blame '{"target":"x","at":"HEAD~99"}')"
	run field 'str(r["id"]) + " " + str(r["result"]["isError"]) + " " + r["result"]["content"][0]["text"]'
	expect_output <<'OUT'
1 True no position, thesis or mapped target 'nowhere' at HEAD
2 True bad revision 'no-such-rev'
3 True range: '--all' is not a revision
4 True no note '07-positions/none.md' at HEAD
5 True '.obsidian/app.json' is not a note of the vault at HEAD
6 True give 'from' (and 'to', default HEAD), or staged
7 True bad revision 'HEAD~99'
OUT
}

@test "mcp: read_note gives the text and the facts at a revision" {
	run -0 structured read_note '{"path":"08-theses/llm-commoditization.md","at":"HEAD~3"}'
	printf '%s' "$output" | python3 -c '
import json, sys, subprocess
v = json.loads(sys.stdin.read())
text = subprocess.run(["git", "show", "HEAD~3:08-theses/llm-commoditization.md"], capture_output=True, text=True).stdout
assert v["text"] == text, v["text"]
assert v["path"] == "08-theses/llm-commoditization.md"
t = v["facts"]["targets"][0]
assert (t["id"], t["kind"], t["status"]) == ("llm-commoditization", "thesis", "emerging"), t'
}

@test "mcp: record commits with Why:, the trailers and Recorded-By: the client's name" {
	head=$(git rev-parse HEAD)
	mcp "$init" "$(call 2 record "{\"target\":\"Cloudflare-first\",\"field\":\"confidence\",\"value\":\"Low\",\"why\":\"egress\\nnumbers\",\"expected_head\":\"$head\"}")"
	[ "$(git rev-parse HEAD^)" = "$head" ]
	run -0 git log -1 --format=%B
	expect_output <<'OUT'
Record cloudflare-first-hosting: confidence medium -> low

Why: egress numbers
Position-Change: cloudflare-first-hosting confidence medium -> low
Recorded-By: bats
OUT
	run -0 git status --porcelain
	[ -z "$output" ]
}

@test "mcp: a stale expected_head or a dirty note writes nothing" {
	head=$(git rev-parse HEAD)
	args='{"target":"cloudflare-first-hosting","field":"status","value":"held","why":"w","expected_head":"HEAD~1"}'
	mcp "$(call 1 record "$args")"
	run field 'r["result"]["content"][0]["text"]'
	[ "$output" = "HEAD is $(git rev-parse --short HEAD), not HEAD~1: the vault changed since it was read; read it again (nothing recorded)" ]
	echo "dirty" >>07-positions/cloudflare-first-hosting.md
	mcp "$(call 2 record '{"target":"cloudflare-first-hosting","field":"status","value":"held","why":"w"}')"
	run field 'r["result"]["content"][0]["text"]'
	[ "$output" = "'07-positions/cloudflare-first-hosting.md' has uncommitted changes; commit or stash them first (nothing recorded)" ]
	[ "$(git rev-parse HEAD)" = "$head" ]
	[ "$(git status --porcelain)" = " M 07-positions/cloudflare-first-hosting.md" ]
}

# ---- the official SDK ---------------------------------------------------

sdk() {
	command -v node >/dev/null 2>&1 || skip "node is not installed"
	sh "$top/tests/mcp/install-sdk.sh" 2>/dev/null ||
		skip "cannot install @modelcontextprotocol/sdk (npm or network)"
}

@test "mcp: the official TypeScript SDK lists and calls every tool, records, and is refused" {
	sdk
	run -0 node "$top/tests/mcp/client.mjs" "$(command -v git-thesis)" "$PWD"
	expect_output <<'OUT'
server git-thesis 0.1.0
tool positions readOnly=true destructive=false required= closed=true
tool show readOnly=true destructive=false required=target closed=true
tool log readOnly=true destructive=false required= closed=true
tool blame readOnly=true destructive=false required=target closed=true
tool review readOnly=true destructive=false required=range closed=true
tool diff readOnly=true destructive=false required= closed=true
tool check readOnly=true destructive=false required= closed=true
tool read_note readOnly=true destructive=false required=path closed=true
tool record readOnly=false destructive=false required=target,field,value,why closed=true
positions cloudflare-first-hosting:revised llm-commoditization:corroborated
show cloudflare-first-hosting revised strong/challenges strong/supports moderate/challenges
log questioned -> revised why=three challenging datapoints on inference cost and neutrality
log held -> questioned why=the Stratechery piece makes inference hosting a separate decision
blame 06-reference/aws-bedrock-egress-costs.md strong challenges Reference: Bedrock egress costs
blame 06-reference/cloudflare-workers-ai-pricing.md strong supports Reference: Workers AI pricing
blame 06-reference/stratechery-amazon-durability.md moderate challenges Reference: Stratechery on Amazon durability
review 3 commits cloudflare-first-hosting:questioned->revised llm-commoditization:emerging->corroborated
diff position/modified/stance position/modified/status thesis/modified/status
check 0 diagnostics
read_note 07-positions/cloudflare-first-hosting.md position: cloudflare-first-hosting questioned
read_note missing isError=true no note 'nope.md' at HEAD
show unknown isError=true no position, thesis or mapped target 'no-such-target' at HEAD
record stale isError=true HEAD is <id>, not HEAD~1: the vault changed since it was read; read it again (nothing recorded)
record vocabulary isError=true 'nonsense' is not a status of a position (held, questioned, revised, retired)
record isError=false true true status revised -> questioned
after Record cloudflare-first-hosting: status revised -> questioned why=Bedrock egress numbers changed
record again isError=true HEAD is <id>, not <id>: the vault changed since it was read; read it again (nothing recorded)
unknown tool error -32602
missing argument error -32602
wrong type error -32602
unknown argument error -32602
bad enum error -32602
ping ok
OUT
	run -0 git log -1 --format=%B
	expect_output <<'OUT'
Record cloudflare-first-hosting: status revised -> questioned

Why: Bedrock egress numbers changed
Position-Change: cloudflare-first-hosting status revised -> questioned
Recorded-By: thesis-test-agent
OUT
	[ -z "$(git status --porcelain)" ]
}

@test "mcp: the SDK's structuredContent equals the command line's JSON" {
	sdk
	run -0 node "$top/tests/mcp/client.mjs" "$(command -v git-thesis)" "$PWD" json show '{"target":"llm-commoditization"}'
	[ "$(printf '%s' "$output" | python3 -c 'import json,sys; print(json.dumps(json.loads(sys.stdin.read()), sort_keys=True))')" = \
		"$(cli_json - show --format=json llm-commoditization)" ]
}
