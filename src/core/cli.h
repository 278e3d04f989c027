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
/* cli_history.c */
int cmd_history(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_review(int argc, char **argv);
/* irready evidence sign DIR --key PEM (argv[1] is "sign") */
int evidence_sign_main(int argc, char **argv);
void usage_main(void);

#endif
