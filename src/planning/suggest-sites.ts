import type { Analysis } from '../scoring/analyze.js';
import type { LinkOptions } from '../network/link-points.js';
import { subsetLinks } from '../network/link-points.js';
import { NetworkSearch } from '../routing/network-search.js';
import { distanceField, distancesAtPoints } from '../routing/distance-field.js';
import type { Network } from '../network/network.js';
import { pointsByEdge, type PointsByEdge } from '../network/points-by-edge.js';
import { scoreCommunities, type CommunityScore } from '../scoring/score-communities.js';
import { summarizeKinds, type KindSummary } from '../scoring/city-summary.js';
import { ruleDistanceM, THRESHOLD_EPSILON_M } from '../scoring/rule-distance.js';
import { parseFieldKey, ruleFieldKey } from '../scoring/field-key.js';
import { presenceOf, type PlacedFacility, type Presence } from '../scoring/presence.js';
import { communityIndex, containingCommunity, residentCommunities } from '../scoring/residents.js';
import type { Residents } from '../scoring/residents.js';
import type { Community } from '../scoring/communities.js';
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

/**
 * What the categories' searches share, and what each chosen site changes: the communities' scores and
 * the city summary, the residents' distances, and the facilities presence rules see.
 */
interface PlanRun {
  readonly analysis: Analysis;
  readonly mode: SitePlan['mode'];
  readonly objective: SiteObjective;
  readonly sites: CandidateSites;
  /** The community of each resident. */
  readonly communityOf: Int32Array;
  /** Community scores, each replaced when a chosen site changes it. */
  readonly scores: CommunityScore[];
  /** The city summary before any site, and of `scores` now. */
  readonly before: KindSummary[];
  kinds: KindSummary[];
  /** Residents' distances per field key; a planned category's fields are copies, updated as its sites are chosen. */
  readonly distances: Map<string, Float64Array>;
  /** Facilities as presence rules see them: the analysis's, then each chosen site. */
  readonly communities: Community[];
  readonly hostIndex: ReturnType<typeof communityIndex>;
  readonly placed: PlacedFacility[];
  presence: Presence;
  readonly levelCode: Map<Level, number>;
  /** One search, its residents grouped by edge and its visit stamps, reused by every candidate's bounded search. */
  readonly search: NetworkSearch;
  readonly byEdge: PointsByEdge;
  readonly seen: Int32Array;
  token: number;
  /** Per level and kind (level * 2 + kind code): 1 while its rules count towards the gain (see updateWanted). */
  readonly wanted: Uint8Array;
  /** Scratch for evaluate: people newly covered per group, and the groups touched. */
  acc: Float64Array;
  readonly touched: number[];
}

/** The failing rules of one category, as built by failingRules (arrays before they become typed). */
interface FailingRules {
  readonly groupStart: Int32Array;
  readonly distM: number[];
  readonly cap: number[];
  readonly level: number[];
  readonly kind: number[];
  /** Per community, the largest distance of its failing rules (-1 without any). */
  readonly maxDistM: Float64Array;
}

const KIND_CODE: Record<CommunityKind, number> = { urban: 0, rural: 1 };
const KINDS: CommunityKind[] = ['urban', 'rural'];

/**
 * Where new facilities would close the most of the gap to the standard (issue 8): greedy maximal
 * coverage with lazy evaluation, over bounded searches from candidate sites. See GUARANTEE.
 */
export function suggestSites(analysis: Analysis, opts: SuggestOptions = {}): SitePlan {
  const categories = planCategories(analysis, opts);
  const sites = candidateSites(analysis.network, opts);
  const run = startRun(analysis, sites, opts);
  const states = categories.map((category, ci) => {
    opts.onProgress?.(`plan:${category}`, ci, categories.length);
    return prepareCategory(run, category, categoryBudget(opts, category));
  });
  const ranked = chooseSites(run, states);
  opts.onProgress?.('plan', categories.length, categories.length);
  return sitePlan(run, states, ranked, opts);
}

