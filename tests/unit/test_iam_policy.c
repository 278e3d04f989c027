/*
 * test_iam_policy.c -- inv_url_decode() and inv_policy_parse(): the IAM
 * policy documents of GetAccountAuthorizationDetails into plain statements
 */
#include "inv_policy.h"
#include "irready.h"
#include "tap.h"

#include <string.h>

static void test_url_decode(void)
{
	struct arena a = ARENA_INIT;

	is_str(inv_url_decode(&a, "%7B%22Version%22%3A%222012-10-17%22%7D"),
	       "{\"Version\":\"2012-10-17\"}", "percent-decoding");
	is_str(inv_url_decode(&a, "a+b%20c%2a"), "a+b c*",
	       "'+' stays, lower-case hex decodes");
	is_str(inv_url_decode(&a, "100%zz%4"), "100%zz%4",
	       "a '%%' without two hex digits is kept");
	ok(inv_url_decode(&a, NULL) == NULL, "NULL stays NULL");
	arena_release(&a);
}

static void parse(struct arena *a, const char *json, struct inv_policy_doc *d)
{
	inv_policy_parse(a, json, d);
	if (!d->valid)
		printf("# error: %s\n", d->error ? d->error : "(none)");
}

static void test_shapes(void)
{
	struct arena a = ARENA_INIT;
	struct inv_policy_doc d;
	const struct inv_policy_statement *st;

	parse(&a,
	      "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":"
	      "\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}",
	      &d);
	ok(d.valid && d.nstatements == 1, "Statement as one object");
	st = d.statements;
	ok(st->allow && st->nactions == 1 && !strcmp(st->actions[0], "*") &&
		   st->nresources == 1 && !strcmp(st->resources[0], "*"),
	   "Action and Resource as strings become one-element lists");

	parse(&a,
	      "{\"Statement\":[{\"Sid\":\"A\",\"Effect\":\"Deny\","
	      "\"NotAction\":[\"iam:*\",\"sts:*\"],\"NotResource\":"
	      "\"arn:aws:s3:::b/*\"},{\"Effect\":\"Allow\",\"Principal\":"
	      "\"*\",\"Action\":[\"sts:AssumeRole\"]}]}",
	      &d);
	ok(d.valid && d.nstatements == 2, "Statement as a list");
	st = &d.statements[0];
	ok(!st->allow && st->not_action && st->nactions == 2 &&
		   st->not_resource && st->nresources == 1 && st->sid &&
		   !strcmp(st->sid, "A"),
	   "Deny, NotAction, NotResource, Sid");
	st = &d.statements[1];
	ok(st->nprincipals == 1 && !strcmp(st->principals[0].type, "*") &&
		   !strcmp(st->principals[0].value, "*"),
	   "Principal \"*\"");

	parse(&a,
	      "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
	      "[\"arn:aws:iam::123456789012:root\",\"210987654321\"],"
	      "\"Service\":\"ec2.amazonaws.com\"},\"Action\":"
	      "\"sts:AssumeRole\",\"Condition\":{\"Bool\":{"
	      "\"aws:MultiFactorAuthPresent\":true},\"NumericLessThan\":{"
	      "\"aws:MultiFactorAuthAge\":3600},\"StringEquals\":{"
	      "\"sts:ExternalId\":[\"x\",\"y\"]}}}]}",
	      &d);
	st = d.statements;
	ok(d.valid && st->nprincipals == 3, "principals of two types");
	ok(!strcmp(st->principals[0].type, "AWS") &&
		   !strcmp(st->principals[1].value, "210987654321") &&
		   !strcmp(st->principals[2].type, "Service"),
	   "principal types and values in document order");
	ok(st->nconditions == 3 && !strcmp(st->conditions[0].op, "Bool") &&
		   !strcmp(st->conditions[0].key,
			   "aws:MultiFactorAuthPresent") &&
		   !strcmp(st->conditions[0].values[0], "true"),
	   "a boolean condition value becomes \"true\"");
	ok(!strcmp(st->conditions[1].values[0], "3600"),
	   "a number condition value becomes its text");
	ok(st->conditions[2].nvalues == 2, "a list of condition values");

	parse(&a,
	      "{\"Statement\":[{\"Effect\":\"Allow\",\"NotPrincipal\":"
	      "{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":"
	      "\"sts:AssumeRole\"}]}",
	      &d);
	ok(d.valid && d.statements->not_principal &&
		   d.statements->nprincipals == 1,
	   "NotPrincipal");

	parse(&a, "{\"Version\":\"2012-10-17\",\"Statement\":[]}", &d);
	ok(d.valid && d.nstatements == 0, "an empty Statement list is valid");
	arena_release(&a);
}

static void test_invalid(void)
{
	static const char *const bad[] = {
		"not json",
		"[1,2]",
		"{\"Version\":\"2012-10-17\"}",
		"{\"Statement\":5}",
		"{\"Statement\":{\"Action\":\"*\"}}",
		"{\"Statement\":{\"Effect\":\"Maybe\",\"Action\":\"*\"}}",
		"{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[1]}}",
		"{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"me\"}}",
		"{\"Statement\":{\"Effect\":\"Allow\",\"Condition\":[]}}",
	};
	struct arena a = ARENA_INIT;
	struct inv_policy_doc d;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		inv_policy_parse(&a, bad[i], &d);
		ok(!d.valid && d.error && *d.error, "invalid: %s (%s)", bad[i],
		   d.error ? d.error : "no error");
	}
	inv_policy_parse(&a, NULL, &d);
	ok(!d.valid && d.error, "no document");
	arena_release(&a);
}

int main(void)
{
	test_url_decode();
	test_shapes();
	test_invalid();
	return done_testing();
}
