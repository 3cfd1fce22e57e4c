/** The flows a new data directory starts with. */
import type { ComponentNode, Flow, FlowData, FlowEdge, NoteNode } from '../../shared/flow.js';

function component(id: string, x: number, y: number, values: Record<string, unknown>, globals?: Record<string, string>): ComponentNode {
  const type = id.slice(0, id.lastIndexOf('-'));
  const data: ComponentNode['data'] = { type, values };
  if (globals) data.global_variables = globals;
  return { id, type: 'component', position: { x, y }, data };
}

function note(id: string, x: number, y: number, text: string): NoteNode {
  return { id, type: 'note', position: { x, y }, data: { text } };
}

function edge(source: string, sourceHandle: string, target: string, targetHandle: string): FlowEdge {
  return { id: `edge-${source}-${sourceHandle}-${target}-${targetHandle}`, source, sourceHandle, target, targetHandle };
}

function basicPrompting(): FlowData {
  return {
    nodes: [
      note(
        'note-BscPr',
        60,
        0,
        '# Basic Prompting\n\nThe Prompt tells the model how to answer; Chat Input carries the question.\n\n' +
          'The OpenAI component reads its key from the global variable OPENAI_API_KEY, ' +
          'or from the OPENAI_API_KEY environment variable when there is no such variable.',
      ),
      component('ChatInput-8a86T', 60, 460, {}),
      component('Prompt-pKfl9', 60, 180, { template: 'Answer the user as if you were a pirate.' }),
      component('OpenAIModel-5UyvQ', 520, 240, { model_name: 'gpt-4o-mini', temperature: 0.1 }, { api_key: 'OPENAI_API_KEY' }),
      component('ChatOutput-WcGpD', 980, 300, {}),
    ],
    edges: [
      edge('ChatInput-8a86T', 'message', 'OpenAIModel-5UyvQ', 'input_value'),
      edge('Prompt-pKfl9', 'prompt', 'OpenAIModel-5UyvQ', 'system_message'),
      edge('OpenAIModel-5UyvQ', 'text_output', 'ChatOutput-WcGpD', 'input_value'),
    ],
    viewport: { x: 0, y: 0, zoom: 1 },
  };
}

function textTemplate(): FlowData {
  return {
    nodes: [
      component('ChatInput-Tt3mA', 60, 260, {}),
      component('Prompt-Tt3mB', 480, 200, {
        template: 'Thank you for your message!\n\nYou wrote: "{input}"\n\nThis reply comes from a template: edit the Prompt to change it.',
      }),
      component('ChatOutput-Tt3mC', 920, 260, {}),
    ],
    edges: [edge('ChatInput-Tt3mA', 'message', 'Prompt-Tt3mB', 'input'), edge('Prompt-Tt3mB', 'prompt', 'ChatOutput-Tt3mC', 'input_value')],
    viewport: { x: 0, y: 0, zoom: 1 },
  };
}

/** The starter flows, with fresh flow ids and the given creation time, in project `folderId` ('' when they are only templates, never stored). */
export function starterFlows(now: string, newId: () => string, folderId = ''): Flow[] {
  return [
    {
      id: newId(),
      name: 'Basic Prompting',
      description: 'Perform basic prompting with an OpenAI model.',
      endpoint_name: 'basic-prompting',
      folder_id: folderId,
      data: basicPrompting(),
      created_at: now,
      updated_at: now,
      tags: ['chatbots'],
      icon: 'Braces',
    },
    {
      id: newId(),
      name: 'Text Template',
      description: 'Answer with a filled-in template: no model and no API key needed.',
      endpoint_name: 'text-template',
      folder_id: folderId,
      data: textTemplate(),
      created_at: now,
      updated_at: now,
      tags: ['templates'],
      icon: 'FileText',
    },
  ];
}
