/*
 * creds_chain.c -- the provider: which source applies, and refresh
 *
 * aws_creds_provider_new() reads the environment and the shared files
 * once and builds a small plan: a chain of struct creds_src nodes (see
 * creds_internal.h), in the AWS CLI's order (aws_creds.h). aws_creds_get()
 * walks the chain under the provider's mutex and fetches any node whose
 * credentials are missing or expire within five minutes.
 */
#include "creds_internal.h"
#include "irready.h"
#include "strbuf.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static time_t clock_time(void)
{
	return time(NULL);
}

struct creds_src *creds_src_new(enum creds_src_kind kind, const char *source,
				const char *profile)
{
	struct creds_src *s = xcalloc(1, sizeof(*s));

	s->kind = kind;
	s->source = source;
	s->profile = profile ? xstrdup(profile) : NULL;
	return s;
}

/* Free 's' and the base chain below it. */
static void src_free(struct creds_src *s)
{
	while (s) {
		struct creds_src *base = s->base;

		free(s->profile);
		free(s->role_arn);
		free(s->external_id);
		free(s->session_name);
		free(s->mfa_serial);
		free(s->token_file);
		free(s->start_url);
		free(s->sso_region);
		free(s->account_id);
		free(s->role_name);
		free(s->sso_session);
		free(s->command);
		free(s->url);
		aws_creds_release(&s->cur);
		free(s);
		s = base;
	}
}

/* How a source is named in messages: "profile 'x' (sso)" or "container". */
const char *creds_src_who(const struct creds_src *s, char *buf, size_t n)
{
	if (s->profile)
		snprintf(buf, n, "profile '%s' (%s)", s->profile, s->source);
	else
		snprintf(buf, n, "%s credentials", s->source);
	return buf;
}

static int expiring(const struct aws_creds *c, time_t now)
{
	return c->expiration && c->expiration - now <= REFRESH_WINDOW;
}

/*
 * Make 's->cur' current: fetch when missing or within the refresh window;
 * on a failed refresh keep credentials that have not expired yet.
 */
int creds_src_fetch(struct aws_creds_provider *p, struct creds_src *s,
		    struct aws_error *err)
{
	struct aws_creds fresh = { 0 };
	time_t now = p->clock();
	char who[320];
	int rc = 0;

	if (s->kind == SRC_STATIC ||
	    (s->cur.access_key && !expiring(&s->cur, now)))
		return 0;
	switch (s->kind) {
	case SRC_STATIC:
		break;
	case SRC_ASSUME_ROLE:
		rc = creds_fetch_assume_role(p, s, &fresh, err);
		break;
	case SRC_WEB_IDENTITY:
		rc = creds_fetch_web_identity(p, s, &fresh, err);
		break;
	case SRC_SSO:
		rc = creds_fetch_sso(p, s, &fresh, err);
		break;
	case SRC_PROCESS:
		rc = creds_fetch_process(p, s, &fresh, err);
		break;
	case SRC_CONTAINER:
		rc = creds_fetch_container(p, s, &fresh, err);
		break;
	case SRC_IMDS:
		rc = creds_fetch_imds(p, s, &fresh, err);
		break;
	}
	if (!rc && fresh.expiration && fresh.expiration <= now) {
		char when[32];

		format_iso8601(fresh.expiration, when, sizeof(when));
		aws_error_set(err, IRREADY_EDENIED, "ExpiredCredentials",
			      "%s: the credentials returned expired at %s",
			      creds_src_who(s, who, sizeof(who)), when);
		rc = IRREADY_EDENIED;
	}
	if (rc) {
		aws_creds_release(&fresh);
		if (s->cur.access_key && s->cur.expiration > now) {
			debug("%s: refresh failed (%s), keeping credentials "
			      "valid for %lld s",
			      creds_src_who(s, who, sizeof(who)), err->code,
			      (long long)(s->cur.expiration - now));
			return 0;
		}
		return rc;
	}
	fresh.source = s->source;
	aws_creds_release(&s->cur);
	s->cur = fresh;
	return 0;
}

