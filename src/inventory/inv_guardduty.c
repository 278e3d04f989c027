/*
 * inv_guardduty.c -- GuardDuty detectors, findings and settings (rest-json)
 *
 * Three datasets, each listing the detectors itself (GET /detector,
 * nextToken paging) because datasets are collected independently:
 *
 *   GUARDDUTY           GET /detector/{id}: status and protection plans
 *                       ('features' where the API returns them, else
 *                       'dataSources');
 *   GUARDDUTY_FINDINGS  POST /detector/{id}/findings with the criteria
 *                       "not archived, severity >= 7" (nextToken in the
 *                       body), then POST /detector/{id}/findings/get for
 *                       up to 50 ids a call;
 *   GUARDDUTY_SETTINGS  GET /detector/{id}/publishingDestination (+ one
 *                       GET .../{destinationId} each) and GET
 *                       /detector/{id}/malware-scan-settings. A failure
 *                       of either part is kept on the detector's record
 *                       so it only stops the check that needs that part.
 *                       Then GET /detector/{id}/administrator: a member
 *                       detector's administrator (a failure: not known).
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GD_FINDINGS_PER_GET 50

struct ids {
	INV_VEC(const char *) v;
};

static int list_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct ids *ids = arg;
	const cJSON *id;

	cJSON_ArrayForEach(id, ajson_array(page, "detectorIds"))
	{
		if (!cJSON_IsString(id))
			continue;
		if (!aws_valid_id(id->valuestring)) { /* a REST path segment */
			struct aws_request req = {
				.service = "guardduty",
				.action = "ListDetectors",
				.region = cx->region ? cx->region->name : ""
			};

			return inv_invalid(cx, &req, "detectorIds",
					   id->valuestring);
		}
		*INV_PUSH(cx->arena, ids->v) =
			arena_strdup(cx->arena, id->valuestring);
	}
	return 0;
}

static int list_detectors(struct collect_ctx *cx, struct ids *ids)
{
	struct aws_request req = { .service = "guardduty",
				   .action = "ListDetectors",
				   .method = "GET",
				   .path = "/detector",
				   .token_param = "nextToken" };

	return inv_json_pages(cx, &req, "nextToken", list_page, ids);
}

/*
 * The region's detector ids, as the GUARDDUTY dataset (an input of the
 * findings and settings datasets, so collected in an earlier wave) listed
 * them: ListDetectors is called once per region, not once per dataset.
 * When that listing failed, so does this dataset, with its error.
 */
static int known_detectors(struct collect_ctx *cx, struct ids *ids)
{
	const struct inv_status *st = &cx->region->status[DS_GUARDDUTY];

	if (st->state == INV_FAILED) {
		*cx->err = st->err;
		return st->err.rc ? st->err.rc : IRREADY_EAWS;
	}
	for (size_t i = 0; i < cx->region->detectors.n; i++)
		*INV_PUSH(cx->arena, ids->v) = cx->region->detectors.v[i].id;
	return 0;
}

/* dataSources.<a>[.<b>[.<c>]].status, or NULL */
static const char *ds_status(struct collect_ctx *cx, const cJSON *ds,
			     const char *a, const char *b, const char *c)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(ds, a);

	if (o && b)
		o = cJSON_GetObjectItemCaseSensitive(o, b);
	if (o && c)
		o = cJSON_GetObjectItemCaseSensitive(o, c);
	return cJSON_IsObject(o) ? ajson_str(cx->arena, o, "status") : NULL;
}

static int detector_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_detector *d = arg;
	const cJSON *ds = cJSON_GetObjectItemCaseSensitive(page, "dataSources");
	const cJSON *f;

	d->status = ajson_str(cx->arena, page, "status");
	if (!d->status)
		d->status = "UNKNOWN";
	if (cJSON_IsObject(ds)) {
		d->s3_logs = ds_status(cx, ds, "s3Logs", NULL, NULL);
		d->eks_audit_logs =
			ds_status(cx, ds, "kubernetes", "auditLogs", NULL);
		d->ebs_malware =
			ds_status(cx, ds, "malwareProtection",
				  "scanEc2InstanceWithFindings", "ebsVolumes");
	}
	/* newer API: "features":[{"name":"S3_DATA_EVENTS","status":...}] */
	cJSON_ArrayForEach(f, ajson_array(page, "features"))
	{
		const char *name = ajson_get(f, "name");
		char *st = ajson_str(cx->arena, f, "status");

		if (!name || !st)
			continue;
		if (!strcasecmp(name, "S3_DATA_EVENTS"))
			d->s3_logs = st;
		else if (!strcasecmp(name, "EKS_AUDIT_LOGS"))
			d->eks_audit_logs = st;
		else if (!strcasecmp(name, "EBS_MALWARE_PROTECTION"))
			d->ebs_malware = st;
		else if (!strcasecmp(name, "RDS_LOGIN_EVENTS"))
			d->rds_login = st;
		else if (!strcasecmp(name, "LAMBDA_NETWORK_LOGS"))
			d->lambda_network = st;
	}
	return 0;
}

