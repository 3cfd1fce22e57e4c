/** The bench against the real server (needs `npm run build`; `npm test` builds first). */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTemplateFlow, listFlows } from '../../bench/flowdesk-api.js';
import { REPO_ROOT, startBaseline, startFlowdesk, type ServerProcess } from '../../bench/procs.js';
import { shapeOf } from './shape.js';
import { makeTempDir } from '../support/temp-dir.js';

const built = existsSync(path.join(REPO_ROOT, 'dist', 'server', 'cli', 'main.js'));
let flowdesk: ServerProcess | undefined;
let baseline: ServerProcess | undefined;
let dataDir = '';

beforeAll(async () => {
  if (!built) return;
  dataDir = await makeTempDir('flowdesk-bench-live-');
  [flowdesk, baseline] = await Promise.all([startFlowdesk({ dataDir, core: null }), startBaseline(null)]);
});
afterAll(async () => {
  await Promise.all([flowdesk?.stop(), baseline?.stop()]);
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe.skipIf(!built)('the bench against a running Flowdesk', () => {
  it('finds the no-model starter among the seeded flows by its structure', async () => {
    const flow = findTemplateFlow(await listFlows((flowdesk as ServerProcess).url));
    expect(flow.id).toMatch(/[0-9a-f-]{36}/);
  });

  it('gets the same response shape from Flowdesk and from the baseline', async () => {
    const flow = findTemplateFlow(await listFlows((flowdesk as ServerProcess).url));
    const post = async (url: string) =>
      (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input_value: 'same' }) })).json();
    const fd = await post(`${(flowdesk as ServerProcess).url}/api/v1/run/${flow.id}`);
    const base = await post(`${(baseline as ServerProcess).url}/api/v1/run/${flow.id}`);
    expect(shapeOf(base)).toEqual(shapeOf(fd));
  });
});
