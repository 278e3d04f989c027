/*
 * cli_tables.c -- `irready services|datasets|endpoints --json`
 *
 * Hidden commands that print irready's own tables -- the AWS services it
 * talks to (src/aws/aws_service.c) and the datasets it collects (the
 * descriptors of src/inventory/datasets.def) -- so that tools such as
 * bench/ read them through the binary instead of parsing C.
 */
#include "cli.h"
#include "inv_collect.h"
#include "irready.h"
#include "runner.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *protocol_name(enum aws_protocol p)
{
	switch (p) {
	case AWS_PROTO_EC2:
		return "ec2";
	case AWS_PROTO_QUERY:
		return "query";
	case AWS_PROTO_JSON:
		return "json";
	case AWS_PROTO_REST_JSON:
		return "rest-json";
	case AWS_PROTO_REST_XML:
		return "rest-xml";
	}
	BUG("unknown protocol %d", (int)p);
}

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

static cJSON *services_json(void)
{
	cJSON *a = cJSON_CreateArray();
	const struct aws_service *s;

	for (size_t i = 0; (s = aws_service_at(i)); i++) {
		cJSON *x = cJSON_CreateObject();

		add_str(x, "name", s->name);
		add_str(x, "protocol", protocol_name(s->protocol));
		add_str(x, "api_version", s->api_version);
		add_str(x, "endpoint_prefix", s->endpoint_prefix);
		add_str(x, "signing_name", s->signing_name);
		add_str(x, "target_prefix", s->target_prefix);
		add_str(x, "json_version", s->json_version);
		cJSON_AddBoolToObject(x, "global", s->global);
		add_str(x, "env_id", s->env_id);
		cJSON_AddItemToArray(a, x);
	}
	return a;
}

/* "a b c" as ["a", "b", "c"] */
static cJSON *words_json(const char *s)
{
	cJSON *a = cJSON_CreateArray();

	while (s && *s) {
		size_t n = strcspn(s, " ");

		if (n) {
			char *w = xstrndup(s, n);

			cJSON_AddItemToArray(a, cJSON_CreateString(w));
			free(w);
		}
		s += n + (s[n] == ' ');
	}
	return a;
}

static cJSON *datasets_json(void)
{
	cJSON *a = cJSON_CreateArray();

	for (int d = 0; d < DS__COUNT; d++) {
		const struct dataset *ds = inv_dataset((enum inv_dataset)d);
		cJSON *x = cJSON_CreateObject(), *in;

		add_str(x, "name", ds->name);
		add_str(x, "scope",
			ds->scope == INV_ACCOUNT ? "account" : "region");
		add_str(x, "description", ds->description);
		cJSON_AddItemToObject(x, "actions", words_json(ds->actions));
		in = cJSON_AddArrayToObject(x, "inputs");
		for (int i = 0; i < DS__COUNT; i++)
			if (ds->inputs & INV_NEED(i))
				cJSON_AddItemToArray(
					in, cJSON_CreateString(inv_dataset_name(
						    (enum inv_dataset)i)));
		cJSON_AddBoolToObject(x, "gate", ds->gate);
		cJSON_AddNumberToObject(x, "wave",
					inv_dataset_wave((enum inv_dataset)d));
		cJSON_AddItemToArray(a, x);
	}
	return a;
}

/*
 * Where each service's calls go from an audit at home in each partition:
 * the global services' (and S3's "global" calls') endpoints, every other
 * service's in the home region. tests/t_endpoints.py compares them with
 * botocore's endpoints.json.
 */
static cJSON *endpoints_json(void)
{
	static const char *const homes[] = { "us-east-1",     "eu-west-1",
					     "cn-north-1",    "cn-northwest-1",
					     "us-gov-west-1", "us-gov-east-1" };
	cJSON *a = cJSON_CreateArray();
	const struct aws_service *s;

	for (size_t h = 0; h < ARRAY_SIZE(homes); h++)
		for (size_t i = 0; (s = aws_service_at(i)); i++)
			for (int g = 0; g < 2; g++) {
				/* S3 is regional with "global" calls too */
				const char *region =
					g || s->global ? "global" : homes[h];
				cJSON *x;
				char sign[64];
				char *url;

				if (g && strcmp(s->name, "s3"))
					continue;
				url = aws_endpoint_resolve_home(
					s, region, homes[h], NULL, sign,
					sizeof(sign));
				x = cJSON_CreateObject();
				add_str(x, "home", homes[h]);
				add_str(x, "service", s->name);
				add_str(x, "region", region);
				add_str(x, "url", url);
				add_str(x, "signing_region", url ? sign : NULL);
				cJSON_AddItemToArray(a, x);
				free(url);
			}
	return a;
}

/* irready services|datasets|endpoints --json */
static int print_table(int argc, char **argv, cJSON *(*table)(void))
{
	cJSON *t;
	char *s;

	if (argc != 2 || strcmp(argv[1], "--json")) {
		fprintf(stderr, "usage: irready %s --json\n", argv[0]);
		return EXIT_USAGE;
	}
	t = table();
	s = cJSON_Print(t);
	puts(s);
	cJSON_free(s);
	cJSON_Delete(t);
	return ferror(stdout) ? EXIT_CANNOT_ASSESS : EXIT_OK;
}

int cmd_services(int argc, char **argv)
{
	return print_table(argc, argv, services_json);
}

int cmd_datasets(int argc, char **argv)
{
	return print_table(argc, argv, datasets_json);
}

int cmd_endpoints(int argc, char **argv)
{
	return print_table(argc, argv, endpoints_json);
}
