/*
 * inv_policy.c -- decode and parse IAM policy documents
 *
 * IAM returns policy documents (inline, managed, trust) as URL-encoded
 * JSON. Collectors decode them with inv_url_decode() and turn them into
 * the plain statements of struct inv_policy_doc with inv_policy_parse(),
 * so checks can reason about Effect, Action, Resource, Principal and
 * Condition without seeing JSON. Nothing is evaluated here: the document
 * is copied as written (lists in document order).
 */
#include "inv_policy.h"
#include "aws_json.h"
#include "irready.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *inv_url_decode(struct arena *a, const char *s)
{
	char *out, *o;

	if (!s)
		return NULL;
	out = arena_alloc(a, strlen(s) + 1);
	o = out;
	while (*s) {
		int hi, lo;

		if (*s == '%' && (hi = hexval((unsigned char)s[1])) >= 0 &&
		    (lo = hexval((unsigned char)s[2])) >= 0) {
			*o++ = (char)(hi * 16 + lo);
			s += 3;
			continue;
		}
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}

struct parse {
	struct arena *a;
	char err[160];
};

static int fail(struct parse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int fail(struct parse *p, const char *fmt, ...)
{
	va_list ap;

	if (p->err[0])
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
	return -1;
}

/* JSON text of a scalar condition value: strings as is, else printed. */
static const char *scalar_text(struct parse *p, const cJSON *v)
{
	char *s;
	const char *r;

	if (cJSON_IsString(v))
		return arena_strdup(p->a, v->valuestring);
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? "true" : "false";
	if (!cJSON_IsNumber(v))
		return NULL;
	s = cJSON_PrintUnformatted(v);
	r = arena_strdup(p->a, s);
	cJSON_free(s);
	return r;
}

/*
 * A string, or an array of strings ('scalars': also booleans and numbers,
 * as in condition values), into an arena list.
 */
static int string_list(struct parse *p, const cJSON *v, int scalars,
		       const char *what, const char *const **out, size_t *n)
{
	const char **list;
	const cJSON *it;
	size_t i = 0;

	*out = NULL;
	*n = 0;
	if (!cJSON_IsArray(v)) {
		const char *s = scalars ? scalar_text(p, v)
				: cJSON_IsString(v)
					? arena_strdup(p->a, v->valuestring)
					: NULL;

		if (!s)
			return fail(p,
				    "%s is not a string or a list of strings",
				    what);
		list = arena_alloc(p->a, sizeof(*list));
		list[0] = s;
		*out = list;
		*n = 1;
		return 0;
	}
	list = arena_alloc(p->a,
			   ((size_t)cJSON_GetArraySize(v) + 1) * sizeof(*list));
	cJSON_ArrayForEach(it, v)
	{
		const char *s = scalars ? scalar_text(p, it)
				: cJSON_IsString(it)
					? arena_strdup(p->a, it->valuestring)
					: NULL;

		if (!s)
			return fail(p,
				    "%s holds something that is not a "
				    "string",
				    what);
		list[i++] = s;
	}
	*out = list;
	*n = i;
	return 0;
}

static int principals(struct parse *p, const cJSON *v,
		      struct inv_policy_statement *st, const char *what)
{
	struct inv_policy_principal *pr;
	const cJSON *t;
	size_t n = 0, i = 0;

	if (cJSON_IsString(v)) {
		if (strcmp(v->valuestring, "*"))
			return fail(p, "%s is a string other than \"*\"", what);
		pr = arena_alloc(p->a, sizeof(*pr));
		pr->type = "*";
		pr->value = "*";
		st->principals = pr;
		st->nprincipals = 1;
		return 0;
	}
	if (!cJSON_IsObject(v))
		return fail(p, "%s is not \"*\" or an object", what);
	cJSON_ArrayForEach(t, v) n +=
		cJSON_IsArray(t) ? (size_t)cJSON_GetArraySize(t) : 1;
	pr = arena_alloc(p->a, (n + 1) * sizeof(*pr));
	cJSON_ArrayForEach(t, v)
	{
		const char *const *vals;
		size_t nv;
		const char *type = arena_strdup(p->a, t->string);

		if (string_list(p, t, 0, what, &vals, &nv))
			return -1;
		for (size_t k = 0; k < nv && i < n; k++) {
			pr[i].type = type;
			pr[i].value = vals[k];
			i++;
		}
	}
	st->principals = pr;
	st->nprincipals = i;
	return 0;
}

static int conditions(struct parse *p, const cJSON *v,
		      struct inv_policy_statement *st, const char *what)
{
	struct inv_policy_condition *c;
	const cJSON *op, *key;
	size_t n = 0, i = 0;

	if (!cJSON_IsObject(v))
		return fail(p, "%s Condition is not an object", what);
	cJSON_ArrayForEach(op, v)
	{
		if (!cJSON_IsObject(op))
			return fail(p,
				    "%s Condition operator %s is not an "
				    "object",
				    what, op->string);
		n += (size_t)cJSON_GetArraySize(op);
	}
	c = arena_alloc(p->a, (n + 1) * sizeof(*c));
	cJSON_ArrayForEach(op, v)
	{
		cJSON_ArrayForEach(key, op)
		{
			if (i >= n)
				break;
			c[i].op = arena_strdup(p->a, op->string);
			c[i].key = arena_strdup(p->a, key->string);
			if (string_list(p, key, 1, what, &c[i].values,
					&c[i].nvalues))
				return -1;
			i++;
		}
	}
	st->conditions = c;
	st->nconditions = i;
	return 0;
}

/* One of a pair of mutually exclusive members (Action/NotAction). */
static const cJSON *either(const cJSON *o, const char *yes, const char *no,
			   int *is_not)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, yes);

	*is_not = 0;
	if (v)
		return v;
	v = cJSON_GetObjectItemCaseSensitive(o, no);
	if (v)
		*is_not = 1;
	return v;
}

