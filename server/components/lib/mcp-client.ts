/**
 * A connection to one MCP server with the official SDK's Client: a stdio server is started as a
 * child process (`{command, args, env}`), a URL server is reached over Streamable HTTP, falling back
 * to SSE for older servers. HTTP goes through the `fetch` given (the run's `ctx.http`: the outbound
 * rule, cancellation), every request is bounded by a timeout, and errors name the server.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError, type CallToolResult, type Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerConfig } from '../../../shared/mcp.js';
import type { HttpAccess, VariableAccess } from '../../engine/define-component.js';

/** How Langflow names the ways to reach a server (`update_tools`'s mode). */
export type McpMode = 'Stdio' | 'Streamable_HTTP' | 'SSE';

export interface McpToolInfo {
  name: string;
  description: string;
  inputSchema: McpTool['inputSchema'];
}

export interface McpConnection {
  readonly mode: McpMode;
  /** Every tool the server lists (all pages). */
  tools(): Promise<McpToolInfo[]>;
  call(name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<CallToolResult>;
  close(): Promise<void>;
}

export interface McpConnectOptions {
  /** Outgoing HTTP for URL servers (the run's `ctx.http`). */
  http: HttpAccess;
  /** Bound on connecting and on each request. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** A header or env value as sent: a value naming a global variable becomes its value. */
  resolveValue?: (value: string) => Promise<string>;
}

/** Without Tool Execution Timeout or LANGFLOW_MCP_SERVER_TIMEOUT: how long connecting and each request may take. */
export const DEFAULT_MCP_TIMEOUT_MS = 60_000;

/** The timeout in force: the field's seconds when above 0, else LANGFLOW_MCP_SERVER_TIMEOUT (seconds), else the default. */
export function mcpTimeoutMs(fieldSeconds: unknown, env: Readonly<Record<string, string | undefined>>): number {
  const seconds = typeof fieldSeconds === 'number' ? fieldSeconds : Number(fieldSeconds);
  if (Number.isFinite(seconds) && seconds > 0) return Math.round(seconds * 1000);
  const fromEnv = Number(env.LANGFLOW_MCP_SERVER_TIMEOUT);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return Math.round(fromEnv * 1000);
  return DEFAULT_MCP_TIMEOUT_MS;
}

/**
 * A settings value as sent (an env value, a header): one that names a global variable (a
 * Credential, typically) is its value, as a secret field resolves it; anything else as written.
 */
export function variableResolver(variables: VariableAccess): (value: string) => Promise<string> {
  return async (value) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(value) ? ((await variables.get(value, { name: 'mcp_server', secret: true })) ?? value) : value);
}

/** The server's own words, prefixed with its name. */
export class McpServerError extends Error {}

/** How long the long-lived SSE stream of a URL server may stay open (it is closed with the connection). */
const STREAM_LIFETIME_MS = 24 * 3600_000;

export async function connectMcp(name: string, config: McpServerConfig, options: McpConnectOptions): Promise<McpConnection> {
  const resolve = options.resolveValue ?? (async (value: string) => value);
  const resolved = async (values: Record<string, string> | undefined): Promise<Record<string, string>> =>
    Object.fromEntries(await Promise.all(Object.entries(values ?? {}).map(async ([key, value]) => [key, await resolve(value)] as const)));
  if (typeof config.command === 'string') return connectStdio(name, config.command, config.args ?? [], await resolved(config.env), options);
  if (typeof config.url === 'string') return connectUrl(name, config.url, await resolved(config.headers), options);
  throw new McpServerError(`MCP server "${name}" has neither a command nor a URL; fix it in Settings → MCP Servers (or PATCH /api/v2/mcp/servers/${encodeURIComponent(name)})`);
}

function newClient(): Client {
  return new Client({ name: 'flowdesk-mcp-tools', version: '1.0.0' });
}

async function connectStdio(name: string, command: string, args: string[], env: Record<string, string>, options: McpConnectOptions): Promise<McpConnection> {
  const transport = new StdioClientTransport({ command, args, env, stderr: 'pipe' });
  // The server's last words, for an error that says why it stopped.
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  const client = newClient();
  try {
    await client.connect(transport, { timeout: options.timeoutMs, signal: options.signal });
  } catch (error) {
    await client.close().catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new McpServerError(`MCP server "${name}": command "${command}" was not found (is it installed and on the PATH of the Flowdesk server?)`, { cause: error });
    if (code === 'EACCES') throw new McpServerError(`MCP server "${name}": command "${command}" may not be run (permission denied)`, { cause: error });
    throw wordError(name, error, options.timeoutMs, stderr);
  }
  return connection(name, 'Stdio', client, options, () => stderr);
}

