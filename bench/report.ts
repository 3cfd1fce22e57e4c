/** The bench's printed table and Markdown summary, and the JSON file's serialisation. */
import type { BenchResults, LoadCell } from './results.js';
import { ratio } from './stats.js';
import { cell } from './targets.js';

type Row = string[];

/** A plain-text table: columns padded, numbers right-aligned. */
export function textTable(headers: Row, rows: Row[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = (s: string) => /^[-+]?[\d,.]+( ?(ms|MB|%|×))?$/.test(s.trim()) || s === 'n/a';
  const line = (r: Row) => r.map((c, i) => (i > 0 && numeric(c) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(headers: Row, rows: Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${headers.map(esc).join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

const fmt = {
  int: (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a'),
  ms: (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? `${v.toFixed(v < 10 ? 2 : 1)} ms` : 'n/a'),
  mb: (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? `${v.toFixed(1)} MB` : 'n/a'),
  x: (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)} ×` : 'n/a'),
};

const LABEL: Record<string, string> = { 'baseline/json': 'baseline Koa', 'flowdesk/json': 'Flowdesk', 'flowdesk/stream': 'Flowdesk ?stream=true' };

interface Section {
  title: string;
  headers: Row;
  rows: Row[];
}

export function sections(r: BenchResults): Section[] {
  const out: Section[] = [];
  if (r.start || r.memory) {
    const rows: Row[] = [];
    if (r.start) {
      const s = r.start;
      rows.push(['start → first /health 200 (median)', fmt.ms(s.baseline.medianMs), fmt.ms(s.flowdesk.medianMs), fmt.x(ratio(s.flowdesk.medianMs, s.baseline.medianMs))]);
      rows.push(['start, first ever (seeds starters)', 'n/a', fmt.ms(s.flowdeskFresh.medianMs), fmt.x(ratio(s.flowdeskFresh.medianMs, s.baseline.medianMs))]);
    }
    if (r.memory) {
      const m = r.memory;
      rows.push(['idle RSS', fmt.mb(m.baseline.idleRssMb), fmt.mb(m.flowdesk.idleRssMb), fmt.x(ratio(m.flowdesk.idleRssMb, m.baseline.idleRssMb))]);
      rows.push(['peak RSS under load', fmt.mb(m.baseline.peakRssMb), fmt.mb(m.flowdesk.peakRssMb), fmt.x(ratio(m.flowdesk.peakRssMb, m.baseline.peakRssMb))]);
    }
    out.push({ title: 'Start and memory', headers: ['figure', 'baseline', 'Flowdesk', 'Flowdesk ÷ baseline'], rows });
  }
  if (r.load) {
    const rows: Row[] = [];
    const conns = [...new Set(r.load.cells.map((c) => c.connections))].sort((a, b) => a - b);
    for (const n of conns) {
      const base = cell(r, 'baseline', 'json', n);
      for (const key of ['baseline/json', 'flowdesk/json', 'flowdesk/stream']) {
        const [target, mode] = key.split('/') as [LoadCell['target'], LoadCell['mode']];
        const c = cell(r, target, mode, n);
        if (!c) continue;
        const failures = c.rounds.reduce((sum, x) => sum + x.non2xx + x.errors + x.timeouts, 0);
        rows.push([
          LABEL[key] as string,
          String(n),
          fmt.int(c.rps),
          fmt.ms(c.p50),
          fmt.ms(c.p99),
          target === 'baseline' ? '' : fmt.x(ratio(c.rps, base?.rps ?? NaN)),
          target === 'baseline' ? '' : fmt.x(ratio(c.p99, base?.p99 ?? NaN)),
          `${c.serverCpuPct.toFixed(0)}% / ${c.loadCpuPct.toFixed(0)}%`,
          failures ? String(failures) : '0',
        ]);
      }
    }
    out.push({
      title: `POST /api/v1/run, text-template flow (${r.load.durationSec} s × ${r.load.rounds} interleaved rounds, medians)`,
      headers: ['server', 'conns', 'req/s', 'p50', 'p99', 'req/s ÷ base', 'p99 ÷ base', 'CPU server / load', 'failed'],
      rows,
    });
  }
  if (r.relay) {
    const x = r.relay;
    out.push({
      title: `Streaming relay: fake provider, ${x.tokens} tokens every ${x.delayMs} ms, ${x.rounds} rounds (p50)`,
      headers: ['figure', 'direct', 'through Flowdesk', 'added'],
      rows: [
        ['time to first token', fmt.ms(x.direct.ttftMs), fmt.ms(x.flowdesk.ttftMs), fmt.ms(x.addedTtftMs)],
        ['  of which: request → provider has it', fmt.ms(x.direct.providerReachedMs), fmt.ms(x.flowdesk.providerReachedMs), fmt.ms(x.flowdesk.providerReachedMs - x.direct.providerReachedMs)],
        ['per-token latency (write → read)', fmt.ms(x.direct.tokenLatencyP50Ms), fmt.ms(x.flowdesk.tokenLatencyP50Ms), fmt.ms(x.addedPerTokenMs)],
        ['per-token latency p99', fmt.ms(x.direct.tokenLatencyP99Ms), fmt.ms(x.flowdesk.tokenLatencyP99Ms), fmt.ms(x.flowdesk.tokenLatencyP99Ms - x.direct.tokenLatencyP99Ms)],
        ['gap between tokens', fmt.ms(x.direct.gapP50Ms), fmt.ms(x.flowdesk.gapP50Ms), ''],
      ],
    });
  }
  if (r.queue) {
    const q = r.queue;
    out.push({
      title: `Queued runs (--queue-url, flowdesk worker): ${q.runs} text-template runs one at a time; throughput over ${q.seconds} s, provider answering in ${q.providerDelayMs} ms, workers × ${q.workerConcurrency}`,
      headers: ['figure', 'value'],
      rows: [
        ['run p50 in-process', fmt.ms(q.inProcessP50Ms)],
        ['run p50 queued', fmt.ms(q.queuedP50Ms)],
        ['added by the queue', fmt.ms(q.addedP50Ms)],
        ['runs/s, 1 worker', q.oneWorkerRunsPerSec.toFixed(1)],
        ['runs/s, 2 workers', q.twoWorkersRunsPerSec.toFixed(1)],
        ['2 workers ÷ 1', q.scaling.toFixed(2)],
      ],
    });
  }
  if (r.crowd) {
    const c = r.crowd;
    const rows: Row[] = [];
    for (const f of c.forms) {
      const b = f.baseline;
      const d = f.flowdesk;
      const name = f.form === 'burst' ? 'all at once' : `over ${fmt.int(f.spreadMs)} ms`;
      const row = (label: string, bv: string, dv: string, x: number) => rows.push([`${name}: ${label}`, bv, dv, fmt.x(x)]);
      rows.push([`${name}: failed conversations`, `${b.errors} of ${fmt.int(b.count)}`, `${d.errors} of ${fmt.int(d.count)}`, '']);
      row('time to first token p50', fmt.ms(b.ttftP50Ms), fmt.ms(d.ttftP50Ms), ratio(d.ttftP50Ms, b.ttftP50Ms));
      row('time to first token p99', fmt.ms(b.ttftP99Ms), fmt.ms(d.ttftP99Ms), ratio(d.ttftP99Ms, b.ttftP99Ms));
      row('server CPU for the load', fmt.ms(b.cpuMs), fmt.ms(d.cpuMs), ratio(d.cpuMs, b.cpuMs));
      row('memory per run in flight', `${b.kbPerRun.toFixed(0)} KB`, `${d.kbPerRun.toFixed(0)} KB`, ratio(d.kbPerRun, b.kbPerRun));
      row('longest event-loop stall', fmt.ms(b.maxStallMs), fmt.ms(d.maxStallMs), ratio(d.maxStallMs, b.maxStallMs));
    }
    out.push({
      title: `Many slow conversations: ${fmt.int(c.count)} streamed Basic Prompting runs, provider streams ${c.tokens} tokens every ${c.delayMs} ms; relay baseline = Koa + openai client (${c.rounds} round${c.rounds > 1 ? 's, medians' : ''})`,
      headers: ['figure', 'relay baseline', 'Flowdesk', 'Flowdesk ÷ baseline'],
      rows,
    });
  }
  if (r.growth) {
    const g = r.growth;
    out.push({
      title: `Growth: ${fmt.int(g.flows)} flows + ${fmt.int(g.messages)} stored messages vs the empty store`,
      headers: ['figure', 'empty store', 'grown store', 'grown ÷ empty'],
      rows: [
        ['/run req/s at 10 conns', fmt.int(g.empty.rps), fmt.int(g.grown.rps), fmt.x(ratio(g.grown.rps, g.empty.rps))],
        ['/run p99 at 10 conns', fmt.ms(g.empty.p99), fmt.ms(g.grown.p99), fmt.x(ratio(g.grown.p99, g.empty.p99))],
        ['GET /api/v1/flows/ p50', '', fmt.ms(g.flowListP50Ms), `p99 ${fmt.ms(g.flowListP99Ms)}, ${fmt.int(g.flowListBytes / 1024)} KB`],
        ['start → first 200 (median)', r.start ? fmt.ms(r.start.flowdesk.medianMs) : '', fmt.ms(g.startMs), r.start ? fmt.x(ratio(g.startMs, r.start.flowdesk.medianMs)) : ''],
        ['idle RSS', r.memory ? fmt.mb(r.memory.flowdesk.idleRssMb) : '', fmt.mb(g.idleRssMb), r.memory ? fmt.x(ratio(g.idleRssMb, r.memory.flowdesk.idleRssMb)) : ''],
        ['message log during load', '', `${g.log.inodeSame ? 'appended' : 'REPLACED'}, ${fmt.int(g.log.bytesPerRun)} B/run`, ''],
      ],
    });
  }
  if (r.soak) {
    const s = r.soak;
    out.push({
      title: `Memory over many runs (10 conns; idle RSS after a pause)`,
      headers: ['figure', `after ${fmt.int(s.first)} runs`, `after ${fmt.int(s.total)} runs`, 'change'],
      rows: [
        ['idle RSS', fmt.mb(s.rssAfterFirstMb), fmt.mb(s.rssAfterAllMb), `${s.growthPct >= 0 ? '+' : ''}${s.growthPct.toFixed(1)} %`],
        ['req/s during the runs', '', fmt.int(s.rps), ''],
      ],
    });
  }
  out.push({
    title: "Issue 7's targets",
    headers: ['target', 'measured', 'limit', 'result'],
    rows: r.targets.map((t) => [t.label, t.measured, t.limit, t.pass === null ? 'not measured' : t.pass ? 'PASS' : 'MISS']),
  });
  return out;
}

function header(r: BenchResults): string {
  const m = r.meta;
  return `Flowdesk bench, ${m.startedAt} (${m.quick ? 'QUICK mode: scaled-down counts, short cells' : 'full'}; ${Math.round(m.seconds)} s), node ${m.node}, ${m.cpus} cores, ${m.pinning}; commit ${m.gitCommit ?? '?'}${m.gitDirty ? ' + uncommitted changes' : ''}; data dir on ${m.dataDirFs ?? '?'}; load average ${m.loadAverage.before.toFixed(2)} before, ${m.loadAverage.after.toFixed(2)} after`;
}

export function renderText(r: BenchResults): string {
  const parts = [header(r)];
  for (const s of sections(r)) parts.push(`\n${s.title}\n${textTable(s.headers, s.rows)}`);
  if (r.meta.errors.length) parts.push(`\nErrors (phases that failed):\n${r.meta.errors.map((e) => `- ${e}`).join('\n')}`);
  return parts.join('\n') + '\n';
}

export function renderMarkdown(r: BenchResults, command: string): string {
  const parts = [`# Flowdesk bench results`, '', header(r), '', `Command: \`${command}\``];
  for (const s of sections(r)) parts.push('', `## ${s.title}`, '', markdownTable(s.headers, s.rows));
  if (r.meta.errors.length) parts.push('', '## Errors', '', ...r.meta.errors.map((e) => `- ${e}`));
  return parts.join('\n') + '\n';
}

/** JSON with numbers rounded to 3 decimals and NaN/Infinity as null. */
export function toJson(r: BenchResults): string {
  return JSON.stringify(r, (_key, value: unknown) => (typeof value === 'number' ? (Number.isFinite(value) ? Math.round(value * 1000) / 1000 : null) : value), 2) + '\n';
}
