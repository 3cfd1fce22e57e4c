/**
 * Nothing lost, end to end: the real server is killed with SIGKILL in the middle of bursts of HTTP
 * writes (flow creates and updates, variables, runs that store messages), many times over; after
 * every restart each write it had acknowledged with a 2xx answer must be there. Then a hand-corrupted
 * data file is detected at start, set aside with a clear warning, and the last good copy served.
 */
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { chatFlow } from './support.js';
import { raw } from '../support/http.js';

const KILLS = 15;

interface Acknowledged {
  flows: Map<string, string>; // id → name
  /** Per patched flow: the last acknowledged version, and the highest one attempted. */
  patches: Map<string, { acked: number; attempted: number }>;
  variables: Map<string, string>; // name → value
  messages: Map<string, string>; // text → session id
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function post(server: SpawnedServer, p: string, body: unknown, method = 'POST') {
  return raw(server.url, p, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), timeoutMs: 5_000 });
}

/** Writes acknowledged in the current round, by kind. */
type RoundAcks = Record<'flows' | 'patches' | 'variables' | 'messages', number>;

/** Writes in a loop until the server dies; records what was acknowledged. */
async function burst(server: SpawnedServer, round: number, chatFlowId: string, ack: Acknowledged, patchTarget: string, roundAcks: RoundAcks): Promise<void> {
  let alive = true;
  const loop = async (write: (n: number) => Promise<void>) => {
    for (let n = 0; alive && n < 10_000; n++) {
      try {
        await write(n);
      } catch {
        alive = false; // connection refused or reset: the server is gone
      }
    }
  };
  const patches = ack.patches.get(patchTarget) as { acked: number; attempted: number };
  await Promise.all([
    loop(async (n) => {
      const name = `flow ${round}-${n}`;
      const res = await post(server, '/api/v1/flows/', { name });
      if (res.status === 201) {
        ack.flows.set(res.json.id, name);
        roundAcks.flows++;
      }
    }),
    loop(async () => {
      const version = patches.attempted + 1;
      patches.attempted = version;
      const res = await post(server, `/api/v1/flows/${patchTarget}`, { description: `v${version}` }, 'PATCH');
      if (res.status === 200) {
        patches.acked = version;
        roundAcks.patches++;
      }
    }),
    loop(async (n) => {
      const name = `VAR_${round}_${n}`;
      const res = await post(server, '/api/v1/variables/', { name, value: `value ${round}-${n}`, type: 'Generic' });
      if (res.status === 201) {
        ack.variables.set(name, `value ${round}-${n}`);
        roundAcks.variables++;
      }
    }),
    ...[0, 1].map((worker) =>
      loop(async (n) => {
        const text = `message ${round}-${worker}-${n}`;
        const res = await post(server, `/api/v1/run/${chatFlowId}`, { input_value: text, session_id: `session-${round}` });
        if (res.status === 200) {
          ack.messages.set(text, `session-${round}`);
          roundAcks.messages++;
        }
      }),
    ),
  ]);
}

async function verify(server: SpawnedServer, ack: Acknowledged): Promise<void> {
  const flows = new Map<string, any>(((await raw(server.url, '/api/v1/flows/')).json as any[]).map((f) => [f.id, f]));
  for (const [id, name] of ack.flows) expect(flows.get(id)?.name, `flow ${name}`).toBe(name);
  for (const [id, { acked, attempted }] of ack.patches) {
    // A flow no PATCH reached keeps its default description (empty): version 0; anything else must be a `vN`.
    const description: string = flows.get(id)?.description ?? '';
    const version = description === '' ? 0 : Number(/^v(\d+)$/.exec(description)?.[1] ?? -1);
    expect(version, `patched flow ${id}`).toBeGreaterThanOrEqual(acked);
    expect(version).toBeLessThanOrEqual(attempted);
  }
  const variables = new Map<string, string>(((await raw(server.url, '/api/v1/variables/')).json as any[]).map((v) => [v.name, v.value]));
  for (const [name, value] of ack.variables) expect(variables.get(name), `variable ${name}`).toBe(value);
  const texts = new Set(((await raw(server.url, '/api/v1/monitor/messages')).json as any[]).map((m) => m.text));
  for (const text of ack.messages.keys()) expect(texts.has(text), `message ${text}`).toBe(true);
}

