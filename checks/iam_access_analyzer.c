/*
 * iam_access_analyzer.c -- an ACTIVE IAM Access Analyzer external access
 * analyzer in every region
 *
 * Account and organization analyzers both count. Unused-access and
 * internal-access analyzers (ACCOUNT_UNUSED_ACCESS, ..._INTERNAL_ACCESS)
 * do not: they report no resource shared outside the zone of trust.
 *
 * An organization analyzer exists only in the management account or the
 * delegated administrator for Access Analyzer, and covers every member in
 * its region. It is judged there: in an --org run (inventory.orgwide) a
 * member without an active analyzer of its own is NOT_APPLICABLE, naming
 * the analyzer and its account, or naming the account the Organization's
 * analyzers run from when none of them is in this region (that account
 * FAILs the region). A member audited alone cannot see such an analyzer
 * (ListAnalyzers lists the account's own; ListDelegatedAdministrators
 * answers only the management account and delegated administrators): it
 * FAILs as before, the message saying what could not be seen and how to
 * credit the analyzer (audit with --org). In an --org run where no
 * assessed account runs one and some account could not be assessed at
 * all, the member also FAILs on its own analyzers, the message naming the
 * accounts not assessed (an analyzer there goes unseen).
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

/*
 * The Organization's analyzer in region 'region' run from another account
 * (*any: whether it runs any, in any region, and from which account).
 */
static const struct inv_org_mech *org_analyzer(const struct check_ctx *cx,
					       const char *region,
					       const struct inv_org_mech **any)
{
	const struct inv_orgwide *ow = cx->inv ? cx->inv->orgwide : NULL;

	*any = NULL;
	for (size_t i = 0; ow && i < ow->n; i++) {
		const struct inv_org_mech *m = &ow->v[i];

		if (m->kind != INV_ORG_ANALYZER ||
		    !strcmp(m->account, cx->acct->id))
			continue;
		if (!*any)
			*any = m;
		if (!strcmp(m->region, region))
			return m;
	}
	return NULL;
}

static void pass(const struct check_ctx *cx, const struct inv_analyzer *a,
		 struct findings *out)
{
	const char *org = cx->acct->org.id;

	if (!strcasecmp(a->type, "ORGANIZATION"))
		findings_add(out, CHECK_PASS, "AWS::::Account", cx->acct->id,
			     "IAM Access Analyzer %s (%s) is active in %s: it "
			     "covers every account of the Organization%s%s "
			     "there",
			     a->name ? a->name : "?", a->type, cx->region->name,
			     org ? " " : "", org ? org : "");
	else
		findings_add(out, CHECK_PASS, "AWS::::Account", cx->acct->id,
			     "IAM Access Analyzer %s (%s) is active in %s",
			     a->name ? a->name : "?", a->type,
			     cx->region->name);
}

/*
 * A region of this account where it runs an organization analyzer (it is
 * the management account or the delegated administrator), or NULL.
 */
static const char *owns_org_analyzer(const struct inv_account *a)
{
	for (size_t i = 0; i < a->nregions; i++)
		for (size_t k = 0; k < a->regions[i].analyzers.n; k++) {
			const char *t = a->regions[i].analyzers.v[k].type;

			if (t && !strcasecmp(t, "ORGANIZATION"))
				return a->regions[i].name;
		}
	return NULL;
}

/* A member of an Organization, not its management account. */
static int org_member(const struct inv_account *a)
{
	return a->org.member && a->org.master_account_id &&
	       strcmp(a->org.master_account_id, a->id);
}

/*
 * Nothing active of its own: judged where the Organization's analyzers
 * live (--org), else FAIL for 'why' (a member audited alone is told what
 * irready could not see).
 */
static void none(const struct check_ctx *cx, const char *why,
		 struct findings *out)
{
	const struct inv_region *r = cx->region;
	const struct inv_org_mech *any, *m = org_analyzer(cx, r->name, &any);
	const char *own = owns_org_analyzer(cx->acct);

	if (own)
		findings_add(out, CHECK_FAIL, "AWS::::Account", cx->acct->id,
			     "%s; account %s runs the Organization's analyzers "
			     "(one in %s) but none covers %s",
			     why, cx->acct->id, own, r->name);
	else if (m)
		findings_add(out, CHECK_NA, "AWS::::Account", cx->acct->id,
			     "covered in %s by organization analyzer %s in "
			     "account %s: judged in account %s",
			     r->name, m->arn, m->account, m->account);
	else if (any)
		findings_add(out, CHECK_NA, "AWS::::Account", cx->acct->id,
			     "the Organization's analyzers run from account "
			     "%s (%s), which has none active in %s: judged in "
			     "account %s",
			     any->account, any->arn, r->name, any->account);
	else if (org_member(cx->acct) && !(cx->inv && cx->inv->orgwide))
		findings_add(out, CHECK_FAIL, "AWS::::Account", cx->acct->id,
			     "%s; account %s is a member of organization %s, "
			     "whose organization analyzer (if any) lives in "
			     "the management account %s or a delegated "
			     "administrator and cannot be seen from here "
			     "(ListAnalyzers lists only this account's own; "
			     "ListDelegatedAdministrators answers only the "
			     "management account): audit the Organization "
			     "with --org to credit it",
			     why, cx->acct->id,
			     cx->acct->org.id ? cx->acct->org.id : "?",
			     cx->acct->org.master_account_id);
	else if (cx->inv && cx->inv->orgwide && cx->inv->orgwide->unassessed.n)
		findings_add(out, CHECK_FAIL, "AWS::::Account", cx->acct->id,
			     "%s; no account this --org run assessed runs an "
			     "active organization analyzer, and %zu account%s "
			     "(%s%s) could not be assessed: an organization "
			     "analyzer there is not seen, so account %s is "
			     "judged on its own analyzers",
			     why, cx->inv->orgwide->unassessed.n,
			     cx->inv->orgwide->unassessed.n == 1 ? "" : "s",
			     cx->inv->orgwide->unassessed.v[0],
			     cx->inv->orgwide->unassessed.n > 1 ? ", ..." : "",
			     cx->acct->id);
	else
		findings_add(out, CHECK_FAIL, "AWS::::Account", cx->acct->id,
			     "%s", why);
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	const struct inv_analyzer *good = NULL, *ext = NULL;
	char why[512];

	for (size_t i = 0; i < r->analyzers.n && !good; i++) {
		const struct inv_analyzer *a = &r->analyzers.v[i];

		if (!external(a))
			continue;
		if (a->status && !strcasecmp(a->status, "ACTIVE"))
			good = a;
		else if (!ext)
			ext = a;
	}
	if (good) {
		pass(cx, good, out);
		return 0;
	}
	if (ext)
		snprintf(why, sizeof(why),
			 "no IAM Access Analyzer analyzer is active in %s: "
			 "%s is %s",
			 r->name, ext->name ? ext->name : "?",
			 ext->status ? ext->status : "in an unknown state");
	else if (r->analyzers.n)
		snprintf(why, sizeof(why),
			 "no IAM Access Analyzer external access analyzer "
			 "in %s: %s is of type %s, which does not report "
			 "resources shared outside the account",
			 r->name,
			 r->analyzers.v[0].name ? r->analyzers.v[0].name : "?",
			 r->analyzers.v[0].type ? r->analyzers.v[0].type
						: "unknown");
	else
		snprintf(why, sizeof(why),
			 "no IAM Access Analyzer analyzer in %s: resources "
			 "shared outside the account go unnoticed",
			 r->name);
	none(cx, why, out);
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
