#!/usr/bin/env node
/**
 * The bench's baseline: bare Koa + @koa/router + @koa/bodyparser doing, in-process, the same work
 * as Flowdesk's no-model starter flow (Chat Input → Prompt → Chat Output): read `input_value`,
 * fill a template, answer a Langflow-shaped JSON response. No storage, no flow engine.
 *
 *   node bench/baseline-koa.js [--port 0] [--host 127.0.0.1]
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

export const TEMPLATE = 'Thank you for your message!\n\nYou wrote: "{input}"\n\nThis reply comes from a template: edit the Prompt to change it.';

/** Langflow's message timestamp format: `2026-01-31 12:34:56 UTC`. */
function timestamp(date) {
  return date.toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
}

function fill(template, vars) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(vars, name) ? String(vars[name]) : whole));
}

/** The blocking `/api/v1/run` response for one run, in Langflow's shape. */
export function runResponse(flowId, inputValue, sessionId) {
  const text = fill(TEMPLATE, { input: inputValue });
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

export function createBaselineApp() {
  const app = new Koa();
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.post('/api/v1/run/:flow', (ctx) => {
    const body = ctx.request.body ?? {};
    const inputValue = typeof body.input_value === 'string' ? body.input_value : '';
    if (body.input_value !== undefined && typeof body.input_value !== 'string') {
      ctx.status = 422;
      ctx.body = { detail: 'input_value must be a string' };
      return;
    }
    const sessionId = typeof body.session_id === 'string' && body.session_id ? body.session_id : randomUUID();
    ctx.body = runResponse(ctx.params.flow, inputValue, sessionId);
  });
  app.use(bodyParser());
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

async function main() {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } } });
  const app = createBaselineApp();
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
