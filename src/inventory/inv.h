/*
 * inv.h -- the inventory: what was collected, per account and region
 *
 * Collectors (inv_*.c) turn API responses into these plain structs; checks
 * read them through a const pointer. Strings, records and the vectors
 * holding them live in arenas the inventory owns, one per (account or
 * region, dataset), so tasks never share one; inv_release() frees one
 * dataset of an account once its checks have run, inv_free() everything.
 *
 * A dataset is one unit of collection (for example the VPCs of a region,
 * or the IAM access keys of an account). Each has a scope (account or
 * region), a NEED_* bit that checks declare, and a status: not requested,
 * collected, or failed with the AWS error that stopped it. The list is
 * datasets.def; how each is collected is inv_collect.h (the collectors'
 * side, which sees the AWS layer; this header does not, so checks can
 * include it: tests/lint.sh compiles them without src/aws on the path).
 */
#ifndef INV_H
#define INV_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "errinfo.h" /* struct aws_error, not the AWS layer */

enum inv_scope { INV_ACCOUNT, INV_REGION };

/* Calls every audit makes, whatever the checks (IDENTITY, REGIONS). */
#define INV_BASE_ACTIONS "sts:GetCallerIdentity ec2:DescribeRegions"

/* The datasets (datasets.def): DS_ORG, DS_VPC, ... in the list's order. */
enum inv_dataset {
#define DATASET(NAME, name) DS_##NAME,
#include "datasets.def"
#undef DATASET
	DS__COUNT
};

/* A set of datasets: NEED_* bits (up to 64 datasets). */
typedef unsigned long long inv_needs;
#define INV_NEED(ds) (1ULL << (ds))

#define DATASET(NAME, name)                                                    \
	static const inv_needs NEED_##NAME = 1ULL << DS_##NAME;
#include "datasets.def"
#undef DATASET
_Static_assert(DS__COUNT <= 64, "inv_needs holds 64 datasets");

/* From the dataset's descriptor (inv_collect.h). */
enum inv_scope inv_dataset_scope(enum inv_dataset ds);
const char *inv_dataset_desc(enum inv_dataset ds);
/* Space-separated IAM actions of a dataset. */
const char *inv_dataset_actions(enum inv_dataset ds);
/* "VPC": its DS_/NEED_ suffix. */
const char *inv_dataset_name(enum inv_dataset ds);
/*
 * 'needs' plus the datasets they are computed from (S3_BUCKETS reads the
 * trails, Config channels and flow logs): collection runs those first.
 */
inv_needs inv_needs_closure(inv_needs needs);

enum inv_state { INV_NOT_REQUESTED = 0, INV_OK, INV_FAILED };

struct inv_status {
	enum inv_state state;
	struct aws_error err; /* when INV_FAILED */
};

/*
 * Growable array of T. Its storage comes from the arena of the dataset
 * that fills it (INV_PUSH's first argument), so releasing that arena
 * frees it: an INV_VEC member needs no free() of its own.
 */
#define INV_VEC(T)                                                             \
	struct {                                                               \
		T *v;                                                          \
		size_t n, alloc;                                               \
	}

struct inv_tag {
	const char *key, *value;
};

struct inv_vpc {
	const char *id, *name, *cidr, *owner, *state;
	int is_default;
};

/*
 * The owner of a VPC shared into account 'acct' through AWS RAM (its
 * ownerId is another account), or NULL for the account's own VPCs. A
 * participant can neither create nor describe the flow logs, query
 * logging or stacks of a shared VPC: those are judged in the owner's
 * account.
 */
static inline const char *inv_vpc_shared_by(const char *acct,
					    const struct inv_vpc *v)
{
	return v->owner && acct && *v->owner && strcmp(v->owner, acct)
		       ? v->owner
		       : NULL;
}

struct inv_flow_log {
	const char *id, *resource_id, *traffic_type, *status, *deliver_status,
		*destination_type, *destination;
	const char *deliver_error; /* deliverLogsErrorMessage, or NULL */
};

struct inv_volume {
	const char *id, *name, *state, *instance_id, *az;
	time_t create_time;
	long size_gib;
	int encrypted;
	struct inv_tag *tags; /* tagSet, in the dataset's arena */
	size_t ntags;
};

struct inv_snapshot {
	const char *id, *volume_id, *state;
	time_t start_time;
};

struct inv_config_recorder {
	const char *name, *role_arn;
	int all_supported, include_global;
	int has_status, recording;
	const char *last_status, *last_error_code;
	time_t last_start;
};

struct inv_delivery_channel {
	const char *name, *bucket, *sns_topic;
};

struct inv_detector {
	const char *id, *status;
	/*
	 * Protection plans, "ENABLED" or "DISABLED"; NULL when GetDetector
	 * did not report it. From 'features' where the API returns them,
	 * else from the older 'dataSources' (S3, EKS audit logs, EBS
	 * malware scanning only).
	 */
	const char *s3_logs, *eks_audit_logs, *ebs_malware, *rds_login,
		*lambda_network;
};

/* An active (not archived) GuardDuty finding of severity >= 7. */
struct inv_gd_finding {
	const char *detector_id, *id, *arn, *type, *title, *resource_type;
	double severity;
	time_t created_at, updated_at;
};

