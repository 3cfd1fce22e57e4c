/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by area
 * (a node_modules package, a Flowdesk source folder, Node internals, GC).
 *
 *   node --import tsx bench/profile-summary.ts <file.cpuprofile> [top=25]
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Entry {
  name: string;
  ms: number;
  /** Share of the busy time (idle excluded), %. */
  pct: number;
}

export interface ProfileSummary {
  totalMs: number;
  busyMs: number;
  functions: Entry[];
  areas: Entry[];
}

/** Where a script lives, in a few words: `koa`, `server/engine`, `node:internal`, … */
export function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1] as string;
  if (url.startsWith('node:')) return url.replace(/^node:internal\/([^/]+).*/, 'node:internal/$1').replace(/^node:([^/]+)$/, 'node:$1');
  const file = /\/((?:server|shared)\/[^/]+\.[cm]?[jt]s)$/.exec(url);
  if (file) return file[1] as string;
  const own = /\/((?:server|shared)\/[^/]+)\//.exec(url);
  return own ? (own[1] as string) : url.replace(/^file:\/\//, '');
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/').replace(/^file:\/\//, '');
}

export function summarizeProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const fn = new Map<string, number>();
  const area = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const f = node.callFrame;
    if (f.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const name = f.url ? `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}` : f.functionName || '(native)';
    fn.set(name, (fn.get(name) ?? 0) + us);
    const a = areaOf(f);
    area.set(a, (area.get(a) ?? 0) + us);
  }
  const busy = total - idle;
  const entries = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, pct: busy > 0 ? (us / busy) * 100 : 0 }));
  return { totalMs: total / 1000, busyMs: busy / 1000, functions: entries(fn), areas: entries(area) };
}

export function renderSummary(s: ProfileSummary): string {
  const line = (e: Entry) => `${e.pct.toFixed(1).padStart(5)} %  ${e.ms.toFixed(0).padStart(7)} ms  ${e.name}`;
  return [
    `busy ${s.busyMs.toFixed(0)} ms of ${s.totalMs.toFixed(0)} ms profiled`,
    '',
    'self time by area:',
    ...s.areas.map(line),
    '',
    'self time by function:',
    ...s.functions.map(line),
  ].join('\n');
}

async function main(): Promise<void> {
  const [file, topArg] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  process.stdout.write(renderSummary(summarizeProfile(profile, Number(topArg ?? 25))) + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
