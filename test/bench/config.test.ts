import { describe, expect, it } from 'vitest';
import { loadConfig, parsePhases, PHASES } from '../../bench/config.js';

describe('bench settings', () => {
  it('defaults to the full run: 5 s cells, 3 rounds, 1/10/64 connections, issue 7 counts', () => {
    const c = loadConfig({});
    expect(c.quick).toBe(false);
    expect(c.durationSec).toBe(5);
    expect(c.rounds).toBe(3);
    expect(c.connections).toEqual([1, 10, 64]);
    expect(c.growthFlows).toBe(1000);
    expect(c.growthMessages).toBe(100_000);
    expect(c.soakRuns).toBe(100_000);
    expect(c.soakFirst).toBe(1000);
    expect(c.phases).toEqual([...PHASES]);
  });

  it('scales everything down with BENCH_QUICK', () => {
    const c = loadConfig({ BENCH_QUICK: '1' });
    expect(c.quick).toBe(true);
    expect(c.durationSec).toBeLessThan(5);
    expect(c.growthMessages).toBeLessThan(100_000);
    expect(c.soakRuns).toBeLessThan(100_000);
  });

  it('lets BENCH_DURATION and BENCH_ROUNDS override the mode’s defaults', () => {
    const c = loadConfig({ BENCH_QUICK: 'yes', BENCH_DURATION: '2.5', BENCH_ROUNDS: '4' });
    expect(c.durationSec).toBe(2.5);
    expect(c.rounds).toBe(4);
  });

  it('always measures 10 connections (the targets are there)', () => {
    expect(loadConfig({ BENCH_CONNECTIONS: '64,1' }).connections).toEqual([1, 10, 64]);
  });

  it('rejects malformed numbers and unknown phases', () => {
    expect(() => loadConfig({ BENCH_DURATION: 'fast' })).toThrow(/BENCH_DURATION/);
    expect(() => loadConfig({ BENCH_CONNECTIONS: '1,x' })).toThrow(/BENCH_CONNECTIONS/);
    expect(() => parsePhases('load,warp')).toThrow(/warp/);
  });

  it('keeps the phase order whatever order BENCH_ONLY lists them in', () => {
    expect(parsePhases('soak, start')).toEqual(['start', 'soak']);
  });
});
