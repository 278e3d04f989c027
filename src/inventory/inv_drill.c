/*
 * inv_drill.c -- the containment drill (`irready audit --drill`)
 *
 * Asks AWS whether the containment steps of an incident would be allowed,
 * without taking any of them:
 *
 *   - on one running instance (the home region's first, else the first
 *     region's, from the INSTANCES dataset, collected in an earlier wave),
 *     signed as the IR role (the first of params.ir_role_names that
 *     exists, its ARN from IAM_AUTHZ or else iam:GetRole, path included;
 *     sts:AssumeRole with the audit's credentials, so
 *     the answer is what responders may do, not what the auditor may),
 *     with DryRun=true:
 *     ec2:ModifyInstanceAttribute (swap its security groups for the VPC's
 *     isolation group when there is one, else its own),
 *     ec2:CreateSnapshot of its first EBS volume, ec2:CreateTags on it.
 *     EC2 answers DryRunOperation (HTTP 412) when the call would have
 *     succeeded and UnauthorizedOperation (403) when it would not. When
 *     the role cannot be assumed (or does not exist) no dry run is sent
 *     and acct->drill_assume_err (drill_ir_missing) says why;
 *   - for each IR role of params.ir_role_names: iam:SimulatePrincipalPolicy
 *     of every containment action (the three above, and those that
 *     contain credentials, keys, buckets and traffic) on the resources and
 *     in the context a runbook would use (inv_drill_sim.c).
 *
 * Nothing is changed: every EC2 request carries DryRun=true (set here, and
 * enforced by aws_allowlist_check() before anything is sent), and without
 * --drill (aws_client.drill) no drill request is built at all. Each
 * step's answer, or the error that kept it from one, is kept in
 * acct->drill_steps; only a refusal by the guard fails the dataset.
 */
#include "aws_allowlist.h"
#include "aws_creds.h"
#include "inv_drill.h"
#include "inv_json.h"
#include "inv_pager.h"
#include "irready.h"
#include "params.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

struct inv_drill_step *drill_step_new(struct collect_ctx *cx,
				      const char *action, const char *region,
				      const char *principal, const char *target)
{
	struct inv_drill_step *s = INV_PUSH(cx->arena, cx->acct->drill_steps);

	s->action = action;
	s->region = arena_strdup(cx->arena, region);
	s->principal = principal;
	s->target = target;
	return s;
}

static int isolation_label(const char *s)
{
	static const char *const words[] = { "quarantine", "isolat", "forensic",
					     "containment" };

	for (const char *p = s; p && *p; p++)
		for (size_t i = 0; i < ARRAY_SIZE(words); i++)
			if (!strncasecmp(p, words[i], strlen(words[i])))
				return 1;
	return 0;
}

/* The VPC's empty, labelled isolation group, or NULL. */
static const struct inv_sg *isolation_sg(const struct inv_region *r,
					 const char *vpc_id)
{
	for (size_t i = 0; vpc_id && i < r->sgs.n; i++) {
		const struct inv_sg *g = &r->sgs.v[i];

		if (g->vpc_id && !strcmp(g->vpc_id, vpc_id) && !g->ningress &&
		    !g->negress &&
		    (isolation_label(g->name) ||
		     isolation_label(g->description)))
			return g;
	}
	return NULL;
}

/* The drill's target: a running instance, preferring one with a volume. */
static const struct inv_instance *pick(const struct inv_region *r)
{
	const struct inv_instance *any = NULL;

	if (r->status[DS_INSTANCES].state != INV_OK)
		return NULL;
	for (size_t i = 0; i < r->instances.n; i++) {
		const struct inv_instance *in = &r->instances.v[i];

		if (strcasecmp(in->state, "running"))
			continue;
		if (in->nvolumes)
			return in;
		if (!any)
			any = in;
	}
	return any;
}

/*
 * Send one EC2 dry run and record its answer in 's'. Returns non-zero only
 * when the read-only guard refused the request (a bug).
 */
