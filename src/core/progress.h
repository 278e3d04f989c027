/*
 * progress.h -- what an audit tells the user while it runs
 *
 * One progress line for the whole run, across every batch of accounts
 * (--org, --accounts-in-flight): accounts done of all, datasets done of
 * those planned so far, calls, errors, elapsed time and an estimate of
 * what is left from the share of accounts done. And the line that names
 * where the credentials come from.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stddef.h>

#include "inv_collect.h"

struct aws_client;
struct progress;

/*
 * Start drawing on stderr, five times a second, for 'accounts' accounts;
 * 'counters' is what inv_collect_datasets() updates (collect_opts).
 * Returns NULL when the thread cannot start (then nothing is drawn).
 */
struct progress *progress_start(const struct aws_client *client,
				size_t accounts, struct inv_progress *counters);

/* A batch of 'n' accounts starts: its datasets are the next planned. */
void progress_batch(struct progress *p, size_t n);

/* The current batch is done. */
void progress_batch_done(struct progress *p);

/* Stop, erase the line and free 'p' (NULL: nothing). */
void progress_stop(struct progress *p);

/*
 * "environment (AWS_ACCESS_KEY_ID)", "profile 'dev' (IAM Identity
 * Center)", "EC2 instance metadata (IMDSv2)", ... for the source
 * aws_creds_provider_source() names and the profile in use; 'explicit'
 * when a profile was chosen (--profile or AWS_PROFILE). Into 'buf'.
 */
const char *progress_creds_label(const char *source, const char *profile,
				 int explicit, char *buf, size_t size);

#endif
