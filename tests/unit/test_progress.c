/*
 * test_progress.c -- one progress line for the whole run, and the
 * credentials label (src/core/progress.h; issue 11)
 */
#include "aws.h"
#include "irready.h"
#include "progress.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void nap(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

/*
 * Four accounts in two batches of two: the drawn lines always count all
 * four accounts, the datasets only grow, and the estimate is never the
 * "~0:00 left" of a batch that restarted.
 */
static void test_batches(void)
{
	char path[] = "/tmp/irready-progress-XXXXXX";
	int fd = mkstemp(path), saved = dup(2);
	struct aws_client client = { 0 };
	struct inv_progress ctr = { 0 };
	struct progress *p;
	char *buf = NULL;
	size_t len = 0, frames = 0, bad_total = 0, went_back = 0;
	long last_done = -1;
	FILE *f;

	if (fd < 0 || saved < 0) {
		ok(0, "progress: temporary file");
		return;
	}
	fflush(stderr);
	dup2(fd, 2);
	p = progress_start(&client, 4, &ctr);
	for (int b = 0; b < 2; b++) {
		progress_batch(p, 2);
		__atomic_add_fetch(&ctr.total, 10, __ATOMIC_RELAXED);
		for (int i = 0; i < 10; i++) {
			__atomic_add_fetch(&ctr.done, 1, __ATOMIC_RELAXED);
			__atomic_add_fetch(&client.calls, 3, __ATOMIC_RELAXED);
			nap(40);
		}
		progress_batch_done(p);
	}
	nap(250);
	progress_stop(p);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	f = fdopen(fd, "r");
	if (f) {
		fseek(f, 0, SEEK_END);
		len = (size_t)ftell(f);
		rewind(f);
		buf = xcalloc(len + 1, 1);
		if (fread(buf, 1, len, f) != len)
			len = 0;
		fclose(f);
	}
	unlink(path);
	for (char *s = buf ? strstr(buf, "accounts ") : NULL; s;
	     s = strstr(s + 1, "accounts ")) {
		size_t a = 0, n = 0, d = 0, t = 0;

		if (sscanf(s, "accounts %zu/%zu  datasets %zu/%zu", &a, &n, &d,
			   &t) != 4)
			continue;
		frames++;
		bad_total += n != 4;
		went_back += (long)d < last_done;
		last_done = (long)d;
	}
	ok(frames >= 3, "progress: frames drawn across both batches (%zu)",
	   frames);
	is_int(bad_total, 0, "progress: every frame counts all 4 accounts");
	is_int(went_back, 0, "progress: the dataset count never restarts");
	ok(buf && strstr(buf, "accounts 2/4"),
	   "progress: the first batch's accounts are counted done");
	ok(buf && strstr(buf, " left"), "progress: an estimate is shown");
	free(buf);
}

static void test_creds_label(void)
{
	char b[160];

	is_str(progress_creds_label("env", "default", 0, b, sizeof(b)),
	       "environment (AWS_ACCESS_KEY_ID)",
	       "label: keys from the environment");
	is_str(progress_creds_label("sso", "dev", 1, b, sizeof(b)),
	       "profile 'dev' (IAM Identity Center)", "label: SSO profile");
	is_str(progress_creds_label("assume-role", "audit", 1, b, sizeof(b)),
	       "profile 'audit' (assumed role)", "label: role profile");
	is_str(progress_creds_label("imds", "default", 0, b, sizeof(b)),
	       "EC2 instance metadata (IMDSv2)", "label: IMDS");
	is_str(progress_creds_label("container", "default", 0, b, sizeof(b)),
	       "container (ECS/EKS task role)", "label: container");
	is_str(progress_creds_label("shared-credentials", "prod", 1, b,
				    sizeof(b)),
	       "profile 'prod' (credentials file)", "label: static keys");
}

int main(void)
{
	test_creds_label();
	test_batches();
	return done_testing();
}
