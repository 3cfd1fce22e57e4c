/** Memory over many runs: idle RSS after the first N runs vs after all of them (10 connections). */
import { setTimeout as sleep } from 'node:timers/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { BenchContext } from './context.js';
import { RUN_BODY } from './context.js';
import { findTemplateFlow, listFlows } from './flowdesk-api.js';
import { runLoad } from './load.js';
import { MESSAGE_LOG } from './message-history.js';
import { runUrl } from './phase-load.js';
import { readRss, startFlowdesk } from './procs.js';
import type { BenchResults } from './results.js';

/** Number of lines in a file (streamed). */
export async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file)) {
    const buf = chunk as Buffer;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  }
  return n;
}

export async function measureSoak(ctx: BenchContext): Promise<NonNullable<BenchResults['soak']>> {
  const { config } = ctx;
  const dir = await ctx.tempDir('soak');
  const server = await startFlowdesk({ dataDir: dir, core: ctx.pinning.serverCore });
  let total = 0;
  try {
    const url = runUrl(server, findTemplateFlow(await listFlows(server.url)).id, 'json');
    const first = await runLoad({ url, connections: 10, amount: config.soakFirst, body: RUN_BODY });
    total += first.ok;
    await sleep(config.idlePauseMs);
    const rssAfterFirstMb = readRss(server.pid).rssMb;
    ctx.log(`  after ${total} runs: idle RSS ${rssAfterFirstMb.toFixed(1)} MB`);

    const rest = Math.max(0, config.soakRuns - config.soakFirst);
    let rps = NaN;
    if (rest > 0) {
      const r = await runLoad({ url, connections: 10, amount: rest, body: RUN_BODY, timeoutSec: 30 });
      total += r.ok;
      rps = r.rps;
    }
    await sleep(config.idlePauseMs);
    const rssAfterAllMb = readRss(server.pid).rssMb;
    ctx.log(`  after ${total} runs: idle RSS ${rssAfterAllMb.toFixed(1)} MB`);
    await server.stop();
    const storedMessages = await countLines(path.join(dir, MESSAGE_LOG)).catch(() => null);
    return {
      first: config.soakFirst,
      total,
      rssAfterFirstMb,
      rssAfterAllMb,
      growthPct: (rssAfterAllMb / rssAfterFirstMb - 1) * 100,
      rps,
      storedMessages,
    };
  } finally {
    await server.stop();
  }
}
