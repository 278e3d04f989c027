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

#include <stdlib.h>
#include <string.h>

void html_escape(FILE *out, const char *s)
{
	if (!s)
		return;
	for (; *s; s++) {
		switch (*s) {
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
			fputc(*s, out);
		}
	}
}

static void json_escape_mode(FILE *out, const char *s, int script)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s)
		return;
	for (; *p; p++) {
		size_t run = 0;

		while (p[run] >= 0x20 && p[run] != '"' && p[run] != '\\' &&
		       p[run] != '<' && p[run] != '>' && p[run] != '&' &&
		       p[run] != 0xe2)
			run++;
		if (run) {
			fwrite(p, 1, run, out);
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
			} else if (p[0] == 0xe2 && p[1] == 0x80 &&
				   (p[2] == 0xa8 || p[2] == 0xa9)) {
				/* U+2028/U+2029 end a line in old JS */
				fprintf(out, "\\u202%c",
					p[2] == 0xa8 ? '8' : '9');
				p += 2;
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
	fputc('"', out);
	json_escape_mode(out, s, script);
	fputc('"', out);
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
	if (!s)
		return xstrdup("");
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' ||
	    *s == '\r')
		return xasprintf("'%s", s);
	return xstrdup(s);
}
