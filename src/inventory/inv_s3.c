/*
 * inv_s3.c -- S3: account Block Public Access, and the buckets of interest
 *
 * S3_PAB is s3control:GetPublicAccessBlock for the account, in the home
 * region; NoSuchPublicAccessBlockConfiguration (404) is an answer ("not
 * configured"), not an error.
 *
 * S3_BUCKETS is collected after CloudTrail, Config and the flow logs
 * (inv.c collects datasets that read others in a later wave), because
 * which buckets matter comes from them:
 *
 *   evidence buckets  params.evidence_buckets when the policy lists any,
 *                     else the buckets that receive CloudTrail trails,
 *                     Config delivery channels and S3 flow logs;
 *   trail buckets     always (cloudtrail_bucket_* checks);
 *   runbook bucket    params.runbook_bucket;
 *   runbook-named     owned buckets whose name says runbook or playbook
 *                     (no per-bucket call: runbooks_cross_account's hint
 *                     when params.runbook_bucket is unset).
 *
 * ListBuckets (in "global": the us-east-1 endpoint) says which of them
 * this account owns. Only buckets of interest get per-bucket calls, never
 * every bucket. For an owned one: GetBucketLocation (also "global"), then
 * in the bucket's region only what its roles need -- GetBucketLogging for
 * trail buckets; GetBucketVersioning for evidence and runbook buckets;
 * GetObjectLockConfiguration and GetBucketLifecycleConfiguration for
 * evidence buckets. A bucket of interest that this account does not own
 * is left alone ("audit it in its account"), except the runbook bucket:
 * its GetBucketLocation tells whether it exists at all (403 AccessDenied:
 * it exists and is someone else's; 404 NoSuchBucket: it does not), and
 * when the owner's bucket policy lets us read it, its versioning.
 *
 * A failed per-bucket call is kept on the bucket (checks report ERROR for
 * that bucket); only a failed ListBuckets fails the dataset. The S3 "not
 * configured" answers (ObjectLockConfigurationNotFoundError,
 * NoSuchLifecycleConfiguration, an empty versioning or logging document)
 * are data.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"
#include "params.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Account Block Public Access */

static int pab_page(struct collect_ctx *cx, struct axml_node *root, void *arg)
{
	struct inv_s3_pab *p = &cx->acct->s3_pab;

	if (!axml_is(root, "PublicAccessBlockConfiguration"))
		return inv_malformed(cx, arg,
				     "no PublicAccessBlockConfiguration");
	p->configured = 1;
	p->block_public_acls = axml_bool(root, "BlockPublicAcls", 0);
	p->ignore_public_acls = axml_bool(root, "IgnorePublicAcls", 0);
	p->block_public_policy = axml_bool(root, "BlockPublicPolicy", 0);
	p->restrict_public_buckets =
		axml_bool(root, "RestrictPublicBuckets", 0);
	return 0;
}

/*
 * S3 Control addresses the account by host label
 * ("<account>.s3-control.<region>.amazonaws.com") and by the
 * x-amz-account-id header.
 */
int inv_collect_s3_pab(struct collect_ctx *cx)
{
	struct aws_request req = {
		.service = "s3control",
		.action = "GetPublicAccessBlock",
		.method = "GET",
		.path = "/v20180820/configuration/publicAccessBlock",
		.host_label = cx->acct->id,
		.headers = { { "x-amz-account-id", cx->acct->id } },
		.nheaders = 1,
	};
	int rc = inv_xml_call(cx, &req, pab_page, &req);

	cx->acct->s3_pab.checked = !rc;
	if (rc &&
	    !strcmp(cx->err->code, "NoSuchPublicAccessBlockConfiguration")) {
		cx->acct->s3_pab.checked = 1;
		aws_error_clear(cx->err);
		rc = 0;
	}
	return rc;
}

/* Buckets of interest */

static struct inv_bucket *bucket_add(struct collect_ctx *cx, const char *name,
				     unsigned role)
{
	struct inv_account *a = cx->acct;

	if (!name || !*name)
		return NULL;
	for (size_t i = 0; i < a->buckets.n; i++) {
		if (!strcmp(a->buckets.v[i].name, name)) {
			a->buckets.v[i].roles |= role;
			return &a->buckets.v[i];
		}
	}
	{
		struct inv_bucket *b = INV_PUSH(cx->arena, a->buckets);

		b->name = arena_strdup(cx->arena, name);
		b->roles = role;
		return b;
	}
}

