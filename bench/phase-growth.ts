/**
 * Scaling with stored data: a store with many flows (imported through the API) and a long message
 * history (appended to the message log directly, see message-history.ts) against a store that
 * starts empty: /run throughput at 10 connections (interleaved rounds), the flow list's latency,
 * start → first 200, idle RSS, and whether storing a message appends to the log or rewrites it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { BenchContext } from './context.js';
import { RUN_BODY } from './context.js';
import { countMessages, findTemplateFlow, importBulkFlows, listFlows } from './flowdesk-api.js';
import { runLoad } from './load.js';
import { MESSAGE_LOG, appendHistory } from './message-history.js';
import { runUrl } from './phase-load.js';
import { readRss, startFlowdesk, type ServerProcess } from './procs.js';
import type { BenchResults } from './results.js';
import { median } from './stats.js';

/** Every 10th simulated run goes to the starter flow the load hits, in its default session. */
const STARTER_SHARE = 10;

export async function measureGrowth(ctx: BenchContext): Promise<NonNullable<BenchResults['growth']>> {
  const { config } = ctx;
  const core = ctx.pinning.serverCore;
  const grownDir = await ctx.tempDir('grown');

  // 1. Flows through the API.
  let server = await startFlowdesk({ dataDir: grownDir, core });
  let starterId: string;
  let bulkIds: string[];
  try {
    const t0 = Date.now();
    bulkIds = (await importBulkFlows(server.url, config.growthFlows)).map((f) => f.id);
    starterId = findTemplateFlow(await listFlows(server.url)).id;
    ctx.log(`  imported ${bulkIds.length} flows through POST /api/v1/flows/upload/ in ${Date.now() - t0} ms`);
  } finally {
    await server.stop();
  }

  // 2. Messages straight into the log, while no server holds the directory.
  const flowIds: string[] = [];
  for (let i = 0; i < Math.max(bulkIds.length, 1); i++) flowIds.push(i % STARTER_SHARE === 0 || bulkIds.length === 0 ? starterId : (bulkIds[i] as string));
  const t1 = Date.now();
  const bytes = await appendHistory(grownDir, { messages: config.growthMessages, flowIds, flowIdSessions: [starterId] });
  ctx.log(`  appended ${config.growthMessages.toLocaleString('en-US')} messages (${(bytes / 1e6).toFixed(1)} MB) to ${MESSAGE_LOG} in ${Date.now() - t1} ms`);

  // 3. Start → first 200 on the grown store.
  const startSamples: number[] = [];
  for (let round = 0; round < config.startRounds; round++) {
    const s = await startFlowdesk({ dataDir: grownDir, core });
    try {
      startSamples.push(s.startMs);
      if (round === 0) {
        const stored = await countMessages(s.url, starterId);
        const expectedMin = Math.floor(config.growthMessages / STARTER_SHARE) - 2;
        if (config.growthMessages > 0 && stored < expectedMin) throw new Error(`the server read ${stored} messages of the starter flow from the written log, expected about ${expectedMin}: the log format may have changed`);
      }
    } finally {
      await s.stop();
    }
  }
  ctx.log(`  grown store start: ${startSamples.map((v) => v.toFixed(0)).join(', ')} ms`);

  // 4. Grown vs empty, both up on the server core.
  server = await startFlowdesk({ dataDir: grownDir, core });
  let empty: ServerProcess | undefined;
  try {
    empty = await startFlowdesk({ dataDir: await ctx.tempDir('empty'), core });
    const emptyStarter = findTemplateFlow(await listFlows(empty.url)).id;
    await sleep(config.idlePauseMs);
    const idleRssMb = readRss(server.pid).rssMb;

    const listUrl = `${server.url}/api/v1/flows/`;
    const listBytes = Buffer.byteLength(await (await fetch(listUrl)).text());
    await runLoad({ url: listUrl, connections: 1, amount: Math.min(20, config.flowListRequests) });
    const list = await runLoad({ url: listUrl, connections: 1, amount: config.flowListRequests, timeoutSec: 60 });
    ctx.log(`  GET /api/v1/flows/ (${Math.round(listBytes / 1024)} KB): p50 ${list.latency.p50.toFixed(2)} ms, p99 ${list.latency.p99.toFixed(2)} ms`);

    const warm = Math.min(1, config.durationSec);
    await runLoad({ url: runUrl(server, starterId, 'json'), connections: 10, durationSec: warm, body: RUN_BODY });
    await runLoad({ url: runUrl(empty, emptyStarter, 'json'), connections: 10, durationSec: warm, body: RUN_BODY });

    const logFile = path.join(grownDir, MESSAGE_LOG);
    const before = await stat(logFile);
    const grownRounds: { rps: number; p50: number; p99: number; ok: number }[] = [];
    const emptyRounds: { rps: number; p50: number; p99: number }[] = [];
    for (let round = 0; round < config.rounds; round++) {
      const order = round % 2 === 0 ? ['empty', 'grown'] : ['grown', 'empty'];
      for (const which of order) {
        const target = which === 'grown' ? runUrl(server, starterId, 'json') : runUrl(empty, emptyStarter, 'json');
        const r = await runLoad({ url: target, connections: 10, durationSec: config.durationSec, body: RUN_BODY });
        const entry = { rps: r.rps, p50: r.latency.p50, p99: r.latency.p99, ok: r.ok };
        if (which === 'grown') grownRounds.push(entry);
        else emptyRounds.push(entry);
        ctx.log(`  growth round ${round + 1}/${config.rounds} ${which.padEnd(5)}: ${Math.round(r.rps)} req/s, p99 ${r.latency.p99.toFixed(2)} ms`);
        await sleep(200);
      }
    }
    const after = await stat(logFile);
    const runs = grownRounds.reduce((sum, r) => sum + r.ok, 0);
    const inodeSame = before.ino === after.ino;
    const pick = (list: { rps: number; p50: number; p99: number }[]) => ({ rps: median(list.map((x) => x.rps)), p50: median(list.map((x) => x.p50)), p99: median(list.map((x) => x.p99)) });
    return {
      flows: bulkIds.length,
      messages: config.growthMessages,
      rounds: config.rounds,
      empty: pick(emptyRounds),
      grown: pick(grownRounds),
      flowListP50Ms: list.latency.p50,
      flowListP99Ms: list.latency.p99,
      flowListBytes: listBytes,
      startMs: median(startSamples),
      startSamplesMs: startSamples,
      idleRssMb,
      log: {
        appendOnly: inodeSame && after.size > before.size,
        inodeSame,
        bytesBefore: before.size,
        bytesAfter: after.size,
        runs,
        bytesPerRun: runs > 0 ? (after.size - before.size) / runs : NaN,
      },
    };
  } finally {
    await Promise.all([server.stop(), empty?.stop()]);
  }
}
