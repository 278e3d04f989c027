/* test_record.c -- --record masks secrets and keeps only safe headers */
#include "aws.h"
#include "aws_record.h"
#include "irready.h"
#include "strbuf.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char dir[] = "/tmp/irready-test-record-XXXXXX";
	struct aws_request req = { .account = "111122223333",
				   .region = "us-east-1",
				   .service = "s3",
				   .action = "GetBucketVersioning",
				   .resource = "evidence" };
	struct aws_request ident = { .region = "us-east-1",
				     .service = "sts",
				     .action = "GetCallerIdentity" };
	struct aws_response resp, id;
	struct aws_recorder *r;
	struct strbuf sb = STRBUF_INIT;
	const char *body =
		"<Error><Code>SignatureDoesNotMatch</Code>"
		"<AWSAccessKeyId>ASIAEXAMPLEKEY000001</AWSAccessKeyId>"
		"<StringToSign>AWS4-HMAC-SHA256 secretish</StringToSign>"
		"<Message>token IQoJsessiontoken0123 leaked</Message></Error>";
	char *path;

	ok(mkdtemp(dir) != NULL, "temp dir");
	r = aws_recorder_new(dir);
	aws_recorder_add_secret(r, "ASIAEXAMPLEKEY000001");
	aws_recorder_add_secret(r, "IQoJsessiontoken0123");
	aws_recorder_add_secret(r, "short"); /* too short to mask safely */
	aws_response_init(&resp);
	resp.status = 403;
	aws_response_add_header(&resp, "Content-Type", 12, "application/xml",
				15);
	aws_response_add_header(&resp, "x-amz-request-id", 16, "ABC123", 6);
	aws_response_add_header(&resp, "Set-Cookie", 10, "session=abc", 11);
	strbuf_adds(&resp.body, body);
	is_int(aws_recorder_store(r, &req, &resp), 0, "store");

	/* an identity call made before the account is known */
	aws_response_init(&id);
	id.status = 200;
	strbuf_adds(&id.body, "<GetCallerIdentityResponse><GetCallerIdentity"
			      "Result><Account>444455556666</Account>"
			      "</GetCallerIdentityResult>"
			      "</GetCallerIdentityResponse>");
	is_int(aws_recorder_store(r, &ident, &id), 0, "store identity");

	path = xasprintf("%s/111122223333/us-east-1/"
			 "s3.GetBucketVersioning.evidence.http",
			 dir);
	strbuf_init(&sb, 0);
	ok(!strbuf_read_file(&sb, path),
	   "the response is filed by its request");
	ok(!strstr(strbuf_str(&sb), "ASIAEXAMPLEKEY000001"),
	   "the access key id is masked");
	ok(!strstr(strbuf_str(&sb), "IQoJsessiontoken0123"),
	   "the session token is masked");
	ok(!strstr(strbuf_str(&sb), "secretish"),
	   "S3's StringToSign is masked");
	ok(strstr(strbuf_str(&sb), "x-amz-request-id: ABC123") != NULL,
	   "allowlisted headers are kept");
	ok(!strstr(strbuf_str(&sb), "Set-Cookie"), "other headers are dropped");
	ok(!strncmp(strbuf_str(&sb), "HTTP/1.1 403 ", 13), "the status line");
	free(path);
	strbuf_release(&sb);
	path = xasprintf("%s/444455556666/us-east-1/sts.GetCallerIdentity.http",
			 dir);
	ok(access(path, R_OK) == 0,
	   "an identity answer is filed under the account it names");
	free(path);

	/* --drill: the IR role's temporary credentials never reach a file */
	{
		struct aws_request as = {
			.account = "111122223333",
			.region = "us-east-1",
			.service = "sts",
			.action = "AssumeRole",
			.resource = "arn:aws:iam::111122223333:role/IRReadOnly"
		};
		struct aws_response ar;

		aws_response_init(&ar);
		ar.status = 200;
		strbuf_adds(
			&ar.body,
			"<AssumeRoleResponse><AssumeRoleResult><Credentials>"
			"<AccessKeyId>ASIAEXAMPLEIRDRILL01</AccessKeyId>"
			"<SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCY"
			"drillsecret</SecretAccessKey>"
			"<SessionToken>IQoJb3JpZ2luX2VjEdrilltoken"
			"</SessionToken></Credentials></AssumeRoleResult>"
			"</AssumeRoleResponse>");
		is_int(aws_recorder_store(r, &as, &ar), 0, "store AssumeRole");
		path = xasprintf("%s/111122223333/us-east-1/sts.AssumeRole."
				 "arn_aws_iam__111122223333_role_IRReadOnly."
				 "http",
				 dir);
		strbuf_init(&sb, 0);
		ok(!strbuf_read_file(&sb, path),
		   "the AssumeRole answer is filed");
		ok(!strstr(strbuf_str(&sb), "drillsecret") &&
			   !strstr(strbuf_str(&sb), "drilltoken"),
		   "its SecretAccessKey and SessionToken are blanked");
		ok(strstr(strbuf_str(&sb), "<SecretAccessKey> ") != NULL &&
			   !strstr(strbuf_str(&sb), "<SecretAccessKey>X"),
		   "blanked with spaces, not a secret-looking value");
		ok(strstr(strbuf_str(&sb), "ASIAEXAMPLEIRDRILL01") != NULL,
		   "the key id (not a secret) is kept");
		free(path);
		strbuf_release(&sb);
		aws_response_release(&ar);
	}
	aws_response_release(&resp);
	aws_response_release(&id);
	aws_recorder_free(r);
	path = xasprintf("rm -rf '%s'", dir);
	ok(system(path) == 0, "clean up");
	free(path);
	return done_testing();
}
