/*
 * test_snapshot_bpa.c -- the SNAPSHOT_BPA dataset and the check that reads it
 *
 * The collector (inv_snapshot_bpa.c) through the replay transport: each of
 * the three states is kept; an unknown state or none at all is a malformed
 * response (ERROR), never read as "unblocked". Then
 * ebs_snapshot_public_block through the runner: unblocked is a FAIL even
 * with no snapshot, a blocking state a PASS, a failed SNAPSHOT_BPA an
 * ERROR naming it.
 */
#include "check.h"
#include "inv_collect.h"
#include "irready.h"
#include "runner.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ACCT "123456789012"

static char root[64];

static void put(const char *region, const char *state_xml)
{
	char *dir = xasprintf("%s/" ACCT "/%s", root, region);
	char *p =
		xasprintf("%s/ec2.GetSnapshotBlockPublicAccessState.http", dir);
	FILE *f;

	mkdir(dir, 0700);
	f = fopen(p, "w");
	if (f) {
		fprintf(f,
			"HTTP/1.1 200 OK\nContent-Type: text/xml\n\n"
			"<GetSnapshotBlockPublicAccessStateResponse>"
			"<requestId>r-%s</requestId>%s"
			"</GetSnapshotBlockPublicAccessStateResponse>\n",
			region, state_xml);
		fclose(f);
	}
	free(p);
	free(dir);
}

static void cleanup(void)
{
	char *cmd = xasprintf("rm -rf '%s'", root);

	if (system(cmd))
		printf("# could not remove %s\n", root);
	free(cmd);
}

static int collect(struct aws_client *c, struct inv_account *a,
		   struct inv_region *r)
{
	struct inv_status *st = &r->status[DS_SNAPSHOT_BPA];
	struct collect_ctx cx = { .client = c,
				  .acct = a,
				  .region = r,
				  .arena = &r->arena[DS_SNAPSHOT_BPA],
				  .err = &st->err };
	int rc = inv_dataset(DS_SNAPSHOT_BPA)->collect(&cx);

	st->state = rc ? INV_FAILED : INV_OK;
	return rc;
}

static void test_collector(void)
{
	static const char *const states[] = { "block-all-sharing",
					      "block-new-sharing",
					      "unblocked" };
	static const char *const regions[] = { "eu-west-1", "us-east-1",
					       "us-west-2", "ap-south-1",
					       "sa-east-1" };
	struct inventory inv = { 0 };
	struct aws_client c = { 0 };
	struct inv_account *a = inv_add_account(&inv);
	char *dir;

	snprintf(root, sizeof(root), "/tmp/irready-bpa-XXXXXX");
	if (!mkdtemp(root)) {
		ok(0, "mkdtemp");
		return;
	}
	dir = xasprintf("%s/" ACCT, root);
	mkdir(dir, 0700);
	free(dir);
	for (int i = 0; i < 3; i++) {
		char *x = xasprintf("<state>%s</state>", states[i]);

		put(regions[i], x);
		free(x);
	}
	put(regions[3], "<state>sometimes</state>");
	put(regions[4], "");
	a->id = ACCT;
	a->home_region = "us-east-1";
	a->assessed = 1;
	c.transport = aws_replay_new(root);
	for (int i = 0; i < 5; i++) {
		struct inv_region *r = inv_add_region(a, regions[i]);
		int rc = collect(&c, a, r);

		if (i < 3) {
			is_int(rc, 0, "%s: collected", states[i]);
			is_str(r->snapshot_bpa_state, states[i],
			       "%s: state kept", states[i]);
		} else {
			is_int(rc, IRREADY_EPARSE, "%s: malformed",
			       i == 3 ? "unknown state" : "no state");
			is_str(r->status[DS_SNAPSHOT_BPA].err.action,
			       "ec2:GetSnapshotBlockPublicAccessState",
			       "the error names the action");
			ok(r->snapshot_bpa_state == NULL,
			   "no state is made up");
		}
	}
	c.transport->free(c.transport);
	inv_free(&inv);
	cleanup();
}

/* ebs_snapshot_public_block in one region with 'state' (NULL: failed) */
static void judge(const char *state, size_t nsnapshots, size_t npublic,
		  enum check_status want, const char *want_msg,
		  const char *what)
{
	const struct check *chk = check_find("ebs_snapshot_public_block");
	struct inventory inv = { 0 };
	struct inv_account *a = inv_add_account(&inv);
	struct inv_region *r = inv_add_region(a, "eu-west-1");
	struct check_ctx cx = { .inv = &inv, .acct = a, .region = r };
	struct findings f;
	int found = 0;

	a->id = ACCT;
	a->assessed = 1;
	for (int d = 0; d < DS__COUNT; d++)
		r->status[d].state = INV_OK;
	if (state)
		r->snapshot_bpa_state = state;
	else
		r->status[DS_SNAPSHOT_BPA] = (struct inv_status){
			INV_FAILED,
			{ .code = "UnauthorizedOperation",
			  .action = "ec2:GetSnapshotBlockPublicAccessState",
			  .region = "eu-west-1" }
		};
	for (size_t i = 0; i < nsnapshots; i++)
		INV_PUSH(&r->arena[DS_SNAPSHOTS], r->snapshots)->id = "snap-0a";
	for (size_t i = 0; i < npublic; i++)
		INV_PUSH(&r->arena[DS_PUBLIC_SNAPSHOTS], r->public_snapshots)
			->id = "snap-0a";
	findings_init(&f);
	f.check = chk;
	f.account_id = ACCT;
	runner_run_scope(chk, &cx, &f);
	for (size_t i = 0; i < f.n; i++)
		if (f.v[i].status == want && strstr(f.v[i].message, want_msg))
			found = 1;
	ok(found, "%s: %s with '%s' (%zu finding%s, first '%s')", what,
	   status_name(want), want_msg, f.n, f.n == 1 ? "" : "s",
	   f.n ? f.v[0].message : "");
	findings_release(&f);
	inv_free(&inv);
}

int main(void)
{
	test_collector();
	judge("unblocked", 0, 0, CHECK_FAIL, "is off (unblocked)",
	      "unblocked, no snapshot");
	judge("unblocked", 2, 1, CHECK_FAIL, "is off (unblocked)",
	      "unblocked with a public snapshot");
	judge("unblocked", 2, 1, CHECK_FAIL, "snap-0a",
	      "unblocked: the public snapshot is its own FAIL");
	judge("block-all-sharing", 0, 0, CHECK_PASS,
	      "is block-all-sharing in eu-west-1 (no EBS snapshot",
	      "blocked, no snapshot");
	judge("block-new-sharing", 3, 0, CHECK_PASS,
	      "none of the 3 EBS snapshots", "block-new-sharing, none public");
	judge("block-new-sharing", 3, 1, CHECK_FAIL, "is public",
	      "block-new-sharing leaves a public snapshot public");
	judge(NULL, 3, 0, CHECK_ERROR,
	      "UnauthorizedOperation on ec2:GetSnapshotBlockPublicAccessState",
	      "SNAPSHOT_BPA failed");
	return done_testing();
}
