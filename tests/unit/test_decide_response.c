/*
 * test_decide_response.c -- decision tables for the response-readiness
 * checks: ir_containment_drill, runbooks_cross_account,
 * runbooks_ssm_documents and ssm_incident_plans (see decide.h)
 *
 * Drill answers are EC2's (DryRunOperation, UnauthorizedOperation) and
 * iam:SimulatePrincipalPolicy's EvalDecision (allowed, explicitDeny,
 * implicitDeny); S3 versioning Status is Enabled or Suspended (absent:
 * never enabled).
 */
#include "decide.h"

#define ROLE "arn:aws:iam::123456789012:role/IR-Responder"

/* ir_containment_drill */

static struct inv_drill_step *step(struct world *w, const char *action,
				   const char *principal, const char *target,
				   enum inv_drill_answer answer)
{
	struct inv_drill_step *s =
		INV_PUSH(&w->acct.arena[DS_DRILL], w->acct.drill_steps);

	s->action = action;
	s->principal = principal;
	s->target = target;
	s->answer = answer;
	s->region = principal ? "global" : "eu-west-1";
	return s;
}

static void drill_target(struct world *w)
{
	w->acct.drill_region = "eu-west-1";
	w->acct.drill_instance = "i-0drill";
	w->acct.drill_volume = "vol-0drill";
	/* the dry runs are signed as the IR role (path from IAM) */
	w->acct.drill_ir_role = "arn:aws:iam::123456789012:role/ir/IRReadOnly";
}

static void drill_ec2(struct world *w)
{
	decide(w, DECIDES("ir_containment_drill"));
	expect(w, CHECK_NA, "",
	       "no running instance in any audited region to rehearse "
	       "instance containment on");

	w->acct.drill_target_failed = 1;
	snprintf(w->acct.drill_target_err.region,
		 sizeof(w->acct.drill_target_err.region), "us-east-1");
	snprintf(w->acct.drill_target_err.code,
		 sizeof(w->acct.drill_target_err.code),
		 "UnauthorizedOperation");
	decide(w, "ir_containment_drill");
	expect(w, CHECK_ERROR, "",
	       "no running instance found for the containment dry runs, and "
	       "the instances of us-east-1 could not be listed: "
	       "UnauthorizedOperation");

	w->acct.drill_target_failed = 0;
	drill_target(w);
	decide(w, "ir_containment_drill");
	expect(w, CHECK_ERROR, "instance/i-0drill",
	       "the containment dry runs on instance i-0drill in eu-west-1 got "
	       "no answer: no step ran");

	step(w, "ec2:CreateSnapshot", NULL, "vol-0drill", INV_DRILL_ALLOWED);
	step(w, "ec2:CreateTags", NULL, "i-0drill", INV_DRILL_ALLOWED);
	decide(w, "ir_containment_drill");
	expect(w, CHECK_PASS,
	       "arn:aws:ec2:eu-west-1:123456789012:instance/i-0drill",
	       "IR role arn:aws:iam::123456789012:role/ir/IRReadOnly may "
	       "contain instance i-0drill in "
	       "eu-west-1: EC2 answered DryRunOperation to ec2:CreateSnapshot "
	       "on vol-0drill; ec2:CreateTags on i-0drill (dry runs only: "
	       "nothing was changed)");

	w->acct.drill_sg = "sg-isolate";
	w->acct.drill_sg_isolation = 1;
	decide(w, "ir_containment_drill");
	expect(w, CHECK_PASS, "",
	       "on i-0drill; isolation by swapping to sg-isolate (dry runs");

	w->acct.drill_sg_isolation = 0;
	decide(w, "ir_containment_drill");
	expect(w, CHECK_PASS, "",
	       "swapping to sg-isolate (its own group: the VPC has no "
	       "isolation group)");

	/* a step with no answer: ERROR, never FAIL */
	snprintf(step(w, "ec2:ModifyInstanceAttribute", NULL, "i-0drill",
		      INV_DRILL_ERROR)
			 ->err.code,
		 sizeof(w->acct.drill_steps.v[0].err.code),
		 "RequestLimitExceeded");
	step(w, "ec2:StopInstances", NULL, "i-0drill", INV_DRILL_UNKNOWN);
	decide(w, "ir_containment_drill");
	expect(w, CHECK_ERROR, "instance/i-0drill",
	       "got no answer: ec2:ModifyInstanceAttribute: "
	       "RequestLimitExceeded; ec2:StopInstances: no answer");

	/* one UnauthorizedOperation outweighs the unanswered steps */
	step(w, "ec2:CreateTags", NULL, NULL, INV_DRILL_DENIED);
	decide(w, "ir_containment_drill");
	expect(w, CHECK_FAIL, "instance/i-0drill",
	       "IR role arn:aws:iam::123456789012:role/ir/IRReadOnly may not "
	       "contain instance i-0drill in "
	       "eu-west-1: EC2 answered UnauthorizedOperation to the dry run "
	       "of ec2:CreateTags on ?; allowed: ec2:CreateSnapshot on "
	       "vol-0drill; ec2:CreateTags on i-0drill (dry runs only");

	w->acct.drill_steps.n = 0;
	step(w, "ec2:CreateSnapshot", NULL, "vol-0drill", INV_DRILL_DENIED);
	decide(w, "ir_containment_drill");
	expect(w, CHECK_FAIL, "",
	       "dry run of ec2:CreateSnapshot on vol-0drill (dry runs only");
	ok(!strstr(w->out.v[0].message, "allowed:"), "nothing allowed: %s",
	   w->out.v[0].message);

	expect_errors_per_need(w, "ir_containment_drill");
}

