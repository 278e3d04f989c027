/*
 * aws_map.h -- a string-keyed hash map of pointers (open addressing)
 *
 * For the transport's per-endpoint and per-account tables, asked once or
 * twice per request: a linear list of 500 accounts or 17 x 33 endpoints
 * cost more than signing. Not thread-safe: callers hold their own lock.
 * Keys are copied; values are the caller's.
 */
#ifndef AWS_MAP_H
#define AWS_MAP_H

#include <stddef.h>
#include <stdint.h>

struct aws_map_entry {
	char *key; /* NULL: empty */
	void *value;
};

struct aws_map {
	struct aws_map_entry *v; /* power-of-two size, at most half used */
	size_t n, used;
	/*
	 * Optional: when the table is full, entries whose value drop() says
	 * can go are freed with free_value() before it grows; it then grows
	 * only if still over a quarter full (sweeps stay amortised O(1)).
	 */
	int (*drop)(const void *value);
	void (*free_value)(void *value);
};

/* FNV-1a of 's'. */
uint64_t aws_map_hash(const char *s);
/* The value of 'key', or NULL. */
void *aws_map_get(const struct aws_map *m, const char *key);
/* Whether 'key' is there (its value, which may be NULL, into '*value'). */
int aws_map_find(const struct aws_map *m, const char *key, void **value);
/* Set 'key' to 'value' (replacing any earlier value). */
void aws_map_put(struct aws_map *m, const char *key, void *value);
/* Free the keys and, with 'free_value', each value. */
void aws_map_release(struct aws_map *m, void (*free_value)(void *));

#endif
