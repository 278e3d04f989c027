/*
 * inv_drill.h -- the containment drill's two halves (DRILL dataset)
 *
 * inv_drill.c picks the target and sends the EC2 dry runs as the IR role;
 * inv_drill_sim.c finds the IR roles (IAM_AUTHZ, else iam:GetRole) and
 * simulates their containment actions (iam:SimulatePrincipalPolicy).
 * Everything they allocate lives in the collector's arena.
 */
#ifndef INV_DRILL_H
#define INV_DRILL_H

#include "inv_collect.h"

/* An IR role of params.ir_role_names, as IAM knows it. */
struct ir_role {
	const char *name;
	const char *arn;      /* path included; NULL: no such role, or err */
	int missing;          /* IAM says it does not exist */
	struct aws_error err; /* iam:GetRole failed otherwise */
};

/* A new step of acct->drill_steps (principal NULL: an EC2 dry run). */
struct inv_drill_step *drill_step_new(struct collect_ctx *cx,
				      const char *action, const char *region,
				      const char *principal,
				      const char *target);

/* "arn:PARTITION:iam::ACCOUNT:role/NAME": only to name a missing role. */
const char *drill_pathless_arn(struct collect_ctx *cx, const char *name);

/*
 * Find IR role 'r->name' (its ARN in 'r->arn', or 'r->missing', or the
 * iam:GetRole error in 'r->err'; never fails the dataset).
 */
void drill_resolve_role(struct collect_ctx *cx, struct ir_role *r);

/*
 * Simulate the containment actions for each of 'roles' ('nroles'), with
 * the resources of target instance 'in' in region 'target' (both NULL:
 * no target; then resource ARNs of the home or first region). Returns an
 * error code only when the read-only guard refused a request (a bug).
 */
int drill_simulate(struct collect_ctx *cx, const struct ir_role *roles,
		   size_t nroles, const struct inv_region *target,
		   const struct inv_instance *in);

#endif
