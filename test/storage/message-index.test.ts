import { describe, expect, it } from 'vitest';
import { MessageIndex } from '../../server/storage/message-index.js';

describe('MessageIndex spans', () => {
  it('keeps offsets past 4 GiB and lines of 64 KiB or more exactly', () => {
    const index = new MessageIndex();
    const spans = [
      { offset: 0, length: 120 },
      { offset: 120, length: 65_535 },
      { offset: 65_655, length: 70_000 },
      { offset: 2 ** 32 - 1, length: 1 },
      { offset: 2 ** 32 + 5, length: 300 },
      { offset: 7 * 2 ** 32 + 123_456, length: 2 ** 20 },
      { offset: 7 * 2 ** 32 + 123_456 + 2 ** 20, length: 65_534 },
    ];
    const seqs = spans.map((span, i) => index.add(span.offset, span.length, 's', 'f', 1_000 + i));
    expect(seqs.map((seq) => index.span(seq))).toEqual(spans);
    expect([...index.liveSpans()]).toEqual(spans);
    expect(index.newestFirst({ sessionId: 's' }, 10)).toEqual([...seqs].reverse());
  });

  it('treats a long line like any other when it is deleted and compacted', () => {
    const index = new MessageIndex();
    index.add(0, 100_000, 'a', 'f', 1);
    index.add(100_000, 50, 'b', 'f', 2);
    index.add(100_050, 200_000, 'b', 'f', 3);
    expect(index.deleteSession('a')).toBe(1);
    expect(index.count).toBe(2);
    const compacted = index.compacted();
    expect([...compacted.liveSpans()]).toEqual([
      { offset: 0, length: 50 },
      { offset: 50, length: 200_000 },
    ]);
  });
});

describe('MessageIndex columns', () => {
  it('keeps sessions and flows apart past 65,535 of them', () => {
    const index = new MessageIndex();
    const n = 70_000;
    for (let i = 0; i < n; i++) index.add(i * 10, 10, `s${i}`, i % 3 === 0 ? null : `f${i}`, 1_000_000 + i * 1000);
    for (const i of [0, 1, 65_533, 65_534, 65_535, 65_536, n - 1]) {
      expect(index.newestFirst({ sessionId: `s${i}` }, 5)).toEqual([i]);
      expect(index.newestFirst({ flowId: `f${i}` }, 5)).toEqual(i % 3 === 0 ? [] : [i]);
    }
    expect(index.deleteSession('s65536')).toBe(1);
    expect(index.count).toBe(n - 1);
    expect(index.deleteFlow('f65537')).toBe(1);
    expect(index.count).toBe(n - 2);
  });

  it('orders by time to the second, and by log order within a second', () => {
    const index = new MessageIndex();
    const a = index.add(0, 10, 's', 'f', Date.parse('2026-01-01T00:00:05.900Z'));
    const b = index.add(10, 10, 's', 'f', Date.parse('2026-01-01T00:00:05.100Z'));
    const c = index.add(20, 10, 's', 'f', Date.parse('2026-01-01T00:00:04.000Z'));
    const d = index.add(30, 10, 's', 'f', Date.parse('2026-01-01T00:00:06.000Z'));
    expect(index.newestFirst({ sessionId: 's' }, 10)).toEqual([d, b, a, c]);
    expect(index.newestFirst({}, 10)).toEqual([d, b, a, c]);
  });
});
