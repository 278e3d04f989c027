/*
 * export.c -- `irready export security-hub DIR`: findings into Security Hub
 *
 * The one command that writes to AWS, and only when asked: it reads an
 * audit's findings.json, turns every finding into ASFF (asff_finding(),
 * the same as --format asff) and sends them with
 * securityhub:BatchImportFindings, at most 100 per call, grouped by
 * (account, region) because a call imports into the region it is sent to.
 * The HTTPS transport retries throttling and 5xx answers the SDKs' way;
 * findings the service reports as failed with a transient code
 * (InternalException, throttling) are sent again, up to three rounds;
 * every finding still failed is reported by Id with its error. Exit 0
 * when everything was imported, 1 when a finding failed, 2 on usage
 * errors, 3 when nothing could be read or no credentials were found.
 *
 * `audit` keeps its read-only guard (aws_allowlist_check() in aws_call())
 * unchanged: this command never goes through aws_call(). It has its own
 * allowlist, EXPORT_ACTIONS, checked before every request, and sends
 * through the transport directly. `irready iam-policy --export` prints
 * the policy it needs.
 */
#include "aws.h"
#include "aws_creds.h"
#include "aws_http.h"
#include "aws_https.h"
#include "check.h"
#include "cli.h"
#include "irready.h"
#include "report.h"
#include "runner.h"
#include "strbuf.h"

#include <cJSON.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCH_MAX      100
#define ROUNDS         3
#define EXPORT_SERVICE "securityhub"
#define EXPORT_ACTION  "BatchImportFindings"

enum {
	OPT_PROFILE = 256,
	OPT_REGION,
	OPT_ENDPOINT_URL,
	OPT_ALLOW_HTTP,
	OPT_HELP,
};

/* The export's allowlist: nothing but securityhub:BatchImportFindings. */
static int export_allowed(const struct aws_request *req)
{
	return !strcmp(req->service, EXPORT_SERVICE) &&
	       !strcmp(req->action, EXPORT_ACTION) &&
	       !strcmp(req->method, "POST") &&
	       !strcmp(req->path, "/findings/import");
}

static void usage_export(FILE *out)
{
	fputs("usage: irready export security-hub [--profile P] [--region R]\n"
	      "                 [--endpoint-url URL] [--allow-insecure-http] "
	      "DIR\n"
	      "imports the findings of an audit (DIR/findings.json) into AWS "
	      "Security Hub\nwith securityhub:BatchImportFindings, 100 at a "
	      "time, in each finding's\naccount and region (account-wide "
	      "findings go to --region); the only\ncommand that writes to "
	      "AWS. 'irready iam-policy --export' prints the policy\nit "
	      "needs. exit: 0 all imported, 1 some failed, 2 usage, 3 could "
	      "not read\nDIR or find credentials\n",
	      out);
}

static int parse_status(const char *s, enum check_status *out)
{
	for (int i = 0; i < CHECK__COUNT; i++)
		if (s && !strcmp(s, status_name((enum check_status)i))) {
			*out = (enum check_status)i;
			return 0;
		}
	return -1;
}

/* The string 'k' of 'o', or NULL when it is missing or empty. */
static const char *str_field(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) && *v->valuestring ? v->valuestring : NULL;
}

/*
 * The findings of findings.json into 'f'. A finding of a check this build
 * does not know, or with a bad status or severity, is an error naming it.
 */
