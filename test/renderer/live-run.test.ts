import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromEditorLine, fromLangflowEvent, resetLiveRunRoute, runLive, type LiveEvent } from '../../renderer/src/api/live-run.js';
import { createFrameParser } from '../../renderer/src/api/run-stream.js';

const message = { id: 'm1', text: '', sender: 'Machine', sender_name: 'AI', session_id: 's', flow_id: 'f', timestamp: 't' };
const result = {
  session_id: 's',
  outputs: [{ inputs: {}, outputs: [{ component_id: 'ChatOutput-x', results: { message: { text: 'hi' } } }] }],
};

function streamOf(text: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const part of text) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  resetLiveRunRoute();
});

describe('run streams', () => {
  it('parse Langflow framing split anywhere across chunks', () => {
    const parser = createFrameParser();
    const text = '{"event":"token","data":{"chunk":"a\\nb","id":"m1"}}\n\n{"event":"end","data":{"result":{}}}\n\n';
    const events = [...parser.push(text.slice(0, 17)), ...parser.push(text.slice(17, 60)), ...parser.push(text.slice(60)), ...parser.end()];
    expect(events.map((e) => e.event)).toEqual(['token', 'end']);
    expect(events[0]?.data.chunk).toBe('a\nb');
  });

  it('map Langflow events, inferring finished nodes and the failing component', () => {
    expect(fromLangflowEvent({ event: 'token', data: { chunk: 'Hi', id: 'm1' } })).toEqual([{ kind: 'token', messageId: 'm1', chunk: 'Hi' }]);
    expect(fromLangflowEvent({ event: 'end', data: { result } })).toEqual([
      { kind: 'node', nodeId: 'ChatOutput-x', status: 'done', outputs: { message: { text: 'hi' } } },
      { kind: 'end', result },
    ]);
    expect(fromLangflowEvent({ event: 'error', data: { error: 'Error running graph: Error building Component OpenAI: no key' } })).toEqual([
      { kind: 'error', error: 'Error running graph: Error building Component OpenAI: no key', componentName: 'OpenAI' },
    ]);
  });

  it('map the proposed editor events to node states', () => {
    expect(fromEditorLine({ type: 'node_started', nodeId: 'A-1', componentType: 'A' })).toEqual({ kind: 'node', nodeId: 'A-1', status: 'running' });
    expect(fromEditorLine({ type: 'node_failed', nodeId: 'A-1', error: 'x' })).toEqual({ kind: 'node', nodeId: 'A-1', status: 'failed', error: 'x' });
    expect(fromEditorLine({ type: 'run_failed', error: 'x', nodeId: 'A-1' })).toEqual({ kind: 'error', error: 'x', nodeId: 'A-1' });
    expect(fromEditorLine({ type: 'node_warning', nodeId: 'A-1', message: 'took its default' })).toEqual({ kind: 'warning', nodeId: 'A-1', message: 'took its default' });
  });

  it('use the editor endpoint when the server has it', async () => {
    const fetch = vi.fn(async (_url: string) => new Response(streamOf(['{"type":"node_started","nodeId":"A-1","componentType":"A"}\n{"type":"run_fini', `shed","result":${JSON.stringify(result)}}\n`]), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const events: LiveEvent[] = [];
    expect(await runLive('flow-1', { input_value: 'hi', session_id: 's' }, (e) => events.push(e))).toBe('editor');
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/v1/editor/run/flow-1');
    expect(events.map((e) => e.kind)).toEqual(['node', 'end']);
  });

  it('fall back to the Langflow stream when the editor route is missing, and remember it', async () => {
    const fetch = vi.fn(async (url: string) =>
      url.startsWith('/api/v1/editor/')
        ? new Response('{"detail":"Method Not Allowed"}', { status: 405 })
        : new Response(streamOf([`{"event":"add_message","data":${JSON.stringify(message)}}\n\n{"event":"token","data":{"chunk":"Hi","id":"m1"}}\n\n`]), { status: 200 }),
    );
    vi.stubGlobal('fetch', fetch);
    const events: LiveEvent[] = [];
    expect(await runLive('flow-1', { input_value: 'hi', session_id: 's' }, (e) => events.push(e))).toBe('langflow');
    expect(fetch.mock.calls.map((c) => c[0])).toEqual(['/api/v1/editor/run/flow-1', '/api/v1/run/flow-1?stream=true']);
    expect(events.map((e) => e.kind)).toEqual(['message', 'token']);
    await runLive('flow-1', { input_value: 'again', session_id: 's' }, () => undefined);
    expect(fetch.mock.calls.map((c) => c[0]).slice(2)).toEqual(['/api/v1/run/flow-1?stream=true']);
  });

  it('report a run refused before it starts (unknown flow) as an error, not a fallback', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"detail":"Flow identifier nope not found"}', { status: 404, headers: { 'content-type': 'application/json' } })));
    await expect(runLive('nope', { input_value: 'hi', session_id: 's' }, () => undefined)).rejects.toThrow('Flow identifier nope not found');
  });
});
