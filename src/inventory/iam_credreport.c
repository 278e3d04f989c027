/*
 * iam_credreport.c -- base64 (OpenSSL) and libcsv decoding of the
 * credential report
 */
#include "iam_credreport.h"
#include "irready.h"

#include <csv.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

/*
 * The standard alphabet, with the URL-safe '-' and '_' read as '+' and
 * '/'; -1 for anything else.
 */
static int b64_char(int c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/')
		return c;
	if (c == '-')
		return '+';
	if (c == '_')
		return '/';
	return -1;
}

/*
 * OpenSSL's EVP_DecodeBlock() does the decoding; it wants whole 4-char
 * groups in the standard alphabet. So this pass drops whitespace, maps the
 * URL-safe alphabet, refuses what the old decoder refused (a bad
 * character, data after '=', more than two '=', a lone sextet at the end)
 * and writes the padding AWS sometimes leaves out.
 */
unsigned char *base64_decode(const char *in, size_t inlen, size_t *outlen)
{
	char *norm = xmalloc(inlen + 4);
	unsigned char *out = NULL;
	size_t n = 0, pad = 0, fill;
	int len;

	for (size_t i = 0; i < inlen; i++) {
		int c = (unsigned char)in[i];

		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		c = b64_char(c);
		if (c < 0 || pad)
			goto out;
		norm[n++] = (char)c;
	}
	if (pad > 2 || n % 4 == 1)
		goto out;
	fill = (4 - n % 4) % 4;
	memset(norm + n, '=', fill);
	out = xmalloc(n / 4 * 3 + 4);
	len = EVP_DecodeBlock(out, (const unsigned char *)norm,
			      (int)(n + fill));
	if (len < 0 || (size_t)len < fill) {
		free(out);
		out = NULL;
		goto out;
	}
	*outlen = (size_t)len - fill; /* the padding decodes to NULs */
	out[*outlen] = '\0';
out:
	free(norm);
	return out;
}

struct parse_state {
	struct credreport *cr;
	char **cur;
	size_t ncur, alloc_cur;
	int bad;
};

static void on_field(void *s, size_t len, void *data)
{
	struct parse_state *ps = data;

	ALLOC_GROW(ps->cur, ps->ncur + 1, ps->alloc_cur);
	ps->cur[ps->ncur++] = xstrndup(s ? s : "", s ? len : 0);
}

static void free_fields(char **f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(f[i]);
	free(f);
}

static void on_row(int c, void *data)
{
	struct parse_state *ps = data;
	struct credreport *cr = ps->cr;

	(void)c;
	if (!cr->header) {
		cr->header = ps->cur;
		cr->ncols = ps->ncur;
	} else {
		char **row = xcalloc(cr->ncols, sizeof(*row));

		for (size_t i = 0; i < ps->ncur; i++) {
			if (i < cr->ncols)
				row[i] = ps->cur[i];
			else
				free(ps->cur[i]);
		}
		free(ps->cur);
		ALLOC_GROW(cr->rows, cr->nrows + 1, cr->alloc_rows);
		cr->rows[cr->nrows++] = row;
	}
	ps->cur = NULL;
	ps->ncur = ps->alloc_cur = 0;
}

int credreport_parse(const char *csv, size_t len, struct credreport *out)
{
	struct csv_parser p;
	struct parse_state ps = { .cr = out };
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (csv_init(&p, CSV_APPEND_NULL) != 0)
		return IRREADY_ENOMEM;
	if (csv_parse(&p, csv, len, on_field, on_row, &ps) != len)
		rc = IRREADY_EPARSE;
	else
		csv_fini(&p, on_field, on_row, &ps);
	csv_free(&p);
	free_fields(ps.cur, ps.ncur);
	if (!rc && (!out->header || !credreport_get(out, 0, NULL))) {
		/* must name at least the user and arn columns */
		int has_user = 0, has_arn = 0;

		for (size_t i = 0; out->header && i < out->ncols; i++) {
			has_user |= !strcmp(out->header[i], "user");
			has_arn |= !strcmp(out->header[i], "arn");
		}
		if (!has_user || !has_arn)
			rc = IRREADY_EPARSE;
	}
	if (rc)
		credreport_release(out);
	return rc;
}

const char *credreport_get(const struct credreport *cr, size_t i,
			   const char *name)
{
	if (!name || i >= cr->nrows)
		return NULL;
	for (size_t c = 0; c < cr->ncols; c++)
		if (!strcmp(cr->header[c], name))
			return cr->rows[i][c];
	return NULL;
}

void credreport_release(struct credreport *cr)
{
	free_fields(cr->header, cr->ncols);
	for (size_t i = 0; i < cr->nrows; i++)
		free_fields(cr->rows[i], cr->ncols);
	free(cr->rows);
	memset(cr, 0, sizeof(*cr));
}
