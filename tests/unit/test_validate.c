/*
 * test_validate.c -- the boundary checks of issue 10: identifier formats
 * (aws_validate.c), UTF-8 repair and terminal escaping (text.c), URL
 * checks (aws_url.c), the XML DOCTYPE refusal and the type notes of the
 * JSON/XML accessors, and the read-only guard's REST method/path rules
 */
#include "aws.h"
#include "aws_allowlist.h"
#include "aws_http.h"
#include "aws_record.h"
#include "aws_json.h"
#include "aws_url.h"
#include "aws_validate.h"
#include "aws_xml.h"
#include "irready.h"
#include "safefile.h"
#include "tap.h"
#include "text.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_regions(void)
{
	static const char *good[] = { "us-east-1",      "eu-west-3",
				      "ap-southeast-4", "us-gov-west-1",
				      "cn-northwest-1", "il-central-1" };
	static const char *bad[] = { "",
				     "../../r1/payload",
				     "attacker.invalid/x?",
				     "us-east",
				     "US-EAST-1",
				     "us-east-1a",
				     "u-east-1",
				     "us--east-1",
				     "us-east-1/",
				     "us-east-1\n",
				     "global",
				     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-1" };

	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		ok(aws_valid_region(good[i]), "region '%s' is valid", good[i]);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char esc[80];

		ok(!aws_valid_region(bad[i]), "region '%s' is refused",
		   aws_escape_value(bad[i], esc, sizeof(esc)));
	}
	ok(!aws_valid_region(NULL), "NULL region is refused");
	ok(aws_valid_region_in("eu-west-1", "aws"), "eu-west-1 is in aws");
	ok(!aws_valid_region_in("cn-north-1", "aws"),
	   "cn-north-1 is not in aws");
	ok(aws_valid_region_in("us-gov-east-1", "aws-us-gov"),
	   "us-gov-east-1 is in aws-us-gov");
}

static void test_ids(void)
{
	ok(aws_valid_account("444455556666"), "12 digits are an account");
	ok(!aws_valid_account("../../../x"), "a path is not an account");
	ok(!aws_valid_account("44445555666"), "11 digits are not");
	ok(!aws_valid_account("4444555566667"), "13 digits are not");
	ok(!aws_valid_account("44445555666a"), "a letter is not");

	ok(aws_valid_bucket("config-bucket-444455556666"), "bucket is valid");
	ok(aws_valid_bucket("a.b-c"), "dots and dashes are fine");
	ok(!aws_valid_bucket("ab"), "2 characters are too short");
	ok(!aws_valid_bucket("Upper"), "upper case is refused");
	ok(!aws_valid_bucket("a..b"), "'..' is refused");
	ok(!aws_valid_bucket("../x"), "a path is refused");
	ok(!aws_valid_bucket("192.168.5.4"), "an IP address is refused");
	ok(!aws_valid_bucket("xn--abc"), "xn-- is refused");
	ok(!aws_valid_bucket("abc-s3alias"), "-s3alias is refused");
	ok(!aws_valid_bucket("-abc"), "a leading dash is refused");
	ok(!aws_valid_bucket("evil.com/x"), "a slash is refused");

	ok(aws_valid_arn("arn:aws:sts::444455556666:assumed-role/R/s"),
	   "an STS ARN is valid");
	ok(aws_valid_arn("arn:aws:iam::aws:policy/ReadOnlyAccess"),
	   "an AWS managed policy ARN is valid");
	ok(aws_valid_arn("arn:aws:logs:us-east-1:444455556666:log-group:x:*"),
	   "a log group ARN is valid");
	ok(!aws_valid_arn("arn:aws:sts::../x:role"), "a bad account is not");
	ok(!aws_valid_arn("arn:evil:sts::444455556666:x"),
	   "an unknown partition is not");
	ok(!aws_valid_arn("arn:aws:s3:::"), "no resource is not");
	ok(!aws_valid_arn("arn:aws:s3:::a b"), "a space is not");

	ok(aws_valid_kms_key("1234abcd-12ab-34cd-56ef-1234567890ab"),
	   "a key UUID is valid");
	ok(aws_valid_kms_key("mrk-1234abcd12ab34cd56ef1234567890ab"),
	   "a multi-region key id is valid");
	ok(aws_valid_kms_key("alias/aws/ebs"), "an alias is valid");
	ok(aws_valid_kms_key("arn:aws:kms:us-east-1:444455556666:key/"
			     "1234abcd-12ab-34cd-56ef-1234567890ab"),
	   "a key ARN is valid");
	ok(!aws_valid_kms_key("../key"), "a path is not a key");

	ok(aws_valid_id("vpc-0abc"), "vpc-0abc is a path-safe id");
	ok(!aws_valid_id(".."), "'..' is not");
	ok(!aws_valid_id("a/b"), "'a/b' is not");
	ok(aws_valid_path_component("us-east-1"), "component ok");
	ok(!aws_valid_path_component(""), "empty component refused");
	ok(!aws_valid_path_component("."), "'.' refused");
	ok(!aws_valid_path_component(".."), "'..' refused");
	ok(!aws_valid_path_component("a/b"), "'/' refused");
	ok(!aws_valid_path_component(NULL), "NULL refused");
}

