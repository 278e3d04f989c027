/*
 * inv_pager.h -- paging loops for collectors (see inv_pager.c)
 *
 * The callbacks get one parsed page: for XML the result element (the root
 * for ec2 and rest-xml, <ActionResult> for query), for JSON the top-level
 * object. They copy what they need into cx->arena and return 0, or
 * inv_malformed() when the page lacks what it must have.
 */
#ifndef INV_PAGER_H
#define INV_PAGER_H

#include "aws_json.h"
#include "aws_validate.h"
#include "aws_xml.h"
#include "inv_collect.h"

/*
 * A page callback may return INV_PAGE_LAST: the page was read, and the
 * listing ends here whatever token it carries (for APIs that always send
 * one, like WAFv2's NextMarker).
 */
#define INV_PAGE_LAST (-1)

/*
 * MaxResults of EC2 listings (5..1000): EC2 pages only when it is given
 * (tests/t_paging.py checks every EC2 listing sends it).
 */
#define EC2_PAGE_SIZE "1000"

typedef int (*inv_xml_page_fn)(struct collect_ctx *cx, struct axml_node *result,
			       void *arg);
typedef int (*inv_json_page_fn)(struct collect_ctx *cx, const cJSON *page,
				void *arg);

/* 'token_path': the element holding the next token ("nextToken", "Marker"). */
int inv_xml_pages(struct collect_ctx *cx, struct aws_request *req,
		  const char *token_path, inv_xml_page_fn fn, void *arg);
/* 'token_key': the member holding the next token ("NextToken", "NextMarker").
 */
int inv_json_pages(struct collect_ctx *cx, struct aws_request *req,
		   const char *token_key, inv_json_page_fn fn, void *arg);
/*
 * An identifier decoded from the answer to 'req' failed its format check
 * (aws_validate.h): a MalformedResponse ERROR naming the operation, the
 * field and the value (escaped). Returns IRREADY_EPARSE.
 */
int inv_invalid(struct collect_ctx *cx, const struct aws_request *req,
		const char *field, const char *value);

/* Single, unpaged calls. */
int inv_xml_call(struct collect_ctx *cx, struct aws_request *req,
		 inv_xml_page_fn fn, void *arg);
int inv_json_call(struct collect_ctx *cx, struct aws_request *req,
		  inv_json_page_fn fn, void *arg);

/*
 * The tag list 'set' of an XML item ("tagSet" with key/value in EC2,
 * "TagList" with Key/Value in RDS) in the arena, missing keys and values
 * as ""; NULL with *n = 0 when there is none.
 */
struct inv_tag *inv_xml_tags(struct arena *a, const struct axml_node *item,
			     const char *set, const char *key,
			     const char *value, size_t *n);

#endif
