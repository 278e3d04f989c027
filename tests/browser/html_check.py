#!/usr/bin/python3
# html_check.py -- drive headless Chromium over the DevTools protocol and
# check report.html (called by tests/t_html_browser.sh)
#
# usage: html_check.py CHROMIUM BIG_REPORT SMALL_REPORT OUTDIR FIRST_TEST_NO
#                      [NEGLECTED_REPORT [DIFF_HTML]]
#
# NEGLECTED_REPORT (a replay audit of fixtures/neglected, its findings.json
# beside it): the "what to fix first" view, filter counts that follow the
# other filters, CLI fixes filled in from the finding, grade colours.
# DIFF_HTML (diff.json beside it): its filters, counts, search and sort.
# Talks CDP over --remote-debugging-pipe (fd 3 in, fd 4 out, messages
# NUL-separated), so it needs no websocket library and no TCP port: only
# the python3 standard library. Prints TAP lines numbered from
# FIRST_TEST_NO (the shell script prints the plan) and exits 1 if any
# failed.
import base64
import fcntl
import json
import os
import re
import select
import shutil
import signal
import sys
import tempfile
import time
import urllib.parse

HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "</script><script>alert(2)</script>"
HOSTILE_CSV = "=cmd|' /C calc'!A0"


class CDPError(Exception):
    pass


