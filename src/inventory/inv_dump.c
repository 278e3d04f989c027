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
#include <string.h>

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

/* INSTANCES .. STACKS (inv_ec2_fleet.c, inv_ssm_managed.c, ...) */
static void add_strs(cJSON *o, const char *k, const char *const *v, size_t n)
{
	cJSON *a = cJSON_AddArrayToObject(o, k);

	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
}

static void sg_rules_json(cJSON *o, const char *k, const struct inv_sg_rule *v,
			  size_t n)
{
	cJSON *a = cJSON_AddArrayToObject(o, k);

	for (size_t i = 0; i < n; i++) {
		cJSON *x = cJSON_CreateObject();

		add_str(x, "protocol", v[i].protocol);
		if (v[i].has_ports) {
			cJSON_AddNumberToObject(x, "from_port", v[i].from_port);
			cJSON_AddNumberToObject(x, "to_port", v[i].to_port);
		}
		cJSON_AddBoolToObject(x, "world4", v[i].world4);
		cJSON_AddBoolToObject(x, "world6", v[i].world6);
		cJSON_AddItemToArray(a, x);
	}
}

static void fleet_json(cJSON *o, const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "instances");
	for (size_t i = 0; i < r->instances.n; i++) {
		const struct inv_instance *in = &r->instances.v[i];
		cJSON *x = cJSON_CreateObject();

		add_str(x, "id", in->id);
		add_str(x, "state", in->state);
		add_str(x, "vpc_id", in->vpc_id);
		add_str(x, "image_id", in->image_id);
		add_strs(x, "security_groups", in->sg_ids, in->nsg);
		add_strs(x, "volumes", in->volume_ids, in->nvolumes);
		if (in->ami_checked)
			cJSON_AddBoolToObject(x, "ami_found", in->ami_found);
		else
			cJSON_AddNullToObject(x, "ami_found");
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "images");
	for (size_t i = 0; i < r->images.n; i++) {
		const struct inv_image *im = &r->images.v[i];
		cJSON *x = cJSON_CreateObject();

		add_str(x, "id", im->id);
		add_str(x, "state", im->state);
		add_time(x, "created", im->created);
		add_strs(x, "snapshots", im->snapshot_ids, im->nsnapshots);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "network_interfaces");
	for (size_t i = 0; i < r->enis.n; i++) {
		cJSON *x = cJSON_CreateObject();

		add_str(x, "id", r->enis.v[i].id);
		add_str(x, "vpc_id", r->enis.v[i].vpc_id);
		add_str(x, "type", r->enis.v[i].type);
		add_str(x, "instance_id", r->enis.v[i].instance_id);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "security_groups");
	for (size_t i = 0; i < r->sgs.n; i++) {
		const struct inv_sg *g = &r->sgs.v[i];
		cJSON *x = cJSON_CreateObject();

		add_str(x, "id", g->id);
		add_str(x, "name", g->name);
		add_str(x, "vpc_id", g->vpc_id);
		sg_rules_json(x, "ingress", g->ingress, g->ningress);
		sg_rules_json(x, "egress", g->egress, g->negress);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "network_acls");
	for (size_t i = 0; i < r->nacls.n; i++) {
		const struct inv_nacl *acl = &r->nacls.v[i];
		cJSON *x = cJSON_CreateObject(), *e;

		add_str(x, "id", acl->id);
		add_str(x, "vpc_id", acl->vpc_id);
		cJSON_AddBoolToObject(x, "is_default", acl->is_default);
		e = cJSON_AddArrayToObject(x, "entries");
		for (size_t k = 0; k < acl->nentries; k++) {
			const struct inv_nacl_entry *en = &acl->entries[k];
			cJSON *y = cJSON_CreateObject();

			cJSON_AddNumberToObject(y, "rule_number",
						en->rule_number);
			add_str(y, "protocol", en->protocol);
			cJSON_AddBoolToObject(y, "egress", en->egress);
			cJSON_AddBoolToObject(y, "allow", en->allow);
			add_str(y, "cidr", en->cidr);
			add_str(y, "ipv6_cidr", en->ipv6_cidr);
			if (en->has_ports) {
				cJSON_AddNumberToObject(y, "from_port",
							en->from_port);
				cJSON_AddNumberToObject(y, "to_port",
							en->to_port);
			}
			cJSON_AddItemToArray(e, y);
		}
		cJSON_AddItemToArray(a, x);
	}
	if (r->status[DS_EBS_ENCRYPTION].state == INV_OK)
		cJSON_AddBoolToObject(o, "ebs_encryption_default",
				      r->ebs_encryption_default);
	else
		cJSON_AddNullToObject(o, "ebs_encryption_default");
	a = cJSON_AddArrayToObject(o, "public_snapshots");
	for (size_t i = 0; i < r->public_snapshots.n; i++) {
		cJSON *x = cJSON_CreateObject();

		add_str(x, "id", r->public_snapshots.v[i].id);
		add_str(x, "volume_id", r->public_snapshots.v[i].volume_id);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "ssm_instances");
	for (size_t i = 0; i < r->ssm_instances.n; i++) {
		cJSON *x = cJSON_CreateObject();

		add_str(x, "id", r->ssm_instances.v[i].id);
		add_str(x, "ping_status", r->ssm_instances.v[i].ping_status);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "ssm_documents");
	for (size_t i = 0; i < r->ssm_documents.n; i++) {
		cJSON *x = cJSON_CreateObject();

		add_str(x, "name", r->ssm_documents.v[i].name);
		add_str(x, "type", r->ssm_documents.v[i].type);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "stacks");
	for (size_t i = 0; i < r->stacks.n; i++) {
		cJSON *x = cJSON_CreateObject();

		add_str(x, "id", r->stacks.v[i].id);
		add_str(x, "name", r->stacks.v[i].name);
		add_str(x, "status", r->stacks.v[i].status);
		add_str(x, "drift", r->stacks.v[i].drift);
		cJSON_AddItemToArray(a, x);
	}
}

