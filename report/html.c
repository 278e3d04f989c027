/*
 * html.c -- the self-contained HTML report
 *
 * report.html is one file an executive can open from a mail attachment or
 * a file share: inline CSS, inline SVG charts and a little inline JS, and
 * no fetches of any kind (a Content-Security-Policy forbids them). The
 * overview, the most important failures and the ERROR, WAIVED and MANUAL
 * sections are rendered here in C, so the report reads and prints without
 * JavaScript. The findings table is rendered by the script from a JSON
 * block, one page at a time, which keeps 100,000 findings responsive;
 * without JavaScript a static table of the first STATIC_ROWS findings
 * (failures and errors first) stands in for it.
 *
 * Everything that came from AWS or a check is escaped: html_escape() in
 * markup, json_escape_script() inside the JSON block (so "</script>" in
 * a resource name cannot end it), and the script only ever assigns data
 * to textContent.
 *
 * The JSON block ("irready-data") has short keys to stay small:
 *   st, sv, ph  status, severity and phase names, indexed by enum value
 *   ck          checks: {id, t title, p phase, s severity, r rationale,
 *               m remediation, x cli fix, f cfn or null, d doc url,
 *               w frameworks}
 *   ac, rg, rt  accounts [id, name], regions, resource types
 *   f           findings, each [check, account, region, status, severity,
 *               resource type, finding id, resource, message] (indexes into
 *               the tables above), plus [waiver, verdict] when waived
 */
#include "irready.h"
#include "report.h"
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TOP_FAILURES  20  /* "most important failures first" */
#define STATIC_ROWS   500 /* the no-JavaScript findings table */
#define SECTION_ROWS  200 /* ERROR, WAIVED and MANUAL tables */
#define META_ACCOUNTS 8   /* accounts named in the header */

/* The order statuses are shown in: what needs attention first. */
static const enum check_status status_order[CHECK__COUNT] = {
	CHECK_FAIL,   CHECK_ERROR, CHECK_MANUAL,
	CHECK_WAIVED, CHECK_PASS,  CHECK_NA,
};

static const char *const status_label[CHECK__COUNT] = {
	[CHECK_PASS] = "Pass",     [CHECK_FAIL] = "Fail",
	[CHECK_ERROR] = "Error",   [CHECK_WAIVED] = "Waived",
	[CHECK_MANUAL] = "Manual", [CHECK_NA] = "Not applicable",
};

/* clang-format off */
static const char *const css[] = {
	":root{--ink:#1c2430;--muted:#5b6573;--line:#dfe3ea;--bg:#f4f6f9;\n",
	"--card:#fff;--navy:#14243b;--accent:#0072b2;\n",
	"--pass:#0072b2;--fail:#d55e00;--error:#882255;--waived:#7d8590;\n",
	"--manual:#e69f00;--na:#c5cad3;\n",
	"--gA:#0072b2;--gB:#3a8fc4;--gC:#767c87;--gD:#b87400;--gF:#c24e00}\n",
	"*{box-sizing:border-box}\n",
	"[hidden]{display:none!important}\n",
	"html{-webkit-text-size-adjust:100%}\n",
	"body{margin:0;background:var(--bg);color:var(--ink);\n",
	"font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\n",
	"\"Helvetica Neue\",Arial,\"Noto Sans\",\"Liberation Sans\",sans-serif}\n",
	"code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,\n",
	"Consolas,\"Liberation Mono\",\"DejaVu Sans Mono\",monospace;\n",
	"font-size:12.5px}\n",
	"a{color:var(--accent)}\n",
	"h1,h2,h3,h4{line-height:1.25;margin:0}\n",
	"h2{font-size:18px;margin-bottom:12px}\n",
	"h3{font-size:14px;margin:0 0 8px;color:var(--muted);\n",
	"text-transform:uppercase;letter-spacing:.04em}\n",
	".top{background:var(--navy);color:#fff;padding:22px 0 18px}\n",
	".wrap{max-width:1440px;margin:0 auto;padding:0 24px}\n",
	".top h1{font-size:22px;font-weight:650;letter-spacing:-.01em}\n",
	".top .sub{color:#c3cede;margin-top:4px}\n",
	".meta{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));\n",
	"gap:8px 24px;margin:16px 0 0;padding:14px 0 0;\n",
	"border-top:1px solid rgba(255,255,255,.15)}\n",
	".meta div{min-width:0}\n",
	".meta dt{font-size:11px;text-transform:uppercase;letter-spacing:.06em;\n",
	"color:#9fb0c8}\n",
	".meta dd{margin:2px 0 0;color:#fff;overflow-wrap:anywhere}\n",
	"main.wrap{padding-top:20px;padding-bottom:32px}\n",
	".card{background:var(--card);border:1px solid var(--line);\n",
	"border-radius:10px;padding:20px 22px;margin:0 0 18px;\n",
	"box-shadow:0 1px 2px rgba(20,36,59,.05)}\n",
	".hero{display:grid;grid-template-columns:minmax(260px,330px) 1fr;gap:26px}\n",
	".scorebox{display:flex;gap:18px;align-items:center}\n",
	".grade{width:96px;height:96px;border-radius:18px;display:flex;\n",
	"align-items:center;justify-content:center;font-size:60px;\n",
	"font-weight:750;color:#fff;flex:none}\n",
	".g-A{background:var(--gA)}.g-B{background:var(--gB)}\n",
	".g-C{background:var(--gC)}.g-D{background:var(--gD)}\n",
	".g-F{background:var(--gF)}.g-na{background:#aab1bc;font-size:30px}\n",
	".score{font-size:34px;font-weight:700;line-height:1.1}\n",
	".score small{font-size:15px;color:var(--muted);font-weight:500}\n",
	".cov{color:var(--muted);margin-top:4px}\n",
	".note{color:var(--muted);font-size:12.5px;margin:10px 0 0}\n",
	".tiles{display:grid;grid-template-columns:repeat(6,1fr);gap:10px}\n",
	".tile{border:1px solid var(--line);border-radius:8px;padding:8px 10px;\n",
	"border-top:4px solid var(--c)}\n",
	".tile b{display:block;font-size:22px;line-height:1.2}\n",
	".tile span{font-size:12px;color:var(--muted)}\n",
	".t-PASS{--c:var(--pass)}.t-FAIL{--c:var(--fail)}\n",
	".t-ERROR{--c:var(--error)}.t-WAIVED{--c:var(--waived)}\n",
	".t-MANUAL{--c:var(--manual)}.t-NOT_APPLICABLE{--c:var(--na)}\n",
	".stack{margin-top:14px;width:100%;height:18px;display:block}\n",
	".sevh{margin-top:18px}\n",
	".sevs{display:flex;flex-wrap:wrap;gap:8px 18px}\n",
	".sevs b{font-variant-numeric:tabular-nums}\n",
	".grid2{display:grid;grid-template-columns:1fr 1fr;gap:18px}\n",
	".grid2>.card{margin:0}\n",
	".row2{margin-bottom:18px}\n",
	"svg text{font-family:inherit}\n",
	".bars{width:100%;height:auto;display:block}\n",
	".bars .lbl{font-size:13px;fill:var(--ink)}\n",
	".bars .val{font-size:13px;font-weight:700;fill:var(--ink)}\n",
	".bars .sm{font-size:11.5px;fill:var(--muted)}\n",
	".bars .b{font-weight:700;fill:#8a919c}\n",
	".bars .trk{fill:#e9edf2}\n",
	".bars .thr{stroke:#fff;stroke-width:2}\n",
	".f-A{fill:var(--gA)}.f-B{fill:var(--gB)}.f-C{fill:var(--gC)}\n",
	".f-D{fill:var(--gD)}.f-F{fill:var(--gF)}.f-na{fill:#c5cad3}\n",
	".fs-PASS{fill:var(--pass)}.fs-FAIL{fill:var(--fail)}\n",
	".fs-ERROR{fill:var(--error)}.fs-WAIVED{fill:var(--waived)}\n",
	".fs-MANUAL{fill:var(--manual)}.fs-NOT_APPLICABLE{fill:var(--na)}\n",
	"table{border-collapse:collapse;width:100%}\n",
	"th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);\n",
	"vertical-align:top}\n",
	"th{font-size:12px;color:var(--muted);font-weight:600;white-space:nowrap;\n",
	"background:#f8f9fb}\n",
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n",
	".scroll{max-height:400px;overflow:auto}\n",
	".mini{display:block}\n",
	".brk{overflow-wrap:anywhere;word-break:break-word}\n",
	".b{display:inline-block;padding:1px 8px;border-radius:999px;font-size:11.5px;\n",
	"font-weight:650;white-space:nowrap;letter-spacing:.02em}\n",
	".b-PASS{background:#dcebf7;color:#00507d}\n",
	".b-FAIL{background:#fbe2d3;color:#8c3a00}\n",
	".b-ERROR{background:#f3dde9;color:#6e1a45}\n",
	".b-WAIVED{background:#e8eaee;color:#3f4550}\n",
	".b-MANUAL{background:#fdefcc;color:#6b4800}\n",
	".b-NOT_APPLICABLE{background:#f0f1f4;color:#5b6270}\n",
	".b-PASS::before{content:\"\\2713\\00a0\"}.b-FAIL::before{content:\"\\2717\\00a0\"}\n",
	".b-ERROR::before{content:\"!\\00a0\"}.b-WAIVED::before{content:\"\\2248\\00a0\"}\n",
	".b-MANUAL::before{content:\"?\\00a0\"}\n",
	".b-NOT_APPLICABLE::before{content:\"\\2013\\00a0\"}\n",
	".v{display:inline-block;padding:1px 7px;border-radius:4px;font-size:11.5px;\n",
	"font-weight:650;text-transform:capitalize}\n",
	".v-critical{background:#3d1558;color:#fff}\n",
	".v-high{background:#70429a;color:#fff}\n",
	".v-medium{background:#cdbde3;color:#2c1640}\n",
	".v-low{background:#ebe4f4;color:#3d2a55}\n",
	".v-info{background:#f1f2f5;color:#5b6270}\n",
	".topf{list-style:none;margin:0;padding:0}\n",
	".topf li{display:grid;grid-template-columns:88px 1fr;gap:2px 12px;\n",
	"padding:8px 0;border-bottom:1px solid var(--line)}\n",
	".topf li:last-child{border-bottom:0}\n",
	".topf .t{font-weight:600}\n",
	".topf .r{font-size:12.5px}\n",
	".topf .m{color:var(--muted);grid-column:2}\n",
	".where{color:var(--muted);font-size:12px}\n",
	".controls{display:flex;flex-wrap:wrap;gap:10px 12px;align-items:flex-end;\n",
	"margin-bottom:10px}\n",
	".controls label{display:flex;flex-direction:column;font-size:11.5px;\n",
	"color:var(--muted);font-weight:600;gap:3px}\n",
	".controls select,.controls input{font:inherit;font-size:13px;\n",
	"padding:5px 7px;border:1px solid #c8ced8;border-radius:6px;\n",
	"background:#fff;color:var(--ink);max-width:230px}\n",
	".controls .q{flex:1 1 220px}.controls .q input{max-width:none;width:100%}\n",
	"button{font:inherit;font-size:13px;cursor:pointer;border:1px solid #c8ced8;\n",
	"background:#fff;color:var(--ink);border-radius:6px;padding:5px 11px}\n",
	"button:hover:not(:disabled){background:#eef2f7}\n",
	"button:disabled{opacity:.45;cursor:default}\n",
	"button:focus-visible,select:focus-visible,input:focus-visible,\n",
	"a:focus-visible{outline:2px solid var(--accent);outline-offset:1px}\n",
	".summary{margin:4px 0 8px;color:var(--muted)}\n",
	".summary b{color:var(--ink)}\n",
	".ft{table-layout:fixed}\n",
	".ft th button{border:0;background:none;padding:0;font:inherit;\n",
	"color:inherit;font-weight:600;cursor:pointer}\n",
	".ft th[aria-sort=ascending] button::after{content:\" \\25B2\"}\n",
	".ft th[aria-sort=descending] button::after{content:\" \\25BC\"}\n",
	".ft td{font-size:13px}\n",
	".ft thead th{position:sticky;top:0;z-index:1;\n",
	"box-shadow:inset 0 -1px 0 var(--line)}\n",
	".ft .tgc{width:30px}.ft .c-st{width:90px}.ft .c-sv{width:80px}\n",
	".ft .c-ck{width:17%}.ft .c-ac{width:11%}.ft .c-rg{width:124px}\n",
	".ft .c-rs{width:20%}\n",
	".fr:hover{background:#f7f9fc}\n",
	".tg{border:0;background:none;padding:0 4px;font-size:13px;\n",
	"color:var(--muted)}\n",
	".fr.open{background:#f2f6fb}\n",
	".fd>td{background:#f8fafc;padding:14px 16px 16px 42px}\n",
	".dt{display:grid;grid-template-columns:1fr 1fr;gap:14px 28px}\n",
	".dt h4{font-size:12px;text-transform:uppercase;letter-spacing:.05em;\n",
	"color:var(--muted);margin:0 0 4px}\n",
	".dt p,.dt ol{margin:0 0 10px}\n",
	".dt ol{padding-left:20px}\n",
	".dt dl{display:grid;grid-template-columns:max-content 1fr;gap:3px 12px;\n",
	"margin:0;font-size:12.5px}\n",
	".dt dt{color:var(--muted)}.dt dd{margin:0;overflow-wrap:anywhere}\n",
	".codebox{position:relative;margin:0 0 10px}\n",
	".codebox pre{margin:0;background:#14243b;color:#e8eef7;\n",
	"padding:10px 64px 10px 12px;\n",
	"border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere}\n",
	".codebox button{position:absolute;top:6px;right:6px;font-size:11.5px;\n",
	"padding:2px 8px;background:#2b3d58;color:#fff;border-color:#445a7a}\n",
	".chip{display:inline-block;border:1px solid var(--line);border-radius:4px;\n",
	"padding:0 6px;margin:0 4px 3px 0;font-size:11.5px;background:#fff}\n",
	".pager{display:flex;gap:8px;align-items:center;justify-content:flex-end;\n",
	"margin-top:10px}\n",
	".pager span{color:var(--muted);margin:0 6px}\n",
	".empty{text-align:center;color:var(--muted);padding:26px}\n",
	".more{color:var(--muted);font-size:12.5px;margin:8px 0 0}\n",
	".ck{font-weight:600}.ckid{display:block;color:var(--muted);font-size:11.5px}\n",
	".js-only{display:none}\n",
	".js .js-only{display:inline-block}\n",
	".js #fx-static{display:none}\n",
	".nojs #fx,.nojs #fx-loading{display:none}\n",
	"#fx-loading{color:var(--muted)}\n",
	".sec-act{float:right}\n",
	"footer{color:var(--muted);font-size:12px;text-align:center;\n",
	"padding:8px 0 28px}\n",
	".sr{position:absolute;width:1px;height:1px;overflow:hidden;\n",
	"clip:rect(0 0 0 0)}\n",
	"@media (max-width:900px){.hero,.grid2,.dt{grid-template-columns:1fr}\n",
	".tiles{grid-template-columns:repeat(3,1fr)}}\n",
	"@media print{\n",
	"@page{margin:14mm}\n",
	"body{background:#fff;font-size:10.5pt;-webkit-print-color-adjust:exact;\n",
	"print-color-adjust:exact}\n",
	".top{background:#fff;color:var(--ink);border-bottom:2px solid var(--ink)}\n",
	".top .sub,.meta dt{color:var(--muted)}.meta dd{color:var(--ink)}\n",
	".wrap{max-width:none;padding:0}\n",
	".card{box-shadow:none;border:0;border-top:1px solid var(--line);\n",
	"border-radius:0;padding:12px 0;break-inside:auto}\n",
	".controls,.pager,.tg,.codebox button,.js-only,.sec-act,#fx-loading{\n",
	"display:none!important}\n",
	".scroll{max-height:none;overflow:visible}\n",
	".grid2{grid-template-columns:1fr;gap:0}\n",
	"tr,li,.tile,.hero,.bars,.dt{break-inside:avoid}\n",
	"thead{display:table-header-group}\n",
	"h2{break-after:avoid}\n",
	".codebox pre{background:#f3f4f6;color:#000;border:1px solid var(--line)}\n",
	".dt a::after{content:\" (\" attr(href) \")\";font-size:9pt;color:var(--muted)}\n",
	"}\n",
	NULL
};

