/** Streaming relay cost: the fake provider read directly vs through a Flowdesk flow. */
import type { BenchContext } from './context.js';
import { answerText, benchAnswer, startFakeOpenAI } from '../test/support/fake-openai.js';
import { createFlow, relayFlowDocument } from './flowdesk-api.js';
import { startFlowdesk } from './procs.js';
import { streamDirect, streamThroughFlowdesk, type StreamSample } from './relay.js';
import type { BenchResults, RelaySide } from './results.js';
import { median, percentile } from './stats.js';

function side(samples: StreamSample[]): RelaySide {
  const latencies = samples.flatMap((s) => s.tokenLatencies);
  return {
    ttftMs: median(samples.map((s) => s.ttftMs)),
    providerReachedMs: median(samples.map((s) => s.reachedMs)),
    tokenLatencyP50Ms: percentile(latencies, 50),
    tokenLatencyP99Ms: percentile(latencies, 99),
    gapP50Ms: percentile(
      samples.flatMap((s) => s.gaps),
      50,
    ),
    tokensPerStream: median(samples.map((s) => s.tokens)),
  };
}

export async function measureRelay(ctx: BenchContext): Promise<NonNullable<BenchResults['relay']>> {
  const { config } = ctx;
  // In this process (the load core), so token write and read times share one clock.
  const provider = await startFakeOpenAI(benchAnswer(config.tokens, config.tokenDelayMs));
  const flowdesk = await startFlowdesk({ dataDir: await ctx.tempDir('relay'), core: ctx.pinning.serverCore }).catch(async (err: unknown) => {
    await provider.close();
    throw err;
  });
  try {
    const flow = await createFlow(flowdesk.url, relayFlowDocument(provider.baseURL));
    const expected = answerText(config.tokens);
    const check = (s: StreamSample, where: string) => {
      if (s.text !== expected) throw new Error(`${where}: streamed text differs from the provider's (${s.tokens} tokens, ${s.text.length} vs ${expected.length} chars)`);
      return s;
    };
    // Warm-up, not counted.
    check(await streamDirect(provider), 'direct');
    check(await streamThroughFlowdesk(flowdesk.url, flow.id, provider), 'Flowdesk');

    const direct: StreamSample[] = [];
    const through: StreamSample[] = [];
    for (let round = 0; round < config.relayRounds; round++) {
      const first = round % 2 === 0 ? 'direct' : 'flowdesk';
      for (const which of first === 'direct' ? ['direct', 'flowdesk'] : ['flowdesk', 'direct']) {
        if (which === 'direct') direct.push(check(await streamDirect(provider), 'direct'));
        else through.push(check(await streamThroughFlowdesk(flowdesk.url, flow.id, provider), 'Flowdesk'));
      }
      const d = direct[direct.length - 1] as StreamSample;
      const f = through[through.length - 1] as StreamSample;
      ctx.log(`  relay round ${round + 1}/${config.relayRounds}: TTFT direct ${d.ttftMs.toFixed(2)} ms, through Flowdesk ${f.ttftMs.toFixed(2)} ms (provider reached after ${f.reachedMs.toFixed(2)} ms); per-token p50 ${percentile(d.tokenLatencies, 50).toFixed(3)} vs ${percentile(f.tokenLatencies, 50).toFixed(3)} ms`);
    }
    const d = side(direct);
    const f = side(through);
    return {
      tokens: config.tokens,
      delayMs: config.tokenDelayMs,
      rounds: config.relayRounds,
      direct: d,
      flowdesk: f,
      addedTtftMs: f.ttftMs - d.ttftMs,
      addedPerTokenMs: f.tokenLatencyP50Ms - d.tokenLatencyP50Ms,
    };
  } finally {
    await flowdesk.stop();
    await provider.close();
  }
}
