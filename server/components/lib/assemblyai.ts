/**
 * AssemblyAI's REST API as the two AssemblyAI components use it (the key in the `Authorization`
 * header, no scheme). The `assemblyai` npm SDK calls the global fetch and takes no custom one, so
 * the components call the documented API through lib/web-service.ts instead.
 */
import type { WebService } from './web-service.js';

export const ASSEMBLYAI: WebService = { name: 'AssemblyAI', baseUrl: 'https://api.assemblyai.com', baseUrlEnv: 'ASSEMBLYAI_BASE_URL', keyVariable: 'ASSEMBLYAI_API_KEY' };

/** The key field as Langflow's AssemblyAI components declare it. */
export const ASSEMBLYAI_KEY_FIELD = {
  name: 'api_key',
  display_name: 'Assembly API Key',
  kind: 'secret',
  load_from_db: true,
  default: '',
  required: true,
  info: 'Your AssemblyAI API key. You can get one from https://www.assemblyai.com/ (empty: the ASSEMBLYAI_API_KEY variable).',
} as const;
