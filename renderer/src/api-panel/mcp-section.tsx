/**
 * The API panel's MCP part: whether the flow is a tool of Flowdesk's MCP servers (`mcp_enabled`),
 * and the client configuration to paste, for the stdio bridge and for the HTTP URL.
 */
import { useState } from 'react';
import { updateFlow } from '../api/flows-api.js';
import { errorText } from '../api/http.js';
import type { FlowHeader } from '../api/types.js';
import { CopyButton } from '../ui/copy-button.js';
import { mcpHttpConfig, mcpStdioConfig } from './mcp-config.js';

export interface McpSectionProps {
  header: FlowHeader;
  onHeaderChange(header: FlowHeader): void;
  keyRequired: boolean;
}

export function McpSection({ header, onHeaderChange, keyRequired }: McpSectionProps) {
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Shown at once; put back if the server refuses the change.
  const [enabled, setShown] = useState(header.mcp_enabled);
  const stdio = mcpStdioConfig();
  const http = mcpHttpConfig(window.location.origin, keyRequired);

  const setEnabled = async (wanted: boolean) => {
    setShown(wanted);
    setSaving(true);
    try {
      const updated = await updateFlow(header.id, { mcp_enabled: wanted });
      onHeaderChange({ ...header, mcp_enabled: updated.mcp_enabled });
      setShown(updated.mcp_enabled);
      setError(null);
    } catch (err) {
      setShown(header.mcp_enabled);
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <details className="mcp-config" data-testid="mcp-config">
      <summary>Use as an MCP tool</summary>
      <label className="check">
        <input type="checkbox" role="switch" checked={enabled} disabled={saving} onChange={(e) => void setEnabled(e.target.checked)} />
        Serve this flow as a tool of Flowdesk's MCP server
      </label>
      {error && <p className="form-error">{error}</p>}
      <p className="muted small">
        For clients that launch a command (with <code>flowdesk</code> on the PATH; it finds this server through its data directory):
      </p>
      <ConfigBlock text={stdio} testId="mcp-stdio-config" />
      <p className="muted small">For clients that take a URL:</p>
      <ConfigBlock text={http} testId="mcp-http-config" />
    </details>
  );
}

function ConfigBlock({ text, testId }: { text: string; testId: string }) {
  return (
    <div className="mcp-config-block">
      <pre className="code-block" data-testid={testId}>
        <code>{text}</code>
      </pre>
      <CopyButton text={text} label="Copy" />
    </div>
  );
}
