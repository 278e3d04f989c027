/*
 * fuzz_credreport.c -- base64_decode() and credreport_parse(), the IAM
 * credential report path (iam_credreport.h)
 *
 * The input is tried both ways: as base64 (GetCredentialReport's
 * <Content>), whose decoding is then parsed, and as the CSV itself.
 * Every cell of a parsed report is read back by column name.
 */
#include "iam_credreport.h"
#include "fuzz.h"

static unsigned long sink;

static void parse(const char *csv, size_t len)
{
	struct credreport cr;

	if (credreport_parse(csv, len, &cr))
		return;
	for (size_t i = 0; i < cr.nrows; i++) {
		for (size_t c = 0; c < cr.ncols; c++) {
			const char *v = credreport_get(&cr, i, cr.header[c]);

			sink += v ? strlen(v) : 0;
		}
		sink += credreport_get(&cr, i, "access_key_2_active") != NULL;
		sink += credreport_get(&cr, i, NULL) != NULL;
	}
	sink += credreport_get(&cr, cr.nrows, "user") != NULL;
	credreport_release(&cr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	size_t n = 0;
	unsigned char *dec = base64_decode((const char *)data, len, &n);

	if (dec) {
		if (dec[n] != '\0')
			abort(); /* documented: NUL-terminated */
		parse((const char *)dec, n);
		free(dec);
	}
	parse((const char *)data, len);
	return 0;
}
