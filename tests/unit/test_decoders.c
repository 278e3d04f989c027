/* test_decoders.c -- error envelopes, raw HTTP, replay names, XML, paging */
#include "aws.h"
#include "aws_json.h"
#include "aws_xml.h"
#include "inv_collect.h"
#include "irready.h"
#include "strbuf.h"
#include "srcdir.h"
#include "tap.h"

#include <cJSON.h>
#include <dirent.h>
#include <glob.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* <repository root>/../shared/testdata/aws-responses, or NULL (optional) */
static const char *shared;
#define SHARED_ABSENT "../shared/testdata/aws-responses absent (optional)"

/* Helpers */

static void resp_make(struct aws_response *r, int status, const char *body)
{
	aws_response_init(r);
	r->status = status;
	if (body)
		strbuf_adds(&r->body, body);
}

static void resp_header(struct aws_response *r, const char *name,
			const char *value)
{
	aws_response_add_header(r, name, strlen(name), value, strlen(value));
}

/* Parse an error body of 'proto'; 'hname'/'hvalue' an optional header. */
static void parse_err(enum aws_protocol proto, int status, const char *body,
		      const char *hname, const char *hvalue,
		      struct aws_error *err)
{
	struct aws_response r;

	resp_make(&r, status, body);
	if (hname)
		resp_header(&r, hname, hvalue);
	aws_error_clear(err);
	aws_error_parse(proto, &r, err);
	aws_response_release(&r);
}

static char *read_file(const char *path, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_init(&sb, 0);
	if (strbuf_read_file(&sb, path)) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, len);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static size_t count_substr(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p;
	     p = strstr(p + strlen(needle), needle))
		n++;
	return n;
}

/* Occurrences of 'needle' over every file matching 'pattern'. */
static size_t count_in_files(const char *pattern, const char *needle,
			     size_t *nfiles)
{
	glob_t g;
	size_t n = 0;

	*nfiles = 0;
	if (glob(pattern, 0, NULL, &g))
		return 0;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		size_t len;
		char *data = read_file(g.gl_pathv[i], &len);

		if (!data)
			continue;
		n += count_substr(data, needle);
		(*nfiles)++;
		free(data);
	}
	globfree(&g);
	return n;
}

/* 1. Error envelopes, inline */

static void test_error_envelopes(void)
{
	struct aws_error e;

	parse_err(AWS_PROTO_EC2, 403,
		  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<Response><Errors><Error><Code>UnauthorizedOperation</Code>"
		  "<Message>You are not authorized to perform this "
		  "operation.</Message></Error></Errors>"
		  "<RequestID>ec2-rid-1</RequestID></Response>",
		  NULL, NULL, &e);
	is_str(e.code, "UnauthorizedOperation", "ec2: code");
	is_str(e.message, "You are not authorized to perform this operation.",
	       "ec2: message");
	is_str(e.request_id, "ec2-rid-1", "ec2: <RequestID> (capital ID)");
	is_int(e.status, 403, "ec2: status kept");
	is_int(e.rc, IRREADY_EDENIED, "ec2: UnauthorizedOperation is denied");

	parse_err(AWS_PROTO_QUERY, 400,
		  "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/"
		  "2010-05-08/\">\n  <Error>\n    <Type>Sender</Type>\n"
		  "    <Code>Throttling</Code>\n    <Message>Rate exceeded"
		  "</Message>\n  </Error>\n  <RequestId>q-rid</RequestId>\n"
		  "</ErrorResponse>\n",
		  NULL, NULL, &e);
	is_str(e.code, "Throttling", "query: code (namespaced ErrorResponse)");
	is_str(e.message, "Rate exceeded", "query: message");
	is_str(e.request_id, "q-rid", "query: RequestId");
	is_int(e.rc, IRREADY_ETHROTTLED, "query: Throttling is throttled");

	parse_err(AWS_PROTO_QUERY, 410,
		  "<ErrorResponse><Error><Type>Sender</Type>"
		  "<Code>ReportNotPresent</Code><Message>none</Message></Error>"
		  "</ErrorResponse>",
		  NULL, NULL, &e);
	is_str(e.code, "ReportNotPresent", "query: 410 ReportNotPresent");
	is_int(e.rc, IRREADY_EAWS,
	       "query: ReportNotPresent is a plain AWS error");

	parse_err(AWS_PROTO_REST_XML, 403,
		  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>"
		  "<Code>AccessDenied</Code><Message>Access Denied</Message>"
		  "<RequestId>s3-rid</RequestId><HostId>h</HostId></Error>",
		  NULL, NULL, &e);
	is_str(e.code, "AccessDenied", "s3 bare <Error>: code");
	is_str(e.message, "Access Denied", "s3 bare <Error>: message");
	is_str(e.request_id, "s3-rid", "s3 bare <Error>: RequestId");
	is_int(e.rc, IRREADY_EDENIED, "s3: AccessDenied is denied");

	/* a request id from the header survives a body without one */
	parse_err(AWS_PROTO_REST_XML, 404,
		  "<Error><Code>NoSuchBucket</Code><Message>gone</Message>"
		  "</Error>",
		  "x-amz-request-id", "hdr-rid", &e);
	is_str(e.code, "NoSuchBucket", "s3 without RequestId: code");
	is_str(e.request_id, "hdr-rid",
	       "s3 without RequestId in the body keeps x-amz-request-id");

	parse_err(AWS_PROTO_REST_XML, 400,
		  "<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/"
		  "2013-04-01/\"><Error><Type>Sender</Type><Code>InvalidInput"
		  "</Code><Message>bad</Message></Error><RequestId>r53"
		  "</RequestId></ErrorResponse>",
		  NULL, NULL, &e);
	is_str(e.code, "InvalidInput", "rest-xml ErrorResponse (route53)");

	/* json */
	parse_err(
		AWS_PROTO_JSON, 400,
		"{\"__type\":\"com.amazonaws.kms#NotFoundException:"
		"http://internal.amazon.com/coral/com.amazon.coral.validate/\","
		"\"message\":\"Key not found\"}",
		"x-amzn-RequestId", "j-rid", &e);
	is_str(e.code, "NotFoundException",
	       "json: ns#Name:http://... sanitised");
	is_str(e.message, "Key not found", "json: message");
	is_str(e.request_id, "j-rid", "json: x-amzn-RequestId");
	is_int(e.rc, IRREADY_EAWS,
	       "json: NotFoundException is a plain AWS error");

	parse_err(AWS_PROTO_JSON, 400,
		  "{\"__type\":\"  Spaced  \",\"message\":\"m\"}", NULL, NULL,
		  &e);
	is_str(e.code, "Spaced", "json: code is trimmed");

	parse_err(AWS_PROTO_REST_JSON, 404,
		  "{\"code\":\"ResourceNotFoundException\","
		  "\"Message\":\"Capital M\"}",
		  NULL, NULL, &e);
	is_str(e.code, "ResourceNotFoundException", "json: 'code' member");
	is_str(e.message, "Capital M", "json: 'Message' member");

	parse_err(AWS_PROTO_JSON, 400,
		  "{\"__type\":\"X\",\"message\":\"lower\",\"Message\":"
		  "\"upper\"}",
		  NULL, NULL, &e);
	is_str(e.message, "lower", "json: 'message' wins over 'Message'");

	parse_err(AWS_PROTO_REST_JSON, 403,
		  "{\"message\":\"no\",\"__type\":\"BodyType\"}",
		  "X-Amzn-Errortype",
		  "AccessDeniedException:http://internal.amazon.com/coral/"
		  "com.amazon.coral.service/",
		  &e);
	is_str(e.code, "AccessDeniedException",
	       "json: X-Amzn-Errortype wins over __type, and is sanitised");
	is_int(e.rc, IRREADY_EDENIED, "json: AccessDeniedException is denied");

	{
		struct aws_response r;

		resp_make(&r, 400,
			  "{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\","
			  "\"message\":\"q\"}");
		resp_header(&r, "x-amzn-errortype", "QueueDoesNotExist");
		resp_header(&r, "x-amzn-query-error",
			    "AWS.SimpleQueueService.NonExistentQueue;Sender");
		aws_error_clear(&e);
		aws_error_parse(AWS_PROTO_JSON, &r, &e);
		aws_response_release(&r);
		is_str(e.code, "AWS.SimpleQueueService.NonExistentQueue",
		       "json: x-amzn-query-error wins, up to ';'");
		is_str(e.message, "q", "json: message with query error");
	}

	parse_err(AWS_PROTO_JSON, 400, "{\"__type\":\"ThrottlingException\"}",
		  NULL, NULL, &e);
	is_int(e.rc, IRREADY_ETHROTTLED,
	       "json: ThrottlingException is throttled");

	/* bodies that are no envelope: the status is the code */
	parse_err(AWS_PROTO_REST_XML, 404,
		  "<html><head><title>404 Not Found</title></head><body>"
		  "<h1>Not Found</h1></body></html>",
		  NULL, NULL, &e);
	is_str(e.code, "404", "HTML 404 (rest-xml): code is the status");
	ok(e.message[0] != '\0', "HTML 404: a message is set");
	is_int(e.rc, IRREADY_EAWS, "HTML 404 is a plain AWS error");

	parse_err(AWS_PROTO_EC2, 404,
		  "<!DOCTYPE html><html><body>Not found<br></body></html>",
		  NULL, NULL, &e);
	is_str(e.code, "404", "malformed HTML 404 (ec2): code is the status");

	parse_err(AWS_PROTO_JSON, 404, "<html><body>nope</body></html>", NULL,
		  NULL, &e);
	is_str(e.code, "404", "HTML 404 (json): code is the status");

	parse_err(AWS_PROTO_QUERY, 503, "", NULL, NULL, &e);
	is_str(e.code, "503", "empty 503: code is the status");
	is_int(e.rc, IRREADY_EAWS, "empty 503 is a plain AWS error");
	ok(aws_error_is_transient(e.code, e.status), "empty 503 is transient");

	parse_err(AWS_PROTO_JSON, 503, "", NULL, NULL, &e);
	is_str(e.code, "503", "empty 503 (json): code is the status");

	parse_err(AWS_PROTO_JSON, 429, "{}", NULL, NULL, &e);
	is_str(e.code, "429", "429 with {}: code is the status");
	is_int(e.rc, IRREADY_ETHROTTLED, "HTTP 429 is throttled");

	parse_err(AWS_PROTO_EC2, 400,
		  "<Response><Errors><Error><Code>RequestLimitExceeded</Code>"
		  "<Message>Request limit exceeded.</Message></Error></Errors>"
		  "</Response>",
		  NULL, NULL, &e);
	is_int(e.rc, IRREADY_ETHROTTLED,
	       "ec2: RequestLimitExceeded is throttled");
}