async function connectUrl(name: string, url: string, headers: Record<string, string>, options: McpConnectOptions): Promise<McpConnection> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new McpServerError(`MCP server "${name}": "${url}" is not a URL`);
  }
  const fetchVia = (init: RequestInit | undefined): RequestInit & { timeoutMs: number } => {
    const method = (init?.method ?? 'GET').toUpperCase();
    // A GET opens the server's event stream, open as long as the connection; a POST's answer (maybe a stream) is bounded by the request timeout.
    return { ...init, timeoutMs: method === 'GET' ? STREAM_LIFETIME_MS : options.timeoutMs + 5000 };
  };
  const fetch = (input: string | URL, init?: RequestInit) => options.http(input, fetchVia(init));
  const requestInit: RequestInit = { headers };

  const streamable = new StreamableHTTPClientTransport(target, { fetch, requestInit });
  let client = newClient();
  try {
    await client.connect(streamable, { timeout: options.timeoutMs, signal: options.signal });
    // Ending the session tells the server it may let go of it (Streamable HTTP's DELETE).
    return connection(name, 'Streamable_HTTP', client, options, undefined, () => streamable.terminateSession());
  } catch (error) {
    await client.close().catch(() => undefined);
    if (!fallsBackToSse(error)) throw wordError(name, error, options.timeoutMs);
  }
  // An older server: the HTTP+SSE transport of protocol version 2024-11-05.
  const sse: Transport = new SSEClientTransport(target, { fetch, requestInit });
  client = newClient();
  try {
    await client.connect(sse, { timeout: options.timeoutMs, signal: options.signal });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw wordError(name, error, options.timeoutMs);
  }
  return connection(name, 'SSE', client, options);
}

/** Whether a Streamable HTTP attempt failed the way a server that only speaks SSE makes it fail (a 4xx to the POST). */
function fallsBackToSse(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' && code >= 400 && code < 500 && code !== 401 && code !== 403;
}

function connection(name: string, mode: McpMode, client: Client, options: McpConnectOptions, stderr?: () => string, beforeClose?: () => Promise<void>): McpConnection {
  let closed: Promise<void> | undefined;
  const requestOptions = (signal?: AbortSignal) => {
    const signals = [options.signal, signal].filter((s): s is AbortSignal => s !== undefined);
    return { timeout: options.timeoutMs, signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0] };
  };
  return {
    mode,
    async tools() {
      const tools: McpToolInfo[] = [];
      let cursor: string | undefined;
      try {
        do {
          const page = await client.listTools(cursor ? { cursor } : undefined, requestOptions());
          for (const tool of page.tools) tools.push({ name: tool.name, description: tool.description ?? '', inputSchema: tool.inputSchema });
          cursor = page.nextCursor;
        } while (cursor);
      } catch (error) {
        throw wordError(name, error, options.timeoutMs, stderr?.());
      }
      return tools;
    },
    async call(tool, args, signal) {
      try {
        return (await client.callTool({ name: tool, arguments: args }, undefined, requestOptions(signal))) as CallToolResult;
      } catch (error) {
        throw wordError(name, error, options.timeoutMs, stderr?.(), tool);
      }
    },
    close() {
      closed ??= (async () => {
        await beforeClose?.().catch(() => undefined);
        await client.close().catch(() => undefined);
      })();
      return closed;
    },
  };
}

function wordError(name: string, error: unknown, timeoutMs: number, stderr?: string, tool?: string): Error {
  if (error instanceof McpServerError) return error;
  const what = tool ? `MCP server "${name}" (tool ${tool})` : `MCP server "${name}"`;
  const said = stderr?.trim() ? ` Its error output: ${stderr.trim().split('\n').slice(-5).join(' | ')}` : '';
  if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
    return new McpServerError(`${what} did not answer within ${formatSeconds(timeoutMs)} (raise Tool Execution Timeout, or LANGFLOW_MCP_SERVER_TIMEOUT for every MCP server).${said}`, { cause: error });
  }
  if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed) {
    return new McpServerError(`${what} closed the connection.${said}`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (code === 401 || code === 403) return new McpServerError(`${what} refused the credentials (HTTP ${code}): set its headers in Settings → MCP Servers.`, { cause: error });
  return new McpServerError(`${what}: ${message}${said}`, { cause: error });
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number(seconds.toFixed(2))} s`;
}

/**
 * Langflow's rows for a tool's answer (`process_output_item`): each content item as a record; a
 * text item whose text is a JSON object becomes that object, other JSON as `{text, parsed_value, type}`.
 */
export function toolResultRows(result: CallToolResult): Record<string, unknown>[] {
  return (result.content ?? []).map((item) => {
    const row: Record<string, unknown> = { annotations: null, meta: null, ...item };
    if ('_meta' in row) {
      row.meta = row._meta;
      delete row._meta;
    }
    if (item.type !== 'text') return row;
    try {
      const parsed: unknown = JSON.parse(item.text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      return { text: item.text, parsed_value: parsed, type: 'text' };
    } catch {
      return row;
    }
  });
}

/** A tool's answer as text for a model: the text items, other items as JSON; a tool error rejects. */
export function toolResultText(result: CallToolResult): string {
  const parts = (result.content ?? []).map((item) => (item.type === 'text' ? item.text : JSON.stringify(item)));
  if (parts.length === 0 && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent));
  return parts.join('\n');
}
