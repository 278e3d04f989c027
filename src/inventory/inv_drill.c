/*
 * inv_drill.c -- the containment drill (`irready audit --drill`)
 *
 * Asks AWS whether the containment steps of an incident would be allowed,
 * without taking any of them:
 *
 *   - on one running instance (the home region's first, else the first
 *     region's, from the INSTANCES dataset, collected in an earlier wave),
 *     signed as the IR role (the first of params.ir_role_names that
 *     IAM_AUTHZ lists; sts:AssumeRole with the audit's credentials, so
 *     the answer is what responders may do, not what the auditor may),
 *     with DryRun=true:
 *     ec2:ModifyInstanceAttribute (swap its security groups for the VPC's
 *     isolation group when there is one, else its own),
 *     ec2:CreateSnapshot of its first EBS volume, ec2:CreateTags on it.
 *     EC2 answers DryRunOperation (HTTP 412) when the call would have
 *     succeeded and UnauthorizedOperation (403) when it would not. When
 *     the role cannot be assumed (or does not exist) no dry run is sent
 *     and acct->drill_assume_err (drill_ir_missing) says why;
 *   - for each IR role of params.ir_role_names (its ARN, path included,
 *     from IAM_AUTHZ; at path / when IAM_AUTHZ does not list it):
 *     iam:SimulatePrincipalPolicy with the actions responders need to
 *     contain credentials, keys, buckets and traffic, in the context of
 *     a responder signed in with MFA (aws:MultiFactorAuthPresent true)
 *     (allowed, implicitDeny or explicitDeny per action).
 *
 * Nothing is changed: every EC2 request carries DryRun=true (set here, and
 * enforced by aws_allowlist_check() before anything is sent), and without
 * --drill (aws_client.drill) no drill request is built at all. Each
 * step's answer, or the error that kept it from one, is kept in
 * acct->drill_steps; only a refusal by the guard fails the dataset.
 */
#include "arn.h"
#include "aws_allowlist.h"
#include "aws_creds.h"
#include "inv_json.h"
#include "inv_pager.h"
#include "irready.h"
#include "params.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* What an IR role must be able to do to contain an incident. */
static const char *const ir_actions[] = {
	"iam:UpdateAccessKey", "iam:PutRolePolicy", "kms:DisableKey",
	"s3:PutBucketPolicy",  "wafv2:UpdateIPSet",
};

static const char *const action_param[] = {
	"ActionNames.member.1", "ActionNames.member.2", "ActionNames.member.3",
	"ActionNames.member.4", "ActionNames.member.5",
};

_Static_assert(sizeof(ir_actions) == sizeof(action_param),
	       "one ActionNames.member.N per action");

static struct inv_drill_step *step_new(struct collect_ctx *cx,
				       const char *action, const char *region,
				       const char *principal,
				       const char *target)
{
	struct inv_drill_step *s = INV_PUSH(cx->acct->drill_steps);

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
		     step_new(cx, "ec2:ModifyInstanceAttribute", r->name, NULL,
			      in->id));
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
			     step_new(cx, "ec2:CreateSnapshot", r->name, NULL,
				      in->volume_ids[0]));
	}
	if (rc)
		return rc;
	aws_request_param(&tag, "DryRun", "true");
	aws_request_param(&tag, "ResourceId.1", in->id);
	aws_request_param(&tag, "Tag.1.Key", "irready-containment-drill");
	aws_request_param(&tag, "Tag.1.Value", "dry-run");
	return dry_run(cx, &tag, cr,
		       step_new(cx, "ec2:CreateTags", r->name, NULL, in->id));
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

