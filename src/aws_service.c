/*
 * aws_service.c -- protocol, version, host and signing name per service
 *
 * From the botocore service models (see ../shared/aws-protocols.md). The
 * request encoders and endpoint resolver read this table; collectors name
 * services by their botocore name.
 */
#include "aws.h"

#include <string.h>

static const struct aws_service services[] = {
	{ "accessanalyzer", AWS_PROTO_REST_JSON, "2019-11-01",
	  "access-analyzer", "access-analyzer", NULL, NULL, 0,
	  "ACCESSANALYZER" },
	{ "account", AWS_PROTO_REST_JSON, "2021-02-01", "account", "account",
	  NULL, NULL, 1, "ACCOUNT" },
	{ "cloudtrail", AWS_PROTO_JSON, "2013-11-01", "cloudtrail",
	  "cloudtrail",
	  "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101", "1.1", 0,
	  "CLOUDTRAIL" },
	{ "config", AWS_PROTO_JSON, "2014-11-12", "config", "config",
	  "StarlingDoveService", "1.1", 0, "CONFIG_SERVICE" },
	{ "ec2", AWS_PROTO_EC2, "2016-11-15", "ec2", "ec2", NULL, NULL, 0,
	  "EC2" },
	{ "guardduty", AWS_PROTO_REST_JSON, "2017-11-28", "guardduty",
	  "guardduty", NULL, NULL, 0, "GUARDDUTY" },
	{ "iam", AWS_PROTO_QUERY, "2010-05-08", "iam", "iam", NULL, NULL, 1,
	  "IAM" },
	{ "kms", AWS_PROTO_JSON, "2014-11-01", "kms", "kms", "TrentService",
	  "1.1", 0, "KMS" },
	{ "organizations", AWS_PROTO_JSON, "2016-11-28", "organizations",
	  "organizations", "AWSOrganizationsV20161128", "1.1", 1,
	  "ORGANIZATIONS" },
	{ "s3", AWS_PROTO_REST_XML, "2006-03-01", "s3", "s3", NULL, NULL, 0,
	  "S3" },
	{ "sts", AWS_PROTO_QUERY, "2011-06-15", "sts", "sts", NULL, NULL, 0,
	  "STS" },
};

const struct aws_service *aws_service_find(const char *name)
{
	for (size_t i = 0; i < sizeof(services) / sizeof(services[0]); i++)
		if (!strcmp(services[i].name, name))
			return &services[i];
	return NULL;
}
