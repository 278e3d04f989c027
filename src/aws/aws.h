/*
 * aws.h -- the request abstraction, AWS error data and the transport seam
 *
 * A collector describes a call as a struct aws_request (account, region,
 * service, action, the distinguishing resource, the page token and the
 * protocol-specific parameters) and hands it to aws_call(), which goes
 * through a struct aws_transport: the replay transport (fixtures/, evidence
 * bundles) or HTTPS. Nothing here knows about checks.
 */
#ifndef AWS_H
#define AWS_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "errinfo.h"
#include "strbuf.h"

enum aws_protocol {
	AWS_PROTO_EC2,
	AWS_PROTO_QUERY,
	AWS_PROTO_JSON,
	AWS_PROTO_REST_JSON,
	AWS_PROTO_REST_XML,
};

/* One row per service irready talks to (src/aws/aws_service.c). */
struct aws_service {
	const char *name; /* botocore name: "ec2", "iam", "config" */
	enum aws_protocol protocol;
	const char *api_version;     /* "2016-11-15" */
	const char *endpoint_prefix; /* host label: "ec2", "monitoring" */
	const char *signing_name;    /* credential-scope service */
	const char *target_prefix;   /* JSON X-Amz-Target prefix, or NULL */
	const char *json_version;    /* "1.1", "1.0" or NULL */
	int global;         /* signed in the partition's global region */
	const char *env_id; /* AWS_ENDPOINT_URL_<env_id> */
};

const struct aws_service *aws_service_find(const char *name);
/* The i-th row of the table, or NULL past its end. */
const struct aws_service *aws_service_at(size_t i);

/* One form/query-string parameter. */
struct aws_param {
	const char *name;
	const char *value;
};

/* 32: the drill's SimulatePrincipalPolicy carries its context entries */
#define AWS_MAX_PARAMS  32
#define AWS_MAX_HEADERS 2

/*
 * A request. Strings are borrowed from the caller for the duration of
 * aws_call(). 'region' is "global" for global services. 'resource' is the
 * request parameter that distinguishes one resource from another (a user
 * name, key id, trail ARN), used to name recorded responses; 'token' is the
 * pagination token, placed by the encoder in 'token_param'.
 *
 * Protocol-specific parts: ec2/query use 'params' as the form body; json
 * uses 'json_body' (a complete JSON object; the encoder adds the token
 * member); rest-json/rest-xml use 'method', 'path' and 'params' as the
 * query string, and 'json_body' for POST bodies (with a body, the token
 * goes in the body as 'token_param', as those operations page there).
 */
struct aws_creds;

struct aws_request {
	const char *account;
	const char *region;
	const char *service;
	const char *action;
	const char *resource;
	const char *token;
	const char *token_param;
	struct aws_param params[AWS_MAX_PARAMS];
	size_t nparams;
	const char *json_body;
	const char *method;
	const char *path;
	const char *host_prefix; /* S3 virtual-host bucket, or NULL */
	/*
	 * A label the model's endpoint.hostPrefix puts before the host
	 * ("<label>.<host>": S3 Control's account id). Unlike host_prefix it
	 * is never moved into the path; with an IP-address or localhost
	 * endpoint (an emulator) it is left out.
	 */
	const char *host_label;
	/* Request headers the model binds members to (signed), e.g. S3
	 * Control's x-amz-account-id. */
	struct aws_param headers[AWS_MAX_HEADERS];
	size_t nheaders;
	/*
	 * A listing two parts of a run both read (the --org walk and
	 * ORG_ADMIN's tree): a 2xx answer is kept and an identical request
	 * (account, region, action, resource, token, body) of the run gets it
	 * again instead of a second call (aws_call()).
	 */
	int memo;
	/*
	 * Sign with these credentials instead of the account's (not owned):
	 * the containment drill's dry runs, signed as the IR role it assumed.
	 * The replay transport ignores them.
	 */
	const struct aws_creds *creds;
};

void aws_request_param(struct aws_request *req, const char *name,
		       const char *value);

struct aws_header {
	char *name;
	char *value;
};

/* A response; owns everything (helpers in aws_response.c). */
struct aws_response {
	int status;
	int attempts; /* tries the transport made for it (0, 1: no retry) */
	struct aws_header *headers;
	size_t nheaders, alloc_headers;
	struct strbuf body;
};

void aws_response_init(struct aws_response *resp);
void aws_response_release(struct aws_response *resp);
void aws_response_add_header(struct aws_response *resp, const char *name,
			     size_t nlen, const char *value, size_t vlen);
/* Case-insensitive header lookup; NULL when absent. */
const char *aws_response_header(const struct aws_response *resp,
				const char *name);

/* struct aws_error: what went wrong with a call (errinfo.h). */

