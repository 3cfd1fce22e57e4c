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

const OPENAI_KEY = { api_key: 'OPENAI_API_KEY' };

function memoryChatbot(): FlowData {
  return {
    nodes: [
      note(
        'note-MemCb',
        60,
        -260,
        '# Memory Chatbot\n\nMessage History reads the earlier messages of the session and the Prompt puts them before the model, ' +
          'so the model remembers the conversation. Run it twice with the same session_id to see it.',
      ),
      component('Memory-MemC1', 60, 0, {}),
      component('ChatInput-MemC2', 60, 420, {}),
      component('Prompt-MemC3', 480, 40, {
        template: 'You are a helpful assistant that remembers the conversation.\n\nThe conversation so far:\n{memory}',
      }),
      component('OpenAIModel-MemC4', 900, 220, { model_name: 'gpt-4o-mini', temperature: 0.1 }, OPENAI_KEY),
      component('ChatOutput-MemC5', 1340, 300, {}),
    ],
    edges: [
      edge('Memory-MemC1', 'messages_text', 'Prompt-MemC3', 'memory'),
      edge('Prompt-MemC3', 'prompt', 'OpenAIModel-MemC4', 'system_message'),
      edge('ChatInput-MemC2', 'message', 'OpenAIModel-MemC4', 'input_value'),
      edge('OpenAIModel-MemC4', 'text_output', 'ChatOutput-MemC5', 'input_value'),
    ],
    viewport: { x: 0, y: 0, zoom: 0.8 },
  };
}

function documentQa(): FlowData {
  return {
    nodes: [
      note(
        'note-DocQa',
        60,
        -260,
        '# Document Q&A\n\nChoose a file in the File node (upload it first, or drop it on the node), then ask about it in the chat. ' +
          'The whole text of the file goes into the Prompt, so keep it to a few pages.',
      ),
      component('File-DocQ1', 60, 0, {}),
      component('ChatInput-DocQ2', 60, 420, {}),
      component('Prompt-DocQ3', 480, 120, {
        template: 'Answer the question using only the document below. Say so when the document does not tell.\n\nDocument:\n{document}\n\nQuestion: {question}',
      }),
      component('OpenAIModel-DocQ4', 920, 200, { model_name: 'gpt-4o-mini', temperature: 0.1 }, OPENAI_KEY),
      component('ChatOutput-DocQ5', 1360, 280, {}),
    ],
    edges: [
      edge('File-DocQ1', 'message', 'Prompt-DocQ3', 'document'),
      edge('ChatInput-DocQ2', 'message', 'Prompt-DocQ3', 'question'),
      edge('Prompt-DocQ3', 'prompt', 'OpenAIModel-DocQ4', 'input_value'),
      edge('OpenAIModel-DocQ4', 'text_output', 'ChatOutput-DocQ5', 'input_value'),
    ],
    viewport: { x: 0, y: 0, zoom: 0.8 },
  };
}

function blogWriter(): FlowData {
  return {
    nodes: [
      note(
        'note-BlogW',
        60,
        -260,
        '# Blog Writer\n\nThe URL node fetches the pages given as references; the Text Input holds what to write. ' +
          'The model writes a post in the style of the references.',
      ),
      component('URLComponent-BlgW1', 60, 0, { urls: ['https://example.com/'] }),
      component('TextInput-BlgW2', 60, 420, { input_value: 'Write a short blog post about what these pages have in common.' }),
      component('Prompt-BlgW3', 480, 120, {
        template: 'Reference pages:\n{references}\n\nFollowing the instructions below, write a blog post in the tone and format of the references.\n\nInstructions: {instructions}',
      }),
      component('OpenAIModel-BlgW4', 920, 200, { model_name: 'gpt-4o-mini', temperature: 0.4 }, OPENAI_KEY),
      component('ChatOutput-BlgW5', 1360, 280, {}),
    ],
    edges: [
      edge('URLComponent-BlgW1', 'text', 'Prompt-BlgW3', 'references'),
      edge('TextInput-BlgW2', 'text', 'Prompt-BlgW3', 'instructions'),
      edge('Prompt-BlgW3', 'prompt', 'OpenAIModel-BlgW4', 'input_value'),
      edge('OpenAIModel-BlgW4', 'text_output', 'ChatOutput-BlgW5', 'input_value'),
    ],
    viewport: { x: 0, y: 0, zoom: 0.8 },
  };
}

