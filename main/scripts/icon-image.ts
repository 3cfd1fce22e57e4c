/**
 * Flowdesk's icon, drawn in code so it can be regenerated anywhere: two chain links (the ⛓ of the
 * banner) on a rounded blue square. Pixels are RGBA, anti-aliased with signed distances.
 */
export interface Image {
  size: number;
  /** RGBA, row by row from the top. */
  pixels: Uint8Array;
}

type Rgb = [number, number, number];

const BACKGROUND_TOP: Rgb = [64, 110, 245];
const BACKGROUND_BOTTOM: Rgb = [38, 70, 190];
const LINK: Rgb = [255, 255, 255];

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** Signed distance to a rounded square centered at 0.5, 0.5. */
function roundedSquare(x: number, y: number, half: number, radius: number): number {
  const qx = Math.abs(x - 0.5) - (half - radius);
  const qy = Math.abs(y - 0.5) - (half - radius);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Signed distance to the outline (of width 2 * thickness) of a capsule from a to b with radius r. */
function capsuleRing(x: number, y: number, ax: number, ay: number, bx: number, by: number, r: number, thickness: number): number {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const t = clamp01((px * dx + py * dy) / (dx * dx + dy * dy));
  const distance = Math.hypot(px - t * dx, py - t * dy) - r;
  return Math.abs(distance) - thickness;
}

export function drawIcon(size: number): Image {
  const pixels = new Uint8Array(size * size * 4);
  const aa = 1 / size;
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const x = (col + 0.5) / size;
      const y = (row + 0.5) / size;
      const background = clamp01(0.5 - roundedSquare(x, y, 0.46, 0.1) / aa);
      // Two links along the diagonal, overlapping in the middle.
      const first = clamp01(0.5 - capsuleRing(x, y, 0.3, 0.3, 0.45, 0.45, 0.12, 0.035) / aa);
      const second = clamp01(0.5 - capsuleRing(x, y, 0.55, 0.55, 0.7, 0.7, 0.12, 0.035) / aa);
      const link = Math.max(first, second);
      const mix = clamp01(y);
      const base = BACKGROUND_TOP.map((top, i) => top + (BACKGROUND_BOTTOM[i] as number - top) * mix) as Rgb;
      const color = base.map((channel, i) => channel + ((LINK[i] as number) - channel) * link);
      const offset = (row * size + col) * 4;
      pixels[offset] = Math.round(color[0] as number);
      pixels[offset + 1] = Math.round(color[1] as number);
      pixels[offset + 2] = Math.round(color[2] as number);
      pixels[offset + 3] = Math.round(255 * background);
    }
  }
  return { size, pixels };
}
