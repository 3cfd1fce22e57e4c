/**
 * `flowdesk mcp [--url URL] [--project ID] [--api-key KEY] [--data-dir DIR]`: a stdio MCP server for
 * clients that launch a command (desktop assistants, editors), forwarding to a running Flowdesk's
 * MCP server over Streamable HTTP. Both ends are the official SDK's: a Server on stdin/stdout, a
 * Client on the HTTP side; tools are listed and called there, and its progress notifications are
 * relayed to the caller's progress token. Without `--url`, the server is the one running on the data
 * directory (its lock file holds the URL), and without `--api-key` the bridge sends that server's
 * local admin token (readable only by the data directory's owner). stdout carries MCP alone;
 * problems are one line on stderr.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
// The low-level Server: the bridge relays the other server's tools as they are, schemas included.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { commandDataDir } from '../config/paths.js';
import { VERSION } from '../package-info.js';
import { readAdminToken } from '../services/admin-token.js';
import { progressSent } from '../services/mcp-flow-tools.js';
import { lockHolderState, readLockInfo } from '../storage/data-dir-lock.js';
import { loopbackUrl } from './api-key.js';

export interface McpBridgeDeps {
  env: NodeJS.ProcessEnv;
  stderr: (text: string) => void;
}

/** A tool call may run as long as the server's default run timeout (15 min); progress resets the wait. */
const CALL_TIMEOUT_MS = 15 * 60_000;

export function formatMcpHelp(defaultDir: string): string {
  const option = (left: string, text: string) => `  ${left.padEnd(26)}${text}`;
  return [
    'Usage: flowdesk mcp [--url URL] [--project ID] [--api-key KEY] [--data-dir DIR]',
    '',
    "Speak MCP on stdin/stdout for clients that launch a command, relaying to a running Flowdesk's",
    'MCP server (its flows as tools). Put it in a client\'s "mcpServers" as {"command": "npx",',
    '"args": ["flowdesk", "mcp"]}.',
    '',
    'Options:',
    option('--url URL', 'The server (http://127.0.0.1:7861) or an MCP endpoint URL; default: the'),
    option('', 'server running on the data directory, found through its lock file'),
    option('--project ID', "Serve one project's flows (default: every flow)"),
    option('--api-key KEY', 'Send this key (env FLOWDESK_API_KEY); default with no --url: the'),
    option('', "running server's local admin token"),
    option('--data-dir DIR', `Where to look for the running server (env FLOWDESK_DATA_DIR, default ${defaultDir})`),
    option('-h, --help', 'Show this help'),
    '',
  ].join('\n');
}

/** Runs the bridge until stdin ends; returns the exit code (1 when no server can be reached, 2 for usage). */
export async function mcpBridgeCommand(argv: string[], deps: McpBridgeDeps): Promise<number> {
  let values: { url?: string; project?: string; 'api-key'?: string; 'data-dir'?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { url: { type: 'string' }, project: { type: 'string' }, 'api-key': { type: 'string' }, 'data-dir': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    deps.stderr(`flowdesk: ${(error as Error).message.split('\n')[0]} (see 'flowdesk mcp --help')\n`);
    return 2;
  }
  let client: Client;
  try {
    const target = await findServer(values, deps.env);
    client = new Client({ name: 'flowdesk-mcp-bridge', version: VERSION });
    const headers: Record<string, string> = target.apiKey ? { 'x-api-key': target.apiKey } : {};
    try {
      await client.connect(new StreamableHTTPClientTransport(target.endpoint, { requestInit: { headers } }));
    } catch (error) {
      throw new Error(`cannot reach the MCP server at ${target.endpoint.href}: ${(error as Error).message}`, { cause: error });
    }
  } catch (error) {
    deps.stderr(`flowdesk: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
  await relay(client);
  return 0;
}

/** Serves `client`'s tools on stdin/stdout until stdin ends. */
async function relay(client: Client): Promise<void> {
  const server = new Server({ name: 'flowdesk', version: VERSION }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, (request) => client.listTools(request.params));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const progressToken = request.params._meta?.progressToken;
    const sent: Promise<void>[] = [];
    const onprogress = (progress: { progress: number; total?: number; message?: string }) => {
      if (progressToken !== undefined) sent.push(extra.sendNotification({ method: 'notifications/progress', params: { ...progress, progressToken } }).catch(() => {}));
    };
    const result = await client.callTool(request.params, undefined, { signal: extra.signal, timeout: CALL_TIMEOUT_MS, resetTimeoutOnProgress: true, onprogress });
    await progressSent(sent);
    return result;
  });
  const ended = new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
    server.onclose = resolve;
  });
  await server.connect(new StdioServerTransport());
  await ended;
  await Promise.allSettled([server.close(), client.close()]);
}

interface Target {
  endpoint: URL;
  apiKey?: string;
}

/** The MCP endpoint to relay to, and the key to send. */
async function findServer(values: { url?: string; project?: string; 'api-key'?: string; 'data-dir'?: string }, env: NodeJS.ProcessEnv): Promise<Target> {
  const apiKey = values['api-key'] ?? (env.FLOWDESK_API_KEY || undefined);
  if (values.url !== undefined) {
    let url: URL;
    try {
      url = new URL(values.url);
    } catch (error) {
      throw new Error(`--url ${JSON.stringify(values.url)} is not a URL (e.g. http://127.0.0.1:7861)`, { cause: error });
    }
    return { endpoint: url.pathname.includes('/mcp/') ? url : mcpEndpoint(url.origin, values.project), ...(apiKey ? { apiKey } : {}) };
  }
  const dataDir = commandDataDir(values['data-dir'], env, { platform: process.platform, home: os.homedir(), cwd: process.cwd() });
  const lock = await readLockInfo(dataDir);
  if (!lock || lockHolderState(lock) === 'dead') throw new Error(`no Flowdesk server runs on data directory ${dataDir}: start one (flowdesk run, or the desktop app), or pass --url`);
  if (!lock.url) throw new Error(`the Flowdesk server on ${dataDir} (pid ${lock.pid}) does not listen yet: try again in a moment, or pass --url`);
  const key = apiKey ?? (await readAdminToken(dataDir));
  return { endpoint: mcpEndpoint(loopbackUrl(lock.url), values.project), ...(key ? { apiKey: key } : {}) };
}

function mcpEndpoint(origin: string, project: string | undefined): URL {
  return new URL(project === undefined ? '/api/v1/mcp/streamable' : `/api/v1/mcp/project/${encodeURIComponent(project)}/streamable`, origin);
}
