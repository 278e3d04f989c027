/*
 * findings.h -- statuses, severities, phases and the findings list
 *
 * A finding is one verdict on one resource by one check in one account and
 * region. findings_add() copies everything it is given; the list owns its
 * strings. Checks only ever call findings_add(); the runner sets the
 * context (check, account, region) before calling a check.
 *
 * Ownership: every string a finding points to belongs to its list and
 * lives until findings_release(); nothing in a finding is freed on its
 * own. Strings that repeat across findings (account id, region, resource
 * type, waiver text, account name, OU path) are interned: one copy per
 * list, equal strings are the same pointer. A finding's own strings
 * (resource id, message) are packed into the list's text blocks, with no
 * per-string allocation. Code that sets a field after findings_add() takes
 * the string from findings_intern() or findings_strdup() on the same list.
 * A 'struct finding' copied into another list still points into the first
 * one's storage (score.c's per-account views): the first outlives it.
 */
#ifndef FINDINGS_H
#define FINDINGS_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
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
	const struct check *check;
	/* interned: the same pointer for equal strings of one list */
	const char *account_id, *region;
	const char *resource_type;         /* "" when none */
	const char *resource_id, *message; /* the finding's own, packed */
	const char *waiver; /* "reason (owner, ticket, until date)" or NULL */
	const char *account_name, *ou_path; /* interned, or NULL */
	time_t collected_at;
	char id[17]; /* stable: hash of account/region/check/resource */
	/*
	 * A byte each (GCC and Clang take enum bit-fields, and still check
	 * switches over them): 104 bytes a finding, not 112, when a run
	 * holds ~10^6 of them.
	 */
	enum check_status status : 8;
	enum check_status verdict : 8; /* the check's own (kept when WAIVED) */
	enum severity severity : 8;    /* after policy overrides */
};

struct findings_text; /* findings.c: the strings the findings point to */

struct findings {
	struct finding *v;
	size_t n, alloc;
	struct findings_text *text; /* owned; NULL until the first string */
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

/*
 * 's' as the list's one copy of it, owned by 'f' until findings_release():
 * equal strings give the same pointer. NULL stays NULL. For strings that
 * repeat across findings (waiver text, account name, OU path).
 */
const char *findings_intern(struct findings *f, const char *s);

/*
 * A copy of 's' packed into the list's text blocks, owned by 'f' until
 * findings_release() (NULL stays NULL): for a finding's own strings.
 */
const char *findings_strdup(struct findings *f, const char *s);

/*
 * The bytes 'f' holds: its array (as allocated), text blocks and intern
 * table, without the allocator's own overhead (a handful of blocks).
 */
size_t findings_bytes(const struct findings *f);

/*
 * Append a copy of every finding of 'src' to 'dst', their strings copied
 * into 'dst' (interned there as in 'src').
 */
void findings_append(struct findings *dst, const struct findings *src);

/*
 * Spilling: findings_spill() appends every finding of 'f' to 'fp' and
 * releases them; the list keeps its context (check, account, region,
 * severity, collected_at) and takes new findings. On a write error it
 * returns IRREADY_EIO and leaves 'f' as it was (what it wrote to 'fp' is
 * then garbage: read back only up to where the last good spill ended).
 * findings_unspill() appends the findings spilled to 'fp' from where it
 * stands up to offset 'end' to 'f', in the order they were spilled: 0, or
 * IRREADY_EIO when they cannot all be read. The records keep 'check' as a
 * pointer: only the process that wrote them can read them back.
 */
int findings_spill(struct findings *f, FILE *fp);
int findings_unspill(struct findings *f, FILE *fp, off_t end);

/* Sort by (account, phase, check id, region, resource id). */
void findings_sort(struct findings *f);

/* The stable id for (account, region, check, resource): 16 hex digits. */
void finding_make_id(const char *account, const char *region, const char *check,
		     const char *resource, char out[17]);

#endif
