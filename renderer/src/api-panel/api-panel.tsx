/**
 * "API": how to run this flow from code. curl, Python and JavaScript snippets with the server's real
 * address, the flow's endpoint name (settable here) or id, and a tweaks object listing every node;
 * and the flow as an MCP tool (mcp-section.tsx).
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ENDPOINT_NAME_PATTERN } from '../../../shared/flow.js';
import { updateFlow } from '../api/flows-api.js';
import { errorText } from '../api/http.js';
import { getSettings } from '../api/session-api.js';
import { useEditor, useEditorContext } from '../editor/editor-context.js';
import type { FlowHeader } from '../api/types.js';
import { CopyButton } from '../ui/copy-button.js';
import { Dialog } from '../ui/dialog.js';
import type { TweakRefusal, TweaksPolicy } from '../../../shared/tweak-policy.js';
import { McpSection } from './mcp-section.js';
import { API_KEY_ENV, buildTweaks, curlSnippet, jsSnippet, pythonSnippet, runUrl, tweakability, type SnippetInput } from './snippets.js';

/** What the panel says about the policy in force (Langflow states it in its parameters panel too). */
const POLICY_TEXT: Record<TweaksPolicy, string> = {
  permissive: 'Tweak policy: permissive. The API can set any field that is not protected.',
  declared: 'Tweak policy: declared. Once a flow marks API fields, the API can set only those; a flow that marks none accepts any field that is not protected.',
  off: 'Tweak policy: off. This server accepts no tweaks; input_value and session_id still work.',
};

const REFUSAL_TEXT: Record<TweakRefusal, string> = {
  protected: 'protected',
  declared: 'not an API field',
  off: 'tweaks are off',
};

const TABS = [
  { id: 'curl', label: 'cURL', render: curlSnippet },
  { id: 'python', label: 'Python', render: pythonSnippet },
  { id: 'javascript', label: 'JavaScript', render: jsSnippet },
] as const;

export interface ApiPanelProps {
  header: FlowHeader;
  onHeaderChange(header: FlowHeader): void;
  onClose(): void;
}

