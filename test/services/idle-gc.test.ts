import { describe, expect, it } from 'vitest';
import { IdleCollector } from '../../server/idle-gc.js';

function harness() {
  const state = { used: 10, busy: 0, collected: 0, freedTo: 10 };
  const collector = new IdleCollector({
    gc: () => {
      state.collected++;
      state.used = state.freedTo;
    },
    heapUsed: () => state.used,
    busy: () => state.busy,
    minGrowthBytes: 5,
  });
  return { state, collector };
}

describe('IdleCollector', () => {
  it('collects twice once the loop is idle after the heap grew, then rests', () => {
    const { state, collector } = harness();
    state.used = 40;
    state.busy = 0.9;
    collector.tick();
    expect(state.collected).toBe(0);
    state.busy = 0;
    collector.tick();
    collector.tick();
    expect(state.collected).toBe(2);
    collector.tick();
    collector.tick();
    expect(state.collected).toBe(2);
  });

  it('leaves a heap that barely grew alone, and never collects while busy', () => {
    const { state, collector } = harness();
    state.used = 13;
    collector.tick();
    expect(state.collected).toBe(0);
    state.used = 50;
    state.busy = 0.5;
    for (let i = 0; i < 5; i++) collector.tick();
    expect(state.collected).toBe(0);
  });

  it('drops the follow-up collection when work starts again in between', () => {
    const { state, collector } = harness();
    state.used = 40;
    collector.tick();
    expect(state.collected).toBe(1);
    state.busy = 0.3;
    collector.tick();
    state.busy = 0;
    state.used = 12;
    collector.tick();
    expect(state.collected).toBe(1);
  });

  it('is available only when Node exposes gc()', () => {
    const hadGc = 'gc' in globalThis;
    expect(IdleCollector.fromGlobal() !== undefined).toBe(hadGc && typeof (globalThis as { gc?: unknown }).gc === 'function');
  });
});