static void test_classify(void)
{
	is_int(aws_error_classify("AccessDenied", 403), IRREADY_EDENIED,
	       "classify AccessDenied");
	is_int(aws_error_classify("AccessDeniedException", 400),
	       IRREADY_EDENIED, "classify AccessDeniedException");
	is_int(aws_error_classify("UnauthorizedOperation", 403),
	       IRREADY_EDENIED, "classify UnauthorizedOperation");
	is_int(aws_error_classify("Throttling", 400), IRREADY_ETHROTTLED,
	       "classify Throttling");
	is_int(aws_error_classify("RequestLimitExceeded", 503),
	       IRREADY_ETHROTTLED, "classify RequestLimitExceeded");
	is_int(aws_error_classify("Anything", 429), IRREADY_ETHROTTLED,
	       "classify HTTP 429");
	is_int(aws_error_classify("ValidationException", 400), IRREADY_EAWS,
	       "classify ValidationException");
	is_int(aws_error_classify("InternalError", 500), IRREADY_EAWS,
	       "classify InternalError");
	is_int(aws_error_classify("", 403), IRREADY_EDENIED,
	       "classify a 403 without a code");
	ok(!aws_error_is_throttle("AccessDenied", 403),
	   "AccessDenied is no throttle");

	ok(aws_error_is_transient("RequestTimeout", 400),
	   "RequestTimeout is transient");
	ok(aws_error_is_transient("InternalError", 500), "500 is transient");
	ok(aws_error_is_transient("503", 503), "503 is transient");
	ok(!aws_error_is_transient("AccessDenied", 403),
	   "403 is not transient");
	ok(!aws_error_is_transient("ValidationError", 400),
	   "ValidationError is not transient");
}

/* 1b. The real botocore captures, when ../shared is there */

static int expected_rc(const char *code)
{
	if (!strcmp(code, "AccessDenied") ||
	    !strcmp(code, "AccessDeniedException"))
		return IRREADY_EDENIED;
	if (!strcmp(code, "ProvisionedThroughputExceededException") ||
	    !strcmp(code, "Throttling"))
		return IRREADY_ETHROTTLED;
	return IRREADY_EAWS;
}

