import type { Standard } from '../standards/standard.js';
import type { Community } from './communities.js';

/** What zone resolution found, for the diagnostics. */
export interface ZoneDiagnostics {
  /** Communities whose zone came from their district. */
  readonly fromDistrict: number;
  /** Communities with neither zone nor a district the standard knows, where the standard has zoned rules for their kind. */
  readonly missing: string[];
  /** District names the standard's table does not list (each once). */
  readonly unknownDistricts: string[];
}

/** "越秀区", "越秀" and " 越秀区 " are one district. */
function districtKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/区$/, '');
}

/**
 * Each community's zone: its own `zone`, else its `district` in the standard's `districtZones`.
 * A community with neither keeps no zone (it gets the unzoned rules) and is named in the diagnostics,
 * when the standard has zoned rules for its kind: never a silent default.
 */
export function resolveZones(standard: Standard, communities: readonly Community[]): { communities: Community[]; zones: ZoneDiagnostics } {
  const table = new Map(Object.entries(standard.districtZones ?? {}).map(([d, z]) => [districtKey(d), z]));
  const zonedKinds = new Set(standard.rules.filter((r) => r.zone !== undefined).map((r) => r.kind));
  let fromDistrict = 0;
  const missing: string[] = [];
  const unknown = new Set<string>();
  const out = communities.map((c) => {
    if (c.zone !== undefined) return c;
    const zone = c.district !== undefined ? table.get(districtKey(c.district)) : undefined;
    if (zone !== undefined) {
      fromDistrict++;
      return { ...c, zone, zoneFrom: 'district' as const };
    }
    if (c.district !== undefined && table.size > 0) unknown.add(c.district);
    if (zonedKinds.has(c.kind)) missing.push(c.id);
    return c;
  });
  return { communities: out, zones: { fromDistrict, missing, unknownDistricts: [...unknown] } };
}
