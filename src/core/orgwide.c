/*
 * orgwide.c -- the Organization's central mechanisms (see orgwide.h)
 *
 * Only what the owning account's own data proves goes in: an analyzer of
 * type ORGANIZATION that is ACTIVE, an aggregator that GetFindingAggregator
 * described in its aggregation region, an organization trail its owner
 * (the account in its ARN) read the status and selectors of. Members' checks
 * read the list through inventory.orgwide and name the owner in their findings.
 * Accounts that could not be assessed at all are listed too: what they own
 * is judged nowhere, and the members' messages say so.
 */
#include "orgwide.h"
#include "irready.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int noted(const struct inv_orgwide *ow, const char *arn)
{
	for (size_t i = 0; i < ow->n; i++)
		if (!strcmp(ow->v[i].arn, arn))
			return 1;
	return 0;
}

static struct inv_org_mech *add(struct inv_orgwide *ow, enum inv_org_kind kind,
				const char *account, const char *region,
				const char *arn)
{
	struct inv_org_mech *m;

	ALLOC_GROW(ow->v, ow->n + 1, ow->alloc);
	m = &ow->v[ow->n++];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->account = arena_strdup(&ow->mem, account);
	m->region = arena_strdup(&ow->mem, region);
	m->arn = arena_strdup(&ow->mem, arn);
	return m;
}

/* "eu-west-1,us-west-2": an aggregator's Regions, in the arena */
static const char *region_list(struct arena *mem,
			       const struct inv_sh_aggregator *g)
{
	const char *s = "";

	for (size_t i = 0; i < g->regions.n; i++)
		s = arena_printf(mem, "%s%s%s", s, i ? "," : "",
				 g->regions.v[i]);
	return arena_strdup(mem, s);
}

static void note_region(struct inv_orgwide *ow, const struct inv_account *a,
			const struct inv_region *r)
{
	if (r->status[DS_ACCESS_ANALYZER].state == INV_OK)
		for (size_t i = 0; i < r->analyzers.n; i++) {
			const struct inv_analyzer *x = &r->analyzers.v[i];
			struct inv_org_mech *m;

			if (!x->arn || !x->type || !x->status ||
			    strcasecmp(x->type, "ORGANIZATION") ||
			    strcasecmp(x->status, "ACTIVE") ||
			    noted(ow, x->arn))
				continue;
			m = add(ow, INV_ORG_ANALYZER, a->id, r->name, x->arn);
			m->name = arena_strdup(&ow->mem, x->name);
		}
	if (r->status[DS_SH_AGGREGATOR].state == INV_OK)
		for (size_t i = 0; i < r->sh_aggregators.n; i++) {
			const struct inv_sh_aggregator *g =
				&r->sh_aggregators.v[i];
			struct inv_org_mech *m;

			if (!g->described || !g->region || noted(ow, g->arn))
				continue;
			m = add(ow, INV_ORG_AGGREGATOR, a->id, g->region,
				g->arn);
			m->linking_mode =
				arena_strdup(&ow->mem, g->linking_mode);
			m->regions = region_list(&ow->mem, g);
		}
}

/* Whether 'arn' names account 'id' (its fifth field). */
static int arn_of(const char *arn, const char *id)
{
	const char *p = arn;
	size_t n = strlen(id);

	for (int i = 0; p && i < 4; i++) {
		p = strchr(p, ':');
		p = p ? p + 1 : NULL;
	}
	return p && !strncmp(p, id, n) && p[n] == ':';
}

/* Organization trails the account owns and could read. */
static void note_trails(struct inv_orgwide *ow, const struct inv_account *a)
{
	if (a->status[DS_CLOUDTRAIL].state != INV_OK)
		return;
	for (size_t i = 0; i < a->trails.n; i++) {
		const struct inv_trail *t = &a->trails.v[i];
		struct inv_org_mech *m;

		if (!t->organization || !t->arn || !arn_of(t->arn, a->id) ||
		    !t->status_checked || !t->selectors_checked ||
		    noted(ow, t->arn))
			continue;
		m = add(ow, INV_ORG_TRAIL, a->id,
			t->home_region ? t->home_region : "", t->arn);
		m->name = arena_strdup(&ow->mem, t->name);
	}
}

/* Note account 'id' as one the run could not assess (once). */
static void note_unassessed(struct inv_orgwide *ow, const char *id)
{
	for (size_t i = 0; i < ow->unassessed.n; i++)
		if (!strcmp(ow->unassessed.v[i], id))
			return;
	*INV_PUSH(&ow->mem, ow->unassessed) = arena_strdup(&ow->mem, id);
}

void orgwide_note(struct inv_orgwide *ow, const struct inventory *inv)
{
	for (size_t i = 0; i < inv->naccounts; i++) {
		const struct inv_account *a = &inv->accounts[i];

		if (!a->id)
			continue;
		if (!a->assessed) {
			note_unassessed(ow, a->id);
			continue;
		}
		note_trails(ow, a);
		for (size_t r = 0; r < a->nregions; r++)
			note_region(ow, a, &a->regions[r]);
	}
}

void orgwide_note_context(struct inv_orgwide *ow, char *const *ids, size_t n,
			  const char *home, time_t now,
			  struct aws_client *client,
			  const struct collect_opts *opts)
{
	struct inventory ctx = { .now = now };
	struct collect_opts co = *opts;

	co.needs &= NEED_ACCESS_ANALYZER | NEED_SH_AGGREGATOR | NEED_CLOUDTRAIL;
	co.counters = NULL;
	co.progress = 0;
	if (!n || !co.needs)
		return;
	for (size_t i = 0; i < n; i++) {
		struct inv_account *a = inv_add_account(&ctx);

		a->id = arena_strdup(&a->meta, ids[i]);
		a->home_region = arena_strdup(&a->meta, home);
	}
	inv_collect_datasets(&ctx, client, &co);
	orgwide_note(ow, &ctx);
	inv_free(&ctx);
}

void orgwide_release(struct inv_orgwide *ow)
{
	free(ow->v);
	arena_release(&ow->mem);
	memset(ow, 0, sizeof(*ow));
}
