/*
 * test_https_encode.c -- the live transport's wire encoding
 * (aws_https_encode in src/aws/aws_https.c) and aws_url_escape()
 *
 * Query and form values are escaped by curl_easy_escape(), paths by the
 * SigV4 encoder (which keeps '/'): both must give the bytes AWS expects.
 */
#include "aws.h"
#include "aws_http.h"
#include "aws_https.h"
#include "irready.h"
#include "strbuf.h"
#include "tap.h"

#include <string.h>

static void test_escape(void)
{
	struct strbuf sb = STRBUF_INIT;

	is_int(aws_url_escape(&sb, "AZaz09-._~"), 0, "escape: returns 0");
	is_str(strbuf_str(&sb), "AZaz09-._~", "unreserved bytes are kept");
	strbuf_reset(&sb);
	aws_url_escape(&sb, "a b/c+*=&%");
	is_str(strbuf_str(&sb), "a%20b%2Fc%2B%2A%3D%26%25",
	       "everything else is %%XX, '/' included");
	strbuf_reset(&sb);
	aws_url_escape(&sb, "\xc3\xa9\x7f");
	is_str(strbuf_str(&sb), "%C3%A9%7F", "UTF-8 and DEL, upper-case hex");
	strbuf_reset(&sb);
	aws_url_escape(&sb, "");
	is_str(strbuf_str(&sb), "", "the empty string stays empty");
	strbuf_release(&sb);
}

static void test_query_protocol(void)
{
	struct aws_request req = { .account = "111122223333",
				   .region = "eu-west-1",
				   .service = "ec2",
				   .action = "DescribeInstances",
				   .token = "tok/en+1=",
				   .token_param = "NextToken" };
	struct aws_wire w;

	aws_request_param(&req, "Filter.1.Name", "tag:Name");
	aws_request_param(&req, "Filter.1.Value.1", "a b/c~\xc3\xa9*");
	is_int(aws_https_encode(&req, &w), 0, "ec2: encodes");
	is_str(w.method, "POST", "ec2: POST");
	is_str(strbuf_str(&w.path), "/", "ec2: path /");
	is_str(strbuf_str(&w.body),
	       "Action=DescribeInstances&Version=2016-11-15"
	       "&Filter.1.Name=tag%3AName"
	       "&Filter.1.Value.1=a%20b%2Fc~%C3%A9%2A"
	       "&NextToken=tok%2Fen%2B1%3D",
	       "ec2: the form body, values escaped");
	is_int((int)w.query.len, 0, "ec2: no query string");
	aws_wire_release(&w);
}

/* The JSON protocol: body, target and content type, with and without a token */
static void test_json_protocol(void)
{
	struct aws_request req = { .account = "111122223333",
				   .region = "eu-west-1",
				   .service = "kms",
				   .action = "ListKeys" };
	struct aws_wire w;

	is_int(aws_https_encode(&req, &w), 0, "json: encodes");
	is_str(strbuf_str(&w.body), "{}", "json: no body given is {}");
	is_str(w.target, "TrentService.ListKeys", "json: X-Amz-Target");
	is_str(w.content_type, "application/x-amz-json-1.1",
	       "json: the service's JSON version");
	aws_wire_release(&w);
	req.json_body = "{}";
	req.token = "t\"1";
	req.token_param = "Marker";
	aws_https_encode(&req, &w);
	is_str(strbuf_str(&w.body), "{\"Marker\":\"t\\\"1\"}",
	       "json: {} with a token gets the token, escaped");
	aws_wire_release(&w);
	req.json_body = "{ \"Limit\" : 1000 }";
	aws_https_encode(&req, &w);
	is_str(strbuf_str(&w.body), "{\"Limit\":1000,\"Marker\":\"t\\\"1\"}",
	       "json: a body with a token is re-printed compact");
	aws_wire_release(&w);
}

static void test_rest(void)
{
	struct aws_request req = { .account = "111122223333",
				   .region = "us-east-1",
				   .service = "s3",
				   .action = "GetBucketVersioning",
				   .method = "GET",
				   .path = "/dir a/b~c" };
	struct aws_wire w;

	aws_request_param(&req, "versioning", "");
	aws_request_param(&req, "prefix", "x y");
	is_int(aws_https_encode(&req, &w), 0, "s3: encodes");
	is_str(strbuf_str(&w.path), "/dir%20a/b~c",
	       "s3: the path keeps '/' (SigV4 encoder)");
	is_str(strbuf_str(&w.query), "versioning&prefix=x%20y",
	       "s3: a bare sub-resource, then an escaped value");
	aws_wire_release(&w);
}

int main(void)
{
	test_escape();
	test_query_protocol();
	test_json_protocol();
	test_rest();
	return done_testing();
}
