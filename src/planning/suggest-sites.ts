import type { Analysis } from '../scoring/analyze.js';
import type { LinkOptions } from '../network/link-points.js';
import { subsetLinks } from '../network/link-points.js';
import { NetworkSearch } from '../routing/network-search.js';
import { distanceField, distancesAtPoints } from '../routing/distance-field.js';
import { pointsByEdge } from '../network/points-by-edge.js';
import { scoreCommunities, type CommunityScore } from '../scoring/score-communities.js';
import { summarizeKinds, type KindSummary } from '../scoring/city-summary.js';
import { ruleDistanceM, THRESHOLD_EPSILON_M } from '../scoring/rule-distance.js';
import { parseFieldKey, ruleFieldKey } from '../scoring/field-key.js';
import { presenceOf, type PlacedFacility, type Presence } from '../scoring/presence.js';
import { communityIndex, containingCommunity } from '../scoring/residents.js';
import type { Residents } from '../scoring/residents.js';
import type { CommunityKind, Level } from '../standards/standard.js';
import { InputError } from '../errors.js';
import type { FeatureInput } from '../geo/feature-input.js';
import { fileCandidates, networkCandidates, type CandidateSites, DEFAULT_CANDIDATE_SPACING_M } from './candidates.js';
import { GainHeap } from './gain-heap.js';
import { pointsWithin } from './points-within.js';

/**
 * What a new site is worth:
 * - `shortfall` (default): people newly within a failing rule's distance, each rule counted only up
 *   to the people it still lacks to be met (its share reaching minShare). Coverage beyond that buys no
 *   attainment, so sites go where they complete rules rather than where crowds are already nearly served.
 * - `population`: every person newly within a failing rule's distance counts, without a cap.
 * Both are monotone submodular, so greedy keeps its (1 - 1/e) guarantee for either.
 */
export type SiteObjective = 'shortfall' | 'population';

