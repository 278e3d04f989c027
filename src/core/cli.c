/*
 * cli.c -- argument parsing for each subcommand (AWS CLI conventions)
 *
 * Options are kebab-case long options; the environment supplies what the
 * AWS CLI's would (AWS_REGION, AWS_PROFILE, NO_COLOR). Usage errors exit 2.
 */
#include "cli.h"
#include "check_filter.h"
#include "compliance.h"
#include "exitcode.h"
#include "frameworks.h"
#include "aws_allowlist.h"
#include "aws_rate.h"
#include "check.h"
#include "inv.h"
#include "irready.h"
#include "report.h"
#include "score.h"
#include "aws_http.h"
#include "aws_record.h"
#include "aws_validate.h"
#include "runner.h"
#include "history.h"

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
	      "  evidence     verify or sign a --record directory: evidence "
	      "verify|sign DIR\n"
	      "  inventory    collect like audit, print what was decoded "
	      "(JSON)\n"
	      "  policy       validate a policy file: policy validate FILE\n"
	      "  frameworks   list the framework mappings (--framework ID)\n"
	      "  export       import an audit's findings into Security Hub:\n"
	      "               export security-hub DIR (writes to AWS)\n"
	      "  history      a history store of runs: history import|list\n"
	      "  trend        readiness over the runs of a history\n"
	      "  review       the post-incident review page: review --since "
	      "DATE|RUN\n"
	      "  version      print the version\n"
	      "\n"
	      "'irready <command> --help' describes each command.\n",
	      stdout);
}

/*
 * 'audit --help': one string constant, a line per option. It is longer
 * than ~100 lines only because the text is; there is no logic to cut.
 */
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
	      "enabled;\n"
	      "                        with --replay, the recorded ones); "
	      "an\n"
	      "                        unknown or disabled region is exit 2\n"
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
	      "  --mfa-token CODE      the MFA code for a profile with "
	      "mfa_serial\n"
	      "                        (default: asked on the terminal)\n"
	      "  --accounts ID,..      only these accounts (* wildcards "
	      "allowed)\n"
	      "  --exclude-accounts ID,..  skip these accounts\n"
	      "  --shard I/N           audit shard I of N (split by account "
	      "id);\n"
	      "                        combine shards with 'irready merge'\n"
	      "  --run-id ID           the run every shard belongs to (e.g. "
	      "the\n"
	      "                        orchestrator's job id; default: from "
	      "--now,\n"
	      "                        the policy and N)\n"
	      "  --accounts-in-flight N  accounts collected at once (default "
	      "8)\n"
	      "  --checks ID,..        only these checks (* wildcards "
	      "allowed)\n"
	      "  --phase P             only one phase: preparation, "
	      "detection,\n"
	      "                        containment, post-incident\n"
	      "  --severity SEV[,SEV]  only checks at or above SEV, or of "
	      "exactly\n"
	      "                        the listed severities\n"
	      "  --services S,..       only checks that call these services "
	      "(IAM\n"
	      "                        prefixes: ec2,kms,..; 'irready "
	      "checks\n"
	      "                        --list-services')\n"
	      "  --exclude-checks ID,..  skip these checks (* wildcards "
	      "allowed)\n"
	      "  --framework ID,..     also write compliance-<id>.csv per "
	      "framework\n"
	      "                        ('irready frameworks' lists them)\n"
	      "  --output-dir DIR      where reports go (default: "
	      "irready-out)\n"
	      "  --format F,..         html,csv,json,junit (default: "
	      "html,csv,json);\n"
	      "                        also ocsf, ocsf-ndjson (OCSF 1.3.0 "
	      "Detection\n"
	      "                        Finding), sarif (SARIF 2.1.0), asff "
	      "(AWS\n"
	      "                        Security Finding Format)\n"
	      "  --fail-on SEV         exit 1 when a FAIL is at or above SEV:\n"
	      "                        critical, high (default), medium, low, "
	      "info\n"
	      "  --min-coverage PCT    exit 3 when coverage (assessed units "
	      "of\n"
	      "                        check x account x region) is below "
	      "PCT\n"
	      "  --fail-on-error       exit 1 when any finding is ERROR\n"
	      "  --concurrency N       parallel collection tasks (default 8;\n"
	      "                        a replay: at most one per CPU)\n"
	      "  --rate SVC[:Action]=N  requests/s per account and region "
	      "for a\n"
	      "                        service or one action (repeatable; "
	      "default:\n"
	      "                        a quarter of AWS's documented "
	      "quota)\n"
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
	      "  --history FILE|URL    append the run to a history store: a "
	      "SQLite\n"
	      "                        file or a postgresql:// URL (also\n"
	      "                        IRREADY_HISTORY); see 'irready trend'. "
	      "A\n"
	      "                        shard writes its part of the run, and\n"
	      "                        'irready merge --history' closes it\n"
	      "  --sign KEY.pem        sign the --record manifest with this "
	      "private\n"
	      "                        key (Ed25519, ECDSA or RSA: RSA-PSS)\n"
	      "  --quiet               no summary on stdout\n"
	      "  --no-color            no colour (also NO_COLOR=1, or not a "
	      "tty)\n"
	      "  -v, --verbose         debug output on stderr\n"
	      "\n"
	      "exit: 0 nothing failing at or above --fail-on, 1 failing "
	      "(or any\n"
	      "      ERROR with --fail-on-error), 2 usage, 3 could not "
	      "assess (no\n"
	      "      credentials, replay directory unreadable, no selected "
	      "unit\n"
	      "      assessed, or coverage below --min-coverage)\n",
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
	OPT_RUN_ID,
	OPT_MFA_TOKEN,
	OPT_IN_FLIGHT,
	OPT_RATE,
	OPT_DRILL,
	OPT_MIN_COVERAGE,
	OPT_FAIL_ON_ERROR,
	OPT_JSON,
	OPT_HELP,
	OPT_SEVERITY,
	OPT_SERVICES,
	OPT_EXCLUDE_CHECKS,
	OPT_FRAMEWORK,
	OPT_HISTORY,
	OPT_SIGN,
};

