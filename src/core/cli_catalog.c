/*
 * cli_catalog.c -- `irready checks` and `irready iam-policy`
 *
 * The catalog as a table or JSON (every field of every check), and the
 * minimal read-only IAM policy for the selected checks: the API
 * operations their datasets call, renamed where IAM names them
 * differently, split into a read-only statement and, with --drill, the
 * containment drill's dry-run actions.
 */
#include "cli.h"
#include "aws_allowlist.h"
#include "check.h"
#include "check_filter.h"
#include "frameworks.h"
#include "inv.h"
#include "irready.h"
#include "policy.h"
#include "report.h"
#include "runner.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_PHASE = 256,
	OPT_CHECKS,
	OPT_DRILL,
	OPT_JSON,
	OPT_ORG,
	OPT_ROLE_NAME,
	OPT_HELP,
	OPT_SEVERITY,
	OPT_SERVICES,
	OPT_EXCLUDE_CHECKS,
	OPT_LIST_SERVICES,
	OPT_EXPORT,
	OPT_FRAMEWORK,
	OPT_POLICY,
	OPT_ALLOWLIST,
};

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

/* Add the space-separated operations of 's', as IAM names them if 'iam'. */
static void add_ops(char ***v, size_t *n, size_t *alloc, const char *s, int iam)
{
	char *copy = xstrdup(s), *save = NULL;

	for (char *op = strtok_r(copy, " ", &save); op;
	     op = strtok_r(NULL, " ", &save)) {
		char *t = iam ? iam_action(op) : xstrdup(op);
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

static void add_actions(char ***v, size_t *n, size_t *alloc, const char *s)
{
	add_ops(v, n, alloc, s, 1);
}

/*
 * The IAM actions needed by 'checks' (NULL: all), sorted and unique, as a
 * NULL-terminated malloc'd array of malloc'd strings.
 */
static char **actions_for(const struct check *const *checks, int nchecks)
{
	char **v = NULL;
	size_t n = 0, alloc = 0;
	inv_needs needs = 0;

	add_actions(&v, &n, &alloc, INV_BASE_ACTIONS);
	for (int i = 0; i < nchecks; i++) {
		needs |= checks[i]->needs | checks[i]->consults;
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

char **catalog_actions(const struct check *c)
{
	return actions_for(&c, 1);
}

void catalog_actions_free(char **v)
{
	free_strv(v);
}

static void check_json(FILE *out, const struct check *c)
{
	char **acts = actions_for(&c, 1);

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
	fputs(",\"estates\":", out);
	json_string(out, check_estates(c->id));
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
	free_strv(acts);
	acts = check_services(c);
	fputs("],\"services\":[", out);
	for (size_t i = 0; acts[i]; i++) {
		if (i)
			fputc(',', out);
		json_string(out, acts[i]);
	}
	fputs("]}", out);
	check_services_free(acts);
}

/* --list-services: each service with the count of checks that call it. */
static void list_catalog_services(const struct check **sel, int n, int json)
{
	char **all = check_services_all();

	if (json)
		fputs("{\"schema\":\"irready.services/1\",\"services\":[",
		      stdout);
	else
		printf("%-24s %s\n", "SERVICE", "CHECKS");
	for (size_t i = 0, k = 0; all[i]; i++) {
		int count = 0;

		for (int j = 0; j < n; j++) {
			char **svcs = check_services(sel[j]);

			for (size_t s = 0; svcs[s]; s++)
				count += !strcmp(svcs[s], all[i]);
			check_services_free(svcs);
		}
		if (!count)
			continue;
		if (json) {
			fputs(k++ ? ",\n{\"service\":" : "\n{\"service\":",
			      stdout);
			json_string(stdout, all[i]);
			printf(",\"checks\":%d}", count);
		} else {
			printf("%-24s %d\n", all[i], count);
		}
	}
	if (json)
		fputs("\n]}\n", stdout);
	check_services_free(all);
}

/* --framework: keep the checks 'fw' maps (in order); returns the count. */
static int framework_only(const struct framework *fw, const struct check **sel,
			  int n)
{
	int k = 0;

	for (int i = 0; i < n; i++)
		if (framework_has_check(fw, sel[i]->id))
			sel[k++] = sel[i];
	return k;
}

/* 'irready checks': the selected checks as a table, or with 'json' JSON. */
static void list_catalog_checks(const struct check **sel, int n, int json)
{
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
}

int cmd_checks(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "phase", required_argument, NULL, OPT_PHASE },
		{ "checks", required_argument, NULL, OPT_CHECKS },
		{ "severity", required_argument, NULL, OPT_SEVERITY },
		{ "services", required_argument, NULL, OPT_SERVICES },
		{ "exclude-checks", required_argument, NULL,
		  OPT_EXCLUDE_CHECKS },
		{ "list-services", no_argument, NULL, OPT_LIST_SERVICES },
		{ "framework", required_argument, NULL, OPT_FRAMEWORK },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const struct check **sel = xcalloc(check_count, sizeof(*sel));
	const char *phase = NULL, *ids = NULL;
	struct check_filter filter = { 0 };
	struct framework fw = { 0 };
	int c, json = 0, n, list_services = 0;

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
		case OPT_SEVERITY:
		case OPT_SERVICES:
		case OPT_EXCLUDE_CHECKS:
			if (check_filter_set(
				    &filter,
				    c == OPT_SEVERITY   ? CHECK_FILTER_SEVERITY
				    : c == OPT_SERVICES ? CHECK_FILTER_SERVICES
							: CHECK_FILTER_EXCLUDE,
				    optarg)) {
				free(sel);
				return EXIT_USAGE;
			}
			break;
		case OPT_LIST_SERVICES:
			list_services = 1;
			break;
		case OPT_FRAMEWORK:
			framework_release(&fw);
			if (framework_load(optarg, &fw)) {
				free(sel);
				return EXIT_USAGE;
			}
			break;
		case OPT_HELP:
			fputs("usage: irready checks [--json] [--phase P] "
			      "[--checks ID,..] [--severity SEV[,SEV]]\n"
			      "                      [--services S,..] "
			      "[--exclude-checks ID,..] [--list-services]\n"
			      "                      [--framework ID]\n",
			      stdout);
			free(sel);
			return EXIT_OK;
		default:
			free(sel);
			framework_release(&fw);
			return EXIT_USAGE;
		}
	}
	n = runner_select(ids, phase, 1, sel); /* the whole catalog */
	if (n < 0) {
		free(sel);
		framework_release(&fw);
		return EXIT_USAGE;
	}
	n = check_filter_apply(&filter, sel, n, NULL);
	if (fw.id) { /* --framework: the checks it maps */
		n = framework_only(&fw, sel, n);
		framework_release(&fw);
	}
	if (list_services) {
		list_catalog_services(sel, n, json);
		free(sel);
		return EXIT_OK;
	}
	list_catalog_checks(sel, n, json);
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
		/*
		 * the drill's EC2 dry runs are signed as the IR role it
		 * assumes (sts:AssumeRole): the auditor needs none of them
		 */
		if (!read_only &&
		    (!strncmp(acts[i], "ec2:", 4) ||
		     !strcmp(acts[i], "sts:AssumeRole") ||
		     !strcmp(acts[i], "iam:SimulatePrincipalPolicy")))
			continue;
		printf("%s\n        \"%s\"", sep, acts[i]);
		sep = ",";
	}
	printf("\n      ],\n      \"Resource\": \"*\"\n    }%s\n",
	       last ? "" : ",");
}

