/*
 * aws_map.c -- a string-keyed hash map of pointers (see aws_map.h)
 */
#include "aws_map.h"
#include "irready.h"

#include <stdlib.h>
#include <string.h>

uint64_t aws_map_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct aws_map_entry *slot(struct aws_map_entry *v, size_t n,
				  const char *key)
{
	size_t i = (size_t)aws_map_hash(key) & (n - 1);

	while (v[i].key && strcmp(v[i].key, key))
		i = (i + 1) & (n - 1);
	return &v[i];
}

int aws_map_find(const struct aws_map *m, const char *key, void **value)
{
	const struct aws_map_entry *e = m->n ? slot(m->v, m->n, key) : NULL;

	*value = e && e->key ? e->value : NULL;
	return e && e->key;
}

void *aws_map_get(const struct aws_map *m, const char *key)
{
	void *v;

	aws_map_find(m, key, &v);
	return v;
}

static void grow(struct aws_map *m)
{
	size_t n = m->n ? m->n : 64;
	struct aws_map_entry *v;

	for (size_t i = 0; m->drop && i < m->n; i++) {
		if (!m->v[i].key || !m->drop(m->v[i].value))
			continue;
		free(m->v[i].key);
		if (m->free_value)
			m->free_value(m->v[i].value);
		m->v[i].key = NULL;
		m->used--;
	}
	if (4 * (m->used + 1) > n)
		n *= 2;
	v = xcalloc(n, sizeof(*v));
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].key)
			*slot(v, n, m->v[i].key) = m->v[i];
	free(m->v);
	m->v = v;
	m->n = n;
}

void aws_map_put(struct aws_map *m, const char *key, void *value)
{
	struct aws_map_entry *e;

	if (2 * (m->used + 1) > m->n)
		grow(m);
	e = slot(m->v, m->n, key);
	if (!e->key) {
		e->key = xstrdup(key);
		m->used++;
	}
	e->value = value;
}

void aws_map_release(struct aws_map *m, void (*free_value)(void *))
{
	for (size_t i = 0; i < m->n; i++) {
		if (!m->v[i].key)
			continue;
		free(m->v[i].key);
		if (free_value)
			free_value(m->v[i].value);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}
