(function () {
'use strict';
var doc = document, root = doc.documentElement;
function $(id) { return doc.getElementById(id); }
var D, F, CK, AC, RG, RT, ST, SV, PH;
/* finding fields: see the JSON block */
var C = 0, A = 1, R = 2, S = 3, V = 4, T = 5, ID = 6, RES = 7,
	MSG = 8, WV = 9, VD = 10;
/* default order: FAIL, ERROR, MANUAL, WAIVED, PASS, N/A */
var SRANK = [4, 0, 1, 3, 2, 5];
var PAGE = 100;
var st = { f: {}, q: '', key: '', dir: 1, page: 0 };
var order = null, view = [], open = {}, lc = null, timer = 0;
var DIMS = ['status', 'severity', 'phase', 'check', 'account',
	'region'];

function fmt(n) { return n.toLocaleString('en-US'); }
function mk(tag, cls, text) {
	var e = doc.createElement(tag);
	if (cls)
		e.className = cls;
	if (text !== undefined && text !== null)
		e.textContent = String(text);
	return e;
}
function dimOf(x, d) {
	switch (d) {
	case 'status': return x[S];
	case 'severity': return x[V];
	case 'phase': return CK[x[C]].p;
	case 'check': return x[C];
	case 'account': return x[A];
	default: return x[R];
	}
}
function rank(list, key) {
	var idx = list.map(function (_, i) { return i; });
	idx.sort(function (a, b) {
		var x = key(list[a]), y = key(list[b]);
		return x < y ? -1 : x > y ? 1 : a - b;
	});
	var r = [];
	idx.forEach(function (v, i) { r[v] = i; });
	return r;
}
var KEYS;
function sortKeys() {
	var ckr = rank(CK, function (c) { return c.t; });
	var acr = rank(AC, function (a) { return a[1] || a[0]; });
	var rgr = rank(RG, function (r) {
		return r === 'global' ? '' : r;
	});
	KEYS = {
		status: function (x) { return SRANK[x[S]]; },
		severity: function (x) { return x[V]; },
		check: function (x) { return ckr[x[C]]; },
		account: function (x) { return acr[x[A]]; },
		region: function (x) { return rgr[x[R]]; },
		resource: function (x) { return x[RES]; },
		message: function (x) { return x[MSG]; }
	};
}
function sortOrder() {
	var n = F.length, idx = new Array(n), i;
	for (i = 0; i < n; i++)
		idx[i] = i;
	if (!st.key) {
		idx.sort(function (a, b) {
			var x = F[a], y = F[b];
			return SRANK[x[S]] - SRANK[y[S]] || x[V] - y[V] ||
				a - b;
		});
		return idx;
	}
	var f = KEYS[st.key], d = st.dir, k = new Array(n);
	for (i = 0; i < n; i++)
		k[i] = f(F[i]);
	idx.sort(function (a, b) {
		var x = k[a], y = k[b];
		return (x < y ? -d : x > y ? d : 0) || a - b;
	});
	return idx;
}
function hay(i) {
	if (!lc)
		lc = new Array(F.length);
	var h = lc[i];
	if (h === undefined) {
		var x = F[i], c = CK[x[C]], a = AC[x[A]];
		h = lc[i] = [x[RES], x[MSG], c.id, c.t, a[0], a[1] || '',
			RG[x[R]], RT[x[T]], x[ID], x[WV] || ''
		].join('\n').toLowerCase();
	}
	return h;
}
/*
 * The rows matching every filter and the search, and for each filter the
 * counts of its values among the rows matching all the others (and the
 * search): what choosing that value would show.
 */
function refilter() {
	if (!order)
		order = sortOrder();
	var f = st.f, q = st.q.toLowerCase(), out = [], n = order.length;
	var nd = DIMS.length, cnt = [], v = new Array(nd), d;
	for (d = 0; d < nd; d++)
		cnt.push({});
	for (var j = 0; j < n; j++) {
		var i = order[j], x = F[i], miss = -1, bad = 0;
		if (q && hay(i).indexOf(q) < 0)
			continue;
		for (d = 0; d < nd; d++) {
			v[d] = dimOf(x, DIMS[d]);
			if (f[DIMS[d]] >= 0 && v[d] !== f[DIMS[d]]) {
				miss = d;
				if (++bad > 1)
					break;
			}
		}
		if (bad > 1)
			continue;
		if (bad === 1) {
			cnt[miss][v[miss]] = (cnt[miss][v[miss]] || 0) + 1;
			continue;
		}
		out.push(i);
		for (d = 0; d < nd; d++)
			cnt[d][v[d]] = (cnt[d][v[d]] || 0) + 1;
	}
	view = out;
	for (d = 0; d < nd; d++)
		relabel(DIMS[d], cnt[d]);
	render();
}
function badge(cls, text) { return mk('span', cls, text); }
function row(i) {
	var x = F[i], c = CK[x[C]], a = AC[x[A]];
	var tr = mk('tr', 'fr' + (open[i] ? ' open' : ''));
	tr.setAttribute('data-i', i);
	var t = mk('td'), b = mk('button', 'tg', open[i] ? '\u25BE' : '\u25B8');
	b.type = 'button';
	b.setAttribute('aria-expanded', open[i] ? 'true' : 'false');
	b.setAttribute('aria-label', 'Show details');
	t.appendChild(b);
	tr.appendChild(t);
	t = mk('td');
	b = badge('b b-' + ST[x[S]], ST[x[S]] === 'NOT_APPLICABLE' ?
		'N/A' : ST[x[S]]);
	b.title = ST[x[S]];
	t.appendChild(b);
	tr.appendChild(t);
	t = mk('td');
	t.appendChild(badge('v v-' + SV[x[V]], SV[x[V]]));
	tr.appendChild(t);
	t = mk('td', 'brk');
	t.appendChild(mk('span', 'ck', c.t));
	t.appendChild(mk('span', 'ckid mono', c.id));
	tr.appendChild(t);
	t = mk('td', 'brk');
	t.appendChild(mk('span', null, a[1] || a[0]));
	if (a[1])
		t.appendChild(mk('span', 'ckid mono', a[0]));
	tr.appendChild(t);
	tr.appendChild(mk('td', 'mono', RG[x[R]]));
	tr.appendChild(mk('td', 'mono brk rs', x[RES]));
	tr.appendChild(mk('td', 'brk', x[MSG]));
	return tr;
}
function copy(btn, pre) {
	var text = pre.textContent;
	function done(ok) {
		btn.textContent = ok ? 'Copied' : 'Press Ctrl+C';
		setTimeout(function () { btn.textContent = 'Copy'; }, 1500);
	}
	function fallback() {
		var r = doc.createRange(), s = window.getSelection();
		r.selectNodeContents(pre);
		s.removeAllRanges();
		s.addRange(r);
		try {
			done(doc.execCommand('copy'));
		} catch (e) {
			done(false);
		}
	}
	if (navigator.clipboard && window.isSecureContext)
		navigator.clipboard.writeText(text).then(function () {
			done(true);
		}, fallback);
	else
		fallback();
}
function codebox(text) {
	var box = mk('div', 'codebox'), pre = mk('pre', null, text);
	var b = mk('button', 'copy', 'Copy');
	b.type = 'button';
	b.addEventListener('click', function () { copy(b, pre); });
	box.appendChild(pre);
	box.appendChild(b);
	return box;
}
function dl(rows) {
	var d = mk('dl');
	rows.forEach(function (r) {
		if (r[1] === undefined || r[1] === null || r[1] === '')
			return;
		d.appendChild(mk('dt', null, r[0]));
		var dd = mk('dd');
		if (typeof r[1] === 'string')
			dd.textContent = r[1];
		else
			dd.appendChild(r[1]);
		d.appendChild(dd);
	});
	return d;
}
/*
 * What a finding tells about the placeholders of its check's fixes: the
 * region and account, and by resource type the names and ARNs the
 * resource id (usually an ARN) holds. Placeholders nothing fills stay.
 */
var ARN = /^arn:[^:]*:[^:]*:([^:]*):([^:]*):(.*)$/;
function last(p) { return p.split('/').pop(); }
var BY_TYPE = {
	'AWS::CloudTrail::Trail': function (r) { return { TRAIL: last(r) }; },
	'AWS::KMS::Key': function (r) { return { KEY_ID: last(r) }; },
	'AWS::GuardDuty::Detector': function (r) {
		return { DETECTOR_ID: last(r) };
	},
	'AWS::EC2::VPC': function (r) {
		return { VPC_ID: last(r), DEFAULT_VPC_ID: last(r) };
	},
	'AWS::S3::Bucket': function (r) {
		return { BUCKET: r, TRAIL_BUCKET: r };
	},
	'AWS::IAM::User': function (r) {
		return /^user\//.test(r) ? { USER: last(r) } : {};
	},
	'AWS::IAM::AccessKey': function (r) {
		var p = r.split('/');
		return p.length >= 3 && p[0] === 'user' ?
			{ USER: p[p.length - 2], KEY_ID: p[p.length - 1],
				OLD_KEY_ID: p[p.length - 1] } : {};
	},
	'AWS::IAM::Role': function (r, id) {
		return /^role\//.test(r) ? { ROLE: last(r), ROLE_ARN: id } :
			/^[\w+=,.@-]+$/.test(id) && !/^\d{12}$/.test(id) ?
				{ ROLE: id } : {};
	},
	'AWS::IAM::ManagedPolicy': function (r, id) {
		return { POLICY_ARN: id };
	},
	'AWS::CloudFormation::Stack': function (r) {
		return { STACK_NAME: r.split('/')[1] };
	},
	'AWS::EC2::Snapshot': function (r) { return { SNAPSHOT_ID: last(r) }; },
	'AWS::EC2::Instance': function (r) { return { INSTANCE_ID: last(r) }; },
	'AWS::EC2::Volume': function (r) { return { VOLUME_ID: last(r) }; },
	'AWS::EC2::NetworkAcl': function (r) { return { ACL_ID: last(r) }; },
	'AWS::EC2::SecurityGroup': function (r) { return { SG_ID: last(r) }; },
	'AWS::SNS::Topic': function (r, id) {
		return { TOPIC_ARN: id, SNS_TOPIC_ARN: id };
	},
	'AWS::WAFv2::WebACL': function (r, id) { return { WEB_ACL_ARN: id }; },
	'AWS::ElasticLoadBalancingV2::LoadBalancer': function (r, id) {
		return { ALB_ARN: id };
	},
	'AWS::SecretsManager::Secret': function (r, id) {
		return { SECRET: id };
	},
	'AWS::Logs::LogGroup': function (r, id) {
		return { LOG_GROUP: r.replace(/^log-group:/, '')
			.replace(/:\*$/, ''), LOG_GROUP_ARN: id };
	},
	'AWS::SSM::Parameter': function (r) {
		return { NAME: r.replace(/^parameter/, '') };
	}
};
function known(x) {
	var id = x[RES] || '', m = ARN.exec(id), region = RG[x[R]];
	var by = BY_TYPE[RT[x[T]]], v = {};
	if (by && (m || !/^\d{12}$/.test(id)))
		v = by(m ? m[3] : id, id) || {};
	if (region === 'global' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
		region = m && m[1] ? m[1] : null;
	if (region)
		v.REGION = region;
	v.ACCOUNT_ID = AC[x[A]][0];
	return v;
}
/* 'text' with every placeholder the finding knows replaced. */
function filled(text, x) {
	var v = known(x);
	return text.replace(/<([A-Z][A-Z0-9_]*)>/g, function (all, k) {
		return v[k] ? v[k] : all;
	});
}
function detail(i) {
	var x = F[i], c = CK[x[C]];
	var tr = mk('tr', 'fd'), td = mk('td'), g = mk('div', 'dt');
	var l = mk('div'), r = mk('div');
	td.colSpan = 8;
	l.appendChild(mk('h4', null, 'Why it matters'));
	l.appendChild(mk('p', null, c.r));
	if (c.m) {
		l.appendChild(mk('h4', null, 'Remediation'));
		var ol = mk('ol');
		c.m.split('\n').forEach(function (s) {
			s = s.replace(/^\s*\d+[.)]\s*/, '');
			if (s)
				ol.appendChild(mk('li', null, s));
		});
		l.appendChild(ol);
	}
	if (c.x) {
		r.appendChild(mk('h4', null, 'Fix with the AWS CLI'));
		r.appendChild(codebox(filled(c.x, x)));
	}
	if (c.f) {
		r.appendChild(mk('h4', null, 'CloudFormation'));
		r.appendChild(codebox(filled(c.f, x)));
	}
	if (/<[A-Z][A-Z0-9_]*>/.test((c.x || '') + (c.f || '')))
		r.appendChild(mk('p', 'note', 'Values in <ANGLE_BRACKETS> are '
			+ 'ones irready cannot know; the rest come from this '
			+ 'finding.'));
	var fw = null, link = null;
	if (c.w) {
		fw = mk('span');
		c.w.split(';').forEach(function (s) {
			if (s)
				fw.appendChild(mk('span', 'chip mono', s));
		});
	}
	if (/^https:\/\//i.test(c.d || '')) {
		link = mk('a', null, c.d);
		link.href = c.d;
		link.target = '_blank';
		link.rel = 'noopener noreferrer';
	}
	r.appendChild(dl([
		['Finding id', x[ID]],
		['Check', c.id],
		['Phase', PH[c.p]],
		['Resource type', RT[x[T]]],
		['Waiver', x[WV]],
		['Check verdict', x[VD] !== undefined ? ST[x[VD]] : null],
		['Frameworks', fw],
		['Documentation', link]
	]));
	g.appendChild(l);
	g.appendChild(r);
	td.appendChild(g);
	tr.appendChild(td);
	return tr;
}
function render() {
	var total = view.length, pages = Math.max(1, Math.ceil(total / PAGE));
	if (st.page >= pages)
		st.page = pages - 1;
	if (st.page < 0)
		st.page = 0;
	var start = st.page * PAGE, end = Math.min(total, start + PAGE);
	var frag = doc.createDocumentFragment();
	for (var j = start; j < end; j++) {
		frag.appendChild(row(view[j]));
		if (open[view[j]])
			frag.appendChild(detail(view[j]));
	}
	if (!total) {
		var tr = mk('tr'), td = mk('td', 'empty',
			'No findings match these filters.');
		td.colSpan = 8;
		tr.appendChild(td);
		frag.appendChild(tr);
	}
	var tb = $('fx-rows');
	tb.textContent = '';
	tb.appendChild(frag);
	$('fx-range').textContent = total ?
		fmt(start + 1) + '\u2013' + fmt(end) : '0';
	$('fx-count').textContent = fmt(total);
	$('fx-total').textContent = fmt(F.length);
	$('pg-info').textContent = 'Page ' + fmt(st.page + 1) + ' of ' +
		fmt(pages);
	$('pg-first').disabled = $('pg-prev').disabled = st.page === 0;
	$('pg-next').disabled = $('pg-last').disabled =
		st.page >= pages - 1;
	var ths = doc.querySelectorAll('#fx-table th[data-k]');
	for (var k = 0; k < ths.length; k++) {
		var th = ths[k], key = th.getAttribute('data-k');
		if (key === st.key)
			th.setAttribute('aria-sort',
				st.dir > 0 ? 'ascending' : 'descending');
		else
			th.removeAttribute('aria-sort');
	}
}
var LABELS = {};
function fill(sel, counts, label, keys) {
	var o = mk('option', null, 'All');
	o.value = '-1';
	sel.appendChild(o);
	LABELS[sel.id.slice(4)] = label;
	keys.forEach(function (k) {
		if (!counts[k])
			return;
		o = mk('option', null, label(k) + ' (' + fmt(counts[k]) + ')');
		o.value = String(k);
		sel.appendChild(o);
	});
}
/* Rewrite the counts of filter 'dim' (values absent from 'counts': 0). */
function relabel(dim, counts) {
	var opts = $('flt-' + dim).options, label = LABELS[dim];
	for (var k = 1; k < opts.length; k++) {
		var val = +opts[k].value, c = counts[val] || 0;
		opts[k].textContent = label(val) + ' (' + fmt(c) + ')';
		opts[k].className = c ? '' : 'zero';
	}
}
function seq(n) {
	var a = [];
	for (var i = 0; i < n; i++)
		a.push(i);
	return a;
}
function setup() {
	var cnt = {}, i, d;
	DIMS.forEach(function (dd) { cnt[dd] = {}; });
	for (i = 0; i < F.length; i++)
		for (d = 0; d < DIMS.length; d++) {
			var c = cnt[DIMS[d]], v = dimOf(F[i], DIMS[d]);
			c[v] = (c[v] || 0) + 1;
		}
	var sorted = function (list, key) {
		var r = rank(list, key), a = seq(list.length);
		a.sort(function (x, y) { return r[x] - r[y]; });
		return a;
	};
	fill($('flt-status'), cnt.status, function (k) { return ST[k]; },
		[1, 2, 4, 3, 0, 5]);
	fill($('flt-severity'), cnt.severity, function (k) { return SV[k]; },
		seq(SV.length));
	fill($('flt-phase'), cnt.phase, function (k) { return PH[k]; },
		seq(PH.length));
	fill($('flt-check'), cnt.check, function (k) { return CK[k].t; },
		sorted(CK, function (c) { return c.t; }));
	fill($('flt-account'), cnt.account, function (k) {
		return AC[k][1] ? AC[k][1] + ' \u00b7 ' + AC[k][0] : AC[k][0];
	}, sorted(AC, function (a) { return a[1] || a[0]; }));
	fill($('flt-region'), cnt.region, function (k) { return RG[k]; },
		sorted(RG, function (r) { return r === 'global' ? '' : r; }));
	DIMS.forEach(function (dd) {
		st.f[dd] = -1;
		$('flt-' + dd).addEventListener('change', function (e) {
			st.f[dd] = parseInt(e.target.value, 10);
			st.page = 0;
			refilter();
		});
	});
	$('flt-q').addEventListener('input', function (e) {
		clearTimeout(timer);
		timer = setTimeout(function () {
			st.q = e.target.value.trim();
			st.page = 0;
			refilter();
		}, 150);
	});
	$('flt-reset').addEventListener('click', function () {
		reset();
		refilter();
	});
	function go(p) {
		return function () {
			st.page = p === 'last' ? 1e9 : p === 'first' ? 0 :
				st.page + p;
			render();
			$('fx-table').scrollIntoView({ block: 'nearest' });
		};
	}
	$('pg-first').addEventListener('click', go('first'));
	$('pg-prev').addEventListener('click', go(-1));
	$('pg-next').addEventListener('click', go(1));
	$('pg-last').addEventListener('click', go('last'));
	doc.querySelectorAll('#fx-table th[data-k] button').forEach(
		function (b) {
			b.addEventListener('click', function () {
				var k = b.parentNode.getAttribute('data-k');
				st.dir = st.key === k ? -st.dir : 1;
				st.key = k;
				order = null;
				st.page = 0;
				refilter();
			});
		});
	$('fx-rows').addEventListener('click', function (e) {
		var t = e.target;
		if (t.closest('a, .codebox, .fd'))
			return;
		if (!t.closest('.tg') && String(window.getSelection()))
			return;
		var tr = t.closest('tr.fr');
		if (!tr)
			return;
		var i = +tr.getAttribute('data-i');
		if (open[i])
			delete open[i];
		else
			open[i] = 1;
		var nt = row(i);
		tr.parentNode.replaceChild(nt, tr);
		var next = nt.nextSibling;
		if (next && next.classList.contains('fd'))
			next.parentNode.removeChild(next);
		if (open[i])
			nt.parentNode.insertBefore(detail(i), nt.nextSibling);
		nt.querySelector('.tg').focus();
	});
	doc.querySelectorAll('[data-show-status]').forEach(function (b) {
		b.addEventListener('click', function () {
			reset();
			st.f.status = +b.getAttribute('data-show-status');
			$('flt-status').value = String(st.f.status);
			refilter();
			$('findings').scrollIntoView();
		});
	});
}
/*
 * "What to fix first": one row per check with failures, by how many
 * points the overall score gains when they pass (score.h: a check counts
 * weight * passed / (passed + failed), weights by the severity of its
 * first finding, over the weights of the checks with a PASS or FAIL).
 */
var WEIGHT = { critical: 10, high: 5, medium: 3, low: 1, info: 0 };
function fixFirst() {
	var tb = $('ff-rows');
	if (!tb)
		return;
	var PASS = ST.indexOf('PASS'), FAIL = ST.indexOf('FAIL');
	var g = CK.map(function () {
		return { pass: 0, fail: 0, sev: -1, acc: {}, reg: {}, na: 0,
			nr: 0 };
	});
	F.forEach(function (x) {
		var c = g[x[C]];
		if (c.sev < 0)
			c.sev = x[V];
		if (x[S] === PASS)
			c.pass++;
		if (x[S] !== FAIL)
			return;
		c.fail++;
		if (!c.acc[x[A]]) {
			c.acc[x[A]] = 1;
			c.na++;
		}
		if (!c.reg[x[R]]) {
			c.reg[x[R]] = 1;
			c.nr++;
		}
	});
	var den = 0, rows = [];
	g.forEach(function (c, k) {
		var w = c.sev < 0 ? 0 : WEIGHT[SV[c.sev]] || 0;
		c.w = w;
		if (c.pass + c.fail && w > 0)
			den += w;
		if (c.fail)
			rows.push(k);
	});
	rows.forEach(function (k) {
		var c = g[k];
		c.gain = den && c.w ? 100 * c.w * c.fail / (c.pass + c.fail) /
			den : 0;
	});
	rows.sort(function (a, b) {
		return g[b].gain - g[a].gain || g[a].sev - g[b].sev ||
			g[b].fail - g[a].fail || a - b;
	});
	var frag = doc.createDocumentFragment();
	rows.forEach(function (k, n) {
		var c = g[k], ck = CK[k], tr = mk('tr'), t;
		tr.setAttribute('data-check', ck.id);
		tr.appendChild(mk('td', 'num', n + 1));
		t = mk('td', 'brk');
		t.appendChild(mk('span', 'ck', ck.t));
		t.appendChild(mk('span', 'ckid mono', ck.id));
		tr.appendChild(t);
		t = mk('td');
		t.appendChild(badge('v v-' + SV[c.sev], SV[c.sev]));
		tr.appendChild(t);
		tr.appendChild(mk('td', null, PH[ck.p]));
		tr.appendChild(mk('td', 'num', fmt(c.na)));
		tr.appendChild(mk('td', 'num', fmt(c.nr)));
		tr.appendChild(mk('td', 'num', fmt(c.fail)));
		tr.appendChild(mk('td', 'num gain', c.gain ?
			'+' + c.gain.toFixed(1) : '0'));
		var step = (ck.m || '').split('\n')[0]
			.replace(/^\s*\d+[.)]\s*/, '');
		t = mk('td', 'brk', step);
		var b = mk('button', 'ff-show', 'Show ' + fmt(c.fail));
		b.type = 'button';
		b.setAttribute('data-ck', k);
		t.appendChild(doc.createTextNode(' '));
		t.appendChild(b);
		tr.appendChild(t);
		frag.appendChild(tr);
	});
	if (!rows.length) {
		var tr = mk('tr'), td = mk('td', 'empty', 'Nothing fails.');
		td.colSpan = 9;
		tr.appendChild(td);
		frag.appendChild(tr);
	}
	tb.textContent = '';
	tb.appendChild(frag);
	tb.addEventListener('click', function (e) {
		var b = e.target.closest('.ff-show');
		if (!b)
			return;
		reset();
		st.f.check = +b.getAttribute('data-ck');
		st.f.status = FAIL;
		$('flt-check').value = String(st.f.check);
		$('flt-status').value = String(FAIL);
		refilter();
		$('findings').scrollIntoView();
	});
	$('ff').hidden = false;
}
function reset() {
	DIMS.forEach(function (d) {
		st.f[d] = -1;
		$('flt-' + d).value = '-1';
	});
	$('flt-q').value = '';
	st.q = '';
	st.page = 0;
}
try {
	D = JSON.parse($('irready-data').textContent);
	F = D.f; CK = D.ck; AC = D.ac; RG = D.rg; RT = D.rt;
	ST = D.st; SV = D.sv; PH = D.ph;
	sortKeys();
	setup();
	refilter();
	fixFirst();
	$('fx').hidden = false;
	$('fx-loading').hidden = true;
	root.setAttribute('data-irready', 'ready');
	window.irreadyReadyMs = Math.round(performance.now());
} catch (e) {
	root.className = 'nojs';
	root.setAttribute('data-irready', 'error');
	throw e;
}
})();
