/** Positional reads of the message log: spans grouped into ranges worth one read each, and the read itself. */
import { read as readCb } from 'node:fs';
import type fs from 'node:fs/promises';
import type { Span } from './log-record.js';

/** Spans closer than this are read in one go, up to `MAX_RANGE` bytes a read. */
export const MAX_GAP = 16 * 1024;
const MAX_RANGE = 1024 * 1024;

export interface ReadRange {
  /** Bytes of the file to read: [start, end). */
  start: number;
  end: number;
  /** The spans it covers: indexes `first` to `last` (inclusive). */
  first: number;
  last: number;
}

/** Groups spans (sorted by offset) into ranges worth one read each: [first, last] span indexes. */
export function* ranges(spans: readonly Span[], maxGap: number): Generator<ReadRange> {
  let i = 0;
  while (i < spans.length) {
    const first = spans[i] as Span;
    const start = first.offset;
    let end = start + first.length;
    let last = i;
    while (last + 1 < spans.length) {
      const next = spans[last + 1] as Span;
      const nextEnd = next.offset + next.length;
      if (next.offset - end > maxGap || nextEnd - start > MAX_RANGE) break;
      end = Math.max(end, nextEnd);
      last++;
    }
    yield { start, end, first: i, last };
    i = last + 1;
  }
}

/** Up to `length` bytes at `position` (fewer at the end of the file). fs.read on the descriptor: ~40 % faster than FileHandle.read. */
export async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  if (length <= 0) return Buffer.alloc(0);
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const bytesRead = await new Promise<number>((resolve, reject) => {
      readCb(handle.fd, buf, done, length - done, position + done, (err, n) => (err ? reject(err) : resolve(n)));
    });
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done < length ? buf.subarray(0, done) : buf;
}
