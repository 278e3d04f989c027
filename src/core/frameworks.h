/*
 * frameworks.h -- the shipped framework mappings (frameworks/<id>.json)
 *
 * A framework file names a framework (id, title, version, the source of
 * its text and of the mapping) and lists its requirements, each with the
 * ids of the checks that evidence it. A requirement no check evidences
 * is kept (its report status is MANUAL), never dropped. Files are found
 * like the shipped policies: $IRREADY_FRAMEWORKS_DIR, then frameworks/
 * beside or above the executable, then the installed data directory,
 * then ./frameworks. Everything a struct framework holds it owns.
 */
#ifndef FRAMEWORKS_H
#define FRAMEWORKS_H

#include <stddef.h>

struct fw_requirement {
	char *id, *title;
	char **checks; /* check ids (each in the catalog) */
	size_t nchecks;
};

struct framework {
	char *id, *title, *version, *source, *path;
	struct fw_requirement *reqs;
	size_t nreqs;
};

/*
 * Load framework 'id' into 'fw'. Errors (reported, naming the file and
 * what is wrong): no such framework (listing the shipped ones), bad JSON,
 * a missing field, a duplicate requirement, a check id that is not in
 * the catalog. Returns 0 or IRREADY_EUSAGE/EPARSE; 'fw' is released on
 * error.
 */
int framework_load(const char *id, struct framework *fw);
void framework_release(struct framework *fw);

/* The ids of every shipped framework, sorted: NULL-terminated, malloc'd. */
char **framework_ids(void);
void framework_ids_free(char **v);

/* Whether 'fw' maps check 'check_id' to any requirement. */
int framework_has_check(const struct framework *fw, const char *check_id);

/*
 * Parse "--framework ID[,ID]" into loaded frameworks ('*out', '*n'; free
 * each with framework_release() and the array with free()). Returns 0 or
 * the error of the first that fails.
 */
int framework_load_list(const char *ids, struct framework **out, size_t *n);

#endif
