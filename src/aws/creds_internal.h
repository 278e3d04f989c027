/*
 * creds_internal.h -- what the credential providers share (not public)
 *
 * The credential chain of aws_creds.h is cut the way awslabs/aws-c-auth
 * cuts its providers, one source per file:
 *
 *   creds_util.c          secrets, small files, URLs, the agent request
 *   creds_profile.c       the shared config/credentials files (INI), the
 *                         profile's providers and its role chain
 *   creds_env.c           AWS_ACCESS_KEY_ID and friends
 *   creds_sts.c           sts:AssumeRole(WithWebIdentity), signed or not
 *   creds_web_identity.c  AWS_WEB_IDENTITY_TOKEN_FILE / web_identity_*
 *   creds_sso.c           IAM Identity Center (the 'aws sso login' cache)
 *   creds_process.c       credential_process
 *   creds_container.c     ECS/EKS container credentials
 *   creds_imds.c          EC2 IMDSv2
 *   creds_chain.c         the provider: which source applies, refresh
 *
 * A provider is a chain of struct creds_src nodes: the top one gives the
 * credentials, each assume-role node points at the node its base
 * credentials come from. Planning (creds_plan_*) reads the environment and
 * the files once; fetching (creds_fetch_*) fills a zeroed struct aws_creds
 * or returns an IRREADY_E* code with 'err' naming the source. Everything
 * that held a secret is cleansed before it is freed (creds_free_secret,
 * creds_wipe_*).
 */
#ifndef CREDS_INTERNAL_H
#define CREDS_INTERNAL_H

#include <cJSON.h>
#include <pthread.h>
#include <stddef.h>
#include <time.h>

#include "aws.h"
#include "aws_creds.h"
#include "aws_http.h"
#include "irready.h"
#include "strbuf.h"

#define REFRESH_WINDOW 300 /* seconds before expiry that trigger a refresh */
#define TOKEN_FILE_MAX ((size_t)64 << 10)
#define CREDS_BODY_MAX ((size_t)1 << 20)
#define ECS_HOST       "169.254.170.2"
#define STS_VERSION    "2011-06-15"

enum creds_src_kind {
	SRC_STATIC,
	SRC_ASSUME_ROLE,
	SRC_WEB_IDENTITY,
	SRC_SSO,
	SRC_PROCESS,
	SRC_CONTAINER,
	SRC_IMDS,
};

struct creds_src {
	enum creds_src_kind kind;
	const char *source; /* as aws_creds.source */
	char *profile;      /* where it is configured; NULL: environment */
	/* assume-role and web identity */
	char *role_arn, *external_id, *session_name;
	char *mfa_serial; /* assume-role with MFA: the device's serial/ARN */
	int duration;
	char *token_file; /* web identity */
	/* sso */
	char *start_url, *sso_region, *account_id, *role_name, *sso_session;
	char *command;          /* credential_process */
	char *url;              /* container, IMDS base */
	struct creds_src *base; /* assume-role: the base credentials */
	/* assume-role on another provider's credentials (not owned) */
	struct aws_creds_provider *base_provider;
	struct aws_creds cur; /* last fetched */
};

struct aws_creds_provider {
	pthread_mutex_t lock;
	struct creds_src *top;
	char *profile, *region, *sts_region, *endpoint_url;
	char *retry_mode, *max_attempts; /* the profile's, or NULL */
	time_t (*clock)(void);
	int allow_plain; /* plain http:// to STS/SSO/agents (see opts) */
	char *mfa_token; /* --mfa-token, until used (then NULL) */
	int mfa_prompt;  /* ask on the terminal for MFA codes */
};

/* creds_util.c: helpers */

/* getenv(), NULL for an unset or empty variable. */
const char *creds_getenv(const char *name);
/* OPENSSL_cleanse() then free(); NULL is a no-op. */
void creds_free_secret(char *s);
void creds_wipe_strbuf(struct strbuf *sb);
void creds_wipe_response(struct aws_response *resp);
/* Wipe every string in 'j' (cJSON owns them) before cJSON_Delete(). */
void creds_wipe_json(cJSON *j);
/* Fill 'c' with copies; an empty 'token' is no token. */
void creds_set(struct aws_creds *c, const char *ak, const char *sk,
	       const char *token, time_t expiration, const char *source);