static void assume_err(struct world *w, const char *code, const char *action,
		       const char *message)
{
	struct aws_error *e = &w->acct.drill_assume_err;

	snprintf(e->code, sizeof(e->code), "%s", code);
	snprintf(e->action, sizeof(e->action), "%s", action);
	snprintf(e->message, sizeof(e->message), "%s", message);
}

/*
 * The dry runs need the IR role's credentials: no IR role is a FAIL (no
 * responder can contain with it), a role the auditor may not assume is an
 * ERROR (nothing is known of what the role may do), whatever the steps.
 */
static void drill_assume(struct world *w)
{
	drill_target(w);
	w->acct.drill_ir_role = "arn:aws:iam::123456789012:role/IRReadOnly";
	w->acct.drill_ir_missing = 1;
	decide(w, DECIDES("ir_containment_drill"));
	expect(w, CHECK_FAIL,
	       "arn:aws:ec2:eu-west-1:123456789012:instance/i-0drill",
	       "no IR role may contain instance i-0drill in eu-west-1: IR "
	       "role arn:aws:iam::123456789012:role/IRReadOnly does not exist "
	       "(IAM lists none of params.ir_role_names), so the containment "
	       "dry runs were not sent");

	w->acct.drill_ir_missing = 0;
	w->acct.drill_assume_failed = 1;
	assume_err(w, "AccessDenied", "sts:AssumeRole",
		   "User: arn:aws:sts::123456789012:assumed-role/Auditor/x is "
		   "not authorized to perform: sts:AssumeRole");
	decide(w, "ir_containment_drill");
	expect(w, CHECK_ERROR, "instance/i-0drill",
	       "cannot test whether IR role "
	       "arn:aws:iam::123456789012:role/IRReadOnly may contain instance "
	       "i-0drill in eu-west-1: the audit's credentials may not assume "
	       "it (AccessDenied on sts:AssumeRole: User: "
	       "arn:aws:sts::123456789012:assumed-role/Auditor/x is not "
	       "authorized to perform: sts:AssumeRole); let the auditor assume "
	       "the role in its trust policy, or run the drill as a principal "
	       "responders use (no dry run was sent)");

	/* a denial elsewhere does not turn the missing answer into a FAIL */
	step(w, "ec2:CreateTags", NULL, "i-0drill", INV_DRILL_DENIED);
	decide(w, "ir_containment_drill");
	expect(w, CHECK_ERROR, "instance/i-0drill", "cannot test whether");
	w->acct.drill_steps.n = 0;

	assume_err(w, "Throttling", "sts:AssumeRole", "Rate exceeded");
	decide(w, "ir_containment_drill");
	expect(w, CHECK_ERROR, "instance/i-0drill",
	       "cannot test whether IR role "
	       "arn:aws:iam::123456789012:role/IRReadOnly may contain instance "
	       "i-0drill in eu-west-1: Throttling on sts:AssumeRole: Rate "
	       "exceeded (no dry run was sent)");

	w->acct.drill_ir_role = NULL;
	assume_err(w, "NoIrRole", "",
		   "params.ir_role_names names no IR role to sign the dry runs "
		   "as");
	decide(w, "ir_containment_drill");
	expect(w, CHECK_ERROR, "instance/i-0drill",
	       "cannot test whether the IR role may contain instance i-0drill "
	       "in eu-west-1: NoIrRole on sts:AssumeRole: params.ir_role_names "
	       "names no IR role to sign the dry runs as (no dry run was "
	       "sent)");
}