static void test_escape(void)
{
	char buf[64];

	is_str(aws_escape_value("a\x1b]0;x\x07", buf, sizeof(buf)),
	       "a\\x1b]0;x\\x07", "control characters are escaped");
	is_str(aws_escape_value("\xff", buf, sizeof(buf)), "\\xff",
	       "high bytes are escaped");
	aws_escape_value("0123456789012345678901234567890123456789"
			 "0123456789012345678901234567890123456789",
			 buf, 20);
	ok(strlen(buf) < 20 && strstr(buf, "..."), "long values truncate: %s",
	   buf);
}

static void test_text(void)
{
	size_t n;
	char *s = text_utf8_repair("a\xff"
				   "b\xc3\xa9"
				   "\xed\xa0\x80",
				   8, &n);
	char *out = NULL;
	size_t outlen = 0;
	FILE *f;

	is_str(s,
	       "a\xef\xbf\xbd"
	       "b\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd"
	       "\xef\xbf\xbd",
	       "invalid bytes and a surrogate become U+FFFD");
	ok(text_utf8_valid(s, n), "the repair is valid UTF-8");
	free(s);
	ok(!text_utf8_valid("\xc0\xaf", 2), "an overlong form is invalid");
	ok(text_utf8_valid("\xf0\x9f\x98\x80", 4), "an emoji is valid");

	f = open_memstream(&out, &outlen);
	text_fputs_terminal("x\x1b[2J\x07\xc2\x9b\xff\xc3\xa9\n", f, 0);
	fclose(f);
	is_str(out, "x\\x1b[2J\\x07\\u009b\\xff\xc3\xa9\\x0a",
	       "the terminal sees no control characters");
	free(out);
	ok(text_needs_escape("a\x1b"), "ESC needs escaping");
	ok(!text_needs_escape("caf\xc3\xa9"), "UTF-8 text does not");
}

static void test_urls(void)
{
	static const char *refused[] = {
		"http://127.0.0.1@example.invalid/",
		"http://127.0.0.1.example.invalid/",
		"http://localhost.example.invalid/",
		"http://example.invalid/",
		"https://user:pw@example.invalid/",
		"http://[::2]/",
		"ftp://127.0.0.1/",
		"not a url",
	};
	static const char *accepted[] = {
		"http://localhost:4566",   "http://127.0.0.1:8080/",
		"http://127.9.8.7/",       "http://[::1]:4566/",
		"https://s3.example.com/",
	};
	char why[160];

	for (size_t i = 0; i < ARRAY_SIZE(refused); i++)
		ok(aws_url_check(refused[i], 0, why, sizeof(why)),
		   "URL '%s' refused", refused[i]);
	for (size_t i = 0; i < ARRAY_SIZE(accepted); i++)
		ok(!aws_url_check(accepted[i], 0, why, sizeof(why)),
		   "URL '%s' accepted", accepted[i]);
	ok(!aws_url_check("http://example.invalid/", 1, why, sizeof(why)),
	   "--allow-insecure-http allows plain http elsewhere");
	ok(aws_url_check("http://a@127.0.0.1/", 1, why, sizeof(why)),
	   "but never user-info");
	ok(!aws_url_is_loopback("http://127.0.0.1@example.invalid/"),
	   "user-info before a loopback address is not loopback");
}

