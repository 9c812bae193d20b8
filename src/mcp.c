/*
 * The MCP server's framing and dispatch: JSON-RPC 2.0 messages, one a
 * line, parsed with jansson.  See mcp.h.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mcp.h"
#include "util.h"

/* Versions we speak, newest first; we answer with the client's if here. */
static const char *const protocol_versions[] = {
	MCP_PROTOCOL_VERSION,
	"2025-03-26",
	"2024-11-05",
};

void mcp_server_release(struct mcp_server *s)
{
	FREE_AND_NULL(s->client_name);
	FREE_AND_NULL(s->protocol);
}

/* Writes `v` (stolen) as one compact line: jansson escapes every newline. */
static void S_dump(struct strbuf *out, json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT);

	if (!text)
		die("cannot encode a JSON-RPC response");
	strbuf_addstr(out, text);
	free(text);
	json_decref(v);
}

/*
 * A JSON string of `s`, whatever its bytes: jansson refuses invalid UTF-8,
 * our encoder replaces it (messages quote names and input).
 */
static json_t *S_string(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *v;

	strbuf_add_json_str(&sb, s);
	v = json_loadb(sb.buf, sb.len, JSON_DECODE_ANY, NULL);
	strbuf_release(&sb);
	if (!v)
		die("cannot encode a JSON string");
	return v;
}

static void S_error(struct strbuf *out, json_t *id, int code,
		    const char *message)
{
	S_dump(out, json_pack("{s:s, s:O, s:{s:i, s:o}}", "jsonrpc", "2.0",
			      "id", id ? id : json_null(), "error", "code",
			      code, "message", S_string(message)));
}

static void S_result(struct strbuf *out, json_t *id, json_t *result)
{
	S_dump(out, json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id,
			      "result", result));
}

/* ---- initialize, ping, tools/list ------------------------------------- */

static int S_initialize(json_t **out, struct mcp_server *s, json_t *params,
			const char **err)
{
	const char *asked = NULL, *name = NULL;
	json_t *info;
	size_t i;

	if (!params ||
	    !json_is_string(json_object_get(params, "protocolVersion"))) {
		*err = "initialize: params.protocolVersion must be a string";
		return -1;
	}
	asked = json_string_value(json_object_get(params, "protocolVersion"));
	info = json_object_get(params, "clientInfo");
	if (json_is_object(info) &&
	    json_is_string(json_object_get(info, "name")))
		name = json_string_value(json_object_get(info, "name"));
	free(s->client_name);
	s->client_name = xstrdup_or_null(name);
	free(s->protocol);
	s->protocol = xstrdup(MCP_PROTOCOL_VERSION);
	for (i = 0; i < ARRAY_SIZE(protocol_versions); i++)
		if (!strcmp(asked, protocol_versions[i])) {
			free(s->protocol);
			s->protocol = xstrdup(asked);
		}
	*out = json_pack(
		"{s:s, s:{s:{s:b}}, s:{s:s, s:s, s:s}, s:s}", "protocolVersion",
		s->protocol, "capabilities", "tools", "listChanged", 0,
		"serverInfo", "name", "git-thesis", "title", "git-thesis",
		"version", s->version ? s->version : "unknown", "instructions",
		"Read how the positions and theses of a vault of Markdown "
		"notes kept in git evolved (positions, show, log, blame, "
		"review, diff, check, read_note) and record a change of a "
		"target's status, confidence, stance, owner or title as a "
		"commit (record, with expected_head so a concurrent change "
		"is never overwritten).");
	return 0;
}

static json_t *S_arg_schema(const struct mcp_arg *a)
{
	static const char *const types[] = {"string", "integer", "boolean"};
	json_t *p = json_pack("{s:s, s:s}", "type", types[a->type],
			      "description", a->description);
	size_t i;

	if (a->values) {
		json_t *e = json_array();

		for (i = 0; a->values[i]; i++)
			json_array_append_new(e, json_string(a->values[i]));
		json_object_set_new(p, "enum", e);
	}
	if (a->type == MCP_ARG_INTEGER)
		json_object_set_new(p, "minimum", json_integer(0));
	return p;
}

static json_t *S_tool_json(const struct mcp_tool *t)
{
	json_t *props = json_object(), *required = json_array();
	const struct mcp_arg *a;

	for (a = t->args; a && a->name; a++) {
		json_object_set_new(props, a->name, S_arg_schema(a));
		if (a->required)
			json_array_append_new(required, json_string(a->name));
	}
	return json_pack("{s:s, s:s, s:s, s:{s:s, s:o, s:o, s:b}, s:{s:s, s:b, "
			 "s:b, s:b, "
			 "s:b}}",
			 "name", t->name, "title", t->title, "description",
			 t->description, "inputSchema", "type", "object",
			 "properties", props, "required", required,
			 "additionalProperties", 0, "annotations", "title",
			 t->title, "readOnlyHint", t->read_only,
			 "destructiveHint", 0, "idempotentHint", t->idempotent,
			 "openWorldHint", 0);
}