static void drill_roles(struct world *w)
{
	struct inv_drill_step *s;

	/* the roles are judged even without an instance to dry-run on */
	step(w, "ec2:ModifyInstanceAttribute", ROLE, NULL, INV_DRILL_ALLOWED);
	step(w, "iam:PutUserPolicy", ROLE, NULL, INV_DRILL_ALLOWED);
	decide(w, "ir_containment_drill");
	ok(w->out.n == 2, "one finding for EC2, one per role (%zu)", w->out.n);
	ok(w->out.n && w->out.v[0].status == CHECK_NA &&
		   strstr(w->out.v[0].message, "no running instance"),
	   "no instance: the EC2 part is NOT_APPLICABLE");
	expect(w, CHECK_PASS, ROLE,
	       "IR role arn:aws:iam::123456789012:role/IR-Responder may "
	       "ec2:ModifyInstanceAttribute; iam:PutUserPolicy (policy "
	       "simulation on the resources a runbook acts on)");

	/* the context each simulation assumed is named, once */
	w->acct.drill_steps.v[0].context = "aws:MultiFactorAuthPresent=true, "
					   "aws:RequestedRegion=eu-west-1, "
					   "ec2:ResourceTag/ir=yes, "
					   "aws:ResourceTag/ir=yes";
	w->acct.drill_steps.v[1].context = "aws:MultiFactorAuthPresent=true, "
					   "aws:RequestedRegion=us-east-1";
	decide(w, "ir_containment_drill");
	expect(w, CHECK_PASS, ROLE,
	       "iam:PutUserPolicy (policy simulation on the resources a "
	       "runbook acts on, in the context aws:MultiFactorAuthPresent="
	       "true; aws:RequestedRegion=eu-west-1; ec2:ResourceTag/ir=yes; "
	       "aws:RequestedRegion=us-east-1)");
	w->acct.drill_steps.v[0].context = NULL;
	w->acct.drill_steps.v[1].context = NULL;

	/* denied on one resource, a condition key IAM lacked: both said */
	s = step(w, "ec2:CreateTags", "arn:aws:iam::123456789012:role/Tagged",
		 NULL, INV_DRILL_DENIED);
	s->decision = "implicitDeny";
	s->denied_on = "arn:aws:ec2:eu-west-1:123456789012:instance/i-0drill";
	s->missing = "ec2:ResourceTag/ir";
	decide(w, "ir_containment_drill");
	expect(w, CHECK_FAIL, "role/Tagged",
	       "may not ec2:CreateTags (implicitDeny on arn:aws:ec2:eu-west-1:"
	       "123456789012:instance/i-0drill; missing context "
	       "ec2:ResourceTag/ir)");
	w->acct.drill_steps.n--;

	/* a simulation that got no answer: that role's ERROR, not FAIL */
	s = step(w, "ec2:ModifyInstanceAttribute",
		 "arn:aws:iam::123456789012:role/Unknown", NULL,
		 INV_DRILL_ERROR);
	snprintf(s->err.code, sizeof(s->err.code), "Throttling");
	snprintf(s->err.action, sizeof(s->err.action),
		 "iam:SimulatePrincipalPolicy");
	decide(w, "ir_containment_drill");
	expect(w, CHECK_ERROR, "role/Unknown",
	       "could not simulate the containment actions of IR role "
	       "arn:aws:iam::123456789012:role/Unknown: Throttling on "
	       "iam:SimulatePrincipalPolicy");
	w->acct.drill_steps.n--;

	s = step(w, "iam:AttachRolePolicy", ROLE, NULL, INV_DRILL_DENIED);
	s->decision = "implicitDeny";
	step(w, "s3:PutBucketPolicy", ROLE, NULL, INV_DRILL_DENIED);
	decide(w, "ir_containment_drill");
	expect(w, CHECK_FAIL, ROLE,
	       "IR role arn:aws:iam::123456789012:role/IR-Responder may not "
	       "iam:AttachRolePolicy (implicitDeny); s3:PutBucketPolicy "
	       "(denied); it may ec2:ModifyInstanceAttribute; "
	       "iam:PutUserPolicy (policy simulation on the resources a "
	       "runbook acts on)");

	/* a second role: its own finding */
	s = step(w, "ec2:ModifyInstanceAttribute",
		 "arn:aws:iam::123456789012:role/BreakGlass", NULL,
		 INV_DRILL_DENIED);
	s->decision = "explicitDeny";
	decide(w, "ir_containment_drill");
	ok(w->out.n == 3, "two roles, two findings (%zu)", w->out.n);
	expect(w, CHECK_FAIL, "role/BreakGlass",
	       "may not ec2:ModifyInstanceAttribute (explicitDeny) (policy");
	ok(!strstr(w->out.v[2].message, "it may"), "nothing allowed: %s",
	   w->out.v[2].message);
}

