import { describe, expect, it } from 'vitest';
import { max, mean, median, percentile, ratio, round, summarize } from '../../bench/stats.js';

describe('bench statistics', () => {
  it('takes the middle value as the median of an odd sample, whatever its order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([9])).toBe(9);
  });

  it('averages the two middle values as the median of an even sample', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('interpolates percentiles between closest ranks (R-7, like numpy)', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(10);
    expect(percentile(values, 50)).toBe(5.5);
    expect(percentile(values, 90)).toBeCloseTo(9.1, 10);
    expect(percentile(values, 99)).toBeCloseTo(9.91, 10);
    const hundred = Array.from({ length: 101 }, (_, i) => i);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 50)).toBe(50);
  });

  it('ignores NaN and answers NaN for an empty sample', () => {
    expect(median([NaN, 2, 4])).toBe(3);
    expect(median([])).toBeNaN();
    expect(percentile([], 99)).toBeNaN();
    expect(mean([])).toBeNaN();
    expect(max([])).toBeNaN();
  });

  it('rejects a percentile outside 0..100', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('summarises a latency sample', () => {
    const s = summarize([4, 1, 3, 2, 5]);
    expect(s).toEqual({ count: 5, p50: 3, p90: 4.6, p99: expect.closeTo(4.96, 10) as number, max: 5, mean: 3 });
  });

  it('gives NaN for ratios it cannot form, and null when rounding NaN', () => {
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(3, 0)).toBeNaN();
    expect(ratio(NaN, 2)).toBeNaN();
    expect(round(1.23456, 2)).toBe(1.23);
    expect(round(NaN)).toBeNull();
  });
});
