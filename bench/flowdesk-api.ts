/** What the bench needs from Flowdesk's HTTP API: find the no-model starter flow, create and import flows. */

export interface FlowSummary {
  id: string;
  name: string;
  endpoint_name: string | null;
  data?: { nodes?: { id: string; type?: string; data?: { type?: string } }[]; edges?: { source: string; target: string }[] } | null;
}

export async function requestJson<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; json: T }> {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status}, not JSON: ${text.slice(0, 300)}`);
  }
  return { status: res.status, json: json as T };
}

async function expectOk<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const { status, json } = await requestJson<T>(url, init);
  if (status < 200 || status >= 300) throw new Error(`${init.method ?? 'GET'} ${url}: ${status} ${JSON.stringify(json).slice(0, 500)}`);
  return json;
}

export function listFlows(base: string): Promise<FlowSummary[]> {
  return expectOk<FlowSummary[]>(`${base}/api/v1/flows/?format=flowdesk`);
}

/** The component types of a flow's nodes (notes and other non-component nodes left out). */
export function componentTypes(flow: FlowSummary): string[] {
  return (flow.data?.nodes ?? []).filter((n) => (n.type ?? 'component') === 'component').map((n) => n.data?.type ?? '?');
}

/**
 * The no-model starter: exactly ChatInput → Prompt → ChatOutput (any node ids), no model node.
 * Found by structure, not by name, so renaming the starter does not break the bench.
 */
export function isTemplateFlow(flow: FlowSummary): boolean {
  const nodes = (flow.data?.nodes ?? []).filter((n) => (n.type ?? 'component') === 'component');
  const types = nodes.map((n) => n.data?.type).sort();
  if (types.join(',') !== 'ChatInput,ChatOutput,Prompt') return false;
  const typeOf = new Map(nodes.map((n) => [n.id, n.data?.type]));
  const edges = (flow.data?.edges ?? []).map((e) => `${typeOf.get(e.source)}>${typeOf.get(e.target)}`).sort();
  return edges.join(',') === 'ChatInput>Prompt,Prompt>ChatOutput';
}

export function findTemplateFlow(flows: FlowSummary[]): FlowSummary {
  const found = flows.find(isTemplateFlow);
  if (!found) {
    const seen = flows.map((f) => `${f.name}: ${componentTypes(f).join(' → ')}`).join('; ');
    throw new Error(`no starter flow of the shape ChatInput → Prompt → ChatOutput (flows: ${seen || 'none'})`);
  }
  return found;
}

interface NodeSpec {
  id: string;
  type: string;
  values?: Record<string, unknown>;
  x: number;
}

function node(spec: NodeSpec) {
  return { id: spec.id, type: 'component', position: { x: spec.x, y: 100 }, data: { type: spec.type, values: spec.values ?? {} } };
}

function edge(source: string, sourceHandle: string, target: string, targetHandle: string) {
  return { id: `edge-${source}-${sourceHandle}-${target}-${targetHandle}`, source, sourceHandle, target, targetHandle };
}

/** ChatInput → OpenAIModel (streaming from `baseURL`) → ChatOutput. */
export function relayFlowDocument(baseURL: string, name = 'Bench relay') {
  return {
    name,
    description: 'bench: relays a fake OpenAI-compatible provider',
    data: {
      nodes: [
        node({ id: 'ChatInput-aaaaa', type: 'ChatInput', x: 0 }),
        node({ id: 'OpenAIModel-bbbbb', type: 'OpenAIModel', x: 400, values: { openai_api_base: baseURL, api_key: 'sk-bench', model_name: 'fake-gpt', stream: true } }),
        node({ id: 'ChatOutput-ccccc', type: 'ChatOutput', x: 800 }),
      ],
      edges: [edge('ChatInput-aaaaa', 'message', 'OpenAIModel-bbbbb', 'input_value'), edge('OpenAIModel-bbbbb', 'text_output', 'ChatOutput-ccccc', 'input_value')],
      viewport: { x: 0, y: 0, zoom: 1 },
    },
  };
}

/** Basic Prompting (Prompt + ChatInput → OpenAIModel, streaming from `baseURL` → ChatOutput), as the starter but pointed at the fake provider. */
export function basicPromptingFlowDocument(baseURL: string, systemPrompt: string, name = 'Bench Basic Prompting') {
  return {
    name,
    description: 'bench: Basic Prompting against a fake OpenAI-compatible provider',
    data: {
      nodes: [
        node({ id: 'ChatInput-8a86T', type: 'ChatInput', x: 0 }),
        node({ id: 'Prompt-pKfl9', type: 'Prompt', x: 0, values: { template: systemPrompt } }),
        node({ id: 'OpenAIModel-5UyvQ', type: 'OpenAIModel', x: 400, values: { openai_api_base: baseURL, api_key: 'sk-bench', model_name: 'fake-gpt', temperature: 0.1, stream: true } }),
        node({ id: 'ChatOutput-WcGpD', type: 'ChatOutput', x: 800 }),
      ],
      edges: [
        edge('ChatInput-8a86T', 'message', 'OpenAIModel-5UyvQ', 'input_value'),
        edge('Prompt-pKfl9', 'prompt', 'OpenAIModel-5UyvQ', 'system_message'),
        edge('OpenAIModel-5UyvQ', 'text_output', 'ChatOutput-WcGpD', 'input_value'),
      ],
      viewport: { x: 0, y: 0, zoom: 1 },
    },
  };
}

/** A template flow (ChatInput → Prompt → ChatOutput) numbered `i`, for filling the store. */
export function bulkFlowDocument(i: number) {
  return {
    name: `Bench flow ${i}`,
    description: `Generated by the bench (${i})`,
    data: {
      nodes: [
        node({ id: 'ChatInput-bulk1', type: 'ChatInput', x: 0 }),
        node({ id: 'Prompt-bulk2', type: 'Prompt', x: 400, values: { template: `Flow ${i} says: {input}` } }),
        node({ id: 'ChatOutput-bulk3', type: 'ChatOutput', x: 800 }),
      ],
      edges: [edge('ChatInput-bulk1', 'message', 'Prompt-bulk2', 'input'), edge('Prompt-bulk2', 'prompt', 'ChatOutput-bulk3', 'input_value')],
      viewport: { x: 0, y: 0, zoom: 1 },
    },
  };
}

export async function createFlow(base: string, document: unknown): Promise<FlowSummary> {
  return expectOk<FlowSummary>(`${base}/api/v1/flows/?format=flowdesk`, { body: document });
}

/** Imports `count` generated flows through `POST /api/v1/flows/upload/`, `batch` per request. */
export async function importBulkFlows(base: string, count: number, batch = 100): Promise<FlowSummary[]> {
  const out: FlowSummary[] = [];
  for (let start = 0; start < count; start += batch) {
    const flows = [];
    for (let i = start; i < Math.min(count, start + batch); i++) flows.push(bulkFlowDocument(i));
    out.push(...(await expectOk<FlowSummary[]>(`${base}/api/v1/flows/upload/?format=flowdesk`, { body: { flows } })));
  }
  return out;
}

/** Number of stored messages for a flow (`GET /api/v1/monitor/messages?flow_id=`). */
export async function countMessages(base: string, flowId: string): Promise<number> {
  const list = await expectOk<unknown[]>(`${base}/api/v1/monitor/messages?flow_id=${encodeURIComponent(flowId)}`);
  return list.length;
}
