#ifndef THESIS_HOOK_RECEIVE_H
#define THESIS_HOOK_RECEIVE_H

/*
 * hook_receive: `git thesis hook pre-receive`.  Reads git's
 * "<old> <new> <ref>" lines on stdin; for each ref prints (on stderr, which
 * git sends to the pusher) the review of what it brings in, each commit
 * once per push, and with thesis.receive.check the errors of the notes it
 * changes.  Bounds: thesis.receive.maxLines lines (default 200; the rest is
 * summarised) and thesis.receive.timeout seconds (default 5, 0 for none),
 * after which it says which refs it did not review and accepts the push,
 * or rejects it under thesis.receive.check.  Returns the exit code: 1 to
 * reject the push, else 0.
 */

#include "repo.h"

int hook_pre_receive(struct thesis_repo *repo);

#endif