static int dry_run(struct collect_ctx *cx, struct aws_request *req,
		   const struct aws_creds *cr, struct inv_drill_step *s)
{
	struct aws_response resp;
	int rc;

	req->creds = cr; /* signed as the IR role */
	/* first parameter, always: the guard refuses EC2 calls without it */
	if (!req->nparams || strcmp(req->params[0].name, "DryRun"))
		BUG("%s:%s drill request without DryRun first", req->service,
		    req->action);
	rc = aws_allowlist_check(req, cx->client->drill, cx->err);
	if (rc)
		return rc;
	rc = inv_call(cx, req, &resp);
	aws_response_release(&resp);
	if (!rc) {
		s->answer = INV_DRILL_ERROR;
		aws_error_set(&s->err, IRREADY_EAWS, "DryRunIgnored",
			      "%s:%s succeeded although DryRun=true was sent",
			      req->service, req->action);
	} else if (!strcmp(cx->err->code, "DryRunOperation")) {
		s->answer = INV_DRILL_ALLOWED;
	} else if (!strcmp(cx->err->code, "UnauthorizedOperation") ||
		   !strcmp(cx->err->code, "Client.UnauthorizedOperation")) {
		s->answer = INV_DRILL_DENIED;
	} else {
		s->answer = INV_DRILL_ERROR;
	}
	s->decision = arena_strdup(cx->arena, cx->err->code[0] ? cx->err->code
							       : "no error");
	if (s->answer == INV_DRILL_ERROR && rc)
		s->err = *cx->err;
	aws_error_clear(cx->err);
	return 0;
}

static int drill_instance(struct collect_ctx *cx, const struct inv_region *r,
			  const struct inv_instance *in,
			  const struct aws_creds *cr)
{
	const struct inv_sg *iso = isolation_sg(r, in->vpc_id);
	struct aws_request mod = { .service = "ec2",
				   .action = "ModifyInstanceAttribute",
				   .region = r->name,
				   .resource = in->id };
	struct aws_request tag = { .service = "ec2",
				   .action = "CreateTags",
				   .region = r->name,
				   .resource = in->id };
	int rc;

	aws_request_param(&mod, "DryRun", "true");
	aws_request_param(&mod, "InstanceId", in->id);
	if (iso) {
		aws_request_param(&mod, "GroupId.1", iso->id);
	} else {
		static const char *const gp[] = { "GroupId.1", "GroupId.2",
						  "GroupId.3", "GroupId.4",
						  "GroupId.5" };

		for (size_t k = 0; k < in->nsg && k < ARRAY_SIZE(gp); k++)
			aws_request_param(&mod, gp[k], in->sg_ids[k]);
	}
	rc = dry_run(cx, &mod, cr,
		     drill_step_new(cx, "ec2:ModifyInstanceAttribute", r->name,
				    NULL, in->id));
	if (!rc && in->nvolumes) {
		struct aws_request snap = { .service = "ec2",
					    .action = "CreateSnapshot",
					    .region = r->name,
					    .resource = in->volume_ids[0] };

		aws_request_param(&snap, "DryRun", "true");
		aws_request_param(&snap, "VolumeId", in->volume_ids[0]);
		aws_request_param(&snap, "Description",
				  "irready containment drill (dry run)");
		rc = dry_run(cx, &snap, cr,
			     drill_step_new(cx, "ec2:CreateSnapshot", r->name,
					    NULL, in->volume_ids[0]));
	}
	if (rc)
		return rc;
	aws_request_param(&tag, "DryRun", "true");
	aws_request_param(&tag, "ResourceId.1", in->id);
	aws_request_param(&tag, "Tag.1.Key", "irready-containment-drill");
	aws_request_param(&tag, "Tag.1.Value", "dry-run");
	return dry_run(
		cx, &tag, cr,
		drill_step_new(cx, "ec2:CreateTags", r->name, NULL, in->id));
}

/* The target, recorded whether or not the dry runs can be sent. */
static void drill_target(struct collect_ctx *cx, const struct inv_region *r,
			 const struct inv_instance *in)
{
	struct inv_account *a = cx->acct;
	const struct inv_sg *iso = isolation_sg(r, in->vpc_id);

	a->drill_region = r->name;
	a->drill_instance = in->id;
	a->drill_instance_name = in->name;
	a->drill_volume = in->nvolumes ? in->volume_ids[0] : NULL;
	a->drill_sg = iso ? iso->id : in->nsg ? in->sg_ids[0] : NULL;
	a->drill_sg_isolation = iso != NULL;
}

