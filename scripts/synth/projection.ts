import CheapRuler from 'cheap-ruler';

// Generators work in local metres (x east, y north) around an origin and convert to WGS-84 only when
// writing, with cheap-ruler's factors: the same flat-earth approximation the library projects with,
// so a 100 m block here is 100 m there.
export class Projection {
  readonly kx: number;
  readonly ky: number;

  constructor(
    readonly lon0: number,
    readonly lat0: number,
  ) {
    const ruler = new CheapRuler(lat0, 'meters');
    this.kx = ruler.kx;
    this.ky = ruler.ky;
  }

  /** Longitude rounded to 7 decimals (about 1 cm), the precision at which the library merges vertices. */
  lon(x: number): number {
    return round7(this.lon0 + x / this.kx);
  }

  lat(y: number): number {
    return round7(this.lat0 + y / this.ky);
  }
}

export function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

/** Guangzhou's Haizhu/Tianhe area, where the demo and the benchmark cities are laid out. */
export const GUANGZHOU = new Projection(113.3, 23.1);
