/*
 * arn.h -- which partition an ARN is in
 *
 * irready audits the aws, aws-cn and aws-us-gov partitions, so a check
 * never writes "arn:aws:" itself: it calls check_arn() (check.h), which
 * asks arn_partition() here. Pure; no allocation.
 */
#ifndef ARN_H
#define ARN_H

#include <stddef.h>

struct inv_account;

/*
 * The partition of a resource in 'region' of account 'acct': from the
 * region when there is one ("cn-north-1" → "aws-cn", "us-gov-west-1" →
 * "aws-us-gov", other regions "aws"); for a global resource ('region'
 * NULL, "" or "global") the partition of the account's caller ARN
 * ("arn:aws-us-gov:sts::..."), else of its home region, else "aws". The
 * result is a string constant, or 'buf' (of 'size' bytes) holding the
 * caller ARN's partition field when it names another partition.
 */
const char *arn_partition(const struct inv_account *acct, const char *region,
			  char *buf, size_t size);

/*
 * The ARN of a resource of account 'acct' (which may be NULL), written into
 * 'buf' of 'size' bytes (truncated if need be) and returned:
 * "arn:PARTITION:SERVICE:REGION:ACCOUNT:" followed by 'fmt' formatted, the
 * partition from arn_partition(). check_arn() (check.h) is this for
 * checks; collectors that name resources to AWS (the drill's simulation)
 * call it directly.
 */
const char *arn_format(const struct inv_account *acct, char *buf, size_t size,
		       const char *service, const char *region,
		       const char *account, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

#endif
