/*
 * test_verdicts.c -- verdicts on the values AWS really returns (issue 11)
 *
 * Config's lastStatus in any case (the AWS CLI prints "SUCCESS"; a new
 * recorder is PENDING), the region of an SNS topic's finding, and Security
 * Hub's "not subscribed" answer in each of its forms.
 */
#include "decide.h"

#include "aws.h"
#include "inv_collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void recorder(struct world *w, int r, const char *last_status)
{
	struct inv_config_recorder *rec = INV_PUSH(
		&w->regions[r].arena[DS_CONFIG], w->regions[r].recorders);
	struct inv_delivery_channel *ch = INV_PUSH(
		&w->regions[r].arena[DS_CONFIG], w->regions[r].channels);

	rec->name = "default";
	rec->all_supported = 1;
	rec->include_global = 1;
	rec->has_status = 1;
	rec->recording = 1;
	rec->last_status = w_str(w, last_status);
	if (last_status && !strcasecmp(last_status, "failure"))
		rec->last_error_code = "AccessDenied";
	ch->bucket = "config-bucket";
}

static void test_config_last_status(void)
{
	static const struct {
		const char *status;
		enum check_status want;
	} cases[] = {
		{ "SUCCESS", CHECK_PASS }, { "Success", CHECK_PASS },
		{ "success", CHECK_PASS }, { "PENDING", CHECK_PASS },
		{ "Pending", CHECK_PASS }, { "FAILURE", CHECK_FAIL },
		{ "Failure", CHECK_FAIL }, { NULL, CHECK_PASS },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct world w;

		world_init(&w);
		recorder(&w, 0, cases[i].status);
		decide(&w, DECIDES("config_recorder_all_regions"));
		expect(&w, cases[i].want, "recorder/default",
		       cases[i].want == CHECK_FAIL ? "last reported" : NULL);
		printf("# lastStatus %s\n",
		       cases[i].status ? cases[i].status : "(absent)");
		world_release(&w);
	}
}

static void test_sns_region(void)
{
	static const char *const names[] = { "security-alerts" };
	struct world w;
	struct inv_sns_topic *t;
	struct inv_sns_subscription *s;
	const struct finding *f;

	world_init(&w);
	world_regions(&w, 2); /* eu-west-1, us-east-1 */
	w.prm.alert_topic_names = names;
	w.prm.nalert_topic_names = 1;
	t = INV_PUSH(&w.regions[1].arena[DS_SNS_TOPICS],
		     w.regions[1].sns_topics);
	t->arn = "arn:aws:sns:us-east-1:123456789012:security-alerts";
	t->name = "security-alerts";
	t->attrs_checked = 1;
	s = INV_PUSH(&w.regions[1].arena[DS_SNS_TOPICS],
		     w.regions[1].sns_subscriptions);
	s->topic_arn = t->arn;
	s->arn = "arn:aws:sns:us-east-1:123456789012:security-alerts:1";
	s->protocol = "email";
	s->confirmed = 1;
	decide(&w, DECIDES("sns_alert_subscribers"));
	expect(&w, CHECK_PASS, "security-alerts", "confirmed");
	f = w_find(&w, "security-alerts");
	if (f)
		is_str(f->region, "us-east-1",
		       "sns: a topic's finding carries the topic's region, "
		       "not global");
	world_release(&w);

	/* a topic that exists nowhere is about the account: global */
	world_init(&w);
	w.prm.alert_topic_names = names;
	w.prm.nalert_topic_names = 1;
	decide(&w, "sns_alert_subscribers");
	expect(&w, CHECK_FAIL, "security-alerts", "does not exist");
	f = w_find(&w, "security-alerts");
	if (f)
		is_str(f->region, "global", "sns: a missing topic is global");
	world_release(&w);
}

/* Security Hub: DescribeHub answers, through the replay transport */

static void write_file(const char *path, const char *content)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(content, f);
		fclose(f);
	}
}

/*
 * Collect Security Hub in us-east-1 from one DescribeHub response and run
 * securityhub_enabled over it: the finding's status, or -1 when the
 * dataset failed (the runner's ERROR).
 */