static int assume_page(struct collect_ctx *cx, xmlNode *res, void *arg)
{
	struct assume_arg *aa = arg;
	xmlNode *c = axml_child(res, "Credentials");

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

/* The IR roles: their ARNs, path included */

struct ir_role {
	const char *name;
	const char *arn; /* NULL: no such role, or not known (err) */
	int missing;     /* IAM says it does not exist */
	struct aws_error err;
};

/* The ARN of role 'name' as IAM_AUTHZ lists it, or NULL. */
static const char *listed_arn(const struct inv_account *a, const char *name)
{
	for (size_t i = 0; i < a->iam_entities.n; i++) {
		const struct inv_iam_entity *e = &a->iam_entities.v[i];

		if (e->kind == INV_IAM_ROLE && e->name && e->arn &&
		    !strcmp(e->name, name))
			return e->arn;
	}
	return NULL;
}

/* "arn:PARTITION:iam::ACCOUNT:role/NAME": only to name a missing role. */
static const char *pathless_arn(struct collect_ctx *cx, const char *name)
{
	char buf[600];

	return arena_strdup(cx->arena,
			    arn_format(cx->acct, buf, sizeof(buf), "iam", "",
				       cx->acct->id, "role/%s", name));
}

struct get_role_arg {
	const struct aws_request *req;
	struct ir_role *role;
};

static int get_role_page(struct collect_ctx *cx, xmlNode *res, void *arg)
{
	struct get_role_arg *ga = arg;

	ga->role->arn = axml_str(cx->arena, res, "Role/Arn");
	if (!ga->role->arn || strncmp(ga->role->arn, "arn:", 4))
		return inv_malformed(cx, ga->req, "no Role/Arn");
	return 0;
}

/*
 * Find IR role 'r->name': in IAM_AUTHZ (GetAccountAuthorizationDetails,
 * an input of this dataset), else -- that dataset failed -- with
 * iam:GetRole, which knows its path (/incident-response/...) too.
 * NoSuchEntity, or a role IAM_AUTHZ does not list, is 'missing'; another
 * GetRole error is kept in 'err'.
 */
static void resolve_role(struct collect_ctx *cx, struct ir_role *r)
{
	struct aws_request req = { .service = "iam",
				   .action = "GetRole",
				   .region = "global",
				   .resource = r->name };
	struct get_role_arg ga = { &req, r };

	r->arn = listed_arn(cx->acct, r->name);
	if (r->arn)
		return;
	if (cx->acct->status[DS_IAM_AUTHZ].state == INV_OK) {
		r->missing = 1;
		return;
	}
	aws_request_param(&req, "RoleName", r->name);
	if (inv_xml_call(cx, &req, get_role_page, &ga)) {
		r->arn = NULL;
		if (!strcmp(cx->err->code, "NoSuchEntity"))
			r->missing = 1;
		else
			r->err = *cx->err;
	}
	aws_error_clear(cx->err);
}

/* iam:SimulatePrincipalPolicy */

/* One simulated action: the resources and context the runbook acts with. */
struct sim_spec {
	const char *action;
	const char *arns[2];
	size_t narns;
	const char *region;         /* aws:RequestedRegion */
	const struct inv_tag *tags; /* the resource's own tags, or NULL */
	size_t ntags;
};

/* At most this many resource tags go into a simulation's context. */
#define SIM_MAX_TAGS 3

struct sim_arg {
	const struct aws_request *req;
	struct inv_drill_step *step;
	struct strbuf denied, missing;
	int nresults, explicit_deny;
};

/* Append 's' to the ", "-separated list 'sb' unless it is there. */
static void list_add(struct strbuf *sb, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (!s)
		return;
	for (const char *p = sb->len ? sb->buf : ""; *p;) {
		const char *end = strstr(p, ", ");
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && !strncmp(p, s, n))
			return;
		p += len + (end ? 2 : 0);
	}
	strbuf_addf(sb, "%s%s", sb->len ? ", " : "", s);
}

/* One decision: "allowed", "explicitDeny" or "implicitDeny" (the wire's). */
static void sim_decision(struct sim_arg *sa, const char *decision,
			 const char *resource, xmlNode *missing)
{
	if (strcmp(decision, "allowed")) {
		list_add(&sa->denied, resource ? resource : "*");
		if (!strcmp(decision, "explicitDeny"))
			sa->explicit_deny = 1;
	}
	for (xmlNode *m = axml_items(missing); m; m = axml_next(m)) {
		char key[257];

		axml_copy(m, "", key, sizeof(key));
		if (*key)
			list_add(&sa->missing, key);
	}
}

