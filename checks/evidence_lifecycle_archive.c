/*
 * evidence_lifecycle_archive.c -- evidence buckets transition to an
 * archive class and expire nothing sooner than
 * params.evidence_retention_min_days
 *
 * An enabled lifecycle rule must move current objects to GLACIER,
 * DEEP_ARCHIVE or GLACIER_IR, and no enabled rule may delete evidence
 * early: an Expiration in fewer days than the retention, any Expiration
 * Date (it expires everything on that day), or a NoncurrentVersionExpiration
 * in fewer days (overwritten or deleted evidence survives only as
 * noncurrent versions). Evidence buckets as in evidence.h.
 */
#include "evidence.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static int enabled(const struct inv_lifecycle_rule *r)
{
	return r->status && !strcasecmp(r->status, "Enabled");
}

/* The rule's scope for a message: " (prefix logs/)" or "". */
static const char *scope(const struct inv_lifecycle_rule *r, char *buf,
			 size_t size)
{
	if (r->prefix)
		snprintf(buf, size, " (prefix %s%s)", r->prefix,
			 r->filtered ? " and a filter" : "");
	else
		snprintf(buf, size, "%s", r->filtered ? " (filtered)" : "");
	return buf;
}

/* What in rule 'r' deletes evidence sooner than 'min' days, or NULL. */
static const char *too_soon(const struct inv_lifecycle_rule *r, long min,
			    char *buf, size_t size)
{
	if (r->expiration_date) {
		struct tm tm;
		char day[16];

		gmtime_r(&r->expiration_date, &tm);
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		snprintf(buf, size, "expires every object on %s", day);
		return buf;
	}
	if (r->expiration_days > 0 && r->expiration_days < min) {
		snprintf(buf, size, "expires objects after %ld days",
			 r->expiration_days);
		return buf;
	}
	if (r->noncurrent_expiration_days > 0 &&
	    r->noncurrent_expiration_days < min) {
		snprintf(buf, size,
			 "deletes noncurrent (overwritten or deleted) "
			 "versions after %ld days",
			 r->noncurrent_expiration_days);
		return buf;
	}
	return NULL;
}

static void judge(const struct check_ctx *cx, const struct inv_bucket *b,
		  const char *arn, const char *roles, struct findings *out)
{
	long min = cx->params->evidence_retention_min_days;
	const struct inv_lifecycle_rule *arch = NULL, *bad = NULL;
	char why[160], sc[300];
	long expires = 0;

	if (!b->lifecycle_checked) {
		evidence_unread(b, arn, roles, "the lifecycle configuration",
				&b->lifecycle_err, out);
		return;
	}
	for (size_t k = 0; k < b->nrules; k++) {
		const struct inv_lifecycle_rule *r = &b->rules[k];

		if (!enabled(r))
			continue;
		if (!arch && r->archive_class)
			arch = r;
		if (!bad && too_soon(r, min, why, sizeof(why)))
			bad = r;
		if (r->expiration_days > expires)
			expires = r->expiration_days;
	}
	if (bad) {
		findings_add(out, CHECK_FAIL, "AWS::S3::Bucket", arn,
			     "%s %s in %s: lifecycle rule '%s'%s %s, sooner "
			     "than the %ld days of evidence retention",
			     roles, b->name, b->region, bad->id ? bad->id : "?",
			     scope(bad, sc, sizeof(sc)), why, min);
		return;
	}
	if (!arch) {
		findings_add(out, CHECK_FAIL, "AWS::S3::Bucket", arn,
			     "%s %s in %s has %s: nothing moves to Glacier or "
			     "Deep Archive, so keeping evidence for %ld days "
			     "costs S3 Standard prices",
			     roles, b->name, b->region,
			     b->nrules ? "no enabled rule with an archive "
					 "transition"
				       : "no lifecycle configuration",
			     min);
		return;
	}
	if (arch->archive_days >= 0)
		snprintf(why, sizeof(why), "after %ld days",
			 arch->archive_days);
	else
		snprintf(why, sizeof(why), "on a set date");
	findings_add(out, CHECK_PASS, "AWS::S3::Bucket", arn,
		     "%s %s in %s: lifecycle rule '%s'%s moves objects to %s "
		     "%s, and %s",
		     roles, b->name, b->region, arch->id ? arch->id : "?",
		     scope(arch, sc, sizeof(sc)), arch->archive_class, why,
		     expires ? "no rule expires them before the retention "
			       "period"
			     : "no rule expires them");
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	return evidence_run(cx, out, judge);
}

const struct check check_evidence_lifecycle_archive = {
	.id = "evidence_lifecycle_archive",
	.title = "Evidence buckets archive to Glacier and expire no sooner "
		 "than the retention period",
	.phase = PHASE_POST_INCIDENT,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_ACCOUNT,
	/* S3_BUCKETS reads Config and flow logs too (inv_needs_closure) */
	.needs = NEED_S3_BUCKETS | NEED_CLOUDTRAIL,
	.guidance = "Post-incident: preserve evidence so it stands up",
	.rationale = "Intrusions are often found months after they began. "
		     "Logs must still exist then, and keeping years of them "
		     "is affordable only in an archive storage class. A "
		     "lifecycle rule that expires logs, or deletes "
		     "noncurrent versions, before the retention period "
		     "silently destroys the evidence.",
	.remediation =
		"1. Add a lifecycle rule that transitions objects to "
		"GLACIER_IR, GLACIER or DEEP_ARCHIVE (for example after "
		"90 days).\n"
		"2. Set any Expiration (and NoncurrentVersionExpiration) "
		"to at least the evidence retention period, or remove "
		"it.\n"
		"3. Never use an Expiration Date on an evidence "
		"bucket.",
	.cli_fix = "aws s3api put-bucket-lifecycle-configuration --bucket "
		   "<BUCKET> --lifecycle-configuration '{\"Rules\":[{\"ID\":"
		   "\"archive-evidence\",\"Status\":\"Enabled\",\"Filter\":{},"
		   "\"Transitions\":[{\"Days\":90,\"StorageClass\":"
		   "\"DEEP_ARCHIVE\"}],\"Expiration\":{\"Days\":2555}}]}'",
	.cfn = "EvidenceBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n"
	       "    LifecycleConfiguration:\n      Rules:\n"
	       "        - Id: archive-evidence\n          Status: Enabled\n"
	       "          Transitions:\n"
	       "            - StorageClass: DEEP_ARCHIVE\n"
	       "              TransitionInDays: 90\n"
	       "          ExpirationInDays: 2555",
	.doc_url = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/"
		   "object-lifecycle-mgmt.html",
	.frameworks = "FSBP:S3.13;SEC10-BP03;NIST-CSF-2.0:RS.AN-07",
	.run = run,
};
