import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors.js';
import { parseFlowDocuments, type ImportedFlow } from '../../server/services/flow-format.js';
import { parseHandle } from '../../server/services/flow-format-langflow.js';
import { componentNode, fixture, langflowEdges, langflowNodes, noteNode, thrown, type Json } from './support/flow-format-fixtures.js';
import { testRegistry } from './support/flow-format-registry.js';

const registry = testRegistry();

function importOne(doc: unknown): ImportedFlow {
  const flows = parseFlowDocuments(doc, registry);
  expect(flows).toHaveLength(1);
  return flows[0] as ImportedFlow;
}

describe('importing a Langflow export (Basic Prompting)', () => {
  const flow = importOne(fixture('basic-prompting.json'));

  it('keeps the flow fields and the document id when it is a UUID', () => {
    expect(flow.id).toBe('5f2c1c9e-7a4b-4d8e-9b61-3f0a2d6c8e11');
    expect(flow.name).toBe('Basic Prompting');
    expect(flow.description).toBe('Perform basic prompting with an OpenAI model.');
    expect(flow.endpoint_name).toBeNull();
    expect(flow.icon).toBe('Braces');
    expect(flow.tags).toEqual(['chatbots']);
    expect(flow.data.viewport).toEqual({ x: -37.61, y: -155.91, zoom: 0.76 });
  });

  it('keeps node ids, component types and positions; genericNode becomes a component node', () => {
    expect(flow.data.nodes.map((n) => [n.id, n.type, n.type === 'component' ? n.data.type : null])).toEqual([
      ['ChatInput-8a86T', 'component', 'ChatInput'],
      ['Prompt-pKfl9', 'component', 'Prompt'],
      ['note-Qm3xR', 'note', null],
      ['OpenAIModel-5UyvQ', 'component', 'OpenAIModel'],
      ['ChatOutput-WcGpD', 'component', 'ChatOutput'],
    ]);
    expect(componentNode(flow.data, 'ChatInput-8a86T').position).toEqual({ x: 689.57, y: 765.15 });
  });

  it('takes template values for the fields the component has, and reports the others on the node (never code or _type)', () => {
    const reported = (component: string) => `Flowdesk's ${component} has no field`;
    const chatInput = componentNode(flow.data, 'ChatInput-8a86T').data;
    expect(chatInput.values).toEqual({ input_value: 'Hello', should_store_message: true, sender: 'User', sender_name: 'User', session_id: '' });
    expect(chatInput.ignored_fields?.map((f) => f.name)).toEqual(['background_color', 'chat_icon', 'files', 'text_color']);
    for (const f of chatInput.ignored_fields ?? []) expect(f.reason).toBe(`${reported('Chat Input')} "${f.name}": its value is not used`);
    expect(componentNode(flow.data, 'ChatOutput-WcGpD').data.values).toEqual({ input_value: '', should_store_message: true, sender: 'Machine', sender_name: 'AI', session_id: '' });
    expect(componentNode(flow.data, 'Prompt-pKfl9').data.values).toEqual({ template: 'Answer the user as if you were a pirate.' });
    for (const node of flow.data.nodes) {
      if (node.type === 'component') expect(node.data.ignored_fields?.map((f) => f.name) ?? []).not.toContain('code');
    }
  });

  it('turns load_from_db fields into global-variable bindings, and leaves unset numbers to their default', () => {
    const model = componentNode(flow.data, 'OpenAIModel-5UyvQ');
    expect(model.data.global_variables).toEqual({ api_key: 'OPENAI_API_KEY' });
    expect(model.data.values).toEqual({ input_value: '', system_message: '', model_name: 'gpt-4o-mini', temperature: 0.1, stream: false });
    expect(model.data.values).not.toHaveProperty('api_key');
    expect(model.data.values).not.toHaveProperty('max_tokens'); // "" in Langflow: unset
    expect(model.data).not.toHaveProperty('display_name'); // "OpenAI" is the component's own name
  });

  it('maps edges to output name → field name', () => {
    expect(flow.data.edges.map((e) => [e.source, e.sourceHandle, e.target, e.targetHandle])).toEqual([
      ['ChatInput-8a86T', 'message', 'OpenAIModel-5UyvQ', 'input_value'],
      ['Prompt-pKfl9', 'prompt', 'OpenAIModel-5UyvQ', 'system_message'],
      ['OpenAIModel-5UyvQ', 'text_output', 'ChatOutput-WcGpD', 'input_value'],
    ]);
    expect(new Set(flow.data.edges.map((e) => e.id)).size).toBe(3);
    expect(flow.data.edges[0]?.id).toMatch(/^reactflow__edge-ChatInput-8a86T/);
  });

  it('keeps the note with its text and colour', () => {
    const note = noteNode(flow.data, 'note-Qm3xR');
    expect(note.data.text).toMatch(/^## 📖 README\n\nPerform basic prompting/);
    expect(note.data.backgroundColor).toBe('neutral');
    expect(note.position).toEqual({ x: 133.95, y: 753.64 });
  });

  it('produces JSON-clean data that shares nothing with the document', () => {
    const doc = fixture('basic-prompting.json');
    const imported = importOne(doc);
    langflowNodes(doc)[0]!.position = { x: 1, y: 1 };
    expect(componentNode(imported.data, 'ChatInput-8a86T').position).toEqual({ x: 689.57, y: 765.15 });
    expect(JSON.parse(JSON.stringify(imported))).toEqual(imported);
  });
});

describe('renamed nodes, aliases and prompt variables (Langflow 1.5 flow of the bundle)', () => {
  const [qa] = parseFlowDocuments(fixture('bundle.json'), registry);
  const data = qa!.data;

  it('resolves an alias type to the component it names, keeping the node id', () => {
    const model = componentNode(data, 'LanguageModelComponent-Zt4wX');
    expect(model.data.type).toBe('OpenAIModel');
    expect(model.data.values).not.toHaveProperty('provider'); // a Language Model field OpenAIModel lacks
    expect(model.data.global_variables).toEqual({ api_key: 'OPENAI_API_KEY' });
  });

  it('keeps a display name only when it differs from the component\'s', () => {
    expect(componentNode(data, 'TextInput-Qk2pL').data.display_name).toBe('Question');
    expect(componentNode(data, 'LanguageModelComponent-Zt4wX').data.display_name).toBe('Language Model');
    expect(componentNode(data, 'Prompt-vR8sT').data).not.toHaveProperty('display_name');
  });

  it('keeps the values of a Prompt\'s template variables (dynamic fields)', () => {
    expect(componentNode(data, 'Prompt-vR8sT').data.values).toEqual({
      template: 'Answer {question} in a {tone} tone. Use {{braces}} literally.',
      question: '',
      tone: 'cheerful',
    });
  });

  it('reads edges from data handles or from œ-string handles alone', () => {
    expect(data.edges.map((e) => [e.source, e.sourceHandle, e.target, e.targetHandle])).toEqual([
      ['TextInput-Qk2pL', 'text', 'Prompt-vR8sT', 'question'],
      ['Prompt-vR8sT', 'prompt', 'LanguageModelComponent-Zt4wX', 'input_value'],
      ['LanguageModelComponent-Zt4wX', 'text_output', 'TextOutput-Hn6yB', 'input_value'],
    ]);
  });

  it('drops a Prompt variable\'s entry once the template no longer uses it', () => {
    const doc = fixture('bundle.json');
    const flowDoc = (doc.flows as Json[])[0]!;
    const prompt = langflowNodes(flowDoc).find((n) => n.id === 'Prompt-vR8sT') as { data: { node: { template: Record<string, Json> } } };
    prompt.data.node.template.template!.value = 'Answer {question}.';
    langflowEdges(flowDoc).splice(0); // keep the edge check out of this
    const [imported] = parseFlowDocuments(doc, registry);
    expect(componentNode(imported!.data, 'Prompt-vR8sT').data.values).toEqual({ template: 'Answer {question}.', question: '' });
  });
});

describe('œ-string handles', () => {
  it('parses both Langflow spellings of a handle', () => {
    expect(parseHandle('{œdataTypeœ: œChatInputœ, œidœ: œChatInput-8a86Tœ, œnameœ: œmessageœ, œoutput_typesœ: [œMessageœ]}')).toEqual({
      dataType: 'ChatInput',
      id: 'ChatInput-8a86T',
      name: 'message',
      output_types: ['Message'],
    });
    expect(parseHandle('{œfieldNameœ:œsystem_messageœ,œidœ:œOpenAIModel-5UyvQœ,œinputTypesœ:[œMessageœ],œtypeœ:œstrœ}')).toMatchObject({ fieldName: 'system_message' });
    expect(parseHandle('{œnameœ: ')).toBeUndefined();
    expect(parseHandle('message')).toBeUndefined();
    expect(parseHandle(42)).toBeUndefined();
  });

  it('imports Basic Prompting the same when edges carry only the string handles', () => {
    const withData = importOne(fixture('basic-prompting.json'));
    const doc = fixture('basic-prompting.json');
    for (const edge of langflowEdges(doc)) delete edge.data;
    expect(importOne(doc).data.edges).toEqual(withData.data.edges);
  });

  it('refuses an edge whose output it cannot read', () => {
    const doc = fixture('basic-prompting.json');
    const edge = langflowEdges(doc)[1]!;
    delete edge.data;
    edge.sourceHandle = '{œdataTypeœ: œPromptœ, broken';
    const err = thrown(() => parseFlowDocuments(doc, registry), ValidationError);
    expect(err.detail).toMatchObject([{ loc: ['data', 'edges', 1, 'data', 'sourceHandle', 'name'] }]);
    expect(err.message).toContain('Cannot tell which output of "Prompt-pKfl9"');
  });
});

describe('unsupported components', () => {
  it('imports the flow, keeping each unsupported node (its Langflow data whole) and its edges, marked', () => {
    const doc = fixture('blog-writer-unsupported.json');
    const flow = importOne(doc);
    const url = componentNode(flow.data, 'URL-abc12');
    expect(url.data.type).toBe('URLComponent');
    expect(url.data.values).toEqual({});
    expect(url.data.unsupported).toMatchObject({ kind: 'langflow_component', message: 'unsupported: Langflow component "URLComponent" is not available in Flowdesk' });
    expect(url.data.unsupported!.langflow).toEqual(langflowNodes(doc)[0]!.data);
    expect(componentNode(flow.data, 'ParseData-Xy7Q2').data.unsupported?.kind).toBe('langflow_component');
    expect(flow.data.edges.map((e) => `${e.source}.${e.sourceHandle}>${e.target}.${e.targetHandle}`)).toContain('URL-abc12.data>ParseData-Xy7Q2.data');
    expect(flow.data.edges).toHaveLength(5);
  });

  it('blanks password values of the kept data (a global variable name stays), and tells custom Python code apart', () => {
    const doc = fixture('blog-writer-unsupported.json');
    const node = (langflowNodes(doc)[0]!.data as Json).node as Json;
    (node.template as Json).secret_token = { type: 'str', password: true, value: 'sk-leak', show: true };
    (node.template as Json).other_key = { type: 'str', password: true, load_from_db: true, value: 'MY_VAR' };
    node.edited = true;
    const url = componentNode(importOne(doc).data, 'URL-abc12');
    const template = (url.data.unsupported!.langflow.node as Json).template as Json;
    expect(template.secret_token).toEqual({ type: 'str', password: true, value: '', show: true });
    expect((template.other_key as Json).value).toBe('MY_VAR');
    expect(JSON.stringify(url)).not.toContain('sk-leak');
    expect(url.data.unsupported).toMatchObject({ kind: 'custom_code', message: 'unsupported: "URLComponent" is custom Python code from Langflow, which Flowdesk cannot run' });
  });

  it('counts code whose module is not a Langflow catalog module as custom code', () => {
    const doc = fixture('blog-writer-unsupported.json');
    ((langflowNodes(doc)[1]!.data as Json).node as Json).metadata = { module: 'custom_components.parse_data' };
    expect(componentNode(importOne(doc).data, 'ParseData-Xy7Q2').data.unsupported?.kind).toBe('custom_code');
  });

  it('keeps the marked nodes when the flow comes back in Flowdesk format (an unmarked unknown type is still refused)', () => {
    const flow = importOne(fixture('blog-writer-unsupported.json'));
    const doc = { flowdesk: { format: 1 }, name: flow.name, description: '', endpoint_name: null, data: flow.data };
    const [back] = parseFlowDocuments(JSON.parse(JSON.stringify(doc)), registry);
    expect(back!.data).toEqual(flow.data);
  });
});
