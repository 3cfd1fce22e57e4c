/** Code that runs the open flow over the API: curl, Python (`requests`) and JavaScript (`fetch`). Pure, for tests. */
import type { FieldSpec } from '../../../shared/component-spec.js';
import { tweakRefusal, type TweakNodeView, type TweakRefusal, type TweaksPolicy } from '../../../shared/tweak-policy.js';
import type { ComponentViewNode, ViewEdge, ViewNode } from '../editor/flow-mapping.js';
import { fieldsFor, fieldValue, type SpecIndex } from '../editor/specs.js';

export type Tweaks = Record<string, Record<string, unknown>>;

export interface SnippetInput {
  /** e.g. `http://127.0.0.1:7861` (no trailing slash). */
  baseUrl: string;
  /** The flow's endpoint name, else its id. */
  flowRef: string;
  inputValue: string;
  tweaks: Tweaks;
  /** Send `x-api-key` (read from the FLOWDESK_API_KEY environment variable). */
  apiKey: boolean;
}

export const API_KEY_ENV = 'FLOWDESK_API_KEY';

export function runUrl(baseUrl: string, flowRef: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/v1/run/${encodeURIComponent(flowRef)}`;
}

export function payload(input: SnippetInput): Record<string, unknown> {
  return { input_value: input.inputValue, output_type: 'chat', input_type: 'chat', tweaks: input.tweaks };
}

/** What the tweak policy makes of one node's fields. */
export interface NodeTweakability {
  nodeId: string;
  /** Fields an edge does not feed, each with why a tweak may not set it (undefined: it may). */
  fields: { field: FieldSpec; refusal: TweakRefusal | undefined; apiField: boolean }[];
}

function viewOf(node: ComponentViewNode): TweakNodeView {
  return { values: node.data.values, globals: node.data.globals, apiEditable: node.data.apiEditable ?? [] };
}

/** Per component node, its unconnected fields and whether a caller's tweak may set each under `policy` (the server's own rule). */
export function tweakability(nodes: readonly ViewNode[], edges: readonly ViewEdge[], specs: SpecIndex, policy: TweaksPolicy): NodeTweakability[] {
  const fed = new Set(edges.map((e) => `${e.target}\u0000${e.targetHandle ?? ''}`));
  const declares = nodes.some((n) => n.type === 'component' && (n.data.apiEditable?.length ?? 0) > 0);
  const result: NodeTweakability[] = [];
  for (const node of nodes) {
    if (node.type !== 'component') continue;
    const spec = specs.get(node.data.type);
    const view = viewOf(node);
    const fields = spec
      ? fieldsFor(spec, node.data.values)
          .filter((field) => !fed.has(`${node.id}\u0000${field.name}`))
          .map((field) => ({ field, refusal: tweakRefusal(policy, field, view, declares), apiField: view.apiEditable.includes(field.name) }))
      : [];
    result.push({ nodeId: node.id, fields });
  }
  return result;
}

/**
 * `{nodeId: {}}` for every component node (none under the `off` policy); with `withValues`, each
 * with the current values of the fields a tweak may set, secrets and global-variable fields left out,
 * and the Chat Input's `input_value` too: the snippet's top-level `input_value` fills it, and the
 * server refuses both at once (Langflow's "If you pass an input_value to the chat input…").
 */
export function buildTweaks(nodes: readonly ViewNode[], edges: readonly ViewEdge[], specs: SpecIndex, withValues: boolean, policy: TweaksPolicy = 'permissive'): Tweaks {
  const tweaks: Tweaks = {};
  if (policy === 'off') return tweaks;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const { nodeId, fields } of tweakability(nodes, edges, specs, policy)) {
    const node = byId.get(nodeId) as ComponentViewNode;
    const values: Record<string, unknown> = {};
    if (withValues) {
      for (const { field, refusal } of fields) {
        if (refusal !== undefined || node.data.globals[field.name]) continue;
        if (node.data.type === 'ChatInput' && field.name === 'input_value') continue;
        const value = fieldValue(field, node.data.values);
        if (value !== undefined) values[field.name] = value;
      }
    }
    tweaks[nodeId] = values;
  }
  return tweaks;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function curlSnippet(input: SnippetInput): string {
  const lines = [`curl -X POST \\`, `  ${shellQuote(`${runUrl(input.baseUrl, input.flowRef)}?stream=false`)} \\`, `  -H 'Content-Type: application/json' \\`];
  if (input.apiKey) lines.push(`  -H "x-api-key: $${API_KEY_ENV}" \\`);
  lines.push(`  -d ${shellQuote(JSON.stringify(payload(input), null, 2))}`);
  return lines.join('\n');
}

/** A JSON value written as a Python literal (True/False/None). */
export function pythonLiteral(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent + 4);
  const end = ' '.repeat(indent);
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'None';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => pad + pythonLiteral(v, indent + 4)).join(',\n')}\n${end}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${pythonLiteral(v, indent + 4)}`).join(',\n')}\n${end}}`;
}

export function pythonSnippet(input: SnippetInput): string {
  const lines = [
    ...(input.apiKey ? ['import os', ''] : []),
    'import requests',
    '',
    `url = ${JSON.stringify(runUrl(input.baseUrl, input.flowRef))}`,
    '',
    `payload = ${pythonLiteral(payload(input))}`,
    `headers = {"Content-Type": "application/json"${input.apiKey ? `, "x-api-key": os.environ["${API_KEY_ENV}"]` : ''}}`,
    '',
    'try:',
    '    response = requests.post(url, json=payload, headers=headers)',
    'except requests.exceptions.RequestException as error:',
    '    raise SystemExit(f"Error making API request: {error}")',
    'if not response.ok:',
    '    try:',
    '        detail = response.json().get("detail", response.text)',
    '    except ValueError:',
    '        detail = response.text',
    '    raise SystemExit(f"Error {response.status_code}: {detail}")',
    'print(response.json()["outputs"][0]["outputs"][0]["results"]["message"]["text"])',
  ];
  return lines.join('\n');
}

export function jsSnippet(input: SnippetInput): string {
  const headers = input.apiKey ? `{\n    'Content-Type': 'application/json',\n    'x-api-key': process.env.${API_KEY_ENV},\n  }` : `{ 'Content-Type': 'application/json' }`;
  const lines = [
    `const payload = ${JSON.stringify(payload(input), null, 2)};`,
    '',
    `const response = await fetch(${JSON.stringify(runUrl(input.baseUrl, input.flowRef))}, {`,
    `  method: 'POST',`,
    `  headers: ${headers},`,
    `  body: JSON.stringify(payload),`,
    `});`,
    `if (!response.ok) throw new Error(\`HTTP \${response.status}: \${await response.text()}\`);`,
    `const data = await response.json();`,
    `console.log(data.outputs[0].outputs[0].results.message.text);`,
  ];
  return lines.join('\n');
}
