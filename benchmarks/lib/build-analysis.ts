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
