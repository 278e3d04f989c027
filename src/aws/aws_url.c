/*
 * aws_url.c -- endpoint and credential URLs, parsed before use (see
 * aws_url.h)
 */
#include "aws_url.h"
#include "irready.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

extern char **environ;

int aws_host_is_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (!host)
		return 0;
	if (!strcasecmp(host, "localhost"))
		return 1;
	/* inet_pton takes dotted quads only: "127.1" or "0x7f.1" do not pass */
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return 0;
}

int aws_url_check(const char *url, int allow_plain, char *why, size_t n)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *user = NULL, *pass = NULL;
	int rc = IRREADY_EUSAGE;

	if (!u) {
		snprintf(why, n, "out of memory");
		return IRREADY_ENOMEM;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0)) {
		snprintf(why, n, "not a URL");
		goto out;
	}
	curl_url_get(u, CURLUPART_USER, &user, 0);
	curl_url_get(u, CURLUPART_PASSWORD, &pass, 0);
	if (user || pass) {
		snprintf(why, n, "a URL with user information");
		goto out;
	}
	if (strcasecmp(scheme, "https") && strcasecmp(scheme, "http")) {
		snprintf(why, n, "neither https nor http");
		goto out;
	}
	if (!strcasecmp(scheme, "http") && !allow_plain) {
		/* curl gives an IPv6 host in brackets */
		char *h = host;
		size_t hl = strlen(h);

		if (hl > 2 && h[0] == '[' && h[hl - 1] == ']') {
			h[hl - 1] = '\0';
			h++;
		}
		if (!aws_host_is_loopback(h)) {
			snprintf(why, n,
				 "plain http to a host that is not loopback "
				 "(localhost, 127.0.0.0/8, ::1); use https or "
				 "--allow-insecure-http");
			goto out;
		}
	}
	rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_free(pass);
	curl_url_cleanup(u);
	return rc;
}

static int check_one(const char *name, const char *url, int allow_plain)
{
	char why[160], esc[256];
	size_t o = 0;

	if (!url || !*url || !aws_url_check(url, allow_plain, why, sizeof(why)))
		return 0;
	/* the URL as typed, control characters shown */
	for (const char *p = url; *p && o + 5 < sizeof(esc); p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(esc + o, sizeof(esc) - o,
					      "\\x%02x", c);
		else
			esc[o++] = (char)c;
	}
	esc[o] = '\0';
	return error_rc(IRREADY_EUSAGE, "%s '%s': %s", name, esc, why);
}

int aws_endpoint_urls_check(const char *endpoint_url, int allow_plain)
{
	int rc = check_one("--endpoint-url", endpoint_url, allow_plain);

	for (char **e = environ; !rc && e && *e; e++) {
		const char *eq = strchr(*e, '=');
		char name[128];

		if (strncmp(*e, "AWS_ENDPOINT_URL", 16) || !eq ||
		    (size_t)(eq - *e) >= sizeof(name))
			continue;
		memcpy(name, *e, (size_t)(eq - *e));
		name[eq - *e] = '\0';
		rc = check_one(name, eq + 1, allow_plain);
	}
	return rc;
}
