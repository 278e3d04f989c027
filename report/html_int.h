/*
 * html_int.h -- what the parts of the HTML report share
 *
 * report.html is written by report_write_html() (html.c: the page, its
 * header and the score overview), html_findings.c (the sections listing
 * findings) and html_data.c (the JSON block the script reads). Each
 * function writes markup to 'out' and escapes everything it is given.
 */
#ifndef HTML_INT_H
#define HTML_INT_H

#include <stdio.h>

#include "findings.h"

struct check;
struct report;

/* Small pieces of markup, shared by the parts. */
void html_put_count(FILE *out, size_t n); /* 100,000 */
void html_put_status(FILE *out, enum check_status st);
void html_put_severity(FILE *out, enum severity sv);
void html_put_check(FILE *out, const struct check *c);
void html_put_account(FILE *out, const struct finding *x);

/* The sections of html_findings.c, in page order. */
void html_write_top_failures(FILE *out, const struct findings *f);
void html_write_fix_first(FILE *out);
void html_write_findings(FILE *out, const struct findings *f);
void html_write_status_section(FILE *out, const struct report *r,
			       enum check_status st, const char *id,
			       const char *title, const char *intro);

/* Effective RPO per account, from recovery_rpo_met (html_rpo.c). */
void html_write_rpo(FILE *out, const struct findings *f);

/* The "irready-data" JSON block (html_data.c). */
void html_write_data(FILE *out, const struct report *r);

#endif