static void test_xml_json(void)
{
	const char bomb[] = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e "
			    "\"AAAA\">]><d>&e;&e;</d>";
	const char lower[] = "<!doctype d><d/>";
	const char js[] = "{\"s\":\"7\",\"h\":1e400,\"n\":null,\"l\":{},"
			  "\"x\":\"b\xff\"}";
	struct axml_doc *doc;
	cJSON *j;
	char why[96];

	ok(!axml_parse(bomb, strlen(bomb)), "a DOCTYPE is refused");
	ok(!axml_parse(lower, strlen(lower)), "in any case");
	doc = axml_parse("<a><n>x7</n><b>maybe</b><t>soon</t></a>", 39);
	ok(doc != NULL, "a plain document parses");
	if (doc) {
		struct axml_node *r = axml_root(doc);

		axml_take_error(NULL, 0);
		is_int(axml_long(r, "n", 5), 5,
		       "a bad integer gives the default");
		ok(axml_take_error(why, sizeof(why)) && strstr(why, "n ("),
		   "and is noted: %s", why);
		axml_bool(r, "b", 0);
		ok(axml_take_error(why, sizeof(why)), "a bad boolean is noted");
		axml_time(r, "t");
		ok(axml_take_error(why, sizeof(why)),
		   "a bad timestamp is noted");
		axml_long(r, "absent", 0);
		ok(!axml_take_error(why, sizeof(why)), "absent is not noted");
		axml_free(doc);
	}
	j = ajson_parse(js, sizeof(js) - 1);
	ok(j != NULL, "JSON with invalid UTF-8 parses (repaired)");
	if (j) {
		ajson_take_error(NULL, 0);
		ajson_num(j, "s", 0);
		ok(ajson_take_error(why, sizeof(why)) &&
			   !strcmp(why, "s (not a number)"),
		   "a string where a number belongs is noted: %s", why);
		ajson_num(j, "h", 0);
		ok(ajson_take_error(why, sizeof(why)) && strstr(why, "range"),
		   "1e400 is noted: %s", why);
		ajson_num(j, "n", 0);
		ajson_get(j, "absent");
		ok(!ajson_take_error(why, sizeof(why)),
		   "null and absent are not noted");
		ajson_array(j, "l");
		ok(ajson_take_error(why, sizeof(why)), "an object for a list");
		is_str(ajson_get(j, "x"), "b\xef\xbf\xbd",
		       "the invalid byte became U+FFFD");
		cJSON_Delete(j);
	}
}

/*
 * The SAX-built tree (aws_xml.c): an element's text is all its
 * descendants' character data in order; two documents of one thread live
 * side by side (a collector may parse while another page is open); a
 * text node over libxml2's 10 MB limit refuses the page (the DOM decoder
 * truncated it there and went on with a partial document).
 */
static void test_xml_tree(void)
{
	const char mixed[] = "<r><a>one <b>two</b><!-- c --> <![CDATA[<3]]>"
			     "&amp;&#x41;</a><i>1</i><j/><i>2</i></r>";
	const size_t big = 6000000;
	struct arena a = ARENA_INIT;
	struct axml_doc *d1 = axml_parse(mixed, sizeof(mixed) - 1);
	struct axml_doc *d2 = axml_parse("<s><i>x</i></s>", 15);
	struct axml_node *r = axml_root(d1), *i;
	char *huge;

	ok(d1 && d2, "two documents at once");
	is_str(axml_str(&a, r, "a"), "one two <3&A",
	       "mixed content: the text of every descendant, in order");
	i = axml_child(r, "i");
	ok(i && axml_is(axml_next(i), "i") && axml_next(i) != i->next,
	   "axml_next skips other names");
	is_str(axml_str(&a, axml_next(i), ""), "2", "and reads the second");
	ok(!axml_next(axml_next(i)), "then ends");
	is_str(axml_str(&a, axml_root(d2), "i"), "x",
	       "the second document reads on");
	axml_free(d1);
	is_str(axml_str(&a, axml_root(d2), "i"), "x", "and outlives the first");
	axml_free(d2);
	ok(axml_root(NULL) == NULL, "a NULL document has no root");
	axml_free(NULL);

	huge = malloc(2 * big + 64);
	if (huge) {
		int n = sprintf(huge, "<a><b>");

		memset(huge + n, 'x', big);
		n += (int)big;
		n += sprintf(huge + n, "&amp;");
		memset(huge + n, 'x', big);
		n += (int)big;
		n += sprintf(huge + n, "</b></a>");
		ok(!axml_parse(huge, (size_t)n),
		   "a 12 MB text node is refused, not truncated");
		n = sprintf(huge, "<a><b>");
		memset(huge + n, 'x', 9000000);
		n += 9000000;
		n += sprintf(huge + n, "</b></a>");
		d1 = axml_parse(huge, (size_t)n);
		ok(d1 && axml_root(d1)->len == 9000000,
		   "one of 9 MB is read whole");
		axml_free(d1);
		free(huge);
	}
	arena_release(&a);
}

