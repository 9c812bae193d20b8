#ifndef THESIS_MCP_H
#define THESIS_MCP_H

/*
 * mcp: a Model Context Protocol server over stdio (JSON-RPC 2.0, one
 * message a line), for `git thesis mcp`.
 *
 * This module is the framing and the dispatch only: it parses a request
 * line with jansson, answers `initialize`, `ping` and `tools/list`, checks
 * a `tools/call` against the tool table it is given (unknown tool, missing
 * argument, wrong type, unknown argument: -32602) and calls the tool.  The
 * tools themselves live in mcp_tools.c; the server never prints except the
 * response lines it is asked to write, so a tool's output can never corrupt
 * the stream.
 *
 * Protocol errors (malformed JSON -32700, invalid request -32600, unknown
 * method -32601, bad params -32602) are JSON-RPC errors; a tool that fails
 * for a reason of the vault (unknown target, bad revision, stale
 * expected_head) returns a result with `isError: true`.  Notifications get
 * no response.
 */

#include <stdio.h>
#include <jansson.h>

#include "strbuf.h"

#define MCP_PROTOCOL_VERSION "2025-06-18"

#define MCP_PARSE_ERROR	     -32700
#define MCP_INVALID_REQUEST  -32600
#define MCP_METHOD_NOT_FOUND -32601
#define MCP_INVALID_PARAMS   -32602
#define MCP_INTERNAL_ERROR   -32603

enum mcp_arg_type {
	MCP_ARG_STRING = 0,
	MCP_ARG_INTEGER,
	MCP_ARG_BOOLEAN,
};

/* One argument of a tool; an array of them ends with a NULL name. */
struct mcp_arg {
	const char *name;
	enum mcp_arg_type type;
	int required;
	const char *description;
	const char *const *values; /* an `enum` of strings, NULL-terminated */
};

struct mcp_server;

/*
 * One call of a tool: its arguments (checked against the tool's table),
 * and what it gives back.  A tool returns 0 with `result` set (an object,
 * owned by the call), or -1 with `error` set (a domain failure: the
 * message of an `isError` result).
 */
struct mcp_call {
	struct mcp_server *server;
	json_t *args; /* borrowed: an object */
	json_t *result;
	struct strbuf error;
};

struct mcp_tool {
	const char *name;
	const char *title;
	const char *description;
	const struct mcp_arg *args;
	int read_only;	/* readOnlyHint */
	int idempotent; /* idempotentHint (destructiveHint is always false) */
	int (*fn)(struct mcp_call *call);
};

struct mcp_server {
	const struct mcp_tool *tools; /* borrowed */
	size_t tools_nr;
	void *data;	     /* for the tools: the repository */
	char *client_name;   /* clientInfo.name from initialize, owned */
	char *protocol;	     /* the negotiated protocol version, owned */
	const char *version; /* ours, for serverInfo */
	int initialized;     /* notifications/initialized seen */
};
#define MCP_SERVER_INIT                            \
	{                                          \
		NULL, 0, NULL, NULL, NULL, NULL, 0 \
	}

void mcp_server_release(struct mcp_server *s);

/*
 * Handles one message (`len` bytes, no newline) and appends the response
 * line, without its newline, to `out`.  Returns 1 when there is a
 * response, 0 for a notification (or a response from the client).
 * Never fails: every problem is a JSON-RPC error response.
 */
int mcp_handle(struct strbuf *out, struct mcp_server *s, const char *line,
	       size_t len);

/*
 * Serves `in` until end of input, writing one response a line to `out`.
 * Returns 0, or -1 when `out` cannot be written.
 */
int mcp_serve(struct mcp_server *s, FILE *in, FILE *out);

/* Argument accessors for tools: NULL / `def` when absent. */
const char *mcp_arg_str(const struct mcp_call *c, const char *name);
long long mcp_arg_int(const struct mcp_call *c, const char *name,
		      long long def);
int mcp_arg_bool(const struct mcp_call *c, const char *name, int def);

/* A domain failure with a printf-formatted message; returns -1. */
__attribute__((format(printf, 2, 3))) int mcp_call_error(struct mcp_call *c,
							 const char *fmt, ...);

#endif