static void drill_role_missing(struct world *w)
{
	struct inv_drill_step *s;

	s = step(w, NULL, ROLE, NULL, INV_DRILL_DENIED);
	s->decision = "NoSuchEntity";
	decide(w, "ir_containment_drill");
	expect(w, CHECK_FAIL, ROLE,
	       "IR role arn:aws:iam::123456789012:role/IR-Responder does not "
	       "exist (NoSuchEntity): no one is pre-authorised to contain an "
	       "incident with it");

	s->answer = INV_DRILL_ERROR;
	snprintf(s->err.code, sizeof(s->err.code), "AccessDenied");
	snprintf(s->err.action, sizeof(s->err.action),
		 "iam:SimulatePrincipalPolicy");
	snprintf(s->err.message, sizeof(s->err.message), "not authorized");
	decide(w, "ir_containment_drill");
	expect(w, CHECK_ERROR, ROLE,
	       "could not simulate the containment actions of IR role "
	       "arn:aws:iam::123456789012:role/IR-Responder: AccessDenied on "
	       "iam:SimulatePrincipalPolicy: not authorized");
}

/* runbooks_cross_account */

static struct inv_bucket *bucket(struct world *w, const char *name)
{
	struct inv_bucket *b =
		INV_PUSH(&w->acct.arena[DS_S3_BUCKETS], w->acct.buckets);

	b->name = name;
	b->roles = INV_BUCKET_RUNBOOK;
	b->region = "eu-west-1";
	return b;
}

static void set_err(struct aws_error *e, int status, const char *code,
		    const char *action)
{
	e->status = status;
	snprintf(e->code, sizeof(e->code), "%s", code);
	snprintf(e->action, sizeof(e->action), "%s", action);
	snprintf(e->region, sizeof(e->region), "eu-west-1");
}

