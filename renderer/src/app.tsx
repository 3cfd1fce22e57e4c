/**
 * The shell: session check, routes, toasts and the lazily loaded screens. The flow list is in the
 * first bundle; the canvas (React Flow) and settings load on demand.
 */
import { lazy, Suspense } from 'react';
import { FlowListPage } from './flows/flow-list-page.js';
import { AppHeader } from './ui/app-header.js';
import { parseRoute, usePathname } from './ui/router.js';
import { SessionGate } from './ui/session-gate.js';
import { ToastProvider } from './ui/toasts.js';

const EditorPage = lazy(() => import('./editor/editor-page.js'));
const SettingsPage = lazy(() => import('./settings/settings-page.js'));

export function App() {
  return (
    <ToastProvider>
      <SessionGate>
        <Suspense fallback={<div className="page-loading">Loading…</div>}>
          <Screen />
        </Suspense>
      </SessionGate>
    </ToastProvider>
  );
}

function Screen() {
  const route = parseRoute(usePathname());
  if (route.name === 'flow') return <EditorPage key={route.id} flowId={route.id} />;
  return (
    <div className="app">
      <AppHeader current={route.name} />
      <main className="page">
        {route.name === 'flows' ? <FlowListPage /> : null}
        {route.name === 'settings' ? <SettingsPage /> : null}
        {route.name === 'not_found' ? <p className="empty">Nothing at {route.path}.</p> : null}
      </main>
    </div>
  );
}
