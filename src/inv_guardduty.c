/*
 * inv_guardduty.c -- GuardDuty detectors (rest-json)
 *
 * GET /detector lists detector ids (nextToken paging); GET
 * /detector/{id} gives each one's status.
 */
#include "inv_pager.h"
#include "irready.h"

#include <stdlib.h>
#include <string.h>

struct ids {
	INV_VEC(const char *) v;
};

static int list_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct ids *ids = arg;
	const cJSON *id;

	cJSON_ArrayForEach(id, ajson_array(page, "detectorIds"))
	{
		if (!cJSON_IsString(id))
			continue;
		*INV_PUSH(ids->v) = arena_strdup(cx->arena, id->valuestring);
	}
	return 0;
}

static int detector_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_detector *d = arg;

	d->status = ajson_str(cx->arena, page, "status");
	if (!d->status)
		d->status = "UNKNOWN";
	return 0;
}

int inv_collect_guardduty(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "guardduty",
				   .action = "ListDetectors",
				   .method = "GET",
				   .path = "/detector",
				   .token_param = "nextToken" };
	struct ids ids = { 0 };
	int rc = inv_json_pages(cx, &req, "nextToken", list_page, &ids);

	for (size_t i = 0; !rc && i < ids.v.n; i++) {
		struct inv_detector *d = INV_PUSH(cx->region->detectors);
		struct aws_request dreq = { .service = "guardduty",
					    .action = "GetDetector",
					    .method = "GET",
					    .resource = ids.v.v[i] };

		d->id = ids.v.v[i];
		dreq.path = arena_printf(cx->arena, "/detector/%s", d->id);
		rc = inv_json_call(cx, &dreq, detector_page, d);
	}
	free(ids.v.v);
	return rc;
}
