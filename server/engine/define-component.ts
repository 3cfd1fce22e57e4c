/**
 * A component is data plus one `run` function. The catalog spec the editor draws is derived from
 * this one definition; nothing else declares a component.
 */
import type { ComponentCatalog, ComponentRole, FieldSpec, OutputSpec } from '../../shared/component-spec.js';
import type { Message } from '../../shared/message.js';
import type { RunEvent } from '../../shared/run-events.js';
import type { FileAccess, FlowRunner, HttpAccess } from './capabilities.js';
import type { InputsOf } from './component-inputs.js';
import type { ModelProviderAccess } from './language-model.js';
import type { McpAccess } from './mcp.js';
import type { VectorAccess } from './vectors.js';

export type { InputsOf } from './component-inputs.js';
export { SavedFileExistsError } from './capabilities.js';
export type { FileAccess, FlowRunner, SaveFileRequest, SavedFileInfo, SaveMode, FlowRunnerService, HttpAccess, HttpRequestInit, StoredFile, SubflowOutput, SubflowRequest, SubflowResult } from './capabilities.js';

/** What a run lets components touch. Side effects reach components only through here. */
export interface RunContext {
  readonly flowId: string;
  readonly sessionId: string;
  readonly nodeId: string;
  /** The node's display name (its own, else the component's). */
  readonly displayName: string;
  /** The component's icon, if it has one (Langflow shows a streaming model's on its messages). */
  readonly icon?: string;
  /** Aborted when the client disconnects or the server shuts down: pass it to every network call. */
  readonly signal: AbortSignal;
  emit(event: RunEvent): void;
  /** Message history of the run's store. `store` persists only when the caller asked for it. */
  readonly messages: MessageAccess;
  /** Global variables, with the process environment as a fallback. */
  readonly variables: VariableAccess;
  /** The environment the server was started with (for provider defaults like `OPENAI_BASE_URL`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The model-provider settings: the default model (for a model component with no model chosen), base URLs, enabled models. */
  readonly models: ModelProviderAccess;
  /** Outgoing HTTP: `fetch` with a default timeout, aborted with the run. */
  readonly http: HttpAccess;
  /** Files uploaded to the server (`POST /api/v2/files`), by the path the upload answered. */
  readonly files: FileAccess;
  /** Knowledge bases and local vector stores (Knowledge Ingestion and Retrieval, FAISS, Chroma). */
  readonly vectors: VectorAccess;
  /** Runs another saved flow (Run Flow, flows as tools). */
  readonly runFlow: FlowRunner;
  /** The MCP servers the user configured (MCP Tools). */
  readonly mcp: McpAccess;
  /**
   * Runs `cleanup` once the run has ended, however it ended (after its last node and the agents
   * that used this node's tools): for connections a node keeps open for its tools. Errors are ignored.
   */
  onRunEnd(cleanup: () => unknown): void;
  /**
   * Whether some edge reads this output of the node (always true for a node nothing reads from):
   * a component computes expensive outputs only when wanted, e.g. a URL used only as a tool fetches nothing.
   */
  wants(output: string): boolean;
  /**
   * Marks an output as not taken (a router's other branch): nodes fed only through it are skipped,
   * each reported with a `node_skipped` event.
   */
  stop(output: string): void;
}

export interface MessageAccess {
  /**
   * Stores a message (assigning nothing: the caller fills `id` and `timestamp`). In a run it
   * resolves at once: the run finishes only once the message is written, and a failed write fails
   * the node that stored it.
   */
  store(message: Message): Promise<void>;
  /** The last `limit` messages of a session, oldest first. In a run, messages the run itself stored are left out. */
  history(query: { sessionId: string; flowId?: string; limit: number; sender?: string; senderName?: string }): Promise<Message[]>;
}

export interface VariableAccess {
  /**
   * The value of a global variable, else of the environment variable of that name (an own entry,
   * for a name that is a plain identifier), else undefined. For a field bound to the variable, pass
   * the field: a Credential then resolves only into a secret field (anything else throws, naming
   * the field and the variable, never the value), and the environment is read only for a secret field.
   */
  get(name: string, field?: BoundField): Promise<string | undefined>;
}

/** The field a global variable is bound to (Langflow's `load_from_db`). */
export interface BoundField {
  readonly name: string;
  /** A secret field (`kind: 'secret'`): the only kind a Credential or the environment may fill. */
  readonly secret: boolean;
}

export type FieldValues = Record<string, unknown>;
export type OutputValues = Record<string, unknown>;

export interface ComponentDefinition {
  type: string;
  display_name: string;
  description: string;
  category: string;
  icon?: string;
  role?: ComponentRole;
  aliases?: string[];
  fields: FieldSpec[];
  outputs: OutputSpec[];
  template_field?: string;
  /** Fields derived from the node's values (e.g. a Prompt's `{variables}`), added after `fields`. */
  dynamicFields?(values: FieldValues): FieldSpec[];
  /**
   * Makes the component a loop (Langflow's Loop): the nodes its item output feeds (its body) run
   * once per item, and the edge that comes back from the body into `feedbackField` (the back
   * edge, the one cycle a flow may have) gives each iteration's result. `run` is not called.
   */
  loop?: LoopSpec;
  /**
   * Computes the outputs, keyed by output name, from the resolved inputs: every field's value (from
   * its edge if connected, else the node's value, else the default; secrets already resolved).
   * Only outputs that some edge or report needs are read, but returning all is fine.
   */
  run(inputs: FieldValues, ctx: RunContext): Promise<OutputValues>;
}

export interface LoopSpec {
  /** The output that gives each item to the body. */
  itemOutput: string;
  /** The output that gives the results once every item was processed. */
  doneOutput: string;
  /** The field the back edge feeds: the body's result for the current item. */
  feedbackField: string;
  /** The items to iterate over, from the node's resolved inputs (the feedback field left out). */
  items(inputs: FieldValues): Promise<unknown[]>;
  /** The done output's value from the results fed back (one per iteration that fed one, in order). */
  done(results: unknown[]): Promise<unknown>;
}

/** A definition whose `run()` gets `inputs` typed from its own field list (see component-inputs.ts). */
export interface TypedComponentDefinition<F extends readonly FieldSpec[]> extends Omit<ComponentDefinition, 'fields' | 'run'> {
  fields: F;
  run(inputs: InputsOf<F>, ctx: RunContext): Promise<OutputValues>;
}

/**
 * Declares a component. `inputs` in `run()` is typed from `fields` when the list is written out in
 * the call (inferred: nothing to annotate); the result is a plain `ComponentDefinition`.
 */
export function defineComponent<const F extends readonly FieldSpec[]>(def: TypedComponentDefinition<F>): ComponentDefinition {
  // Sound at run time: the engine passes every field's value under its name, as InputsOf describes.
  return def as unknown as ComponentDefinition;
}

/** The components a server knows, by type key (aliases included). */
export interface Registry {
  get(type: string): ComponentDefinition | undefined;
  /** Every component, built-in and custom, once each. */
  all(): ComponentDefinition[];
  /** The catalog served at `GET /api/v1/all`. */
  catalog(): ComponentCatalog;
  /** The node's fields: the component's own plus its dynamic ones for these values. */
  fieldsFor(def: ComponentDefinition, values: FieldValues): FieldSpec[];
}