/* Runs in <head>: hides the static table before it paints. */
static const char head_js[] =
	"document.documentElement.className='js';";

/*
 * The Content-Security-Policy allows only these two scripts: the SHA-256
 * of head_js and of "\n" followed by js[] joined, exactly as written
 * between <script> and </script>. An injected <script> or onerror=
 * attribute is refused even if an escaping bug let one through. Change
 * either script and these must change too: the browser test fails and
 * Chrome's console names the hash it expected, or compute it with
 * "printf %s SCRIPT | openssl dgst -sha256 -binary | base64".
 */
static const char script_hashes[] =
	"'sha256-5r0ceAi77ofyhKluuUBJUzdOIMc4aEZR9Xlgif5W6zg=' "
	"'sha256-BMVfG+ew7WXHVuYX7rimYeSQ05/kS2DCa6Hdd+CslL8='";

static const char *const js[] = {
	"(function () {\n",
	"'use strict';\n",
	"var doc = document, root = doc.documentElement;\n",
	"function $(id) { return doc.getElementById(id); }\n",
	"var D, F, CK, AC, RG, RT, ST, SV, PH;\n",
	"/* finding fields: see the JSON block */\n",
	"var C = 0, A = 1, R = 2, S = 3, V = 4, T = 5, ID = 6, RES = 7,\n",
	"\tMSG = 8, WV = 9, VD = 10;\n",
	"/* default order: FAIL, ERROR, MANUAL, WAIVED, PASS, N/A */\n",
	"var SRANK = [4, 0, 1, 3, 2, 5];\n",
	"var PAGE = 100;\n",
	"var st = { f: {}, q: '', key: '', dir: 1, page: 0 };\n",
	"var order = null, view = [], open = {}, lc = null, timer = 0;\n",
	"var DIMS = ['status', 'severity', 'phase', 'check', 'account',\n",
	"\t'region'];\n",
	"\n",
	"function fmt(n) { return n.toLocaleString('en-US'); }\n",
	"function mk(tag, cls, text) {\n",
	"\tvar e = doc.createElement(tag);\n",
	"\tif (cls)\n",
	"\t\te.className = cls;\n",
	"\tif (text !== undefined && text !== null)\n",
	"\t\te.textContent = String(text);\n",
	"\treturn e;\n",
	"}\n",
	"function dimOf(x, d) {\n",
	"\tswitch (d) {\n",
	"\tcase 'status': return x[S];\n",
	"\tcase 'severity': return x[V];\n",
	"\tcase 'phase': return CK[x[C]].p;\n",
	"\tcase 'check': return x[C];\n",
	"\tcase 'account': return x[A];\n",
	"\tdefault: return x[R];\n",
	"\t}\n",
	"}\n",
	"function rank(list, key) {\n",
	"\tvar idx = list.map(function (_, i) { return i; });\n",
	"\tidx.sort(function (a, b) {\n",
	"\t\tvar x = key(list[a]), y = key(list[b]);\n",
	"\t\treturn x < y ? -1 : x > y ? 1 : a - b;\n",
	"\t});\n",
	"\tvar r = [];\n",
	"\tidx.forEach(function (v, i) { r[v] = i; });\n",
	"\treturn r;\n",
	"}\n",
	"var KEYS;\n",
	"function sortKeys() {\n",
	"\tvar ckr = rank(CK, function (c) { return c.t; });\n",
	"\tvar acr = rank(AC, function (a) { return a[1] || a[0]; });\n",
	"\tvar rgr = rank(RG, function (r) {\n",
	"\t\treturn r === 'global' ? '' : r;\n",
	"\t});\n",
	"\tKEYS = {\n",
	"\t\tstatus: function (x) { return SRANK[x[S]]; },\n",
	"\t\tseverity: function (x) { return x[V]; },\n",
	"\t\tcheck: function (x) { return ckr[x[C]]; },\n",
	"\t\taccount: function (x) { return acr[x[A]]; },\n",
	"\t\tregion: function (x) { return rgr[x[R]]; },\n",
	"\t\tresource: function (x) { return x[RES]; },\n",
	"\t\tmessage: function (x) { return x[MSG]; }\n",
	"\t};\n",
	"}\n",
	"function sortOrder() {\n",
	"\tvar n = F.length, idx = new Array(n), i;\n",
	"\tfor (i = 0; i < n; i++)\n",
	"\t\tidx[i] = i;\n",
	"\tif (!st.key) {\n",
	"\t\tidx.sort(function (a, b) {\n",
	"\t\t\tvar x = F[a], y = F[b];\n",
	"\t\t\treturn SRANK[x[S]] - SRANK[y[S]] || x[V] - y[V] ||\n",
	"\t\t\t\ta - b;\n",
	"\t\t});\n",
	"\t\treturn idx;\n",
	"\t}\n",
	"\tvar f = KEYS[st.key], d = st.dir, k = new Array(n);\n",
	"\tfor (i = 0; i < n; i++)\n",
	"\t\tk[i] = f(F[i]);\n",
	"\tidx.sort(function (a, b) {\n",
	"\t\tvar x = k[a], y = k[b];\n",
	"\t\treturn (x < y ? -d : x > y ? d : 0) || a - b;\n",
	"\t});\n",
	"\treturn idx;\n",
	"}\n",
	"function hay(i) {\n",
	"\tif (!lc)\n",
	"\t\tlc = new Array(F.length);\n",
	"\tvar h = lc[i];\n",
	"\tif (h === undefined) {\n",
	"\t\tvar x = F[i], c = CK[x[C]], a = AC[x[A]];\n",
	"\t\th = lc[i] = [x[RES], x[MSG], c.id, c.t, a[0], a[1] || '',\n",
	"\t\t\tRG[x[R]], RT[x[T]], x[ID], x[WV] || ''\n",
	"\t\t].join('\\n').toLowerCase();\n",
	"\t}\n",
	"\treturn h;\n",
	"}\n",
	"function refilter() {\n",
	"\tif (!order)\n",
	"\t\torder = sortOrder();\n",
	"\tvar f = st.f, q = st.q.toLowerCase(), out = [], n = order.length;\n",
	"\tvar dims = DIMS.filter(function (d) { return f[d] >= 0; });\n",
	"\tfor (var j = 0; j < n; j++) {\n",
	"\t\tvar i = order[j], x = F[i], ok = true;\n",
	"\t\tfor (var k = 0; k < dims.length; k++)\n",
	"\t\t\tif (dimOf(x, dims[k]) !== f[dims[k]]) {\n",
	"\t\t\t\tok = false;\n",
	"\t\t\t\tbreak;\n",
	"\t\t\t}\n",
	"\t\tif (ok && q && hay(i).indexOf(q) < 0)\n",
	"\t\t\tok = false;\n",
	"\t\tif (ok)\n",
	"\t\t\tout.push(i);\n",
	"\t}\n",
	"\tview = out;\n",
	"\trender();\n",
	"}\n",
	"function badge(cls, text) { return mk('span', cls, text); }\n",
	"function row(i) {\n",
	"\tvar x = F[i], c = CK[x[C]], a = AC[x[A]];\n",
	"\tvar tr = mk('tr', 'fr' + (open[i] ? ' open' : ''));\n",
	"\ttr.setAttribute('data-i', i);\n",
	"\tvar t = mk('td'), b = mk('button', 'tg', open[i] ? '\\u25BE' : '\\u25B8');\n",
	"\tb.type = 'button';\n",
	"\tb.setAttribute('aria-expanded', open[i] ? 'true' : 'false');\n",
	"\tb.setAttribute('aria-label', 'Show details');\n",
	"\tt.appendChild(b);\n",
	"\ttr.appendChild(t);\n",
	"\tt = mk('td');\n",
	"\tb = badge('b b-' + ST[x[S]], ST[x[S]] === 'NOT_APPLICABLE' ?\n",
	"\t\t'N/A' : ST[x[S]]);\n",
	"\tb.title = ST[x[S]];\n",
	"\tt.appendChild(b);\n",
	"\ttr.appendChild(t);\n",
	"\tt = mk('td');\n",
	"\tt.appendChild(badge('v v-' + SV[x[V]], SV[x[V]]));\n",
	"\ttr.appendChild(t);\n",
	"\tt = mk('td', 'brk');\n",
	"\tt.appendChild(mk('span', 'ck', c.t));\n",
	"\tt.appendChild(mk('span', 'ckid mono', c.id));\n",
	"\ttr.appendChild(t);\n",
	"\tt = mk('td', 'brk');\n",
	"\tt.appendChild(mk('span', null, a[1] || a[0]));\n",
	"\tif (a[1])\n",
	"\t\tt.appendChild(mk('span', 'ckid mono', a[0]));\n",
	"\ttr.appendChild(t);\n",
	"\ttr.appendChild(mk('td', 'mono', RG[x[R]]));\n",
	"\ttr.appendChild(mk('td', 'mono brk rs', x[RES]));\n",
	"\ttr.appendChild(mk('td', 'brk', x[MSG]));\n",
	"\treturn tr;\n",
	"}\n",
	"function copy(btn, pre) {\n",
	"\tvar text = pre.textContent;\n",
	"\tfunction done(ok) {\n",
	"\t\tbtn.textContent = ok ? 'Copied' : 'Press Ctrl+C';\n",
	"\t\tsetTimeout(function () { btn.textContent = 'Copy'; }, 1500);\n",
	"\t}\n",
	"\tfunction fallback() {\n",
	"\t\tvar r = doc.createRange(), s = window.getSelection();\n",
	"\t\tr.selectNodeContents(pre);\n",
	"\t\ts.removeAllRanges();\n",
	"\t\ts.addRange(r);\n",
	"\t\ttry {\n",
	"\t\t\tdone(doc.execCommand('copy'));\n",
	"\t\t} catch (e) {\n",
	"\t\t\tdone(false);\n",
	"\t\t}\n",
	"\t}\n",
	"\tif (navigator.clipboard && window.isSecureContext)\n",
	"\t\tnavigator.clipboard.writeText(text).then(function () {\n",
	"\t\t\tdone(true);\n",
	"\t\t}, fallback);\n",
	"\telse\n",
	"\t\tfallback();\n",
	"}\n",
	"function codebox(text) {\n",
	"\tvar box = mk('div', 'codebox'), pre = mk('pre', null, text);\n",
	"\tvar b = mk('button', 'copy', 'Copy');\n",
	"\tb.type = 'button';\n",
	"\tb.addEventListener('click', function () { copy(b, pre); });\n",
	"\tbox.appendChild(pre);\n",
	"\tbox.appendChild(b);\n",
	"\treturn box;\n",
	"}\n",
	"function dl(rows) {\n",
	"\tvar d = mk('dl');\n",
	"\trows.forEach(function (r) {\n",
	"\t\tif (r[1] === undefined || r[1] === null || r[1] === '')\n",
	"\t\t\treturn;\n",
	"\t\td.appendChild(mk('dt', null, r[0]));\n",
	"\t\tvar dd = mk('dd');\n",
	"\t\tif (typeof r[1] === 'string')\n",
	"\t\t\tdd.textContent = r[1];\n",
	"\t\telse\n",
	"\t\t\tdd.appendChild(r[1]);\n",
	"\t\td.appendChild(dd);\n",
	"\t});\n",
	"\treturn d;\n",
	"}\n",
	"function detail(i) {\n",
	"\tvar x = F[i], c = CK[x[C]];\n",
	"\tvar tr = mk('tr', 'fd'), td = mk('td'), g = mk('div', 'dt');\n",
	"\tvar l = mk('div'), r = mk('div');\n",
	"\ttd.colSpan = 8;\n",
	"\tl.appendChild(mk('h4', null, 'Why it matters'));\n",
	"\tl.appendChild(mk('p', null, c.r));\n",
	"\tif (c.m) {\n",
	"\t\tl.appendChild(mk('h4', null, 'Remediation'));\n",
	"\t\tvar ol = mk('ol');\n",
	"\t\tc.m.split('\\n').forEach(function (s) {\n",
	"\t\t\ts = s.replace(/^\\s*\\d+[.)]\\s*/, '');\n",
	"\t\t\tif (s)\n",
	"\t\t\t\tol.appendChild(mk('li', null, s));\n",
	"\t\t});\n",
	"\t\tl.appendChild(ol);\n",
	"\t}\n",
	"\tif (c.x) {\n",
	"\t\tr.appendChild(mk('h4', null, 'Fix with the AWS CLI'));\n",
	"\t\tr.appendChild(codebox(c.x));\n",
	"\t}\n",
	"\tif (c.f) {\n",
	"\t\tr.appendChild(mk('h4', null, 'CloudFormation'));\n",
	"\t\tr.appendChild(codebox(c.f));\n",
	"\t}\n",
	"\tvar fw = null, link = null;\n",
	"\tif (c.w) {\n",
	"\t\tfw = mk('span');\n",
	"\t\tc.w.split(';').forEach(function (s) {\n",
	"\t\t\tif (s)\n",
	"\t\t\t\tfw.appendChild(mk('span', 'chip mono', s));\n",
	"\t\t});\n",
	"\t}\n",
	"\tif (/^https:\\/\\//i.test(c.d || '')) {\n",
	"\t\tlink = mk('a', null, c.d);\n",
	"\t\tlink.href = c.d;\n",
	"\t\tlink.target = '_blank';\n",
	"\t\tlink.rel = 'noopener noreferrer';\n",
	"\t}\n",
	"\tr.appendChild(dl([\n",
	"\t\t['Finding id', x[ID]],\n",
	"\t\t['Check', c.id],\n",
	"\t\t['Phase', PH[c.p]],\n",
	"\t\t['Resource type', RT[x[T]]],\n",
	"\t\t['Waiver', x[WV]],\n",
	"\t\t['Check verdict', x[VD] !== undefined ? ST[x[VD]] : null],\n",
	"\t\t['Frameworks', fw],\n",
	"\t\t['Documentation', link]\n",
	"\t]));\n",
	"\tg.appendChild(l);\n",
	"\tg.appendChild(r);\n",
	"\ttd.appendChild(g);\n",
	"\ttr.appendChild(td);\n",
	"\treturn tr;\n",
	"}\n",
	"function render() {\n",
	"\tvar total = view.length, pages = Math.max(1, Math.ceil(total / PAGE));\n",
	"\tif (st.page >= pages)\n",
	"\t\tst.page = pages - 1;\n",
	"\tif (st.page < 0)\n",
	"\t\tst.page = 0;\n",
	"\tvar start = st.page * PAGE, end = Math.min(total, start + PAGE);\n",
	"\tvar frag = doc.createDocumentFragment();\n",
	"\tfor (var j = start; j < end; j++) {\n",
	"\t\tfrag.appendChild(row(view[j]));\n",
	"\t\tif (open[view[j]])\n",
	"\t\t\tfrag.appendChild(detail(view[j]));\n",
	"\t}\n",
	"\tif (!total) {\n",
	"\t\tvar tr = mk('tr'), td = mk('td', 'empty',\n",
	"\t\t\t'No findings match these filters.');\n",
	"\t\ttd.colSpan = 8;\n",
	"\t\ttr.appendChild(td);\n",
	"\t\tfrag.appendChild(tr);\n",
	"\t}\n",
	"\tvar tb = $('fx-rows');\n",
	"\ttb.textContent = '';\n",
	"\ttb.appendChild(frag);\n",
	"\t$('fx-range').textContent = total ?\n",
	"\t\tfmt(start + 1) + '\\u2013' + fmt(end) : '0';\n",
	"\t$('fx-count').textContent = fmt(total);\n",
	"\t$('fx-total').textContent = fmt(F.length);\n",
	"\t$('pg-info').textContent = 'Page ' + fmt(st.page + 1) + ' of ' +\n",
	"\t\tfmt(pages);\n",
	"\t$('pg-first').disabled = $('pg-prev').disabled = st.page === 0;\n",
	"\t$('pg-next').disabled = $('pg-last').disabled =\n",
	"\t\tst.page >= pages - 1;\n",
	"\tvar ths = doc.querySelectorAll('#fx-table th[data-k]');\n",
	"\tfor (var k = 0; k < ths.length; k++) {\n",
	"\t\tvar th = ths[k], key = th.getAttribute('data-k');\n",
	"\t\tif (key === st.key)\n",
	"\t\t\tth.setAttribute('aria-sort',\n",
	"\t\t\t\tst.dir > 0 ? 'ascending' : 'descending');\n",
	"\t\telse\n",
	"\t\t\tth.removeAttribute('aria-sort');\n",
	"\t}\n",
	"}\n",
	"function fill(sel, counts, label, keys) {\n",
	"\tvar o = mk('option', null, 'All');\n",
	"\to.value = '-1';\n",
	"\tsel.appendChild(o);\n",
	"\tkeys.forEach(function (k) {\n",
	"\t\tif (!counts[k])\n",
	"\t\t\treturn;\n",
	"\t\to = mk('option', null, label(k) + ' (' + fmt(counts[k]) + ')');\n",
	"\t\to.value = String(k);\n",
	"\t\tsel.appendChild(o);\n",
	"\t});\n",
	"}\n",
	"function seq(n) {\n",
	"\tvar a = [];\n",
	"\tfor (var i = 0; i < n; i++)\n",
	"\t\ta.push(i);\n",
	"\treturn a;\n",
	"}\n",
	"function setup() {\n",
	"\tvar cnt = {}, i, d;\n",
	"\tDIMS.forEach(function (dd) { cnt[dd] = {}; });\n",
	"\tfor (i = 0; i < F.length; i++)\n",
	"\t\tfor (d = 0; d < DIMS.length; d++) {\n",
	"\t\t\tvar c = cnt[DIMS[d]], v = dimOf(F[i], DIMS[d]);\n",
	"\t\t\tc[v] = (c[v] || 0) + 1;\n",
	"\t\t}\n",
	"\tvar sorted = function (list, key) {\n",
	"\t\tvar r = rank(list, key), a = seq(list.length);\n",
	"\t\ta.sort(function (x, y) { return r[x] - r[y]; });\n",
	"\t\treturn a;\n",
	"\t};\n",
	"\tfill($('flt-status'), cnt.status, function (k) { return ST[k]; },\n",
	"\t\t[1, 2, 4, 3, 0, 5]);\n",
	"\tfill($('flt-severity'), cnt.severity, function (k) { return SV[k]; },\n",
	"\t\tseq(SV.length));\n",
	"\tfill($('flt-phase'), cnt.phase, function (k) { return PH[k]; },\n",
	"\t\tseq(PH.length));\n",
	"\tfill($('flt-check'), cnt.check, function (k) { return CK[k].t; },\n",
	"\t\tsorted(CK, function (c) { return c.t; }));\n",
	"\tfill($('flt-account'), cnt.account, function (k) {\n",
	"\t\treturn AC[k][1] ? AC[k][1] + ' \\u00b7 ' + AC[k][0] : AC[k][0];\n",
	"\t}, sorted(AC, function (a) { return a[1] || a[0]; }));\n",
	"\tfill($('flt-region'), cnt.region, function (k) { return RG[k]; },\n",
	"\t\tsorted(RG, function (r) { return r === 'global' ? '' : r; }));\n",
	"\tDIMS.forEach(function (dd) {\n",
	"\t\tst.f[dd] = -1;\n",
	"\t\t$('flt-' + dd).addEventListener('change', function (e) {\n",
	"\t\t\tst.f[dd] = parseInt(e.target.value, 10);\n",
	"\t\t\tst.page = 0;\n",
	"\t\t\trefilter();\n",
	"\t\t});\n",
	"\t});\n",
	"\t$('flt-q').addEventListener('input', function (e) {\n",
	"\t\tclearTimeout(timer);\n",
	"\t\ttimer = setTimeout(function () {\n",
	"\t\t\tst.q = e.target.value.trim();\n",
	"\t\t\tst.page = 0;\n",
	"\t\t\trefilter();\n",
	"\t\t}, 150);\n",
	"\t});\n",
	"\t$('flt-reset').addEventListener('click', function () {\n",
	"\t\treset();\n",
	"\t\trefilter();\n",
	"\t});\n",
	"\tfunction go(p) {\n",
	"\t\treturn function () {\n",
	"\t\t\tst.page = p === 'last' ? 1e9 : p === 'first' ? 0 :\n",
	"\t\t\t\tst.page + p;\n",
	"\t\t\trender();\n",
	"\t\t\t$('fx-table').scrollIntoView({ block: 'nearest' });\n",
	"\t\t};\n",
	"\t}\n",
	"\t$('pg-first').addEventListener('click', go('first'));\n",
	"\t$('pg-prev').addEventListener('click', go(-1));\n",
	"\t$('pg-next').addEventListener('click', go(1));\n",
	"\t$('pg-last').addEventListener('click', go('last'));\n",
	"\tdoc.querySelectorAll('#fx-table th[data-k] button').forEach(\n",
	"\t\tfunction (b) {\n",
	"\t\t\tb.addEventListener('click', function () {\n",
	"\t\t\t\tvar k = b.parentNode.getAttribute('data-k');\n",
	"\t\t\t\tst.dir = st.key === k ? -st.dir : 1;\n",
	"\t\t\t\tst.key = k;\n",
	"\t\t\t\torder = null;\n",
	"\t\t\t\tst.page = 0;\n",
	"\t\t\t\trefilter();\n",
	"\t\t\t});\n",
	"\t\t});\n",
	"\t$('fx-rows').addEventListener('click', function (e) {\n",
	"\t\tvar t = e.target;\n",
	"\t\tif (t.closest('a, .codebox, .fd'))\n",
	"\t\t\treturn;\n",
	"\t\tif (!t.closest('.tg') && String(window.getSelection()))\n",
	"\t\t\treturn;\n",
	"\t\tvar tr = t.closest('tr.fr');\n",
	"\t\tif (!tr)\n",
	"\t\t\treturn;\n",
	"\t\tvar i = +tr.getAttribute('data-i');\n",
	"\t\tif (open[i])\n",
	"\t\t\tdelete open[i];\n",
	"\t\telse\n",
	"\t\t\topen[i] = 1;\n",
	"\t\tvar nt = row(i);\n",
	"\t\ttr.parentNode.replaceChild(nt, tr);\n",
	"\t\tvar next = nt.nextSibling;\n",
	"\t\tif (next && next.classList.contains('fd'))\n",
	"\t\t\tnext.parentNode.removeChild(next);\n",
	"\t\tif (open[i])\n",
	"\t\t\tnt.parentNode.insertBefore(detail(i), nt.nextSibling);\n",
	"\t\tnt.querySelector('.tg').focus();\n",
	"\t});\n",
	"\tdoc.querySelectorAll('[data-show-status]').forEach(function (b) {\n",
	"\t\tb.addEventListener('click', function () {\n",
	"\t\t\treset();\n",
	"\t\t\tst.f.status = +b.getAttribute('data-show-status');\n",
	"\t\t\t$('flt-status').value = String(st.f.status);\n",
	"\t\t\trefilter();\n",
	"\t\t\t$('findings').scrollIntoView();\n",
	"\t\t});\n",
	"\t});\n",
	"}\n",
	"function reset() {\n",
	"\tDIMS.forEach(function (d) {\n",
	"\t\tst.f[d] = -1;\n",
	"\t\t$('flt-' + d).value = '-1';\n",
	"\t});\n",
	"\t$('flt-q').value = '';\n",
	"\tst.q = '';\n",
	"\tst.page = 0;\n",
	"}\n",
	"try {\n",
	"\tD = JSON.parse($('irready-data').textContent);\n",
	"\tF = D.f; CK = D.ck; AC = D.ac; RG = D.rg; RT = D.rt;\n",
	"\tST = D.st; SV = D.sv; PH = D.ph;\n",
	"\tsortKeys();\n",
	"\tsetup();\n",
	"\trefilter();\n",
	"\t$('fx').hidden = false;\n",
	"\t$('fx-loading').hidden = true;\n",
	"\troot.setAttribute('data-irready', 'ready');\n",
	"\twindow.irreadyReadyMs = Math.round(performance.now());\n",
	"} catch (e) {\n",
	"\troot.className = 'nojs';\n",
	"\troot.setAttribute('data-irready', 'error');\n",
	"\tthrow e;\n",
	"}\n",
	"})();\n",
	NULL
};
/* clang-format on */

