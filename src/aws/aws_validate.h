/*
 * aws_validate.h -- AWS identifier formats, checked where a value leaves a
 * response and is used again
 *
 * Every identifier irready reads from an answer and then reuses -- as a
 * request region, a path component of a recording, a host label, an
 * account, a bucket -- goes through one of these predicates once, where it
 * is decoded. A value that fails is a malformed response (ERROR), never a
 * verdict. Each predicate returns 1 when 's' is well formed, 0 otherwise
 * (NULL included); none allocates.
 */
#ifndef AWS_VALIDATE_H
#define AWS_VALIDATE_H

#include <stddef.h>

/* ^[a-z]{2}(-[a-z]+)+-[0-9]+$, at most 32 bytes ("us-east-1"). */
int aws_valid_region(const char *s);
/* A valid region in 'partition' ("aws", "aws-cn", "aws-us-gov"). */
int aws_valid_region_in(const char *s, const char *partition);
/* 12 ASCII digits. */
int aws_valid_account(const char *s);
/*
 * S3 bucket naming rules: 3-63 bytes of [a-z0-9.-], starting and ending
 * with a letter or digit, no "..", not an IPv4 address, none of the
 * reserved prefixes (xn--, sthree-) or suffixes (-s3alias, --ol-s3).
 */
int aws_valid_bucket(const char *s);
/* arn:partition:service:region:account:resource with the known shapes. */
int aws_valid_arn(const char *s);
/* A KMS key id (UUID, mrk-<32 hex>), an alias/... name, or a key ARN. */
int aws_valid_kms_key(const char *s);
/*
 * A generic id that is safe as one path component: 1-255 bytes of
 * [A-Za-z0-9._:@+=,-], not "." or "..".
 */
int aws_valid_id(const char *s);
/* Safe as one component of a replay/record path: non-empty, not "." or
 * "..", no '/', no '\\', no control byte. */
int aws_valid_path_component(const char *s);

/*
 * The CLI's regions: 'region' (--region or AWS_REGION, may be NULL) and
 * 'list' (--regions, "all" or comma-separated, may be NULL). On a value
 * that is not a region, print a usage error naming it and return
 * IRREADY_EUSAGE; else 0.
 */
int aws_regions_check(const char *region, const char *list);

/*
 * Write 's' into 'buf' (size 'n') for a message: printable ASCII as is,
 * every other byte as \xNN, truncated with "..." at about 'n' bytes.
 * Returns 'buf'.
 */
char *aws_escape_value(const char *s, char *buf, size_t n);

#endif
