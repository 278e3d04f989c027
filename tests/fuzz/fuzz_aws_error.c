/*
 * fuzz_aws_error.c -- aws_error_parse() for every protocol
 *
 * The input is a raw HTTP error response (status, headers such as
 * x-amzn-query-error and X-Amzn-Errortype, body); when it is not one, the
 * whole input is the body of a 400.
 */
#define FUZZ_HAVE_GEN_SEEDS
#include "aws.h"
#include "fuzz.h"

#define SHARED "../shared/testdata/aws-responses"

static void fuzz_gen_seeds(const char *dir)
{
	fuzz_seed_files(dir, "fixtures", ".http", FUZZ_FILES_ERROR, 0);
	/* error bodies of ../shared, when present (the body of a 400) */
	fuzz_seed_files(dir, SHARED "/errors-json", ".json", FUZZ_FILES_RAW, 0);
	fuzz_seed_files(dir, SHARED "/errors-xml", ".xml", FUZZ_FILES_RAW, 0);
}

static const enum aws_protocol protos[] = {
	AWS_PROTO_EC2,       AWS_PROTO_QUERY,    AWS_PROTO_JSON,
	AWS_PROTO_REST_JSON, AWS_PROTO_REST_XML,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct aws_response r;
	struct aws_error err;

	aws_response_init(&r);
	if (aws_http_parse_raw((const char *)data, len, &r)) {
		aws_response_release(&r);
		aws_response_init(&r);
		r.status = 400;
		strbuf_add(&r.body, data, len);
	}
	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		aws_error_clear(&err);
		aws_error_parse(protos[i], &r, &err);
		/* the strings the report prints must be terminated */
		if (strnlen(err.code, sizeof(err.code)) == sizeof(err.code) ||
		    strnlen(err.message, sizeof(err.message)) ==
			    sizeof(err.message) ||
		    strnlen(err.request_id, sizeof(err.request_id)) ==
			    sizeof(err.request_id))
			abort();
		(void)aws_error_is_transient(err.code, err.status);
	}
	aws_response_release(&r);
	return 0;
}
