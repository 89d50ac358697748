/**
 * The report page's script, inlined as text: pan and zoom of the SVG map, layer switches, the
 * community details panel, and sorting and searching the community table. Plain ES2017 DOM code with
 * no dependency, so the page works from disk without a network. Data-derived text enters the page
 * only through textContent, never as markup.
 */
export const REPORT_SCRIPT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('lc-data').textContent);
  var svg = document.getElementById('map');
  var home = svg.getAttribute('viewBox').split(' ').map(Number);
  var view = home.slice();
  var circles = svg.querySelectorAll('circle');
  // Indexed by data-i for good: selecting moves a shape to the top of its layer, not in this list.
  var shapes = Array.prototype.slice.call(svg.querySelectorAll('path.community'));
  var scaleBar = document.getElementById('scale-bar');
  var scaleText = document.getElementById('scale-text');

  function unitsPerPixel() {
    var r = svg.getBoundingClientRect();
    return Math.max(view[2] / Math.max(r.width, 1), view[3] / Math.max(r.height, 1));
  }
  function apply() {
    svg.setAttribute('viewBox', view.join(' '));
    var upp = unitsPerPixel();
    // Dots shrink on a crowded whole-city view and grow back as the reader zooms in.
    var base = circles.length > 1000 ? 1.75 : circles.length > 300 ? 2.5 : 3.5;
    var r = String(Math.min(3.5, base * Math.sqrt(home[2] / view[2])) * upp);
    for (var i = 0; i < circles.length; i++) circles[i].setAttribute('r', r);
    var target = 110 * upp, step = Math.pow(10, Math.floor(Math.log10(target))), len = step;
    if (5 * step <= target) len = 5 * step; else if (2 * step <= target) len = 2 * step;
    scaleBar.style.width = (len / upp) + 'px';
    scaleText.textContent = len >= 1000 ? (len / 1000) + ' km' : len + ' m';
  }
  function toMap(clientX, clientY) {
    var p = svg.createSVGPoint();
    p.x = clientX; p.y = clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  function zoomAt(cx, cy, factor) {
    var w = Math.min(Math.max(view[2] * factor, home[2] / 400), home[2] * 4);
    var f = w / view[2];
    view = [cx - (cx - view[0]) * f, cy - (cy - view[1]) * f, view[2] * f, view[3] * f];
    apply();
  }
  svg.addEventListener('wheel', function (e) {
    e.preventDefault();
    var p = toMap(e.clientX, e.clientY);
    zoomAt(p.x, p.y, Math.exp(e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)));
  }, { passive: false });

  var drag = null;
  svg.addEventListener('pointerdown', function (e) {
    if (e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, view: view.slice(), upp: unitsPerPixel(), moved: false, target: e.target };
    svg.setPointerCapture(e.pointerId);
  });
  svg.addEventListener('pointermove', function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    if (!drag.moved) return;
    view = [drag.view[0] - dx * drag.upp, drag.view[1] - dy * drag.upp, drag.view[2], drag.view[3]];
    apply();
  });
  svg.addEventListener('pointerup', function () {
    if (drag && !drag.moved) {
      var t = drag.target;
      if (t && t.classList && t.classList.contains('community')) select(Number(t.getAttribute('data-i')), false);
    }
    drag = null;
  });
  document.getElementById('zoom-in').addEventListener('click', function () { zoomAt(view[0] + view[2] / 2, view[1] + view[3] / 2, 1 / 1.6); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoomAt(view[0] + view[2] / 2, view[1] + view[3] / 2, 1.6); });
  document.getElementById('zoom-home').addEventListener('click', function () { view = home.slice(); apply(); });
  window.addEventListener('resize', apply);

  var toggles = document.querySelectorAll('input[data-layer]');
  for (var k = 0; k < toggles.length; k++) {
    toggles[k].addEventListener('change', function (e) {
      var box = e.target;
      document.getElementById('layer-' + box.getAttribute('data-layer')).style.display = box.checked ? '' : 'none';
      // With any coverage area shown, the communities fade so the area stands out.
      svg.classList.toggle('covering', document.querySelectorAll('input[data-layer^="cov-"]:checked').length > 0);
    });
  }

  var panel = document.getElementById('details');
  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (text !== undefined && text !== null) n.textContent = String(text);
    if (cls) n.className = cls;
    return n;
  }
  function catName(id) { return data.categories[id] || id; }
  var selected = -1;
  function select(i, zoom) {
    if (selected >= 0) shapes[selected].classList.remove('selected');
    selected = i;
    var shape = shapes[i];
    shape.classList.add('selected');
    shape.parentNode.appendChild(shape);
    if (zoom) {
      var b = shape.getBBox(), size = Math.max(b.width, b.height, home[2] / 25) * 3;
      view = [b.x + b.width / 2 - size / 2, b.y + b.height / 2 - size / 2 * (view[3] / view[2]), size, size * (view[3] / view[2])];
      apply();
    }
    var c = data.communities[i];
    panel.parentNode.scrollTop = 0;
    panel.textContent = '';
    panel.appendChild(el('h3', c.name));
    var facts = el('p', [c.id, data.kinds[c.kind], c.zone ? data.zones[c.zone] : null, c.street].filter(Boolean).join(' · '), 'muted');
    panel.appendChild(facts);
    panel.appendChild(el('p', data.status[c.status], 'badge st-' + c.status));
    if (c.population !== null) panel.appendChild(el('p', '人口 Population: ' + c.population));
    if (c.missingConvenient.length) panel.appendChild(el('p', '便民缺项 Lacks for convenient: ' + c.missingConvenient.map(catName).join('; '), 'lack'));
    if (c.missingQuality.length) panel.appendChild(el('p', '优质缺项 Lacks for quality: ' + c.missingQuality.map(catName).join('; '), 'lack'));
    if (c.rules.length) {
      var table = el('table', null, 'rules-mini');
      var head = el('tr');
      ['类别 Category', '标准 Rule', '覆盖 Covered', '中位 Median'].forEach(function (h) { head.appendChild(el('th', h)); });
      table.appendChild(head);
      // Unmet rules first: what the community lacks is the question.
      var order = c.rules.map(function (r, k) { return k; }).sort(function (a, b) { return (c.rules[a][5] - c.rules[b][5]) || (a - b); });
      order.forEach(function (k) {
        var r = c.rules[k];
        var tr = el('tr', null, r[5] ? 'met' : 'unmet');
        var name = el('td', catName(r[0]));
        name.appendChild(el('span', data.levels[r[1]], 'level'));
        tr.appendChild(name);
        tr.appendChild(el('td', r[2] + ' ≥' + r[3], 'nw'));
        tr.appendChild(el('td', (r[5] ? '✓ ' : '✗ ') + r[4], 'nw'));
        tr.appendChild(el('td', r[6], 'nw'));
        table.appendChild(tr);
      });
      panel.appendChild(table);
    }
  }

  var table = document.getElementById('community-table');
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
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
    select(Number(b.closest('tr').getAttribute('data-i')), true);
    document.getElementById('map-section').scrollIntoView();
  });
  filter();
  apply();
})();`;
