/**
 * Starter flows to create a flow from: the server's gallery, `GET /api/v1/starter-projects/`
 * (`[{name, description, data, tags, icon}]` in Flowdesk's stored form). A server without that
 * route offers its flows as templates instead: "from a starter" duplicates one.
 */
import { ApiError, request } from './http.js';
import type { FlowRead } from './types.js';
import { isComponentNode, type FlowData } from '../../../shared/flow.js';

export interface StarterFlow {
  key: string;
  name: string;
  description: string;
  data: FlowData;
  tags: string[];
  /** true: from the server's starter list; false: a copy of one of the user's flows. */
  builtin: boolean;
}

/**
 * What a flow needs from its user before it runs: the global variables its nodes are bound to (API
 * keys), a file for each File node, web access for URL nodes. Empty: it runs as it is.
 */
export function starterNeeds(data: FlowData): string[] {
  const nodes = data.nodes.filter(isComponentNode);
  const variables = new Set(nodes.flatMap((node) => Object.values(node.data.global_variables ?? {})));
  return [
    ...[...variables].sort(),
    ...(nodes.some((node) => node.data.type === 'File') ? ['a file'] : []),
    ...(nodes.some((node) => node.data.type === 'URLComponent') ? ['web access'] : []),
  ];
}

export async function listStarters(existing: FlowRead[]): Promise<StarterFlow[]> {
  try {
    const starters = await request<{ name: string; description?: string; data: FlowData; tags?: string[] }[]>('GET', '/api/v1/starter-projects/');
    if (Array.isArray(starters)) {
      return starters.map((s, i) => ({ key: `starter-${i}`, name: s.name, description: s.description ?? '', data: s.data, tags: s.tags ?? [], builtin: true }));
    }
  } catch (error) {
    if (!(error instanceof ApiError && error.routeMissing)) throw error;
  }
  return existing
    .filter((flow) => flow.data !== null)
    .map((flow) => ({ key: flow.id, name: flow.name, description: flow.description, data: flow.data as FlowData, tags: [], builtin: false }));
}