/*
 * Per detector: its publishing destinations and malware-scan settings.
 * A failed call is kept here (the *_err members) rather than failing the
 * whole dataset, so one denied action only stops the check that needs it.
 */
struct inv_gd_settings {
	const char *detector_id;
	int export_failed, malware_failed;
	struct aws_error export_err, malware_err;
	const char *ebs_snapshot_preservation; /* RETENTION_WITH_FINDING, ... */
	/*
	 * GetAdministratorAccount: the administrator (delegated admin) of a
	 * member detector whose relationship is Enabled, else NULL (also
	 * when the call failed: not known)
	 */
	const char *administrator;
};

struct inv_gd_destination {
	const char *detector_id, *id, *type, *status, *arn, *kms_key_arn;
};

/* inspector2:BatchGetAccountStatus for this account (NULL: not reported) */
struct inv_inspector {
	const char *state, *ec2, *ecr, *lambda;
};

/*
 * macie2:GetMacieSession: 'enabled' 1 with 'status' ENABLED or PAUSED; 0
 * when Macie answered that it is not enabled ('reason' quotes it).
 */
struct inv_macie {
	int enabled;
	const char *status, *reason;
};

/* securityhub:DescribeHub; 'reason' quotes a "not subscribed" answer. */
struct inv_securityhub {
	int subscribed;
	const char *hub_arn, *reason;
};

struct inv_sh_standard {
	const char *subscription_arn, *standards_arn, *status;
};

struct inv_analyzer {
	const char *arn, *name, *type, *status;
};

/*
 * SH_AGGREGATOR: a Security Hub finding aggregator the region lists
 * (securityhub:ListFindingAggregators; an account has at most one, and
 * its ARN names the aggregation region and the owning account). 'region'
 * (FindingAggregationRegion), 'linking_mode' (ALL_REGIONS,
 * ALL_REGIONS_EXCEPT_SPECIFIED, SPECIFIED_REGIONS, NO_REGIONS) and
 * 'regions' (the Regions list) come from GetFindingAggregator, asked in
 * the aggregation region only: elsewhere 'described' is 0 and only 'arn'
 * is set. 'account' is the ARN's account.
 */
struct inv_sh_aggregator {
	const char *arn, *account, *region, *linking_mode;
	INV_VEC(const char *) regions;
	int described;
};

/*
 * Incident Manager in one region (INCIDENT_MANAGER is an account dataset
 * that asks every audited region): how many response plans and contacts
 * it lists, or the failure that stopped it there.
 */
struct inv_im_region {
	const char *region;
	size_t nplans, ncontacts;
	const char *first_plan, *first_contact; /* names, for messages */
	int failed;
	struct aws_error err;
};

struct inv_kms_key {
	const char *id, *arn, *manager, *spec, *usage, *state, *origin,
		*description;
	int rotation_checked, rotation_enabled;
	struct aws_error describe_err; /* DescribeKey failed: only id, arn */
	struct aws_error rotation_err; /* when the status call failed */
	time_t deletion_date; /* PendingDeletion: when it goes; else 0 */
};

/*
 * Whether automatic rotation applies: enabled, customer-managed,
 * symmetric keys with KMS-generated material.
 */
int inv_kms_rotatable(const struct inv_kms_key *k);

struct inv_trail {
	const char *name, *arn, *home_region, *bucket, *kms_key, *log_group;
	int multi_region, organization, log_validation;
	int status_checked, is_logging;
	time_t latest_delivery;
	int selectors_checked, mgmt_read, mgmt_write;
	struct aws_error detail_err; /* status/selectors call failed */
	/* GetTrailStatus: last delivery to CloudWatch Logs (0: never) */
	time_t latest_cwl_delivery;
	const char *cwl_delivery_error;
};

/*
 * Logging, alerting and detection plumbing: inv_cloudwatch.c, inv_events.c,
 * inv_sns.c, inv_resolver.c, inv_analytics.c, inv_ses.c, inv_waf.c
 */

struct inv_log_group {
	const char *name, *arn, *kms_key;
	long retention_days; /* 0: retentionInDays absent, never expire */
	long metric_filter_count;
};

/* One metric transformation of a metric filter (a filter has 1..n). */
struct inv_metric_filter {
	const char *log_group, *name, *pattern, *metric_name, *metric_namespace;
};

/* A metric alarm (DescribeAlarms MetricAlarms). */
struct inv_alarm {
	const char *name, *arn, *metric_name, *metric_namespace, *state;
	int actions_enabled;
	size_t nactions;          /* AlarmActions */
	const char *first_action; /* the first AlarmActions ARN, or NULL */
};

struct inv_dashboard {
	const char *name, *arn;
};

/*
 * An EventBridge rule on the default bus. 'source_guardduty' and
 * 'source_securityhub' say whether the EventPattern's "source" matches
 * aws.guardduty / aws.securityhub (exactly or by a "prefix" matcher);
 * targets are listed (targets_checked) only for rules where one is set.
 */
struct inv_event_rule {
	const char *name, *arn, *state, *pattern;
	int source_guardduty, source_securityhub;
	int targets_checked;
	size_t ntargets;
	const char *first_target;     /* ARN of the first target, or NULL */
	struct aws_error targets_err; /* ListTargetsByRule failed */
};

/*
 * An SNS topic. 'open_grants' lists the Allow statements of its access
 * policy whose principal is "*" (or {"AWS":"*"}, or a NotPrincipal): one
 * string per statement with its condition keys, lower case and space
 * separated ("" when the statement has no condition). Arena-owned.
 */
