/*
 * aws_creds.h -- the credential chain, in the AWS CLI's order
 *
 * aws_creds_provider_new() decides once which source applies, the way
 * botocore's default resolver (AWS CLI v2) walks its providers:
 *
 *   1. environment: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+
 *      AWS_SESSION_TOKEN); skipped when --profile was given explicitly
 *      (AWS_PROFILE does not skip it)
 *   2. the profile's role_arn (without web_identity_token_file):
 *      sts:AssumeRole from source_profile (chained, cycles refused) or
 *      credential_source Environment / Ec2InstanceMetadata / EcsContainer
 *   3. web identity: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (+
 *      AWS_ROLE_SESSION_NAME), each falling back to the profile's
 *      web_identity_token_file / role_arn / role_session_name (env ignored
 *      with an explicit --profile); unsigned sts:AssumeRoleWithWebIdentity
 *   4. IAM Identity Center: sso_account_id + sso_role_name with
 *      sso_session ([sso-session name]) or legacy sso_start_url/sso_region;
 *      the token cached by 'aws sso login' (never refreshed here)
 *   5. static keys in the credentials file's [profile]
 *   6. credential_process (run with /bin/sh -c; stdout capped at 64 KiB)
 *   7. static keys in the config file's [profile name] / [default]
 *   8. container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI with
 *      AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE)
 *   9. EC2 IMDSv2 (AWS_EC2_METADATA_SERVICE_ENDPOINT, _ENDPOINT_MODE,
 *      AWS_EC2_METADATA_DISABLED); IMDSv1 is never used
 *
 * This is botocore's order, which differs from a naive "env, files, web
 * identity" reading in two places: environment web identity beats static
 * keys in the files, and credentials-file keys beat credential_process,
 * which beats config-file keys. A source profile (source_profile=) is
 * resolved with steps 3-7 only, environment ignored, as botocore does.
 *
 * Files: AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials) and
 * AWS_CONFIG_FILE (~/.aws/config), '~' expanded from HOME. INI as Python's
 * configparser reads them: full-line '#'/';' comments, no inline comments,
 * '=' or ':' separators, keys case-insensitive (configparser lower-cases
 * them), section names case-sensitive, indented lines continue a value.
 * A profile is the config section merged with the credentials-file
 * section of the same name (credentials win). Empty values count as unset.
 *
 * The implementation is one file per source, as awslabs/aws-c-auth cuts
 * it: creds_env.c, creds_profile.c, creds_sts.c, creds_web_identity.c,
 * creds_sso.c, creds_process.c, creds_container.c, creds_imds.c, and the
 * chain in creds_chain.c (map in creds_internal.h).
 *
 * Ownership: struct aws_creds owns its three strings; release it with
 * aws_creds_release(), which cleanses the secret and the token. Errors
 * fill a struct aws_error (code, message naming the profile and source,
 * the STS/SSO action) and never carry a secret; nothing is printed.
 * Error codes: IRREADY_ENOTFOUND no credentials anywhere, IRREADY_EUSAGE
 * a bad profile or config, IRREADY_EIO a file or credential_process
 * failure, IRREADY_EDENIED an expired SSO login or an STS/SSO refusal,
 * IRREADY_EHTTP transport, IRREADY_EPARSE an unreadable answer, or
 * whatever aws_error_classify() makes of an AWS error code.
 */
#ifndef AWS_CREDS_H
#define AWS_CREDS_H

#include <time.h>

#include "aws.h"

struct aws_creds {
	/* owned; session_token NULL for long-term keys */
	char *access_key, *secret_key, *session_token;
	time_t expiration; /* 0: does not expire */
	/*
	 * static string: "env", "shared-credentials", "config",
	 * "assume-role", "credential-process", "sso", "web-identity",
	 * "container", "imds"
	 */
	const char *source;
};

