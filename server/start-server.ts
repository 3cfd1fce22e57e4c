/** Composition root: store + registry + services + app, listening. Returns a handle to stop it. */
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { builtinComponents } from './components/index.js';
import { createRegistry } from './engine/registry.js';
import { createApp } from './http/create-app.js';
import { createLogger, type Logger } from './logger.js';
import { PROJECT_ROOT, VERSION } from './package-info.js';
import type { ServerConfig } from './server-config.js';
import { createApiKeyService } from './services/api-key-service.js';
import { systemClock } from './services/clock.js';
import { createFlowService } from './services/flow-service.js';
import { createMessageService } from './services/message-service.js';
import { createRunService } from './services/run-service.js';
import { RunTracker } from './services/run-tracker.js';
import { seedStarterFlows } from './services/seed.js';
import { createVariableService } from './services/variable-service.js';
import { createWebhookService } from './services/webhook-service.js';
import type { RunningServer } from './start-server-types.js';
import { StartupError } from './startup-error.js';
import { openStore } from './storage/open-store.js';

export type { RunningServer } from './start-server-types.js';

/** Largest flow upload: flows with embedded documents can be big. */
const UPLOAD_FACTOR = 5;

export async function startServer(config: ServerConfig, options: { logger?: Logger } = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = await openStore(config.dataDir, { logger });
  try {
    const registry = createRegistry(builtinComponents);
    await seedStarterFlows(store, systemClock, logger);

    const clock = systemClock;
    const tracker = new RunTracker();
    const variables = createVariableService({ variables: store.variables, clock });
    const runs = createRunService({
      flows: store.flows,
      messages: store.messages,
      registry,
      variables: variables.access(config.env),
      env: config.env,
      logger,
    });
    const catalog = registry.catalog();
    const editorDir = path.join(PROJECT_ROOT, 'renderer', 'dist');
    const app = createApp({
      flows: createFlowService({ flows: store.flows, messages: store.messages, registry, clock }),
      runs,
      webhooks: createWebhookService({ flows: store.flows, runs, tracker, logger }),
      messages: createMessageService(store.messages),
      variables,
      apiKeys: createApiKeyService({ apiKeys: store.apiKeys, clock }),
      tracker,
      catalog: () => catalog,
      healthCheck: () => store.healthCheck(),
      version: VERSION,
      backendOnly: config.backendOnly,
      maxBodyBytes: config.maxBodyBytes,
      maxUploadBytes: config.maxBodyBytes * UPLOAD_FACTOR,
      editorDir: existsSync(path.join(editorDir, 'index.html')) ? editorDir : null,
      logger,
    });

    const server = http.createServer({ keepAliveTimeout: 5_000, headersTimeout: 30_000, requestTimeout: 5 * 60_000 }, app.callback());
    const address = await listen(server, config.host, config.port);
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    await store.setLockInfo({ url });
    logger.info(`listening on ${url} (data: ${config.dataDir})`);

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const { finished, cancelled } = await tracker.drain(config.shutdownGraceMs);
        if (finished + cancelled > 0) logger.info(`runs in flight at shutdown: ${finished} finished, ${cancelled} cancelled`);
        server.closeAllConnections();
        await stopped;
        await store.close();
      })();
      return closing;
    };
    return { url, host: address.address, port: address.port, dataDir: config.dataDir, warnings: [...store.warnings], close };
  } catch (err) {
    await store.close();
    throw err;
  }
}

function listen(server: http.Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new StartupError('port_in_use', `Port ${port} on ${host} is already in use by another program (is Flowdesk already running?). Stop it or pick another port with --port.`));
      else if (err.code === 'EACCES') reject(new StartupError('port_in_use', `Not allowed to listen on ${host}:${port} (${err.code}). Pick a port above 1023 with --port.`));
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') reject(new StartupError('bad_config', `Cannot listen on ${host}: no such address on this machine.`));
      else reject(new StartupError('bad_config', `Cannot listen on ${host}:${port}: ${err.message}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}
