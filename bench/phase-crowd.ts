/**
 * Many slow conversations (issue 18): `crowdCount` streamed Basic Prompting runs against a fake
 * provider streaming `crowdTokens` tokens `crowdTokenDelayMs` apart, opened over `crowdSpreadMs`
 * ("spread") and all at once ("burst"); Flowdesk against the relay baseline (Koa relaying the same
 * provider stream through the official `openai` client, `bench/baseline-koa.js --provider`). Both
 * servers run on the server core with the event-loop probe preloaded (bench/loop-probe.mjs), one
 * at a time, a fresh process for every form and round.
 *
 * Per side: failed conversations, time to first token p50/p99 (request sent → first token read;
 * the provider writes its first token as soon as it has the request, so this is all time added by
 * the server, and by the load on this process, the same for both), server CPU for the whole load,
 * memory per run in flight ((peak RSS − RSS before) / count: every conversation is open at the
 * peak, as each lasts longer than the spread), and the longest event-loop stall.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { BenchContext } from './context.js';
import { answerText, benchAnswer, startFakeOpenAI, type FakeOpenAI } from '../test/support/fake-openai.js';
import { crowd, readLoopProbe, type Conversation } from './crowd.js';
import { basicPromptingFlowDocument, createFlow } from './flowdesk-api.js';
import { LOOP_PROBE_FLAGS, readCpuMs, readRss, sampleRss, startBaseline, startFlowdesk, type ServerProcess } from './procs.js';
import type { BenchResults, CrowdForm, CrowdSide } from './results.js';
import { median, percentile } from './stats.js';

/** Basic Prompting's system prompt (the starter's), sent by both sides. */
const SYSTEM_PROMPT = 'Answer the user as if you were a pirate.';

type Side = 'baseline' | 'flowdesk';

