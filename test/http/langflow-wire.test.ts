/**
 * Flowdesk's answers next to Langflow 1.8.1's, captured from a running Langflow on the same
 * requests (../shared/fixtures/langflow-1.8.1/, see its README): the same flows (imported from
 * Langflow's own export), the same bodies, a fake OpenAI answering as the one behind the captures
 * did ("Hello! You said: <text>", the same chunks). Answers are compared key by key: the same keys
 * at every level, the same value types, and the same values except where they are specific to a
 * run (ids, timestamps, session and flow ids) or to the model behind it (token counts, the
 * provider's error wording), which are compared by type and format only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const CAPTURES = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-1.8.1');
const readCapture = (name: string) => readFileSync(path.join(CAPTURES, name), 'utf8');
const captured = (name: string): any => JSON.parse(readCapture(`responses/${name}`));
const capturedEvents = (name: string): Event[] => parseEvents(readCapture(`responses/${name}`));
const capturedRequest = (name: string): { path: string; body: Record<string, unknown> } => JSON.parse(readCapture('responses/_requests.json'))[name].request;

type Event = { event: string; data: any };

function parseEvents(text: string): Event[] {
  return text
    .split('\n\n')
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => JSON.parse(chunk) as Event);
}

/** Keys whose values are specific to one run: compared by type (and timestamps by format). */
const RUN_SPECIFIC = new Set(['id', 'session_id', 'flow_id', 'timestamp']);
const STORED_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;

/**
 * How `actual` differs from `expected`: missing or extra keys, other types, other values.
 * `loose` lists paths (array positions written `[]`) whose value is compared by type only, or
 * (`'any'`) not at all.
 */
function differences(actual: unknown, expected: unknown, loose: Record<string, 'type' | 'any'> = {}, at = '$'): string[] {
  const rule = loose[at];
  if (rule === 'any') return [];
  const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(actual) !== kind(expected)) return [`${at}: ${kind(expected)} on Langflow, ${kind(actual)} here (${JSON.stringify(actual)?.slice(0, 80)})`];
  if (Array.isArray(expected)) {
    const got = actual as unknown[];
    if (expected.length === 0 || got.length === 0) return expected.length === got.length ? [] : [`${at}: ${expected.length} items on Langflow, ${got.length} here`];
    if (rule !== 'type' && got.length !== expected.length) return [`${at}: ${expected.length} items on Langflow, ${got.length} here`];
    return got.flatMap((item, i) => differences(item, expected[Math.min(i, expected.length - 1)], loose, `${at}[]`));
  }
  if (kind(expected) === 'object') {
    const want = expected as Record<string, unknown>;
    const got = actual as Record<string, unknown>;
    const missing = Object.keys(want).filter((k) => !(k in got));
    const extra = Object.keys(got).filter((k) => !(k in want) && loose[`${at}.${k}`] !== 'any');
    const found: string[] = [];
    if (missing.length > 0) found.push(`${at}: missing ${missing.join(', ')}`);
    if (extra.length > 0) found.push(`${at}: extra ${extra.join(', ')}`);
    for (const key of Object.keys(want)) {
      if (!(key in got)) continue;
      const child = `${at}.${key}`;
      if (loose[child] === 'any') continue;
      if (key === 'timestamp' && typeof want[key] === 'string') {
        const format = STORED_TIME.test(want[key] as string) ? STORED_TIME : ISO_TIME;
        if (!format.test(got[key] as string)) found.push(`${child}: ${String(got[key])} is not in Langflow's format (${String(want[key])})`);
      } else if (RUN_SPECIFIC.has(key) && typeof want[key] === 'string') {
        if (typeof got[key] !== 'string') found.push(`${child}: string on Langflow, ${kind(got[key])} here`);
      } else found.push(...differences(got[key], want[key], loose, child));
    }
    return found;
  }
  if (rule === 'type' || actual === expected) return [];
  return [`${at}: ${JSON.stringify(expected)} on Langflow, ${JSON.stringify(actual)} here`];
}

