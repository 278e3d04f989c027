/*
 * inv_secretsmanager.c -- Secrets Manager secrets and their rotation (the
 * SECRETS dataset)
 *
 * secretsmanager:ListSecrets (json, NextToken paging) returns each
 * secret's rotation settings and dates; secret values are never read.
 */
#include "inv_pager.h"
#include "irready.h"

static int secrets_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, ajson_array(page, "SecretList"))
	{
		struct inv_secret *x = INV_PUSH(cx->region->secrets);
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
