/*
 * creds_sts.c -- STS: sts:AssumeRole (signed with base credentials) and
 * the unsigned sts:AssumeRoleWithWebIdentity, over the query protocol
 *
 * creds_sts_call() resolves the STS endpoint, signs the form with SigV4
 * when base credentials are given, POSTs it through aws_http_perform() and
 * reads <ActionResult><Credentials>. The assume-role provider
 * (creds_fetch_assume_role) refreshes its base first, then calls STS;
 * for a profile with mfa_serial it sends SerialNumber and TokenCode, the
 * code from --mfa-token (once) or asked for on /dev/tty.
 */
#include "creds_internal.h"
#include "aws_sigv4.h"
#include "aws_xml.h"
#include "irready.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#define STS_CONTENT_TYPE "application/x-www-form-urlencoded; charset=utf-8"

void creds_form_add(struct strbuf *sb, const char *key, const char *value)
{
	if (sb->len)
		strbuf_addch(sb, '&');
	strbuf_adds(sb, key);
	strbuf_addch(sb, '=');
	aws_url_escape(sb, value);
}

/* One STS exchange being built: where it goes and what it carries. */
struct sts_req {
	const char *action;
	char sign_region[64], amz_date[17];
	char *url;
	struct creds_url u;
	struct sigv4_header sh[4];
	struct http_header hh[5];
	size_t n;
	struct sigv4_result sig;
};

/* The STS endpoint for 't' into 'q->url' and 'q->u'. */
static int sts_endpoint(struct sts_req *q, const struct creds_sts_target *t,
			const char *region, struct aws_error *err)
{
	const struct aws_service *svc = aws_service_find("sts");
	char *base_url;

	if (!svc)
		BUG("sts missing from the service table");
	base_url = aws_endpoint_resolve(svc, region, t->endpoint_url,
					q->sign_region, sizeof(q->sign_region));
	q->url = xasprintf("%s/", base_url);
	free(base_url);
	if (creds_url_split(q->url, &q->u)) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidEndpoint",
			      "cannot use STS endpoint '%s'", q->url);
		return IRREADY_EUSAGE;
	}
	return 0;
}

/*
 * The request headers of 'q' (into q->hh, q->n), with an Authorization
 * signed by 'base' at 'now' when 'base' is given.
 */
static int sts_headers(struct sts_req *q, const struct aws_creds *base,
		       const char *form, time_t now, struct aws_error *err)
{
	size_t n = 0;
	int rc;

	aws_sigv4_amz_date(now, q->amz_date);
	q->sh[n++] = (struct sigv4_header){ "Host", q->u.host_hdr };
	q->sh[n++] = (struct sigv4_header){ "X-Amz-Date", q->amz_date };
	q->sh[n++] = (struct sigv4_header){ "Content-Type", STS_CONTENT_TYPE };
	if (base && base->session_token)
		q->sh[n++] = (struct sigv4_header){ "X-Amz-Security-Token",
						    base->session_token };
	for (size_t i = 0; i < n; i++)
		q->hh[i] =
			(struct http_header){ q->sh[i].name, q->sh[i].value };
	q->n = n;
	if (!base)
		return 0;
	{
		struct sigv4_params sp = {
			.access_key = base->access_key,
			.secret_key = base->secret_key,
			.region = q->sign_region,
			.service = aws_service_find("sts")->signing_name,
			.now = now,
			.method = "POST",
			.path = *q->u.path ? q->u.path : "/",
			.headers = q->sh,
			.nheaders = n,
			.body = form,
			.body_len = strlen(form),
		};

		rc = aws_sigv4_sign(&sp, &q->sig);
	}
	if (rc) {
		aws_error_set(err, rc, "SigningError", "cannot sign sts:%s",
			      q->action);
		return rc;
	}
	q->hh[q->n++] =
		(struct http_header){ "Authorization", q->sig.authorization };
	return 0;
}

/* <'action'Result><Credentials> of a 2xx answer into 'out'. */
static int sts_read(const char *action, const struct aws_response *resp,
		    struct aws_creds *out, struct aws_error *err)
{
	struct arena a = ARENA_INIT;
	struct axml_doc *doc = axml_parse(resp->body.buf, resp->body.len);
	char result[96], *ak, *sk, *tok;
	struct axml_node *c;
	int rc = 0;

