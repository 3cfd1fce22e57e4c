/**
 * The editor's own access: its session (an HttpOnly cookie the server sets) and the server setting
 * that requires API keys. Servers without these routes answer as if keys were never required.
 */
import type { TweaksPolicy } from '../../../shared/tweak-policy.js';
import { ApiError, request } from './http.js';

export interface SessionInfo {
  authenticated: boolean;
  /** How the caller is known: `session`, `api_key`, `admin`, or `none`. */
  method: string;
  api_key_required: boolean;
}

export interface ServerSettings {
  /** The stored "Require an API key" switch. */
  require_api_key: boolean;
  /** Whether keys are required right now. */
  api_key_required: boolean;
  /** Why: `flag` (--require-api-key), `host` (not loopback), `setting`, or null. */
  api_key_required_by: 'flag' | 'host' | 'setting' | null;
  /** Which fields run requests may tweak (`--tweaks-policy`); absent from older servers (then permissive). */
  tweaks_policy?: TweaksPolicy;
}

const OPEN: SessionInfo = { authenticated: false, method: 'none', api_key_required: false };

export async function getSession(): Promise<SessionInfo> {
  try {
    return await request<SessionInfo>('GET', '/api/v1/session');
  } catch (error) {
    if (error instanceof ApiError && error.routeMissing) return OPEN;
    throw error;
  }
}

/** Signs this browser in with an API key; the server answers with a session cookie. */
export function signIn(apiKey: string): Promise<SessionInfo> {
  return request('POST', '/api/v1/session', { json: { api_key: apiKey } });
}

export function signOut(): Promise<void> {
  return request('DELETE', '/api/v1/session');
}

export async function getSettings(): Promise<ServerSettings> {
  try {
    return await request<ServerSettings>('GET', '/api/v1/settings');
  } catch (error) {
    if (error instanceof ApiError && error.routeMissing) return { require_api_key: false, api_key_required: false, api_key_required_by: null };
    throw error;
  }
}

export function updateSettings(body: { require_api_key: boolean }): Promise<ServerSettings> {
  return request('PATCH', '/api/v1/settings', { json: body });
}
