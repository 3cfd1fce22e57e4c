/** Issue 7's targets, evaluated on one run's results (ratios are taken within the same run). */
import type { BenchResults, LoadCell, TargetResult } from './results.js';
import { ratio } from './stats.js';

/** Node-RED's req/s at 10 connections on these machines (issue 7's table). */
export const NODE_RED_RPS_10 = 3400;

export const LIMITS = {
  rpsVsBaseline: 0.75,
  p99VsBaseline: 2,
  rpsVsNodeRed: 3,
  startVsBaseline: 1.5,
  idleRssVsBaseline: 1.3,
  addedTtftMs: 5,
  addedPerTokenMs: 1,
  growthRps: 0.9,
  flowListP50Ms: 20,
  growthStartMs: 1000,
  soakRssGrowth: 0.1,
  queueAddedP50Ms: 2,
  queueScaling: 1.8,
} as const;

const n0 = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a');
const n2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 2 : 1)} ms` : 'n/a');
const mb = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} MB` : 'n/a');

function check(value: number, ok: (v: number) => boolean): boolean | null {
  return Number.isFinite(value) ? ok(value) : null;
}

export function cell(results: BenchResults, target: LoadCell['target'], mode: LoadCell['mode'], connections: number): LoadCell | undefined {
  return results.load?.cells.find((c) => c.target === target && c.mode === mode && c.connections === connections);
}

