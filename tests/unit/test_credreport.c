/* test_credreport.c -- base64 and the IAM credential report CSV decoder */
#include "aws.h"
#include "aws_xml.h"
#include "iam_credreport.h"
#include "inv_collect.h"
#include "irready.h"
#include "tap.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#define AWS_HEADER                                                             \
	"user,arn,user_creation_time,password_enabled,password_last_used,"     \
	"password_last_changed,password_next_rotation,mfa_active,"             \
	"access_key_1_active,access_key_1_last_rotated,"                       \
	"access_key_1_last_used_date,access_key_1_last_used_region,"           \
	"access_key_1_last_used_service,access_key_2_active,"                  \
	"access_key_2_last_rotated,access_key_2_last_used_date,"               \
	"access_key_2_last_used_region,access_key_2_last_used_service,"        \
	"cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_"         \
	"rotated\n"

/* Decode 's' and compare with 'want' ('wlen' bytes); NULL 'want': must fail. */
static void b64_case(const char *s, const char *want, size_t wlen,
		     const char *name)
{
	size_t n = 12345;
	unsigned char *out = base64_decode(s, strlen(s), &n);

	if (!want) {
		ok(out == NULL, "base64 %s: rejected", name);
		free(out);
		return;
	}
	if (!ok(out != NULL, "base64 %s: decodes", name)) {
		return;
	}
	is_int(n, wlen, "base64 %s: length", name);
	ok(n == wlen && !memcmp(out, want, wlen), "base64 %s: bytes", name);
	is_int(out[n], 0, "base64 %s: NUL-terminated", name);
	free(out);
}

static void test_base64(void)
{
	b64_case("", "", 0, "empty");
	b64_case("TWFu", "Man", 3, "no padding needed");
	b64_case("TWE=", "Ma", 2, "one '='");
	b64_case("TQ==", "M", 1, "two '='");
	b64_case("TWE", "Ma", 2, "missing '=' tolerated");
	b64_case("TQ", "M", 1, "missing '==' tolerated");
	b64_case("TW\nFu\r\n\tI A=\n=", "Man ", 4, "whitespace inside");
	b64_case("  TWFu  ", "Man", 3, "leading and trailing blanks");
	b64_case("AP8A", "\0\xff\0", 3, "binary with NULs");
	b64_case("TW*u", NULL, 0, "'*'");
	b64_case("TWFu!", NULL, 0, "trailing '!'");
	b64_case("TW\x80u", NULL, 0, "high byte");
	b64_case("TQ==TQ==", NULL, 0, "data after padding");
	b64_case("TQ=x", NULL, 0, "letter after '='");
	b64_case("TQ===", NULL, 0, "three '='");
	b64_case("T", NULL, 0, "a lone sextet");
	b64_case("TWFuT", NULL, 0, "a dangling sextet");
	b64_case("====", NULL, 0, "padding only");

	/* every length 0..80, against OpenSSL's encoder */
	{
		unsigned char raw[80];
		char enc[200], spaced[400];
		int bad = 0;

		for (size_t i = 0; i < sizeof(raw); i++)
			raw[i] = (unsigned char)(i * 37 + 11);
		for (int len = 0; len <= 80; len++) {
			int elen =
				EVP_EncodeBlock((unsigned char *)enc, raw, len);
			size_t w = 0, n = 0;
			unsigned char *out;

			/* a newline every 7 characters, as a wrapped body */
			for (int i = 0; i < elen; i++) {
				spaced[w++] = enc[i];
				if (i % 7 == 6)
					spaced[w++] = '\n';
			}
			spaced[w] = '\0';
			out = base64_decode(spaced, w, &n);
			if (!out || n != (size_t)len || memcmp(out, raw, n))
				bad++;
			free(out);
		}
		is_int(bad, 0, "base64 round trip with OpenSSL, lengths 0..80");
	}
}

