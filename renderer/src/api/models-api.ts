/** Model providers (`/api/v1/models/…`): each provider's key and base URL, enabled models, the default model. */
import type { DefaultModel, ModelProviderName, ProviderStatus } from '../../../shared/model-providers.js';

export type { ProviderStatus };
import { request } from './http.js';

export function listProviderSettings(): Promise<ProviderStatus[]> {
  return request('GET', '/api/v1/models/provider_settings');
}

/** `api_key`: a new key ("" or null removes it); `base_url`: "" for the provider's own. */
export function updateProvider(provider: ModelProviderName, body: { api_key?: string | null; base_url?: string }): Promise<ProviderStatus> {
  return request('PATCH', `/api/v1/models/provider_settings/${encodeURIComponent(provider)}`, { json: body });
}

export function setModelEnabled(provider: ModelProviderName, model: string, enabled: boolean): Promise<unknown> {
  return request('POST', '/api/v1/models/enabled_models', { json: [{ provider, model_id: model, enabled }] });
}

export async function getDefaultModel(): Promise<DefaultModel | null> {
  return (await request<{ default_model: DefaultModel | null }>('GET', '/api/v1/models/default_model?model_type=language')).default_model;
}

export async function setDefaultModel(provider: ModelProviderName, modelName: string): Promise<DefaultModel> {
  return (await request<{ default_model: DefaultModel }>('POST', '/api/v1/models/default_model', { json: { provider, model_name: modelName, model_type: 'language' } })).default_model;
}

export function clearDefaultModel(): Promise<unknown> {
  return request('DELETE', '/api/v1/models/default_model?model_type=language');
}