/** The candidates given (features, or sites already made), else network sites every `spacingM`. */
function candidateSites(network: Network, opts: SuggestOptions): CandidateSites {
  if (!opts.candidates) return networkCandidates(network, opts.spacingM ?? DEFAULT_CANDIDATE_SPACING_M, { ...opts, maxSites: opts.maxCandidateSites });
  return 'links' in opts.candidates ? (opts.candidates as CandidateSites)
    : fileCandidates(network, opts.candidates as FeatureInput, { ...opts, source: opts.sources?.candidates });
}

/** Sites a category may get: its budget, or without a budget the cap per category (default none). */
function categoryBudget(opts: SuggestOptions, category: string): number {
  if (opts.budget === undefined) return opts.maxSitesPerCategory ?? Infinity;
  const n = typeof opts.budget === 'number' ? opts.budget : opts.budget[category] ?? 0;
  if (!(Number.isInteger(n) && n >= 0)) throw new InputError(`the budget must be a whole number of sites, got ${n}`, undefined, undefined, `budget.${category}`);
  return n;
}

/** The state every category starts from: the analysis's scores, distances and facilities. */
function startRun(analysis: Analysis, sites: CandidateSites, opts: SuggestOptions): PlanRun {
  const { network, residents, residentLinks, standard } = analysis;
  const communityOf = residentCommunities(residents);
  const scores = analysis.communities.slice();
  const before = summarizeKinds(standard, scores);
  const communities = analysis.communities.map((s) => s.community);
  const run: PlanRun = {
    analysis,
    mode: opts.budget === undefined ? 'targets' : 'budget',
    objective: opts.objective ?? 'shortfall',
    sites,
    communityOf,
    scores,
    before,
    kinds: before,
    distances: new Map(analysis.residentDistancesM),
    communities,
    hostIndex: communityIndex(communities),
    placed: analysis.facilities.map((f) => ({ category: f.category, type: f.type, community: f.community })),
    presence: analysis.presence,
    levelCode: new Map(standard.levels.map((l, i) => [l.id, i])),
    search: new NetworkSearch(network),
    byEdge: pointsByEdge(network.edgeCount, residentLinks),
    seen: new Int32Array(residents.count).fill(-1),
    token: 0,
    wanted: new Uint8Array(standard.levels.length * 2),
    acc: new Float64Array(64),
    touched: [],
  };
  updateWanted(run);
  return run;
}

/**
 * Which (level, kind) still matter: with a budget all; without, only those whose target is unmet (a
 * level also matters while a level above it that requires it has an unmet target). True when any
 * changed, so every candidate's gain is stale.
 */
function updateWanted(run: PlanRun): boolean {
  const levels = run.analysis.standard.levels;
  let changed = false;
  for (const kind of KINDS) {
    const needed = run.kinds.find((k) => k.kind === kind)?.needed ?? {};
    let above = false;
    for (let l = levels.length - 1; l >= 0; l--) {
      const level = levels[l];
      const w: boolean = run.mode === 'budget' || (needed[level.id] ?? 0) > 0 || above;
      above = w && level.requiresBelow;
      const at = l * 2 + KIND_CODE[kind];
      const v = w ? 1 : 0;
      if (run.wanted[at] !== v) { run.wanted[at] = v; changed = true; }
    }
  }
  return changed;
}

/**
 * One category's search, made ready: the field its sites improve, its failing rules, the residents
 * those rules still lack, the candidates that can reach any of them and whom each reaches how far;
 * every candidate's first gain goes on the heap.
 */
function prepareCategory(run: PlanRun, category: string, budget: number): CategoryState {
  const { type, dist, others } = categoryFields(run, category);
  const rules = failingRules(run, category);
  const { element, elementList, boundM } = uncoveredResidents(run, rules, dist);
  const eligible = candidatesNear(run, category, elementList, boundM);
  const reach = candidateReach(run, eligible, boundM, (r, d) => element[r] === 1 && d < dist[r] && d <= rules.maxDistM[run.communityOf[r]] + EPS);
  const state: CategoryState = {
    category, ...(type ? { type } : {}), budget, dist, others, groupStart: rules.groupStart,
    groupDistM: Float64Array.from(rules.distM), groupCap: Float64Array.from(rules.cap), groupCovered: new Float64Array(rules.distM.length),
    groupLevel: Uint8Array.from(rules.level), groupKind: Uint8Array.from(rules.kind),
    candidate: Int32Array.from(eligible), ...reach,
    heap: new GainHeap(eligible.length), round: 0, picked: 0, newlyCovered: 0,
  };
  if (rules.distM.length === 0) state.stop = 'nothing-failing';
  else if (eligible.length === 0) state.stop = 'no-candidates';
  for (let k = 0; k < eligible.length; k++) state.heap.push(k, evaluate(run, state, k).gain, 0);
  return state;
}

