/**
 * `GET/PATCH /api/v1/settings`: the editor's server settings (whether API keys are required), and, in
 * what GET answers, the tweak policy in force (`tweaks_policy`, read-only), so the API panel can tell which fields a
 * tweak may set (Langflow puts it on `/api/v1/config`).
 */
import type Router from '@koa/router';
import type { AppDeps } from '../app-deps.js';
import { identify, setSessionCookie } from '../auth.js';
import { isSameOriginRequest } from '../browser-guards.js';
import { readJsonBody } from '../read-body.js';
import { authDeps } from './session-routes.js';
import { DEFAULT_TWEAKS_POLICY } from '../../../shared/tweak-policy.js';

export function settingsRoutes(router: Router, deps: AppDeps): void {
  const { settings, sessions, hosts } = deps.security;
  const auth = authDeps(deps);
  const tweaks_policy = deps.tweaksPolicy ?? DEFAULT_TWEAKS_POLICY;

  router.get('/api/v1/settings', (ctx) => {
    ctx.body = { ...settings.get(), tweaks_policy };
  });

  router.patch('/api/v1/settings', async (ctx) => {
    const { settings: read, keysTurnedOn } = await settings.update(await readJsonBody(ctx.req, deps.maxBodyBytes));
    if (keysTurnedOn) {
      // The editor that turns keys on keeps working: its session (a new one if it had none) becomes
      // strong, and every weak session, which anyone on the machine could have made, ends.
      const caller = identify(ctx, auth);
      let keep = caller.kind === 'session' ? caller.sessionId : undefined;
      if (keep !== undefined) sessions.strengthen(keep);
      else if (caller.kind === 'none' && isSameOriginRequest(ctx, hosts)) {
        keep = sessions.open({ strong: true });
        setSessionCookie(ctx, hosts, keep);
      }
      sessions.closeWeak(keep);
    }
    ctx.body = read;
  });
}
