/**
 * Running a saved flow from inside another run (Run Flow, flows as Agent tools): found by id,
 * endpoint name or name, given the caller's input and tweaks, bounded in depth so a flow that
 * runs itself stops with an error instead of forever. Its chat messages are not stored: only the
 * caller's conversation is.
 */
import { NotFoundError } from '../../shared/errors.js';
import type { Flow } from '../../shared/flow.js';
import type { FlowRunnerService, MessageAccess, SubflowOutput } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import type { FlowRunResult } from '../engine/run-flow.js';
import type { FlowPlan } from '../engine/run-plan.js';
import { parseRunRequest } from './run-request.js';
import type { RunSignal } from '../engine/cancellation.js';

/** How deep flows may run flows. */
export const MAX_FLOW_DEPTH = 5;

export interface SubflowHost {
  findFlow(ref: string): Flow | undefined;
  /** Runs a flow at a depth with a body like `/api/v1/run`'s, resolving to its plan and result. */
  run(flow: Flow, body: Record<string, unknown>, options: { depth: number; signal: RunSignal; sessionId: string }): Promise<{ plan: FlowPlan; result: FlowRunResult }>;
}

/** The runner a run at `depth` gives its components. */
export function subflowRunner(host: SubflowHost, depth: number, callerSession: string): FlowRunnerService {
  return async (request, signal) => {
    if (depth >= MAX_FLOW_DEPTH) throw new Error(`Flows run flows more than ${MAX_FLOW_DEPTH} deep (does "${request.flow}" run itself?)`);
    const flow = host.findFlow(request.flow);
    if (!flow) throw new NotFoundError(`Flow "${request.flow}" not found`);
    const body: Record<string, unknown> = { input_value: request.inputValue ?? null, tweaks: request.tweaks ?? null, output_type: 'any' };
    parseRunRequest(body);
    const sessionId = request.sessionId || callerSession;
    const { plan, result } = await host.run(flow, body, { depth: depth + 1, signal, sessionId });
    const outputs = await collectOutputs(plan, result);
    return { flowId: flow.id, flowName: flow.name, description: flow.description, outputs, text: outputs[0]?.text ?? '' };
  };
}

/** Output components that ran, chat outputs first. */
async function collectOutputs(plan: FlowPlan, result: FlowRunResult): Promise<SubflowOutput[]> {
  const nodes = plan.nodes.filter((n) => n.role === 'output' && result.nodes.has(n.id));
  nodes.sort((a, b) => Number(b.def.type === 'ChatOutput') - Number(a.def.type === 'ChatOutput'));
  return Promise.all(
    nodes.map(async (node) => {
      const values = result.nodes.get(node.id)?.outputs ?? {};
      const main = node.def.outputs[0] ? values[node.def.outputs[0].name] : undefined;
      return { componentId: node.id, displayName: node.displayName, text: await resolveText(main), values: { ...values } };
    }),
  );
}

/** A nested run reads the conversation but stores nothing in it. */
export function readOnlyMessages(messages: MessageAccess): MessageAccess {
  return { store: async () => undefined, history: (query) => messages.history(query) };
}
