/*
 * inv_dump.c -- the inventory as JSON (`irready inventory`)
 *
 * What the collectors decoded, per account and region, so a person can see
 * what irready saw and the conformance test can compare it with botocore's
 * parse of the same responses. Times are ISO-8601, absent values null.
 */
#include "inv.h"
#include "irready.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

static void add_time(cJSON *o, const char *k, time_t t)
{
	char buf[32];

	if (!t) {
		cJSON_AddNullToObject(o, k);
		return;
	}
	format_iso8601(t, buf, sizeof(buf));
	cJSON_AddStringToObject(o, k, buf);
}

static cJSON *status_json(const struct inv_status *st)
{
	cJSON *s = cJSON_CreateObject();

	cJSON_AddStringToObject(s, "state",
				st->state == INV_OK	  ? "ok"
				: st->state == INV_FAILED ? "failed"
							  : "not_requested");
	if (st->state == INV_FAILED) {
		cJSON_AddStringToObject(s, "code", st->err.code);
		cJSON_AddStringToObject(s, "action", st->err.action);
		cJSON_AddStringToObject(s, "region", st->err.region);
	}
	return s;
}

static cJSON *region_json(const struct inv_region *r)
{
	cJSON *o = cJSON_CreateObject(), *a, *st;

	st = cJSON_AddObjectToObject(o, "datasets");
	for (int d = 0; d < DS__COUNT; d++)
		if (inv_dataset_scope((enum inv_dataset)d) == INV_REGION &&
		    r->status[d].state != INV_NOT_REQUESTED)
			cJSON_AddItemToObject(st, inv_dataset_desc(d),
					      status_json(&r->status[d]));
	a = cJSON_AddArrayToObject(o, "vpcs");
	for (size_t i = 0; i < r->vpcs.n; i++) {
		cJSON *x = cJSON_CreateObject();

		add_str(x, "id", r->vpcs.v[i].id);
		add_str(x, "name", r->vpcs.v[i].name);
		cJSON_AddBoolToObject(x, "is_default", r->vpcs.v[i].is_default);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "flow_logs");
	for (size_t i = 0; i < r->flow_logs.n; i++) {
		cJSON *x = cJSON_CreateObject();

		add_str(x, "id", r->flow_logs.v[i].id);
		add_str(x, "resource_id", r->flow_logs.v[i].resource_id);
		add_str(x, "traffic_type", r->flow_logs.v[i].traffic_type);
		add_str(x, "status", r->flow_logs.v[i].status);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "volumes");
	for (size_t i = 0; i < r->volumes.n; i++) {
		cJSON *x = cJSON_CreateObject();

		add_str(x, "id", r->volumes.v[i].id);
		add_str(x, "state", r->volumes.v[i].state);
		add_str(x, "instance_id", r->volumes.v[i].instance_id);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "snapshots");
	for (size_t i = 0; i < r->snapshots.n; i++) {
		cJSON *x = cJSON_CreateObject();

		add_str(x, "id", r->snapshots.v[i].id);
		add_str(x, "volume_id", r->snapshots.v[i].volume_id);
		add_str(x, "state", r->snapshots.v[i].state);
		add_time(x, "start_time", r->snapshots.v[i].start_time);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "config_recorders");
	for (size_t i = 0; i < r->recorders.n; i++) {
		const struct inv_config_recorder *c = &r->recorders.v[i];
		cJSON *x = cJSON_CreateObject();

		add_str(x, "name", c->name);
		cJSON_AddBoolToObject(x, "all_supported", c->all_supported);
		cJSON_AddBoolToObject(x, "include_global", c->include_global);
		cJSON_AddBoolToObject(x, "recording", c->recording);
		add_str(x, "last_status", c->last_status);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "delivery_channels");
	for (size_t i = 0; i < r->channels.n; i++) {
		cJSON *x = cJSON_CreateObject();

		add_str(x, "name", r->channels.v[i].name);
		add_str(x, "bucket", r->channels.v[i].bucket);
		add_str(x, "sns_topic", r->channels.v[i].sns_topic);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "guardduty_detectors");
	for (size_t i = 0; i < r->detectors.n; i++) {
		cJSON *x = cJSON_CreateObject();

		add_str(x, "id", r->detectors.v[i].id);
		add_str(x, "status", r->detectors.v[i].status);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "kms_keys");
	for (size_t i = 0; i < r->keys.n; i++) {
		const struct inv_kms_key *k = &r->keys.v[i];
		cJSON *x = cJSON_CreateObject();

		add_str(x, "id", k->id);
		add_str(x, "manager", k->manager);
		add_str(x, "spec", k->spec);
		add_str(x, "state", k->state);
		add_str(x, "origin", k->origin);
		if (k->rotation_checked)
			cJSON_AddBoolToObject(x, "rotation_enabled",
					      k->rotation_enabled);
		else
			cJSON_AddNullToObject(x, "rotation_enabled");
		cJSON_AddItemToArray(a, x);
	}
	return o;
}

