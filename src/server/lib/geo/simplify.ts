/** GeoJSON positions as the boundary files hold them: [longitude, latitude]. */
export type Position = [number, number];
export type Ring = Position[];
export type Polygon = Ring[];
export type MultiPolygon = Polygon[];

/** Squared distance from p to the segment a–b (planar: fine at a province's scale). */
function segmentDistance2(p: Position, a: Position, b: Position): number {
  let [x, y] = a;
  let dx = b[0] - x;
  let dy = b[1] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((p[0] - x) * dx + (p[1] - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) [x, y] = b;
    else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = p[0] - x;
  dy = p[1] - y;
  return dx * dx + dy * dy;
}

/** Douglas–Peucker on an open line: the points that stray more than `tolerance` from the simpler line are kept. */
function douglasPeucker(points: Ring, tolerance: number): Ring {
  if (points.length <= 2) return points.slice();
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  const limit = tolerance * tolerance;
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let worst = 0;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance2(points[i]!, points[first]!, points[last]!);
      if (d > worst) {
        worst = d;
        index = i;
      }
    }
    if (index !== -1 && worst > limit) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

const round = (v: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
};

function roundRing(ring: Ring, decimals: number): Ring {
  const out: Ring = [];
  for (const [x, y] of ring) {
    const p: Position = [round(x, decimals), round(y, decimals)];
    const prev = out[out.length - 1];
    if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) out.push(p);
  }
  return out;
}

/**
 * A closed ring simplified: cut in two at the point farthest from its start (a closed ring's
 * ends coincide, which Douglas–Peucker cannot measure against), each half simplified, the
 * coordinates rounded. A ring too small to survive keeps its shape at a finer rounding, so
 * that an islet stays on the map.
 */
export function simplifyRing(ring: Ring, tolerance: number, decimals: number): Ring {
  const open = ring.slice(0, -1);
  if (open.length < 3) return ring;
  let far = 1;
  let farDistance = -1;
  for (let i = 1; i < open.length; i++) {
    const d = (open[i]![0] - open[0]![0]) ** 2 + (open[i]![1] - open[0]![1]) ** 2;
    if (d > farDistance) {
      farDistance = d;
      far = i;
    }
  }
  const a = douglasPeucker(open.slice(0, far + 1), tolerance);
  const b = douglasPeucker([...open.slice(far), open[0]!], tolerance);
  const simple = roundRing([...a, ...b.slice(1)], decimals);
  if (simple.length >= 4) return simple;
  const fine = roundRing(ring, decimals + 1);
  return fine.length >= 4 ? fine : ring;
}

/** Every ring of every polygon simplified (see simplifyRing). */
export function simplifyMultiPolygon(mp: MultiPolygon, tolerance: number, decimals = 4): MultiPolygon {
  return mp.map((polygon) => polygon.map((ring) => simplifyRing(ring, tolerance, decimals)));
}

export type BBox = [west: number, south: number, east: number, north: number];

export function bboxOf(mp: MultiPolygon): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of mp) for (const [x, y] of polygon[0] ?? []) {
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  return box;
}

/** Whether two boxes overlap once the first is widened by `margin` on every side. */
export function boxesMeet(a: BBox, b: BBox, margin = 0): boolean {
  return a[0] - margin <= b[2] && b[0] <= a[2] + margin && a[1] - margin <= b[3] && b[1] <= a[3] + margin;
}

/** Planar area of a ring (shoelace), in square degrees: enough to tell the mainland from islets. */
export function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j]![0] + ring[i]![0]) * (ring[j]![1] - ring[i]![1]);
  return Math.abs(sum / 2);
}