static int load_findings(const cJSON *j, struct findings *f, time_t *now)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "findings");
	const cJSON *run = cJSON_GetObjectItemCaseSensitive(j, "run");
	const cJSON *at = cJSON_GetObjectItemCaseSensitive(run, "evaluated_at");
	const cJSON *o;

	if (!cJSON_IsString(at) || parse_iso8601(at->valuestring, now))
		*now = time(NULL);
	cJSON_ArrayForEach(o, arr)
	{
		struct finding x = { 0 };
		enum check_status status, verdict;
		enum severity sev;
		const cJSON *id =
			cJSON_GetObjectItemCaseSensitive(o, "finding_id");
		const cJSON *ck =
			cJSON_GetObjectItemCaseSensitive(o, "check_id");
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(o, "status");
		const cJSON *vd =
			cJSON_GetObjectItemCaseSensitive(o, "verdict");
		const cJSON *sv =
			cJSON_GetObjectItemCaseSensitive(o, "severity");

		if (!cJSON_IsString(id) || strlen(id->valuestring) != 16 ||
		    !cJSON_IsString(ck) ||
		    !(x.check = check_find(ck->valuestring)) ||
		    !cJSON_IsString(st) ||
		    parse_status(st->valuestring, &status) ||
		    !cJSON_IsString(sv) ||
		    severity_parse(sv->valuestring, &sev))
			return error_rc(
				IRREADY_EPARSE,
				"finding %zu: no known check, status or "
				"severity",
				f->n + 1);
		verdict = status;
		if (cJSON_IsString(vd))
			parse_status(vd->valuestring, &verdict);
		x.status = status;
		x.verdict = verdict;
		x.severity = sev;
		memcpy(x.id, id->valuestring, 17);
		x.account_id = findings_intern(f, str_field(o, "account_id"));
		x.region = findings_intern(f, str_field(o, "region"));
		if (!x.account_id || !x.region)
			return error_rc(IRREADY_EPARSE,
					"finding %s: no account or region",
					x.id);
		x.resource_type =
			findings_intern(f, str_field(o, "resource_type"));
		x.resource_id = findings_strdup(f, str_field(o, "resource_id"));
		x.message = findings_strdup(f, str_field(o, "message"));
		x.waiver = findings_intern(f, str_field(o, "waiver"));
		x.account_name =
			findings_intern(f, str_field(o, "account_name"));
		x.ou_path = findings_intern(f, str_field(o, "ou_path"));
		ALLOC_GROW(f->v, f->n + 1, f->alloc);
		f->v[f->n++] = x;
	}
	return 0;
}

struct exporter {
	struct aws_transport *transport;
	struct report rep;
	const char *home;
	size_t imported, failed, calls;
	int fatal; /* no batch could be sent at all */
};

static const char *asff_region(const struct exporter *e,
			       const struct finding *x)
{
	return strcmp(x->region, "global") ? x->region : e->home;
}

static const struct exporter *sort_ctx;

static int cmp_batch(const void *a, const void *b)
{
	const struct finding *x = *(const struct finding *const *)a;
	const struct finding *y = *(const struct finding *const *)b;
	int c = strcmp(x->account_id, y->account_id);

	return c ? c
		 : strcmp(asff_region(sort_ctx, x), asff_region(sort_ctx, y));
}

/* The finding of 'batch[0..n)' whose ASFF Id is 'id', or NULL. */
static const struct finding *by_asff_id(const struct finding **batch, size_t n,
					const char *id)
{
	for (size_t i = 0; i < n; i++) {
		const char *slash = strrchr(id, '/');

		if (slash && !strcmp(slash + 1, batch[i]->id))
			return batch[i];
	}
	return NULL;
}

static int transient_code(const char *code)
{
	return !strcmp(code, "InternalException") ||
	       !strcmp(code, "InternalServerError") ||
	       aws_error_is_throttle(code, 0) ||
	       aws_error_is_transient(code, 0);
}

/*
 * Send 'batch[0..n)' (one account and region, n <= 100); the findings that
 * failed transiently go back into 'retry' ('*nretry'). Returns 0, or -1
 * when the call itself failed (every finding counted failed).
 */
