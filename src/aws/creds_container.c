/*
 * creds_container.c -- ECS/EKS container credentials from the agent at
 * AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI
 *
 * The Authorization header comes from AWS_CONTAINER_AUTHORIZATION_TOKEN
 * or the file AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE names (EKS Pod
 * Identity). A full URI must be https, or http to loopback or the agents.
 */
#include "creds_internal.h"
#include "aws_json.h"
#include "aws_url.h"
#include "irready.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The Authorization value for the container agent, or NULL. */
static int container_auth(char **auth, struct aws_error *err)
{
	const char *file =
		creds_getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	const char *tok = creds_getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN");
	struct strbuf sb;

	*auth = NULL;
	if (file) {
		if (creds_read_file(&sb, file, TOKEN_FILE_MAX)) {
			creds_wipe_strbuf(&sb);
			aws_error_set(err, IRREADY_EIO, "InvalidConfig",
				      "container credentials: cannot read "
				      "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE "
				      "'%s'",
				      file);
			return IRREADY_EIO;
		}
		creds_trim_end(sb.buf ? sb.buf : "");
		*auth = xstrdup(strbuf_str(&sb));
		creds_wipe_strbuf(&sb);
	} else if (tok) {
		*auth = xstrdup(tok);
	}
	if (*auth && strpbrk(*auth, "\r\n")) {
		creds_free_secret(*auth);
		*auth = NULL;
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "container credentials: the authorization token "
			      "contains a line break");
		return IRREADY_EUSAGE;
	}
	return 0;
}

int creds_fetch_container(struct aws_creds_provider *p, struct creds_src *s,
			  struct aws_creds *out, struct aws_error *err)
{
	struct http_header h[1];
	struct http_request r = { 0 };
	struct aws_response resp;
	char *auth = NULL;
	cJSON *j = NULL;
	int rc;

	aws_response_init(&resp);
	rc = container_auth(&auth, err);
	if (rc)
		goto out;
	h[0].name = "Authorization";
	h[0].value = auth;
	r.method = "GET";
	r.url = s->url;
	r.headers = h;
	r.nheaders = auth ? 1 : 0;
	r.connect_timeout_ms = 2000;
	r.timeout_ms = 5000;
	r.max_body = CREDS_BODY_MAX;
	rc = creds_agent_perform(&r, 3, p->allow_plain, &resp, err);
	if (rc) {
		creds_err_prefix(err, "container credentials");
		goto out;
	}
	if (resp.status < 200 || resp.status >= 300) {
		aws_error_parse(AWS_PROTO_REST_JSON, &resp, err);
		rc = err->rc;
		creds_err_prefix(err, "container credentials: HTTP %d",
				 resp.status);
		goto out;
	}
	j = ajson_parse(resp.body.buf, resp.body.len);
	if (creds_from_json(j, creds_agent_names, 0, "container", out)) {
		aws_error_set(err, IRREADY_EPARSE, "MalformedResponse",
			      "container credentials: the answer holds no "
			      "credentials");
		rc = IRREADY_EPARSE;
	}
out:
	if (j)
		creds_wipe_json(j);
	cJSON_Delete(j);
	creds_wipe_response(&resp);
	creds_free_secret(auth);
	return rc;
}

/* Container credentials from the environment, or *out NULL. */
int creds_plan_container(struct creds_src **out, struct aws_error *err)
{
	const char *rel =
		creds_getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = creds_getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	struct creds_url u;
	char why[160];

	*out = NULL;
	if (rel) {
		*out = creds_src_new(SRC_CONTAINER, "container", NULL);
		(*out)->url = xasprintf("http://" ECS_HOST "%s%s",
					*rel == '/' ? "" : "/", rel);
		return 0;
	}
	if (!full)
		return 0;
	if (aws_url_check(full, 1, why, sizeof(why))) {
		/* user-info, not http(s), not a URL: never sent anywhere */
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "AWS_CONTAINER_CREDENTIALS_FULL_URI: %s", why);
		return IRREADY_EUSAGE;
	}
	if (creds_url_split(full, &u) ||
	    (!u.https && !aws_url_is_loopback(full) &&
	     !creds_is_metadata_host(u.host)) ||
	    (!u.https && !strcmp(u.host, "169.254.169.254"))) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "AWS_CONTAINER_CREDENTIALS_FULL_URI must be "
			      "https, or http to a loopback address, " ECS_HOST
			      ", 169.254.170.23 or fd00:ec2::23");
		return IRREADY_EUSAGE;
	}
	*out = creds_src_new(SRC_CONTAINER, "container", NULL);
	(*out)->url = xstrdup(full);
	return 0;
}
