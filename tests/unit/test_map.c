/*
 * test_map.c -- the transport's string-keyed hash map (src/aws/aws_map.c)
 */
#include "aws_map.h"
#include "irready.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int drop_even(const void *v)
{
	return *(const int *)v % 2 == 0;
}

int main(void)
{
	struct aws_map m = { 0 };
	int a = 1, b = 2, all = 1;
	void *v = &a;

	ok(!aws_map_get(&m, "x") && !aws_map_find(&m, "x", &v) && !v,
	   "an empty map has nothing");
	aws_map_put(&m, "111122223333", &a);
	aws_map_put(&m, "444455556666", NULL);
	ok(aws_map_get(&m, "111122223333") == &a, "a value comes back");
	ok(aws_map_find(&m, "444455556666", &v) && !v,
	   "a key set to NULL is there, with NULL");
	ok(!aws_map_find(&m, "777788889999", &v), "another key is not");
	aws_map_put(&m, "111122223333", &b);
	ok(aws_map_get(&m, "111122223333") == &b && m.used == 2,
	   "a key set again keeps the later value, once");
	for (int i = 0; i < 5000; i++) {
		char k[32];

		snprintf(k, sizeof(k), "us-east-1/svc%d", i);
		aws_map_put(&m, k, (void *)(size_t)(i + 1));
	}
	for (int i = 0; i < 5000; i++) {
		char k[32];

		snprintf(k, sizeof(k), "us-east-1/svc%d", i);
		all &= aws_map_get(&m, k) == (void *)(size_t)(i + 1);
	}
	ok(all && m.used == 5002 && 2 * m.used <= m.n,
	   "5,000 more keys: all found, the table at most half full (%zu of "
	   "%zu)",
	   m.used, m.n);
	aws_map_release(&m, NULL);
	ok(!m.v && !m.n && !m.used, "released");

	/* the drop hook: even values go when the table needs room */
	m.drop = drop_even;
	m.free_value = free;
	for (int i = 0; i < 1000; i++) {
		char k[32];
		int *p = xmalloc(sizeof(*p));

		*p = i;
		snprintf(k, sizeof(k), "k%d", i);
		aws_map_put(&m, k, p);
	}
	all = 1;
	for (int i = 1; i < 1000; i += 2) {
		char k[32];
		int *p;

		snprintf(k, sizeof(k), "k%d", i);
		p = aws_map_get(&m, k);
		all &= p && *p == i;
	}
	ok(all && m.used < 1000,
	   "odd values all kept, even ones dropped as it grew (%zu held)",
	   m.used);
	aws_map_release(&m, free);
	return done_testing();
}
