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
    .addOption(new Option('--admin-level <n>', 'admin_level of the boundaries that become communities (default: the finest level with at least 2 complete boundaries, preferring one that covers its parent areas)').argParser(positiveNumber))
    .addOption(new Option('--kind <kind>', 'kind of communities whose name does not say it (names ending in 村 are rural, in 社区 or 居委会 urban)').choices(['urban', 'rural'] as const))
    .option('--buildings', 'also write buildings as resident points weighted by footprint x levels')
    .option('--quiet', 'no progress output')
    .addHelpText('after', `
Community kind: a name ending in 村 (村委会) makes a rural community, one ending in 社区 (居委会) an urban
one; other communities get --kind if given, else no kind: then pass --default-kind urban|rural to
analyze, or add kind per feature. The summary line says which admin_level was used and why.

Examples:
  $ lifecircle import-osm guangzhou.osm.pbf --out gz --admin-level 10 --buildings
  $ lifecircle analyze --network gz/network.geojson --facilities gz/facilities.geojson \\
      --communities gz/communities.geojson --population gz/buildings.geojson --default-kind urban`)
    .action(async (file, opts) => {
      // importOsmCommand reports what it wrote itself (one line on stderr, unless --quiet).
      await importOsmCommand(file, opts);
    });
}
