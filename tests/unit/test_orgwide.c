/*
 * test_orgwide.c -- what orgwide_note() takes from an --org run's accounts
 *
 * Only what the owning account's own data proves: ACTIVE organization
 * analyzers, aggregators described in their aggregation region,
 * organization trails the account owns and read; each once, however many
 * batches note it; nothing from an account that could not be assessed or
 * from a dataset that failed (the account is listed as not assessed).
 */
#include "orgwide.h"
#include "irready.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static struct inv_account *account(struct inventory *inv, const char *id)
{
	struct inv_account *a = inv_add_account(inv);

	a->id = arena_strdup(&a->meta, id);
	a->assessed = 1;
	return a;
}

static size_t count(const struct inv_orgwide *ow, enum inv_org_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < ow->n; i++)
		n += ow->v[i].kind == kind;
	return n;
}

int main(void)
{
	struct inventory inv = { 0 };
	struct inv_orgwide ow = { 0 };
	struct inv_account *a, *b;
	struct inv_region *r, *e;
	struct inv_analyzer *x;
	struct inv_sh_aggregator *g;
	struct inv_trail *t;

	account(&inv, "222233334444");
	account(&inv, "555566667777");
	a = &inv.accounts[0];
	b = &inv.accounts[1];
	inv_add_region(a, "us-east-1");
	inv_add_region(a, "eu-west-1");
	r = &a->regions[0];
	e = &a->regions[1];
	for (int d = 0; d < DS__COUNT; d++) {
		a->status[d].state = b->status[d].state = INV_OK;
		r->status[d].state = e->status[d].state = INV_OK;
	}
	x = INV_PUSH(&r->arena[DS_ACCESS_ANALYZER], r->analyzers);
	x->arn = "arn:aws:access-analyzer:us-east-1:222233334444:analyzer/org";
	x->name = "org";
	x->type = "ORGANIZATION";
	x->status = "ACTIVE";
	x = INV_PUSH(&r->arena[DS_ACCESS_ANALYZER], r->analyzers);
	x->arn = "arn:aws:access-analyzer:us-east-1:222233334444:analyzer/acct";
	x->type = "ACCOUNT";
	x->status = "ACTIVE";
	x = INV_PUSH(&e->arena[DS_ACCESS_ANALYZER], e->analyzers);
	x->arn = "arn:aws:access-analyzer:eu-west-1:222233334444:analyzer/org";
	x->type = "ORGANIZATION";
	x->status = "CREATING";

	g = INV_PUSH(&r->arena[DS_SH_AGGREGATOR], r->sh_aggregators);
	g->arn = "arn:aws:securityhub:us-east-1:222233334444:"
		 "finding-aggregator/a";
	g->region = "us-east-1";
	g->linking_mode = "SPECIFIED_REGIONS";
	*INV_PUSH(&r->arena[DS_SH_AGGREGATOR], g->regions) = "eu-west-1";
	*INV_PUSH(&r->arena[DS_SH_AGGREGATOR], g->regions) = "ap-south-1";
	g->described = 1;
	g = INV_PUSH(&e->arena[DS_SH_AGGREGATOR],
		     e->sh_aggregators); /* listed, not described there */
	g->arn = "arn:aws:securityhub:us-east-1:222233334444:"
		 "finding-aggregator/a";
	g->region = "us-east-1";

	t = INV_PUSH(&a->arena[DS_CLOUDTRAIL],
		     a->trails); /* its own organization trail, read */
	t->arn = "arn:aws:cloudtrail:us-east-1:222233334444:trail/org";
	t->name = "org";
	t->home_region = "us-east-1";
	t->organization = t->status_checked = t->selectors_checked = 1;
	t = INV_PUSH(&b->arena[DS_CLOUDTRAIL],
		     b->trails); /* another's, as a member sees it */
	t->arn = "arn:aws:cloudtrail:us-east-1:222233334444:trail/org";
	t->organization = t->status_checked = t->selectors_checked = 1;
	t = INV_PUSH(&b->arena[DS_CLOUDTRAIL], b->trails); /* its own, unread */
	t->arn = "arn:aws:cloudtrail:us-east-1:555566667777:trail/org2";
	t->organization = t->status_checked = 1;

	orgwide_note(&ow, &inv);
	orgwide_note(&ow, &inv); /* a second batch adds nothing twice */
	is_int(ow.n, 3, "three mechanisms noted, each once");
	is_int(count(&ow, INV_ORG_ANALYZER), 1,
	       "only the ACTIVE ORGANIZATION analyzer");
	is_int(count(&ow, INV_ORG_AGGREGATOR), 1,
	       "the aggregator, from its aggregation region");
	is_int(count(&ow, INV_ORG_TRAIL), 1, "only the trail its owner read");
	for (size_t i = 0; i < ow.n; i++) {
		const struct inv_org_mech *m = &ow.v[i];

		is_str(m->account, "222233334444", "owned by the account");
		if (m->kind == INV_ORG_AGGREGATOR) {
			is_str(m->linking_mode, "SPECIFIED_REGIONS",
			       "linking mode kept");
			is_str(m->regions, "eu-west-1,ap-south-1",
			       "linked regions kept");
		}
		if (m->kind == INV_ORG_ANALYZER)
			is_str(m->region, "us-east-1", "the analyzer's region");
	}

	/* a failed dataset or an unassessed account proves nothing */
	orgwide_release(&ow);
	r->status[DS_ACCESS_ANALYZER].state = INV_FAILED;
	a->status[DS_CLOUDTRAIL].state = INV_FAILED;
	orgwide_note(&ow, &inv);
	is_int(ow.n, 1, "failed datasets: only the aggregator");
	orgwide_release(&ow);
	a->assessed = 0;
	orgwide_note(&ow, &inv);
	orgwide_note(&ow, &inv);
	is_int(ow.n, 0, "an account not assessed: nothing");
	is_int(ow.unassessed.n, 1, "but it is noted as not assessed, once");
	if (ow.unassessed.n == 1)
		is_str(ow.unassessed.v[0], "222233334444",
		       "the account not assessed");
	orgwide_release(&ow);
	is_int(ow.unassessed.n, 0, "released");
	inv_free(&inv);
	return done_testing();
}
