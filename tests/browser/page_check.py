#!/usr/bin/python3
# page_check.py -- load script-free pages (trend.html, review.html) in
# headless Chromium and check them (called by tests/t_review.sh)
#
# usage: page_check.py CHROMIUM OUTDIR FIRST_TEST_NO PAGE...
#
# Reuses html_check.py's DevTools-over-pipe driver. Per page: it loads,
# with no console error, exception, dialog or request other than the page
# itself; it has a title heading and its sections; print media applies
# (the page's print rules) and Page.printToPDF renders it. Prints TAP
# lines numbered from FIRST_TEST_NO; exits 1 if any failed.
import base64
import os
import signal
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from html_check import Browser, Tap, problems  # noqa: E402


def check_page(b, t, path, outdir):
    name = os.path.basename(path)
    url = "file://" + urllib.parse.quote(os.path.abspath(path))
    since = len(b.events)
    b.send("Page.navigate", {"url": url})
    ev = b.wait_event("Page.loadEventFired", since, 40)
    t.ok(ev is not None, "%s: loads" % name)
    b.pump(0.5)
    errs, reqs, dialogs, seen = problems(b.events[since:], url)
    t.ok(not errs, "%s: no console errors or exceptions" % name,
         "\n".join(errs))
    t.ok(seen and not reqs, "%s: no request but the page itself" % name,
         "\n".join(reqs))
    t.ok(not dialogs, "%s: no dialogs" % name, "\n".join(dialogs))
    h1 = b.eval("(document.querySelector('h1')||{}).textContent||''")
    n2 = b.eval("document.querySelectorAll('section.card').length")
    t.ok(bool(h1) and n2 >= 3, "%s: heading '%s' and %d sections"
         % (name, h1, n2))
    screen = b.eval("getComputedStyle(document.body).backgroundColor")
    b.send("Emulation.setEmulatedMedia", {"media": "print"})
    bg = b.eval("getComputedStyle(document.body).backgroundColor")
    b.send("Emulation.setEmulatedMedia", {"media": ""})
    t.ok(bg == "rgb(255, 255, 255)" and screen != bg,
         "%s: print media applies the print rules (body %s, on screen %s)"
         % (name, bg, screen))
    pdf = b.send("Page.printToPDF", {"printBackground": True}, timeout=60)
    data = base64.b64decode(pdf.get("data", ""))
    out = os.path.join(outdir, name.replace(".html", ".pdf"))
    with open(out, "wb") as f:
        f.write(data)
    t.ok(data.startswith(b"%PDF") and len(data) > 2000,
         "%s: prints to PDF (%d bytes)" % (name, len(data)))


def main():
    chromium, outdir, first = sys.argv[1:4]
    pages = sys.argv[4:]
    t = Tap(int(first))

    def expired(signum, frame):
        raise TimeoutError("browser checks took over 120s")

    signal.signal(signal.SIGALRM, expired)
    signal.alarm(120)
    b = Browser(chromium, os.path.join(outdir, "chromium.log"))
    try:
        b.open_page()
        for p in pages:
            check_page(b, t, p, outdir)
    except Exception as e:  # a failure, never a hang or a pass
        t.ok(False, "browser session", "%s: %s" % (type(e).__name__, e))
    finally:
        b.close()
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