/** Consecutive token events as one `token*` (how a model cuts its answer is its own business). */
function sequence(events: Event[]): string[] {
  return events.map((e) => e.event).filter((name, i, all) => name !== 'token' || all[i - 1] !== 'token').map((name) => (name === 'token' ? 'token*' : name));
}

/** The reply of the fake model behind the captures. */
const echo = (text: string) => `Hello! You said: ${text}`;
/** Token counts come from the fake model here and from another fake there. */
const USAGE_NUMBERS = (prefix: string): Record<string, 'type'> => ({
  [`${prefix}.properties.usage.input_tokens`]: 'type',
  [`${prefix}.properties.usage.output_tokens`]: 'type',
  [`${prefix}.properties.usage.total_tokens`]: 'type',
  [`${prefix}.data.properties.usage.input_tokens`]: 'type',
  [`${prefix}.data.properties.usage.output_tokens`]: 'type',
  [`${prefix}.data.properties.usage.total_tokens`]: 'type',
});
const RESULT_MESSAGE = '$.outputs[].outputs[].results.message';

/**
 * Where Flowdesk knowingly answers otherwise, each for a reason:
 * - `results.result`, the main output's plain text, is kept beside Langflow's keys: pre-1.0
 *   Langflow clients read it (API contract §1), and a key more breaks no Langflow client.
 * - Chat Input's message names its component as its source; Langflow's has no source (all null).
 *   Chat Output derives its own source from that one, so it is left as it is.
 */
const KNOWN: Record<string, 'any'> = {
  '$.outputs[].outputs[].results.result': 'any',
  '$.result.outputs[].outputs[].results.result': 'any',
};
/** Chat Input's message (see KNOWN), in a stream event or the monitor. */
const USER_SOURCE = (prefix: string): Record<string, 'any'> => ({ [`${prefix}.properties.source`]: 'any', [`${prefix}.data.properties.source`]: 'any' });

let openai: FakeOpenAI;
/** The server whose OpenAI key (from its environment) is the one the captures sent, `sk-test`. */
let server: SpawnedServer;
/** The same flows on a server whose key is the captures' wrong one, `x`. */
let wrongKeyServer: SpawnedServer;
let basicPrompting: string;
let hello: string;
const WRONG_KEY_IDS = new Map<string, string>();

/**
 * The captures pass the model's key as a tweak (`api_key`). Flowdesk's tweak policy never lets a
 * tweak set a secret field (422), so the key comes from the server's environment instead, as it
 * would for a user: the tweak is taken out, and the request goes to the server holding that key.
 */
function withoutKeyTweak(body: Record<string, any>): { body: Record<string, any>; key: string | undefined } {
  let key: string | undefined;
  const tweaks = Object.fromEntries(
    Object.entries((body.tweaks ?? {}) as Record<string, Record<string, unknown>>).map(([node, fields]) => {
      const { api_key: tweakedKey, ...rest } = fields;
      if (typeof tweakedKey === 'string') key = tweakedKey;
      return [node, rest];
    }),
  );
  return { body: body.tweaks ? { ...body, tweaks } : body, key };
}

/** Imports a flow as Langflow exported it; returns its id here. */
async function importFlow(file: string, into: SpawnedServer = server): Promise<string> {
  const res = await request(into.url, 'POST', '/api/v1/flows/upload/', { json: JSON.parse(readCapture(`flows/${file}`)) });
  expect(res.status, res.text).toBe(201);
  return (Array.isArray(res.body) ? res.body[0] : res.body).id as string;
}

/** Sends the captured request `name` to the same flow here (Langflow's flow id replaced by ours). */
async function replay(name: string, flowId: string): Promise<{ status: number; text: string; body: any; type: string }> {
  const req = capturedRequest(name);
  const query = req.path.includes('?') ? req.path.slice(req.path.indexOf('?')) : '';
  const { body, key } = withoutKeyTweak(req.body);
  const target = key === 'x' ? wrongKeyServer : server;
  const id = key === 'x' ? (WRONG_KEY_IDS.get(flowId) as string) : flowId;
  const res = await request(target.url, 'POST', `/api/v1/run/${id}${query}`, { json: body });
  return { status: res.status, text: res.text, body: res.body, type: res.headers.get('content-type') ?? '' };
}