/* --format F,..: 0, or -1 after saying which format is unknown. */
int opt_formats(const char *arg, unsigned *formats)
{
	const char *bad = NULL;

	if (!report_parse_formats(arg, formats, &bad))
		return 0;
	error_rc(IRREADY_EUSAGE,
		 "unknown format '%s' (" REPORT_FORMAT_NAMES ")",
		 bad ? bad : arg);
	return -1;
}

/*
 * --fail-on SEV: 0, or -1 after saying the severity is unknown, followed
 * by 'hint'.
 */
int opt_fail_on(const char *arg, enum severity *sev, const char *hint)
{
	if (!severity_parse(arg, sev))
		return 0;
	error_rc(IRREADY_EUSAGE, "unknown severity '%s'%s", arg, hint);
	return -1;
}

/* Colour on stdout: not --no-color, no NO_COLOR, and a terminal. */
int use_color(int no_color)
{
	const char *env = getenv("NO_COLOR");

	return !no_color && !(env && *env) && isatty(STDOUT_FILENO);
}

/* The options of 'audit' and 'inventory' (usage_audit() describes them). */
static const struct option audit_options[] = {
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
	{ "min-coverage", required_argument, NULL, OPT_MIN_COVERAGE },
	{ "fail-on-error", no_argument, NULL, OPT_FAIL_ON_ERROR },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "org", no_argument, NULL, OPT_ORG },
	{ "role-name", required_argument, NULL, OPT_ROLE_NAME },
	{ "external-id", required_argument, NULL, OPT_EXTERNAL_ID },
	{ "accounts", required_argument, NULL, OPT_ACCOUNTS },
	{ "exclude-accounts", required_argument, NULL, OPT_EXCLUDE_ACCOUNTS },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "run-id", required_argument, NULL, OPT_RUN_ID },
	{ "mfa-token", required_argument, NULL, OPT_MFA_TOKEN },
	{ "accounts-in-flight", required_argument, NULL, OPT_IN_FLIGHT },
	{ "severity", required_argument, NULL, OPT_SEVERITY },
	{ "services", required_argument, NULL, OPT_SERVICES },
	{ "exclude-checks", required_argument, NULL, OPT_EXCLUDE_CHECKS },
	{ "framework", required_argument, NULL, OPT_FRAMEWORK },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "history", required_argument, NULL, OPT_HISTORY },
	{ "sign", required_argument, NULL, OPT_SIGN },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* Defaults, then the environment (AWS_REGION, AWS_DEFAULT_REGION, AWS_PROFILE).
 */
static void audit_defaults(struct audit_opts *o, int dump)
{
	const char *env;

	o->dump_inventory = dump;
	o->output_dir = "irready-out";
	o->formats = REPORT_HTML | REPORT_CSV | REPORT_JSON;
	o->fail_on = SEV_HIGH;
	o->concurrency = 0;   /* 8, or fewer for a replay (runner.c) */
	o->min_coverage = -1; /* none */
	env = getenv("AWS_REGION");
	if (!env || !*env)
		env = getenv("AWS_DEFAULT_REGION");
	if (env && *env)
		o->region = env;
	env = getenv("AWS_PROFILE");
	if (env && *env)
		o->profile = env;
	o->request_log = getenv("IRREADY_REQUEST_LOG");
	o->history = history_target(NULL);
}

