/*
 * orgwide.c -- the Organization's central mechanisms (see orgwide.h)
 *
 * Only what the owning account's own data proves goes in: an analyzer of
 * type ORGANIZATION that is ACTIVE, an aggregator that GetFindingAggregator
 * described in its aggregation region. Members' checks read the list
 * through inventory.orgwide and name the owner in their findings.
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

void orgwide_note(struct inv_orgwide *ow, const struct inventory *inv)
{
	for (size_t i = 0; i < inv->naccounts; i++) {
		const struct inv_account *a = &inv->accounts[i];

		if (!a->assessed || !a->id)
			continue;
		for (size_t r = 0; r < a->nregions; r++)
			note_region(ow, a, &a->regions[r]);
	}
}

void orgwide_release(struct inv_orgwide *ow)
{
	free(ow->v);
	arena_release(&ow->mem);
	memset(ow, 0, sizeof(*ow));
}
