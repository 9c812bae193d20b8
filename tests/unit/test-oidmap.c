/*
 * Unit tests for oidmap: the reader's cache of parsed notes by blob id.
 * Ids that share their first bytes (the hash) probe into each other's
 * slots; removing one must leave every other findable (backward shift).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "oidmap.h"

/* An id whose hash part is `bucket` and whose tail is `n`. */
static void S_oid(git_oid *out, unsigned bucket, unsigned n)
{
	memset(out, 0, sizeof(*out));
	memcpy(out->id, &bucket, sizeof(bucket));
	memcpy(out->id + 12, &n, sizeof(n));
}

static void test_put_get_remove(void **state)
{
	struct oidmap map = OIDMAP_INIT;
	git_oid a, b;
	int x = 1, y = 2;

	(void)state;
	S_oid(&a, 1, 1);
	S_oid(&b, 2, 2);
	assert_null(oidmap_get(&map, &a));
	assert_null(oidmap_remove(&map, &a));
	assert_null(oidmap_put(&map, &a, &x));
	assert_ptr_equal(oidmap_put(&map, &a, &y), &x);
	assert_ptr_equal(oidmap_get(&map, &a), &y);
	assert_null(oidmap_get(&map, &b));
	assert_int_equal(map.nr, 1);
	assert_ptr_equal(oidmap_remove(&map, &a), &y);
	assert_int_equal(map.nr, 0);
	assert_null(oidmap_get(&map, &a));
	oidmap_release(&map);
}

/* Many ids in few buckets, removed in an order that breaks probe runs. */
static void test_collisions_survive_removal(void **state)
{
	enum { N = 5000 };
	static int values[N];
	struct oidmap map = OIDMAP_INIT;
	struct oidmap_slot *slot;
	size_t it = 0, seen = 0;
	unsigned i;
	git_oid id;

	(void)state;
	for (i = 0; i < N; i++) {
		S_oid(&id, i % 7, i);
		assert_null(oidmap_put(&map, &id, &values[i]));
	}
	assert_int_equal(map.nr, N);
	for (i = 0; i < N; i += 3) {
		S_oid(&id, i % 7, i);
		assert_ptr_equal(oidmap_remove(&map, &id), &values[i]);
	}
	for (i = 0; i < N; i++) {
		S_oid(&id, i % 7, i);
		if (i % 3)
			assert_ptr_equal(oidmap_get(&map, &id), &values[i]);
		else
			assert_null(oidmap_get(&map, &id));
	}
	while ((slot = oidmap_next(&map, &it)))
		seen++;
	assert_int_equal(seen, map.nr);
	oidmap_release(&map);
	assert_int_equal(map.nr, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get_remove),
		cmocka_unit_test(test_collisions_survive_removal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
