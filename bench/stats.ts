/** Small, dependency-free statistics for the bench: medians, percentiles, ratios. */

/** Sorted copy, ascending; NaN and non-finite values are dropped. */
export function sorted(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

/**
 * The p-th percentile (0 ≤ p ≤ 100) by linear interpolation between the closest ranks
 * (the "R-7" / Excel PERCENTILE.INC definition, also numpy's default). NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const s = sorted(values);
  return percentileOfSorted(s, p);
}

/** Like `percentile`, for an array already sorted ascending (no copy: for large samples). */
export function percentileOfSorted(s: readonly number[], p: number): number {
  if (s.length === 0) return NaN;
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = s[lo] as number;
  const b = s[hi] as number;
  return a + (b - a) * (rank - lo);
}

/** The median: the middle value, or the mean of the two middle values. NaN for no values. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function mean(values: readonly number[]): number {
  const s = sorted(values);
  if (s.length === 0) return NaN;
  let sum = 0;
  for (const v of s) sum += v;
  return sum / s.length;
}

export function max(values: readonly number[]): number {
  const s = sorted(values);
  return s.length === 0 ? NaN : (s[s.length - 1] as number);
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** p50/p90/p99/max/mean of a latency sample (ms). */
export function summarize(values: readonly number[]): LatencySummary {
  const s = sorted(values);
  let sum = 0;
  for (const v of s) sum += v;
  return {
    count: s.length,
    p50: percentileOfSorted(s, 50),
    p90: percentileOfSorted(s, 90),
    p99: percentileOfSorted(s, 99),
    max: s.length ? (s[s.length - 1] as number) : NaN,
    mean: s.length ? sum / s.length : NaN,
  };
}

/** a ÷ b, NaN when either is missing or b is 0. */
export function ratio(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return NaN;
  return a / b;
}

/** Rounds to `digits` decimals, keeping NaN as null for JSON. */
export function round(value: number, digits = 2): number | null {
  if (!Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
