/*
 * inv.h -- the inventory: what was collected, per account and region
 *
 * Collectors (inv_*.c) turn API responses into these plain structs; checks
 * read them through a const pointer. Strings and records live in arenas
 * the inventory owns (one per collection task, so tasks never share one);
 * inv_free() releases everything.
 *
 * A dataset is one unit of collection (for example the VPCs of a region,
 * or the IAM access keys of an account). Each has a scope (account or
 * region), a NEED_* bit that checks declare, and a status: not requested,
 * collected, or failed with the AWS error that stopped it.
 */
#ifndef INV_H
#define INV_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "arena.h"
#include "aws.h"

enum inv_scope { INV_ACCOUNT, INV_REGION };

/*
 * X(NAME, scope, description, IAM actions) -- one line per dataset. The
 * actions are every API call its collector may make: `irready iam-policy`
 * prints their union for the selected checks.
 */
#define INV_DATASETS(X)                                                        \
	X(ORG, INV_ACCOUNT, "Organizations membership",                        \
	  "organizations:DescribeOrganization")                                \
	X(IAM_KEYS, INV_ACCOUNT, "IAM users and access keys",                  \
	  "iam:GetCredentialReport iam:ListUsers iam:ListAccessKeys")          \
	X(CLOUDTRAIL, INV_ACCOUNT, "CloudTrail trails",                        \
	  "cloudtrail:DescribeTrails cloudtrail:GetTrailStatus "               \
	  "cloudtrail:GetEventSelectors")                                      \
	X(VPC, INV_REGION, "VPCs", "ec2:DescribeVpcs")                         \
	X(FLOW_LOGS, INV_REGION, "VPC flow logs", "ec2:DescribeFlowLogs")      \
	X(VOLUMES, INV_REGION, "EBS volumes", "ec2:DescribeVolumes")           \
	X(SNAPSHOTS, INV_REGION, "EBS snapshots", "ec2:DescribeSnapshots")     \
	X(CONFIG, INV_REGION, "AWS Config recorders",                          \
	  "config:DescribeConfigurationRecorders "                             \
	  "config:DescribeConfigurationRecorderStatus "                        \
	  "config:DescribeDeliveryChannels")                                   \
	X(GUARDDUTY, INV_REGION, "GuardDuty detectors",                        \
	  "guardduty:ListDetectors guardduty:GetDetector")                     \
	X(KMS, INV_REGION, "KMS keys",                                         \
	  "kms:ListKeys kms:DescribeKey kms:GetKeyRotationStatus")

/* Calls every audit makes, whatever the checks. */
#define INV_BASE_ACTIONS "sts:GetCallerIdentity ec2:DescribeRegions"

enum inv_dataset {
#define X(name, scope, desc, actions) DS_##name,
	INV_DATASETS(X)
#undef X
	DS__COUNT
};

/* A set of datasets: NEED_* bits (up to 64 datasets). */
typedef unsigned long long inv_needs;
#define INV_NEED(ds) (1ULL << (ds))

#define X(name, scope, desc, actions)                                          \
	static const inv_needs NEED_##name = 1ULL << DS_##name;
INV_DATASETS(X)
#undef X
_Static_assert(DS__COUNT <= 64, "inv_needs holds 64 datasets");

enum inv_scope inv_dataset_scope(enum inv_dataset ds);
const char *inv_dataset_desc(enum inv_dataset ds);
/* Space-separated IAM actions of a dataset. */
const char *inv_dataset_actions(enum inv_dataset ds);

enum inv_state { INV_NOT_REQUESTED = 0, INV_OK, INV_FAILED };

struct inv_status {
	enum inv_state state;
	struct aws_error err; /* when INV_FAILED */
};

/* Growable array of T (freed by inv_free). */
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

struct inv_flow_log {
	const char *id, *resource_id, *traffic_type, *status, *deliver_status,
		*destination_type, *destination;
};

struct inv_volume {
	const char *id, *name, *state, *instance_id, *az;
	time_t create_time;
	long size_gib;
	int encrypted;
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
};

struct inv_kms_key {
	const char *id, *arn, *manager, *spec, *usage, *state, *origin,
		*description;
	int rotation_checked, rotation_enabled;
	struct aws_error rotation_err; /* when the status call failed */
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
};