static int sim_page(struct collect_ctx *cx, xmlNode *res, void *arg)
{
	struct sim_arg *sa = arg;

	for (xmlNode *it = axml_items(axml_child(res, "EvaluationResults")); it;
	     it = axml_next(it)) {
		char *action = axml_str(cx->arena, it, "EvalActionName");
		char *decision = axml_str(cx->arena, it, "EvalDecision");
		xmlNode *per =
			axml_items(axml_child(it, "ResourceSpecificResults"));

		if (!action || !decision)
			return inv_malformed(cx, sa->req,
					     "an evaluation result without "
					     "action or decision");
		if (strcasecmp(action, sa->step->action))
			return inv_malformed(cx, sa->req,
					     "an evaluation result for an "
					     "action not asked about");
		sa->nresults++;
		/* per resource when ResourceArns were sent (the API's rule) */
		for (xmlNode *r = per; r; r = axml_next(r)) {
			char *name = axml_str(cx->arena, r, "EvalResourceName");
			char *d =
				axml_str(cx->arena, r, "EvalResourceDecision");

			if (!name || !d)
				return inv_malformed(
					cx, sa->req,
					"a resource result without "
					"resource or decision");
			sim_decision(sa, d, name,
				     axml_child(r, "MissingContextValues"));
		}
		if (!per)
			sim_decision(
				sa, decision,
				axml_str(cx->arena, it, "EvalResourceName"),
				axml_child(it, "MissingContextValues"));
		else if (strcmp(decision, "allowed") && !sa->denied.len)
			list_add(&sa->denied,
				 "*"); /* overall, not per resource */
		if (!strcmp(decision, "explicitDeny"))
			sa->explicit_deny = 1;
	}
	return 0;
}

/* "ContextEntries.member.N.<what>" in the arena. */
static const char *ctx_param(struct collect_ctx *cx, size_t n, const char *what)
{
	return arena_printf(cx->arena, "ContextEntries.member.%zu.%s", n, what);
}

/*
 * Add context entry 'key' = 'value' of 'type' to 'req' and to the text
 * of what was assumed, 'ctx'.
 */
static void ctx_add(struct collect_ctx *cx, struct aws_request *req, size_t *n,
		    const char *key, const char *value, const char *type,
		    struct strbuf *ctx)
{
	++*n;
	aws_request_param(req, ctx_param(cx, *n, "ContextKeyName"), key);
	aws_request_param(req, ctx_param(cx, *n, "ContextKeyValues.member.1"),
			  value);
	aws_request_param(req, ctx_param(cx, *n, "ContextKeyType"), type);
	strbuf_addf(ctx, "%s%s=%s", ctx->len ? ", " : "", key, value);
}

/*
 * The context a responder acts in: signed in with MFA (the usual guard on
 * an IR role's powers), in the resource's region, and -- for a real
 * resource -- its own tags (up to SIM_MAX_TAGS, as ec2:ResourceTag/K and
 * aws:ResourceTag/K), so tag-conditioned grants are judged as IAM would.
 */
static void sim_context(struct collect_ctx *cx, struct aws_request *req,
			const struct sim_spec *sp, struct strbuf *ctx)
{
	size_t n = 0, ntags = 0;

	ctx_add(cx, req, &n, "aws:MultiFactorAuthPresent", "true", "boolean",
		ctx);
	ctx_add(cx, req, &n, "aws:RequestedRegion", sp->region, "string", ctx);
	for (size_t i = 0; i < sp->ntags && ntags < SIM_MAX_TAGS; i++) {
		const struct inv_tag *t = &sp->tags[i];

		if (!t->key || !t->value || !strncmp(t->key, "aws:", 4))
			continue;
		ntags++;
		ctx_add(cx, req, &n,
			arena_printf(cx->arena, "ec2:ResourceTag/%s", t->key),
			t->value, "string", ctx);
		ctx_add(cx, req, &n,
			arena_printf(cx->arena, "aws:ResourceTag/%s", t->key),
			t->value, "string", ctx);
	}
}

/*
 * Simulate 'sp' for role 'arn': one step, allowed on every resource? Returns
 * -1 when the call failed (the step is ERROR), an error code when the
 * read-only guard refused it (a bug), else 0.
 */
