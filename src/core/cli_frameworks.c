/*
 * cli_frameworks.c -- `irready frameworks`: the shipped framework mappings
 *
 * One line per framework (id, requirements, how many a check evidences,
 * title), or with --json every requirement with its checks, and the file
 * each came from. `irready audit --framework ID` writes the report.
 */
#include "cli.h"
#include "frameworks.h"
#include "irready.h"
#include "report.h"
#include "runner.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void framework_json(FILE *out, const struct framework *fw)
{
	fputs("{\"id\":", out);
	json_string(out, fw->id);
	fputs(",\"title\":", out);
	json_string(out, fw->title);
	fputs(",\"version\":", out);
	json_string(out, fw->version);
	fputs(",\"source\":", out);
	json_string(out, fw->source);
	fputs(",\"requirements\":[", out);
	for (size_t i = 0; i < fw->nreqs; i++) {
		const struct fw_requirement *q = &fw->reqs[i];

		fputs(i ? ",{\"id\":" : "{\"id\":", out);
		json_string(out, q->id);
		fputs(",\"title\":", out);
		json_string(out, q->title);
		fputs(",\"checks\":[", out);
		for (size_t k = 0; k < q->nchecks; k++) {
			if (k)
				fputc(',', out);
			json_string(out, q->checks[k]);
		}
		fputs("]}", out);
	}
	fputs("]}", out);
}

int cmd_frameworks(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char **ids;
	int c, json = 0, rc = EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j') {
			json = 1;
		} else if (c == 'h') {
			fputs("usage: irready frameworks [--json]\nlists the "
			      "shipped framework mappings (frameworks/<id>."
			      "json); 'irready audit --framework ID' writes "
			      "compliance-<id>.csv\n",
			      stdout);
			return EXIT_OK;
		} else {
			return EXIT_USAGE;
		}
	}
	ids = framework_ids();
	if (json)
		fputs("{\"schema\":\"irready.frameworks/1\",\"frameworks\":[",
		      stdout);
	else
		printf("%-16s %-6s %-8s %s\n", "ID", "REQS", "COVERED",
		       "TITLE");
	for (size_t i = 0; ids[i]; i++) {
		struct framework fw;
		size_t covered = 0;

		if (framework_load(ids[i], &fw)) {
			rc = EXIT_USAGE;
			continue;
		}
		for (size_t k = 0; k < fw.nreqs; k++)
			covered += fw.reqs[k].nchecks > 0;
		if (json) {
			fputs(i ? ",\n" : "\n", stdout);
			framework_json(stdout, &fw);
		} else {
			printf("%-16s %-6zu %-8zu %s\n", fw.id, fw.nreqs,
			       covered, fw.title);
		}
		framework_release(&fw);
	}
	if (json)
		fputs("\n]}\n", stdout);
	framework_ids_free(ids);
	return rc;
}