static void put_lines(FILE *out, const char *const *lines)
{
	for (; *lines; lines++)
		fputs(*lines, out);
}

/* A count with thousands separators: 100,000. */
static void put_count(FILE *out, size_t n)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%zu", n);

	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			fputc(',', out);
		fputc(buf[i], out);
	}
}

static void put_time(FILE *out, time_t t)
{
	char buf[32];

	if (!t) {
		fputs("&mdash;", out);
		return;
	}
	format_iso8601(t, buf, sizeof(buf));
	html_escape(out, buf);
}

static void put_score(FILE *out, const struct score *s)
{
	if (s->valid)
		fprintf(out, "%.1f", s->value);
	else
		fputs("n/a", out);
}

/* CSS suffix for a score's grade: "A".."F", or "na". */
static const char *grade_class(const struct score *s)
{
	if (!s->valid)
		return "na";
	switch (s->grade) {
	case 'A':
		return "A";
	case 'B':
		return "B";
	case 'C':
		return "C";
	case 'D':
		return "D";
	default:
		return "F";
	}
}

/* NOT_APPLICABLE is shown as "N/A" to keep the column narrow. */
static void put_status(FILE *out, enum check_status st)
{
	fprintf(out, "<span class=\"b b-%s\" title=\"%s\">%s</span>",
		status_name(st), status_name(st),
		st == CHECK_NA ? "N/A" : status_name(st));
}