/* safefile_read_at(): relative to a directory, straight into the buffer */
static void test_files_at(const char *dir, const char *reg)
{
	struct strbuf sb = STRBUF_INIT;
	enum safefile_err why;
	size_t big = 200000, same = 0;
	char *bigpath = xasprintf("%s/big", dir);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	FILE *f = fopen(bigpath, "w");

	for (size_t i = 0; i < big; i++)
		fputc('a' + (int)(i % 26), f);
	fclose(f);
	strbuf_init(&sb, 100);
	strbuf_add(&sb, "x:", 2);
	ok(!safefile_read_at(&sb, dfd, "reg", &why) && sb.len == 7 &&
		   !strcmp(sb.buf, "x:hello"),
	   "a file relative to a directory appends to what the buffer holds");
	ok(safefile_read_at(&sb, dfd, "lnk", &why) && why == SAFEFILE_SYMLINK,
	   "relative to a directory, a symlink is refused");
	ok(safefile_read_at(&sb, dfd, "nope", &why) && why == SAFEFILE_MISSING,
	   "relative to a directory, a missing file says so");
	strbuf_release(&sb);
	strbuf_init(&sb, 5);
	ok(!safefile_read_at(&sb, AT_FDCWD, reg, &why) && sb.len == 5,
	   "a file exactly at the cap reads");
	strbuf_release(&sb);
	strbuf_init(&sb, STRBUF_FIXTURE_MAX);
	ok(!safefile_read_at(&sb, dfd, "big", &why) && sb.len == big &&
		   !sb.buf[big],
	   "a 200 kB file reads whole, NUL-terminated");
	for (size_t i = 0; sb.buf && i < sb.len; i++)
		same += sb.buf[i] == 'a' + (int)(i % 26);
	ok(same == big, "... byte for byte");
	strbuf_release(&sb);
	strbuf_init(&sb, big - 1);
	ok(safefile_read_at(&sb, dfd, "big", &why) == IRREADY_ENOMEM &&
		   why == SAFEFILE_TOO_LARGE && !sb.len,
	   "one byte over the cap is refused, the buffer untouched");
	strbuf_release(&sb);
	unlink(bigpath);
	free(bigpath);
	close(dfd);
}

static void test_files(void)
{
	char dir[] = "/tmp/irready-safefile-XXXXXX";
	char *reg, *lnk, *fifo;
	struct strbuf sb = STRBUF_INIT;
	enum safefile_err why;
	FILE *f;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	reg = xasprintf("%s/reg", dir);
	lnk = xasprintf("%s/lnk", dir);
	fifo = xasprintf("%s/fifo", dir);
	f = fopen(reg, "w");
	fputs("hello", f);
	fclose(f);
	ok(!symlink(reg, lnk), "symlink");
	ok(!mkfifo(fifo, 0600), "mkfifo");
	strbuf_init(&sb, 100);
	ok(!safefile_read(&sb, reg, &why) && sb.len == 5, "a file reads");
	strbuf_reset(&sb);
	ok(safefile_read(&sb, lnk, &why) && why == SAFEFILE_SYMLINK,
	   "a symlink is refused");
	ok(safefile_read(&sb, fifo, &why) && why == SAFEFILE_SPECIAL,
	   "a FIFO is refused without blocking");
	ok(safefile_read(&sb, dir, &why) && why == SAFEFILE_SPECIAL,
	   "a directory is refused");
	strbuf_release(&sb);
	strbuf_init(&sb, 3);
	ok(safefile_read(&sb, reg, &why) == IRREADY_ENOMEM &&
		   why == SAFEFILE_TOO_LARGE,
	   "over the cap is refused");
	ok(safefile_read(&sb, "/nonexistent/x", &why) &&
		   why == SAFEFILE_MISSING,
	   "a missing file says so");
	strbuf_release(&sb);
	test_files_at(dir, reg);
	unlink(reg);
	unlink(lnk);
	unlink(fifo);
	rmdir(dir);
	free(reg);
	free(lnk);
	free(fifo);
}