	snprintf(result, sizeof(result), "%sResult/Credentials", action);
	c = axml_path(doc ? axml_root(doc) : NULL, result);
	ak = axml_str(&a, c, "AccessKeyId");
	sk = axml_str(&a, c, "SecretAccessKey");
	tok = axml_str(&a, c, "SessionToken");
	if (!ak || !*ak || !sk || !*sk) {
		aws_error_set(err, IRREADY_EPARSE, "MalformedResponse",
			      "sts:%s answered HTTP %d without credentials",
			      action, resp->status);
		rc = IRREADY_EPARSE;
	} else {
		creds_set(out, ak, sk, tok, axml_time(c, "Expiration"),
			  "assume-role");
	}
	if (sk)
		OPENSSL_cleanse(sk, strlen(sk));
	if (tok)
		OPENSSL_cleanse(tok, strlen(tok));
	if (doc)
		axml_free(doc);
	arena_release(&a);
	return rc;
}

int creds_sts_call(const char *action, const struct aws_creds *base,
		   const char *form, const struct creds_sts_target *t,
		   struct aws_creds *out, struct aws_error *err)
{
	const char *region = t->region && *t->region ? t->region : "us-east-1";
	struct sts_req q = { .action = action };
	struct http_request r = { 0 };
	struct aws_response resp;
	int rc;

	aws_response_init(&resp);
	rc = sts_endpoint(&q, t, region, err);
	if (!rc)
		rc = sts_headers(&q, base, form, time(NULL), err);
	if (rc)
		goto out;
	r.method = "POST";
	r.url = q.url;
	r.headers = q.hh;
	r.nheaders = q.n;
	r.body = form;
	r.body_len = strlen(form);
	r.max_body = CREDS_BODY_MAX;
	r.allow_plain = t->allow_plain;
	rc = aws_http_perform(&r, &resp, err);
	if (rc)
		goto out;
	if (resp.status < 200 || resp.status >= 300) {
		aws_error_parse(AWS_PROTO_QUERY, &resp, err);
		rc = err->rc;
		goto out;
	}
	rc = sts_read(action, &resp, out, err);
out:
	if (rc) {
		snprintf(err->action, sizeof(err->action), "sts:%s", action);
		snprintf(err->region, sizeof(err->region), "%s", region);
	}
	aws_sigv4_result_release(&q.sig);
	creds_wipe_response(&resp);
	free(q.url);
	return rc;
}

/* What sts:AssumeRole is asked beyond the role: optional, may be NULL. */
struct assume_extra {
	const char *mfa_serial, *mfa_code; /* SerialNumber, TokenCode */
};

/* aws_creds_assume_role() with the STS target spelled out. */
static int assume_role(const struct aws_creds *base, const char *role_arn,
		       const char *external_id, const char *session_name,
		       int duration_seconds, const struct assume_extra *x,
		       const struct creds_sts_target *t, struct aws_creds *out,
		       struct aws_error *err)
{
	struct strbuf form = STRBUF_INIT;
	char name[64], dur[16];
	int rc;

	memset(out, 0, sizeof(*out));
	aws_error_clear(err);
	if (!base || !base->access_key || !base->secret_key || !role_arn ||
	    !*role_arn) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidParameter",
			      "sts:AssumeRole needs base credentials and a "
			      "role ARN");
		return IRREADY_EUSAGE;
	}
	if (!session_name || !*session_name) {
		snprintf(name, sizeof(name), "irready-%lld",
			 (long long)time(NULL));
		session_name = name;
	}
	creds_form_add(&form, "Action", "AssumeRole");
	creds_form_add(&form, "Version", STS_VERSION);
	creds_form_add(&form, "RoleArn", role_arn);
	creds_form_add(&form, "RoleSessionName", session_name);
	if (external_id && *external_id)
		creds_form_add(&form, "ExternalId", external_id);
	if (duration_seconds > 0) {
		snprintf(dur, sizeof(dur), "%d", duration_seconds);
		creds_form_add(&form, "DurationSeconds", dur);
	}
	if (x && x->mfa_serial) {
		creds_form_add(&form, "SerialNumber", x->mfa_serial);
		creds_form_add(&form, "TokenCode", x->mfa_code);
	}
	rc = creds_sts_call("AssumeRole", base, strbuf_str(&form), t, out, err);
	if (rc)
		creds_err_prefix(err, "cannot assume role '%s'", role_arn);
	strbuf_release(&form);
	return rc;
}