static void put_severity(FILE *out, enum severity sv)
{
	fprintf(out, "<span class=\"v v-%s\">%s</span>", severity_name(sv),
		severity_name(sv));
}

static void put_check(FILE *out, const struct check *c)
{
	fputs("<span class=\"ck\">", out);
	html_escape(out, c->title);
	fputs("</span><span class=\"ckid mono\">", out);
	html_escape(out, c->id);
	fputs("</span>", out);
}

static void put_account(FILE *out, const struct finding *x)
{
	if (x->account_name && *x->account_name) {
		html_escape(out, x->account_name);
		fputs("<span class=\"ckid mono\">", out);
		html_escape(out, x->account_id);
		fputs("</span>", out);
	} else {
		html_escape(out, x->account_id);
	}
}

/* A list of names: the first 'max', then "and N more". */
static void put_list(FILE *out, char *const *v, size_t n, size_t max)
{
	if (!n) {
		fputs("&mdash;", out);
		return;
	}
	for (size_t i = 0; i < n && i < max; i++) {
		if (i)
			fputs(", ", out);
		html_escape(out, v[i]);
	}
	if (n > max) {
		fputs(" and ", out);
		put_count(out, n - max);
		fputs(" more", out);
	}
}

static void write_head(FILE *out, const struct run_info *run)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\" class=\"nojs\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, "
	      "initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" "
	      "content=\"default-src 'none'; style-src 'unsafe-inline'; "
	      "script-src ",
	      out);
	fputs(script_hashes, out);
	fputs("; base-uri 'none'; form-action 'none'\">\n"
	      "<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<meta name=\"generator\" content=\"irready ",
	      out);
	html_escape(out, run && run->tool_version ? run->tool_version
						  : IRREADY_VERSION);
	fputs("\">\n<title>irready &mdash; incident-response readiness "
	      "report</title>\n<style>\n",
	      out);
	put_lines(out, css);
	fprintf(out, "</style>\n<script>%s</script>\n</head>\n<body>\n",
		head_js);
}