export interface SuggestOptions extends LinkOptions {
  /**
   * New sites per category: one number for every planned category, or `{ category: n }` (categories
   * not named get none). Without a budget, sites are added until the standard's targets are met or no
   * candidate closes any more of the gap.
   */
  budget?: number | Readonly<Record<string, number>>;
  /** Categories to plan for. Default: the budget's categories, else every category some community fails. */
  categories?: readonly string[];
  /** Candidate sites: features (e.g. vacant public buildings) or sites already made. Default: network sites every `spacingM`. */
  candidates?: FeatureInput | CandidateSites;
  /** Spacing of generated network candidates, metres. Default 200. */
  spacingM?: number;
  /** Most network candidate sites (default DEFAULT_MAX_CANDIDATE_SITES): counted before any is made. */
  maxCandidateSites?: number;
  objective?: SiteObjective;
  /** Without a budget: stop a category after this many sites all the same. Default: no cap. */
  maxSitesPerCategory?: number;
  sources?: { candidates?: string };
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** One suggested facility site, in the order chosen. */
export interface SuggestedSite {
  /** 1-based position in the order the sites were chosen, across categories. */
  readonly rank: number;
  readonly category: string;
  /** 1-based position among this category's sites. */
  readonly categoryRank: number;
  readonly lon: number;
  readonly lat: number;
  /** Index into the candidate sites, and the candidate's id when it came from a file. */
  readonly candidate: number;
  readonly candidateId?: string | number;
  /**
   * The objective's marginal gain when chosen, people (for `shortfall`, capped at what each rule still
   * lacked; towards the targets, rules of a kind and level whose target was already met count no more).
   */
  readonly gain: number;
  /**
   * People newly within a failing rule's distance (a person counts once per failing rule of this
   * category in their community: the convenient and the quality rule may both be failing).
   */
  readonly newlyCovered: number;
  /** Communities where it newly covers someone. */
  readonly communitiesReached: string[];
  /** The facility type a new site should be, where the category's rules ask for types (a health station, ...). */
  readonly type?: string;
  /** Per level id: communities that attain the level once this site is added to the ones ranked before it. */
  readonly newlyAttained: Readonly<Record<Level, string[]>>;
}

export type StopReason = 'targets-met' | 'budget-used' | 'no-gain' | 'max-sites' | 'nothing-failing' | 'no-candidates';

export interface CategoryPlan {
  readonly category: string;
  readonly budget?: number;
  readonly sites: number;
  /** Candidates that could reach someone in a failing community (the others were not searched). */
  readonly candidatesSearched: number;
  /** Rules of this category failing in some community before, and still failing after the sites. */
  readonly failingRulesBefore: number;
  readonly failingRulesAfter: number;
  /** People newly within a failing rule's distance, summed over this category's sites. */
  readonly newlyCovered: number;
  readonly stopReason: StopReason;
}

export interface SitePlan {
  readonly sites: SuggestedSite[];
  readonly categories: CategoryPlan[];
  readonly mode: 'targets' | 'budget';
  readonly objective: SiteObjective;
  readonly candidates: { readonly source: 'network' | 'file'; readonly count: number; readonly unlinked: number; readonly spacingM?: number };
  /** City summary before and after the suggested sites (the same figures as the analysis' `kinds`). */
  readonly before: KindSummary[];
  readonly after: KindSummary[];
  /** Every target the standard sets is met after the sites. */
  readonly targetsMet: boolean;
  /** The standard's level ids, lowest first (column order of the outputs). */
  readonly levels: Level[];
  /** Communities still missing per kind and level after the sites (0 where the target is met). */
  readonly shortfall: Partial<Record<CommunityKind, Partial<Record<Level, number>>>>;
  /** Communities attaining each level after the sites, per the same re-scoring. */
  readonly scoresAfter: CommunityScore[];
  readonly guarantee: string;
}

export const GUARANTEE = 'Within each category the sites are chosen greedily (with lazy evaluation) for a monotone ' +
  'submodular coverage objective: people in failing communities newly brought within their rule\'s distance ' +
  '(with the shortfall objective, each rule counted up to the people it lacks). For a budget of k sites, ' +
  'greedy reaches at least 1 - 1/e (about 63%) of the best possible k sites from the same candidates ' +
  '(Nemhauser, Wolsey and Fisher 1978); categories are independent, so the same holds for the sum. ' +
  'Counts of communities newly attaining a level are not submodular (a community needs every rule) and ' +
  'carry no guarantee: they are measured by re-scoring after each site, not optimised.';

/** Gains below this many people count as nothing (floating-point dust). */
const MIN_GAIN = 1e-9;
const EPS = THRESHOLD_EPSILON_M;

/** The failing rules of one category in the communities, and the coverage state the greedy updates. */
interface CategoryState {
  readonly category: string;
  /** The type new sites take: one the category's distance rules accept, a station where they accept one. */
  readonly type?: string;
  readonly budget: number;
  /** Current distance of each resident to the nearest facility of the category, existing or chosen. */
  readonly dist: Float64Array;
  /** The category's other fields (typed or untyped), kept in step with `dist` as sites are chosen. */
  readonly others: Float64Array[];
  /**
   * Failing rules (groups) of community c: groupStart[c] .. groupStart[c + 1]; each with its distance,
   * the people it lacked at the start (its cap), and the people the chosen sites have added since.
   */
  readonly groupStart: Int32Array;
  readonly groupDistM: Float64Array;
  readonly groupCap: Float64Array;
  readonly groupCovered: Float64Array;
  readonly groupLevel: Uint8Array;
  readonly groupKind: Uint8Array;
  readonly candidate: Int32Array;
  readonly reachStart: Int32Array;
  readonly reachPoint: Int32Array;
  readonly reachDistM: Float64Array;
  readonly heap: GainHeap;
  round: number;
  picked: number;
  newlyCovered: number;
  stop?: StopReason;
}

const KIND_CODE: Record<CommunityKind, number> = { urban: 0, rural: 1 };
const KINDS: CommunityKind[] = ['urban', 'rural'];

/**
 * Where new facilities would close the most of the gap to the standard (issue 8): greedy maximal
 * coverage with lazy evaluation, over bounded searches from candidate sites. See GUARANTEE.
 */
export function suggestSites(analysis: Analysis, opts: SuggestOptions = {}): SitePlan {
  const { network, residents, residentLinks, standard } = analysis;
  const objective = opts.objective ?? 'shortfall';
  const mode = opts.budget === undefined ? 'targets' : 'budget';
  const categories = planCategories(analysis, opts);
  const budgetOf = (c: string): number => {
    if (opts.budget === undefined) return opts.maxSitesPerCategory ?? Infinity;
    const n = typeof opts.budget === 'number' ? opts.budget : opts.budget[c] ?? 0;
    if (!(Number.isInteger(n) && n >= 0)) throw new InputError(`the budget must be a whole number of sites, got ${n}`, undefined, undefined, `budget.${c}`);
    return n;
  };
  const sites: CandidateSites = !opts.candidates
    ? networkCandidates(network, opts.spacingM ?? DEFAULT_CANDIDATE_SPACING_M, { ...opts, maxSites: opts.maxCandidateSites })
    : 'links' in opts.candidates ? (opts.candidates as CandidateSites)
      : fileCandidates(network, opts.candidates as FeatureInput, { ...opts, source: opts.sources?.candidates });

  const communityOf = new Int32Array(residents.count);
  for (let c = 0; c + 1 < residents.start.length; c++) communityOf.fill(c, residents.start[c], residents.start[c + 1]);
  const scores = analysis.communities.slice();
  const before = summarizeKinds(standard, scores);
  let kinds = before;
  const distances = new Map(analysis.residentDistancesM);
  // Facilities as presence rules see them: the analysis's, then each chosen site.
  const communities = analysis.communities.map((s) => s.community);
  const hostIndex = communityIndex(communities);
  const placed: PlacedFacility[] = analysis.facilities.map((f) => ({ category: f.category, type: f.type, community: f.community }));
  let presence = analysis.presence;
  const levelCode = new Map(standard.levels.map((l, i) => [l.id, i]));
  const search = new NetworkSearch(network);
  const byEdge = pointsByEdge(network.edgeCount, residentLinks);
  const seen = new Int32Array(residents.count).fill(-1);
  let token = 0;

  // Which (level, kind) still matter: without a budget only those whose target is unmet (a level
  // also matters while a level above it that requires it has an unmet target).
  const wanted = new Uint8Array(standard.levels.length * 2);
  const updateWanted = (): boolean => {
    let changed = false;
    for (const kind of KINDS) {
      const needed = kinds.find((k) => k.kind === kind)?.needed ?? {};
      let above = false;
      for (let l = standard.levels.length - 1; l >= 0; l--) {
        const level = standard.levels[l];
        const w: boolean = mode === 'budget' || (needed[level.id] ?? 0) > 0 || above;
        above = w && level.requiresBelow;
        const at = l * 2 + KIND_CODE[kind];
        const v = w ? 1 : 0;
        if (wanted[at] !== v) { wanted[at] = v; changed = true; }
      }
    }
    return changed;
  };
  updateWanted();

  // Scratch for evaluate: people newly covered per group, and the groups touched.
  let acc = new Float64Array(64);
  const touched: number[] = [];

  const states = categories.map((category, ci) => {
    opts.onProgress?.(`plan:${category}`, ci, categories.length);
    return prepareCategory(category, budgetOf(category));
  });

  function prepareCategory(category: string, budget: number): CategoryState {
    // The field the category's distance rules read: a new site is taken to be of the type they ask for.
    const ruleKeys = new Set(standard.rules.filter((r) => r.category === category && !r.within).map(ruleFieldKey));
    const key = ruleKeys.size === 1 ? [...ruleKeys][0] : category;
    const keyTypes = parseFieldKey(key).types;
    const type = keyTypes ? (keyTypes.includes('station') ? 'station' : keyTypes[0]) : undefined;
    const known = distances.get(key);
    const dist = known ? Float64Array.from(known) : new Float64Array(residents.count).fill(Infinity);
    distances.set(key, dist);
    // The category's other fields follow: a new site is nearer to everyone it reaches in all of them.
    const others = [...distances.keys()].filter((k) => k !== key && parseFieldKey(k).category === category);
    for (const k of others) distances.set(k, Float64Array.from(distances.get(k)!));
    // Failing rules of this category, per measurable community.
    const groupStart = new Int32Array(scores.length + 1);
    const gD: number[] = [], gCap: number[] = [], gCov: number[] = [], gLevel: number[] = [], gKind: number[] = [];
    const maxD = new Float64Array(scores.length).fill(-1);
    scores.forEach((s, c) => {
      if (s.scored) {
        let weight = 0;
        for (let r = residents.start[c]; r < residents.start[c + 1]; r++) weight += residents.weight[r];
        for (const outcome of s.rules) {
          // Presence rules are met by building inside the community, not by reach: not this planner's job.
          if (outcome.met || outcome.rule.category !== category || outcome.rule.within) continue;
          const d = ruleDistanceM(outcome.rule);
          gD.push(d);
          gCov.push(0);
          gCap.push(objective === 'population' ? Infinity : Math.max(0, outcome.rule.minShare * weight - outcome.share * weight));
          gLevel.push(levelCode.get(outcome.rule.level) ?? 0);
          gKind.push(KIND_CODE[s.community.kind]);
          if (d > maxD[c]) maxD[c] = d;
        }
      }
      groupStart[c + 1] = gD.length;
    });
    // Elements: residents not yet within some failing rule's distance.
    const element = new Uint8Array(residents.count);
    const elementList: number[] = [];
    let boundM = 0;
    for (let c = 0; c < scores.length; c++) {
      for (let g = groupStart[c]; g < groupStart[c + 1]; g++) {
        for (let r = residents.start[c]; r < residents.start[c + 1]; r++) {
          if (element[r] || residents.weight[r] <= 0 || residentLinks.edge[r] < 0) continue;
          if (dist[r] > gD[g] + EPS) { element[r] = 1; elementList.push(r); }
        }
        if (gD[g] > boundM) boundM = gD[g];
      }
    }
    // Only candidates within the largest rule distance of some element can gain anything: one
    // multi-source search from the elements finds them.
    const eligible: number[] = [];
    if (elementList.length > 0) {
      const field = distanceField(network, subsetLinks(residentLinks, elementList), { maxDistM: boundM + EPS, search });
      const near = distancesAtPoints(field, sites.links).distM;
      for (let j = 0; j < sites.count; j++) {
        const allowed = sites.categories[j];
        if (near[j] < Infinity && sites.links.edge[j] >= 0 && (!allowed || allowed.includes(category))) eligible.push(j);
      }
    }
    const reachStart = new Int32Array(eligible.length + 1);
    const points: number[] = [], dists: number[] = [];
    eligible.forEach((j, k) => {
      pointsWithin(network, search, byEdge, residentLinks, sites.links, j, boundM + EPS, seen, token++, (r, d) => {
        if (element[r] && d < dist[r] && d <= maxD[communityOf[r]] + EPS) { points.push(r); dists.push(d); }
      });
      reachStart[k + 1] = points.length;
    });
    const state: CategoryState = {
      category, ...(type ? { type } : {}), budget, dist, others: others.map((k) => distances.get(k)!), groupStart,
      groupDistM: Float64Array.from(gD), groupCap: Float64Array.from(gCap), groupCovered: Float64Array.from(gCov),
      groupLevel: Uint8Array.from(gLevel), groupKind: Uint8Array.from(gKind),
      candidate: Int32Array.from(eligible), reachStart, reachPoint: Int32Array.from(points), reachDistM: Float64Array.from(dists),
      heap: new GainHeap(eligible.length), round: 0, picked: 0, newlyCovered: 0,
    };
    if (gD.length === 0) state.stop = 'nothing-failing';
    else if (eligible.length === 0) state.stop = 'no-candidates';
    for (let k = 0; k < eligible.length; k++) state.heap.push(k, evaluate(state, k).gain, 0);
    return state;
  }

  function evaluate(state: CategoryState, k: number): { gain: number; newly: number } {
    const { dist, groupStart, groupDistM, groupCap, groupCovered, groupLevel, groupKind, reachPoint, reachDistM } = state;
    if (acc.length < groupDistM.length) acc = new Float64Array(groupDistM.length);
    touched.length = 0;
    for (let i = state.reachStart[k]; i < state.reachStart[k + 1]; i++) {
      const r = reachPoint[i], d = reachDistM[i];
      const now = dist[r];
      if (d >= now) continue;
      const c = communityOf[r];
      for (let g = groupStart[c]; g < groupStart[c + 1]; g++) {
        const limit = groupDistM[g] + EPS;
        if (d <= limit && now > limit && wanted[groupLevel[g] * 2 + groupKind[g]]) {
          if (acc[g] === 0) touched.push(g);
          acc[g] += residents.weight[r];
        }
      }
    }
    let gain = 0, newly = 0;
    for (const g of touched) {
      const room = Math.max(0, groupCap[g] - groupCovered[g]);
      gain += Math.min(acc[g], room);
      newly += acc[g];
      acc[g] = 0;
    }
    return { gain, newly };
  }

  /** The best candidate of a category, evaluated at its current round (CELF), or -1. */
  function best(state: CategoryState): number {
    const heap = state.heap;
    while (heap.size > 0 && heap.topRound() !== state.round) heap.updateTop(evaluate(state, heap.topItem()).gain, state.round);
    return heap.size > 0 ? heap.topItem() : -1;
  }

  const ranked: SuggestedSite[] = [];
  const residentsView = (c: number): Residents => ({
    ...residents, start: Int32Array.of(residents.start[c], residents.start[c + 1]), method: [residents.method[c]],
  });
  const allMet = (): boolean => kinds.every((k) => Object.values(k.needed).every((n) => n === 0));

  let targetsReached = mode === 'targets' && allMet();
  while (!targetsReached) {
    let pick: CategoryState | undefined;
    for (const state of states) {
      if (state.stop) continue;
      if (state.picked >= state.budget) { state.stop = mode === 'budget' ? 'budget-used' : 'max-sites'; continue; }
      const k = best(state);
      if (k < 0 || state.heap.topGain() <= MIN_GAIN) { state.stop = 'no-gain'; continue; }
      if (!pick || state.heap.topGain() > pick.heap.topGain()) pick = state;
    }
    if (!pick) break;
    ranked.push(apply(pick, pick.heap.topItem(), ranked.length + 1));
    pick.heap.pop();
    pick.round++;
    kinds = summarizeKinds(standard, scores);
    if (mode === 'targets') {
      if (allMet()) targetsReached = true;
      else if (updateWanted()) for (const s of states) s.round++;
    }
  }
  // Once the targets are met, a category whose gains ran out stopped because its remaining failures
  // no longer count towards them.
  for (const s of states) if (!s.stop || (targetsReached && s.stop === 'no-gain')) s.stop = 'targets-met';

  function apply(state: CategoryState, k: number, rank: number): SuggestedSite {
    const { gain } = evaluate(state, k);
    const { dist, groupStart, groupDistM, groupCovered } = state;
    const reachedPeople = new Map<number, number>();
    let newly = 0;
    for (let i = state.reachStart[k]; i < state.reachStart[k + 1]; i++) {
      const r = state.reachPoint[i], d = state.reachDistM[i];
      for (const o of state.others) if (d < o[r]) o[r] = d;
      if (d >= dist[r]) continue;
      const c = communityOf[r];
      for (let g = groupStart[c]; g < groupStart[c + 1]; g++) {
        const limit = groupDistM[g] + EPS;
        if (d <= limit && dist[r] > limit) {
          groupCovered[g] += residents.weight[r];
          newly += residents.weight[r];
          reachedPeople.set(c, (reachedPeople.get(c) ?? 0) + residents.weight[r]);
        }
      }
      dist[r] = d;
    }
    state.picked++;
    state.newlyCovered += newly;
    // The site stands in a community (or none): presence rules there, and in its street, may now be met.
    const j0 = state.candidate[k];
    const host = containingCommunity(hostIndex, communities, [sites.lon[j0], sites.lat[j0]]);
    placed.push({ category: state.category, type: state.type, community: host });
    presence = presenceOf(communities, placed);
    const touchedCommunities = new Set(reachedPeople.keys());
    if (host >= 0) {
      const street = communities[host].street;
      communities.forEach((c, ci) => { if (ci === host || (street !== undefined && c.street === street)) touchedCommunities.add(ci); });
    }
    const newlyAttained: Record<Level, string[]> = Object.fromEntries(standard.levels.map((l) => [l.id, []]));
    for (const c of [...touchedCommunities].sort((a, b) => a - b)) {
      const was = scores[c];
      // The community alone: its presence rules are read through its index in the whole set.
      const now = { ...scoreCommunities(standard, [was.community], {
        residents: residentsView(c), distances, presence: singleCommunity(presence, c),
      })[0], community: was.community };
      scores[c] = now;
      for (const l of standard.levels) if (now.attained[l.id] && !was.attained[l.id]) newlyAttained[l.id].push(now.community.id);
    }
    const j = state.candidate[k];
    return {
      rank, category: state.category, categoryRank: state.picked,
      lon: sites.lon[j], lat: sites.lat[j], candidate: j,
      ...(sites.id[j] !== undefined ? { candidateId: sites.id[j] } : {}),
      ...(state.type ? { type: state.type } : {}),
      gain, newlyCovered: newly,
      communitiesReached: [...reachedPeople.keys()].map((c) => scores[c].community.id),
      newlyAttained,
    };
  }

  const shortfall: SitePlan['shortfall'] = {};
  for (const k of kinds) if (Object.keys(k.needed).length) shortfall[k.kind] = { ...k.needed };
  opts.onProgress?.('plan', categories.length, categories.length);
  return {
    sites: ranked,
    levels: standard.levels.map((l) => l.id),
    categories: states.map((s) => ({
      category: s.category,
      ...(mode === 'budget' ? { budget: s.budget } : {}),
      sites: s.picked,
      candidatesSearched: s.candidate.length,
      failingRulesBefore: s.groupDistM.length,
      failingRulesAfter: scores.reduce((n, sc) => n + sc.rules.filter((o) => !o.met && o.rule.category === s.category && !o.rule.within && sc.scored).length, 0),
      newlyCovered: s.newlyCovered,
      stopReason: s.stop!,
    })),
    mode,
    objective,
    candidates: { source: sites.source, count: sites.count, unlinked: sites.unlinked, ...(sites.source === 'network' ? { spacingM: opts.spacingM ?? DEFAULT_CANDIDATE_SPACING_M } : {}) },
    before,
    after: kinds,
    targetsMet: allMet(),
    shortfall,
    scoresAfter: scores,
    guarantee: GUARANTEE,
  };
}

function planCategories(analysis: Analysis, opts: SuggestOptions): string[] {
  const known = new Set(analysis.categories);
  let wanted: string[];
  if (opts.categories) wanted = [...opts.categories];
  else if (opts.budget !== undefined && typeof opts.budget === 'object') wanted = Object.keys(opts.budget);
  else wanted = analysis.categories.filter((c) => analysis.communities.some((s) => s.scored && s.rules.some((o) => !o.met && !o.rule.within && o.rule.category === c)));
  if (opts.budget !== undefined && typeof opts.budget === 'object') {
    for (const c of Object.keys(opts.budget)) {
      if (!known.has(c)) throw new InputError(`the standard scores no category "${c}" (it scores ${[...known].join(', ')})`, undefined, undefined, 'budget');
    }
  }
  for (const c of wanted) {
    if (!known.has(c)) throw new InputError(`the standard scores no category "${c}" (it scores ${[...known].join(', ')})`, undefined, undefined, 'categories');
  }
  return analysis.categories.filter((c) => wanted.includes(c));
}

/** Presence as seen by a one-community scoring call: index 0 stands for community `c` of the analysis. */
function singleCommunity(presence: Presence, c: number): Presence {
  return {
    has: (_, within, category, types) => presence.has(c, within, category, types),
    count: (_, within, category, types) => presence.count(c, within, category, types),
  };
}