void aws_error_clear(struct aws_error *err);
/* Fill 'err' from an error response of the given protocol (aws_error.c). */
void aws_error_parse(enum aws_protocol proto, const struct aws_response *resp,
		     struct aws_error *err);
/* Set a local error (no AWS response) with a printf message. */
void aws_error_set(struct aws_error *err, int rc, const char *code,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Map an AWS error code to IRREADY_EDENIED / ETHROTTLED / EAWS. */
int aws_error_classify(const char *code, int status);
int aws_error_is_throttle(const char *code, int status);
int aws_error_is_transient(const char *code, int status);

/*
 * The transport seam. send() fills 'resp' (status, headers, body) for
 * 'req' and returns 0, or an IRREADY_E* code with 'err' filled when no
 * response could be had (missing fixture, connection failure).
 * A non-2xx response is not a transport failure: it returns 0.
 */
struct aws_transport {
	const char *name;
	int (*send)(struct aws_transport *t, const struct aws_request *req,
		    struct aws_response *resp, struct aws_error *err);
	void (*free)(struct aws_transport *t);
};

/*
 * Endpoint resolution (aws_endpoint.c). For 'service' in 'region' ("global"
 * for global services), the base URL (no trailing slash) and the region to
 * sign for. Overrides, most specific first: AWS_ENDPOINT_URL_<SERVICE>,
 * then 'endpoint_url' (--endpoint-url), then AWS_ENDPOINT_URL. Caller
 * frees the URL.
 */
char *aws_endpoint_resolve(const struct aws_service *svc, const char *region,
			   const char *endpoint_url, char *signing_region,
			   size_t n);
/*
 * The same for an audit whose home region is 'home': "global" resolves in
 * home's partition (IAM in aws-cn: iam.cn-north-1.amazonaws.com.cn signed
 * cn-north-1; S3's global calls in aws-us-gov: s3.us-gov-west-1...).
 * NULL when the service has no endpoint in that partition (Account in
 * aws-us-gov) and no override names one. aws_endpoint_resolve() is this
 * with the commercial partition's home.
 */
char *aws_endpoint_resolve_home(const struct aws_service *svc,
				const char *region, const char *home,
				const char *endpoint_url, char *signing_region,
				size_t n);
/* "aws", "aws-cn" or "aws-us-gov" for a region name. */
const char *aws_partition(const char *region);
/* The region global services of 'partition' are signed in (us-east-1). */
const char *aws_partition_global_region(const char *partition);

/* Optional recorder: called with every response received (aws_replay.c). */
struct aws_recorder;

struct aws_client {
	struct aws_transport *transport;
	struct aws_recorder *recorder;
	unsigned long calls;  /* API calls made (atomic) */
	unsigned long errors; /* calls that ended in an error */
	/*
	 * When set (IRREADY_REQUEST_LOG), one line per call: "account region
	 * service:Action [resource=R] [token=T]"; writes are serialised.
	 */
	FILE *request_log;
	/* --drill: the read-only guard lets the drill's actions through */
	int drill;
	struct aws_memo
		*memo; /* answers of memo requests; aws_client_release */
};

/* Free what aws_call() kept (memo answers); not the transport. */
void aws_client_release(struct aws_client *c);

/*
 * Make one call. On success (2xx) returns 0 with 'resp' filled. On an AWS
 * error returns IRREADY_EDENIED / ETHROTTLED / EAWS with 'err' filled
 * (code, message, action, region); on a transport failure the transport's
 * code. 'resp' is always initialised and must be released.
 */
int aws_call(struct aws_client *c, const struct aws_request *req,
	     struct aws_response *resp, struct aws_error *err);

/* Replay transport over a fixtures directory (aws_replay.c). */
struct aws_transport *aws_replay_new(const char *dir);

/*
 * The file name a response is stored under, relative to the scenario
 * directory: "<account>/<region>/<service>.<Action>[.<res>][.page-<tok>].http".
 * Caller frees.
 */
char *aws_replay_path(const struct aws_request *req);
/* Sanitize a name component (see fixtures/README.md). Caller frees. */
char *aws_replay_sanitize(const char *s);

/* A replay directory's scenario.json (or its account directories). */
struct aws_scenario {
	char **accounts;
	size_t naccounts;
	char *home_region; /* NULL when not given */
	char **regions;    /* the audited regions, when the scenario says */
	size_t nregions;
	char *description;
	time_t now; /* 0 when not given */
};

int aws_scenario_load(const char *dir, struct aws_scenario *sc);
void aws_scenario_release(struct aws_scenario *sc);

/* Parse a raw HTTP response (a fixture file) into 'resp'. */
int aws_http_parse_raw(const char *data, size_t len, struct aws_response *resp);

#endif