/* WORKLOAD_VPCS, DRILL */
static void drill_json(cJSON *o, const struct inv_account *acct)
{
	static const char *const answers[] = { "unknown", "allowed", "denied",
					       "error" };
	cJSON *d, *a;

	if (acct->status[DS_WORKLOAD_VPCS].state != INV_NOT_REQUESTED) {
		a = cJSON_AddArrayToObject(o, "workload_vpcs");
		for (size_t i = 0; i < acct->workload_vpcs.n; i++) {
			const struct inv_workload_vpc *w =
				&acct->workload_vpcs.v[i];
			cJSON *x = cJSON_CreateObject();

			add_str(x, "region", w->region);
			add_str(x, "id", w->id);
			cJSON_AddBoolToObject(x, "is_default", w->is_default);
			cJSON_AddItemToArray(a, x);
		}
	}
	if (acct->status[DS_DRILL].state == INV_NOT_REQUESTED)
		return;
	d = cJSON_AddObjectToObject(o, "drill");
	add_str(d, "region", acct->drill_region);
	add_str(d, "instance", acct->drill_instance);
	add_str(d, "volume", acct->drill_volume);
	add_str(d, "security_group", acct->drill_sg);
	a = cJSON_AddArrayToObject(d, "steps");
	for (size_t i = 0; i < acct->drill_steps.n; i++) {
		const struct inv_drill_step *s = &acct->drill_steps.v[i];
		cJSON *x = cJSON_CreateObject();

		add_str(x, "action", s->action);
		add_str(x, "principal", s->principal);
		add_str(x, "target", s->target);
		add_str(x, "answer", answers[s->answer]);
		add_str(x, "decision", s->decision);
		if (s->answer == INV_DRILL_ERROR)
			add_str(x, "error", s->err.code);
		cJSON_AddItemToArray(a, x);
	}
}