/* "arn:aws:s3:::bucket/prefix/" -> "bucket" (in the arena), or NULL. */
static const char *arn_bucket(struct arena *ar, const char *arn)
{
	const char *p = arn ? strstr(arn, ":::") : NULL;

	if (!p || strncmp(arn, "arn:", 4))
		return NULL;
	p += 3;
	return *p ? arena_strndup(ar, p, strcspn(p, "/")) : NULL;
}

/* The buckets the inventory and the policy point at, and their roles. */
static void gather(struct collect_ctx *cx)
{
	struct inv_account *a = cx->acct;
	const struct params *prm = cx->params;

	if (prm) {
		for (size_t i = 0; i < prm->nevidence_buckets; i++)
			bucket_add(cx, prm->evidence_buckets[i],
				   INV_BUCKET_EVIDENCE);
		bucket_add(cx, prm->runbook_bucket, INV_BUCKET_RUNBOOK);
	}
	if (a->status[DS_CLOUDTRAIL].state != INV_OK)
		a->bucket_sources_missing |= INV_BUCKET_TRAIL;
	for (size_t i = 0; i < a->trails.n; i++)
		bucket_add(cx, a->trails.v[i].bucket, INV_BUCKET_TRAIL);
	for (size_t r = 0; r < a->nregions; r++) {
		const struct inv_region *reg = &a->regions[r];

		if (reg->status[DS_CONFIG].state != INV_OK)
			a->bucket_sources_missing |= INV_BUCKET_CONFIG;
		if (reg->status[DS_FLOW_LOGS].state != INV_OK)
			a->bucket_sources_missing |= INV_BUCKET_FLOW_LOGS;
		for (size_t i = 0; i < reg->channels.n; i++)
			bucket_add(cx, reg->channels.v[i].bucket,
				   INV_BUCKET_CONFIG);
		for (size_t i = 0; i < reg->flow_logs.n; i++) {
			const struct inv_flow_log *f = &reg->flow_logs.v[i];

			if (f->destination_type &&
			    !strcasecmp(f->destination_type, "s3"))
				bucket_add(
					cx,
					arn_bucket(cx->arena, f->destination),
					INV_BUCKET_FLOW_LOGS);
		}
	}
	for (size_t i = 0; i < a->buckets.n; i++) {
		struct inv_bucket *b = &a->buckets.v[i];
		unsigned want = prm && prm->nevidence_buckets
					? INV_BUCKET_EVIDENCE
					: INV_BUCKET_TRAIL | INV_BUCKET_CONFIG |
						  INV_BUCKET_FLOW_LOGS;

		b->evidence = (b->roles & want) != 0;
	}
}

static int cmp_bucket(const void *x, const void *y)
{
	return strcmp(((const struct inv_bucket *)x)->name,
		      ((const struct inv_bucket *)y)->name);
}

static int list_page(struct collect_ctx *cx, struct axml_node *root, void *arg)
{
	struct inv_account *a = cx->acct;

	if (!axml_is(root, "ListAllMyBucketsResult"))
		return inv_malformed(cx, arg, "no ListAllMyBucketsResult");
	for (struct axml_node *it = axml_items(axml_child(root, "Buckets")); it;
	     it = axml_next(it)) {
		char name[256];

		axml_copy(it, "Name", name, sizeof(name));
		if (!name[0])
			return inv_malformed(cx, arg, "a bucket without Name");
		a->buckets_owned++;
		/* runbooks_cross_account looks for these when unconfigured */
		if (contains_ci(name, "runbook") ||
		    contains_ci(name, "playbook"))
			bucket_add(cx, name, INV_BUCKET_RUNBOOK_NAMED);
		for (size_t i = 0; i < a->buckets.n; i++) {
			struct inv_bucket *b = &a->buckets.v[i];

			if (strcmp(b->name, name))
				continue;
			b->owned = 1;
			b->created = axml_time(it, "CreationDate");
		}
	}
	return 0;
}

enum bucket_answer { BUCKET_OK, BUCKET_NONE, BUCKET_ERR };

/*
 * One per-bucket call, sub-resource 'sub' ("versioning", ...), in
 * 'region'. BUCKET_OK when 'fn' took the answer; BUCKET_NONE when S3
 * answered with the not-configured code 'none'; BUCKET_ERR with the error
 * copied to 'err'. cx->err is left clear: the dataset itself is fine.
 */