class Browser:
    """One headless Chromium, one page, events recorded as they come."""

    def __init__(self, chromium, log_path):
        self.userdir = tempfile.mkdtemp(prefix="irready-chromium-")
        cmd_r, cmd_w = os.pipe()
        ev_r, ev_w = os.pipe()

        def high(fd):
            # keep the child's 3 and 4 free for dup2 (and close-on-exec)
            n = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
            os.close(fd)
            return n

        cmd_r, cmd_w, ev_r, ev_w = map(high, (cmd_r, cmd_w, ev_r, ev_w))
        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions",
                "--mute-audio", "--hide-scrollbars",
                "--user-data-dir=" + self.userdir,
                "--remote-debugging-pipe", "about:blank"]
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, log_path,
             os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
            (os.POSIX_SPAWN_DUP2, 1, 2),
            (os.POSIX_SPAWN_DUP2, cmd_r, 3),
            (os.POSIX_SPAWN_DUP2, ev_w, 4),
        ]
        self.pid = os.posix_spawn(chromium, args, os.environ,
                                  file_actions=actions, setpgroup=0)
        os.close(cmd_r)
        os.close(ev_w)
        self.w, self.r = cmd_w, ev_r
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def _write(self, msg):
        data = json.dumps(msg).encode() + b"\0"
        while data:
            n = os.write(self.w, data)
            data = data[n:]

    def _read_one(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            rd, _, _ = select.select([self.r], [], [], left)
            if not rd:
                return None
            chunk = os.read(self.r, 1 << 20)
            if not chunk:
                raise CDPError("chromium closed the pipe")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        msg = json.loads(raw)
        if "method" in msg:
            self._event(msg)
        return msg

    def _event(self, msg):
        self.events.append(msg)
        if msg["method"] == "Page.javascriptDialogOpening":
            # never leave the page blocked on a dialog; the test fails
            # on the recorded event
            self.next_id += 1
            self._write({"id": self.next_id,
                         "method": "Page.handleJavaScriptDialog",
                         "params": {"accept": False},
                         "sessionId": msg.get("sessionId")})

    def send(self, method, params=None, timeout=30, browser=False):
        self.next_id += 1
        mid = self.next_id
        msg = {"id": mid, "method": method, "params": params or {}}
        if self.session and not browser:
            msg["sessionId"] = self.session
        self._write(msg)
        deadline = time.monotonic() + timeout
        while True:
            m = self._read_one(deadline)
            if m is None:
                raise CDPError("%s: no reply in %ss" % (method, timeout))
            if m.get("id") == mid:
                if "error" in m:
                    raise CDPError("%s: %s" % (method, m["error"]))
                return m.get("result", {})

    def pump(self, seconds):
        deadline = time.monotonic() + seconds
        while self._read_one(deadline) is not None:
            pass

    def wait_event(self, method, since, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            for m in self.events[since:]:
                if m["method"] == method:
                    return m
            if self._read_one(deadline) is None and \
                    time.monotonic() >= deadline:
                return None

    def open_page(self, width=1280, height=900):
        t = self.send("Target.createTarget", {"url": "about:blank"},
                      browser=True)
        a = self.send("Target.attachToTarget",
                      {"targetId": t["targetId"], "flatten": True},
                      browser=True)
        self.session = a["sessionId"]
        for d in ("Page", "Runtime", "Log", "Network"):
            self.send(d + ".enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height,
                   "deviceScaleFactor": 1, "mobile": False})

    def eval(self, expr, timeout=30):
        r = self.send("Runtime.evaluate",
                      {"expression": expr, "returnByValue": True,
                       "awaitPromise": True}, timeout=timeout)
        if "exceptionDetails" in r:
            raise CDPError("evaluate %r: %s" % (
                expr[:60], r["exceptionDetails"].get("text")))
        return r["result"].get("value")

    def wait_for(self, expr, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            v = self.eval(expr)
            if v:
                return v
            self.pump(0.05)
        return None

    def close(self):
        try:
            self.session = None
            self.send("Browser.close", timeout=5, browser=True)
        except Exception:
            pass
        for _ in range(50):
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.1)
        else:
            os.killpg(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.w)
        os.close(self.r)
        shutil.rmtree(self.userdir, ignore_errors=True)


class Tap:
    def __init__(self, first):
        self.n = first - 1
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.n += 1
        print("%s %d - %s" % ("ok" if cond else "not ok", self.n, name))
        if not cond:
            self.failed += 1
            if diag:
                for line in str(diag).splitlines():
                    print("#   " + line)
        sys.stdout.flush()
        return cond

    def diag(self, text):
        print("# " + text)
        sys.stdout.flush()


def problems(events, url):
    """Console errors, exceptions, dialogs and foreign requests."""
    errs, reqs, dialogs, seen = [], [], [], False
    for m in events:
        p = m.get("params", {})
        meth = m["method"]
        if meth == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            errs.append("exception: %s %s" % (
                d.get("text"), d.get("exception", {}).get("description")))
        elif meth == "Runtime.consoleAPICalled" and \
                p.get("type") in ("error", "assert"):
            errs.append("console.%s: %s" % (p["type"], " ".join(
                str(a.get("value", a.get("description")))
                for a in p.get("args", []))))
        elif meth == "Log.entryAdded" and \
                p["entry"].get("level") == "error":
            errs.append("log: %s" % p["entry"].get("text"))
        elif meth == "Network.requestWillBeSent":
            u = p["request"]["url"]
            if u == url:
                seen = True
            else:
                reqs.append(u)
        elif meth == "Page.javascriptDialogOpening":
            dialogs.append("%s: %s" % (p.get("type"), p.get("message")))
    return errs, reqs, dialogs, seen


def load(b, path, t, label, timeout=40):
    """Navigate to 'path'; returns (url, ms to interactive, first event)."""
    url = "file://" + urllib.parse.quote(os.path.abspath(path))
    since = len(b.events)
    t0 = time.monotonic()
    b.send("Page.navigate", {"url": url})
    ev = b.wait_event("Page.loadEventFired", since, timeout)
    state = b.wait_for(
        "document.documentElement.getAttribute('data-irready')", timeout)
    wall = (time.monotonic() - t0) * 1000
    t.ok(ev is not None and state == "ready",
         "%s: loads and becomes interactive" % label,
         "load event %s, data-irready=%r" % (ev is not None, state))
    ms = b.eval("window.irreadyReadyMs") if state == "ready" else None
    return url, ms, wall, since


def screenshot(b, path, until_id, from_id=None):
    def top(i):
        return b.eval("(function(){var e=document.getElementById(%s);"
                      "return Math.ceil(e.getBoundingClientRect().top+"
                      "window.scrollY)})()" % json.dumps(i))
    y = top(from_id) if from_id else 0
    h = top(until_id) - y
    shot = b.send("Page.captureScreenshot",
                  {"format": "png", "captureBeyondViewport": True,
                   "clip": {"x": 0, "y": y, "width": 1280,
                            "height": max(h, 200), "scale": 1}})
    data = base64.b64decode(shot["data"])
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


# Small JS helpers evaluated in the page.
JS_STATE = """(function(){
var rows=document.querySelectorAll('#fx-rows tr.fr');
var digits=function(id){return document.getElementById(id)
	.textContent.replace(/[^0-9]/g,'')};
return {rows:rows.length, count:+digits('fx-count'),
	total:+digits('fx-total'),
	page:document.getElementById('pg-info').textContent,
	first:rows.length?rows[0].getAttribute('data-i'):null,
	firstRes:rows.length?rows[0].querySelector('.rs').textContent:null,
	res:Array.prototype.map.call(rows,function(r){
		return r.querySelector('.rs').textContent}),
	status:Array.prototype.map.call(rows,function(r){
		return r.querySelector('.b').textContent})};
})()"""


def set_select(b, sel_id, label_prefix):
    return b.eval("""(function(){
var s=document.getElementById(%s);
for (var i=0;i<s.options.length;i++)
	if (s.options[i].text.indexOf(%s)===0) {
		s.selectedIndex=i;
		s.dispatchEvent(new Event('change',{bubbles:true}));
		return s.options[i].text;
	}
return null;})()""" % (json.dumps(sel_id), json.dumps(label_prefix)))


def search(b, text):
    b.eval("""(function(){var q=document.getElementById('flt-q');
q.value=%s;q.dispatchEvent(new Event('input',{bubbles:true}));})()"""
           % json.dumps(text))


def click(b, selector):
    return b.eval("""(function(){var e=document.querySelector(%s);
if(!e)return false;e.click();return true;})()""" % json.dumps(selector))


def check_big(b, t, path, outdir):
    url, ms, wall, since = load(b, path, t, "100k report")
    t.diag("load ms: %s" % (ms if ms is not None else "n/a"))
    t.diag("load wall ms (navigate to interactive, via CDP): %d" % wall)
    b.pump(0.2)
    errs, reqs, dialogs, seen = problems(b.events[since:], url)
    t.ok(not errs, "100k report: no console errors or exceptions",
         "\n".join(errs[:10]))
    t.ok(seen and not reqs,
         "100k report: no network requests but the file itself",
         "file request seen: %s; others: %s" % (seen, reqs[:10]))

    s = b.eval(JS_STATE)
    t.ok(s["rows"] > 0 and s["total"] == 100000 and s["count"] == 100000,
         "100k report: table renders a page of rows, total 100000",
         s and {k: s[k] for k in ("rows", "total", "count", "page")})
    vis = b.eval("""(function(){var st=document.getElementById('fx-static');
return [getComputedStyle(st).display,
	document.getElementById('fx').hidden]})()""")
    t.ok(vis == ["none", False],
         "100k report: static fallback hidden, interactive table shown",
         vis)

    # filter by status
    base = s
    lbl = set_select(b, "flt-status", "FAIL")
    s = b.wait_for("(function(){var s=%s;return s.count!==%d&&s})()"
                   % (JS_STATE, base["count"]), 10) or b.eval(JS_STATE)
    ok = (lbl is not None and 0 < s["count"] < base["count"] and
          s["rows"] > 0 and set(s["status"]) == {"FAIL"})
    t.ok(ok, "status filter FAIL narrows the matching rows",
         "option %r, count %s -> %s, statuses %s" % (
             lbl, base["count"], s["count"], sorted(set(s["status"]))))
    fail_count = s["count"]

    # free-text search, within the filter
    search(b, "eu-central-1")
    s2 = b.wait_for("(function(){var s=%s;return s.count!==%d&&s})()"
                    % (JS_STATE, fail_count), 10) or b.eval(JS_STATE)
    ok = 0 < s2["count"] < fail_count and \
        all("eu-central-1" in r for r in s2["res"])
    t.ok(ok, "text search narrows the results",
         "count %s -> %s" % (fail_count, s2["count"]))

    # paging
    click(b, "#flt-reset")
    s = b.wait_for("(function(){var s=%s;return s.count===100000&&s})()"
                   % JS_STATE, 10) or b.eval(JS_STATE)
    click(b, "#pg-next")
    s2 = b.eval(JS_STATE)
    t.ok(s2["first"] != s["first"] and s2["page"].startswith("Page 2 of"),
         "next page changes the first row shown",
         "first %s -> %s, %r" % (s["first"], s2["first"], s2["page"]))

    # sorting
    click(b, "#fx-table th[data-k=resource] button")
    s3 = b.wait_for("(function(){var s=%s;return s.first!==%s&&s})()"
                    % (JS_STATE, json.dumps(s2["first"])), 10) or \
        b.eval(JS_STATE)
    asc = s3["res"] == sorted(s3["res"])
    click(b, "#fx-table th[data-k=resource] button")
    s4 = b.eval(JS_STATE)
    desc = s4["res"] == sorted(s4["res"], reverse=True)
    aria = b.eval("document.querySelector('#fx-table th[data-k=resource]')"
                  ".getAttribute('aria-sort')")
    t.ok(s3["first"] != s2["first"] and asc and desc and
         s4["firstRes"] != s3["firstRes"] and aria == "descending" and
         s3["page"].startswith("Page 1 of"),
         "sorting by resource orders rows (ascending, then descending)",
         "first %s/%s/%s asc=%s desc=%s aria=%s" % (
             s2["first"], s3["first"], s4["first"], asc, desc, aria))

    # hostile names render as text
    for name, label in ((HOSTILE_IMG, "<img onerror> resource"),
                        (HOSTILE_SCRIPT, "</script> resource"),
                        (HOSTILE_CSV, "=cmd| resource")):
        click(b, "#flt-reset")
        search(b, name)
        found = b.wait_for("""(function(){
var c=document.querySelectorAll('#fx-rows td.rs');
for (var i=0;i<c.length;i++) if (c[i].textContent===%s) return c.length;
return 0;})()""" % json.dumps(name), 10)
        t.ok(bool(found), "%s renders as text in the table" % label,
             "no cell with textContent == %r" % name)
    top = b.eval("""(function(){var v=[];
document.querySelectorAll('#top .r').forEach(function(e){
v.push(e.textContent)});return v})()""")
    t.ok(HOSTILE_IMG in top and HOSTILE_SCRIPT in top,
         "hostile names render as text in the server-rendered top failures",
         top[:5])
    n = b.eval("[document.querySelectorAll('img').length,"
               "document.scripts.length]")
    t.ok(n == [0, 3], "no injected elements (no <img>, only our 3 scripts)",
         "img, script elements: %s" % n)

    # details panel
    click(b, "#flt-reset")
    set_select(b, "flt-status", "FAIL")
    b.wait_for("document.querySelectorAll('#fx-rows tr.fr').length>0", 10)
    click(b, "#fx-rows tr.fr .tg")
    d = b.wait_for("""(function(){var d=document.querySelector('#fx-rows tr.fd');
if(!d)return null;var a=d.querySelector('a');
return {steps:d.querySelectorAll('ol li').length,
	cli:(d.querySelector('.codebox pre')||{}).textContent||'',
	copy:!!d.querySelector('.codebox button'),
	href:a&&a.getAttribute('href'), rel:a&&a.rel,
	text:d.textContent}})()""", 10)
    ok = bool(d) and d["steps"] > 0 and d["cli"].startswith("aws ") and \
        d["copy"] and (d["href"] or "").startswith("https://") and \
        d["rel"] == "noopener noreferrer" and "Why it matters" in d["text"]
    t.ok(ok, "expanding a FAIL row shows remediation, CLI fix, doc link",
         d and {k: d[k] for k in ("steps", "cli", "href", "rel")})

    b.pump(0.2)
    errs, reqs, dialogs, _ = problems(b.events[since:], url)
    t.ok(not dialogs, "no JavaScript dialog opened", dialogs)
    t.ok(not errs and not reqs,
         "still no errors or requests after interacting",
         "\n".join(errs[:5] + reqs[:5]))

    b.eval("window.scrollTo(0,0)")
    n = screenshot(b, os.path.join(outdir, "overview.png"), "top")
    t.ok(n > 1000, "screenshot saved to %s/overview.png" % outdir,
         "%d bytes" % n)


def check_small(b, t, path, outdir):
    url, ms, wall, since = load(b, path, t, "60-finding report")
    b.pump(0.2)
    errs, reqs, dialogs, seen = problems(b.events[since:], url)
    s = b.eval(JS_STATE)
    t.ok(not errs and not reqs and not dialogs and seen and
         s["total"] == 60 and s["rows"] == 60 and
         s["page"] == "Page 1 of 1",
         "60-finding report: one page, no errors, no requests",
         {"errs": errs[:5], "reqs": reqs[:5], "dialogs": dialogs,
          "state": s and {k: s[k] for k in ("rows", "total", "page")}})
    n = screenshot(b, os.path.join(outdir, "overview-small.png"), "top")
    t.ok(n > 1000, "screenshot saved to %s/overview-small.png" % outdir,
         "%d bytes" % n)

    # defence in depth: the CSP refuses an injected inline handler
    since = len(b.events)
    b.eval("""(function(){var d=document.createElement('div');
d.innerHTML='<img src=x onerror="alert(9)">';
document.body.appendChild(d);})()""")
    b.pump(0.5)
    errs, _, dialogs, _ = problems(b.events[since:], url)
    t.ok(not dialogs and any("Content Security Policy" in e for e in errs),
         "Content-Security-Policy blocks an injected onerror handler",
         {"dialogs": dialogs, "errors": errs[:3]})

    # without JavaScript: the static table and the summary stand in
    b.send("Emulation.setScriptExecutionDisabled", {"value": True})
    since = len(b.events)
    b.send("Page.navigate", {"url": url})
    b.wait_event("Page.loadEventFired", since, 20)
    # evaluate still works with scripts disabled (it is the debugger)
    r = b.eval("""(function(){var st=document.getElementById('fx-static');
return {rows:st.querySelectorAll('tbody tr').length,
	shown:getComputedStyle(st).display!=='none',
	fx:getComputedStyle(document.getElementById('fx')).display,
	sections:['overview','top','errors','waived','manual'].filter(
		function(i){return !!document.getElementById(i)}).length}})()""")
    t.ok(r and r["rows"] == 60 and r["shown"] and r["fx"] == "none" and
         r["sections"] == 5,
         "without JavaScript the static table shows every finding", r)
    b.send("Emulation.setScriptExecutionDisabled", {"value": False})


def contrast(rgb_a, rgb_b):
    """WCAG contrast ratio of two "rgb(r, g, b)" colours."""
    def lum(rgb):
        c = [int(v) / 255 for v in rgb.replace("rgba", "").replace(
            "rgb", "").strip("()").split(",")[:3]]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4
             for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    la, lb = lum(rgb_a), lum(rgb_b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


JS_FIXFIRST = """(function(){
var rows=document.querySelectorAll('#ff-rows tr[data-check]');
return {shown:!document.getElementById('ff').hidden,
	checks:Array.prototype.map.call(rows,function(r){
		return r.getAttribute('data-check')}),
	gains:Array.prototype.map.call(rows,function(r){
		return parseFloat(r.querySelector('.gain').textContent)}),
	failing:Array.prototype.map.call(rows,function(r){
		return +r.children[6].textContent.replace(/[^0-9]/g,'')}),
	accounts:Array.prototype.map.call(rows,function(r){
		return +r.children[4].textContent.replace(/[^0-9]/g,'')})};
})()"""


def option_count(b, sel_id, label_prefix):
    """The count an option of 'sel_id' shows: "high (1,234)" -> 1234."""
    return b.eval("""(function(){var s=document.getElementById(%s);
for (var i=0;i<s.options.length;i++)
	if (s.options[i].text.indexOf(%s)===0) {
		var m=/\\(([0-9,]+)\\)$/.exec(s.options[i].text);
		return m?+m[1].replace(/,/g,''):null;
	}
return null;})()""" % (json.dumps(sel_id), json.dumps(label_prefix + " (")))


def check_fixes(b, t, path, outdir):
    """The neglected account's report: what to fix first, filter counts
    that follow the other filters, fixes filled in, readable grades."""
    with open(os.path.join(os.path.dirname(path), "findings.json")) as f:
        fj = json.load(f)
    url, ms, wall, since = load(b, path, t, "neglected report")
    b.pump(0.2)
    errs, reqs, dialogs, _ = problems(b.events[since:], url)
    t.ok(not errs and not reqs and not dialogs,
         "neglected report: no errors, requests or dialogs",
         "\n".join(errs[:5] + reqs[:5] + dialogs))

    # the per-check view
    ff = b.eval(JS_FIXFIRST)
    failing = {c["check_id"]: c["counts"]["FAIL"]
               for c in fj["score"]["checks"] if c["counts"]["FAIL"]}
    score = fj["score"]["overall"]["score"]
    t.ok(ff["shown"] and sorted(ff["checks"]) == sorted(failing) and
         dict(zip(ff["checks"], ff["failing"])) == failing,
         "what to fix first: one row per failing check (%d), with its "
         "failure count" % len(failing),
         {"shown": ff["checks"][:5], "want": sorted(failing)[:5]})
    tol = 0.05 * len(ff["gains"]) + 0.01
    t.ok(ff["gains"] == sorted(ff["gains"], reverse=True) and
         abs(sum(ff["gains"]) - (100 - score)) <= tol,
         "rows sorted by score gain, the gains adding up to 100 - %.2f"
         % score, "gains %s (sum %.2f)" % (ff["gains"][:8],
                                           sum(ff["gains"])))
    first = ff["checks"][0] if ff["checks"] else None
    click(b, "#ff-rows tr[data-check=%s] .ff-show" % first)
    s = b.wait_for("(function(){var s=%s;return s.rows>0&&s})()"
                   % JS_STATE, 10) or b.eval(JS_STATE)
    sel = b.eval("[document.getElementById('flt-check').selectedOptions[0]"
                 ".text, document.getElementById('flt-status')"
                 ".selectedOptions[0].text]")
    t.ok(s["count"] == failing.get(first) and set(s["status"]) == {"FAIL"}
         and sel[1].startswith("FAIL"),
         "Show on the first row (%s) lists exactly its %s failures"
         % (first, failing.get(first)), {"count": s["count"], "sel": sel})

    # filter counts follow the other filters
    click(b, "#flt-reset")
    b.wait_for("(function(){var s=%s;return s.count===s.total&&s})()"
               % JS_STATE, 10)
    all_high = option_count(b, "flt-severity", "high")
    set_select(b, "flt-status", "FAIL")
    b.wait_for("(function(){var s=%s;return s.count<s.total&&s})()"
               % JS_STATE, 10)
    high_fail = option_count(b, "flt-severity", "high")
    fail_total = option_count(b, "flt-status", "FAIL")
    set_select(b, "flt-severity", "high")
    s = b.wait_for("(function(){var s=%s;return s.count===%d&&s})()"
                   % (JS_STATE, high_fail or -1), 10) or b.eval(JS_STATE)
    status_fail_high = option_count(b, "flt-status", "FAIL")
    want_high_fail = sum(1 for x in fj["findings"]
                         if x["status"] == "FAIL" and
                         x["severity"] == "high")
    t.ok(high_fail == want_high_fail == s["count"] and
         all_high > high_fail and status_fail_high == high_fail and
         fail_total == sum(failing.values()),
         "filter counts follow the other filters: high (%s) of all, "
         "high (%s) once FAIL is chosen = the rows shown, FAIL (%s) once "
         "high is chosen" % (all_high, high_fail, status_fail_high),
         {"shown": s["count"], "want": want_high_fail,
          "fail_total": fail_total})
    search(b, "default-trail")
    s = b.wait_for("(function(){var s=%s;return s.count<%d&&s})()"
                   % (JS_STATE, high_fail or 0), 10) or b.eval(JS_STATE)
    t.ok(option_count(b, "flt-severity", "high") == s["count"],
         "... and the search: high (%s) = the rows shown"
         % s["count"])

    # fixes filled in with what the finding says
    def cli_of(check, res_part):
        click(b, "#flt-reset")
        search(b, res_part)
        set_select(b, "flt-check", next(x["check_title"]
                                        for x in fj["findings"]
                                        if x["check_id"] == check))
        b.wait_for("document.querySelectorAll('#fx-rows tr.fr').length"
                   "===1", 10)
        click(b, "#fx-rows tr.fr .tg")
        return b.wait_for("""(function(){
var d=document.querySelector('#fx-rows tr.fd');
return d&&Array.prototype.map.call(d.querySelectorAll('.codebox pre'),
	function(p){return p.textContent}).join('\\n---\\n')})()""", 10)
    cli = cli_of("cloudtrail_integrity", "default-trail") or ""
    t.ok("update-trail --name default-trail" in cli and
         "<TRAIL>" not in cli and "<KMS_KEY_ARN>" in cli,
         "CLI fix filled in: --name default-trail; <KMS_KEY_ARN> (unknown) "
         "stays", cli)
    cli = cli_of("kms_cmk_rotation", "0c63ca5f") or ""
    t.ok("--key-id 0c63ca5f-b143-4fed-8b0d-2e7373239e0a" in cli,
         "CLI fix filled in: kms enable-key-rotation --key-id <the key>",
         cli)
    cli = cli_of("guardduty_protection_plans", "eu-west-1:") or ""
    t.ok(re.search(r"--detector-id [0-9a-f]{20,}", cli) and
         "<DETECTOR_ID>" not in cli and "<REGION>" not in cli,
         "CLI fix filled in: the detector id and region", cli)

    # a readable colour for every grade
    rows = b.eval("""(function(){var out=[];
['A','B','C','D','F'].forEach(function(g){
	var e=document.createElement('div');e.className='grade g-'+g;
	document.body.appendChild(e);
	var cs=getComputedStyle(e);
	out.push([g,cs.backgroundColor,cs.color]);e.remove();});
return out})()""")
    low = [(g, bg, round(contrast(bg, fg), 2)) for g, bg, fg in rows
           if contrast(bg, fg) < 4.5 or contrast(bg, "rgb(244,246,249)")
           < 3]
    hues = {bg for _, bg, _ in rows}
    t.ok(not low and len(hues) == 5,
         "every grade colour is distinct and readable (white text >= "
         "4.5:1, >= 3:1 against the page)", low or rows)

    click(b, "#flt-reset")
    b.eval("window.scrollTo(0,0)")
    n = screenshot(b, os.path.join(outdir, "neglected-overview.png"), "top")
    t.ok(n > 1000, "screenshot saved to %s/neglected-overview.png" % outdir,
         "%d bytes" % n)
    b.eval("document.getElementById('fixfirst').scrollIntoView()")
    n = screenshot(b, os.path.join(outdir, "fix-first.png"), "findings",
                   "fixfirst")
    t.ok(n > 1000, "screenshot saved to %s/fix-first.png" % outdir,
         "%d bytes" % n)


JS_DIFF = """(function(){
var vis=Array.prototype.filter.call(
	document.querySelectorAll('tbody tr[data-cls]'),
	function(r){return !r.hidden && !r.closest('section').hidden});
return {shown:+document.getElementById('df-count').textContent
		.replace(/[^0-9]/g,''),
	total:+document.getElementById('df-total').textContent
		.replace(/[^0-9]/g,''),
	visible:vis.length,
	cls:vis.map(function(r){return r.getAttribute('data-cls')}),
	sev:vis.map(function(r){return r.getAttribute('data-sev')}),
	sections:Array.prototype.filter.call(
		document.querySelectorAll('section[data-sec]'),
		function(s){return !s.hidden}).length};
})()"""


def check_diff(b, t, path, outdir):
    """diff.html: the same filter, search and sort as the report."""
    with open(os.path.join(os.path.dirname(path), "diff.json")) as f:
        dj = json.load(f)
    changed = [x for x in dj["findings"] if x["class"] != "unchanged"]
    url, ms, wall, since = load(b, path, t, "diff.html")
    b.pump(0.2)
    errs, reqs, dialogs, _ = problems(b.events[since:], url)
    t.ok(not errs and not reqs and not dialogs,
         "diff.html: the script runs under its CSP, no errors or requests",
         "\n".join(errs[:5] + reqs[:5] + dialogs))
    s = b.eval(JS_DIFF)
    t.ok(s["total"] == s["shown"] == s["visible"] == len(changed),
         "diff.html: filters shown, every changed finding listed (%d)"
         % len(changed), s and {k: s[k] for k in ("total", "shown",
                                                  "visible")})
    want = {}
    for x in changed:
        want[x["class"]] = want.get(x["class"], 0) + 1
    cls = max(want, key=lambda k: want[k])
    set_select(b, "df-cls", cls)
    s = b.wait_for("(function(){var s=%s;return s.shown===%d&&s})()"
                   % (JS_DIFF, want[cls]), 10) or b.eval(JS_DIFF)
    t.ok(s["visible"] == want[cls] and set(s["cls"]) == {cls} and
         s["sections"] == 1,
         "diff.html: the change filter '%s' shows its %d rows, one section"
         % (cls, want[cls]), {k: s[k] for k in ("visible", "sections")})
    sev = {}
    for x in changed:
        if x["class"] == cls:
            sev[x["severity"]] = sev.get(x["severity"], 0) + 1
    top = max(sev, key=lambda k: sev[k])
    n = option_count(b, "df-sev", top)
    set_select(b, "df-sev", top)
    s = b.wait_for("(function(){var s=%s;return s.shown===%d&&s})()"
                   % (JS_DIFF, sev[top]), 10) or b.eval(JS_DIFF)
    t.ok(n == sev[top] == s["visible"] and set(s["sev"]) == {top},
         "diff.html: severity counts follow the change filter: %s (%s) = "
         "the rows shown" % (top, n), {"want": sev[top], "shown": s})
    click(b, "#df-reset")
    b.wait_for("(function(){var s=%s;return s.shown===%d&&s})()"
               % (JS_DIFF, len(changed)), 10)
    term = changed[0]["resource_id"][-12:].lower()
    b.eval("""(function(){var q=document.getElementById('df-q');q.value=%s;
q.dispatchEvent(new Event('input',{bubbles:true}));})()""" % json.dumps(term))
    wantq = sum(1 for x in changed if term in json.dumps(x).lower())
    s = b.wait_for("(function(){var s=%s;return s.shown<%d&&s})()"
                   % (JS_DIFF, len(changed)), 10) or b.eval(JS_DIFF)
    t.ok(0 < s["visible"] <= wantq + 1 and s["visible"] < len(changed),
         "diff.html: search narrows the rows (%r: %d)" % (term, s["visible"]))
    click(b, "#df-reset")
    click(b, "section[data-sec] th[data-col='4'] button")
    res = b.eval("""(function(){var s=document.querySelector('section[data-sec]');
return Array.prototype.map.call(s.querySelectorAll('tbody tr'),
	function(r){return r.cells[4].textContent})})()""")
    aria = b.eval("document.querySelector(\"section[data-sec] "
                  "th[data-col='4']\").getAttribute('aria-sort')")
    t.ok(res == sorted(res) and aria == "ascending" and len(res) > 1,
         "diff.html: sorting by resource orders the rows", res[:5])
    n = screenshot(b, os.path.join(outdir, "diff.png"), "df")
    t.ok(n > 1000, "screenshot saved to %s/diff.png" % outdir)


def main():
    chromium, big, small, outdir, first = sys.argv[1:6]
    neglected = sys.argv[6] if len(sys.argv) > 6 else None
    diff = sys.argv[7] if len(sys.argv) > 7 else None
    t = Tap(int(first))
    def expired(signum, frame):
        raise TimeoutError("browser checks took over 180s")

    # a wedged browser must not hang the test run
    signal.signal(signal.SIGALRM, expired)
    signal.alarm(180)
    b = Browser(chromium, os.path.join(outdir, "chromium.log"))
    try:
        b.open_page()
        check_big(b, t, big, outdir)
        check_small(b, t, small, outdir)
        if neglected:
            check_fixes(b, t, neglected, outdir)
        if diff:
            check_diff(b, t, diff, outdir)
    except Exception as e:  # report it as a failure, never hang or pass
        t.ok(False, "browser session", "%s: %s" % (type(e).__name__, e))
    finally:
        b.close()
    print("# done")
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
