/*
 * compliance.h -- compliance-<framework>.csv, one row per requirement
 */
#ifndef COMPLIANCE_H
#define COMPLIANCE_H

#include "report.h"

struct framework;

/* A requirement's status in a run (compliance.c has the rules). */
enum fw_status {
	FW_PASS,
	FW_FAIL,
	FW_PARTIAL,
	FW_NOT_ASSESSED,
	FW_MANUAL,
};

const char *fw_status_name(enum fw_status s);

/*
 * Write compliance-<id>.csv for each of 'fws[0..n)' into 'dir'
 * (atomically, like every report file). 0 or IRREADY_EIO.
 */
int report_write_compliance(const struct report *r, const char *dir,
			    const struct framework *fws, size_t n);

/*
 * report.html's section per framework of r->run->frameworks (nothing when
 * NULL); html.c calls it.
 */
void html_write_frameworks(FILE *out, const struct report *r);

/* The same for "--framework ID[,ID]": load them, write, release. */
int report_write_framework_ids(const struct report *r, const char *dir,
			       const char *ids);

#endif
