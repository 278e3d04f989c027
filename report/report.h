/*
 * report.h -- the report model and its writers
 *
 * The runner hands a struct report (findings sorted, scores computed, run
 * metadata) to the writers. Every file is written atomically: a temporary
 * file in the output directory, fsync'd, then renamed over the final
 * name, so a reader never sees a half-written report. Writers know
 * nothing of AWS.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>
#include <time.h>

#include "findings.h"
#include "score.h"

struct waiver_info; /* policy.h */

struct run_info {
	const char *tool_version;
	const char *mode;   /* "replay" or "live" */
	const char *source; /* replay dir or "aws" */
	const char *policy_name;
	const char *policy_digest; /* sha256 hex of the policy file(s) */
	char **accounts;
	size_t naccounts;
	char **regions;
	size_t nregions;
	time_t started, finished, now;
	unsigned long api_calls, api_errors;
	const char *fail_on; /* severity name */
	/*
	 * What narrowed the policy's selection, as given (NULL: not given):
	 * --checks, --phase, --severity, --services, --exclude-checks;
	 * findings.json "run.selection" when any is set.
	 */
	const char *sel_checks, *sel_phase, *sel_severity, *sel_services,
		*sel_exclude;
	const char *home_region; /* where account-wide (global) findings go */
	const char *frameworks;  /* --framework ID,..: report.html sections */
	/* --shard I/N (0/0: not a shard) and its run id (NULL: derived) */
	int shard_index, shard_count;
	const char *run_id;
};

struct report {
	const struct findings *findings;
	const struct scores *scores;
	const struct run_info *run;
	/* policy waivers/attestations: lines for the report, may be NULL */
	const char *const *waiver_notes;
	size_t nwaiver_notes;
};

enum report_format {
	REPORT_HTML = 1 << 0,
	REPORT_CSV = 1 << 1,
	REPORT_JSON = 1 << 2,
	REPORT_JUNIT = 1 << 3,
	REPORT_OCSF = 1 << 4,        /* findings.ocsf.json (ocsf.c) */
	REPORT_OCSF_NDJSON = 1 << 5, /* findings.ocsf.ndjson */
	REPORT_SARIF = 1 << 6,       /* findings.sarif (sarif.c) */
	REPORT_ASFF = 1 << 7,        /* findings.asff.json (asff.c) */
};

/* The --format names, for messages: "html, csv, json, junit, ...". */
#define REPORT_FORMAT_NAMES                                                    \
	"html, csv, json, junit, ocsf, ocsf-ndjson, sarif, asff"

/*
 * Parse "html,csv,json,junit,ocsf,ocsf-ndjson,sarif,asff"; 0, or -1
 * naming the bad one in 'bad'.
 */
int report_parse_formats(const char *s, unsigned *out, const char **bad);

int report_write_csv(const struct report *r, FILE *out);
/*
 * One CSV cell of 's', formula-guarded (csv_neutralise) and quoted;
 * preceded by a comma unless 'first'.
 */
void csv_cell(FILE *out, const char *s, int first);
int report_write_json(const struct report *r, FILE *out);
/*
 * Read back what report_write_json() wrote: the findings.json at 'path',
 * or in the directory 'path'. Returns its cJSON tree (the caller
 * cJSON_Delete()s it) and sets '*resolved' to the file read (the caller
 * frees it). When the file cannot be read, or is not of the schema
 * irready.findings/1 (or, with 'need_findings', has no "findings" array),
 * reports "'<file>' is not an irready findings.json" followed by 'hint'
 * and returns NULL.
 */
struct cJSON;
struct cJSON *report_read_json(const char *path, char **resolved,
			       int need_findings, const char *hint);
int report_write_html(const struct report *r, FILE *out);
/* OCSF 1.3.0 Detection Findings: a JSON array, or one per line (ocsf.c) */
int report_write_ocsf(const struct report *r, FILE *out);
int report_write_ocsf_ndjson(const struct report *r, FILE *out);
/* SARIF 2.1.0 (sarif.c) */
int report_write_sarif(const struct report *r, FILE *out);
/*
 * AWS Security Finding Format (asff.c): a JSON array of findings that
 * securityhub:BatchImportFindings accepts; asff_finding() writes one.
 */
int report_write_asff(const struct report *r, FILE *out);
void asff_finding(FILE *out, const struct report *r, const struct finding *x);
int report_write_junit(const struct report *r, FILE *out);
/* The one-screen summary (stdout); 'color' adds ANSI colours. */
void report_write_summary(const struct report *r, FILE *out, int color,
			  const char *outdir, unsigned formats);

/*
 * Write 'name' in 'dir' with 'fn' atomically (temp file + rename); the
 * directory is created if missing. 0 or IRREADY_EIO with a message.
 */
int report_write_file(const char *dir, const char *name,
		      int (*fn)(const struct report *, FILE *),
		      const struct report *r);

/* Every file in 'formats' (REPORT_* bits) into 'dir'. */
int report_write_all(const struct report *r, const char *dir, unsigned formats);

/*
 * report_write_all() as one set (runset.c): staged, renamed into place,
 * then run.json (run id, files) written last. 0 or IRREADY_EIO.
 */
/* mkdir -p 'dir': 0, or -1 when a level could not be made. */
int report_make_dirs(const char *dir);

/*
 * The file names a run with 'formats' writes (run.json last) into
 * 'names', NULL-terminated, at most 'max' entries with the NULL; returns
 * how many.
 */
size_t report_output_names(unsigned formats, const char **names, size_t max);
int report_write_run(const struct report *r, const char *dir, unsigned formats);

/* The same for any writer: fn(ctx, file). */
int report_write_atomic(const char *dir, const char *name,
			int (*fn)(const void *ctx, FILE *), const void *ctx);

/* Escaping (escape.c) */
/* HTML text and attribute escaping: & < > " ' → entities. */
void html_escape(FILE *out, const char *s);
/* html_escape() for XML 1.0: drops what XML forbids, fixes bad UTF-8. */
void xml_escape(FILE *out, const char *s);
/* JSON string contents (without the quotes). */
void json_escape(FILE *out, const char *s);
/* A JSON string value: 's' quoted and escaped, or null when NULL. */
void json_string(FILE *out, const char *s);
/* The same for a <script> block (json_escape_script). */
void json_string_script(FILE *out, const char *s);
/* JSON string contents for a <script> block: also escapes < > & U+2028/9. */
void json_escape_script(FILE *out, const char *s);
/*
 * Spreadsheet formula guard: a cell starting with = + - @ tab or CR gets a
 * leading single quote. Returns a malloc'd copy.
 */
char *csv_neutralise(const char *s);

#endif
