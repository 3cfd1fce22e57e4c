import { describe, expect, it } from 'vitest';
import { AppError, BadRequestError, InvalidFlowError, ValidationError } from '../../shared/errors.js';
import type { Flow } from '../../shared/flow.js';
import { detectFlowFormat, exportFlow, parseFlowDocuments, type ImportedFlow } from '../../server/services/flow-format.js';
import { componentNode, fixture, langflowEdges, langflowNodes, noteNode, thrown, type Json } from './support/flow-format-fixtures.js';
import { ChatInput, ChatOutput, Prompt, testRegistry } from './support/flow-format-registry.js';

const registry = testRegistry();

/** A stored Flow made from an imported one, as the flow service would store it. */
function stored(imported: ImportedFlow, id = '11111111-2222-4333-8444-555555555555'): Flow {
  const { id: _ignored, ...rest } = imported;
  return { ...rest, id, folder_id: 'project-1', created_at: '2025-03-01T10:00:00.000Z', updated_at: '2025-03-02T11:00:00.000Z' };
}

/** The Flow fields an export re-imports to (everything but the timestamps and the project, which is the importer's). */
function withoutTimestamps(flow: Flow): ImportedFlow {
  const { created_at: _c, updated_at: _u, folder_id: _f, ...rest } = flow;
  return rest;
}

function flowdeskDoc(overrides: Json = {}): Json {
  return {
    name: 'Echo',
    data: {
      nodes: [
        { id: 'ChatInput-a1b2c', type: 'component', position: { x: 0, y: 0 }, data: { type: 'ChatInput', values: {} } },
        { id: 'ChatOutput-d3e4f', type: 'component', position: { x: 300, y: 0 }, data: { type: 'ChatOutput', values: {} } },
      ],
      edges: [{ id: 'e1', source: 'ChatInput-a1b2c', sourceHandle: 'message', target: 'ChatOutput-d3e4f', targetHandle: 'input_value' }],
      viewport: { x: 0, y: 0, zoom: 1 },
    },
    ...overrides,
  };
}

describe('format detection', () => {
  it('reads the marker, else the node types', () => {
    expect(detectFlowFormat({ flowdesk: { format: 1 }, data: { nodes: [] } })).toBe('flowdesk');
    expect(detectFlowFormat(flowdeskDoc())).toBe('flowdesk');
    expect(detectFlowFormat(fixture('basic-prompting.json'))).toBe('langflow');
    expect(detectFlowFormat({ data: { nodes: [] } })).toBe('langflow'); // empty: both read the same
  });

  it('refuses a flow that mixes both kinds of node', () => {
    const doc = flowdeskDoc();
    langflowNodes(doc).push(langflowNodes(fixture('basic-prompting.json'))[2]!);
    const err = thrown(() => parseFlowDocuments(doc, registry), ValidationError);
    expect(err.detail).toMatchObject([{ loc: ['data', 'nodes'] }]);
  });

  it('refuses an export format it does not know', () => {
    const err = thrown(() => parseFlowDocuments(flowdeskDoc({ flowdesk: { format: 2 } }), registry), BadRequestError);
    expect(err.message).toBe('Unsupported Flowdesk export format 2: this server reads format 1');
  });
});

