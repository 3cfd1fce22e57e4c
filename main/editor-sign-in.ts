/**
 * Getting the editor window into the server's editor. The server's editor needs a session; the
 * running server writes a local admin token to `<dataDir>/admin.token` (readable by this OS user
 * only) so the desktop app can ask it for a one-time sign-in link (`POST /api/v1/session/link`),
 * which works the same for the server the app started and for one it attached to.
 */
import { readAdminToken } from '../server/launcher-api.js';

export interface EditorEntry {
  /** What the window loads: the sign-in link, or the editor's root when none could be had. */
  url: string;
  signedIn: boolean;
  /** Why the window was not signed in, for the log. */
  problem?: string;
}

type Fetch = typeof fetch;

/** Whether the server serves the editor at all (a `--backend-only` server answers 404). */
export async function hasEditor(serverUrl: string, fetchImpl: Fetch = fetch): Promise<boolean> {
  try {
    const response = await fetchImpl(new URL('/', serverUrl), { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    return response.status !== 404;
  } catch {
    // Not answering now: the supervisor will notice; show the editor URL and let it load or fail.
    return true;
  }
}

/** A one-time sign-in link for the editor of the server at `serverUrl`, which owns `dataDir`. */
export async function editorEntry(serverUrl: string, dataDir: string, fetchImpl: Fetch = fetch): Promise<EditorEntry> {
  const origin = new URL(serverUrl).origin;
  const plain = (problem: string): EditorEntry => ({ url: `${origin}/`, signedIn: false, problem });
  const token = await readAdminToken(dataDir);
  if (!token) return plain(`no admin token in ${dataDir}`);
  try {
    const response = await fetchImpl(new URL('/api/v1/session/link', origin), {
      method: 'POST',
      headers: { 'x-api-key': token, 'content-type': 'application/json' },
      body: '{}',
      redirect: 'error',
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) return plain(`POST /api/v1/session/link answered ${response.status}`);
    const body = (await response.json()) as { url?: unknown };
    const link = typeof body.url === 'string' ? new URL(body.url) : undefined;
    // Only a link to this very server: the window must never be sent elsewhere.
    if (!link || link.origin !== origin) return plain('the sign-in link does not point at the server');
    return { url: link.href, signedIn: true };
  } catch (error) {
    return plain(`cannot get a sign-in link: ${error instanceof Error ? error.message : String(error)}`);
  }
}
