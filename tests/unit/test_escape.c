/* test_escape.c -- HTML, JSON-in-script and CSV formula escaping */
#include "irready.h"
#include "report.h"
#include "tap.h"

#include <stdlib.h>

static char *capture(void (*fn)(FILE *, const char *), const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fn(f, s);
	fclose(f);
	return buf;
}

int main(void)
{
	static const struct {
		const char *in, *want;
	} csv[] = {
		{ "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0" },
		{ "+1+2", "'+1+2" },
		{ "-2+3", "'-2+3" },
		{ "@SUM(A1)", "'@SUM(A1)" },
		{ "\tx", "'\tx" },
		{ "\rx", "'\rx" },
		{ "vpc-0a1b", "vpc-0a1b" },
		{ "a=b", "a=b" },
		{ "", "" },
	};
	char *s;

	s = capture(html_escape, "<img src=x onerror=alert(1)>&\"'");
	is_str(s, "&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;",
	       "html_escape");
	free(s);
	s = capture(json_escape_script, "</script><!--\"\\\n\x01");
	is_str(s, "\\u003c/script\\u003e\\u003c!--\\\"\\\\\\n\\u0001",
	       "json_escape_script neutralises </script> and <!--");
	free(s);
	s = capture(json_escape_script, "a\xe2\x80\xa8"
					"b");
	is_str(s, "a\\u2028b", "json_escape_script escapes U+2028");
	free(s);
	/* any other 3-byte character starting 0xe2 (an em dash) stays whole */
	s = capture(json_escape, "on * \xe2\x80\x94 lab \xe2\x82\xac"
				 "1");
	is_str(s,
	       "on * \xe2\x80\x94 lab \xe2\x82\xac"
	       "1",
	       "json_escape keeps U+2014 and U+20AC whole");
	free(s);
	s = capture(json_escape, "bad \xe2\x28 end");
	is_str(s, "bad \\ufffd( end", "json_escape replaces invalid UTF-8");
	free(s);

	s = capture(json_escape, "a/b<c>");
	is_str(s, "a/b<c>", "json_escape leaves / < > alone");
	free(s);
	for (size_t i = 0; i < sizeof(csv) / sizeof(csv[0]); i++) {
		s = csv_neutralise(csv[i].in);
		is_str(s, csv[i].want, "csv_neutralise case %zu", i);
		free(s);
	}
	{
		unsigned f;
		const char *bad = NULL;

		ok(report_parse_formats("html,csv,json,junit", &f, &bad) == 0 &&
			   f == (REPORT_HTML | REPORT_CSV | REPORT_JSON |
				 REPORT_JUNIT),
		   "all formats parse");
		ok(report_parse_formats("csv,pdf", &f, &bad) != 0 && bad &&
			   !strcmp(bad, "pdf"),
		   "unknown format named");
	}
	return done_testing();
}
