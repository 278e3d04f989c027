/*
 * cli.c -- argument parsing for each subcommand (AWS CLI conventions)
 *
 * Options are kebab-case long options; the environment supplies what the
 * AWS CLI's would (AWS_REGION, AWS_PROFILE, NO_COLOR). Usage errors exit 2.
 */
#include "cli.h"
#include "aws_allowlist.h"
#include "check.h"
#include "inv.h"
#include "irready.h"
#include "report.h"
#include "diff.h"
#include "merge.h"
#include "score.h"
#include "aws_http.h"
#include "aws_record.h"
#include "aws_validate.h"
#include "runner.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void usage_main(void)
{
	fputs("usage: irready <command> [options]\n"
	      "\n"
	      "commands:\n"
	      "  audit        audit an AWS account and write a scored report\n"
	      "  checks       list the check catalog (--json for every field)\n"
	      "  iam-policy   print the minimal read-only IAM policy\n"
	      "  diff         compare two audits: diff OLD NEW\n"
	      "  merge        combine sharded audits: merge DIR...\n"
	      "  evidence     verify a --record directory: evidence verify "
	      "DIR\n"
	      "  inventory    collect like audit, print what was decoded "
	      "(JSON)\n"
	      "  policy       validate a policy file: policy validate FILE\n"
	      "  version      print the version\n"
	      "\n"
	      "'irready <command> --help' describes each command.\n",
	      stdout);
}

static void usage_audit(FILE *out)
{
	fputs("usage: irready audit [options]\n"
	      "\n"
	      "  --replay DIR          audit recorded responses "
	      "(fixtures/<scenario>)\n"
	      "  --profile P           AWS profile (default: $AWS_PROFILE)\n"
	      "  --endpoint-url URL    send every service to URL (an "
	      "emulator);\n"
	      "                        AWS_ENDPOINT_URL[_<SERVICE>] also work\n"
	      "  --allow-insecure-http allow plain http:// to non-loopback "
	      "hosts\n"
	      "  --record DIR          also write every response, replayable "
	      "with\n"
	      "                        --replay DIR, plus manifest.json "
	      "(SHA-256)\n"
	      "  --region R            home region for account-level calls\n"
	      "                        (default: $AWS_REGION, "
	      "$AWS_DEFAULT_REGION,\n"
	      "                        the recording's, or us-east-1)\n"
	      "  --regions all|R1,R2   regions to audit (default: all "
	      "enabled)\n"
	      "  --policy FILE|NAME    policy file, or a shipped profile: "
	      "readiness\n"
	      "                        (default), post-incident, evidence\n"
	      "  --org                 audit every active account of the AWS\n"
	      "                        Organization (from the management "
	      "account\n"
	      "                        or a delegated administrator)\n"
	      "  --role-name NAME      role assumed in member accounts "
	      "(default\n"
	      "                        OrganizationAccountAccessRole)\n"
	      "  --external-id ID      external id for that role\n"
	      "  --accounts ID,..      only these accounts (* wildcards "
	      "allowed)\n"
	      "  --exclude-accounts ID,..  skip these accounts\n"
	      "  --shard I/N           audit shard I of N (split by account "
	      "id);\n"
	      "                        combine shards with 'irready merge'\n"
	      "  --accounts-in-flight N  accounts collected at once (default "
	      "8)\n"
	      "  --checks ID,..        only these checks (* wildcards "
	      "allowed)\n"
	      "  --phase P             only one phase: preparation, "
	      "detection,\n"
	      "                        containment, post-incident\n"
	      "  --output-dir DIR      where reports go (default: "
	      "irready-out)\n"
	      "  --format F,..         html,csv,json,junit (default: "
	      "html,csv,json)\n"
	      "  --fail-on SEV         exit 1 when a FAIL is at or above SEV:\n"
	      "                        critical, high (default), medium, low, "
	      "info\n"
	      "  --concurrency N       parallel collection tasks (default 8)\n"
	      "  --drill               also run the containment drill\n"
	      "                        (ir_containment_drill): EC2 dry runs "
	      "with\n"
	      "                        DryRun=true and IAM policy simulation "
	      "for\n"
	      "                        the IR roles; nothing is changed\n"
	      "  --now TIME            evaluate as of this ISO-8601 time "
	      "(pins\n"
	      "                        every date in the output; default: "
	      "now,\n"
	      "                        or the recording's time with --replay)\n"
	      "  --quiet               no summary on stdout\n"
	      "  --no-color            no colour (also NO_COLOR=1, or not a "
	      "tty)\n"
	      "  -v, --verbose         debug output on stderr\n"
	      "\n"
	      "exit: 0 nothing failing at or above --fail-on, 1 failing, 2 "
	      "usage,\n"
	      "      3 could not assess (no credentials, identity failed, "
	      "replay\n"
	      "      directory unreadable)\n",
	      out);
}