static enum bucket_answer bucket_call(struct collect_ctx *cx,
				      struct inv_bucket *b, const char *region,
				      const char *action, const char *sub,
				      const char *none, inv_xml_page_fn fn,
				      struct aws_error *err)
{
	struct aws_request req = {
		.service = "s3",
		.action = action,
		.resource = b->name,
		.region = region,
		.method = "GET",
		.path = "/",
		.host_prefix = b->name,
	};
	enum bucket_answer ans = BUCKET_OK;

	/*
	 * GetBucketLocation goes path-style to the us-east-1 endpoint, as
	 * botocore sends it: <bucket>.s3.amazonaws.com resolves to the
	 * bucket's own region, which rejects a us-east-1 signature.
	 */
	if (!strcmp(action, "GetBucketLocation")) {
		req.host_prefix = NULL;
		req.path = arena_printf(cx->arena, "/%s", b->name);
	}
	aws_request_param(&req, sub, "");
	if (!aws_valid_bucket(b->name) ||
	    (region && strcmp(region, "global") && !aws_valid_region(region))) {
		inv_invalid(cx, &req, "bucket or region", b->name);
		*err = *cx->err;
		aws_error_clear(cx->err);
		return BUCKET_ERR;
	}
	if (inv_xml_call(cx, &req, fn, b)) {
		if (!cx->err->code[0])
			inv_malformed(cx, &req, "an unexpected XML document");
		if (none && !strcmp(cx->err->code, none)) {
			ans = BUCKET_NONE;
		} else {
			*err = *cx->err;
			ans = BUCKET_ERR;
		}
	}
	aws_error_clear(cx->err);
	return ans;
}

static int location_page(struct collect_ctx *cx, struct axml_node *root,
			 void *arg)
{
	struct inv_bucket *b = arg;
	char loc[64];

	if (!axml_is(root, "LocationConstraint"))
		return IRREADY_EPARSE;
	axml_copy(root, "", loc, sizeof(loc));
	if (loc[0] && strcasecmp(loc, "EU") && !aws_valid_region(loc)) {
		struct aws_request req = { .service = "s3",
					   .action = "GetBucketLocation",
					   .region = "us-east-1" };

		return inv_invalid(cx, &req, "LocationConstraint", loc);
	}
	/* null is us-east-1; "EU" is the legacy name of eu-west-1 */
	b->region =
		arena_strdup(cx->arena, !loc[0]                  ? "us-east-1"
					: !strcasecmp(loc, "EU") ? "eu-west-1"
								 : loc);
	return 0;
}

static int versioning_page(struct collect_ctx *cx, struct axml_node *root,
			   void *arg)
{
	struct inv_bucket *b = arg;

	if (!axml_is(root, "VersioningConfiguration"))
		return IRREADY_EPARSE;
	b->versioning = axml_str(cx->arena, root, "Status");
	b->mfa_delete = axml_str(cx->arena, root, "MfaDelete");
	b->versioning_checked = 1;
	return 0;
}

static int lock_page(struct collect_ctx *cx, struct axml_node *root, void *arg)
{
	struct inv_bucket *b = arg;
	struct axml_node *dr = axml_path(root, "Rule/DefaultRetention");
	char on[32];

	if (!axml_is(root, "ObjectLockConfiguration"))
		return IRREADY_EPARSE;
	axml_copy(root, "ObjectLockEnabled", on, sizeof(on));
	b->lock_enabled = !strcasecmp(on, "Enabled");
	if (dr) {
		b->lock_mode = axml_str(cx->arena, dr, "Mode");
		b->lock_days = axml_long(dr, "Days", 0);
		b->lock_years = axml_long(dr, "Years", 0);
	}
	b->lock_checked = 1;
	return 0;
}

static int is_archive_class(const char *c)
{
	return !strcasecmp(c, "GLACIER") || !strcasecmp(c, "DEEP_ARCHIVE") ||
	       !strcasecmp(c, "GLACIER_IR");
}