static json_t *S_tools_list(const struct mcp_server *s)
{
	json_t *tools = json_array();
	size_t i;

	for (i = 0; i < s->tools_nr; i++)
		json_array_append_new(tools, S_tool_json(&s->tools[i]));
	return json_pack("{s:o}", "tools", tools);
}

/* ---- tools/call ------------------------------------------------------- */

static const struct mcp_tool *S_find_tool(const struct mcp_server *s,
					  const char *name)
{
	size_t i;

	for (i = 0; i < s->tools_nr; i++)
		if (!strcmp(s->tools[i].name, name))
			return &s->tools[i];
	return NULL;
}

static const struct mcp_arg *S_find_arg(const struct mcp_tool *t,
					const char *name)
{
	const struct mcp_arg *a;

	for (a = t->args; a && a->name; a++)
		if (!strcmp(a->name, name))
			return a;
	return NULL;
}

/* Checks `args` against the tool's schema; a message in `err` if not. */
static int S_check_args(struct strbuf *err, const struct mcp_tool *t,
			json_t *args)
{
	const struct mcp_arg *a;
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(args, key, v)
	{
		a = S_find_arg(t, key);
		if (!a) {
			strbuf_addf(err, "%s: unknown argument '%s'", t->name,
				    key);
			return -1;
		}
		if ((a->type == MCP_ARG_STRING && !json_is_string(v)) ||
		    (a->type == MCP_ARG_INTEGER &&
		     (!json_is_integer(v) || json_integer_value(v) < 0)) ||
		    (a->type == MCP_ARG_BOOLEAN && !json_is_boolean(v))) {
			strbuf_addf(err, "%s: argument '%s' must be %s",
				    t->name, key,
				    a->type == MCP_ARG_STRING	 ? "a string"
				    : a->type == MCP_ARG_INTEGER ? "an integer "
								   ">= 0"
								 : "a boolean");
			return -1;
		}
		if (a->values) {
			for (i = 0; a->values[i]; i++)
				if (!strcmp(a->values[i], json_string_value(v)))
					break;
			if (!a->values[i]) {
				strbuf_addf(err,
					    "%s: argument '%s' is not one of "
					    "the allowed values",
					    t->name, key);
				return -1;
			}
		}
	}
	for (a = t->args; a && a->name; a++)
		if (a->required && !json_object_get(args, a->name)) {
			strbuf_addf(err, "%s: missing required argument '%s'",
				    t->name, a->name);
			return -1;
		}
	return 0;
}

static json_t *S_text_result(const char *text, int is_error)
{
	return json_pack("{s:[{s:s, s:o}], s:b}", "content", "type", "text",
			 "text", S_string(text), "isError", is_error);
}

static int S_tools_call(json_t **out, struct mcp_server *s, json_t *params,
			struct strbuf *err)
{
	struct mcp_call call = {s, NULL, NULL, STRBUF_INIT};
	const struct mcp_tool *t;
	json_t *name, *args, *own_args = NULL;
	char *text;
	int ret = -1;

	name = params ? json_object_get(params, "name") : NULL;
	if (!json_is_string(name)) {
		strbuf_addstr(err, "tools/call: params.name must be a string");
		return -1;
	}
	t = S_find_tool(s, json_string_value(name));
	if (!t) {
		strbuf_addf(err, "unknown tool '%s'", json_string_value(name));
		return -1;
	}
	args = json_object_get(params, "arguments");
	if (!args || json_is_null(args))
		args = own_args = json_object();
	if (!json_is_object(args)) {
		strbuf_addf(err, "%s: arguments must be an object", t->name);
		goto done;
	}
	if (S_check_args(err, t, args) < 0)
		goto done;
	call.args = args;
	if (t->fn(&call) < 0 || !call.result) {
		if (!call.error.len)
			strbuf_addf(&call.error, "%s failed", t->name);
		*out = S_text_result(call.error.buf, 1);
	} else {
		text = json_dumps(call.result, JSON_COMPACT);
		if (!text)
			die("cannot encode the result of %s", t->name);
		*out = S_text_result(text, 0);
		free(text);
		json_object_set(*out, "structuredContent", call.result);
	}
	ret = 0;
done:
	json_decref(call.result);
	json_decref(own_args);
	strbuf_release(&call.error);
	return ret;
}