export default function ApiPanel({ header, onHeaderChange, onClose }: ApiPanelProps) {
  const { store } = useEditorContext();
  const [policy, setPolicy] = useState<TweaksPolicy>('permissive');
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const [tab, setTab] = useState<(typeof TABS)[number]['id']>('curl');
  const [withValues, setWithValues] = useState(false);
  const [apiKey, setApiKey] = useState(false);
  const [keyRequired, setKeyRequired] = useState(false);
  const [endpoint, setEndpoint] = useState(header.endpoint_name ?? '');
  const [endpointError, setEndpointError] = useState<string | null>(null);
  const [endpointSaved, setEndpointSaved] = useState(false);

  useEffect(() => {
    getSettings().then(
      (settings) => {
        setKeyRequired(settings.api_key_required);
        setPolicy(settings.tweaks_policy ?? 'permissive');
        if (settings.api_key_required) setApiKey(true);
      },
      () => undefined,
    );
  }, []);

  const tweaks = useMemo(() => buildTweaks(nodes, edges, store.specs, withValues, policy), [nodes, edges, store.specs, withValues, policy]);
  const fieldsByNode = useMemo(() => tweakability(nodes, edges, store.specs, policy), [nodes, edges, store.specs, policy]);
  const input: SnippetInput = {
    baseUrl: window.location.origin,
    flowRef: header.endpoint_name || header.id,
    inputValue: 'hello world!',
    tweaks,
    apiKey,
  };
  const current = TABS.find((t) => t.id === tab) ?? TABS[0];
  const code = current.render(input);

  const saveEndpoint = async (event: FormEvent) => {
    event.preventDefault();
    setEndpointSaved(false);
    const name = endpoint.trim();
    if (name && !ENDPOINT_NAME_PATTERN.test(name)) return setEndpointError('Use only letters, digits, “-” and “_”.');
    try {
      const updated = await updateFlow(header.id, { endpoint_name: name || null });
      onHeaderChange({ ...header, endpoint_name: updated.endpoint_name });
      setEndpoint(updated.endpoint_name ?? '');
      setEndpointError(null);
      setEndpointSaved(true);
    } catch (error) {
      setEndpointError(errorText(error));
    }
  };

  return (
    <Dialog title="API" open onClose={onClose} wide className="api-panel">
      <p className="muted">
        Run this flow from code: <code>POST {runUrl(input.baseUrl, input.flowRef)}</code>
      </p>
      <form className="endpoint-form" onSubmit={saveEndpoint}>
        <label htmlFor="endpoint-name">Endpoint name</label>
        <input
          id="endpoint-name"
          value={endpoint}
          placeholder="e.g. pirate-bot"
          onChange={(e) => {
            setEndpoint(e.target.value);
            setEndpointSaved(false);
          }}
          aria-invalid={endpointError !== null}
          aria-describedby="endpoint-help"
        />
        <button type="submit" className="small-button" disabled={endpoint.trim() === (header.endpoint_name ?? '')}>
          Save
        </button>
        <span id="endpoint-help" className={endpointError ? 'form-error' : 'muted'}>
          {endpointError ?? (endpointSaved ? 'Saved.' : 'Optional; the flow id always works.')}
        </span>
      </form>
      <div className="api-options">
        <label className="check">
          <input type="checkbox" role="switch" checked={withValues} onChange={(e) => setWithValues(e.target.checked)} />
          Fill tweaks with the current field values
        </label>
        <label className="check" title={keyRequired ? 'This server requires an API key' : undefined}>
          <input type="checkbox" role="switch" checked={apiKey} onChange={(e) => setApiKey(e.target.checked)} />
          Send an API key (from ${API_KEY_ENV}){keyRequired ? ' — required by this server' : ''}
        </label>
      </div>
      <div className="tabs" role="tablist" aria-label="Language">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`api-tab-${t.id}`}
            aria-selected={t.id === tab}
            aria-controls="api-code"
            className={`tab${t.id === tab ? ' tab-active' : ''}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
        <div className="toolbar-spacer" />
        <CopyButton text={code} label="Copy code" />
      </div>
      <pre className="code-block" id="api-code" role="tabpanel" aria-labelledby={`api-tab-${tab}`} data-testid="api-code" tabIndex={0}>
        <code>{code}</code>
      </pre>
      <p className="muted small">Secret fields are never put in the tweaks. Tweaks override a node's fields for one run; remove the ones you do not need.</p>
      <p className="muted small" data-testid="tweak-policy">
        {POLICY_TEXT[policy]} Code, secret fields and a model's address while its key is stored are never tweakable; a refused tweak answers 422.
      </p>
      <details className="tweak-fields">
        <summary>Tweakable fields</summary>
        <ul className="tweak-field-list" data-testid="tweak-fields">
          {fieldsByNode.map(({ nodeId, fields }) => (
            <li key={nodeId}>
              <code>{nodeId}</code>
              <ul>
                {fields.map(({ field, refusal, apiField }) => (
                  <li key={field.name} data-field={`${nodeId}.${field.name}`} data-tweakable={refusal === undefined}>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={apiField}
                        disabled={refusal === 'protected'}
                        onChange={(e) => store.setApiEditable(nodeId, field.name, e.target.checked)}
                        aria-label={`Mark ${field.display_name} of ${nodeId} as an API field`}
                      />
                      <code>{field.name}</code>
                    </label>{' '}
                    <span className="muted small">{refusal === undefined ? 'tweakable' : `not tweakable (${REFUSAL_TEXT[refusal]})`}</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
        <p className="muted small">Checked fields are the flow's API fields: under the declared policy, the only ones a tweak may set.</p>
      </details>
      <McpSection header={header} onHeaderChange={onHeaderChange} keyRequired={keyRequired} />
    </Dialog>
  );
}
