#include "cmd.h"
#include "util.h"

int cmd_diff(int argc, const char **argv, struct cmd_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	return error("diff: not written yet");
}
