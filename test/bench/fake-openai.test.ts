import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { answerText, benchAnswer, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { streamDirect } from '../../bench/relay.js';
import { BlockSplitter, chunkDelta, parseSseBlock } from '../../bench/sse.js';

let provider: FakeOpenAI | undefined;
afterEach(async () => {
  await provider?.close();
  provider = undefined;
});

describe('the fake OpenAI as the bench uses it', () => {
  it('streams chunks the official openai client parses, ending with [DONE]', async () => {
    provider = await startFakeOpenAI(benchAnswer(25, 0));
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: provider.baseURL, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'fake-gpt', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe(answerText(25));
    expect(finish).toBe('stop');
    expect(provider.lastStream?.emittedAt).toHaveLength(25);
  });

  it('answers a whole chat.completion when not streaming', async () => {
    provider = await startFakeOpenAI(benchAnswer(5, 2));
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: provider.baseURL, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'fake-gpt', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).toBe('w0 w1 w2 w3 w4 ');
  });

  it('sends SSE the bench’s own reader parses, with the configured pause between tokens', async () => {
    provider = await startFakeOpenAI(benchAnswer(6, 5));
    const res = await fetch(`${provider.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stream: true, messages: [] }) });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const split = new BlockSplitter();
    const items = [...split.push(await res.text()), ...split.end()].map(parseSseBlock);
    expect(items.at(-1)).toEqual({ kind: 'done' });
    const text = items.map((i) => (i?.kind === 'data' ? chunkDelta(i.json) : '')).join('');
    expect(text).toBe(answerText(6));
    const emitted = provider.lastStream?.emittedAt ?? [];
    expect(emitted).toHaveLength(6);
    // Timers never fire early: every gap is at least the pause (1 ms slack for clock rounding).
    for (let i = 1; i < emitted.length; i++) expect((emitted[i] as number) - (emitted[i - 1] as number)).toBeGreaterThanOrEqual(4);
  });

  it('gives the relay reader one latency per token when read directly', async () => {
    provider = await startFakeOpenAI(benchAnswer(20, 1));
    const sample = await streamDirect(provider);
    expect(sample.text).toBe(answerText(20));
    expect(sample.tokens).toBe(20);
    expect(sample.tokenLatencies).toHaveLength(20);
    expect(sample.gaps).toHaveLength(19);
    expect(sample.ttftMs).toBeGreaterThan(0);
    expect(sample.reachedMs).toBeGreaterThan(0);
    expect(sample.reachedMs).toBeLessThanOrEqual(sample.ttftMs);
    for (const l of sample.tokenLatencies) expect(l).toBeGreaterThanOrEqual(0);
  });

  it('answers 404 elsewhere and 400 for a body that is not JSON', async () => {
    provider = await startFakeOpenAI();
    expect((await fetch(`${provider.url}/nope`)).status).toBe(404);
    const bad = await fetch(`${provider.baseURL}/chat/completions`, { method: 'POST', body: '{' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });

  it('lists models, and records every request as the tests read them', async () => {
    provider = await startFakeOpenAI(benchAnswer(3, 0));
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: provider.baseURL, maxRetries: 0 });
    expect((await client.models.list()).data.map((m) => m.id)).toContain('gpt-4o-mini');
    await Promise.all([1, 2, 3, 4].map(() => client.chat.completions.create({ model: 'fake-gpt', stream: false, messages: [{ role: 'user', content: 'hi' }] })));
    expect(provider.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(4);
    expect(provider.completedCount).toBe(4);
  });
});
