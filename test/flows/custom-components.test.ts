/** Custom components from --components-path and <dataDir>/components, on a real server. */
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKEN_FILES, writeBrokenComponents } from '../support/broken-components.js';
import { request } from '../support/http.js';
import { makeTempDir, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/components/', import.meta.url));
let server: SpawnedServer;
let dataDir: string;
let broken: string;

beforeAll(async () => {
  dataDir = await makeTempDir();
  broken = await writeBrokenComponents();
  await mkdir(path.join(dataDir, 'components'));
  await cp(broken, path.join(dataDir, 'components'), { recursive: true });
  server = await spawnServer({ dataDir, args: ['--components-path', FIXTURES] });
});
afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(broken, { recursive: true, force: true });
});

describe('custom components', () => {
  it('lists the custom components in /api/v1/all, from both folders', async () => {
    const all = await request(server.url, 'GET', '/api/v1/all');
    expect(all.status).toBe(200);
    expect(all.body.Custom.WordCount).toMatchObject({ type: 'WordCount', display_name: 'Word Count', outputs: [{ name: 'message', types: ['Message'] }] });
    expect(all.body.Custom.Shout.display_name).toBe('Shout');
    expect(all.body.Custom.StillFine.display_name).toBe('Still Fine');
    expect(all.body.Custom).not.toHaveProperty('NoRun');
  });

  it('reports each broken file by name at start, and keeps serving', async () => {
    const output = server.stdout() + server.stderr();
    for (const name of Object.keys(BROKEN_FILES).filter((n) => n.endsWith('.mjs') && n !== 'fine.mjs')) {
      expect(output).toContain(path.join(dataDir, 'components', name));
    }
    expect(output).toContain('"run" must be a function');
    expect(output).not.toContain('notes.txt');
    expect((await request(server.url, 'GET', '/health')).status).toBe(200);
  });

  it('runs a custom component in a flow', async () => {
    const flow = {
      name: 'Count words',
      data: {
        nodes: [
          { id: 'ChatInput-cw001', type: 'component', position: { x: 0, y: 0 }, data: { type: 'ChatInput', values: {} } },
          { id: 'Shout-cw002', type: 'component', position: { x: 300, y: 0 }, data: { type: 'Shout', values: {} } },
          { id: 'WordCount-cw003', type: 'component', position: { x: 600, y: 0 }, data: { type: 'WordCount', values: { label: 'loud words' } } },
          { id: 'ChatOutput-cw004', type: 'component', position: { x: 900, y: 0 }, data: { type: 'ChatOutput', values: {} } },
        ],
        edges: [
          { id: 'e1', source: 'ChatInput-cw001', sourceHandle: 'message', target: 'Shout-cw002', targetHandle: 'text' },
          { id: 'e2', source: 'Shout-cw002', sourceHandle: 'loud', target: 'WordCount-cw003', targetHandle: 'input_value' },
          { id: 'e3', source: 'WordCount-cw003', sourceHandle: 'message', target: 'ChatOutput-cw004', targetHandle: 'input_value' },
        ],
        viewport: { x: 0, y: 0, zoom: 1 },
      },
    };
    const created = await request(server.url, 'POST', '/api/v1/flows/', { json: flow });
    expect(created.status, created.text).toBe(201);
    const res = await request(server.url, 'POST', `/api/v1/run/${created.body.id}`, { json: { input_value: 'count these four words', output_type: 'debug' } });
    expect(res.status, res.text).toBe(200);
    const outputs = res.body.outputs[0].outputs as any[];
    expect(outputs.find((o) => o.component_id === 'Shout-cw002').results.result).toBe('COUNT THESE FOUR WORDS');
    expect(outputs.find((o) => o.component_id === 'ChatOutput-cw004').results.message.text).toBe('4 loud words');
  });
});
