/*
 * git thesis mcp: the MCP server on stdin and stdout.  Logs and errors go
 * to stderr; stdout carries only protocol messages.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "mcp.h"
#include "mcp_tools.h"
#include "options.h"
#include "util.h"

#ifndef GIT_THESIS_VERSION
#define GIT_THESIS_VERSION "unknown"
#endif

static const char *const mcp_usage[] = {
	"git thesis mcp",
	NULL,
};

int cmd_mcp(int argc, const char **argv, struct cmd_ctx *ctx)
{
	struct mcp_server server = MCP_SERVER_INIT;
	struct option opts[] = {
		OPT_END(),
	};
	int ret;

	argc = parse_options(argc, argv, opts, mcp_usage, 0);
	if (argc)
		usage_msg(mcp_usage, opts, "unexpected argument '%s'", argv[0]);
	server.tools = mcp_tools;
	server.tools_nr = mcp_tools_nr;
	server.data = &ctx->repo;
	server.version = GIT_THESIS_VERSION;
	ret = mcp_serve(&server, stdin, stdout);
	mcp_server_release(&server);
	return ret < 0 ? EXIT_FATAL : 0;
}
