/**
 * The run service and what it reads (components, variables, model settings, files, knowledge
 * bases, MCP servers), built from one configuration and store: by the server (start-server.ts) and
 * by a queue worker (queue/run-worker.ts), so that a queued run is executed exactly as a local one.
 */
import path from 'node:path';
import { builtinComponents } from './components/index.js';
import { knowledgeEmbeddingProbe } from './components/lib/knowledge-probe.js';
import { mcpServerProbe } from './components/lib/mcp-probe.js';
import type { ServerConfig } from './config/server-config.js';
import type { Registry } from './engine/define-component.js';
import { createRegistry } from './engine/registry.js';
import type { Logger } from './logger.js';
import type { ServerOutbound } from './start-outbound.js';
import { systemClock } from './services/clock.js';
import { loadCustomComponents } from './services/custom-components.js';
import { createFileService, type FileService } from './services/file-service.js';
import { createKnowledgeService, type KnowledgeService } from './services/knowledge-service.js';
import { createMcpServerService, type McpServerService } from './services/mcp-server-service.js';
import { createModelProviderService, type ModelProviderService } from './services/model-provider-service.js';
import { createRunService } from './services/run-service.js';
import type { RunService } from './services/run-service-types.js';
import { createVariableService, type VariableService } from './services/variable-service.js';
import type { Store } from './storage/types.js';

export interface RunParts {
  registry: Registry;
  /** Problems found loading custom components. */
  problems: string[];
  files: FileService;
  variables: VariableService;
  knowledge: KnowledgeService;
  models: ModelProviderService;
  mcpServers: McpServerService;
  runService: RunService;
}

export async function buildRunParts(
  config: ServerConfig,
  store: Store,
  logger: Logger,
  outbound: Pick<ServerOutbound, 'http' | 'connect'>,
  options: { messages?: Store['messages'] } = {},
): Promise<RunParts> {
  const { http } = outbound;
  const custom = await loadCustomComponents(
    [...(config.componentsPath ? [config.componentsPath] : []), path.join(config.dataDir, 'components')],
    new Set(builtinComponents.flatMap((c) => [c.type, ...(c.aliases ?? [])])),
  );
  if (custom.components.length > 0) logger.info(`custom components: ${custom.components.map((c) => c.type).join(', ')}`);
  const registry = createRegistry([...builtinComponents, ...custom.components]);
  const clock = systemClock;
  const files = createFileService({ dataDir: config.dataDir, clock });
  const variables = createVariableService({ variables: store.variables, clock });
  const knowledge = createKnowledgeService({
    dataDir: config.dataDir,
    clock,
    validateEmbeddings: knowledgeEmbeddingProbe({ variables: variables.access(config.env), env: config.env }),
  });
  const models = createModelProviderService({ settings: store.modelSettings, variables: store.variables, env: config.env, clock });
  const mcpServers = createMcpServerService({ store: store.mcpServers, probe: mcpServerProbe({ http, variables: variables.access(config.env), env: config.env }) });
  const runService = createRunService({
    flows: store.flows,
    messages: options.messages ?? store.messages,
    registry,
    variables: variables.access(config.env),
    models: models.access(),
    env: config.env,
    logger,
    http,
    files: files.access(),
    vectors: { ...knowledge.access(), connect: outbound.connect, serverDatabaseUrl: () => config.databaseUrl ?? undefined },
    mcp: mcpServers.access(),
    tweaksPolicy: config.tweaksPolicy,
  });
  return { registry, problems: custom.problems, files, variables, knowledge, models, mcpServers, runService };
}
