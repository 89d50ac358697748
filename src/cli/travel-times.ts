import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import { buildNetwork } from '../network/build-network.js';
import { travelTimes } from '../routing/travel-times.js';
import { travelTimesCsv } from '../report/travel-times-csv.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import { readInputLayer, readPointFeatures } from './load-inputs.js';
import { LAYER_SOURCES_HELP, nameList, SHARED_OPTION_HELP, CRS_CHOICES, ENCODING_CHOICES, CSV_OPTION_HELP, SPEED_KMH, SNAP_MAX_M } from './shared-options.js';
import type { ImportDiagnostic } from '../io/diagnostics.js';
import { say, sayWarnings } from './progress.js';
import { assertNotOverwritingInputs } from '../io/protect-inputs.js';
import { BASE_CATEGORY_IDS } from '../standards/categories.js';

export function registerTravelTimes(program: Command): void {
  program
    .command('travel-times')
    .description('walking minutes from every point to the nearest facility of each category, as CSV')
    .requiredOption('--network <source>', 'street network: LineStrings in any input format (see below)')
    .requiredOption('--facilities <source>', 'facilities: GeoJSON Points (or Polygons) with a `category` property, or CSV with lon,lat,category')
    .requiredOption('--points <source>', 'points to measure from: GeoJSON Points or CSV with lon,lat')
    .option('--categories <list>', 'comma-separated categories, in this order (default: all present)', nameList)
    .option('--out <file>', 'CSV to write (default: standard output)')
    .addOption(new Option('--speed-kmh <n>', SHARED_OPTION_HELP.speedKmh).argParser(SPEED_KMH))
    .addOption(new Option('--snap-max-m <n>', SHARED_OPTION_HELP.snapMaxM).argParser(SNAP_MAX_M))
    .addOption(new Option('--crs <crs>', CSV_OPTION_HELP.crs).choices(CRS_CHOICES))
    .addOption(new Option('--points-crs <crs>', CSV_OPTION_HELP.pointsCrs).choices(CRS_CHOICES))
    .addOption(new Option('--encoding <name>', CSV_OPTION_HELP.encoding).choices(ENCODING_CHOICES))
    .option('--quiet', SHARED_OPTION_HELP.quiet)
    .addHelpText('after', LAYER_SOURCES_HELP)
    .addHelpText('after', `
Examples:
  $ lifecircle travel-times --network streets.geojson --facilities clinics.geojson --points homes.geojson --out times.csv
  $ lifecircle travel-times --network streets.geojsonl --facilities pois.csv --points grid.csv --categories health,grocery`)
    .action(async (opts) => {
      if (opts.out) await assertNotOverwritingInputs([opts.out], [opts.network, opts.facilities, opts.points]);
      const notes: ImportDiagnostic[] = [];
      const network = buildNetwork(await readInputLayer(opts.network, notes), { source: opts.network });
      const facilities = await readPointFeatures(opts.facilities, notes, { role: 'facilities', crs: opts.crs, crsFlag: '--crs', encoding: opts.encoding, allowEmpty: true });
      const points = await readPointFeatures(opts.points, notes, { role: 'points', crs: opts.pointsCrs, crsFlag: '--points-crs', encoding: opts.encoding });
      sayWarnings(notes, opts.quiet);
      const result = travelTimes(network, facilities, points, {
        categories: opts.categories,
        knownCategories: BASE_CATEGORY_IDS,
        speedKmh: opts.speedKmh,
        snapMaxM: opts.snapMaxM,
        facilitiesSource: opts.facilities,
        pointsSource: opts.points,
      });
      const csv = travelTimesCsv(result);
      if (opts.out) {
        await writeFileAtomic(opts.out, csv);
        const d = result.diagnostics;
        say(opts.quiet, `wrote ${opts.out}: ${points.length} points x ${result.categories.length} categories` +
          ` (${d.unlinkedPoints} points and ${d.unlinkedFacilities} facilities unlinked, ${d.facilitiesWithoutCategory} facilities without category)`);
      } else {
        process.stdout.write(csv);
      }
    });
}
