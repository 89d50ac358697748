import type { Feature, Point } from 'geojson';
import type { Analysis, FacilityOutcome } from '../scoring/analyze.js';
import type { KindSummary } from '../scoring/city-summary.js';
import { rescore, type FacilityChanges } from '../planning/rescore.js';
import { checkPosition } from '../geo/validate-coordinates.js';
import { InputError } from '../errors.js';
import { restoreState, type WhatIfState } from './state.js';

/** A facility to add: a category the standard scores, a position, and optionally an id, capacity and name. */
export interface AddFacility {
  readonly category: string;
  readonly lon: number;
  readonly lat: number;
  readonly id?: string;
  readonly capacity?: number;
  readonly name?: string;
}

/** A facility as the what-if shows it: where it stands and whether the scenario added or moved it. */
export interface ScenarioFacility {
  readonly id: string;
  readonly category?: string;
  readonly lon: number;
  readonly lat: number;
  readonly name: string | null;
  /** `base`: as analysed; `added`: new in the scenario; `moved`: an analysed facility at a new place. */
  readonly state: 'base' | 'added' | 'moved';
}

/** A scenario as `analyze --add/--remove` takes it: facilities to add, ids of analysed facilities to remove. */
export interface ScenarioFiles {
  readonly add: { type: 'FeatureCollection'; features: Feature<Point>[] };
  readonly remove: (string | number)[];
}

/** Communities that attain a level in the scenario but not before (gained), and the other way round (lost). */
export interface LevelDiff { readonly gained: number[]; readonly lost: number[] }
export type ScenarioDiff = Record<string, Record<string, LevelDiff>>;

interface Snapshot {
  readonly analysis: Analysis;
  /** Facilities the scenario adds (new ones and analysed ones at a new place), by id. */
  readonly added: ReadonlyMap<string, Feature<Point>>;
  /** Analysed facilities the scenario takes away or moves, by id. */
  readonly removed: ReadonlySet<string>;
}

/**
 * A what-if session over an analysis: add, move and remove facilities, undo, redo and reset. Each change
 * is one `rescore` of the current analysis, so only the category that changes is searched again, and
 * the results are those of `analyze --add/--remove` with the scenario's files (`scenarioFiles`).
 */
export class WhatIfSession {
  readonly base: Analysis;
  private readonly baseNames: (string | null)[];
  private readonly baseIndex = new Map<string, number>();
  private readonly linkOptions;
  private history: Snapshot[];
  private at = 0;
  private nextId = 1;

  constructor(state: WhatIfState) {
    const restored = restoreState(state);
    this.linkOptions = restored.linkOptions;
    // The distances are not stored: one search per category, exactly as analyze ran them.
    this.base = rescore(restored.analysis, {}, { ...this.linkOptions, reroute: restored.analysis.categories });
    this.baseNames = restored.facilityNames;
    this.base.facilities.forEach((f, i) => this.baseIndex.set(String(f.id), i));
    this.history = [{ analysis: this.base, added: new Map(), removed: new Set() }];
  }

  get analysis(): Analysis { return this.history[this.at].analysis; }
  get attainment(): KindSummary[] { return this.analysis.kinds; }
  get canUndo(): boolean { return this.at > 0; }
  get canRedo(): boolean { return this.at < this.history.length - 1; }
  /** Changes in the scenario against the analysis: facilities added, moved and removed. */
  get changeCount(): number {
    const s = this.history[this.at];
    return s.added.size + [...s.removed].filter((id) => !s.added.has(id)).length;
  }

  add(f: AddFacility): Analysis {
    if (!this.base.categories.includes(f.category)) {
      throw new InputError(`category "${f.category}" is not one the standard scores (${this.base.categories.join(', ')})`, 'what-if', undefined, 'category');
    }
    checkPosition([f.lon, f.lat], 'what-if add', 0, 'lon, lat');
    const id = f.id ?? this.freshId();
    if (this.exists(id)) throw new InputError(`a facility with id "${id}" exists already`, 'what-if', undefined, 'id');
    const feature = pointFeature(f.lon, f.lat, {
      id, category: f.category, name: f.name ?? `情景 What-if ${id}`, ...(f.capacity !== undefined ? { capacity: f.capacity } : {}),
    });
    const s = this.history[this.at];
    return this.push(rescore(s.analysis, { add: [feature] }, this.linkOptions), withEntry(s.added, id, feature), s.removed);
  }

  move(id: string, lon: number, lat: number): Analysis {
    checkPosition([lon, lat], 'what-if move', 0, 'lon, lat');
    const s = this.history[this.at];
    const old = s.added.get(id);
    let feature: Feature<Point>;
    if (old) {
      feature = pointFeature(lon, lat, old.properties ?? {});
    } else {
      const i = this.baseIndex.get(id);
      if (i === undefined || s.removed.has(id)) throw new InputError(`no facility has id "${id}"`, 'what-if', undefined, 'id');
      feature = pointFeature(lon, lat, baseProperties(this.base.facilities[i], this.baseNames[i]));
    }
    const analysis = rescore(s.analysis, { remove: [this.idValue(id)], add: [feature] }, this.linkOptions);
    return this.push(analysis, withEntry(s.added, id, feature), old ? s.removed : new Set([...s.removed, id]));
  }

