/*
 * runner_plan.h -- the accounts a run audits (runner.c's plan stage)
 *
 * Private to runner.c and runner_plan.c. A plan owns its strings and the
 * assume-role providers it made; plan_release() frees them all.
 */
#ifndef RUNNER_PLAN_H
#define RUNNER_PLAN_H

#include <stddef.h>

struct audit_opts;
struct aws_client;
struct aws_creds_provider;
struct aws_scenario;

/* The accounts a run audits, in order. */
struct plan_account {
	char *id; /* NULL: the credentials' own account, found by identity */
	char *name, *ou;
	/*
	 * --org: the listing account's GetCallerIdentity and
	 * DescribeOrganization answers, so that it is not asked twice
	 */
	char *caller_arn, *org_id, *org_arn, *feature_set, *management_id;
	int owner; /* --org: may own central mechanisms (org.h) */
};

struct plan {
	struct plan_account *v;
	size_t n, alloc;
	struct aws_creds_provider **providers; /* assumed roles, owned */
	size_t nproviders;
	/*
	 * --org: accounts that may own central mechanisms but are not
	 * audited by this run (--shard, --accounts): collected only for
	 * orgwide (runner.c)
	 */
	char **context;
	size_t ncontext, alloc_context;
};

/*
 * Who is audited: with --org, every ACTIVE account the Organization
 * lists (the caller's own with its own credentials, the others through
 * --role-name), the owners of central mechanisms first, and the owners
 * it leaves out as p->context; otherwise the recording's accounts, or the
 * credentials' own account. Returns 0 or an IRREADY_E* code, reported.
 */
int plan_accounts(const struct audit_opts *o, struct aws_client *client,
		  struct aws_creds_provider *creds, const char *home,
		  const struct aws_scenario *sc, struct plan *p);
/* How many owners of central mechanisms lead the plan (--org). */
size_t plan_owners(const struct plan *p);
void plan_release(struct plan *p);

#endif
