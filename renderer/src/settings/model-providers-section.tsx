/**
 * Model providers, set once for every flow (as Langflow 1.7+): each provider's key (kept as its
 * Credential variable, never shown back), base URL and enabled models, and the default model that
 * Language Model and Agent nodes with no model of their own (`model: []`) use.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { DefaultModel, ModelProviderName } from '../../../shared/model-providers.js';
import { errorText } from '../api/http.js';
import { clearDefaultModel, getDefaultModel, listProviderSettings, setDefaultModel, setModelEnabled, updateProvider, type ProviderStatus } from '../api/models-api.js';
import { useToast } from '../ui/toasts.js';

const SEPARATOR = '\u0000';

export function ModelProvidersSection() {
  const [providers, setProviders] = useState<ProviderStatus[] | null>(null);
  const [chosen, setChosen] = useState<DefaultModel | null>(null);
  const [error, setError] = useState<string | null>(null);
  const notify = useToast();

  const reload = useCallback(async () => {
    try {
      const [list, current] = await Promise.all([listProviderSettings(), getDefaultModel()]);
      setProviders(list);
      setChosen(current);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, []);
  useEffect(() => void reload(), [reload]);

  const act = async (what: string, action: () => Promise<unknown>, done?: string) => {
    try {
      await action();
      if (done) notify(done, 'success');
      await reload();
    } catch (err) {
      notify(`Could not ${what}: ${errorText(err)}`, 'error');
    }
  };

  const choices = (providers ?? []).filter((p) => p.is_enabled).flatMap((p) => p.models.filter((m) => m.enabled).map((m) => ({ provider: p.provider, model: m.model_name })));
  const chosenValue = chosen ? `${chosen.provider}${SEPARATOR}${chosen.model_name}` : '';
  const chosenListed = choices.some((c) => `${c.provider}${SEPARATOR}${c.model}` === chosenValue);

  return (
    <section className="settings-section" aria-labelledby="model-providers-title">
      <h2 id="model-providers-title">Model providers</h2>
      <p className="muted">
        Set a provider's key once: Language Model and Agent nodes with no model of their own (Langflow's <code>model: []</code>) use the default model below. Keys are
        stored as Credential variables and never shown again.
      </p>
      {error ? <p className="form-error">{error}</p> : null}
      <div className="inline-form">
        <label htmlFor="default-model">Default model</label>
        <select
          id="default-model"
          value={chosenValue}
          onChange={(e) => {
            const value = e.target.value;
            if (!value) void act('clear the default model', clearDefaultModel, 'No default model');
            else {
              const [provider, model] = value.split(SEPARATOR) as [ModelProviderName, string];
              void act('set the default model', () => setDefaultModel(provider, model), `Default model: ${provider} ${model}`);
            }
          }}
        >
          <option value="">{choices.length === 0 ? 'No provider configured yet' : 'None (the first enabled model)'}</option>
          {chosen && !chosenListed ? <option value={chosenValue}>{`${chosen.provider} · ${chosen.model_name} (not usable: no key)`}</option> : null}
          {choices.map((c) => (
            <option key={`${c.provider}${SEPARATOR}${c.model}`} value={`${c.provider}${SEPARATOR}${c.model}`}>
              {`${c.provider} · ${c.model}`}
            </option>
          ))}
        </select>
      </div>
      {providers?.map((p) => <ProviderCard key={p.provider} status={p} act={act} />)}
    </section>
  );
}

function ProviderCard({ status, act }: { status: ProviderStatus; act: (what: string, action: () => Promise<unknown>, done?: string) => Promise<void> }) {
  const { provider } = status;
  const [key, setKey] = useState('');
  const [baseUrl, setBaseUrl] = useState(status.base_url);
  const [custom, setCustom] = useState('');
  useEffect(() => setBaseUrl(status.base_url), [status.base_url]);

  const saveKey = async (event: FormEvent) => {
    event.preventDefault();
    await act('save the key', () => updateProvider(provider, { api_key: key.trim() }), `${provider} key saved as ${status.variable_name}`);
    setKey('');
  };
  const saveUrl = (event: FormEvent) => {
    event.preventDefault();
    void act('save the base URL', () => updateProvider(provider, { base_url: baseUrl.trim() }), `${provider} base URL saved`);
  };
  const addModel = async (event: FormEvent) => {
    event.preventDefault();
    await act('add the model', () => setModelEnabled(provider, custom.trim(), true), `${custom.trim()} enabled`);
    setCustom('');
  };
  const keyText =
    status.variable_name === null ? 'needs no key' : status.api_key_source === 'variable' ? `key set (${status.variable_name})` : status.api_key_source === 'environment' ? `key from the environment (${status.variable_name})` : 'no key';

  return (
    <fieldset className="provider-card" data-testid={`provider-${provider}`}>
      <legend>
        {provider} <span className={status.is_enabled ? 'badge badge-ok' : 'badge'}>{status.is_enabled ? 'enabled' : 'not configured'}</span> <span className="muted">{keyText}</span>
      </legend>
      {status.variable_name !== null ? (
        <form className="inline-form" onSubmit={saveKey}>
          <input type="password" autoComplete="off" placeholder={`${provider} API key`} value={key} onChange={(e) => setKey(e.target.value)} aria-label={`${provider} API key`} required />
          <button type="submit" className="small-button">
            Save key
          </button>
          {status.api_key_source === 'variable' ? (
            <button type="button" className="small-button danger" onClick={() => void act('remove the key', () => updateProvider(provider, { api_key: null }), `${provider} key removed`)}>
              Remove key
            </button>
          ) : null}
        </form>
      ) : null}
      <form className="inline-form" onSubmit={saveUrl}>
        <input placeholder={status.default_base_url} value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} aria-label={`${provider} base URL`} />
        <button type="submit" className="small-button">
          Save URL
        </button>
        <span className="muted">{status.base_url_hint}</span>
      </form>
      <details>
        <summary>Models ({status.models.filter((m) => m.enabled).length} enabled)</summary>
        <ul className="model-list">
          {status.models.map((m) => (
            <li key={m.model_name}>
              <label>
                <input type="checkbox" checked={m.enabled} onChange={(e) => void act('change the model', () => setModelEnabled(provider, m.model_name, e.target.checked))} aria-label={`Enable ${provider} ${m.model_name}`} />{' '}
                {m.model_name}
              </label>
            </li>
          ))}
        </ul>
        <form className="inline-form" onSubmit={addModel}>
          <input placeholder="Another model name" value={custom} onChange={(e) => setCustom(e.target.value)} aria-label={`Add a ${provider} model`} required />
          <button type="submit" className="small-button">
            Add model
          </button>
        </form>
      </details>
    </fieldset>
  );
}