static void meta_item(FILE *out, const char *label)
{
	fprintf(out, "<div><dt>%s</dt><dd>", label);
}

static void write_header(FILE *out, const struct report *r)
{
	const struct run_info *run = r->run;
	const char *ver =
		run && run->tool_version ? run->tool_version : IRREADY_VERSION;
	char digest[13];

	fputs("<header class=\"top\"><div class=\"wrap\">\n"
	      "<h1>irready &mdash; incident-response readiness report</h1>\n"
	      "<p class=\"sub\">",
	      out);
	if (run) {
		put_count(out, run->naccounts);
		fputs(run->naccounts == 1 ? " account" : " accounts", out);
		fputs(" &middot; ", out);
		put_count(out, run->nregions);
		fputs(run->nregions == 1 ? " region" : " regions", out);
		fputs(" &middot; finished ", out);
		put_time(out, run->finished);
		fputs(" &middot; ", out);
	}
	put_count(out, r->findings->n);
	fputs(r->findings->n == 1 ? " finding</p>\n" : " findings</p>\n", out);
	fputs("<dl class=\"meta\">\n", out);
	if (run) {
		meta_item(out, "Mode");
		html_escape(out, run->mode);
		fputs("</dd></div>\n", out);
		meta_item(out, "Source");
		html_escape(out, run->source);
		fputs("</dd></div>\n", out);
		meta_item(out, "Accounts");
		put_list(out, run->accounts, run->naccounts, META_ACCOUNTS);
		fputs("</dd></div>\n", out);
		meta_item(out, "Regions");
		put_list(out, run->regions, run->nregions, META_ACCOUNTS);
		fputs("</dd></div>\n", out);
		meta_item(out, "Policy");
		html_escape(out,
			    run->policy_name ? run->policy_name : "(default)");
		if (run->policy_digest && *run->policy_digest) {
			fputs(" <span class=\"mono\" title=\"sha256 ", out);
			html_escape(out, run->policy_digest);
			fputs("\">", out);
			snprintf(digest, sizeof(digest), "%.12s",
				 run->policy_digest);
			html_escape(out, digest);
			fputs("</span>", out);
		}
		fputs("</dd></div>\n", out);
		meta_item(out, "Started");
		put_time(out, run->started);
		fputs("</dd></div>\n", out);
		meta_item(out, "Finished");
		put_time(out, run->finished);
		if (run->started && run->finished >= run->started)
			fprintf(out, " (%lds)",
				(long)(run->finished - run->started));
		fputs("</dd></div>\n", out);
		meta_item(out, "API calls");
		fprintf(out, "%lu", run->api_calls);
		if (run->api_errors)
			fprintf(out, " (%lu failed)", run->api_errors);
		fputs("</dd></div>\n", out);
		if (run->fail_on) {
			meta_item(out, "Fails at");
			html_escape(out, run->fail_on);
			fputs(" or above</dd></div>\n", out);
		}
	}
	meta_item(out, "Tool");
	fputs("irready ", out);
	html_escape(out, ver);
	fputs("</dd></div>\n</dl>\n</div></header>\n", out);
}

/* One stacked bar of the status counts, in status_order. */
static void write_status_bar(FILE *out, const struct score *s)
{
	size_t total = 0;
	double x = 0;

	for (int i = 0; i < CHECK__COUNT; i++)
		total += s->counts[i];
	fputs("<svg class=\"stack\" viewBox=\"0 0 1000 18\" "
	      "preserveAspectRatio=\"none\" role=\"img\" "
	      "aria-label=\"Findings by status\">",
	      out);
	fputs("<rect width=\"1000\" height=\"18\" rx=\"4\" class=\"f-na\"/>",
	      out);
	for (int i = 0; total && i < CHECK__COUNT; i++) {
		enum check_status st = status_order[i];
		double w = 1000.0 * (double)s->counts[st] / (double)total;

		if (!s->counts[st])
			continue;
		fprintf(out,
			"<rect x=\"%.2f\" width=\"%.2f\" height=\"18\" "
			"class=\"fs-%s\"><title>%s: %zu</title></rect>",
			x, w, status_name(st), status_name(st), s->counts[st]);
		x += w;
	}
	fputs("</svg>\n", out);
}

