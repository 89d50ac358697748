import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import { importOsmCommand } from './import-osm.js';
import { positiveNumber } from './shared-options.js';

export function registerImportOsm(program: Command): void {
  program
    .command('import-osm')
    .description('turn an OpenStreetMap extract (.osm.pbf) into analyze inputs: network, facilities, communities, buildings')
    .argument('<file>', 'an .osm.pbf extract')
    .requiredOption('--out <dir>', 'folder for network.geojson, facilities.geojson, communities.geojson (and buildings.geojson)')
    .addOption(new Option('--admin-level <n>', 'admin_level of the boundaries that become communities (default: the finest level present)').argParser(positiveNumber))
    .option('--buildings', 'also write buildings as resident points weighted by footprint x levels')
    .option('--quiet', 'no progress output')
    .addHelpText('after', `
Communities come out without a kind: pass --default-kind urban|rural to analyze, or add kind per feature.

Examples:
  $ lifecircle import-osm guangzhou.osm.pbf --out gz --admin-level 10 --buildings
  $ lifecircle analyze --network gz/network.geojson --facilities gz/facilities.geojson \\
      --communities gz/communities.geojson --population gz/buildings.geojson --default-kind urban`)
    .action(async (file, opts) => {
      // importOsmCommand reports what it wrote itself (one line on stderr, unless --quiet).
      await importOsmCommand(file, opts);
    });
}
