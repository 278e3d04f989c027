/*
 * scope.h -- which regions an audit may name, and which it covers
 *
 * --regions and --region are checked against the regions each AWS
 * partition is known to have (scope.c's table, from botocore's
 * endpoints.json plus regions opened since), so a typo is a usage error
 * that names it instead of an audit of nothing. Live, the regions
 * DescribeRegions lists as enabled are the last word. A replay covers what
 * was recorded: by default the recording's regions, and naming one it
 * does not hold is a usage error.
 */
#ifndef SCOPE_H
#define SCOPE_H

#include <stddef.h>

struct aws_scenario;
struct inventory;

/*
 * The partition ("aws", "aws-cn", "aws-us-gov", ...) that lists 'region',
 * or NULL when no partition knows it.
 */
const char *scope_region_partition(const char *region);

/*
 * Check --regions ('regions': NULL, "all" or "r1,r2") and the home region
 * 'home' (NULL: not given): every name known, all in one partition.
 * Returns 0, or -1 after naming the offending region on stderr.
 */
int scope_check_names(const char *regions, const char *home);

/*
 * The regions a replay of 'dir' covers, as "r1,r2" (malloc'd; NULL when
 * nothing was found): the scenario's "regions" when it records them,
 * else the region directories of its accounts. With 'regions' NULL the
 * result is the default; with a list, every name must be recorded
 * (-1 after naming it); "all" keeps its meaning (NULL, 0).
 */
int scope_replay_regions(const char *dir, const struct aws_scenario *sc,
			 const char *regions, char **out);

/*
 * After discovery: every region of 'regions' ("r1,r2"; NULL or "all":
 * nothing to check) must be enabled in at least one assessed account of
 * 'inv'. A region enabled in some accounts but not others is a warning.
 * Returns 0, or -1 after naming the region.
 */
int scope_check_enabled(const struct inventory *inv, const char *regions);

/*
 * 'sub' relative to 'dir' when it is inside it ("report" for DIR and
 * DIR/report, "" when both are the same directory), malloc'd; NULL when it
 * is not (or either does not exist).
 */
char *scope_path_under(const char *dir, const char *sub);

#endif