beforeAll(async () => {
  openai = await startFakeOpenAI({
    keys: ['sk-test'],
    respond: (body) => ({ text: echo(String((body.messages as { role: string; content: string }[]).filter((m) => m.role === 'user').at(-1)?.content)) }),
    // Streams answer the capture's "hi there", cut as the fake behind the capture cut it.
    chunks: ['Hello! ', 'You ', 'said: ', 'hi ', 'there'],
  });
  server = await spawnServer({ env: { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'sk-test' } });
  wrongKeyServer = await spawnServer({ env: { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'x' } });
  basicPrompting = await importFlow('basic-prompting.json');
  hello = await importFlow('hello-template.json');
  WRONG_KEY_IDS.set(basicPrompting, await importFlow('basic-prompting.json', wrongKeyServer));
  WRONG_KEY_IDS.set(hello, await importFlow('hello-template.json', wrongKeyServer));
});
afterAll(async () => {
  await server?.stop();
  await wrongKeyServer?.stop();
  await openai?.close();
});

describe('a blocking run answers as Langflow 1.8.1', () => {
  it('Basic Prompting: results.message is a Langflow Message (data, content_blocks, category, usage, ISO timestamp)', async () => {
    const res = await replay('run_bp_blocking', basicPrompting);
    expect(res.status, res.text).toBe(200);
    const langflow = captured('run_bp_blocking.json');
    expect(differences(res.body, langflow, { ...KNOWN, ...USAGE_NUMBERS(RESULT_MESSAGE) })).toEqual([]);
    // The usage is the provider's: the fake OpenAI reports 9 prompt tokens and one per chunk.
    const message = res.body.outputs[0].outputs[0].results.message;
    expect(message.properties.usage).toEqual({ input_tokens: 9, output_tokens: 5, total_tokens: 14 });
    expect(message.data.properties.usage).toEqual(message.properties.usage);
    expect(message.timestamp.replace('T', ' ').replace('+00:00', ' UTC')).toBe(message.data.timestamp);
  });

  it('a prompt-only flow: the same shape, no usage', async () => {
    const res = await replay('run_hello_blocking', hello);
    expect(res.status, res.text).toBe(200);
    expect(differences(res.body, captured('run_hello_blocking.json'), KNOWN)).toEqual([]);
  });
});

describe('a streamed run answers as Langflow 1.8.1', () => {
  it('Basic Prompting: the final AI message follows the tokens as add_message events; each event has Langflow\'s data', async () => {
    const res = await replay('stream_bp', basicPrompting);
    expect(res.status, res.text).toBe(200);
    expect(res.type).toBe('text/event-stream; charset=utf-8');
    const ours = parseEvents(res.text);
    const langflow = capturedEvents('stream_bp.sse');
    expect(sequence(ours)).toEqual(sequence(langflow));
    expect(sequence(ours)).toEqual(['add_message', 'add_message', 'token*', 'add_message', 'add_message', 'end']);

    const oursNoTokens = ours.filter((e) => e.event !== 'token');
    const langflowNoTokens = langflow.filter((e) => e.event !== 'token');
    const loose: Record<string, 'type' | 'any'> = {
      ...KNOWN,
      ...USAGE_NUMBERS('$'),
      ...USAGE_NUMBERS(`$.result${RESULT_MESSAGE.slice(1)}`),
      // Langflow names the model node's messages after its `model` field's Python repr.
      '$.properties.source.source': 'type',
      '$.data.properties.source.source': 'type',
    };
    oursNoTokens.forEach((event, i) => {
      const rules = i === 0 ? { ...loose, ...USER_SOURCE('$') } : loose;
      expect(differences(event.data, langflowNoTokens[i]?.data, rules), `event ${i} (${event.event})`).toEqual([]);
    });
    const tokens = ours.filter((e) => e.event === 'token');
    for (const token of tokens) expect(differences(token.data, langflow.find((e) => e.event === 'token')?.data, { '$.chunk': 'type' })).toEqual([]);
    expect(tokens.map((t) => t.data.chunk).join('')).toBe(echo('hi there'));

    const [user, partial, done, chatOutput] = oursNoTokens;
    expect(partial?.data).toMatchObject({ text: '', properties: { state: 'partial', usage: null } });
    expect(tokens.every((t) => t.data.id === partial?.data.id)).toBe(true);
    for (const final of [done, chatOutput]) {
      expect(final?.data).toMatchObject({ id: partial?.data.id, text: echo('hi there'), properties: { state: 'complete', usage: { input_tokens: 9, output_tokens: 5, total_tokens: 14 } } });
    }
    expect(user?.data).toMatchObject({ sender: 'User', text: 'hi there' });
  });

  it('a prompt-only flow: the user message, the AI message, then end', async () => {
    const res = await replay('stream_hello', hello);
    const ours = parseEvents(res.text);
    const langflow = capturedEvents('stream_hello.sse');
    expect(ours.map((e) => e.event)).toEqual(langflow.map((e) => e.event));
    ours.forEach((event, i) => expect(differences(event.data, langflow[i]?.data, { ...KNOWN, ...(i === 0 ? USER_SOURCE('$') : {}) }), `event ${i} (${event.event})`).toEqual([]));
  });
});