struct inv_sns_topic {
	const char *arn, *name;
	/* 0: NotFound, the topic was deleted while irready looked */
	int attrs_checked;
	int policy_unreadable; /* a Policy attribute that is not JSON */
	const char **open_grants;
	size_t nopen_grants;
	long subscriptions_confirmed, subscriptions_pending;
	/* GetTopicAttributes/ListSubscriptionsByTopic answered an error
	 * about this topic (its access policy denies the auditor): set with
	 * attrs_checked, so the topic is found and reported ERROR */
	struct aws_error err;
};

struct inv_sns_subscription {
	const char *topic_arn, *arn, *protocol, *endpoint;
	int confirmed; /* SubscriptionArn is not PendingConfirmation */
};

struct inv_query_log_assoc {
	const char *id, *config_id, *resource_id, *status, *error;
};

/*
 * Somewhere to correlate logs: kind "opensearch" (a domain; 'state' is its
 * engine type), "athena" (a workgroup: 'state' ENABLED/DISABLED,
 * 'location' its query result OutputLocation or NULL) or
 * "cloudtrail-lake" (an event data store: 'state' its Status or NULL).
 */
struct inv_log_store {
	const char *kind, *name, *arn, *state, *location;
	struct aws_error err; /* GetWorkGroup failed: location unknown */
};

struct inv_ses_identity {
	const char *name, *status; /* Success, Pending, Failed, ...; NULL */
};

/*
 * An Elastic Load Balancing v2 load balancer. For internet-facing
 * application load balancers, 'waf_checked' is set and 'web_acl_arn'
 * names the associated WAFv2 web ACL (NULL: none).
 */
struct inv_load_balancer {
	const char *arn, *name, *type, *scheme, *vpc_id, *state;
	int waf_checked;
	const char *web_acl_arn, *web_acl_name;
	struct aws_error waf_err; /* GetWebACLForResource failed */
};

/* A WAFv2 web ACL; scope REGIONAL, or CLOUDFRONT (listed in us-east-1). */
struct inv_web_acl {
	const char *arn, *name, *id, *scope;
	int logging;                  /* a logging configuration exists */
	const char *log_destination;  /* its first destination, or NULL */
	struct aws_error logging_err; /* GetLoggingConfiguration failed */
};

struct inv_access_key {
	const char *user, *user_arn, *key_id;
	int active;
	time_t created;
	time_t last_used; /* 0 when unknown or never */
};

/*
 * An IAM user's console password (IAM_KEYS): from the credential report,
 * or, without one, from ListUsers (PasswordLastUsed) and GetLoginProfile.
 */
struct inv_iam_user {
	const char *name, *arn;
	time_t created;
	int password_enabled;
	time_t password_set;       /* the current password's date; 0 unknown */
	time_t password_last_used; /* 0: never (or before tracking began) */
};

/*
 * The root user (IAM_KEYS): the credential report's <root_account> row,
 * or iam:GetAccountSummary (AccountMFAEnabled, AccountAccessKeysPresent).
 */
struct inv_iam_root {
	int known; /* 0: GetAccountSummary failed, see 'err' */
	int mfa_enabled;
	int access_keys; /* active root access keys (0, 1 or 2) */
	/*
	 * GetAccountSummary's AccountPasswordPresent is 0: root has no
	 * password (credentials deleted, e.g. by the Organization's
	 * centralised root access management). 0 also when not known: asked
	 * only when the root has no MFA.
	 */
	int no_password;
	const char *source; /* "credential report" or "GetAccountSummary" */
	struct aws_error err;
};

/*
 * A parsed IAM policy document (inv_policy.c). Every string is as written
 * in the document; Action, Resource and Principal values given as one
 * string become one-element lists; condition values that are booleans or
 * numbers become their JSON text ("true", "3600").
 */
struct inv_policy_principal {
	const char
		*type; /* "AWS", "Service", "Federated", "CanonicalUser"; "*" */
	const char *value; /* an ARN, account id, service or provider; or "*" */
};

struct inv_policy_condition {
	const char *op;  /* "Bool", "StringEquals", "ForAnyValue:StringLike" */
	const char *key; /* "aws:MultiFactorAuthPresent" */
	const char *const *values;
	size_t nvalues;
};

struct inv_policy_statement {
	const char *sid;
	int allow; /* Effect "Allow"; 0 for "Deny" */
	int not_action, not_resource, not_principal; /* Not* forms used */
	const char *const *actions; /* Action, or NotAction when not_action */
	size_t nactions;
	const char *const *resources;
	size_t nresources;
	const struct inv_policy_principal *principals;
	size_t nprincipals;
	const struct inv_policy_condition *conditions;
	size_t nconditions;
};

struct inv_policy_doc {
	int valid; /* 0: absent, or not a policy document (see 'error') */
	const char *error;
	const struct inv_policy_statement *statements;
	size_t nstatements;
};

enum inv_iam_kind { INV_IAM_USER, INV_IAM_GROUP, INV_IAM_ROLE };

struct inv_iam_inline_policy {
	const char *name;
	struct inv_policy_doc doc;
};

