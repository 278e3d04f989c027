/*
 * cli_history.c -- irready history, trend and review
 *
 *   irready history import [--history T] FILE...   append findings.json runs
 *   irready history list [--history T]             the runs in the store
 *   irready trend [--history T] [FILE...]          trend.html, trend.csv
 *   irready review --since DATE|RUN ...            review.html
 *
 * T is a SQLite file or a postgresql:// URL (default $IRREADY_HISTORY).
 * trend and review given findings.json files instead of a store import
 * them into an in-memory SQLite database first, so both paths run the
 * same code.
 */
#include "cli.h"
#include "check.h"
#include "history.h"
#include "history_db.h"
#include "irready.h"
#include "merge.h"
#include "report.h"
#include "runner.h"
#include "score.h"
#include "review.h"
#include "trend.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
	HOPT_HISTORY = 256,
	HOPT_OUTPUT_DIR,
	HOPT_WINDOW,
	HOPT_SINCE,
	HOPT_INCIDENT,
	HOPT_QUIET,
	HOPT_HELP,
};

/*
 * Append one findings.json ('path', a file or its directory) to 'h'.
 * 0 (also when already there: 'dup' set), or IRREADY_E* after a message.
 */
static int import_one(struct history_store *h, const char *path, char id[17],
		      int *dup)
{
	struct merged m;
	struct scores s;
	struct report rep = { 0 };
	int rc;

	*dup = 0;
	rc = merge_load_run(path, &m);
	if (rc)
		return rc;
	scores_compute(&s, &m.findings, m.checks, m.nchecks);
	rep.findings = &m.findings;
	rep.scores = &s;
	rep.run = &m.run;
	rc = history_append(h, &rep, NULL, id);
	if (rc == 1) {
		*dup = 1;
		rc = 0;
	}
	scores_release(&s);
	merge_release(&m);
	return rc;
}

static int history_import(const char *target, char **files, int n, int quiet)
{
	struct history_store *h;
	char *shown = hdb_display(target);
	int rc = 0;

	if (history_open(target, 0, &h)) {
		free(shown);
		return EXIT_CANNOT_ASSESS;
	}
	for (int i = 0; i < n && !rc; i++) {
		char id[17] = "";
		int dup;

		rc = import_one(h, files[i], id, &dup);
		if (!rc && !quiet)
			printf("%s: run %s %s %s\n", files[i], id,
			       dup ? "already in" : "recorded in", shown);
	}
	history_close(h);
	free(shown);
	return rc ? EXIT_CANNOT_ASSESS : EXIT_OK;
}

/*
 * Reading commands do not create a store: a file that is not there is an
 * error (a mistyped path would otherwise read as "no runs").
 */
static int store_exists(const char *target)
{
	if (strstr(target, "://") || !access(target, F_OK))
		return 1;
	error_rc(IRREADY_EIO, "no history store at '%s'", target);
	return 0;
}

/*
 * The open (incomplete) sharded runs: trend, review and the lifecycle
 * leave them out, so say so. 'full': one line each, else a count.
 */
static int print_open_runs(struct history_store *h, int full)
{
	struct history_open_run *v;
	size_t n;

	if (history_open_runs(h, &v, &n))
		return -1;
	if (n && !full)
		printf("  incomplete: %zu sharded run%s open (a shard missing, "
		       "or not merged), not shown: irready history list\n",
		       n, n > 1 ? "s" : "");
	if (n && full)
		printf("\nopen runs (incomplete: not shown by trend or "
		       "review until 'irready merge --history' closes them):\n"
		       "%-16s  %-20s  %8s  %-12s  %s\n",
		       "run", "evaluated_at", "parts", "missing", "run_id");
	for (size_t i = 0; full && i < n; i++) {
		char at[32], parts[24];

		format_iso8601(v[i].at, at, sizeof(at));
		snprintf(parts, sizeof(parts), "%d/%d", v[i].parts,
			 v[i].shards);
		printf("%-16s  %-20s  %8s  %-12s  %s\n", v[i].id, at, parts,
		       *v[i].missing ? v[i].missing : "-", v[i].shard_run_id);
	}
	history_open_runs_free(v, n);
	return 0;
}

