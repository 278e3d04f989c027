/*
 * aws_endpoint.c -- which URL a service answers on, and the region to sign
 *
 * Partitions aws, aws-cn and aws-us-gov; global services (IAM,
 * Organizations, Account, Support, S3's ListBuckets) in the partition of
 * the audit's home region, signed in that partition's global region; STS
 * regional (botocore's current default); everything else
 * https://<prefix>.<region>.<dnsSuffix>. Overrides for emulators and
 * proxies: AWS_ENDPOINT_URL_<SERVICE>, --endpoint-url, AWS_ENDPOINT_URL.
 * See ../shared/aws-protocols.md "Global vs regional endpoints".
 */
#include "aws.h"
#include "irready.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *aws_partition(const char *region)
{
	if (!strncmp(region, "cn-", 3))
		return "aws-cn";
	if (!strncmp(region, "us-gov-", 7))
		return "aws-us-gov";
	return "aws";
}

const char *aws_partition_global_region(const char *partition)
{
	if (!strcmp(partition, "aws-cn"))
		return "cn-north-1";
	if (!strcmp(partition, "aws-us-gov"))
		return "us-gov-west-1";
	return "us-east-1";
}

static const char *dns_suffix(const char *partition)
{
	return !strcmp(partition, "aws-cn") ? "amazonaws.com.cn"
					    : "amazonaws.com";
}

static char *strip_slash(const char *url)
{
	size_t n = strlen(url);

	while (n && url[n - 1] == '/')
		n--;
	return xstrndup(url, n);
}

/*
 * The host of a global service in a partition (botocore's endpoints.json:
 * each service's partitionEndpoint hostname and credentialScope), or NULL
 * when the service has no endpoint in that partition (Account in
 * aws-us-gov). S3's "global" calls (ListBuckets, GetBucketLocation) go to
 * the partition's global region.
 */
static char *global_url(const struct aws_service *svc, const char *partition,
			const char **sign_region)
{
	int cn = !strcmp(partition, "aws-cn");
	int gov = !strcmp(partition, "aws-us-gov");

	*sign_region = aws_partition_global_region(partition);
	if (!strcmp(svc->name, "iam")) {
		if (cn)
			return xstrdup(
				"https://iam.cn-north-1.amazonaws.com.cn");
		if (gov)
			return xstrdup("https://iam.us-gov.amazonaws.com");
		return xstrdup("https://iam.amazonaws.com");
	}
	if (gov && !strcmp(svc->name, "account"))
		return NULL;
	if (cn && (!strcmp(svc->name, "organizations") ||
		   !strcmp(svc->name, "account")))
		/* Organizations and Account live in cn-northwest-1 */
		*sign_region = "cn-northwest-1";
	return xasprintf("https://%s.%s.%s", svc->endpoint_prefix, *sign_region,
			 dns_suffix(partition));
}

char *aws_endpoint_resolve_home(const struct aws_service *svc,
				const char *region, const char *home,
				const char *endpoint_url, char *signing_region,
				size_t n)
{
	char env[96];
	const char *over, *sign;
	const char *partition;
	int global = svc->global || !strcmp(region, "global");
	char *url;

	/* "global": the partition of the audit's home region */
	partition = aws_partition(!strcmp(region, "global")
					  ? (home && *home ? home : "us-east-1")
					  : region);
	sign = global ? aws_partition_global_region(partition) : region;
	snprintf(env, sizeof(env), "AWS_ENDPOINT_URL_%s", svc->env_id);
	over = getenv(env);
	if (!over || !*over)
		over = endpoint_url;
	if (!over || !*over)
		over = getenv("AWS_ENDPOINT_URL");
	if (global) {
		url = global_url(svc, partition, &sign);
		if (over && *over) {
			free(url);
			url = strip_slash(over);
		}
	} else if (over && *over) {
		url = strip_slash(over);
	} else {
		url = xasprintf("https://%s.%s.%s", svc->endpoint_prefix,
				region, dns_suffix(partition));
	}
	snprintf(signing_region, n, "%s", sign);
	return url;
}

char *aws_endpoint_resolve(const struct aws_service *svc, const char *region,
			   const char *endpoint_url, char *signing_region,
			   size_t n)
{
	return aws_endpoint_resolve_home(svc, region, NULL, endpoint_url,
					 signing_region, n);
}