static int hub_verdict(const char *response, char *reason, size_t size)
{
	char root[] = "/tmp/irready-sh-XXXXXX";
	char *acct = NULL, *reg = NULL, *file = NULL;
	struct inventory inv = { 0 };
	struct aws_client c = { 0 };
	struct aws_error err;
	struct inv_account *a;
	struct inv_region *r;
	struct collect_ctx cx;
	int rc, verdict = -1;

	if (!mkdtemp(root))
		return -2;
	acct = xasprintf("%s/123456789012", root);
	reg = xasprintf("%s/us-east-1", acct);
	file = xasprintf("%s/securityhub.DescribeHub.http", reg);
	mkdir(acct, 0700);
	mkdir(reg, 0700);
	write_file(file, response);

	c.transport = aws_replay_new(root);
	a = inv_add_account(&inv);
	a->id = arena_strdup(&a->meta, "123456789012");
	a->home_region = arena_strdup(&a->meta, "us-east-1");
	a->assessed = 1;
	r = inv_add_region(a, "us-east-1");
	aws_error_clear(&err);
	cx = (struct collect_ctx){ .client = &c,
				   .acct = a,
				   .region = r,
				   .arena = &r->arena[DS_SECURITYHUB],
				   .err = &err };
	rc = inv_collect_securityhub(&cx);
	snprintf(reason, size, "%s", rc ? err.code : "");
	if (!rc) {
		struct findings out;
		struct check_ctx ccx = { .inv = &inv, .acct = a, .region = r };
		const struct check *chk = check_find("securityhub_enabled");

		findings_init(&out);
		out.check = chk;
		out.account_id = a->id;
		out.severity = chk->severity;
		runner_run_scope(chk, &ccx, &out);
		if (out.n)
			verdict = (int)out.v[0].status;
		if (out.n)
			snprintf(reason, size, "%s", out.v[0].message);
		findings_release(&out);
	}
	c.transport->free(c.transport);
	inv_free(&inv);
	unlink(file);
	rmdir(reg);
	rmdir(acct);
	rmdir(root);
	free(file);
	free(reg);
	free(acct);
	return verdict;
}

