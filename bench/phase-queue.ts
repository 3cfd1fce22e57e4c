/**
 * Queued runs (issue 15): the per-run cost of `--queue-url` over an in-process run (text-template
 * flow, blocking, one at a time, both servers on the same PostgreSQL database), and run throughput
 * through one and then two `flowdesk worker` processes on a fake provider that answers in 200 ms.
 * Skipped, with the reason printed, when PostgreSQL or Redis does not answer.
 */
import type { BenchContext } from './context.js';
import { startFakeOpenAI } from '../test/support/fake-openai.js';
import { createTestDatabase, postgresUnavailable } from '../test/support/postgres.js';
import { createTestPrefix, QUEUE_URL, redisUnavailable } from '../test/support/redis.js';
import { spawnWorker, type SpawnedWorker } from '../test/support/spawn-worker.js';
import { createFlow, listFlows, relayFlowDocument, requestJson } from './flowdesk-api.js';
import { startFlowdesk, type ServerProcess } from './procs.js';
import type { BenchResults } from './results.js';
import { percentile } from './stats.js';

const PROVIDER_DELAY_MS = 200;
const SECRET_KEY = Buffer.alloc(32, 5).toString('base64');

async function timedRun(base: string, flow: string): Promise<number> {
  const t0 = performance.now();
  const res = await requestJson<unknown>(`${base}/api/v1/run/${flow}`, { method: 'POST', body: { input_value: 'bench' } });
  if (res.status !== 200) throw new Error(`run of ${flow} through ${base} answered ${res.status}: ${JSON.stringify(res.json).slice(0, 200)}`);
  return performance.now() - t0;
}

/** Runs completed per second with `parallel` runs kept in flight for `seconds`. */
async function throughput(base: string, flow: string, parallel: number, seconds: number): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const lane = async () => {
    while (performance.now() < end) {
      await timedRun(base, flow);
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: parallel }, lane));
  return done / ((performance.now() - t0) / 1000);
}

export async function measureQueue(ctx: BenchContext): Promise<BenchResults['queue']> {
  const why = (await postgresUnavailable()) ?? (await redisUnavailable());
  if (why !== undefined) {
    ctx.log(`  queue phase skipped: ${why}`);
    return null;
  }
  const { quick } = ctx.config;
  const runs = quick ? 100 : 500;
  const seconds = quick ? 3 : 10;
  const concurrency = 4;
  const db = await createTestDatabase();
  const keys = createTestPrefix();
  const provider = await startFakeOpenAI({ reply: 'queued answer', delayMs: PROVIDER_DELAY_MS });
  const env = { FLOWDESK_DATABASE_URL: db.url, FLOWDESK_SECRET_KEY: SECRET_KEY, FLOWDESK_QUEUE_PREFIX: keys.prefix };
  const servers: ServerProcess[] = [];
  const workers: SpawnedWorker[] = [];
  try {
    const local = await startFlowdesk({ dataDir: await ctx.tempDir('queue-local'), core: ctx.pinning.serverCore, env });
    servers.push(local);
    const queued = await startFlowdesk({ dataDir: await ctx.tempDir('queue-queued'), core: ctx.pinning.serverCore, env: { ...env, FLOWDESK_QUEUE_URL: QUEUE_URL } });
    servers.push(queued);
    const workerEnv = { ...env, FLOWDESK_QUEUE_URL: QUEUE_URL, FLOWDESK_DATA_DIR: await ctx.tempDir('queue-worker') };
    workers.push(await spawnWorker({ env: workerEnv, args: ['--log-level', 'info', '--concurrency', String(concurrency)] }));
    const template = (await listFlows(local.url)).find((f) => f.endpoint_name === 'text-template');
    if (!template) throw new Error('the text-template starter flow is missing');
    const document = relayFlowDocument(provider.baseURL, 'Bench queue');
    for (const node of document.data.nodes) if (node.data.type === 'OpenAIModel') (node.data.values as Record<string, unknown>).stream = false;
    const slow = await createFlow(local.url, document);

    // Per-run overhead: interleaved, one run at a time, after a warm-up.
    for (let i = 0; i < 20; i++) await Promise.all([timedRun(local.url, template.id), timedRun(queued.url, template.id)]);
    const inProcess: number[] = [];
    const viaQueue: number[] = [];
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        inProcess.push(await timedRun(local.url, template.id));
        viaQueue.push(await timedRun(queued.url, template.id));
      } else {
        viaQueue.push(await timedRun(queued.url, template.id));
        inProcess.push(await timedRun(local.url, template.id));
      }
    }
    const p50Local = percentile(inProcess, 50);
    const p50Queued = percentile(viaQueue, 50);
    ctx.log(`  per run (text-template, ${runs} runs): in-process p50 ${p50Local.toFixed(2)} ms, queued p50 ${p50Queued.toFixed(2)} ms (+${(p50Queued - p50Local).toFixed(2)} ms)`);

    // Throughput on a provider answering in 200 ms: enough runs in flight to fill every worker slot.
    const parallel = concurrency * 2 * 2;
    await throughput(queued.url, slow.id, parallel, 1);
    const one = await throughput(queued.url, slow.id, parallel, seconds);
    ctx.log(`  1 worker × ${concurrency}: ${one.toFixed(1)} runs/s`);
    workers.push(await spawnWorker({ env: workerEnv, args: ['--log-level', 'info', '--concurrency', String(concurrency)] }));
    await throughput(queued.url, slow.id, parallel, 1);
    const two = await throughput(queued.url, slow.id, parallel, seconds);
    ctx.log(`  2 workers × ${concurrency}: ${two.toFixed(1)} runs/s (${(two / one).toFixed(2)} × one)`);
    return {
      runs,
      inProcessP50Ms: p50Local,
      queuedP50Ms: p50Queued,
      addedP50Ms: p50Queued - p50Local,
      providerDelayMs: PROVIDER_DELAY_MS,
      workerConcurrency: concurrency,
      seconds,
      oneWorkerRunsPerSec: one,
      twoWorkersRunsPerSec: two,
      scaling: two / one,
    };
  } finally {
    await Promise.allSettled(workers.map((w) => w.stop()));
    await Promise.allSettled(servers.map((s) => s.stop()));
    await provider.close();
    await db.drop();
    await keys.clean();
  }
}
