/*
 * guardduty_protection_plans.c -- GuardDuty protection plans are on where
 * the resources they protect exist
 *
 * Per detector, from GetDetector ('features' where the API returns them,
 * else the older 'dataSources'):
 *   - EBS malware protection: required when the region has EBS volumes
 *     (the VOLUMES dataset); not needed in a region without any;
 *   - S3 protection: required when the account owns S3 buckets
 *     (ListBuckets, from the S3_BUCKETS dataset; bucket regions are only
 *     known for the buckets of interest, so any bucket requires it in
 *     every region);
 *   - EKS audit-log monitoring, RDS login-event and Lambda network-log
 *     protection: needed only where EKS clusters, RDS databases or Lambda
 *     functions exist, and irready lists none of them, so they are not
 *     judged: the message lists their status as "not judged" (AWS
 *     charges them per resource; a required toggle would FAIL accounts
 *     that run none of these services). RDS and Lambda are only reported
 *     in 'features' (newer API versions).
 * A suspended detector is judged on its settings like any other;
 * guardduty_enabled reports the suspension.
 */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct plan {
	const char *name;
	const char *status; /* ENABLED, DISABLED, NULL: not reported */
	int needed;
	const char *why_not; /* when not needed */
	int ebs;
	/* irready lists none of the resources it protects: never a FAIL */
	const char *unlisted;
};

static int on(const char *st)
{
	return st && !strcasecmp(st, "ENABLED");
}

/* Append to a fixed buffer, with "sep" first unless it is empty. */
static void __attribute__((format(printf, 4, 5)))
append(char *buf, size_t n, const char *sep, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len && len < n) {
		snprintf(buf + len, n - len, "%s", sep);
		len = strlen(buf);
	}
	if (len >= n)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, n - len, fmt, ap);
	va_end(ap);
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;

	for (size_t i = 0; i < r->detectors.n; i++) {
		const struct inv_detector *d = &r->detectors.v[i];
		struct plan plans[] = {
			{ .name = "S3 protection",
			  .status = d->s3_logs,
			  .needed = cx->acct->buckets_owned > 0,
			  .why_not = "no S3 buckets in the account" },
			{ .name = "EBS malware protection",
			  .status = d->ebs_malware,
			  .needed = r->volumes.n > 0,
			  .why_not = "no EBS volumes",
			  .ebs = 1 },
			{ .name = "EKS audit-log monitoring",
			  .status = d->eks_audit_logs,
			  .unlisted = "EKS clusters" },
			{ .name = "RDS protection",
			  .status = d->rds_login,
			  .unlisted = "RDS databases" },
			{ .name = "Lambda protection",
			  .status = d->lambda_network,
			  .unlisted = "Lambda functions" },
		};
		char off[512] = "", good[512] = "", other[512] = "";
		char arn[160];
		size_t nfail = 0, npass = 0;

		for (size_t k = 0; k < sizeof(plans) / sizeof(plans[0]); k++) {
			const struct plan *p = &plans[k];

			if (!p->status) {
				append(other, sizeof(other), "; ",
				       "%s not reported", p->name);
			} else if (on(p->status)) {
				append(good, sizeof(good), ", ", "%s", p->name);
				npass++;
			} else if (p->unlisted) {
				append(other, sizeof(other), "; ",
				       "%s %s (not judged: irready does not "
				       "list %s)",
				       p->name, p->status, p->unlisted);
			} else if (!p->needed) {
				append(other, sizeof(other), "; ",
				       "%s %s (%s: not needed)", p->name,
				       p->status, p->why_not);
			} else if (p->ebs) {
				append(off, sizeof(off), ", ",
				       "%s (%zu EBS volume%s in the region)",
				       p->name, r->volumes.n,
				       r->volumes.n == 1 ? "" : "s");
				nfail++;
			} else {
				append(off, sizeof(off), ", ", "%s", p->name);
				nfail++;
			}
		}
		check_arn(cx, arn, sizeof(arn), "guardduty", r->name,
			  cx->acct->id, "detector/%s", d->id);
		if (nfail)
			findings_add(out, CHECK_FAIL,
				     "AWS::GuardDuty::Detector", arn,
				     "GuardDuty detector %s in %s%s has %s "
				     "off%s%s%s%s",
				     d->id, r->name,
				     !strcasecmp(d->status, "DISABLED")
					     ? " (suspended)"
					     : "",
				     off, *good ? "; on: " : "", good,
				     *other ? "; " : "", other);
		else if (npass)
			findings_add(out, CHECK_PASS,
				     "AWS::GuardDuty::Detector", arn,
				     "GuardDuty detector %s in %s%s has %s "
				     "on%s%s",
				     d->id, r->name,
				     !strcasecmp(d->status, "DISABLED")
					     ? " (suspended)"
					     : "",
				     good, *other ? "; " : "", other);
		else
			findings_add(out, CHECK_NA, "AWS::GuardDuty::Detector",
				     arn,
				     "GuardDuty detector %s in %s reports no "
				     "protection plan: %s",
				     d->id, r->name, other);
	}
	if (!r->detectors.n)
		findings_add(out, CHECK_NA, "AWS::GuardDuty::Detector", r->name,
			     "no GuardDuty detector in %s (guardduty_enabled "
			     "reports the region)",
			     r->name);
	return 0;
}