static void runbooks_owned(struct world *w)
{
	struct inv_bucket *b;

	/* unconfigured and nothing named like a runbook: MANUAL, not FAIL */
	decide(w, DECIDES("runbooks_cross_account"));
	expect(w, CHECK_MANUAL, "",
	       "params.runbook_bucket is not set and no bucket or SSM document "
	       "of this account is named like a runbook");

	w->prm.runbook_bucket = "ir-runbooks";
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_ERROR, "arn:aws:s3:::ir-runbooks",
	       "runbook bucket ir-runbooks was not looked up");

	b = bucket(w, "ir-runbooks");
	b->owned = 1;
	b->exists = 1;
	b->location_checked = 1;
	b->versioning_checked = 1;
	b->versioning = "Enabled";
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_FAIL, "arn:aws:s3:::ir-runbooks",
	       "runbook bucket ir-runbooks is in this account (123456789012): "
	       "an intruder who controls the account can alter or delete the "
	       "runbooks responders rely on; keep them in the security "
	       "account");

	w->prm.security_account_id = "999988887777";
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_FAIL, "",
	       "keep them in the security account "
	       "999988887777");

	/* this is the security account */
	w->prm.security_account_id = w->acct.id;
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_PASS, "",
	       "runbook bucket ir-runbooks (in this, the security account, "
	       "eu-west-1) is versioned: earlier runbook versions can be "
	       "restored");

	/* BucketVersioningStatus in another casing is the same value */
	b->versioning = "ENABLED";
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_PASS, "", "is versioned: earlier runbook versions");

	b->versioning = "Suspended";
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_FAIL, "",
	       "(in this, the security account, eu-west-1) has versioning "
	       "Suspended: a changed or deleted runbook cannot be restored");

	b->versioning = NULL;
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_FAIL, "",
	       "is not versioned: a changed or deleted runbook cannot be "
	       "restored");

	b->location_checked = 0;
	set_err(&b->location_err, 503, "SlowDown", "s3:GetBucketLocation");
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_ERROR, "",
	       "could not read the location of runbook bucket ir-runbooks: "
	       "SlowDown on s3:GetBucketLocation in eu-west-1");

	b->location_checked = 1;
	b->versioning_checked = 0;
	set_err(&b->versioning_err, 500, "InternalError",
		"s3:GetBucketVersioning");
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_ERROR, "",
	       "could not read the versioning of runbook bucket ir-runbooks: "
	       "InternalError on s3:GetBucketVersioning");

	b->versioning_checked = 1;
	b->versioning = "Enabled";
	expect_errors_per_need(w, "runbooks_cross_account");
}

static void runbooks_elsewhere(struct world *w)
{
	struct inv_bucket *b;

	w->prm.runbook_bucket = "ir-runbooks";
	w->prm.security_account_id = "999988887777";
	b = bucket(w, "ir-runbooks");

	/* GetBucketLocation answered: the owner lets us read it */
	b->exists = 1;
	b->location_checked = 1;
	b->versioning_checked = 1;
	b->versioning = "Enabled";
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_PASS, "",
	       "runbook bucket ir-runbooks (owned by another account, "
	       "eu-west-1) is versioned");

	b->versioning = "Suspended";
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_FAIL, "",
	       "(owned by another account, eu-west-1) has "
	       "versioning Suspended");

	b->versioning_checked = 0;
	set_err(&b->versioning_err, 403, "AccessDenied",
		"s3:GetBucketVersioning");
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_NA, "",
	       "runbook bucket ir-runbooks (owned by another account, "
	       "eu-west-1) exists, but its versioning is not readable from "
	       "here (AccessDenied on s3:GetBucketVersioning in eu-west-1)");

	set_err(&b->versioning_err, 503, "SlowDown", "s3:GetBucketVersioning");
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_ERROR, "",
	       "could not read the versioning of runbook "
	       "bucket ir-runbooks: SlowDown");

	/* GetBucketLocation refused or failed */
	b->location_checked = 0;
	set_err(&b->location_err, 403, "AccessDenied", "s3:GetBucketLocation");
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_NA, "",
	       "runbook bucket ir-runbooks exists and another account owns it "
	       "(GetBucketLocation answered AccessDenied)");

	b->exists = -1;
	set_err(&b->location_err, 404, "NoSuchBucket", "s3:GetBucketLocation");
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_FAIL, "",
	       "runbook bucket ir-runbooks does not exist (NoSuchBucket): the "
	       "policy points responders at nothing");

	b->exists = 0;
	set_err(&b->location_err, 503, "SlowDown", "s3:GetBucketLocation");
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_ERROR, "",
	       "could not tell whether runbook bucket ir-runbooks exists: "
	       "SlowDown on s3:GetBucketLocation in eu-west-1");
}

/*
 * No params.runbook_bucket: buckets and SSM documents of this account named
 * like runbooks FAIL each, named by their ARN in the account's partition
 * (a waiver written with the real aws-cn ARN must match).
 */
