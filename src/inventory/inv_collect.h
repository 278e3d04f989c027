/*
 * inv_collect.h -- collecting the inventory: datasets, collectors, driver
 *
 * inv.h is what checks read; this header is what fills it, and sees the
 * AWS layer. A dataset is a const descriptor, like a check: one line in
 * datasets.def, one `const struct dataset ds_<name>` in the collector's
 * file (see datasets.def for the steps). The driver (inv.c) plans tasks
 * from the descriptors' scopes and inputs and runs them on one pool.
 */
#ifndef INV_COLLECT_H
#define INV_COLLECT_H

#include "aws.h"
#include "inv.h"

struct params;
struct inv_pool;
struct cJSON;

/*
 * Collection. A collector fills one dataset for one scope and returns 0,
 * or an IRREADY_E* code with 'err' filled.
 */
struct collect_ctx {
	struct aws_client *client;
	struct inv_account *acct;
	struct inv_region *region; /* NULL for account datasets */
	struct arena *arena;
	struct aws_error *err;
	time_t now;
	const struct params *params; /* the policy's; NULL: defaults */
	/* REGIONS: audit only these (--regions R1,R2); NULL: every enabled */
	const char *const *only_regions;
	size_t nonly_regions;
	struct inv_pool
		*pool; /* the driver's, for inv_fanout(); NULL: serial */
};

typedef int (*inv_collector_fn)(struct collect_ctx *cx);

/*
 * Per-resource follow-up calls on the driver's pool: fn(sub, i, arg) for
 * every i in [0, n), on whichever of its threads are idle (the caller's
 * too), so a dataset's chain of DescribeKey, GetBucket*, ... calls is as
 * long as its slowest resource, not the sum of them, bounded by
 * --concurrency and the rate limiter. 'sub' is the caller's context with
 * its own arena (moved into cx->arena when all are done) and its own
 * error: fn must write only to resource i (no INV_PUSH onto shared
 * vectors; a vector of resource i's own grows in sub->arena, which
 * outlives the fan-out in cx->arena, as inv_sns.c's subscriptions do).
 * Returns the failure of the lowest index, its error copied to
 * cx->err; once one fails, the items after it that have not started are
 * skipped, as a loop that stops at the first failure would. Without a
 * pool (cx->pool NULL) the items run in order on this thread.
 */
typedef int (*inv_fanout_fn)(struct collect_ctx *sub, size_t i, void *arg);
int inv_fanout(struct collect_ctx *cx, size_t n, inv_fanout_fn fn, void *arg);

struct dataset {
	const char *name;        /* "VPC": as in datasets.def */
	enum inv_scope scope;    /* one task per account, or per region */
	const char *description; /* ERROR findings: "could not collect <it>" */
	/*
	 * Every IAM action the collector may call, space-separated: `irready
	 * iam-policy` prints their union for the selected checks.
	 */
	const char *actions;
	/*
	 * Datasets of the same account it reads (NEED_* bits via INV_NEED):
	 * they are collected in an earlier wave. Every dataset but the gates
	 * implicitly follows REGIONS.
	 */
	inv_needs inputs;
	/*
	 * A gate (IDENTITY, REGIONS): its failure means the account cannot
	 * be assessed at all; its error goes to acct->fatal.
	 */
	int gate;
	inv_collector_fn collect;
	/*
	 * Its part of `irready inventory`: add its keys to 'o', the account's
	 * object (r NULL) or the region's (inv_json.h has the helpers). NULL:
	 * nothing of its own to show.
	 */
	void (*dump)(struct cJSON *o, const struct inv_account *a,
		     const struct inv_region *r);
};

/* Every descriptor and collector, from datasets.def. */
#define DATASET(NAME, name)                                                    \
	extern const struct dataset ds_##name;                                 \
	int inv_collect_##name(struct collect_ctx *cx);
#include "datasets.def"
#undef DATASET

/* The descriptor of 'ds' (never NULL). */
const struct dataset *inv_dataset(enum inv_dataset ds);
inv_collector_fn inv_collector(enum inv_dataset ds);
/* The wave it is collected in: 0 for IDENTITY, 1 + its inputs' latest. */
int inv_dataset_wave(enum inv_dataset ds);

/* Collect every dataset in 'needs' for every account and region. */
/*
 * Run-wide dataset counters (updated atomically): the driver adds the
 * tasks it plans to 'total' and each finished one to 'done', so one
 * progress line can span every batch of accounts.
 */
struct inv_progress {
	size_t total, done;
};

struct collect_opts {
	const struct params *params; /* for collectors that need them */
	inv_needs needs; /* IDENTITY and REGIONS are always collected */
	int concurrency;
	int progress; /* a progress line on stderr (a terminal) */
	/* --regions R1,R2: audit only these; NULL: every enabled region */
	const char *const *only_regions;
	size_t nonly_regions;
	/* run-wide counters, or NULL; when set, no line is drawn here */
	struct inv_progress *counters;
};
/*
 * Accounts with an id of NULL are the credentials' own (IDENTITY fills
 * it). Returns how many accounts could be assessed (identity and regions
 * known); a->fatal says why the others could not, and a warning names
 * them on stderr.
 */
size_t inv_collect_datasets(struct inventory *inv, struct aws_client *client,
			    const struct collect_opts *opts);

/* The inventory as JSON, for `irready inventory` (inv_json.c). */
int inv_dump_json(const struct inventory *inv, FILE *out);

/*
 * Shared collector plumbing (inv_plumbing.c): make the call described by
 * 'req' in the context's account, with the error recorded in cx->err.
 */
int inv_call(struct collect_ctx *cx, struct aws_request *req,
	     struct aws_response *resp);
/* Report a malformed body of a successful call as IRREADY_EPARSE. */
int inv_malformed(struct collect_ctx *cx, const struct aws_request *req,
		  const char *what);
/*
 * A follow-up call about one resource (DescribeKey of one key, the status
 * of one trail) answered 'rc': when that is AWS's answer about the
 * resource (access denied by its own policy, not found, ...) keep the
 * error in 'dst', the resource's, clear cx->err and return 0, so that the
 * checks report ERROR for that resource and judge the rest. Any other rc
 * (transport, malformed answer) is returned: the dataset fails.
 */
int inv_resource_error(struct collect_ctx *cx, int rc, struct aws_error *dst);

#endif