static void write_hero(FILE *out, const struct scores *sc,
		       const struct findings *f)
{
	const struct score *s = &sc->overall;
	size_t fails[SEV__COUNT] = { 0 };

	fputs("<section class=\"card hero\" id=\"overview\" "
	      "aria-labelledby=\"ov-h\">\n<div>\n"
	      "<h2 id=\"ov-h\">Overall readiness</h2>\n"
	      "<div class=\"scorebox\">",
	      out);
	fprintf(out, "<div class=\"grade g-%s\" aria-label=\"grade\">%s</div>",
		grade_class(s), s->valid ? grade_class(s) : "&ndash;");
	fputs("<div><div class=\"score\">", out);
	put_score(out, s);
	if (s->valid)
		fputs(" <small>/ 100</small>", out);
	fputs("</div>\n<div class=\"cov\">Coverage ", out);
	fprintf(out, "%.0f%%", s->coverage);
	fprintf(out,
		" &middot; %zu of %zu units assessed (check &times; account "
		"&times; region): %zu ERROR, %zu awaiting attestation or "
		"settings, %zu attested</div>",
		s->units_assessed, s->units, s->units_error, s->units_manual,
		s->units_attested);
	/* the accounts below the overall coverage, lowest first (at most 5) */
	if (sc->naccounts > 1) {
		unsigned char *used = xcalloc(sc->naccounts, 1);
		size_t shown = 0;

		while (shown < 5) {
			size_t k = sc->naccounts;

			for (size_t i = 0; i < sc->naccounts; i++) {
				double c = sc->accounts[i].score.coverage;

				if (used[i] || c >= s->coverage)
					continue;
				if (k == sc->naccounts ||
				    c < sc->accounts[k].score.coverage)
					k = i;
			}
			if (k == sc->naccounts)
				break;
			used[k] = 1;
			fputs(shown ? ", "
				    : "<div class=\"cov\">Pulled down by: ",
			      out);
			html_escape(out, sc->accounts[k].label
						 ? sc->accounts[k].label
						 : sc->accounts[k].key);
			fprintf(out, " %.0f%%", sc->accounts[k].score.coverage);
			shown++;
		}
		if (shown)
			fputs("</div>", out);
		free(used);
	}
	fputs("</div></div>\n"
	      "<p class=\"note\">Score: weighted pass rate over checks with a "
	      "PASS or FAIL result (critical 10, high 5, medium 3, low 1). "
	      "Grades: A &ge; 90, B &ge; 80, C &ge; 70, D &ge; 60. ERROR and "
	      "MANUAL lower coverage, not the score. Coverage = assessed units "
	      "/ selected units; a unit is one check in one account and one "
	      "region (or globally).</p>\n</div>\n<div>\n"
	      "<h3>Findings by status</h3>\n<div class=\"tiles\">",
	      out);
	for (int i = 0; i < CHECK__COUNT; i++) {
		enum check_status st = status_order[i];

		fprintf(out, "<div class=\"tile t-%s\"><b>", status_name(st));
		put_count(out, s->counts[st]);
		fprintf(out, "</b><span>%s</span></div>", status_label[st]);
	}
	fputs("</div>\n", out);
	write_status_bar(out, s);
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].status == CHECK_FAIL &&
		    (unsigned)f->v[i].severity < SEV__COUNT)
			fails[f->v[i].severity]++;
	fputs("<h3 class=\"sevh\">Failing findings by severity</h3>\n"
	      "<div class=\"sevs\">",
	      out);
	for (int i = 0; i < SEV__COUNT; i++) {
		fputs("<span>", out);
		put_severity(out, (enum severity)i);
		fputs(" <b>", out);
		put_count(out, fails[i]);
		fputs("</b></span>", out);
	}
	fputs("</div>\n</div>\n</section>\n", out);
}

/*
 * The phase chart: a label and value line above each bar, the grade
 * thresholds (60..90) marked on the tracks, and an axis naming the grade
 * bands underneath.
 */
static void write_phase_chart(FILE *out, const struct scores *sc)
{
	static const struct {
		int x;
		const char *text, *cls;
	} axis[] = {
		{ 0, "0", "sm" },    { 30, "F", "sm b" }, { 60, "60", "sm" },
		{ 65, "D", "sm b" }, { 70, "70", "sm" },  { 75, "C", "sm b" },
		{ 80, "80", "sm" },  { 85, "B", "sm b" }, { 90, "90", "sm" },
		{ 95, "A", "sm b" },
	};
	const int w = 560, row = 58, bar = 18, top = 24;
	const int h = row * PHASE__COUNT + 20;

	fputs("<section class=\"card\" aria-labelledby=\"ph-h\">\n"
	      "<h2 id=\"ph-h\">Score by incident-response phase</h2>\n",
	      out);
	fprintf(out,
		"<svg class=\"bars\" viewBox=\"0 0 %d %d\" role=\"img\" "
		"aria-labelledby=\"ph-t\"><title id=\"ph-t\">Score by "
		"lifecycle phase</title>\n",
		w, h);
	for (int p = 0; p < PHASE__COUNT; p++) {
		const struct score *s = &sc->phase[p];
		int y = p * row;

		fprintf(out, "<text x=\"0\" y=\"%d\" class=\"lbl\">", y + 15);
		html_escape(out, phase_title((enum ir_phase)p));
		fprintf(out,
			"</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
			"class=\"val\">",
			w, y + 15);
		put_score(out, s);
		if (s->valid)
			fprintf(out, " &#183; %c", s->grade);
		fprintf(out,
			"<tspan class=\"sm\" dx=\"10\">coverage %.0f%%</tspan>"
			"</text>",
			s->coverage);
		fprintf(out,
			"<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" "
			"rx=\"3\" class=\"trk\"/>",
			y + top, w, bar);
		if (s->valid && s->value > 0)
			fprintf(out,
				"<rect x=\"0\" y=\"%d\" width=\"%.1f\" "
				"height=\"%d\" rx=\"3\" class=\"f-%s\"/>",
				y + top, w * s->value / 100.0, bar,
				grade_class(s));
		else if (!s->valid)
			fprintf(out,
				"<text x=\"8\" y=\"%d\" class=\"sm\">n/a "
				"&#8212; nothing scored in this phase</text>",
				y + top + 13);
		for (int t = 60; t <= 90; t += 10)
			fprintf(out,
				"<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" "
				"y2=\"%d\" class=\"thr\"/>",
				w * t / 100.0, w * t / 100.0, y + top,
				y + top + bar);
		fputc('\n', out);
	}
	for (size_t i = 0; i < ARRAY_SIZE(axis); i++)
		fprintf(out,
			"<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" "
			"class=\"%s\">%s</text>",
			w * axis[i].x / 100.0, h - 4,
			axis[i].x ? "middle" : "start", axis[i].cls,
			axis[i].text);
	fputs("\n</svg>\n</section>\n", out);
}

/* A 100x10 bar for table rows. */
static void put_minibar(FILE *out, const struct score *s)
{
	fputs("<svg class=\"mini\" width=\"120\" height=\"10\" "
	      "viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" "
	      "aria-hidden=\"true\"><rect width=\"100\" height=\"10\" rx=\"2\" "
	      "class=\"trk\" fill=\"#e9edf2\"/>",
	      out);
	if (s->valid && s->value > 0)
		fprintf(out,
			"<rect width=\"%.1f\" height=\"10\" rx=\"2\" "
			"class=\"f-%s\"/>",
			s->value, grade_class(s));
	fputs("</svg>", out);
}

static void write_group_table(FILE *out, const char *id, const char *title,
			      const char *keyname, const struct score_group *g,
			      size_t n)
{
	fprintf(out,
		"<section class=\"card\" aria-labelledby=\"%s\">\n"
		"<h2 id=\"%s\">%s</h2>\n<div class=\"scroll\"><table>\n"
		"<thead><tr><th>%s</th><th class=\"num\">Score</th>"
		"<th>Grade</th><th class=\"num\">Coverage</th>"
		"<th class=\"num\">Fail</th><th class=\"num\">Error</th>"
		"<th><span class=\"sr\">Bar</span></th>"
		"</tr></thead>\n<tbody>\n",
		id, id, title, keyname);
	for (size_t i = 0; i < n; i++) {
		const struct score *s = &g[i].score;

		fputs("<tr><td class=\"brk\">", out);
		if (g[i].label && *g[i].label) {
			html_escape(out, g[i].label);
			fputs("<span class=\"ckid mono\">", out);
			html_escape(out, g[i].key);
			fputs("</span>", out);
		} else {
			fputs("<span class=\"mono\">", out);
			html_escape(out, g[i].key);
			fputs("</span>", out);
		}
		fputs("</td><td class=\"num\">", out);
		put_score(out, s);
		fprintf(out, "</td><td>%s</td><td class=\"num\">%.0f%%</td>",
			s->valid ? grade_class(s) : "&mdash;", s->coverage);
		fputs("<td class=\"num\">", out);
		put_count(out, s->counts[CHECK_FAIL]);
		fputs("</td><td class=\"num\">", out);
		put_count(out, s->counts[CHECK_ERROR]);
		fputs("</td><td>", out);
		put_minibar(out, s);
		fputs("</td></tr>\n", out);
	}
	if (!n)
		fputs("<tr><td colspan=\"7\" class=\"empty\">No findings."
		      "</td></tr>\n",
		      out);
	fputs("</tbody></table></div>\n</section>\n", out);
}

