/** The report page's style, inlined. Only the fonts the reader's system has: no web font, no url(). */
export const REPORT_STYLE = `
:root { --quality: #1b7837; --convenient: #a6dba0; --neither: #e66101; --na: #d0d0d0; --ink: #1f2328; --muted: #5f6b76; --line: #d8dee4; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; color: var(--ink); background: #fff; }
header { padding: 20px 28px 0; border-bottom: 1px solid var(--line); background: var(--bg); }
header h1 { margin: 0 0 4px; font-size: 24px; }
nav { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 10px 0; }
nav a { color: #0b5cad; text-decoration: none; font-size: 14px; }
nav a:hover { text-decoration: underline; }
main { padding: 0 28px 40px; max-width: 1400px; }
section { padding-top: 18px; border-bottom: 1px solid var(--line); padding-bottom: 18px; }
h2 { font-size: 19px; margin: 8px 0 12px; }
h3 { font-size: 15px; margin: 12px 0 6px; }
code { font-size: 13px; }
.muted { color: var(--muted); }
.lead { font-size: 16px; }
.cards { display: flex; flex-wrap: wrap; gap: 16px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 4px 16px 8px; min-width: 280px; background: #fff; }
.status-list { list-style: none; padding: 0; margin: 4px 0; }
.status-list li { margin: 3px 0; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 2px; vertical-align: -2px; margin: 0 6px 0 2px; border: 1px solid rgba(0,0,0,.25); }
.key { display: inline-block; width: 11px; height: 11px; margin: 0 5px 0 2px; border: 1px solid #222; vertical-align: -1px; }
.key-circle { border-radius: 50%; }
.key-diamond { transform: rotate(45deg) scale(.85); }
.key-triangle { border: 0; clip-path: polygon(50% 0, 100% 100%, 0 100%); }
.toggle.all { margin-bottom: 2px; }
.note { font-size: 13px; margin: 4px 0; }
.st-quality { background: var(--quality); fill: var(--quality); }
.st-convenient { background: var(--convenient); fill: var(--convenient); }
.st-neither { background: var(--neither); fill: var(--neither); }
.st-na { background: var(--na); fill: var(--na); }
.street-swatch { background: #9aa4ae; height: 3px; vertical-align: 3px; border: 0; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; }
.badge.st-quality { color: #fff; }
.bars { max-width: 960px; margin: 8px 0; }
.bar-row { display: grid; grid-template-columns: 240px 330px minmax(0, 1fr); gap: 4px 14px; align-items: center; padding: 6px 0; }
.bar-label b, .bar-value b { display: block; font-size: 15px; }
.bar-label .sub, .bar-value .sub { display: block; font-size: 13px; color: var(--muted); }
.bar-value .sub.short { color: #b3261e; }
.bar-value .sub.ok { color: var(--quality); }
.bar-track { position: relative; height: 24px; background: #eef1f4; }
.bar-track.pair { display: flex; flex-direction: column; gap: 1px; height: 29px; background: none; }
.bar-track.pair .bar-fill { position: static; height: 14px; }
.bar-fill { position: absolute; left: 0; top: 0; bottom: 0; display: block; }
.bar-target { position: absolute; top: -5px; bottom: -5px; width: 2px; margin-left: -1px; background: #111; }
.bar-target::before { content: ""; position: absolute; top: -2px; left: -5px; border: 6px solid transparent; border-top-color: #111; border-bottom: 0; }
@media (max-width: 640px) {
  .bar-row { grid-template-columns: 1fr; gap: 3px; padding: 8px 0; border-bottom: 1px solid var(--line); }
}
.legend { font-size: 13px; color: var(--muted); }
.target-key { display: inline-block; width: 2px; height: 14px; background: #111; margin: 0 6px 0 12px; vertical-align: -2px; }
.map-layout { display: grid; grid-template-columns: minmax(0, 1fr) 330px; gap: 16px; }
@media (max-width: 900px) { .map-layout { grid-template-columns: 1fr; } }
.map-frame { position: relative; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; background: #fbfcfd; }
#map { display: block; width: 100%; height: 620px; cursor: grab; touch-action: none; user-select: none; }
#map-canvas { position: absolute; left: 0; top: 0; width: 100%; height: 620px; pointer-events: none; }
@media (max-width: 640px) { #map, #map-canvas { height: 70vh; max-height: 560px; } header, main { padding-left: 12px; padding-right: 12px; } .card { min-width: 0; flex: 1 1 100%; } .table-tools input { width: 100%; } }
#map:active { cursor: grabbing; }
#map .street { fill: none; stroke: #b9c1c9; stroke-width: 1; vector-effect: non-scaling-stroke; }
#map .community { stroke: #fff; stroke-width: 1; fill-opacity: .82; fill-rule: evenodd; vector-effect: non-scaling-stroke; cursor: pointer; }
#map .community:hover { stroke: #222; stroke-width: 1.5; }
#map .community.selected { stroke: #000; stroke-width: 3; fill-opacity: .95; }
#map.covering .community { fill-opacity: .4; }
#community-table td:first-child { white-space: nowrap; }
.map-buttons { position: absolute; top: 10px; left: 10px; display: flex; flex-direction: column; gap: 4px; }
.map-buttons button { width: 32px; height: 32px; font-size: 18px; border: 1px solid #bbb; background: #fff; border-radius: 4px; cursor: pointer; }
.scale { position: absolute; left: 10px; bottom: 8px; font-size: 12px; background: rgba(255,255,255,.85); padding: 2px 6px; border-radius: 3px; }
#scale-bar { height: 6px; border: 2px solid #333; border-top: 0; margin-bottom: 2px; }
.map-side { font-size: 14px; max-height: 660px; overflow: auto; }
.map-side h3:first-child { margin-top: 0; }
.toggles { display: flex; flex-direction: column; gap: 2px; }
.toggle { cursor: pointer; }
.cov-row { margin: 4px 0; }
.chips { margin: 1px 0 0 22px; }
.chip { display: inline-block; white-space: nowrap; border: 1px solid var(--line); border-radius: 10px; padding: 0 6px 0 2px; margin: 1px 0; cursor: pointer; font-size: 13px; }
.chip:has(input:checked) { background: #e7f0fa; border-color: #8bb3dd; }
.details { margin: 10px 0; border-top: 1px solid var(--line); border-bottom: 1px solid var(--line); padding: 6px 0; }
.details h3 { font-size: 17px; margin: 4px 0; }
.details p { margin: 4px 0; }
.details .lack { color: #8a2d0b; }
.rules-mini { border-collapse: collapse; font-size: 12px; width: 100%; margin-top: 6px; }
.rules-mini th, .rules-mini td { border-bottom: 1px solid var(--line); padding: 2px 4px; text-align: left; }
.rules-mini tr.unmet td { background: #fdecea; }
.rules-mini .level { display: block; color: var(--muted); font-size: 11px; }
.rules-mini .nw { white-space: nowrap; }
.scroll { overflow: auto; }
.scroll.tall { max-height: 640px; }
/* A city's table (3,000 rows) took seconds of layout while the page loaded; off screen, it waits until scrolled to. */
.scroll.tall, #categories, #quotas, #rules, #diagnostics, #method { content-visibility: auto; contain-intrinsic-size: auto 640px; }
table.data { border-collapse: collapse; font-size: 13px; min-width: 100%; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
table.data thead th { background: var(--bg); position: sticky; top: 0; z-index: 1; }
table.data th button { all: unset; cursor: pointer; font-weight: 600; }
table.data th[aria-sort="ascending"] button::after { content: " ▲"; }
table.data th[aria-sort="descending"] button::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.yes { color: var(--quality); }
td.no { color: #b3261e; }
td.lack { color: #8a2d0b; max-width: 320px; }
tr.unmet td:first-child { box-shadow: inset 3px 0 #b3261e; }
tr.met td:first-child { box-shadow: inset 3px 0 var(--quality); }
tr.na td:first-child { box-shadow: inset 3px 0 var(--na); }
button.locate { border: 1px solid #bbb; background: #fff; border-radius: 4px; cursor: pointer; }
.table-tools { display: flex; flex-wrap: wrap; gap: 10px 20px; align-items: center; margin-bottom: 8px; }
.table-tools input { width: 300px; padding: 4px 6px; }
.assumed { display: inline-block; background: #fff4d6; color: #7a5300; border: 1px solid #e8c76a; border-radius: 3px; padding: 0 4px; font-size: 12px; }
.diag li.warn { color: #8a2d0b; }
footer { padding: 12px 28px; font-size: 12px; }
@media print { .scroll.tall, section { content-visibility: visible; } #map, #map-canvas { height: 480px; } .map-buttons, .table-tools, button.locate { display: none; } .scroll.tall { max-height: none; } }
`;
