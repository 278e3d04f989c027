/*
 * arn.c -- ARNs in the scope's partition, for checks
 *
 * Checks name resources by ARN (findings.csv's resource_id), and waivers
 * match those ARNs field by field, so an ARN must carry the partition the
 * account lives in: "arn:aws-us-gov:ec2:us-gov-west-1:...", not
 * "arn:aws:...". The region-to-partition rule is the endpoint resolver's
 * (aws_partition()), so the two cannot disagree.
 */
#include "arn.h"
#include "aws.h"
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The partition field of 'arn' ("arn:aws-cn:sts::..."), or NULL. */
static const char *arn_field_partition(const char *arn, char *buf, size_t size)
{
	const char *p, *end;

	if (!arn || strncmp(arn, "arn:", 4))
		return NULL;
	p = arn + 4;
	end = strchr(p, ':');
	if (!end || end == p || (size_t)(end - p) >= size)
		return NULL;
	if ((size_t)(end - p) == 3 && !strncmp(p, "aws", 3))
		return "aws";
	memcpy(buf, p, (size_t)(end - p));
	buf[end - p] = '\0';
	return buf;
}

const char *arn_partition(const struct inv_account *acct, const char *region,
			  char *buf, size_t size)
{
	const char *part;

	if (region && *region && strcmp(region, "global"))
		return aws_partition(region);
	if (!acct)
		return "aws";
	part = arn_field_partition(acct->caller_arn, buf, size);
	if (part)
		return part;
	if (acct->home_region && *acct->home_region)
		return aws_partition(acct->home_region);
	return "aws";
}

static const char *arn_vformat(const struct inv_account *acct, char *buf,
			       size_t size, const char *service,
			       const char *region, const char *account,
			       const char *fmt, va_list ap)
{
	char pbuf[32];
	const char *part = arn_partition(acct, region, pbuf, sizeof(pbuf));
	int n;

	n = snprintf(buf, size, "arn:%s:%s:%s:%s:", part, service,
		     region ? region : "", account ? account : "");
	if (n >= 0 && (size_t)n < size)
		vsnprintf(buf + n, size - (size_t)n, fmt, ap);
	return buf;
}

const char *arn_format(const struct inv_account *acct, char *buf, size_t size,
		       const char *service, const char *region,
		       const char *account, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	arn_vformat(acct, buf, size, service, region, account, fmt, ap);
	va_end(ap);
	return buf;
}

const char *check_arn(const struct check_ctx *cx, char *buf, size_t size,
		      const char *service, const char *region,
		      const char *account, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	arn_vformat(cx->acct, buf, size, service, region, account, fmt, ap);
	va_end(ap);
	return buf;
}