enum {
	OPT_REPLAY = 256,
	OPT_PROFILE,
	OPT_REGION,
	OPT_REGIONS,
	OPT_CHECKS,
	OPT_PHASE,
	OPT_OUTPUT_DIR,
	OPT_FORMAT,
	OPT_FAIL_ON,
	OPT_CONCURRENCY,
	OPT_NOW,
	OPT_QUIET,
	OPT_NO_COLOR,
	OPT_POLICY,
	OPT_ENDPOINT_URL,
	OPT_RECORD,
	OPT_ALLOW_HTTP,
	OPT_ORG,
	OPT_ROLE_NAME,
	OPT_EXTERNAL_ID,
	OPT_ACCOUNTS,
	OPT_EXCLUDE_ACCOUNTS,
	OPT_SHARD,
	OPT_IN_FLIGHT,
	OPT_DRILL,
	OPT_JSON,
	OPT_HELP,
};

/* --format F,..: 0, or -1 after saying which format is unknown. */
static int opt_formats(const char *arg, unsigned *formats)
{
	const char *bad = NULL;

	if (!report_parse_formats(arg, formats, &bad))
		return 0;
	error_rc(IRREADY_EUSAGE, "unknown format '%s' (html, csv, json, junit)",
		 bad ? bad : arg);
	return -1;
}

/*
 * --fail-on SEV: 0, or -1 after saying the severity is unknown, followed
 * by 'hint'.
 */
static int opt_fail_on(const char *arg, enum severity *sev, const char *hint)
{
	if (!severity_parse(arg, sev))
		return 0;
	error_rc(IRREADY_EUSAGE, "unknown severity '%s'%s", arg, hint);
	return -1;
}

/* Colour on stdout: not --no-color, no NO_COLOR, and a terminal. */
static int use_color(int no_color)
{
	const char *env = getenv("NO_COLOR");

	return !no_color && !(env && *env) && isatty(STDOUT_FILENO);
}

