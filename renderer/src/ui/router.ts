/**
 * Kept by hand: three routes; react-router would add a dependency and its own data APIs for what a 40-line useSyncExternalStore hook does.
 * A tiny path router: `/` flows, `/flow/<id>` editor, `/settings`. The server falls back to index.html.
 */
import { useSyncExternalStore } from 'react';

export type Route = { name: 'flows' } | { name: 'flow'; id: string } | { name: 'settings' } | { name: 'not_found'; path: string };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'flows' };
  if (pathname === '/settings' || pathname === '/settings/') return { name: 'settings' };
  const flow = /^\/flow\/([^/]+)\/?$/.exec(pathname);
  if (flow?.[1]) return { name: 'flow', id: decodeURIComponent(flow[1]) };
  return { name: 'not_found', path: pathname };
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) return;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  for (const listener of listeners) listener();
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function flowPath(id: string): string {
  return `/flow/${encodeURIComponent(id)}`;
}
