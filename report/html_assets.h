/*
 * html_assets.h -- the report's stylesheet and scripts, from report/assets/
 *
 * Defined in $(O)/report/assets.c, which the build writes with
 * report/embed.c from report/assets/report.css, head.js, report.js and
 * diff.js (edit those files, never the generated one). Each script
 * constant is the exact text between <script> and </script>;
 * report_script_csp holds their Content-Security-Policy hashes
 * ("'sha256-...' '...'"), computed by the build, in the order head script,
 * body script, diff.html's script (report.html and diff.html both use it).
 */
#ifndef IRREADY_HTML_ASSETS_H
#define IRREADY_HTML_ASSETS_H

extern const char report_css[];        /* between <style>\n and </style> */
extern const char report_head_js[];    /* the <head> script */
extern const char report_js[];         /* the script at the end of <body> */
extern const char diff_js[];           /* diff.html's script */
extern const char report_script_csp[]; /* script-src hashes of all three */

#endif
