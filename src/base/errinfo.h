/*
 * errinfo.h -- struct aws_error, the record of a failed call
 *
 * A plain struct of char arrays, so the inventory can keep one per
 * dataset and checks and reports can read it without seeing the AWS
 * layer (aws.h declares the functions that fill it). "AccessDenied on
 * config:DescribeConfigurationRecorders in eu-west-1". Fixed-size so it
 * can be copied into the inventory without allocation.
 */
#ifndef ERRINFO_H
#define ERRINFO_H

struct aws_error {
	int rc;        /* IRREADY_E* */
	int status;    /* HTTP status, 0 when no response */
	char code[96]; /* AWS error code, sanitised; or a local code */
	char message[384];
	char request_id[80];
	char action[96]; /* service:Action */
	char region[32];
};

#endif
