/**
 * Runs flows for `POST /api/v1/run/{flow}` (contract §1). `prepare` does everything that can fail
 * before the run starts (body, flow lookup, input/tweak conflict, flow validation), so those
 * errors keep their status codes even when the client streams; `execute` runs it.
 */
import type { StreamEvent } from '../../shared/api.js';
import { NotFoundError, errorMessage } from '../../shared/errors.js';
import { langflowMessageEvent } from '../../shared/langflow-message.js';
import type { RunEvent } from '../../shared/run-events.js';
import type { FileAccess, HttpAccess, MessageAccess, Registry, VariableAccess } from '../engine/define-component.js';
import type { ModelProviderAccess } from '../engine/language-model.js';
import { runFlow } from '../engine/run-flow.js';
import { planFlow } from '../engine/run-plan.js';
import type { VectorAccess } from '../engine/vectors.js';
import type { McpAccess } from '../engine/mcp.js';
import type { Logger } from '../logger.js';
import type { FlowStore, MessageStore } from '../storage/types.js';
import { parseRunRequest } from './run-request.js';
import { buildRunResponse } from './run-response.js';
import type { PreparedRun, RunService } from './run-service-types.js';
import { checkInputTweakConflict, runOverrides } from './run-tweaks.js';
import { DEFAULT_TWEAKS_POLICY, type TweaksPolicy } from '../../shared/tweak-policy.js';
import { readOnlyMessages, subflowRunner, type SubflowHost } from './subflow.js';

export interface RunServiceDeps {
  flows: Pick<FlowStore, 'get' | 'getByEndpointName'> & Partial<Pick<FlowStore, 'list'>>;
  messages: MessageStore;
  registry: Registry;
  variables: VariableAccess;
  /** The model-provider settings (default model, base URLs); absent: none. */
  models?: ModelProviderAccess;
  env: Record<string, string | undefined>;
  logger: Logger;
  /** Outgoing HTTP for components (API Request, URL). */
  http?: HttpAccess;
  /** Uploaded files for components (File). */
  files?: FileAccess;
  /** Knowledge bases and local vector stores for components. */
  vectors?: VectorAccess;
  /** The configured MCP servers (MCP Tools). */
  mcp?: McpAccess;
  /** Which fields a caller's tweaks may set (`--tweaks-policy`); `permissive` when absent. */
  tweaksPolicy?: TweaksPolicy;
}

export function createRunService(deps: RunServiceDeps): RunService {
  const { flows, registry, variables, models, env, logger, http, files, vectors, mcp } = deps;
  const tweaksPolicy = deps.tweaksPolicy ?? DEFAULT_TWEAKS_POLICY;
  const messages = messageAccess(deps.messages);
  const debug = logger.enabled?.('debug') ?? true;
  /** Runs flows for Run Flow and flow tools. */
  const host: SubflowHost = {
    findFlow: (ref) => flows.get(ref) ?? flows.getByEndpointName(ref) ?? flows.list?.().find((f) => f.name === ref),
    async run(flow, body, { depth, signal, sessionId }) {
      const request = parseRunRequest(body);
      // The tweaks come from the calling flow, not from a caller of the API: judged as permissive (the floor still applies).
      const overrides = runOverrides(request, flow.data, registry, false, 'permissive');
      const plan = planFlow(flow.data, registry, overrides);
      const result = await runFlow({
        plan,
        flowId: flow.id,
        sessionId,
        messages: readOnlyMessages(messages),
        variables,
        models,
        env,
        overrides,
        signal,
        http,
        files,
        vectors,
        mcp,
        runFlow: subflowRunner(host, depth, sessionId),
      });
      return { plan, result };
    },
  };

  return {
    prepare(flowRef, body, options): PreparedRun {
      const request = parseRunRequest(body);
      const flow = flows.get(flowRef) ?? flows.getByEndpointName(flowRef);
      if (!flow) throw new NotFoundError(`Flow identifier ${flowRef} not found`);
      checkInputTweakConflict(request, flow.data, registry);
      const overrides = runOverrides(request, flow.data, registry, options.stream, options.serverTweaks ? 'permissive' : tweaksPolicy);
      const plan = planFlow(flow.data, registry, overrides);
      const sessionId = request.session_id || flow.id;

      return {
        flowId: flow.id,
        sessionId,
        async execute({ signal, onStreamEvent, onRunEvent }) {
          const started = debug ? performance.now() : 0;
          try {
            const result = await runFlow({
              plan,
              flowId: flow.id,
              sessionId,
              messages,
              variables,
              models,
              env,
              overrides,
              signal,
              onEvent: listener(onStreamEvent, onRunEvent),
              http,
              files,
              vectors,
              mcp,
              runFlow: subflowRunner(host, 0, sessionId),
            });
            if (debug) logger.debug(`run of flow ${flow.id} finished in ${Math.round(performance.now() - started)} ms`);
            return buildRunResponse(plan, result, request, sessionId);
          } catch (error) {
            if (debug) logger.debug(`run of flow ${flow.id} failed: ${errorMessage(error)}`);
            throw error;
          }
        },
      };
    },
  };
}

/** One engine listener feeding Langflow's stream events and/or the raw run events, or none. */
function listener(onStreamEvent?: (event: StreamEvent) => void, onRunEvent?: (event: RunEvent) => void): ((event: RunEvent) => void) | undefined {
  if (onStreamEvent && onRunEvent) {
    return (event) => {
      onRunEvent(event);
      relay(event, onStreamEvent);
    };
  }
  if (onStreamEvent) return (event) => relay(event, onStreamEvent);
  return onRunEvent;
}

/**
 * Engine events as Langflow's stream events: stored messages (in Langflow's Message shape) and
 * tokens (`{chunk, id}`). A streamed answer ends on Langflow with two `add_message` events of the
 * complete message: the model's, when its stream ends, then the Chat Output's, when it stores it.
 */
function relay(event: RunEvent, send: (event: StreamEvent) => void): void {
  if (event.type === 'message') send({ event: 'add_message', data: langflowMessageEvent(event.message) });
  else if (event.type === 'token') send({ event: 'token', data: { chunk: event.chunk, id: event.messageId } });
  else if (event.type === 'message_done') {
    const data = langflowMessageEvent(event.message);
    send({ event: 'add_message', data });
    send({ event: 'add_message', data });
  }
}

function messageAccess(store: MessageStore): MessageAccess {
  return {
    store: (message) => store.add(message),
    history: async ({ sessionId, flowId, limit, sender, senderName }) =>
      store.list({ sessionId, flowId, sender, senderName, limit, orderBy: 'timestamp' }),
  };
}