export function evaluateTargets(results: BenchResults): TargetResult[] {
  const out: TargetResult[] = [];
  const fd10 = cell(results, 'flowdesk', 'json', 10);
  const base10 = cell(results, 'baseline', 'json', 10);
  const rpsRatio = ratio(fd10?.rps ?? NaN, base10?.rps ?? NaN);
  out.push({
    id: 'run-rps-10',
    label: '/run req/s at 10 conns ≥ 0.75 × baseline',
    measured: `${n2(rpsRatio)} × (${n0(fd10?.rps ?? NaN)} vs ${n0(base10?.rps ?? NaN)} req/s)`,
    limit: `≥ ${LIMITS.rpsVsBaseline}`,
    value: Number.isFinite(rpsRatio) ? rpsRatio : null,
    pass: check(rpsRatio, (v) => v >= LIMITS.rpsVsBaseline),
  });
  const p99Ratio = ratio(fd10?.p99 ?? NaN, base10?.p99 ?? NaN);
  out.push({
    id: 'run-p99-10',
    label: '/run p99 at 10 conns ≤ 2 × baseline',
    measured: `${n2(p99Ratio)} × (${ms(fd10?.p99 ?? NaN)} vs ${ms(base10?.p99 ?? NaN)})`,
    limit: `≤ ${LIMITS.p99VsBaseline}`,
    value: Number.isFinite(p99Ratio) ? p99Ratio : null,
    pass: check(p99Ratio, (v) => v <= LIMITS.p99VsBaseline),
  });
  const nrRatio = ratio(fd10?.rps ?? NaN, NODE_RED_RPS_10);
  out.push({
    id: 'run-rps-vs-node-red',
    label: `/run req/s at 10 conns ≥ 3 × Node-RED (${n0(NODE_RED_RPS_10)})`,
    measured: `${n2(nrRatio)} × (${n0(fd10?.rps ?? NaN)} req/s)`,
    limit: `≥ ${LIMITS.rpsVsNodeRed}`,
    value: Number.isFinite(nrRatio) ? nrRatio : null,
    pass: check(nrRatio, (v) => v >= LIMITS.rpsVsNodeRed),
  });
  const start = results.start;
  const startRatio = ratio(start?.flowdesk.medianMs ?? NaN, start?.baseline.medianMs ?? NaN);
  out.push({
    id: 'start',
    label: 'start → first 200 ≤ 1.5 × baseline',
    measured: `${n2(startRatio)} × (${ms(start?.flowdesk.medianMs ?? NaN)} vs ${ms(start?.baseline.medianMs ?? NaN)})`,
    limit: `≤ ${LIMITS.startVsBaseline}`,
    value: Number.isFinite(startRatio) ? startRatio : null,
    pass: check(startRatio, (v) => v <= LIMITS.startVsBaseline),
  });
  const rssRatio = ratio(results.memory?.flowdesk.idleRssMb ?? NaN, results.memory?.baseline.idleRssMb ?? NaN);
  out.push({
    id: 'idle-rss',
    label: 'idle RSS ≤ 1.3 × baseline',
    measured: `${n2(rssRatio)} × (${mb(results.memory?.flowdesk.idleRssMb ?? NaN)} vs ${mb(results.memory?.baseline.idleRssMb ?? NaN)})`,
    limit: `≤ ${LIMITS.idleRssVsBaseline}`,
    value: Number.isFinite(rssRatio) ? rssRatio : null,
    pass: check(rssRatio, (v) => v <= LIMITS.idleRssVsBaseline),
  });
  const relay = results.relay;
  out.push({
    id: 'stream-ttft',
    label: 'streaming: added time to first token < 5 ms (p50)',
    measured: `+${ms(relay?.addedTtftMs ?? NaN)} (${ms(relay?.flowdesk.ttftMs ?? NaN)} vs ${ms(relay?.direct.ttftMs ?? NaN)} direct)`,
    limit: `< ${LIMITS.addedTtftMs} ms`,
    value: relay ? relay.addedTtftMs : null,
    pass: check(relay?.addedTtftMs ?? NaN, (v) => v < LIMITS.addedTtftMs),
  });
  out.push({
    id: 'stream-per-token',
    label: 'streaming: added delay per token < 1 ms (p50)',
    measured: `+${ms(relay?.addedPerTokenMs ?? NaN)} (${ms(relay?.flowdesk.tokenLatencyP50Ms ?? NaN)} vs ${ms(relay?.direct.tokenLatencyP50Ms ?? NaN)} direct)`,
    limit: `< ${LIMITS.addedPerTokenMs} ms`,
    value: relay ? relay.addedPerTokenMs : null,
    pass: check(relay?.addedPerTokenMs ?? NaN, (v) => v < LIMITS.addedPerTokenMs),
  });
  const g = results.growth;
  const scale = g ? ` [${n0(g.flows)} flows, ${n0(g.messages)} msgs]` : '';
  const growthRatio = ratio(g?.grown.rps ?? NaN, g?.empty.rps ?? NaN);
  out.push({
    id: 'growth-rps',
    label: `grown store: /run req/s at 10 conns ≥ 0.9 × empty${scale}`,
    measured: `${n2(growthRatio)} × (${n0(g?.grown.rps ?? NaN)} vs ${n0(g?.empty.rps ?? NaN)} req/s)`,
    limit: `≥ ${LIMITS.growthRps}`,
    value: Number.isFinite(growthRatio) ? growthRatio : null,
    pass: check(growthRatio, (v) => v >= LIMITS.growthRps),
  });
  out.push({
    id: 'growth-flow-list',
    label: `grown store: GET /api/v1/flows/ p50 < 20 ms${scale}`,
    measured: ms(g?.flowListP50Ms ?? NaN),
    limit: `< ${LIMITS.flowListP50Ms} ms`,
    value: g ? g.flowListP50Ms : null,
    pass: check(g?.flowListP50Ms ?? NaN, (v) => v < LIMITS.flowListP50Ms),
  });
  out.push({
    id: 'growth-start',
    label: `grown store: start → first 200 < 1 s${scale}`,
    measured: ms(g?.startMs ?? NaN),
    limit: `< ${LIMITS.growthStartMs} ms`,
    value: g ? g.startMs : null,
    pass: check(g?.startMs ?? NaN, (v) => v < LIMITS.growthStartMs),
  });
  out.push({
    id: 'growth-append-only',
    label: 'storing a message appends (no rewrite of the history)',
    measured: g ? `${g.log.inodeSame ? 'same file' : 'file REPLACED'}, ${n0(g.log.bytesPerRun)} bytes/run added` : 'n/a',
    limit: 'append only',
    value: g ? (g.log.appendOnly ? 1 : 0) : null,
    pass: g ? g.log.appendOnly : null,
  });
  const s = results.soak;
  out.push({
    id: 'soak-rss',
    label: `idle RSS after ${s ? n0(s.total) : '100,000'} runs within 10% of after ${s ? n0(s.first) : '1,000'}`,
    measured: s ? `${s.growthPct >= 0 ? '+' : ''}${s.growthPct.toFixed(1)}% (${mb(s.rssAfterAllMb)} vs ${mb(s.rssAfterFirstMb)})` : 'n/a',
    limit: `≤ +${LIMITS.soakRssGrowth * 100}%`,
    value: s ? s.growthPct : null,
    pass: check(s?.growthPct ?? NaN, (v) => v <= LIMITS.soakRssGrowth * 100),
  });
  const q = results.queue;
  out.push({
    id: 'queue-overhead',
    label: 'queued run: p50 added over an in-process run ≤ 2 ms',
    measured: q ? `+${ms(q.addedP50Ms)} (${ms(q.queuedP50Ms)} vs ${ms(q.inProcessP50Ms)})` : 'n/a',
    limit: `≤ ${LIMITS.queueAddedP50Ms} ms`,
    value: q ? q.addedP50Ms : null,
    pass: check(q?.addedP50Ms ?? NaN, (v) => v <= LIMITS.queueAddedP50Ms),
  });
  out.push({
    id: 'queue-scaling',
    label: `queued runs/s with 2 workers ≥ 1.8 × 1 (provider answers in ${q ? q.providerDelayMs : 200} ms)`,
    measured: q ? `${n2(q.scaling)} × (${q.twoWorkersRunsPerSec.toFixed(1)} vs ${q.oneWorkerRunsPerSec.toFixed(1)} runs/s)` : 'n/a',
    limit: `≥ ${LIMITS.queueScaling}`,
    value: q ? q.scaling : null,
    pass: check(q?.scaling ?? NaN, (v) => v >= LIMITS.queueScaling),
  });
  return out;
}
