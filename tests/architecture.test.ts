import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SLOW } from '../vitest.config.js';

/**
 * The dependency rule (ARCHITECTURE.md, "One-way imports"): imports follow the pipeline, so a lower
 * layer never imports a higher one. io reads, standards classify, network/routing/isochrone/scoring
 * compute, planning searches for sites, report formats; intake joins reading and classifying; the CLI
 * and the entry points sit on top. Checked on every `import`/`export ... from` in src/.
 */
const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** What each layer may import besides itself (values and types alike). */
const ALLOWED: Record<string, readonly string[]> = {
  errors: [],
  geo: ['errors'],
  standards: ['errors', 'geo'],
  io: ['errors', 'geo'],
  // Units scored where there are no community boundaries (Voronoi cells, hexagons): geometry only.
  units: ['errors', 'geo'],
  network: ['errors', 'geo'],
  routing: ['errors', 'geo', 'network'],
  isochrone: ['errors', 'geo', 'network', 'routing', 'standards'],
  scoring: ['errors', 'geo', 'network', 'routing', 'standards'],
  planning: ['errors', 'geo', 'network', 'routing', 'standards', 'scoring'],
  // Threads for the Node CLI: category fields and 2SFCA catchments over the shared graph, the street
  // layer read and built, and coverage drawn on two threads.
  parallel: ['errors', 'geo', 'io', 'network', 'routing', 'isochrone', 'standards'],
  report: ['errors', 'geo', 'network', 'routing', 'isochrone', 'standards', 'scoring'],
  // The report's what-if engine: re-scores with planning's rescore and renders the page's view with report.
  whatif: ['errors', 'geo', 'network', 'routing', 'standards', 'scoring', 'planning', 'report'],
  intake: ['errors', 'geo', 'io', 'standards'],
  cli: ['errors', 'geo', 'io', 'intake', 'units', 'network', 'routing', 'isochrone', 'standards', 'scoring', 'planning', 'parallel', 'report', 'whatif'],
  entry: ['errors', 'geo', 'io', 'intake', 'network', 'routing', 'isochrone', 'standards', 'scoring', 'planning', 'parallel', 'report', 'whatif'],
};
/** Type-only imports a layer may make of a higher one: the report formats a plan it is given. */
const TYPES_ONLY: Record<string, readonly string[]> = {
  report: ['planning'],
  io: ['standards'],
};
/** The core runs in a browser: no file, process or worker access (ARCHITECTURE.md, "One-way imports"). */
const NODE_FREE = ['errors', 'geo', 'units', 'standards', 'network', 'routing', 'isochrone', 'scoring', 'planning', 'report', 'whatif'];

interface Edge { from: string; to: string; spec: string; typeOnly: boolean; names: string }

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

function layerOf(file: string): string {
  const rel = relative(SRC, file).split(/[\\/]/);
  if (rel.length === 1) return rel[0].replace(/\.[jt]s$/, '') === 'errors' ? 'errors' : 'entry';
  return rel[0];
}

/** Every static and dynamic import of a file, with whether it is type-only and what it names. */
function importsOf(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const edges: Edge[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*'([^']+)'/gm;
  for (const m of text.matchAll(statement)) edges.push({ from: file, to: '', spec: m[4], typeOnly: Boolean(m[2]), names: m[3] });
  for (const m of text.matchAll(/import\(\s*'([^']+)'\s*\)/g)) edges.push({ from: file, to: '', spec: m[1], typeOnly: false, names: '' });
  for (const m of text.matchAll(/^\s*import\s+'([^']+)'/gm)) edges.push({ from: file, to: '', spec: m[1], typeOnly: false, names: '' });
  return edges.map((e) => ({ ...e, to: e.spec.startsWith('.') ? resolve(dirname(file), e.spec) : e.spec }));
}

const files = filesUnder(SRC);
const edges = files.flatMap(importsOf);

describe('imports follow the pipeline', () => {
  it('finds the source and its imports (the check below has something to check)', () => {
    expect(files.length).toBeGreaterThan(80);
    expect(edges.filter((e) => e.spec.startsWith('.')).length).toBeGreaterThan(300);
  });

  it('no layer imports a higher one', () => {
    const wrong: string[] = [];
    for (const e of edges) {
      if (!e.spec.startsWith('.')) continue;
      const from = layerOf(e.from), to = layerOf(e.to);
      if (from === to) continue;
      const ok = ALLOWED[from]?.includes(to) || (e.typeOnly && TYPES_ONLY[from]?.includes(to));
      if (!ok) wrong.push(`${relative(SRC, e.from)} (${from}) imports ${e.spec} (${to})${e.typeOnly ? ' [type]' : ''}`);
    }
    expect(wrong).toEqual([]);
  });

  it('io reads and never classifies: no io module imports the category map', () => {
    const wrong = edges.filter((e) => layerOf(e.from) === 'io' && /category-map/.test(e.spec)).map((e) => relative(SRC, e.from));
    expect(wrong).toEqual([]);
  });

  it('the browser core imports no node: module, and the browser entry imports no io', () => {
    const wrong = edges
      .filter((e) => (NODE_FREE.includes(layerOf(e.from)) && e.spec.startsWith('node:'))
        || (/src[\\/](index|engine)\.ts$/.test(e.from) && ['io', 'intake', 'cli', 'parallel'].includes(layerOf(e.to))))
      .map((e) => `${relative(SRC, e.from)} imports ${e.spec}`);
    expect(wrong).toEqual([]);
  });

  it('catches a violation (the rule is not vacuous)', () => {
    const fake: Edge = { from: join(SRC, 'io', 'x.ts'), to: join(SRC, 'scoring', 'analyze.js'), spec: '../scoring/analyze.js', typeOnly: false, names: 'analyze' };
    expect(ALLOWED[layerOf(fake.from)].includes(layerOf(fake.to))).toBe(false);
  });
});

describe('the fast test project shares workers (vitest.config.ts)', () => {
  const TESTS = fileURLToPath(new URL('.', import.meta.url));
  const glob = (p: string) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  const slow = (name: string) => SLOW.some((p) => glob(p).test(`tests/${name}`));
  // What would leak from one file into the next in a shared worker.
  const GLOBAL_STATE = /\bvi\.(mock|doMock|spyOn|stubGlobal|stubEnv)\b|process\.(exitCode|chdir)\b|process\.(stderr|stdout)\.write\s*=/;

  it('no fast test file mocks, stubs or changes process state (those go in SLOW)', () => {
    const fast = readdirSync(TESTS).filter((n) => n.endsWith('.test.ts') && n !== 'architecture.test.ts' && !slow(n));
    expect(fast.length).toBeGreaterThan(10);
    expect(fast.filter((n) => GLOBAL_STATE.test(readFileSync(join(TESTS, n), 'utf8')))).toEqual([]);
  });

  it('would catch one, and knows the slow files', () => {
    expect(GLOBAL_STATE.test('process.exitCode = 2')).toBe(true);
    expect(GLOBAL_STATE.test("vi.mock('x')")).toBe(true);
    expect([slow('cli-isochrone.test.ts'), slow('real-data-porto-alegre.test.ts'), slow('routing.test.ts')]).toEqual([true, true, false]);
  });
});