static void write_checks_table(FILE *out, const struct scores *sc)
{
	fputs("<section class=\"card\" aria-labelledby=\"ck-h\">\n"
	      "<h2 id=\"ck-h\">Checks</h2>\n<div class=\"scroll\"><table>\n"
	      "<thead><tr><th>Check</th><th>Severity</th>"
	      "<th class=\"num\">Pass</th><th class=\"num\">Fail</th>"
	      "<th class=\"num\">Error</th><th class=\"num\">Result</th>"
	      "</tr></thead>\n<tbody>\n",
	      out);
	for (size_t i = 0; i < sc->nchecks; i++) {
		const struct check_summary *c = &sc->checks[i];
		const size_t *n = c->counts;

		fputs("<tr><td class=\"brk\"><span class=\"ck\">", out);
		html_escape(out, c->check->title);
		fputs("</span><span class=\"ckid\"><span class=\"mono\">", out);
		html_escape(out, c->check->id);
		fputs("</span> &middot; ", out);
		html_escape(out, phase_title(c->check->phase));
		fputs("</span></td><td>", out);
		put_severity(out, c->check->severity);
		fputs("</td><td class=\"num\">", out);
		put_count(out, n[CHECK_PASS]);
		fputs("</td><td class=\"num\">", out);
		put_count(out, n[CHECK_FAIL]);
		fputs("</td><td class=\"num\">", out);
		put_count(out, n[CHECK_ERROR]);
		fputs("</td><td class=\"num\">", out);
		if (c->scored)
			fprintf(out, "%.0f%%", 100.0 * c->result);
		else
			fputs("n/a", out);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n</section>\n", out);
}

static int cmp_failure(const void *pa, const void *pb)
{
	const struct finding *a = *(const struct finding *const *)pa;
	const struct finding *b = *(const struct finding *const *)pb;
	int c;

	if (a->severity != b->severity)
		return (int)a->severity - (int)b->severity;
	c = strcmp(a->check->id, b->check->id);
	if (c)
		return c;
	return a < b ? -1 : a > b;
}

static void write_top_failures(FILE *out, const struct findings *f)
{
	const struct finding **v = NULL;
	size_t n = 0;

	for (size_t i = 0; i < f->n; i++)
		n += f->v[i].status == CHECK_FAIL;
	fputs("<section class=\"card\" id=\"top\" aria-labelledby=\"top-h\">\n"
	      "<h2 id=\"top-h\">Most important failures first</h2>\n",
	      out);
	if (!n) {
		fputs("<p class=\"empty\">No failing findings.</p>\n"
		      "</section>\n",
		      out);
		return;
	}
	v = xmalloc(n * sizeof(*v));
	n = 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].status == CHECK_FAIL)
			v[n++] = &f->v[i];
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_failure);
	fputs("<ol class=\"topf\">\n", out);
	for (size_t i = 0; i < n && i < TOP_FAILURES; i++) {
		const struct finding *x = v[i];

		fputs("<li><div>", out);
		put_severity(out, x->severity);
		fputs("</div><div><span class=\"t\">", out);
		html_escape(out, x->check->title);
		fputs("</span> <span class=\"where\">&middot; ", out);
		if (x->account_name && *x->account_name) {
			html_escape(out, x->account_name);
			fputc(' ', out);
		}
		html_escape(out, x->account_id);
		fputs(" &middot; ", out);
		html_escape(out, x->region);
		fputs("</span><div class=\"r mono brk\">", out);
		html_escape(out, x->resource_id);
		fputs("</div></div><div class=\"m brk\">", out);
		html_escape(out, x->message);
		fputs("</div></li>\n", out);
	}
	fputs("</ol>\n", out);
	if (n > TOP_FAILURES) {
		fputs("<p class=\"more\">", out);
		put_count(out, n - TOP_FAILURES);
		fprintf(out,
			" more failing findings. <button type=\"button\" "
			"class=\"js-only\" data-show-status=\"%d\">Show all "
			"failures</button></p>\n",
			CHECK_FAIL);
	}
	fputs("</section>\n", out);
	free(v);
}

/*
 * A finding's check, account, region and resource cells, from inside the
 * check's open cell to the opening of the next one.
 */
static void put_where(FILE *out, const struct finding *x)
{
	put_check(out, x->check);
	fputs("</td><td class=\"brk\">", out);
	put_account(out, x);
	fputs("</td><td class=\"mono\">", out);
	html_escape(out, x->region);
	fputs("</td><td class=\"mono brk\">", out);
	html_escape(out, x->resource_id);
	fputs("</td><td class=\"brk\">", out);
}

static void put_finding_row(FILE *out, const struct finding *x)
{
	fputs("<tr><td>", out);
	put_status(out, x->status);
	fputs("</td><td>", out);
	put_severity(out, x->severity);
	fputs("</td><td class=\"brk\">", out);
	put_where(out, x);
	html_escape(out, x->message);
	fputs("</td></tr>\n", out);
}

/*
 * The findings section: the controls and empty table the script fills,
 * and the static first STATIC_ROWS (FAIL, then ERROR, then the rest in
 * report order) for readers without JavaScript.
 */
static void write_findings(FILE *out, const struct findings *f)
{
	static const struct {
		const char *key, *label, *cls;
	} cols[] = {
		{ "status", "Status", "c-st" },
		{ "severity", "Severity", "c-sv" },
		{ "check", "Check", "c-ck" },
		{ "account", "Account", "c-ac" },
		{ "region", "Region", "c-rg" },
		{ "resource", "Resource", "c-rs" },
		{ "message", "Message", "c-ms" },
	};
	static const struct {
		const char *id, *label;
	} filters[] = {
		{ "status", "Status" },   { "severity", "Severity" },
		{ "phase", "Phase" },     { "check", "Check" },
		{ "account", "Account" }, { "region", "Region" },
	};
	size_t shown = 0;

	fputs("<section class=\"card\" id=\"findings\" "
	      "aria-labelledby=\"fx-h\">\n<h2 id=\"fx-h\">All findings</h2>\n"
	      "<p id=\"fx-loading\" class=\"js-only\">Loading ",
	      out);
	put_count(out, f->n);
	fputs(" findings&hellip;</p>\n<div id=\"fx\" hidden>\n"
	      "<div class=\"controls\" role=\"search\">\n",
	      out);
	for (size_t i = 0; i < ARRAY_SIZE(filters); i++)
		fprintf(out,
			"<label>%s <select id=\"flt-%s\"></select></label>\n",
			filters[i].label, filters[i].id);
	fputs("<label class=\"q\">Search <input id=\"flt-q\" type=\"search\" "
	      "placeholder=\"Resource, message, check, account&hellip;\" "
	      "autocomplete=\"off\"></label>\n"
	      "<button id=\"flt-reset\" type=\"button\">Reset</button>\n"
	      "</div>\n<p class=\"summary\" aria-live=\"polite\">Showing "
	      "<b id=\"fx-range\"></b> of <b id=\"fx-count\"></b> matching "
	      "findings (<span id=\"fx-total\"></span> in total). "
	      "findings.csv has every finding.</p>\n"
	      "<table id=\"fx-table\" class=\"ft\">\n<thead><tr>"
	      "<th class=\"tgc\"><span class=\"sr\">Details</span></th>",
	      out);
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		fprintf(out,
			"<th class=\"%s\" data-k=\"%s\">"
			"<button type=\"button\">%s</button></th>",
			cols[i].cls, cols[i].key, cols[i].label);
	fputs("</tr></thead>\n<tbody id=\"fx-rows\"></tbody>\n</table>\n"
	      "<nav class=\"pager\" aria-label=\"Pages\">"
	      "<button id=\"pg-first\" type=\"button\">&laquo; First</button>"
	      "<button id=\"pg-prev\" type=\"button\">&lsaquo; Previous"
	      "</button><span id=\"pg-info\"></span>"
	      "<button id=\"pg-next\" type=\"button\">Next &rsaquo;</button>"
	      "<button id=\"pg-last\" type=\"button\">Last &raquo;</button>"
	      "</nav>\n</div>\n",
	      out);

	fputs("<div id=\"fx-static\">\n<p class=\"summary\">", out);
	if (f->n > STATIC_ROWS) {
		fputs("Showing the first ", out);
		put_count(out, STATIC_ROWS);
		fputs(" of <b>", out);
		put_count(out, f->n);
		fputs("</b> findings, failures and errors first. ", out);
	} else {
		fputs("<b>", out);
		put_count(out, f->n);
		fputs("</b> findings, failures and errors first. ", out);
	}
	fputs("Filtering, sorting and paging need JavaScript; findings.csv "
	      "has every finding.</p>\n<table class=\"ft\">\n<thead><tr>",
	      out);
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		fprintf(out, "<th class=\"%s\">%s</th>", cols[i].cls,
			cols[i].label);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (int pass = 0; pass < 3 && shown < STATIC_ROWS; pass++) {
		for (size_t i = 0; i < f->n && shown < STATIC_ROWS; i++) {
			enum check_status st = f->v[i].status;
			int want = pass == 0   ? st == CHECK_FAIL
				   : pass == 1 ? st == CHECK_ERROR
					       : st != CHECK_FAIL &&
							 st != CHECK_ERROR;

			if (!want)
				continue;
			put_finding_row(out, &f->v[i]);
			shown++;
		}
	}
	if (!f->n)
		fputs("<tr><td colspan=\"7\" class=\"empty\">No findings."
		      "</td></tr>\n",
		      out);
	fputs("</tbody></table>\n</div>\n</section>\n", out);
}

/*
 * A compact table of the findings with status 'st': ERROR (what could
 * not be collected, and why), WAIVED and MANUAL.
 */
