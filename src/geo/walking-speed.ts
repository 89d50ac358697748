/**
 * The one default walking pace: 3.6 km/h (60 m per minute), the pace behind the Chinese standards'
 * 800-1000 m per 15 minutes. A standard or `speedKmh` option may change it.
 */
export const DEFAULT_WALK_SPEED_KMH = 3.6;

/** Metres walked per minute at a speed in km/h. */
export function metresPerMinute(speedKmh: number): number {
  return (speedKmh * 1000) / 60;
}
