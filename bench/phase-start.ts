/**
 * Start → first /health 200 and idle RSS, Flowdesk vs the baseline, interleaved rounds.
 * Flowdesk restarts on a data directory that already holds the starter flows (the normal case);
 * its very first start (empty directory, seeding the starters) is measured too.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext } from './context.js';
import { readRss, startBaseline, startFlowdesk, type ServerProcess } from './procs.js';
import type { StartFigures } from './results.js';
import { median } from './stats.js';

interface Sample {
  startMs: number;
  bannerMs: number;
  rssMb: number;
}

function figures(samples: Sample[]): StartFigures {
  return {
    samplesMs: samples.map((s) => s.startMs),
    medianMs: median(samples.map((s) => s.startMs)),
    bannerMedianMs: median(samples.map((s) => s.bannerMs)),
    idleRssMb: median(samples.map((s) => s.rssMb)),
  };
}

export async function measureStart(ctx: BenchContext): Promise<{ baseline: StartFigures; flowdesk: StartFigures; flowdeskFresh: StartFigures }> {
  const core = ctx.pinning.serverCore;
  const settleMs = ctx.config.quick ? 500 : 1000;
  const seededDir = await ctx.tempDir('start');

  const once = async (start: () => Promise<ServerProcess>): Promise<Sample> => {
    const server = await start();
    try {
      await sleep(settleMs);
      return { startMs: server.startMs, bannerMs: server.bannerMs, rssMb: readRss(server.pid).rssMb };
    } finally {
      await server.stop();
    }
  };

  // Warm the page cache (node, modules) and seed the starter flows; not counted.
  await once(() => startBaseline(core));
  await once(() => startFlowdesk({ dataDir: seededDir, core }));

  const base: Sample[] = [];
  const fd: Sample[] = [];
  const fresh: Sample[] = [];
  for (let round = 0; round < ctx.config.startRounds; round++) {
    const order = round % 2 === 0 ? (['baseline', 'flowdesk', 'fresh'] as const) : (['fresh', 'flowdesk', 'baseline'] as const);
    for (const which of order) {
      if (which === 'baseline') base.push(await once(() => startBaseline(core)));
      else if (which === 'flowdesk') fd.push(await once(() => startFlowdesk({ dataDir: seededDir, core })));
      else fresh.push(await once(async () => startFlowdesk({ dataDir: await ctx.tempDir('fresh'), core })));
    }
    const last = (list: Sample[]) => list[list.length - 1]?.startMs.toFixed(0);
    ctx.log(`  start round ${round + 1}/${ctx.config.startRounds}: baseline ${last(base)} ms, flowdesk ${last(fd)} ms, first-ever ${last(fresh)} ms`);
  }
  return { baseline: figures(base), flowdesk: figures(fd), flowdeskFresh: figures(fresh) };
}
