/*
 * creds_imds.c -- EC2 instance metadata, IMDSv2 only: a session token,
 * the attached role's name, then its credentials
 *
 * AWS_EC2_METADATA_SERVICE_ENDPOINT(_MODE) choose the address,
 * AWS_EC2_METADATA_DISABLED=true skips the source.
 */
#include "creds_internal.h"
#include "aws_json.h"
#include "irready.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define IMDS_V4        "http://169.254.169.254"
#define IMDS_V6        "http://[fd00:ec2::254]"
#define IMDS_TOKEN_TTL "21600"

/* One IMDS request: 'r' is set up by the caller, the answer in 'resp'. */
static int imds_get(struct aws_creds_provider *p, struct http_request *r,
		    const char *method, char *url, struct aws_response *resp,
		    struct aws_error *err)
{
	int rc;

	r->method = method;
	r->url = url;
	rc = creds_agent_perform(r, 2, p->allow_plain, resp, err);
	free(url);
	r->url = NULL;
	return rc;
}

/* The IMDSv2 session token into '*token' (a secret). */
static int imds_token(struct aws_creds_provider *p, const struct creds_src *s,
		      struct http_request *r, struct aws_response *resp,
		      char **token, struct aws_error *err)
{
	struct http_header h = { "X-aws-ec2-metadata-token-ttl-seconds",
				 IMDS_TOKEN_TTL };
	int rc;

	r->headers = &h;
	rc = imds_get(p, r, "PUT", xasprintf("%s/latest/api/token", s->url),
		      resp, err);
	r->headers = NULL;
	if (!rc && resp->status != 200) {
		aws_error_set(err, IRREADY_EHTTP, "IMDSError",
			      "token request answered HTTP %d", resp->status);
		rc = IRREADY_EHTTP;
	}
	if (rc)
		return rc;
	*token = xstrndup(resp->body.buf ? resp->body.buf : "", resp->body.len);
	creds_trim_end(*token);
	return 0;
}

/* The name of the instance's role into 'role' (r->headers: the token). */
static int imds_role(struct aws_creds_provider *p, const struct creds_src *s,
		     struct http_request *r, struct aws_response *resp,
		     char *role, size_t n, struct aws_error *err)
{
	int rc;

	rc = imds_get(p, r, "GET",
		      xasprintf("%s/latest/meta-data/iam/security-credentials/",
				s->url),
		      resp, err);
	if (!rc && resp->status == 404) {
		aws_error_set(err, IRREADY_ENOTFOUND, "IMDSError",
			      "no IAM role is attached to this instance");
		rc = IRREADY_ENOTFOUND;
	} else if (!rc && resp->status != 200) {
		aws_error_set(err, IRREADY_EHTTP, "IMDSError",
			      "role name request answered HTTP %d",
			      resp->status);
		rc = IRREADY_EHTTP;
	}
	if (rc)
		return rc;
	creds_first_line(strbuf_str(&resp->body), role, n);
	creds_trim_end(role);
	if (!*role || strchr(role, '/') || strchr(role, '?')) {
		aws_error_set(err, IRREADY_EPARSE, "IMDSError",
			      "no usable IAM role name in the answer");
		return IRREADY_EPARSE;
	}
	return 0;
}

/* The credentials of 'role' (r->headers: the token). */
static int imds_role_creds(struct aws_creds_provider *p,
			   const struct creds_src *s, struct http_request *r,
			   struct aws_response *resp, const char *role,
			   struct aws_creds *out, struct aws_error *err)
{
	const char *code;
	cJSON *j = NULL;
	int rc;

	rc = imds_get(
		p, r, "GET",
		xasprintf("%s/latest/meta-data/iam/security-credentials/%s",
			  s->url, role),
		resp, err);
	if (!rc && resp->status != 200) {
		aws_error_set(err, IRREADY_EHTTP, "IMDSError",
			      "credentials request for role '%s' answered "
			      "HTTP %d",
			      role, resp->status);
		rc = IRREADY_EHTTP;
	}
	if (rc)
		return rc;
	j = ajson_parse(resp->body.buf, resp->body.len);
	code = ajson_get(j, "Code");
	if (!j || (code && strcmp(code, "Success")) ||
	    creds_from_json(j, creds_agent_names, 0, "imds", out)) {
		aws_error_set(err, IRREADY_EPARSE, "IMDSError",
			      "no credentials for role '%s' in the answer%s%s",
			      role, code ? ", code " : "", code ? code : "");
		rc = IRREADY_EPARSE;
	}
	if (j)
		creds_wipe_json(j);
	cJSON_Delete(j);
	return rc;
}

int creds_fetch_imds(struct aws_creds_provider *p, struct creds_src *s,
		     struct aws_creds *out, struct aws_error *err)
{
	struct http_header h;
	struct http_request r = { 0 };
	struct aws_response resp;
	char *token = NULL, role[256];
	int rc;

	aws_response_init(&resp);
	r.connect_timeout_ms = 1000;
	r.timeout_ms = 2000;
	r.max_body = CREDS_BODY_MAX;
	r.nheaders = 1;
	rc = imds_token(p, s, &r, &resp, &token, err);
	if (rc)
		goto out;
	h = (struct http_header){ "X-aws-ec2-metadata-token", token };
	r.headers = &h;
	rc = imds_role(p, s, &r, &resp, role, sizeof(role), err);
	if (!rc)
		rc = imds_role_creds(p, s, &r, &resp, role, out, err);
out:
	if (rc)
		creds_err_prefix(err, "EC2 instance metadata (%s)", s->url);
	creds_wipe_response(&resp);
	creds_free_secret(token);
	return rc;
}

int creds_imds_disabled(void)
{
	const char *v = creds_getenv("AWS_EC2_METADATA_DISABLED");

	return v && !strcasecmp(v, "true");
}

struct creds_src *creds_plan_imds(void)
{
	const char *ep = creds_getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT");
	const char *mode =
		creds_getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
	struct creds_src *s = creds_src_new(SRC_IMDS, "imds", NULL);
	size_t n;

	if (!ep)
		ep = mode && !strcasecmp(mode, "IPv6") ? IMDS_V6 : IMDS_V4;
	s->url = xstrdup(ep);
	n = strlen(s->url);
	while (n && s->url[n - 1] == '/')
		s->url[--n] = '\0';
	return s;
}
