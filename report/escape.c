/*
 * escape.c -- escaping for HTML, JSON (also inside HTML) and CSV cells
 *
 * Everything that came from AWS (names, tags, descriptions, messages that
 * quote them) is attacker-controlled: a resource named
 * "<img src=x onerror=alert(1)>" must render as text, and a cell that
 * starts with "=cmd|" must not run in a spreadsheet.
 */
#include "irready.h"
#include "report.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

static void html_escape_char(FILE *out, char c)
{
	switch (c) {
	case '&':
		fputs("&amp;", out);
		break;
	case '<':
		fputs("&lt;", out);
		break;
	case '>':
		fputs("&gt;", out);
		break;
	case '"':
		fputs("&quot;", out);
		break;
	case '\'':
		fputs("&#39;", out);
		break;
	default:
		fputc(c, out);
	}
}

void html_escape(FILE *out, const char *s)
{
	if (!s)
		return;
	for (; *s; s++)
		html_escape_char(out, *s);
}

void xml_escape(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s)
		return;
	while (*p) {
		size_t l = text_utf8_seq(p, strnlen((const char *)p, 4));

		if (!l) {
			fputs("\xef\xbf\xbd", out); /* invalid UTF-8: U+FFFD */
			p++;
			continue;
		}
		if (l == 1 && *p < 0x20 && *p != '\t' && *p != '\n' &&
		    *p != '\r') {
			p++; /* not a character XML 1.0 allows, even escaped */
			continue;
		}
		if (l == 3 && p[0] == 0xef && p[1] == 0xbf &&
		    (p[2] == 0xbe || p[2] == 0xbf)) {
			p += 3; /* U+FFFE, U+FFFF */
			continue;
		}
		if (l == 1)
			html_escape_char(out, (char)*p);
		else
			fwrite(p, 1, l, out);
		p += l;
	}
}

/*
 * The bytes JSON takes as they are: printable ASCII but for '"', '\\' and
 * (escaped in a <script>, for the rest one at a time) '<', '>', '&'.
 */
/* clang-format off */
#define P4(c) c, c, c, c
#define P16(c) P4(c), P4(c), P4(c), P4(c)
static const unsigned char json_plain[256] = {
	P16(0), P16(0),                                 /* 0x00-0x1f */
	1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20: " & */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, /* 0x30: < > */
	P16(1),                                         /* 0x40 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50: \\ */
	P16(1), P16(1),                                 /* 0x60-0x7f */
};
#undef P16
#undef P4
/* clang-format on */

/*
 * 'n' bytes to 'out': short ones through putc_unlocked(), a few
 * instructions a byte where fwrite() costs ~100 a call. Every caller
 * writes 'out' from one thread: a report file (report_write_atomic()
 * turns its lock off) or a command's stdout, with no other thread left.
 */
static void put_run(FILE *out, const unsigned char *p, size_t n)
{
	if (n >= 32) {
		fwrite(p, 1, n, out);
		return;
	}
	for (size_t i = 0; i < n; i++)
		putc_unlocked(p[i], out);
}

static void json_escape_mode(FILE *out, const char *s, int script)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s)
		return;
	for (; *p; p++) {
		size_t run = 0;

		while (json_plain[p[run]])
			run++;
		if (run) {
			put_run(out, p, run);
			p += run - 1;
			continue;
		}
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '<':
		case '>':
		case '&':
			if (script)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
			break;
		default:
			if (*p < 0x20) {
				fprintf(out, "\\u%04x", *p);
			} else if (*p >= 0x80) {
				size_t l = text_utf8_seq(
					p, strnlen((const char *)p, 4));

				if (!l) {
					/* invalid UTF-8: the file stays valid
					 * JSON */
					fputs("\\ufffd", out);
				} else if (l == 3 && p[0] == 0xe2 &&
					   p[1] == 0x80 &&
					   (p[2] == 0xa8 || p[2] == 0xa9)) {
					/* U+2028/U+2029 end a line in old JS */
					fprintf(out, "\\u202%c",
						p[2] == 0xa8 ? '8' : '9');
					p += 2;
				} else {
					fwrite(p, 1, l, out);
					p += l - 1;
				}
			} else {
				fputc(*p, out);
			}
		}
	}
}

void json_escape_script(FILE *out, const char *s)
{
	json_escape_mode(out, s, 1);
}

void json_escape(FILE *out, const char *s)
{
	json_escape_mode(out, s, 0);
}

static void json_string_mode(FILE *out, const char *s, int script)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	putc_unlocked('"', out);
	json_escape_mode(out, s, script);
	putc_unlocked('"', out);
}

void json_string(FILE *out, const char *s)
{
	json_string_mode(out, s, 0);
}

void json_string_script(FILE *out, const char *s)
{
	json_string_mode(out, s, 1);
}

char *csv_neutralise(const char *s)
{
	char *fixed, *out;

	if (!s)
		return xstrdup("");
	/* the file is UTF-8: an invalid sequence becomes U+FFFD */
	fixed = text_utf8_repair(s, strlen(s), NULL);
	if (*fixed == '=' || *fixed == '+' || *fixed == '-' || *fixed == '@' ||
	    *fixed == '\t' || *fixed == '\r') {
		out = xasprintf("'%s", fixed);
		free(fixed);
		return out;
	}
	return fixed;
}
