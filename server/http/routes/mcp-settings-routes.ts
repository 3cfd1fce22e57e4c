/**
 * A project's MCP settings, as Langflow's `mcp_projects.py` serves them: `GET /api/v1/mcp/project/{id}`
 * lists its flows' tool settings (`?mcp_enabled=false` includes the flows switched off), `PATCH`
 * sets `mcp_enabled`, `action_name` and `action_description` of the flows it names (`{"settings":
 * [...]}`, or the bare list older Langflow took); flows of other projects are left alone.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { NotFoundError, ValidationError } from '../../../shared/errors.js';
import { isPlainObject } from '../../../shared/json.js';
import type { Flow } from '../../../shared/flow.js';
import { mcpSettingsOf } from '../../services/mcp-flow-tools.js';
import type { AppDeps } from '../app-deps.js';
import { queryBool } from '../query.js';
import { readJsonBody } from '../read-body.js';

const SETTING_FIELDS = ['mcp_enabled', 'action_name', 'action_description'] as const;

export function mcpSettingsRoutes(router: Router, deps: AppDeps): void {
  const projectFlows = (ctx: Context): Flow[] => {
    const flows = deps.mcpFlows(ctx.params.projectId as string);
    if (!flows) throw new NotFoundError('Project not found');
    return flows;
  };

  router.get('/api/v1/mcp/project/:projectId', (ctx) => {
    const onlyEnabled = queryBool(ctx, 'mcp_enabled', true);
    const tools = projectFlows(ctx).map(mcpSettingsOf).filter((settings) => settings.mcp_enabled || !onlyEnabled);
    ctx.body = { tools, auth_settings: null };
  });

  router.patch('/api/v1/mcp/project/:projectId', async (ctx) => {
    const inProject = new Set(projectFlows(ctx).map((flow) => flow.id));
    const body = await readJsonBody(ctx.req, deps.maxBodyBytes);
    const settings = Array.isArray(body) ? body : isPlainObject(body) ? body.settings : undefined;
    if (!Array.isArray(settings)) {
      throw new ValidationError([{ type: 'list_type', loc: ['body', 'settings'], msg: 'Input should be a valid list of flow settings ({id, mcp_enabled, action_name, action_description})', input: body }]);
    }
    // All checked before any flow changes.
    settings.forEach((item, i) => {
      if (!isPlainObject(item) || typeof item.id !== 'string') {
        throw new ValidationError([{ type: 'missing', loc: ['body', 'settings', i, 'id'], msg: 'Each setting needs the flow id', input: item }]);
      }
      for (const key of SETTING_FIELDS) {
        const value = item[key];
        const type = key === 'mcp_enabled' ? 'boolean' : 'string';
        if (value !== undefined && value !== null && typeof value !== type) {
          throw new ValidationError([{ type: `${type === 'boolean' ? 'bool' : 'string'}_type`, loc: ['body', 'settings', i, key], msg: `Input should be a valid ${type}`, input: value }]);
        }
      }
    });
    let updated = 0;
    for (const item of settings as { id: string; [key: string]: unknown }[]) {
      if (!inProject.has(item.id)) continue;
      const patch = Object.fromEntries(SETTING_FIELDS.filter((key) => key in item).map((key) => [key, item[key]]));
      await deps.flows.update(item.id, patch);
      updated++;
    }
    ctx.body = { message: `Updated MCP settings for ${updated} flows and project auth settings` };
  });
}
