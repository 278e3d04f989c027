/*
 * strbuf.h -- a growable, NUL-terminated byte buffer with a hard cap
 *
 * The buffer owns 'buf'. strbuf_init() allocates nothing; strbuf_release()
 * frees and re-initialises. Appends past 'max' (0 = no cap) fail with
 * IRREADY_ENOMEM and leave the buffer unchanged (curl's dynbuf).
 */
#ifndef STRBUF_H
#define STRBUF_H

#include <stddef.h>
#include <stdarg.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t max;
};

#define STRBUF_INIT                                                            \
	{                                                                      \
		NULL, 0, 0, 0                                                  \
	}
#define STRBUF_HTTP_MAX    ((size_t)16 << 20)
#define STRBUF_FIXTURE_MAX ((size_t)4 << 20)

void strbuf_init(struct strbuf *sb, size_t max);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
int strbuf_add(struct strbuf *sb, const void *data, size_t n);
/* Room for 'extra' more bytes (and the NUL) without growing; 0 or ENOMEM. */
int strbuf_reserve(struct strbuf *sb, size_t extra);
int strbuf_adds(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, int c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Return the contents ("" when empty, never NULL). */
const char *strbuf_str(const struct strbuf *sb);
/* Hand the buffer to the caller (caller frees) and re-initialise. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* Read a whole file (capped by sb->max); IRREADY_EIO or IRREADY_ENOMEM. */
int strbuf_read_file(struct strbuf *sb, const char *path);

#endif
