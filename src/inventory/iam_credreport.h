/*
 * iam_credreport.h -- decode the IAM credential report (base64 CSV)
 *
 * Pure: no AWS, no I/O. The CSV is parsed with libcsv and read by header
 * name, never by column position (AWS has added columns before).
 */
#ifndef IAM_CREDREPORT_H
#define IAM_CREDREPORT_H

#include <stddef.h>

/*
 * Decode base64 'in' (whitespace ignored) into a malloc'd buffer; NULL on
 * invalid input. '*outlen' gets the decoded size.
 */
unsigned char *base64_decode(const char *in, size_t inlen, size_t *outlen);

struct credreport {
	char **header; /* column names */
	size_t ncols;
	char ***rows; /* rows[i][col], NULL-padded to ncols */
	size_t nrows, alloc_rows;
};

/* Parse CSV text; 0, or IRREADY_EPARSE when it is not a credential report. */
int credreport_parse(const char *csv, size_t len, struct credreport *out);
/* The cell of row 'i' in column 'name', or NULL. */
const char *credreport_get(const struct credreport *cr, size_t i,
			   const char *name);
void credreport_release(struct credreport *cr);

#endif
