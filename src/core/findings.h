/*
 * findings.h -- statuses, severities, phases and the findings list
 *
 * A finding is one verdict on one resource by one check in one account and
 * region. findings_add() copies everything it is given; the list owns its
 * strings. Checks only ever call findings_add(); the runner sets the
 * context (check, account, region) before calling a check.
 */
#ifndef FINDINGS_H
#define FINDINGS_H

#include <stddef.h>
#include <time.h>

enum ir_phase {
	PHASE_PREPARATION,
	PHASE_DETECTION,
	PHASE_CONTAINMENT,
	PHASE_POST_INCIDENT,
	PHASE__COUNT
};

enum severity {
	SEV_CRITICAL,
	SEV_HIGH,
	SEV_MEDIUM,
	SEV_LOW,
	SEV_INFO,
	SEV__COUNT
};

enum check_status {
	CHECK_PASS,
	CHECK_FAIL,
	CHECK_ERROR,
	CHECK_WAIVED,
	CHECK_MANUAL,
	CHECK_NA,
	CHECK__COUNT
};

const char *phase_name(enum ir_phase p);      /* "preparation" */
const char *phase_title(enum ir_phase p);     /* "Preparation" */
const char *severity_name(enum severity s);   /* "high" */
const char *status_name(enum check_status s); /* "PASS", "NOT_APPLICABLE" */
int severity_weight(enum severity s);         /* 10 5 3 1 0 */
int severity_parse(const char *s, enum severity *out);
int phase_parse(const char *s, enum ir_phase *out);

struct check;

struct finding {
	char id[17]; /* stable: hash of account/region/check/resource */
	const struct check *check;
	char *account_id, *region;
	enum check_status status;
	enum check_status
		verdict;        /* the check's own verdict (kept when WAIVED) */
	enum severity severity; /* after policy overrides */
	char *resource_type, *resource_id, *message;
	char *waiver; /* "reason (owner, ticket, until date)" or NULL */
	char *account_name, *ou_path;
	time_t collected_at;
};

struct findings {
	struct finding *v;
	size_t n, alloc;
	/* context for findings_add(), set by the runner */
	const struct check *check;
	const char *account_id, *region;
	enum severity severity;
	time_t collected_at;
};

void findings_init(struct findings *f);
void findings_release(struct findings *f);

/*
 * Add a finding for the current context. 'resource_type' is an AWS
 * CloudFormation-style type ("AWS::EC2::VPC"), 'resource_id' the ARN or
 * id. The message is printf-formatted. Returns the new finding.
 */
struct finding *findings_add(struct findings *f, enum check_status st,
			     const char *resource_type, const char *resource_id,
			     const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Sort by (account, phase, check id, region, resource id). */
void findings_sort(struct findings *f);

/* The stable id for (account, region, check, resource): 16 hex digits. */
void finding_make_id(const char *account, const char *region, const char *check,
		     const char *resource, char out[17]);

#endif
