/** Top bar of the flow list and settings screens. */
import type { MouseEvent, ReactNode } from 'react';
import { Logo } from './logo.js';
import { navigate } from './router.js';
import { useSession } from './session-gate.js';

/** An <a> that navigates without reloading the page (modifier clicks keep the browser's behaviour). */
export function Link({ to, className, children, ...rest }: { to: string; className?: string; children: ReactNode; 'aria-current'?: 'page' }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} className={className} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}

export function AppHeader({ current }: { current: string }) {
  const session = useSession();
  return (
    <header className="app-header">
      <Link to="/" className="brand">
        <Logo /> Flowdesk
      </Link>
      <nav className="app-nav" aria-label="Main">
        <Link to="/" className="nav-link" {...(current === 'flows' ? { 'aria-current': 'page' as const } : {})}>
          Flows
        </Link>
        <Link to="/settings" className="nav-link" {...(current === 'settings' ? { 'aria-current': 'page' as const } : {})}>
          Settings
        </Link>
      </nav>
      <div className="toolbar-spacer" />
      {session?.session.method === 'session' ? (
        <button type="button" className="small-button" onClick={() => void session.signOut()}>
          Sign out
        </button>
      ) : null}
    </header>
  );
}
