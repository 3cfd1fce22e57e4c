/**
 * `POST /api/v1/responses`: Langflow's OpenAI-compatible Responses endpoint. `model` names the flow
 * (id or endpoint name), `input` is its chat input, `previous_response_id` is the session to continue
 * (Langflow uses it as the session id, and a response's id is its session id). Blocking answers are
 * the Responses object; `stream: true` answers with the Responses API's event stream. Errors are
 * OpenAI-shaped (`{"error": {message, type, code}}`).
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { RunResponse, StreamEvent } from '../../../shared/api.js';
import { AppError } from '../../../shared/errors.js';
import { isComponentNode } from '../../../shared/flow.js';
import type { MessageUsage } from '../../../shared/langflow-message.js';
import {
  frameResponsesEvent,
  outputMessage,
  parseResponsesRequest,
  responseObject,
  responsesError,
  responsesRequestProblem,
  responsesUsage,
  type ResponsesUsage,
} from '../../../shared/openai-responses.js';
import type { AppDeps } from '../app-deps.js';
import { statusOf } from '../error-middleware.js';
import { readJsonBody } from '../read-body.js';
import { cancelWhenClientGone, openStream, runErrorText } from './run-routes.js';

/** An error answered in OpenAI's shape. */
class ResponsesFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

export function responsesRoutes(router: Router, deps: AppDeps): void {
  router.post('/api/v1/responses', async (ctx) => {
    try {
      await serveResponses(ctx, deps);
    } catch (err) {
      if (ctx.respond === false) throw err;
      const failure = asFailure(err, deps);
      ctx.status = failure.status;
      ctx.body = responsesError(failure.message, failure.type, failure.code);
    }
  });
}

function asFailure(err: unknown, deps: AppDeps): ResponsesFailure {
  if (err instanceof ResponsesFailure) return err;
  if (err instanceof AppError) {
    const status = statusOf(err);
    const type = status >= 500 ? 'processing_error' : 'invalid_request_error';
    return new ResponsesFailure(status, runErrorText(err, deps), type, err.code === 'component_failed' ? null : err.code);
  }
  return new ResponsesFailure(500, runErrorText(err, deps), 'processing_error');
}

async function serveResponses(ctx: Context, deps: AppDeps): Promise<void> {
  const body = await readJsonBody(ctx.req, deps.maxBodyBytes);
  const problem = responsesRequestProblem(body);
  if (problem) throw new ResponsesFailure(400, problem, 'invalid_request_error', 'invalid_request');
  const request = parseResponsesRequest(body as Record<string, unknown>);
  if (request.tools !== undefined) throw new ResponsesFailure(400, 'Tools are not supported yet', 'invalid_request_error', 'tools_not_supported');
  const flowId = chatFlowId(request.model, deps);

  const sessionId = request.previous_response_id ?? crypto.randomUUID();
  const runBody = { input_value: request.input, input_type: 'chat', output_type: 'chat', session_id: sessionId };
  const run = await deps.runs.start(flowId, runBody, { stream: request.stream });
  cancelWhenClientGone(ctx.res, run);
  const answer = { id: sessionId, createdAt: Math.floor(Date.now() / 1000), model: request.model, previousResponseId: request.previous_response_id };

  if (!request.stream) {
    const result = await run.execute();
    const output = resultOutput(result);
    ctx.body = responseObject({ ...answer, status: 'completed', output: [outputMessage(answer.id, output.text)], usage: output.usage });
    return;
  }

  ctx.respond = false;
  const write = openStream(ctx.res, 'text/event-stream; charset=utf-8');
  let sequence = 0;
  const send = (type: string, fields: Record<string, unknown>) => write(frameResponsesEvent({ type, ...fields, sequence_number: sequence++ }));
  const item = outputMessage(answer.id, '', 'in_progress');
  const part = { type: 'output_text', text: '', annotations: [] };
  const started = responseObject({ ...answer, status: 'in_progress', output: [], usage: null });
  send('response.created', { response: started });
  send('response.in_progress', { response: started });
  send('response.output_item.added', { output_index: 0, item });
  send('response.content_part.added', { item_id: item.id, output_index: 0, content_index: 0, part });

  let streamed = '';
  let usage: MessageUsage | undefined;
  const delta = (text: string) => {
    streamed += text;
    send('response.output_text.delta', { item_id: item.id, output_index: 0, content_index: 0, delta: text, logprobs: [] });
  };
  const onStreamEvent = (event: StreamEvent) => {
    if (event.event === 'token' && event.data.chunk) delta(event.data.chunk);
    if (event.event === 'add_message') usage = messageUsage(event.data) ?? usage;
  };
  try {
    const result = await run.execute({ onStreamEvent });
    const output = resultOutput(result);
    // A model that does not stream gives no tokens: its whole answer is one delta.
    if (streamed === '' && output.text !== '') delta(output.text);
    const text = streamed === '' ? output.text : streamed;
    const done = outputMessage(answer.id, text);
    send('response.output_text.done', { item_id: item.id, output_index: 0, content_index: 0, text, logprobs: [] });
    send('response.content_part.done', { item_id: item.id, output_index: 0, content_index: 0, part: done.content[0] });
    send('response.output_item.done', { output_index: 0, item: done });
    const finalUsage = output.usage ?? responsesUsage(usage);
    send('response.completed', { response: responseObject({ ...answer, status: 'completed', output: [done], usage: finalUsage }) });
  } catch (err) {
    if (!run.cancelled) {
      const error = { code: 'processing_error', message: runErrorText(err, deps) };
      send('response.failed', { response: responseObject({ ...answer, status: 'failed', output: [], usage: null, error }) });
    }
  } finally {
    ctx.res.end();
  }
}

/** The id of the flow `model` names (id or endpoint name), which must have a Chat Input, as Langflow requires. */
function chatFlowId(model: string, deps: AppDeps): string {
  const flow = deps.flows.find(model);
  if (!flow) throw new ResponsesFailure(404, `Flow with id '${model}' not found`, 'invalid_request_error', 'flow_not_found');
  if (!flow.data?.nodes.some((node) => isComponentNode(node) && node.data.type === 'ChatInput')) {
    throw new ResponsesFailure(400, 'Flow must have a ChatInput component to be compatible with OpenAI Responses API', 'invalid_request_error', 'invalid_flow');
  }
  return flow.id;
}

/** The answer text of a run (the first output's message, else its first text result) and its model's usage. */
function resultOutput(result: RunResponse): { text: string; usage: ResponsesUsage | null } {
  for (const output of result.outputs[0]?.outputs ?? []) {
    const usage = Object.values(output.results).map(messageUsage).find((found) => found !== undefined);
    const message = output.messages[0]?.message;
    if (typeof message === 'string' && message !== '') return { text: message, usage: responsesUsage(usage) };
    for (const value of Object.values(output.results)) {
      if (typeof value === 'string' && value !== '') return { text: value, usage: responsesUsage(usage) };
      const text = (value as { text?: unknown } | null)?.text;
      if (typeof text === 'string' && text !== '') return { text, usage: responsesUsage(usage) };
    }
  }
  return { text: '', usage: null };
}

/** The usage a model reported on a message (`properties.usage`), if any. */
function messageUsage(message: unknown): MessageUsage | undefined {
  const usage = (message as { properties?: { usage?: MessageUsage | null } } | null)?.properties?.usage;
  return usage ?? undefined;
}
