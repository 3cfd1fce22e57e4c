/** Sample records for the store contract, each with a new id. */
import type { StoredApiKey, StoredVariable } from '../../../server/storage/types.js';
import type { Flow } from '../../../shared/flow.js';
import type { Message } from '../../../shared/message.js';
import type { Project } from '../../../shared/project.js';

let counter = 0;
const next = (): string => String(++counter).padStart(12, '0');

/** The project sample flows name (a store does not check that it exists). */
export const SAMPLE_PROJECT_ID = '00000000-0000-4000-8000-00000000f01d';

export function sampleFlow(overrides: Partial<Flow> = {}): Flow {
  const n = next();
  return {
    id: `00000000-0000-4000-8000-${n}`,
    name: `Flow ${n}`,
    description: '',
    endpoint_name: null,
    folder_id: SAMPLE_PROJECT_ID,
    data: {
      nodes: [{ id: 'ChatInput-abcde', type: 'component', position: { x: 0, y: 0 }, data: { type: 'ChatInput', values: { input_value: 'hi' } } }],
      edges: [],
      viewport: { x: 0, y: 0, zoom: 1 },
    },
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A message at `second` seconds past 2025-01-01 00:00:00 UTC (Langflow's timestamp format). */
export function sampleMessage(overrides: Partial<Message> = {}, second = 0): Message {
  const n = next();
  const time = new Date(Date.UTC(2025, 0, 1) + second * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return {
    id: `msg-${n}`,
    text: `message ${n}`,
    sender: 'User',
    sender_name: 'User',
    session_id: 'session-1',
    flow_id: 'flow-1',
    timestamp: time,
    files: [],
    error: false,
    properties: { source: { id: null, display_name: null, source: null } },
    ...overrides,
  };
}

export function sampleProject(overrides: Partial<Project> = {}): Project {
  const n = next();
  return {
    id: `project-${n}`,
    name: `Project ${n}`,
    description: `about ${n}`,
    parent_id: null,
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function sampleVariable(overrides: Partial<StoredVariable> = {}): StoredVariable {
  const n = next();
  return {
    id: `var-${n}`,
    name: `VAR_${n}`,
    type: 'Generic',
    value: `value ${n}`,
    default_fields: [],
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function sampleApiKey(overrides: Partial<StoredApiKey> = {}): StoredApiKey {
  const n = next();
  return {
    id: `key-${n}`,
    name: `key ${n}`,
    hash: n.padStart(64, 'a'),
    prefix: `sk-${n.slice(-4)}`,
    created_at: '2025-01-01T00:00:00.000Z',
    last_used_at: null,
    total_uses: 0,
    ...overrides,
  };
}

/** Whether `value` and everything reachable from it is frozen. */
export function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}