static int simulate_action(struct collect_ctx *cx, const char *arn,
			   const struct sim_spec *sp)
{
	struct aws_request req = { .service = "iam",
				   .action = "SimulatePrincipalPolicy",
				   .region = "global",
				   .resource = arena_printf(cx->arena, "%s#%s",
							    arn, sp->action),
				   .token_param = "Marker" };
	static const char *const res_param[] = { "ResourceArns.member.1",
						 "ResourceArns.member.2" };
	struct inv_drill_step *s =
		step_new(cx, sp->action, "global", arn, NULL);
	struct sim_arg sa = { .req = &req, .step = s };
	struct strbuf ctx, arns;
	int rc;

	strbuf_init(&ctx, 0);
	strbuf_init(&arns, 0);
	strbuf_init(&sa.denied, 0);
	strbuf_init(&sa.missing, 0);
	aws_request_param(&req, "PolicySourceArn", arn);
	aws_request_param(&req, "ActionNames.member.1", sp->action);
	for (size_t k = 0; k < sp->narns; k++) {
		aws_request_param(&req, res_param[k], sp->arns[k]);
		list_add(&arns, sp->arns[k]);
	}
	sim_context(cx, &req, sp, &ctx);
	s->resources = arena_strdup(cx->arena, arns.buf);
	s->context = arena_strdup(cx->arena, ctx.buf);
	rc = aws_allowlist_check(&req, cx->client->drill, cx->err);
	if (rc)
		goto out;
	if (inv_xml_pages(cx, &req, "Marker", sim_page, &sa)) {
		s->answer = INV_DRILL_ERROR;
		s->decision = arena_strdup(cx->arena, cx->err->code);
		s->err = *cx->err;
		rc = -1; /* the role's other actions would fail alike */
	} else if (!sa.nresults) {
		s->answer = INV_DRILL_ERROR;
		aws_error_set(&s->err, IRREADY_EPARSE, "MalformedResponse",
			      "iam:SimulatePrincipalPolicy returned no "
			      "evaluation result for %s",
			      sp->action);
	} else {
		s->answer =
			sa.denied.len ? INV_DRILL_DENIED : INV_DRILL_ALLOWED;
		s->decision = sa.denied.len ? sa.explicit_deny ? "explicitDeny"
							       : "implicitDeny"
					    : "allowed";
		s->denied_on = sa.denied.len
				       ? arena_strdup(cx->arena, sa.denied.buf)
				       : NULL;
		s->missing = sa.missing.len
				     ? arena_strdup(cx->arena, sa.missing.buf)
				     : NULL;
	}
	aws_error_clear(cx->err);
out:
	strbuf_release(&ctx);
	strbuf_release(&arns);
	strbuf_release(&sa.denied);
	strbuf_release(&sa.missing);
	return rc;
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
	for (size_t i = 0; i < n; i++) {
		if (roles[i].arn)
			return assume_ir_role(cx, roles[i].arn, cr);
		if (roles[i].missing)
			continue;
		a->drill_assume_failed = 1;
		a->drill_assume_err = roles[i].err;
		return 0;
	}
	a->drill_ir_missing = 1;
	a->drill_ir_role = pathless_arn(cx, roles[0].name);
	return 0;
}

/* The volume 'id' of region 'r', when VOLUMES was collected, or NULL. */
static const struct inv_volume *find_volume(const struct inv_region *r,
					    const char *id)
{
	for (size_t i = 0; r && id && i < r->volumes.n; i++)
		if (r->volumes.v[i].id && !strcmp(r->volumes.v[i].id, id))
			return &r->volumes.v[i];
	return NULL;
}

/* The ARN of resource 'type''id' ("*" when 'id' is NULL), in the arena. */
static const char *sim_arn(struct collect_ctx *cx, const char *service,
			   const char *region, const char *account,
			   const char *type, const char *id)
{
	char buf[512];

	return arena_strdup(cx->arena, arn_format(cx->acct, buf, sizeof(buf),
						  service, region, account,
						  "%s%s", type, id ? id : "*"));
}

/*
 * What the drill simulates, with the resources a containment runbook
 * acts on: the target instance, its volume and the isolation group when
 * there is one (else ARNs of any such resource of the account, "*" in
 * the resource id), any access key's user, any role, any KMS key of
 * 'region', any bucket, any regional WAF IP set. IAM's actions are
 * requested in the partition's IAM region. Fills 'sp' (8 entries).
 */
static size_t sim_specs(struct collect_ctx *cx, const struct inv_region *r,
			const char *region, const struct inv_instance *in,
			struct sim_spec *sp)
{
	const char *acct = cx->acct->id;
	const char *iam_region =
		aws_partition_global_region(aws_partition(region));
	const char *inst = sim_arn(cx, "ec2", region, acct, "instance/",
				   in ? in->id : NULL);
	const char *vol_id = in && in->nvolumes ? in->volume_ids[0] : NULL;
	const struct inv_volume *vol = find_volume(r, vol_id);
	size_t n = 0;