/* sts:AssumeRole: the IR role's temporary credentials */

struct assume_arg {
	const struct aws_request *req;
	struct aws_creds *cr;
};

static int assume_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	struct assume_arg *aa = arg;
	struct axml_node *c = axml_child(res, "Credentials");

	if (c) {
		aa->cr->access_key = axml_str(cx->arena, c, "AccessKeyId");
		aa->cr->secret_key = axml_str(cx->arena, c, "SecretAccessKey");
		aa->cr->session_token = axml_str(cx->arena, c, "SessionToken");
	}
	if (!aa->cr->access_key || !*aa->cr->access_key ||
	    !aa->cr->secret_key || !*aa->cr->secret_key ||
	    !aa->cr->session_token || !*aa->cr->session_token)
		return inv_malformed(cx, aa->req,
				     "no AccessKeyId, SecretAccessKey or "
				     "SessionToken in Credentials");
	aa->cr->source = "assume-role";
	return 0;
}

/*
 * Assume IR role 'arn' with the audit's credentials into 'cr' (arena
 * strings). On failure the error is kept in acct->drill_assume_err: the
 * auditor may not assume the role (AccessDenied: its trust policy does not
 * name the auditor, or an SCP denies it), so the drill cannot tell what
 * the role may do -- an ERROR, not a FAIL, since responders who may
 * assume it are not affected.
 */
static int assume_ir_role(struct collect_ctx *cx, const char *arn,
			  struct aws_creds *cr)
{
	struct inv_account *a = cx->acct;
	struct aws_request req = { .service = "sts",
				   .action = "AssumeRole",
				   .resource = arn };
	struct assume_arg aa = { &req, cr };
	int rc;

	aws_request_param(&req, "RoleArn", arn);
	aws_request_param(&req, "RoleSessionName", "irready-drill");
	aws_request_param(&req, "DurationSeconds", "900");
	rc = aws_allowlist_check(&req, cx->client->drill, cx->err);
	if (rc)
		return rc;
	a->drill_ir_role = arn;
	rc = inv_xml_call(cx, &req, assume_page, &aa);
	if (rc) {
		a->drill_assume_failed = 1;
		a->drill_assume_err = *cx->err;
		aws_error_clear(cx->err);
		memset(cr, 0, sizeof(*cr));
	}
	return 0;
}

/* Overwrite the temporary secret once the dry runs are sent. */
static void forget(struct aws_creds *cr)
{
	if (cr->secret_key)
		memset(cr->secret_key, 0, strlen(cr->secret_key));
	if (cr->session_token)
		memset(cr->session_token, 0, strlen(cr->session_token));
}

/*
 * Assume the IR role the dry runs are signed as: the first of 'roles' that
 * exists (its ARN has the role's path). When none exists, no AssumeRole is
 * sent (drill_ir_missing); when one could not be looked up (GetRole
 * failed), the drill cannot tell (drill_assume_failed with that error).
 */
