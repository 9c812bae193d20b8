/*
 * libFuzzer target: the MCP server's request parser and dispatch
 * (mcp_handle) on every line of the input, with a tool table of one tool
 * per argument type, and the invariants of the stream: each response is one
 * line of valid JSON, a JSON-RPC 2.0 object with an id and exactly one of
 * result and error.  Build and run with tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "mcp.h"
#include "util.h"

#define FAIL_IF(cond)                                                    \
	do {                                                             \
		if (cond) {                                              \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", \
				__FILE__, __LINE__, #cond);              \
			abort();                                         \
		}                                                        \
	} while (0)

static const char *const colours[] = {"red", "green", NULL};

static const struct mcp_arg echo_args[] = {
	{"text", MCP_ARG_STRING, 1, "echoed", NULL},
	{"times", MCP_ARG_INTEGER, 0, "a count", NULL},
	{"loud", MCP_ARG_BOOLEAN, 0, "a flag", NULL},
	{"colour", MCP_ARG_STRING, 0, "an enum", colours},
	{NULL, 0, 0, NULL, NULL},
};

/* Echoes its text, or fails (a domain error) when `loud` is set. */
static int S_echo(struct mcp_call *c)
{
	const char *text = mcp_arg_str(c, "text");

	FAIL_IF(!text);
	FAIL_IF(mcp_arg_int(c, "times", 0) < 0);
	if (mcp_arg_bool(c, "loud", 0))
		return mcp_call_error(c, "too loud: %s", text);
	c->result = json_pack("{s:s%}", "text", text, strlen(text));
	return 0;
}

static const struct mcp_tool tools[] = {
	{"echo", "Echo", "Echoes text.", echo_args, 1, 1, S_echo},
};

static void S_check_response(const struct strbuf *out)
{
	json_error_t err;
	json_t *r;

	FAIL_IF(memchr(out->buf, '\n', out->len) != NULL);
	r = json_loadb(out->buf, out->len, 0, &err);
	FAIL_IF(!json_is_object(r));
	FAIL_IF(!json_is_string(json_object_get(r, "jsonrpc")));
	FAIL_IF(!json_object_get(r, "id"));
	FAIL_IF(!json_object_get(r, "result") == !json_object_get(r, "error"));
	json_decref(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mcp_server s = MCP_SERVER_INIT;
	struct strbuf out = STRBUF_INIT;
	const char *p = (const char *)data, *end = p + size;

	s.tools = tools;
	s.tools_nr = 1;
	s.version = "fuzz";
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		strbuf_reset(&out);
		if (mcp_handle(&out, &s, p, len))
			S_check_response(&out);
		else
			FAIL_IF(out.len);
		p += len + 1;
	}
	strbuf_release(&out);
	mcp_server_release(&s);
	return 0;
}