static void test_parse(void)
{
	const char *csv = AWS_HEADER
		"<root_account>,arn:aws:iam::111122223333:root,"
		"2019-03-14T09:12:44+00:00,not_supported,"
		"2026-11-19T20:47:20+00:00,not_supported,not_supported,true,"
		"false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,"
		"N/A\n"
		"\"svc, with comma\",\"arn:aws:iam::111122223333:user/a\nb\","
		"2021-04-06T12:00:31+00:00,true,N/A,N/A,N/A,false,true,"
		"2026-10-01T10:00:00+00:00,N/A,N/A,N/A,\"say \"\"hi\"\"\","
		"N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"
		"short,arn:aws:iam::111122223333:user/short";
	struct credreport cr;

	is_int(credreport_parse(csv, strlen(csv), &cr), 0, "AWS CSV parses");
	is_int(cr.ncols, 22, "22 columns");
	is_int(cr.nrows, 3, "3 rows (last one without a newline)");
	is_str(credreport_get(&cr, 0, "user"), "<root_account>",
	       "<root_account> row");
	is_str(credreport_get(&cr, 0, "arn"), "arn:aws:iam::111122223333:root",
	       "root arn");
	is_str(credreport_get(&cr, 0, "mfa_active"), "true", "root mfa_active");
	is_str(credreport_get(&cr, 0, "password_enabled"), "not_supported",
	       "root password_enabled");
	is_str(credreport_get(&cr, 1, "user"), "svc, with comma",
	       "quoted field with a comma");
	is_str(credreport_get(&cr, 1, "arn"),
	       "arn:aws:iam::111122223333:user/a\nb",
	       "quoted field with a newline");
	is_str(credreport_get(&cr, 1, "access_key_1_active"), "true",
	       "column after the quoted newline lines up");
	is_str(credreport_get(&cr, 1, "access_key_1_last_rotated"),
	       "2026-10-01T10:00:00+00:00", "access_key_1_last_rotated");
	is_str(credreport_get(&cr, 1, "access_key_2_active"), "say \"hi\"",
	       "doubled quotes unescaped");
	is_str(credreport_get(&cr, 1, "cert_2_last_rotated"), "N/A",
	       "last column");
	is_str(credreport_get(&cr, 2, "arn"),
	       "arn:aws:iam::111122223333:user/short",
	       "short row: present cell");
	ok(credreport_get(&cr, 2, "mfa_active") == NULL,
	   "short row: missing cell is NULL");
	ok(credreport_get(&cr, 0, "no_such_column") == NULL,
	   "unknown column is NULL");
	ok(credreport_get(&cr, 3, "user") == NULL, "row out of range is NULL");
	ok(credreport_get(&cr, 0, NULL) == NULL, "NULL name is NULL");
	credreport_release(&cr);
	ok(cr.header == NULL && cr.rows == NULL && cr.nrows == 0,
	   "release empties the report");
}

/* The same data with the columns in another order: looked up by name. */
static void test_by_name(void)
{
	const char *a = "user,arn,mfa_active,access_key_1_active,"
			"access_key_1_last_rotated\n"
			"alice,arn:aws:iam::1:user/alice,true,true,"
			"2026-10-01T10:00:00+00:00\n"
			"bob,arn:aws:iam::1:user/bob,false,false,N/A\n";
	const char *b =
		"access_key_1_last_rotated,mfa_active,new_column,arn,"
		"access_key_1_active,user\r\n"
		"2026-10-01T10:00:00+00:00,true,x,arn:aws:iam::1:user/alice,"
		"true,alice\r\n"
		"N/A,false,y,arn:aws:iam::1:user/bob,false,bob\r\n";
	static const char *const cols[] = { "user", "arn", "mfa_active",
					    "access_key_1_active",
					    "access_key_1_last_rotated" };
	struct credreport ca, cb;
	int same = 0, total = 0;

	is_int(credreport_parse(a, strlen(a), &ca), 0, "order A parses");
	is_int(credreport_parse(b, strlen(b), &cb), 0, "order B (CRLF) parses");
	is_int(cb.nrows, ca.nrows, "same row count");
	for (size_t i = 0; i < ca.nrows && i < cb.nrows; i++)
		for (size_t c = 0; c < ARRAY_SIZE(cols); c++) {
			const char *x = credreport_get(&ca, i, cols[c]);
			const char *y = credreport_get(&cb, i, cols[c]);

			total++;
			same += x && y && !strcmp(x, y);
		}
	is_int(total, 10, "10 cells compared");
	is_int(same, total, "every cell equal by column name");
	is_str(credreport_get(&cb, 1, "user"), "bob",
	       "B: user is the last column");
	is_str(credreport_get(&cb, 0, "new_column"), "x",
	       "B: an added column is readable");
	credreport_release(&ca);
	credreport_release(&cb);
}

static void test_not_a_report(void)
{
	static const char *const bad[] = {
		"",
		"name,id\nx,y\n",
		"user,created\nalice,2020\n",
		"arn,created\narn:aws:iam::1:user/a,2020\n",
		"<html><body>not a report</body></html>",
		"\n\n",
	};
	struct credreport cr;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		is_int(credreport_parse(bad[i], strlen(bad[i]), &cr),
		       IRREADY_EPARSE, "not a credential report (%zu)", i);
		ok(cr.header == NULL && cr.nrows == 0,
		   "rejected report is released (%zu)", i);
	}
	is_int(credreport_parse("user,arn\n", 9, &cr), 0,
	       "header only: a report without users");
	is_int(cr.nrows, 0, "header only: no row");
	credreport_release(&cr);
}

