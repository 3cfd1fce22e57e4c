import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaseline, type ServerProcess } from '../../bench/procs.js';
import { shapeOf } from './shape.js';


const flowdeskResponse: unknown = JSON.parse(readFileSync(new URL('./fixtures/flowdesk-run-response.json', import.meta.url), 'utf8'));

let baseline: ServerProcess;
beforeAll(async () => {
  baseline = await startBaseline(null);
});
afterAll(async () => {
  await baseline?.stop();
});

async function run(body: unknown) {
  const res = await fetch(`${baseline.url}/api/v1/run/text-template`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('the Koa baseline', () => {
  it('answers /health with 200 once started, as a process of its own', async () => {
    expect(baseline.pid).not.toBe(process.pid);
    expect(baseline.startMs).toBeGreaterThan(0);
    expect((await fetch(`${baseline.url}/health`)).status).toBe(200);
  });

  it('answers a run with the same JSON shape as Flowdesk’s blocking /run', async () => {
    const { status, json } = await run({ input_value: 'hello' });
    expect(status).toBe(200);
    expect(shapeOf(json)).toEqual(shapeOf(flowdeskResponse));
  });

  it('fills the template with input_value, like the starter flow', async () => {
    const { json } = await run({ input_value: 'bench "quoted"' });
    const out = (json.outputs as { outputs: { results: { message: { text: string } } }[] }[])[0]?.outputs[0]?.results.message.text;
    expect(out).toBe('Thank you for your message!\n\nYou wrote: "bench "quoted""\n\nThis reply comes from a template: edit the Prompt to change it.');
  });

  it('keeps a given session_id and refuses a non-string input_value', async () => {
    expect((await run({ input_value: 'x', session_id: 's-1' })).json.session_id).toBe('s-1');
    expect((await run({ input_value: 42 })).status).toBe(422);
  });
});