/*
 * `iam-policy --export`: the one action of `irready export security-hub`,
 * kept apart from the audit's read-only policy.
 */
static void export_policy(void)
{
	fputs("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n"
	      "    {\n      \"Sid\": \"IrreadySecurityHubExport\",\n"
	      "      \"Effect\": \"Allow\",\n      \"Action\": [\n"
	      "        \"securityhub:BatchImportFindings\"\n      ],\n"
	      "      \"Resource\": \"*\"\n    }\n  ]\n}\n",
	      stdout);
}

/*
 * --org: what the identity that runs `irready audit --org` needs beside
 * the audit policy (it audits its own account too): listing the
 * Organization (org.c's calls), and assuming the member role everywhere.
 */
static const char *const org_list_actions[] = {
	"organizations:DescribeOrganization",
	"organizations:ListAccounts",
	"organizations:ListAccountsForParent",
	"organizations:ListDelegatedAdministrators",
	"organizations:ListOrganizationalUnitsForParent",
	"organizations:ListRoots",
};

static void policy_org_statements(const char *role_name)
{
	fputs("    {\n      \"Sid\": \"IrreadyListOrganization\",\n"
	      "      \"Effect\": \"Allow\",\n      \"Action\": [",
	      stdout);
	for (size_t i = 0; i < ARRAY_SIZE(org_list_actions); i++)
		printf("%s\n        \"%s\"", i ? "," : "", org_list_actions[i]);
	fputs("\n      ],\n      \"Resource\": \"*\"\n    },\n", stdout);
	/*
	 * "arn:*:": the policy is written before any run, and IAM accepts a
	 * wildcard in every ARN segment but the service; attached in one
	 * partition, it matches that partition's roles only (aws-cn,
	 * aws-us-gov alike), where "arn:aws:" would match none there
	 */
	printf("    {\n      \"Sid\": \"IrreadyAssumeMemberRole\",\n"
	       "      \"Effect\": \"Allow\",\n"
	       "      \"Action\": \"sts:AssumeRole\",\n"
	       "      \"Resource\": \"arn:*:iam::*:role/%s\"\n    },\n",
	       role_name);
}