static int history_list(const char *target)
{
	struct history_store *h;
	struct history_data d;
	int rc;

	if (!store_exists(target))
		return EXIT_CANNOT_ASSESS;
	if (history_open(target, 0, &h))
		return EXIT_CANNOT_ASSESS;
	rc = history_load(h, &d, 0);
	if (rc) {
		history_close(h);
		return EXIT_CANNOT_ASSESS;
	}
	printf("%-16s  %-20s  %8s  %8s  %s\n", "run", "evaluated_at", "score",
	       "coverage", "accounts");
	for (size_t i = 0; i < d.nruns; i++) {
		const struct hist_run *r = &d.runs[i];
		const struct hist_score *s = hist_run_score(r, "overall", "");
		char at[32], sc[16] = "-";

		format_iso8601(r->at, at, sizeof(at));
		if (s && s->valid)
			snprintf(sc, sizeof(sc), "%.1f", s->score);
		printf("%-16s  %-20s  %8s  %7.1f%%  %zu\n", r->id, at, sc,
		       s ? s->coverage : 0.0, r->naccounts);
	}
	history_data_release(&d);
	rc = print_open_runs(h, 1);
	history_close(h);
	return rc ? EXIT_CANNOT_ASSESS : EXIT_OK;
}

static void usage_history(FILE *out)
{
	fputs("usage: irready history import [--history FILE|URL] [--quiet] "
	      "FINDINGS.json...\n"
	      "       irready history list [--history FILE|URL]\n"
	      "\n"
	      "import appends each findings.json (a file or the directory "
	      "holding it) as\none run; a run already in the store is "
	      "skipped. The store is a SQLite file\nor a postgresql:// URL "
	      "(default: $IRREADY_HISTORY).\n"
	      "list shows the runs, then the sharded runs still open (a "
	      "shard missing, or\nnot merged yet), which trend and review "
	      "leave out.\n",
	      out);
}

