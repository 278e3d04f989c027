/*
 * html_data.c -- the JSON block of report.html ("irready-data")
 *
 * The script renders the findings table from this block, one page at a
 * time. Keys are short and repeated strings (checks, accounts, regions,
 * resource types) are written once and referenced by index; see the key
 * list at the top of html.c. Every string goes through
 * json_string_script(), so "</script>" in a resource name cannot end the
 * block.
 */
#include "irready.h"
#include "report.h"
#include "check.h"
#include "html_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * A string table: each distinct string gets the next index. Strings are
 * borrowed from the findings; open addressing on an FNV-1a hash.
 */
struct strtab {
	const char **v;
	size_t n, alloc;
	size_t *slot; /* index + 1; 0 is empty */
	size_t cap;
};

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static size_t strtab_intern(struct strtab *t, const char *s)
{
	size_t i;

	if (!s)
		s = "";
	if ((t->n + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;

		free(t->slot);
		t->slot = xcalloc(cap, sizeof(*t->slot));
		t->cap = cap;
		for (size_t k = 0; k < t->n; k++) {
			i = str_hash(t->v[k]) & (cap - 1);
			while (t->slot[i])
				i = (i + 1) & (cap - 1);
			t->slot[i] = k + 1;
		}
	}
	i = str_hash(s) & (t->cap - 1);
	while (t->slot[i]) {
		if (!strcmp(t->v[t->slot[i] - 1], s))
			return t->slot[i] - 1;
		i = (i + 1) & (t->cap - 1);
	}
	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	t->v[t->n] = s;
	t->slot[i] = ++t->n;
	return t->n - 1;
}

static void strtab_release(struct strtab *t)
{
	free(t->v);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

struct checktab {
	const struct check **v;
	size_t n, alloc;
};

static size_t checktab_index(struct checktab *t, const struct check *c)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i] == c)
			return i;
	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	t->v[t->n] = c;
	return t->n++;
}

static void json_names(FILE *out, const char *key, int n,
		       const char *(*name)(int))
{
	fprintf(out, "\"%s\":[", key);
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		json_string_script(out, name(i));
	}
	fputs("],\n", out);
}

static const char *status_at(int i)
{
	return status_name((enum check_status)i);
}

static const char *severity_at(int i)
{
	return severity_name((enum severity)i);
}

static const char *phase_at(int i)
{
	return phase_title((enum ir_phase)i);
}

/*
 * The data block. The findings come first, interning checks, accounts,
 * regions and resource types as they go; the tables follow (JSON objects
 * are unordered, so one pass does).
 */
/* The tables the findings index into, built while writing them. */
struct data_tabs {
	struct strtab acc, reg, typ;
	struct checktab ck;
	const char **acc_name; /* per account: its name, or NULL */
	size_t acc_alloc;
};

/* The account index of 'x', remembering the first name seen for it. */
static size_t data_account(struct data_tabs *t, const struct finding *x)
{
	size_t before = t->acc.n, a = strtab_intern(&t->acc, x->account_id);

	if (t->acc.n > before) {
		ALLOC_GROW(t->acc_name, t->acc.n, t->acc_alloc);
		t->acc_name[a] = NULL;
	}
	if (!t->acc_name[a] && x->account_name && *x->account_name)
		t->acc_name[a] = x->account_name;
	return a;
}

/* "f": one array per finding (see the key list in html.c). */
static void data_findings(FILE *out, const struct findings *f,
			  struct data_tabs *t)
{
	const struct check *last = NULL;
	size_t last_i = 0;

	fputs("\"f\":[", out);
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		size_t a;

		if (x->check != last) {
			last = x->check;
			last_i = checktab_index(&t->ck, x->check);
		}
		a = data_account(t, x);
		fprintf(out, "%s[%zu,%zu,%zu,%d,%d,%zu,", i ? ",\n" : "",
			last_i, a, strtab_intern(&t->reg, x->region),
			(int)x->status, (int)x->severity,
			strtab_intern(&t->typ, x->resource_type));
		json_string_script(out, x->id);
		fputc(',', out);
		json_string_script(out, x->resource_id);
		fputc(',', out);
		json_string_script(out, x->message);
		if (x->waiver || x->status == CHECK_WAIVED) {
			fputc(',', out);
			json_string_script(out, x->waiver ? x->waiver : "");
			fprintf(out, ",%d", (int)x->verdict);
		}
		fputc(']', out);
	}
	fputs("],\n", out);
}

/* "ck": the checks, in the order the findings refer to them. */
static void data_checks(FILE *out, const struct checktab *ck)
{
	fputs("\"ck\":[", out);
	for (size_t i = 0; i < ck->n; i++) {
		const struct check *c = ck->v[i];

		fputs(i ? ",\n{\"id\":" : "\n{\"id\":", out);
		json_string_script(out, c->id);
		fputs(",\"t\":", out);
		json_string_script(out, c->title);
		fprintf(out, ",\"p\":%d,\"s\":%d,\"r\":", (int)c->phase,
			(int)c->severity);
		json_string_script(out, c->rationale);
		fputs(",\"m\":", out);
		json_string_script(out, c->remediation);
		fputs(",\"x\":", out);
		json_string_script(out, c->cli_fix);
		fputs(",\"f\":", out);
		json_string_script(out, c->cfn);
		fputs(",\"d\":", out);
		json_string_script(out, c->doc_url);
		fputs(",\"w\":", out);
		json_string_script(out, c->frameworks);
		fputc('}', out);
	}
	fputs("],\n", out);
}

/* "ac": [id, name] per account; the score group's label if unnamed. */
static void data_accounts(FILE *out, const struct data_tabs *t,
			  const struct scores *sc)
{
	fputs("\"ac\":[", out);
	for (size_t i = 0; i < t->acc.n; i++) {
		const char *name = t->acc_name[i];

		for (size_t k = 0; !name && sc && k < sc->naccounts; k++)
			if (!strcmp(sc->accounts[k].key, t->acc.v[i]))
				name = sc->accounts[k].label;
		fputs(i ? ",[" : "[", out);
		json_string_script(out, t->acc.v[i]);
		fputc(',', out);
		json_string_script(out, name ? name : "");
		fputc(']', out);
	}
	fputs("],\n", out);
}

/* "KEY":["s1","s2",...] from a string table. */
static void data_strings(FILE *out, const char *key, const struct strtab *st)
{
	fprintf(out, "\"%s\":[", key);
	for (size_t i = 0; i < st->n; i++) {
		if (i)
			fputc(',', out);
		json_string_script(out, st->v[i]);
	}
	fputc(']', out);
}

void html_write_data(FILE *out, const struct report *r)
{
	const struct scores *sc = r->scores;
	struct data_tabs t = { 0 };

	/* selected checks first, in registry order, even without findings */
	for (size_t i = 0; sc && i < sc->nchecks; i++)
		checktab_index(&t.ck, sc->checks[i].check);

	fputs("<script type=\"application/json\" id=\"irready-data\">"
	      "{\"v\":1,\n",
	      out);
	data_findings(out, r->findings, &t);
	json_names(out, "st", CHECK__COUNT, status_at);
	json_names(out, "sv", SEV__COUNT, severity_at);
	json_names(out, "ph", PHASE__COUNT, phase_at);
	data_checks(out, &t.ck);
	data_accounts(out, &t, sc);
	data_strings(out, "rg", &t.reg);
	fputs(",\n", out);
	data_strings(out, "rt", &t.typ);
	fputs("}</script>\n", out);

	free(t.acc_name);
	free(t.ck.v);
	strtab_release(&t.acc);
	strtab_release(&t.reg);
	strtab_release(&t.typ);
}