/* A user, group or role (IAM_AUTHZ: GetAccountAuthorizationDetails). */
struct inv_iam_entity {
	enum inv_iam_kind kind;
	const char *name, *arn, *path;
	time_t created;
	const struct inv_iam_inline_policy *inline_policies;
	size_t ninline_policies;
	const char *const *attached; /* managed policy ARNs */
	size_t nattached;
	/* roles only */
	struct inv_policy_doc trust; /* AssumeRolePolicyDocument */
	time_t last_used; /* RoleLastUsed; 0: not used in the tracked period */
	const char *last_used_region;
};

/*
 * Who manages an IAM role the customer must not edit directly: "IAM
 * Identity Center" for the roles of its permission sets (path
 * /aws-reserved/sso.amazonaws.com/: change the permission set or its
 * assignment, the role follows), "AWS Control Tower" for its roles
 * (aws-controltower-*, AWSControlTower*), "AWS" for other /aws-reserved/
 * paths; NULL for the customer's own.
 */
static inline const char *inv_iam_managed_by(const struct inv_iam_entity *e)
{
	if (e->path && !strncmp(e->path, "/aws-reserved/sso.amazonaws.com/",
				strlen("/aws-reserved/sso.amazonaws.com/")))
		return "IAM Identity Center";
	if (e->name && (!strncmp(e->name, "aws-controltower-", 17) ||
			!strncmp(e->name, "AWSControlTower", 15)))
		return "AWS Control Tower";
	if (e->path && !strncmp(e->path, "/aws-reserved/", 14))
		return "AWS";
	return NULL;
}

/* A customer-managed policy (IAM_AUTHZ), with its default version. */
struct inv_iam_policy {
	const char *name, *arn, *path, *default_version;
	long attachments;
	struct inv_policy_doc doc;
};

/* account:GetAlternateContact, one per type (ACCOUNT_CONTACTS). */
struct inv_alternate_contact {
	const char *type; /* "SECURITY", "BILLING", "OPERATIONS" */
	int registered;   /* 0: ResourceNotFoundException */
	const char *name, *title, *email, *phone;
};

/* support:DescribeSeverityLevels (SUPPORT). */
struct inv_support {
	int premium;        /* the Support API answers: Business or higher */
	const char *reason; /* SubscriptionRequiredException's message */
	const char *levels; /* "low, normal, high, urgent, critical" */
};

/* secretsmanager:ListSecrets (SECRETS). */
struct inv_secret {
	const char *arn, *name, *owning_service, *primary_region;
	int rotation_enabled;
	long rotation_days;   /* RotationRules.AutomaticallyAfterDays; 0 */
	const char *schedule; /* RotationRules.ScheduleExpression, or NULL */
	time_t created, last_rotated, last_changed, deleted;
};

/* ssm:DescribeParameters (SSM_PARAMETERS). */
struct inv_ssm_parameter {
	const char *name, *type, *key_id;
	time_t last_modified;
};

struct inv_org {
	int member; /* 0: AWSOrganizationsNotInUseException */
	const char *id, *arn, *feature_set, *master_account_id;
};

/*
 * What only the management account can list (the ORG_ADMIN dataset). In a
 * member or standalone account only 'member' and 'management' are set.
 * Each part records its own failure, so a denied ListPolicies leaves the
 * OU and delegation checks their data.
 */
struct inv_org_admin {
	int member, management;
	/* a member that may list the organization: the delegated
	 * administrator for Organizations (ListRoots answered) */
	int delegated_admin;
	const char *org_id, *org_arn, *feature_set, *master_account_id;
	const char *root_id, *root_arn;
	int scp_enabled; /* SERVICE_CONTROL_POLICY ENABLED on the root */
	int tree_failed, delegated_failed, scp_failed;
	struct aws_error tree_err, delegated_err, scp_err;
};

/*
 * 'security'/'forensics': the OU's own name contains "security" /
 * "forensic" (case-insensitive); 'in_scope': it or an ancestor does, so
 * its accounts were listed.
 */
struct inv_org_ou {
	const char *id, *arn, *name, *parent_id;
	int security, forensics, in_scope;
};

/* Accounts directly under an OU irready looked into. */
struct inv_org_account {
	const char *id, *arn, *name, *status, *parent_id;
};

/* ListDelegatedAdministrators(ServicePrincipal=service) entries. */
struct inv_org_delegation {
	const char *service, *account_id, *account_name, *status;
};

/* How an SCP's statements deny everything (see inv_org_admin.c). */
enum inv_scp_deny_all {
	INV_SCP_NO_DENY_ALL = 0,
	INV_SCP_DENY_ALL,           /* Deny * on *, no condition */
	INV_SCP_DENY_ALL_TAGGED,    /* ... conditioned on a tag */
	INV_SCP_DENY_ALL_EXEMPTING, /* ... except named principals */
};

struct inv_scp {
	const char *id, *arn, *name;
	int aws_managed;
	enum inv_scp_deny_all deny_all;
	const char *condition_key; /* the tag or principal key, or NULL */
};

/*
 * S3 (inv_s3.c). s3control:GetPublicAccessBlock for the account (S3_PAB):
 * 'checked' once S3 answered, 'configured' 0 when it answered
 * NoSuchPublicAccessBlockConfiguration.
 */
struct inv_s3_pab {
	int checked, configured;
	int block_public_acls, ignore_public_acls, block_public_policy,
		restrict_public_buckets;
};

