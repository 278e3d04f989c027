/*
 * inv_waf.c -- load balancers and the WAF web ACLs protecting them; web
 * ACLs and their logging
 *
 * LOAD_BALANCERS: elbv2 DescribeLoadBalancers (query, Marker/NextMarker
 * paging), then wafv2 GetWebACLForResource for each internet-facing
 * application load balancer. An empty answer means no web ACL; so does
 * WAFNonexistentItemException, which WAF returns for some resources it
 * has no association for.
 *
 * WAF_ACLS: wafv2 ListWebACLs with Scope REGIONAL, and in us-east-1 also
 * CLOUDFRONT (CloudFront web ACLs live there), then GetLoggingConfiguration
 * per web ACL; WAFNonexistentItemException there means logging is off.
 * ListWebACLs sends a NextMarker even on its last page, so irready asks
 * for pages of 100 and stops at the first page with fewer.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <string.h>
#include <strings.h>

#define WAF_PAGE 100

/* DescribeLoadBalancers + GetWebACLForResource */

static int lbs_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	for (struct axml_node *it =
		     axml_items(axml_child(res, "LoadBalancers"));
	     it; it = axml_next(it)) {
		struct inv_load_balancer *lb =
			INV_PUSH(cx->arena, cx->region->load_balancers);

		lb->arn = axml_str(cx->arena, it, "LoadBalancerArn");
		lb->name = axml_str(cx->arena, it, "LoadBalancerName");
		lb->type = axml_str(cx->arena, it, "Type");
		lb->scheme = axml_str(cx->arena, it, "Scheme");
		lb->vpc_id = axml_str(cx->arena, it, "VpcId");
		lb->state = axml_str(cx->arena, it, "State/Code");
		if (!lb->arn)
			return inv_malformed(cx, arg,
					     "a load balancer without "
					     "LoadBalancerArn");
	}
	return 0;
}

static int web_acl_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_load_balancer *lb = arg;
	const cJSON *acl = cJSON_GetObjectItemCaseSensitive(page, "WebACL");

	lb->waf_checked = 1;
	if (cJSON_IsObject(acl)) {
		lb->web_acl_arn = ajson_str(cx->arena, acl, "ARN");
		lb->web_acl_name = ajson_str(cx->arena, acl, "Name");
	}
	return 0;
}

/* Whether WAF can protect it and the internet can reach it. */
static int public_alb(const struct inv_load_balancer *lb)
{
	return lb->type && !strcasecmp(lb->type, "application") && lb->scheme &&
	       !strcasecmp(lb->scheme, "internet-facing");
}

int inv_collect_load_balancers(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "elbv2",
				   .action = "DescribeLoadBalancers",
				   .token_param = "Marker" };
	int rc = inv_xml_pages(cx, &req, "NextMarker", lbs_page, &req);

	for (size_t i = 0; !rc && i < cx->region->load_balancers.n; i++) {
		struct inv_load_balancer *lb = &cx->region->load_balancers.v[i];
		struct aws_request wreq = { .service = "wafv2",
					    .action = "GetWebACLForResource",
					    .resource = lb->arn };

		if (!public_alb(lb))
			continue;
		wreq.json_body = ajson_body(cx->arena, "ResourceArn", lb->arn);
		rc = inv_json_call(cx, &wreq, web_acl_page, lb);
		if (rc &&
		    !strcmp(cx->err->code, "WAFNonexistentItemException")) {
			aws_error_clear(cx->err);
			lb->waf_checked = 1;
			rc = 0;
		}
		/* any other answer about this load balancer is its own */
		rc = inv_resource_error(cx, rc, &lb->waf_err);
	}
	return rc;
}

/* ListWebACLs + GetLoggingConfiguration */

struct acls_arg {
	struct aws_request *req;
	const char *scope;
};

static int acls_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct acls_arg *aa = arg;
	const cJSON *w;
	size_t n = 0;

	cJSON_ArrayForEach(w, ajson_array(page, "WebACLs"))
	{
		struct inv_web_acl *acl =
			INV_PUSH(cx->arena, cx->region->web_acls);

		acl->arn = ajson_str(cx->arena, w, "ARN");
		acl->name = ajson_str(cx->arena, w, "Name");
		acl->id = ajson_str(cx->arena, w, "Id");
		acl->scope = aa->scope;
		if (!acl->arn)
			return inv_malformed(cx, aa->req,
					     "a web ACL without ARN");
		n++;
	}
	return n < WAF_PAGE ? INV_PAGE_LAST : 0;
}

