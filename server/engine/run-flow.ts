/**
 * Runs a planned flow. Each node starts as soon as every node feeding it has finished, so
 * independent branches run concurrently. The run ends when every node has finished (or was skipped)
 * and every text stream a node produced has ended; the first failure (or the caller's abort) ends it
 * early and aborts the nodes still running. A node whose every incoming edge leaves a stopped output
 * (a router's branch not taken) or a skipped node is skipped, and so on downstream.
 */
import { CancelledError, ComponentError, errorMessage } from '../../shared/errors.js';
import type { Message } from '../../shared/message.js';
import type { RunEvent, RunEventListener } from '../../shared/run-events.js';
import { UNAVAILABLE_FILES, UNAVAILABLE_FLOWS, UNAVAILABLE_HTTP, boundHttp, type FileAccess, type FlowRunnerService, type HttpAccess, type SubflowRequest, type SubflowResult } from './capabilities.js';
import { Cancellation, onCancel, type RunSignal } from './cancellation.js';
import type { FieldValues, MessageAccess, OutputValues, RunContext, VariableAccess } from './define-component.js';
import { NO_MODEL_SETTINGS, type ModelProviderAccess } from './language-model.js';
import { NO_MCP_SERVERS, type McpAccess } from './mcp.js';
import { resolveInputs } from './node-inputs.js';
import type { FlowPlan, PlannedNode } from './run-plan.js';
import { TextStream } from './text-stream.js';
import { UNAVAILABLE_VECTORS, type VectorAccess } from './vectors.js';
import type { NodeOverrides } from './validate-flow.js';

export interface RunFlowOptions {
  plan: FlowPlan;
  flowId: string;
  sessionId: string;
  messages: MessageAccess;
  variables: VariableAccess;
  env: Readonly<Record<string, string | undefined>>;
  /** The model-provider settings; without them, no default model. */
  models?: ModelProviderAccess;
  /** Per-node field values for this run only (tweaks, the request's input). */
  overrides?: NodeOverrides;
  /** Aborting it cancels the run: it rejects with CancelledError and components see the abort. */
  signal?: RunSignal;
  /** Receives every run event, in order. Must not throw. */
  onEvent?: RunEventListener;
  /** Outgoing HTTP for components; without it, components that fetch fail saying so. */
  http?: HttpAccess;
  /** Uploaded files; without it, components that read files fail saying so. */
  files?: FileAccess;
  /** Runs other saved flows (given the run's signal); without it, Run Flow fails saying so. */
  runFlow?: FlowRunnerService;
  /** The most items a Loop may iterate over in this run (default MAX_LOOP_ITERATIONS). */
  maxLoopIterations?: number;
  /** Knowledge bases and local vector stores; without it, components that use them fail saying so. */
  vectors?: VectorAccess;
  /** The configured MCP servers; without it, none. */
  mcp?: McpAccess;
}

/** The most items a Loop iterates over in one run, unless the run says otherwise. */
export const MAX_LOOP_ITERATIONS = 1000;

/** A running Loop: its items, the current one, and the results its body fed back so far. */
interface LoopState {
  readonly items: unknown[];
  index: number;
  readonly results: unknown[];
  /** Body nodes not yet finished or skipped in this iteration. */
  remaining: number;
  readonly startedAt: number;
}

export interface NodeRunResult {
  nodeId: string;
  outputs: OutputValues;
  durationMs: number;
  status: 'finished';
}

export interface FlowRunResult {
  /** Every component node of the flow that ran, by node id. */
  nodes: ReadonlyMap<string, NodeRunResult>;
  /** Nodes that did not run because only untaken branches fed them. */
  skipped: ReadonlySet<string>;
}

/** Resolves when every node has finished; rejects with ComponentError or CancelledError. */
export function runFlow(options: RunFlowOptions): Promise<FlowRunResult> {
  return new Promise((resolve, reject) => new FlowRun(options, resolve, reject).start());
}

const NONE_SKIPPED: ReadonlySet<string> = new Set();
const STORED: Promise<void> = Promise.resolve();