/* Why a bucket is of interest (inv_bucket.roles, a bit set). */
enum inv_bucket_role {
	INV_BUCKET_TRAIL = 1 << 0,     /* a CloudTrail trail delivers to it */
	INV_BUCKET_CONFIG = 1 << 1,    /* an AWS Config delivery channel */
	INV_BUCKET_FLOW_LOGS = 1 << 2, /* a VPC flow log */
	INV_BUCKET_EVIDENCE = 1 << 3,  /* listed in params.evidence_buckets */
	INV_BUCKET_RUNBOOK = 1 << 4,   /* params.runbook_bucket */
	/* owned, and its name says runbook or playbook (no calls made) */
	INV_BUCKET_RUNBOOK_NAMED = 1 << 5,
};

/* A lifecycle rule of a bucket (GetBucketLifecycleConfiguration). */
struct inv_lifecycle_rule {
	const char *id, *status;
	const char *prefix; /* Filter (or legacy) prefix; NULL: none */
	int filtered;       /* a tag or size filter narrows it */
	/* the first current-version Transition to
	 * GLACIER/DEEP_ARCHIVE/GLACIER_IR */
	const char *archive_class;
	long archive_days;               /* -1: by Date */
	long expiration_days;            /* Expiration Days; 0: none */
	time_t expiration_date;          /* Expiration Date; 0: none */
	long noncurrent_expiration_days; /* 0: none */
};

/*
 * A bucket of interest (S3_BUCKETS): one the trails, Config channels,
 * flow logs or the policy point at, never every bucket. 'owned': it is in
 * this account's ListBuckets; buckets of other accounts get no per-bucket
 * call, except the runbook bucket's GetBucketLocation (and versioning when
 * that answers). Per call: '<x>_checked' when S3 answered (the
 * not-configured answers included), else '<x>_err' holds the failure
 * (code empty: not asked).
 */
struct inv_bucket {
	const char *name;
	unsigned roles; /* enum inv_bucket_role bits */
	int evidence;   /* an evidence bucket under the policy */
	int owned;
	int exists; /* 1 yes, -1 NoSuchBucket, 0 unknown */
	time_t created;
	int location_checked;
	const char *region; /* GetBucketLocation, normalised */
	struct aws_error location_err;
	int versioning_checked;
	const char *versioning; /* "Enabled", "Suspended"; NULL: never */
	const char *mfa_delete; /* "Enabled", "Disabled"; NULL: never set */
	struct aws_error versioning_err;
	int lock_checked, lock_enabled;
	const char *lock_mode; /* default retention: GOVERNANCE, COMPLIANCE */
	long lock_days, lock_years;
	struct aws_error lock_err;
	int lifecycle_checked;
	struct inv_lifecycle_rule *rules; /* arena */
	size_t nrules;
	struct aws_error lifecycle_err;
	int logging_checked;
	const char *log_target, *log_prefix; /* NULL: access logging off */
	struct aws_error logging_err;
};

/*
 * What a bucket of interest is for, in words ("CloudTrail and Config
 * bucket", "runbook bucket"), written to 'buf'; returns 'buf'.
 */
const char *inv_bucket_roles(const struct inv_bucket *b, char *buf,
			     size_t size);
/*
 * When some source of evidence buckets could not be read (the
 * bucket_sources_missing bits), what and why in words into 'buf' --
 * "Config delivery channels (AccessDeniedException on
 * config:DescribeConfigurationRecorders in eu-west-1)" -- and return 1;
 * else 0.
 */
struct inv_account;
int inv_bucket_sources_error(const struct inv_account *a, char *buf,
			     size_t size);
/* The bucket of interest named 'name' (a->buckets), or NULL. */
const struct inv_bucket *inv_bucket_find(const struct inv_account *a,
					 const char *name);
/* An S3 call failure in words: "AccessDenied on s3:X in R: message". */
const char *inv_error_text(const struct aws_error *e, char *buf, size_t size);

/* AWS Backup (inv_backup.c, BACKUP_PLANS). */
struct inv_backup_copy {
	const char *destination; /* DestinationBackupVaultArn */
	long delete_after_days;  /* 0: kept */
};

struct inv_backup_rule {
	const char *name, *target_vault, *schedule;
	long delete_after_days; /* Lifecycle.DeleteAfterDays; 0: kept */
	long cold_after_days;
	struct inv_backup_copy *copies; /* arena */
	size_t ncopies;
};

struct inv_backup_plan {
	const char *id, *arn, *name;
	size_t nselections;            /* ListBackupSelections */
	struct inv_backup_rule *rules; /* arena */
	size_t nrules;
	/* GetBackupPlan or ListBackupSelections answered an error about
	 * this plan (deleted meanwhile, denied): the plan is unread */
	struct aws_error err;
};

struct inv_backup_vault {
	const char *name, *arn;
	int locked; /* Vault Lock applied */
	long min_retention_days, max_retention_days, recovery_points;
	time_t lock_date;
};

/* ListRecoveryPointsByBackupVault (inv_backup.c, BACKUP_POINTS). */
struct inv_backup_point {
	const char *arn, *resource_arn, *resource_type, *vault;
	const char *status; /* COMPLETED, PARTIAL, DELETING, EXPIRED */
	time_t created;     /* CreationDate: the point in time it holds */
};

/*
 * Data Lifecycle Manager (inv_dlm.c, DLM). Schedules are read only for
 * snapshot and AMI policies ('detailed').
 */