struct inv_access_key {
	const char *user, *user_arn, *key_id;
	int active;
	time_t created;
	time_t last_used; /* 0 when unknown or never */
};

struct inv_org {
	int member; /* 0: AWSOrganizationsNotInUseException */
	const char *id, *arn, *feature_set, *master_account_id;
};

struct inv_region {
	const char *name;
	struct inv_status status[DS__COUNT];
	struct arena arena[DS__COUNT];
	INV_VEC(struct inv_vpc) vpcs;
	INV_VEC(struct inv_flow_log) flow_logs;
	INV_VEC(struct inv_volume) volumes;
	INV_VEC(struct inv_snapshot) snapshots;
	INV_VEC(struct inv_config_recorder) recorders;
	INV_VEC(struct inv_delivery_channel) channels;
	INV_VEC(struct inv_detector) detectors;
	INV_VEC(struct inv_kms_key) keys;
};

struct inv_account {
	const char *id, *name, *ou_path;
	const char *caller_arn;
	const char *home_region;
	struct inv_status status[DS__COUNT];
	struct arena arena[DS__COUNT];
	struct arena meta; /* id, names, region names */
	struct inv_org org;
	int keys_from_credential_report;
	INV_VEC(struct inv_access_key) access_keys;
	INV_VEC(struct inv_trail) trails;
	struct inv_region *regions;
	size_t nregions;
	struct aws_error fatal; /* identity or region listing failed */
	int assessed;           /* identity known: 0 means whole account ERROR */
};

struct inventory {
	time_t now;
	struct inv_account *accounts;
	size_t naccounts, alloc_accounts;
};

void inv_free(struct inventory *inv);
struct inv_account *inv_add_account(struct inventory *inv);
struct inv_region *inv_add_region(struct inv_account *a, const char *name);

/* Push a zeroed element onto an INV_VEC and return it. */
void *inv_vec_push(void *vec, size_t elsize);
#define INV_PUSH(vec)                                                          \
	((__typeof__((vec).v))inv_vec_push((void *)&(vec), sizeof(*(vec).v)))

/*
 * Collection. A collector fills one dataset for one scope and returns 0,
 * or an IRREADY_E* code with 'err' filled.
 */
struct collect_ctx {
	struct aws_client *client;
	struct inv_account *acct;
	struct inv_region *region; /* NULL for account datasets */
	struct arena *arena;
	struct aws_error *err;
	time_t now;
};

typedef int (*inv_collector_fn)(struct collect_ctx *cx);
inv_collector_fn inv_collector(enum inv_dataset ds);

/* Identity and regions of an account (sts, ec2:DescribeRegions). */
int inv_collect_identity(struct collect_ctx *cx);
int inv_collect_regions(struct collect_ctx *cx, const char *const *only,
			size_t nonly);

/* Collect every dataset in 'needs' for every account and region. */
struct collect_opts {
	inv_needs needs;
	int concurrency;
	int progress; /* a progress line on stderr (a terminal) */
};
void inv_collect_datasets(struct inventory *inv, struct aws_client *client,
			  const struct collect_opts *opts);

/* Collectors, one per dataset (inv_<service>.c) */
int inv_collect_org(struct collect_ctx *cx);
int inv_collect_iam_keys(struct collect_ctx *cx);
int inv_collect_cloudtrail(struct collect_ctx *cx);
int inv_collect_vpc(struct collect_ctx *cx);
int inv_collect_flow_logs(struct collect_ctx *cx);
int inv_collect_volumes(struct collect_ctx *cx);
int inv_collect_snapshots(struct collect_ctx *cx);
int inv_collect_config(struct collect_ctx *cx);
int inv_collect_guardduty(struct collect_ctx *cx);
int inv_collect_kms(struct collect_ctx *cx);

/* The inventory as JSON, for `irready inventory` (inv_dump.c). */
int inv_dump_json(const struct inventory *inv, FILE *out);

/*
 * Shared collector plumbing (inv.c): make the call described by 'req' in
 * the context's account, with the error recorded in cx->err.
 */
int inv_call(struct collect_ctx *cx, struct aws_request *req,
	     struct aws_response *resp);
/* Report a malformed body of a successful call as IRREADY_EPARSE. */
int inv_malformed(struct collect_ctx *cx, const struct aws_request *req,
		  const char *what);

#endif
