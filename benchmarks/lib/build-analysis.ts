// A built dist/ folder's modules, and one analysis of a synthetic city's files made by it: what the
// A/B scripts (capacity-bench.ts, experiments/catchment-kernel.ts, experiments/per-resident-2sfca.ts)
// compare two builds on.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A module of a built dist/ folder (`file` relative to it, e.g. 'scoring/two-step-fca.js'). Untyped: builds differ. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const loadBuild = (build: string, file: string): Promise<any> => import(pathToFileURL(resolve(build, file)).href);

/** The city's four GeoJSON files read and analysed by `build`, as `lifecircle analyze` would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function analyseCity(build: string, cityDir: string): Promise<any> {
  const { readAnalysisInputs } = await loadBuild(build, 'cli/load-inputs.js');
  const { analyze } = await loadBuild(build, 'scoring/analyze.js');
  const read = await readAnalysisInputs({
    network: `${cityDir}/network.geojson`, facilities: `${cityDir}/facilities.geojson`,
    communities: `${cityDir}/communities.geojson`, population: `${cityDir}/population.geojson`,
  }, {}, []);
  return analyze({ network: read.network, facilities: read.facilities, communities: read.communities, population: read.population });
}

/**
 * The route and capacity stages of `analyze` for an analysis made by `analyseCity`, on a router of
 * `build` (the calling thread and its workers), to be timed one by one: `route()` routes every field the
 * standard needs as analyze does; `serve(routed)` serves every category (2SFCA included) from those
 * fields with a fresh 2SFCA cache, as one command does, and returns the communities' access per category.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function routeAndServe(build: string, a: any) {
  const { fieldKeysOf, fieldMembers } = await loadBuild(build, 'scoring/route-fields.js');
  const { subsetLinks } = await loadBuild(build, 'network/link-points.js');
  const { serveCategories } = await loadBuild(build, 'scoring/serve-facilities.js');
  const { ParallelRouter } = await loadBuild(build, 'parallel/parallel-router.js');
  const { NetworkSearch } = await loadBuild(build, 'routing/network-search.js');
  const router = ParallelRouter.start(a.network);
  await router.ready;
  const keys: string[] = fieldKeysOf(a.standard, a.categories);
  const keepNodes = keys.map((key) => a.categories.includes(key));
  return {
    router,
    /** The fields routed. */
    keys,
    route: (): unknown[] => router.route(keys.map((key) => subsetLinks(a.facilityLinks, fieldMembers(a.facilities, key))), a.residentLinks, undefined, keepNodes),
    serve(routed: unknown[]): Map<string, Float64Array> {
      const nearest = new Map(keys.map((key, k) => [key, routed[k]]));
      // A fresh copy of the residents' links: a cache of its own, as one command builds.
      const ctx = {
        network: a.network, standard: a.standard, communities: a.communities.map((c: { community: unknown }) => c.community),
        residents: a.residents, residentLinks: { ...a.residentLinks }, facilityLinks: a.facilityLinks,
        search: new NetworkSearch(a.network), catchments: router,
      };
      const access = new Map<string, Float64Array>();
      serveCategories(ctx, a.facilities.map((f: object) => ({ ...f })), a.categories, (c: string) => nearest.get(c), access);
      return access;
    },
  };
}