static int send_batch(struct exporter *e, const struct finding **batch,
		      size_t n, const struct finding **retry, size_t *nretry,
		      int last_round)
{
	struct aws_request req = { 0 };
	struct aws_response resp;
	struct aws_error err;
	char *body = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&body, &len);
	cJSON *j = NULL;
	const cJSON *ff, *o;
	size_t nfailed = 0;
	int rc;

	fputs("{\"Findings\":[", out);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		asff_finding(out, &e->rep, batch[i]);
	}
	fputs("]}", out);
	fclose(out);
	req.account = batch[0]->account_id;
	req.region = asff_region(e, batch[0]);
	req.service = EXPORT_SERVICE;
	req.action = EXPORT_ACTION;
	req.method = "POST";
	req.path = "/findings/import";
	req.json_body = body;
	aws_response_init(&resp);
	aws_error_clear(&err);
	if (!export_allowed(&req))
		BUG("export request outside its allowlist: %s:%s", req.service,
		    req.action);
	e->calls++;
	rc = e->transport->send(e->transport, &req, &resp, &err);
	if (!rc && (resp.status < 200 || resp.status >= 300)) {
		aws_error_parse(AWS_PROTO_REST_JSON, &resp, &err);
		rc = err.rc ? err.rc : IRREADY_EAWS;
	}
	if (!rc) {
		j = cJSON_ParseWithLength(resp.body.buf, resp.body.len);
		if (!cJSON_IsObject(j)) {
			aws_error_set(&err, IRREADY_EPARSE, "MalformedResponse",
				      "BatchImportFindings answered no JSON "
				      "object");
			rc = IRREADY_EPARSE;
		}
	}
	if (rc) {
		error_rc(rc,
			 "%zu findings of account %s in %s were not imported: "
			 "%s%s%s",
			 n, req.account, req.region,
			 err.code[0] ? err.code : irready_strerror(rc),
			 err.message[0] ? ": " : "", err.message);
		e->failed += n;
		goto out;
	}
	ff = cJSON_GetObjectItemCaseSensitive(j, "FailedFindings");
	cJSON_ArrayForEach(o, ff)
	{
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "Id");
		const cJSON *code =
			cJSON_GetObjectItemCaseSensitive(o, "ErrorCode");
		const cJSON *msg =
			cJSON_GetObjectItemCaseSensitive(o, "ErrorMessage");
		const char *c = cJSON_IsString(code) ? code->valuestring : "";
		const struct finding *x =
			cJSON_IsString(id)
				? by_asff_id(batch, n, id->valuestring)
				: NULL;

		nfailed++;
		if (x && !last_round && transient_code(c)) {
			retry[(*nretry)++] = x;
			continue;
		}
		e->failed++;
		error_rc(IRREADY_EAWS, "finding %s was not imported: %s%s%s",
			 cJSON_IsString(id) ? id->valuestring : "(no Id)",
			 *c ? c : "error",
			 cJSON_IsString(msg) && *msg->valuestring ? ": " : "",
			 cJSON_IsString(msg) ? msg->valuestring : "");
	}
	e->imported += nfailed <= n ? n - nfailed : 0;
out:
	cJSON_Delete(j);
	aws_response_release(&resp);
	free(body);
	return rc ? -1 : 0;
}

/* Every finding of 'f', grouped and batched; transient failures retried. */
static void export_all(struct exporter *e, struct findings *f)
{
	const struct finding **todo = xcalloc(f->n + 1, sizeof(*todo));
	const struct finding **retry = xcalloc(f->n + 1, sizeof(*retry));
	size_t ntodo = f->n, sent_ok = 0;

	for (size_t i = 0; i < f->n; i++)
		todo[i] = &f->v[i];
	for (int round = 1; round <= ROUNDS && ntodo; round++) {
		size_t nretry = 0;

		if (round > 1) {
			struct timespec ts = { 0, 200000000L * (round - 1) };

			info("retrying %zu findings that failed transiently",
			     ntodo);
			nanosleep(&ts, NULL);
		}
		sort_ctx = e;
		qsort(todo, ntodo, sizeof(*todo), cmp_batch);
		for (size_t i = 0; i < ntodo;) {
			size_t k = i + 1;

			while (k < ntodo && k - i < BATCH_MAX &&
			       !cmp_batch(&todo[i], &todo[k]))
				k++;
			if (!send_batch(e, todo + i, k - i, retry, &nretry,
					round == ROUNDS))
				sent_ok++;
			i = k;
		}
		memcpy(todo, retry, nretry * sizeof(*todo));
		ntodo = nretry;
	}
	e->fatal = !sent_ok;
	free(todo);
	free(retry);
}

