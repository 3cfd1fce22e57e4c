/** The seed's Python script (requests) against the real server. */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http.js';
import { findPython } from '../support/python.js';
import { spawnServer } from '../support/spawn-server.js';

const script = fileURLToPath(new URL('../fixtures/scripts/run_flow.py', import.meta.url));
let server: Awaited<ReturnType<typeof spawnServer>>;
let flowId: string;

beforeAll(async () => {
  server = await spawnServer();
  const fixture = JSON.parse(readFileSync(new URL('../fixtures/flows/chat-echo.json', import.meta.url), 'utf8'));
  flowId = (await request(server.url, 'POST', '/api/v1/flows/', { json: fixture })).body.id;
});
afterAll(async () => {
  await server?.stop();
});

describe('the seed Python script', () => {
  it('posts {"input_value": message} with requests and prints the JSON result', () => {
    const out = execFileSync(findPython(), [script, `${server.url}/api/v1/run/${flowId}?stream=false`, 'hello from python'], { encoding: 'utf8' });
    const result = JSON.parse(out);
    expect(result.session_id).toBe(flowId);
    expect(result.outputs[0].outputs[0].results.message.text).toBe('Echo: hello from python {literal}');
  });

  it('exits non-zero with the error on an unknown flow', () => {
    const res = spawnSync(findPython(), [script, `${server.url}/api/v1/run/nope`, 'x'], { encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('404');
  });
});