describe('Flowdesk documents', () => {
  it('reads an unmarked flow as the API serves it, and the create body {name, data}', () => {
    const [flow] = parseFlowDocuments(flowdeskDoc({ id: 'not-a-uuid', endpoint_name: 'echo', tags: ['a'], icon: null }), registry);
    expect(flow).toEqual({
      name: 'Echo',
      description: '',
      endpoint_name: 'echo',
      tags: ['a'],
      icon: null,
      data: flowdeskDoc().data,
    });
    expect(parseFlowDocuments({ name: 'New', data: {} }, registry)).toEqual([
      { name: 'New', description: '', endpoint_name: null, data: { nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } } },
    ]);
  });

  it('stores an alias under the component\'s own type', () => {
    const doc = flowdeskDoc();
    const aliased = testRegistry([{ ...ChatInput, aliases: ['ChatInputComponent'] }, ChatOutput]);
    (langflowNodes(doc)[0]!.data as Json).type = 'ChatInputComponent';
    const [flow] = parseFlowDocuments(doc, aliased);
    expect(componentNode(flow!.data, 'ChatInput-a1b2c').data.type).toBe('ChatInput');
  });

  it('refuses unknown components there too', () => {
    const doc = flowdeskDoc();
    (langflowNodes(doc)[1]!.data as Json).type = 'Gone';
    const err = thrown(() => parseFlowDocuments(doc, registry), InvalidFlowError);
    expect(err.message).toBe('Flow "Echo" uses components Flowdesk does not have: Gone (ChatOutput-d3e4f)');
  });

  it('gives edges without an id, or with a taken one, a fresh id', () => {
    const doc = flowdeskDoc();
    const edges = langflowEdges(doc);
    edges.push({ ...edges[0] }, { ...edges[0], id: undefined });
    const [flow] = parseFlowDocuments(doc, registry);
    expect(flow!.data.edges.map((e) => e.id)).toEqual([
      'e1',
      'ChatInput-a1b2c.message-ChatOutput-d3e4f.input_value',
      'ChatInput-a1b2c.message-ChatOutput-d3e4f.input_value-2',
    ]);
  });
});

describe('bundles: {"flows": [...]}', () => {
  it('reads each flow in its own format', () => {
    const flows = parseFlowDocuments(fixture('bundle.json'), registry);
    expect(flows.map((f) => [f.name, f.id, f.endpoint_name])).toEqual([
      ['Question Answerer', '0b7e9d4a-2c31-4f6e-8a15-9d3c7b2e4f60', 'question-answerer'],
      ['Chat echo', 'c4a1f2e3-5b6d-4e7f-8a9b-0c1d2e3f4a5b', null],
    ]);
    const echo = flows[1]!;
    expect(echo.tags).toEqual(['examples']);
    expect(echo.icon).toBeNull();
    expect(componentNode(echo.data, 'Prompt-echo1').data).toEqual({ type: 'Prompt', display_name: 'Echo', values: { template: 'Echo: {text}' } });
    expect(noteNode(echo.data, 'note-1').data).toEqual({ text: 'Notes never run.' });
    expect(echo.data.edges).toHaveLength(2);
  });

  it('returns nothing for an empty list (the caller decides what that means)', () => {
    expect(parseFlowDocuments({ flows: [] }, registry)).toEqual([]);
  });

  it('is all or nothing, with the problems of every flow', () => {
    const err = thrown(() => parseFlowDocuments({ flows: [flowdeskDoc(), 'nope', flowdeskDoc({ name: 7 })] }, registry), ValidationError);
    expect(err.detail).toMatchObject([
      { loc: ['flows', 1], msg: 'Input should be a flow object (got a string)' },
      { loc: ['flows', 2, 'name'], type: 'string_type' },
    ]);
  });
});

