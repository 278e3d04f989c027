/*
 * ir_containment_drill.c -- responders are allowed to contain (--drill)
 *
 * Selected only with `irready audit --drill`. Reads the drill's answers
 * (inv_drill.c): one finding for the EC2 dry runs on the target instance
 * (signed as the IR role, assumed with the audit's credentials: PASS when
 * EC2 answered DryRunOperation to every step, FAIL when one was
 * UnauthorizedOperation or no IR role exists, ERROR when the role could
 * not be assumed, since then nothing is known of what it may do), one per IR
 * role for the simulated containment actions (PASS when all are allowed on
 * every resource simulated, FAIL when one is denied or the role does not
 * exist; the message names the resources denied, the context keys IAM
 * lacked, and the context assumed: MFA, the region, the target's tags).
 * Steps that got no answer are ERROR, never FAIL. Nothing was changed in
 * the account.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

/* Append "; <a><pre><b><post>" ("<a><pre><b><post>" when 'buf' is empty). */
static void add(char *buf, size_t size, const char *a, const char *pre,
		const char *b, const char *post)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len, "%s%s%s%s%s", len ? "; " : "", a, pre,
		 b, post);
}

/* No instance to rehearse on: ERROR when the listing failed, else NA. */
static void no_target(const struct inv_account *a, struct findings *out)
{
	if (a->drill_target_failed)
		findings_add(out, CHECK_ERROR, "AWS::EC2::Instance", a->id,
			     "no running instance found for the containment "
			     "dry runs, and the instances of %s could not be "
			     "listed: %s",
			     a->drill_target_err.region,
			     a->drill_target_err.code);
	else
		findings_add(out, CHECK_NA, "AWS::EC2::Instance", a->id,
			     "no running instance in any audited region to "
			     "rehearse instance containment on");
}

static void ec2_finding(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	char arn[192], allowed[512] = "", denied[512] = "", errors[768] = "";
	const char *role;
	size_t n = 0, nden = 0, nerr = 0;

	for (size_t i = 0; i < a->drill_steps.n; i++) {
		const struct inv_drill_step *s = &a->drill_steps.v[i];

		if (s->principal || !s->action)
			continue;
		n++;
		if (s->answer == INV_DRILL_ALLOWED) {
			add(allowed, sizeof(allowed), s->action, " on ",
			    s->target ? s->target : "?", "");
		} else if (s->answer == INV_DRILL_DENIED) {
			nden++;
			add(denied, sizeof(denied), s->action, " on ",
			    s->target ? s->target : "?", "");
		} else {
			nerr++;
			add(errors, sizeof(errors), s->action, ": ",
			    s->err.code[0] ? s->err.code : "no answer", "");
		}
	}
	if (!a->drill_instance) {
		no_target(a, out);
		return;
	}
	check_arn(cx, arn, sizeof(arn), "ec2", a->drill_region, a->id,
		  "instance/%s", a->drill_instance);
	role = a->drill_ir_role ? a->drill_ir_role : "(unknown)";
	if (a->drill_ir_missing)
		findings_add(out, CHECK_FAIL, "AWS::EC2::Instance", arn,
			     "no IR role may contain instance %s in %s: IR "
			     "role %s does not exist (IAM lists none of "
			     "params.ir_role_names), so the containment dry "
			     "runs were not sent",
			     a->drill_instance, a->drill_region, role);
	else if (a->drill_assume_failed &&
		 !strcmp(a->drill_assume_err.code, "AccessDenied"))
		findings_add(out, CHECK_ERROR, "AWS::EC2::Instance", arn,
			     "cannot test whether IR role %s may contain "
			     "instance %s in %s: the audit's credentials may "
			     "not assume it (AccessDenied on sts:AssumeRole%s%s"
			     "); let the auditor assume the role in its trust "
			     "policy, or run the drill as a principal "
			     "responders use (no dry run was sent)",
			     role, a->drill_instance, a->drill_region,
			     a->drill_assume_err.message[0] ? ": " : "",
			     a->drill_assume_err.message);
	else if (a->drill_assume_failed)
		findings_add(out, CHECK_ERROR, "AWS::EC2::Instance", arn,
			     "cannot test whether %s%s may contain instance "
			     "%s in %s: %s on %s%s%s (no dry run was sent)",
			     a->drill_ir_role ? "IR role " : "the IR role",
			     a->drill_ir_role ? a->drill_ir_role : "",
			     a->drill_instance, a->drill_region,
			     a->drill_assume_err.code,
			     a->drill_assume_err.action[0]
				     ? a->drill_assume_err.action
				     : "sts:AssumeRole",
			     a->drill_assume_err.message[0] ? ": " : "",
			     a->drill_assume_err.message);
	else if (nden)
		findings_add(out, CHECK_FAIL, "AWS::EC2::Instance", arn,
			     "IR role %s may not contain "
			     "instance %s in %s: EC2 answered "
			     "UnauthorizedOperation to the dry run of %s%s%s "
			     "(dry runs only: nothing was changed)",
			     role, a->drill_instance, a->drill_region, denied,
			     allowed[0] ? "; allowed: " : "", allowed);
	else if (nerr || !n)
		findings_add(out, CHECK_ERROR, "AWS::EC2::Instance", arn,
			     "the containment dry runs on instance %s in %s "
			     "got no answer: %s",
			     a->drill_instance, a->drill_region,
			     errors[0] ? errors : "no step ran");
	else
		findings_add(out, CHECK_PASS, "AWS::EC2::Instance", arn,
			     "IR role %s may contain instance %s "
			     "in %s: EC2 answered DryRunOperation to %s%s%s%s "
			     "(dry runs only: nothing was changed)",
			     role, a->drill_instance, a->drill_region, allowed,
			     a->drill_sg ? "; isolation by swapping to " : "",
			     a->drill_sg ? a->drill_sg : "",
			     a->drill_sg && !a->drill_sg_isolation
				     ? " (its own group: the VPC has no "
				       "isolation group)"
				     : "");
}

