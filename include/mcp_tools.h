#ifndef THESIS_MCP_TOOLS_H
#define THESIS_MCP_TOOLS_H

/*
 * mcp_tools: the tools `git thesis mcp` serves (positions, show, log,
 * blame, review, diff, check, read_note, record).  Each reads the
 * repository in the server's `data` (a struct thesis_repo).  Their
 * arguments, results and errors are documented in git-thesis(1).
 */

#include "mcp.h"

extern const struct mcp_tool mcp_tools[];
extern const size_t mcp_tools_nr;

#endif
