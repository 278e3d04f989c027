/*
 * creds_web_identity.c -- web identity: a token file exchanged for role
 * credentials with the unsigned sts:AssumeRoleWithWebIdentity
 *
 * AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (+ AWS_ROLE_SESSION_NAME),
 * each falling back to the profile's web_identity_token_file, role_arn,
 * role_session_name (EKS IRSA, GitHub Actions OIDC).
 */
#include "creds_internal.h"
#include "irready.h"
#include "strbuf.h"

#include <stdio.h>

int creds_fetch_web_identity(struct aws_creds_provider *p, struct creds_src *s,
			     struct aws_creds *out, struct aws_error *err)
{
	struct creds_sts_target t = { p->sts_region, p->endpoint_url,
				      p->allow_plain };
	struct strbuf tok, form = STRBUF_INIT;
	char name[64], who[320];
	const char *session = s->session_name;
	int rc;

	rc = creds_read_file(&tok, s->token_file, TOKEN_FILE_MAX);
	if (rc || !tok.len) {
		aws_error_set(err, IRREADY_EIO, "InvalidWebIdentityToken",
			      "%s: cannot read web identity token file '%s'",
			      creds_src_who(s, who, sizeof(who)),
			      s->token_file);
		rc = IRREADY_EIO;
		goto out;
	}
	creds_trim_end(tok.buf);
	if (!session) {
		snprintf(name, sizeof(name), "irready-%lld",
			 (long long)p->clock());
		session = name;
	}
	creds_form_add(&form, "Action", "AssumeRoleWithWebIdentity");
	creds_form_add(&form, "Version", STS_VERSION);
	creds_form_add(&form, "RoleArn", s->role_arn);
	creds_form_add(&form, "RoleSessionName", session);
	creds_form_add(&form, "WebIdentityToken", tok.buf);
	rc = creds_sts_call("AssumeRoleWithWebIdentity", NULL,
			    strbuf_str(&form), &t, out, err);
	if (rc)
		creds_err_prefix(err, "%s: cannot assume role '%s'",
				 creds_src_who(s, who, sizeof(who)),
				 s->role_arn);
	else
		out->source = "web-identity";
out:
	creds_wipe_strbuf(&form);
	creds_wipe_strbuf(&tok);
	return rc;
}

int creds_plan_web_identity(struct creds_plan *pl, const char *profile,
			    int use_env, struct creds_src **out,
			    struct aws_error *err)
{
	const char *file = NULL, *arn = NULL, *session = NULL;
	struct creds_src *s;

	*out = NULL;
	if (use_env) {
		file = creds_getenv("AWS_WEB_IDENTITY_TOKEN_FILE");
		arn = creds_getenv("AWS_ROLE_ARN");
		session = creds_getenv("AWS_ROLE_SESSION_NAME");
	}
	if (!file)
		file = creds_prof_get(&pl->cfg, profile,
				      "web_identity_token_file");
	if (!file)
		return 0;
	if (!arn)
		arn = creds_prof_get(&pl->cfg, profile, "role_arn");
	if (!session)
		session =
			creds_prof_get(&pl->cfg, profile, "role_session_name");
	if (!arn) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "profile '%s' (web-identity): a web identity "
			      "token file is set but no role ARN "
			      "(AWS_ROLE_ARN or role_arn)",
			      profile);
		return IRREADY_EUSAGE;
	}
	s = creds_src_new(SRC_WEB_IDENTITY, "web-identity", profile);
	s->token_file = creds_expand_home(file);
	s->role_arn = xstrdup(arn);
	s->session_name = xstrdup_or_null(session);
	*out = s;
	return 0;
}
