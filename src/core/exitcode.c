/*
 * exitcode.c -- the exit code of an audit or a merge (see exitcode.h)
 */
#include "exitcode.h"
#include "irready.h"
#include "runner.h"
#include "score.h"

#include <stdlib.h>
#include <string.h>

void exit_rules_init(struct exit_rules *r)
{
	r->fail_on = SEV_HIGH;
	r->min_coverage = -1;
	r->fail_on_error = 0;
}

int exitcode_parse_coverage(const char *arg, double *out)
{
	char *end = NULL;
	double v = strtod(arg, &end);

	if (end == arg || (*end && strcmp(end, "%")) || !(v >= 0) || v > 100) {
		error_rc(IRREADY_EUSAGE,
			 "--min-coverage takes a percentage from 0 to 100, "
			 "not '%s'",
			 arg);
		return -1;
	}
	*out = v;
	return 0;
}

int exitcode_decide(const struct exit_rules *r, const struct findings *f,
		    const struct score *overall)
{
	size_t failing = 0, errors = 0;

	if (overall->units && !overall->units_assessed &&
	    overall->units_error && r->coverage_at_merge) {
		warning("this shard assessed none of its %zu units (%zu "
			"ERROR): "
			"'irready merge' judges the coverage of the whole run",
			overall->units, overall->units_error);
	} else if (overall->units && !overall->units_assessed &&
		   overall->units_error) {
		error_rc(IRREADY_EAWS,
			 "nothing could be assessed: none of the %zu selected "
			 "unit%s (check x account x region) has a result "
			 "(%zu ERROR)",
			 overall->units, overall->units == 1 ? "" : "s",
			 overall->units_error);
		return EXIT_CANNOT_ASSESS;
	}
	/* 1e-9: 100 * 4 / 5 may land a hair under 80 in binary */
	if (r->min_coverage >= 0 && !r->coverage_at_merge &&
	    overall->coverage + 1e-9 < r->min_coverage) {
		error_rc(IRREADY_EAWS,
			 "coverage %.2f%% is below --min-coverage %g%% "
			 "(%zu of %zu units assessed)",
			 overall->coverage, r->min_coverage,
			 overall->units_assessed, overall->units);
		return EXIT_CANNOT_ASSESS;
	}
	for (size_t i = 0; i < f->n; i++) {
		if (f->v[i].status == CHECK_FAIL &&
		    f->v[i].severity <= r->fail_on)
			failing++;
		if (f->v[i].status == CHECK_ERROR)
			errors++;
	}
	if (failing)
		return EXIT_FAILING;
	if (r->fail_on_error && errors) {
		error_rc(IRREADY_EAWS,
			 "%zu finding%s could not be assessed (ERROR) and "
			 "--fail-on-error is set",
			 errors, errors == 1 ? "" : "s");
		return EXIT_FAILING;
	}
	return EXIT_OK;
}
