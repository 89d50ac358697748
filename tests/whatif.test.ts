import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature } from 'geojson';
import { analyze } from '../src/scoring/analyze.js';
import { runAnalyze } from '../src/cli/analyze.js';
import { whatIfState } from '../src/whatif/state.js';
import { WhatIfSession } from '../src/whatif/session.js';
import { scratchDir } from './support/scratch.js';
import { DEMO_DIR, demoInputs, mostLacked, outcome, siteIn } from './support/demo-scenario.js';

/**
 * The what-if engine on the demo district, after a JSON round trip of its state (as the report embeds
 * it): every step equals `analyze --add/--remove` with the scenario's exported files, and analyze from
 * scratch on the changed facility list (an independent computation: no rescore, every category routed).
 */
describe.skipIf(!existsSync(join(DEMO_DIR, 'network.geojson')))('what-if session', () => {
  const scratch = scratchDir('lifecircle-whatif-');
  const inputs = demoInputs();
  const base = analyze(inputs);
  const session = new WhatIfSession(JSON.parse(JSON.stringify(whatIfState(base, inputs.facilities))));
  const category = mostLacked(base);

  /** The same scenario through the CLI's files and through a fresh analyze of the changed facilities. */
  async function expectLikeCli(step: string): Promise<void> {
    const files = session.scenarioFiles();
    const add = scratch.put(`${step}-add.geojson`, files.add);
    const remove = scratch.put(`${step}-remove.json`, files.remove);
    const { analysis: cli } = await runAnalyze({
      network: join(DEMO_DIR, 'network.geojson'), facilities: join(DEMO_DIR, 'facilities.geojson'),
      communities: join(DEMO_DIR, 'communities.geojson'), population: join(DEMO_DIR, 'population.geojson'),
    }, { out: join(scratch.dir, step), quiet: true, add, remove });
    expect(outcome(session.analysis)).toEqual(outcome(cli));
    const removed = new Set(files.remove.map(String));
    const kept = inputs.facilities.filter((f, i) => !removed.has(String(base.facilities[i].id)));
    const fresh = analyze({ ...inputs, network: base.network, facilities: [...kept, ...files.add.features] as Feature[] });
    expect(outcome(session.analysis)).toEqual(outcome(fresh));
  }

  it('starts where the analysis stands', () => {
    expect(outcome(session.analysis)).toEqual(outcome(base));
    expect(session.canUndo).toBe(false);
    expect(session.scenarioFiles()).toEqual({ add: { type: 'FeatureCollection', features: [] }, remove: [] });
  });

  it('adds a facility, routing only its category again, as the CLI does', async () => {
    const before = session.analysis;
    const site = siteIn(base, category, 0);
    session.add({ category, lon: site.lon, lat: site.lat });
    const after = session.analysis;
    for (const c of base.categories) {
      // Unchanged categories keep their distance arrays: they were not searched again.
      if (c === category) expect(after.residentDistancesM.get(c)).not.toBe(before.residentDistancesM.get(c));
      else expect(after.residentDistancesM.get(c)).toBe(before.residentDistancesM.get(c));
    }
    expect(after.communities[site.community].missing.convenient).not.toContain(category);
    expect(session.diff()[base.communities[site.community].community.kind].convenient.gained.length
      + session.diff()[base.communities[site.community].community.kind].quality.gained.length).toBeGreaterThan(0);
    await expectLikeCli('add');
  });

  it('moves an added facility and an analysed one, and removes one, as the CLI does', async () => {
    const added = session.facilities().find((f) => f.state === 'added')!;
    const site = siteIn(base, category, 1);
    session.move(added.id, site.lon, site.lat);
    expect(session.facilities().find((f) => f.id === added.id)).toMatchObject({ lon: site.lon, lat: site.lat, state: 'added' });
    await expectLikeCli('move-added');

    const analysed = base.facilities.find((f) => f.category === category)!;
    const there = siteIn(base, category, 2);
    session.move(String(analysed.id), there.lon, there.lat);
    expect(session.facilities().find((f) => f.id === String(analysed.id))!.state).toBe('moved');
    await expectLikeCli('move-analysed');

    const gone = base.facilities.find((f) => f.category === 'health')!;
    session.remove(String(gone.id));
    expect(session.facilities().some((f) => f.id === String(gone.id))).toBe(false);
    expect(session.scenarioFiles().remove).toContain(gone.id);
    await expectLikeCli('remove');
  });

  it('undoes, redoes and resets', async () => {
    const atRemove = outcome(session.analysis);
    session.undo();
    expect(session.canRedo).toBe(true);
    await expectLikeCli('undo');
    session.redo();
    expect(outcome(session.analysis)).toEqual(atRemove);
    session.reset();
    expect(outcome(session.analysis)).toEqual(outcome(base));
    expect(session.changeCount).toBe(0);
    session.undo();
    expect(outcome(session.analysis)).toEqual(atRemove);
  });

  it('loads a scenario from the files it exports', () => {
    const files = session.scenarioFiles();
    const other = new WhatIfSession(JSON.parse(JSON.stringify(whatIfState(base, inputs.facilities))));
    other.load({ add: files.add.features, remove: files.remove });
    expect(outcome(other.analysis)).toEqual(outcome(session.analysis));
    expect(other.scenarioFiles().remove).toEqual(files.remove);
    expect(other.facilities().map((f) => [f.id, f.lon, f.lat]).sort()).toEqual(session.facilities().map((f) => [f.id, f.lon, f.lat]).sort());
  });

  it('refuses a category the standard does not score, an unknown id, and a position off the globe', () => {
    expect(() => session.add({ category: 'casino', lon: 113.3, lat: 23.1 })).toThrow(/not one the standard scores/);
    expect(() => session.remove('no-such-id')).toThrow(/no facility has id "no-such-id"/);
    expect(() => session.move(String(base.facilities[5].id), 200, 23.1)).toThrow();
  });
});

