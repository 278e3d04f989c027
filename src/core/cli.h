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
 * Option helpers shared by the subcommands (cli.c). opt_formats: --format
 * F,.. into REPORT_* bits; opt_fail_on: --fail-on SEV ('hint' follows the
 * message). Both return 0, or -1 after the usage message. use_color:
 * colour on stdout (not --no-color, no NO_COLOR, and a terminal).
 */
enum severity;
int opt_formats(const char *arg, unsigned *formats);
int opt_fail_on(const char *arg, enum severity *sev, const char *hint);
int use_color(int no_color);

/*
 * The IAM actions a check needs (its datasets', renamed as IAM names
 * them), sorted: a NULL-terminated malloc'd array of malloc'd strings
 * (cli_catalog.c); free it with catalog_actions_free().
 */
struct check;
char **catalog_actions(const struct check *c);
void catalog_actions_free(char **v);

#endif
