/**
 * The report page's script, inlined as text after the map's (map-client.ts): the community details
 * panel, and sorting and searching the community table. Plain ES2017 DOM code with
 * no dependency, so the page works from disk without a network. Data-derived text enters the page
 * only through textContent, never as markup.
 */
export const REPORT_SCRIPT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('lc-data').textContent);
  var panel = document.getElementById('details');
  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (text !== undefined && text !== null) n.textContent = String(text);
    if (cls) n.className = cls;
    return n;
  }
  function catName(id) { return data.categories[id] || id; }
  // The map (map-client.ts) announces a selection; the details panel and the table follow it.
  document.addEventListener('lifecircle:select', function (e) { show(e.detail.index); });
  var current = null;
  // A what-if (whatif-client.ts) hands over the scenario's details; the open panel is drawn again from them.
  window.lifecircleReport = {
    setDetails: function (d) {
      data.rules = d.rules;
      data.communities = d.communities;
      if (current !== null) show(current, true);
    },
  };
  function show(i, refresh) {
    var c = data.communities[i];
    current = i;
    if (!refresh) panel.parentNode.scrollTop = 0;
    panel.textContent = '';
    panel.appendChild(el('h3', c.name));
    var facts = el('p', [c.id, data.kinds[c.kind], c.zone ? data.zones[c.zone] : null, c.street].filter(Boolean).join(' · '), 'muted');
    panel.appendChild(facts);
    // The map's colour, which a what-if may have changed since the page was written.
    var st = window.lifecircleMap ? window.lifecircleMap.status(i) : c.status;
    panel.appendChild(el('p', data.status[st], 'badge st-' + st));
    if (c.population !== null) panel.appendChild(el('p', '人口 Population: ' + c.population));
    // Per level, lowest first: [level id, categories lacking].
    c.missing.forEach(function (m) {
      if (m[1].length) panel.appendChild(el('p', '缺项 Lacks for ' + m[0] + ' (' + (data.levels[m[0]] || m[0]) + '): ' + m[1].map(catName).join('; '), 'lack'));
    });
    if (c.rules.length) {
      var table = el('table', null, 'rules-mini');
      var head = el('tr');
      ['类别 Category', '标准 Rule', '覆盖 Covered', '中位 Median'].forEach(function (h) { head.appendChild(el('th', h)); });
      table.appendChild(head);
      // Unmet rules first: what the community lacks is the question.
      // Per rule [rule index, share %, met, median min (null: not measured, -1: unreachable)]; the rule itself is data.rules[index] = [category, level, threshold, min share].
      var order = c.rules.map(function (r, k) { return k; }).sort(function (a, b) { return (c.rules[a][2] - c.rules[b][2]) || (a - b); });
      order.forEach(function (k) {
        var r = c.rules[k], rule = data.rules[r[0]];
        var tr = el('tr', null, r[2] ? 'met' : 'unmet');
        var name = el('td', catName(rule[0]));
        name.appendChild(el('span', data.levels[rule[1]], 'level'));
        tr.appendChild(name);
        tr.appendChild(el('td', rule[2] + ' ≥' + rule[3], 'nw'));
        tr.appendChild(el('td', (r[2] ? '✓ ' : '✗ ') + (typeof r[1] === 'string' ? r[1] : r[1] + '%'), 'nw'));
        tr.appendChild(el('td', r[3] === null ? '–' : r[3] < 0 ? 'none 不可达' : r[3] + ' min', 'nw'));
        table.appendChild(tr);
      });
      panel.appendChild(table);
    }
    // On a phone the panel sits below the map: bring it up far enough to be read, the map staying in view where it fits.
    if (refresh) return;
    var box = panel.getBoundingClientRect();
    if (box.top > window.innerHeight - 150 || box.bottom < 0) panel.scrollIntoView({ block: box.height > window.innerHeight ? 'start' : 'nearest' });
  }

  var table = document.getElementById('community-table');
  var body = table.tBodies[0];
  // The rows are built here from the embedded data rather than written as markup: on a city the
  // table's HTML repeated the data (names, streets, what each lacks in words) at 2 MB.
  var MARK = { yes: ['1', 'yes', '✓ yes'], no: ['0', 'no', '✗ no'], na: ['-1', null, 'n/a'] };
  var fragment = document.createDocumentFragment();
  var rows = data.communities.map(function (c, i) {
    var tr = el('tr');
    tr.setAttribute('data-i', String(i));
    tr.setAttribute('data-status', c.status);
    var name = el('td');
    name.appendChild(el('span', null, 'swatch st-' + c.status));
    name.appendChild(document.createTextNode(c.name));
    tr.appendChild(name);
    tr.appendChild(el('td', c.id));
    tr.appendChild(el('td', data.kinds[c.kind]));
    tr.appendChild(el('td', c.zone ? data.zones[c.zone] : ''));
    tr.appendChild(el('td', c.street || ''));
    var pop = el('td', c.population === null ? '–' : c.population, 'num');
    pop.setAttribute('data-v', c.population === null ? '-1' : c.population.replace(/,/g, ''));
    tr.appendChild(pop);
    // One yes/no column per level of the standard, lowest first, then what the community lacks.
    var attained = c.attained || [];
    data.levelIds.forEach(function (id, k) {
      var m = attained[k] === null || attained[k] === undefined ? 'na' : attained[k] ? 'yes' : 'no';
      var td = el('td', MARK[m][2], MARK[m][1]);
      td.setAttribute('data-v', MARK[m][0]);
      tr.appendChild(td);
    });
    var lackingBy = {};
    c.missing.forEach(function (m) { m[1].forEach(function (x) { lackingBy[x] = 1; }); });
    var lacking = c.status === 'na' ? -1 : Object.keys(lackingBy).length;
    var count = el('td', lacking < 0 ? 'n/a' : lacking, 'num');
    count.setAttribute('data-v', String(lacking));
    tr.appendChild(count);
    data.levelIds.forEach(function (id) {
      var m = c.missing.filter(function (x) { return x[0] === id; })[0];
      tr.appendChild(el('td', m ? m[1].map(catName).join('; ') : '', 'lack'));
    });
    var cell = el('td'), locate = el('button', '◎', 'locate');
    locate.type = 'button';
    locate.title = 'Show on map 地图定位';
    cell.appendChild(locate);
    tr.appendChild(cell);
    fragment.appendChild(tr);
    return tr;
  });
  body.appendChild(fragment);
  var search = document.getElementById('table-search');
  var statusFilter = document.getElementById('table-status');
  var shown = document.getElementById('table-shown');
  function filter() {
    var q = search.value.trim().toLowerCase(), st = statusFilter.value, n = 0;
    rows.forEach(function (r) {
      var ok = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) && (!st || r.getAttribute('data-status') === st);
      r.style.display = ok ? '' : 'none';
      if (ok) n++;
    });
    shown.textContent = n + ' / ' + rows.length;
  }
  search.addEventListener('input', filter);
  statusFilter.addEventListener('change', filter);
  var heads = table.tHead.rows[0].cells;
  for (var h = 0; h < heads.length; h++) {
    (function (col, th) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        for (var j = 0; j < heads.length; j++) heads[j].removeAttribute('aria-sort');
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var numeric = th.getAttribute('data-type') === 'num';
        rows.sort(function (a, b) {
          var x = a.cells[col], y = b.cells[col], d;
          if (numeric) d = Number(x.getAttribute('data-v')) - Number(y.getAttribute('data-v'));
          else d = x.textContent.localeCompare(y.textContent, 'zh-CN');
          if (d === 0) d = Number(a.getAttribute('data-i')) - Number(b.getAttribute('data-i'));
          return asc ? d : -d;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    })(h, heads[h]);
  }
  body.addEventListener('click', function (e) {
    var b = e.target.closest('button.locate');
    if (!b) return;
    document.getElementById('map-section').scrollIntoView();
    window.lifecircleMap.select(Number(b.closest('tr').getAttribute('data-i')), true);
  });
  filter();
})();`;