static void runbooks_named(struct world *w)
{
	struct inv_bucket *b = bucket(w, "corp-IR-Runbooks");
	struct inv_ssm_document *d =
		INV_PUSH(&w->regions[0].arena[DS_SSM_DOCUMENTS],
			 w->regions[0].ssm_documents);

	b->roles = INV_BUCKET_RUNBOOK_NAMED;
	b->owned = 1;
	d->name = "Isolate-Playbook";
	d->owner = w->acct.id;
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_FAIL, "arn:aws:s3:::corp-IR-Runbooks",
	       "bucket corp-IR-Runbooks in this account (123456789012) looks "
	       "like the runbook store (its name)");
	expect(w, CHECK_FAIL,
	       "arn:aws:ssm:eu-west-1:123456789012:document/Isolate-Playbook",
	       "SSM document Isolate-Playbook in eu-west-1 is a runbook kept "
	       "in this account (123456789012)");

	/* the same account in aws-cn: every ARN in that partition */
	w->acct.caller_arn = "arn:aws-cn:sts::123456789012:assumed-role/a/b";
	w->regions[0].name = "cn-north-1";
	decide(w, "runbooks_cross_account");
	ok(w->out.n == 2 &&
		   !strcmp(w->out.v[0].resource_id,
			   "arn:aws-cn:s3:::corp-IR-Runbooks") &&
		   !strcmp(w->out.v[1].resource_id,
			   "arn:aws-cn:ssm:cn-north-1:123456789012:document/"
			   "Isolate-Playbook"),
	   "runbooks_cross_account: aws-cn ARNs for named runbook stores");

	/* another account's document, and the security account: not judged */
	d->owner = "999988887777";
	w->prm.security_account_id = w->acct.id;
	decide(w, "runbooks_cross_account");
	expect(w, CHECK_MANUAL, "", "params.runbook_bucket is not set");
}

/* runbooks_ssm_documents */

static struct inv_ssm_document *document(struct world *w, int r,
					 const char *name, const char *type)
{
	struct inv_ssm_document *d =
		INV_PUSH(&w->regions[r].arena[DS_SSM_DOCUMENTS],
			 w->regions[r].ssm_documents);

	d->name = name;
	d->type = type;
	d->owner = "123456789012";
	return d;
}

static void runbook_documents(struct world *w)
{
	static const char *const names[] = { "IR-A", "IR-B", "IR-C", "IR-D",
					     "IR-E", "IR-F", "IR-G" };

	decide(w, DECIDES("runbooks_ssm_documents"));
	expect(w, CHECK_FAIL, "",
	       "no self-owned SSM Automation runbook in eu-west-1 matches "
	       "'IR-*' (0 self-owned Automation documents there)");

	document(w, 0, "ir-isolate", "Automation"); /* the glob is exact */
	document(w, 0, "Isolate-IR-Host", "Automation");
	document(w, 0, "IR-Collect", "Command"); /* not an Automation */
	decide(w, "runbooks_ssm_documents");
	expect(w, CHECK_FAIL, "",
	       "matches 'IR-*' (2 self-owned Automation documents there)");

	document(w, 0, "IR-Isolate-Instance", NULL); /* type not reported */
	decide(w, "runbooks_ssm_documents");
	expect(w, CHECK_PASS, "",
	       "1 self-owned Automation runbook matches 'IR-*' in eu-west-1: "
	       "IR-Isolate-Instance");

	/* DocumentType in another casing is the same value */
	w->regions[0].ssm_documents.v[3].type = "AUTOMATION";
	decide(w, "runbooks_ssm_documents");
	expect(w, CHECK_PASS, "", "IR-Isolate-Instance");
	w->regions[0].ssm_documents.v[3].type = NULL;

	w->regions[0].ssm_documents.n = 0;
	for (size_t i = 0; i < 7; i++)
		document(w, 0, names[i], "Automation");
	decide(w, "runbooks_ssm_documents");
	expect(w, CHECK_PASS, "",
	       "7 self-owned Automation runbooks match 'IR-*' in eu-west-1: "
	       "IR-A, IR-B, IR-C, IR-D, IR-E (+2 more)");

	/* the policy's own pattern */
	w->prm.runbook_document_pattern = "*-containment";
	decide(w, "runbooks_ssm_documents");
	expect(w, CHECK_FAIL, "",
	       "matches '*-containment' (7 self-owned "
	       "Automation documents there)");
	document(w, 0, "ec2-containment", "Automation");
	decide(w, "runbooks_ssm_documents");
	expect(w, CHECK_PASS, "",
	       "1 self-owned Automation runbook matches "
	       "'*-containment' in eu-west-1: "
	       "ec2-containment");

	/* per region: a runbook lives in one */
	world_regions(w, 2);
	decide(w, "runbooks_ssm_documents");
	ok(w->out.n == 2 && w->out.v[0].status == CHECK_PASS &&
		   w->out.v[1].status == CHECK_FAIL &&
		   strstr(w->out.v[1].message, "in us-east-1"),
	   "eu-west-1 PASS, us-east-1 FAIL (%zu findings)", w->out.n);

	world_regions(w, 1);
	expect_errors_per_need(w, "runbooks_ssm_documents");
}

