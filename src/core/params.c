/*
 * params.c -- the check parameters: defaults, descriptors, value checks
 *
 * The policy loader (policy.c) walks "params" with params_find() and
 * params_check_value(); checks read struct params through check_ctx.
 * policies/README.md documents the same table.
 */
#include "params.h"

#include <string.h>
#include <strings.h>

static const char *const default_ir_roles[] = { "IRReadOnly" };
static const char *const default_breakglass_roles[] = { "BreakGlass" };
static const char *const default_alert_topics[] = { "security-alerts" };

void params_defaults(struct params *p)
{
	memset(p, 0, sizeof(*p));
	p->access_key_max_age_days = 90;
	p->snapshot_max_age_days = 7;
	p->credential_unused_days = 45;
	p->log_retention_min_days = 365;
	p->evidence_retention_min_days = 365;
	p->guardduty_finding_max_age_days = 7;
	p->role_unused_days = 90;
	p->attestation_max_age_days = 365;
	p->ami_max_age_days = 30;
	p->runbook_bucket = NULL;
	p->runbook_document_pattern = "IR-*";
	p->evidence_buckets = NULL;
	p->nevidence_buckets = 0;
	p->security_account_id = NULL;
	p->ir_role_names = default_ir_roles;
	p->nir_role_names = 1;
	p->breakglass_role_names = default_breakglass_roles;
	p->nbreakglass_role_names = 1;
	p->alert_topic_names = default_alert_topics;
	p->nalert_topic_names = 1;
	p->rpo_tag_key = "rpo";
}

#define DAYS(name, def, doc)                                                   \
	{                                                                      \
#name, PARAM_DAYS, offsetof(struct params, name), 0, def, doc  \
	}
#define SCALAR(name, type, def, doc)                                           \
	{                                                                      \
#name, type, offsetof(struct params, name), 0, def, doc        \
	}
#define ARRAY(name, type, def, doc)                                            \
	{                                                                      \
#name, type, offsetof(struct params, name),                    \
			offsetof(struct params, n##name), def, doc             \
	}

const struct param_desc params_table[] = {
	DAYS(access_key_max_age_days, "90",
	     "oldest acceptable age of an active IAM access key"),
	DAYS(snapshot_max_age_days, "7",
	     "newest snapshot or backup point of an in-use volume must be "
	     "younger"),
	DAYS(credential_unused_days, "45",
	     "a password or access key unused this many days or more is "
	     "a finding"),
	DAYS(log_retention_min_days, "365",
	     "shortest acceptable CloudWatch Logs retention"),
	DAYS(evidence_retention_min_days, "365",
	     "shortest acceptable Object Lock / lifecycle retention of "
	     "evidence buckets"),
	DAYS(guardduty_finding_max_age_days, "7",
	     "oldest acceptable active high-severity GuardDuty finding"),
	DAYS(role_unused_days, "90",
	     "an IAM role unused for longer is a finding"),
	DAYS(attestation_max_age_days, "365",
	     "an attestation older than this no longer counts"),
	DAYS(ami_max_age_days, "30",
	     "newest self-owned AMI of a tagged workload must be younger"),
	SCALAR(runbook_bucket, PARAM_BUCKET, "null",
	       "bucket holding the IR runbooks (\"s3://name\" or \"name\")"),
	SCALAR(runbook_document_pattern, PARAM_PATTERN, "\"IR-*\"",
	       "glob naming the self-owned SSM Automation runbooks"),
	ARRAY(evidence_buckets, PARAM_BUCKETS, "[]",
	      "buckets that hold logs and forensic evidence"),
	SCALAR(security_account_id, PARAM_ACCOUNT, "null",
	       "the security / forensics account (12 digits)"),
	ARRAY(ir_role_names, PARAM_ROLES, "[\"IRReadOnly\"]",
	      "IAM roles incident responders assume (read-only)"),
	ARRAY(breakglass_role_names, PARAM_ROLES, "[\"BreakGlass\"]",
	      "IAM roles for emergency (break-glass) access"),
	ARRAY(alert_topic_names, PARAM_TOPICS, "[\"security-alerts\"]",
	      "SNS topics that page the security team"),
	SCALAR(rpo_tag_key, PARAM_TAG_KEY, "\"rpo\"",
	       "tag key whose value declares a workload's RPO (24h, 4h, 7d)"),
};

const size_t params_count = sizeof(params_table) / sizeof(params_table[0]);

const struct param_desc *params_find(const char *name)
{
	for (size_t i = 0; i < params_count; i++)
		if (!strcmp(params_table[i].name, name))
			return &params_table[i];
	return NULL;
}

const char *params_bucket_name(const char *s)
{
	return strncmp(s, "s3://", 5) ? s : s + 5;
}

static int is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int is_alnum(char c)
{
	return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

/* S3 bucket naming rules: 3-63 of [a-z0-9.-], alphanumeric at both ends. */
static int valid_bucket(const char *s)
{
	size_t n = strlen(s);

	if (n < 3 || n > 63 || !is_lower_alnum(s[0]) ||
	    !is_lower_alnum(s[n - 1]) || strstr(s, ".."))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_lower_alnum(s[i]) && s[i] != '.' && s[i] != '-')
			return 0;
	return 1;
}

/* IAM role names: 1-64 of [A-Za-z0-9+=,.@_-]. */
static int valid_role(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && !strchr("+=,.@_-", s[i]))
			return 0;
	return 1;
}

/* SNS topic names: 1-256 of [A-Za-z0-9_-], optionally ending ".fifo". */
static int valid_topic(const char *s)
{
	size_t n = strlen(s);

	if (n > 5 && !strcmp(s + n - 5, ".fifo"))
		n -= 5;
	if (n < 1 || n > 256)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '_' && s[i] != '-')
			return 0;
	return 1;
}

static int valid_account(const char *s)
{
	if (strlen(s) != 12)
		return 0;
	for (size_t i = 0; i < 12; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

const char *params_check_value(const struct param_desc *d, const char *s)
{
	switch (d->type) {
	case PARAM_DAYS:
		return "expected a number of days";
	case PARAM_BUCKET:
	case PARAM_BUCKETS:
		if (!valid_bucket(params_bucket_name(s)))
			return "is not an S3 bucket name (\"s3://name\" or "
			       "\"name\": 3-63 of a-z 0-9 . -)";
		return NULL;
	case PARAM_PATTERN:
		if (!*s || strlen(s) > 256)
			return "is not a name pattern (1-256 characters, "
			       "* and ? wildcards)";
		return NULL;
	case PARAM_ACCOUNT:
		if (!valid_account(s))
			return "is not an AWS account id (12 digits)";
		return NULL;
	case PARAM_TAG_KEY:
		if (!*s || strlen(s) > 128 || !strncasecmp(s, "aws:", 4))
			return "is not a tag key (1-128 characters, not "
			       "starting with aws:)";
		return NULL;
	case PARAM_ROLES:
		if (!valid_role(s))
			return "is not an IAM role name (1-64 of "
			       "A-Z a-z 0-9 + = , . @ _ -)";
		return NULL;
	case PARAM_TOPICS:
		if (!valid_topic(s))
			return "is not an SNS topic name (1-256 of "
			       "A-Z a-z 0-9 _ -, optionally .fifo)";
		return NULL;
	}
	return "has an unknown type";
}
