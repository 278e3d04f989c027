/*
 * cli_policy.c -- `irready policy validate FILE`
 *
 * Loads a policy (a file, or a shipped profile name) the way audit does,
 * so every error it would stop on is printed here, with the file and the
 * JSON path; then checks the dates that depend on today (attestations
 * from the future). Exit 0 when valid, 2 otherwise.
 */
#include "check.h"
#include "cli.h"
#include "irready.h"
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_policy(int argc, char **argv);

static void usage_policy(FILE *out)
{
	fputs("usage: irready policy validate [--now TIME] FILE\n"
	      "\n"
	      "  validate FILE   check a policy file (or a shipped profile:\n"
	      "                  readiness, post-incident, evidence) and "
	      "every\n"
	      "                  file it extends; print every error with the\n"
	      "                  file and JSON path\n"
	      "  --now TIME      judge dates as of this ISO-8601 time "
	      "(default:\n"
	      "                  now)\n"
	      "\n"
	      "exit: 0 valid, 2 invalid or usage error\n"
	      "policies/README.md documents the format.\n",
	      out);
}

static int validate(const char *file, time_t now)
{
	struct policy p;
	size_t nsel = 0, expired = 0;

	if (policy_load(file, &p))
		return 2;
	if (policy_check_dates(&p, now)) {
		policy_release(&p);
		return 2;
	}
	for (size_t i = 0; i < check_count; i++)
		nsel += policy_selects(&p, check_registry[i]) != 0;
	for (size_t i = 0; i < p.nwaivers; i++)
		expired += policy_waiver_expired(&p.waivers[i], now) != 0;
	printf("policy %s is valid: %zu check%s selected, %zu waiver%s "
	       "(%zu expired), %zu attestation%s\n",
	       file, nsel, nsel == 1 ? "" : "s", p.nwaivers,
	       p.nwaivers == 1 ? "" : "s", expired, p.nattestations,
	       p.nattestations == 1 ? "" : "s");
	policy_release(&p);
	return 0;
}

int cmd_policy(int argc, char **argv)
{
	const char *file = NULL;
	time_t now = 0;
	int i;

	if (argc < 2) {
		usage_policy(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage_policy(stdout);
		return 0;
	}
	if (strcmp(argv[1], "validate")) {
		error_rc(IRREADY_EUSAGE, "unknown policy command '%s'",
			 argv[1]);
		usage_policy(stderr);
		return 2;
	}
	for (i = 2; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage_policy(stdout);
			return 0;
		} else if (!strcmp(a, "--now") || !strncmp(a, "--now=", 6)) {
			const char *v = a[5] == '=' ? a + 6 : argv[++i];

			if (!v || parse_iso8601(v, &now)) {
				error_rc(IRREADY_EUSAGE,
					 "--now needs an ISO-8601 time, like "
					 "2026-01-02T03:04:05Z");
				return 2;
			}
		} else if (!strcmp(a, "--")) {
			if (i + 1 < argc && !file)
				file = argv[++i];
			if (i + 1 < argc) {
				error_rc(IRREADY_EUSAGE,
					 "policy validate takes one FILE");
				return 2;
			}
		} else if (a[0] == '-' && a[1]) {
			error_rc(IRREADY_EUSAGE, "unknown option '%s'", a);
			usage_policy(stderr);
			return 2;
		} else if (file) {
			error_rc(IRREADY_EUSAGE,
				 "policy validate takes one FILE");
			return 2;
		} else {
			file = a;
		}
	}
	if (!file) {
		error_rc(IRREADY_EUSAGE, "policy validate needs a FILE");
		usage_policy(stderr);
		return 2;
	}
	return validate(file, now ? now : time(NULL));
}
