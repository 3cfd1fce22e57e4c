/**
 * `POST /api/v1/editor/run/{flow}`: the editor's live view of a run. Same body as `/api/v1/run`;
 * answers `application/x-ndjson`, one engine RunEvent per line (node states, messages, tokens, tool
 * calls), then one terminal line `{"type":"run_finished","result":…}` or
 * `{"type":"run_failed","error":…,"nodeId":…}`. Models stream, as with `?stream=true`.
 */
import type Router from '@koa/router';
import { ComponentError } from '../../../shared/errors.js';
import type { RunEvent } from '../../../shared/run-events.js';
import { previewOutputs } from '../../services/output-preview.js';
import { starterGallery } from '../../services/starter-flows.js';
import type { AppDeps } from '../app-deps.js';
import { readJsonBody } from '../read-body.js';
import { cancelWhenClientGone, openStream, runErrorText } from './run-routes.js';

export function editorRunRoutes(router: Router, deps: AppDeps): void {
  /** The starter gallery as templates (`{name, description, endpoint_name, tags, icon, is_component: false, data}`), for "New flow". */
  router.get('/api/v1/starter-projects/', (ctx) => {
    ctx.body = starterGallery().map((starter) => ({ ...starter, is_component: false }));
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
