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
	{ "athena", AWS_PROTO_JSON, "2017-05-18", "athena", "athena",
	  "AmazonAthena", "1.1", 0, "ATHENA" },
	{ "backup", AWS_PROTO_REST_JSON, "2018-11-15", "backup", "backup", NULL,
	  NULL, 0, "BACKUP" },
	{ "cloudformation", AWS_PROTO_QUERY, "2010-05-15", "cloudformation",
	  "cloudformation", NULL, NULL, 0, "CLOUDFORMATION" },
	{ "cloudtrail", AWS_PROTO_JSON, "2013-11-01", "cloudtrail",
	  "cloudtrail",
	  "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101", "1.1", 0,
	  "CLOUDTRAIL" },
	{ "cloudwatch", AWS_PROTO_QUERY, "2010-08-01", "monitoring",
	  "monitoring", NULL, NULL, 0, "CLOUDWATCH" },
	{ "config", AWS_PROTO_JSON, "2014-11-12", "config", "config",
	  "StarlingDoveService", "1.1", 0, "CONFIG_SERVICE" },
	{ "dlm", AWS_PROTO_REST_JSON, "2018-01-12", "dlm", "dlm", NULL, NULL, 0,
	  "DLM" },
	{ "ec2", AWS_PROTO_EC2, "2016-11-15", "ec2", "ec2", NULL, NULL, 0,
	  "EC2" },
	{ "elbv2", AWS_PROTO_QUERY, "2015-12-01", "elasticloadbalancing",
	  "elasticloadbalancing", NULL, NULL, 0, "ELASTIC_LOAD_BALANCING_V2" },
	{ "events", AWS_PROTO_JSON, "2015-10-07", "events", "events",
	  "AWSEvents", "1.1", 0, "EVENTBRIDGE" },
	{ "guardduty", AWS_PROTO_REST_JSON, "2017-11-28", "guardduty",
	  "guardduty", NULL, NULL, 0, "GUARDDUTY" },
	{ "iam", AWS_PROTO_QUERY, "2010-05-08", "iam", "iam", NULL, NULL, 1,
	  "IAM" },
	{ "inspector2", AWS_PROTO_REST_JSON, "2020-06-08", "inspector2",
	  "inspector2", NULL, NULL, 0, "INSPECTOR2" },
	{ "kms", AWS_PROTO_JSON, "2014-11-01", "kms", "kms", "TrentService",
	  "1.1", 0, "KMS" },
	{ "logs", AWS_PROTO_JSON, "2014-03-28", "logs", "logs", "Logs_20140328",
	  "1.1", 0, "CLOUDWATCH_LOGS" },
	{ "macie2", AWS_PROTO_REST_JSON, "2020-01-01", "macie2", "macie2", NULL,
	  NULL, 0, "MACIE2" },
	{ "opensearch", AWS_PROTO_REST_JSON, "2021-01-01", "es", "es", NULL,
	  NULL, 0, "OPENSEARCH" },
	{ "organizations", AWS_PROTO_JSON, "2016-11-28", "organizations",
	  "organizations", "AWSOrganizationsV20161128", "1.1", 1,
	  "ORGANIZATIONS" },
	{ "rds", AWS_PROTO_QUERY, "2014-10-31", "rds", "rds", NULL, NULL, 0,
	  "RDS" },
	{ "route53resolver", AWS_PROTO_JSON, "2018-04-01", "route53resolver",
	  "route53resolver", "Route53Resolver", "1.1", 0, "ROUTE53RESOLVER" },
	{ "s3", AWS_PROTO_REST_XML, "2006-03-01", "s3", "s3", NULL, NULL, 0,
	  "S3" },
	/* host "<account>.s3-control.<region>...", signed as s3 */
	{ "s3control", AWS_PROTO_REST_XML, "2018-08-20", "s3-control", "s3",
	  NULL, NULL, 0, "S3_CONTROL" },
	{ "secretsmanager", AWS_PROTO_JSON, "2017-10-17", "secretsmanager",
	  "secretsmanager", "secretsmanager", "1.1", 0, "SECRETS_MANAGER" },
	{ "securityhub", AWS_PROTO_REST_JSON, "2018-10-26", "securityhub",
	  "securityhub", NULL, NULL, 0, "SECURITYHUB" },
	{ "ses", AWS_PROTO_QUERY, "2010-12-01", "email", "ses", NULL, NULL, 0,
	  "SES" },
	{ "sns", AWS_PROTO_QUERY, "2010-03-31", "sns", "sns", NULL, NULL, 0,
	  "SNS" },
	{ "ssm", AWS_PROTO_JSON, "2014-11-06", "ssm", "ssm", "AmazonSSM", "1.1",
	  0, "SSM" },
	{ "ssm-contacts", AWS_PROTO_JSON, "2021-05-03", "ssm-contacts",
	  "ssm-contacts", "SSMContacts", "1.1", 0, "SSM_CONTACTS" },
	{ "ssm-incidents", AWS_PROTO_REST_JSON, "2018-05-10", "ssm-incidents",
	  "ssm-incidents", NULL, NULL, 0, "SSM_INCIDENTS" },
	{ "support", AWS_PROTO_JSON, "2013-04-15", "support", "support",
	  "AWSSupport_20130415", "1.1", 1, "SUPPORT" },
	{ "sts", AWS_PROTO_QUERY, "2011-06-15", "sts", "sts", NULL, NULL, 0,
	  "STS" },
	{ "wafv2", AWS_PROTO_JSON, "2019-07-29", "wafv2", "wafv2",
	  "AWSWAF_20190729", "1.1", 0, "WAFV2" },
};

const struct aws_service *aws_service_at(size_t i)
{
	return i < sizeof(services) / sizeof(services[0]) ? &services[i] : NULL;
}

const struct aws_service *aws_service_find(const char *name)
{
	for (size_t i = 0; i < sizeof(services) / sizeof(services[0]); i++)
		if (!strcmp(services[i].name, name))
			return &services[i];
	return NULL;
}