/* IAM_KEYS (users, root), IAM_AUTHZ, ACCOUNT_CONTACTS, SUPPORT */
static void iam_account_json(cJSON *o, const struct inv_account *acct)
{
	static const char *const kinds[] = { "user", "group", "role" };
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "iam_users");
	for (size_t i = 0; i < acct->iam_users.n; i++) {
		const struct inv_iam_user *u = &acct->iam_users.v[i];

		x = cJSON_CreateObject();
		add_str(x, "name", u->name);
		add_str(x, "arn", u->arn);
		add_time(x, "created", u->created);
		cJSON_AddBoolToObject(x, "password_enabled",
				      u->password_enabled);
		add_time(x, "password_set", u->password_set);
		add_time(x, "password_last_used", u->password_last_used);
		cJSON_AddItemToArray(a, x);
	}
	if (acct->status[DS_IAM_KEYS].state == INV_OK) {
		x = cJSON_AddObjectToObject(o, "iam_root");
		cJSON_AddBoolToObject(x, "known", acct->iam_root.known);
		cJSON_AddBoolToObject(x, "mfa_enabled",
				      acct->iam_root.mfa_enabled);
		cJSON_AddNumberToObject(x, "access_keys",
					acct->iam_root.access_keys);
		add_str(x, "source", acct->iam_root.source);
		if (!acct->iam_root.known)
			add_str(x, "error", acct->iam_root.err.code);
		add_str(o, "iam_last_use_error",
			acct->iam_last_use_failed ? acct->iam_last_use_err.code
						  : NULL);
	}
	a = cJSON_AddArrayToObject(o, "iam_entities");
	for (size_t i = 0; i < acct->iam_entities.n; i++) {
		const struct inv_iam_entity *e = &acct->iam_entities.v[i];
		cJSON *p;

		x = cJSON_CreateObject();
		add_str(x, "kind", kinds[e->kind]);
		add_str(x, "name", e->name);
		add_str(x, "arn", e->arn);
		add_str(x, "path", e->path);
		add_time(x, "created", e->created);
		p = cJSON_AddArrayToObject(x, "inline_policies");
		for (size_t k = 0; k < e->ninline_policies; k++)
			cJSON_AddItemToArray(
				p, cJSON_CreateString(
					   e->inline_policies[k].name
						   ? e->inline_policies[k].name
						   : ""));
		add_strs(x, "attached", e->attached, e->nattached);
		/* roles only; null for users and groups */
		if (e->kind == INV_IAM_ROLE && e->trust.valid)
			cJSON_AddNumberToObject(x, "trust_statements",
						(double)e->trust.nstatements);
		else
			cJSON_AddNullToObject(x, "trust_statements");
		add_time(x, "last_used", e->last_used);
		add_str(x, "last_used_region", e->last_used_region);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "iam_policies");
	for (size_t i = 0; i < acct->iam_policies.n; i++) {
		const struct inv_iam_policy *p = &acct->iam_policies.v[i];

		x = cJSON_CreateObject();
		add_str(x, "name", p->name);
		add_str(x, "arn", p->arn);
		add_str(x, "default_version", p->default_version);
		cJSON_AddNumberToObject(x, "attachments",
					(double)p->attachments);
		if (p->doc.valid)
			cJSON_AddNumberToObject(x, "statements",
						(double)p->doc.nstatements);
		else
			cJSON_AddNullToObject(x, "statements");
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "alternate_contacts");
	for (size_t i = 0; i < acct->alternate_contacts.n; i++) {
		const struct inv_alternate_contact *c =
			&acct->alternate_contacts.v[i];

		x = cJSON_CreateObject();
		add_str(x, "type", c->type);
		cJSON_AddBoolToObject(x, "registered", c->registered);
		add_str(x, "name", c->name);
		add_str(x, "email", c->email);
		cJSON_AddItemToArray(a, x);
	}
	if (acct->status[DS_SUPPORT].state == INV_OK) {
		x = cJSON_AddObjectToObject(o, "support");
		cJSON_AddBoolToObject(x, "premium", acct->support.premium);
		add_str(x, "levels", acct->support.levels);
	}
}

/* SECRETS, SSM_PARAMETERS */
static void secrets_params_json(cJSON *o, const struct inv_region *r)
{
	cJSON *a = cJSON_AddArrayToObject(o, "secrets");

	for (size_t i = 0; i < r->secrets.n; i++) {
		const struct inv_secret *s = &r->secrets.v[i];
		cJSON *x = cJSON_CreateObject();

		add_str(x, "arn", s->arn);
		add_str(x, "name", s->name);
		cJSON_AddBoolToObject(x, "rotation_enabled",
				      s->rotation_enabled);
		cJSON_AddNumberToObject(x, "rotation_days",
					(double)s->rotation_days);
		add_str(x, "schedule", s->schedule);
		add_time(x, "last_rotated", s->last_rotated);
		add_time(x, "created", s->created);
		add_str(x, "primary_region", s->primary_region);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "ssm_parameters");
	for (size_t i = 0; i < r->ssm_parameters.n; i++) {
		const struct inv_ssm_parameter *p = &r->ssm_parameters.v[i];
		cJSON *x = cJSON_CreateObject();

		add_str(x, "name", p->name);
		add_str(x, "type", p->type);
		add_str(x, "key_id", p->key_id);
		cJSON_AddItemToArray(a, x);
	}
}

