/*
 * runner_plan.c -- the accounts a run audits
 *
 * runner.c's plan stage: the recording's accounts, the credentials' own
 * account, or with --org the Organization's listing, filtered by
 * --accounts, --exclude-accounts and --shard, with an assume-role
 * credentials provider per member account.
 */
#include "runner_plan.h"
#include "runner.h"
#include "aws.h"
#include "aws_creds.h"
#include "aws_https.h"
#include "inv_collect.h"
#include "irready.h"
#include "org.h"

#include <stdlib.h>
#include <string.h>

static void plan_add(struct plan *p, const char *id, const char *name,
		     const char *ou)
{
	ALLOC_GROW(p->v, p->n + 1, p->alloc);
	p->v[p->n].id = id ? xstrdup(id) : NULL;
	p->v[p->n].name = name && *name ? xstrdup(name) : NULL;
	p->v[p->n].ou = ou ? xstrdup(ou) : NULL;
	p->v[p->n].caller_arn = p->v[p->n].org_id = p->v[p->n].org_arn = NULL;
	p->v[p->n].feature_set = p->v[p->n].management_id = NULL;
	p->v[p->n].owner = 0;
	p->n++;
}

size_t plan_owners(const struct plan *p)
{
	size_t n = 0;

	while (n < p->n && p->v[n].owner)
		n++;
	return n;
}

void plan_release(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].id);
		free(p->v[i].name);
		free(p->v[i].ou);
		free(p->v[i].caller_arn);
		free(p->v[i].org_id);
		free(p->v[i].org_arn);
		free(p->v[i].feature_set);
		free(p->v[i].management_id);
	}
	for (size_t i = 0; i < p->ncontext; i++)
		free(p->context[i]);
	free(p->context);
	for (size_t i = 0; i < p->nproviders; i++)
		aws_creds_provider_free(p->providers[i]);
	free(p->providers);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* What the listing account's own datasets need not ask again. */
static void plan_known(struct plan_account *pa, const struct inv_account *me,
		       const struct org_accounts *org)
{
	pa->caller_arn = me->caller_arn ? xstrdup(me->caller_arn) : NULL;
	pa->org_id = org->org_id ? xstrdup(org->org_id) : NULL;
	pa->org_arn = org->org_arn ? xstrdup(org->org_arn) : NULL;
	pa->feature_set = org->feature_set ? xstrdup(org->feature_set) : NULL;
	pa->management_id =
		org->management_id ? xstrdup(org->management_id) : NULL;
}

/* --accounts, --exclude-accounts and --shard, for a known account id. */
static int wanted_account(const struct audit_opts *o, const char *id)
{
	if (!org_account_selected(id, o->accounts, o->exclude_accounts))
		return 0;
	return !o->shard_count ||
	       org_shard_of(id, o->shard_count) == o->shard_index;
}

/* Assume --role-name in account 'id' for the rest of the run. */
static void assume_member(const struct audit_opts *o, struct aws_client *client,
			  struct aws_creds_provider *creds, const char *home,
			  const char *role, struct plan *p, const char *id)
{
	struct aws_creds_provider *ap = NULL;
	char *arn = xasprintf("arn:%s:iam::%s:role/%s", aws_partition(home), id,
			      role);

	aws_creds_provider_assume(creds, arn, o->external_id, "irready-audit",
				  home, o->endpoint_url, &ap);
	aws_https_set_account_creds(client->transport, id, ap);
	p->providers = xrealloc(p->providers,
				(p->nproviders + 1) * sizeof(*p->providers));
	p->providers[p->nproviders++] = ap;
	free(arn);
}

/*
 * Who is audited: with --org, every ACTIVE account the Organization
 * lists (the caller's own with its own credentials, the others through
 * --role-name); otherwise the recording's accounts, or the credentials'
 * own account.
 */
int plan_accounts(const struct audit_opts *o, struct aws_client *client,
		  struct aws_creds_provider *creds, const char *home,
		  const struct aws_scenario *sc, struct plan *p)
{
	struct org_accounts org = { 0 };
	struct inv_account caller = { 0 };
	struct collect_ctx cx = { .client = client,
				  .acct = &caller,
				  .arena = &caller.meta,
				  .err = &caller.fatal };
	const char *role =
		o->role_name ? o->role_name : "OrganizationAccountAccessRole";
	int rc = 0;

	if (!o->org) {
		if (o->replay_dir) {
			for (size_t i = 0; i < sc->naccounts; i++)
				if (wanted_account(o, sc->accounts[i]))
					plan_add(p, sc->accounts[i], NULL,
						 NULL);
		} else {
			plan_add(p, NULL, NULL, NULL);
		}
		if (!p->n && !o->shard_count)
			return error_rc(IRREADY_EUSAGE,
					"no account left to audit after "
					"--accounts/--exclude-accounts");
		return 0;
	}
	/* the caller: the management account or a delegated administrator */
	caller.id = o->replay_dir && sc->naccounts ? sc->accounts[0] : NULL;
	caller.home_region = home;
	if (inv_collect_identity(&cx) ||
	    org_list_accounts(client, caller.id, home, &org, &caller.fatal)) {
		rc = error_rc(IRREADY_EAWS,
			      "cannot list the Organization's accounts: %s on "
			      "%s: %s",
			      caller.fatal.code, caller.fatal.action,
			      caller.fatal.message);
		goto out;
	}
	info("organization: %zu accounts, management account %s", org.n,
	     org.management_id ? org.management_id : "?");
	/*
	 * The owners of central mechanisms first (a batch's members see its
	 * owners, orgwide.h); owners this run does not audit (--shard,
	 * --accounts) are its context: collected for orgwide only.
	 */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < org.n; i++) {
			const struct org_account *a = &org.v[i];
			int wanted = wanted_account(o, a->id);

			if (org.v[i].owner != !pass || (!wanted && !a->owner))
				continue;
			if (strcmp(a->status, "ACTIVE")) {
				if (wanted)
					info("skipping account %s (%s): %s",
					     a->id, a->name, a->status);
				continue;
			}
			if (!wanted) {
				ALLOC_GROW(p->context, p->ncontext + 1,
					   p->alloc_context);
				p->context[p->ncontext++] = xstrdup(a->id);
			} else {
				plan_add(p, a->id, a->name, a->ou_path);
				p->v[p->n - 1].owner = a->owner;
				if (!strcmp(a->id, caller.id))
					plan_known(&p->v[p->n - 1], &caller,
						   &org);
			}
			if (creds && strcmp(a->id, caller.id))
				assume_member(o, client, creds, home, role, p,
					      a->id);
		}
	/* an empty shard is a valid share of the work: an empty report */
	if (!p->n && !o->shard_count)
		rc = error_rc(IRREADY_EUSAGE, "no active account left to audit "
					      "in the Organization");
out:
	org_accounts_release(&org);
	arena_release(&caller.meta);
	return rc;
}
