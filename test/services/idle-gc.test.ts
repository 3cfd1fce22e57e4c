import { describe, expect, it } from 'vitest';
import { IdleCollector } from '../../server/idle-gc.js';

function harness() {
  const state = { used: 10, requests: 0, working: false, collected: 0, freedTo: 10 };
  const collector = new IdleCollector({
    gc: () => {
      state.collected++;
      state.used = state.freedTo;
    },
    heapUsed: () => state.used,
    activity: () => state.requests,
    working: () => state.working,
    minGrowthBytes: 5,
  });
  return { state, collector };
}

describe('IdleCollector', () => {
  it('collects twice once requests stop after the heap grew, then rests', () => {
    const { state, collector } = harness();
    state.used = 40;
    state.requests = 100;
    collector.tick();
    expect(state.collected).toBe(0);
    collector.tick();
    collector.tick();
    expect(state.collected).toBe(2);
    collector.tick();
    collector.tick();
    expect(state.collected).toBe(2);
  });

  it('leaves a heap that barely grew alone, and never collects while requests come or a run goes on', () => {
    const { state, collector } = harness();
    state.used = 13;
    collector.tick();
    expect(state.collected).toBe(0);
    state.used = 50;
    for (let i = 0; i < 5; i++) {
      state.requests++;
      collector.tick();
    }
    state.working = true;
    for (let i = 0; i < 5; i++) collector.tick();
    expect(state.collected).toBe(0);
  });

  it('drops the follow-up collection when requests come in between', () => {
    const { state, collector } = harness();
    state.used = 40;
    collector.tick();
    expect(state.collected).toBe(1);
    state.requests++;
    collector.tick();
    state.used = 12;
    collector.tick();
    expect(state.collected).toBe(1);
  });

  it('is available only when Node exposes gc()', () => {
    const exposed = typeof (globalThis as { gc?: unknown }).gc === 'function';
    expect(IdleCollector.fromGlobal({ activity: () => 0 }) !== undefined).toBe(exposed);
  });
});