/**
 * The field the category's distance rules read, copied so sites can improve it, and the category's
 * other fields likewise (a new site is nearer to everyone it reaches in all of them). A new site is
 * taken to be of the type the rules ask for.
 */
function categoryFields(run: PlanRun, category: string): { type?: string; dist: Float64Array; others: Float64Array[] } {
  const { standard, residents } = run.analysis;
  const { distances } = run;
  const ruleKeys = new Set(standard.rules.filter((r) => r.category === category && !r.within).map(ruleFieldKey));
  const key = ruleKeys.size === 1 ? [...ruleKeys][0] : category;
  const keyTypes = parseFieldKey(key).types;
  const type = keyTypes ? (keyTypes.includes('station') ? 'station' : keyTypes[0]) : undefined;
  const known = distances.get(key);
  const dist = known ? Float64Array.from(known) : new Float64Array(residents.count).fill(Infinity);
  distances.set(key, dist);
  const others = [...distances.keys()].filter((k) => k !== key && parseFieldKey(k).category === category);
  for (const k of others) distances.set(k, Float64Array.from(distances.get(k)!));
  return { type, dist, others: others.map((k) => distances.get(k)!) };
}

/**
 * Failing distance rules of the category, per measurable community, each capped at the people it
 * lacks (uncapped for the population objective). Presence rules are met by building inside the
 * community, not by reach: not this planner's job.
 */
function failingRules(run: PlanRun, category: string): FailingRules {
  const { residents } = run.analysis;
  const { scores } = run;
  const groupStart = new Int32Array(scores.length + 1);
  const distM: number[] = [], cap: number[] = [], level: number[] = [], kind: number[] = [];
  const maxDistM = new Float64Array(scores.length).fill(-1);
  scores.forEach((s, c) => {
    if (s.scored) {
      let weight = 0;
      for (let r = residents.start[c]; r < residents.start[c + 1]; r++) weight += residents.weight[r];
      for (const outcome of s.rules) {
        if (outcome.met || outcome.rule.category !== category || outcome.rule.within) continue;
        const d = ruleDistanceM(outcome.rule);
        distM.push(d);
        cap.push(run.objective === 'population' ? Infinity : Math.max(0, outcome.rule.minShare * weight - outcome.share * weight));
        level.push(run.levelCode.get(outcome.rule.level) ?? 0);
        kind.push(KIND_CODE[s.community.kind]);
        if (d > maxDistM[c]) maxDistM[c] = d;
      }
    }
    groupStart[c + 1] = distM.length;
  });
  return { groupStart, distM, cap, level, kind, maxDistM };
}

/**
 * The elements of the coverage problem: linked residents with people, not yet within some failing
 * rule's distance; and the largest such distance, which bounds every search.
 */
function uncoveredResidents(run: PlanRun, rules: FailingRules, dist: Float64Array): { element: Uint8Array; elementList: number[]; boundM: number } {
  const { residents, residentLinks } = run.analysis;
  const { groupStart, distM } = rules;
  const element = new Uint8Array(residents.count);
  const elementList: number[] = [];
  let boundM = 0;
  for (let c = 0; c < run.scores.length; c++) {
    for (let g = groupStart[c]; g < groupStart[c + 1]; g++) {
      for (let r = residents.start[c]; r < residents.start[c + 1]; r++) {
        if (element[r] || residents.weight[r] <= 0 || residentLinks.edge[r] < 0) continue;
        if (dist[r] > distM[g] + EPS) { element[r] = 1; elementList.push(r); }
      }
      if (distM[g] > boundM) boundM = distM[g];
    }
  }
  return { element, elementList, boundM };
}

/**
 * Candidates (linked, and allowed this category) within `boundM` of some element: only they can gain
 * anything, and one multi-source search from the elements finds them all.
 */
