/**
 * Asks the server who this browser is. When the server requires API keys and the browser has no
 * session, shows the sign-in form instead of the app; the session itself is an HttpOnly cookie.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { errorText, SIGNED_OUT_EVENT } from '../api/http.js';
import { getSession, signIn, signOut, type SessionInfo } from '../api/session-api.js';
import { Logo } from './logo.js';
import { FormError } from './form-error.js';

interface SessionContextValue {
  session: SessionInfo;
  signOut(): Promise<void>;
  /** Asks the server again (after a change of the key setting, say). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue | null {
  return useContext(SessionContext);
}

export function SessionGate({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  const check = useCallback(() => {
    setError(null);
    getSession().then(setSession, (err: unknown) => setError(errorText(err)));
  }, []);
  useEffect(check, [check]);
  useEffect(() => {
    window.addEventListener(SIGNED_OUT_EVENT, check);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, check);
  }, [check]);

  const refresh = useCallback(async () => setSession(await getSession()), []);
  const leave = useCallback(async () => {
    await signOut();
    await refresh();
  }, [refresh]);
  const value = useMemo(() => (session ? { session, signOut: leave, refresh } : null), [session, leave, refresh]);

  if (error) {
    return (
      <div className="page-error" role="alert">
        <p>Cannot reach the Flowdesk server: {error}</p>
        <button type="button" className="button" onClick={check}>
          Try again
        </button>
      </div>
    );
  }
  if (!session) return <div className="page-loading">Connecting…</div>;
  if (session.api_key_required && !session.authenticated) return <SignIn onSignedIn={setSession} />;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

function SignIn({ onSignedIn }: { onSignedIn(session: SessionInfo): void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      onSignedIn(await signIn(key.trim()));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="sign-in-card form" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">
          <Logo /> Sign in to Flowdesk
        </h1>
        <p className="muted">This server requires an API key: paste one. (A server started with keys required also printed a one-time sign-in link, which works once.)</p>
        <label className="form-field">
          <span>API key</span>
          <input type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} autoFocus required placeholder="sk-…" />
        </label>
        <FormError error={error} />
        <button type="submit" className="button button-primary" disabled={busy || key.trim() === ''}>
          Sign in
        </button>
        <p className="muted small">
          No key? Create one on the server with <code>flowdesk api-key</code>.
        </p>
      </form>
    </main>
  );
}