const struct check check_guardduty_protection_plans = {
	.id = "guardduty_protection_plans",
	.title = "GuardDuty protection plans cover the resources in use",
	.phase = PHASE_DETECTION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_GUARDDUTY | NEED_VOLUMES | NEED_S3_BUCKETS,
	.guidance = "Detect: extend threat detection to data, workloads and "
		    "containers",
	.rationale =
		"Foundational GuardDuty only reads CloudTrail management "
		"events, VPC flow logs and DNS logs. Object-level access "
		"to S3 data, malware on EC2 volumes, Kubernetes API abuse, "
		"database brute force and Lambda callbacks to "
		"command-and-control hosts are only seen by the "
		"protection plans, which also produce the evidence an "
		"investigator needs.",
	.remediation = "1. Open GuardDuty > Protection plans in each region "
		       "(or, for an organization, in the delegated "
		       "administrator account with auto-enable for members).\n"
		       "2. Enable S3 Protection and EKS Protection, and "
		       "Malware Protection for EC2 wherever instances run.\n"
		       "3. Enable RDS Protection and Lambda Protection where "
		       "those services are used.\n"
		       "4. Review the cost estimate in the GuardDuty console "
		       "usage page after a week.",
	.cli_fix = "aws guardduty update-detector --detector-id <DETECTOR_ID> "
		   "--features '[{\"Name\":\"S3_DATA_EVENTS\",\"Status\":"
		   "\"ENABLED\"},{\"Name\":\"EBS_MALWARE_PROTECTION\","
		   "\"Status\":\"ENABLED\"},{\"Name\":\"EKS_AUDIT_LOGS\","
		   "\"Status\":\"ENABLED\"},{\"Name\":\"RDS_LOGIN_EVENTS\","
		   "\"Status\":\"ENABLED\"},{\"Name\":\"LAMBDA_NETWORK_LOGS\","
		   "\"Status\":\"ENABLED\"}]' --region <REGION>",
	.cfn = "Detector:\n  Type: AWS::GuardDuty::Detector\n  Properties:\n"
	       "    Enable: true\n    Features:\n"
	       "      - Name: S3_DATA_EVENTS\n        Status: ENABLED\n"
	       "      - Name: EBS_MALWARE_PROTECTION\n        Status: ENABLED\n"
	       "      - Name: EKS_AUDIT_LOGS\n        Status: ENABLED\n"
	       "      - Name: RDS_LOGIN_EVENTS\n        Status: ENABLED\n"
	       "      - Name: LAMBDA_NETWORK_LOGS\n        Status: ENABLED",
	.doc_url = "https://docs.aws.amazon.com/guardduty/latest/ug/"
		   "guardduty-features-activation-model.html",
	.frameworks = "FSBP:GuardDuty.5;FSBP:GuardDuty.6;FSBP:GuardDuty.8;"
		      "FSBP:GuardDuty.9;FSBP:GuardDuty.10;SEC04-BP01;"
		      "NIST-CSF-2.0:DE.CM-09",
	.run = run,
};
