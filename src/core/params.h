/*
 * params.h -- check parameters, from the policy's "params"
 *
 * Every parameter has a documented default (params_defaults(), and
 * policies/README.md); a policy overrides them by name. 'params_table'
 * describes each one (name, type, where it lives in struct params, its
 * default as JSON), so the policy loader and the documentation cannot
 * drift from the struct.
 *
 * Ownership: struct params never owns its strings. The defaults point to
 * static storage; values set by a policy live in that policy's arena and
 * stay valid until policy_release(). Copying a struct params by value is
 * fine, and nothing needs releasing.
 */
#ifndef PARAMS_H
#define PARAMS_H

#include <stddef.h>

struct params {
	long access_key_max_age_days;        /* 90 */
	long snapshot_max_age_days;          /* 7 */
	long credential_unused_days;         /* 45 */
	long log_retention_min_days;         /* 365 */
	long evidence_retention_min_days;    /* 365 */
	long guardduty_finding_max_age_days; /* 7 */
	long role_unused_days;               /* 90 */
	long attestation_max_age_days;       /* 365 */
	long ami_max_age_days;               /* 30 */

	/* the bucket name, without "s3://"; NULL: not configured */
	const char *runbook_bucket;
	/* glob over self-owned SSM Automation document names: "IR-*" */
	const char *runbook_document_pattern;
	/* bucket names, without "s3://": none by default */
	const char *const *evidence_buckets;
	size_t nevidence_buckets;
	/* 12 digits; NULL: not configured */
	const char *security_account_id;
	const char *const *ir_role_names; /* { "IRReadOnly" } */
	size_t nir_role_names;
	const char *const *breakglass_role_names; /* { "BreakGlass" } */
	size_t nbreakglass_role_names;
	const char *const *alert_topic_names; /* { "security-alerts" } */
	size_t nalert_topic_names;
	/* the tag key that declares a workload's RPO: "rpo" */
	const char *rpo_tag_key;
};

/* Set every parameter to its default; allocates nothing. */
void params_defaults(struct params *p);

enum param_type {
	PARAM_DAYS,    /* integer 0..PARAM_DAYS_MAX */
	PARAM_BUCKET,  /* S3 bucket name, "s3://" prefix allowed; null unsets */
	PARAM_PATTERN, /* non-empty glob, at most 256 characters */
	PARAM_ACCOUNT, /* 12-digit AWS account id; null unsets */
	PARAM_BUCKETS, /* array of bucket names ("s3://" prefix allowed) */
	PARAM_ROLES,   /* array of IAM role names */
	PARAM_TOPICS,  /* array of SNS topic names */
	PARAM_TAG_KEY, /* a resource tag key: 1-128 characters, no "aws:" */
};

#define PARAM_DAYS_MAX 36500L

struct param_desc {
	const char *name;
	enum param_type type;
	size_t off;       /* offsetof() the value in struct params */
	size_t count_off; /* offsetof() the count, for the array types */
	const char *def;  /* the default, written as JSON */
	const char *doc;  /* one line: what it is for */
};

extern const struct param_desc params_table[];
extern const size_t params_count;

/* The descriptor called 'name', or NULL. */
const struct param_desc *params_find(const char *name);

/*
 * Check one string value (a scalar, or one element of an array) of
 * parameter 'd'. Returns NULL when it is valid, else what is wrong, as a
 * static string ("is not a bucket name ..."). For PARAM_BUCKET and
 * PARAM_BUCKETS, params_bucket_name() then strips the "s3://" prefix.
 */
const char *params_check_value(const struct param_desc *d, const char *s);
const char *params_bucket_name(const char *s);

#endif
