/*
 * inv_json.c -- the inventory as JSON (`irready inventory`)
 *
 * What the collectors decoded, per account and region, so a person can see
 * what irready saw and the conformance test can compare it with botocore's
 * parse of the same responses. Each dataset writes its own keys (its
 * descriptor's dump function, beside its collector); this file writes the
 * frame around them and the helpers they share.
 */
#include "inv_json.h"
#include "irready.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void inv_json_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

void inv_json_time(cJSON *o, const char *k, time_t t)
{
	char buf[32];

	if (!t) {
		cJSON_AddNullToObject(o, k);
		return;
	}
	format_iso8601(t, buf, sizeof(buf));
	cJSON_AddStringToObject(o, k, buf);
}

void inv_json_strs(cJSON *o, const char *k, const char *const *v, size_t n)
{
	cJSON *a = cJSON_AddArrayToObject(o, k);

	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
}

cJSON *inv_json_status(const struct inv_status *st)
{
	cJSON *s = cJSON_CreateObject();

	cJSON_AddStringToObject(s, "state",
				st->state == INV_OK       ? "ok"
				: st->state == INV_FAILED ? "failed"
							  : "not_requested");
	if (st->state == INV_FAILED) {
		cJSON_AddStringToObject(s, "code", st->err.code);
		cJSON_AddStringToObject(s, "action", st->err.action);
		cJSON_AddStringToObject(s, "region", st->err.region);
	}
	return s;
}

void inv_json_err(cJSON *o, const char *k, const struct aws_error *e)
{
	cJSON *x;

	if (!e->code[0]) {
		cJSON_AddNullToObject(o, k);
		return;
	}
	x = cJSON_AddObjectToObject(o, k);
	cJSON_AddStringToObject(x, "code", e->code);
	cJSON_AddStringToObject(x, "action", e->action);
	cJSON_AddStringToObject(x, "region", e->region);
}

void inv_json_failure(cJSON *o, const char *k, int failed,
		      const struct aws_error *e)
{
	if (failed)
		cJSON_AddItemToObject(o, k,
				      inv_json_status(&(struct inv_status){
					      INV_FAILED, *e }));
}

/*
 * The order the datasets' keys are printed in, kept from before the
 * datasets wrote their own so that the output stays byte-stable. Keys
 * not listed here (a new dataset's) follow in datasets.def order.
 */
static const char *const account_layout[] = {
	"organization",
	"keys_from_credential_report",
	"access_keys",
	"trails",
	"workload_vpcs",
	"drill",
	"iam_users",
	"iam_root",
	"iam_last_use_error",
	"iam_entities",
	"iam_policies",
	"alternate_contacts",
	"dashboards",
	"support",
	"s3_public_access_block",
	"buckets_owned",
	"buckets_of_interest",
	"incident_manager",
	"org_admin",
	NULL,
};

static const char *const region_layout[] = {
	"vpcs",
	"flow_logs",
	"volumes",
	"snapshots",
	"config_recorders",
	"delivery_channels",
	"guardduty_detectors",
	"kms_keys",
	"instances",
	"images",
	"network_interfaces",
	"security_groups",
	"network_acls",
	"ebs_encryption_default",
	"public_snapshots",
	"ssm_instances",
	"ssm_documents",
	"stacks",
	"secrets",
	"ssm_parameters",
	"backup_plans",
	"backup_vaults",
	"dlm_policies",
	"log_groups",
	"metric_filters",
	"alarms",
	"event_rules",
	"sns_topics",
	"sns_subscriptions",
	"query_log_associations",
	"log_stores",
	"ses_identities",
	"load_balancers",
	"web_acls",
	"guardduty_findings",
	"guardduty_settings",
	"inspector",
	"macie",
	"securityhub",
	"access_analyzers",
	NULL,
};

/*
 * Every dataset of this scope writes its keys into a scratch object; they
 * move into 'o' in 'layout' order, then whatever is left.
 */
static void datasets_json(cJSON *o, const struct inv_account *a,
			  const struct inv_region *r, const char *const *layout)
{
	cJSON *scratch = cJSON_CreateObject(), *it;

	for (int d = 0; d < DS__COUNT; d++) {
		const struct dataset *ds = inv_dataset((enum inv_dataset)d);

		if (ds->dump && ds->scope == (r ? INV_REGION : INV_ACCOUNT))
			ds->dump(scratch, a, r);
	}
	for (size_t i = 0; layout[i]; i++) {
		it = cJSON_DetachItemFromObjectCaseSensitive(scratch,
							     layout[i]);
		if (it)
			cJSON_AddItemToObject(o, layout[i], it);
	}
	while ((it = scratch->child)) {
		char *k = xstrdup(it->string);

		cJSON_DetachItemViaPointer(scratch, it);
		cJSON_AddItemToObject(o, k, it);
		free(k);
	}
	cJSON_Delete(scratch);
}

/* "datasets": the state of each requested one of this scope */
static void states_json(cJSON *o, const struct inv_status *status,
			enum inv_scope scope)
{
	cJSON *st = cJSON_AddObjectToObject(o, "datasets");

	for (int d = 0; d < DS__COUNT; d++) {
		const struct dataset *ds = inv_dataset((enum inv_dataset)d);

		/* the gates show as "assessed" and "error" */
		if (ds->scope == scope && !ds->gate &&
		    status[d].state != INV_NOT_REQUESTED)
			cJSON_AddItemToObject(st, ds->description,
					      inv_json_status(&status[d]));
	}
}

static cJSON *region_json(const struct inv_account *acct,
			  const struct inv_region *r)
{
	cJSON *o = cJSON_CreateObject();

	states_json(o, r->status, INV_REGION);
	datasets_json(o, acct, r, region_layout);
	return o;
}

static cJSON *account_json(const struct inv_account *acct)
{
	cJSON *o = cJSON_CreateObject(), *regions;

	inv_json_str(o, "id", acct->id);
	inv_json_str(o, "caller_arn", acct->caller_arn);
	cJSON_AddBoolToObject(o, "assessed", acct->assessed);
	if (!acct->assessed)
		cJSON_AddItemToObject(o, "error",
				      inv_json_status(&(struct inv_status){
					      INV_FAILED, acct->fatal }));
	states_json(o, acct->status, INV_ACCOUNT);
	datasets_json(o, acct, NULL, account_layout);
	regions = cJSON_AddObjectToObject(o, "regions");
	for (size_t r = 0; r < acct->nregions; r++)
		cJSON_AddItemToObject(regions, acct->regions[r].name,
				      region_json(acct, &acct->regions[r]));
	return o;
}

int inv_dump_json(const struct inventory *inv, FILE *out)
{
	cJSON *root = cJSON_CreateObject(), *a;
	char *s;

	cJSON_AddStringToObject(root, "schema", "irready.inventory/1");
	inv_json_time(root, "now", inv->now);
	a = cJSON_AddArrayToObject(root, "accounts");
	for (size_t i = 0; i < inv->naccounts; i++)
		cJSON_AddItemToArray(a, account_json(&inv->accounts[i]));
	s = cJSON_Print(root);
	fputs(s, out);
	fputc('\n', out);
	cJSON_free(s);
	cJSON_Delete(root);
	return ferror(out) ? IRREADY_EIO : 0;
}
