/* test_aws_allowlist.c -- the read-only guard (src/aws/aws_allowlist.c) */
#include "aws.h"
#include "aws_allowlist.h"
#include "irready.h"
#include "tap.h"

#include <string.h>

static int drill; /* what aws_client.drill would say */

static int check(const char *service, const char *action, const char *dry)
{
	struct aws_request req = { .account = "111122223333",
				   .region = "us-east-1",
				   .service = service,
				   .action = action };
	struct aws_error err;

	if (dry)
		aws_request_param(&req, "DryRun", dry);
	aws_request_param(&req, "InstanceId", "i-0a9b8c7d6e5f40312");
	return aws_allowlist_check(&req, drill, &err);
}

static void test_read_only(void)
{
	ok(aws_action_read_only("DescribeVpcs"), "DescribeVpcs is read-only");
	ok(aws_action_read_only("ListKeys"), "ListKeys is read-only");
	ok(aws_action_read_only("GetBucketLogging"), "GetBucketLogging too");
	ok(aws_action_read_only("BatchGetAccountStatus"),
	   "BatchGetAccountStatus too");
	ok(!aws_action_read_only("Getaway"), "Getaway is not a Get verb");
	ok(!aws_action_read_only("Describe"), "a bare verb is not an action");
	ok(!aws_action_read_only("CreateTags"), "CreateTags is not read-only");
	ok(!aws_action_read_only("GenerateCredentialReport"),
	   "GenerateCredentialReport is not read-only");
}

static void test_guard(void)
{
	struct aws_request req = { .account = "111122223333",
				   .region = "us-east-1",
				   .service = "ec2",
				   .action = "CreateTags" };
	struct aws_error err;

	drill = 0;
	is_int(check("ec2", "DescribeInstances", NULL), 0,
	       "read-only calls pass");
	is_int(check("ec2", "CreateTags", "true"), IRREADY_EUSAGE,
	       "a drill call without --drill is refused");
	is_int(check("iam", "SimulatePrincipalPolicy", NULL), IRREADY_EUSAGE,
	       "so is a simulation");
	is_int(check("sts", "AssumeRole", NULL), IRREADY_EUSAGE,
	       "and assuming the IR role (sts:AssumeRole)");

	drill = 1;
	is_int(check("ec2", "DescribeInstances", NULL), 0,
	       "--drill: read-only calls still pass");
	is_int(check("ec2", "CreateTags", "true"), 0,
	       "--drill: CreateTags with DryRun=true passes");
	is_int(check("ec2", "ModifyInstanceAttribute", "true"), 0,
	       "--drill: ModifyInstanceAttribute with DryRun=true passes");
	is_int(check("ec2", "CreateSnapshot", "true"), 0,
	       "--drill: CreateSnapshot with DryRun=true passes");
	is_int(check("iam", "SimulatePrincipalPolicy", NULL), 0,
	       "--drill: iam:SimulatePrincipalPolicy passes");
	is_int(check("sts", "AssumeRole", NULL), 0,
	       "--drill: sts:AssumeRole (the IR role that signs the dry runs) "
	       "passes");
	is_int(check("iam", "AssumeRole", NULL), IRREADY_EUSAGE,
	       "--drill: AssumeRole on another service is refused");
	is_int(check("ec2", "CreateTags", NULL), IRREADY_EUSAGE,
	       "--drill: CreateTags without DryRun is refused");
	is_int(check("ec2", "CreateTags", "false"), IRREADY_EUSAGE,
	       "--drill: CreateTags with DryRun=false is refused");
	is_int(check("ec2", "TerminateInstances", "true"), IRREADY_EUSAGE,
	       "--drill: an action outside the drill is refused, dry run "
	       "or not");
	is_int(check("iam", "CreateTags", "true"), IRREADY_EUSAGE,
	       "--drill: the drill's EC2 action name on another service is "
	       "refused");
	is_int(check("kms", "DisableKey", NULL), IRREADY_EUSAGE,
	       "--drill: simulated actions are never sent");

	/* a second DryRun, whatever its value, is refused */
	aws_request_param(&req, "DryRun", "true");
	aws_request_param(&req, "DryRun", "false");
	is_int(aws_allowlist_check(&req, drill, &err), IRREADY_EUSAGE,
	       "two DryRun parameters are refused");
	is_str(err.code, "ReadOnlyGuard", "the error code names the guard");
	is_str(err.action, "ec2:CreateTags", "and the action");
	is_str(err.region, "us-east-1", "and the region");
	drill = 0;
}

static int sent;

static int count_send(struct aws_transport *t, const struct aws_request *req,
		      struct aws_response *resp, struct aws_error *err)
{
	sent++;
	resp->status = 200;
	return 0;
}

/* aws_call() passes the client's 'drill' setting to the guard. */
static void test_client_drill(void)
{
	struct aws_transport t = { .name = "count", .send = count_send };
	struct aws_client c = { .transport = &t };
	struct aws_request req = { .account = "111122223333",
				   .region = "us-east-1",
				   .service = "ec2",
				   .action = "CreateTags" };
	struct aws_response resp;
	struct aws_error err;

	aws_request_param(&req, "DryRun", "true");
	is_int(aws_call(&c, &req, &resp, &err), IRREADY_EUSAGE,
	       "client without drill: a drill call is refused");
	is_str(err.code, "ReadOnlyGuard", "by the guard");
	is_int(sent, 0, "and never reaches the transport");
	aws_response_release(&resp);
	c.drill = 1;
	is_int(aws_call(&c, &req, &resp, &err), 0,
	       "client with drill: the dry run is sent");
	is_int(sent, 1, "through the transport");
	aws_response_release(&resp);
}

/*
 * AWS_DRILL_ACTIONS names only EC2 calls, the IAM simulation and assuming
 * the IR role whose credentials sign the EC2 dry runs.
 */
static void test_drill_list(void)
{
	char buf[256];
	size_t n = 0;

	snprintf(buf, sizeof(buf), "%s", AWS_DRILL_ACTIONS);
	for (char *save = NULL, *t = strtok_r(buf, " ", &save); t;
	     t = strtok_r(NULL, " ", &save)) {
		n++;
		ok(!strncmp(t, "ec2:", 4) ||
			   !strcmp(t, "iam:SimulatePrincipalPolicy") ||
			   !strcmp(t, "sts:AssumeRole"),
		   "%s is an EC2 dry run, the IAM simulation or AssumeRole", t);
	}
	ok(n > 0, "AWS_DRILL_ACTIONS lists %zu actions", n);
}

int main(void)
{
	test_read_only();
	test_guard();
	test_client_drill();
	test_drill_list();
	return done_testing();
}
