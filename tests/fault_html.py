# fault_html.py -- one more fault for tests/aws_endpoint.py: a dead operation
#
# answer_html_500(actions) makes the endpoint (started in this process with
# aws_endpoint.start()) answer every call of the given "service:Action" or
# "Action" names with HTTP 500 and an HTML page, as a load balancer or
# proxy in front of a broken service does, instead of the fixture. The log
# line gets fault "html-500". It wraps Handler.send_raw, so aws_endpoint.py
# itself is unchanged; restore() undoes it.
import aws_endpoint as ae

_orig = ae.Handler.send_raw
HTML = (b"<html><head><title>500 Internal Server Error</title></head>"
        b"<body><h1>Internal Server Error</h1></body></html>")


def answer_html_500(actions):
    names = set(actions)

    def send_raw(self, status, reason, hdrs, body, rec, fault=None,
                 truncate=False):
        act = rec.get("action")
        if act and status < 300 and (
                act in names or "%s:%s" % (rec.get("service"), act) in names):
            return _orig(self, 500, "Internal Server Error",
                         [("Content-Type", "text/html")], HTML, rec,
                         fault="html-500")
        return _orig(self, status, reason, hdrs, body, rec, fault=fault,
                     truncate=truncate)

    ae.Handler.send_raw = send_raw


def restore():
    ae.Handler.send_raw = _orig