/* The public entry: plain http only to loopback (as aws_http_perform). */
int aws_creds_assume_role(const struct aws_creds *base, const char *role_arn,
			  const char *external_id, const char *session_name,
			  int duration_seconds, const char *region,
			  const char *endpoint_url, struct aws_creds *out,
			  struct aws_error *err)
{
	struct creds_sts_target t = { region, endpoint_url, 0 };

	return assume_role(base, role_arn, external_id, session_name,
			   duration_seconds, NULL, &t, out, err);
}

/* An MFA code: six digits (what STS takes as TokenCode). */
int creds_mfa_code_ok(const char *code)
{
	return code && strlen(code) == 6 && strspn(code, "0123456789") == 6;
}

/*
 * Ask for the current code of 'serial' on the terminal (/dev/tty, not
 * stdin/stdout, which may be redirected), as the AWS CLI does.
 */
static int mfa_ask(const struct creds_src *s, char code[16],
		   struct aws_error *err)
{
	FILE *tty = fopen("/dev/tty", "r+");
	char line[64];
	int rc = 0;

	if (!tty) {
		aws_error_set(err, IRREADY_EUSAGE, "MfaCodeRequired",
			      "profile '%s': cannot open the terminal to ask "
			      "for the MFA code of %s; use --mfa-token CODE",
			      s->profile, s->mfa_serial);
		return IRREADY_EUSAGE;
	}
	fprintf(tty, "Enter MFA code for %s: ", s->mfa_serial);
	fflush(tty);
	if (!fgets(line, sizeof(line), tty))
		line[0] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	if (!creds_mfa_code_ok(line)) {
		aws_error_set(err, IRREADY_EUSAGE, "MfaCodeInvalid",
			      "profile '%s': the MFA code for %s is six "
			      "digits",
			      s->profile, s->mfa_serial);
		rc = IRREADY_EUSAGE;
	} else {
		snprintf(code, 16, "%s", line);
	}
	OPENSSL_cleanse(line, sizeof(line));
	fclose(tty);
	return rc;
}

/*
 * The MFA code for assuming 's' now: --mfa-token the first time (codes
 * are single-use), else asked on the terminal when allowed.
 */
static int mfa_code(struct aws_creds_provider *p, const struct creds_src *s,
		    char code[16], struct aws_error *err)
{
	if (p->mfa_token) {
		snprintf(code, 16, "%s", p->mfa_token);
		creds_free_secret(p->mfa_token);
		p->mfa_token = NULL;
		return 0;
	}
	if (p->mfa_prompt)
		return mfa_ask(s, code, err);
	aws_error_set(err, IRREADY_EDENIED, "MfaCodeUsed",
		      "profile '%s': the role session of %s has to be renewed "
		      "with a new MFA code, and the --mfa-token code was used "
		      "already (codes are single-use): run irready on a "
		      "terminal, or raise duration_seconds",
		      s->profile, s->role_arn);
	return IRREADY_EDENIED;
}

/*
 * The assume-role source: the base credentials (another provider's, or
 * the node below, refreshed first), then sts:AssumeRole.
 */
int creds_fetch_assume_role(struct aws_creds_provider *p, struct creds_src *s,
			    struct aws_creds *out, struct aws_error *err)
{
	struct creds_sts_target t = { p->sts_region, p->endpoint_url,
				      p->allow_plain };
	struct assume_extra x = { 0 };
	char code[16] = "";
	int rc;

	if (s->base_provider) {
		struct aws_creds base = { 0 };

		rc = aws_creds_get(s->base_provider, &base, err);
		if (!rc)
			rc = assume_role(&base, s->role_arn, s->external_id,
					 s->session_name, s->duration, NULL, &t,
					 out, err);
		aws_creds_release(&base);
		return rc;
	}
	rc = creds_src_fetch(p, s->base, err);
	if (rc)
		return rc;
	if (s->mfa_serial) {
		x.mfa_serial = s->mfa_serial;
		x.mfa_code = code;
		rc = mfa_code(p, s, code, err);
		if (rc)
			return rc;
	}
	rc = assume_role(&s->base->cur, s->role_arn, s->external_id,
			 s->session_name, s->duration, &x, &t, out, err);
	OPENSSL_cleanse(code, sizeof(code));
	if (rc)
		creds_err_prefix(err, "profile '%s'", s->profile);
	return rc;
}