static int logging_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_web_acl *acl = arg;
	const cJSON *lc =
		cJSON_GetObjectItemCaseSensitive(page, "LoggingConfiguration");
	const cJSON *dest = ajson_array(lc, "LogDestinationConfigs");

	if (!cJSON_IsObject(lc))
		return 0;
	acl->logging = 1;
	if (dest && cJSON_IsString(cJSON_GetArrayItem(dest, 0)))
		acl->log_destination = arena_strdup(
			cx->arena, cJSON_GetArrayItem(dest, 0)->valuestring);
	return 0;
}

static int list_acls(struct collect_ctx *cx, const char *scope)
{
	struct aws_request req = { .service = "wafv2",
				   .action = "ListWebACLs",
				   .resource = scope,
				   .token_param = "NextMarker" };
	struct acls_arg aa = { &req, scope };

	req.json_body = arena_printf(
		cx->arena, "{\"Scope\":\"%s\",\"Limit\":%d}", scope, WAF_PAGE);
	return inv_json_pages(cx, &req, "NextMarker", acls_page, &aa);
}

int inv_collect_waf_acls(struct collect_ctx *cx)
{
	int rc = list_acls(cx, "REGIONAL");

	if (!rc && !strcmp(cx->region->name, "us-east-1"))
		rc = list_acls(cx, "CLOUDFRONT");
	for (size_t i = 0; !rc && i < cx->region->web_acls.n; i++) {
		struct inv_web_acl *acl = &cx->region->web_acls.v[i];
		struct aws_request lreq = { .service = "wafv2",
					    .action = "GetLoggingConfiguration",
					    .resource = acl->arn };

		lreq.json_body = ajson_body(cx->arena, "ResourceArn", acl->arn);
		rc = inv_json_call(cx, &lreq, logging_page, acl);
		if (rc &&
		    !strcmp(cx->err->code, "WAFNonexistentItemException")) {
			aws_error_clear(cx->err);
			rc = 0;
		}
		rc = inv_resource_error(cx, rc, &acl->logging_err);
	}
	return rc;
}

/* `irready inventory`: what LOAD_BALANCERS holds */
static void load_balancers_json(cJSON *o, const struct inv_account *acct,
				const struct inv_region *r)
{
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "load_balancers");
	for (size_t i = 0; i < r->load_balancers.n; i++) {
		const struct inv_load_balancer *lb = &r->load_balancers.v[i];

		x = cJSON_CreateObject();
		inv_json_str(x, "arn", lb->arn);
		inv_json_str(x, "type", lb->type);
		inv_json_str(x, "scheme", lb->scheme);
		if (lb->waf_checked)
			inv_json_str(x, "web_acl_arn", lb->web_acl_arn);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_load_balancers = {
	.name = "LOAD_BALANCERS",
	.scope = INV_REGION,
	.description = "Load balancers and their WAF web ACLs",
	.actions = "elbv2:DescribeLoadBalancers wafv2:GetWebACLForResource",
	.collect = inv_collect_load_balancers,
	.dump = load_balancers_json,
};

/* `irready inventory`: what WAF_ACLS holds */
static void waf_acls_json(cJSON *o, const struct inv_account *acct,
			  const struct inv_region *r)
{
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "web_acls");
	for (size_t i = 0; i < r->web_acls.n; i++) {
		const struct inv_web_acl *w = &r->web_acls.v[i];

		x = cJSON_CreateObject();
		inv_json_str(x, "arn", w->arn);
		inv_json_str(x, "scope", w->scope);
		cJSON_AddBoolToObject(x, "logging", w->logging);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_waf_acls = {
	.name = "WAF_ACLS",
	.scope = INV_REGION,
	.description = "WAF web ACLs and their logging",
	.actions = "wafv2:ListWebACLs wafv2:GetLoggingConfiguration",
	.collect = inv_collect_waf_acls,
	.dump = waf_acls_json,
};
