/*
 * text.c -- UTF-8 repair and terminal escaping (see text.h)
 */
#include "text.h"
#include "irready.h"

#include <string.h>

size_t text_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

int text_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t l = text_utf8_seq(p + i, n - i);

		if (!l)
			return 0;
		i += l;
	}
	return 1;
}

char *text_utf8_repair(const char *s, size_t n, size_t *out_len)
{
	const unsigned char *p = (const unsigned char *)s;
	/* each invalid byte becomes 3 */
	char *out = xmalloc(n * 3 + 1);
	size_t o = 0;

	for (size_t i = 0; i < n;) {
		size_t l = text_utf8_seq(p + i, n - i);

		if (l) {
			memcpy(out + o, p + i, l);
			o += l;
			i += l;
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	out[o] = '\0';
	if (out_len)
		*out_len = o;
	return out;
}

/* How many bytes of 'p' to escape (0: print as is); sets 'cp' for C1. */
static size_t escape_len(const unsigned char *p, size_t n, int keep_nl,
			 unsigned *c1)
{
	size_t l;

	*c1 = 0;
	if (*p < 0x20 || *p == 0x7f)
		return keep_nl && (*p == '\n' || *p == '\t') ? 0 : 1;
	if (*p < 0x80)
		return 0;
	l = text_utf8_seq(p, n);
	if (!l)
		return 1;
	if (l == 2 && p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
		*c1 = p[1];
		return 2;
	}
	return 0;
}

void text_fputs_terminal(const char *s, FILE *f, int keep_nl)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		unsigned c1;
		size_t e = escape_len(p + i, n - i, keep_nl, &c1);

		if (!e) {
			size_t l =
				p[i] < 0x80 ? 1 : text_utf8_seq(p + i, n - i);

			fwrite(p + i, 1, l, f);
			i += l;
		} else if (c1) {
			fprintf(f, "\\u%04x", c1);
			i += e;
		} else {
			fprintf(f, "\\x%02x", p[i]);
			i++;
		}
	}
}

int text_needs_escape(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		unsigned c1;

		if (escape_len(p + i, n - i, 0, &c1))
			return 1;
		i += p[i] < 0x80 ? 1 : text_utf8_seq(p + i, n - i);
	}
	return 0;
}