describe('malformed documents are refused with a clear error', () => {
  it.each([
    [null, 'null'],
    [undefined, 'nothing'],
    [[fixture('basic-prompting.json')], 'a list'],
    ['{"name": "x"}', 'a string'],
    [42, 'a number'],
  ])('top level %#: %s', (doc, what) => {
    const err = thrown(() => parseFlowDocuments(doc, registry), BadRequestError);
    expect(err.message).toBe(`A flow file must hold a JSON object: one flow, or {"flows": [...]} (got ${what})`);
  });

  const broken: [string, (doc: Json) => void, (string | number)[], string][] = [
    ['no data', (d) => delete d.data, ['data'], 'Field required'],
    ['data is a list', (d) => (d.data = []), ['data'], 'Input should be an object'],
    ['nodes is not a list', (d) => ((d.data as Json).nodes = { a: 1 }), ['data', 'nodes'], 'Input should be a valid list'],
    ['edges is not a list', (d) => ((d.data as Json).edges = 'x'), ['data', 'edges'], 'Input should be a valid list'],
    ['a node is not an object', (d) => langflowNodes(d).splice(1, 1, 7 as never), ['data', 'nodes', 1], 'Input should be a node object'],
    ['a node has no id', (d) => delete langflowNodes(d)[0]!.id, ['data', 'nodes', 0, 'id'], 'Field required'],
    ['two nodes share an id', (d) => (langflowNodes(d)[1]!.id = 'ChatInput-8a86T'), ['data', 'nodes', 1, 'id'], 'Duplicate node id "ChatInput-8a86T"'],
    ['a component has no type', (d) => delete (langflowNodes(d)[0]!.data as Json).type, ['data', 'nodes', 0, 'data', 'type'], 'Field required'],
    ['a component has no template node', (d) => delete (langflowNodes(d)[0]!.data as Json).node, ['data', 'nodes', 0, 'data', 'node'], 'Input should be an object'],
    ['an unknown node type', (d) => (langflowNodes(d)[0]!.type = 'groupNode'), ['data', 'nodes', 0, 'type'], 'Unsupported node type'],
    ['a position is not numbers', (d) => (langflowNodes(d)[0]!.position = { x: 'a', y: 0 }), ['data', 'nodes', 0, 'position', 'x'], 'finite number'],
    ['an edge has no target', (d) => delete langflowEdges(d)[0]!.target, ['data', 'edges', 0, 'target'], 'Field required'],
    ['the viewport zoom is 0', (d) => ((d.data as Json).viewport = { x: 0, y: 0, zoom: 0 }), ['data', 'viewport', 'zoom'], 'greater than 0'],
    ['the name is not a string', (d) => (d.name = ['x']), ['name'], 'valid string'],
    ['the endpoint name has spaces', (d) => (d.endpoint_name = 'my flow'), ['endpoint_name'], 'letters, digits'],
    ['tags is not a list of strings', (d) => (d.tags = ['a', 1]), ['tags', 1], 'valid string'],
  ];
  it.each(broken)('%s', (_what, breakIt, loc, msg) => {
    const doc = fixture('basic-prompting.json');
    breakIt(doc);
    const err = thrown(() => parseFlowDocuments(doc, registry), ValidationError);
    expect(err.code).toBe('validation');
    const issues = err.detail as { loc: unknown[]; msg: string }[];
    expect(issues).toHaveLength(1);
    expect(issues[0]!.loc).toEqual(loc);
    expect(issues[0]!.msg).toContain(msg);
  });

  it('refuses an edge to a node the flow does not have (rather than keeping it for the run to trip on)', () => {
    const doc = fixture('basic-prompting.json');
    langflowEdges(doc)[0]!.source = 'ChatInput-gone1';
    delete langflowEdges(doc)[0]!.data; // the string handle still names the output
    const err = thrown(() => parseFlowDocuments(doc, registry), InvalidFlowError);
    expect(err.message).toBe('Flow "Basic Prompting" has edges that do not join two of its components: ChatInput-gone1.message → OpenAIModel-5UyvQ.input_value (no node "ChatInput-gone1")');
    expect(err.nodeIds).toEqual(['ChatInput-gone1']);
  });

  it('refuses an edge to a note', () => {
    const doc = fixture('basic-prompting.json');
    langflowEdges(doc)[2]!.target = 'note-Qm3xR';
    const err = thrown(() => parseFlowDocuments(doc, registry), InvalidFlowError);
    expect(err.message).toContain('OpenAIModel-5UyvQ.text_output → note-Qm3xR.input_value ("note-Qm3xR" is a note)');
  });

  it('never fails with anything but a typed error, whatever part of a document is broken', () => {
    const docs = [fixture('basic-prompting.json'), fixture('bundle.json')];
    const replacements: unknown[] = [null, 42, 'x', [], {}, true];
    let runs = 0;
    for (const original of docs) {
      for (const path of paths(original)) {
        for (const replacement of replacements) {
          const doc = structuredClone(original);
          setAt(doc, path, replacement);
          runs++;
          try {
            parseFlowDocuments(doc, registry);
          } catch (err) {
            if (!(err instanceof AppError)) throw new Error(`${path.join('.')} = ${JSON.stringify(replacement)}: ${String(err)}`, { cause: err });
          }
        }
      }
    }
    expect(runs).toBeGreaterThan(1000);
  });

  it('keeps a "__proto__" key a plain key', () => {
    const doc = JSON.parse('{"name": "P", "data": {"nodes": [{"id": "ChatInput-x", "type": "component", "data": {"type": "ChatInput", "values": {"__proto__": {"polluted": true}}}}]}}') as Json;
    const [flow] = parseFlowDocuments(doc, registry);
    const values = componentNode(flow!.data, 'ChatInput-x').data.values;
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(Object.hasOwn(values, '__proto__')).toBe(true);
    expect(({} as Json).polluted).toBeUndefined();
  });
});