	memset(sp, 0, 8 * sizeof(*sp));
	sp[n].action = "ec2:ModifyInstanceAttribute";
	sp[n].arns[0] = inst;
	sp[n].arns[1] = sim_arn(cx, "ec2", region, acct, "security-group/",
				in ? cx->acct->drill_sg : NULL);
	sp[n].narns = 2;
	sp[n].tags = in ? in->tags : NULL;
	sp[n++].ntags = in ? in->ntags : 0;
	sp[n].action = "ec2:CreateSnapshot";
	sp[n].arns[0] = sim_arn(cx, "ec2", region, acct, "volume/", vol_id);
	sp[n].arns[1] = sim_arn(cx, "ec2", region, "", "snapshot/", NULL);
	sp[n].narns = 2;
	sp[n].tags = vol ? vol->tags : NULL;
	sp[n++].ntags = vol ? vol->ntags : 0;
	sp[n].action = "ec2:CreateTags";
	sp[n].arns[0] = inst;
	sp[n].tags = in ? in->tags : NULL;
	sp[n++].ntags = in ? in->ntags : 0;
	sp[n].action = "iam:UpdateAccessKey";
	sp[n++].arns[0] = sim_arn(cx, "iam", "", acct, "user/", NULL);
	sp[n].action = "iam:PutRolePolicy";
	sp[n++].arns[0] = sim_arn(cx, "iam", "", acct, "role/", NULL);
	sp[n].action = "kms:DisableKey";
	sp[n++].arns[0] = sim_arn(cx, "kms", region, acct, "key/", NULL);
	sp[n].action = "s3:PutBucketPolicy";
	sp[n++].arns[0] = sim_arn(cx, "s3", "", "", "", NULL);
	sp[n].action = "wafv2:UpdateIPSet";
	sp[n++].arns[0] =
		sim_arn(cx, "wafv2", region, acct, "regional/ipset/", NULL);
	for (size_t k = 0; k < n; k++) {
		sp[k].narns += !sp[k].narns;
		sp[k].region =
			strncmp(sp[k].action, "iam:", 4) ? region : iam_region;
	}
	return n;
}

/*
 * Simulate every action of 'sp' for each IR role: a role that does not
 * exist gets one DENIED step (NoSuchEntity), one that could not be looked
 * up one ERROR step; a simulation error ends that role's simulations.
 */
static int simulate_roles(struct collect_ctx *cx, const struct ir_role *roles,
			  size_t nroles, const struct sim_spec *sp, size_t n)
{
	for (size_t i = 0; i < nroles; i++) {
		const struct ir_role *ro = &roles[i];
		struct inv_drill_step *s;
		int rc = 0;

		if (ro->arn) {
			for (size_t k = 0; !rc && k < n; k++)
				rc = simulate_action(cx, ro->arn, &sp[k]);
			if (rc > 0)
				return rc;
			continue;
		}
		s = step_new(cx, NULL, "global", pathless_arn(cx, ro->name),
			     NULL);
		if (ro->missing) {
			/* a role that does not exist cannot contain anything */
			s->answer = INV_DRILL_DENIED;
			s->decision = "NoSuchEntity";
		} else {
			s->answer = INV_DRILL_ERROR;
			s->decision = arena_strdup(cx->arena, ro->err.code);
			s->err = ro->err;
		}
	}
	return 0;
}

/* The region the drill acts in: the target's, else home, else the first. */
static const struct inv_region *sim_region(const struct inv_account *a,
					   const struct inv_region *target)
{
	if (target)
		return target;
	for (size_t k = 0; k < a->nregions; k++)
		if (a->home_region &&
		    !strcmp(a->regions[k].name, a->home_region))
			return &a->regions[k];
	return a->nregions ? &a->regions[0] : NULL;
}

int inv_collect_drill(struct collect_ctx *cx)
{
	struct inv_account *a = cx->acct;
	struct params defaults;
	const struct params *prm = cx->params;
	const struct inv_region *home = NULL, *r;
	const struct inv_instance *in = NULL;
	struct ir_role *roles;
	struct sim_spec sp[8];
	size_t nsp;
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
		resolve_role(cx, &roles[i]);
	}
	if (in) {
		struct aws_creds cr = { 0 };

		drill_target(cx, home, in);
		rc = drill_as_ir_role(cx, roles, prm->nir_role_names, &cr);
		if (!rc && cr.access_key)
			rc = drill_instance(cx, home, in, &cr);
		forget(&cr);
	}
	r = sim_region(a, in ? home : NULL);
	if (rc || !r)
		return rc;
	nsp = sim_specs(cx, r, r->name, in, sp);
	return simulate_roles(cx, roles, prm->nir_role_names, sp, nsp);
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