struct inv_dlm_schedule {
	const char *name;
	long create_interval;    /* CreateRule.Interval; 0: cron or none */
	const char *create_unit; /* "HOURS" */
	const char *cron;        /* CreateRule.CronExpression */
	long retain_count;       /* RetainRule.Count; 0: age-based */
	long retain_interval;    /* RetainRule.Interval */
	const char *retain_unit; /* DAYS, WEEKS, MONTHS, YEARS */
	/* ArchiveRule.RetainRule.RetentionArchiveTier: kept this much longer
	 * in the archive tier once the standard retention is met */
	long archive_count, archive_interval;
	const char *archive_unit;
};

struct inv_dlm_policy {
	const char *id, *arn, *description, *state, *type;
	const char *resource_types; /* "VOLUME", "INSTANCE", comma-joined */
	int detailed;
	struct aws_error err; /* GetLifecyclePolicy failed: not detailed */
	struct inv_dlm_schedule *schedules; /* arena */
	size_t nschedules;
};

/*
 * EC2 instances (DescribeInstances). Nested lists live in the dataset's
 * arena. The AMI an instance runs is looked up for running instances only
 * (ami_checked); when that lookup failed, region->instance_amis_failed is
 * set and the instances dataset itself stays collected.
 */
struct inv_instance {
	const char *id, *name, *state, *vpc_id, *subnet_id, *image_id,
		*platform, *instance_type;
	time_t launch_time;
	const char **sg_ids; /* groupSet */
	size_t nsg;
	const char **volume_ids; /* EBS volumes of the block device mapping */
	size_t nvolumes;
	struct inv_tag *tags;
	size_t ntags;
	int ami_checked, ami_found; /* ami_found 0: deregistered */
	const char *ami_name, *ami_owner, *ami_state;
};

/* RDS (inv_rds.c): DB_INSTANCES and DB_SNAPSHOTS. */
struct inv_db_instance {
	const char *id, *arn, *engine, *status;
	const char *cluster;      /* DBClusterIdentifier (Aurora), or NULL */
	long backup_retention;    /* days of automated backups; 0: off */
	time_t latest_restorable; /* point-in-time restore limit, or 0 */
	struct inv_tag *tags;     /* TagList */
	size_t ntags;
};

struct inv_db_snapshot {
	const char *id, *db_instance_id, *status; /* "available": complete */
	const char *type; /* automated, manual, awsbackup */
	time_t created;   /* SnapshotCreateTime */
};

/* A self-owned AMI (DescribeImages Owner=self). */
struct inv_image {
	const char *id, *name, *state;
	time_t created;
	const char **snapshot_ids; /* its EBS snapshots */
	size_t nsnapshots;
	struct inv_tag *tags;
	size_t ntags;
};

struct inv_eni {
	const char *id, *vpc_id, *status, *type, *description, *instance_id;
	int requester_managed;
};

/* One IpPermission of a security group. */
struct inv_sg_rule {
	const char *protocol; /* "tcp", "udp", "icmp", "-1", or a number */
	int has_ports;        /* fromPort/toPort given */
	long from_port, to_port;
	int world4, world6; /* a source is 0.0.0.0/0, ::/0 */
	size_t nsources;    /* CIDRs, groups and prefix lists */
};

struct inv_sg {
	const char *id, *name, *description, *vpc_id, *owner;
	struct inv_tag *tags;
	size_t ntags;
	struct inv_sg_rule *ingress, *egress;
	size_t ningress, negress;
};

struct inv_nacl_entry {
	long rule_number;
	const char *protocol; /* "-1", "6", "17", ... */
	const char *cidr, *ipv6_cidr;
	int egress, allow, has_ports;
	long from_port, to_port;
};

struct inv_nacl {
	const char *id, *name, *vpc_id;
	int is_default;
	size_t nassociations; /* subnets it applies to */
	struct inv_tag *tags;
	size_t ntags;
	struct inv_nacl_entry *entries;
	size_t nentries;
};

/* ssm:DescribeInstanceInformation */
struct inv_ssm_instance {
	const char *id, *ping_status, *resource_type, *agent_version, *platform;
	time_t last_ping;
};

/* ssm:ListDocuments Owner=Self DocumentType=Automation */
struct inv_ssm_document {
	const char *name, *owner, *type, *version;
	time_t created;
};

/* cloudformation:ListStacks, DELETE_COMPLETE left out */
struct inv_stack {
	const char *id, *name, *status, *parent_id;
	const char *drift; /* DRIFTED, IN_SYNC, UNKNOWN, NOT_CHECKED; NULL */
	time_t created, drift_checked;
};

/* A VPC holding a workload (WORKLOAD_VPCS, inv_ec2_fleet.c). */
struct inv_workload_vpc {
	const char *region, *id, *name;
	int is_default;
};

/* The containment drill (inv_drill.c): one answer per step. */
enum inv_drill_answer {
	INV_DRILL_UNKNOWN = 0,
	INV_DRILL_ALLOWED, /* DryRunOperation; EvalDecision allowed */
	INV_DRILL_DENIED,  /* UnauthorizedOperation; *Deny; no such role */
	INV_DRILL_ERROR,   /* no answer: see err */
};

