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
