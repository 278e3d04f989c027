/*
 * fuzz_iso8601.c -- parse_iso8601() (every timestamp of every protocol,
 * policy dates, findings.json times) and parse_long()
 */
#include "irready.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char *s = fuzz_strndup(data, len);
	time_t t;
	long l;

	if (!parse_iso8601(s, &t)) {
		char buf[64];

		format_iso8601(t, buf, sizeof(buf));
	}
	(void)parse_long(s, &l);
	free(s);
	return 0;
}