static void write_status_section(FILE *out, const struct report *r,
				 enum check_status st, const char *id,
				 const char *title, const char *intro)
{
	const struct findings *f = r->findings;
	size_t n = 0, shown = 0;
	int waived = st == CHECK_WAIVED;

	for (size_t i = 0; i < f->n; i++)
		n += f->v[i].status == st;
	fprintf(out,
		"<section class=\"card\" id=\"%s\" aria-labelledby=\"%s-h\">\n"
		"<h2 id=\"%s-h\">%s <span class=\"b b-%s\">",
		id, id, id, title, status_name(st));
	put_count(out, n);
	fputs("</span>", out);
	if (n)
		fprintf(out,
			"<button type=\"button\" class=\"js-only sec-act\" "
			"data-show-status=\"%d\">Show in findings table"
			"</button>",
			st);
	fprintf(out, "</h2>\n<p class=\"note\">%s</p>\n", intro);
	if (waived && r->nwaiver_notes) {
		fputs("<ul>\n", out);
		for (size_t i = 0; i < r->nwaiver_notes; i++) {
			fputs("<li>", out);
			html_escape(out, r->waiver_notes[i]);
			fputs("</li>\n", out);
		}
		fputs("</ul>\n", out);
	}
	if (!n) {
		fputs("</section>\n", out);
		return;
	}
	fputs("<div class=\"scroll\"><table class=\"ft\">\n<thead><tr>"
	      "<th class=\"c-ck\">Check</th><th class=\"c-ac\">Account</th>"
	      "<th class=\"c-rg\">Region</th><th class=\"c-rs\">Resource"
	      "</th>",
	      out);
	fputs(waived ? "<th>Waiver</th><th class=\"c-st\">Verdict</th>"
		     : "<th>Message</th>",
	      out);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < f->n && shown < SECTION_ROWS; i++) {
		const struct finding *x = &f->v[i];

		if (x->status != st)
			continue;
		shown++;
		fputs("<tr><td class=\"brk\">", out);
		put_where(out, x);
		if (waived) {
			html_escape(out, x->waiver ? x->waiver : x->message);
			fputs("</td><td>", out);
			put_status(out, x->verdict);
		} else {
			html_escape(out, x->message);
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n", out);
	if (n > shown) {
		fputs("<p class=\"more\">Showing the first ", out);
		put_count(out, shown);
		fputs(" of ", out);
		put_count(out, n);
		fputs("; filter the findings table by status, or see "
		      "findings.csv.</p>\n",
		      out);
	}
	fputs("</section>\n", out);
}

/*
 * A string table: each distinct string gets the next index. Strings are
 * borrowed from the findings; open addressing on an FNV-1a hash.
 */
struct strtab {
	const char **v;
	size_t n, alloc;
	size_t *slot; /* index + 1; 0 is empty */
	size_t cap;
};

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static size_t strtab_intern(struct strtab *t, const char *s)
{
	size_t i;

	if (!s)
		s = "";
	if ((t->n + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;

		free(t->slot);
		t->slot = xcalloc(cap, sizeof(*t->slot));
		t->cap = cap;
		for (size_t k = 0; k < t->n; k++) {
			i = str_hash(t->v[k]) & (cap - 1);
			while (t->slot[i])
				i = (i + 1) & (cap - 1);
			t->slot[i] = k + 1;
		}
	}
	i = str_hash(s) & (t->cap - 1);
	while (t->slot[i]) {
		if (!strcmp(t->v[t->slot[i] - 1], s))
			return t->slot[i] - 1;
		i = (i + 1) & (t->cap - 1);
	}
	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	t->v[t->n] = s;
	t->slot[i] = ++t->n;
	return t->n - 1;
}

static void strtab_release(struct strtab *t)
{
	free(t->v);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

struct checktab {
	const struct check **v;
	size_t n, alloc;
};

static size_t checktab_index(struct checktab *t, const struct check *c)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i] == c)
			return i;
	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	t->v[t->n] = c;
	return t->n++;
}

static void json_names(FILE *out, const char *key, int n,
		       const char *(*name)(int))
{
	fprintf(out, "\"%s\":[", key);
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		json_string_script(out, name(i));
	}
	fputs("],\n", out);
}

static const char *status_at(int i)
{
	return status_name((enum check_status)i);
}

static const char *severity_at(int i)
{
	return severity_name((enum severity)i);
}

static const char *phase_at(int i)
{
	return phase_title((enum ir_phase)i);
}

/*
 * The data block. The findings come first, interning checks, accounts,
 * regions and resource types as they go; the tables follow (JSON objects
 * are unordered, so one pass does).
 */
static void write_data(FILE *out, const struct report *r)
{
	const struct findings *f = r->findings;
	const struct scores *sc = r->scores;
	struct strtab acc = { 0 }, reg = { 0 }, typ = { 0 };
	struct checktab ck = { 0 };
	const char **acc_name = NULL;
	size_t acc_alloc = 0;
	const struct check *last = NULL;
	size_t last_i = 0;

	/* selected checks first, in registry order, even without findings */
	for (size_t i = 0; sc && i < sc->nchecks; i++)
		checktab_index(&ck, sc->checks[i].check);

	fputs("<script type=\"application/json\" id=\"irready-data\">"
	      "{\"v\":1,\n\"f\":[",
	      out);
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		size_t a, before = acc.n;

		if (x->check != last) {
			last = x->check;
			last_i = checktab_index(&ck, x->check);
		}
		a = strtab_intern(&acc, x->account_id);
		if (acc.n > before) {
			ALLOC_GROW(acc_name, acc.n, acc_alloc);
			acc_name[a] = NULL;
		}
		if (!acc_name[a] && x->account_name && *x->account_name)
			acc_name[a] = x->account_name;
		fprintf(out, "%s[%zu,%zu,%zu,%d,%d,%zu,", i ? ",\n" : "",
			last_i, a, strtab_intern(&reg, x->region),
			(int)x->status, (int)x->severity,
			strtab_intern(&typ, x->resource_type));
		json_string_script(out, x->id);
		fputc(',', out);
		json_string_script(out, x->resource_id);
		fputc(',', out);
		json_string_script(out, x->message);
		if (x->waiver || x->status == CHECK_WAIVED) {
			fputc(',', out);
			json_string_script(out, x->waiver ? x->waiver : "");
			fprintf(out, ",%d", (int)x->verdict);
		}
		fputc(']', out);
	}
	fputs("],\n", out);
	json_names(out, "st", CHECK__COUNT, status_at);
	json_names(out, "sv", SEV__COUNT, severity_at);
	json_names(out, "ph", PHASE__COUNT, phase_at);

	fputs("\"ck\":[", out);
	for (size_t i = 0; i < ck.n; i++) {
		const struct check *c = ck.v[i];

		fputs(i ? ",\n{\"id\":" : "\n{\"id\":", out);
		json_string_script(out, c->id);
		fputs(",\"t\":", out);
		json_string_script(out, c->title);
		fprintf(out, ",\"p\":%d,\"s\":%d,\"r\":", (int)c->phase,
			(int)c->severity);
		json_string_script(out, c->rationale);
		fputs(",\"m\":", out);
		json_string_script(out, c->remediation);
		fputs(",\"x\":", out);
		json_string_script(out, c->cli_fix);
		fputs(",\"f\":", out);
		json_string_script(out, c->cfn);
		fputs(",\"d\":", out);
		json_string_script(out, c->doc_url);
		fputs(",\"w\":", out);
		json_string_script(out, c->frameworks);
		fputc('}', out);
	}
	fputs("],\n\"ac\":[", out);
	for (size_t i = 0; i < acc.n; i++) {
		const char *name = acc_name[i];

		/* fall back to the score group's label */
		for (size_t k = 0; !name && sc && k < sc->naccounts; k++)
			if (!strcmp(sc->accounts[k].key, acc.v[i]))
				name = sc->accounts[k].label;
		fputs(i ? ",[" : "[", out);
		json_string_script(out, acc.v[i]);
		fputc(',', out);
		json_string_script(out, name ? name : "");
		fputc(']', out);
	}
	fputs("],\n\"rg\":[", out);
	for (size_t i = 0; i < reg.n; i++) {
		if (i)
			fputc(',', out);
		json_string_script(out, reg.v[i]);
	}
	fputs("],\n\"rt\":[", out);
	for (size_t i = 0; i < typ.n; i++) {
		if (i)
			fputc(',', out);
		json_string_script(out, typ.v[i]);
	}
	fputs("]}</script>\n", out);

	free(acc_name);
	free(ck.v);
	strtab_release(&acc);
	strtab_release(&reg);
	strtab_release(&typ);
}

int report_write_html(const struct report *r, FILE *out)
{
	static const struct scores none;
	const struct scores *sc = r->scores ? r->scores : &none;

	write_head(out, r->run);
	write_header(out, r);
	fputs("<main class=\"wrap\">\n", out);
	write_hero(out, sc, r->findings);
	fputs("<div class=\"grid2 row2\">\n", out);
	write_phase_chart(out, sc);
	write_group_table(out, "acct-h", "Score by account", "Account",
			  sc->accounts, sc->naccounts);
	fputs("</div>\n<div class=\"grid2 row2\">\n", out);
	write_group_table(out, "reg-h", "Score by region", "Region",
			  sc->regions, sc->nregions);
	write_checks_table(out, sc);
	fputs("</div>\n", out);
	write_top_failures(out, r->findings);
	write_findings(out, r->findings);
	write_status_section(
		out, r, CHECK_ERROR, "errors", "Could not assess",
		"Data that could not be collected: each message names the "
		"action, permission or region that failed. These findings are "
		"neither PASS nor FAIL; fix access and run again.");
	write_status_section(
		out, r, CHECK_WAIVED, "waived", "Waived",
		"Findings covered by an unexpired waiver in the policy. They "
		"count as neither pass nor fail.");
	write_status_section(
		out, r, CHECK_MANUAL, "manual", "Needs attestation",
		"People and process items the tool cannot see (playbooks, "
		"contacts, exercises). Attest them in the policy file.");
	fputs("</main>\n<footer>Generated by irready ", out);
	html_escape(out, r->run && r->run->tool_version ? r->run->tool_version
							: IRREADY_VERSION);
	if (r->run && r->run->now) {
		fputs(" on ", out);
		put_time(out, r->run->now);
	}
	fputs(". This file makes no network requests. findings.csv and "
	      "findings.json hold every finding.</footer>\n",
	      out);
	write_data(out, r);
	fputs("<script>\n", out);
	put_lines(out, js);
	fputs("</script>\n</body>\n</html>\n", out);
	return ferror(out) ? IRREADY_EIO : 0;
}
