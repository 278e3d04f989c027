(function () {
'use strict';
/*
 * diff.html: filter, search and sort the changed findings, as report.html
 * does. The tables are written by report/diff.c and stay readable without
 * JavaScript; each row carries data-cls, data-sev, data-ck, data-ac and
 * data-rg. A filter's option counts are those of the rows matching every
 * other filter and the search.
 */
var doc = document;
function $(id) { return doc.getElementById(id); }
var DIMS = ['cls', 'sev', 'ck', 'ac', 'rg'];
var SEVS = ['critical', 'high', 'medium', 'low', 'info'];
var rows = Array.prototype.slice.call(
	doc.querySelectorAll('tbody tr[data-cls]'));
var f = {}, q = '', hay = [], labels = {};
function fmt(n) { return n.toLocaleString('en-US'); }
function val(r, d) { return r.getAttribute('data-' + d) || ''; }
function setup() {
	rows.forEach(function (r, i) {
		hay[i] = r.textContent.toLowerCase();
	});
	DIMS.forEach(function (d) {
		var s = $('df-' + d), seen = {}, vals = [];
		rows.forEach(function (r) {
			var v = val(r, d);
			if (!seen[v]) {
				seen[v] = 1;
				vals.push(v);
			}
		});
		if (d === 'sev')
			vals.sort(function (a, b) {
				return SEVS.indexOf(a) - SEVS.indexOf(b);
			});
		else if (d !== 'cls') /* classes: in page order */
			vals.sort();
		var o = doc.createElement('option');
		o.value = '';
		o.textContent = 'All';
		s.appendChild(o);
		vals.forEach(function (v) {
			o = doc.createElement('option');
			o.value = v;
			o.textContent = v;
			s.appendChild(o);
		});
		labels[d] = s;
		f[d] = '';
		s.addEventListener('change', function () {
			f[d] = s.value;
			apply();
		});
	});
	var timer = 0;
	$('df-q').addEventListener('input', function (e) {
		clearTimeout(timer);
		timer = setTimeout(function () {
			q = e.target.value.trim().toLowerCase();
			apply();
		}, 120);
	});
	$('df-reset').addEventListener('click', function () {
		DIMS.forEach(function (d) {
			f[d] = '';
			$('df-' + d).value = '';
		});
		$('df-q').value = '';
		q = '';
		apply();
	});
	doc.querySelectorAll('th[data-col] button').forEach(function (b) {
		b.addEventListener('click', function () { sortBy(b.parentNode); });
	});
}
function apply() {
	var nd = DIMS.length, cnt = [], shown = 0, d;
	for (d = 0; d < nd; d++)
		cnt.push({});
	rows.forEach(function (r, i) {
		var miss = -1, bad = 0, v = [];
		if (q && hay[i].indexOf(q) < 0) {
			r.hidden = true;
			return;
		}
		for (d = 0; d < nd; d++) {
			v[d] = val(r, DIMS[d]);
			if (f[DIMS[d]] && v[d] !== f[DIMS[d]]) {
				miss = d;
				bad++;
			}
		}
		r.hidden = bad > 0;
		if (bad === 1)
			cnt[miss][v[miss]] = (cnt[miss][v[miss]] || 0) + 1;
		if (bad)
			return;
		shown++;
		for (d = 0; d < nd; d++)
			cnt[d][v[d]] = (cnt[d][v[d]] || 0) + 1;
	});
	for (d = 0; d < nd; d++) {
		var opts = labels[DIMS[d]].options;
		for (var k = 1; k < opts.length; k++) {
			var c = cnt[d][opts[k].value] || 0;
			opts[k].textContent = opts[k].value + ' (' + fmt(c) + ')';
		}
	}
	doc.querySelectorAll('section[data-sec]').forEach(function (s) {
		var n = s.querySelectorAll('tbody tr[data-cls]:not([hidden])')
			.length;
		s.querySelector('.cnt').textContent = fmt(n);
		s.hidden = n === 0;
	});
	$('df-count').textContent = fmt(shown);
	$('df-total').textContent = fmt(rows.length);
}
function sortBy(th) {
	var col = +th.getAttribute('data-col');
	var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
	var table = th.closest('table'), tb = table.tBodies[0];
	var list = Array.prototype.slice.call(tb.rows);
	var key = list.map(function (r) {
		return r.cells[col].textContent;
	});
	var idx = list.map(function (_, i) { return i; });
	idx.sort(function (a, b) {
		return (key[a] < key[b] ? -dir : key[a] > key[b] ? dir : 0) ||
			a - b;
	});
	idx.forEach(function (i) { tb.appendChild(list[i]); });
	table.querySelectorAll('th[data-col]').forEach(function (h) {
		h.removeAttribute('aria-sort');
	});
	th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
}
setup();
apply();
$('df').hidden = false;
doc.documentElement.setAttribute('data-irready', 'ready');
})();