/* ---- dispatch --------------------------------------------------------- */

static int S_valid_id(json_t *id)
{
	return json_is_string(id) || json_is_integer(id);
}

int mcp_handle(struct strbuf *out, struct mcp_server *s, const char *line,
	       size_t len)
{
	json_error_t jerr;
	json_t *msg, *id, *method, *params, *result = NULL;
	struct strbuf err = STRBUF_INIT;
	const char *m, *cerr = NULL;
	int ret = 1;

	msg = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
			 &jerr);
	if (!msg) {
		strbuf_addf(&err, "Parse error: %s", jerr.text);
		S_error(out, NULL, MCP_PARSE_ERROR, err.buf);
		goto done;
	}
	if (!json_is_object(msg)) {
		/* A batch is gone from the protocol since 2025-06-18. */
		S_error(out, NULL, MCP_INVALID_REQUEST,
			"Invalid Request: a message must be a JSON object");
		goto done;
	}
	id = json_object_get(msg, "id");
	method = json_object_get(msg, "method");
	params = json_object_get(msg, "params");
	if (!method && id &&
	    (json_object_get(msg, "result") || json_object_get(msg, "error"))) {
		ret = 0; /* a response: we send no requests, so nothing waits */
		goto done;
	}
	if (!json_is_string(json_object_get(msg, "jsonrpc")) ||
	    strcmp(json_string_value(json_object_get(msg, "jsonrpc")), "2.0") ||
	    !json_is_string(method) || (id && !S_valid_id(id))) {
		S_error(out, id && S_valid_id(id) ? id : NULL,
			MCP_INVALID_REQUEST,
			"Invalid Request: needs jsonrpc \"2.0\", a method "
			"string and an id that is a string or an integer");
		goto done;
	}
	m = json_string_value(method);
	if (!id) {
		/* notifications/initialized, cancelled, ...: no answer. */
		if (!strcmp(m, "notifications/initialized"))
			s->initialized = 1;
		ret = 0;
		goto done;
	}
	if (params && !json_is_object(params)) {
		S_error(out, id, MCP_INVALID_PARAMS,
			"Invalid params: params must be an object");
		goto done;
	}
	if (!strcmp(m, "initialize")) {
		if (S_initialize(&result, s, params, &cerr) < 0) {
			S_error(out, id, MCP_INVALID_PARAMS, cerr);
			goto done;
		}
	} else if (!strcmp(m, "ping")) {
		result = json_object();
	} else if (!strcmp(m, "tools/list")) {
		result = S_tools_list(s);
	} else if (!strcmp(m, "tools/call")) {
		if (S_tools_call(&result, s, params, &err) < 0) {
			S_error(out, id, MCP_INVALID_PARAMS, err.buf);
			goto done;
		}
	} else {
		strbuf_addf(&err, "Method not found: %s", m);
		S_error(out, id, MCP_METHOD_NOT_FOUND, err.buf);
		goto done;
	}
	S_result(out, id, result);
done:
	json_decref(msg);
	strbuf_release(&err);
	return ret;
}

int mcp_serve(struct mcp_server *s, FILE *in, FILE *out)
{
	struct strbuf resp = STRBUF_INIT;
	char *line = NULL;
	size_t alloc = 0;
	ssize_t n;
	int ret = 0;

	while ((n = getline(&line, &alloc, in)) >= 0) {
		size_t len = (size_t)n;

		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (!len)
			continue;
		strbuf_reset(&resp);
		if (!mcp_handle(&resp, s, line, len))
			continue;
		strbuf_addch(&resp, '\n');
		if (fwrite(resp.buf, 1, resp.len, out) != resp.len ||
		    fflush(out)) {
			ret = error("cannot write to standard output");
			break;
		}
	}
	free(line);
	strbuf_release(&resp);
	return ret;
}

/* ---- for tools -------------------------------------------------------- */

const char *mcp_arg_str(const struct mcp_call *c, const char *name)
{
	json_t *v = json_object_get(c->args, name);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

long long mcp_arg_int(const struct mcp_call *c, const char *name, long long def)
{
	json_t *v = json_object_get(c->args, name);

	return json_is_integer(v) ? (long long)json_integer_value(v) : def;
}

int mcp_arg_bool(const struct mcp_call *c, const char *name, int def)
{
	json_t *v = json_object_get(c->args, name);

	return json_is_boolean(v) ? json_is_true(v) : def;
}

int mcp_call_error(struct mcp_call *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&c->error, fmt, ap);
	va_end(ap);
	return -1;
}
