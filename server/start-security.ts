/**
 * The security half of the composition root: decides whether API keys are required, refuses a
 * non-loopback host with no key to check, writes the local admin token, and builds what the HTTP
 * layer needs to tell callers apart. `start-server.ts` calls it once the data directory is open.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { SecurityDeps } from './http/app-deps.js';
import { HostPolicy, isLoopbackHost } from './http/host-policy.js';
import type { ServerConfig } from './config/server-config.js';
import { AdminToken } from './services/admin-token.js';
import type { SecretRedactor } from './services/secret-redaction.js';
import { createSessionService } from './services/session-service.js';
import { createSettingsService, type KeysForcedBy } from './services/settings-service.js';
import { StartupError } from './startup-error.js';
import type { Store } from './storage/types.js';

export interface ServerSecurity {
  deps: SecurityDeps;
  /** Problems worth a line at startup (keys off on a public address, …). */
  warnings: string[];
  /** A one-time link that signs a browser into the editor (`base` is the server's URL). */
  signInUrl(base: string): string;
  /** Deletes the admin token file. */
  close(): Promise<void>;
}

export async function prepareSecurity(
  config: ServerConfig,
  store: Pick<Store, 'dataDir' | 'apiKeys' | 'variables' | 'getMeta' | 'setMeta'>,
  redactor: SecretRedactor,
): Promise<ServerSecurity> {
  redactor.watch(() => store.variables.list().filter((v) => v.type === 'Credential').map((v) => v.value));
  const warnings: string[] = [];
  const loopback = isLoopbackHost(config.host);
  const forcedBy: KeysForcedBy = config.requireApiKey ? 'flag' : !loopback && !config.allowUnauthenticated ? 'host' : null;
  if (!loopback && !config.allowUnauthenticated && store.apiKeys.list().length === 0) {
    throw new StartupError(
      'bad_config',
      `Refusing to listen on ${config.host} (reachable from other machines) with no API key to check: ` +
        `create one first with \`flowdesk api-key --data-dir ${quoteArg(config.dataDir)}\` (it prints the key once) and start again, ` +
        'or pass --allow-unauthenticated to serve without keys (unsafe).',
    );
  }
  if (!loopback && config.allowUnauthenticated && !config.requireApiKey) {
    warnings.push(`Listening on ${config.host} without requiring API keys (--allow-unauthenticated): anyone who can reach this address can run your flows and read your data.`);
  }
  const settings = createSettingsService({ getMeta: () => store.getMeta(), setMeta: (meta) => store.setMeta(meta), forcedBy });
  const sessions = createSessionService();
  const adminToken = await AdminToken.create(store.dataDir);
  const hosts = new HostPolicy(config.host, config.allowedHosts);
  return {
    deps: { hosts, corsOrigins: config.corsOrigins, sessions, settings, adminToken, redact: redactor.redact },
    warnings,
    signInUrl: (base) => `${browsableBase(base)}/?token=${sessions.issueSignInToken({ strong: true })}`,
    close: () => adminToken.remove().catch(() => undefined),
  };
}

/** Timeouts for slow or stalled clients, from `--request-timeout`. */
export function clientTimeouts(requestTimeoutMs: number): { requestTimeout: number; headersTimeout: number; keepAliveTimeout: number; connectionsCheckingInterval: number } {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(requestTimeoutMs, 20_000),
    keepAliveTimeout: 5_000,
    // How often Node looks for expired requests: often enough that a stalled client goes in time.
    connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(requestTimeoutMs / 4))),
  };
}

/** Answers what Node's HTTP parser rejects (malformed requests, header floods, timeouts) in JSON too. */
export function answerClientErrorsInJson(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable || (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, reason, detail] =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request was not received in time']
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'Request Header Fields Too Large', 'Request headers are too large']
          : [400, 'Bad Request', 'Malformed HTTP request'];
    const body = JSON.stringify({ detail });
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}

/** The server's URL as a browser on this machine should open it: a wildcard address becomes loopback. */
function browsableBase(base: string): string {
  const url = new URL(base);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  if (url.hostname === '[::]') url.hostname = '[::1]';
  return url.origin;
}

function quoteArg(value: string): string {
  return /^[\w./:@-]+$/.test(value) ? value : `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
}
