/*
 * registry.c -- the list of checks, expanded from checks.def
 *
 * One line per check in checks.def, sorted by id (jq's opcode_list.h
 * trick): a misspelt name is a link error.
 */
#include "check.h"

#include <string.h>

#define CHECK(name) extern const struct check check_##name;
#include "checks.def"
#undef CHECK

const struct check *const check_registry[] = {
#define CHECK(name) &check_##name,
#include "checks.def"
#undef CHECK
};

const size_t check_count = sizeof(check_registry) / sizeof(check_registry[0]);

const struct check *check_find(const char *id)
{
	for (size_t i = 0; i < check_count; i++)
		if (!strcmp(check_registry[i]->id, id))
			return check_registry[i];
	return NULL;
}

/* estates.def; naming a check that does not exist is a compile error */
static const struct {
	const char *id, *text;
	const struct check *c;
} estates[] = {
#define ESTATE(name, text) { #name, text, &check_##name },
#include "estates.def"
#undef ESTATE
};

const char *check_estates(const char *id)
{
	for (size_t i = 0; i < sizeof(estates) / sizeof(estates[0]); i++)
		if (!strcmp(estates[i].id, id))
			return estates[i].text;
	return NULL;
}
