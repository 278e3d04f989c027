/*
 * org.h -- the accounts of an AWS Organization, for `irready audit --org`
 *
 * From the management account (or a delegated administrator): every
 * account with its name, status and OU path ("Root/Workloads/Prod"),
 * and the selection of which accounts one run audits (--accounts,
 * --exclude-accounts, --shard I/N).
 */
#ifndef ORG_H
#define ORG_H

#include <stddef.h>

#include "aws.h"

struct org_account {
	char *id, *name, *status, *ou_path;
	/*
	 * The management account or a delegated administrator (for any
	 * service, ListDelegatedAdministrators): where the Organization's
	 * central mechanisms live (orgwide.h)
	 */
	int owner;
};

struct org_accounts {
	struct org_account *v;
	size_t n, alloc;
	/* from DescribeOrganization: handed to the caller's ORG dataset */
	char *management_id, *org_id, *org_arn, *feature_set;
};

/*
 * List the Organization's accounts with 'client', calling as account
 * 'caller' (the management or delegated-admin account) in 'home'.
 * organizations:ListAccounts for names and statuses, then ListRoots,
 * ListOrganizationalUnitsForParent and ListAccountsForParent walked
 * breadth-first for OU paths; ListDelegatedAdministrators marks the
 * delegated administrators (with the management account) as 'owner' (a
 * refused call marks the management account alone). Sorted by account
 * id. 0, or an IRREADY_E* code with 'err' naming the failed call.
 */
int org_list_accounts(struct aws_client *client, const char *caller,
		      const char *home, struct org_accounts *out,
		      struct aws_error *err);
void org_accounts_release(struct org_accounts *a);

/*
 * The shard (1-based 'index' of 'count') an account id falls in: by a
 * hash of the id, so adding an account never moves the others.
 */
int org_shard_of(const char *account_id, int count);

/*
 * Whether 'id' is selected by the comma-separated 'include' (NULL: all)
 * and not by 'exclude' (NULL: none); both may use * wildcards.
 */
int org_account_selected(const char *id, const char *include,
			 const char *exclude);

#endif
