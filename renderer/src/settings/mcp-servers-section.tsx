/**
 * MCP servers: add one (a name and its configuration: a command Flowdesk starts, or a URL), list
 * them with what they run, count their tools, delete. MCP Tools nodes name them.
 */
import { useCallback, useState, type FormEvent } from 'react';
import { errorText } from '../api/http.js';
import { addMcpServer, deleteMcpServer, listMcpServers, type McpServerConfig, type McpServerRow } from '../api/mcp-api.js';
import { ConfirmRemove } from '../ui/confirm-remove.js';
import { DataTable, DeleteCell } from '../ui/data-table.js';
import { useToast } from '../ui/toasts.js';
import { useLoadedList } from '../ui/use-loaded-list.js';

const EXAMPLE = '{"command": "npx", "args": ["-y", "@modelcontextprotocol/server-everything"]}';

function target(config: McpServerConfig | null): string {
  if (!config) return '';
  if (typeof config.url === 'string') return config.url;
  return [config.command, ...(config.args ?? [])].join(' ');
}

export function McpServersSection() {
  const [checked, setChecked] = useState(false);
  const load = useCallback(() => listMcpServers(checked), [checked]);
  const { items: servers, error, reload } = useLoadedList(load);
  const [name, setName] = useState('');
  const [config, setConfig] = useState('');
  const [deleting, setDeleting] = useState<McpServerRow | null>(null);
  const notify = useToast();

  const add = async (event: FormEvent) => {
    event.preventDefault();
    let parsed: McpServerConfig;
    try {
      parsed = JSON.parse(config) as McpServerConfig;
    } catch {
      notify('The configuration is not JSON: {"command", "args", "env"} or {"url", "headers"}', 'error');
      return;
    }
    try {
      await addMcpServer(name.trim(), parsed);
      notify(`Added ${name.trim()}`, 'success');
      setName('');
      setConfig('');
      await reload();
    } catch (err) {
      notify(`Could not add the MCP server: ${errorText(err)}`, 'error');
    }
  };

  return (
    <section className="settings-section" aria-labelledby="mcp-title">
      <h2 id="mcp-title">MCP servers</h2>
      <p className="muted">
        Servers whose tools MCP Tools nodes use: a command Flowdesk starts (<code>{'{"command", "args", "env"}'}</code>) or a URL (<code>{'{"url", "headers"}'}</code>). An env or
        header value that names a global variable is sent as that variable&apos;s value.
      </p>
      <form className="inline-form" onSubmit={add}>
        <input placeholder="Name, e.g. files" value={name} onChange={(e) => setName(e.target.value)} aria-label="MCP server name" required maxLength={100} />
        <input placeholder={EXAMPLE} value={config} onChange={(e) => setConfig(e.target.value)} aria-label="MCP server configuration (JSON)" required />
        <button type="submit" className="button button-primary">
          Add MCP server
        </button>
        <button type="button" className="button" onClick={() => setChecked(true)} disabled={checked}>
          Count tools
        </button>
      </form>
      {error ? <p className="form-error">{error}</p> : null}
      <DataTable
        columns={['Name', 'Runs', 'Tools']}
        items={servers}
        empty="No MCP servers."
        rowKey={(server) => server.name}
        cells={(server) => (
          <>
            <td>
              <code>{server.name}</code>
            </td>
            <td>
              <code>{target(server.config)}</code>
            </td>
            <td>{server.error ? <span className="form-error">{server.error}</span> : server.toolsCount === null ? '—' : `${server.toolsCount} (${server.mode ?? ''})`}</td>
            <DeleteCell label={server.name} onClick={() => setDeleting(server)} />
          </>
        )}
      />
      <ConfirmRemove
        item={deleting}
        title="Delete MCP server"
        message={(server) => `Delete “${server.name}”? MCP Tools nodes using it will fail until it is added again.`}
        remove={(server) => deleteMcpServer(server.name)}
        onClose={() => setDeleting(null)}
        onRemoved={reload}
      />
    </section>
  );
}
