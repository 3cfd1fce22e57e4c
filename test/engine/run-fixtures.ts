/** Flows and a service factory for the run-service tests. */
import { builtinComponents } from '../../server/components/index.js';
import { defineComponent, type ComponentDefinition } from '../../server/engine/define-component.js';
import { createRegistry } from '../../server/engine/registry.js';
import { silentLogger } from '../../server/logger.js';
import { createRunService } from '../../server/services/run-service.js';
import { starterFlows } from '../../server/services/starter-flows.js';
import type { Flow, FlowData } from '../../shared/flow.js';
import { edge, flow, node, note } from './support.js';
import { createMemoryFlowStore, createMemoryMessageStore, memoryVariables } from '../support/memory-stores.js';

export const ECHO_ID = '11111111-1111-4111-8111-111111111111';
export const IO_ID = '22222222-2222-4222-8222-222222222222';

function stored(id: string, name: string, endpoint: string, data: FlowData): Flow {
  return { id, name, description: '', endpoint_name: endpoint, folder_id: 'project-1', data, created_at: 'then', updated_at: 'then' };
}

/** Chat Input → Prompt → Chat Output. */
export const echoFlow = stored(
  ECHO_ID,
  'Chat echo',
  'chat-echo',
  flow(
    [node('ChatInput-in001', { input_value: '' }), node('Prompt-echo1', { template: 'Echo: {text} {{literal}}' }), node('ChatOutput-out01'), note('note-1')],
    [edge('ChatInput-in001.message', 'Prompt-echo1.text'), edge('Prompt-echo1.prompt', 'ChatOutput-out01.input_value')],
  ),
);

/** A chat input and a text input joined by a Prompt, shown by a chat output and a text output. */
export const ioFlow = stored(
  IO_ID,
  'IO mix',
  'io-mix',
  flow(
    [
      node('ChatInput-chat1', { input_value: 'saved chat' }),
      node('TextInput-text1', { input_value: 'saved text' }),
      node('Prompt-join1', { template: 'chat={chat} text={text}' }),
      node('ChatOutput-out01'),
      node('TextOutput-out02'),
    ],
    [
      edge('ChatInput-chat1.message', 'Prompt-join1.chat'),
      edge('TextInput-text1.text', 'Prompt-join1.text'),
      edge('Prompt-join1.prompt', 'ChatOutput-out01.input_value'),
      edge('Prompt-join1.prompt', 'TextOutput-out02.input_value'),
    ],
  ),
);

/** Holds code that must never be tweaked, and a field marked untweakable. */
export const Scripted = defineComponent({
  type: 'Scripted',
  display_name: 'Scripted',
  description: 'Has a code field.',
  category: 'Test',
  role: 'output',
  fields: [
    { name: 'code', display_name: 'Code', kind: 'code', default: 'safe()' },
    { name: 'internal', display_name: 'Internal', kind: 'str', default: 'fixed', tweakable: false },
    { name: 'label', display_name: 'Label', kind: 'str', default: 'plain' },
  ],
  outputs: [{ name: 'text', display_name: 'Text', types: ['Message'] }],
  async run(inputs) {
    return { text: `${String(inputs.code)}|${String(inputs.internal)}|${String(inputs.label)}` };
  },
});

export const scriptedFlow = stored('33333333-3333-4333-8333-333333333333', 'Scripted', 'scripted', flow([node('Scripted-s1')]));

export function setup(options: { env?: Record<string, string | undefined>; variables?: Record<string, string>; extra?: Flow[]; components?: ComponentDefinition[] } = {}) {
  const starters = starterFlows('2026-01-01T00:00:00.000Z', (() => {
    let n = 0;
    return () => `00000000-0000-4000-8000-00000000000${++n}`;
  })());
  const flows = createMemoryFlowStore([echoFlow, ioFlow, scriptedFlow, ...starters, ...(options.extra ?? [])]);
  const messages = createMemoryMessageStore();
  const env = options.env ?? {};
  const service = createRunService({
    flows,
    messages,
    registry: createRegistry([...builtinComponents, Scripted, ...(options.components ?? [])]),
    variables: memoryVariables(options.variables, env),
    env,
    logger: silentLogger,
  });
  const run = (flowRef: string, body?: unknown, stream = false, signal = new AbortController().signal) =>
    service.prepare(flowRef, body, { stream }).execute({ signal });
  return { service, flows, messages, run, starters };
}
