/*
 * aws_allowlist.c -- the read-only guard every request passes
 *
 * See aws_allowlist.h. The guard looks only at the request (service,
 * action, parameters), so it holds whatever a collector does: a mutating
 * action without DryRun=true, or any drill action without --drill, is
 * refused before it reaches a transport, live or replay.
 */
#include "aws_allowlist.h"
#include "irready.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int aws_action_read_only(const char *action)
{
	static const char *const verbs[] = { "Describe", "List", "Get",
					     "BatchGet" };

	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++) {
		size_t n = strlen(verbs[i]);

		/* "GetX", never "Getaway": the verb ends at a capital */
		if (!strncmp(action, verbs[i], n) && action[n] >= 'A' &&
		    action[n] <= 'Z')
			return 1;
	}
	return 0;
}

/* Whether "service:action" is one of AWS_DRILL_ACTIONS. */
static int drill_action(const char *service, const char *action)
{
	const char *p = AWS_DRILL_ACTIONS;
	size_t ns = strlen(service), na = strlen(action);

	while (*p) {
		size_t len = strcspn(p, " ");

		if (len == ns + 1 + na && !strncmp(p, service, ns) &&
		    p[ns] == ':' && !strncmp(p + ns + 1, action, na))
			return 1;
		p += len;
		p += strspn(p, " ");
	}
	return 0;
}

/* 1 when the request carries exactly one DryRun parameter, "true". */
static int dry_run(const struct aws_request *req)
{
	int n = 0, yes = 0;

	for (size_t i = 0; i < req->nparams; i++) {
		if (strcmp(req->params[i].name, "DryRun"))
			continue;
		n++;
		yes = req->params[i].value &&
		      !strcmp(req->params[i].value, "true");
	}
	return n == 1 && yes;
}

static int refuse(const struct aws_request *req, struct aws_error *err,
		  const char *why)
{
	aws_error_clear(err);
	snprintf(err->action, sizeof(err->action), "%s:%s", req->service,
		 req->action);
	snprintf(err->region, sizeof(err->region), "%s",
		 req->region ? req->region : "");
	aws_error_set(err, IRREADY_EUSAGE, "ReadOnlyGuard",
		      "refusing to send %s:%s: %s", req->service, req->action,
		      why);
	return IRREADY_EUSAGE;
}

/*
 * The read operations of the REST protocols that AWS models as POST (a
 * body carries their filter), with their request URI as in botocore's
 * model ("*": one path segment). Every other REST read is GET or HEAD.
 */
static const struct {
	const char *service, *action, *path;
} rest_posts[] = {
	{ "account", "GetAlternateContact", "/getAlternateContact" },
	{ "guardduty", "GetFindings", "/detector/*/findings/get" },
	{ "guardduty", "ListFindings", "/detector/*/findings" },
	{ "inspector2", "BatchGetAccountStatus", "/status/batch/get" },
	{ "securityhub", "GetEnabledStandards", "/standards/get" },
	{ "ssm-incidents", "ListResponsePlans", "/listResponsePlans" },
};

/* A request path: absolute, no "." or ".." segment, no control byte. */
static int path_ok(const char *path)
{
	const char *p = path;

	if (*p != '/')
		return 0;
	while (*p) {
		size_t n;

		p++; /* past '/' */
		n = strcspn(p, "/?");
		if ((n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '?')
			break;
	}
	for (p = path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

/*
 * REST protocols put the operation in the method and path, not in an
 * Action parameter: a read goes out as GET or HEAD, or as POST to exactly
 * the URI its model gives (rest_posts). NULL when fine, else why not.
 */
static const char *rest_refusal(const struct aws_request *req)
{
	const struct aws_service *svc = aws_service_find(req->service);
	const char *m = req->method ? req->method : "GET";

	if (!svc || (svc->protocol != AWS_PROTO_REST_JSON &&
		     svc->protocol != AWS_PROTO_REST_XML))
		return NULL;
	if (req->path && !path_ok(req->path))
		return "a REST path with a '.' or '..' segment";
	if (!strcmp(m, "GET") || !strcmp(m, "HEAD"))
		return NULL;
	if (strcmp(m, "POST"))
		return "a REST read sent with a method other than "
		       "GET, HEAD or its modelled POST";
	for (size_t i = 0; i < ARRAY_SIZE(rest_posts); i++)
		if (!strcmp(rest_posts[i].service, req->service) &&
		    !strcmp(rest_posts[i].action, req->action))
			return req->path && !fnmatch(rest_posts[i].path,
						     req->path, FNM_PATHNAME)
				       ? NULL
				       : "a POST to a path its model "
					 "does not give";
	return "a REST read sent as POST";
}

int aws_allowlist_check(const struct aws_request *req, int drill,
			struct aws_error *err)
{
	const char *why;

	if (!req->service || !req->action)
		return refuse(req, err, "no service or action");
	if (aws_action_read_only(req->action)) {
		why = rest_refusal(req);
		return why ? refuse(req, err, why) : 0;
	}
	if (!drill_action(req->service, req->action))
		return refuse(req, err,
			      "irready calls only Describe, List and Get "
			      "actions (and the --drill dry runs)");
	if (!drill)
		return refuse(req, err, "a drill action without --drill");
	if (!strcmp(req->service, "ec2") && !dry_run(req))
		return refuse(req, err,
			      "an EC2 drill call without "
			      "DryRun=true");
	return 0;
}