type HistoryQuery = Parameters<MessageAccess['history']>[0];

class FlowRun {
  readonly options: RunFlowOptions;
  readonly #resolve: (result: FlowRunResult) => void;
  readonly #reject: (error: Error) => void;
  /** Cancels what the run's nodes started, when the run fails or is cancelled. */
  readonly cancellation = new Cancellation();
  readonly #outputs: (OutputValues | undefined)[];
  readonly #waitingFor: number[];
  readonly #results = new Map<string, NodeRunResult>();
  /** Per node: skipped (made when a node is first skipped), and the outputs it stopped. */
  #skipped: boolean[] | undefined;
  readonly stopped: (Set<string> | undefined)[];
  /** Streams nodes returned, with the node that returned each first (its producer); made at the first stream. */
  #streams: Map<TextStream, PlannedNode> | undefined;
  /** Nodes not yet finished plus streams not yet ended. */
  #pending: number;
  #settled = false;
  /** Stops listening to the caller's signal. */
  #unsubscribe: (() => void) | undefined;
  /** The running Loops, by the Loop's index. */
  readonly #loops = new Map<number, LoopState>();
  /** Ids of the messages this run stored (made at the first), left out of its own history reads. */
  #own: Set<string> | undefined;
  /** A throwing event listener must end the run, never escape as an unhandled rejection. */
  readonly #internalError = (error: unknown): void => this.#settle(error instanceof Error ? error : new Error(String(error)));

  constructor(options: RunFlowOptions, resolve: (result: FlowRunResult) => void, reject: (error: Error) => void) {
    this.options = options;
    this.#resolve = resolve;
    this.#reject = reject;
    const { nodes } = options.plan;
    this.#outputs = new Array<OutputValues | undefined>(nodes.length);
    this.#waitingFor = new Array<number>(nodes.length);
    for (let i = 0; i < nodes.length; i++) this.#waitingFor[i] = (nodes[i] as PlannedNode).dependencyCount;
    this.stopped = new Array<Set<string> | undefined>(nodes.length);
    // A Loop's body is the Loop's business: the run waits for the Loop, not for each body node.
    this.#pending = nodes.filter((n) => n.loopOf === undefined).length;
  }

  start(): void {
    const { signal, plan } = this.options;
    if (signal?.aborted) return this.#settle(new CancelledError());
    if (signal) this.#unsubscribe = onCancel(signal, () => this.#settle(new CancelledError()));
    if (this.#pending === 0) return this.#settle();
    for (const index of plan.roots) this.#startNode(plan.nodes[index] as PlannedNode);
  }

  emit(event: RunEvent): void {
    this.options.onEvent?.(event);
  }

  /** Whether anyone listens to run events (a blocking run does not: its events are not even built). */
  get #listened(): boolean {
    return this.options.onEvent !== undefined;
  }

