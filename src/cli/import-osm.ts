// `lifecircle import-osm FILE.osm.pbf --out DIR`: the OSM importer writing its four GeoJSON files and
// a summary. Features stream into temporary files as they are made (a province extract need not fit
// in memory as GeoJSON text), and the files are renamed into place only when all are complete.
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { OutputFolder } from '../io/output-folder.js';
import { writeFailure } from '../io/file-errors.js';
import { writeAllSync } from '../io/write-all-sync.js';
import type { Feature } from 'geojson';
import type { OsmImportSummary } from '../io/osm/import-osm.js';
import { importOsmTo } from '../intake/classified-readers.js';
import { assertNotOverwritingInputs } from '../io/protect-inputs.js';

export interface ImportOsmCommandOptions {
  out: string;
  adminLevel?: number;
  /** Kind of communities whose name does not say (see `ImportOsmOptions.communityKind`). */
  kind?: 'urban' | 'rural';
  buildings?: boolean;
  quiet?: boolean;
}

export interface ImportOsmCommandResult {
  summary: OsmImportSummary;
  /** Paths written, by role. */
  files: Record<'network' | 'facilities' | 'communities' | 'buildings' | 'summary', string | undefined>;
}

/** A FeatureCollection written one feature per line into the new output folder, buffered in ~1 MB writes. */
class FeatureFileWriter {
  private fd: number;
  private buffer: string[] = [];
  private bufferedChars = 0;
  private count = 0;

  /** `file` is where it is written (in the new folder), `path` where it will be once the folder is in place. */
  constructor(file: string, readonly path: string) {
    try {
      this.fd = openSync(file, 'w');
    } catch (err) {
      throw writeFailure(err, path);
    }
    this.buffer.push('{"type":"FeatureCollection","features":[\n');
  }

  add(f: Feature): void {
    const text = (this.count++ === 0 ? '' : ',\n') + JSON.stringify(f);
    this.buffer.push(text);
    this.bufferedChars += text.length;
    if (this.bufferedChars > 1 << 20) this.flush();
  }

  private flush(): void {
    try {
      writeAllSync(this.fd, this.buffer.join(''));
    } catch (err) {
      throw writeFailure(err, this.path);
    }
    this.buffer = [];
    this.bufferedChars = 0;
  }

  close(): void {
    this.buffer.push('\n]}\n');
    this.flush();
    closeSync(this.fd);
  }

