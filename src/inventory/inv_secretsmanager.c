/*
 * inv_secretsmanager.c -- Secrets Manager secrets and their rotation (the
 * SECRETS dataset)
 *
 * secretsmanager:ListSecrets (json, NextToken paging) returns each
 * secret's rotation settings and dates; secret values are never read.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

static int secrets_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, ajson_array(page, "SecretList"))
	{
		struct inv_secret *x = INV_PUSH(cx->arena, cx->region->secrets);
		const cJSON *rules =
			cJSON_GetObjectItemCaseSensitive(s, "RotationRules");

		x->arn = ajson_str(cx->arena, s, "ARN");
		x->name = ajson_str(cx->arena, s, "Name");
		x->owning_service = ajson_str(cx->arena, s, "OwningService");
		x->primary_region = ajson_str(cx->arena, s, "PrimaryRegion");
		x->rotation_enabled = ajson_bool(s, "RotationEnabled", 0);
		if (cJSON_IsObject(rules)) {
			x->rotation_days = (long)ajson_num(
				rules, "AutomaticallyAfterDays", 0);
			x->schedule = ajson_str(cx->arena, rules,
						"ScheduleExpression");
		}
		x->created = ajson_time(s, "CreatedDate");
		x->last_rotated = ajson_time(s, "LastRotatedDate");
		x->last_changed = ajson_time(s, "LastChangedDate");
		x->deleted = ajson_time(s, "DeletedDate");
		if (!x->arn || !x->name)
			return inv_malformed(cx, arg,
					     "a secret without ARN "
					     "or Name");
	}
	return 0;
}

int inv_collect_secrets(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "secretsmanager",
				   .action = "ListSecrets",
				   .json_body = "{}",
				   .token_param = "NextToken" };

	return inv_json_pages(cx, &req, "NextToken", secrets_page, &req);
}

/* `irready inventory`: what SECRETS holds */
static void secrets_json(cJSON *o, const struct inv_account *acct,
			 const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "secrets");

	for (size_t i = 0; i < r->secrets.n; i++) {
		const struct inv_secret *s = &r->secrets.v[i];
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "arn", s->arn);
		inv_json_str(x, "name", s->name);
		cJSON_AddBoolToObject(x, "rotation_enabled",
				      s->rotation_enabled);
		cJSON_AddNumberToObject(x, "rotation_days",
					(double)s->rotation_days);
		inv_json_str(x, "schedule", s->schedule);
		inv_json_time(x, "last_rotated", s->last_rotated);
		inv_json_time(x, "created", s->created);
		inv_json_str(x, "primary_region", s->primary_region);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_secrets = {
	.name = "SECRETS",
	.scope = INV_REGION,
	.description = "Secrets Manager secrets",
	.actions = "secretsmanager:ListSecrets",
	.collect = inv_collect_secrets,
	.dump = secrets_json,
};
