/*
 * fuzz_http_raw.c -- aws_http_parse_raw(): a recorded raw HTTP response
 * (every fixtures .http file goes through it in replay)
 */
#define FUZZ_HAVE_GEN_SEEDS
#include "aws.h"
#include "fuzz.h"

static void fuzz_gen_seeds(const char *dir)
{
	fuzz_seed_files(dir, "fixtures", ".http", FUZZ_FILES_RAW, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct aws_response r;

	/* libFuzzer hands over an exact-size heap copy: ASan sees overreads */
	aws_response_init(&r);
	if (!aws_http_parse_raw((const char *)data, len, &r)) {
		/* what aws_call and the collectors look at */
		(void)aws_response_header(&r, "content-type");
		(void)aws_response_header(&r, "x-amzn-requestid");
		(void)strbuf_str(&r.body);
		for (size_t i = 0; i < r.nheaders; i++)
			(void)aws_response_header(&r, r.headers[i].name);
	}
	aws_response_release(&r);
	return 0;
}