/* OPTION N with lo <= N <= hi: 0, or -1 after saying what it takes. */
static int opt_range(const char *option, const char *arg, long lo, long hi,
		     int *out)
{
	long n;

	if (parse_long(arg, &n) || n < lo || n > hi) {
		error_rc(IRREADY_EUSAGE, "%s takes %ld to %ld, not '%s'",
			 option, lo, hi, arg);
		return -1;
	}
	*out = (int)n;
	return 0;
}

/* --external-id: sts:AssumeRole's rules, 2-1224 of [\w+=,.@:/-]. */
static int opt_external_id(const char *arg)
{
	size_t len = strlen(arg);

	if (len >= 2 && len <= 1224 &&
	    strspn(arg, "abcdefghijklmnopqrstuvwxyz"
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			"0123456789_+=,.@:/-") == len)
		return 0;
	error_rc(IRREADY_EUSAGE, "--external-id takes 2 to 1224 of "
				 "A-Z a-z 0-9 _+=,.@:/-");
	return -1;
}

/* --framework ID[,ID]: 0, or -1 after naming the one that does not load. */
static int opt_frameworks(const char *arg)
{
	struct framework *fws = NULL;
	size_t n = 0;

	if (framework_load_list(arg, &fws, &n))
		return -1;
	for (size_t i = 0; i < n; i++)
		framework_release(&fws[i]);
	free(fws);
	return 0;
}

/* --shard I/N with 1 <= I <= N <= 100000. */
static int opt_shard(const char *arg, struct audit_opts *o)
{
	int si = 0, sn = 0;
	char extra;

	if (sscanf(arg, "%d/%d%c", &si, &sn, &extra) != 2 || sn < 1 ||
	    sn > 100000 || si < 1 || si > sn) {
		error_rc(IRREADY_EUSAGE,
			 "--shard takes I/N with 1 <= I <= N, not '%s'", arg);
		return -1;
	}
	o->shard_index = si;
	o->shard_count = sn;
	return 0;
}

/* --run-id: 1-128 of [A-Za-z0-9_.:/-], so it is safe in paths and logs. */
static int opt_run_id(const char *arg, struct audit_opts *o)
{
	size_t len = strlen(arg);

	if (len < 1 || len > 128 ||
	    strspn(arg, "abcdefghijklmnopqrstuvwxyz"
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			"0123456789_.:/-") != len) {
		error_rc(IRREADY_EUSAGE,
			 "--run-id takes 1 to 128 of "
			 "A-Z a-z 0-9 _.:/-, not '%s'",
			 arg);
		return -1;
	}
	o->run_id = arg;
	return 0;
}

/*
 * One option 'c' (with 'arg') into 'o'. Returns 0, or -1 on a usage
 * error (already reported). --help and unknown options are the caller's.
 * A plain table of cases, one or two lines each: longer than ~100 lines
 * only because there is one case per option (37 of them).
 */
static int audit_option(struct audit_opts *o, int c, const char *arg,
			int *no_color)
{
	switch (c) {
	case OPT_REPLAY:
		o->replay_dir = arg;
		break;
	case OPT_PROFILE:
		o->profile = arg;
		break;
	case OPT_REGION:
		o->region = arg;
		break;
	case OPT_REGIONS:
		o->regions = arg;
		break;
	case OPT_CHECKS:
		o->checks = arg;
		break;
	case OPT_PHASE:
		o->phase = arg;
		break;
	case OPT_OUTPUT_DIR:
		o->output_dir = arg;
		break;
	case OPT_FORMAT:
		return opt_formats(arg, &o->formats);
	case OPT_FAIL_ON:
		return opt_fail_on(arg, &o->fail_on,
				   " (critical, high, medium, low, info)");
	case OPT_MIN_COVERAGE:
		return exitcode_parse_coverage(arg, &o->min_coverage) ? -1 : 0;
	case OPT_FAIL_ON_ERROR:
		o->fail_on_error = 1;
		return 0;
	case OPT_CONCURRENCY:
		return opt_range("--concurrency", arg, 1, 256, &o->concurrency);
	case OPT_NOW:
		if (parse_iso8601(arg, &o->now) || o->now <= 0) {
			error_rc(IRREADY_EUSAGE,
				 "--now takes an ISO-8601 time such as "
				 "2026-11-28T00:00:00Z, not '%s'",
				 arg);
			return -1;
		}
		break;
	case OPT_QUIET:
		o->quiet = 1;
		break;
	case OPT_NO_COLOR:
		*no_color = 1;
		break;
	case 'v':
		log_level = 2;
		break;
	case OPT_ENDPOINT_URL:
		o->endpoint_url = arg;
		break;
	case OPT_RECORD:
		o->record_dir = arg;
		break;
	case OPT_ALLOW_HTTP:
		o->allow_plain = 1;
		break;
	case OPT_DRILL:
		o->drill = 1;
		break;
	case OPT_POLICY:
		o->policy_file = arg;
		break;
	case OPT_ORG:
		o->org = 1;
		break;
	case OPT_ROLE_NAME:
		o->role_name = arg;
		break;
	case OPT_EXTERNAL_ID:
		if (opt_external_id(arg))
			return -1;
		o->external_id = arg;
		break;
	case OPT_ACCOUNTS:
		o->accounts = arg;
		break;
	case OPT_EXCLUDE_ACCOUNTS:
		o->exclude_accounts = arg;
		break;
	case OPT_SHARD:
		return opt_shard(arg, o);
	case OPT_RUN_ID:
		return opt_run_id(arg, o);
	case OPT_MFA_TOKEN:
		if (strlen(arg) != 6 || strspn(arg, "0123456789") != 6) {
			error_rc(IRREADY_EUSAGE, "--mfa-token takes the MFA "
						 "device's six-digit code");
			return -1;
		}
		o->mfa_token = arg;
		break;
	case OPT_IN_FLIGHT:
		return opt_range("--accounts-in-flight", arg, 1, 1000,
				 &o->accounts_in_flight);
	case OPT_SEVERITY:
		return check_filter_set(&o->filter, CHECK_FILTER_SEVERITY, arg);
	case OPT_SERVICES:
		return check_filter_set(&o->filter, CHECK_FILTER_SERVICES, arg);
	case OPT_EXCLUDE_CHECKS:
		return check_filter_set(&o->filter, CHECK_FILTER_EXCLUDE, arg);
	case OPT_FRAMEWORK:
		o->frameworks = arg;
		return opt_frameworks(arg);
	case OPT_RATE: {
		char why[200];

		if (!aws_rate_overrides_add(arg, &o->rates, &o->nrates, why,
					    sizeof(why)))
			break;
		error_rc(IRREADY_EUSAGE, "--rate: %s", why);
		return -1;
	}
	case OPT_HISTORY:
		o->history = arg;
		return 0;
	case OPT_SIGN:
		o->sign_key = arg;
		return 0;
	default:
		BUG("audit option %d has no case", c);
	}
	return 0;
}