/* Add each ", "-separated item of 'items' to 'buf' that is not there. */
static void add_items(char *buf, size_t size, const char *items)
{
	for (const char *p = items; p && *p;) {
		const char *end = strstr(p, ", ");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char item[256];

		snprintf(item, sizeof(item), "%.*s", (int)len, p);
		p += len + (end ? 2 : 0);
		/* aws:ResourceTag/K repeats ec2:ResourceTag/K's value */
		if (!strncmp(item, "aws:ResourceTag/", 16) || strstr(buf, item))
			continue;
		add(buf, size, item, "", "", "");
	}
}

/* "A (implicitDeny on ARN..., missing context K...)" into 'buf'. */
static void add_denied(char *buf, size_t size, const struct inv_drill_step *s)
{
	char why[512];

	snprintf(why, sizeof(why), "%s%s%s%s%s",
		 s->decision ? s->decision : "denied",
		 s->denied_on ? " on " : "", s->denied_on ? s->denied_on : "",
		 s->missing ? "; missing context " : "",
		 s->missing ? s->missing : "");
	add(buf, size, s->action, " (", why, ")");
}

static void role_finding(const struct check_ctx *cx, const char *role,
			 struct findings *out)
{
	const struct inv_account *a = cx->acct;
	char allowed[512] = "", denied[1536] = "", ctx[768] = "";
	size_t nallow = 0, nden = 0;

