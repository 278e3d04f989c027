/*
 * test_release.c -- runner_evaluate() releases each dataset of an account
 * as soon as the last selected check that reads it (its needs, consults,
 * and what those are built from) has run: a later check of the account
 * finds it released (its arenas empty, its bit in a->released), a check
 * that reads it still finds it held, a dataset no check reads stays until
 * inv_free(), the next account is untouched until its own checks, and the
 * findings are those of an evaluation that releases nothing.
 *
 * Three fake checks, in this order:
 *   vol  (region)  needs VOLUMES and SNAPSHOTS
 *   s3   (account) needs S3_BUCKETS (built from CLOUDTRAIL, FLOW_LOGS,
 *                  CONFIG), peeks at SNAPSHOTS (reads them if collected)
 *   wl   (account) needs WORKLOAD_VPCS (built from VPC, INSTANCES, ENIS),
 *                  consults CLOUDTRAIL
 * KMS is collected (as if for another reason) and read by none.
 */
#include "check.h"
#include "findings.h"
#include "inv.h"
#include "irready.h"
#include "params.h"
#include "policy.h"
#include "runner.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>

#define NACCOUNTS 2
#define NREGIONS  2

/* Every arena of dataset 'd' of account 'a' holds something. */
static int held(const struct inv_account *a, enum inv_dataset d)
{
	if (a->released & INV_NEED(d))
		return 0;
	if (inv_dataset_scope(d) == INV_ACCOUNT)
		return a->arena[d].head != NULL;
	for (size_t r = 0; r < a->nregions; r++)
		if (!a->regions[r].arena[d].head)
			return 0;
	return 1;
}

/* Every arena of dataset 'd' of account 'a' is empty, and it says so. */
static int released(const struct inv_account *a, enum inv_dataset d)
{
	if (!(a->released & INV_NEED(d)) || a->arena[d].head)
		return 0;
	for (size_t r = 0; r < a->nregions; r++)
		if (a->regions[r].arena[d].head)
			return 0;
	return 1;
}

/* what the checks saw, per account (bit set: as expected) */
static unsigned saw[NACCOUNTS];
static size_t account_index(const struct check_ctx *cx)
{
	return (size_t)(cx->acct - cx->inv->accounts);
}

static int run_vol(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	size_t i = account_index(cx);

	if (r->arena[DS_VOLUMES].head && held(cx->acct, DS_INSTANCES) &&
	    held(cx->acct, DS_S3_BUCKETS))
		saw[i] |= 1;
	/* the other account is not touched by this one's releases */
	if (i == 0 && held(&cx->inv->accounts[1], DS_VOLUMES))
		saw[i] |= 8;
	if (i == 1 && released(&cx->inv->accounts[0], DS_VOLUMES))
		saw[i] |= 8;
	findings_add(out, CHECK_PASS, "AWS::EC2::Volume", r->volumes.v[0].id,
		     "%zu volume(s) in %s", r->volumes.n, r->name);
	return 0;
}

static int run_s3(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;

	if (released(a, DS_VOLUMES) && held(a, DS_CLOUDTRAIL) &&
	    held(a, DS_FLOW_LOGS) && held(a, DS_CONFIG))
		saw[account_index(cx)] |= 2;
	if (held(a, DS_SNAPSHOTS))
		saw[account_index(cx)] |= 16;
	findings_add(out, CHECK_FAIL, "AWS::S3::Bucket", a->buckets.v[0].name,
		     "bucket %s, trail %s", a->buckets.v[0].name,
		     a->trails.v[0].name);
	return 0;
}

static int run_wl(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;

	/* S3_BUCKETS and its own inputs are done with; CLOUDTRAIL is not */
	if (released(a, DS_S3_BUCKETS) && released(a, DS_FLOW_LOGS) &&
	    released(a, DS_CONFIG) && held(a, DS_CLOUDTRAIL) &&
	    held(a, DS_VPC) && held(a, DS_INSTANCES) && held(a, DS_ENIS) &&
	    released(a, DS_SNAPSHOTS))
		saw[account_index(cx)] |= 4;
	findings_add(out, CHECK_PASS, "AWS::EC2::VPC", a->workload_vpcs.v[0].id,
		     "workloads in %s (trail %s)", a->workload_vpcs.v[0].id,
		     a->trails.v[0].name);
	return 0;
}

static const struct check check_vol = { .id = "release_vol",
					.scope = CHECK_SCOPE_REGION,
					.needs = NEED_VOLUMES | NEED_SNAPSHOTS,
					.run = run_vol };
static const struct check check_s3 = { .id = "release_s3",
				       .scope = CHECK_SCOPE_ACCOUNT,
				       .needs = NEED_S3_BUCKETS,
				       .peeks = NEED_SNAPSHOTS,
				       .run = run_s3 };
static const struct check check_wl = { .id = "release_wl",
				       .scope = CHECK_SCOPE_ACCOUNT,
				       .needs = NEED_WORKLOAD_VPCS,
				       .consults = NEED_CLOUDTRAIL,
				       .run = run_wl };
static const struct check *const sel[] = { &check_vol, &check_s3, &check_wl };

