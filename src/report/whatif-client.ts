/**
 * The what-if panel's script, inlined as text (plain ES2017, no dependency). It starts the engine
 * (dist/browser/whatif.js, embedded as text) as a Blob worker so the page stays responsive and works
 * from file://, falling back to running it in the page where workers cannot start. Every change goes
 * to the engine; the reply (WhatIfView) repaints the headline, charts, map colours, community table
 * and details panel, the categories, quotas, indicators and sensitivity sections, the badge and the
 * before/after diff. `window.lifecircle.whatIf` is the scripting hook.
 * Data-derived text enters the page only through textContent; chart markup comes from the report's
 * own renderers, which escape it.
 */
export const WHATIF_SCRIPT = String.raw`(function () {
  'use strict';
  var meta = JSON.parse(document.getElementById('lc-whatif-meta').textContent);
  var stateText = document.getElementById('lc-whatif-state').textContent;
  var engineText = document.getElementById('lc-whatif-engine').textContent;
  var svg = document.getElementById('map');
  var frame = svg.closest('.map-frame') || svg.parentNode;
  var side = document.querySelector('.map-side');
  side.insertBefore(document.getElementById('lc-whatif-panel').content.cloneNode(true), side.firstChild);
  var $ = function (id) { return document.getElementById(id); };
  var NS = 'http://www.w3.org/2000/svg';
  var plane = meta.plane;
  var colourOf = {};
  meta.categories.forEach(function (c) {
    colourOf[c.id] = c.colour;
    var o = document.createElement('option');
    o.value = c.id; o.textContent = c.label;
    $('wi-category').appendChild(o);
  });
  var nav = document.querySelector('header nav');
  if (nav) { var a = document.createElement('a'); a.href = '#whatif'; a.textContent = '情景模拟 What-if'; nav.appendChild(a); }

  // The engine: a worker from the embedded text; in the page itself if a worker cannot start.
  var call, seq = 0, pending = {};
  function inPage() {
    if (!window.LifecircleWhatIf) (0, eval)(engineText);
    call = function (req) { return new Promise(function (res) { res(window.LifecircleWhatIf.handle(req)); }); };
  }
  function viaWorker() {
    var worker = new Worker(URL.createObjectURL(new Blob([engineText], { type: 'text/javascript' })));
    worker.onmessage = function (e) {
      var p = pending[e.data.seq]; delete pending[e.data.seq];
      if (e.data.ok) p.resolve(e.data.view); else p.reject(new Error(e.data.error));
    };
    worker.onerror = function (e) {
      Object.keys(pending).forEach(function (k) { pending[k].reject(new Error(e.message || 'the what-if worker failed')); delete pending[k]; });
    };
    call = function (req) {
      return new Promise(function (resolve, reject) { seq++; pending[seq] = { resolve: resolve, reject: reject }; worker.postMessage({ seq: seq, req: req }); });
    };
  }
  var view = null, baseView = null, baseFacilities = [];
  var ready = new Promise(function (resolve, reject) {
    try { viaWorker(); } catch (err) { inPage(); }
    // The state goes as text: the worker parses it, not the page.
    var init = function () { return call({ op: 'init', state: stateText }); };
    init().catch(function () { inPage(); return init(); }).then(resolve, reject);
  }).then(function (v) {
    baseView = view = v;
    baseFacilities = v.facilities.map(function (f) { return { id: f.id, lon: f.lon, lat: f.lat }; });
    $('wi-status').textContent = '✓ ready 就绪';
    return v;
  });
  ready.catch(function (err) { $('wi-status').textContent = '✗ ' + err.message; });
  // Changes run one after another, in the order asked.
  var queue = ready;
  function run(req) {
    var p = queue.then(function () { return call(req); }).then(function (v) { view = v; paint(v); return v; });
    queue = p.catch(function () {});
    p.catch(function (err) { $('wi-status').textContent = '✗ ' + err.message; });
    return p;
  }

  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (text !== undefined && text !== null) n.textContent = String(text);
    if (cls) n.className = cls;
    return n;
  }
  function pct(x) { return Math.round(x * 100) + '%'; }

  // Map units <-> screen and degrees: the SVG's viewBox is the view in projected metres (y down).
  function toMap(lon, lat) { return [(lon - plane.lon0) * plane.kx, -(lat - plane.lat0) * plane.ky]; }
  function toLonLat(x, y) { return [x / plane.kx + plane.lon0, -y / plane.ky + plane.lat0]; }
  function clientToMap(cx, cy) {
    var p = svg.createSVGPoint(); p.x = cx; p.y = cy;
    p = p.matrixTransform(svg.getScreenCTM().inverse());
    return [p.x, p.y];
  }
  function unitsPerPixel() { var m = svg.getScreenCTM(); return m ? 1 / m.a : 1; }

  var overlay = document.createElementNS(NS, 'g');
  overlay.setAttribute('id', 'layer-whatif');
  function ensureOverlay() { if (overlay.parentNode !== svg) svg.appendChild(overlay); }
  function drawOverlay() {
    ensureOverlay();
    while (overlay.firstChild) overlay.removeChild(overlay.firstChild);
    if (!view) return;
    var upp = unitsPerPixel(), r = 6 * upp, present = {};
    view.facilities.forEach(function (f) { present[f.id] = f; });
    // Analysed facilities the scenario removed or moved: struck out where they stood.
    baseFacilities.forEach(function (f) {
      var now = present[f.id];
      if (now && now.state === 'base') return;
      var xy = toMap(f.lon, f.lat), path = document.createElementNS(NS, 'path');
      path.setAttribute('d', 'M' + (xy[0] - r) + ' ' + (xy[1] - r) + 'L' + (xy[0] + r) + ' ' + (xy[1] + r) + 'M' + (xy[0] - r) + ' ' + (xy[1] + r) + 'L' + (xy[0] + r) + ' ' + (xy[1] - r));
      path.setAttribute('data-removed', f.id);
      overlay.appendChild(path);
    });
    view.facilities.forEach(function (f) {
      if (f.state === 'base') return;
      var xy = toMap(f.lon, f.lat), c = document.createElementNS(NS, 'circle');
      c.setAttribute('cx', xy[0]); c.setAttribute('cy', xy[1]); c.setAttribute('r', r);
      c.setAttribute('stroke', colourOf[f.category] || '#333');
      c.setAttribute('data-id', f.id); c.setAttribute('class', 'wi-' + f.state);
      var t = document.createElementNS(NS, 'title'); t.textContent = (f.name || f.id) + ' (' + f.state + ')';
      c.appendChild(t);
      overlay.appendChild(c);
    });
  }
  new MutationObserver(drawOverlay).observe(svg, { attributes: true, attributeFilter: ['viewBox'] });
  window.addEventListener('resize', drawOverlay);

  function recolour(statuses) {
    if (window.lifecircleMap && window.lifecircleMap.recolour) { window.lifecircleMap.recolour(statuses); return; }
    var shapes = svg.querySelectorAll('path.community');
    for (var i = 0; i < shapes.length; i++) {
      var s = shapes[i], k = Number(s.getAttribute('data-i'));
      meta.statuses.forEach(function (st) { s.classList.remove('st-' + st[0]); });
      s.classList.add('st-' + statuses[k]);
    }
  }

  var rowsByIndex = null;
  function paintTable(v) {
    if (!rowsByIndex) {
      rowsByIndex = {};
      var rows = document.querySelectorAll('#community-table tbody tr');
      for (var i = 0; i < rows.length; i++) rowsByIndex[rows[i].getAttribute('data-i')] = rows[i];
    }
    v.communities.forEach(function (c, i) {
      var row = rowsByIndex[i];
      if (!row) return;
      row.setAttribute('data-status', c[0]);
      var sw = row.cells[0].querySelector('.swatch');
      if (sw) sw.className = 'swatch st-' + c[0];
      // Columns: name, id, kind, zone, street, population, one per level, lacking, one lack list per level.
      var L = c[1].length;
      c[1].forEach(function (val, k) {
        var cell = row.cells[6 + k];
        cell.setAttribute('data-v', val);
        cell.className = val === 1 ? 'yes' : val === 0 ? 'no' : '';
        cell.textContent = val === 1 ? '✓ yes' : val === 0 ? '✗ no' : 'n/a';
      });
      row.cells[6 + L].setAttribute('data-v', c[2]);
      row.cells[6 + L].textContent = c[2] < 0 ? 'n/a' : c[2];
      c[3].forEach(function (text, k) { row.cells[7 + L + k].textContent = text; });
    });
  }

  function paintHeadline(v) {
    var cards = document.querySelector('#headline .cards');
    if (cards) {
      cards.textContent = '';
      v.attainment.forEach(function (k) {
        if (!k.communities) return;
        var card = el('div', null, 'card'), counts = v.statusCounts[k.kind];
        card.appendChild(el('h3', meta.kinds[k.kind] + ': ' + k.communities));
        var ul = el('ul', null, 'status-list');
        meta.statuses.forEach(function (s) {
          if (s[0] === 'na' && !counts.na) return;
          var li = el('li'); li.appendChild(el('span', null, 'swatch st-' + s[0]));
          li.appendChild(el('b', counts[s[0]])); li.appendChild(document.createTextNode(' ' + s[1]));
          ul.appendChild(li);
        });
        card.appendChild(ul);
        cards.appendChild(card);
      });
    }
    replaceChart('#headline .bars', v.headlineChart);
    // The lack sentence and the categories, quotas, indicators and sensitivity sections, whole.
    v.sections.forEach(function (markup) {
      var holder = document.createElement('div');
      holder.innerHTML = markup;
      var fresh = holder.firstElementChild, old = fresh && document.getElementById(fresh.id);
      if (old) old.parentNode.replaceChild(fresh, old);
    });
    if (window.lifecircleReport) window.lifecircleReport.setDetails(v.details);
  }
  function replaceChart(selector, markup) {
    var old = document.querySelector(selector);
    if (!old) return;
    var holder = document.createElement('div');
    holder.innerHTML = markup;
    old.parentNode.replaceChild(holder.firstElementChild, old);
  }

  function paintDiff(v) {
    var box = $('wi-diff');
    box.textContent = '';
    if (!v.changeCount) return;
    var table = el('table'), head = el('tr');
    ['', '现状 Before', '情景 Scenario', '目标 Target', '±'].forEach(function (h) { head.appendChild(el('th', h)); });
    table.appendChild(head);
    v.attainment.forEach(function (k, ki) {
      if (!k.scored) return;
      var b = baseView.attainment[ki];
      meta.levelIds.forEach(function (level) {
        var d = (v.diff[k.kind] || {})[level] || { gained: [], lost: [] };
        var tr = el('tr');
        tr.appendChild(el('td', meta.kinds[k.kind] + ' · ' + meta.levels[level]));
        tr.appendChild(el('td', b.attained[level] + '/' + b.scored + ' (' + pct(b.share[level]) + ')'));
        tr.appendChild(el('td', k.attained[level] + '/' + k.scored + ' (' + pct(k.share[level]) + ')'));
        var target = k.targets[level];
        tr.appendChild(el('td', target === undefined ? '–' : pct(target) + (k.needed[level] ? ', ' + k.needed[level] + ' more 尚差' : ' ✓ met 达标')));
        var delta = el('td');
        if (d.gained.length) delta.appendChild(el('span', '+' + d.gained.length + ' ', 'up'));
        if (d.lost.length) delta.appendChild(el('span', '−' + d.lost.length, 'down'));
        var names = d.gained.map(function (i) { return '+ ' + meta.communityNames[i]; }).concat(d.lost.map(function (i) { return '− ' + meta.communityNames[i]; }));
        if (names.length) delta.title = names.join('\n');
        tr.appendChild(delta);
        table.appendChild(tr);
      });
    });
    box.appendChild(table);
    var list = [];
    Object.keys(v.diff).forEach(function (kind) { meta.levelIds.forEach(function (level) {
      var d = v.diff[kind][level];
      if (!d) return;
      d.gained.forEach(function (i) { list.push('+ ' + meta.communityNames[i] + ' ' + meta.levels[level]); });
      d.lost.forEach(function (i) { list.push('− ' + meta.communityNames[i] + ' ' + meta.levels[level]); });
    }); });
    if (list.length) box.appendChild(el('p', list.join('; '), 'muted'));
    box.appendChild(el('p', 'The headline, map, categories, quotas, indicators, sensitivity, community table and details show the scenario; the rules, diagnostics and method stay as analysed. 上述各节显示情景结果，规则、诊断与方法为现状。', 'muted'));
  }

  function paint(v) {
    $('wi-undo').disabled = !v.canUndo;
    $('wi-redo').disabled = !v.canRedo;
    $('wi-reset').disabled = !v.changeCount;
    $('wi-export').disabled = !v.changeCount;
    var badge = $('wi-badge');
    badge.textContent = v.changeCount ? '情景 Scenario · ' + v.changeCount + ' change' + (v.changeCount > 1 ? 's' : '') : '现状 As analysed';
    badge.classList.toggle('on', v.changeCount > 0);
    document.body.classList.toggle('scenario', v.changeCount > 0);
    $('wi-status').textContent = '✓ recomputed in 重算用时 ' + v.ms.toFixed(0) + ' ms';
    recolour(v.communities.map(function (c) { return c[0]; }));
    paintTable(v);
    paintHeadline(v);
    paintDiff(v);
    drawOverlay();
    paintSites(v);
  }

  // Pointer handling: add on a click, move by dragging a facility, remove on a click on one.
  function tool() { return document.querySelector('input[name="wi-tool"]:checked').value; }
  var tools = document.querySelectorAll('input[name="wi-tool"]');
  for (var t = 0; t < tools.length; t++) tools[t].addEventListener('change', function () {
    frame.classList.remove('wi-add', 'wi-move', 'wi-remove');
    if (tool() !== 'browse') frame.classList.add('wi-' + tool());
  });
  function nearestFacility(cx, cy) {
    if (!view) return null;
    var p = clientToMap(cx, cy), upp = unitsPerPixel(), best = null, bestD = 10 * upp;
    view.facilities.forEach(function (f) {
      var xy = toMap(f.lon, f.lat), d = Math.hypot(xy[0] - p[0], xy[1] - p[1]);
      if (d <= bestD) { best = f; bestD = d; }
    });
    return best;
  }
  var press = null;
  frame.addEventListener('pointerdown', function (e) {
    if (e.button !== 0 || tool() === 'browse' || !e.target.closest || e.target.closest('.map-buttons')) return;
    var hit = tool() === 'add' ? null : nearestFacility(e.clientX, e.clientY);
    press = { x: e.clientX, y: e.clientY, hit: hit, ghost: null };
    if (hit && tool() === 'move') {
      // The map must not pan while a facility is dragged.
      e.stopPropagation(); e.preventDefault();
      frame.setPointerCapture(e.pointerId);
    }
  }, true);
  frame.addEventListener('pointermove', function (e) {
    if (!press || !press.hit || tool() !== 'move') return;
    e.stopPropagation();
    var p = clientToMap(e.clientX, e.clientY);
    if (!press.ghost) {
      ensureOverlay();
      press.ghost = document.createElementNS(NS, 'circle');
      press.ghost.setAttribute('class', 'ghost'); press.ghost.setAttribute('r', 6 * unitsPerPixel());
      press.ghost.setAttribute('stroke', colourOf[press.hit.category] || '#333');
      overlay.appendChild(press.ghost);
    }
    press.ghost.setAttribute('cx', p[0]); press.ghost.setAttribute('cy', p[1]);
  }, true);
  frame.addEventListener('pointerup', function (e) {
    if (!press) return;
    var p = press; press = null;
    var still = Math.abs(e.clientX - p.x) + Math.abs(e.clientY - p.y) <= 3;
    var ll = toLonLat.apply(null, clientToMap(e.clientX, e.clientY));
    if (tool() === 'add' && still) api.add({ category: $('wi-category').value, lon: ll[0], lat: ll[1] });
    else if (tool() === 'remove' && still && p.hit) api.remove(p.hit.id);
    else if (tool() === 'move' && p.hit) {
      e.stopPropagation();
      if (p.ghost) p.ghost.parentNode.removeChild(p.ghost);
      if (!still) api.move(p.hit.id, ll[0], ll[1]);
    }
  }, true);

  function files(v) {
    return {
      add: JSON.stringify(v.scenario.add, null, 1) + '\n',
      remove: JSON.stringify(v.scenario.remove) + '\n',
    };
  }
  function download(name, text) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
  }
  $('wi-undo').addEventListener('click', function () { run({ op: 'undo' }); });
  $('wi-redo').addEventListener('click', function () { run({ op: 'redo' }); });
  $('wi-reset').addEventListener('click', function () { run({ op: 'reset' }); });
  $('wi-export').addEventListener('click', function () {
    var f = files(view);
    download('scenario-add.geojson', f.add);
    download('scenario-remove.json', f.remove);
    $('wi-status').textContent = 'lifecircle analyze … --add scenario-add.geojson --remove scenario-remove.json';
  });
  // Import: a GeoJSON FeatureCollection adds, a JSON array (or text, one id a line) removes.
  $('wi-import').addEventListener('change', function (e) {
    var list = Array.prototype.slice.call(e.target.files);
    Promise.all(list.map(function (f) { return f.text(); })).then(function (texts) {
      var add = [], remove = [];
      texts.forEach(function (text) {
        var s = text.trim(), obj = null;
        if (s.charAt(0) === '{' || s.charAt(0) === '[') obj = JSON.parse(s);
        if (obj && obj.type === 'FeatureCollection') add = add.concat(obj.features);
        else if (Array.isArray(obj)) remove = remove.concat(obj);
        else s.split(/\r?\n/).map(function (l) { return l.trim(); }).filter(function (l, i) { return l && l.charAt(0) !== '#' && !(i === 0 && l.toLowerCase() === 'id'); })
          .forEach(function (l) { remove.push(l); });
      });
      return run({ op: 'load', add: add, remove: remove });
    }).catch(function (err) { $('wi-status').textContent = '✗ ' + err.message; });
    e.target.value = '';
  });

  // plan's suggested sites: open them all as a scenario, then keep or drop each.
  var siteBox = $('wi-site-list');
  if (meta.sites.length) {
    $('wi-sites').hidden = false;
    $('wi-sites').addEventListener('click', function () {
      run({ op: 'load', add: meta.sites.map(function (s) {
        return { type: 'Feature', properties: { id: s.id, category: s.category, name: '#' + s.rank + ' ' + s.id }, geometry: { type: 'Point', coordinates: [s.lon, s.lat] } };
      }), remove: [] });
      siteBox.hidden = false;
    });
  }
  function paintSites(v) {
    if (!meta.sites.length || siteBox.hidden) return;
    var present = {};
    v.facilities.forEach(function (f) { present[f.id] = f; });
    siteBox.textContent = '';
    meta.sites.forEach(function (s) {
      var label = el('label'), box = el('input');
      box.type = 'checkbox'; box.checked = !!present[s.id]; box.setAttribute('data-site', s.id);
      box.addEventListener('change', function () {
        if (box.checked) api.add({ category: s.category, lon: s.lon, lat: s.lat, id: s.id });
        else api.remove(s.id);
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(' #' + s.rank + ' ' + s.id + (box.checked ? ' · 采纳 accepted' : ' · 否决 rejected')));
      siteBox.appendChild(label);
    });
  }

  function result(v) { return { attainment: v.attainment }; }
  var api = {
    add: function (f) {
      return run({ op: 'add', facility: f }).then(function (v) {
        var out = result(v); out.id = v.facilities[v.facilities.length - 1].id; return out;
      });
    },
    move: function (id, lon, lat) { return run({ op: 'move', id: String(id), lon: lon, lat: lat }).then(result); },
    remove: function (id) { return run({ op: 'remove', id: String(id) }).then(result); },
    undo: function () { return run({ op: 'undo' }).then(result); },
    redo: function () { return run({ op: 'redo' }).then(result); },
    reset: function () { return run({ op: 'reset' }).then(result); },
    load: function (add, remove) { return run({ op: 'load', add: add || [], remove: remove || [] }).then(result); },
    summary: function () { return queue.then(function () { return result(view); }); },
    /** The scenario as the files analyze --add/--remove read. */
    scenario: function () { return queue.then(function () { return view.scenario; }); },
    ready: ready.then(function () { return true; }),
  };
  window.lifecircle = window.lifecircle || {};
  window.lifecircle.whatIf = api;
})();`;