/* ssm_incident_plans */

static struct inv_im_region *im(struct world *w, const char *region,
				size_t nplans, size_t ncontacts)
{
	struct inv_im_region *m = INV_PUSH(&w->acct.arena[DS_INCIDENT_MANAGER],
					   w->acct.im_regions);

	m->region = region;
	m->nplans = nplans;
	m->ncontacts = ncontacts;
	m->first_plan = nplans ? "isolate-host" : NULL;
	m->first_contact = ncontacts ? "oncall" : NULL;
	return m;
}

static void incident_plans(struct world *w)
{
	struct inv_im_region *m;

	decide(w, DECIDES("ssm_incident_plans"));
	expect(w, CHECK_NA, "", "nothing to evaluate");

	im(w, "eu-west-1", 0, 0);
	decide(w, "ssm_incident_plans");
	expect(w, CHECK_FAIL, "",
	       "Incident Manager has no region with both a response plan and "
	       "a contact (eu-west-1: 0 plans, 0 contacts)");

	im(w, "us-east-1", 2, 0);
	im(w, "ap-south-1", 0, 1);
	decide(w, "ssm_incident_plans");
	expect(w, CHECK_FAIL, "",
	       "(eu-west-1: 0 plans, 0 contacts; us-east-1: 2 plans, 0 "
	       "contacts; ap-south-1: 0 plans, 1 contact)");

	m = &w->acct.im_regions.v[1];
	m->ncontacts = 1;
	m->first_contact = "oncall";
	decide(w, "ssm_incident_plans");
	expect(w, CHECK_PASS, "",
	       "Incident Manager in us-east-1 has 2 response plans (e.g. "
	       "isolate-host) and 1 contact (e.g. oncall)");

	expect_errors_per_need(w, "ssm_incident_plans");
}

static void incident_plans_failed(struct world *w)
{
	struct inv_im_region *m = im(w, "eu-west-1", 0, 0);

	m->failed = 1;
	snprintf(m->err.code, sizeof(m->err.code), "AccessDeniedException");
	snprintf(m->err.action, sizeof(m->err.action),
		 "ssm-incidents:ListResponsePlans");
	snprintf(m->err.region, sizeof(m->err.region), "eu-west-1");
	snprintf(m->err.message, sizeof(m->err.message), "not authorized");
	im(w, "us-east-1", 1, 0);
	/* none found, and a region unreadable: ERROR, never FAIL */
	decide(w, "ssm_incident_plans");
	expect(w, CHECK_ERROR, "",
	       "could not collect Incident Manager response plans and contacts "
	       "in eu-west-1: AccessDeniedException on "
	       "ssm-incidents:ListResponsePlans in eu-west-1: not authorized");

	/* another region has both: the unreadable one cannot change that */
	w->acct.im_regions.v[1].ncontacts = 3;
	decide(w, "ssm_incident_plans");
	expect(w, CHECK_PASS, "",
	       "Incident Manager in us-east-1 has 1 response plan (e.g. "
	       "isolate-host) and 3 contacts (e.g. ?)");
}

static void (*const cases[])(struct world *) = {
	drill_ec2,      drill_assume,
	drill_roles,    drill_role_missing,
	runbooks_owned, runbooks_elsewhere,
	runbooks_named, runbook_documents,
	incident_plans, incident_plans_failed,
};

int main(void)
{
	static struct world w;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		world_init(&w);
		cases[i](&w);
		world_release(&w);
	}
	return done_testing();
}