/* The public interface */

/*
 * The profile in use and the STS region: the profile's "region", else
 * o->region, AWS_REGION, AWS_DEFAULT_REGION, "us-east-1". Fails when a
 * profile other than "default" is named but exists in neither file.
 */
static int provider_settings(struct aws_creds_provider *p,
			     const struct aws_creds_opts *o,
			     const struct creds_cfg *cfg, struct aws_error *err)
{
	const char *region;

	if (strcmp(p->profile, "default") &&
	    !creds_prof_exists(cfg, p->profile)) {
		aws_error_set(err, IRREADY_EUSAGE, "ProfileNotFound",
			      "the config profile '%s' could not be found "
			      "(in '%s' or '%s')",
			      p->profile, cfg->creds_path, cfg->config_path);
		return IRREADY_EUSAGE;
	}
	region = creds_prof_get(cfg, p->profile, "region");
	p->region = xstrdup_or_null(region);
	p->retry_mode =
		xstrdup_or_null(creds_prof_get(cfg, p->profile, "retry_mode"));
	p->max_attempts = xstrdup_or_null(
		creds_prof_get(cfg, p->profile, "max_attempts"));
	if (!region)
		region = o->region && *o->region ? o->region : NULL;
	if (!region)
		region = creds_getenv("AWS_REGION");
	if (!region)
		region = creds_getenv("AWS_DEFAULT_REGION");
	p->sts_region = xstrdup(region ? region : "us-east-1");
	return 0;
}

/*
 * The top of the chain, in the AWS CLI's order (aws_creds.h). EC2 IMDS
 * comes last and is fetched now: only a request tells whether it applies.
 */
static int plan_chain(struct aws_creds_provider *p, struct creds_plan *pl,
		      int explicit_profile, struct aws_error *err)
{
	const char *profile = p->profile;
	int rc = 0;

	pl->visited[pl->nvisited++] = p->profile;
	if (!explicit_profile)
		rc = creds_plan_env(&p->top, err);
	if (!rc && !p->top && creds_prof_has_role(&pl->cfg, profile))
		rc = creds_plan_assume_role(pl, profile, &p->top, err);
	if (!rc && !p->top)
		rc = creds_plan_profile(pl, profile, !explicit_profile, &p->top,
					err);
	if (!rc && !p->top)
		rc = creds_plan_container(&p->top, err);
	if (rc)
		return rc;
	if (!p->top && !creds_imds_disabled()) {
		p->top = creds_plan_imds();
		rc = creds_src_fetch(p, p->top, err);
		if (rc) {
			creds_err_prefix(err,
					 "no credentials found for profile "
					 "'%s' (environment, shared files, web "
					 "identity, container; then EC2 "
					 "instance metadata)",
					 profile);
			snprintf(err->code, sizeof(err->code), "NoCredentials");
			err->rc = rc = IRREADY_ENOTFOUND;
			return rc;
		}
	}
	if (!p->top) {
		aws_error_set(err, IRREADY_ENOTFOUND, "NoCredentials",
			      "no credentials found for profile '%s' "
			      "(environment, shared files, web identity, "
			      "container; EC2 instance metadata disabled)",
			      profile);
		rc = IRREADY_ENOTFOUND;
	}
	return rc;
}

/*
 * A role in the chain with mfa_serial needs a code: --mfa-token, or a
 * terminal to ask on. Said now, before any call, rather than as an
 * AccessDenied from STS.
 */
static int plan_mfa(const struct aws_creds_provider *p, struct aws_error *err)
{
	if (p->mfa_token && !creds_mfa_code_ok(p->mfa_token)) {
		aws_error_set(err, IRREADY_EUSAGE, "MfaCodeInvalid",
			      "an MFA code is six digits");
		return IRREADY_EUSAGE;
	}
	for (const struct creds_src *s = p->top; s; s = s->base) {
		if (!s->mfa_serial || p->mfa_token || p->mfa_prompt)
			continue;
		aws_error_set(err, IRREADY_EUSAGE, "MfaCodeRequired",
			      "profile '%s' assumes %s with MFA (mfa_serial "
			      "%s): give the device's current code with "
			      "--mfa-token CODE, or run irready on a terminal "
			      "to be asked for it",
			      s->profile, s->role_arn, s->mfa_serial);
		return IRREADY_EUSAGE;
	}
	return 0;
}