function simpleAgent(): FlowData {
  return {
    nodes: [
      note(
        'note-SAgnt',
        60,
        -260,
        '# Simple Agent\n\nThe Agent decides on its own when to use its tools: a calculator and a URL reader. ' +
          'Ask it for a sum, or what a web page says; the playground shows each tool call.',
      ),
      component('CalculatorComponent-SAgt1', 60, 0, {}),
      component('URLComponent-SAgt2', 60, 300, {}),
      component('ChatInput-SAgt3', 60, 620, {}),
      component('Agent-SAgt4', 520, 160, { agent_llm: 'OpenAI', model_name: 'gpt-4o-mini' }, OPENAI_KEY),
      component('ChatOutput-SAgt5', 980, 300, {}),
    ],
    edges: [
      edge('CalculatorComponent-SAgt1', 'component_as_tool', 'Agent-SAgt4', 'tools'),
      edge('URLComponent-SAgt2', 'component_as_tool', 'Agent-SAgt4', 'tools'),
      edge('ChatInput-SAgt3', 'message', 'Agent-SAgt4', 'input_value'),
      edge('Agent-SAgt4', 'response', 'ChatOutput-SAgt5', 'input_value'),
    ],
    viewport: { x: 0, y: 0, zoom: 0.8 },
  };
}

function vectorStoreRag(): FlowData {
  return {
    nodes: [
      note(
        'note-VsRag',
        60,
        -300,
        '# Vector Store RAG\n\nThe File is split into chunks, embedded and kept in a local Chroma collection; each question ' +
          'is searched there and the closest chunks go into the Prompt. Ingestion happens on the first run and is ' +
          'skipped for chunks already stored.',
      ),
      component('File-VsRg1', 60, 0, {}),
      component('SplitText-VsRg2', 460, 0, { chunk_size: 1000, chunk_overlap: 200 }),
      component('OpenAIEmbeddings-VsRg3', 460, 360, {}, { openai_api_key: 'OPENAI_API_KEY' }),
      component('ChatInput-VsRg4', 60, 620, {}),
      component('Chroma-VsRg5', 880, 160, { collection_name: 'vector-store-rag', number_of_results: 4 }),
      component('ParserComponent-VsRg6', 1300, 160, { pattern: '{text}' }),
      component('Prompt-VsRg7', 1700, 240, {
        template: 'Answer the question from the context below.\n\nContext:\n{context}\n\nQuestion: {question}',
      }),
      component('OpenAIModel-VsRg8', 2120, 300, { model_name: 'gpt-4o-mini', temperature: 0.1 }, OPENAI_KEY),
      component('ChatOutput-VsRg9', 2540, 360, {}),
    ],
    edges: [
      edge('File-VsRg1', 'data', 'SplitText-VsRg2', 'data_inputs'),
      edge('SplitText-VsRg2', 'chunks', 'Chroma-VsRg5', 'ingest_data'),
      edge('OpenAIEmbeddings-VsRg3', 'embeddings', 'Chroma-VsRg5', 'embedding'),
      edge('ChatInput-VsRg4', 'message', 'Chroma-VsRg5', 'search_query'),
      edge('Chroma-VsRg5', 'search_results', 'ParserComponent-VsRg6', 'input_data'),
      edge('ParserComponent-VsRg6', 'parsed_text', 'Prompt-VsRg7', 'context'),
      edge('ChatInput-VsRg4', 'message', 'Prompt-VsRg7', 'question'),
      edge('Prompt-VsRg7', 'prompt', 'OpenAIModel-VsRg8', 'input_value'),
      edge('OpenAIModel-VsRg8', 'text_output', 'ChatOutput-VsRg9', 'input_value'),
    ],
    viewport: { x: 0, y: 0, zoom: 0.6 },
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

/** A template of the starter gallery: a flow with no id, owner or times. */
export type StarterTemplate = Pick<Flow, 'name' | 'description' | 'endpoint_name' | 'data' | 'tags' | 'icon'>;

/**
 * The starter gallery ("New flow"): the seeded starters, then flows that show what else Flowdesk runs,
 * made after Langflow's starters of the same names. Only the first two are seeded into a new data directory.
 */
export function starterGallery(): StarterTemplate[] {
  const template = (name: string, endpoint_name: string, description: string, data: FlowData, tags: string[], icon: string): StarterTemplate => ({
    name,
    description,
    endpoint_name,
    data,
    tags,
    icon,
  });
  return [
    ...starterFlows('', () => '').map(({ name, description, endpoint_name, data, tags, icon }) => ({ name, description, endpoint_name, data, tags, icon })),
    template('Memory Chatbot', 'memory-chatbot', 'A chatbot that remembers the earlier messages of its session.', memoryChatbot(), ['chatbots', 'memory'], 'MessagesSquare'),
    template('Document Q&A', 'document-qa', 'Ask questions about a file you upload.', documentQa(), ['documents', 'q-a'], 'FileQuestion'),
    template('Blog Writer', 'blog-writer', 'Write a blog post from instructions and reference web pages.', blogWriter(), ['writing', 'web'], 'NotebookPen'),
    template('Simple Agent', 'simple-agent', 'An agent that uses a calculator and a URL reader as tools when it needs them.', simpleAgent(), ['agents'], 'Bot'),
    template('Vector Store RAG', 'vector-store-rag', 'Answer from your own file: split, embedded and searched in a local Chroma collection.', vectorStoreRag(), ['rag', 'documents'], 'Database'),
  ];
}
