/** [minX, minY, maxX, maxY]; Infinity and -Infinity when there are no points. */
export type Extent = [minX: number, minY: number, maxX: number, maxY: number];

/**
 * The box holding every point (xs[i], ys[i]), grown from `into` when given (so several point sets make
 * one box). Typed arrays and plain arrays alike; one pass, no allocation besides the box.
 */
export function extentOf(xs: ArrayLike<number>, ys: ArrayLike<number>, into: Extent = [Infinity, Infinity, -Infinity, -Infinity]): Extent {
  let [minX, minY, maxX, maxY] = into;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i], y = ys[i];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  into[0] = minX; into[1] = minY; into[2] = maxX; into[3] = maxY;
  return into;
}