int cmd_history(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "history", required_argument, NULL, HOPT_HISTORY },
		{ "quiet", no_argument, NULL, HOPT_QUIET },
		{ "help", no_argument, NULL, HOPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *target = NULL, *sub;
	int c, quiet = 0;

	if (argc >= 2 &&
	    (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage_history(stdout);
		return EXIT_OK;
	}
	if (argc < 2 ||
	    (strcmp(argv[1], "import") && strcmp(argv[1], "list"))) {
		usage_history(stderr);
		return EXIT_USAGE;
	}
	sub = argv[1];
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case HOPT_HISTORY:
			target = optarg;
			break;
		case HOPT_QUIET:
			quiet = 1;
			break;
		case HOPT_HELP:
			usage_history(stdout);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	target = history_target(target);
	if (!target) {
		error_rc(IRREADY_EUSAGE,
			 "history needs --history FILE|URL or IRREADY_HISTORY");
		return EXIT_USAGE;
	}
	if (!strcmp(sub, "list")) {
		if (optind < argc - 1) {
			error_rc(IRREADY_EUSAGE, "history list takes no files");
			return EXIT_USAGE;
		}
		return history_list(target);
	}
	if (optind >= argc - 1) {
		error_rc(IRREADY_EUSAGE,
			 "history import takes findings.json files");
		return EXIT_USAGE;
	}
	return history_import(target, argv + 1 + optind, argc - 1 - optind,
			      quiet);
}

/*
 * The history to report on: the store 'target', or the findings.json
 * 'files' imported into an in-memory SQLite database. EXIT_* code.
 */
static int load_history(const char *target, char **files, int nfiles,
			struct history_data *d, int with_pass, int quiet)
{
	struct history_store *h;
	int rc = 0;

	if (nfiles && target) {
		error_rc(IRREADY_EUSAGE,
			 "give a history store or findings.json files, not "
			 "both");
		return EXIT_USAGE;
	}
	if (!nfiles && !target) {
		error_rc(IRREADY_EUSAGE,
			 "no history: give --history FILE|URL, "
			 "IRREADY_HISTORY or findings.json files");
		return EXIT_USAGE;
	}
	if (!nfiles && !store_exists(target))
		return EXIT_CANNOT_ASSESS;
	if (history_open(nfiles ? ":memory:" : target, 0, &h))
		return EXIT_CANNOT_ASSESS;
	for (int i = 0; i < nfiles && !rc; i++) {
		char id[17];
		int dup;

		rc = import_one(h, files[i], id, &dup);
	}
	if (!rc)
		rc = history_load(h, d, with_pass);
	if (!rc && !nfiles && !quiet && print_open_runs(h, 0)) {
		history_data_release(d);
		rc = IRREADY_EIO;
	}
	history_close(h);
	return rc ? EXIT_CANNOT_ASSESS : EXIT_OK;
}

static void usage_trend(FILE *out)
{
	fputs("usage: irready trend [--history FILE|URL] [--output-dir DIR] "
	      "[--window DAYS]\n"
	      "                     [--quiet] [FINDINGS.json...]\n"
	      "\n"
	      "Scores, coverage, open critical/high findings and time to "
	      "resolve across\nthe runs of a history store (default: "
	      "$IRREADY_HISTORY) or of the given\nfindings.json files. "
	      "Writes trend.html, trend.csv and lifecycle.csv.\n"
	      "--window DAYS: time to resolve over the DAYS before the last "
	      "run (default\n90; 0: all of history).\n",
	      out);
}

int cmd_trend(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "history", required_argument, NULL, HOPT_HISTORY },
		{ "output-dir", required_argument, NULL, HOPT_OUTPUT_DIR },
		{ "window", required_argument, NULL, HOPT_WINDOW },
		{ "quiet", no_argument, NULL, HOPT_QUIET },
		{ "help", no_argument, NULL, HOPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *target = NULL, *outdir = "irready-out";
	long window = 90;
	int c, quiet = 0, rc;
	struct history_data d;
	struct lifecycle lc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case HOPT_HISTORY:
			target = optarg;
			break;
		case HOPT_OUTPUT_DIR:
			outdir = optarg;
			break;
		case HOPT_WINDOW:
			if (parse_long(optarg, &window) || window < 0 ||
			    window > 36500) {
				error_rc(IRREADY_EUSAGE,
					 "--window takes 0 to 36500 days, "
					 "not '%s'",
					 optarg);
				return EXIT_USAGE;
			}
			break;
		case HOPT_QUIET:
			quiet = 1;
			break;
		case HOPT_HELP:
			usage_trend(stdout);
			return EXIT_OK;
		default:
			usage_trend(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind == argc)
		target = history_target(target);
	rc = load_history(target, argv + optind, argc - optind, &d, 0, quiet);
	if (rc)
		return rc;
	if (!d.nruns) {
		history_data_release(&d);
		error_rc(IRREADY_EUSAGE, "the history holds no run");
		return EXIT_CANNOT_ASSESS;
	}
	lifecycle_compute(&lc, &d, window);
	rc = trend_write_files(&d, &lc, outdir) ? EXIT_CANNOT_ASSESS : EXIT_OK;
	if (!rc && !quiet)
		trend_write_summary(&d, &lc, stdout, outdir);
	lifecycle_release(&lc);
	history_data_release(&d);
	return rc;
}

static int review_html(const void *ctx, FILE *out)
{
	return review_write_html(ctx, out);
}

/* "YYYY-MM-DD" (the end of that day, UTC) or an ISO-8601 time. */
static int parse_day(const char *s, int end_of_day, time_t *out)
{
	char buf[40];

	if (strlen(s) == 10) {
		snprintf(buf, sizeof(buf), "%sT%s", s,
			 end_of_day ? "23:59:59Z" : "00:00:00Z");
		s = buf;
	}
	return parse_iso8601(s, out);
}

/*
 * The baseline for --since: a run id (or a prefix of at least 4 of its
 * digits, unique), else the last run on or before DATE. Index or -1
 * after a message.
 */
static long pick_baseline(const struct history_data *d, const char *since)
{
	size_t len = strlen(since);
	long found = -1;
	time_t t;

	if (len >= 4 && strspn(since, "0123456789abcdef") == len) {
		for (size_t i = 0; i < d->nruns; i++)
			if (!strncmp(d->runs[i].id, since, len)) {
				if (found >= 0) {
					error_rc(IRREADY_EUSAGE,
						 "--since %s: more than one "
						 "run matches",
						 since);
					return -1;
				}
				found = (long)i;
			}
		if (found >= 0)
			return found;
	}
	if (parse_day(since, 1, &t)) {
		error_rc(IRREADY_EUSAGE,
			 "--since takes a date (YYYY-MM-DD), a time or a run "
			 "id, not '%s'",
			 since);
		return -1;
	}
	for (size_t i = 0; i < d->nruns; i++)
		if (d->runs[i].at <= t)
			found = (long)i;
	if (found < 0)
		error_rc(IRREADY_EUSAGE,
			 "no run on or before %s to compare with", since);
	return found;
}

static void usage_review(FILE *out)
{
	fputs("usage: irready review --since DATE|RUN [--incident-date DATE]\n"
	      "                      [--history FILE|URL] [--output-dir DIR] "
	      "[--quiet]\n"
	      "                      [FINDINGS.json...]\n"
	      "\n"
	      "The post-incident improvement review: the last run against "
	      "the baseline\n(--since: the last run on or before DATE, or "
	      "the run RUN), in their common\nscope: score change, "
	      "containment and recovery regressions, lessons-learned\nand "
	      "game-day attestations due or missing (--incident-date: "
	      "lessons learned\nmust be attested after it), open items "
	      "with owners. Writes review.html\n(printable).\n",
	      out);
}

int cmd_review(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "history", required_argument, NULL, HOPT_HISTORY },
		{ "output-dir", required_argument, NULL, HOPT_OUTPUT_DIR },
		{ "since", required_argument, NULL, HOPT_SINCE },
		{ "incident-date", required_argument, NULL, HOPT_INCIDENT },
		{ "quiet", no_argument, NULL, HOPT_QUIET },
		{ "help", no_argument, NULL, HOPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *target = NULL, *outdir = "irready-out", *since = NULL;
	time_t incident = 0;
	int c, quiet = 0, rc;
	long base;
	struct history_data d;
	struct review rv;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case HOPT_HISTORY:
			target = optarg;
			break;
		case HOPT_OUTPUT_DIR:
			outdir = optarg;
			break;
		case HOPT_SINCE:
			since = optarg;
			break;
		case HOPT_INCIDENT:
			if (parse_day(optarg, 0, &incident)) {
				error_rc(IRREADY_EUSAGE,
					 "--incident-date takes YYYY-MM-DD, "
					 "not '%s'",
					 optarg);
				return EXIT_USAGE;
			}
			break;
		case HOPT_QUIET:
			quiet = 1;
			break;
		case HOPT_HELP:
			usage_review(stdout);
			return EXIT_OK;
		default:
			usage_review(stderr);
			return EXIT_USAGE;
		}
	}
	if (!since) {
		error_rc(IRREADY_EUSAGE, "review needs --since DATE|RUN");
		return EXIT_USAGE;
	}
	if (optind == argc)
		target = history_target(target);
	rc = load_history(target, argv + optind, argc - optind, &d, 1, quiet);
	if (rc)
		return rc;
	base = d.nruns ? pick_baseline(&d, since) : -1;
	if (!d.nruns)
		error_rc(IRREADY_EUSAGE, "the history holds no run");
	if (base >= 0 && (size_t)base + 1 == d.nruns) {
		error_rc(IRREADY_EUSAGE,
			 "the baseline is the last run: nothing since to "
			 "review");
		base = -1;
	}
	if (base < 0) {
		history_data_release(&d);
		return EXIT_USAGE;
	}
	review_compute(&rv, &d, (size_t)base, d.nruns - 1, incident);
	rc = report_write_atomic(outdir, "review.html", review_html, &rv)
		     ? EXIT_CANNOT_ASSESS
		     : EXIT_OK;
	if (!rc && !quiet)
		review_write_summary(&rv, stdout, outdir);
	review_release(&rv);
	history_data_release(&d);
	return rc;
}