/*
 * export security-hub's options (argv[0] is "security-hub") into 'co' and
 * 'ho', the home region defaulting to $AWS_REGION/$AWS_DEFAULT_REGION.
 * Returns -1 to go on with argv[optind] the DIR, else the exit code
 * (--help, usage error).
 */
static int export_options(int argc, char **argv, struct aws_creds_opts *co,
			  struct aws_https_opts *ho)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "endpoint-url", required_argument, NULL, OPT_ENDPOINT_URL },
		{ "allow-insecure-http", no_argument, NULL, OPT_ALLOW_HTTP },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_PROFILE:
			co->profile = optarg;
			break;
		case OPT_REGION:
			co->region = optarg;
			break;
		case OPT_ENDPOINT_URL:
			co->endpoint_url = optarg;
			ho->endpoint_url = optarg;
			break;
		case OPT_ALLOW_HTTP:
			co->allow_plain = 1;
			ho->allow_plain = 1;
			break;
		case OPT_HELP:
			usage_export(stdout);
			return EXIT_OK;
		default:
			usage_export(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		error_rc(IRREADY_EUSAGE, "export security-hub takes one DIR "
					 "(an audit's output directory)");
		return EXIT_USAGE;
	}
	if (!co->region) {
		co->region = getenv("AWS_REGION");
		if (!co->region || !*co->region)
			co->region = getenv("AWS_DEFAULT_REGION");
		if (co->region && !*co->region)
			co->region = NULL;
	}
	return -1;
}

int cmd_export(int argc, char **argv)
{
	struct aws_creds_opts co = { 0 };
	struct aws_https_opts ho = { 0 };
	struct aws_creds_provider *creds = NULL;
	struct aws_error err;
	struct exporter e = { 0 };
	struct run_info ri = { 0 };
	struct findings f;
	char *resolved = NULL;
	cJSON *j = NULL;
	int rc;

	findings_init(&f);
	if (argc < 2 || strcmp(argv[1], "security-hub")) {
		if (argc >= 2 &&
		    (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
			usage_export(stdout);
			return EXIT_OK;
		}
		error_rc(IRREADY_EUSAGE, "export to what? (irready export "
					 "security-hub DIR)");
		usage_export(stderr);
		return EXIT_USAGE;
	}
	argc--;
	argv++;
	rc = export_options(argc, argv, &co, &ho);
	if (rc >= 0)
		return rc;
	rc = EXIT_CANNOT_ASSESS;
	j = report_read_json(argv[optind], &resolved, 1, "");
	if (!j)
		goto out;
	if (load_findings(j, &f, &ri.now))
		goto out;
	if (!f.n) {
		printf("nothing to export: '%s' has no findings\n", resolved);
		rc = EXIT_OK;
		goto out;
	}
	aws_error_clear(&err);
	if (aws_creds_provider_new(&co, &creds, &err)) {
		error_rc(IRREADY_EDENIED, "no usable AWS credentials: %s%s%s",
			 err.code, err.message[0] ? ": " : "", err.message);
		goto out;
	}
	ho.creds = creds;
	e.transport = aws_https_new(&ho, &err);
	if (!e.transport) {
		error_rc(IRREADY_EUSAGE, "%s", err.message);
		rc = EXIT_USAGE;
		goto out;
	}
	e.home = co.region ? co.region
		 : aws_creds_profile_region(creds)
			 ? aws_creds_profile_region(creds)
			 : "us-east-1";
	ri.tool_version = IRREADY_VERSION;
	ri.home_region = e.home;
	e.rep.findings = &f;
	e.rep.run = &ri;
	export_all(&e, &f);
	printf("Security Hub: %zu of %zu findings imported, %zu failed "
	       "(%zu BatchImportFindings calls)\n",
	       e.imported, f.n, e.failed, e.calls);
	rc = e.fatal ? EXIT_CANNOT_ASSESS : e.failed ? EXIT_FAILING : EXIT_OK;
out:
	if (e.transport)
		e.transport->free(e.transport);
	if (creds)
		aws_creds_provider_free(creds);
	cJSON_Delete(j);
	free(resolved);
	findings_release(&f);
	return rc;
}