static int lifecycle_page(struct collect_ctx *cx, struct axml_node *root,
			  void *arg)
{
	struct inv_bucket *b = arg;
	size_t n = 0;

	if (!axml_is(root, "LifecycleConfiguration"))
		return IRREADY_EPARSE;
	for (struct axml_node *r = axml_child(root, "Rule"); r;
	     r = axml_next(r))
		n++;
	b->rules = n ? arena_alloc(cx->arena, n * sizeof(*b->rules)) : NULL;
	for (struct axml_node *r = axml_child(root, "Rule"); r;
	     r = axml_next(r)) {
		struct inv_lifecycle_rule *lr = &b->rules[b->nrules++];
		struct axml_node *f = axml_child(r, "Filter");
		struct axml_node *e = axml_child(r, "Expiration");

		lr->id = axml_str(cx->arena, r, "ID");
		lr->status = axml_str(cx->arena, r, "Status");
		lr->prefix = !f ? axml_str(cx->arena, r, "Prefix")
			     : axml_child(f, "And")
				     ? axml_str(cx->arena, f, "And/Prefix")
				     : axml_str(cx->arena, f, "Prefix");
		if (lr->prefix && !*lr->prefix)
			lr->prefix = NULL;
		lr->filtered =
			f && (axml_child(f, "Tag") || axml_child(f, "And") ||
			      axml_child(f, "ObjectSizeGreaterThan") ||
			      axml_child(f, "ObjectSizeLessThan"));
		for (struct axml_node *t = axml_child(r, "Transition"); t;
		     t = axml_next(t)) {
			char cls[32];

			axml_copy(t, "StorageClass", cls, sizeof(cls));
			if (lr->archive_class || !is_archive_class(cls))
				continue;
			lr->archive_class = arena_strdup(cx->arena, cls);
			lr->archive_days = axml_long(t, "Days", -1);
		}
		if (e) {
			lr->expiration_days = axml_long(e, "Days", 0);
			lr->expiration_date = axml_time(e, "Date");
		}
		lr->noncurrent_expiration_days =
			axml_long(r,
				  "NoncurrentVersionExpiration/"
				  "NoncurrentDays",
				  0);
	}
	b->lifecycle_checked = 1;
	return 0;
}

static int logging_page(struct collect_ctx *cx, struct axml_node *root,
			void *arg)
{
	struct inv_bucket *b = arg;
	struct axml_node *le = axml_child(root, "LoggingEnabled");

	if (!axml_is(root, "BucketLoggingStatus"))
		return IRREADY_EPARSE;
	if (le) {
		b->log_target = axml_str(cx->arena, le, "TargetBucket");
		b->log_prefix = axml_str(cx->arena, le, "TargetPrefix");
	}
	b->logging_checked = 1;
	return 0;
}

static void bucket_details(struct collect_ctx *cx, struct inv_bucket *b)
{
	enum bucket_answer ans;

	if (b->owned)
		b->exists = 1;
	ans = bucket_call(cx, b, "global", "GetBucketLocation", "location",
			  NULL, location_page, &b->location_err);
	if (ans != BUCKET_OK) {
		/* another account's: 403 means it exists, 404 it does not */
		if (!b->owned && b->location_err.status == 403)
			b->exists = 1;
		else if (!b->owned &&
			 !strcmp(b->location_err.code, "NoSuchBucket"))
			b->exists = -1;
		return;
	}
	b->exists = 1;
	b->location_checked = 1;
	if (b->evidence || (b->roles & INV_BUCKET_RUNBOOK))
		bucket_call(cx, b, b->region, "GetBucketVersioning",
			    "versioning", NULL, versioning_page,
			    &b->versioning_err);
	if (!b->owned)
		return;
	if (b->roles & INV_BUCKET_TRAIL)
		bucket_call(cx, b, b->region, "GetBucketLogging", "logging",
			    NULL, logging_page, &b->logging_err);
	if (!b->evidence)
		return;
	if (bucket_call(cx, b, b->region, "GetObjectLockConfiguration",
			"object-lock", "ObjectLockConfigurationNotFoundError",
			lock_page, &b->lock_err) == BUCKET_NONE)
		b->lock_checked = 1;
	if (bucket_call(cx, b, b->region, "GetBucketLifecycleConfiguration",
			"lifecycle", "NoSuchLifecycleConfiguration",
			lifecycle_page, &b->lifecycle_err) == BUCKET_NONE)
		b->lifecycle_checked = 1;
}

/*
 * Bucket i, on the pool. Someone else's: only the runbook bucket is
 * probed; ours: only when a check looks at it (a Config or flow-log bucket
 * is no evidence bucket when the policy lists them).
 */
static int bucket_item(struct collect_ctx *cx, size_t i, void *arg)
{
	struct inv_bucket *b = &cx->acct->buckets.v[i];

	if (b->roles & INV_BUCKET_RUNBOOK ||
	    (b->owned && (b->evidence || b->roles & INV_BUCKET_TRAIL)))
		bucket_details(cx, b);
	return 0;
}