int inv_collect_guardduty(struct collect_ctx *cx)
{
	struct ids ids = { 0 };
	int rc = list_detectors(cx, &ids);

	for (size_t i = 0; !rc && i < ids.v.n; i++) {
		struct inv_detector *d =
			INV_PUSH(cx->arena, cx->region->detectors);
		struct aws_request dreq = { .service = "guardduty",
					    .action = "GetDetector",
					    .method = "GET",
					    .resource = ids.v.v[i] };

		d->id = ids.v.v[i];
		dreq.path = arena_printf(cx->arena, "/detector/%s", d->id);
		rc = inv_json_call(cx, &dreq, detector_page, d);
	}
	return rc;
}

/* Findings */

struct finding_ids {
	INV_VEC(const char *) v;
};

static int finding_ids_page(struct collect_ctx *cx, const cJSON *page,
			    void *arg)
{
	struct finding_ids *ids = arg;
	const cJSON *id;

	cJSON_ArrayForEach(id, ajson_array(page, "findingIds"))
	{
		if (cJSON_IsString(id))
			*INV_PUSH(cx->arena, ids->v) =
				arena_strdup(cx->arena, id->valuestring);
	}
	return 0;
}

struct get_findings {
	const char *detector;
	const struct aws_request *req;
};

static int findings_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const struct get_findings *gf = arg;
	const cJSON *f, *list = ajson_array(page, "findings");

	if (!list)
		return inv_malformed(cx, gf->req, "no findings array");
	cJSON_ArrayForEach(f, list)
	{
		const cJSON *svc =
			cJSON_GetObjectItemCaseSensitive(f, "service");
		const cJSON *res =
			cJSON_GetObjectItemCaseSensitive(f, "resource");
		double sev = ajson_num(f, "severity", 0);
		struct inv_gd_finding *g;

		/* the filter was server-side; keep only what it promised */
		if (ajson_bool(svc, "archived", 0) || sev < 7.0)
			continue;
		g = INV_PUSH(cx->arena, cx->region->gd_findings);
		g->detector_id = gf->detector;
		g->id = ajson_str(cx->arena, f, "id");
		g->arn = ajson_str(cx->arena, f, "arn");
		g->type = ajson_str(cx->arena, f, "type");
		g->title = ajson_str(cx->arena, f, "title");
		g->resource_type = ajson_str(cx->arena, res, "resourceType");
		g->severity = sev;
		g->created_at = ajson_time(f, "createdAt");
		g->updated_at = ajson_time(f, "updatedAt");
	}
	return 0;
}

/* {"findingIds":[ids[0..n)]} in the arena */
static char *get_findings_body(struct arena *a, const char *const *ids,
			       size_t n)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(o, "findingIds");
	char *s, *out;

	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(ids[i]));
	s = cJSON_PrintUnformatted(o);
	out = arena_strdup(a, s);
	cJSON_free(s);
	cJSON_Delete(o);
	return out;
}

/*
 * Criteria: service.archived == "false" and severity >= 7 (GuardDuty's
 * high band starts at 7.0, critical at 9.0).
 */
static const char list_findings_body[] =
	"{\"findingCriteria\":{\"criterion\":{\"service.archived\":"
	"{\"eq\":[\"false\"]},\"severity\":{\"gte\":7}}},\"maxResults\":50}";

int inv_collect_guardduty_findings(struct collect_ctx *cx)
{
	struct ids ids = { 0 };
	int rc = known_detectors(cx, &ids);

	for (size_t i = 0; !rc && i < ids.v.n; i++) {
		const char *det = ids.v.v[i];
		struct finding_ids fids = { 0 };
		struct aws_request lreq = { .service = "guardduty",
					    .action = "ListFindings",
					    .method = "POST",
					    .resource = det,
					    .json_body = list_findings_body,
					    .token_param = "nextToken" };

		*INV_PUSH(cx->arena, cx->region->gd_finding_detectors) = det;
		lreq.path =
			arena_printf(cx->arena, "/detector/%s/findings", det);
		rc = inv_json_pages(cx, &lreq, "nextToken", finding_ids_page,
				    &fids);
		for (size_t k = 0; !rc && k < fids.v.n;
		     k += GD_FINDINGS_PER_GET) {
			size_t n = fids.v.n - k < GD_FINDINGS_PER_GET
					   ? fids.v.n - k
					   : GD_FINDINGS_PER_GET;
			/* a batch is named by its first finding id */
			struct aws_request greq = { .service = "guardduty",
						    .action = "GetFindings",
						    .method = "POST",
						    .resource = fids.v.v[k] };
			struct get_findings gf = { det, &greq };

			greq.path = arena_printf(
				cx->arena, "/detector/%s/findings/get", det);
			greq.json_body =
				get_findings_body(cx->arena, fids.v.v + k, n);
			rc = inv_json_call(cx, &greq, findings_page, &gf);
		}
	}
	return rc;
}