static void test_securityhub_not_subscribed(void)
{
	static const struct {
		const char *what, *response;
		int want;
	} cases[] = {
		{ "JSON message",
		  "HTTP/1.1 401 Unauthorized\n"
		  "Content-Type: application/json\n"
		  "x-amzn-ErrorType: InvalidAccessException\n\n"
		  "{\"Code\":\"InvalidAccessException\",\"Message\":\"Account "
		  "123456789012 is not subscribed to AWS Security Hub\"}",
		  CHECK_FAIL },
		{ "lower-case message key",
		  "HTTP/1.1 401 Unauthorized\n"
		  "Content-Type: application/json\n\n"
		  "{\"__type\":\"InvalidAccessException\",\"message\":"
		  "\"Account "
		  "123456789012 is not subscribed to AWS Security Hub\"}",
		  CHECK_FAIL },
		{ "missing message",
		  "HTTP/1.1 401 Unauthorized\n"
		  "Content-Type: application/json\n"
		  "x-amzn-ErrorType: InvalidAccessException:http://internal."
		  "amazon.com/coral/com.amazonaws.securityhub/\n\n{}",
		  CHECK_FAIL },
		{ "XML envelope",
		  "HTTP/1.1 401 Unauthorized\n"
		  "Content-Type: text/xml\n\n"
		  "<ErrorResponse><Error><Type>Sender</Type>"
		  "<Code>InvalidAccessException</Code><Message>Account "
		  "123456789012 is not subscribed to AWS Security "
		  "Hub</Message></Error><RequestId>r1</RequestId>"
		  "</ErrorResponse>",
		  CHECK_FAIL },
		{ "XML body, code in the header",
		  "HTTP/1.1 401 Unauthorized\n"
		  "Content-Type: text/xml\n"
		  "x-amzn-ErrorType: InvalidAccessException\n\n"
		  "<ErrorResponse><Error><Code>InvalidAccessException</Code>"
		  "<Message>Account 123456789012 is not subscribed to AWS "
		  "Security Hub</Message></Error></ErrorResponse>",
		  CHECK_FAIL },
		{ "AccessDeniedException",
		  "HTTP/1.1 403 Forbidden\n"
		  "Content-Type: application/json\n"
		  "x-amzn-ErrorType: AccessDeniedException\n\n"
		  "{\"message\":\"User is not authorized to perform: "
		  "securityhub:DescribeHub\"}",
		  -1 },
		{ "InvalidAccessException about something else",
		  "HTTP/1.1 401 Unauthorized\n"
		  "Content-Type: application/json\n"
		  "x-amzn-ErrorType: InvalidAccessException\n\n"
		  "{\"message\":\"The security token included in the request "
		  "is invalid\"}",
		  -1 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char reason[512];
		int got =
			hub_verdict(cases[i].response, reason, sizeof(reason));

		ok(got == cases[i].want, "securityhub %s: %s", cases[i].what,
		   cases[i].want < 0 ? "ERROR (dataset failed)" : "FAIL");
		printf("#   got %s (%s)\n",
		       got < 0 ? "dataset error"
			       : status_name((enum check_status)got),
		       reason);
	}
}

/* Issue 11: an unset runbook_bucket is MANUAL unless runbooks are found */
static void test_runbooks_unconfigured(void)
{
	struct world w;
	struct inv_bucket *b;
	struct inv_ssm_document *d;
	const struct finding *f;

	world_init(&w);
	decide(&w, DECIDES("runbooks_cross_account"));
	expect(&w, CHECK_MANUAL, "", "\"runbook_bucket\": \"<bucket");
	world_release(&w);

	/* an owned bucket named like a runbook store lives in this account */
	world_init(&w);
	b = INV_PUSH(&w.acct.arena[DS_S3_BUCKETS], w.acct.buckets);
	b->name = "acme-ir-Runbooks";
	b->owned = 1;
	b->roles = INV_BUCKET_RUNBOOK_NAMED;
	b = INV_PUSH(&w.acct.arena[DS_S3_BUCKETS], w.acct.buckets);
	b->name = "app-assets";
	b->owned = 1;
	b->roles = INV_BUCKET_TRAIL;
	decide(&w, "runbooks_cross_account");
	expect(&w, CHECK_FAIL, "acme-ir-Runbooks", "in this account");
	ok(w.out.n == 1, "runbooks: only the runbook-named bucket is judged");
	/* ... unless this is the security account */
	w.prm.security_account_id = "123456789012";
	decide(&w, "runbooks_cross_account");
	expect(&w, CHECK_MANUAL, "", "runbook_bucket");
	world_release(&w);

	/* a self-owned SSM document named like a playbook; AWS's are not */
	world_init(&w);
	world_regions(&w, 2);
	d = INV_PUSH(&w.regions[1].arena[DS_SSM_DOCUMENTS],
		     w.regions[1].ssm_documents);
	d->name = "Playbook-IsolateInstance";
	d->owner = "123456789012";
	d = INV_PUSH(&w.regions[1].arena[DS_SSM_DOCUMENTS],
		     w.regions[1].ssm_documents);
	d->name = "AWS-Playbook-Shared";
	d->owner = "Amazon";
	decide(&w, "runbooks_cross_account");
	expect(&w, CHECK_FAIL, "Playbook-IsolateInstance", "us-east-1");
	f = w_find(&w, "Playbook-IsolateInstance");
	if (f)
		is_str(f->region, "us-east-1",
		       "runbooks: the SSM document's finding is in its region");
	ok(w.out.n == 1, "runbooks: documents owned by others are ignored");
	/* documents not collected: nothing to go by but the buckets */
	w.regions[1].status[DS_SSM_DOCUMENTS].state = INV_NOT_REQUESTED;
	decide(&w, "runbooks_cross_account");
	expect(&w, CHECK_MANUAL, "", NULL);
	world_release(&w);
}

int main(void)
{
	test_config_last_status();
	test_sns_region();
	test_securityhub_not_subscribed();
	test_runbooks_unconfigured();
	done_testing();
}