	for (size_t i = 0; i < a->drill_steps.n; i++) {
		const struct inv_drill_step *s = &a->drill_steps.v[i];

		if (!s->principal || strcmp(s->principal, role))
			continue;
		if (!s->action || s->answer == INV_DRILL_ERROR) {
			if (s->answer == INV_DRILL_DENIED)
				findings_add(
					out, CHECK_FAIL, "AWS::IAM::Role", role,
					"IR role %s does not exist (%s): "
					"no one is pre-authorised to "
					"contain an incident with it",
					role, s->decision ? s->decision : "?");
			else
				findings_add(out, CHECK_ERROR, "AWS::IAM::Role",
					     role,
					     "could not simulate the "
					     "containment actions of IR role "
					     "%s: %s on %s%s%s",
					     role, s->err.code, s->err.action,
					     s->err.message[0] ? ": " : "",
					     s->err.message);
			return;
		}
		add_items(ctx, sizeof(ctx), s->context);
		if (s->answer == INV_DRILL_ALLOWED) {
			nallow++;
			add(allowed, sizeof(allowed), s->action, "", "", "");
		} else {
			nden++;
			add_denied(denied, sizeof(denied), s);
		}
	}
	if (nden)
		findings_add(out, CHECK_FAIL, "AWS::IAM::Role", role,
			     "IR role %s may not %s%s%s (policy simulation on "
			     "the resources a runbook acts on%s%s)",
			     role, denied, allowed[0] ? "; it may " : "",
			     allowed, ctx[0] ? ", in the context " : "", ctx);
	else if (nallow)
		findings_add(out, CHECK_PASS, "AWS::IAM::Role", role,
			     "IR role %s may %s (policy simulation on the "
			     "resources a runbook acts on%s%s)",
			     role, allowed, ctx[0] ? ", in the context " : "",
			     ctx);
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;

	ec2_finding(cx, out);
	for (size_t i = 0; i < a->drill_steps.n; i++) {
		const struct inv_drill_step *s = &a->drill_steps.v[i];
		int first = 1;

		if (!s->principal)
			continue;
		for (size_t k = 0; k < i; k++)
			if (a->drill_steps.v[k].principal &&
			    !strcmp(a->drill_steps.v[k].principal,
				    s->principal))
				first = 0;
		if (first)
			role_finding(cx, s->principal, out);
	}
	return 0;
}

const struct check check_ir_containment_drill = {
	.id = "ir_containment_drill",
	.title = "Responders are allowed to take containment actions "
		 "(dry-run drill)",
	.phase = PHASE_CONTAINMENT,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_ACCOUNT,
	/* the instances and security groups it reads come with it */
	.needs = NEED_DRILL,
	.guidance = "Contain: pre-provision and rehearse the access "
		    "containment needs",
	.rationale = "Discovering during an incident that responders cannot "
		     "isolate an instance, snapshot its disk, disable a key "
		     "or deactivate an access key costs the hours that decide "
		     "its scope. EC2 dry runs and IAM policy simulation prove "
		     "the permissions without changing anything.",
	.remediation = "1. Give the IR role (params.ir_role_names) the "
		       "containment actions: ec2:ModifyInstanceAttribute, "
		       "ec2:CreateSnapshot, ec2:CreateTags, "
		       "iam:UpdateAccessKey, iam:PutRolePolicy, "
		       "kms:DisableKey, s3:PutBucketPolicy, "
		       "wafv2:UpdateIPSet.\n"
		       "2. Check that no SCP or permissions boundary denies "
		       "them.\n"
		       "3. Let the auditor assume the IR role (its trust "
		       "policy; 'irready iam-policy --drill' grants "
		       "sts:AssumeRole), re-run 'irready audit --drill', and "
		       "rehearse the runbooks in game days.",
	.cli_fix = "aws iam put-role-policy --role-name IRReadOnly "
		   "--policy-name containment --policy-document "
		   "file://ir-containment.json",
	.cfn = "IrContainmentPolicy:\n  Type: AWS::IAM::RolePolicy\n"
	       "  Properties:\n    RoleName: IRReadOnly\n"
	       "    PolicyName: containment\n    PolicyDocument:\n"
	       "      Version: '2012-10-17'\n      Statement:\n"
	       "        - Effect: Allow\n          Action:\n"
	       "            - ec2:ModifyInstanceAttribute\n"
	       "            - ec2:CreateSnapshot\n"
	       "            - ec2:CreateTags\n"
	       "            - iam:UpdateAccessKey\n"
	       "            - iam:PutRolePolicy\n"
	       "            - kms:DisableKey\n"
	       "            - s3:PutBucketPolicy\n"
	       "            - wafv2:UpdateIPSet\n"
	       "          Resource: '*'",
	.doc_url = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
		   "access_policies_testing-policies.html",
	.frameworks = "SEC10-BP05;SEC10-BP07;NIST-CSF-2.0:RS.MI-01",
	.run = run,
};
