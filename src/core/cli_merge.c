/*
 * cli_merge.c -- the commands over finished runs: diff, merge, evidence
 *
 * 'diff' compares two findings.json (report/diff.c), 'merge' turns the
 * shards of one --shard run into one run's reports (report/merge.c),
 * 'evidence' verifies or signs a --record directory. Option parsing
 * follows cli.c's conventions and shares its option helpers.
 */
#include "cli.h"
#include "aws_record.h"
#include "compliance.h"
#include "diff.h"
#include "evidence_sign.h"
#include "exitcode.h"
#include "history.h"
#include "irready.h"
#include "merge.h"
#include "report.h"
#include "runner.h"
#include "score.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* getopt_long values of the long options below (cli.c's names) */
enum {
	OPT_OUTPUT_DIR = 256,
	OPT_FORMAT,
	OPT_FAIL_ON,
	OPT_MIN_COVERAGE,
	OPT_FAIL_ON_ERROR,
	OPT_QUIET,
	OPT_NO_COLOR,
	OPT_HISTORY,
	OPT_RUN_ID,
	OPT_HELP,
};

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

/* The options of 'merge', with their defaults. */
struct merge_cli {
	const char *outdir, *history;
	const char *run_id; /* --run-id: the shards' parts from the store */
	unsigned formats;
	enum severity fail_on;
	int fail_on_set; /* else the shards' own run.fail_on */
	struct exit_rules er;
	int quiet, no_color;
};

/* merge's options into 'mc': -1 to go on, else the exit code (help, usage). */
static int merge_options(struct merge_cli *mc, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output-dir", required_argument, NULL, OPT_OUTPUT_DIR },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "min-coverage", required_argument, NULL, OPT_MIN_COVERAGE },
		{ "fail-on-error", no_argument, NULL, OPT_FAIL_ON_ERROR },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "history", required_argument, NULL, OPT_HISTORY },
		{ "run-id", required_argument, NULL, OPT_RUN_ID },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_OUTPUT_DIR:
			mc->outdir = optarg;
			break;
		case OPT_FORMAT:
			if (opt_formats(optarg, &mc->formats))
				return EXIT_USAGE;
			break;
		case OPT_FAIL_ON:
			if (opt_fail_on(optarg, &mc->fail_on, ""))
				return EXIT_USAGE;
			mc->fail_on_set = 1;
			break;
		case OPT_MIN_COVERAGE:
			if (exitcode_parse_coverage(optarg,
						    &mc->er.min_coverage))
				return EXIT_USAGE;
			break;
		case OPT_FAIL_ON_ERROR:
			mc->er.fail_on_error = 1;
			break;
		case OPT_QUIET:
			mc->quiet = 1;
			break;
		case OPT_NO_COLOR:
			mc->no_color = 1;
			break;
		case OPT_HISTORY:
			mc->history = optarg;
			break;
		case OPT_RUN_ID:
			mc->run_id = optarg;
			break;
		case OPT_HELP:
			fputs("usage: irready merge [--output-dir DIR] "
			      "[--format F,..] [--fail-on SEV]\n"
			      "       [--min-coverage PCT] [--fail-on-error] "
			      "[--history FILE|URL] DIR...\n"
			      "       irready merge --history FILE|URL "
			      "--run-id "
			      "ID [options]\n"
			      "combines the findings.json of 'irready audit "
			      "--shard I/N' runs into the\nreports one run "
			      "over "
			      "all their accounts would have written; it takes "
			      "exactly\nshards 1..N of one run (run.shard, "
			      "run.run_id), each once, and otherwise\nexits 2 "
			      "without writing anything\n"
			      "--history records the run; when its shards "
			      "wrote their parts "
			      "there (audit\n--shard I/N --history), every "
			      "part must "
			      "be there and be the shard's\nfindings.json "
			      "(else exit "
			      "2), and the run is closed\n"
			      "--run-id ID (no DIR): merge the parts the "
			      "shards "
			      "of run ID wrote to the store\n",
			      stdout);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	return -1;
}

/*
 * The merged run's reports, summary, exit code and --history record, as
 * one audit over all the shards' accounts would have written them.
 */
