// A real MCP client, the official TypeScript SDK, driving `git-thesis mcp`
// over stdio in the example vault.  Prints one line per step; the bats file
// tests/e2e/mcp.bats compares them exactly.
//
//   node tests/mcp/client.mjs <git-thesis binary> <repository> [scenario]
//
// Scenarios: `tour` (the default: list tools, call each one, a stale and a
// good record, bad input) and `json <tool> <arguments as JSON>`, which
// prints the structuredContent of one call (for the CLI comparison).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [bin, cwd, scenario = "tour", ...rest] = process.argv.slice(2);
const transport = new StdioClientTransport({
	command: bin,
	args: ["mcp"],
	cwd,
	env: process.env,
	stderr: "ignore",
});
const client = new Client({ name: "thesis-test-agent", version: "1.0.0" });
await client.connect(transport);
const say = (...words) => console.log(words.join(" "));

async function call(name, args) {
	const r = await client.callTool({ name, arguments: args });
	const text = r.content.length === 1 && r.content[0].type === "text"
		? r.content[0].text : null;
	if (!r.isError && JSON.stringify(r.structuredContent) !== text)
		throw new Error(`${name}: text content differs from structuredContent`);
	return r;
}

async function protocolError(name, args) {
	try {
		await client.callTool({ name, arguments: args });
		return "no error";
	} catch (e) {
		return `error ${e.code}`;
	}
}

if (scenario === "json") {
	const r = await call(rest[0], JSON.parse(rest[1] || "{}"));
	console.log(JSON.stringify(r.isError ? r.content : r.structuredContent));
	await client.close();
	process.exit(0);
}

const info = client.getServerVersion();
say("server", info.name, info.version);
const { tools } = await client.listTools();
for (const t of tools)
	say("tool", t.name, `readOnly=${t.annotations.readOnlyHint}`,
	    `destructive=${t.annotations.destructiveHint}`,
	    `required=${t.inputSchema.required.join(",")}`,
	    `closed=${t.inputSchema.additionalProperties === false}`);

let r = await call("positions", {});
const head = r.structuredContent.commit;
say("positions", r.structuredContent.targets.map((t) => `${t.id}:${t.status}`).join(" "));
r = await call("show", { target: "Cloudflare-first" });
say("show", r.structuredContent.id, r.structuredContent.status,
    r.structuredContent.mappings.map((m) => `${m.strength}/${m.effect}`).join(" "));
r = await call("log", { target: "cloudflare-first-hosting", field: "status" });
for (const e of r.structuredContent.events)
	say("log", e.old, "->", e.new, `why=${e.why}`);
r = await call("blame", { target: "cloudflare-first-hosting" });
for (const m of r.structuredContent.mappings)
	say("blame", m.note, m.strength, m.effect, m.subject);
r = await call("review", { range: "HEAD~5..HEAD~2" });
say("review", r.structuredContent.commits, "commits",
    r.structuredContent.targets.map((t) => `${t.id}:${t.status_before}->${t.status_after}`).join(" "));
r = await call("diff", { from: "HEAD~3", to: "HEAD~2" });
say("diff", r.structuredContent.events.map((e) => `${e.kind}/${e.change}/${e.field}`).join(" "));
r = await call("check", {});
say("check", r.structuredContent.diagnostics.length, "diagnostics");
r = await call("read_note", { path: "07-positions/cloudflare-first-hosting.md", at: "HEAD~3" });
say("read_note", r.structuredContent.path, r.structuredContent.text.split("\n")[1],
    r.structuredContent.facts.targets[0].status);
r = await call("read_note", { path: "nope.md" });
say("read_note missing", `isError=${r.isError}`, r.content[0].text);
r = await call("show", { target: "no-such-target" });
say("show unknown", `isError=${r.isError}`, r.content[0].text);

r = await call("record", {
	target: "cloudflare-first-hosting", field: "status", value: "questioned",
	why: "stale read", expected_head: "HEAD~1",
});
say("record stale", `isError=${r.isError}`, r.content[0].text.replace(/[0-9a-f]{7,}/g, "<id>"));
r = await call("record", {
	target: "cloudflare-first-hosting", field: "status", value: "nonsense",
	why: "bad word", expected_head: head,
});
say("record vocabulary", `isError=${r.isError}`, r.content[0].text);
r = await call("record", {
	target: "cloudflare-first-hosting", field: "status", value: "questioned",
	why: "Bedrock egress numbers changed", expected_head: head,
});
say("record", `isError=${r.isError}`, r.structuredContent.parent === head,
    /^[0-9a-f]{40}$/.test(r.structuredContent.commit),
    r.structuredContent.changes.map((c) => `${c.field} ${c.old} -> ${c.new}`).join(", "));
r = await call("log", { limit: 1, kind: "position" });
say("after", r.structuredContent.events[0].subject, `why=${r.structuredContent.events[0].why}`);
r = await call("record", {
	target: "cloudflare-first-hosting", field: "status", value: "held",
	why: "again, from the old head", expected_head: head,
});
say("record again", `isError=${r.isError}`, r.content[0].text.replace(/[0-9a-f]{7,}/g, "<id>"));

say("unknown tool", await protocolError("nope", {}));
say("missing argument", await protocolError("show", {}));
say("wrong type", await protocolError("log", { limit: "ten" }));
say("unknown argument", await protocolError("positions", { color: true }));
say("bad enum", await protocolError("record", {
	target: "x", field: "stance!", value: "v", why: "w",
}));
await client.ping();
say("ping ok");
await client.close();
