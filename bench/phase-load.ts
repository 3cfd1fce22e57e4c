/**
 * The load matrix: POST /api/v1/run on the no-model starter at each connection count, for the
 * baseline, Flowdesk (blocking JSON) and Flowdesk (?stream=true), interleaved over rounds (the
 * order rotates every round). Both servers are up on the server core; only one is loaded at a time.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { BenchContext } from './context.js';
import { RUN_BODY } from './context.js';
import { findTemplateFlow, listFlows } from './flowdesk-api.js';
import { runLoad } from './load.js';
import { readCpuMs, readRss, sampleRss, startBaseline, startFlowdesk, type ServerProcess } from './procs.js';
import type { LoadCell, LoadRound, Mode, Target } from './results.js';
import { max, median } from './stats.js';

interface CellSpec {
  target: Target;
  mode: Mode;
  connections: number;
}

export interface LoadPhaseResult {
  cells: LoadCell[];
  idle: { baseline: number; flowdesk: number };
  peak: { baseline: number; flowdesk: number };
  flowId: string;
}

/** Cells of one round, the targets' order rotated by the round number so none always goes first. */
export function roundOrder(connections: number[], round: number): CellSpec[] {
  const kinds: [Target, Mode][] = [
    ['baseline', 'json'],
    ['flowdesk', 'json'],
    ['flowdesk', 'stream'],
  ];
  const rotated = kinds.map((_, i) => kinds[(i + round) % kinds.length] as [Target, Mode]);
  const out: CellSpec[] = [];
  for (const connections_ of connections) for (const [target, mode] of rotated) out.push({ target, mode, connections: connections_ });
  return out;
}

export function runUrl(server: ServerProcess, flowId: string, mode: Mode): string {
  return `${server.url}/api/v1/run/${encodeURIComponent(flowId)}${mode === 'stream' ? '?stream=true' : ''}`;
}

export async function measureLoad(ctx: BenchContext): Promise<LoadPhaseResult> {
  const { config } = ctx;
  const core = ctx.pinning.serverCore;
  const rounds = new Map<string, LoadRound[]>();
  const key = (s: CellSpec) => `${s.target}/${s.mode}/${s.connections}`;
  const idle = { baseline: NaN, flowdesk: NaN };
  const peak = { baseline: NaN, flowdesk: NaN };
  let flowId = '';

  // Fresh servers every round (Flowdesk on an empty data directory), so rounds are independent
  // samples and the message history stored by earlier rounds does not weigh on later ones.
  for (let round = 0; round < config.rounds; round++) {
    const baseline = await startBaseline(core);
    let flowdesk: ServerProcess | undefined;
    try {
      flowdesk = await startFlowdesk({ dataDir: await ctx.tempDir('load'), core, nodeFlags: ctx.profileFlags });
      const flow = findTemplateFlow(await listFlows(flowdesk.url));
      flowId = flow.id;
      if (round === 0) {
        ctx.log(`  no-model starter: ${flow.name} (${flow.id}, endpoint ${flow.endpoint_name ?? '-'})`);
        await sleep(config.idlePauseMs);
        idle.baseline = readRss(baseline.pid).rssMb;
        idle.flowdesk = readRss(flowdesk.pid).rssMb;
      }
      const servers = { baseline, flowdesk };
      const url = (spec: CellSpec) => (spec.target === 'baseline' ? runUrl(baseline, flow.id, 'json') : runUrl(servers.flowdesk, flow.id, spec.mode));

      // Warm-up (JIT, connection handling), not counted.
      const warm = Math.min(1, config.durationSec);
      for (const spec of roundOrder([10], 0)) await runLoad({ url: url(spec), connections: 10, durationSec: warm, body: RUN_BODY });

      for (const spec of roundOrder(config.connections, round)) {
        const pid = servers[spec.target].pid;
        const sampler = sampleRss(pid);
        const cpu0 = { server: readCpuMs(pid), self: process.cpuUsage(), at: performance.now() };
        const r = await runLoad({ url: url(spec), connections: spec.connections, durationSec: config.durationSec, body: RUN_BODY });
        const wallMs = performance.now() - cpu0.at;
        const self = process.cpuUsage(cpu0.self);
        const serverCpuPct = ((readCpuMs(pid) - cpu0.server) / wallMs) * 100;
        const loadCpuPct = ((self.user + self.system) / 1000 / wallMs) * 100;
        const rss = sampler.stop();
        const entry: LoadRound = {
          round,
          rps: r.rps,
          p50: r.latency.p50,
          p99: r.latency.p99,
          ok: r.ok,
          non2xx: r.non2xx,
          errors: r.errors,
          timeouts: r.timeouts,
          peakRssMb: rss.rssMb,
          serverCpuPct,
          loadCpuPct,
        };
        rounds.set(key(spec), [...(rounds.get(key(spec)) ?? []), entry]);
        const bad = r.non2xx + r.errors + r.timeouts;
        ctx.log(
          `  round ${round + 1}/${config.rounds} ${spec.target.padEnd(8)} ${spec.mode.padEnd(6)} c=${String(spec.connections).padStart(2)}: ${Math.round(r.rps)} req/s, p50 ${r.latency.p50.toFixed(2)} ms, p99 ${r.latency.p99.toFixed(2)} ms; CPU server ${serverCpuPct.toFixed(0)}%, load ${loadCpuPct.toFixed(0)}%${bad ? `, ${bad} failed` : ''}`,
        );
        await sleep(200);
      }
      peak.baseline = Math.max(Number.isNaN(peak.baseline) ? 0 : peak.baseline, readRss(baseline.pid).hwmMb);
      peak.flowdesk = Math.max(Number.isNaN(peak.flowdesk) ? 0 : peak.flowdesk, readRss(flowdesk.pid).hwmMb);
    } finally {
      await Promise.all([baseline.stop(), flowdesk?.stop()]);
    }
  }

  const cells: LoadCell[] = [];
  for (const spec of roundOrder(config.connections, 0)) {
    const list = rounds.get(key(spec)) ?? [];
    cells.push({
      ...spec,
      rounds: list,
      rps: median(list.map((x) => x.rps)),
      p50: median(list.map((x) => x.p50)),
      p99: median(list.map((x) => x.p99)),
      peakRssMb: max(list.map((x) => x.peakRssMb)),
      serverCpuPct: median(list.map((x) => x.serverCpuPct)),
      loadCpuPct: median(list.map((x) => x.loadCpuPct)),
    });
  }
  return { cells, idle, peak, flowId };
}