/* Two accounts of two regions: one record in every dataset used here. */
static void build(struct inventory *inv)
{
	static const char *const regions[NREGIONS] = { "eu-west-1",
						       "us-east-1" };

	memset(inv, 0, sizeof(*inv));
	inv->now = 1795824000L;
	for (int i = 0; i < NACCOUNTS; i++) {
		struct inv_account *a = inv_add_account(inv);
		struct arena *ar = a->arena;

		a->id = arena_printf(&a->meta, "11112222333%d", i);
		a->assessed = 1;
		for (int d = 0; d < DS__COUNT; d++)
			a->status[d].state = INV_OK;
		INV_PUSH(&ar[DS_S3_BUCKETS], a->buckets)->name =
			arena_strdup(&ar[DS_S3_BUCKETS], "logs");
		INV_PUSH(&ar[DS_CLOUDTRAIL], a->trails)->name =
			arena_strdup(&ar[DS_CLOUDTRAIL], "org-trail");
		INV_PUSH(&ar[DS_WORKLOAD_VPCS], a->workload_vpcs)->id =
			arena_strdup(&ar[DS_WORKLOAD_VPCS], "vpc-1");
		for (int k = 0; k < NREGIONS; k++) {
			struct inv_region *r = inv_add_region(a, regions[k]);
			struct arena *ra = r->arena;

			for (int d = 0; d < DS__COUNT; d++)
				r->status[d].state = INV_OK;
			INV_PUSH(&ra[DS_VOLUMES], r->volumes)->id =
				arena_strdup(&ra[DS_VOLUMES], "vol-1");
			INV_PUSH(&ra[DS_SNAPSHOTS], r->snapshots)->id =
				arena_strdup(&ra[DS_SNAPSHOTS], "snap-1");
			INV_PUSH(&ra[DS_FLOW_LOGS], r->flow_logs)->id =
				arena_strdup(&ra[DS_FLOW_LOGS], "fl-1");
			INV_PUSH(&ra[DS_CONFIG], r->recorders)->name =
				arena_strdup(&ra[DS_CONFIG], "default");
			INV_PUSH(&ra[DS_VPC], r->vpcs)->id =
				arena_strdup(&ra[DS_VPC], "vpc-1");
			INV_PUSH(&ra[DS_INSTANCES], r->instances)->id =
				arena_strdup(&ra[DS_INSTANCES], "i-1");
			INV_PUSH(&ra[DS_ENIS], r->enis)->id =
				arena_strdup(&ra[DS_ENIS], "eni-1");
			INV_PUSH(&ra[DS_KMS], r->keys)->id =
				arena_strdup(&ra[DS_KMS], "key-1");
		}
	}
}

static int same_findings(const struct findings *x, const struct findings *y)
{
	if (x->n != y->n)
		return 0;
	for (size_t i = 0; i < x->n; i++)
		if (x->v[i].status != y->v[i].status ||
		    strcmp(x->v[i].message, y->v[i].message) ||
		    strcmp(x->v[i].resource_id, y->v[i].resource_id) ||
		    strcmp(x->v[i].region, y->v[i].region))
			return 0;
	return 1;
}

int main(void)
{
	struct policy pol;
	struct inventory kept, inv;
	struct findings fk, fr;
	static const enum inv_dataset read[] = {
		DS_VOLUMES,   DS_S3_BUCKETS, DS_CLOUDTRAIL,
		DS_FLOW_LOGS, DS_CONFIG,     DS_WORKLOAD_VPCS,
		DS_VPC,       DS_INSTANCES,  DS_ENIS,
	};

	memset(&pol, 0, sizeof(pol));
	params_defaults(&pol.params);

	/* without release: every dataset is held to the end */
	build(&kept);
	findings_init(&fk);
	runner_evaluate(&kept, &pol, sel, ARRAY_SIZE(sel), &fk, 0);
	ok(!kept.accounts[0].released && held(&kept.accounts[0], DS_VOLUMES) &&
		   held(&kept.accounts[1], DS_S3_BUCKETS),
	   "release 0 (`irready inventory`'s case) releases nothing");

	build(&inv);
	findings_init(&fr);
	memset(saw, 0, sizeof(saw));
	runner_evaluate(&inv, &pol, sel, ARRAY_SIZE(sel), &fr, 1);
	for (int i = 0; i < NACCOUNTS; i++) {
		const struct inv_account *a = &inv.accounts[i];

		ok(saw[i] & 1,
		   "account %d: the first check finds its dataset and the "
		   "later checks' held",
		   i);
		ok(saw[i] & 2,
		   "account %d: VOLUMES is released once its last check ran, "
		   "before the next check; S3_BUCKETS' inputs are held for it",
		   i);
		ok(saw[i] & 4,
		   "account %d: S3_BUCKETS and its inputs are released after "
		   "their check; a consulted dataset and WORKLOAD_VPCS' inputs "
		   "are held for the check that reads them",
		   i);
		ok(saw[i] & 16,
		   "account %d: a dataset a later check peeks at is held for "
		   "it, then released",
		   i);
		ok(saw[i] & 8,
		   "account %d: releases are per account (the other account "
		   "is untouched until its own checks ran)",
		   i);
		for (size_t k = 0; k < ARRAY_SIZE(read); k++)
			ok(released(a, read[k]),
			   "account %d: %s is released after evaluation", i,
			   inv_dataset_name(read[k]));
		ok(held(a, DS_KMS) && !(a->released & INV_NEED(DS_KMS)),
		   "account %d: KMS, which no selected check reads, is held "
		   "until inv_free",
		   i);
		ok(a->regions[1].volumes.n == 1 && a->workload_vpcs.n == 1,
		   "account %d: a released vector keeps its count (what "
		   "another account's check may read)",
		   i);
	}
	ok(same_findings(&fk, &fr) && fr.n == 2 * (NREGIONS + 2),
	   "the findings are those of an evaluation that releases nothing "
	   "(%zu)",
	   fr.n);
	findings_release(&fk);
	findings_release(&fr);
	inv_free(&kept);
	inv_free(&inv);
	return done_testing();
}
