/*
 * Unit tests for trailers.c: the trailer lines of events, and where they go
 * in a message, including the message a squash of `git rebase -i` joins
 * (each part ending in our trailers: only the combined change's may stay).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "trailers.h"
#include "util.h"

static char *S_place(const char *msg, const char *const *lines)
{
	struct strvec t = STRVEC_INIT;
	struct strbuf out = STRBUF_INIT;

	for (; *lines; lines++)
		strvec_push(&t, *lines);
	trailers_place(&out, msg, &t, '#');
	strvec_release(&t);
	return strbuf_detach(&out, NULL);
}

static void test_replace_own_block(void **state)
{
	const char *const t[] = {"Position-Change: edge status held -> "
				 "questioned",
				 NULL};
	char *s;

	(void)state;
	s = S_place("Question edge\n\nPosition-Change: edge added\n", t);
	assert_string_equal(s, "Question edge\n\n"
			       "Position-Change: edge status held -> "
			       "questioned\n");
	free(s);
	/* Other trailers stay; ours join their block. */
	s = S_place("Question edge\n\nWhy: new data\n"
		    "Position-Change: edge added\n",
		    t);
	assert_string_equal(s, "Question edge\n\nWhy: new data\n"
			       "Position-Change: edge status held -> "
			       "questioned\n");
	free(s);
}

static void test_squash_message(void **state)
{
	const char *const t[] = {"Position-Change: core added",
				 "Position-Change: edge status held -> "
				 "questioned",
				 NULL};
	char *s;

	(void)state;
	s = S_place("# This is a combination of 2 commits.\n"
		    "# This is the 1st commit message:\n\n"
		    "Question edge\n\n"
		    "Position-Change: edge status held -> questioned\n\n"
		    "# This is the commit message #2:\n\n"
		    "Add core\n\n"
		    "Position-Change: core added\n\n"
		    "# Please enter the commit message.\n",
		    t);
	assert_string_equal(s, "# This is a combination of 2 commits.\n"
			       "# This is the 1st commit message:\n\n"
			       "Question edge\n\n"
			       "# This is the commit message #2:\n\n"
			       "Add core\n\n"
			       "Position-Change: core added\n"
			       "Position-Change: edge status held -> "
			       "questioned\n\n"
			       "# Please enter the commit message.\n");
	free(s);
	/* A paragraph that only looks like trailers in the subject stays. */
	s = S_place("Position-Change: typed by hand\n\nBody.\n", t);
	assert_non_null(strstr(s, "Position-Change: typed by hand\n\nBody."));
	free(s);
}

static void test_from_events(void **state)
{
	struct event ev[3];
	struct event_list list = {ev, 3, 3};
	struct strvec out = STRVEC_INIT;

	(void)state;
	memset(ev, 0, sizeof(ev));
	ev[0].kind = EVENT_NOTE;
	ev[0].change = EVENT_BROKEN;
	ev[0].note = "p.md";
	ev[0].new_value = "4:1: did not find expected ',' or ']'";
	ev[1].kind = EVENT_NOTE;
	ev[1].change = EVENT_MOVED;
	ev[1].note = "q.md";
	ev[2].kind = EVENT_POSITION;
	ev[2].change = EVENT_MODIFIED;
	ev[2].target = "edge";
	ev[2].field = "status";
	ev[2].old_value = "held";
	ev[2].new_value = "questioned";
	trailers_from_events(&out, &list);
	assert_int_equal(out.nr, 2);
	assert_string_equal(out.v[0], "Note-Change: p.md broken at 4:1: did "
				      "not find expected ',' or ']'");
	assert_string_equal(out.v[1],
			    "Position-Change: edge status held -> questioned");
	assert_true(trailers_is_ours(out.v[0], strlen(out.v[0])));
	strvec_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replace_own_block),
		cmocka_unit_test(test_squash_message),
		cmocka_unit_test(test_from_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