static int merge_report(struct merge_cli *mc, struct merged *m)
{
	struct scores s;
	struct report rep = { 0 };
	int rc;

	if (!mc->fail_on_set)
		severity_parse(m->run.fail_on, &mc->fail_on);
	scores_compute(&s, &m->findings, m->checks, m->nchecks);
	rep.findings = &m->findings;
	rep.scores = &s;
	rep.run = &m->run;
	rep.waiver_notes = (const char *const *)m->waiver_notes;
	rep.nwaiver_notes = m->nwaiver_notes;
	rc = report_write_all(&rep, mc->outdir, mc->formats) ||
			     (m->run.frameworks &&
			      report_write_framework_ids(&rep, mc->outdir,
							 m->run.frameworks))
		     ? EXIT_CANNOT_ASSESS
		     : EXIT_OK;
	if (!mc->quiet)
		report_write_summary(&rep, stdout, use_color(mc->no_color),
				     mc->outdir, mc->formats);
	if (!rc) {
		mc->er.fail_on = mc->fail_on;
		rc = exitcode_decide(&mc->er, &m->findings, &s.overall);
	}
	/* the whole Organization as one run, after the reports: the run the
	 * shards wrote their parts of is closed */
	if (mc->history) {
		int hrc = m->shard_run_id ? history_close_run(mc->history, &rep,
							      m, mc->quiet)
					  : history_record(mc->history, &rep,
							   NULL, mc->quiet);

		if (hrc)
			rc = hrc == IRREADY_EUSAGE ? EXIT_USAGE
						   : EXIT_CANNOT_ASSESS;
	}
	scores_release(&s);
	return rc;
}

int cmd_merge(int argc, char **argv)
{
	struct merge_cli mc = {
		.outdir = "irready-out",
		.formats = REPORT_HTML | REPORT_CSV | REPORT_JSON,
		.fail_on = SEV_HIGH,
	};
	struct merged m;
	int rc;

	exit_rules_init(&mc.er);
	rc = merge_options(&mc, argc, argv);
	if (rc >= 0)
		return rc;
	mc.history = history_target(mc.history);
	if (mc.run_id && (optind < argc || !mc.history)) {
		error_rc(IRREADY_EUSAGE,
			 "merge --run-id reads the shards' parts from a store: "
			 "it takes --history (or IRREADY_HISTORY) and no DIR");
		return EXIT_USAGE;
	}
	if (optind >= argc && !mc.run_id) {
		error_rc(IRREADY_EUSAGE,
			 "merge takes the shard outputs: DIR... (or --history "
			 "with --run-id)");
		return EXIT_USAGE;
	}
	/* refused (not shards 1..N of one run): 2, and nothing is written */
	if (mc.run_id)
		rc = history_load_merged(mc.history, mc.run_id, &m);
	else
		rc = merge_load(argv + optind, (size_t)(argc - optind), &m);
	if (rc)
		return rc == IRREADY_EUSAGE ? EXIT_USAGE : EXIT_CANNOT_ASSESS;
	rc = merge_report(&mc, &m);
	merge_release(&m);
	return rc;
}

int cmd_evidence(int argc, char **argv)
{
	const char *pubkey = NULL;
	int rc;

	if (argc == 2 &&
	    (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs("usage: irready evidence verify DIR [--pubkey PEM]\n"
		      "       irready evidence sign DIR --key PEM\n"
		      "re-hashes every file of a --record directory against "
		      "its "
		      "manifest.json;\nexit 0 when all verify, 1 when any is "
		      "missing, changed or unlisted, 3 when\nthere is no "
		      "manifest\n"
		      "--pubkey also checks manifest.json.sig (exit 1 when "
		      "missing or invalid)\n",
		      stdout);
		return EXIT_OK;
	}
	if (argc >= 2 && !strcmp(argv[1], "sign"))
		return evidence_sign_main(argc, argv);
	if (argc == 5 && !strcmp(argv[3], "--pubkey")) {
		pubkey = argv[4];
		argc = 3;
	}
	if (argc != 3 || strcmp(argv[1], "verify")) {
		error_rc(IRREADY_EUSAGE,
			 "usage: irready evidence verify DIR [--pubkey PEM]");
		return EXIT_USAGE;
	}
	rc = aws_recording_verify(argv[2], stdout);
	if (pubkey && rc != IRREADY_EIO) {
		int src = evidence_verify_signature(argv[2], pubkey, stdout);

		if (src == IRREADY_EIO)
			return EXIT_CANNOT_ASSESS;
		if (src)
			rc = IRREADY_EPARSE;
	}
	return rc == IRREADY_EIO ? EXIT_CANNOT_ASSESS
	       : rc              ? EXIT_FAILING
				 : EXIT_OK;
}
