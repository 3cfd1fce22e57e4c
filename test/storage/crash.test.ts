/**
 * Kill -9 at a random moment while a child process writes flows, messages and a credential as
 * fast as it can; then every write it saw acknowledged must be there, and the store must open.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { open, tempDir } from './helpers.js';

const WRITER = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
const ROOT = path.resolve(path.dirname(WRITER), '../../..');
const RUNS = 20;

/** Runs the writer, kills it 20–200 ms after it is ready, and returns the lines it printed. */
function runAndKill(dataDir: string, run: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, String(run)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (!timer && stdout.startsWith('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), 20 + Math.random() * 180);
    });
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`writer ended on its own (code ${code}): ${stderr || stdout.slice(-500)}`));
      // Only complete lines: the last one may have been cut by the kill.
      resolve(stdout.split('\n').slice(0, -1));
    });
  });
}

describe('crash safety', () => {
  it(`keeps every acknowledged write across ${RUNS} kill -9s`, { timeout: 90_000 }, async () => {
    const dir = await tempDir();
    let acknowledged = 0;
    for (let run = 0; run < RUNS; run++) {
      const lines = await runAndKill(dir, run);
      expect(lines[0]).toBe('ready');

      const flowVersions = new Map<string, number>();
      const messages = new Map<string, string>();
      const deletingSessions = new Set<string>();
      const deletedSessions = new Set<string>();
      let variable: string | undefined;
      for (const line of lines.slice(1)) {
        const [kind, a = '', b = ''] = line.split(' ');
        if (kind === 'F') flowVersions.set(a, Math.max(Number(b), flowVersions.get(a) ?? -1));
        else if (kind === 'M') messages.set(a, b);
        else if (kind === 'd') deletingSessions.add(a);
        else if (kind === 'D') deletedSessions.add(a);
        else if (kind === 'V') variable = a;
        else throw new Error(`unexpected line: ${line}`);
      }
      acknowledged += lines.length - 1;

      const store = await open(dir);
      // Only the stale lock (and possibly a torn message tail) may be reported; never a corrupt file.
      for (const warning of store.warnings) expect(warning).toMatch(/^(Took over the lock|messages\.jsonl: dropped an incomplete last record)/);
      expect(store.warnings.some((w) => w.startsWith('Took over the lock'))).toBe(true);
      for (const [id, version] of flowVersions) {
        const flow = store.flows.get(id);
        expect(flow, `flow ${id}`).toBeDefined();
        expect(Number(flow?.description), `flow ${id} version`).toBeGreaterThanOrEqual(version);
        expect(store.flows.getByEndpointName(flow?.endpoint_name ?? '')?.id).toBe(id);
      }
      const stored = new Set((await store.messages.list({})).map((m) => m.id));
      // A deletion that started may have reached the log before the kill, acknowledged or not.
      for (const [id, session] of messages) if (!deletingSessions.has(session)) expect(stored.has(id), `message ${id}`).toBe(true);
      for (const session of deletedSessions) expect(await store.messages.list({ sessionId: session }), `deleted ${session}`).toEqual([]);
      if (variable !== undefined) {
        const value = store.variables.getByName('CRASH_TOKEN')?.value ?? '';
        const [storedRun = 0, storedRound = 0] = value.replace('secret-', '').split('-').map(Number);
        const [ackRun = 0, ackRound = 0] = variable.split('-').map(Number);
        expect(storedRun * 1e6 + storedRound, 'credential version').toBeGreaterThanOrEqual(ackRun * 1e6 + ackRound);
      }
      await store.close();
    }
    // The test is only meaningful if the writer got writes acknowledged before being killed.
    expect(acknowledged).toBeGreaterThan(RUNS * 10);
  });
});