/*
 * --drill: the drill assumes the IR roles of the policy's
 * params.ir_role_names (at any path, in any audited account) and
 * simulates them; nothing else.
 */
static void policy_drill_statement(const struct params *prm)
{
	static const char *const verbs[] = { "sts:AssumeRole",
					     "iam:SimulatePrincipalPolicy" };

	for (size_t v = 0; v < ARRAY_SIZE(verbs); v++) {
		printf("    {\n      \"Sid\": \"%s\",\n"
		       "      \"Effect\": \"Allow\",\n"
		       "      \"Action\": \"%s\",\n      \"Resource\": [",
		       v ? "IrreadyDrillSimulateIrRoles"
			 : "IrreadyDrillAssumeIrRoles",
		       verbs[v]);
		for (size_t i = 0; i < prm->nir_role_names; i++)
			printf("%s\n        \"arn:*:iam::*:role/%s\",\n"
			       "        \"arn:*:iam::*:role/*/%s\"",
			       i ? "," : "", prm->ir_role_names[i],
			       prm->ir_role_names[i]);
		printf("\n      ]\n    }%s\n", v ? "" : ",");
	}
}

/* An IAM role name (with an optional path): 1-64 of [\w+=,.@-], '/'. */
static int role_name_ok(const char *s)
{
	size_t len = strlen(s);

	return len >= 1 && len <= 512 && s[0] != '/' && s[len - 1] != '/' &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz"
			 "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789_+=,.@-/") == len;
}

/*
 * `iam-policy --allowlist`: policies/iam-readonly.json (`make policies`
 * writes it): every API operation the descriptors declare (the base
 * calls, every dataset's, the checks' extra ones) under their API names,
 * sorted; the drill's non-read ones apart, as "drill_actions".
 */