static int drill_as_ir_role(struct collect_ctx *cx, const struct ir_role *roles,
			    size_t n, struct aws_creds *cr)
{
	struct inv_account *a = cx->acct;

	if (!n) {
		a->drill_assume_failed = 1;
		aws_error_set(&a->drill_assume_err, IRREADY_EUSAGE, "NoIrRole",
			      "params.ir_role_names names no IR role to "
			      "sign the dry runs as");
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		if (roles[i].arn)
			return assume_ir_role(cx, roles[i].arn, cr);
	for (size_t i = 0; i < n; i++) {
		if (roles[i].missing)
			continue;
		/* it might exist: iam:GetRole could not say */
		a->drill_assume_failed = 1;
		a->drill_assume_err = roles[i].err;
		return 0;
	}
	a->drill_ir_missing = 1;
	a->drill_ir_role = drill_pathless_arn(cx, roles[0].name);
	return 0;
}

int inv_collect_drill(struct collect_ctx *cx)
{
	struct inv_account *a = cx->acct;
	struct params defaults;
	const struct params *prm = cx->params;
	const struct inv_region *home = NULL;
	const struct inv_instance *in = NULL;
	struct ir_role *roles;
	int rc = 0;

	if (!cx->client->drill) {
		aws_error_set(cx->err, IRREADY_EUSAGE, "DrillNotEnabled",
			      "the containment drill runs only with "
			      "'irready audit --drill'");
		return IRREADY_EUSAGE;
	}
	if (!prm) {
		params_defaults(&defaults);
		prm = &defaults;
	}
	for (size_t k = 0; k < a->nregions; k++)
		if (a->home_region &&
		    !strcmp(a->regions[k].name, a->home_region))
			home = &a->regions[k];
	if (home)
		in = pick(home);
	for (size_t k = 0; !in && k < a->nregions; k++)
		if ((in = pick(&a->regions[k])))
			home = &a->regions[k];
	for (size_t k = 0; !in && k < a->nregions; k++) {
		if (a->regions[k].status[DS_INSTANCES].state == INV_OK)
			continue;
		/* no target found, and a region could not be listed */
		a->drill_target_failed = 1;
		a->drill_target_err = a->regions[k].status[DS_INSTANCES].err;
		break;
	}
	roles = arena_alloc(cx->arena,
			    (prm->nir_role_names + 1) * sizeof(*roles));
	memset(roles, 0, (prm->nir_role_names + 1) * sizeof(*roles));
	for (size_t i = 0; i < prm->nir_role_names; i++) {
		roles[i].name = prm->ir_role_names[i];
		drill_resolve_role(cx, &roles[i]);
	}
	if (in) {
		struct aws_creds cr = { 0 };

		drill_target(cx, home, in);
		rc = drill_as_ir_role(cx, roles, prm->nir_role_names, &cr);
		if (!rc && cr.access_key)
			rc = drill_instance(cx, home, in, &cr);
		forget(&cr);
	}
	if (rc)
		return rc;
	return drill_simulate(cx, roles, prm->nir_role_names, in ? home : NULL,
			      in);
}

/* `irready inventory`: what DRILL holds */
static void drill_json(cJSON *o, const struct inv_account *acct,
		       const struct inv_region *r)
{
	static const char *const answers[] = { "unknown", "allowed", "denied",
					       "error" };
	cJSON *a, *d;

	if (acct->status[DS_DRILL].state == INV_NOT_REQUESTED)
		return;
	d = cJSON_AddObjectToObject(o, "drill");
	inv_json_str(d, "region", acct->drill_region);
	inv_json_str(d, "instance", acct->drill_instance);
	inv_json_str(d, "volume", acct->drill_volume);
	inv_json_str(d, "security_group", acct->drill_sg);
	inv_json_str(d, "ir_role", acct->drill_ir_role);
	if (acct->drill_assume_failed)
		inv_json_str(d, "assume_error", acct->drill_assume_err.code);
	a = cJSON_AddArrayToObject(d, "steps");
	for (size_t i = 0; i < acct->drill_steps.n; i++) {
		const struct inv_drill_step *s = &acct->drill_steps.v[i];
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "action", s->action);
		inv_json_str(x, "principal", s->principal);
		inv_json_str(x, "target", s->target);
		inv_json_str(x, "answer", answers[s->answer]);
		inv_json_str(x, "decision", s->decision);
		inv_json_str(x, "resources", s->resources);
		inv_json_str(x, "context", s->context);
		inv_json_str(x, "denied_on", s->denied_on);
		inv_json_str(x, "missing_context", s->missing);
		if (s->answer == INV_DRILL_ERROR)
			inv_json_str(x, "error", s->err.code);
		cJSON_AddItemToArray(a, x);
	}
}

/* --drill only: the dry runs and simulations (aws_allowlist.h) */
const struct dataset ds_drill = {
	.name = "DRILL",
	.scope = INV_ACCOUNT,
	.description = "Containment drill (dry runs)",
	.actions = "ec2:CreateSnapshot ec2:CreateTags "
		   "ec2:ModifyInstanceAttribute iam:GetRole "
		   "iam:SimulatePrincipalPolicy sts:AssumeRole",
	.inputs = INV_NEED(DS_INSTANCES) | INV_NEED(DS_SECURITY_GROUPS) |
		  INV_NEED(DS_IAM_AUTHZ),
	.collect = inv_collect_drill,
	.dump = drill_json,
};