describe('a failing component answers as Langflow 1.8.1', () => {
  /** The provider's wording differs from langchain's: compared by type. */
  const ERROR_TEXT: Record<string, 'type'> = {
    '$.text': 'type',
    '$.data.text': 'type',
    '$.content_blocks[].contents[].reason': 'type',
    '$.content_blocks[].contents[].traceback': 'type',
    '$.data.content_blocks[].contents[].reason': 'type',
    '$.data.content_blocks[].contents[].traceback': 'type',
    '$.error': 'type',
  };

  it('blocking: 500 with detail, a JSON text holding message, traceback, description, code and suggestion', async () => {
    const res = await replay('run_bp_model_error', basicPrompting);
    expect(res.status).toBe(500);
    const langflow = captured('run_bp_model_error.json');
    expect(Object.keys(res.body)).toEqual(Object.keys(langflow));
    expect(typeof res.body.detail).toBe('string');
    const detail = JSON.parse(res.body.detail);
    // Langflow suggests updating its outdated components; Flowdesk has none to suggest, so null.
    expect(differences(detail, JSON.parse(langflow.detail), { '$.message': 'type', '$.suggestion': 'any' })).toEqual([]);
    expect(detail.suggestion).toBeNull();
    expect(detail.message).toMatch(/^Error running graph: Error building Component Language Model: .*Incorrect API key provided/);
  });

  it('streamed: the component\'s error message, then {error}: two error events', async () => {
    const res = await replay('stream_bp_model_error', basicPrompting);
    expect(res.status).toBe(200);
    const ours = parseEvents(res.text);
    const langflow = capturedEvents('stream_bp_model_error.sse');
    expect(ours.map((e) => e.event)).toEqual(langflow.map((e) => e.event));
    expect(ours.map((e) => e.event)).toEqual(['add_message', 'error', 'error']);
    ours.forEach((event, i) => expect(differences(event.data, langflow[i]?.data, { ...ERROR_TEXT, ...(i === 0 ? USER_SOURCE('$') : {}) }), `event ${i} (${event.event})`).toEqual([]));
    expect(ours[1]?.data).toMatchObject({ sender: 'Language Model', category: 'error', properties: { source: { display_name: 'Language Model' }, icon: 'error' } });
    expect(ours[1]?.data.text).toContain('Incorrect API key provided');
    expect(ours[2]?.data.error).toMatch(/^Error running graph: Error building Component Language Model: .*Incorrect API key provided/);
  });
});