static int audit_main(int argc, char **argv, int dump)
{
	static const struct option opts[] = {
		{ "replay", required_argument, NULL, OPT_REPLAY },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "regions", required_argument, NULL, OPT_REGIONS },
		{ "checks", required_argument, NULL, OPT_CHECKS },
		{ "phase", required_argument, NULL, OPT_PHASE },
		{ "output-dir", required_argument, NULL, OPT_OUTPUT_DIR },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "concurrency", required_argument, NULL, OPT_CONCURRENCY },
		{ "now", required_argument, NULL, OPT_NOW },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "verbose", no_argument, NULL, 'v' },
		{ "endpoint-url", required_argument, NULL, OPT_ENDPOINT_URL },
		{ "record", required_argument, NULL, OPT_RECORD },
		{ "allow-insecure-http", no_argument, NULL, OPT_ALLOW_HTTP },
		{ "drill", no_argument, NULL, OPT_DRILL },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "org", no_argument, NULL, OPT_ORG },
		{ "role-name", required_argument, NULL, OPT_ROLE_NAME },
		{ "external-id", required_argument, NULL, OPT_EXTERNAL_ID },
		{ "accounts", required_argument, NULL, OPT_ACCOUNTS },
		{ "exclude-accounts", required_argument, NULL,
		  OPT_EXCLUDE_ACCOUNTS },
		{ "shard", required_argument, NULL, OPT_SHARD },
		{ "accounts-in-flight", required_argument, NULL,
		  OPT_IN_FLIGHT },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct audit_opts o = { 0 };
	const char *env;
	int c, no_color = 0;
	long n;

	o.dump_inventory = dump;
	o.output_dir = "irready-out";
	o.formats = REPORT_HTML | REPORT_CSV | REPORT_JSON;
	o.fail_on = SEV_HIGH;
	o.concurrency = 8;
	env = getenv("AWS_REGION");
	if (!env || !*env)
		env = getenv("AWS_DEFAULT_REGION");
	if (env && *env)
		o.region = env;
	env = getenv("AWS_PROFILE");
	if (env && *env)
		o.profile = env;

	optind = 1;
	while ((c = getopt_long(argc, argv, "v", opts, NULL)) != -1) {
		switch (c) {
		case OPT_REPLAY:
			o.replay_dir = optarg;
			break;
		case OPT_PROFILE:
			o.profile = optarg;
			break;
		case OPT_REGION:
			o.region = optarg;
			break;
		case OPT_REGIONS:
			o.regions = optarg;
			break;
		case OPT_CHECKS:
			o.checks = optarg;
			break;
		case OPT_PHASE:
			o.phase = optarg;
			break;
		case OPT_OUTPUT_DIR:
			o.output_dir = optarg;
			break;
		case OPT_FORMAT:
			if (opt_formats(optarg, &o.formats))
				return EXIT_USAGE;
			break;
		case OPT_FAIL_ON:
			if (opt_fail_on(optarg, &o.fail_on,
					" (critical, high, medium, low, info)"))
				return EXIT_USAGE;
			break;
		case OPT_CONCURRENCY:
			if (parse_long(optarg, &n) || n < 1 || n > 256) {
				error_rc(IRREADY_EUSAGE,
					 "--concurrency takes 1 to 256, not "
					 "'%s'",
					 optarg);
				return EXIT_USAGE;
			}
			o.concurrency = (int)n;
			break;
		case OPT_NOW:
			if (parse_iso8601(optarg, &o.now) || o.now <= 0) {
				error_rc(IRREADY_EUSAGE,
					 "--now takes an ISO-8601 time such "
					 "as 2026-11-28T00:00:00Z, not '%s'",
					 optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_QUIET:
			o.quiet = 1;
			break;
		case OPT_NO_COLOR:
			no_color = 1;
			break;
		case 'v':
			log_level = 2;
			break;
		case OPT_ENDPOINT_URL:
			o.endpoint_url = optarg;
			break;
		case OPT_RECORD:
			o.record_dir = optarg;
			break;
		case OPT_ALLOW_HTTP:
			aws_http_allow_plain = 1;
			break;
		case OPT_DRILL:
			o.drill = 1;
			break;
		case OPT_POLICY:
			o.policy_file = optarg;
			break;
		case OPT_ORG:
			o.org = 1;
			break;
		case OPT_ROLE_NAME:
			o.role_name = optarg;
			break;
		case OPT_EXTERNAL_ID:
			/* sts:AssumeRole's rules: 2-1224 of [\w+=,.@:/-] */
			if (strlen(optarg) < 2 || strlen(optarg) > 1224 ||
			    strspn(optarg,
				   "abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_+=,.@:/-") != strlen(optarg)) {
				error_rc(IRREADY_EUSAGE,
					 "--external-id takes 2 to 1224 of "
					 "A-Z a-z 0-9 _+=,.@:/-");
				return EXIT_USAGE;
			}
			o.external_id = optarg;
			break;
		case OPT_ACCOUNTS:
			o.accounts = optarg;
			break;
		case OPT_EXCLUDE_ACCOUNTS:
			o.exclude_accounts = optarg;
			break;
		case OPT_SHARD: {
			int si = 0, sn = 0;
			char extra;

			if (sscanf(optarg, "%d/%d%c", &si, &sn, &extra) != 2 ||
			    sn < 1 || sn > 100000 || si < 1 || si > sn) {
				error_rc(IRREADY_EUSAGE,
					 "--shard takes I/N with 1 <= I <= N, "
					 "not '%s'",
					 optarg);
				return EXIT_USAGE;
			}
			o.shard_index = si;
			o.shard_count = sn;
			break;
		}
		case OPT_IN_FLIGHT:
			if (parse_long(optarg, &n) || n < 1 || n > 1000) {
				error_rc(IRREADY_EUSAGE,
					 "--accounts-in-flight takes 1 to "
					 "1000, not '%s'",
					 optarg);
				return EXIT_USAGE;
			}
			o.accounts_in_flight = (int)n;
			break;
		case OPT_HELP:
			usage_audit(stdout);
			return EXIT_OK;
		default:
			usage_audit(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		error_rc(IRREADY_EUSAGE, "unexpected argument '%s'",
			 argv[optind]);
		return EXIT_USAGE;
	}
	if (o.quiet && log_level < 2)
		log_level = 1;
	o.color = use_color(no_color);
	o.progress = !o.quiet && isatty(STDERR_FILENO);
	if (o.replay_dir && o.endpoint_url) {
		error_rc(IRREADY_EUSAGE,
			 "--replay and --endpoint-url exclude each other");
		return EXIT_USAGE;
	}
	if (!o.replay_dir &&
	    aws_endpoint_urls_check(o.endpoint_url, aws_http_allow_plain))
		return EXIT_USAGE;
	if (aws_regions_check(o.region, o.regions))
		return EXIT_USAGE;
	return runner_audit(&o);
}

int cmd_audit(int argc, char **argv)
{
	return audit_main(argc, argv, 0);
}

int cmd_inventory(int argc, char **argv)
{
	return audit_main(argc, argv, 1);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The IAM action that authorises an API operation. Datasets list API
 * operations under botocore service names (what the request log and the
 * allowlist use); IAM names a few differently.
 */
static char *iam_action(const char *op)
{
	static const struct {
		const char *api, *iam;
	} renamed[] = {
		{ "s3:ListBuckets", "s3:ListAllMyBuckets" },
		{ "s3:GetBucketLifecycleConfiguration",
		  "s3:GetLifecycleConfiguration" },
		{ "s3:GetObjectLockConfiguration",
		  "s3:GetBucketObjectLockConfiguration" },
		{ "s3control:GetPublicAccessBlock",
		  "s3:GetAccountPublicAccessBlock" },
	};
	static const struct {
		const char *svc, *prefix;
	} prefixes[] = {
		{ "accessanalyzer", "access-analyzer" },
		{ "elbv2", "elasticloadbalancing" },
		{ "opensearch", "es" },
		{ "s3control", "s3" },
		{ "sesv2", "ses" },
	};
	const char *colon = strchr(op, ':');

	for (size_t i = 0; i < ARRAY_SIZE(renamed); i++)
		if (!strcmp(op, renamed[i].api))
			return xstrdup(renamed[i].iam);
	for (size_t i = 0; colon && i < ARRAY_SIZE(prefixes); i++)
		if ((size_t)(colon - op) == strlen(prefixes[i].svc) &&
		    !strncmp(op, prefixes[i].svc, (size_t)(colon - op)))
			return xasprintf("%s%s", prefixes[i].prefix, colon);
	return xstrdup(op);
}

static void add_actions(char ***v, size_t *n, size_t *alloc, const char *s)
{
	char *copy = xstrdup(s), *save = NULL;

	for (char *op = strtok_r(copy, " ", &save); op;
	     op = strtok_r(NULL, " ", &save)) {
		char *t = iam_action(op);
		int seen = 0;

		for (size_t i = 0; i < *n; i++)
			seen |= !strcmp((*v)[i], t);
		if (seen) {
			free(t);
			continue;
		}
		ALLOC_GROW(*v, *n + 2, *alloc);
		(*v)[(*n)++] = t;
	}
	free(copy);
}

char **cli_actions_for(const struct check *const *checks, int nchecks)
{
	char **v = NULL;
	size_t n = 0, alloc = 0;
	inv_needs needs = 0;

	add_actions(&v, &n, &alloc, INV_BASE_ACTIONS);
	for (int i = 0; i < nchecks; i++) {
		needs |= checks[i]->needs;
		if (checks[i]->extra_actions)
			add_actions(&v, &n, &alloc, checks[i]->extra_actions);
	}
	needs = inv_needs_closure(needs); /* and what those are built from */
	for (int d = 0; d < DS__COUNT; d++)
		if (needs & INV_NEED(d))
			add_actions(&v, &n, &alloc,
				    inv_dataset_actions((enum inv_dataset)d));
	qsort(v, n, sizeof(*v), cmp_strp);
	ALLOC_GROW(v, n + 1, alloc);
	v[n] = NULL;
	return v;
}

static void free_strv(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static void check_json(FILE *out, const struct check *c)
{
	char **acts = cli_actions_for(&c, 1);

	fputs("{\"id\":", out);
	json_string(out, c->id);
	fputs(",\"title\":", out);
	json_string(out, c->title);
	fprintf(out, ",\"phase\":\"%s\",\"severity\":\"%s\",\"scope\":\"%s\"",
		phase_name(c->phase), severity_name(c->severity),
		c->scope == CHECK_SCOPE_REGION ? "region" : "account");
	fputs(",\"guidance\":", out);
	json_string(out, c->guidance);
	fputs(",\"rationale\":", out);
	json_string(out, c->rationale);
	fputs(",\"remediation\":", out);
	json_string(out, c->remediation);
	fputs(",\"cli_fix\":", out);
	json_string(out, c->cli_fix);
	fputs(",\"cloudformation\":", out);
	json_string(out, c->cfn);
	fputs(",\"doc_url\":", out);
	json_string(out, c->doc_url);
	fputs(",\"frameworks\":[", out);
	if (c->frameworks && *c->frameworks) {
		char *copy = xstrdup(c->frameworks), *save = NULL;
		int first = 1;

		for (char *t = strtok_r(copy, ";", &save); t;
		     t = strtok_r(NULL, ";", &save)) {
			if (!first)
				fputc(',', out);
			first = 0;
			json_string(out, t);
		}
		free(copy);
	}
	fputs("],\"iam_actions\":[", out);
	for (size_t i = 0; acts[i]; i++) {
		if (i)
			fputc(',', out);
		json_string(out, acts[i]);
	}
	fputs("]}", out);
	free_strv(acts);
}

int cmd_checks(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "phase", required_argument, NULL, OPT_PHASE },
		{ "checks", required_argument, NULL, OPT_CHECKS },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const struct check **sel = xcalloc(check_count, sizeof(*sel));
	const char *phase = NULL, *ids = NULL;
	int c, json = 0, n;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			json = 1;
			break;
		case OPT_PHASE:
			phase = optarg;
			break;
		case OPT_CHECKS:
			ids = optarg;
			break;
		case OPT_HELP:
			fputs("usage: irready checks [--json] [--phase P] "
			      "[--checks ID,..]\n",
			      stdout);
			free(sel);
			return EXIT_OK;
		default:
			free(sel);
			return EXIT_USAGE;
		}
	}
	n = runner_select(ids, phase, 1, sel); /* the whole catalog */
	if (n < 0) {
		free(sel);
		return EXIT_USAGE;
	}
	if (json) {
		fputs("{\"schema\":\"irready.checks/1\",\"checks\":[", stdout);
		for (int i = 0; i < n; i++) {
			fputs(i ? ",\n" : "\n", stdout);
			check_json(stdout, sel[i]);
		}
		fputs("\n]}\n", stdout);
	} else {
		printf("%-36s %-14s %-9s %-8s %s\n", "ID", "PHASE", "SEVERITY",
		       "SCOPE", "TITLE");
		for (int i = 0; i < n; i++)
			printf("%-36s %-14s %-9s %-8s %s\n", sel[i]->id,
			       phase_name(sel[i]->phase),
			       severity_name(sel[i]->severity),
			       sel[i]->scope == CHECK_SCOPE_REGION ? "region"
								   : "account",
			       sel[i]->title);
	}
	free(sel);
	return EXIT_OK;
}

/* One policy statement with the actions of 'acts' that are (not) read-only. */
static void policy_statement(const char *sid, char **acts, int read_only,
			     int last)
{
	const char *sep = "";

	printf("    {\n      \"Sid\": \"%s\",\n"
	       "      \"Effect\": \"Allow\",\n      \"Action\": [",
	       sid);
	for (size_t i = 0; acts[i]; i++) {
		const char *verb = strchr(acts[i], ':');

		if (aws_action_read_only(verb ? verb + 1 : acts[i]) !=
		    read_only)
			continue;
		printf("%s\n        \"%s\"", sep, acts[i]);
		sep = ",";
	}
	printf("\n      ],\n      \"Resource\": \"*\"\n    }%s\n",
	       last ? "" : ",");
}

int cmd_iam_policy(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "phase", required_argument, NULL, OPT_PHASE },
		{ "checks", required_argument, NULL, OPT_CHECKS },
		{ "drill", no_argument, NULL, OPT_DRILL },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const struct check **sel = xcalloc(check_count, sizeof(*sel));
	const char *phase = NULL, *ids = NULL;
	char **acts;
	int c, n, drill = 0, ndrill = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_PHASE:
			phase = optarg;
			break;
		case OPT_CHECKS:
			ids = optarg;
			break;
		case OPT_DRILL:
			drill = 1;
			break;
		case OPT_HELP:
			fputs("usage: irready iam-policy [--phase P] "
			      "[--checks ID,..] [--drill]\n"
			      "prints the least-privilege, read-only IAM "
			      "policy the selected checks need; with --drill, "
			      "a second statement\nwith the containment "
			      "drill's dry-run and simulation actions\n",
			      stdout);
			free(sel);
			return EXIT_OK;
		default:
			free(sel);
			return EXIT_USAGE;
		}
	}
	n = runner_select(ids, phase, drill, sel);
	if (n < 0) {
		free(sel);
		return EXIT_USAGE;
	}
	acts = cli_actions_for(sel, n);
	for (size_t i = 0; acts[i]; i++) {
		const char *verb = strchr(acts[i], ':');

		ndrill += !aws_action_read_only(verb ? verb + 1 : acts[i]);
	}
	fputs("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n",
	      stdout);
	policy_statement("IrreadyReadOnlyAudit", acts, 1, !ndrill);
	/* --drill only: EC2 calls always carry DryRun=true */
	if (ndrill)
		policy_statement("IrreadyContainmentDrill", acts, 0, 1);
	fputs("  ]\n}\n", stdout);
	free_strv(acts);
	free(sel);
	return EXIT_OK;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output-dir", required_argument, NULL, OPT_OUTPUT_DIR },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *outdir = "irready-out";
	struct diff d;
	int c, quiet = 0, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_OUTPUT_DIR:
			outdir = optarg;
			break;
		case OPT_QUIET:
			quiet = 1;
			break;
		case OPT_HELP:
			fputs("usage: irready diff [--output-dir DIR] "
			      "[--quiet] "
			      "OLD NEW\n"
			      "OLD and NEW are findings.json files or the "
			      "directories holding them.\n"
			      "writes diff.html, diff.csv and diff.json; exits "
			      "1 "
			      "when a finding regressed\n(PASS to FAIL) or is "
			      "a "
			      "new failure, 0 otherwise\n",
			      stdout);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		error_rc(IRREADY_EUSAGE, "diff takes two arguments: OLD NEW");
		return EXIT_USAGE;
	}
	if (diff_compute(argv[optind], argv[optind + 1], &d))
		return EXIT_CANNOT_ASSESS;
	rc = diff_write_files(&d, outdir) ? EXIT_CANNOT_ASSESS : EXIT_OK;
	if (!quiet) {
		diff_write_summary(&d, stdout);
		printf("  diff:     %s/diff.html\n", outdir);
	}
	if (!rc && (d.counts[DIFF_REGRESSED] || d.counts[DIFF_NEW_FAILURE]))
		rc = EXIT_FAILING;
	diff_release(&d);
	return rc;
}