  discard(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}

function progressReporter(quiet: boolean | undefined): ((phase: string, done: number, total: number) => void) | undefined {
  if (quiet || !process.stderr.isTTY) return undefined;
  let last = '';
  return (phase, done, total) => {
    const text = `import-osm: ${phase} ${total > 0 ? Math.floor((100 * done) / total) : 0}%`;
    if (text !== last) process.stderr.write(`\r${text}   `);
    last = text;
  };
}

const LEVEL_REASONS: Record<OsmImportSummary['adminLevelReason'], string> = {
  requested: 'as asked',
  'covers-parent': 'the finest level with 2 or more complete or clipped boundaries covering their parent areas',
  'finest-with-two': 'the finest level with 2 or more complete or clipped boundaries',
  'finest-complete': 'the only level with a complete or clipped boundary',
  'finest-present': 'no boundary is complete in this extract',
  none: '',
};

/**
 * The lines the command prints: counts, and which admin_level became the communities and why,
 * with the other levels found, so a user sees at once whether to pass --admin-level.
 */
export function importReport(summary: OsmImportSummary, opts: { out: string; buildings?: boolean }): string {
  const c = summary.counts;
  const k = c.communitiesByKind;
  const kinds = [k.urban ? `${k.urban} urban` : '', k.rural ? `${k.rural} rural` : '', k.none ? `${k.none} without kind` : '']
    .filter(Boolean).join(', ');
  const lines = [
    `import-osm: ${c.networkLines} network lines, ${c.facilities} facilities, ${c.communities} communities` +
      `${kinds ? ` (${kinds})` : ''}${opts.buildings ? `, ${c.buildings} buildings` : ''} -> ${opts.out}`,
  ];
  if (summary.adminLevel !== null) {
    const found = Object.keys(summary.adminLevels).sort((a, b) => Number(a) - Number(b))
      .map((l) => {
        const clipped = summary.adminLevelsClipped[l] ? `+${summary.adminLevelsClipped[l]} clipped` : '';
        return `${l}: ${summary.adminLevelsComplete[l] ?? 0}${clipped}/${summary.adminLevels[l]}`;
      }).join(', ');
    const override = summary.adminLevelReason === 'requested' ? '' : '; --admin-level N overrides';
    lines.push(
      `import-osm: communities from admin_level ${summary.adminLevel} (${LEVEL_REASONS[summary.adminLevelReason]})${override}. ` +
        `Levels found (complete[+clipped to the extract]/all): ${found || 'none'}`,
    );
  }
  if (k.none > 0) lines.push('import-osm: communities without kind need --default-kind urban|rural on analyze (or --kind here)');
  return lines.join('\n');
}

export async function importOsmCommand(file: string, opts: ImportOsmCommandOptions): Promise<ImportOsmCommandResult> {
  const path = (name: string) => join(opts.out, name);
  const outputs = ['network.geojson', 'facilities.geojson', 'communities.geojson', 'buildings.geojson', 'import-summary.json'].map(path);
  await assertNotOverwritingInputs(outputs, [file]);
  // Read errors (a folder, a FIFO, a missing file) come before any output is prepared.
  const { checkInputFile } = await import('../io/file-errors.js');
  await checkInputFile(file);
  // The files go into a new folder that replaces --out whole once all are complete (io/output-folder.ts).
  const folder = await OutputFolder.open(opts.out, { inputs: [file] });
  const writer = (name: string) => new FeatureFileWriter(folder.file(name), path(name));
  let writers: Record<'network' | 'facilities' | 'communities', FeatureFileWriter> & { buildings?: FeatureFileWriter };
  try {
    writers = {
      network: writer('network.geojson'),
      facilities: writer('facilities.geojson'),
      communities: writer('communities.geojson'),
      buildings: opts.buildings ? writer('buildings.geojson') : undefined,
    };
  } catch (err) {
    await folder.abort();
    throw err;
  }
  const all = Object.values(writers).filter((w): w is FeatureFileWriter => w !== undefined);
  const progress = progressReporter(opts.quiet);
  let summary: OsmImportSummary;
  const summaryPath = path('import-summary.json');
  const summaryTmp = folder.file('import-summary.json');
  try {
    summary = await importOsmTo(
      file,
      {
        network: (f) => writers.network.add(f),
        facility: (f) => writers.facilities.add(f),
        community: (f) => writers.communities.add(f),
        building: (f) => writers.buildings?.add(f),
      },
      { adminLevel: opts.adminLevel, communityKind: opts.kind, buildings: opts.buildings, onProgress: progress },
    );
    for (const w of all) w.close();
    try {
      const fd = openSync(summaryTmp, 'w');
      try {
        writeAllSync(fd, `${JSON.stringify({ source: file, ...summary }, null, 2)}\n`);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      throw writeFailure(err, summaryPath);
    }
  } catch (err) {
    for (const w of all) w.discard();
    await folder.abort();
    throw err;
  } finally {
    if (progress) process.stderr.write('\n');
  }
  await folder.commit();
  if (!opts.quiet) {
    const warnings = summary.diagnostics.filter((d) => d.level === 'warning');
    process.stderr.write(`${importReport(summary, { out: opts.out, buildings: opts.buildings })}\n`);
    for (const w of warnings) process.stderr.write(`warning: ${w.message}\n`);
  }
  return {
    summary,
    files: {
      network: writers.network.path,
      facilities: writers.facilities.path,
      communities: writers.communities.path,
      buildings: writers.buildings?.path,
      summary: summaryPath,
    },
  };
}
