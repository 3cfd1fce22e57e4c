/** First start: store the starter flows once. A starter the user deletes stays deleted. */
import { ConflictError } from '../../shared/errors.js';
import type { Logger } from '../logger.js';
import { ensureDefaultProject } from '../storage/project-upgrade.js';
import type { Store } from '../storage/types.js';
import type { Clock } from './clock.js';
import { starterFlows } from './starter-flows.js';

export async function seedStarterFlows(store: Store, clock: Clock, logger: Logger): Promise<void> {
  if (store.getMeta().seeded) return;
  const home = await ensureDefaultProject(store.projects, clock.now(), () => clock.uuid());
  for (const flow of starterFlows(clock.now(), () => clock.uuid(), home.id)) {
    if (!store.flows.getByEndpointName(flow.endpoint_name ?? '') && !store.flows.list().some((f) => f.name === flow.name)) {
      try {
        await store.flows.create(flow);
      } catch (err) {
        // Another server on the same database seeded it a moment ago.
        if (!(err instanceof ConflictError)) throw err;
      }
    }
  }
  await store.setMeta({ seeded: true });
  logger.info('seeded the starter flows');
}
