/*
 * inv_incidents.c -- Incident Manager response plans and contacts
 *
 * ssm-incidents:ListResponsePlans (rest-json POST /listResponsePlans,
 * nextToken in the body) and ssm-contacts:ListContacts (json,
 * SSMContacts.ListContacts, NextToken). Incident Manager is set up once
 * per account and lives in the regions of its replication set, so this is
 * an account dataset that asks every audited region and keeps one summary
 * per region. A region that fails is recorded as such; the dataset fails
 * only when every region did.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

static int plans_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_im_region *m = arg;
	const cJSON *p;

	cJSON_ArrayForEach(p, ajson_array(page, "responsePlanSummaries"))
	{
		if (!m->first_plan)
			m->first_plan = ajson_str(cx->arena, p, "name");
		m->nplans++;
	}
	return 0;
}

static int contacts_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_im_region *m = arg;
	const cJSON *c;

	cJSON_ArrayForEach(c, ajson_array(page, "Contacts"))
	{
		if (!m->first_contact)
			m->first_contact = ajson_str(cx->arena, c, "Alias");
		m->ncontacts++;
	}
	return 0;
}

static int collect_region(struct collect_ctx *cx, struct inv_im_region *m)
{
	struct aws_request preq = { .service = "ssm-incidents",
				    .action = "ListResponsePlans",
				    .region = m->region,
				    .method = "POST",
				    .path = "/listResponsePlans",
				    .json_body = "{}",
				    .token_param = "nextToken" };
	struct aws_request creq = { .service = "ssm-contacts",
				    .action = "ListContacts",
				    .region = m->region,
				    .token_param = "NextToken" };
	int rc = inv_json_pages(cx, &preq, "nextToken", plans_page, m);

	if (!rc)
		rc = inv_json_pages(cx, &creq, "NextToken", contacts_page, m);
	return rc;
}

int inv_collect_incident_manager(struct collect_ctx *cx)
{
	struct inv_account *a = cx->acct;
	size_t failed = 0;
	int first_rc = 0;

	for (size_t i = 0; i < a->nregions; i++) {
		struct inv_im_region *m = INV_PUSH(cx->arena, a->im_regions);
		int rc;

		m->region = a->regions[i].name;
		rc = collect_region(cx, m);
		if (!rc)
			continue;
		m->failed = 1;
		m->err = *cx->err;
		aws_error_clear(cx->err);
		if (!failed++)
			first_rc = rc;
	}
	if (a->nregions && failed == a->nregions) {
		*cx->err = a->im_regions.v[0].err;
		return first_rc;
	}
	return 0;
}

/* `irready inventory`: what INCIDENT_MANAGER holds */
static void incident_manager_json(cJSON *o, const struct inv_account *acct,
				  const struct inv_region *r)
{
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "incident_manager");
	for (size_t i = 0; i < acct->im_regions.n; i++) {
		const struct inv_im_region *m = &acct->im_regions.v[i];

		x = cJSON_CreateObject();
		inv_json_str(x, "region", m->region);
		inv_json_failure(x, "error", m->failed, &m->err);
		if (!m->failed) {
			cJSON_AddNumberToObject(x, "response_plans",
						(double)m->nplans);
			cJSON_AddNumberToObject(x, "contacts",
						(double)m->ncontacts);
		}
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_incident_manager = {
	.name = "INCIDENT_MANAGER",
	.scope = INV_ACCOUNT,
	.description = "Incident Manager response plans and contacts",
	.actions = "ssm-incidents:ListResponsePlans ssm-contacts:ListContacts",
	.collect = inv_collect_incident_manager,
	.dump = incident_manager_json,
};
