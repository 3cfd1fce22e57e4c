/** The stored flow document: what a flow computes (nodes, field values, edges) plus its layout. */

export interface XY {
  x: number;
  y: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** A node that runs: an instance of a component type, with its field values. */
export interface ComponentNode {
  /** Langflow-style id: `<ComponentType>-<5 letters/digits>`, e.g. `ChatInput-8a86T`. */
  id: string;
  type: 'component';
  position: XY;
  data: {
    /** Component type key, e.g. `ChatInput`. */
    type: string;
    /** Overrides the component's display name (Langflow lets users rename a node). */
    display_name?: string;
    /** Field values by field name. Fields not present take the component's default. */
    values: Record<string, unknown>;
    /**
     * Fields whose value is taken from a global variable at run time: field name → variable name
     * (Langflow's `load_from_db`). A field listed here ignores its entry in `values`.
     */
    global_variables?: Record<string, string>;
    /**
     * Fields the imported document set on this node that its component here does not have (a
     * Langflow template entry Flowdesk cannot honour): reported, never dropped silently. Their
     * values are not kept (they may be secrets).
     */
    ignored_fields?: IgnoredField[];
    /**
     * Fields the flow author marks as API fields (Langflow's `api_editable`). Under the `declared`
     * tweak policy, a flow that marks any accepts tweaks only for those.
     */
    api_editable?: string[];
    /**
     * Set when Flowdesk cannot run this node (an imported Langflow node whose component Flowdesk
     * lacks, or whose Python code is the flow's own). The flow keeps it (edges included) and
     * exports it back unchanged; running the flow answers 400 naming it.
     */
    unsupported?: UnsupportedInfo;
    /**
     * The node's Langflow `data` as imported (template values of password fields blanked), kept so a
     * Langflow export gives back every template entry, flag and output with the current values written in.
     */
    langflow?: Record<string, unknown>;
  };
}

/** Why a node cannot run here, and the Langflow node data kept whole for export. */
export interface UnsupportedInfo {
  /** `langflow_component`: a Langflow catalog component Flowdesk lacks; `custom_code`: Python code of this flow's own. */
  kind: 'langflow_component' | 'custom_code';
  /** One line for people, e.g. `unsupported: Langflow component "TavilySearchComponent" is not available in Flowdesk`. */
  message: string;
  /** The node's Langflow `data` as imported (template values of password fields blanked). */
  langflow: Record<string, unknown>;
}

/** The message a node's unsupported kind gets. */
export function unsupportedMessage(kind: UnsupportedInfo['kind'], type: string): string {
  return kind === 'custom_code'
    ? `unsupported: "${type}" is custom Python code from Langflow, which Flowdesk cannot run`
    : `unsupported: Langflow component "${type}" is not available in Flowdesk`;
}

/** A field of an imported node that Flowdesk does not honour, and why. */
export interface IgnoredField {
  name: string;
  reason: string;
}

/** A sticky note on the canvas. Kept with the flow, never run. */
export interface NoteNode {
  id: string;
  type: 'note';
  position: XY;
  data: { text: string; [key: string]: unknown };
}

export type FlowNode = ComponentNode | NoteNode;

export interface FlowEdge {
  id: string;
  source: string;
  /** Name of the source component's output, e.g. `message`. */
  sourceHandle: string;
  target: string;
  /** Name of the target component's field, e.g. `input_value`. */
  targetHandle: string;
}

export interface FlowData {
  nodes: FlowNode[];
  edges: FlowEdge[];
  viewport: Viewport;
}

export interface Flow {
  id: string;
  name: string;
  description: string;
  endpoint_name: string | null;
  /** The project the flow belongs to (Langflow's name for it; shared/project.ts). */
  folder_id: string;
  data: FlowData;
  created_at: string;
  updated_at: string;
  /** Free-form metadata kept from imports (Langflow's `tags`, `icon`, …). */
  tags?: string[];
  icon?: string | null;
  /** Whether the MCP servers list the flow as a tool (Langflow's `mcp_enabled`); absent: yes. */
  mcp_enabled?: boolean;
  /** The flow's MCP tool name (Langflow's `action_name`); absent: derived from the flow's name. */
  action_name?: string;
  /** The flow's MCP tool description (Langflow's `action_description`); absent: its description. */
  action_description?: string;
}

/** The MCP fields of a flow as Langflow answers them: `mcp_enabled` (absent: true), names or null. */
export function mcpFields(flow: Pick<Flow, 'mcp_enabled' | 'action_name' | 'action_description'>): { mcp_enabled: boolean; action_name: string | null; action_description: string | null } {
  return { mcp_enabled: flow.mcp_enabled !== false, action_name: flow.action_name ?? null, action_description: flow.action_description ?? null };
}

export const EMPTY_FLOW_DATA: FlowData = { nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } };

export function isComponentNode(node: FlowNode): node is ComponentNode {
  return node.type === 'component';
}

/** Letters and digits used in node-id suffixes. */
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A Langflow-style node id, `<type>-<5 random letters/digits>`. `random` returns [0, 1). */
export function newNodeId(componentType: string, random: () => number = Math.random): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length)];
  return `${componentType}-${suffix}`;
}

/** `endpoint_name` rule of the contract: letters, digits, `-` and `_`. */
export const ENDPOINT_NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
