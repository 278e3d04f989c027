/*
 * inspector_enabled.c -- Amazon Inspector scans EC2, ECR and Lambda in
 * every region
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int on(const char *st)
{
	return st && !strcasecmp(st, "ENABLED");
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	const struct inv_inspector *in = &r->inspector;
	const char *names[] = { "EC2", "ECR", "Lambda" };
	const char *st[] = { in->ec2, in->ecr, in->lambda };
	char off[256] = "";
	size_t len = 0;

	for (size_t i = 0; i < 3; i++) {
		if (on(st[i]) || len >= sizeof(off))
			continue;
		len += (size_t)snprintf(off + len, sizeof(off) - len, "%s%s %s",
					len ? ", " : "", names[i],
					st[i] ? st[i] : "not reported");
	}
	if (!*off)
		findings_add(out, CHECK_PASS, "AWS::::Account", cx->acct->id,
			     "Inspector scans EC2, ECR and Lambda in %s",
			     r->name);
	else
		findings_add(out, CHECK_FAIL, "AWS::::Account", cx->acct->id,
			     "Inspector in %s (account %s) does not scan "
			     "everything: %s",
			     r->name, in->state ? in->state : "not reported",
			     off);
	return 0;
}

const struct check check_inspector_enabled = {
	.id = "inspector_enabled",
	.title = "Amazon Inspector scans EC2, ECR and Lambda in every region",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_INSPECTOR,
	.guidance = "Prepare: know your exploitable vulnerabilities before "
		    "an attacker does",
	.rationale = "During an incident the first questions are which hosts, "
		     "images and functions share the exploited weakness. "
		     "Inspector's continuous inventory of vulnerable "
		     "packages and network exposure answers them in minutes "
		     "instead of days, and scopes the blast radius.",
	.remediation = "1. Enable Amazon Inspector in every enabled region "
		       "(for an organization, from the delegated "
		       "administrator with auto-enable).\n"
		       "2. Activate EC2, ECR and Lambda scanning.\n"
		       "3. Make sure EC2 instances are SSM-managed so agent "
		       "or agentless scanning can inventory them.\n"
		       "4. Route critical findings to the vulnerability "
		       "management queue.",
	.cli_fix = "aws inspector2 enable --resource-types EC2 ECR LAMBDA "
		   "--region <REGION>",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/inspector/latest/user/"
		   "getting_started_tutorial.html",
	.frameworks = "FSBP:Inspector.1;FSBP:Inspector.2;FSBP:Inspector.4;"
		      "SEC10-BP06;NIST-CSF-2.0:ID.RA-01",
	.run = run,
};
