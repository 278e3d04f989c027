/*
 * iam_access_analyzer.c -- an ACTIVE IAM Access Analyzer external access
 * analyzer in every region
 *
 * Account and organization analyzers both count. Unused-access and
 * internal-access analyzers (ACCOUNT_UNUSED_ACCESS, ..._INTERNAL_ACCESS)
 * do not: they report no resource shared outside the zone of trust.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* An external access analyzer: type ACCOUNT or ORGANIZATION. */
static int external(const struct inv_analyzer *a)
{
	return a->type && (!strcasecmp(a->type, "ACCOUNT") ||
			   !strcasecmp(a->type, "ORGANIZATION"));
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	const struct inv_analyzer *good = NULL, *ext = NULL;

	for (size_t i = 0; i < r->analyzers.n && !good; i++) {
		const struct inv_analyzer *a = &r->analyzers.v[i];

		if (!external(a))
			continue;
		if (a->status && !strcasecmp(a->status, "ACTIVE"))
			good = a;
		else if (!ext)
			ext = a;
	}
	if (good)
		findings_add(out, CHECK_PASS, "AWS::::Account", cx->acct->id,
			     "IAM Access Analyzer %s (%s) is active in %s",
			     good->name ? good->name : "?", good->type,
			     r->name);
	else if (ext)
		findings_add(out, CHECK_FAIL, "AWS::::Account", cx->acct->id,
			     "no IAM Access Analyzer analyzer is active in %s: "
			     "%s is %s",
			     r->name, ext->name ? ext->name : "?",
			     ext->status ? ext->status : "in an unknown state");
	else if (r->analyzers.n)
		findings_add(out, CHECK_FAIL, "AWS::::Account", cx->acct->id,
			     "no IAM Access Analyzer external access analyzer "
			     "in %s: %s is of type %s, which does not report "
			     "resources shared outside the account",
			     r->name,
			     r->analyzers.v[0].name ? r->analyzers.v[0].name
						    : "?",
			     r->analyzers.v[0].type ? r->analyzers.v[0].type
						    : "unknown");
	else
		findings_add(out, CHECK_FAIL, "AWS::::Account", cx->acct->id,
			     "no IAM Access Analyzer analyzer in %s: "
			     "resources shared outside the account go "
			     "unnoticed",
			     r->name);
	return 0;
}

const struct check check_iam_access_analyzer = {
	.id = "iam_access_analyzer",
	.title = "IAM Access Analyzer is active in every region",
	.phase = PHASE_PREPARATION,
	.severity = SEV_LOW,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_ACCESS_ANALYZER,
	.guidance = "Prepare: know what is shared outside your trust zone",
	.rationale = "Attackers persist by sharing resources with accounts "
		     "they control: a bucket policy, a KMS grant, a role "
		     "trust. Access Analyzer reports every such external "
		     "access path per region, which is both a detection and "
		     "a checklist for eradication.",
	.remediation = "1. Create an analyzer in every enabled region: of "
		       "type ORGANIZATION in the delegated administrator "
		       "account, or ACCOUNT in standalone accounts.\n"
		       "2. Archive expected findings with archive rules, and "
		       "route new ones to the security team.",
	.cli_fix = "aws accessanalyzer create-analyzer --analyzer-name "
		   "account-analyzer --type ACCOUNT --region <REGION>",
	.cfn = "Analyzer:\n  Type: AWS::AccessAnalyzer::Analyzer\n"
	       "  Properties:\n    AnalyzerName: account-analyzer\n"
	       "    Type: ACCOUNT",
	.doc_url = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
		   "access-analyzer-getting-started.html",
	.frameworks = "CIS-3.0:1.20;SEC10-BP06;NIST-CSF-2.0:PR.AA-05",
	.run = run,
};