/* A per-call failure kept on a record (S3 buckets), or null. */
static void add_err(cJSON *o, const char *k, const struct aws_error *e)
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

/* S3_PAB and S3_BUCKETS */
static void s3_json(cJSON *o, const struct inv_account *acct)
{
	const struct inv_s3_pab *p = &acct->s3_pab;
	cJSON *x = cJSON_AddObjectToObject(o, "s3_public_access_block"), *a;

	cJSON_AddBoolToObject(x, "checked", p->checked);
	cJSON_AddBoolToObject(x, "configured", p->configured);
	cJSON_AddBoolToObject(x, "block_public_acls", p->block_public_acls);
	cJSON_AddBoolToObject(x, "ignore_public_acls", p->ignore_public_acls);
	cJSON_AddBoolToObject(x, "block_public_policy", p->block_public_policy);
	cJSON_AddBoolToObject(x, "restrict_public_buckets",
			      p->restrict_public_buckets);
	cJSON_AddNumberToObject(o, "buckets_owned",
				(double)acct->buckets_owned);
	a = cJSON_AddArrayToObject(o, "buckets_of_interest");
	for (size_t i = 0; i < acct->buckets.n; i++) {
		const struct inv_bucket *b = &acct->buckets.v[i];
		char roles[96];
		cJSON *y = cJSON_CreateObject(), *rules;

		add_str(y, "name", b->name);
		add_str(y, "roles", inv_bucket_roles(b, roles, sizeof(roles)));
		cJSON_AddBoolToObject(y, "evidence", b->evidence);
		cJSON_AddBoolToObject(y, "owned", b->owned);
		cJSON_AddNumberToObject(y, "exists", b->exists);
		add_str(y, "region", b->region);
		add_err(y, "location_error", &b->location_err);
		if (b->versioning_checked) {
			add_str(y, "versioning", b->versioning);
			add_str(y, "mfa_delete", b->mfa_delete);
		}
		add_err(y, "versioning_error", &b->versioning_err);
		if (b->lock_checked) {
			cJSON_AddBoolToObject(y, "object_lock",
					      b->lock_enabled);
			add_str(y, "lock_mode", b->lock_mode);
			cJSON_AddNumberToObject(
				y, "lock_days",
				(double)(b->lock_days ? b->lock_days
						      : b->lock_years * 365));
		}
		add_err(y, "object_lock_error", &b->lock_err);
		if (b->lifecycle_checked) {
			rules = cJSON_AddArrayToObject(y, "lifecycle_rules");
			for (size_t k = 0; k < b->nrules; k++) {
				const struct inv_lifecycle_rule *r =
					&b->rules[k];
				cJSON *z = cJSON_CreateObject();

				add_str(z, "id", r->id);
				add_str(z, "status", r->status);
				add_str(z, "prefix", r->prefix);
				add_str(z, "archive_class", r->archive_class);
				cJSON_AddNumberToObject(
					z, "archive_days",
					(double)r->archive_days);
				cJSON_AddNumberToObject(
					z, "expiration_days",
					(double)r->expiration_days);
				add_time(z, "expiration_date",
					 r->expiration_date);
				cJSON_AddNumberToObject(
					z, "noncurrent_expiration_days",
					(double)r->noncurrent_expiration_days);
				cJSON_AddItemToArray(rules, z);
			}
		}
		add_err(y, "lifecycle_error", &b->lifecycle_err);
		if (b->logging_checked)
			add_str(y, "access_log_target", b->log_target);
		add_err(y, "logging_error", &b->logging_err);
		cJSON_AddItemToArray(a, y);
	}
}

