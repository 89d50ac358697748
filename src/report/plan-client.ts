/**
 * The suggested-sites part of the report page, added only to a plan report so a report without a plan
 * stays as it was: keeps the site markers at a fixed screen size as the map zooms, and shows a site's
 * details (and outlines the communities it reaches) when its marker or its table row is clicked.
 * Data-derived text enters the page only through textContent.
 */
export const PLAN_SCRIPT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('lc-data').textContent);
  // Per site: [rank, id, category, people newly covered, [[level, newly attaining it], ...], reached];
  // communities by their index into data.communities, or by name when the analysis lacks them.
  var sites = JSON.parse(document.getElementById('lc-sites').textContent);
  var svg = document.getElementById('map');
  var marks = svg.querySelectorAll('g.site > g.mark');
  var panel = document.getElementById('details');

  function scaleMarks() {
    var r = svg.getBoundingClientRect(), v = svg.getAttribute('viewBox').split(' ').map(Number);
    var upp = Math.max(v[2] / Math.max(r.width, 1), v[3] / Math.max(r.height, 1));
    for (var i = 0; i < marks.length; i++) marks[i].setAttribute('transform', 'scale(' + upp + ')');
  }
  // The page script owns the view; every pan and zoom passes through the viewBox attribute.
  new MutationObserver(scaleMarks).observe(svg, { attributes: true, attributeFilter: ['viewBox'] });
  window.addEventListener('resize', scaleMarks);

  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (text !== undefined && text !== null) n.textContent = String(text);
    if (cls) n.className = cls;
    return n;
  }
  function name(c) { return typeof c === 'number' ? data.communities[c].name : c; }
  function clear() {
    var old = svg.querySelectorAll('g.site.selected, path.community.reached');
    for (var i = 0; i < old.length; i++) old[i].classList.remove('selected', 'reached');
  }
  function show(k) {
    clear();
    var s = sites[k];
    var mark = svg.querySelector('g.site[data-site="' + k + '"]');
    mark.classList.add('selected');
    mark.parentNode.appendChild(mark);
    s[5].forEach(function (c) {
      if (typeof c === 'number') svg.querySelector('path.community[data-i="' + c + '"]').classList.add('reached');
    });
    panel.parentNode.scrollTop = 0;
    panel.textContent = '';
    panel.appendChild(el('h3', '#' + s[0] + ' ' + (data.categories[s[2]] || s[2])));
    panel.appendChild(el('p', s[1], 'muted'));
    panel.appendChild(el('p', '建议新址 Suggested site', 'badge site-badge'));
    panel.appendChild(el('p', '新覆盖人口 People newly covered: ' + s[3]));
    s[4].forEach(function (n) {
      panel.appendChild(el('p', '新达 Newly ' + (data.levels[n[0]] || n[0]) + ': ' + (n[1].length ? n[1].map(name).join('; ') : '–')));
    });
    panel.appendChild(el('p', '覆盖社区 Reaches (outlined 虚线): ' + s[5].map(name).join('; '), 'muted'));
  }

  var down = null;
  svg.addEventListener('pointerdown', function (e) {
    var g = e.target.closest ? e.target.closest('g.site') : null;
    down = { site: g ? Number(g.getAttribute('data-site')) : -1, x: e.clientX, y: e.clientY };
  });
  svg.addEventListener('pointerup', function (e) {
    if (down && Math.abs(e.clientX - down.x) + Math.abs(e.clientY - down.y) <= 3) {
      if (down.site >= 0) show(down.site); else clear();
    }
    down = null;
  });
  document.getElementById('site-table').addEventListener('click', function (e) {
    var b = e.target.closest('button.locate-site');
    if (!b) return;
    var box = document.querySelector('input[data-layer="sites"]');
    if (!box.checked) box.click();
    show(Number(b.closest('tr').getAttribute('data-site')));
    document.getElementById('map-section').scrollIntoView();
  });
  scaleMarks();
})();`;
