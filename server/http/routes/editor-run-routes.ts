/**
 * `POST /api/v1/editor/run/{flow}`: the editor's live view of a run. Same body as `/api/v1/run`;
 * answers `application/x-ndjson`, one engine RunEvent per line (node states, messages, tokens, tool
 * calls), then one terminal line `{"type":"run_finished","result":…}` or
 * `{"type":"run_failed","error":…,"nodeId":…}`. Models stream, as with `?stream=true`.
 */
import type Router from '@koa/router';
import { ComponentError } from '../../../shared/errors.js';
import type { RunEvent } from '../../../shared/run-events.js';
import { systemClock } from '../../services/clock.js';
import { previewOutputs } from '../../services/output-preview.js';
import { starterFlows } from '../../services/starter-flows.js';
import type { AppDeps } from '../app-deps.js';
import { readJsonBody } from '../read-body.js';
import { cancelWhenClientGone, openStream, runErrorText } from './run-routes.js';

export function editorRunRoutes(router: Router, deps: AppDeps): void {
  /** The starter flows as templates (`{name, description, endpoint_name, data}`), for "New flow from a starter". */
  router.get('/api/v1/starter-projects/', (ctx) => {
    ctx.body = starterFlows(systemClock.now(), systemClock.uuid).map(({ name, description, endpoint_name, data }) => ({ name, description, endpoint_name, data }));
  });

  router.post('/api/v1/editor/run/:flow', async (ctx) => {
    const body = await readJsonBody(ctx.req, deps.maxBodyBytes);
    const run = await deps.runs.start(ctx.params.flow as string, body, { stream: true });
    cancelWhenClientGone(ctx.res, run);
    ctx.respond = false;
    const write = openStream(ctx.res, 'application/x-ndjson; charset=utf-8');
    const send = (line: object) => write(`${JSON.stringify(line)}\n`);
    const onRunEvent = (event: RunEvent) => send(event.type === 'node_finished' ? { ...event, outputs: previewOutputs(event.outputs) } : event);
    try {
      const result = await run.execute({ onRunEvent });
      send({ type: 'run_finished', result });
    } catch (err) {
      send({ type: 'run_failed', error: runErrorText(err, deps), ...(err instanceof ComponentError ? { nodeId: err.componentId } : {}) });
    } finally {
      ctx.res.end();
    }
  });
}