async function startSide(ctx: BenchContext, side: Side, provider: FakeOpenAI): Promise<{ server: ServerProcess; runUrl: string }> {
  const core = ctx.pinning.serverCore;
  if (side === 'baseline') {
    const server = await startBaseline(core, { provider: provider.baseURL, nodeFlags: LOOP_PROBE_FLAGS });
    return { server, runUrl: `${server.url}/api/v1/run/basic-prompting?stream=true` };
  }
  // Admit every conversation (the default limit, 100 runs in flight, would answer the rest 429).
  const env = { FLOWDESK_MAX_CONCURRENT_RUNS: String(ctx.config.crowdCount + 100) };
  const server = await startFlowdesk({ dataDir: await ctx.tempDir('crowd'), core, nodeFlags: [...LOOP_PROBE_FLAGS, ...ctx.profileFlags], env });
  try {
    const flow = await createFlow(server.url, basicPromptingFlowDocument(provider.baseURL, SYSTEM_PROMPT));
    return { server, runUrl: `${server.url}/api/v1/run/${flow.id}?stream=true` };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** One side, one form, one round: a fresh server, a short warm-up, then the crowd. */
async function measureSide(ctx: BenchContext, side: Side, provider: FakeOpenAI, spreadMs: number, round: number): Promise<CrowdSide> {
  const { config } = ctx;
  const expected = answerText(config.crowdTokens);
  const { server, runUrl } = await startSide(ctx, side, provider);
  try {
    const body = (i: number) => ({ input_value: `Conversation ${i}: hello`, session_id: `crowd-${round}-${i}` });
    // Warm-up (JIT, first connections), not counted.
    const warm = await crowd({ url: runUrl, count: 20, spreadMs: 0, body, expectedText: expected });
    const warmFailed = warm.find((c) => !c.ok);
    if (warmFailed) throw new Error(`${server.name}: a warm-up conversation failed: ${warmFailed.error}`);
    await sleep(config.idlePauseMs);
    await readLoopProbe(server); // resets it
    const rssBefore = readRss(server.pid).rssMb;
    const cpu0 = readCpuMs(server.pid);
    const sampler = sampleRss(server.pid, 50);
    const t0 = performance.now();
    const results: Conversation[] = await crowd({ url: runUrl, count: config.crowdCount, spreadMs, body, expectedText: expected });
    const wallMs = performance.now() - t0;
    const cpuMs = readCpuMs(server.pid) - cpu0;
    const rss = sampler.stop();
    const loop = await readLoopProbe(server);
    const failed = results.filter((c) => !c.ok);
    const ok = results.filter((c) => c.ok);
    const reasons = [...new Set(failed.map((c) => c.error ?? '?'))].slice(0, 3);
    return {
      count: results.length,
      errors: failed.length,
      errorSamples: reasons,
      ttftP50Ms: percentile(
        ok.map((c) => c.ttftMs),
        50,
      ),
      ttftP99Ms: percentile(
        ok.map((c) => c.ttftMs),
        99,
      ),
      totalP50Ms: median(ok.map((c) => c.totalMs)),
      wallMs,
      cpuMs,
      rssBeforeMb: rssBefore,
      rssPeakMb: rss.rssMb,
      kbPerRun: ((rss.rssMb - rssBefore) * 1024) / Math.max(1, results.length),
      maxStallMs: loop.maxStallMs,
      p99DelayMs: loop.p99DelayMs,
    };
  } finally {
    await server.stop();
  }
}

function medianSide(list: CrowdSide[]): CrowdSide {
  const m = (f: (s: CrowdSide) => number) => median(list.map(f));
  return {
    count: m((s) => s.count),
    errors: Math.max(...list.map((s) => s.errors)),
    errorSamples: [...new Set(list.flatMap((s) => s.errorSamples))].slice(0, 3),
    ttftP50Ms: m((s) => s.ttftP50Ms),
    ttftP99Ms: m((s) => s.ttftP99Ms),
    totalP50Ms: m((s) => s.totalP50Ms),
    wallMs: m((s) => s.wallMs),
    cpuMs: m((s) => s.cpuMs),
    rssBeforeMb: m((s) => s.rssBeforeMb),
    rssPeakMb: m((s) => s.rssPeakMb),
    kbPerRun: m((s) => s.kbPerRun),
    maxStallMs: m((s) => s.maxStallMs),
    p99DelayMs: m((s) => s.p99DelayMs),
  };
}

function describe(s: CrowdSide): string {
  return `${s.errors}/${s.count} failed${s.errors ? ` (${s.errorSamples.join('; ')})` : ''}, TTFT p50 ${s.ttftP50Ms.toFixed(0)} ms p99 ${s.ttftP99Ms.toFixed(0)} ms, CPU ${(s.cpuMs / 1000).toFixed(2)} s, ${s.kbPerRun.toFixed(0)} KB/run (RSS ${s.rssBeforeMb.toFixed(0)} → ${s.rssPeakMb.toFixed(0)} MB), longest stall ${s.maxStallMs.toFixed(0)} ms`;
}

export async function measureCrowd(ctx: BenchContext): Promise<NonNullable<BenchResults['crowd']>> {
  const { config } = ctx;
  // In this process (the load core), as in the relay phase.
  const provider = await startFakeOpenAI(benchAnswer(config.crowdTokens, config.crowdTokenDelayMs));
  try {
    const forms: CrowdForm[] = [];
    for (const [form, spreadMs] of [
      ['spread', config.crowdSpreadMs],
      ['burst', 0],
    ] as const) {
      if (!config.crowdForms.includes(form)) continue;
      const sides: Record<Side, CrowdSide[]> = { baseline: [], flowdesk: [] };
      for (let round = 0; round < config.crowdRounds; round++) {
        const order: Side[] = round % 2 === 0 ? ['baseline', 'flowdesk'] : ['flowdesk', 'baseline'];
        for (const side of order) {
          const s = await measureSide(ctx, side, provider, spreadMs, round);
          sides[side].push(s);
          ctx.log(`  ${form} round ${round + 1}/${config.crowdRounds} ${side.padEnd(8)}: ${describe(s)}`);
          provider.requests.length = 0; // the fake records every request: do not let 10,000s pile up
        }
      }
      forms.push({ form, spreadMs, baseline: medianSide(sides.baseline), flowdesk: medianSide(sides.flowdesk) });
    }
    return { count: config.crowdCount, tokens: config.crowdTokens, delayMs: config.crowdTokenDelayMs, rounds: config.crowdRounds, forms };
  } finally {
    await provider.close();
  }
}