/* BACKUP_PLANS and DLM */
static void recovery_json(cJSON *o, const struct inv_region *r)
{
	cJSON *a = cJSON_AddArrayToObject(o, "backup_plans");

	for (size_t i = 0; i < r->backup_plans.n; i++) {
		const struct inv_backup_plan *p = &r->backup_plans.v[i];
		cJSON *x = cJSON_CreateObject(), *rules;

		add_str(x, "id", p->id);
		add_str(x, "name", p->name);
		cJSON_AddNumberToObject(x, "selections",
					(double)p->nselections);
		rules = cJSON_AddArrayToObject(x, "rules");
		for (size_t k = 0; k < p->nrules; k++) {
			const struct inv_backup_rule *ru = &p->rules[k];
			cJSON *y = cJSON_CreateObject(), *c;

			add_str(y, "name", ru->name);
			add_str(y, "target_vault", ru->target_vault);
			cJSON_AddNumberToObject(y, "delete_after_days",
						(double)ru->delete_after_days);
			c = cJSON_AddArrayToObject(y, "copy_to");
			for (size_t j = 0; j < ru->ncopies; j++)
				cJSON_AddItemToArray(
					c, cJSON_CreateString(
						   ru->copies[j].destination));
			cJSON_AddItemToArray(rules, y);
		}
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "backup_vaults");
	for (size_t i = 0; i < r->backup_vaults.n; i++) {
		const struct inv_backup_vault *v = &r->backup_vaults.v[i];
		cJSON *x = cJSON_CreateObject();

		add_str(x, "name", v->name);
		cJSON_AddBoolToObject(x, "locked", v->locked);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "dlm_policies");
	for (size_t i = 0; i < r->dlm_policies.n; i++) {
		const struct inv_dlm_policy *p = &r->dlm_policies.v[i];
		cJSON *x = cJSON_CreateObject(), *s;

		add_str(x, "id", p->id);
		add_str(x, "type", p->type);
		add_str(x, "state", p->state);
		s = cJSON_AddArrayToObject(x, "schedules");
		for (size_t k = 0; k < p->nschedules; k++) {
			const struct inv_dlm_schedule *d = &p->schedules[k];
			cJSON *y = cJSON_CreateObject();

			add_str(y, "name", d->name);
			cJSON_AddNumberToObject(y, "create_interval_hours",
						(double)d->create_interval);
			add_str(y, "cron", d->cron);
			cJSON_AddNumberToObject(y, "retain_count",
						(double)d->retain_count);
			cJSON_AddNumberToObject(y, "retain_interval",
						(double)d->retain_interval);
			add_str(y, "retain_unit", d->retain_unit);
			cJSON_AddItemToArray(s, y);
		}
		cJSON_AddItemToArray(a, x);
	}
}