  /** The iteration a body node's run belongs to, as its events carry it. */
  #iteration(node: PlannedNode): { iteration?: number } {
    if (node.loopOf === undefined) return {};
    const state = this.#loops.get(node.loopOf);
    return state ? { iteration: state.index } : {};
  }

  #startNode(node: PlannedNode): void {
    if (node.loop) return this.#startLoop(node);
    const ctx = new NodeContext(this, node);
    if (this.#listened) this.emit({ type: 'node_started', nodeId: node.id, componentType: node.def.type, ...this.#iteration(node) });
    const startedAt = performance.now();
    let outputs: Promise<unknown>;
    try {
      const inputs = this.#inputsOf(node);
      outputs = inputs instanceof Promise ? inputs.then((values: FieldValues) => node.def.run(values, ctx)) : node.def.run(inputs, ctx);
    } catch (error) {
      outputs = Promise.reject(error);
    }
    this.#whenSettled(outputs, node, (values) => {
      if (typeof values !== 'object' || values === null) this.#nodeFailed(node, new Error('The component returned no outputs object'));
      else this.#nodeFinished(node, values as OutputValues, performance.now() - startedAt);
    });
  }

  #inputsOf(node: PlannedNode): FieldValues | Promise<FieldValues> {
    const onWarning = this.#listened ? (message: string) => this.emit({ type: 'node_warning', nodeId: node.id, message }) : undefined;
    return resolveInputs(node, this.#outputs, this.options.overrides?.get(node.id), this.options.variables, onWarning);
  }

  /** A Loop: its items from its inputs, then its body once per item, then its done output. */
  #startLoop(node: PlannedNode): void {
    const loop = node.loop as NonNullable<PlannedNode['loop']>;
    if (this.#listened) this.emit({ type: 'node_started', nodeId: node.id, componentType: node.def.type });
    const startedAt = performance.now();
    const items = Promise.resolve()
      .then(() => this.#inputsOf(node))
      .then((inputs) => loop.spec.items(inputs));
    this.#whenSettled(items, node, (list) => {
      if (this.#settled) return;
      const cap = this.options.maxLoopIterations ?? MAX_LOOP_ITERATIONS;
      if (list.length > cap) {
        return this.#nodeFailed(node, new Error(`The Loop has ${list.length} items, more than the ${cap} iterations a run allows`));
      }
      this.#loops.set(node.index, { items: list, index: -1, results: [], remaining: 0, startedAt });
      this.#nextIteration(node);
    });
  }

  /** Collects what the body fed back (after an iteration), then starts the next iteration or finishes the Loop. */
  #nextIteration(node: PlannedNode): void {
    const loop = node.loop as NonNullable<PlannedNode['loop']>;
    const state = this.#loops.get(node.index) as LoopState;
    for (;;) {
      if (this.#settled) return;
      if (state.index >= 0) {
        const source = loop.feedback[loop.feedback.length - 1];
        const fedBack = source && !this.#skipped?.[source.node] && !this.stopped[source.node]?.has(source.output) ? this.#outputs[source.node]?.[source.output] : undefined;
        if (fedBack !== undefined && fedBack !== null) state.results.push(fedBack);
      }
      state.index++;
      if (state.index >= state.items.length) {
        this.#whenSettled(loop.spec.done(state.results), node, (done) => {
          (this.stopped[node.index] ??= new Set()).add(loop.spec.itemOutput);
          this.#nodeFinished(node, { [loop.spec.doneOutput]: done }, performance.now() - state.startedAt);
        });
        return;
      }
      for (const member of loop.body) {
        this.#outputs[member] = undefined;
        this.#waitingFor[member] = (this.options.plan.nodes[member] as PlannedNode).dependencyCount;
        this.stopped[member] = undefined;
        if (this.#skipped) this.#skipped[member] = false;
      }
      this.#outputs[node.index] = { [loop.spec.itemOutput]: state.items[state.index] };
      if (this.#listened) this.emit({ type: 'loop_iteration', nodeId: node.id, iteration: state.index, total: state.items.length });
      state.remaining = loop.body.length;
      // An empty body: on to the next item at once (iterating here, not recursing).
      if (state.remaining > 0) return this.#releaseAll(loop.entries);
    }
  }

  /**
   * Calls `then` when `work` succeeds, or fails `node` when it fails; an error thrown by either
   * (a throwing event listener) ends the run instead of escaping as an unhandled rejection.
   */
  #whenSettled<T>(work: Promise<T>, node: PlannedNode, then: (value: T) => void): void {
    work.then(
      (value) => {
        try {
          then(value);
        } catch (error) {
          this.#internalError(error);
        }
      },
      (error: unknown) => {
        try {
          this.#nodeFailed(node, error);
        } catch (internal) {
          this.#internalError(internal);
        }
      },
    );
  }

  /**
   * Stores a message for `node` without holding the node up: the run ends only once every message
   * it stored is written, and a failed write fails the node that stored it.
   */
  storeMessage(node: PlannedNode, message: Message): Promise<void> {
    (this.#own ??= new Set()).add(message.id);
    const written = this.options.messages.store(message);
    this.#pending++;
    this.#whenSettled(written, node, () => this.#done());
    return STORED;
  }

  /**
   * History reads never see messages this same run stored, so a Message History node running next
   * to the run's Chat Input gives the same answer whichever of the two goes first.
   */
  async history(query: HistoryQuery): Promise<Message[]> {
    const own = this.#own;
    if (own === undefined) return this.options.messages.history(query);
    const found = await this.options.messages.history({ ...query, limit: query.limit + own.size });
    return found.filter((m) => !own.has(m.id)).slice(-query.limit);
  }

  #nodeFinished(node: PlannedNode, outputs: OutputValues, durationMs: number): void {
    if (this.#settled) return;
    this.#outputs[node.index] = outputs;
    this.#results.set(node.id, { nodeId: node.id, outputs, durationMs, status: 'finished' });
    if (this.#listened) this.emit({ type: 'node_finished', nodeId: node.id, durationMs, outputs, ...this.#iteration(node) });
    for (const name in outputs) {
      const value = outputs[name];
      if (value instanceof TextStream) this.#watchStream(value, node);
    }
    this.#release(node);
    this.#nodeDone(node);
  }

  /** A node finished or was skipped: the run, or its Loop's iteration, has one node less to wait for. */
  #nodeDone(node: PlannedNode): void {
    if (node.loopOf === undefined) return this.#done();
    const state = this.#loops.get(node.loopOf);
    if (state && --state.remaining === 0) this.#nextIteration(this.options.plan.nodes[node.loopOf] as PlannedNode);
  }

  /** A node has finished or was skipped: start (or skip) each dependent it was the last to wait for. */
  #release(node: PlannedNode): void {
    this.#releaseAll(node.dependents);
  }

  #releaseAll(dependents: readonly number[]): void {
    for (const index of dependents) {
      if (--(this.#waitingFor[index] as number) !== 0) continue;
      const dependent = this.options.plan.nodes[index] as PlannedNode;
      if (this.#cutOff(dependent)) this.#skip(dependent);
      else this.#startNode(dependent);
    }
  }

  /** Whether every edge into the node leaves a skipped node or a stopped output. */
  #cutOff(node: PlannedNode): boolean {
    if (node.connected.length === 0) return false;
    return node.connected.every((input) =>
      input.sources.every((s) => this.#skipped?.[s.node] === true || this.stopped[s.node]?.has(s.output) === true),
    );
  }

  #skip(node: PlannedNode): void {
    if (this.#settled) return;
    (this.#skipped ??= new Array<boolean>(this.options.plan.nodes.length).fill(false))[node.index] = true;
    this.emit({ type: 'node_skipped', nodeId: node.id, ...this.#iteration(node) });
    this.#release(node);
    this.#nodeDone(node);
  }

  /** A stream keeps the run open until it ends; its failure is its producer's failure. */
  #watchStream(stream: TextStream, producer: PlannedNode): void {
    const streams = (this.#streams ??= new Map());
    if (streams.has(stream) || stream.state === 'ended') return;
    streams.set(stream, producer);
    this.#pending++;
    this.#whenSettled(stream.text(), producer, () => this.#done());
  }

  #nodeFailed(node: PlannedNode, error: unknown): void {
    if (this.#settled) return;
    // A consumer rethrowing a failed stream's error: the failure belongs to the stream's producer.
    const failing = this.#producerOf(error) ?? node;
    const cause = errorMessage(error);
    this.emit({ type: 'node_failed', nodeId: failing.id, error: cause, ...this.#iteration(failing) });
    this.#settle(new ComponentError(failing.id, failing.displayName, cause, error));
  }

  #producerOf(error: unknown): PlannedNode | undefined {
    for (const [stream, producer] of this.#streams ?? []) {
      if (stream.state === 'failed' && stream.error === error) return producer;
    }
    return undefined;
  }

  #done(): void {
    if (--this.#pending === 0) this.#settle();
  }

  #settle(error?: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#unsubscribe?.();
    if (error) this.cancellation.abort(error);
    const finish = () => {
      if (error) return this.#reject(error);
      const flags = this.#skipped;
      const skipped = flags ? new Set(this.options.plan.nodes.filter((n) => flags[n.index]).map((n) => n.id)) : NONE_SKIPPED;
      this.#resolve({ nodes: this.#results, skipped });
    };
    const cleanups = this.#cleanups;
    if (!cleanups) return finish();
    this.#cleanups = undefined;
    void runCleanups(cleanups).then(finish);
  }

  /** Clean-ups nodes registered (`ctx.onRunEnd`), run once the run has ended. */
  #cleanups: (() => unknown)[] | undefined;

  onRunEnd(cleanup: () => unknown): void {
    if (this.#settled && !this.#cleanups) {
      // Registered after the end (a node that kept running past a failure): clean up at once.
      void runCleanups([cleanup]);
      return;
    }
    (this.#cleanups ??= []).push(cleanup);
  }
}

/** How long the end of a run waits for its clean-ups (closing connections) before answering anyway. */
const CLEANUP_WAIT_MS = 5000;

async function runCleanups(cleanups: readonly (() => unknown)[]): Promise<void> {
  const all = Promise.allSettled(cleanups.map(async (cleanup) => cleanup()));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLEANUP_WAIT_MS);
    timer.unref?.();
  });
  await Promise.race([all, late]);
  clearTimeout(timer);
}

/**
 * A node's view of its run. One object per node run, its methods on the prototype: the real
 * `AbortSignal` and the bound HTTP access are made only for components that read them.
 */
class NodeContext implements RunContext {
  readonly flowId: string;
  readonly sessionId: string;
  readonly nodeId: string;
  readonly displayName: string;
  readonly icon: string | undefined;
  readonly variables: VariableAccess;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly models: ModelProviderAccess;
  readonly files: FileAccess;
  readonly vectors: VectorAccess;
  readonly mcp: McpAccess;
  readonly #run: FlowRun;
  readonly #node: PlannedNode;
  #http: HttpAccess | undefined;
  #messages: MessageAccess | undefined;

  constructor(run: FlowRun, node: PlannedNode) {
    const { options } = run;
    this.flowId = options.flowId;
    this.sessionId = options.sessionId;
    this.nodeId = node.id;
    this.displayName = node.displayName;
    this.icon = node.def.icon;
    this.variables = options.variables;
    this.env = options.env;
    this.models = options.models ?? NO_MODEL_SETTINGS;
    this.files = options.files ?? UNAVAILABLE_FILES;
    this.vectors = options.vectors ?? UNAVAILABLE_VECTORS;
    this.mcp = options.mcp ?? NO_MCP_SERVERS;
    this.#run = run;
    this.#node = node;
  }

  get signal(): AbortSignal {
    return this.#run.cancellation.signal;
  }

  get messages(): MessageAccess {
    return (this.#messages ??= new NodeMessages(this.#run, this.#node));
  }

  get http(): HttpAccess {
    return (this.#http ??= boundHttp(this.#run.options.http ?? UNAVAILABLE_HTTP, this.signal));
  }

  emit(event: RunEvent): void {
    this.#run.emit(event);
  }

  runFlow(request: SubflowRequest): Promise<SubflowResult> {
    return (this.#run.options.runFlow ?? UNAVAILABLE_FLOWS)(request, this.#run.cancellation);
  }

  onRunEnd(cleanup: () => unknown): void {
    this.#run.onRunEnd(cleanup);
  }

  wants(output: string): boolean {
    const wanted = this.#node.wantedOutputs;
    return wanted === undefined || wanted.has(output);
  }

  stop(output: string): void {
    (this.#run.stopped[this.#node.index] ??= new Set()).add(output);
  }
}

/** A node's message access: stores go through its run (see `FlowRun.storeMessage`). */
class NodeMessages implements MessageAccess {
  readonly #run: FlowRun;
  readonly #node: PlannedNode;

  constructor(run: FlowRun, node: PlannedNode) {
    this.#run = run;
    this.#node = node;
  }

  store(message: Message): Promise<void> {
    return this.#run.storeMessage(this.#node, message);
  }

  history(query: HistoryQuery): Promise<Message[]> {
    return this.#run.history(query);
  }
}
