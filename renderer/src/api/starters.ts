/**
 * Starter flows to create a flow from. Proposed endpoint: `GET /api/v1/starter-projects/` answering
 * `[{name, description, data, tags?, icon?}]` in Flowdesk's stored form. Until it exists, the
 * flows the server seeded (and any other flow) serve as templates: "from a starter" duplicates one.
 */
import { ApiError, request } from './http.js';
import type { FlowRead } from './types.js';
import type { FlowData } from '../../../shared/flow.js';

export interface StarterFlow {
  key: string;
  name: string;
  description: string;
  data: FlowData;
  /** true: from the server's starter list; false: a copy of one of the user's flows. */
  builtin: boolean;
}

export async function listStarters(existing: FlowRead[]): Promise<StarterFlow[]> {
  try {
    const starters = await request<{ name: string; description?: string; data: FlowData }[]>('GET', '/api/v1/starter-projects/');
    if (Array.isArray(starters)) {
      return starters.map((s, i) => ({ key: `starter-${i}`, name: s.name, description: s.description ?? '', data: s.data, builtin: true }));
    }
  } catch (error) {
    if (!(error instanceof ApiError && error.routeMissing)) throw error;
  }
  return existing
    .filter((flow) => flow.data !== null)
    .map((flow) => ({ key: flow.id, name: flow.name, description: flow.description, data: flow.data as FlowData, builtin: false }));
}