/* LOG_GROUPS .. WAF_ACLS (inv_cloudwatch.c, inv_events.c, inv_sns.c, ...) */
static void plumbing_json(cJSON *o, const struct inv_region *r)
{
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "log_groups");
	for (size_t i = 0; i < r->log_groups.n; i++) {
		const struct inv_log_group *g = &r->log_groups.v[i];

		x = cJSON_CreateObject();
		add_str(x, "name", g->name);
		add_str(x, "arn", g->arn);
		if (g->retention_days)
			cJSON_AddNumberToObject(x, "retention_days",
						(double)g->retention_days);
		else
			cJSON_AddNullToObject(x, "retention_days");
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "metric_filters");
	for (size_t i = 0; i < r->metric_filters.n; i++) {
		const struct inv_metric_filter *f = &r->metric_filters.v[i];

		x = cJSON_CreateObject();
		add_str(x, "log_group", f->log_group);
		add_str(x, "name", f->name);
		add_str(x, "pattern", f->pattern);
		add_str(x, "metric_name", f->metric_name);
		add_str(x, "metric_namespace", f->metric_namespace);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "alarms");
	for (size_t i = 0; i < r->alarms.n; i++) {
		const struct inv_alarm *al = &r->alarms.v[i];

		x = cJSON_CreateObject();
		add_str(x, "name", al->name);
		add_str(x, "metric_name", al->metric_name);
		add_str(x, "metric_namespace", al->metric_namespace);
		cJSON_AddBoolToObject(x, "actions_enabled",
				      al->actions_enabled);
		cJSON_AddNumberToObject(x, "alarm_actions",
					(double)al->nactions);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "dashboards");
	for (size_t i = 0; i < r->dashboards.n; i++)
		cJSON_AddItemToArray(
			a, cJSON_CreateString(r->dashboards.v[i].name));
	a = cJSON_AddArrayToObject(o, "event_rules");
	for (size_t i = 0; i < r->event_rules.n; i++) {
		const struct inv_event_rule *er = &r->event_rules.v[i];

		x = cJSON_CreateObject();
		add_str(x, "name", er->name);
		add_str(x, "state", er->state);
		cJSON_AddBoolToObject(x, "source_guardduty",
				      er->source_guardduty);
		cJSON_AddBoolToObject(x, "source_securityhub",
				      er->source_securityhub);
		if (er->targets_checked)
			cJSON_AddNumberToObject(x, "targets",
						(double)er->ntargets);
		else
			cJSON_AddNullToObject(x, "targets");
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "sns_topics");
	for (size_t i = 0; i < r->sns_topics.n; i++) {
		const struct inv_sns_topic *t = &r->sns_topics.v[i];
		cJSON *g;

		x = cJSON_CreateObject();
		add_str(x, "arn", t->arn);
		cJSON_AddBoolToObject(x, "attributes", t->attrs_checked);
		g = cJSON_AddArrayToObject(x, "open_grants");
		for (size_t k = 0; k < t->nopen_grants; k++)
			cJSON_AddItemToArray(
				g, cJSON_CreateString(t->open_grants[k]));
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "sns_subscriptions");
	for (size_t i = 0; i < r->sns_subscriptions.n; i++) {
		const struct inv_sns_subscription *su =
			&r->sns_subscriptions.v[i];

		x = cJSON_CreateObject();
		add_str(x, "topic_arn", su->topic_arn);
		add_str(x, "protocol", su->protocol);
		cJSON_AddBoolToObject(x, "confirmed", su->confirmed);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "query_log_associations");
	for (size_t i = 0; i < r->query_log_assocs.n; i++) {
		const struct inv_query_log_assoc *q = &r->query_log_assocs.v[i];

		x = cJSON_CreateObject();
		add_str(x, "resource_id", q->resource_id);
		add_str(x, "status", q->status);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "log_stores");
	for (size_t i = 0; i < r->log_stores.n; i++) {
		const struct inv_log_store *st = &r->log_stores.v[i];

		x = cJSON_CreateObject();
		add_str(x, "kind", st->kind);
		add_str(x, "name", st->name);
		add_str(x, "state", st->state);
		add_str(x, "location", st->location);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "ses_identities");
	for (size_t i = 0; i < r->ses_identities.n; i++) {
		x = cJSON_CreateObject();
		add_str(x, "name", r->ses_identities.v[i].name);
		add_str(x, "status", r->ses_identities.v[i].status);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "load_balancers");
	for (size_t i = 0; i < r->load_balancers.n; i++) {
		const struct inv_load_balancer *lb = &r->load_balancers.v[i];

		x = cJSON_CreateObject();
		add_str(x, "arn", lb->arn);
		add_str(x, "type", lb->type);
		add_str(x, "scheme", lb->scheme);
		if (lb->waf_checked)
			add_str(x, "web_acl_arn", lb->web_acl_arn);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "web_acls");
	for (size_t i = 0; i < r->web_acls.n; i++) {
		const struct inv_web_acl *w = &r->web_acls.v[i];

		x = cJSON_CreateObject();
		add_str(x, "arn", w->arn);
		add_str(x, "scope", w->scope);
		cJSON_AddBoolToObject(x, "logging", w->logging);
		cJSON_AddItemToArray(a, x);
	}
}

/* GUARDDUTY_FINDINGS/SETTINGS, INSPECTOR, MACIE, SECURITYHUB, ACCESS_ANALYZER
 */
static void err_json(cJSON *o, const char *k, int failed,
		     const struct aws_error *e)
{
	if (failed)
		cJSON_AddItemToObject(
			o, k,
			status_json(&(struct inv_status){ INV_FAILED, *e }));
}