static cJSON *account_json(const struct inv_account *acct)
{
	cJSON *o = cJSON_CreateObject(), *a, *st, *regions;

	add_str(o, "id", acct->id);
	add_str(o, "caller_arn", acct->caller_arn);
	cJSON_AddBoolToObject(o, "assessed", acct->assessed);
	if (!acct->assessed)
		cJSON_AddItemToObject(o, "error", status_json(&(struct inv_status){
						     INV_FAILED, acct->fatal }));
	st = cJSON_AddObjectToObject(o, "datasets");
	for (int d = 0; d < DS__COUNT; d++)
		if (inv_dataset_scope((enum inv_dataset)d) == INV_ACCOUNT &&
		    acct->status[d].state != INV_NOT_REQUESTED)
			cJSON_AddItemToObject(st, inv_dataset_desc(d),
					      status_json(&acct->status[d]));
	a = cJSON_AddObjectToObject(o, "organization");
	cJSON_AddBoolToObject(a, "member", acct->org.member);
	add_str(a, "id", acct->org.id);
	add_str(a, "feature_set", acct->org.feature_set);
	add_str(a, "master_account_id", acct->org.master_account_id);
	cJSON_AddBoolToObject(o, "keys_from_credential_report",
			      acct->keys_from_credential_report);
	a = cJSON_AddArrayToObject(o, "access_keys");
	for (size_t i = 0; i < acct->access_keys.n; i++) {
		const struct inv_access_key *k = &acct->access_keys.v[i];
		cJSON *x = cJSON_CreateObject();

		add_str(x, "user", k->user);
		add_str(x, "user_arn", k->user_arn);
		add_str(x, "key_id", k->key_id);
		cJSON_AddBoolToObject(x, "active", k->active);
		add_time(x, "created", k->created);
		add_time(x, "last_used", k->last_used);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "trails");
	for (size_t i = 0; i < acct->trails.n; i++) {
		const struct inv_trail *t = &acct->trails.v[i];
		cJSON *x = cJSON_CreateObject();

		add_str(x, "name", t->name);
		add_str(x, "arn", t->arn);
		add_str(x, "home_region", t->home_region);
		cJSON_AddBoolToObject(x, "multi_region", t->multi_region);
		cJSON_AddBoolToObject(x, "organization", t->organization);
		if (t->status_checked)
			cJSON_AddBoolToObject(x, "is_logging", t->is_logging);
		else
			cJSON_AddNullToObject(x, "is_logging");
		if (t->selectors_checked) {
			cJSON_AddBoolToObject(x, "mgmt_read", t->mgmt_read);
			cJSON_AddBoolToObject(x, "mgmt_write", t->mgmt_write);
		} else {
			cJSON_AddNullToObject(x, "mgmt_read");
			cJSON_AddNullToObject(x, "mgmt_write");
		}
		cJSON_AddItemToArray(a, x);
	}
	regions = cJSON_AddObjectToObject(o, "regions");
	for (size_t r = 0; r < acct->nregions; r++)
		cJSON_AddItemToObject(regions, acct->regions[r].name,
				      region_json(&acct->regions[r]));
	return o;
}

int inv_dump_json(const struct inventory *inv, FILE *out)
{
	cJSON *root = cJSON_CreateObject(), *a;
	char *s;

	cJSON_AddStringToObject(root, "schema", "irready.inventory/1");
	add_time(root, "now", inv->now);
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
