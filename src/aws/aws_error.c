/*
 * aws_error.c -- AWS error envelopes and their classification
 *
 * Reads the error of any protocol into a struct aws_error:
 *   ec2 <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/>
 *   query <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>
 *   rest-xml   S3's bare <Error>, or the query form
 *   json       X-Amzn-Errortype, body __type or code; message or Message;
 *              x-amzn-query-error wins when present
 * A body that is none of these (an HTML 404 page from an emulator, an empty
 * 503 from a proxy) gives the HTTP status as the code, as botocore does.
 */
#include "aws.h"
#include "aws_json.h"
#include "aws_xml.h"
#include "irready.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

void aws_error_clear(struct aws_error *err)
{
	memset(err, 0, sizeof(*err));
}

void aws_error_set(struct aws_error *err, int rc, const char *code,
		   const char *fmt, ...)
{
	va_list ap;

	err->rc = rc;
	snprintf(err->code, sizeof(err->code), "%s", code);
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

/* "ns#Name:http://..." → "Name" (Smithy's sanitising rule). */
static void sanitize_code(const char *in, char *out, size_t size)
{
	const char *colon = strchr(in, ':');
	size_t len = colon ? (size_t)(colon - in) : strlen(in);
	const char *hash = memchr(in, '#', len);

	if (hash) {
		len -= (size_t)(hash + 1 - in);
		in = hash + 1;
	}
	while (len && (*in == ' ' || *in == '\t')) {
		in++;
		len--;
	}
	while (len && (in[len - 1] == ' ' || in[len - 1] == '\t'))
		len--;
	if (len >= size)
		len = size - 1;
	memcpy(out, in, len);
	out[len] = '\0';
}

static void collapse_ws(char *s)
{
	char *w = s;
	int sp = 0;

	for (char *r = s; *r; r++) {
		if (*r == '\n' || *r == '\r' || *r == '\t' || *r == ' ') {
			if (!sp && w != s)
				*w++ = ' ';
			sp = 1;
		} else {
			*w++ = *r;
			sp = 0;
		}
	}
	while (w > s && w[-1] == ' ')
		w--;
	*w = '\0';
}

static int parse_xml_error(const struct aws_response *resp,
			   struct aws_error *err)
{
	struct axml_doc *doc = axml_parse(resp->body.buf, resp->body.len);
	struct axml_node *root, *e = NULL;
	const char *rid = "RequestId";
	int found = 0;

	if (!doc)
		return 0;
	root = axml_root(doc);
	if (axml_is(root, "Response")) {
		e = axml_path(root, "Errors/Error");
		rid = "RequestID";
	} else if (axml_is(root, "ErrorResponse")) {
		e = axml_child(root, "Error");
	} else if (axml_is(root, "Error")) {
		e = root;
	}
	/* the body's request id, when it has one, over the header's */
	if (e && axml_child(root, rid))
		axml_copy(root, rid, err->request_id, sizeof(err->request_id));
	if (e && axml_child(e, "Code")) {
		char code[sizeof(err->code)];

		axml_copy(e, "Code", code, sizeof(code));
		collapse_ws(code);
		snprintf(err->code, sizeof(err->code), "%s", code);
		axml_copy(e, "Message", err->message, sizeof(err->message));
		found = err->code[0] != '\0';
	}
	axml_free(doc);
	return found;
}

static int parse_json_error(const struct aws_response *resp,
			    struct aws_error *err)
{
	const char *hdr = aws_response_header(resp, "x-amzn-query-error");
	const char *type = aws_response_header(resp, "x-amzn-errortype");
	cJSON *j = ajson_parse(resp->body.buf, resp->body.len);
	const char *msg = NULL;
	int found = 0;

	if (j) {
		if (!type)
			type = ajson_get(j, "__type");
		if (!type)
			type = ajson_get(j, "code");
		if (!type)
			type = ajson_get(j, "Code");
		msg = ajson_get(j, "message");
		if (!msg)
			msg = ajson_get(j, "Message");
		if (!msg)
			msg = ajson_get(j, "errorMessage");
	}
	if (hdr && *hdr) {
		const char *semi = strchr(hdr, ';');
		size_t len = semi ? (size_t)(semi - hdr) : strlen(hdr);

		if (len >= sizeof(err->code))
			len = sizeof(err->code) - 1;
		memcpy(err->code, hdr, len);
		err->code[len] = '\0';
		found = 1;
	} else if (type && *type) {
		sanitize_code(type, err->code, sizeof(err->code));
		found = err->code[0] != '\0';
	}
	if (msg)
		snprintf(err->message, sizeof(err->message), "%s", msg);
	cJSON_Delete(j);
	return found;
}

void aws_error_parse(enum aws_protocol proto, const struct aws_response *resp,
		     struct aws_error *err)
{
	const char *rid;
	int found = 0;

	err->status = resp->status;
	rid = aws_response_header(resp, "x-amzn-requestid");
	if (!rid)
		rid = aws_response_header(resp, "x-amz-request-id");
	if (rid)
		snprintf(err->request_id, sizeof(err->request_id), "%s", rid);

	switch (proto) {
	case AWS_PROTO_EC2:
	case AWS_PROTO_QUERY:
	case AWS_PROTO_REST_XML:
		found = parse_xml_error(resp, err);
		break;
	case AWS_PROTO_JSON:
	case AWS_PROTO_REST_JSON:
		found = parse_json_error(resp, err);
		/*
		 * Some JSON services answer errors in an XML envelope: take
		 * the code from it when the headers had none, the message
		 * when the body had none.
		 */
		if (!found) {
			found = parse_xml_error(resp, err);
		} else if (!err->message[0]) {
			struct aws_error x;

			aws_error_clear(&x);
			if (parse_xml_error(resp, &x))
				snprintf(err->message, sizeof(err->message),
					 "%s", x.message);
		}
		break;
	}
	if (!found) {
		/* generic body: the status is the code (botocore) */
		snprintf(err->code, sizeof(err->code), "%d", resp->status);
		if (!err->message[0])
			snprintf(err->message, sizeof(err->message),
				 "HTTP %d with an unrecognised error body",
				 resp->status);
	}
	err->rc = aws_error_classify(err->code, resp->status);
}

static const char *const throttle_codes[] = {
	"Throttling",
	"ThrottlingException",
	"ThrottledException",
	"RequestThrottledException",
	"TooManyRequestsException",
	"ProvisionedThroughputExceededException",
	"TransactionInProgressException",
	"RequestLimitExceeded",
	"BandwidthLimitExceeded",
	"LimitExceededException",
	"RequestThrottled",
	"SlowDown",
	"PriorRequestNotComplete",
	"EC2ThrottledException",
};

static const char *const denied_codes[] = {
	"AccessDenied",
	"AccessDeniedException",
	"UnauthorizedOperation",
	"Client.UnauthorizedOperation",
	"AuthorizationError",
	"AuthorizationErrorException",
	"UnauthorizedAccess",
	"UnauthorizedException",
	"OptInRequired",
	"SubscriptionRequiredException",
	"UnrecognizedClientException",
	"InvalidClientTokenId",
	"AuthFailure",
	"SignatureDoesNotMatch",
	"InvalidSignatureException",
	"ExpiredToken",
	"ExpiredTokenException",
	"InvalidAccessKeyId",
	"MissingAuthenticationToken",
};

static int in_list(const char *code, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(code, list[i]))
			return 1;
	return 0;
}

int aws_error_is_throttle(const char *code, int status)
{
	return in_list(code, throttle_codes, ARRAY_SIZE(throttle_codes)) ||
	       status == 429 || status == 509;
}

int aws_error_is_transient(const char *code, int status)
{
	return !strcmp(code, "RequestTimeout") ||
	       !strcmp(code, "RequestTimeoutException") ||
	       !strcmp(code, "PriorRequestNotComplete") ||
	       !strcmp(code, "InternalError") ||
	       !strcmp(code, "InternalFailure") ||
	       !strcmp(code, "ServiceUnavailable") || status == 500 ||
	       status == 502 || status == 503 || status == 504;
}

int aws_error_classify(const char *code, int status)
{
	if (aws_error_is_throttle(code, status))
		return IRREADY_ETHROTTLED;
	if (in_list(code, denied_codes, ARRAY_SIZE(denied_codes)) ||
	    (status == 403 && (!code[0] || !strcmp(code, "403"))))
		return IRREADY_EDENIED;
	return IRREADY_EAWS;
}
