/* test_util.c -- strbuf caps, time parsing, arena */
#include "arena.h"
#include "irready.h"
#include "strbuf.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct arena a = ARENA_INIT;
	time_t t = 0;
	char buf[32];

	strbuf_init(&sb, 8);
	is_int(strbuf_adds(&sb, "12345678"), 0, "strbuf fills to its cap");
	is_int(strbuf_addch(&sb, 'x'), IRREADY_ENOMEM,
	       "strbuf refuses past its cap");
	is_str(strbuf_str(&sb), "12345678",
	       "a refused append leaves the buffer unchanged");
	strbuf_release(&sb);
	is_str(strbuf_str(&sb), "", "released strbuf reads empty");
	strbuf_init(&sb, 0);
	strbuf_addf(&sb, "%s-%d", "a", 42);
	is_str(strbuf_str(&sb), "a-42", "strbuf_addf");
	strbuf_release(&sb);

	is_int(parse_iso8601("2026-11-28T00:00:00Z", &t), 0,
	       "iso8601 Z parses");
	is_int(t, 1795824000, "iso8601 Z value");
	is_int(parse_iso8601("2026-11-28T01:30:00.123+01:30", &t), 0,
	       "offset parses");
	is_int(t, 1795824000, "offset and fraction are applied");
	is_int(parse_iso8601("2026-11-28", &t), 0, "bare date parses");
	is_int(t, 1795824000, "bare date is midnight UTC");
	is_int(parse_iso8601("2024-02-29T12:00:00Z", &t), 0, "leap day parses");
	format_iso8601(t, buf, sizeof(buf));
	is_str(buf, "2024-02-29T12:00:00Z", "format round-trips");
	ok(parse_iso8601("N/A", &t) != 0, "N/A is not a date");
	ok(parse_iso8601("2026-13-01T00:00:00Z", &t) != 0, "month 13 rejected");
	ok(parse_iso8601("2026-11-28T00:00:00Zjunk", &t) != 0,
	   "trailing junk rejected");
	ok(parse_iso8601("", &t) != 0, "empty rejected");

	{
		long v;
		ok(parse_long("42", &v) == 0 && v == 42, "parse_long");
		ok(parse_long("42x", &v) != 0, "parse_long rejects junk");
		ok(parse_long("", &v) != 0, "parse_long rejects empty");
	}
	{
		char *p = arena_strdup(&a, "hello");
		char *big = arena_alloc(&a, 100000);

		is_str(p, "hello", "arena_strdup");
		ok(big != NULL && big[99999] == 0,
		   "large arena allocation is zeroed");
		ok(arena_strdup(&a, NULL) == NULL,
		   "arena_strdup(NULL) is NULL");
		is_str(arena_printf(&a, "%d-%s", 7, "x"), "7-x",
		       "arena_printf");
		arena_release(&a);
		ok(a.head == NULL, "arena_release empties");
	}
	{
		struct arena x = ARENA_INIT, y = ARENA_INIT;
		char *s[300], *ty, *u;
		int same = 1;
		size_t used;

		/* many small blocks as they grow, each string intact */
		for (int i = 0; i < 300; i++)
			s[i] = arena_printf(&x, "string number %d", i);
		for (int i = 0; i < 300 && same; i++) {
			char want[32];

			snprintf(want, sizeof(want), "string number %d", i);
			same = !strcmp(s[i], want);
		}
		ok(same, "300 small allocations across growing blocks");
		ty = arena_strdup(&y, "from y");
		u = arena_alloc(&y, 50000);
		used = x.used + y.used;
		arena_adopt(&x, &y);
		ok(y.head == NULL && y.used == 0,
		   "arena_adopt empties the source");
		is_int((int)x.used, (int)used,
		       "and adds its bytes to the target");
		is_str(ty, "from y", "what it held lives on in the target");
		ok(u[49999] == 0 && !strcmp(s[299], "string number 299"),
		   "big and small blocks alike");
		is_str(arena_strdup(&x, "after"), "after",
		       "the target still allocates");
		arena_adopt(&x, &y);
		ok(x.used == used + 16,
		   "adopting an empty arena changes nothing");
		arena_release(&x);
	}
	{
		/* a growable array in an arena (INV_PUSH's storage) */
		struct arena x = ARENA_INIT;
		int *v = NULL, intact = 1;
		size_t n = 0, used;
		char *before;

		before = arena_strdup(&x, "before");
		for (size_t cap = 8; cap <= 65536; cap *= 2) {
			v = arena_realloc(&x, v, n * sizeof(*v),
					  cap * sizeof(*v));
			for (size_t i = 0; i < n; i++)
				intact &= v[i] == (int)i;
			for (; n < cap; n++)
				v[n] = (int)n;
		}
		ok(intact, "arena_realloc keeps what the array held");
		is_str(before, "before", "other allocations are untouched");
		/*
		 * The array has a block of its own from the start, which
		 * grows in place: the arena holds it once, not every old copy
		 * (which would be ~2x).
		 */
		used = x.used;
		ok(used == 65536 * sizeof(*v) + 16,
		   "a big array is not kept twice (%zu bytes used)", used);
		v = arena_realloc(&x, v, n * sizeof(*v), 4);
		ok(v[1] == 1 && x.used == used, "shrinking changes nothing");
		arena_release(&x);
		ok(x.head == NULL, "arena_release frees the array too");
	}
	return done_testing();
}