int aws_creds_provider_new(const struct aws_creds_opts *o,
			   struct aws_creds_provider **out,
			   struct aws_error *err)
{
	struct creds_plan pl = { 0 };
	struct aws_creds_provider *p = xcalloc(1, sizeof(*p));
	const char *profile = o->profile;
	int rc;

	*out = NULL;
	aws_error_clear(err);
	pthread_mutex_init(&p->lock, NULL);
	p->clock = o->clock ? o->clock : clock_time;
	p->allow_plain = o->allow_plain;
	p->mfa_token = xstrdup_or_null(o->mfa_token);
	p->mfa_prompt = o->mfa_prompt;
	if (!profile || !*profile)
		profile = creds_getenv("AWS_PROFILE");
	if (!profile)
		profile = creds_getenv("AWS_DEFAULT_PROFILE");
	if (!profile)
		profile = "default";
	p->profile = xstrdup(profile);
	p->endpoint_url = xstrdup_or_null(o->endpoint_url);

	rc = creds_cfg_load(&pl.cfg, err);
	if (!rc)
		rc = provider_settings(p, o, &pl.cfg, err);
	if (!rc)
		rc = plan_chain(p, &pl, o->profile != NULL, err);
	if (!rc)
		rc = plan_mfa(p, err);
	creds_cfg_release(&pl.cfg);
	if (rc)
		aws_creds_provider_free(p);
	else
		*out = p;
	return rc;
}

int aws_creds_provider_assume(struct aws_creds_provider *base,
			      const char *role_arn, const char *external_id,
			      const char *session_name, const char *region,
			      const char *endpoint_url,
			      struct aws_creds_provider **out)
{
	struct aws_creds_provider *p = xcalloc(1, sizeof(*p));
	struct creds_src *s =
		creds_src_new(SRC_ASSUME_ROLE, "assume-role", NULL);

	pthread_mutex_init(&p->lock, NULL);
	p->clock = base->clock;
	p->allow_plain = base->allow_plain;
	p->profile = xstrdup(base->profile);
	p->sts_region = xstrdup(region ? region : base->sts_region);
	p->endpoint_url = xstrdup_or_null(endpoint_url ? endpoint_url
						       : base->endpoint_url);
	s->role_arn = xstrdup(role_arn);
	s->external_id = xstrdup_or_null(external_id);
	s->session_name = xstrdup_or_null(session_name);
	s->base_provider = base;
	p->top = s;
	*out = p;
	return 0;
}

int aws_creds_get(struct aws_creds_provider *p, struct aws_creds *out,
		  struct aws_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	aws_error_clear(err);
	pthread_mutex_lock(&p->lock);
	rc = creds_src_fetch(p, p->top, err);
	if (!rc)
		creds_copy(out, &p->top->cur);
	pthread_mutex_unlock(&p->lock);
	return rc;
}

void aws_creds_provider_free(struct aws_creds_provider *p)
{
	if (!p)
		return;
	src_free(p->top);
	pthread_mutex_destroy(&p->lock);
	free(p->profile);
	free(p->region);
	free(p->sts_region);
	free(p->endpoint_url);
	free(p->retry_mode);
	free(p->max_attempts);
	creds_free_secret(p->mfa_token);
	free(p);
}

const char *aws_creds_profile_region(const struct aws_creds_provider *p)
{
	return p->region;
}

void aws_creds_profile_retry(const struct aws_creds_provider *p,
			     const char **retry_mode, const char **max_attempts)
{
	*retry_mode = p->retry_mode;
	*max_attempts = p->max_attempts;
}

const char *aws_creds_profile_name(const struct aws_creds_provider *p)
{
	return p->profile;
}

const char *aws_creds_provider_source(const struct aws_creds_provider *p)
{
	return p->top->source;
}
