/*
 * test_memo.c -- aws_call()'s memo: a listing two parts of a run read is
 * asked once (the --org walk and ORG_ADMIN's tree)
 */
#include "aws.h"
#include "irready.h"
#include "tap.h"

#include <string.h>

static int sent, status = 200;

static int fake_send(struct aws_transport *t, const struct aws_request *req,
		     struct aws_response *resp, struct aws_error *err)
{
	sent++;
	resp->status = status;
	strbuf_addf(&resp->body, "{\"n\":%d}", sent);
	return 0;
}

static int call(struct aws_client *c, struct aws_request *req, char *body,
		size_t n)
{
	struct aws_response resp;
	struct aws_error err;
	int rc = aws_call(c, req, &resp, &err);

	snprintf(body, n, "%s", strbuf_str(&resp.body));
	aws_response_release(&resp);
	return rc;
}

int main(void)
{
	struct aws_transport t = { .name = "fake", .send = fake_send };
	struct aws_client c = { .transport = &t };
	struct aws_request req = { .account = "111122223333",
				   .region = "global",
				   .service = "organizations",
				   .action = "ListRoots",
				   .memo = 1 };
	char b1[64], b2[64];

	call(&c, &req, b1, sizeof(b1));
	call(&c, &req, b2, sizeof(b2));
	is_int(sent, 1, "an identical memo request is not sent again");
	is_str(b2, b1, "it gets the first answer");
	is_int(c.calls, 1, "and is not counted as an API call");
	req.token = "tok-2";
	call(&c, &req, b1, sizeof(b1));
	is_int(sent, 2, "another page token is another request");
	req.token = NULL;
	req.account = "444455556666";
	call(&c, &req, b1, sizeof(b1));
	is_int(sent, 3, "another account is another request");
	req.memo = 0;
	req.account = "111122223333";
	call(&c, &req, b1, sizeof(b1));
	is_int(sent, 4, "a request without memo is always sent");
	req.memo = 1;
	req.action = "ListOrganizationalUnitsForParent";
	req.resource = "r-1";
	req.json_body = "{\"ParentId\":\"r-1\"}";
	status = 500;
	is_int(call(&c, &req, b1, sizeof(b1)) != 0, 1, "an error answer");
	status = 200;
	call(&c, &req, b1, sizeof(b1));
	is_int(sent, 6, "is not kept: the next identical request is sent");
	call(&c, &req, b2, sizeof(b2));
	is_int(sent, 6, "the success is kept");
	aws_client_release(&c);
	ok(c.memo == NULL, "aws_client_release frees the memo");
	return done_testing();
}
