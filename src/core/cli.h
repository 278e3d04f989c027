/*
 * cli.h -- the subcommands behind main()
 */
#ifndef CLI_H
#define CLI_H

int cmd_audit(int argc, char **argv);
int cmd_checks(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_evidence(int argc, char **argv);
int cmd_export(int argc, char **argv);     /* export.c */
int cmd_frameworks(int argc, char **argv); /* cli_frameworks.c */
int cmd_merge(int argc, char **argv);
int cmd_inventory(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_iam_policy(int argc, char **argv);
int cmd_version(int argc, char **argv);
/* hidden: irready services --json, irready datasets --json */
int cmd_services(int argc, char **argv);
int cmd_datasets(int argc, char **argv);
/* cli_history.c */
int cmd_history(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_review(int argc, char **argv);
/* irready evidence sign DIR --key PEM (argv[1] is "sign") */
int evidence_sign_main(int argc, char **argv);
int cmd_endpoints(int argc, char **argv);
void usage_main(void);

/*
 * The IAM actions a check needs (its datasets', renamed as IAM names
 * them), sorted: a NULL-terminated malloc'd array of malloc'd strings
 * (cli_catalog.c); free it with catalog_actions_free().
 */
struct check;
char **catalog_actions(const struct check *c);
void catalog_actions_free(char **v);

#endif