static void check_capture(const char *dir, const char *name, int json)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *stem = xstrndup(name, (size_t)(strrchr(name, '.') - name));
	char *exp_path = xasprintf("%s/%s.expected.json", dir, stem);
	size_t len = 0, elen = 0;
	char *body = read_file(path, &len);
	char *exp = read_file(exp_path, &elen);
	cJSON *j = exp ? cJSON_ParseWithLength(exp, elen) : NULL;
	const cJSON *eerr = cJSON_GetObjectItemCaseSensitive(j, "Error");
	const cJSON *meta =
		cJSON_GetObjectItemCaseSensitive(j, "ResponseMetadata");
	const char *want_code = ajson_get(eerr, "Code");
	const char *want_msg = ajson_get(eerr, "Message");
	const char *want_rid = ajson_get(meta, "RequestId");
	enum aws_protocol proto = AWS_PROTO_QUERY;
	struct aws_response r;
	struct aws_error e;

	if (json)
		proto = AWS_PROTO_JSON;
	else if (starts_with(name, "ec2-"))
		proto = AWS_PROTO_EC2;
	else if (starts_with(name, "s3-") || starts_with(name, "route53-"))
		proto = AWS_PROTO_REST_XML;

	ok(body && want_code && want_msg, "%s: capture and expected parse read",
	   name);
	if (body && want_code && want_msg) {
		resp_make(&r, 400, NULL);
		strbuf_add(&r.body, body, len);
		aws_error_clear(&e);
		aws_error_parse(proto, &r, &e);
		aws_response_release(&r);
		is_str(e.code, want_code, "%s: Error.Code", name);
		is_str(e.message, want_msg, "%s: Error.Message", name);
		if (want_rid)
			is_str(e.request_id, want_rid, "%s: RequestId", name);
		is_int(e.rc, expected_rc(want_code), "%s: classification",
		       name);
	}
	cJSON_Delete(j);
	free(exp);
	free(body);
	free(exp_path);
	free(stem);
	free(path);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_captures(const char *sub, const char *ext, int json)
{
	char *dir;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0;

	if (!shared) {
		tap_skip(SHARED_ABSENT, "%s: every capture's error envelope",
			 sub);
		return;
	}
	dir = xasprintf("%s/%s", shared, sub);
	d = opendir(dir);
	if (!ok(d != NULL, "%s is readable", dir)) {
		free(dir);
		return;
	}
	while ((de = readdir(d))) {
		if (!ends_with(de->d_name, ext) ||
		    ends_with(de->d_name, ".expected.json"))
			continue;
		ALLOC_GROW(names, n + 1, alloc);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	ok(n > 0, "%s holds captures", dir);
	for (size_t i = 0; i < n; i++) {
		check_capture(dir, names[i], json);
		free(names[i]);
	}
	free(names);
	free(dir);
}

/* 2. Raw HTTP */

static void test_http_raw(void)
{
	struct aws_response r;
	const char *lf = "HTTP/1.1 200 OK\n"
			 "Content-Type: text/xml;charset=UTF-8\n"
			 "x-amzn-RequestId: \t abc-123 \t\n"
			 "Empty:\n"
			 "\n"
			 "<a>\n\n</a>";
	const char *crlf = "HTTP/1.1 403 Forbidden\r\n"
			   "X-Amzn-ErrorType:  AccessDeniedException  \r\n"
			   "\r\n"
			   "line1\r\nline2";

	aws_response_init(&r);
	is_int(aws_http_parse_raw(lf, strlen(lf), &r), 0, "LF response parses");
	is_int(r.status, 200, "LF: status");
	is_int(r.nheaders, 3, "LF: three headers");
	is_str(aws_response_header(&r, "X-AMZN-REQUESTID"), "abc-123",
	       "LF: header looked up case-insensitively, value trimmed");
	is_str(aws_response_header(&r, "content-type"),
	       "text/xml;charset=UTF-8", "LF: content-type");
	is_str(aws_response_header(&r, "Empty"), "", "LF: empty header value");
	ok(aws_response_header(&r, "Missing") == NULL, "absent header is NULL");
	is_int(r.body.len, 9, "LF: body length (blank line inside kept)");
	is_str(strbuf_str(&r.body), "<a>\n\n</a>", "LF: body byte for byte");
	aws_response_release(&r);

	aws_response_init(&r);
	is_int(aws_http_parse_raw(crlf, strlen(crlf), &r), 0,
	       "CRLF response parses");
	is_int(r.status, 403, "CRLF: status");
	is_int(r.nheaders, 1, "CRLF: one header");
	is_str(aws_response_header(&r, "x-amzn-errortype"),
	       "AccessDeniedException", "CRLF: value trimmed, no CR");
	is_str(strbuf_str(&r.body), "line1\r\nline2",
	       "CRLF: body byte for byte");
	aws_response_release(&r);

	aws_response_init(&r);
	is_int(aws_http_parse_raw("HTTP/1.1 204 No Content\r\nA: b\r\n",
				  strlen("HTTP/1.1 204 No Content\r\nA: b\r\n"),
				  &r),
	       0, "no blank line, no body: parses");
	is_int(r.status, 204, "no body: status");
	is_int(r.body.len, 0, "no body: empty body");
	is_str(aws_response_header(&r, "a"), "b", "no body: header");
	aws_response_release(&r);

	aws_response_init(&r);
	is_int(aws_http_parse_raw(
		       "HTTP/1.1 500 Internal Server Error\n\n",
		       strlen("HTTP/1.1 500 Internal Server Error\n\n"), &r),
	       0, "headers-less 500 parses");
	is_int(r.status, 500, "headers-less: status");
	is_int(r.nheaders, 0, "headers-less: no header");
	is_int(r.body.len, 0, "headers-less: no body");
	aws_response_release(&r);

	{
		static const char *const bad[] = {
			"",
			"garbage\n\nbody",
			"HTTP/1.1 abc OK\n\n",
			"HTTP/1.1 99 Low\n\n",
			"HTTP/1.1 600 High\n\n",
			"HTTP/1.1 2x0 Mixed\n\n",
			"HTTP/1.1 200 OK\nno colon here\n\nbody",
			"HTTP/1.1\n\n",
			"<html>HTTP/1.1 200 OK</html>\n\n",
		};

		for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
			aws_response_init(&r);
			is_int(aws_http_parse_raw(bad[i], strlen(bad[i]), &r),
			       IRREADY_EPARSE,
			       "malformed response %zu rejected", i);
			aws_response_release(&r);
		}
	}
}

/* 3. Replay file names */

