import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TurnGate } from '../../server/http/turn-gate.js';

describe('TurnGate', () => {
  it('lets the first callers of a turn go on at once, the rest a few per later turn, in order', async () => {
    const gate = new TurnGate(3);
    const started: number[] = [];
    const waits: Promise<void>[] = [];
    for (let i = 0; i < 8; i++) {
      const turn = gate.wait();
      if (turn === undefined) started.push(i);
      else waits.push(turn.then(() => void started.push(i)));
    }
    expect(started).toEqual([0, 1, 2]);
    expect(gate.waiting).toBe(5);
    await nextTurn();
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    await Promise.all(waits);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(gate.waiting).toBe(0);
  });

  it('lets timers run between the turns of a long queue', async () => {
    const gate = new TurnGate(2); // 2,500 turns: longer than a timer's 1 ms
    const order: string[] = [];
    const waits: Promise<void>[] = [];
    for (let i = 0; i < 5000; i++) {
      const turn = gate.wait();
      waits.push((turn ?? Promise.resolve()).then(() => void order.push(`run${i}`)));
    }
    const timer = new Promise<void>((resolve) => setTimeout(() => (order.push('timer'), resolve()), 0));
    await Promise.all([...waits, timer]);
    const at = order.indexOf('timer');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(order.length - 1);
  });

  it('starts over every turn: callers of a quiet later turn go on at once', async () => {
    const gate = new TurnGate(1);
    expect(gate.wait()).toBeUndefined();
    const second = gate.wait();
    expect(second).toBeInstanceOf(Promise);
    await second;
    await nextTurn();
    await nextTurn();
    expect(gate.wait()).toBeUndefined();
    expect(() => new TurnGate(0)).toThrow(RangeError);
  });
});
