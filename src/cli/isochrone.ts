import type { Command } from '@commander-js/extra-typings';
import { InvalidArgumentError, Option } from '@commander-js/extra-typings';
import type { Feature, Position } from 'geojson';
import { InputError } from '../errors.js';
import { checkPosition } from '../geo/validate-coordinates.js';
import { buildNetwork } from '../network/build-network.js';
import type { Network } from '../network/network.js';
import { DEFAULT_SNAP_MAX_M } from '../network/link-points.js';
import { isochrones } from '../isochrone/isochrones.js';
import { DEFAULT_CAP_M, DEFAULT_CELL_M, DEFAULT_MINUTES } from '../isochrone/options.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import { readInputLayer, readPointFeatures } from './load-inputs.js';
import { LAYER_SOURCES_HELP, positiveNumberList, SHARED_OPTION_HELP, SPEED_KMH, SNAP_MAX_M, numberInRange } from './shared-options.js';
import { say, sayWarnings } from './progress.js';
import { assertNotOverwritingInputs } from '../io/protect-inputs.js';
import type { ImportDiagnostic } from '../io/diagnostics.js';

/** Collects `--from LON,LAT` values (the flag may repeat and takes several values). */
function collectPosition(value: string, previous: Position[] | undefined): Position[] {
  const parts = value.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || !parts.every(Number.isFinite)) throw new InvalidArgumentError(`expected LON,LAT, got "${value}"`);
  try {
    checkPosition(parts, undefined, 0, 'LON,LAT');
  } catch (err) {
    throw new InvalidArgumentError(err instanceof InputError ? `"${value}": ${err.message.replace(/^.*field LON,LAT: /, '')}` : String(err));
  }
  return [...(previous ?? []), parts];
}

/** Whether a position with its axes exchanged falls inside the network's extent: the usual mistake. */
function swappedWouldFit(network: Network, [lon, lat]: Position): boolean {
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (let v = 0; v < network.vertexCount; v++) {
    const x = network.vertexLon[v], y = network.vertexLat[v];
    if (x < minLon) minLon = x; if (x > maxLon) maxLon = x; if (y < minLat) minLat = y; if (y > maxLat) maxLat = y;
  }
  return lat >= minLon && lat <= maxLon && lon >= minLat && lon <= maxLat;
}

export function registerIsochrone(program: Command): void {
  program
    .command('isochrone')
    .description('walking isochrones: one polygon per origin and threshold, nested, holes kept, as GeoJSON')
    .requiredOption('--network <source>', 'street network: LineStrings in any input format (see below)')
    .option('--from <lon,lat...>', 'an origin as longitude,latitude (repeat for several)', collectPosition)
    .option('--origins <file>', 'origins: GeoJSON Points (or Polygons) or CSV with lon,lat; named by their id')
    .option('--minutes <list>', `comma-separated thresholds in minutes (default ${DEFAULT_MINUTES.join(',')})`, positiveNumberList)
    .option('--out <file>', 'GeoJSON to write (default: standard output)')
    .option('--lines', 'add the reached street pieces as LineStrings with fromMin and toMin')
    .addOption(new Option('--cell-m <n>', `raster cell size in metres (default ${DEFAULT_CELL_M})`).argParser(numberInRange(0.1, 1000, 'metres')))
    .addOption(new Option('--cap-m <n>', `longest walk off the street that counts as reached, metres (default ${DEFAULT_CAP_M})`).argParser(numberInRange(1, 10_000, 'metres')))
    .addOption(new Option('--speed-kmh <n>', SHARED_OPTION_HELP.speedKmh).argParser(SPEED_KMH))
    .addOption(new Option('--snap-max-m <n>', SHARED_OPTION_HELP.snapMaxM).argParser(SNAP_MAX_M))
    .option('--quiet', SHARED_OPTION_HELP.quiet)
    .addHelpText('after', LAYER_SOURCES_HELP)
    .addHelpText('after', `
Output: a FeatureCollection with one MultiPolygon per origin and threshold (properties origin, minutes,
linked); an origin farther than --snap-max-m from every street gets empty polygons and linked: false.

Examples:
  $ lifecircle isochrone --network streets.geojson --from 113.3245,23.1063 --out iso.geojson
  $ lifecircle isochrone --network streets.geojson --from 113.32,23.10 113.33,23.11 --minutes 5,15,30 --lines
  $ lifecircle isochrone --network streets.geojsonl --origins schools.geojson --minutes 15 --cell-m 20 --out schools-15.geojson`)
    .action(async (opts) => {
      if (!opts.from === !opts.origins) throw new InputError('give the origins either with --from LON,LAT or with --origins FILE (one of the two)');
      if (opts.out) await assertNotOverwritingInputs([opts.out], [opts.network, opts.origins]);
      const notes: ImportDiagnostic[] = [];
      const network = buildNetwork(await readInputLayer(opts.network, notes), { source: opts.network });
      const origins: (Feature | Position)[] = opts.from ?? await readPointFeatures(opts.origins!, notes, { role: 'points', crsFlag: '' });
      sayWarnings(notes, opts.quiet);
      const options = {
        minutes: opts.minutes,
        cellM: opts.cellM,
        capM: opts.capM,
        speedKmh: opts.speedKmh,
        snapMaxM: opts.snapMaxM,
        source: opts.origins,
      };
      const result = opts.lines ? isochrones(network, origins, { ...options, lines: true }) : isochrones(network, origins, options);

      const unlinked = new Set<string | number>();
      for (const f of result.features) if ('linked' in f.properties && !f.properties.linked) unlinked.add(f.properties.origin);
      for (const origin of unlinked) {
        const position = opts.from && typeof origin === 'number' ? opts.from[origin] : undefined;
        const hint = position && swappedWouldFit(network, position) ? `; [${position[1]}, ${position[0]}] would lie on the network: did you give LAT,LON? --from takes LON,LAT` : '';
        say(opts.quiet, `note: origin ${JSON.stringify(origin)} is farther than ${opts.snapMaxM ?? DEFAULT_SNAP_MAX_M} m from every street; its polygons are empty (linked: false)${hint}`);
      }
      const json = JSON.stringify(result);
      if (opts.out) {
        await writeFileAtomic(opts.out, json);
        const minutes = opts.minutes ?? DEFAULT_MINUTES;
        say(opts.quiet, `wrote ${opts.out}: ${origins.length} origins x ${minutes.length} thresholds (${unlinked.size} unlinked)`);
      } else {
        process.stdout.write(`${json}\n`);
      }
    });
}
