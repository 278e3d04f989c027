/*
 * aws_validate.c -- AWS identifier formats (see aws_validate.h)
 *
 * Hand-written matchers rather than regcomp(): the formats are small, the
 * matchers run on every decoded identifier, and a reader can check each
 * one against the AWS documentation line by line.
 */
#include "aws_validate.h"
#include "aws.h"
#include "irready.h"

#include <stdio.h>
#include <string.h>

static int is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int aws_valid_region(const char *s)
{
	const char *p = s;
	int words = 0;

	if (!s || strlen(s) > 32)
		return 0;
	/* [a-z]{2} */
	if (!is_lower(p[0]) || !is_lower(p[1]))
		return 0;
	p += 2;
	/* (-[a-z]+)+ */
	while (*p == '-' && is_lower(p[1])) {
		p++;
		while (is_lower(*p))
			p++;
		words++;
	}
	/* -[0-9]+$ */
	if (!words || *p != '-' || !is_digit(p[1]))
		return 0;
	p++;
	while (is_digit(*p))
		p++;
	return *p == '\0';
}

int aws_valid_region_in(const char *s, const char *partition)
{
	return aws_valid_region(s) && partition &&
	       !strcmp(aws_partition(s), partition);
}

int aws_valid_account(const char *s)
{
	if (!s || strlen(s) != 12)
		return 0;
	for (int i = 0; i < 12; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

static int is_ipv4(const char *s)
{
	int parts = 0;

	while (*s) {
		int digits = 0;

		while (is_digit(*s)) {
			s++;
			digits++;
		}
		if (!digits || digits > 3)
			return 0;
		parts++;
		if (*s == '.')
			s++;
		else if (*s)
			return 0;
	}
	return parts == 4;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

int aws_valid_bucket(const char *s)
{
	size_t n;

	if (!s)
		return 0;
	n = strlen(s);
	if (n < 3 || n > 63)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_lower(s[i]) && !is_digit(s[i]) && s[i] != '.' &&
		    s[i] != '-')
			return 0;
	if (!(is_lower(s[0]) || is_digit(s[0])) ||
	    !(is_lower(s[n - 1]) || is_digit(s[n - 1])))
		return 0;
	if (strstr(s, "..") || is_ipv4(s))
		return 0;
	if (!strncmp(s, "xn--", 4) || !strncmp(s, "sthree-", 7) ||
	    ends_with(s, "-s3alias") || ends_with(s, "--ol-s3"))
		return 0;
	return 1;
}

static int printable_no_space(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

int aws_valid_arn(const char *s)
{
	const char *f[6];
	const char *p = s;
	int i;

	if (!s || strlen(s) > 2048 || strncmp(s, "arn:", 4) ||
	    !printable_no_space(s))
		return 0;
	/* arn:partition:service:region:account:resource */
	for (i = 0; i < 6 && p; i++) {
		f[i] = p;
		p = i < 5 ? strchr(p, ':') : NULL;
		if (p)
			p++;
	}
	if (i < 6)
		return 0;
	/* partition */
	if (strncmp(f[1], "aws:", 4) && strncmp(f[1], "aws-cn:", 7) &&
	    strncmp(f[1], "aws-us-gov:", 11))
		return 0;
	/* service: [a-z0-9-]+ */
	if (f[2][0] == ':')
		return 0;
	for (p = f[2]; *p != ':'; p++)
		if (!is_lower(*p) && !is_digit(*p) && *p != '-')
			return 0;
	/* region: empty or a region */
	if (f[3][0] != ':') {
		char r[40];
		size_t n = (size_t)(strchr(f[3], ':') - f[3]);

		if (n >= sizeof(r))
			return 0;
		memcpy(r, f[3], n);
		r[n] = '\0';
		if (!aws_valid_region(r))
			return 0;
	}
	/* account: empty, 12 digits or "aws" (managed policies) */
	if (f[4][0] != ':') {
		size_t n = (size_t)(strchr(f[4], ':') - f[4]);

		if (!(n == 3 && !strncmp(f[4], "aws", 3))) {
			if (n != 12)
				return 0;
			for (size_t k = 0; k < 12; k++)
				if (!is_digit(f[4][k]))
					return 0;
		}
	}
	/* resource: non-empty */
	return f[5][0] != '\0';
}

static int is_uuid(const char *s)
{
	static const int dash[] = { 8, 13, 18, 23 };

	if (strlen(s) != 36)
		return 0;
	for (int i = 0, d = 0; i < 36; i++) {
		if (d < 4 && i == dash[d]) {
			if (s[i] != '-')
				return 0;
			d++;
		} else if (!is_hex(s[i])) {
			return 0;
		}
	}
	return 1;
}

int aws_valid_kms_key(const char *s)
{
	if (!s)
		return 0;
	if (is_uuid(s))
		return 1;
	if (!strncmp(s, "mrk-", 4) && strlen(s) == 36) {
		for (int i = 4; i < 36; i++)
			if (!is_hex(s[i]))
				return 0;
		return 1;
	}
	if (!strncmp(s, "alias/", 6)) {
		if (strlen(s) > 256 || !s[6])
			return 0;
		for (const char *p = s + 6; *p; p++)
			if (!(is_lower(*p) || is_digit(*p) ||
			      (*p >= 'A' && *p <= 'Z') || strchr("/_-", *p)))
				return 0;
		return 1;
	}
	return aws_valid_arn(s) && strstr(s, ":kms:") != NULL;
}

int aws_valid_id(const char *s)
{
	size_t n;

	if (!s)
		return 0;
	n = strlen(s);
	if (!n || n > 255 || !strcmp(s, ".") || !strcmp(s, ".."))
		return 0;
	for (const char *p = s; *p; p++)
		if (!(is_lower(*p) || is_digit(*p) ||
		      (*p >= 'A' && *p <= 'Z') || strchr("._:@+=,-", *p)))
			return 0;
	return 1;
}

int aws_valid_path_component(const char *s)
{
	if (!s || !*s || !strcmp(s, ".") || !strcmp(s, ".."))
		return 0;
	for (const char *p = s; *p; p++)
		if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20 ||
		    *p == 0x7f)
			return 0;
	return 1;
}

int aws_regions_check(const char *region, const char *list)
{
	char esc[96], one[64];

	if (region && *region && !aws_valid_region(region))
		return error_rc(IRREADY_EUSAGE,
				"--region (or AWS_REGION) '%s' is not an AWS "
				"region",
				aws_escape_value(region, esc, sizeof(esc)));
	if (!list || !strcmp(list, "all"))
		return 0;
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");

		snprintf(one, sizeof(one), "%.*s", (int)n, p);
		if (n >= sizeof(one) || !aws_valid_region(one))
			return error_rc(
				IRREADY_EUSAGE,
				"--regions: '%s' is not an AWS region",
				aws_escape_value(one, esc, sizeof(esc)));
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

char *aws_escape_value(const char *s, char *buf, size_t n)
{
	size_t o = 0;

	if (!n)
		return buf;
	if (!s)
		s = "(null)";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		size_t need = (c >= 0x20 && c < 0x7f && c != '\\') ? 1 : 4;

		if (o + need + 4 > n) {
			if (o + 4 <= n) {
				memcpy(buf + o, "...", 3);
				o += 3;
			}
			break;
		}
		if (need == 1)
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, n - o, "\\x%02x", c);
	}
	buf[o < n ? o : n - 1] = '\0';
	return buf;
}