void creds_copy(struct aws_creds *dst, const struct aws_creds *src);
/* Replace 'err->message' by "<prefix>: <message>". */
void creds_err_prefix(struct aws_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The first line of 's', control characters dropped, at most 'n'-1 bytes. */
void creds_first_line(const char *s, char *buf, size_t n);
void creds_trim_end(char *s);
/* Read a small file into 'sb' (capped); 0, or IRREADY_EIO / ENOMEM. */
int creds_read_file(struct strbuf *sb, const char *path, size_t max);
/* Expand a leading "~/" from HOME; caller frees. */
char *creds_expand_home(const char *path);
static inline char *xstrdup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct creds_url {
	char host[256];     /* bare host, IPv6 without brackets */
	char host_hdr[300]; /* Host header: host[:port], no default port */
	const char *path;   /* into the URL: "/..." or "" */
	int https;
};

/* Split an http(s) URL; -1 when it is not one or a part is too long. */
int creds_url_split(const char *url, struct creds_url *u);
/* Whether 'host' is an EC2 IMDS / ECS / EKS agent address. */
int creds_is_metadata_host(const char *host);
/*
 * One request to a credential agent (IMDS, ECS/EKS): short timeouts and
 * 'attempts' tries on transport errors and 5xx answers; plain http is
 * allowed to the agents' link-local hosts, elsewhere only with
 * 'allow_plain'.
 */
int creds_agent_perform(const struct http_request *r, int attempts,
			int allow_plain, struct aws_response *resp,
			struct aws_error *err);
/*
 * Credentials from the JSON object 'o' with member names n[0..3]
 * (access key, secret, token, expiration). The expiration is an ISO-8601
 * string, or a number of seconds (milliseconds when 'ms'). Returns 0, or
 * -1 when the keys are missing or the expiration is malformed.
 */
int creds_from_json(const cJSON *o, const char *const n[4], int ms,
		    const char *source, struct aws_creds *out);
/* The member names the container and IMDS agents answer with. */
extern const char *const creds_agent_names[4];

/* creds_profile.c: the shared files and the profile's providers */

struct ini_kv {
	char *key;   /* lower-cased */
	char *value; /* may be a secret: cleansed on free */
};

struct ini_section {
	char *name; /* the text between the brackets, trimmed */
	struct ini_kv *kv;
	size_t n, alloc;
};

struct ini {
	struct ini_section *sec;
	size_t n, alloc;
};

struct creds_cfg {
	struct ini creds, config;
	char *creds_path, *config_path;
};

#define MAX_CHAIN 32

/* Planning state: the files and the source_profile chain walked so far. */
struct creds_plan {
	struct creds_cfg cfg;
	const char *visited[MAX_CHAIN];
	size_t nvisited;
};

/* Load both files (a missing file is an empty one). */
int creds_cfg_load(struct creds_cfg *c, struct aws_error *err);
void creds_cfg_release(struct creds_cfg *c);
/* The last value of 'key' in 's', NULL when absent or empty. */
const char *creds_ini_get(const struct ini_section *s, const char *key);
const struct ini_section *creds_cfg_sso_session(const struct creds_cfg *c,
						const char *name);
/* A profile setting: the credentials file wins over the config file. */
const char *creds_prof_get(const struct creds_cfg *c, const char *profile,
			   const char *key);
int creds_prof_exists(const struct creds_cfg *c, const char *profile);
int creds_prof_has_role(const struct creds_cfg *c, const char *profile);
/*
 * The profile-configured providers, botocore's ProfileProviderBuilder:
 * web identity, SSO, credentials-file keys, credential_process,
 * config-file keys. *out NULL when none applies.
 */
int creds_plan_profile(struct creds_plan *pl, const char *profile, int use_env,
		       struct creds_src **out, struct aws_error *err);
/* The profile's role_arn with source_profile or credential_source. */
int creds_plan_assume_role(struct creds_plan *pl, const char *profile,
			   struct creds_src **out, struct aws_error *err);

/* One file per source: plan (read the settings) and fetch (call out) */

int creds_plan_env(struct creds_src **out, struct aws_error *err);
int creds_plan_web_identity(struct creds_plan *pl, const char *profile,
			    int use_env, struct creds_src **out,
			    struct aws_error *err);
int creds_plan_sso(struct creds_plan *pl, const char *profile,
		   struct creds_src **out, struct aws_error *err);
int creds_plan_container(struct creds_src **out, struct aws_error *err);
int creds_imds_disabled(void);
struct creds_src *creds_plan_imds(void);

int creds_fetch_assume_role(struct aws_creds_provider *p, struct creds_src *s,
			    struct aws_creds *out, struct aws_error *err);
int creds_fetch_web_identity(struct aws_creds_provider *p, struct creds_src *s,
			     struct aws_creds *out, struct aws_error *err);
int creds_fetch_sso(struct aws_creds_provider *p, struct creds_src *s,
		    struct aws_creds *out, struct aws_error *err);
int creds_fetch_process(struct aws_creds_provider *p, struct creds_src *s,
			struct aws_creds *out, struct aws_error *err);
int creds_fetch_container(struct aws_creds_provider *p, struct creds_src *s,
			  struct aws_creds *out, struct aws_error *err);
int creds_fetch_imds(struct aws_creds_provider *p, struct creds_src *s,
		     struct aws_creds *out, struct aws_error *err);

/* creds_sts.c */

/* Where and how STS is called. */
struct creds_sts_target {
	const char *region; /* NULL: "us-east-1" */
	const char *endpoint_url;
	int allow_plain;
};

/* Append "key=value" (value URI-encoded) to a query-protocol form. */
void creds_form_add(struct strbuf *sb, const char *key, const char *value);
/*
 * POST the query-protocol 'form' for sts:'action' and read
 * <'action'Result><Credentials>. Signed with 'base' when given (sigv4,
 * service "sts", the region aws_endpoint_resolve() says), unsigned
 * otherwise (AssumeRoleWithWebIdentity).
 */
int creds_sts_call(const char *action, const struct aws_creds *base,
		   const char *form, const struct creds_sts_target *t,
		   struct aws_creds *out, struct aws_error *err);
/* An MFA code as STS takes it: six digits. */
int creds_mfa_code_ok(const char *code);
/* creds_chain.c */

struct creds_src *creds_src_new(enum creds_src_kind kind, const char *source,
				const char *profile);
/* How a source is named in messages: "profile 'x' (sso)" or "container". */
const char *creds_src_who(const struct creds_src *s, char *buf, size_t n);
/*
 * Make 's->cur' current: fetch when missing or within the refresh window;
 * on a failed refresh keep credentials that have not expired yet.
 */
int creds_src_fetch(struct aws_creds_provider *p, struct creds_src *s,
		    struct aws_error *err);

#endif
