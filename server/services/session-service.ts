/**
 * The editor's own sessions. A browser holds a random session id in an HttpOnly cookie; the server
 * keeps only its SHA-256, in memory, so every session ends when the server stops.
 *
 * A session starts from a one-time sign-in token (the link in the banner, or one the desktop app
 * or an authenticated caller asks for), from an API key sent once to `POST /api/v1/session`, or
 * when the editor turns on "require an API key". A session is `strong` when a credential stands
 * behind it; `weak` ones (minted while keys were not required, by anyone on the machine) end when
 * keys become required.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface SessionService {
  /** A one-time sign-in token; `ttlMs` undefined: valid until used (or the server stops). */
  issueSignInToken(options: { strong: boolean; ttlMs?: number }): string;
  /** Exchanges a sign-in token for a new session id; undefined when unknown, used or expired. */
  redeemSignInToken(token: string): string | undefined;
  /** A new session id. */
  open(options: { strong: boolean }): string;
  /** The session's strength, or undefined when it is unknown or ended (a use keeps it alive). */
  lookup(sessionId: string): { strong: boolean } | undefined;
  /** Makes an existing session strong (its holder just proved a credential or turned keys on). */
  strengthen(sessionId: string): void;
  close(sessionId: string): void;
  /** Ends every weak session except `keep`; returns how many ended. */
  closeWeak(keep?: string): number;
  readonly size: number;
}

interface Entry {
  strong: boolean;
  /** Epoch ms after which it is no longer valid. */
  expiresAt: number;
}

/** Sessions unused this long end. */
export const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000;
/** At most this many sessions and pending tokens each: the oldest go first. */
const MAX_ENTRIES = 1000;

const hash = (value: string): string => createHash('sha256').update(value).digest('base64url');
const randomId = (): string => randomBytes(32).toString('base64url');

function remember(map: Map<string, Entry>, key: string, entry: Entry): void {
  map.delete(key);
  map.set(key, entry);
  while (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
}

export function createSessionService(now: () => number = Date.now): SessionService {
  const sessions = new Map<string, Entry>();
  const tokens = new Map<string, Entry>();

  const live = (map: Map<string, Entry>, value: string): Entry | undefined => {
    if (typeof value !== 'string' || value.length < 20 || value.length > 200) return undefined;
    const key = hash(value);
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  };

  const open = (strong: boolean): string => {
    const id = randomId();
    remember(sessions, hash(id), { strong, expiresAt: now() + SESSION_IDLE_MS });
    return id;
  };

  return {
    issueSignInToken({ strong, ttlMs }) {
      const token = randomId();
      remember(tokens, hash(token), { strong, expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : now() + ttlMs });
      return token;
    },
    redeemSignInToken(token) {
      const entry = live(tokens, token);
      if (!entry) return undefined;
      tokens.delete(hash(token));
      return open(entry.strong);
    },
    open: ({ strong }) => open(strong),
    lookup(sessionId) {
      const entry = live(sessions, sessionId);
      if (!entry) return undefined;
      entry.expiresAt = now() + SESSION_IDLE_MS;
      return { strong: entry.strong };
    },
    strengthen(sessionId) {
      const entry = live(sessions, sessionId);
      if (entry) entry.strong = true;
    },
    close(sessionId) {
      if (typeof sessionId === 'string') sessions.delete(hash(sessionId));
    },
    closeWeak(keep) {
      const kept = keep === undefined ? undefined : hash(keep);
      let closed = 0;
      for (const [key, entry] of sessions) {
        if (!entry.strong && key !== kept) {
          sessions.delete(key);
          closed++;
        }
      }
      for (const [key, entry] of tokens) if (!entry.strong) tokens.delete(key);
      return closed;
    },
    get size() {
      return sessions.size;
    },
  };
}
