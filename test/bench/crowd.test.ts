/**
 * The many-conversations phase's parts (not its timings): the relay baseline and Flowdesk stream a
 * Basic Prompting run with the same events, the crowd reader sees every conversation through, and
 * the event-loop probe preloaded into both servers answers. The template baseline's stream too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crowd, readLoopProbe } from '../../bench/crowd.js';
import { basicPromptingFlowDocument, createFlow, findTemplateFlow, listFlows } from '../../bench/flowdesk-api.js';
import { LOOP_PROBE_FLAGS, startBaseline, startFlowdesk, type ServerProcess } from '../../bench/procs.js';
import { answerText, benchAnswer, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';

let provider: FakeOpenAI;
let relay: ServerProcess;
let template: ServerProcess;
let flowdesk: ServerProcess;
let dataDir: string;

beforeAll(async () => {
  provider = await startFakeOpenAI(benchAnswer(5, 5));
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'flowdesk-crowd-test-'));
  [relay, template, flowdesk] = await Promise.all([
    startBaseline(null, { provider: provider.baseURL, nodeFlags: LOOP_PROBE_FLAGS }),
    startBaseline(null),
    startFlowdesk({ dataDir, core: null, nodeFlags: LOOP_PROBE_FLAGS }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([relay?.stop(), template?.stop(), flowdesk?.stop()]);
  await provider?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function eventNames(url: string): Promise<string[]> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input_value: 'hi', session_id: 's1' }) });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const blocks = (await res.text()).split('\n\n').filter((b) => b.trim() !== '');
  return blocks.map((b) => (JSON.parse(b) as { event: string }).event);
}

describe('many slow conversations: the parts', () => {
  it('streams the same events from the relay baseline as from Flowdesk running Basic Prompting', async () => {
    const flow = await createFlow(flowdesk.url, basicPromptingFlowDocument(provider.baseURL, 'Answer the user as if you were a pirate.'));
    const ours = await eventNames(`${flowdesk.url}/api/v1/run/${flow.id}?stream=true`);
    const theirs = await eventNames(`${relay.url}/api/v1/run/${flow.id}?stream=true`);
    expect(ours).toEqual(['add_message', 'add_message', 'token', 'token', 'token', 'token', 'token', 'add_message', 'add_message', 'end']);
    expect(theirs).toEqual(ours);
    // The relay baseline asked the provider through the openai client, system prompt first.
    const last = provider.requests[provider.requests.length - 1]?.body as { messages: { role: string; content: string }[]; stream: boolean };
    expect(last.stream).toBe(true);
    expect(last.messages.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('streams the text template with the same events from the baseline as from Flowdesk', async () => {
    const flow = findTemplateFlow(await listFlows(flowdesk.url));
    const ours = await eventNames(`${flowdesk.url}/api/v1/run/${flow.id}?stream=true`);
    expect(await eventNames(`${template.url}/api/v1/run/${flow.id}?stream=true`)).toEqual(ours);
  });

  it('reads every conversation of a crowd to its end, and the loop probe answers and starts over', async () => {
    const flow = await createFlow(flowdesk.url, basicPromptingFlowDocument(provider.baseURL, 'Be brief.'));
    for (const [server, url] of [
      [flowdesk, `${flowdesk.url}/api/v1/run/${flow.id}?stream=true`],
      [relay, `${relay.url}/api/v1/run/x?stream=true`],
    ] as const) {
      await readLoopProbe(server);
      const results = await crowd({ url, count: 30, spreadMs: 0, body: (i) => ({ input_value: `c${i}`, session_id: `c${i}` }), expectedText: answerText(5) });
      expect(results.filter((c) => !c.ok)).toEqual([]);
      for (const c of results) expect(c.ttftMs).toBeGreaterThan(0);
      const spread = await crowd({ url, count: 10, spreadMs: 100, body: (i) => ({ input_value: `s${i}` }), expectedText: answerText(5) });
      expect(spread.every((c) => c.ok)).toBe(true);
      const report = await readLoopProbe(server);
      expect(report.samples).toBeGreaterThan(0);
      expect(report.maxStallMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('counts a conversation the server refuses as failed, with the reason', async () => {
    const results = await crowd({ url: `${flowdesk.url}/api/v1/run/no-such-flow?stream=true`, count: 2, spreadMs: 0, body: () => ({ input_value: 'x' }), expectedText: 'x' });
    expect(results.map((c) => c.ok)).toEqual([false, false]);
    expect(results[0]?.error).toBe('status 404');
  });
});