static void security_services_json(cJSON *o, const struct inv_region *r)
{
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "guardduty_findings");
	for (size_t i = 0; i < r->gd_findings.n; i++) {
		const struct inv_gd_finding *f = &r->gd_findings.v[i];

		x = cJSON_CreateObject();
		add_str(x, "detector_id", f->detector_id);
		add_str(x, "id", f->id);
		add_str(x, "type", f->type);
		add_str(x, "resource_type", f->resource_type);
		cJSON_AddNumberToObject(x, "severity", f->severity);
		add_time(x, "created_at", f->created_at);
		add_time(x, "updated_at", f->updated_at);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "guardduty_settings");
	for (size_t i = 0; i < r->gd_settings.n; i++) {
		const struct inv_gd_settings *s = &r->gd_settings.v[i];
		cJSON *d;

		x = cJSON_CreateObject();
		add_str(x, "detector_id", s->detector_id);
		add_str(x, "ebs_snapshot_preservation",
			s->ebs_snapshot_preservation);
		err_json(x, "export_error", s->export_failed, &s->export_err);
		err_json(x, "malware_error", s->malware_failed,
			 &s->malware_err);
		d = cJSON_AddArrayToObject(x, "destinations");
		for (size_t j = 0; j < r->gd_destinations.n; j++) {
			const struct inv_gd_destination *g =
				&r->gd_destinations.v[j];
			cJSON *y;

			if (strcmp(g->detector_id, s->detector_id))
				continue;
			y = cJSON_CreateObject();
			add_str(y, "id", g->id);
			add_str(y, "type", g->type);
			add_str(y, "status", g->status);
			add_str(y, "arn", g->arn);
			add_str(y, "kms_key_arn", g->kms_key_arn);
			cJSON_AddItemToArray(d, y);
		}
		cJSON_AddItemToArray(a, x);
	}
	if (r->status[DS_INSPECTOR].state == INV_OK) {
		x = cJSON_AddObjectToObject(o, "inspector");
		add_str(x, "state", r->inspector.state);
		add_str(x, "ec2", r->inspector.ec2);
		add_str(x, "ecr", r->inspector.ecr);
		add_str(x, "lambda", r->inspector.lambda);
	}
	if (r->status[DS_MACIE].state == INV_OK) {
		x = cJSON_AddObjectToObject(o, "macie");
		cJSON_AddBoolToObject(x, "enabled", r->macie.enabled);
		add_str(x, "status", r->macie.status);
		add_str(x, "reason", r->macie.reason);
	}
	if (r->status[DS_SECURITYHUB].state == INV_OK) {
		x = cJSON_AddObjectToObject(o, "securityhub");
		cJSON_AddBoolToObject(x, "subscribed",
				      r->securityhub.subscribed);
		add_str(x, "hub_arn", r->securityhub.hub_arn);
		add_str(x, "reason", r->securityhub.reason);
		a = cJSON_AddArrayToObject(x, "standards");
		for (size_t i = 0; i < r->sh_standards.n; i++) {
			cJSON *y = cJSON_CreateObject();

			add_str(y, "standards_arn",
				r->sh_standards.v[i].standards_arn);
			add_str(y, "status", r->sh_standards.v[i].status);
			cJSON_AddItemToArray(a, y);
		}
	}
	a = cJSON_AddArrayToObject(o, "access_analyzers");
	for (size_t i = 0; i < r->analyzers.n; i++) {
		x = cJSON_CreateObject();
		add_str(x, "arn", r->analyzers.v[i].arn);
		add_str(x, "type", r->analyzers.v[i].type);
		add_str(x, "status", r->analyzers.v[i].status);
		cJSON_AddItemToArray(a, x);
	}
}

