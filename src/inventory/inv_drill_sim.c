/*
 * inv_drill_sim.c -- the containment drill's policy simulation (DRILL)
 *
 * For each IR role of params.ir_role_names, its ARN with its path (from
 * IAM_AUTHZ, else iam:GetRole), then one iam:SimulatePrincipalPolicy per
 * containment action, asked the way a runbook would act:
 *
 *   - ResourceArns: the drill's target instance, its security group (the
 *     isolation group when there is one) and its volume, with any snapshot
 *     of the region; when there is no target, and for the other actions,
 *     any such resource of the account ("*" as the resource id: any
 *     instance, user, role, KMS key, bucket or WAF IP set), all in the
 *     partition of the run (arn_format());
 *   - ContextEntries: aws:MultiFactorAuthPresent=true (responders sign in
 *     with MFA), aws:RequestedRegion (the resource's region; IAM's actions
 *     the partition's IAM region) and, for a real instance or volume, its
 *     own tags (up to SIM_MAX_TAGS) as ec2:ResourceTag/K and
 *     aws:ResourceTag/K, so tag-conditioned grants are judged as IAM would
 *     judge the runbook's call.
 *
 * IAM answers one EvaluationResult per action, with ResourceSpecificResults
 * per resource when ResourceArns are sent: the action is allowed only when
 * every resource is ("allowed"); otherwise the step keeps the decision
 * (explicitDeny over implicitDeny), the resources denied and the context
 * keys IAM said it lacked (MissingContextValues).
 */
#include "arn.h"
#include "aws_allowlist.h"
#include "inv_drill.h"
#include "inv_pager.h"
#include "irready.h"

#include <string.h>
#include <strings.h>

/* The IR roles: their ARNs, path included */

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

const char *drill_pathless_arn(struct collect_ctx *cx, const char *name)
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

static int get_role_page(struct collect_ctx *cx, struct axml_node *res,
			 void *arg)
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
void drill_resolve_role(struct collect_ctx *cx, struct ir_role *r)
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

/*
 * PolicySourceArn, ActionNames, two ResourceArns, and three parameters per
 * context entry: MFA, the region, two per tag
 */
_Static_assert(4 + 3 * (2 + 2 * SIM_MAX_TAGS) <= AWS_MAX_PARAMS,
	       "a simulation's parameters fit in a request");

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
			 const char *resource, struct axml_node *missing)
{
	if (strcasecmp(decision, "allowed")) {
		list_add(&sa->denied, resource ? resource : "*");
		if (!strcasecmp(decision, "explicitDeny"))
			sa->explicit_deny = 1;
	}
	for (struct axml_node *m = axml_items(missing); m; m = axml_next(m)) {
		char key[257];

		axml_copy(m, "", key, sizeof(key));
		if (*key)
			list_add(&sa->missing, key);
	}
}

static int sim_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	struct sim_arg *sa = arg;

	for (struct axml_node *it =
		     axml_items(axml_child(res, "EvaluationResults"));
	     it; it = axml_next(it)) {
		char *action = axml_str(cx->arena, it, "EvalActionName");
		char *decision = axml_str(cx->arena, it, "EvalDecision");
		struct axml_node *per =
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
		for (struct axml_node *r = per; r; r = axml_next(r)) {
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
		else if (strcasecmp(decision, "allowed") && !sa->denied.len)
			list_add(&sa->denied,
				 "*"); /* overall, not per resource */
		if (!strcasecmp(decision, "explicitDeny"))
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
		drill_step_new(cx, sp->action, "global", arn, NULL);
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
		s = drill_step_new(cx, NULL, "global",
				   drill_pathless_arn(cx, ro->name), NULL);
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

int drill_simulate(struct collect_ctx *cx, const struct ir_role *roles,
		   size_t nroles, const struct inv_region *target,
		   const struct inv_instance *in)
{
	const struct inv_region *r = sim_region(cx->acct, target);
	struct sim_spec sp[8];
	size_t n;

	if (!r)
		return 0;
	n = sim_specs(cx, r, r->name, in, sp);
	return simulate_roles(cx, roles, nroles, sp, n);
}