/* Settings: publishing destinations and malware-scan settings */

struct dest_list {
	struct collect_ctx *cx;
	const char *detector;
	INV_VEC(struct inv_gd_destination) v;
};

static int destinations_page(struct collect_ctx *cx, const cJSON *page,
			     void *arg)
{
	struct dest_list *dl = arg;
	const cJSON *d;

	cJSON_ArrayForEach(d, ajson_array(page, "destinations"))
	{
		struct inv_gd_destination *x = INV_PUSH(cx->arena, dl->v);

		x->detector_id = dl->detector;
		x->id = ajson_str(cx->arena, d, "destinationId");
		x->type = ajson_str(cx->arena, d, "destinationType");
		x->status = ajson_str(cx->arena, d, "status");
	}
	return 0;
}

static int destination_page(struct collect_ctx *cx, const cJSON *page,
			    void *arg)
{
	struct inv_gd_destination *x = arg;
	const cJSON *p =
		cJSON_GetObjectItemCaseSensitive(page, "destinationProperties");
	char *s;

	if ((s = ajson_str(cx->arena, page, "destinationType")))
		x->type = s;
	if ((s = ajson_str(cx->arena, page, "status")))
		x->status = s;
	x->arn = ajson_str(cx->arena, p, "destinationArn");
	x->kms_key_arn = ajson_str(cx->arena, p, "kmsKeyArn");
	return 0;
}

static int malware_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_gd_settings *s = arg;

	s->ebs_snapshot_preservation =
		ajson_str(cx->arena, page, "ebsSnapshotPreservation");
	return 0;
}

static int admin_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_gd_settings *s = arg;
	const cJSON *a =
		cJSON_GetObjectItemCaseSensitive(page, "administrator");
	const char *st = ajson_get(a, "relationshipStatus");

	if (st && !strcasecmp(st, "Enabled"))
		s->administrator = ajson_str(cx->arena, a, "accountId");
	return 0;
}

static int collect_destinations(struct collect_ctx *cx, const char *det)
{
	struct dest_list dl = { cx, det, { 0 } };
	struct aws_request req = { .service = "guardduty",
				   .action = "ListPublishingDestinations",
				   .method = "GET",
				   .resource = det,
				   .token_param = "nextToken" };
	int rc;

	req.path = arena_printf(cx->arena, "/detector/%s/publishingDestination",
				det);
	rc = inv_json_pages(cx, &req, "nextToken", destinations_page, &dl);
	for (size_t i = 0; !rc && i < dl.v.n; i++) {
		struct inv_gd_destination *x = &dl.v.v[i];
		struct aws_request dreq = {
			.service = "guardduty",
			.action = "DescribePublishingDestination",
			.method = "GET",
			.resource = x->id
		};

		if (!x->id)
			continue;
		dreq.path = arena_printf(
			cx->arena, "/detector/%s/publishingDestination/%s", det,
			x->id);
		rc = inv_json_call(cx, &dreq, destination_page, x);
	}
	for (size_t i = 0; !rc && i < dl.v.n; i++)
		*INV_PUSH(cx->arena, cx->region->gd_destinations) = dl.v.v[i];
	return rc;
}

int inv_collect_guardduty_settings(struct collect_ctx *cx)
{
	struct ids ids = { 0 };
	int rc = known_detectors(cx, &ids);

	for (size_t i = 0; !rc && i < ids.v.n; i++) {
		struct inv_gd_settings *s =
			INV_PUSH(cx->arena, cx->region->gd_settings);
		struct aws_request mreq = { .service = "guardduty",
					    .action = "GetMalwareScanSettings",
					    .method = "GET",
					    .resource = ids.v.v[i] };

		s->detector_id = ids.v.v[i];
		if (collect_destinations(cx, s->detector_id)) {
			s->export_failed = 1;
			s->export_err = *cx->err;
			aws_error_clear(cx->err);
		}
		mreq.path = arena_printf(cx->arena,
					 "/detector/%s/malware-scan-settings",
					 s->detector_id);
		if (inv_json_call(cx, &mreq, malware_page, s)) {
			s->malware_failed = 1;
			s->malware_err = *cx->err;
			aws_error_clear(cx->err);
		}
		/* a member's findings are exported by its administrator */
		mreq.action = "GetAdministratorAccount";
		mreq.path =
			arena_printf(cx->arena, "/detector/%s/administrator",
				     s->detector_id);
		if (inv_json_call(cx, &mreq, admin_page, s))
			aws_error_clear(cx->err); /* not known: judged here */
	}
	return rc;
}

