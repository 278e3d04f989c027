/*
 * evidence.h -- the evidence-bucket checks: which buckets, and the
 * findings they share
 *
 * evidence_object_lock, evidence_versioning and evidence_lifecycle_archive
 * judge the same buckets: params.evidence_buckets, or else the buckets that
 * receive CloudTrail, Config and S3 flow logs (see inv_s3.c). A bucket this
 * account does not own is NOT_APPLICABLE (it is audited in its own
 * account); one whose location could not be read is ERROR. After the
 * buckets, a source of evidence buckets that could not be read is ERROR,
 * and no evidence bucket at all is NA. evidence_run() is the whole of
 * their run(); each check supplies only the judgement of one bucket.
 * Included only by those three check files.
 */
#ifndef EVIDENCE_H
#define EVIDENCE_H

#include "check.h"

#include <stdio.h>

/*
 * The ERROR for an evidence bucket whose '<x>_checked' is not set: 'what'
 * is the configuration that could not be read ("the versioning"), 'err'
 * the failure.
 */
static inline void evidence_unread(const struct inv_bucket *b, const char *arn,
				   const char *roles, const char *what,
				   const struct aws_error *err,
				   struct findings *out)
{
	char e[600];

	findings_add(out, CHECK_ERROR, "AWS::S3::Bucket", arn,
		     "could not read %s of %s %s: %s", what, roles, b->name,
		     inv_error_text(err, e, sizeof(e)));
}

/*
 * Findings for a bucket that cannot be judged here: someone else's (NA)
 * or one whose location could not be read (ERROR). Returns 1 when it
 * added a finding.
 */
static inline int evidence_not_here(const struct inv_bucket *b, const char *arn,
				    const char *roles, struct findings *out)
{
	if (!b->owned) {
		findings_add(out, CHECK_NA, "AWS::S3::Bucket", arn,
			     "%s %s is not in this account's bucket list: it "
			     "is owned by another account (or does not "
			     "exist); audit it there",
			     roles, b->name);
		return 1;
	}
	if (!b->location_checked) {
		evidence_unread(b, arn, roles, "the location", &b->location_err,
				out);
		return 1;
	}
	return 0;
}

/*
 * After the buckets: ERROR when some source of evidence buckets could not
 * be read (their buckets are missing from the evaluation), else NA when
 * there were 'n' == 0 to evaluate. Evidence buckets named by the policy do
 * not depend on those sources.
 */
static inline void evidence_sources(const struct check_ctx *cx, size_t n,
				    struct findings *out)
{
	char why[800];

	if (cx->params->nevidence_buckets)
		return;
	if (inv_bucket_sources_error(cx->acct, why, sizeof(why)))
		findings_add(out, CHECK_ERROR, "AWS::S3::Bucket", cx->acct->id,
			     "could not identify every evidence bucket of "
			     "account %s, so the buckets these deliver to are "
			     "not evaluated: %s could not be read",
			     cx->acct->id, why);
	else if (!n)
		findings_add(out, CHECK_NA, "AWS::S3::Bucket", cx->acct->id,
			     "no evidence bucket: the policy lists none and no "
			     "CloudTrail trail, Config delivery channel or VPC "
			     "flow log delivers to S3 in account %s",
			     cx->acct->id);
}

/*
 * The whole of an evidence check's run(): for each evidence bucket that
 * this account owns and whose location was read, 'judge'(cx, b, arn,
 * roles, out) adds its findings; 'arn' is the bucket's ARN, 'roles' what
 * it is for in words ("CloudTrail and Config bucket").
 */
static inline int
evidence_run(const struct check_ctx *cx, struct findings *out,
	     void (*judge)(const struct check_ctx *, const struct inv_bucket *,
			   const char *, const char *, struct findings *))
{
	const struct inv_account *a = cx->acct;
	size_t n = 0;

	for (size_t i = 0; i < a->buckets.n; i++) {
		const struct inv_bucket *b = &a->buckets.v[i];
		char arn[300], roles[96];

		if (!b->evidence)
			continue;
		n++;
		check_arn(cx, arn, sizeof(arn), "s3", "", "", "%s", b->name);
		inv_bucket_roles(b, roles, sizeof(roles));
		if (!evidence_not_here(b, arn, roles, out))
			judge(cx, b, arn, roles, out);
	}
	evidence_sources(cx, n, out);
	return 0;
}

#endif
