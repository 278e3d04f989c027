/*
 * cli.h -- the subcommands behind main()
 */
#ifndef CLI_H
#define CLI_H

int cmd_audit(int argc, char **argv);
int cmd_checks(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_evidence(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_inventory(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_iam_policy(int argc, char **argv);
int cmd_version(int argc, char **argv);
/* hidden: irready services --json, irready datasets --json */
int cmd_services(int argc, char **argv);
int cmd_datasets(int argc, char **argv);
int cmd_endpoints(int argc, char **argv);
void usage_main(void);

#endif
