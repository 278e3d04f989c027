/*
 * runbooks_ssm_documents.c -- each region has the account's own IR
 * Automation runbooks
 *
 * Per region: the self-owned SSM Automation documents (ListDocuments
 * Owner=Self, DocumentType=Automation) are matched against
 * params.runbook_document_pattern (a glob, default "IR-*"). One match is a
 * PASS, none a FAIL. Per region because a document lives in one region:
 * responders run a containment runbook where the incident is, and a
 * multi-region automation still needs it in the region it starts from
 * (deploy them everywhere with CloudFormation StackSets).
 */
#include "check.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	const char *pat = cx->params->runbook_document_pattern;
	char list[768] = "";
	size_t nmatch = 0, nauto = 0;

	for (size_t i = 0; i < r->ssm_documents.n; i++) {
		const struct inv_ssm_document *d = &r->ssm_documents.v[i];
		size_t len = strlen(list);

		if (d->type && strcasecmp(d->type, "Automation"))
			continue;
		nauto++;
		if (fnmatch(pat, d->name, 0))
			continue;
		if (nmatch++ < 5)
			snprintf(list + len, sizeof(list) - len, "%s%s",
				 len ? ", " : "", d->name);
	}
	if (nmatch > 5) {
		size_t len = strlen(list);

		snprintf(list + len, sizeof(list) - len, " (+%zu more)",
			 nmatch - 5);
	}
	if (nmatch)
		findings_add(out, CHECK_PASS, "AWS::SSM::Document",
			     cx->acct->id,
			     "%zu self-owned Automation runbook%s '%s' in %s: "
			     "%s",
			     nmatch, nmatch == 1 ? " matches" : "s match", pat,
			     r->name, list);
	else
		findings_add(out, CHECK_FAIL, "AWS::SSM::Document",
			     cx->acct->id,
			     "no self-owned SSM Automation runbook in %s "
			     "matches '%s' (%zu self-owned Automation "
			     "document%s there)",
			     r->name, pat, nauto, nauto == 1 ? "" : "s");
	return 0;
}

const struct check check_runbooks_ssm_documents = {
	.id = "runbooks_ssm_documents",
	.title = "Incident response runbooks exist as SSM Automation documents "
		 "in every region",
	.phase = PHASE_PREPARATION,
	.severity = SEV_LOW,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_SSM_DOCUMENTS,
	.guidance = "Prepare: write and automate incident response playbooks",
	.rationale = "Automated runbooks (isolate an instance, snapshot its "
		     "volumes, revoke a session, disable a key) turn a "
		     "playbook into one reviewed, repeatable action, run the "
		     "same way at 3 a.m. as in a drill.",
	.remediation = "1. Write the containment steps of your playbooks as "
		       "SSM Automation documents named to match the policy "
		       "pattern (default IR-*).\n"
		       "2. Start from AWS's AWS-* and AWSSupport-* runbooks "
		       "(for example AWSSupport-ContainEC2Instance).\n"
		       "3. Version them in source control and deploy them to "
		       "every region with CloudFormation StackSets "
		       "(AWS::SSM::Document).\n"
		       "4. Rehearse them in game days.",
	.cli_fix = "aws ssm create-document --name IR-IsolateInstance "
		   "--document-type Automation --document-format YAML "
		   "--content file://IR-IsolateInstance.yaml",
	.cfn = "IsolateInstanceRunbook:\n  Type: AWS::SSM::Document\n"
	       "  Properties:\n    Name: IR-IsolateInstance\n"
	       "    DocumentType: Automation\n    DocumentFormat: YAML\n"
	       "    Content:\n      schemaVersion: '0.3'\n"
	       "      parameters: {InstanceId: {type: String}}\n"
	       "      mainSteps:\n        - name: Isolate\n"
	       "          action: aws:executeAwsApi\n"
	       "          inputs: {Service: ec2, Api: "
	       "ModifyInstanceAttribute, InstanceId: '{{InstanceId}}', "
	       "Groups: [<QUARANTINE_SG_ID>]}",
	.doc_url = "https://docs.aws.amazon.com/systems-manager/latest/"
		   "userguide/automation-documents.html",
	.frameworks = "SEC10-BP04;NIST-CSF-2.0:RS.MA-01",
	.run = run,
};
