/**
 * Compaction of the message log: copies the records at given spans (in log order) into a new file,
 * back to back, so their new offsets are their lengths summed. The caller swaps the files.
 */
import fs from 'node:fs/promises';
import type { Span } from './log-record.js';
import { MAX_GAP, ranges, readAt } from './positional-read.js';
import { removeIfPresent } from './fs-utils.js';

/** Spans copied per batch of reads. */
const BATCH = 10_000;

/**
 * Writes the records of `file` (read through `reader`) at `spans` to `tmp` (created 0600; synced
 * when `fsync`); returns its size. On failure `tmp` is removed.
 */
export async function copyRecords(file: string, reader: fs.FileHandle, spans: Iterable<Span>, tmp: string, fsync: boolean): Promise<number> {
  const out = await fs.open(tmp, 'w', 0o600);
  let size = 0;
  try {
    const batch: Span[] = [];
    const copy = async (): Promise<void> => {
      for (const job of ranges(batch, MAX_GAP)) {
        const buf = await readAt(reader, job.start, job.end - job.start);
        const parts: Buffer[] = [];
        for (let k = job.first; k <= job.last; k++) {
          const span = batch[k] as Span;
          const from = span.offset - job.start;
          if (from + span.length > buf.length) throw new Error(`${file} changed while being compacted`);
          parts.push(buf.subarray(from, from + span.length));
        }
        const data = Buffer.concat(parts);
        await out.write(data, 0, data.length);
        size += data.length;
      }
      batch.length = 0;
    };
    for (const span of spans) {
      batch.push(span);
      if (batch.length >= BATCH) await copy();
    }
    await copy();
    if (fsync) await out.sync();
  } catch (err) {
    await out.close().catch(() => undefined);
    await removeIfPresent(tmp).catch(() => undefined);
    throw err;
  }
  await out.close();
  return size;
}