  remove(id: string): Analysis {
    const s = this.history[this.at];
    const analysis = rescore(s.analysis, { remove: [this.idValue(id)] }, this.linkOptions);
    const added = new Map(s.added);
    added.delete(id);
    return this.push(analysis, added, this.baseIndex.has(id) ? new Set([...s.removed, id]) : s.removed);
  }

  /** Back to the analysis as it was; an undoable step like any other. */
  reset(): Analysis {
    return this.push(this.base, new Map(), new Set());
  }

  undo(): Analysis {
    if (this.at > 0) this.at--;
    return this.analysis;
  }

  redo(): Analysis {
    if (this.at < this.history.length - 1) this.at++;
    return this.analysis;
  }

  /** Every facility of the scenario with its position, in the current analysis' order. */
  facilities(): ScenarioFacility[] {
    const s = this.history[this.at];
    return this.analysis.facilities.map((f) => {
      const id = String(f.id);
      const added = s.added.get(id);
      const [lon, lat] = f.position;
      if (added) return { id, category: f.category, lon, lat, name: nameOf(added), state: this.baseIndex.has(id) ? 'moved' : 'added' };
      return { id, category: f.category, lon, lat, name: this.baseNames[this.baseIndex.get(id)!], state: 'base' };
    });
  }

  /** The scenario as the files `analyze --add <file> --remove <file>` reads. */
  scenarioFiles(): ScenarioFiles {
    const s = this.history[this.at];
    return {
      add: { type: 'FeatureCollection', features: [...s.added.values()] },
      remove: [...s.removed].map((id) => this.base.facilities[this.baseIndex.get(id)!].id),
    };
  }

  /** Replaces the scenario by one read from files (an undoable step): the analysis with those changes. */
  load(files: { add?: readonly Feature[]; remove?: readonly (string | number)[] }): Analysis {
    const changes: FacilityChanges = { add: [...(files.add ?? [])], remove: files.remove ?? [] };
    const analysis = rescore(this.base, changes, this.linkOptions);
    const added = new Map<string, Feature<Point>>();
    const add = files.add ?? [];
    // The added facilities are the last of the list, in order; each is kept as a point where it stands.
    analysis.facilities.slice(analysis.facilities.length - add.length).forEach((f, k) => {
      added.set(String(f.id), pointFeature(f.position[0], f.position[1], { ...(add[k].properties ?? {}), id: f.id, category: f.category }));
    });
    return this.push(analysis, added, new Set((files.remove ?? []).map(String)));
  }

  /** Communities gained and lost per kind and level, against the analysis. */
  diff(): ScenarioDiff {
    const out: ScenarioDiff = {};
    const now = this.analysis.communities;
    this.base.communities.forEach((b, i) => {
      const kind = (out[b.community.kind] ??= {});
      for (const { id: level } of this.analysis.standard.levels) {
        const d = (kind[level] ??= { gained: [], lost: [] });
        const before = b.scored && b.attained[level], after = now[i].scored && now[i].attained[level];
        if (!before && after) d.gained.push(i);
        if (before && !after) d.lost.push(i);
      }
    });
    return out;
  }

  private push(analysis: Analysis, added: ReadonlyMap<string, Feature<Point>>, removed: ReadonlySet<string>): Analysis {
    this.history = this.history.slice(0, this.at + 1);
    this.history.push({ analysis, added, removed });
    this.at++;
    return analysis;
  }

  private exists(id: string): boolean {
    return this.analysis.facilities.some((f) => String(f.id) === id);
  }

  private freshId(): string {
    let id: string;
    do id = `whatif-${this.nextId++}`; while (this.exists(id) || this.baseIndex.has(id));
    return id;
  }

  /** The id as the current analysis holds it (a number stays a number), for rescore's matching by text. */
  private idValue(id: string): string | number {
    return this.analysis.facilities.find((f) => String(f.id) === id)?.id ?? id;
  }
}

function pointFeature(lon: number, lat: number, properties: Record<string, unknown>): Feature<Point> {
  return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: [lon, lat] } };
}

function withEntry<K, V>(m: ReadonlyMap<K, V>, k: K, v: V): Map<K, V> {
  const out = new Map(m);
  out.set(k, v);
  return out;
}

function nameOf(f: Feature): string | null {
  const n = f.properties?.name;
  return typeof n === 'string' ? n : null;
}

/** An analysed facility's properties as an added feature carries them, so rescore classifies it the same. */
function baseProperties(f: FacilityOutcome, name: string | null): Record<string, unknown> {
  return {
    id: f.id, category: f.category,
    ...(f.type !== undefined ? { facility_type: f.type } : {}),
    ...(f.capacity !== undefined ? { capacity: f.capacity } : {}),
    ...(f.areaM2 !== undefined ? { area_m2: f.areaM2 } : {}),
    ...(name !== null ? { name } : {}),
  };
}
