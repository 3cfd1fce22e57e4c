/** Provider defaults, apart from the provider clients so that reading them loads no SDK. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;
export const OLLAMA_DEFAULT_BASE_URL = 'http://localhost:11434';
export const GOOGLE_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';
