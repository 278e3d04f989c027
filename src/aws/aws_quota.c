/*
 * aws_quota.c -- the request rates AWS documents for the calls irready makes
 *
 * One row per documented quota: the service, the action (NULL: the
 * service's default), the refill rate and bucket size AWS states, whether
 * every action has a bucket of its own at that rate, and the page that
 * says so. A service with no row has no documented request quota for
 * these read calls (IAM, Organizations, Config, GuardDuty, Security Hub,
 * ...): aws_rate.c paces it at AWS_RATE_UNDOCUMENTED. Rates are requests
 * per second per account and Region (quotas are per account and Region in
 * every page cited). Read in December 2026; AWS may raise them, never
 * silently lower the ones marked "cannot be increased".
 */
#include "aws_rate.h"
#include "irready.h"

#include <string.h>

#define EC2_THROTTLING                                                         \
	"https://docs.aws.amazon.com/ec2/latest/devguide/"                     \
	"ec2-api-throttling.html#throttling-limits-rate-based"
#define KMS_QUOTAS                                                             \
	"https://docs.aws.amazon.com/kms/latest/developerguide/"               \
	"requests-per-second.html"
#define CLOUDTRAIL_QUOTAS                                                      \
	"https://docs.aws.amazon.com/awscloudtrail/latest/userguide/"          \
	"WhatIsCloudTrail-Limits.html"
#define S3_PERFORMANCE                                                         \
	"https://docs.aws.amazon.com/AmazonS3/latest/userguide/"               \
	"optimizing-performance.html"

static const struct aws_quota quotas[] = {
	/*
	 * EC2: every API has its own token bucket; non-mutating (Describe*,
	 * Get*) actions hold 100 tokens and refill 20 per second.
	 */
	{ "ec2", NULL, 20, 100, 1, EC2_THROTTLING },
	/*
	 * KMS: per-operation request quotas (requests per second), from the
	 * table "Request quotas for each AWS KMS API operation" as AWS last
	 * published the guide's source (github.com/awsdocs/
	 * aws-kms-developer-guide, doc_source/requests-per-second.md at
	 * 38281913, 2022-12-05, archived in 2023:
	 * "DescribeKey request rate" 2000, "GetKeyRotationStatus request
	 * rate" 1000, "ListKeys request rate" 500). The live page's table
	 * could not be read when this was checked (December 2026: the
	 * excerpts available end before the table); earlier versions of the
	 * same file give lower figures (DescribeKey 100, then 1000; ListKeys
	 * 100): the figures have only risen over the file's history.
	 */
	{ "kms", "DescribeKey", 2000, 0, 0, KMS_QUOTAS },
	{ "kms", "GetKeyRotationStatus", 1000, 0, 0, KMS_QUOTAS },
	{ "kms", "ListKeys", 500, 0, 0, KMS_QUOTAS },
	/* CloudTrail: get, describe and list APIs, 10 TPS each. */
	{ "cloudtrail", NULL, 10, 0, 1, CLOUDTRAIL_QUOTAS },
	/*
	 * S3: at least 5,500 GET/HEAD requests per second per partitioned
	 * prefix; irready's bucket calls are GETs, all counted in one bucket.
	 */
	{ "s3", NULL, 5500, 0, 0, S3_PERFORMANCE },
};

const struct aws_quota *aws_quota_table(size_t *n)
{
	*n = ARRAY_SIZE(quotas);
	return quotas;
}

const struct aws_quota *aws_quota_find(const char *service, const char *action)
{
	const struct aws_quota *svc = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(quotas); i++) {
		const struct aws_quota *q = &quotas[i];

		if (strcmp(q->service, service))
			continue;
		if (!q->action)
			svc = q;
		else if (action && !strcmp(q->action, action))
			return q;
	}
	return svc;
}
