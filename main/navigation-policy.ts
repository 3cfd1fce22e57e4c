/**
 * Where the editor window may go. It shows the server's pages only: navigating within the server's
 * origin is allowed; web and mail links leave for the system browser; everything else (file:,
 * javascript:, custom schemes, other origins) is refused. New windows are never opened in-app.
 */
export type NavigationDecision = 'allow' | 'open-external' | 'deny';

const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

function parse(target: string): URL | undefined {
  try {
    return new URL(target);
  } catch {
    return undefined;
  }
}

/** A navigation of the editor window to `target`, when the server is at `serverOrigin`. */
export function decideNavigation(target: string, serverOrigin: string | undefined): NavigationDecision {
  const url = parse(target);
  if (!url) return 'deny';
  if (serverOrigin !== undefined && url.origin === serverOrigin && url.protocol === 'http:') return 'allow';
  return EXTERNAL_PROTOCOLS.has(url.protocol) ? 'open-external' : 'deny';
}

/** A request to open a new window: never in-app; web and mail links go to the system browser. */
export function decideWindowOpen(target: string): Exclude<NavigationDecision, 'allow'> {
  const url = parse(target);
  return url && EXTERNAL_PROTOCOLS.has(url.protocol) ? 'open-external' : 'deny';
}

/** Whether an IPC request comes from the editor page served by the server (not a status page, not elsewhere). */
export function isFromServer(senderUrl: string, serverOrigin: string | undefined): boolean {
  return serverOrigin !== undefined && decideNavigation(senderUrl, serverOrigin) === 'allow';
}