static void allowlist_json(void)
{
	static const char desc[] =
		"The read-only allowlist: every AWS API action irready "
		"may call (the actions of every dataset descriptor, "
		"src/inventory/datasets.def; `irready datasets --json` "
		"lists them), all Describe*, List*, Get* or BatchGet*. "
		"Attach these as an IAM policy to audit with least "
		"privilege; 'irready iam-policy' prints the subset the "
		"selected checks need. \"drill_actions\" are the only "
		"other actions irready may send, and only with 'irready "
		"audit --drill' (the containment drill): EC2 calls "
		"always with DryRun=true, so nothing changes, "
		"iam:SimulatePrincipalPolicy, which only evaluates "
		"policies, and sts:AssumeRole of the IR role, whose "
		"temporary credentials sign the EC2 dry runs; "
		"src/aws/aws_allowlist.c refuses anything else before it "
		"is sent, and 'irready iam-policy --drill' prints them "
		"as a separate statement. The descriptors are the one "
		"source of truth: tests/unit/test_allowlist.c fails "
		"unless this file lists exactly the actions they and the "
		"checks declare (plus src/aws/aws_allowlist.h for "
		"drill_actions), and it is checked against the golden "
		"request logs.";
	char **v = NULL;
	size_t n = 0, alloc = 0;

	add_ops(&v, &n, &alloc, INV_BASE_ACTIONS, 0);
	for (int d = 0; d < DS__COUNT; d++)
		add_ops(&v, &n, &alloc,
			inv_dataset_actions((enum inv_dataset)d), 0);
	for (size_t i = 0; i < check_count; i++)
		if (check_registry[i]->extra_actions)
			add_ops(&v, &n, &alloc,
				check_registry[i]->extra_actions, 0);
	qsort(v, n, sizeof(*v), cmp_strp);
	fputs("{\n  \"description\": ", stdout);
	json_string(stdout, desc);
	for (int drill = 0; drill < 2; drill++) {
		int first = 1;

		printf(",\n  \"%s\": [", drill ? "drill_actions" : "actions");
		for (size_t i = 0; i < n; i++) {
			const char *verb = strchr(v[i], ':');

			if (aws_action_read_only(verb ? verb + 1 : v[i]) ==
			    drill)
				continue;
			printf("%s\n    ", first ? "" : ",");
			json_string(stdout, v[i]);
			first = 0;
		}
		fputs("\n  ]", stdout);
	}
	fputs("\n}\n", stdout);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static const char iam_policy_usage[] =
	"usage: irready iam-policy [--phase P] "
	"[--checks ID,..] [--drill [--policy FILE]]\n"
	"                          [--org [--role-name "
	"NAME]] | --export | --allowlist\n"
	"prints the least-privilege, read-only IAM "
	"policy the selected checks need; with --drill,\n"
	"statements letting the containment drill assume and "
	"simulate the IR roles of the\npolicy's "
	"params.ir_role_names (any path; --policy as for audit, "
	"default readiness);\nwith "
	"--org, the statements\nthe management account "
	"or delegated administrator running 'audit "
	"--org' "
	"also\nneeds: listing the Organization and "
	"sts:AssumeRole on the member role NAME in "
	"every\n"
	"account (default OrganizationAccountAccessRole, "
	"as for audit);\n"
	"with --export, the policy of 'irready export "
	"security-hub' alone;\nwith --allowlist, "
	"policies/iam-readonly.json (what 'make "
	"policies' writes)\n";

/* --role-name only with --org and a valid name; --policy only with --drill */
static int iam_policy_args_ok(const char *role_name, int org,
			      const char *policy_file, int drill)
{
	if (role_name && (!org || !role_name_ok(role_name))) {
		error_rc(IRREADY_EUSAGE,
			 org ? "--role-name takes an IAM role name, not '%s'"
			     : "--role-name '%s' needs --org",
			 role_name);
		return 0;
	}
	if (policy_file && !drill) {
		error_rc(IRREADY_EUSAGE, "--policy needs --drill");
		return 0;
	}
	return 1;
}

int cmd_iam_policy(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "phase", required_argument, NULL, OPT_PHASE },
		{ "checks", required_argument, NULL, OPT_CHECKS },
		{ "drill", no_argument, NULL, OPT_DRILL },
		{ "export", no_argument, NULL, OPT_EXPORT },
		{ "allowlist", no_argument, NULL, OPT_ALLOWLIST },
		{ "org", no_argument, NULL, OPT_ORG },
		{ "role-name", required_argument, NULL, OPT_ROLE_NAME },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const struct check **sel = xcalloc(check_count, sizeof(*sel));
	const char *phase = NULL, *ids = NULL, *role_name = NULL;
	const char *policy_file = NULL;
	struct policy pol;
	char **acts;
	int c, n, drill = 0, ndrill = 0, org = 0;

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
		case OPT_EXPORT:
			free(sel);
			export_policy();
			return EXIT_OK;
		case OPT_ALLOWLIST:
			free(sel);
			allowlist_json();
			return EXIT_OK;
		case OPT_ORG:
			org = 1;
			break;
		case OPT_ROLE_NAME:
			role_name = optarg;
			break;
		case OPT_POLICY:
			policy_file = optarg;
			break;
		case OPT_HELP:
			fputs(iam_policy_usage, stdout);
			free(sel);
			return EXIT_OK;
		default:
			free(sel);
			return EXIT_USAGE;
		}
	}
	if (!iam_policy_args_ok(role_name, org, policy_file, drill)) {
		free(sel);
		return EXIT_USAGE;
	}
	n = runner_select(ids, phase, drill, sel);
	if (n < 0 || (drill && policy_load(policy_file, &pol))) {
		free(sel);
		return EXIT_USAGE;
	}
	acts = actions_for(sel, n);
	for (size_t i = 0; acts[i]; i++) {
		const char *verb = strchr(acts[i], ':');

		ndrill += !aws_action_read_only(verb ? verb + 1 : acts[i]);
	}
	fputs("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n",
	      stdout);
	if (org)
		policy_org_statements(
			role_name ? role_name
				  : "OrganizationAccountAccessRole");
	/* no IR role configured: the drill assumes and simulates none */
	if (drill && !pol.params.nir_role_names)
		ndrill = 0;
	policy_statement("IrreadyReadOnlyAudit", acts, 1, !ndrill);
	/* --drill only: EC2 calls always carry DryRun=true */
	if (ndrill)
		policy_drill_statement(&pol.params);
	fputs("  ]\n}\n", stdout);
	if (drill)
		policy_release(&pol);
	free_strv(acts);
	free(sel);
	return EXIT_OK;
}