struct aws_creds_opts {
	const char *profile; /* --profile; NULL → AWS_PROFILE → "default" */
	/*
	 * Region for STS calls when the profile has no "region" (then
	 * AWS_REGION, AWS_DEFAULT_REGION, "us-east-1"). SSO calls use the
	 * profile's sso_region.
	 */
	const char *region;
	const char *endpoint_url; /* --endpoint-url, for STS */
	time_t (*clock)(void);    /* NULL → time(); tests inject */
	/*
	 * --allow-insecure-http: plain http:// to any STS, SSO or agent
	 * endpoint, not only loopback (and the IMDS/ECS/EKS agents)
	 */
	int allow_plain;
	/*
	 * A profile whose role has mfa_serial needs a code from the MFA
	 * device: 'mfa_token' (--mfa-token, used once: codes are single-use),
	 * else, with 'mfa_prompt', one asked for on the terminal (/dev/tty)
	 * each time the role is assumed. Neither: aws_creds_provider_new()
	 * fails with "MfaCodeRequired".
	 */
	const char *mfa_token;
	int mfa_prompt;
};

struct aws_creds_provider;

/*
 * Resolve which source applies for 'o' (borrowed for the call) into
 * '*out'. Static sources (environment, files) are read now; the others
 * are fetched by the first aws_creds_get(), except EC2 IMDS, which is
 * fetched here because only a request can tell whether it applies.
 * Returns 0, or an IRREADY_E* code with 'err' filled (IRREADY_ENOTFOUND
 * with code "NoCredentials" when no source applies).
 */
int aws_creds_provider_new(const struct aws_creds_opts *o,
			   struct aws_creds_provider **out,
			   struct aws_error *err);

/*
 * Thread-safe: a copy of the current credentials into 'out' (release
 * with aws_creds_release()), refreshed under the provider's mutex when
 * they expire within 5 minutes by the provider's clock. When a refresh
 * fails but the old credentials have not expired yet, those are returned.
 */
int aws_creds_get(struct aws_creds_provider *p, struct aws_creds *out,
		  struct aws_error *err);

/* OPENSSL_cleanse() the secret and the token, free all three, zero 'c'. */
void aws_creds_release(struct aws_creds *c);

void aws_creds_provider_free(struct aws_creds_provider *p);

/* The profile's "region" (config or credentials file), or NULL. */
const char *aws_creds_profile_region(const struct aws_creds_provider *p);

/*
 * The profile's retry_mode and max_attempts (config file), each NULL when
 * not set; aws_retry_config_resolve() weighs them against the environment.
 */
void aws_creds_profile_retry(const struct aws_creds_provider *p,
			     const char **retry_mode,
			     const char **max_attempts);

/* The profile name in use ("default" when none was chosen). */
const char *aws_creds_profile_name(const struct aws_creds_provider *p);

/*
 * The source that applies, as aws_creds.source names it, known before
 * any network call: for log lines like "credentials: profile 'x'
 * (assume-role)".
 */
const char *aws_creds_provider_source(const struct aws_creds_provider *p);

/*
 * A provider of 'role_arn' assumed with the credentials of 'base' (not
 * owned; it must outlive the new provider), refreshed before expiry like
 * any other: the per-account credentials of an Organization audit.
 * 'region' NULL: the base's STS region.
 */
int aws_creds_provider_assume(struct aws_creds_provider *base,
			      const char *role_arn, const char *external_id,
			      const char *session_name, const char *region,
			      const char *endpoint_url,
			      struct aws_creds_provider **out);

/*
 * sts:AssumeRole signed with 'base' (used for --org member accounts too).
 * 'external_id' may be NULL; 'session_name' NULL → "irready-<epoch>";
 * 'duration_seconds' 0 → the role's default; 'region' NULL → "us-east-1";
 * 'endpoint_url' as for aws_endpoint_resolve(). Fills 'out' (source
 * "assume-role") or returns an IRREADY_E* code with 'err' filled (action
 * "sts:AssumeRole"). Thread-safe.
 */
int aws_creds_assume_role(const struct aws_creds *base, const char *role_arn,
			  const char *external_id, const char *session_name,
			  int duration_seconds, const char *region,
			  const char *endpoint_url, struct aws_creds *out,
			  struct aws_error *err);

#endif
