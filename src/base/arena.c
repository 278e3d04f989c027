/*
 * arena.c -- bump allocator (see arena.h)
 */
#include "arena.h"
#include "irready.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 16384
#define ARENA_FIRST 512

struct arena_block {
	struct arena_block *next;
	size_t size, off;
	int alone; /* one allocation's own block: never filled further */
	_Alignas(16) unsigned char data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (!n)
		n = 16;
	if (!b || b->size - b->off < n) {
		int oneoff = n > ARENA_BLOCK / 4;
		/*
		 * Blocks double from ARENA_FIRST to ARENA_BLOCK: an inventory
		 * holds an arena per (account, region, dataset), most of them
		 * a few strings, and 64 accounts x 17 regions in flight would
		 * otherwise hold a mostly empty 16 KiB block in each.
		 */
		size_t sz = b && !b->alone ? b->size * 2 : ARENA_FIRST;

		if (sz > ARENA_BLOCK)
			sz = ARENA_BLOCK;
		while (sz < n)
			sz *= 2;
		if (oneoff)
			sz = n;
		b = xmalloc(sizeof(*b) + sz);
		b->size = sz;
		b->off = 0;
		b->alone = oneoff;
		if (oneoff && a->head) {
			/* a big one-off: keep the current block in front */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = b->data + b->off;
	b->off += n;
	a->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		BUG("vsnprintf failed");
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_realloc(struct arena *a, void *p, size_t n_old, size_t n)
{
	size_t old = (n_old + 15) & ~(size_t)15;
	struct arena_block *b, **bp = &a->head;
	size_t added;

	if (n <= n_old)
		return p;
	n = (n + 15) & ~(size_t)15;
	added = n;
	/* p alone in a block (its own, from an earlier call): grow that */
	for (; p && *bp; bp = &(*bp)->next)
		if ((void *)(*bp)->data == p)
			break;
	if (p && *bp && (*bp)->off == old) {
		b = xrealloc(*bp, sizeof(*b) + n);
		*bp = b;
		added = n - old;
	} else {
		/* a block of its own, behind the one being filled */
		b = xmalloc(sizeof(*b) + n);
		if (n_old)
			memcpy(b->data, p, n_old);
		bp = a->head ? &a->head->next : &a->head;
		b->next = *bp;
		*bp = b;
	}
	a->used += added;
	b->size = b->off = n;
	b->alone = 1;
	return b->data;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b) {
		struct arena_block *next = b->next;

		free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
}

void arena_adopt(struct arena *dst, struct arena *src)
{
	struct arena_block *tail = src->head;

	if (!tail)
		return;
	while (tail->next)
		tail = tail->next;
	/* behind dst's current block, which stays the one being filled */
	if (dst->head) {
		tail->next = dst->head->next;
		dst->head->next = src->head;
	} else {
		dst->head = src->head;
	}
	dst->used += src->used;
	src->head = NULL;
	src->used = 0;
}