function candidatesNear(run: PlanRun, category: string, elementList: number[], boundM: number): number[] {
  const { network, residentLinks } = run.analysis;
  const { sites } = run;
  const eligible: number[] = [];
  if (elementList.length === 0) return eligible;
  const field = distanceField(network, subsetLinks(residentLinks, elementList), { maxDistM: boundM + EPS, search: run.search });
  const near = distancesAtPoints(field, sites.links).distM;
  for (let j = 0; j < sites.count; j++) {
    const allowed = sites.categories[j];
    if (near[j] < Infinity && sites.links.edge[j] >= 0 && (!allowed || allowed.includes(category))) eligible.push(j);
  }
  return eligible;
}

/**
 * Whom each eligible candidate reaches within `boundM`, and how far: a bounded search per candidate,
 * keeping the residents `keep` accepts (CSR: candidate k's from reachStart[k] to reachStart[k + 1]).
 */
function candidateReach(
  run: PlanRun, eligible: number[], boundM: number, keep: (r: number, d: number) => boolean,
): Pick<CategoryState, 'reachStart' | 'reachPoint' | 'reachDistM'> {
  const { network, residentLinks } = run.analysis;
  const reachStart = new Int32Array(eligible.length + 1);
  const points: number[] = [], dists: number[] = [];
  eligible.forEach((j, k) => {
    pointsWithin(network, run.search, run.byEdge, residentLinks, run.sites.links, j, boundM + EPS, run.seen, run.token++, (r, d) => {
      if (keep(r, d)) { points.push(r); dists.push(d); }
    });
    reachStart[k + 1] = points.length;
  });
  return { reachStart, reachPoint: Int32Array.from(points), reachDistM: Float64Array.from(dists) };
}

/**
 * Candidate k's gain now (people newly within a failing rule that still counts, each rule capped at
 * what it still lacks) and the people it would newly cover, uncapped.
 */
function evaluate(run: PlanRun, state: CategoryState, k: number): { gain: number; newly: number } {
  const { dist, groupStart, groupDistM, groupCap, groupCovered, groupLevel, groupKind, reachPoint, reachDistM } = state;
  const { communityOf, wanted, touched } = run;
  const weight = run.analysis.residents.weight;
  if (run.acc.length < groupDistM.length) run.acc = new Float64Array(groupDistM.length);
  const acc = run.acc;
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
        acc[g] += weight[r];
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
function best(run: PlanRun, state: CategoryState): number {
  const heap = state.heap;
  while (heap.size > 0 && heap.topRound() !== state.round) heap.updateTop(evaluate(run, state, heap.topItem()).gain, state.round);
  return heap.size > 0 ? heap.topItem() : -1;
}

/**
 * The greedy across categories: each round the category whose best candidate gains most adds it;
 * without a budget, until the targets are met. A category stops when its budget is used or its gains
 * run out; once the targets are met, one whose gains ran out stopped because its remaining failures
 * no longer count towards them.
 */
function chooseSites(run: PlanRun, states: CategoryState[]): SuggestedSite[] {
  const ranked: SuggestedSite[] = [];
  let targetsReached = run.mode === 'targets' && allMet(run.kinds);
  while (!targetsReached) {
    let pick: CategoryState | undefined;
    for (const state of states) {
      if (state.stop) continue;
      if (state.picked >= state.budget) { state.stop = run.mode === 'budget' ? 'budget-used' : 'max-sites'; continue; }
      const k = best(run, state);
      if (k < 0 || state.heap.topGain() <= MIN_GAIN) { state.stop = 'no-gain'; continue; }
      if (!pick || state.heap.topGain() > pick.heap.topGain()) pick = state;
    }
    if (!pick) break;
    ranked.push(addSite(run, pick, pick.heap.topItem(), ranked.length + 1));
    pick.heap.pop();
    pick.round++;
    run.kinds = summarizeKinds(run.analysis.standard, run.scores);
    if (run.mode === 'targets') {
      if (allMet(run.kinds)) targetsReached = true;
      else if (updateWanted(run)) for (const s of states) s.round++;
    }
  }
  for (const s of states) if (!s.stop || (targetsReached && s.stop === 'no-gain')) s.stop = 'targets-met';
  return ranked;
}

function allMet(kinds: readonly KindSummary[]): boolean {
  return kinds.every((k) => Object.values(k.needed).every((n) => n === 0));
}

/** Candidate k becomes a site: the residents it reaches get nearer, and the communities it changes are re-scored. */
function addSite(run: PlanRun, state: CategoryState, k: number, rank: number): SuggestedSite {
  const { gain } = evaluate(run, state, k);
  const { newly, reachedPeople } = coverReach(run, state, k);
  state.picked++;
  state.newlyCovered += newly;
  const j = state.candidate[k];
  const host = placeSite(run, state, j);
  const newlyAttained = rescoreCommunities(run, changedCommunities(run, reachedPeople, host));
  const { sites, scores } = run;
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

/**
 * Candidate k's residents take its distance where it is nearer (in every field of the category), and
 * the failing rules it brings them within count them as covered. Returns the people newly covered,
 * in total and per community.
 */
function coverReach(run: PlanRun, state: CategoryState, k: number): { newly: number; reachedPeople: Map<number, number> } {
  const { dist, groupStart, groupDistM, groupCovered } = state;
  const { communityOf } = run;
  const weight = run.analysis.residents.weight;
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
        groupCovered[g] += weight[r];
        newly += weight[r];
        reachedPeople.set(c, (reachedPeople.get(c) ?? 0) + weight[r]);
      }
    }
    dist[r] = d;
  }
  return { newly, reachedPeople };
}

