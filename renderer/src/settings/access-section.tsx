/** Whether the API requires a key; the editor itself stays signed in when keys are turned on. */
import { useEffect, useState } from 'react';
import { errorText } from '../api/http.js';
import { getSettings, updateSettings, type ServerSettings } from '../api/session-api.js';
import { useSession } from '../ui/session-gate.js';
import { useToast } from '../ui/toasts.js';

const FORCED: Record<string, string> = {
  flag: 'The server was started with --require-api-key, so keys are always required.',
  host: 'The server listens on an address other than this machine, so keys are always required.',
};

export function AccessSection() {
  const [settings, setSettings] = useState<ServerSettings | null>(null);
  /** The value being saved, shown at once. */
  const [pending, setPending] = useState<boolean | null>(null);
  const notify = useToast();
  const session = useSession();

  useEffect(() => {
    getSettings().then(setSettings, (err: unknown) => notify(`Could not read the settings: ${errorText(err)}`, 'error'));
  }, [notify]);

  const toggle = async (on: boolean) => {
    setPending(on);
    try {
      setSettings(await updateSettings({ require_api_key: on }));
      // Turning keys on gives this browser a session (so it stays signed in): show it.
      await session?.refresh();
      notify(on ? 'API keys are now required' : 'API keys are no longer required', 'success');
    } catch (err) {
      notify(`Could not change the setting: ${errorText(err)}`, 'error');
    } finally {
      setPending(null);
    }
  };

  const forced = settings?.api_key_required_by === 'flag' || settings?.api_key_required_by === 'host';
  return (
    <section className="settings-section" aria-labelledby="access-title">
      <h2 id="access-title">Access</h2>
      <label className="check">
        <input
          type="checkbox"
          role="switch"
          checked={pending ?? settings?.api_key_required ?? false}
          disabled={!settings || pending !== null || forced}
          onChange={(e) => void toggle(e.target.checked)}
        />
        Require an API key to use the API
      </label>
      <p className="muted">
        {settings && forced
          ? FORCED[settings.api_key_required_by ?? '']
          : 'When on, programs must send an x-api-key header. This browser stays signed in; other browsers are asked for a key.'}
      </p>
    </section>
  );
}