describe('exportFlow', () => {
  const imported = parseFlowDocuments(fixture('basic-prompting.json'), registry)[0]!;

  it('writes the Flowdesk marker and the Flow fields', () => {
    const flow = stored(imported);
    const doc = exportFlow(flow, registry);
    expect(doc).toMatchObject({
      flowdesk: { format: 1 },
      id: flow.id,
      name: 'Basic Prompting',
      endpoint_name: null,
      tags: ['chatbots'],
      icon: 'Braces',
      created_at: flow.created_at,
      updated_at: flow.updated_at,
    });
    expect(detectFlowFormat(doc as unknown as Json)).toBe('flowdesk');
  });

  it('re-imports losslessly (through JSON, as a download and upload would)', () => {
    for (const source of [imported, ...parseFlowDocuments(fixture('bundle.json'), registry)]) {
      const flow = stored(source);
      const [back] = parseFlowDocuments(JSON.parse(JSON.stringify(exportFlow(flow, registry))), registry);
      expect(back).toEqual(withoutTimestamps(flow));
    }
  });

  it('blanks literal secret values but keeps their global-variable binding', () => {
    const flow = stored(imported);
    const model = componentNode(flow.data, 'OpenAIModel-5UyvQ');
    model.data.values.api_key = 'sk-literal-secret';
    const doc = exportFlow(flow, registry);
    const exported = componentNode(doc.data, 'OpenAIModel-5UyvQ');
    expect(exported.data.values.api_key).toBe('');
    expect(exported.data.global_variables).toEqual({ api_key: 'OPENAI_API_KEY' });
    expect(JSON.stringify(doc)).not.toContain('sk-literal-secret');
    expect(model.data.values.api_key).toBe('sk-literal-secret'); // the stored flow is untouched

    delete model.data.global_variables;
    const unbound = componentNode(exportFlow(flow, registry).data, 'OpenAIModel-5UyvQ');
    expect(unbound.data.values.api_key).toBe('');
    expect(unbound.data).not.toHaveProperty('global_variables');
  });

  it('finds secrets among a component\'s dynamic fields too', () => {
    const Vault = { ...Prompt, type: 'Vault', dynamicFields: () => [{ name: 'token', display_name: 'Token', kind: 'secret' as const }] };
    const flow = stored({
      name: 'V',
      description: '',
      endpoint_name: null,
      data: { nodes: [{ id: 'Vault-1', type: 'component', position: { x: 0, y: 0 }, data: { type: 'Vault', values: { template: 't', token: 'hunter2' } } }], edges: [], viewport: { x: 0, y: 0, zoom: 1 } },
    });
    const doc = exportFlow(flow, testRegistry([Vault]));
    expect(componentNode(doc.data, 'Vault-1').data.values).toEqual({ template: 't', token: '' });
  });

  it('refuses to export a flow whose component is gone (it could not tell the secrets)', () => {
    const err = thrown(() => exportFlow(stored(imported), testRegistry([ChatInput, ChatOutput, Prompt])), InvalidFlowError);
    expect(err.message).toBe('Flow "Basic Prompting" uses components Flowdesk does not have: OpenAIModel (OpenAIModel-5UyvQ)');
  });
});

/** Every path into a JSON value (object keys and array indexes), root excluded. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...paths(v, [...prefix, i])]);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
  return [];
}

function setAt(root: unknown, path: (string | number)[], replacement: unknown): void {
  let target = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  target[path[path.length - 1] as string | number] = replacement;
}
