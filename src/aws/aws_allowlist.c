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

#include <stdio.h>
#include <string.h>

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

int aws_allowlist_check(const struct aws_request *req, int drill,
			struct aws_error *err)
{
	if (!req->service || !req->action)
		return refuse(req, err, "no service or action");
	if (aws_action_read_only(req->action))
		return 0;
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
