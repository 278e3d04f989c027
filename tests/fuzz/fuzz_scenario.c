/*
 * fuzz_scenario.c -- aws_scenario_load(): a replay directory's
 * scenario.json (accounts, home_region, description, now)
 */
#define FUZZ_HAVE_INIT
#include "aws.h"
#include "fuzz.h"

static char dir[4200], file[4300];

static void fuzz_init(void)
{
	snprintf(dir, sizeof(dir), "%s/scenario", fuzz_tmpdir());
	mkdir(dir, 0700);
	snprintf(file, sizeof(file), "%s/scenario.json", dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct aws_scenario sc;

	if (fuzz_write_file(file, data, len))
		abort();
	if (aws_scenario_load(dir, &sc))
		return 0;
	for (size_t i = 0; i < sc.naccounts; i++)
		if (strlen(sc.accounts[i]) != 12)
			abort();
	aws_scenario_release(&sc);
	return 0;
}
