/** `POST /api/v1/webhook/{flow}`: start a run in the background with the raw request body. */
import type { Logger } from '../logger.js';
import type { FlowStore } from '../storage/types.js';
import { NotFoundError, errorMessage } from '../../shared/errors.js';
import type { RunLifecycle } from './run-lifecycle.js';

export interface WebhookService {
  /** Validates and starts (or enqueues) the run; resolves once it has started, not when it ends. */
  trigger(flowRef: string, rawBody: string): Promise<void>;
}

export function createWebhookService(deps: { flows: Pick<FlowStore, 'get' | 'getByEndpointName'>; runs: RunLifecycle; logger: Logger }): WebhookService {
  const { flows, runs, logger } = deps;
  return {
    async trigger(flowRef, rawBody) {
      const flow = flows.get(flowRef) ?? flows.getByEndpointName(flowRef);
      if (!flow) throw new NotFoundError(`Flow identifier ${flowRef} not found`);
      const webhookNodes = flow.data.nodes.filter((n) => n.type === 'component' && n.data.type === 'Webhook');
      // The body feeds the flow's Webhook components; a flow without one gets it as its input text.
      const body =
        webhookNodes.length > 0
          ? { tweaks: Object.fromEntries(webhookNodes.map((n) => [n.id, { data: rawBody }])) }
          : { input_value: rawBody, input_type: 'any' };
      // The body reaches the Webhook nodes as tweaks the server builds: the caller's tweak policy is not theirs.
      const run = await runs.start(flow.id, body, { stream: false, serverTweaks: webhookNodes.length > 0 });
      void run.execute().then(
        () => logger.info(`webhook run of flow ${flow.id} finished`),
        (err: unknown) => logger.warn(`webhook run of flow ${flow.id} failed: ${errorMessage(err)}`),
      );
    },
  };
}
