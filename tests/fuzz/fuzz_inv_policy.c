/*
 * fuzz_inv_policy.c -- inv_url_decode() and inv_policy_parse(), the IAM
 * policy documents of GetAccountAuthorizationDetails (inv_policy.h)
 *
 * The input is decoded as the collector does (percent-encoded JSON) and
 * parsed; it is also parsed as it is, so plain JSON mutates well. Every
 * statement, principal and condition of a valid document is read back.
 */
#include "inv_policy.h"
#include "fuzz.h"

static unsigned long sink;

static void read_doc(const struct inv_policy_doc *d)
{
	if (!d->valid) {
		sink += d->error ? strlen(d->error) : 1000000;
		return;
	}
	for (size_t i = 0; i < d->nstatements; i++) {
		const struct inv_policy_statement *st = &d->statements[i];

		sink += st->sid ? strlen(st->sid) : 0;
		for (size_t k = 0; k < st->nactions; k++)
			sink += strlen(st->actions[k]);
		for (size_t k = 0; k < st->nresources; k++)
			sink += strlen(st->resources[k]);
		for (size_t k = 0; k < st->nprincipals; k++)
			sink += strlen(st->principals[k].type) +
				strlen(st->principals[k].value);
		for (size_t k = 0; k < st->nconditions; k++) {
			const struct inv_policy_condition *c =
				&st->conditions[k];

			sink += strlen(c->op) + strlen(c->key);
			for (size_t v = 0; v < c->nvalues; v++)
				sink += strlen(c->values[v]);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct arena a = ARENA_INIT;
	struct inv_policy_doc doc;
	char *s = fuzz_strndup(data, len);
	char *dec = inv_url_decode(&a, s);

	if (!dec || strlen(dec) > strlen(s))
		abort(); /* decoding never grows */
	memset(&doc, 0xa5, sizeof(doc));
	inv_policy_parse(&a, dec, &doc);
	read_doc(&doc);
	memset(&doc, 0xa5, sizeof(doc));
	inv_policy_parse(&a, s, &doc);
	read_doc(&doc);
	inv_policy_parse(&a, NULL, &doc);
	read_doc(&doc);
	arena_release(&a);
	free(s);
	return 0;
}