struct inv_drill_step {
	const char *action;    /* "ec2:CreateTags"; NULL: the whole role */
	const char *region;    /* "global" for simulations */
	const char *principal; /* simulations: the IR role ARN; NULL: EC2 */
	const char *target;    /* the instance or volume id, or NULL */
	enum inv_drill_answer answer;
	const char *decision; /* the answer's code or EvalDecision */
	struct aws_error err; /* INV_DRILL_ERROR */
	/*
	 * simulations: the ResourceArns and context entries sent
	 * ("aws:MultiFactorAuthPresent=true, ..."), the resources the action
	 * was not allowed on, and the context keys IAM said it lacked
	 * (MissingContextValues), each ", "-separated, or NULL
	 */
	const char *resources, *context, *denied_on, *missing;
};

struct inv_region {
	const char *name;
	struct inv_status status[DS__COUNT];
	struct arena arena[DS__COUNT];
	INV_VEC(struct inv_vpc) vpcs;
	INV_VEC(struct inv_flow_log) flow_logs;
	INV_VEC(struct inv_volume) volumes;
	INV_VEC(struct inv_snapshot) snapshots;
	/* INSTANCES, IMAGES, ENIS, SECURITY_GROUPS, NACLS (inv_ec2_fleet.c) */
	INV_VEC(struct inv_instance) instances;
	int instance_amis_failed; /* DescribeImages of their AMIs failed */
	struct aws_error instance_amis_err;
	INV_VEC(struct inv_image) images;
	INV_VEC(struct inv_eni) enis;
	INV_VEC(struct inv_sg) sgs;
	INV_VEC(struct inv_nacl) nacls;
	/* EBS_ENCRYPTION, PUBLIC_SNAPSHOTS */
	int ebs_encryption_default;
	INV_VEC(struct inv_snapshot) public_snapshots;
	/* SNAPSHOT_BPA: "block-all-sharing", "block-new-sharing", "unblocked"
	 */
	const char *snapshot_bpa_state;
	/* SSM_INSTANCES, SSM_DOCUMENTS, STACKS */
	INV_VEC(struct inv_ssm_instance) ssm_instances;
	INV_VEC(struct inv_ssm_document) ssm_documents;
	INV_VEC(struct inv_stack) stacks;
	/* BACKUP_PLANS, DLM */
	INV_VEC(struct inv_backup_plan) backup_plans;
	INV_VEC(struct inv_backup_vault) backup_vaults;
	INV_VEC(struct inv_dlm_policy) dlm_policies;
	INV_VEC(struct inv_config_recorder) recorders;
	INV_VEC(struct inv_delivery_channel) channels;
	INV_VEC(struct inv_detector) detectors;
	INV_VEC(const char *) gd_finding_detectors; /* detectors listed */
	INV_VEC(struct inv_gd_finding) gd_findings;
	INV_VEC(struct inv_gd_settings) gd_settings;
	INV_VEC(struct inv_gd_destination) gd_destinations;
	struct inv_inspector inspector;
	struct inv_macie macie;
	struct inv_securityhub securityhub;
	INV_VEC(struct inv_sh_standard) sh_standards;
	INV_VEC(struct inv_sh_aggregator) sh_aggregators; /* SH_AGGREGATOR */
	INV_VEC(struct inv_analyzer) analyzers;
	INV_VEC(struct inv_kms_key) keys;
	INV_VEC(struct inv_secret) secrets;               /* SECRETS */
	INV_VEC(struct inv_ssm_parameter) ssm_parameters; /* SSM_PARAMETERS */
	INV_VEC(struct inv_log_group) log_groups;
	INV_VEC(struct inv_metric_filter) metric_filters;
	INV_VEC(struct inv_alarm) alarms;
	INV_VEC(struct inv_event_rule) event_rules;
	INV_VEC(struct inv_sns_topic) sns_topics;
	INV_VEC(struct inv_sns_subscription) sns_subscriptions;
	INV_VEC(struct inv_query_log_assoc) query_log_assocs;
	INV_VEC(struct inv_log_store) log_stores;
	INV_VEC(struct inv_ses_identity) ses_identities;
	INV_VEC(struct inv_load_balancer) load_balancers;
	INV_VEC(struct inv_web_acl) web_acls;
	INV_VEC(struct inv_db_instance) db_instances;   /* DB_INSTANCES */
	INV_VEC(struct inv_db_snapshot) db_snapshots;   /* DB_SNAPSHOTS */
	INV_VEC(struct inv_backup_point) backup_points; /* BACKUP_POINTS */
};

