/*
 * aws_record.h -- --record DIR: write every response in the fixtures layout
 *
 * Each response is stored under aws_replay_path() as a raw HTTP response
 * (status line, the headers that matter, body), so the directory replays
 * with --replay. Nothing secret is stored: requests are not recorded at
 * all, response headers are an allowlist, and every registered secret
 * (access key id, secret key, session token) is masked wherever it occurs
 * in a body, as are S3's signature-debugging elements. At the end,
 * scenario.json and manifest.json (SHA-256 of every file) are written.
 */
#ifndef AWS_RECORD_H
#define AWS_RECORD_H

#include <time.h>

#include "aws.h"

struct aws_recorder *aws_recorder_new(const char *dir);
/* Mask 's' in everything recorded from now on (copied; thread-safe). */
void aws_recorder_add_secret(struct aws_recorder *r, const char *s);
/* Store one response; 0 or IRREADY_EIO (reported once). Thread-safe. */
int aws_recorder_store(struct aws_recorder *r, const struct aws_request *req,
		       const struct aws_response *resp);

struct record_meta {
	char **accounts;
	size_t naccounts;
	char **callers; /* caller ARN per account, may hold NULLs */
	char **regions;
	size_t nregions;
	const char *home_region;
	const char *policy_digest;
	time_t started, finished, now;
	/*
	 * A directory inside the recording (relative to it) whose files
	 * join the manifest, e.g. the reports of --output-dir DIR/report;
	 * NULL for none. They must be written before the manifest.
	 */
	const char *reports_dir;
	/*
	 * The files this run wrote there (NULL-terminated; NULL: every
	 * regular file of reports_dir). A stale report of an earlier run
	 * stays out of the manifest, so verify names it EXTRA.
	 */
	const char *const *report_names;
};

/* Write scenario.json and manifest.json; frees the recorder. */
int aws_recorder_finish(struct aws_recorder *r, const struct record_meta *m);
void aws_recorder_free(struct aws_recorder *r);
/*
 * A run that ends before aws_recorder_finish(): when anything was
 * recorded, write manifest.json (hashes of what is there, "partial": true,
 * 'why'), then free. 0 or IRREADY_EIO. NULL is a no-op.
 */
int aws_recorder_abort(struct aws_recorder *r, const char *why);

/*
 * `irready evidence verify DIR`: re-hash every file manifest.json lists and
 * report, one line each, files that are missing, changed, or present but
 * not listed. 0 when all verify, IRREADY_EPARSE when any does not,
 * IRREADY_EIO when there is no readable manifest.
 */
#include <stdio.h>
int aws_recording_verify(const char *dir, FILE *out);

#endif
