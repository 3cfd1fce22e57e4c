/**
 * Where a node added by a click goes: the free spot nearest to where the user looks, so a new node
 * never lands on top of another. Pure, for tests.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Room kept between nodes. */
const GAP = 24;
/** How far apart the candidate spots are, and how many rings of them are tried. */
const STEP = 40;
const RINGS = 40;

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP;
}

/**
 * The top-left corner nearest `preferred` (in flow coordinates) where a box of `size` meets none of
 * `taken`, searched ring by ring on a grid around it; `preferred` itself when nothing is free nearby.
 */
export function freeSpot(preferred: { x: number; y: number }, size: { width: number; height: number }, taken: readonly Box[]): { x: number; y: number } {
  const fits = (x: number, y: number) => !taken.some((box) => overlaps({ x, y, ...size }, box));
  if (fits(preferred.x, preferred.y)) return preferred;
  for (let ring = 1; ring <= RINGS; ring++) {
    let best: { x: number; y: number; distance: number } | null = null;
    for (let dx = -ring; dx <= ring; dx++) {
      for (let dy = -ring; dy <= ring; dy++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        const x = preferred.x + dx * STEP;
        const y = preferred.y + dy * STEP;
        const distance = Math.hypot(dx, dy);
        if ((best === null || distance < best.distance) && fits(x, y)) best = { x, y, distance };
      }
    }
    if (best) return { x: best.x, y: best.y };
  }
  return preferred;
}
