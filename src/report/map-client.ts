/**
 * The map's page script, inlined as text, and the one place the map's state lives: the view (pan and
 * zoom of the SVG's viewBox), the communities' colours, and the facility and coverage layers, which
 * it draws on a canvas over the SVG from the compact data in `lc-map` (see map-data.ts). Where there
 * are more facilities on screen than a reader can tell apart, nearby ones are drawn as one numbered
 * disc per cell of the screen (clustered); zooming in parts them into single markers.
 *
 * Other page scripts (the report's details and table, the plan's sites, a what-if panel) use the
 * map only through `window.lifecircleMap` (documented at the object below) and the
 * `lifecircle:select` event. Plain ES2017 DOM code with no dependency; no data text becomes markup.
 */
export const MAP_SCRIPT = String.raw`(function () {
  'use strict';
  var md = JSON.parse(document.getElementById('lc-map').textContent);
  var svg = document.getElementById('map');
  var canvas = document.getElementById('map-canvas');
  var ctx = canvas.getContext('2d');
  var home = md.view.slice();
  var view = home.slice();
  // Indexed by data-i for good: selecting moves a shape to the top of its layer, not in this list.
  var shapes = Array.prototype.slice.call(svg.querySelectorAll('path.community'));
  var statuses = shapes.map(function (s) { return /\bst-(\w+)/.exec(s.getAttribute('class'))[1]; });
  var scaleBar = document.getElementById('scale-bar');
  var scaleText = document.getElementById('scale-text');
  var CLUSTER_CELL_PX = 60, SINGLE_AT_MOST = 1500;

  function decode(xy) {
    var out = new Float64Array(xy.length), x = 0, y = 0;
    for (var i = 0; i < xy.length; i += 2) { x += xy[i]; y += xy[i + 1]; out[i] = x / md.scale; out[i + 1] = y / md.scale; }
    return out;
  }
  var layers = {};
  var order = [];
  md.facilities.forEach(function (l) {
    layers[l.id] = { id: l.id, type: 'facilities', category: l.category, label: l.label, colour: l.colour, shape: l.shape, count: l.count, visible: md.facilitiesOn, xy: decode(l.xy) };
    order.push(l.id);
  });
  // A coverage layer's path is built the first time it is shown: a city has 25 of them, and building
  // them all cost most of the page's script time at load.
  function coveragePath(l) {
    if (!l.path) {
      l.path = new Path2D();
      l.rings.forEach(function (ring) {
        var p = decode(ring);
        for (var i = 0; i < p.length; i += 2) { if (i === 0) l.path.moveTo(p[0], p[1]); else l.path.lineTo(p[i], p[i + 1]); }
        l.path.closePath();
      });
      l.rings = null;
    }
    return l.path;
  }
  md.coverage.forEach(function (l) {
    layers[l.id] = { id: l.id, type: 'coverage', category: l.category, label: l.label, colour: l.colour, threshold: l.threshold, visible: false, rings: l.rings, path: null };
    order.push(l.id);
  });
  var extra = [];
  // What the last redraw put on screen: facilities in view, drawn singly, and the clusters standing for the rest.
  var stats = { inView: 0, singles: 0, clusters: 0 };

  // The SVG shows the viewBox centred and scaled to fit (xMidYMid meet); the canvas must agree.
  function transform() {
    var w = svg.clientWidth || 1, h = svg.clientHeight || 1;
    var s = Math.min(w / view[2], h / view[3]);
    return { s: s, ox: (w - view[2] * s) / 2 - view[0] * s, oy: (h - view[3] * s) / 2 - view[1] * s, w: w, h: h };
  }
  function marker(shape, x, y, r) {
    ctx.beginPath();
    if (shape === 'square') ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
    else if (shape === 'triangle') { ctx.moveTo(x, y - r * 1.15); ctx.lineTo(x + r, y + r * 0.75); ctx.lineTo(x - r, y + r * 0.75); ctx.closePath(); }
    else if (shape === 'diamond') { ctx.moveTo(x, y - r * 1.2); ctx.lineTo(x + r * 1.2, y); ctx.lineTo(x, y + r * 1.2); ctx.lineTo(x - r * 1.2, y); ctx.closePath(); }
    else ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  function countText(n) { return n >= 10000 ? Math.round(n / 1000) + 'k' : n >= 1000 ? (n / 1000).toFixed(1) + 'k' : String(n); }

  function draw() {
    var t = transform(), dpr = window.devicePixelRatio || 1;
    var cw = Math.round(t.w * dpr), ch = Math.round(t.h * dpr);
    if (canvas.width !== cw || canvas.height !== ch) { canvas.width = cw; canvas.height = ch; }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, cw, ch);
    // Coverage areas in map units: one transform, then each layer's path as built once.
    ctx.setTransform(dpr * t.s, 0, 0, dpr * t.s, dpr * t.ox, dpr * t.oy);
    ctx.lineWidth = 2 / t.s;
    order.forEach(function (id) {
      var l = layers[id];
      if (l.type !== 'coverage' || !l.visible) return;
      ctx.fillStyle = l.colour; ctx.strokeStyle = l.colour;
      var path = coveragePath(l);
      ctx.globalAlpha = 0.3; ctx.fill(path, 'evenodd');
      ctx.globalAlpha = 0.9; ctx.stroke(path);
    });
    ctx.globalAlpha = 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    // Facilities in screen pixels: those in view, then singly or clustered.
    var on = order.filter(function (id) { return layers[id].type === 'facilities' && layers[id].visible; });
    var inView = [], n = 0;
    on.forEach(function (id) {
      var l = layers[id], xy = l.xy, pts = [];
      for (var i = 0; i < xy.length; i += 2) {
        var x = xy[i] * t.s + t.ox, y = xy[i + 1] * t.s + t.oy;
        if (x >= -8 && y >= -8 && x <= t.w + 8 && y <= t.h + 8) pts.push(x, y);
      }
      n += pts.length / 2;
      inView.push({ l: l, pts: pts });
    });
    var zoom = Math.sqrt(home[2] / view[2]);
    stats = { inView: n, singles: 0, clusters: 0 };
    ctx.strokeStyle = '#222'; ctx.lineWidth = 0.8;
    if (n <= SINGLE_AT_MOST) {
      var r = Math.min(5, (n > 600 ? 2.5 : 3.5) * Math.max(1, zoom / 2));
      inView.forEach(function (v) {
        ctx.fillStyle = v.l.colour;
        for (var i = 0; i < v.pts.length; i += 2) { marker(v.l.shape, v.pts[i], v.pts[i + 1], r); ctx.fill(); ctx.stroke(); }
        stats.singles += v.pts.length / 2;
      });
    } else {
      var cells = new Map();
      inView.forEach(function (v) {
        for (var i = 0; i < v.pts.length; i += 2) {
          var key = Math.floor(v.pts[i] / CLUSTER_CELL_PX) * 100000 + Math.floor(v.pts[i + 1] / CLUSTER_CELL_PX);
          var c = cells.get(key);
          if (!c) { c = { n: 0, x: 0, y: 0, l: v.l, mixed: false }; cells.set(key, c); }
          c.n++; c.x += v.pts[i]; c.y += v.pts[i + 1];
          if (c.l !== v.l) c.mixed = true;
        }
      });
      ctx.font = '600 11px system-ui, sans-serif'; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
      cells.forEach(function (c) {
        var x = c.x / c.n, y = c.y / c.n;
        if (c.n === 1) { ctx.fillStyle = c.l.colour; marker(c.l.shape, x, y, 3); ctx.fill(); ctx.stroke(); stats.singles++; return; }
        stats.clusters++;
        // Small enough to leave the communities visible between the discs.
        var rr = Math.min(17, 6 + 1.6 * Math.log2(c.n));
        // One category switched on: its colour; several: a neutral disc (a dominant colour would mislead).
        ctx.fillStyle = c.mixed ? '#37474f' : c.l.colour;
        ctx.globalAlpha = 0.85; marker('circle', x, y, rr); ctx.fill(); ctx.globalAlpha = 1;
        ctx.strokeStyle = '#fff'; ctx.lineWidth = 1.5; ctx.stroke();
        ctx.fillStyle = !c.mixed && /^#(F0E442|E69F00|56B4E9|CC79A7)$/i.test(c.l.colour) ? '#000' : '#fff';
        ctx.fillText(countText(c.n), x, y);
        ctx.strokeStyle = '#222'; ctx.lineWidth = 0.8;
      });
    }
    // Hypothetical facilities (a what-if panel's): hollow, thick-ringed markers on top.
    ctx.lineWidth = 2.5;
    extra.forEach(function (f) {
      var x = f.x * t.s + t.ox, y = f.y * t.s + t.oy;
      ctx.strokeStyle = '#000'; marker(f.shape, x, y, 7); ctx.stroke();
      ctx.strokeStyle = f.colour; ctx.lineWidth = 1.5; marker(f.shape, x, y, 7); ctx.stroke(); ctx.lineWidth = 2.5;
    });
  }

  function unitsPerPixel() {
    var r = svg.getBoundingClientRect();
    return Math.max(view[2] / Math.max(r.width, 1), view[3] / Math.max(r.height, 1));
  }
  var pending = false;
  function apply() {
    svg.setAttribute('viewBox', view.join(' '));
    var upp = unitsPerPixel();
    var target = 110 * upp, step = Math.pow(10, Math.floor(Math.log10(target))), len = step;
    if (5 * step <= target) len = 5 * step; else if (2 * step <= target) len = 2 * step;
    scaleBar.style.width = (len / upp) + 'px';
    scaleText.textContent = len >= 1000 ? (len / 1000) + ' km' : len + ' m';
    // One canvas redraw per frame however many wheel or pointer events arrive.
    if (!pending) { pending = true; requestAnimationFrame(function () { pending = false; draw(); }); }
  }
  function toMapPoint(clientX, clientY) {
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
    var p = toMapPoint(e.clientX, e.clientY);
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
    document.dispatchEvent(new CustomEvent('lifecircle:select', { detail: { index: i } }));
  }

  // Switches: an SVG layer (streets, sites) by its element, a canvas layer by its entry.
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-layer]'));
  var allBox = document.getElementById('all-facilities');
  function syncBoxes() {
    boxes.forEach(function (b) { var l = layers[b.getAttribute('data-layer')]; if (l) b.checked = l.visible; });
    if (allBox) {
      var fac = order.filter(function (id) { return layers[id].type === 'facilities' && layers[id].count > 0; });
      var onCount = fac.filter(function (id) { return layers[id].visible; }).length;
      allBox.checked = onCount === fac.length && fac.length > 0;
      allBox.indeterminate = onCount > 0 && onCount < fac.length;
    }
    svg.classList.toggle('covering', order.some(function (id) { return layers[id].type === 'coverage' && layers[id].visible; }));
  }
  function setLayer(id, visible) {
    var l = layers[id];
    if (l) l.visible = !!visible;
    else { var g = document.getElementById('layer-' + id); if (g) g.style.display = visible ? '' : 'none'; }
    var box = document.querySelector('input[data-layer="' + id + '"]');
    if (box && !l) box.checked = !!visible;
    syncBoxes();
    apply();
  }
  function setAllFacilities(visible) {
    order.forEach(function (id) { if (layers[id].type === 'facilities') layers[id].visible = !!visible; });
    syncBoxes();
    apply();
  }
  boxes.forEach(function (b) { b.addEventListener('change', function () { setLayer(b.getAttribute('data-layer'), b.checked); }); });
  if (allBox) allBox.addEventListener('change', function () { setAllFacilities(allBox.checked); });

  function toMap(lon, lat) { return [(lon - md.plane[0]) * md.plane[2], -(lat - md.plane[1]) * md.plane[3]]; }

  /**
   * The map's public face, for the page's other scripts:
   *   communityCount; communityId(i); status(i) -> 'quality' | 'convenient' | 'neither' | 'na';
   *   recolour(statuses: array by community index, or { communityId: status });
   *   layers() -> [{ id, type: 'facilities' | 'coverage', category, label, colour, shape?, count?, threshold?, visible }];
   *   setLayer(id, visible); setAllFacilities(visible); setExtraFacilities([{ category, lon, lat }]);
   *   toMap(lon, lat) -> [x, y] map units; select(i, zoom); redraw();
   *   drawn() -> { inView, singles, clusters } of the last redraw.
   */
  var ids = JSON.parse(document.getElementById('lc-data').textContent).communities.map(function (c) { return c.id; });
  var byId = {};
  ids.forEach(function (id, i) { byId[id] = i; });
  window.lifecircleMap = {
    communityCount: shapes.length,
    communityId: function (i) { return ids[i]; },
    status: function (i) { return statuses[i]; },
    recolour: function (next) {
      var list = Array.isArray(next) ? next : null;
      var apply1 = function (i, st) {
        if (i === undefined || !/^(quality|convenient|neither|na)$/.test(st) || statuses[i] === st) return;
        shapes[i].classList.remove('st-' + statuses[i]);
        shapes[i].classList.add('st-' + st);
        statuses[i] = st;
      };
      if (list) list.forEach(function (st, i) { apply1(i, st); });
      else Object.keys(next).forEach(function (id) { apply1(byId[id], next[id]); });
    },
    layers: function () {
      return order.map(function (id) {
        var l = layers[id], o = {};
        ['id', 'type', 'category', 'label', 'colour', 'shape', 'count', 'threshold', 'visible'].forEach(function (k) { if (l[k] !== undefined) o[k] = l[k]; });
        return o;
      });
    },
    setLayer: setLayer,
    setAllFacilities: setAllFacilities,
    setExtraFacilities: function (list) {
      extra = list.map(function (f) {
        var l = order.map(function (id) { return layers[id]; }).filter(function (x) { return x.type === 'facilities' && x.category === f.category; })[0];
        var p = toMap(f.lon, f.lat);
        return { x: p[0], y: p[1], colour: l ? l.colour : '#000', shape: l ? l.shape : 'circle' };
      });
      apply();
    },
    toMap: toMap,
    select: select,
    redraw: apply,
    drawn: function () { return { inView: stats.inView, singles: stats.singles, clusters: stats.clusters }; },
  };
  syncBoxes();
  apply();
})();`;