/** The site stands in a community (or none): it joins the facilities presence rules count. Returns that community, or -1. */
function placeSite(run: PlanRun, state: CategoryState, j: number): number {
  const host = containingCommunity(run.hostIndex, run.communities, [run.sites.lon[j], run.sites.lat[j]]);
  run.placed.push({ category: state.category, type: state.type, community: host });
  run.presence = presenceOf(run.communities, run.placed);
  return host;
}

/** Communities whose score a new site may change: those it reaches, and its host and the host's street (presence rules). Ascending. */
function changedCommunities(run: PlanRun, reachedPeople: ReadonlyMap<number, number>, host: number): number[] {
  const changed = new Set(reachedPeople.keys());
  if (host >= 0) {
    const street = run.communities[host].street;
    run.communities.forEach((c, ci) => { if (ci === host || (street !== undefined && c.street === street)) changed.add(ci); });
  }
  return [...changed].sort((a, b) => a - b);
}

/** Re-scores the communities named; returns, per level, the ids of those that newly attain it. */
function rescoreCommunities(run: PlanRun, changed: readonly number[]): Record<Level, string[]> {
  const { standard, residents } = run.analysis;
  const { scores } = run;
  const newlyAttained: Record<Level, string[]> = Object.fromEntries(standard.levels.map((l) => [l.id, []]));
  for (const c of changed) {
    const was = scores[c];
    // The community alone: its presence rules are read through its index in the whole set.
    const now = { ...scoreCommunities(standard, [was.community], {
      residents: communityResidents(residents, c), distances: run.distances, presence: singleCommunity(run.presence, c),
    })[0], community: was.community };
    scores[c] = now;
    for (const l of standard.levels) if (now.attained[l.id] && !was.attained[l.id]) newlyAttained[l.id].push(now.community.id);
  }
  return newlyAttained;
}

/** The residents of community c alone, as a one-community scoring call reads them. */
function communityResidents(residents: Residents, c: number): Residents {
  return { ...residents, start: Int32Array.of(residents.start[c], residents.start[c + 1]), method: [residents.method[c]] };
}

/** The plan: the sites in the order chosen, why each category stopped, and the city before and after. */
function sitePlan(run: PlanRun, states: readonly CategoryState[], ranked: SuggestedSite[], opts: SuggestOptions): SitePlan {
  const { standard } = run.analysis;
  const { mode, scores, sites, kinds } = run;
  const shortfall: SitePlan['shortfall'] = {};
  for (const k of kinds) if (Object.keys(k.needed).length) shortfall[k.kind] = { ...k.needed };
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
    objective: run.objective,
    candidates: { source: sites.source, count: sites.count, unlinked: sites.unlinked, ...(sites.source === 'network' ? { spacingM: opts.spacingM ?? DEFAULT_CANDIDATE_SPACING_M } : {}) },
    before: run.before,
    after: kinds,
    targetsMet: allMet(kinds),
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
