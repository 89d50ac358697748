// A river: a meandering band, x-monotone, with no streets in it. Streets cross it only on bridges,
// which is what makes the far bank miss services that are close as the crow flies.

export interface RiverSpec {
  /** Centre line y at x = 0, metres. */
  y0: number;
  /** Meander amplitude and wavelength, metres. */
  amplitudeM: number;
  wavelengthM: number;
  phase: number;
  halfWidthM: number;
  /** The band exists only for x in [xMin, xMax]; beyond, the river has left the map. */
  xMin: number;
  xMax: number;
}

export class River {
  constructor(readonly spec: RiverSpec) {}

  centreY(x: number): number {
    const s = this.spec;
    return s.y0 + s.amplitudeM * Math.sin((2 * Math.PI * x) / s.wavelengthM + s.phase);
  }

  /** Inside the band (widened by marginM); distance measured north-south, good enough for gentle meanders. */
  contains(x: number, y: number, marginM = 0): boolean {
    const s = this.spec;
    if (x < s.xMin || x > s.xMax) return false;
    return Math.abs(y - this.centreY(x)) < s.halfWidthM + marginM;
  }

  /** -1 south of the centre line, +1 north; 0 where the river is absent. */
  side(x: number, y: number): number {
    const s = this.spec;
    if (x < s.xMin || x > s.xMax) return 0;
    return y < this.centreY(x) ? -1 : 1;
  }

  /** Whether the straight segment a-b touches the band (sampled every 10 m). */
  crossedBy(ax: number, ay: number, bx: number, by: number, marginM = 0): boolean {
    const steps = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / 10));
    let side0 = 0;
    for (let k = 0; k <= steps; k++) {
      const t = k / steps;
      const x = ax + (bx - ax) * t;
      const y = ay + (by - ay) * t;
      if (this.contains(x, y, marginM)) return true;
      const side = this.side(x, y);
      if (side !== 0) {
        if (side0 !== 0 && side !== side0) return true;
        side0 = side;
      }
    }
    return false;
  }

  /** Parameters t0 < t1 along a-b where it enters and leaves the band widened by marginM, or null. */
  crossingSpan(ax: number, ay: number, bx: number, by: number, marginM: number): [number, number] | null {
    const steps = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / 5));
    let t0 = -1;
    let t1 = -1;
    for (let k = 0; k <= steps; k++) {
      const t = k / steps;
      if (this.contains(ax + (bx - ax) * t, ay + (by - ay) * t, marginM)) {
        if (t0 < 0) t0 = t;
        t1 = t;
      }
    }
    if (t0 < 0) return null;
    return [Math.max(0, t0 - 1 / steps), Math.min(1, t1 + 1 / steps)];
  }
}

export function inAnyRiver(rivers: readonly River[], x: number, y: number, marginM = 0): boolean {
  for (const r of rivers) if (r.contains(x, y, marginM)) return true;
  return false;
}

export function crossesAnyRiver(rivers: readonly River[], ax: number, ay: number, bx: number, by: number): River | null {
  for (const r of rivers) if (r.crossedBy(ax, ay, bx, by)) return r;
  return null;
}