/* What needs all the options: leftovers, output settings, exclusions. */
static int audit_validate(struct audit_opts *o, int argc, char **argv,
			  int no_color)
{
	if (optind < argc) {
		error_rc(IRREADY_EUSAGE, "unexpected argument '%s'",
			 argv[optind]);
		return -1;
	}
	if (o->quiet && log_level < 2)
		log_level = 1;
	o->color = use_color(no_color);
	o->progress = !o->quiet && isatty(STDERR_FILENO);
	if (o->sign_key && !o->record_dir) {
		error_rc(IRREADY_EUSAGE, "--sign needs --record DIR");
		return -1;
	}
	o->mfa_prompt = isatty(STDIN_FILENO); /* ask for MFA codes there */
	if (o->run_id && !o->shard_count) {
		error_rc(IRREADY_EUSAGE, "--run-id names the run of shards: "
					 "it needs --shard I/N");
		return -1;
	}
	/* a replay's CPU split, for make bench (no clock calls live) */
	phase_timing = o->replay_dir && getenv("IRREADY_CPU_SPLIT");
	if (o->replay_dir && o->endpoint_url) {
		error_rc(IRREADY_EUSAGE,
			 "--replay and --endpoint-url exclude each other");
		return -1;
	}
	return 0;
}

/*
 * 'audit' and 'inventory' (dump: print the decoded inventory instead of
 * reports): parse the options, validate them, run.
 */
static int audit_main(int argc, char **argv, int dump)
{
	struct audit_opts o = { 0 };
	int c, no_color = 0;

	audit_defaults(&o, dump);
	optind = 1;
	while ((c = getopt_long(argc, argv, "v", audit_options, NULL)) != -1) {
		if (c == OPT_HELP) {
			usage_audit(stdout);
			return EXIT_OK;
		}
		if (c == '?' || c == ':') {
			usage_audit(stderr);
			return EXIT_USAGE;
		}
		if (audit_option(&o, c, optarg, &no_color))
			return EXIT_USAGE;
	}
	if (audit_validate(&o, argc, argv, no_color) ||
	    (!o.replay_dir &&
	     aws_endpoint_urls_check(o.endpoint_url, o.allow_plain)) ||
	    aws_regions_check(o.region, o.regions)) {
		aws_rate_overrides_free(o.rates, o.nrates);
		return EXIT_USAGE;
	}
	c = runner_audit(&o);
	aws_rate_overrides_free(o.rates, o.nrates);
	return c;
}

int cmd_audit(int argc, char **argv)
{
	return audit_main(argc, argv, 0);
}

int cmd_inventory(int argc, char **argv)
{
	return audit_main(argc, argv, 1);
}

int cmd_version(int argc, char **argv)
{
	printf("irready %s\n", IRREADY_VERSION);
	return EXIT_OK;
}
