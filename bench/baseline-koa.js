#!/usr/bin/env node
/**
 * The bench's baseline: bare Koa + @koa/router + @koa/bodyparser doing, in-process, the same work
 * as Flowdesk's no-model starter flow (Chat Input → Prompt → Chat Output): read `input_value`,
 * fill a template, answer a Langflow-shaped JSON response. No storage, no flow engine.
 * `?stream=true` answers the same run as Flowdesk's stream events (`{"event": …, "data": …}\n\n`:
 * the user's message, the answer's, `end` with the run's response).
 *
 * With `--provider <base URL>` it is instead the relay baseline of a Basic Prompting flow (Prompt +
 * Chat Input → OpenAI → Chat Output): `POST /api/v1/run/:flow?stream=true` calls the provider's
 * chat completions through the official `openai` client, streaming, and relays each delta as a
 * `token` event, framed as Flowdesk frames them, then the answer's message and `end`.
 *
 *   node bench/baseline-koa.js [--port 0] [--host 127.0.0.1] [--provider http://127.0.0.1:PORT/v1]
 *
 * Prints `Baseline listening on http://HOST:PORT` once listening. Plain JavaScript on purpose, so
 * that it starts and weighs what a hand-written Koa server does (no TypeScript loader).
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import OpenAI from 'openai';

export const TEMPLATE = 'Thank you for your message!\n\nYou wrote: "{input}"\n\nThis reply comes from a template: edit the Prompt to change it.';

/** Langflow's message timestamp format: `2026-01-31 12:34:56 UTC`. */
function timestamp(date) {
  return date.toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
}

function fill(template, vars) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(vars, name) ? String(vars[name]) : whole));
}

/** The blocking `/api/v1/run` response for one run, in Langflow's shape (`answer`: a model's text instead of the template's). */
export function runResponse(flowId, inputValue, sessionId, answer) {
  const text = answer ?? fill(TEMPLATE, { input: inputValue });
  const stamp = timestamp(new Date());
  const properties = {
    text_color: null,
    background_color: null,
    edited: false,
    source: { id: 'Prompt-base1', display_name: 'Prompt', source: 'Prompt' },
    icon: null,
    allow_markdown: false,
    positive_feedback: null,
    state: 'complete',
    targets: [],
    usage: null,
    build_duration: null,
  };
  const fields = { sender: 'Machine', sender_name: 'AI', session_id: sessionId, context_id: '' };
  // Langflow 1.8's Message: the stored fields under `data`, its own timestamp as an ISO datetime.
  const message = {
    text_key: 'text',
    data: { timestamp: stamp, ...fields, text, files: [], error: false, edit: false, properties, category: 'message', content_blocks: [], id: randomUUID(), flow_id: flowId, duration: null },
    default_value: '',
    text,
    sender: 'Machine',
    sender_name: 'AI',
    files: [],
    session_id: sessionId,
    context_id: '',
    timestamp: stamp.replace(' UTC', '+00:00').replace(' ', 'T'),
    flow_id: flowId,
    error: false,
    edit: false,
    properties,
    category: 'message',
    content_blocks: [],
    duration: null,
  };
  return {
    session_id: sessionId,
    outputs: [
      {
        inputs: { input_value: inputValue },
        outputs: [
          {
            results: { message, result: text },
            artifacts: { message: text, sender: 'Machine', sender_name: 'AI', files: [], type: 'object' },
            outputs: { message: { message: text, type: 'text' } },
            logs: { message: [] },
            messages: [
              { message: text, sender: 'Machine', sender_name: 'AI', session_id: sessionId, component_id: 'ChatOutput-base2', files: [], type: 'text', stream_url: null },
            ],
            timedelta: null,
            duration: null,
            component_display_name: 'Chat Output',
            component_id: 'ChatOutput-base2',
            used_frozen_result: false,
          },
        ],
      },
    ],
  };
}

/** The data of an `add_message` stream event: Langflow's Message object plus its `id`. */
export function messageEvent(flowId, sessionId, sender, senderName, text, sourceId) {
  const stamp = timestamp(new Date());
  const id = randomUUID();
  const properties = {
    text_color: null,
    background_color: null,
    edited: false,
    source: sourceId ? { id: sourceId, display_name: sourceId.split('-')[0], source: sourceId.split('-')[0] } : { id: null, display_name: null, source: null },
    icon: null,
    allow_markdown: false,
    positive_feedback: null,
    state: 'complete',
    targets: [],
    usage: null,
    build_duration: null,
  };
  const fields = { sender, sender_name: senderName, session_id: sessionId, context_id: '' };
  return {
    text_key: 'text',
    data: { timestamp: stamp, ...fields, text, files: [], error: false, edit: false, properties, category: 'message', content_blocks: [], id, flow_id: flowId, duration: null },
    default_value: '',
    text,
    ...fields,
    files: [],
    timestamp: stamp.replace(' UTC', '+00:00').replace(' ', 'T'),
    flow_id: flowId,
    error: false,
    edit: false,
    properties,
    category: 'message',
    content_blocks: [],
    duration: null,
    id,
  };
}