/* The well-prepared fixture: the base64 body, then the collector. */
static void test_fixture(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct aws_response resp;
	struct arena ar = ARENA_INIT;
	struct axml_doc *doc = NULL;
	char *b64 = NULL;
	const char *path = "fixtures/well-prepared/111122223333/global/"
			   "iam.GetCredentialReport.http";

	strbuf_init(&sb, 0);
	aws_response_init(&resp);
	if (!ok(!strbuf_read_file(&sb, path) &&
			!aws_http_parse_raw(sb.buf, sb.len, &resp),
		"%s reads", path))
		goto out;
	doc = axml_parse(resp.body.buf, resp.body.len);
	b64 = axml_str(&ar,
		       axml_path(axml_root(doc), "GetCredentialReportResult"),
		       "Content");
	if (!ok(b64 != NULL, "fixture: <Content>"))
		goto out;
	{
		size_t n = 0, blen = strlen(b64), pad = 0;
		unsigned char *csv = base64_decode(b64, blen, &n);
		unsigned char *ref = malloc(blen);
		int rlen =
			EVP_DecodeBlock(ref, (unsigned char *)b64, (int)blen);
		struct credreport cr;

		while (pad < blen && b64[blen - 1 - pad] == '=')
			pad++;
		ok(csv != NULL && rlen > 0, "fixture: decodes");
		is_int(n, rlen - (int)pad, "fixture: length as OpenSSL's");
		ok(csv && rlen > 0 && !memcmp(csv, ref, n),
		   "fixture: bytes as OpenSSL's");
		if (csv && !credreport_parse((const char *)csv, n, &cr)) {
			is_int(cr.nrows, 4, "fixture: root + 3 users");
			is_str(credreport_get(&cr, 0, "user"), "<root_account>",
			       "fixture: root first");
			is_str(credreport_get(&cr, 1,
					      "access_key_2_last_used_service"),
			       "ec2",
			       "fixture: alice's second key last used by ec2");
			is_str(credreport_get(&cr, 3, "cert_2_last_rotated"),
			       "N/A", "fixture: last cell without a newline");
			credreport_release(&cr);
		} else {
			ok(0, "fixture: CSV parses");
		}
		free(csv);
		free(ref);
	}

	/* the collector uses the report: one call, active keys only */
	{
		struct inventory inv = { 0 };
		struct aws_client c = { 0 };
		struct aws_error err;
		struct inv_account *a = inv_add_account(&inv);
		struct collect_ctx cx = { .client = &c,
					  .acct = a,
					  .arena = &a->arena[DS_IAM_KEYS],
					  .err = &err };
		time_t want = 0;
		int rc;

		c.transport = aws_replay_new("fixtures/well-prepared");
		a->id = "111122223333";
		a->home_region = "us-east-1";
		rc = inv_collect_iam_keys(&cx);
		is_int(rc, 0, "collector: credential report used");
		is_int(c.calls, 1, "collector: one call");
		is_int(a->keys_from_credential_report, 1, "collector: flagged");
		is_int(a->access_keys.n, 3,
		       "collector: alice 2 + bob 1 active keys");
		if (a->access_keys.n == 3) {
			parse_iso8601("2026-07-31T00:00:00+00:00", &want);
			is_str(a->access_keys.v[1].user, "alice",
			       "collector: alice");
			is_str(a->access_keys.v[1].key_id, "access_key_2",
			       "collector: slot name as key id");
			is_int(a->access_keys.v[1].created, want,
			       "collector: last_rotated as created");
			parse_iso8601("2026-11-20T16:02:00+00:00", &want);
			is_int(a->access_keys.v[1].last_used, want,
			       "collector: last used");
			is_str(a->access_keys.v[2].user_arn,
			       "arn:aws:iam::111122223333:user/bob",
			       "collector: bob's ARN");
		}
		c.transport->free(c.transport);
		inv_free(&inv);
	}
out:
	if (doc)
		axml_free(doc);
	arena_release(&ar);
	aws_response_release(&resp);
	strbuf_release(&sb);
}

int main(void)
{
	test_base64();
	test_parse();
	test_by_name();
	test_not_a_report();
	test_fixture();
	return done_testing();
}