static int statement(struct parse *p, const cJSON *o, size_t idx,
		     struct inv_policy_statement *st)
{
	const char *effect;
	const cJSON *v;
	char what[64];

	snprintf(what, sizeof(what), "statement %zu", idx + 1);
	if (!cJSON_IsObject(o))
		return fail(p, "%s is not an object", what);
	st->sid = ajson_str(p->a, o, "Sid");
	effect = ajson_get(o, "Effect");
	if (!effect || (strcmp(effect, "Allow") && strcmp(effect, "Deny")))
		return fail(p, "%s has no Effect Allow or Deny", what);
	st->allow = !strcmp(effect, "Allow");
	v = either(o, "Action", "NotAction", &st->not_action);
	if (v && string_list(p, v, 0, what, &st->actions, &st->nactions))
		return -1;
	v = either(o, "Resource", "NotResource", &st->not_resource);
	if (v && string_list(p, v, 0, what, &st->resources, &st->nresources))
		return -1;
	v = either(o, "Principal", "NotPrincipal", &st->not_principal);
	if (v && principals(p, v, st, what))
		return -1;
	v = cJSON_GetObjectItemCaseSensitive(o, "Condition");
	if (v && conditions(p, v, st, what))
		return -1;
	return 0;
}

void inv_policy_parse(struct arena *a, const char *json,
		      struct inv_policy_doc *out)
{
	struct parse p = { .a = a };
	struct inv_policy_statement *sts = NULL;
	const cJSON *stv, *it;
	cJSON *root = NULL;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	if (!json) {
		out->error = "no policy document";
		return;
	}
	root = cJSON_Parse(json);
	if (!cJSON_IsObject(root)) {
		fail(&p, "not a JSON object");
		goto out;
	}
	stv = cJSON_GetObjectItemCaseSensitive(root, "Statement");
	if (cJSON_IsObject(stv)) {
		sts = arena_alloc(a, sizeof(*sts));
		if (!statement(&p, stv, 0, &sts[0]))
			n = 1;
	} else if (cJSON_IsArray(stv)) {
		sts = arena_alloc(a, ((size_t)cJSON_GetArraySize(stv) + 1) *
					     sizeof(*sts));
		cJSON_ArrayForEach(it, stv)
		{
			if (statement(&p, it, n, &sts[n]))
				break;
			n++;
		}
	} else {
		fail(&p, "no Statement object or list");
	}
out:
	cJSON_Delete(root);
	if (p.err[0]) {
		out->error = arena_strdup(a, p.err);
		return;
	}
	out->valid = 1;
	out->statements = sts;
	out->nstatements = n;
}