describe('kill -9 during bursts of writes against the real server', () => {
  it(`keeps every acknowledged write across ${KILLS} SIGKILLs`, { timeout: 120_000 }, async () => {
    const dataDir = await makeTempDir();
    dirs.push(dataDir);
    const ack: Acknowledged = { flows: new Map(), patches: new Map(), variables: new Map(), messages: new Map() };
    let server = await spawnServer({ dataDir });
    const chatFlowId = (await post(server, '/api/v1/flows/', chatFlow('crash chat'))).json.id as string;
    for (let round = 0; round < KILLS; round++) {
      const target = (await post(server, '/api/v1/flows/', { name: `patched ${round}` })).json;
      ack.flows.set(target.id, target.name);
      ack.patches.set(target.id, { acked: 0, attempted: 0 });
      const roundAcks: RoundAcks = { flows: 0, patches: 0, variables: 0, messages: 0 };
      const writing = burst(server, round, chatFlowId, ack, target.id, roundAcks);
      // The kill lands while every kind of write is going on: each has been acknowledged at least
      // once this round (however slow the machine), then at a random moment after that.
      for (const started = Date.now(); Object.values(roundAcks).some((n) => n === 0); await sleep(5)) {
        expect(Date.now() - started, `round ${round}: every kind of write acknowledged (${JSON.stringify(roundAcks)})`).toBeLessThan(15_000);
      }
      await sleep(Math.random() * 250);
      await server.stop('SIGKILL');
      await writing;
      server = await spawnServer({ dataDir });
      await verify(server, ack);
    }
    await server.stop();
  });
});

describe('a hand-corrupted data file', () => {
  it('is detected at start, set aside with a clear warning, and the last good copy is served', async () => {
    const dataDir = await makeTempDir();
    dirs.push(dataDir);
    let server = await spawnServer({ dataDir });
    const first = (await post(server, '/api/v1/flows/', { name: 'kept in the backup' })).json.id;
    await post(server, '/api/v1/flows/', { name: 'the latest write' });
    await server.stop();

    await writeFile(path.join(dataDir, 'flows.json'), '{"version": 1, "flows": [ {"id": "half a fl');
    server = await spawnServer({ dataDir });
    try {
      for (let i = 0; i < 50 && !server.stderr().includes('warning'); i++) await sleep(20);
      const warning = server.stderr().split('\n').find((line) => line.startsWith('flowdesk: warning:')) ?? '';
      expect(warning).toMatch(/flows\.json/);
      expect(warning).toMatch(/corrupt|invalid/i);
      expect(warning).toMatch(/last good copy/);
      const aside = (await readdir(dataDir)).filter((f) => f.startsWith('flows.json.corrupt'));
      expect(aside).toHaveLength(1);
      expect(warning).toContain(aside[0]);
      const names = ((await raw(server.url, '/api/v1/flows/')).json as any[]).map((f) => f.name);
      expect(names).toContain('kept in the backup');
      expect((await raw(server.url, `/api/v1/flows/${first}`)).status).toBe(200);
      // Writes work again, and survive a restart.
      expect((await post(server, '/api/v1/flows/', { name: 'after recovery' })).status).toBe(201);
    } finally {
      await server.stop();
    }
    server = await spawnServer({ dataDir });
    try {
      expect(server.stderr()).not.toContain('warning');
      expect(((await raw(server.url, '/api/v1/flows/')).json as any[]).map((f) => f.name)).toEqual(expect.arrayContaining(['kept in the backup', 'after recovery']));
    } finally {
      await server.stop();
    }
  });
});
