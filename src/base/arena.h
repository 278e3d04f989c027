/*
 * arena.h -- a bump allocator for inventory data
 *
 * Collected strings and records live in arenas the inventory owns;
 * arena_release() frees everything at once (nginx's pool). An arena is not
 * thread-safe: each collection task gets its own.
 */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used; /* bytes handed out, for memory accounting */
};

#define ARENA_INIT                                                             \
	{                                                                      \
		NULL, 0                                                        \
	}

void *arena_alloc(struct arena *a, size_t n); /* zeroed, 16-byte aligned */
char *arena_strdup(struct arena *a, const char *s); /* NULL stays NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * 'p' (n_old bytes from arena_realloc on 'a', or NULL) grown to n bytes:
 * a growable array in an arena. As with realloc, the bytes past n_old
 * are not set (untouched, they cost no memory until the array fills). The array
 * has a block of its own, which grows in place (realloc), so the arena holds it
 * once, as a malloc'd array would be; releasing the arena frees it.
 */
void *arena_realloc(struct arena *a, void *p, size_t n_old, size_t n);
void arena_release(struct arena *a);
/* Move every block of 'src' into 'dst' (src ends empty). */
void arena_adopt(struct arena *dst, struct arena *src);

#endif
