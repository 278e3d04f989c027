/*
 * strbuf.c -- growable byte buffer with a hard cap (see strbuf.h)
 */
#include "strbuf.h"
#include "irready.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char strbuf_empty[1];

void strbuf_init(struct strbuf *sb, size_t max)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->alloc = 0;
	sb->max = max;
}

void strbuf_release(struct strbuf *sb)
{
	size_t max = sb->max;

	free(sb->buf);
	strbuf_init(sb, max);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

static int strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need;

	if (sb->len + extra < sb->len)
		return IRREADY_ENOMEM;
	need = sb->len + extra + 1;
	if (sb->max && need > sb->max + 1)
		return IRREADY_ENOMEM;
	if (need > sb->alloc) {
		size_t na = sb->alloc ? sb->alloc : 64;

		while (na < need)
			na *= 2;
		sb->buf = xrealloc(sb->buf, na);
		sb->alloc = na;
	}
	return 0;
}

int strbuf_reserve(struct strbuf *sb, size_t extra)
{
	return strbuf_grow(sb, extra);
}

int strbuf_add(struct strbuf *sb, const void *data, size_t n)
{
	int rc = strbuf_grow(sb, n);

	if (rc)
		return rc;
	if (n)
		memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

int strbuf_adds(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

int strbuf_addch(struct strbuf *sb, int c)
{
	char ch = (char)c;

	return strbuf_add(sb, &ch, 1);
}

int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n, rc;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		BUG("vsnprintf failed");
	rc = strbuf_grow(sb, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return 0;
}

int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return rc;
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : strbuf_empty;
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *p = sb->buf ? sb->buf : xstrdup("");

	if (len)
		*len = sb->len;
	strbuf_init(sb, sb->max);
	return p;
}

int strbuf_read_file(struct strbuf *sb, const char *path)
{
	FILE *f = fopen(path, "rb");
	char tmp[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return IRREADY_EIO;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0) {
		rc = strbuf_add(sb, tmp, n);
		if (rc)
			break;
	}
	if (!rc && ferror(f))
		rc = IRREADY_EIO;
	fclose(f);
	return rc;
}
