/**
 * A data directory from before projects (written by hand here, as Flowdesk wrote it) opens with a
 * default project that holds every flow: nothing lost, nothing else changed, idempotent, and whole
 * after a kill -9 at any moment of the upgrade.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LowdbFlowStore } from '../../server/storage/flow-store.js';
import type { Store } from '../../server/storage/types.js';
import { DEFAULT_PROJECT_NAME } from '../../shared/project.js';
import { writeOldDataDir } from './fixtures/old-data-dir.js';
import { open, tempDir } from './helpers.js';

const OPENER = fileURLToPath(new URL('./fixtures/upgrade-opener.ts', import.meta.url));
const ROOT = path.resolve(path.dirname(OPENER), '../../..');

function defaultProjects(store: Store) {
  return store.projects.list().filter((p) => p.name === DEFAULT_PROJECT_NAME);
}

/** Every flow is there as written, in one existing project; exactly one default project. */
function expectUpgraded(store: Store, written: Record<string, unknown>[]): void {
  const [home, ...more] = defaultProjects(store);
  expect(more).toEqual([]);
  expect(store.flows.list()).toHaveLength(written.length);
  for (const flow of written) {
    const stored = store.flows.get(flow.id as string);
    expect(stored, flow.id as string).toEqual({ ...flow, folder_id: home?.id });
  }
}

describe('upgrade of a data directory from before projects', () => {
  it('puts every flow in a new default project, changing nothing else', async () => {
    const dir = await tempDir();
    const written = await writeOldDataDir(dir, 25);
    const store = await open(dir);
    expect(store.projects.list().map((p) => p.name)).toEqual([DEFAULT_PROJECT_NAME]);
    expectUpgraded(store, written);
    expect(store.flows.getByEndpointName('old-4')?.id).toBe(written[4]?.id);
    expect(store.warnings).toEqual([]);
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, 'flows.json'), 'utf8')) as { flows: { folder_id: string }[] };
    expect(new Set(onDisk.flows.map((f) => f.folder_id))).toEqual(new Set([store.projects.list()[0]?.id]));
  });

  it('is idempotent: a second open writes nothing and keeps the same default project', async () => {
    const dir = await tempDir();
    const written = await writeOldDataDir(dir, 10);
    const first = await open(dir);
    const home = first.projects.list()[0];
    await first.close();
    const again = await open(dir);
    expect(again.projects.list()).toEqual([home]);
    expectUpgraded(again, written);
    expect((again.flows as LowdbFlowStore).records.file.writes).toBe(0);
  });

  it('finishes an upgrade cut off between its two writes, reusing the default project already made', async () => {
    const dir = await tempDir();
    const written = await writeOldDataDir(dir, 10);
    const flowsFile = await fs.readFile(path.join(dir, 'flows.json'));
    const first = await open(dir);
    const home = first.projects.list()[0];
    await first.close();
    // As if killed after projects.json was written and before flows.json was.
    await fs.writeFile(path.join(dir, 'flows.json'), flowsFile);
    const again = await open(dir);
    expect(again.projects.list()).toEqual([home]);
    expectUpgraded(again, written);
  });

  it('leaves the data whole after a kill -9 at random moments of the upgrade', { timeout: 90_000 }, async () => {
    const RUNS = 8;
    // How long an open with the upgrade takes here (the opener prints it), so the kills land within it.
    const calibration = await tempDir();
    await writeOldDataDir(calibration, 3000);
    const took = Number((await openAndKill(calibration, Infinity)).find((l) => l.startsWith('opened'))?.split(' ')[1]);
    expect(took).toBeGreaterThan(0);
    let interrupted = 0;
    let window = took * 1.2;
    // At least RUNS runs, and more (up to twice as many, each kill sooner) until one cut an open short.
    for (let run = 0; run < RUNS || (interrupted === 0 && run < 2 * RUNS); run++) {
      const dir = await tempDir();
      const written = await writeOldDataDir(dir, 3000);
      const lines = await openAndKill(dir, Math.random() * window);
      if (!lines.some((l) => l.startsWith('opened'))) interrupted++;
      else window *= 0.7;
      const store = await open(dir);
      for (const warning of store.warnings) expect(warning).toMatch(/^Took over (the|an unreadable) lock/);
      expectUpgraded(store, written);
      await store.close();
    }
    // The kills must have hit opens in progress, or this proved nothing.
    expect(interrupted).toBeGreaterThan(0);
  });
});

/** Runs the opener and kills it `afterMs` after it starts opening (unless it finished); resolves the lines it printed. */
function openAndKill(dataDir: string, afterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', OPENER, dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!timer && Number.isFinite(afterMs) && stdout.startsWith('opening\n')) timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) return reject(new Error(`opener failed (code ${code}): ${stderr}`));
      resolve(stdout.split('\n').filter((l) => l !== ''));
    });
  });
}