describe('messages and flows list as Langflow 1.8.1 lists them', () => {
  it('monitor/messages: files is the JSON text, every property is there', async () => {
    await request(server.url, 'POST', `/api/v1/run/${basicPrompting}`, { json: { ...withoutKeyTweak(capturedRequest('run_bp_blocking').body).body, session_id: 'mem-cmp' } });
    const res = await request(server.url, 'GET', '/api/v1/monitor/messages?session_id=mem-cmp');
    expect(res.status).toBe(200);
    const langflow = captured('monitor_messages_session.json') as any[];
    expect(res.body).toHaveLength(2);
    // Langflow's capture is a Memory Chatbot conversation of two turns: its first turn is compared.
    const [user, ai] = res.body as any[];
    expect(differences(user, langflow[0], { ...USER_SOURCE('$'), '$.text': 'type' })).toEqual([]);
    expect(differences(ai, langflow[1], { ...USAGE_NUMBERS('$'), '$.text': 'type' })).toEqual([]);
    expect(res.body.map((m: any) => m.files)).toEqual(['[]', '[]']);
    expect(res.body[1].properties.usage).toEqual({ input_tokens: 9, output_tokens: 5, total_tokens: 14 });
  });

  it('flows: a plain list by default, FlowHeaders with header_flows=true', async () => {
    const plain = await request(server.url, 'GET', '/api/v1/flows/');
    expect(Array.isArray(plain.body)).toBe(true);
    const headers = await request(server.url, 'GET', '/api/v1/flows/?header_flows=true');
    expect(Array.isArray(headers.body)).toBe(true);
    const langflow = captured('flows_list_header.json') as any[];
    // `mcp_enabled`: Flowdesk's flows are MCP tools unless opted out (Langflow's start switched off).
    for (const flow of headers.body as any[]) {
      expect(differences(flow, langflow[0], { '$.endpoint_name': 'any', '$.name': 'any', '$.description': 'any', '$.tags': 'any', '$.folder_id': 'any', '$.mcp_enabled': 'any' })).toEqual([]);
      expect(typeof flow.mcp_enabled).toBe('boolean');
    }
  });

  it('flows: get_all=false pages ({items, total, page, size, pages}), as fastapi-pagination does', async () => {
    const all = (await request(server.url, 'GET', '/api/v1/flows/')).body as any[];
    const first = await request(server.url, 'GET', '/api/v1/flows/?get_all=false&page=1&size=50');
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['items', 'page', 'pages', 'size', 'total']);
    expect(first.body).toMatchObject({ total: all.length, page: 1, size: 50, pages: Math.ceil(all.length / 50) });
    expect(first.body.items.map((f: any) => f.id)).toEqual(all.map((f) => f.id).slice(0, 50));
    expect(first.body.items[0]).toEqual(all[0]);

    const second = await request(server.url, 'GET', '/api/v1/flows/?get_all=false&page=2&size=2');
    expect(second.body).toMatchObject({ total: all.length, page: 2, size: 2, pages: Math.ceil(all.length / 2) });
    expect(second.body.items.map((f: any) => f.id)).toEqual(all.map((f) => f.id).slice(2, 4));
    // Pagination wins over header_flows, as in Langflow.
    const headerPage = await request(server.url, 'GET', '/api/v1/flows/?get_all=false&header_flows=true&size=1');
    expect(headerPage.body.items[0].data).not.toBeNull();
    const beyond = await request(server.url, 'GET', `/api/v1/flows/?get_all=false&page=${all.length + 1}&size=1`);
    expect(beyond.body).toMatchObject({ items: [], total: all.length, page: all.length + 1, pages: all.length });

    const zero = await request(server.url, 'GET', '/api/v1/flows/?get_all=false&page=0');
    expect(zero.status).toBe(422);
    expect(zero.body.detail[0]).toMatchObject({ type: 'greater_than_equal', loc: ['query', 'page'] });
    const big = await request(server.url, 'GET', '/api/v1/flows/?get_all=false&size=101');
    expect(big.status).toBe(422);
    expect(big.body.detail[0]).toMatchObject({ type: 'less_than_equal', loc: ['query', 'size'] });
  });
});
