/*
 * trend.h -- irready trend: readiness over a history of runs
 *
 * trend.html (one self-contained page in the report's look, inline SVG,
 * no script), trend.csv (one row per run and score group) and
 * lifecycle.csv (one row per finding that ever failed). Pure: from a
 * struct history_data and its lifecycle, however they were loaded.
 */
#ifndef TREND_H
#define TREND_H

#include <stdio.h>

#include "lifecycle.h"

int trend_write_html(const struct history_data *h, const struct lifecycle *lc,
		     FILE *out);
int trend_write_csv(const struct history_data *h, FILE *out);
int trend_write_lifecycle_csv(const struct history_data *h,
			      const struct lifecycle *lc, FILE *out);
/* All three into 'dir' (atomically). 0 or IRREADY_EIO. */
int trend_write_files(const struct history_data *h, const struct lifecycle *lc,
		      const char *dir);
/* A few lines for stdout. */
void trend_write_summary(const struct history_data *h,
			 const struct lifecycle *lc, FILE *out,
			 const char *dir);

/*
 * <!DOCTYPE html> ... <body> of the history pages, in the report's look,
 * with 'extra_css' (may be NULL) after the shared rules.
 */
void trend_page_head(FILE *out, const char *title, const char *extra_css);

#endif
