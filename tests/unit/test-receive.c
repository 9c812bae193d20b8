/*
 * Unit tests for receive.c's reading of git's pre-receive input:
 * "<old> <new> <ref>" lines, zero ids for creations and deletions, and
 * lines that are none.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "receive.h"

#define A "1111111111111111111111111111111111111111"
#define Z "0000000000000000000000000000000000000000"

static void test_line(void **state)
{
	struct receive_update u = RECEIVE_UPDATE_INIT;
	git_oid a;

	(void)state;
	assert_int_equal(git_oid_fromstr(&a, A), 0);
	assert_int_equal(receive_parse_line(&u, Z " " A " refs/heads/main"), 0);
	assert_true(git_oid_is_zero(&u.old_id));
	assert_true(git_oid_equal(&u.new_id, &a));
	assert_string_equal(u.ref, "refs/heads/main");
	receive_update_release(&u);
	assert_null(u.ref);
}

static void test_ref_with_spaces(void **state)
{
	struct receive_update u = RECEIVE_UPDATE_INIT;

	(void)state;
	assert_int_equal(receive_parse_line(&u, A " " Z " refs/tags/a b"), 0);
	assert_true(git_oid_is_zero(&u.new_id));
	assert_string_equal(u.ref, "refs/tags/a b");
	receive_update_release(&u);
}

static void test_not_a_line(void **state)
{
	struct receive_update u = RECEIVE_UPDATE_INIT;

	(void)state;
	assert_int_equal(receive_parse_line(&u, ""), -1);
	assert_int_equal(receive_parse_line(&u, "not a line"), -1);
	/* No ref after the ids. */
	assert_int_equal(receive_parse_line(&u, Z " " A " "), -1);
	/* Not hex. */
	assert_int_equal(
		receive_parse_line(&u, "zz" Z " " A " refs/heads/main"), -1);
	assert_int_equal(receive_parse_line(&u, Z "x" A " refs/heads/main"),
			 -1);
	assert_null(u.ref);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_ref_with_spaces),
		cmocka_unit_test(test_not_a_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