int inv_collect_s3_buckets(struct collect_ctx *cx)
{
	struct inv_account *a = cx->acct;
	struct aws_request req = { .service = "s3",
				   .action = "ListBuckets",
				   .region = "global",
				   .method = "GET",
				   .path = "/",
				   .token_param = "continuation-token" };
	int rc;

	gather(cx);
	rc = inv_xml_pages(cx, &req, "ContinuationToken", list_page, &req);
	if (rc)
		return rc;
	a->buckets_listed = 1;
	if (a->buckets.n > 1)
		qsort(a->buckets.v, a->buckets.n, sizeof(*a->buckets.v),
		      cmp_bucket);
	/* the buckets side by side on the pool */
	return inv_fanout(cx, a->buckets.n, bucket_item, NULL);
}

/* Helpers for the checks (inv.h) */

const struct inv_bucket *inv_bucket_find(const struct inv_account *a,
					 const char *name)
{
	for (size_t i = 0; i < a->buckets.n; i++)
		if (!strcmp(a->buckets.v[i].name, name))
			return &a->buckets.v[i];
	return NULL;
}

const char *inv_bucket_roles(const struct inv_bucket *b, char *buf, size_t size)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
		{ INV_BUCKET_TRAIL, "CloudTrail" },
		{ INV_BUCKET_CONFIG, "Config" },
		{ INV_BUCKET_FLOW_LOGS, "flow-log" },
		{ INV_BUCKET_EVIDENCE, "evidence" },
		{ INV_BUCKET_RUNBOOK, "runbook" },
		{ INV_BUCKET_RUNBOOK_NAMED, "runbook-named" },
	};
	size_t n = 0, k = 0;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		n += (b->roles & names[i].bit) != 0;
	if (!size)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		size_t len = strlen(buf);

		if (!(b->roles & names[i].bit))
			continue;
		k++;
		snprintf(buf + len, size - len, "%s%s",
			 k == 1   ? ""
			 : k == n ? " and "
				  : ", ",
			 names[i].name);
	}
	snprintf(buf + strlen(buf), size - strlen(buf), "%sbucket",
		 n ? " " : "");
	return buf;
}

const char *inv_error_text(const struct aws_error *e, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s%s%s%s", e->code[0] ? e->code : "error",
		 e->action[0] ? " on " : "", e->action,
		 e->region[0] ? " in " : "", e->region,
		 e->message[0] ? ": " : "", e->message);
	return buf;
}

int inv_bucket_sources_error(const struct inv_account *a, char *buf,
			     size_t size)
{
	static const struct {
		unsigned bit;
		int ds;
		const char *what;
	} src[] = {
		{ INV_BUCKET_TRAIL, DS_CLOUDTRAIL, "CloudTrail trails" },
		{ INV_BUCKET_CONFIG, DS_CONFIG, "Config delivery channels" },
		{ INV_BUCKET_FLOW_LOGS, DS_FLOW_LOGS, "VPC flow logs" },
	};
	unsigned miss = a->bucket_sources_missing;

	if (!size)
		return miss != 0;
	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(src); i++) {
		const struct aws_error *e = NULL;
		char why[256] = "";

		if (!(miss & src[i].bit))
			continue;
		if (src[i].ds == DS_CLOUDTRAIL)
			e = &a->status[DS_CLOUDTRAIL].err;
		for (size_t r = 0; !e && r < a->nregions; r++)
			if (a->regions[r].status[src[i].ds].state != INV_OK)
				e = &a->regions[r].status[src[i].ds].err;
		if (e && e->code[0])
			snprintf(why, sizeof(why), " (%s on %s in %s)", e->code,
				 e->action, e->region);
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s%s",
			 buf[0] ? "; " : "", src[i].what, why);
	}
	return miss != 0;
}

/* `irready inventory`: what S3_PAB holds */
static void s3_pab_json(cJSON *o, const struct inv_account *acct,
			const struct inv_region *r)
{
	const struct inv_s3_pab *p = &acct->s3_pab;
	cJSON *x;

	x = cJSON_AddObjectToObject(o, "s3_public_access_block");

	cJSON_AddBoolToObject(x, "checked", p->checked);
	cJSON_AddBoolToObject(x, "configured", p->configured);
	cJSON_AddBoolToObject(x, "block_public_acls", p->block_public_acls);
	cJSON_AddBoolToObject(x, "ignore_public_acls", p->ignore_public_acls);
	cJSON_AddBoolToObject(x, "block_public_policy", p->block_public_policy);
	cJSON_AddBoolToObject(x, "restrict_public_buckets",
			      p->restrict_public_buckets);
}