/* ORG_ADMIN, INCIDENT_MANAGER */
static void org_admin_json(cJSON *o, const struct inv_account *acct)
{
	const struct inv_org_admin *oa = &acct->org_admin;
	cJSON *x, *a;

	a = cJSON_AddArrayToObject(o, "incident_manager");
	for (size_t i = 0; i < acct->im_regions.n; i++) {
		const struct inv_im_region *m = &acct->im_regions.v[i];

		x = cJSON_CreateObject();
		add_str(x, "region", m->region);
		err_json(x, "error", m->failed, &m->err);
		if (!m->failed) {
			cJSON_AddNumberToObject(x, "response_plans",
						(double)m->nplans);
			cJSON_AddNumberToObject(x, "contacts",
						(double)m->ncontacts);
		}
		cJSON_AddItemToArray(a, x);
	}
	if (acct->status[DS_ORG_ADMIN].state != INV_OK)
		return;
	x = cJSON_AddObjectToObject(o, "org_admin");
	cJSON_AddBoolToObject(x, "member", oa->member);
	cJSON_AddBoolToObject(x, "management", oa->management);
	add_str(x, "root_id", oa->root_id);
	cJSON_AddBoolToObject(x, "scp_enabled", oa->scp_enabled);
	err_json(x, "tree_error", oa->tree_failed, &oa->tree_err);
	err_json(x, "delegated_error", oa->delegated_failed,
		 &oa->delegated_err);
	err_json(x, "scp_error", oa->scp_failed, &oa->scp_err);
	a = cJSON_AddArrayToObject(x, "ous");
	for (size_t i = 0; i < acct->org_ous.n; i++) {
		const struct inv_org_ou *ou = &acct->org_ous.v[i];
		cJSON *y = cJSON_CreateObject();

		add_str(y, "id", ou->id);
		add_str(y, "name", ou->name);
		add_str(y, "parent_id", ou->parent_id);
		cJSON_AddBoolToObject(y, "security", ou->security);
		cJSON_AddBoolToObject(y, "forensics", ou->forensics);
		cJSON_AddItemToArray(a, y);
	}
	a = cJSON_AddArrayToObject(x, "accounts");
	for (size_t i = 0; i < acct->org_accounts.n; i++) {
		const struct inv_org_account *m = &acct->org_accounts.v[i];
		cJSON *y = cJSON_CreateObject();

		add_str(y, "id", m->id);
		add_str(y, "name", m->name);
		add_str(y, "status", m->status);
		add_str(y, "parent_id", m->parent_id);
		cJSON_AddItemToArray(a, y);
	}
	a = cJSON_AddArrayToObject(x, "delegated_administrators");
	for (size_t i = 0; i < acct->org_delegations.n; i++) {
		const struct inv_org_delegation *d =
			&acct->org_delegations.v[i];
		cJSON *y = cJSON_CreateObject();

		add_str(y, "service", d->service);
		add_str(y, "account_id", d->account_id);
		add_str(y, "status", d->status);
		cJSON_AddItemToArray(a, y);
	}
	a = cJSON_AddArrayToObject(x, "scps");
	for (size_t i = 0; i < acct->scps.n; i++) {
		const struct inv_scp *p = &acct->scps.v[i];
		cJSON *y = cJSON_CreateObject();

		add_str(y, "id", p->id);
		add_str(y, "name", p->name);
		cJSON_AddBoolToObject(y, "aws_managed", p->aws_managed);
		cJSON_AddNumberToObject(y, "deny_all", p->deny_all);
		add_str(y, "condition_key", p->condition_key);
		cJSON_AddItemToArray(a, y);
	}
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
		add_str(x, "deliver_status", r->flow_logs.v[i].deliver_status);
		add_str(x, "deliver_error", r->flow_logs.v[i].deliver_error);
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
		add_str(x, "s3_logs", r->detectors.v[i].s3_logs);
		add_str(x, "eks_audit_logs", r->detectors.v[i].eks_audit_logs);
		add_str(x, "ebs_malware", r->detectors.v[i].ebs_malware);
		add_str(x, "rds_login", r->detectors.v[i].rds_login);
		add_str(x, "lambda_network", r->detectors.v[i].lambda_network);
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
	fleet_json(o, r);
	secrets_params_json(o, r);
	recovery_json(o, r);
	plumbing_json(o, r);
	security_services_json(o, r);
	return o;
}

static cJSON *account_json(const struct inv_account *acct)
{
	cJSON *o = cJSON_CreateObject(), *a, *st, *regions;

	add_str(o, "id", acct->id);
	add_str(o, "caller_arn", acct->caller_arn);
	cJSON_AddBoolToObject(o, "assessed", acct->assessed);
	if (!acct->assessed)
		cJSON_AddItemToObject(o, "error",
				      status_json(&(struct inv_status){
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
		add_str(x, "log_group", t->log_group);
		add_str(x, "kms_key", t->kms_key);
		cJSON_AddBoolToObject(x, "log_validation", t->log_validation);
		add_time(x, "latest_cwl_delivery", t->latest_cwl_delivery);
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
	drill_json(o, acct);
	iam_account_json(o, acct);
	s3_json(o, acct);
	org_admin_json(o, acct);
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