static void test_guard(void)
{
	struct aws_error err;
	struct aws_request r = { .service = "guardduty",
				 .action = "ListFindings",
				 .region = "us-east-1",
				 .method = "POST",
				 .path = "/detector/abc/findings" };

	ok(!aws_allowlist_check(&r, 0, &err), "a modelled REST POST passes");
	r.path = "/detector/abc/findings/../../members/delete";
	ok(aws_allowlist_check(&r, 0, &err), "a '..' path is refused");
	r.path = "/detector/abc/members/delete";
	ok(aws_allowlist_check(&r, 0, &err),
	   "a POST to another path is refused: %s", err.message);
	r.method = "DELETE";
	r.path = "/detector/abc";
	ok(aws_allowlist_check(&r, 0, &err), "DELETE is refused");
	r.action = "GetDetector";
	r.method = "POST";
	ok(aws_allowlist_check(&r, 0, &err),
	   "a Get sent as an unmodelled POST is refused");
	r.method = "GET";
	ok(!aws_allowlist_check(&r, 0, &err), "GET passes");
	r.method = "PUT";
	r.service = "s3";
	r.action = "GetBucketPolicy";
	r.path = "/bucket";
	ok(aws_allowlist_check(&r, 0, &err), "an S3 PUT is refused");
	r.method = NULL;
	ok(!aws_allowlist_check(&r, 0, &err), "the default GET passes");
}

static int sent;

static int counting_send(struct aws_transport *t, const struct aws_request *req,
			 struct aws_response *resp, struct aws_error *err)
{
	sent++;
	resp->status = 200;
	return 0;
}

/* Defence in depth: a bad region or account never reaches a transport,
 * a replay file or a recording. */
static void test_paths(void)
{
	struct aws_transport t = { "count", counting_send, NULL };
	struct aws_client c = { .transport = &t };
	struct aws_request req = { .service = "ec2",
				   .action = "DescribeVpcs",
				   .region = "attacker.invalid/x?",
				   .account = "444455556666" };
	struct aws_response resp;
	struct aws_error err;
	char dir[] = "/tmp/irready-rec-XXXXXX";
	struct aws_recorder *r;
	struct aws_transport *replay;
	char *p;

	ok(aws_call(&c, &req, &resp, &err) == IRREADY_EPARSE && !sent,
	   "aws_call refuses a malformed region before sending: %s",
	   err.message);
	aws_response_release(&resp);
	req.region = "us-east-1";
	req.account = "../../../x";
	ok(aws_call(&c, &req, &resp, &err) == IRREADY_EPARSE && !sent,
	   "and a malformed account");
	aws_response_release(&resp);
	req.account = "444455556666";
	ok(aws_call(&c, &req, &resp, &err) == 0 && sent == 1,
	   "a good request goes through");
	aws_response_release(&resp);

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	replay = aws_replay_new(dir);
	req.region = "..";
	aws_response_init(&resp);
	ok(replay->send(replay, &req, &resp, &err) &&
		   !strcmp(err.code, "ReplayRefused"),
	   "replay refuses a '..' region: %s", err.code);
	aws_response_release(&resp);
	replay->free(replay);

	r = aws_recorder_new(dir);
	aws_response_init(&resp);
	resp.status = 200;
	req.region = "../../escaped";
	ok(aws_recorder_store(r, &req, &resp) == IRREADY_EIO,
	   "the recorder refuses a path outside its directory");
	p = xasprintf("%s/../escaped", dir);
	ok(access(p, F_OK) != 0, "and writes nothing there");
	free(p);
	req.region = "";
	ok(aws_recorder_store(r, &req, &resp) == IRREADY_EIO,
	   "or an empty component");
	aws_response_release(&resp);
	aws_recorder_free(r);
	rmdir(dir);
}

int main(void)
{
	test_regions();
	test_ids();
	test_escape();
	test_text();
	test_urls();
	test_xml_json();
	test_xml_tree();
	test_files();
	test_guard();
	test_paths();
	return done_testing();
}