function frame(event, data) {
  return `${JSON.stringify({ event, data })}\n\n`;
}

/** Starts a streamed answer on the bare response (Koa steps aside). */
function openStream(ctx) {
  ctx.respond = false;
  ctx.res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  return (text) => {
    if (!ctx.res.writableEnded && !ctx.res.destroyed) ctx.res.write(text);
  };
}

/** Basic Prompting's system message (the starter's Prompt). */
export const SYSTEM_PROMPT = 'Answer the user as if you were a pirate.';

/** Relays one Basic Prompting run: the provider's stream, token by token, as Flowdesk's stream events. */
async function relayRun(ctx, client, flowId, inputValue, sessionId) {
  const abort = new AbortController();
  ctx.res.once('close', () => {
    if (!ctx.res.writableFinished) abort.abort();
  });
  const write = openStream(ctx);
  write(frame('add_message', messageEvent(flowId, sessionId, 'User', 'User', inputValue, 'ChatInput-base0')));
  // As Flowdesk: the model's message is announced empty, then filled by its tokens.
  const announced = messageEvent(flowId, sessionId, 'Machine', 'AI', '', 'OpenAIModel-base1');
  write(frame('add_message', announced));
  const messageId = announced.id;
  let text = '';
  try {
    const stream = await client.chat.completions.create(
      {
        model: 'fake-gpt',
        temperature: 0.1,
        stream: true,
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: inputValue },
        ],
      },
      { signal: abort.signal },
    );
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content;
      if (!delta) continue;
      text += delta;
      write(frame('token', { chunk: delta, id: messageId }));
    }
    const answer = messageEvent(flowId, sessionId, 'Machine', 'AI', text, 'OpenAIModel-base1');
    write(frame('add_message', answer));
    write(frame('add_message', answer));
    write(frame('end', { result: runResponse(flowId, inputValue, sessionId, text) }));
  } catch (err) {
    if (!abort.signal.aborted) write(frame('error', { error: err instanceof Error ? err.message : String(err) }));
  } finally {
    ctx.res.end();
  }
}

/** `provider`: the relay baseline's provider base URL (undefined: the template baseline). */
export function createBaselineApp(provider) {
  const app = new Koa();
  const router = new Router();
  const client = provider ? new OpenAI({ apiKey: 'sk-bench', baseURL: provider, maxRetries: 0, timeout: 600_000 }) : undefined;
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.post('/api/v1/run/:flow', async (ctx) => {
    const body = ctx.request.body ?? {};
    const inputValue = typeof body.input_value === 'string' ? body.input_value : '';
    if (body.input_value !== undefined && typeof body.input_value !== 'string') {
      ctx.status = 422;
      ctx.body = { detail: 'input_value must be a string' };
      return;
    }
    const sessionId = typeof body.session_id === 'string' && body.session_id ? body.session_id : randomUUID();
    const flowId = ctx.params.flow;
    const stream = ctx.query.stream === 'true' || body.stream === true;
    if (client) {
      if (!stream) {
        ctx.status = 400;
        ctx.body = { detail: 'the relay baseline only streams' };
        return;
      }
      await relayRun(ctx, client, flowId, inputValue, sessionId);
      return;
    }
    if (!stream) {
      ctx.body = runResponse(flowId, inputValue, sessionId);
      return;
    }
    const write = openStream(ctx);
    const result = runResponse(flowId, inputValue, sessionId);
    write(frame('add_message', messageEvent(flowId, sessionId, 'User', 'User', inputValue, 'ChatInput-base0')));
    write(frame('add_message', messageEvent(flowId, sessionId, 'Machine', 'AI', result.outputs[0].outputs[0].results.result, 'Prompt-base1')));
    write(frame('end', { result }));
    ctx.res.end();
  });
  app.use(bodyParser());
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

async function main() {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' }, provider: { type: 'string' } } });
  const app = createBaselineApp(values.provider);
  const server = app.listen(Number(values.port), values.host, () => {
    const { address, port } = server.address();
    process.stdout.write(`Baseline listening on http://${address}:${port}\n`);
  });
  server.keepAliveTimeout = 5_000;
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
