/*
 * policy_waivers.c -- applying waivers to findings
 *
 * After the checks ran, policy_apply_waivers() turns each FAIL covered by
 * an unexpired waiver into WAIVED (keeping the check's verdict), matching
 * check id, account, region and resource: a plain glob, or an ARN pattern
 * compared field by field, partition included ("arn:aws-us-gov:..." for
 * GovCloud). Expired and unused waivers are reported afterwards.
 */
#include "policy.h"
#include "policy_int.h"
#include "check.h"
#include "irready.h"
#include "strbuf.h"

#include <cJSON.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int policy_waiver_expired(const struct waiver *w, time_t now)
{
	return now >= w->expires + 86400;
}

/*
 * Split an ARN (or ARN pattern) into its six fields, the last one being
 * everything after the fifth ':'. 'buf' receives a copy with the first
 * five ':' turned into NULs (caller frees). Returns 0, or -1 when 's' is
 * not an ARN.
 */
static int arn_split(const char *s, char **buf, const char *f[6])
{
	char *c;
	int k = 1;

	if (!policy_arn_fields(s))
		return -1;
	*buf = xstrdup(s);
	f[0] = *buf;
	for (c = *buf; *c && k < 6; c++) {
		if (*c == ':') {
			*c = '\0';
			f[k++] = c + 1;
		}
	}
	return 0;
}

/* The part of an ARN resource field after "type/" or "type:", or NULL. */
static const char *after_type(const char *res)
{
	const char *c = res + strcspn(res, "/:");

	return *c ? c + 1 : NULL;
}

/* An ARN field pattern: empty or "*" matches anything. */
static int field_ok(const char *pat, const char *s)
{
	return !*pat || !fnmatch(pat, s, 0);
}

/*
 * Whether resource pattern 'pat' covers resource 'id' of a finding in
 * 'account' and 'region'. A plain glob matches the id; against an ARN it
 * also matches the ARN's resource field or the part after its type
 * ("vpc-0abc*" covers arn:aws:ec2:...:vpc/vpc-0abc1). An ARN pattern
 * matches an ARN field by field; against a bare id its account and
 * region fields must match the finding's and its resource field (or the
 * part after the type) the id.
 */
static int match_resource(const char *pat, const char *id, const char *account,
			  const char *region)
{
	char *pb = NULL, *ib = NULL;
	const char *pf[6], *rf[6], *t;
	int pa, ia, hit = 0;

	pa = !arn_split(pat, &pb, pf);
	ia = !arn_split(id, &ib, rf);
	if (pa && ia) {
		hit = 1;
		for (int i = 0; i < 6 && hit; i++)
			hit = !fnmatch(pf[i], rf[i], 0);
	} else if (pa) {
		hit = field_ok(pf[3], region) && field_ok(pf[4], account) &&
		      (!fnmatch(pf[5], id, 0) ||
		       ((t = after_type(pf[5])) && !fnmatch(t, id, 0)));
	} else if (!fnmatch(pat, id, 0)) {
		hit = 1;
	} else if (ia) {
		hit = !fnmatch(pat, rf[5], 0) ||
		      ((t = after_type(rf[5])) && !fnmatch(pat, t, 0));
	}
	free(pb);
	free(ib);
	return hit;
}

static int any_match(const char *const *pats, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!fnmatch(pats[i], s, 0))
			return 1;
	return 0;
}

static int waiver_matches(const struct waiver *w, const struct finding *x)
{
	return x->check && !fnmatch(w->check, x->check->id, 0) &&
	       any_match(w->accounts, w->naccounts, x->account_id) &&
	       any_match(w->regions, w->nregions, x->region) &&
	       match_resource(w->resource, x->resource_id, x->account_id,
			      x->region);
}

void policy_apply_waivers(struct policy *p, struct findings *f, time_t now)
{
	for (size_t i = 0; i < f->n; i++) {
		struct finding *x = &f->v[i];
		char *text;

		if (x->status != CHECK_FAIL)
			continue;
		for (size_t k = 0; k < p->nwaivers; k++) {
			struct waiver *w = &p->waivers[k];

			if (policy_waiver_expired(w, now) ||
			    !waiver_matches(w, x))
				continue;
			x->status = CHECK_WAIVED;
			text = xasprintf("%s (%s%s%s, until %s)", w->reason,
					 w->owner, w->ticket ? ", " : "",
					 w->ticket ? w->ticket : "",
					 w->expires_str);
			x->waiver = findings_intern(f, text);
			free(text);
			w->matched++;
			break;
		}
	}
}

enum waiver_state policy_waiver_state(const struct waiver *w, time_t now)
{
	if (policy_waiver_expired(w, now))
		return WAIVER_EXPIRED;
	return w->matched ? WAIVER_ACTIVE : WAIVER_UNUSED;
}

const char *waiver_state_name(enum waiver_state s)
{
	switch (s) {
	case WAIVER_ACTIVE:
		return "active";
	case WAIVER_UNUSED:
		return "unused";
	case WAIVER_EXPIRED:
		return "expired";
	}
	return "?";
}

void policy_warn_waivers(const struct policy *p, time_t now)
{
	for (size_t i = 0; i < p->nwaivers; i++) {
		const struct waiver *w = &p->waivers[i];

		switch (policy_waiver_state(w, now)) {
		case WAIVER_EXPIRED:
			warning("waiver %s (%s) expired on %s and no longer "
				"applies",
				w->origin, w->check, w->expires_str);
			break;
		case WAIVER_UNUSED:
			warning("waiver %s (%s) matched no failing finding",
				w->origin, w->check);
			break;
		case WAIVER_ACTIVE:
			break;
		}
	}
}
