/**
 * The editor-visible server settings, `GET/PATCH /api/v1/settings`: today only whether API keys are
 * required. Keys are required when the stored setting says so, or regardless of it when the server
 * was started with `--require-api-key` or on a non-loopback host.
 */
import type { StoreMeta } from '../storage/types.js';
import { BodyChecker } from './body-checks.js';

/** Why keys are required whatever the setting says: the command line, or a host other than loopback. */
export type KeysForcedBy = 'flag' | 'host' | null;

export interface SettingsRead {
  /** The stored setting (the editor's "Require an API key" switch). */
  require_api_key: boolean;
  /** Whether a key (or the editor's session) is required right now. */
  api_key_required: boolean;
  /** What makes keys required: `flag` (--require-api-key), `host` (non-loopback host), `setting`, or null. */
  api_key_required_by: 'flag' | 'host' | 'setting' | null;
}

export interface SettingsService {
  get(): SettingsRead;
  /** Applies `{"require_api_key": bool}`; says whether keys became required by this change. */
  update(body: unknown): Promise<{ settings: SettingsRead; keysTurnedOn: boolean }>;
  /** Whether every API request needs a key now (read on every request: cheap). */
  apiKeyRequired(): boolean;
}

export interface SettingsDeps {
  getMeta(): StoreMeta;
  setMeta(meta: Partial<StoreMeta>): Promise<void>;
  forcedBy: KeysForcedBy;
}

export function createSettingsService(deps: SettingsDeps): SettingsService {
  // Read from the store each time: with a shared database, another server may have changed it.
  const stored = (): boolean => deps.getMeta().require_api_key === true;
  const read = (): SettingsRead => {
    const by = deps.forcedBy ?? (stored() ? 'setting' : null);
    return { require_api_key: stored(), api_key_required: by !== null, api_key_required_by: by };
  };
  return {
    get: read,
    apiKeyRequired: () => deps.forcedBy !== null || stored(),
    async update(body) {
      const obj = BodyChecker.object(body);
      const check = new BodyChecker(obj);
      const value = obj.require_api_key;
      if (value !== undefined && typeof value !== 'boolean') check.fail('require_api_key', 'bool_type', 'Input should be a valid boolean', value);
      check.done();
      const wasRequired = read().api_key_required;
      if (typeof value === 'boolean' && value !== stored()) await deps.setMeta({ require_api_key: value });
      const settings = read();
      return { settings, keysTurnedOn: !wasRequired && settings.api_key_required };
    },
  };
}
