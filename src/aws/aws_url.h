/*
 * aws_url.h -- endpoint and credential URLs, parsed before use
 *
 * --endpoint-url, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE> and
 * AWS_CONTAINER_CREDENTIALS_FULL_URI decide where signed requests and
 * session tokens go. They are parsed with curl_url() -- the parser that
 * will send the request -- never by prefix: a URL with user-info
 * ("http://127.0.0.1@example.invalid/") is refused outright, and plain
 * http is for a loopback host only (localhost, 127.0.0.0/8, ::1, judged on
 * the parsed host), unless the user allows it (--allow-insecure-http).
 */
#ifndef AWS_URL_H
#define AWS_URL_H

#include <stddef.h>

/* 1 when 'host' (no brackets, no port) is localhost, 127.0.0.0/8 or ::1. */
int aws_host_is_loopback(const char *host);
/*
 * Check 'url': 0 when usable; IRREADY_EUSAGE with the reason in 'why'
 * (size 'n') when it does not parse, has user-info, is neither http nor
 * https, or is plain http to a non-loopback host while 'allow_plain' is 0.
 */
int aws_url_check(const char *url, int allow_plain, char *why, size_t n);
/*
 * Check --endpoint-url ('endpoint_url', may be NULL) and every
 * AWS_ENDPOINT_URL* variable of the environment; on a bad one, print a
 * usage error naming it and return IRREADY_EUSAGE. For the CLI, before any
 * request.
 */
int aws_endpoint_urls_check(const char *endpoint_url, int allow_plain);

#endif
