/*
 * inv_kms.c -- KMS keys and their rotation status
 *
 * ListKeys (Marker/NextMarker/Truncated paging), DescribeKey for each key,
 * the keys side by side on the pool (inv_fanout), and GetKeyRotationStatus
 * only where rotation can apply: enabled,
 * customer-managed, symmetric keys with KMS key material. An AWS error
 * about one key (AccessDeniedException from a key policy that does not
 * delegate to IAM) is kept on that key (describe_err, rotation_err), not
 * the region's.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int list_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *k;

	if (!ajson_array(page, "Keys"))
		return inv_malformed(cx, arg, "no Keys list");
	cJSON_ArrayForEach(k, ajson_array(page, "Keys"))
	{
		struct inv_kms_key *key = INV_PUSH(cx->arena, cx->region->keys);

		key->id = ajson_str(cx->arena, k, "KeyId");
		key->arn = ajson_str(cx->arena, k, "KeyArn");
		if (!key->id)
			return inv_malformed(cx, arg, "a key without KeyId");
		if (!aws_valid_kms_key(key->id))
			return inv_invalid(cx, arg, "KeyId", key->id);
		if (key->arn && !aws_valid_arn(key->arn))
			return inv_invalid(cx, arg, "KeyArn", key->arn);
	}
	return 0;
}

static int describe_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_kms_key *key = arg;
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(page, "KeyMetadata");
	const char *spec;

	if (!cJSON_IsObject(m))
		return IRREADY_EPARSE;
	key->manager = ajson_str(cx->arena, m, "KeyManager");
	spec = ajson_get(m, "KeySpec");
	if (!spec)
		spec = ajson_get(m, "CustomerMasterKeySpec");
	key->spec = arena_strdup(cx->arena, spec);
	key->usage = ajson_str(cx->arena, m, "KeyUsage");
	key->state = ajson_str(cx->arena, m, "KeyState");
	key->origin = ajson_str(cx->arena, m, "Origin");
	key->description = ajson_str(cx->arena, m, "Description");
	key->deletion_date = ajson_time(m, "DeletionDate");
	if (!key->arn)
		key->arn = ajson_str(cx->arena, m, "Arn");
	if (!key->manager || !key->state)
		return IRREADY_EPARSE;
	return 0;
}

static int rotation_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_kms_key *key = arg;
	const cJSON *v =
		cJSON_GetObjectItemCaseSensitive(page, "KeyRotationEnabled");

	if (!cJSON_IsBool(v))
		return IRREADY_EPARSE;
	key->rotation_checked = 1;
	key->rotation_enabled = cJSON_IsTrue(v);
	return 0;
}

int inv_kms_rotatable(const struct inv_kms_key *k)
{
	return k->manager && !strcasecmp(k->manager, "CUSTOMER") && k->state &&
	       !strcasecmp(k->state, "Enabled") &&
	       (!k->spec || !strcasecmp(k->spec, "SYMMETRIC_DEFAULT")) &&
	       (!k->origin || !strcasecmp(k->origin, "AWS_KMS"));
}

/* DescribeKey, then GetKeyRotationStatus, of key i (on the pool) */
static int key_details(struct collect_ctx *cx, size_t i, void *arg)
{
	struct inv_kms_key *key = &cx->region->keys.v[i];
	struct aws_request kreq = { .service = "kms",
				    .action = "DescribeKey",
				    .resource = key->id };
	int rc;

	kreq.json_body = ajson_body(cx->arena, "KeyId", key->id);
	rc = inv_json_call(cx, &kreq, describe_page, key);
	if (rc == IRREADY_EPARSE && !cx->err->code[0])
		rc = inv_malformed(cx, &kreq, "no KeyMetadata");
	/* a key whose policy does not delegate to IAM denies us */
	rc = inv_resource_error(cx, rc, &key->describe_err);
	if (rc || key->describe_err.rc || !inv_kms_rotatable(key))
		return rc;
	kreq.action = "GetKeyRotationStatus";
	rc = inv_json_call(cx, &kreq, rotation_page, key);
	if (rc == IRREADY_EPARSE && !cx->err->code[0])
		rc = inv_malformed(cx, &kreq, "no KeyRotationEnabled");
	return inv_resource_error(cx, rc, &key->rotation_err);
}

int inv_collect_kms(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "kms",
				   .action = "ListKeys",
				   .json_body = "{}",
				   .token_param = "Marker" };
	int rc = inv_json_pages(cx, &req, "NextMarker", list_page, &req);

	if (rc)
		return rc;
	return inv_fanout(cx, cx->region->keys.n, key_details, NULL);
}

/* `irready inventory`: what KMS holds */
static void kms_json(cJSON *o, const struct inv_account *acct,
		     const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "kms_keys");
	for (size_t i = 0; i < r->keys.n; i++) {
		const struct inv_kms_key *k = &r->keys.v[i];
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "id", k->id);
		inv_json_str(x, "manager", k->manager);
		inv_json_str(x, "spec", k->spec);
		inv_json_str(x, "state", k->state);
		inv_json_str(x, "origin", k->origin);
		if (k->describe_err.code[0])
			inv_json_err(x, "describe_error", &k->describe_err);
		if (k->rotation_err.code[0])
			inv_json_err(x, "rotation_error", &k->rotation_err);
		if (k->rotation_checked)
			cJSON_AddBoolToObject(x, "rotation_enabled",
					      k->rotation_enabled);
		else
			cJSON_AddNullToObject(x, "rotation_enabled");
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_kms = {
	.name = "KMS",
	.scope = INV_REGION,
	.description = "KMS keys",
	.actions = "kms:ListKeys kms:DescribeKey kms:GetKeyRotationStatus",
	.collect = inv_collect_kms,
	.dump = kms_json,
};
