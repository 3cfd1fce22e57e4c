/** What the HTTP layer is given: use cases and settings, never stores or the engine's internals. */
import type { ComponentCatalog } from '../../shared/component-spec.js';
import type { Logger } from '../logger.js';
import type { ApiKeyService } from '../services/api-key-service.js';
import type { FlowService } from '../services/flow-service.js';
import type { MessageService } from '../services/message-service.js';
import type { RunService } from '../services/run-service-types.js';
import type { RunTracker } from '../services/run-tracker.js';
import type { VariableService } from '../services/variable-service.js';
import type { WebhookService } from '../services/webhook-service.js';

export interface AppDeps {
  flows: FlowService;
  runs: RunService;
  webhooks: WebhookService;
  messages: MessageService;
  variables: VariableService;
  apiKeys: ApiKeyService;
  tracker: RunTracker;
  catalog(): ComponentCatalog;
  healthCheck(): Promise<boolean>;
  version: string;
  backendOnly: boolean;
  maxBodyBytes: number;
  /** Largest accepted flow upload, in bytes. */
  maxUploadBytes: number;
  /** Folder of the built editor (`index.html` and assets), or null when it is not built. */
  editorDir: string | null;
  logger: Logger;
}