/* `irready inventory`: what GUARDDUTY holds */
static void guardduty_json(cJSON *o, const struct inv_account *acct,
			   const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "guardduty_detectors");
	for (size_t i = 0; i < r->detectors.n; i++) {
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "id", r->detectors.v[i].id);
		inv_json_str(x, "status", r->detectors.v[i].status);
		inv_json_str(x, "s3_logs", r->detectors.v[i].s3_logs);
		inv_json_str(x, "eks_audit_logs",
			     r->detectors.v[i].eks_audit_logs);
		inv_json_str(x, "ebs_malware", r->detectors.v[i].ebs_malware);
		inv_json_str(x, "rds_login", r->detectors.v[i].rds_login);
		inv_json_str(x, "lambda_network",
			     r->detectors.v[i].lambda_network);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_guardduty = {
	.name = "GUARDDUTY",
	.scope = INV_REGION,
	.description = "GuardDuty detectors",
	.actions = "guardduty:ListDetectors guardduty:GetDetector",
	.collect = inv_collect_guardduty,
	.dump = guardduty_json,
};

/* `irready inventory`: what GUARDDUTY_FINDINGS holds */
static void guardduty_findings_json(cJSON *o, const struct inv_account *acct,
				    const struct inv_region *r)
{
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "guardduty_findings");
	for (size_t i = 0; i < r->gd_findings.n; i++) {
		const struct inv_gd_finding *f = &r->gd_findings.v[i];

		x = cJSON_CreateObject();
		inv_json_str(x, "detector_id", f->detector_id);
		inv_json_str(x, "id", f->id);
		inv_json_str(x, "type", f->type);
		inv_json_str(x, "resource_type", f->resource_type);
		cJSON_AddNumberToObject(x, "severity", f->severity);
		inv_json_time(x, "created_at", f->created_at);
		inv_json_time(x, "updated_at", f->updated_at);
		cJSON_AddItemToArray(a, x);
	}
}

/* the detectors GuardDuty's listing found in the region */
const struct dataset ds_guardduty_findings = {
	.name = "GUARDDUTY_FINDINGS",
	.scope = INV_REGION,
	.description = "GuardDuty active high-severity findings",
	.actions = "guardduty:ListDetectors guardduty:ListFindings "
		   "guardduty:GetFindings",
	.inputs = INV_NEED(DS_GUARDDUTY),
	.collect = inv_collect_guardduty_findings,
	.dump = guardduty_findings_json,
};

/* `irready inventory`: what GUARDDUTY_SETTINGS holds */
static void guardduty_settings_json(cJSON *o, const struct inv_account *acct,
				    const struct inv_region *r)
{
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "guardduty_settings");
	for (size_t i = 0; i < r->gd_settings.n; i++) {
		const struct inv_gd_settings *s = &r->gd_settings.v[i];
		cJSON *d;

		x = cJSON_CreateObject();
		inv_json_str(x, "detector_id", s->detector_id);
		inv_json_str(x, "ebs_snapshot_preservation",
			     s->ebs_snapshot_preservation);
		inv_json_failure(x, "export_error", s->export_failed,
				 &s->export_err);
		inv_json_failure(x, "malware_error", s->malware_failed,
				 &s->malware_err);
		d = cJSON_AddArrayToObject(x, "destinations");
		for (size_t j = 0; j < r->gd_destinations.n; j++) {
			const struct inv_gd_destination *g =
				&r->gd_destinations.v[j];
			cJSON *y;

			if (strcmp(g->detector_id, s->detector_id))
				continue;
			y = cJSON_CreateObject();
			inv_json_str(y, "id", g->id);
			inv_json_str(y, "type", g->type);
			inv_json_str(y, "status", g->status);
			inv_json_str(y, "arn", g->arn);
			inv_json_str(y, "kms_key_arn", g->kms_key_arn);
			cJSON_AddItemToArray(d, y);
		}
		cJSON_AddItemToArray(a, x);
	}
}

/* the detectors GuardDuty's listing found in the region */
const struct dataset ds_guardduty_settings = {
	.name = "GUARDDUTY_SETTINGS",
	.scope = INV_REGION,
	.description = "GuardDuty export and malware-scan settings",
	.actions =
		"guardduty:ListDetectors guardduty:ListPublishingDestinations "
		"guardduty:DescribePublishingDestination "
		"guardduty:GetMalwareScanSettings "
		"guardduty:GetAdministratorAccount",
	.inputs = INV_NEED(DS_GUARDDUTY),
	.collect = inv_collect_guardduty_settings,
	.dump = guardduty_settings_json,
};
