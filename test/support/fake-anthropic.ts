/**
 * A local stand-in for Anthropic's Messages API (`POST /v1/messages`), speaking the real wire
 * protocol: message JSON with text and `tool_use` blocks, the `event:`/`data:` stream of
 * message_start … message_stop, and Anthropic's error bodies.
 */
import { sampleOf, sendJson, startFakeModel, type FakeModel, type FakeModelOptions } from './fake-provider.js';

export type FakeAnthropic = FakeModel;

export function startFakeAnthropic(options: FakeModelOptions = {}): Promise<FakeAnthropic> {
  let sequence = 0;
  return startFakeModel(options, '', async ({ req, res, body, reply, paced, completed }) => {
    if (options.error) {
      const { status, message, type = 'invalid_request_error' } = options.error;
      sendJson(res, status, { type: 'error', error: { type, message } }, { 'request-id': 'req_fake' });
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/messages') {
      sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: `Unknown path ${req.url}` } });
      return;
    }
    const id = `msg_fake${++sequence}`;
    const model = typeof body.model === 'string' ? body.model : 'claude-3-5-sonnet-latest';
    const usage = { input_tokens: 12, output_tokens: 7 };

    // `tool_choice: {type: "tool", name}` forces that tool; naming one `tools` lacks is Anthropic's 400.
    const choice = body.tool_choice as { type?: unknown; name?: unknown } | undefined;
    const forcedName = choice?.type === 'tool' ? String(choice.name ?? '') : undefined;
    const tools = (Array.isArray(body.tools) ? body.tools : []) as { name?: string; input_schema?: Record<string, unknown> }[];
    const forced = forcedName === undefined ? undefined : tools.find((t) => t.name === forcedName);
    if (forcedName !== undefined && !forced) {
      sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: `tool_choice.name: Tool '${forcedName}' not found in tools` } });
      return;
    }

    if (body.stream !== true) {
      let turn = options.respond?.(body) ?? { text: reply };
      // As the real API: a forced tool is always called, with no text before it.
      if (forced && !(turn.toolCalls ?? []).some((call) => call.name === forcedName)) {
        const input = options.structured ? options.structured(forced.input_schema ?? {}, body) : sampleOf(forced.input_schema ?? {});
        turn = { toolCalls: [{ name: forcedName as string, arguments: input as Record<string, unknown> }] };
      }
      const content: Record<string, unknown>[] = [];
      if (turn.text) content.push({ type: 'text', text: turn.text });
      (turn.toolCalls ?? []).forEach((call, i) => content.push({ type: 'tool_use', id: `toolu_fake${sequence}_${i}`, name: call.name, input: typeof call.arguments === 'string' ? JSON.parse(call.arguments) : call.arguments }));
      const stopReason = (turn.toolCalls ?? []).length > 0 ? 'tool_use' : 'end_turn';
      sendJson(res, 200, { id, type: 'message', role: 'assistant', model, content, stop_reason: stopReason, stop_sequence: null, usage });
      completed();
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const event = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    event('message_start', {
      message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 12, output_tokens: 1 } },
    });
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    event('ping', {});
    if (!(await paced((chunk) => event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: chunk } })))) return;
    event('content_block_stop', { index: 0 });
    event('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 7 } });
    event('message_stop', {});
    res.end();
    completed();
  });
}

/** The key a request carried: Anthropic's SDK sends it as `x-api-key` or, in newer versions, as a Bearer token. */
export function anthropicKey(headers: Record<string, string | string[] | undefined> | undefined): string | undefined {
  const key = headers?.['x-api-key'] ?? headers?.authorization;
  return typeof key === 'string' ? key.replace(/^Bearer /, '') : undefined;
}
