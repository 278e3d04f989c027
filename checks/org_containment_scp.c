/*
 * org_containment_scp.c -- SCPs are enabled and a quarantine (deny-all)
 * SCP is ready (management account)
 *
 * Two verdicts: the root has SERVICE_CONTROL_POLICY ENABLED; and a
 * customer-managed SCP has a statement that denies Action "*" on
 * Resource "*" (no NotAction/NotResource) either unconditionally, or
 * conditioned only on tags (aws:PrincipalTag/..., aws:ResourceTag/...:
 * quarantine by tagging), or only exempting principals with a negated
 * match on aws:PrincipalArn (deny all but the IR/break-glass role). The
 * classification is made by the collector (inv_org_admin.c). The policy
 * need not be attached: it is attached to an account or a Quarantine OU
 * when an incident calls for it.
 */
#include "org_management.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *how(const struct inv_scp *p)
{
	switch (p->deny_all) {
	case INV_SCP_DENY_ALL:
		return "denies every action";
	case INV_SCP_DENY_ALL_TAGGED:
		return "denies every action to tagged principals or resources";
	case INV_SCP_DENY_ALL_EXEMPTING:
		return "denies every action except to exempted principals";
	default:
		return "does not deny everything";
	}
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const struct inv_org_admin *oa = &a->org_admin;
	const struct inv_scp *best = NULL;
	const char *org = oa->org_id ? oa->org_id : "?";
	char pseudo[160];
	size_t ncustom = 0;

	if (org_management_only(cx, out, "SCPs are managed from",
				"the service control policies", oa->scp_failed,
				&oa->scp_err))
		return 0;
	if (!oa->feature_set || strcasecmp(oa->feature_set, "ALL")) {
		findings_add(out, CHECK_FAIL,
			     "AWS::Organizations::Organization",
			     oa->org_arn ? oa->org_arn : a->id,
			     "organization %s has feature set %s: service "
			     "control policies are unavailable, so no account "
			     "can be quarantined by policy",
			     org, oa->feature_set ? oa->feature_set : "?");
		return 0;
	}
	/* 1. the root: SCPs must be enabled for any SCP to apply */
	if (oa->scp_enabled)
		findings_add(out, CHECK_PASS,
			     "AWS::Organizations::Organization",
			     oa->root_arn ? oa->root_arn : org,
			     "service control policies are enabled on root %s "
			     "of organization %s",
			     oa->root_id ? oa->root_id : "?", org);
	else
		findings_add(out, CHECK_FAIL,
			     "AWS::Organizations::Organization",
			     oa->root_arn ? oa->root_arn : org,
			     "service control policies are not enabled on root "
			     "%s of organization %s: no SCP, quarantine "
			     "included, can take effect",
			     oa->root_id ? oa->root_id : "?", org);
	/* 2. a quarantine policy, ready to attach */
	for (size_t i = 0; i < a->scps.n; i++) {
		const struct inv_scp *p = &a->scps.v[i];

		if (p->aws_managed)
			continue;
		ncustom++;
		if (p->deny_all != INV_SCP_NO_DENY_ALL &&
		    (!best || p->deny_all < best->deny_all))
			best = p;
	}
	if (best) {
		findings_add(out, CHECK_PASS, "AWS::Organizations::Policy",
			     best->arn ? best->arn : best->id,
			     "SCP %s (%s) %s%s%s: a quarantine policy is ready",
			     best->name ? best->name : "?",
			     best->id ? best->id : "?", how(best),
			     best->condition_key ? ", keyed on " : "",
			     best->condition_key ? best->condition_key : "");
		return 0;
	}
	snprintf(pseudo, sizeof(pseudo), "%s/quarantine SCP", org);
	findings_add(out, CHECK_FAIL, "AWS::Organizations::Policy", pseudo,
		     "none of the %zu customer-managed SCP%s of organization "
		     "%s denies every action: no quarantine policy is ready",
		     ncustom, ncustom == 1 ? "" : "s", org);
	return 0;
}

const struct check check_org_containment_scp = {
	.id = "org_containment_scp",
	.title = "A quarantine SCP is ready and SCPs are enabled",
	.phase = PHASE_CONTAINMENT,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_ORG_ADMIN,
	.guidance = "Contain: pre-build the controls that isolate a "
		    "compromised account",
	.rationale = "When an account is compromised, attaching a deny-all "
		     "SCP (or moving the account into a Quarantine OU that "
		     "has one) stops every principal in it at once, "
		     "including the attacker's, even root. Writing and "
		     "reviewing that policy during the incident wastes the "
		     "minutes that matter; it must exist beforehand, with "
		     "SCPs enabled.",
	.remediation = "1. In the management account, enable the "
		       "SERVICE_CONTROL_POLICY type on the root.\n"
		       "2. Create a quarantine SCP denying \"*\" on \"*\" "
		       "(optionally exempting the IR/break-glass role with "
		       "ArnNotLike aws:PrincipalArn).\n"
		       "3. Create a Quarantine OU and attach the policy to it, "
		       "or keep the policy detached and document how to "
		       "attach it in the runbook.\n"
		       "4. Rehearse moving a test account into quarantine.",
	.cli_fix = "aws organizations enable-policy-type --root-id <ROOT_ID> "
		   "--policy-type SERVICE_CONTROL_POLICY && aws organizations "
		   "create-policy --type SERVICE_CONTROL_POLICY --name "
		   "Quarantine --description \"Deny all: incident "
		   "containment\" --content '{\"Version\":\"2012-10-17\","
		   "\"Statement\":[{\"Sid\":\"DenyAll\",\"Effect\":\"Deny\","
		   "\"Action\":\"*\",\"Resource\":\"*\"}]}'",
	.cfn = "QuarantinePolicy:\n  Type: AWS::Organizations::Policy\n"
	       "  Properties:\n    Name: Quarantine\n"
	       "    Type: SERVICE_CONTROL_POLICY\n    Content:\n"
	       "      Version: '2012-10-17'\n      Statement:\n"
	       "        - Sid: DenyAll\n          Effect: Deny\n"
	       "          Action: '*'\n          Resource: '*'\n"
	       "    TargetIds: [!Ref QuarantineOU]",
	.doc_url = "https://docs.aws.amazon.com/organizations/latest/"
		   "userguide/orgs_manage_policies_scps.html",
	.frameworks = "SEC10-BP06;SEC10-BP04;NIST-CSF-2.0:RS.MI-01",
	.run = run,
};
