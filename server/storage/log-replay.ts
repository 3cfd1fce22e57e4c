/**
 * Replays the message log at open: every record with the span of its line, in log order. A last
 * line without its newline that is not a whole record (a write cut by a kill) is truncated away
 * with a warning; a whole record missing only its newline gets it. Unreadable lines elsewhere (a
 * hand edit, a disk fault) are skipped and counted; the file is then copied aside (the caller
 * rewrites the log without them).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { copyAside, errnoCode } from './fs-utils.js';
import { parseRecord, type LogRecord, type Span } from './log-record.js';

const NEWLINE = 0x0a;
const READ_CHUNK = 4 * 1024 * 1024;

export interface ReplayStats {
  /** Good records read. */
  records: number;
  /** Unreadable lines skipped (the log should be rewritten without them). */
  badLines: number;
}

export interface Replayed {
  stats: ReplayStats;
  /** Bytes of the file that hold complete records (the file's size after the repair). */
  size: number;
}

export async function replayLog(file: string, warn: (message: string) => void, apply: (record: LogRecord, span: Span) => void): Promise<Replayed> {
  const stats: ReplayStats = { records: 0, badLines: 0 };
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return { stats, size: 0 };
    throw err;
  }
  let goodEnd = 0;
  let tail = Buffer.alloc(0);
  try {
    const chunk = Buffer.allocUnsafe(READ_CHUNK);
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, READ_CHUNK, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const buf = tail.length ? Buffer.concat([tail, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      // `buf` starts at file offset `goodEnd` (just after the last complete line).
      let start = 0;
      for (let nl = buf.indexOf(NEWLINE, start); nl !== -1; nl = buf.indexOf(NEWLINE, start)) {
        const text = buf.toString('utf8', start, nl);
        const span = { offset: goodEnd + start, length: nl + 1 - start };
        start = nl + 1;
        if (text.trim() === '') continue;
        const record = parseRecord(text);
        if (record) {
          stats.records++;
          apply(record, span);
        } else {
          stats.badLines++;
        }
      }
      goodEnd += start;
      tail = Buffer.from(buf.subarray(start));
    }
  } finally {
    await handle.close();
  }
  const name = path.basename(file);
  const last = tail.toString('utf8');
  const lastRecord = last.trim() === '' ? undefined : parseRecord(last);
  if (lastRecord) {
    // A whole record missing only its newline (a hand edit, or a write cut just before it): keep it.
    await fs.appendFile(file, '\n');
    stats.records++;
    apply(lastRecord, { offset: goodEnd, length: tail.length + 1 });
    goodEnd += tail.length + 1;
  } else if (tail.length > 0) {
    await fs.truncate(file, goodEnd);
    if (last.trim() !== '') {
      warn(`${name}: dropped an incomplete last record (${tail.length} bytes, left by an interrupted write); everything before it is kept`);
    }
  }
  if (stats.badLines > 0) {
    const copy = await copyAside(file);
    warn(`${name}: skipped ${stats.badLines} unreadable line(s); the original is kept as ${copy} and the log is rewritten without them`);
  }
  return { stats, size: goodEnd };
}
