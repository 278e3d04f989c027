/*
 * inv_policy.h -- IAM policy documents into struct inv_policy_doc
 *
 * For collectors: GetAccountAuthorizationDetails returns policy documents
 * URL-encoded (RFC 3986); inv_policy_parse() takes the decoded JSON and
 * copies statements, actions, resources, principals and conditions into
 * the arena, so no cJSON object outlives the call.
 */
#ifndef INV_POLICY_H
#define INV_POLICY_H

#include "arena.h"
#include "inv.h"

/*
 * Percent-decode 's' into 'a' ("%7B%22" → "{\""); '+' stays '+'. A '%'
 * not followed by two hex digits is kept as is. NULL stays NULL.
 */
char *inv_url_decode(struct arena *a, const char *s);

/*
 * Parse the policy document 'json' into 'out' (strings in 'a'). Always
 * fills 'out': valid = 1, or valid = 0 with 'error' saying what is wrong
 * ("not JSON", "no Statement", "statement 2 has no Effect", ...). A
 * Statement may be one object or an array of them; Action, NotAction,
 * Resource, NotResource and each principal type may be a string or an
 * array of strings; Principal may be "*".
 */
void inv_policy_parse(struct arena *a, const char *json,
		      struct inv_policy_doc *out);

#endif
