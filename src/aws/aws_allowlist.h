/*
 * aws_allowlist.h -- the read-only guard every request passes
 *
 * irready is read-only by construction: it calls Describe*, List*, Get*
 * and BatchGet* actions, and nothing else -- except the containment drill
 * (`irready audit --drill`), which asks whether a containment step would
 * be allowed without taking it: a few EC2 calls that must carry
 * DryRun=true, and iam:SimulatePrincipalPolicy, which only evaluates
 * policies. aws_allowlist_check() enforces that for one request; aws_call()
 * runs it before anything is sent, and the drill collector runs it too.
 */
#ifndef AWS_ALLOWLIST_H
#define AWS_ALLOWLIST_H

#include "aws.h"

/*
 * The drill's actions, beyond the read-only ones: the only non-read
 * actions irready may ever send, and only with --drill. Space-separated,
 * sorted; policies/iam-readonly.json "drill_actions" lists the same.
 */
#define AWS_DRILL_ACTIONS                                                      \
	"ec2:CreateSnapshot ec2:CreateTags ec2:ModifyInstanceAttribute "       \
	"iam:SimulatePrincipalPolicy "                                         \
	"sts:AssumeRole"

/* Whether 'action' ("DescribeVpcs") is a Describe/List/Get/BatchGet verb. */
int aws_action_read_only(const char *action);

/*
 * Whether 'req' may be sent: 0 when it is a read-only action, or, with
 * 'drill' (set by `--drill`: aws_client.drill), one of AWS_DRILL_ACTIONS (the
 * EC2 ones with the parameter DryRun=true, and no second DryRun). Otherwise
 * fills 'err' (code "ReadOnlyGuard", the action and region) and returns
 * IRREADY_EUSAGE: such a request is a bug, and it never leaves irready.
 */
int aws_allowlist_check(const struct aws_request *req, int drill,
			struct aws_error *err);

#endif