static void sha256_hex16(const char *s, char out[17])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_Digest(s, strlen(s), md, &n, EVP_sha256(), NULL);
	for (int i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static void test_replay_names(void)
{
	const char *long_arn = "arn:aws:cloudtrail:eu-west-1:777788889999:"
			       "trail/account-wide-management-and-security-"
			       "events-trail-for-incident-response";
	char *s, *want;
	char hex[17], big[160];

	s = aws_replay_sanitize(
		"arn:aws:cloudtrail:us-east-1:111122223333:trail/main");
	is_str(s, "arn_aws_cloudtrail_us-east-1_111122223333_trail_main",
	       "sanitize a trail ARN");
	free(s);
	s = aws_replay_sanitize("jenkins+ci@corp");
	is_str(s, "jenkins_ci_corp", "sanitize a user name");
	free(s);
	s = aws_replay_sanitize("tok/p3==");
	is_str(s, "tok_p3__", "sanitize a token");
	free(s);
	s = aws_replay_sanitize("A-z_0.9");
	is_str(s, "A-z_0.9", "allowed bytes kept");
	free(s);
	s = aws_replay_sanitize("caf\xc3\xa9 x");
	is_str(s, "caf___x", "every non-ASCII byte becomes _");
	free(s);
	s = aws_replay_sanitize("");
	is_str(s, "", "empty stays empty");
	free(s);

	/* the hashed form: 80 bytes, '-', 16 hex of SHA-256 of the original */
	memset(big, 'a', 100);
	big[100] = '\0';
	big[5] = '/';
	s = aws_replay_sanitize(big);
	is_int(strlen(s), 100, "exactly 100 bytes: not hashed");
	ok(s[5] == '_' && s[99] == 'a',
	   "exactly 100 bytes: sanitized in place");
	free(s);
	big[100] = 'b';
	big[101] = '\0';
	sha256_hex16(big, hex);
	want = xasprintf("aaaaa_%.74s-%s", big + 6, hex);
	s = aws_replay_sanitize(big);
	is_int(strlen(s), 97, "101 bytes: 80 + '-' + 16 hex");
	is_str(s, want, "101 bytes: hashed form of the original string");
	free(s);
	free(want);

	sha256_hex16(long_arn, hex);
	want = xasprintf("arn_aws_cloudtrail_eu-west-1_777788889999_trail_"
			 "account-wide-management-and-secu-%s",
			 hex);
	s = aws_replay_sanitize(long_arn);
	is_str(s, want, "long trail ARN: hashed form (OpenSSL)");
	is_str(s,
	       "arn_aws_cloudtrail_eu-west-1_777788889999_trail_"
	       "account-wide-management-and-secu-192e1d17238869d2",
	       "long trail ARN: matches the fixture file name");
	free(s);
	free(want);

	{
		struct aws_request req = { .account = "111122223333",
					   .region = "us-east-1",
					   .service = "ec2",
					   .action = "DescribeVpcs" };
		char *p = aws_replay_path(&req);

		is_str(p, "111122223333/us-east-1/ec2.DescribeVpcs.http",
		       "path: first page, no resource");
		free(p);
		req.token = "";
		p = aws_replay_path(&req);
		is_str(p, "111122223333/us-east-1/ec2.DescribeVpcs.http",
		       "path: an empty token is no token");
		free(p);
		req.action = "DescribeSnapshots";
		req.token = "tok/p3==";
		p = aws_replay_path(&req);
		is_str(p,
		       "111122223333/us-east-1/"
		       "ec2.DescribeSnapshots.page-tok_p3__.http",
		       "path: token sanitized after .page-");
		free(p);

		req = (struct aws_request){ .account = "444455556666",
					    .region = "global",
					    .service = "iam",
					    .action = "ListAccessKeys",
					    .resource = "jenkins+ci@corp" };
		p = aws_replay_path(&req);
		is_str(p,
		       "444455556666/global/"
		       "iam.ListAccessKeys.jenkins_ci_corp.http",
		       "path: resource after the action");
		free(p);
		req.token = "m/2";
		p = aws_replay_path(&req);
		is_str(p,
		       "444455556666/global/"
		       "iam.ListAccessKeys.jenkins_ci_corp.page-m_2.http",
		       "path: resource, then token");
		free(p);

		req = (struct aws_request){ .account = "777788889999",
					    .region = "eu-west-1",
					    .service = "cloudtrail",
					    .action = "GetTrailStatus",
					    .resource = long_arn };
		p = aws_replay_path(&req);
		{
			char *full = xasprintf("fixtures/access-denied/%s", p);

			ok(access(full, R_OK) == 0,
			   "path: hashed resource names the shipped fixture %s",
			   p);
			free(full);
		}
		free(p);
	}
}

/* 4. XML helpers */

static void test_xml_captures(void)
{
	struct arena a = ARENA_INIT;
	size_t len = 0, elen = 0;
	char *x = NULL, *ej = NULL, *p;

	if (!shared) {
		tap_skip(SHARED_ABSENT, "ec2-describe-vpcs capture via axml");
		tap_skip(SHARED_ABSENT, "iam-list-users capture via axml");
		tap_skip(SHARED_ABSENT, "s3-list-objects capture via axml");
		return;
	}
	p = xasprintf("%s/success/ec2-describe-vpcs.xml", shared);
	x = read_file(p, &len);
	free(p);
	p = xasprintf("%s/success/ec2-describe-vpcs.expected.json", shared);
	ej = read_file(p, &elen);
	free(p);
	if (ok(x && ej, "ec2-describe-vpcs capture and expected read")) {
		struct axml_doc *doc = axml_parse(x, len);
		struct axml_node *root = doc ? axml_root(doc) : NULL;
		cJSON *j = cJSON_ParseWithLength(ej, elen);
		const cJSON *vpcs = ajson_array(j, "Vpcs");
		const cJSON *v0 = cJSON_GetArrayItem(vpcs, 0);
		size_t n = 0;

		ok(root && axml_is(root, "DescribeVpcsResponse"),
		   "ec2-describe-vpcs: root by local name");
		for (struct axml_node *it =
			     axml_items(axml_child(root, "vpcSet"));
		     it; it = axml_next(it))
			n++;
		is_int(n, cJSON_GetArraySize(vpcs),
		       "ec2-describe-vpcs: VPC count");
		is_str(axml_str(&a, root, "vpcSet/item/vpcId"),
		       ajson_get(v0, "VpcId"),
		       "ec2-describe-vpcs: vpcId via path");
		is_str(axml_str(&a, axml_items(axml_child(root, "vpcSet")),
				"cidrBlock"),
		       ajson_get(v0, "CidrBlock"),
		       "ec2-describe-vpcs: cidrBlock");
		is_int(axml_bool(root, "vpcSet/item/isDefault", -1),
		       ajson_bool(v0, "IsDefault", -1),
		       "ec2-describe-vpcs: isDefault");
		is_str(axml_str(&a, root, "requestId"),
		       ajson_get(cJSON_GetObjectItemCaseSensitive(
					 j, "ResponseMetadata"),
				 "RequestId"),
		       "ec2-describe-vpcs: requestId");
		ok(axml_str(&a, root, "vpcSet/item/nope") == NULL,
		   "missing path is NULL");
		cJSON_Delete(j);
		axml_free(doc);
	}
	free(x);
	free(ej);

	p = xasprintf("%s/success/iam-list-users.xml", shared);
	x = read_file(p, &len);
	free(p);
	p = xasprintf("%s/success/iam-list-users.expected.json", shared);
	ej = read_file(p, &elen);
	free(p);
	if (ok(x && ej, "iam-list-users capture and expected read")) {
		struct axml_doc *doc = axml_parse(x, len);
		struct axml_node *root = doc ? axml_root(doc) : NULL;
		struct axml_node *res = axml_child(root, "ListUsersResult");
		cJSON *j = cJSON_ParseWithLength(ej, elen);
		const cJSON *users = ajson_array(j, "Users");
		struct axml_node *m = axml_items(axml_child(res, "Users"));
		int i = 0;

		ok(res != NULL, "iam-list-users: <ListUsersResult>");
		for (; m; m = axml_next(m), i++) {
			const cJSON *u = cJSON_GetArrayItem(users, i);

			is_str(axml_str(&a, m, "UserName"),
			       ajson_get(u, "UserName"),
			       "iam-list-users: member %d UserName", i);
			is_str(axml_str(&a, m, "Arn"), ajson_get(u, "Arn"),
			       "iam-list-users: member %d Arn keeps its "
			       "newline",
			       i);
		}
		is_int(i, cJSON_GetArraySize(users),
		       "iam-list-users: member count");
		is_int(axml_bool(res, "IsTruncated", 1), 0,
		       "iam-list-users: IsTruncated false");
		cJSON_Delete(j);
		axml_free(doc);
	}
	free(x);
	free(ej);

	p = xasprintf("%s/success/s3-list-objects.xml", shared);
	x = read_file(p, &len);
	free(p);
	if (ok(x != NULL, "s3-list-objects capture read")) {
		struct axml_doc *doc = axml_parse(x, len);
		struct axml_node *root = doc ? axml_root(doc) : NULL;
		size_t n = 0;

		is_str(axml_str(&a, root, "Contents/ETag"),
		       "\"1d921b22129502cbbe5cbaf2c8bac682\"",
		       "s3-list-objects: &quot; decoded");
		/* flattened list: axml_next walks same-named siblings */
		for (struct axml_node *c = axml_child(root, "Contents"); c;
		     c = axml_next(c))
			n++;
		is_int(n, 2, "s3-list-objects: flattened <Contents> siblings");
		is_int(axml_long(root, "Contents/Size", -1), 10000,
		       "s3-list-objects: Size as long");
		axml_free(doc);
	}
	free(x);
	arena_release(&a);
}

static void test_xml_inline(void)
{
	struct arena a = ARENA_INIT;
	struct axml_doc *doc;
	struct axml_node *root;
	const char *ns = "<p:Top xmlns:p=\"urn:p\" xmlns=\"urn:d\"><Mid>"
			 "<p:Leaf>v</p:Leaf></Mid><Set><x>1</x><other/><x>2</x>"
			 "<x>3</x></Set></p:Top>";
	const char *empty = "<R><vpcSet/><listSet></listSet></R>";
	const char *ent = "<R><v>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#233;</v>"
			  "<b> TRUE\n</b><n>\n 42 \n</n><bad>4x</bad>"
			  "<t>2026-11-28T00:00:00.000Z</t><tz>yesterday</tz>"
			  "<ws>  keep  </ws><c><![CDATA[a<b]]></c></R>";
	const char *xxe =
		"<!DOCTYPE R [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
		"<R><v>[&x;]</v></R>";
	static const char *const bad[] = { "not xml at all", "<a><b>1</b>",
					   "<a></b>", "{\"json\":true}",
					   "<?xml version=\"1.0\"?>" };
	char buf[8];

	doc = axml_parse(ns, strlen(ns));
	root = doc ? axml_root(doc) : NULL;
	ok(axml_is(root, "Top"), "namespaced root matched by local name");
	is_str(axml_str(&a, root, "Mid/Leaf"), "v",
	       "prefixed path ignores namespaces");
	{
		int n = 0;
		long sum = 0;

		for (struct axml_node *it =
			     axml_child(axml_child(root, "Set"), "x");
		     it; it = axml_next(it), n++)
			sum = sum * 10 + axml_long(it, "", -100);
		is_int(n, 3, "axml_next skips siblings with another name");
		is_int(sum, 123, "axml_next keeps document order");
		is_int(axml_long(axml_child(root, "Set"), "x", -1), 1,
		       "axml_long of the first <x>");
		n = 0;
		for (struct axml_node *it = axml_items(axml_child(root, "Set"));
		     it; it = axml_next(it))
			n++;
		is_int(n, 3, "axml_items starts at the first element child");
	}
	axml_free(doc);

	doc = axml_parse(empty, strlen(empty));
	root = doc ? axml_root(doc) : NULL;
	ok(axml_child(root, "vpcSet") != NULL, "<vpcSet/> is present");
	ok(axml_items(axml_child(root, "vpcSet")) == NULL,
	   "<vpcSet/> has no item");
	ok(axml_items(axml_child(root, "listSet")) == NULL,
	   "<listSet></listSet> has no item");
	ok(axml_items(axml_child(root, "absentSet")) == NULL,
	   "an absent list has no item");
	is_str(axml_str(&a, root, "vpcSet"), "", "empty element text is \"\"");
	axml_free(doc);

	doc = axml_parse(ent, strlen(ent));
	root = doc ? axml_root(doc) : NULL;
	is_str(axml_str(&a, root, "v"), "&<>\"'AB\xc3\xa9", "entities decoded");
	is_int(axml_bool(root, "b", -1), 1, "axml_bool trims and ignores case");
	is_int(axml_bool(root, "missing", 7), 7, "axml_bool default");
	is_int(axml_bool(root, "n", 7), 7,
	       "axml_bool of a non-boolean is the default");
	is_int(axml_long(root, "n", -1), 42, "axml_long trims");
	is_int(axml_long(root, "bad", -1), -1, "axml_long rejects junk");
	is_int(axml_time(root, "t"), 1795824000, "axml_time");
	is_int(axml_time(root, "tz"), 0, "axml_time malformed is 0");
	is_int(axml_time(root, "missing"), 0, "axml_time missing is 0");
	is_str(axml_str(&a, root, "ws"), "  keep  ", "axml_str does not trim");
	is_str(axml_str(&a, root, "c"), "a<b", "CDATA is text");
	axml_copy(root, "ws", buf, sizeof(buf));
	is_str(buf, "  keep ", "axml_copy truncates to the buffer");
	axml_copy(root, "missing", buf, sizeof(buf));
	is_str(buf, "", "axml_copy of a missing path is empty");
	axml_free(doc);

	doc = axml_parse(xxe, strlen(xxe));
	{
		/* rejecting the document is as good as not loading it */
		char *v = doc ? axml_str(&a, axml_root(doc), "v") : NULL;

		ok(!doc || (v && !strstr(v, "root:")),
		   "external entity is not loaded (document %s)",
		   doc ? "parsed" : "rejected");
		axml_free(doc);
	}

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		ok(axml_parse(bad[i], strlen(bad[i])) == NULL,
		   "malformed XML %zu is NULL", i);
	ok(axml_parse(NULL, 0) == NULL, "NULL input is NULL");
	ok(axml_parse("<a/>", 0) == NULL, "zero length is NULL");
	arena_release(&a);
}

/* 5. Collectors through the replay transport */

struct fixture_dir {
	char root[64];
	char *paths[16];
	size_t npaths;
};

static int fixture_dir_init(struct fixture_dir *fd, const char *acct,
			    const char *region)
{
	char *p;

	memset(fd, 0, sizeof(*fd));
	snprintf(fd->root, sizeof(fd->root), "/tmp/irready-test-XXXXXX");
	if (!mkdtemp(fd->root))
		return -1;
	p = xasprintf("%s/%s", fd->root, acct);
	mkdir(p, 0700);
	fd->paths[fd->npaths++] = p;
	p = xasprintf("%s/%s/%s", fd->root, acct, region);
	mkdir(p, 0700);
	fd->paths[fd->npaths++] = p;
	return 0;
}

static void fixture_write(struct fixture_dir *fd, const char *rel,
			  const char *content)
{
	char *p = xasprintf("%s/%s", fd->root, rel);
	FILE *f = fopen(p, "w");

	if (f) {
		fputs(content, f);
		fclose(f);
	}
	fd->paths[fd->npaths++] = p;
}

static void fixture_dir_remove(struct fixture_dir *fd)
{
	/* files last written first, then the directories */
	while (fd->npaths) {
		char *p = fd->paths[--fd->npaths];

		if (remove(p))
			printf("# could not remove %s\n", p);
		free(p);
	}
	rmdir(fd->root);
}

static const char snap_page[] =
	"HTTP/1.1 200 OK\nContent-Type: text/xml;charset=UTF-8\n\n"
	"<DescribeSnapshotsResponse xmlns=\"http://ec2.amazonaws.com/doc/"
	"2016-11-15/\"><requestId>r</requestId><snapshotSet><item>"
	"<snapshotId>snap-%d</snapshotId><status>completed</status></item>"
	"</snapshotSet><nextToken>%s</nextToken></DescribeSnapshotsResponse>";

static struct inv_account *one_account(struct inventory *inv, const char *id,
				       const char *home)
{
	struct inv_account *a = inv_add_account(inv);

	a->id = arena_strdup(&a->meta, id);
	a->home_region = arena_strdup(&a->meta, home);
	a->assessed = 1;
	return a;
}

static struct collect_ctx region_ctx(struct aws_client *c,
				     struct inv_account *a,
				     struct inv_region *r, enum inv_dataset ds,
				     struct aws_error *err)
{
	struct collect_ctx cx = { .client = c,
				  .acct = a,
				  .region = r,
				  .arena = r ? &r->arena[ds] : &a->arena[ds],
				  .err = err };
	aws_error_clear(err);
	return cx;
}

static void test_paging_neglected(void)
{
	struct inventory inv = { 0 };
	struct aws_client c = { 0 };
	struct aws_error err;
	struct inv_account *a;
	struct inv_region *r;
	struct collect_ctx cx;
	char *log = NULL;
	size_t loglen = 0, nfiles = 0, want;
	int rc;

	c.transport = aws_replay_new("fixtures/neglected");
	c.request_log = open_memstream(&log, &loglen);
	a = one_account(&inv, "444455556666", "us-east-1");
	r = inv_add_region(a, "us-east-1");

	/*
	 * DescribeSnapshots: 3 pages (tok-p2, then tok/p3==); not the
	 * public snapshots' ec2.DescribeSnapshots.all.http
	 */
	want = count_in_files("fixtures/neglected/444455556666/us-east-1/"
			      "ec2.DescribeSnapshots.[hp]*",
			      "<snapshotId>", &nfiles);
	is_int(nfiles, 3, "neglected: 3 DescribeSnapshots page files");
	is_int(want, 6, "neglected: 6 snapshots across the pages (by hand)");
	cx = region_ctx(&c, a, r, DS_SNAPSHOTS, &err);
	rc = inv_collect_snapshots(&cx);
	is_int(rc, 0, "snapshots: collected");
	is_int(r->snapshots.n, want, "snapshots: every page's items");
	is_int(c.calls, 3, "snapshots: 3 calls");
	is_int(c.errors, 0, "snapshots: no error");
	if (r->snapshots.n == 6) {
		/* the collector sorts by volume id: look snapshots up by id */
		const struct inv_snapshot *s1 = NULL, *s3 = NULL, *s5 = NULL;
		int sorted = 1;

		for (size_t i = 0; i < r->snapshots.n; i++) {
			const struct inv_snapshot *x = &r->snapshots.v[i];

			if (!strcmp(x->id, "snap-01e2f3a4b5c6d7e8f"))
				s1 = x;
			if (!strcmp(x->id, "snap-03a4b5c6d7e8f9a0b"))
				s3 = x;
			if (!strcmp(x->id, "snap-05c6d7e8f9a0b1c2d"))
				s5 = x;
			if (i &&
			    strcmp(r->snapshots.v[i - 1].volume_id
					   ? r->snapshots.v[i - 1].volume_id
					   : "",
				   x->volume_id ? x->volume_id : "") > 0)
				sorted = 0;
		}
		ok(sorted, "snapshots: sorted by volume id for the checks");
		ok(s1 != NULL, "snapshots: first of page 1");
		ok(s3 != NULL, "snapshots: first of page 2");
		ok(s5 != NULL, "snapshots: page 3");
		if (s5)
			is_str(s5->state, "pending", "snapshots: <status>");
		if (s1)
			is_str(s1->volume_id, "vol-0a0b1c2d3e4f5a6b7",
			       "snapshots: volumeId");
		if (s3)
			is_int(s3->start_time,
			       1795824000 - 3 * 86400 + 23 * 3600 + 1800,
			       "snapshots: startTime");
	}
	fflush(c.request_log);
	is_str(log,
	       "444455556666 us-east-1 ec2:DescribeSnapshots\n"
	       "444455556666 us-east-1 ec2:DescribeSnapshots token=tok-p2\n"
	       "444455556666 us-east-1 ec2:DescribeSnapshots token=tok/p3==\n",
	       "snapshots: request log carries the raw tokens");

	/* IAM keys: ReportNotPresent, then ListUsers (3 pages) + ListAccessKeys
	 */
	c.calls = c.errors = 0;
	cx = region_ctx(&c, a, NULL, DS_IAM_KEYS, &err);
	rc = inv_collect_iam_keys(&cx);
	is_int(rc, 0, "iam keys: collected through ListUsers");
	is_int(a->keys_from_credential_report, 0,
	       "iam keys: not from the report");
	want = count_in_files("fixtures/neglected/444455556666/global/"
			      "iam.ListUsers*.http",
			      "<UserName>", &nfiles);
	is_int(nfiles, 3, "iam keys: 3 ListUsers page files");
	is_int(want, 5, "iam keys: 5 users (by hand)");
	/*
	 * per user ListAccessKeys and GetLoginProfile, per active key (4)
	 * GetAccessKeyLastUsed, then GetAccountSummary for the root user
	 */
	is_int(c.calls, 1 + 3 + 2 * want + 4 + 1,
	       "iam keys: report + 3 pages + 2 per user + 1 per active key "
	       "+ GetAccountSummary");
	is_int(c.errors, 3,
	       "iam keys: ReportNotPresent and two NoSuchEntity (no "
	       "password) are the errors");
	is_int(a->iam_users.n, want, "iam keys: every user kept");
	is_int(a->iam_last_use_failed, 0, "iam keys: last-use calls answered");
	ok(a->iam_root.known && !a->iam_root.mfa_enabled &&
		   a->iam_root.access_keys,
	   "iam keys: root from GetAccountSummary (no MFA, keys present)");
	is_int(err.code[0], 0, "iam keys: no error left behind");
	want = count_in_files("fixtures/neglected/444455556666/global/"
			      "iam.ListAccessKeys.*.http",
			      "<AccessKeyId>", &nfiles);
	is_int(want, 5, "iam keys: 5 keys in the fixtures (by hand)");
	is_int(a->access_keys.n, want, "iam keys: every key collected");
	{
		int active = 0, found = 0;

		for (size_t i = 0; i < a->access_keys.n; i++) {
			const struct inv_access_key *k = &a->access_keys.v[i];

			active += k->active;
			if (k->key_id &&
			    !strcmp(k->key_id, "AKIA333333333EXAMPLE")) {
				found = 1;
				is_str(k->user, "jenkins+ci@corp",
				       "iam keys: user name with + and @");
				is_str(k->user_arn,
				       "arn:aws:iam::444455556666:user/service/"
				       "jenkins+ci@corp",
				       "iam keys: ARN carried from ListUsers");
				ok(k->created > 0,
				   "iam keys: CreateDate parsed");
				is_int(k->last_used, 1764571500,
				       "iam keys: GetAccessKeyLastUsed "
				       "2025-12-01T06:45:00Z");
			}
		}
		is_int(active, 4,
		       "iam keys: 4 active (admin's second is Inactive)");
		ok(found, "iam keys: the jenkins key is there");
	}

	fclose(c.request_log);
	free(log);
	c.transport->free(c.transport);
	inv_free(&inv);
}

static void test_paging_kms(void)
{
	struct inventory inv = { 0 };
	struct aws_client c = { 0 };
	struct aws_error err;
	struct inv_account *a;
	struct inv_region *r;
	struct collect_ctx cx;
	int rc, rotating = 0;

	c.transport = aws_replay_new("fixtures/well-prepared");
	a = one_account(&inv, "111122223333", "us-east-1");
	r = inv_add_region(a, "us-east-1");
	cx = region_ctx(&c, a, r, DS_KMS, &err);
	rc = inv_collect_kms(&cx);
	is_int(rc, 0, "kms: collected");
	is_int(r->keys.n, 4, "kms: 2 + 2 keys over 2 ListKeys pages");
	/* 2 ListKeys + 4 DescribeKey + 2 GetKeyRotationStatus (CUSTOMER,
	 * symmetric) */
	is_int(c.calls, 8, "kms: 8 calls");
	for (size_t i = 0; i < r->keys.n; i++) {
		rotating += r->keys.v[i].rotation_checked &&
			    r->keys.v[i].rotation_enabled;
		if (!strcmp(r->keys.v[i].id,
			    "bda5f683-9f35-4f98-aed1-94ca8edc4d2b")) {
			is_str(r->keys.v[i].spec, "RSA_2048", "kms: KeySpec");
			ok(!inv_kms_rotatable(&r->keys.v[i]),
			   "kms: an RSA key is not rotatable");
			ok(!r->keys.v[i].rotation_checked,
			   "kms: no rotation call for the RSA key");
		}
		if (!strcmp(r->keys.v[i].id,
			    "1001f32f-a6fe-4e53-8ee9-ae1058b0a58e"))
			is_str(r->keys.v[i].manager, "AWS",
			       "kms: AWS-managed key");
	}
	is_int(rotating, 2, "kms: two rotating customer keys");
	c.transport->free(c.transport);
	inv_free(&inv);
}

static void test_paging_errors(void)
{
	struct fixture_dir fd;
	struct inventory inv = { 0 };
	struct aws_client c = { 0 };
	struct aws_error err;
	struct inv_account *a;
	struct inv_region *r;
	struct collect_ctx cx;
	char *page;
	int rc;

	if (fixture_dir_init(&fd, "444455556666", "us-east-1")) {
		ok(0, "mkdtemp");
		return;
	}
	page = xasprintf(snap_page, 1, "tok-a");
	fixture_write(&fd, "444455556666/us-east-1/ec2.DescribeSnapshots.http",
		      page);
	free(page);
	page = xasprintf(snap_page, 2, "tok-a");
	fixture_write(
		&fd,
		"444455556666/us-east-1/ec2.DescribeSnapshots.page-tok-a.http",
		page);
	free(page);
	fixture_write(&fd, "444455556666/us-east-1/ec2.DescribeVpcs.http",
		      "HTTP/1.1 200 OK\nContent-Type: text/xml\n\n"
		      "this is not XML {\n");
	fixture_write(
		&fd, "444455556666/us-east-1/kms.ListKeys.http",
		"HTTP/1.1 200 OK\nContent-Type: application/x-amz-json-1.1\n\n"
		"{\"Keys\":[{\"KeyId\":\"11111111-2222-3333-4444-"
		"555555555551\"}],\"Truncated\":true,"
		"\"NextMarker\":\"m1\"}");
	fixture_write(
		&fd, "444455556666/us-east-1/kms.ListKeys.page-m1.http",
		"HTTP/1.1 200 OK\nContent-Type: application/x-amz-json-1.1\n\n"
		"{\"Keys\":[{\"KeyId\":\"11111111-2222-3333-4444-"
		"555555555552\"}],\"Truncated\":true,"
		"\"NextMarker\":\"m1\"}");
	fixture_write(&fd,
		      "444455556666/us-east-1/guardduty.ListDetectors.http",
		      "HTTP/1.1 200 OK\nContent-Type: application/json\n\n"
		      "[\"not an object\"]");
	fixture_write(&fd, "444455556666/us-east-1/ec2.DescribeVolumes.http",
		      "not an HTTP response at all\n");

	c.transport = aws_replay_new(fd.root);
	a = one_account(&inv, "444455556666", "us-east-1");
	r = inv_add_region(a, "us-east-1");

	cx = region_ctx(&c, a, r, DS_SNAPSHOTS, &err);
	rc = inv_collect_snapshots(&cx);
	is_int(rc, IRREADY_EPARSE, "token loop: IRREADY_EPARSE");
	is_str(err.code, "MalformedResponse", "token loop: MalformedResponse");
	is_int(err.rc, IRREADY_EPARSE, "token loop: err.rc");
	is_str(err.action, "ec2:DescribeSnapshots", "token loop: action");
	is_str(err.region, "us-east-1", "token loop: region");
	ok(strstr(err.message, "token") != NULL, "token loop: message '%s'",
	   err.message);
	is_int(c.calls, 2, "token loop: stops after the repeated token");

	c.calls = 0;
	cx = region_ctx(&c, a, r, DS_KMS, &err);
	rc = inv_collect_kms(&cx);
	is_int(rc, IRREADY_EPARSE, "json token loop: IRREADY_EPARSE");
	is_str(err.code, "MalformedResponse",
	       "json token loop: MalformedResponse");
	is_str(err.action, "kms:ListKeys", "json token loop: action");
	is_int(c.calls, 2, "json token loop: 2 calls, no DescribeKey");

	cx = region_ctx(&c, a, r, DS_VPC, &err);
	rc = inv_collect_vpc(&cx);
	is_int(rc, IRREADY_EPARSE, "non-XML body: IRREADY_EPARSE");
	is_str(err.code, "MalformedResponse",
	       "non-XML body: MalformedResponse");
	is_str(err.action, "ec2:DescribeVpcs", "non-XML body: action");
	ok(strstr(err.message, "ec2:DescribeVpcs") != NULL,
	   "non-XML body: message names the action ('%s')", err.message);

	cx = region_ctx(&c, a, r, DS_GUARDDUTY, &err);
	rc = inv_collect_guardduty(&cx);
	is_int(rc, IRREADY_EPARSE, "JSON array body: IRREADY_EPARSE");
	is_str(err.action, "guardduty:ListDetectors",
	       "JSON array body: action");

	cx = region_ctx(&c, a, r, DS_VOLUMES, &err);
	rc = inv_collect_volumes(&cx);
	is_int(rc, IRREADY_EPARSE,
	       "fixture without status line: IRREADY_EPARSE");
	is_str(err.code, "ReplayMalformed",
	       "fixture without status line: ReplayMalformed");

	c.errors = 0;
	cx = region_ctx(&c, a, r, DS_FLOW_LOGS, &err);
	rc = inv_collect_flow_logs(&cx);
	is_int(rc, IRREADY_EIO, "missing fixture: IRREADY_EIO");
	is_str(err.code, "ReplayMissing", "missing fixture: ReplayMissing");
	is_int(err.rc, IRREADY_EIO, "missing fixture: err.rc");
	ok(strstr(err.message,
		  "444455556666/us-east-1/ec2.DescribeFlowLogs.http") != NULL,
	   "missing fixture: message names the file ('%s')", err.message);
	is_str(err.action, "ec2:DescribeFlowLogs", "missing fixture: action");
	is_int(c.errors, 1, "missing fixture: counted as an error");

	c.transport->free(c.transport);
	inv_free(&inv);
	fixture_dir_remove(&fd);
	ok(access(fd.root, F_OK) != 0, "temporary scenario removed");
}

/*
 * A token cycle longer than one page (A -> B -> A) must be caught too
 * (inv_pager.c: "a token that repeats ... is a malformed response").
 */
static void test_token_cycle(void)
{
	struct fixture_dir fd;
	struct inventory inv = { 0 };
	struct aws_client c = { 0 };
	struct aws_error err;
	struct inv_account *a;
	struct inv_region *r;
	struct collect_ctx cx;
	char *page;
	int rc;

	if (fixture_dir_init(&fd, "444455556666", "us-east-1")) {
		ok(0, "mkdtemp");
		return;
	}
	page = xasprintf(snap_page, 1, "tok-a");
	fixture_write(&fd, "444455556666/us-east-1/ec2.DescribeSnapshots.http",
		      page);
	free(page);
	page = xasprintf(snap_page, 2, "tok-b");
	fixture_write(
		&fd,
		"444455556666/us-east-1/ec2.DescribeSnapshots.page-tok-a.http",
		page);
	free(page);
	page = xasprintf(snap_page, 3, "tok-a");
	fixture_write(
		&fd,
		"444455556666/us-east-1/ec2.DescribeSnapshots.page-tok-b.http",
		page);
	free(page);

	c.transport = aws_replay_new(fd.root);
	a = one_account(&inv, "444455556666", "us-east-1");
	r = inv_add_region(a, "us-east-1");
	cx = region_ctx(&c, a, r, DS_SNAPSHOTS, &err);
	rc = inv_collect_snapshots(&cx);
	is_int(rc, IRREADY_EPARSE, "token cycle A-B-A: IRREADY_EPARSE");
	is_str(err.code, "MalformedResponse",
	       "token cycle A-B-A: MalformedResponse");
	ok(c.calls <= 3,
	   "token cycle A-B-A: stops at the first repeat (%lu calls)", c.calls);
	c.transport->free(c.transport);
	inv_free(&inv);
	fixture_dir_remove(&fd);
}

static void test_denied(void)
{
	struct inventory inv = { 0 };
	struct aws_client c = { 0 };
	struct aws_error err;
	struct inv_account *a;
	struct inv_region *r;
	struct collect_ctx cx;
	int rc;

	c.transport = aws_replay_new("fixtures/access-denied");
	a = one_account(&inv, "777788889999", "us-east-1");
	inv_add_region(a, "eu-west-1");
	inv_add_region(a, "us-east-1");

	r = &a->regions[1];
	cx = region_ctx(&c, a, r, DS_FLOW_LOGS, &err);
	rc = inv_collect_flow_logs(&cx);
	is_int(rc, IRREADY_EDENIED, "ec2 403: IRREADY_EDENIED");
	is_int(err.rc, IRREADY_EDENIED, "ec2 403: err.rc");
	is_int(err.status, 403, "ec2 403: status");
	is_str(err.code, "UnauthorizedOperation", "ec2 403: code");
	is_str(err.action, "ec2:DescribeFlowLogs", "ec2 403: action");
	is_str(err.region, "us-east-1", "ec2 403: region");
	is_str(err.request_id, "547aab38-b114-418b-95fd-c5380128ab4f",
	       "ec2 403: request id");
	ok(starts_with(err.message, "You are not authorized"),
	   "ec2 403: message");

	cx = region_ctx(&c, a, r, DS_CONFIG, &err);
	rc = inv_collect_config(&cx);
	is_int(rc, IRREADY_EDENIED, "json 400 AccessDeniedException: denied");
	is_int(err.status, 400, "json 400: status");
	is_str(err.code, "AccessDeniedException", "json 400: code");
	is_str(err.action, "config:DescribeConfigurationRecorders",
	       "json 400: action");
	is_str(err.region, "us-east-1", "json 400: region");

	r = &a->regions[0];
	cx = region_ctx(&c, a, r, DS_GUARDDUTY, &err);
	rc = inv_collect_guardduty(&cx);
	is_int(rc, IRREADY_EDENIED, "rest-json 403: denied");
	is_str(err.code, "AccessDeniedException",
	       "rest-json 403: code from header");
	is_str(err.action, "guardduty:ListDetectors", "rest-json 403: action");
	is_str(err.region, "eu-west-1", "rest-json 403: region");
	is_str(err.request_id, "9dd5f49b-63c2-4114-bafb-ec55eb4fd34f",
	       "rest-json 403: request id");

	c.transport->free(c.transport);
	inv_free(&inv);
}

int main(void)
{
	shared = test_shared_dir("testdata/aws-responses");
	printf("# ../shared/testdata/aws-responses: %s\n",
	       shared ? shared : "absent");
	test_error_envelopes();
	test_classify();
	test_captures("errors-xml", ".xml", 0);
	test_captures("errors-json", ".json", 1);
	test_http_raw();
	test_replay_names();
	test_xml_captures();
	test_xml_inline();
	test_paging_neglected();
	test_paging_kms();
	test_paging_errors();
	test_token_cycle();
	test_denied();
	return done_testing();
}