struct inv_account {
	const char *id, *name, *ou_path;
	const char *caller_arn;
	const char *home_region;
	struct inv_status status[DS__COUNT];
	struct arena arena[DS__COUNT];
	struct arena meta; /* id, names, region names */
	struct inv_org org;
	struct inv_org_admin org_admin;
	INV_VEC(struct inv_org_ou) org_ous;
	INV_VEC(struct inv_org_account) org_accounts;
	INV_VEC(struct inv_org_delegation) org_delegations;
	INV_VEC(struct inv_scp) scps;
	INV_VEC(struct inv_im_region) im_regions;
	int keys_from_credential_report;
	INV_VEC(struct inv_access_key) access_keys;
	INV_VEC(struct inv_trail) trails;
	/* WORKLOAD_VPCS, over every region */
	INV_VEC(struct inv_workload_vpc) workload_vpcs;
	int workload_vpcs_failed; /* a region's inputs were not collected */
	struct aws_error workload_vpcs_err; /* the first such region's */
	/* DRILL (--drill): the target and every step's answer */
	const char *drill_region, *drill_instance, *drill_instance_name;
	const char *drill_volume, *drill_sg;
	int drill_sg_isolation;  /* drill_sg is the VPC's isolation group */
	int drill_target_failed; /* no target, and a region's instances failed
				  */
	struct aws_error drill_target_err;
	/*
	 * The IR role (ARN) the EC2 dry runs are signed as (sts:AssumeRole).
	 * No dry run was sent when it does not exist (drill_ir_missing: IAM
	 * knows none of params.ir_role_names, by IAM_AUTHZ or iam:GetRole)
	 * or could not be assumed or looked up (drill_assume_failed,
	 * drill_assume_err; also when no IR role is configured,
	 * drill_ir_role NULL).
	 */
	const char *drill_ir_role;
	int drill_ir_missing;
	int drill_assume_failed;
	struct aws_error drill_assume_err;
	INV_VEC(struct inv_drill_step) drill_steps;
	/* S3_PAB, S3_BUCKETS */
	struct inv_s3_pab s3_pab;
	INV_VEC(struct inv_bucket) buckets; /* of interest, sorted by name */
	int buckets_listed;                 /* ListBuckets answered */
	size_t buckets_owned;               /* how many ListBuckets listed */
	unsigned bucket_sources_missing;    /* INV_BUCKET_* sources not read */
	/* IAM_KEYS, besides access_keys */
	INV_VEC(struct inv_iam_user) iam_users;
	struct inv_iam_root iam_root;
	int iam_last_use_failed; /* GetAccessKeyLastUsed/GetLoginProfile */
	struct aws_error iam_last_use_err;
	/* IAM_AUTHZ */
	INV_VEC(struct inv_iam_entity) iam_entities;
	INV_VEC(struct inv_iam_policy) iam_policies;
	/* ACCOUNT_CONTACTS, SUPPORT */
	INV_VEC(struct inv_alternate_contact) alternate_contacts;
	/*
	 * ACCOUNT_CONTACTS: the partition of the account when it has no
	 * Account Management API (aws-us-gov), so nothing was asked; else NULL
	 */
	const char *contacts_no_api;
	/* DASHBOARDS: CloudWatch dashboards are global (ListDashboards
	 * answers every one from any region): collected once */
	INV_VEC(struct inv_dashboard) dashboards;
	struct inv_support support;
	struct inv_region *regions;
	size_t nregions;
	struct aws_error fatal; /* identity or region listing failed */
	int assessed;       /* identity known: 0 means whole account ERROR */
	inv_needs released; /* datasets inv_release() freed */
};

/*
 * What one account runs for the whole Organization, found in the
 * accounts of an --org run collected so far (src/core/orgwide.c): an
 * ACTIVE organization analyzer of IAM Access Analyzer, a Security Hub
 * finding aggregator described in its aggregation region, or an
 * organization trail whose status and selectors its owner read. 'account'
 * owns it, 'region' is where it lives (a trail's home region); for an
 * aggregator, 'linking_mode' and 'regions' ("eu-west-1,us-west-2") as
 * GetFindingAggregator said.
 */
enum inv_org_kind { INV_ORG_ANALYZER, INV_ORG_AGGREGATOR, INV_ORG_TRAIL };

struct inv_org_mech {
	enum inv_org_kind kind;
	const char *account, *region, *arn, *name, *linking_mode, *regions;
};

/*
 * The Organization's central mechanisms, kept across an --org run's
 * batches (accounts that own one are collected first; see runner.c).
 * Owned by the runner; the strings live in 'mem'.
 */
struct inv_orgwide {
	struct inv_org_mech *v;
	size_t n, alloc;
	/*
	 * Accounts of the run that could not be assessed at all (role not
	 * assumable, identity or regions unreadable): whatever they run for
	 * the Organization is in no list above, so a member judged on its
	 * own says why (check_org_unassessed(), check.h).
	 */
	INV_VEC(const char *) unassessed;
	struct arena mem;
};

struct inventory {
	time_t now;
	struct inv_account *accounts;
	size_t naccounts, alloc_accounts;
	/* --org runs: the Organization's central mechanisms; else NULL */
	const struct inv_orgwide *orgwide;
};

void inv_free(struct inventory *inv);
/*
 * Free dataset 'ds' of account 'a' (its arenas: the account's and every
 * region's) once nothing will read it, and set its bit in a->released.
 * Its status stays; its vectors keep their counts, but their elements and
 * strings are gone: reading them is a use after free.
 */
void inv_release(struct inv_account *a, enum inv_dataset ds);
struct inv_account *inv_add_account(struct inventory *inv);
struct inv_region *inv_add_region(struct inv_account *a, const char *name);

/*
 * Push a zeroed element onto an INV_VEC and return it; the vector grows
 * inside 'arena' (a collector's cx->arena: the arena of the dataset it
 * fills). Every push onto one vector must name the same arena.
 */
void *inv_vec_push(struct arena *arena, void *vec, size_t elsize);
#define INV_PUSH(arena, vec)                                                   \
	((__typeof__((vec).v))inv_vec_push((arena), (void *)&(vec),            \
					   sizeof(*(vec).v)))

#endif