int cmd_merge(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output-dir", required_argument, NULL, OPT_OUTPUT_DIR },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *outdir = "irready-out";
	unsigned formats = REPORT_HTML | REPORT_CSV | REPORT_JSON;
	enum severity fail_on = SEV_HIGH;
	int c, quiet = 0, no_color = 0, fail_on_set = 0, rc;
	struct merged m;
	struct scores s;
	struct report rep = { 0 };

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_OUTPUT_DIR:
			outdir = optarg;
			break;
		case OPT_FORMAT:
			if (opt_formats(optarg, &formats))
				return EXIT_USAGE;
			break;
		case OPT_FAIL_ON:
			if (opt_fail_on(optarg, &fail_on, ""))
				return EXIT_USAGE;
			fail_on_set = 1;
			break;
		case OPT_QUIET:
			quiet = 1;
			break;
		case OPT_NO_COLOR:
			no_color = 1;
			break;
		case OPT_HELP:
			fputs("usage: irready merge [--output-dir DIR] "
			      "[--format F,..] [--fail-on SEV] DIR...\n"
			      "combines the findings.json of 'irready audit "
			      "--shard I/N' runs into the\nreports one run "
			      "over "
			      "all their accounts would have written\n",
			      stdout);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		error_rc(IRREADY_EUSAGE,
			 "merge takes the shard outputs: DIR...");
		return EXIT_USAGE;
	}
	if (merge_load(argv + optind, (size_t)(argc - optind), &m))
		return EXIT_CANNOT_ASSESS;
	if (!fail_on_set)
		severity_parse(m.run.fail_on, &fail_on);
	scores_compute(&s, &m.findings, m.checks, m.nchecks);
	rep.findings = &m.findings;
	rep.scores = &s;
	rep.run = &m.run;
	rep.waiver_notes = (const char *const *)m.waiver_notes;
	rep.nwaiver_notes = m.nwaiver_notes;
	rc = report_write_all(&rep, outdir, formats) ? EXIT_CANNOT_ASSESS
						     : EXIT_OK;
	if (!quiet)
		report_write_summary(&rep, stdout, use_color(no_color), outdir,
				     formats);
	for (size_t i = 0; !rc && i < m.findings.n; i++)
		if (m.findings.v[i].status == CHECK_FAIL &&
		    m.findings.v[i].severity <= fail_on)
			rc = EXIT_FAILING;
	scores_release(&s);
	merge_release(&m);
	return rc;
}

int cmd_evidence(int argc, char **argv)
{
	int rc;

	if (argc == 2 &&
	    (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs("usage: irready evidence verify DIR\n"
		      "re-hashes every file of a --record directory against "
		      "its "
		      "manifest.json;\nexit 0 when all verify, 1 when any is "
		      "missing, changed or unlisted, 3 when\nthere is no "
		      "manifest\n",
		      stdout);
		return EXIT_OK;
	}
	if (argc != 3 || strcmp(argv[1], "verify")) {
		error_rc(IRREADY_EUSAGE, "usage: irready evidence verify DIR");
		return EXIT_USAGE;
	}
	rc = aws_recording_verify(argv[2], stdout);
	return rc == IRREADY_EIO ? EXIT_CANNOT_ASSESS
	       : rc              ? EXIT_FAILING
				 : EXIT_OK;
}

int cmd_version(int argc, char **argv)
{
	printf("irready %s\n", IRREADY_VERSION);
	return EXIT_OK;
}
