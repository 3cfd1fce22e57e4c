import { describe, expect, it } from 'vitest';
import { freeSpot, type Box } from '../../renderer/src/editor/placement.js';

const size = { width: 300, height: 200 };
const meets = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('freeSpot', () => {
  it('keeps the preferred spot when it is free', () => {
    expect(freeSpot({ x: 100, y: 100 }, size, [{ x: 1000, y: 1000, width: 300, height: 200 }])).toEqual({ x: 100, y: 100 });
  });

  it('moves to the nearest free spot, leaving a gap, when the preferred one is taken', () => {
    const taken = [{ x: 100, y: 100, width: 300, height: 200 }];
    const spot = freeSpot({ x: 100, y: 100 }, size, taken);
    expect(meets({ ...spot, ...size }, { x: 100 - 24, y: 100 - 24, width: 300 + 48, height: 200 + 48 })).toBe(false);
    expect(Math.hypot(spot.x - 100, spot.y - 100)).toBeLessThanOrEqual(360);
  });

  it('finds room among many nodes, and each added node gets its own place', () => {
    const taken: Box[] = [];
    for (let i = 0; i < 12; i++) {
      const spot = freeSpot({ x: 0, y: 0 }, size, taken);
      expect(taken.some((box) => meets({ ...spot, ...size }, box))).toBe(false);
      taken.push({ ...spot, ...size });
    }
  });
});
