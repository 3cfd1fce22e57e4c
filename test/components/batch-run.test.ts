import { afterEach, describe, expect, it } from 'vitest';
import BatchRunComponent, { BATCH_CONCURRENCY, rowAsToml } from '../../server/components/batch-run.js';
import { makeData } from '../../shared/data.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import type { FakeModel } from '../support/fake-provider.js';
import { edge, flow, node, testContext } from '../engine/support.js';
import { request } from '../support/http.js';
import { spawnServer } from '../support/spawn-server.js';

const defaults = Object.fromEntries(BatchRunComponent.fields.map((f) => [f.name, f.default]));
const fakes: FakeModel[] = [];
const track = <T extends FakeModel>(fake: T) => (fakes.push(fake), fake);
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

const MODEL = [{ name: 'gpt-4.1-mini', provider: 'OpenAI' }];
const env = (fake: FakeModel) => ({ OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' });
const lastUser = (body: Record<string, unknown>) => {
  const messages = body.messages as { role: string; content: string }[];
  return messages[messages.length - 1]!.content;
};
const comments = [makeData({ author: 'ann', text: 'Great video' }), makeData({ author: 'bob', text: 'Too long' }), makeData({ author: 'cy', text: 'FAIL me' })];
const run = (inputs: Record<string, unknown>, fake: FakeModel, signal?: AbortSignal) =>
  BatchRunComponent.run({ ...defaults, model: MODEL, ...inputs }, testContext({ env: env(fake), signal }));

describe('BatchRunComponent', () => {
  it("keeps Langflow's type key, fields and output", () => {
    expect(BatchRunComponent.type).toBe('BatchRunComponent');
    expect(BatchRunComponent.fields.map((f) => f.name)).toEqual(['model', 'api_key', 'system_message', 'df', 'column_name', 'output_column_name', 'enable_metadata']);
    expect(BatchRunComponent.outputs).toEqual([{ name: 'batch_results', display_name: 'LLM Results', types: ['DataFrame'] }]);
  });

  it('sends each row of the column with the instructions and adds the answer and batch_index to each row', async () => {
    const fake = track(await startFakeOpenAI({ respond: (body) => ({ text: `sentiment of ${lastUser(body)}` }) }));
    const out = await run({ df: comments.slice(0, 2), column_name: 'text', system_message: 'Rate the sentiment.' }, fake);
    expect(out.batch_results).toEqual([
      makeData({ author: 'ann', text: 'Great video', model_response: 'sentiment of Great video', batch_index: 0 }),
      makeData({ author: 'bob', text: 'Too long', model_response: 'sentiment of Too long', batch_index: 1 }),
    ]);
    expect(fake.requests.map((r) => r.body.model)).toEqual(['gpt-4.1-mini', 'gpt-4.1-mini']);
    expect(fake.requests[0]!.body.messages).toEqual([
      { role: 'system', content: 'Rate the sentiment.' },
      { role: 'user', content: expect.any(String) },
    ]);
  });

  it('formats the whole row as TOML when no column is named, and sends no system message when there are no instructions', async () => {
    const fake = track(await startFakeOpenAI({ reply: 'ok' }));
    await run({ df: [makeData({ author: 'ann', 'the text': 'Hi "there"' })], output_column_name: 'answer' }, fake);
    expect(fake.requests[0]!.body.messages).toEqual([{ role: 'user', content: '[author]\nvalue = "ann"\n\n["the text"]\nvalue = "Hi \\"there\\""\n' }]);
    expect(rowAsToml({ n: 3 })).toBe('[n]\nvalue = "3"\n');
  });

  it('gives a failed row an empty answer and its error, and the other rows their answers', async () => {
    const fake = track(
      await startFakeOpenAI({
        respond: (body) => ({ text: `ok: ${lastUser(body)}` }),
        errorFor: (body) => (lastUser(body).startsWith('FAIL') ? { status: 400, message: 'This row is refused' } : undefined),
      }),
    );
    const out = (await run({ df: comments, column_name: 'text', enable_metadata: true }, fake)).batch_results as { data: Record<string, unknown> }[];
    expect(out.map((r) => r.data.model_response)).toEqual(['ok: Great video', 'ok: Too long', '']);
    expect(out.map((r) => r.data.error)).toEqual(['', '', expect.stringContaining('This row is refused')]);
    expect(out[2]!.data.metadata).toEqual({ error: expect.stringContaining('This row is refused'), processing_status: 'failed' });
    expect(out[0]!.data.metadata).toEqual({ has_system_message: false, input_length: 0, response_length: 'ok: Great video'.length, processing_status: 'success' });
  });

  it(`keeps at most ${BATCH_CONCURRENCY} rows at the model at once`, async () => {
    const fake = track(await startFakeOpenAI({ reply: 'ok', delayMs: 60 }));
    const df = Array.from({ length: 10 }, (_, i) => makeData({ text: `row ${i}` }));
    const out = (await run({ df, column_name: 'text' }, fake)).batch_results as unknown[];
    expect(out).toHaveLength(10);
    expect(fake.requests).toHaveLength(10);
    expect(fake.maxInFlight).toBeGreaterThan(1);
    expect(fake.maxInFlight).toBeLessThanOrEqual(BATCH_CONCURRENCY);
  });

  it('names the available columns when the column is missing, and refuses a non-DataFrame', async () => {
    const fake = track(await startFakeOpenAI());
    await expect(run({ df: comments, column_name: 'body' }, fake)).rejects.toThrow("Column 'body' not found in the DataFrame. Available columns: author, text");
    await expect(run({ df: 'just text' }, fake)).rejects.toThrow('Expected DataFrame input, got text');
    expect(fake.requests).toHaveLength(0);
  });

  it('fails as a whole when the run is cancelled', async () => {
    const fake = track(await startFakeOpenAI({ reply: 'ok', delayMs: 2000 }));
    const controller = new AbortController();
    const pending = run({ df: comments, column_name: 'text' }, fake, controller.signal);
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toThrow();
  });
});

describe('BatchRunComponent in a running server', () => {
  it('answers each row of a split chat input, a failed row carrying its error', async () => {
    const fake = track(
      await startFakeOpenAI({
        respond: (body) => ({ text: `len ${lastUser(body).length}` }),
        errorFor: (body) => (lastUser(body) === 'bad' ? { status: 400, message: 'no bad rows' } : undefined),
      }),
    );
    const server = await spawnServer({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' } });
    try {
      const data = flow(
        [
          node('ChatInput-in001'),
          node('SplitText-split', { separator: ',', chunk_size: 1, chunk_overlap: 0 }),
          node('BatchRunComponent-batch', { model: MODEL, column_name: 'text', system_message: 'Count.' }),
          node('ParserComponent-parse', { pattern: '{text}={model_response}|{error}' }),
          node('ChatOutput-out01'),
        ],
        [
          edge('ChatInput-in001.message', 'SplitText-split.data_inputs'),
          edge('SplitText-split.dataframe', 'BatchRunComponent-batch.df'),
          edge('BatchRunComponent-batch.batch_results', 'ParserComponent-parse.input_data'),
          edge('ParserComponent-parse.parsed_text', 'ChatOutput-out01.input_value'),
        ],
      );
      const created = await request(server.url, 'POST', '/api/v1/flows/', { json: { name: 'Batch', data } });
      expect(created.status, created.text).toBe(201);
      const res = await request(server.url, 'POST', `/api/v1/run/${created.body.id}`, { json: { input_value: 'abc,bad,de' } });
      expect(res.status, res.text).toBe(200);
      const lines = (res.body.outputs[0].outputs[0].results.message.text as string).split('\n');
      expect(lines[0]).toBe('abc=len 3|');
      expect(lines[1]).toMatch(/^bad=\|.*no bad rows/);
      expect(lines[2]).toBe('de=len 2|');
      expect(fake.requests).toHaveLength(3);
    } finally {
      await server.stop();
    }
  });
});
