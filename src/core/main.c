/*
 * main.c -- irready's entry point: pick the subcommand, nothing more
 */
#include "cli.h"
#include "irready.h"

#include <curl/curl.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "audit", cmd_audit },
		{ "checks", cmd_checks },
		{ "diff", cmd_diff },
		{ "evidence", cmd_evidence },
		{ "export", cmd_export },
		{ "frameworks", cmd_frameworks },
		{ "merge", cmd_merge },
		{ "iam-policy", cmd_iam_policy },
		{ "inventory", cmd_inventory },
		{ "policy", cmd_policy },
		{ "version", cmd_version },
		/* hidden, for tools (bench/): irready's own tables */
		{ "services", cmd_services },
		{ "datasets", cmd_datasets },
		{ "history", cmd_history },
		{ "trend", cmd_trend },
		{ "review", cmd_review },
		{ "endpoints", cmd_endpoints },
	};
	int rc;

	if (argc < 2) {
		usage_main();
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage_main();
		return 0;
	}
	if (!strcmp(argv[1], "--version"))
		return cmd_version(argc - 1, argv + 1);
	/* before any thread starts */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	xmlInitParser();
	rc = -1;
	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(argv[1], cmds[i].name))
			rc = cmds[i].fn(argc - 1, argv + 1);
	if (rc == -1) {
		error_rc(IRREADY_EUSAGE, "unknown command '%s'", argv[1]);
		usage_main();
		rc = 2;
	}
	xmlCleanupParser();
	curl_global_cleanup();
	return rc;
}