const struct dataset ds_s3_pab = {
	.name = "S3_PAB",
	.scope = INV_ACCOUNT,
	.description = "S3 account Block Public Access",
	.actions = "s3control:GetPublicAccessBlock",
	.collect = inv_collect_s3_pab,
	.dump = s3_pab_json,
};

/* `irready inventory`: what S3_BUCKETS holds */
static void s3_buckets_json(cJSON *o, const struct inv_account *acct,
			    const struct inv_region *region)
{
	cJSON *a;

	cJSON_AddNumberToObject(o, "buckets_owned",
				(double)acct->buckets_owned);
	a = cJSON_AddArrayToObject(o, "buckets_of_interest");
	for (size_t i = 0; i < acct->buckets.n; i++) {
		const struct inv_bucket *b = &acct->buckets.v[i];
		char roles[96];
		cJSON *y = cJSON_CreateObject(), *rules;

		inv_json_str(y, "name", b->name);
		inv_json_str(y, "roles",
			     inv_bucket_roles(b, roles, sizeof(roles)));
		cJSON_AddBoolToObject(y, "evidence", b->evidence);
		cJSON_AddBoolToObject(y, "owned", b->owned);
		cJSON_AddNumberToObject(y, "exists", b->exists);
		inv_json_str(y, "region", b->region);
		inv_json_err(y, "location_error", &b->location_err);
		if (b->versioning_checked) {
			inv_json_str(y, "versioning", b->versioning);
			inv_json_str(y, "mfa_delete", b->mfa_delete);
		}
		inv_json_err(y, "versioning_error", &b->versioning_err);
		if (b->lock_checked) {
			cJSON_AddBoolToObject(y, "object_lock",
					      b->lock_enabled);
			inv_json_str(y, "lock_mode", b->lock_mode);
			cJSON_AddNumberToObject(
				y, "lock_days",
				(double)(b->lock_days ? b->lock_days
						      : b->lock_years * 365));
		}
		inv_json_err(y, "object_lock_error", &b->lock_err);
		if (b->lifecycle_checked) {
			rules = cJSON_AddArrayToObject(y, "lifecycle_rules");
			for (size_t k = 0; k < b->nrules; k++) {
				const struct inv_lifecycle_rule *r =
					&b->rules[k];
				cJSON *z = cJSON_CreateObject();

				inv_json_str(z, "id", r->id);
				inv_json_str(z, "status", r->status);
				inv_json_str(z, "prefix", r->prefix);
				inv_json_str(z, "archive_class",
					     r->archive_class);
				cJSON_AddNumberToObject(
					z, "archive_days",
					(double)r->archive_days);
				cJSON_AddNumberToObject(
					z, "expiration_days",
					(double)r->expiration_days);
				inv_json_time(z, "expiration_date",
					      r->expiration_date);
				cJSON_AddNumberToObject(
					z, "noncurrent_expiration_days",
					(double)r->noncurrent_expiration_days);
				cJSON_AddItemToArray(rules, z);
			}
		}
		inv_json_err(y, "lifecycle_error", &b->lifecycle_err);
		if (b->logging_checked)
			inv_json_str(y, "access_log_target", b->log_target);
		inv_json_err(y, "logging_error", &b->logging_err);
		cJSON_AddItemToArray(a, y);
	}
}

/* the buckets the trails, Config channels and flow logs write to */
const struct dataset ds_s3_buckets = {
	.name = "S3_BUCKETS",
	.scope = INV_ACCOUNT,
	.description = "S3 evidence, trail and runbook buckets",
	.actions = "s3:ListBuckets s3:GetBucketLocation s3:GetBucketVersioning "
		   "s3:GetObjectLockConfiguration "
		   "s3:GetBucketLifecycleConfiguration s3:GetBucketLogging",
	.inputs = INV_NEED(DS_CLOUDTRAIL) | INV_NEED(DS_CONFIG) |
		  INV_NEED(DS_FLOW_LOGS),
	.collect = inv_collect_s3_buckets,
	.dump = s3_buckets_json,
};
