/** Composition root: store + registry + services + app, listening. Returns a handle to stop it. */
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createRequestListener } from './http/create-app.js';
import { createLogger, type Logger } from './logger.js';
import { PROJECT_ROOT, VERSION } from './package-info.js';
import type { ServerConfig } from './config/server-config.js';
import { createApiKeyService } from './services/api-key-service.js';
import { systemClock } from './services/clock.js';
import { createFlowService } from './services/flow-service.js';
import { createProjectService } from './services/project-service.js';
import { createMcpToolService, flowsOfProject } from './services/mcp-flow-tools.js';
import { createMessageService } from './services/message-service.js';
import { createRunLifecycle } from './services/run-lifecycle.js';
import type { StartedQueue } from './queue/start-queue.js';
import { buildRunParts } from './start-runs.js';
import { RunTracker } from './services/run-tracker.js';
import { seedStarterFlows } from './services/seed.js';
import { createWebhookService } from './services/webhook-service.js';
import type { RunningServer } from './start-server-types.js';
import { StartupError } from './startup-error.js';
import { IdleCollector } from './idle-gc.js';
import { openConfiguredStore } from './start-store.js';
import { answerClientErrorsInJson, clientTimeouts, prepareSecurity, type ServerSecurity } from './start-security.js';
import { prepareOutbound } from './start-outbound.js';
import { createSecretRedactor, redactingLogger } from './services/secret-redaction.js';

export type { RunningServer } from './start-server-types.js';

export async function startServer(config: ServerConfig, options: { logger?: Logger } = {}): Promise<RunningServer> {
  const redactor = createSecretRedactor(config.env);
  const logger = redactingLogger(options.logger ?? createLogger(config.logLevel), redactor.redact);
  const { store, database } = await openConfiguredStore(config, logger);
  let security: ServerSecurity | undefined;
  let queue: StartedQueue | undefined;
  try {
    security = await prepareSecurity(config, store, redactor);
    await seedStarterFlows(store, systemClock, logger);
    const clock = systemClock;
    const tracker = new RunTracker({ maxConcurrent: config.maxConcurrentRuns, runTimeoutMs: config.runTimeoutMs });
    const outbound = prepareOutbound(config, security.deps.settings);
    const { registry, problems, files, variables, knowledge, models, mcpServers, runService } = await buildRunParts(config, store, logger, outbound);
    const local = createRunLifecycle({ tracker, runs: runService });
    // The queue (BullMQ, ioredis) is loaded only when asked for: the default path has no Redis code.
    queue = config.queueUrl ? await (await import('./queue/start-queue.js')).startQueue(config, { runs: runService, tracker, logger }) : undefined;
    const runs = queue?.lifecycle ?? local;
    const catalog = registry.catalog();
    const editorDir = path.join(PROJECT_ROOT, 'renderer', 'dist');
    const flows = createFlowService({ flows: store.flows, projects: store.projects, messages: store.messages, registry, clock });
    const { listener, routes } = createRequestListener({
      flows,
      projects: createProjectService({ projects: store.projects, flows, clock }),
      runs,
      files,
      knowledge,
      mcpServers,
      mcpFlows: flowsOfProject(store.flows, store.projects),
      mcpTools: createMcpToolService(registry),
      webhooks: createWebhookService({ flows: store.flows, runs, logger }),
      messages: createMessageService(store.messages),
      variables,
      models,
      apiKeys: createApiKeyService({ apiKeys: store.apiKeys, clock }),
      catalog: () => catalog,
      healthCheck: () => store.healthCheck(),
      ...(database ? { databaseState: database.state } : {}),
      ...(queue ? { queueState: queue.state } : {}),
      version: VERSION,
      backendOnly: config.backendOnly,
      maxBodyBytes: config.maxBodyBytes,
      maxUploadBytes: config.maxUploadBytes,
      editorDir: existsSync(path.join(editorDir, 'index.html')) ? editorDir : null,
      logger,
      security: security.deps,
      tweaksPolicy: config.tweaksPolicy,
    });

    let received = 0;
    const server = http.createServer(clientTimeouts(config.requestTimeoutMs), (req, res) => {
      received++;
      listener(req, res);
    });
    answerClientErrorsInJson(server);
    const address = await listen(server, config.host, config.port);
    outbound.listening(address);
    security.deps.hosts.setPort(address.port);
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    await store.setLockInfo({ url });
    logger.info(`listening on ${url} (data: ${config.dataDir}${database ? `, database: ${database.where}` : ''}${queue ? `, queue: ${queue.where}` : ''})`);
    const idleCollector = IdleCollector.fromGlobal({ activity: () => received, working: () => tracker.size > 0 });
    idleCollector?.start();

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        idleCollector?.stop();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const { finished, cancelled } = await tracker.drain(config.shutdownGraceMs);
        if (finished + cancelled > 0) logger.info(`runs in flight at shutdown: ${finished} finished, ${cancelled} cancelled`);
        server.closeAllConnections();
        await stopped;
        await queue?.close();
        await outbound.close();
        await security?.close();
        await store.close();
      })();
      return closing;
    };
    const { signInUrl, warnings } = security;
    return {
      url,
      host: address.address,
      port: address.port,
      dataDir: config.dataDir,
      ...(database ? { database: database.where } : {}),
      warnings: [...store.warnings, ...warnings, ...problems],
      apiKeyRequired: () => security?.deps.settings.apiKeyRequired() ?? true,
      signInUrl: () => signInUrl(url),
      routes: () => routes,
      close,
    };
  } catch (err) {
    await queue?.close();
    await security?.close();
    await store.close();
    throw err;
  }
}

/**
 * Connections the kernel may hold for the server before it accepts them (capped by the kernel's
 * `net.core.somaxconn`, 4096 on current Linux). Node's default, 511, overflows when thousands of
 * clients connect at once while the event loop is busy (issue 18: 2,000 streamed conversations
 * opened together): the kernel then drops or resets the surplus, which shows as connection resets
 * and as SYN retransmissions adding whole seconds to the time to first token.
 */
export const LISTEN_BACKLOG = 4096;

function listen(server: http.Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new StartupError('port_in_use', `Port ${port} on ${host} is already in use by another program (is Flowdesk already running?). Stop it or pick another port with --port.`));
      else if (err.code === 'EACCES') reject(new StartupError('port_in_use', `Not allowed to listen on ${host}:${port} (${err.code}). Pick a port above 1023 with --port.`));
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') reject(new StartupError('bad_config', `Cannot listen on ${host}: no such address on this machine.`));
      else reject(new StartupError('bad_config', `Cannot listen on ${host}:${port}: ${err.message}`));
    };
    server.once('error', onError);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}
