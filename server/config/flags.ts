/**
 * The flags of `flowdesk run`, declared once: the parser, the env twins and the help text all
 * read this table, so they cannot drift apart.
 */
import { parseArgs } from 'node:util';
import { StartupError } from '../startup-error.js';

export interface RunFlag {
  /** Long name without dashes. */
  readonly name: string;
  /** The environment variable (or env-file key) that sets the same thing. */
  readonly env: string;
  readonly kind: 'string' | 'boolean';
  /** Placeholder in the help, e.g. `PORT`. */
  readonly placeholder?: string;
  readonly description: string;
}

export const RUN_FLAGS = [
  { name: 'host', env: 'FLOWDESK_HOST', kind: 'string', placeholder: 'HOST', description: 'Interface to listen on (0.0.0.0: every interface)' },
  { name: 'port', env: 'FLOWDESK_PORT', kind: 'string', placeholder: 'PORT', description: 'TCP port, 0 to 65535 (0 picks a free port)' },
  { name: 'backend-only', env: 'FLOWDESK_BACKEND_ONLY', kind: 'boolean', description: 'Serve only the API and /health, no editor (--no-backend-only: off)' },
  { name: 'data-dir', env: 'FLOWDESK_DATA_DIR', kind: 'string', placeholder: 'DIR', description: 'Where flows, messages, variables and API keys are kept (with --database-url: uploaded files and knowledge bases only)' },
  { name: 'database-url', env: 'FLOWDESK_DATABASE_URL', kind: 'string', placeholder: 'URL', description: 'Keep flows, messages, variables, keys and settings in PostgreSQL (postgres://user:pass@host:5432/db), shared by several servers' },
  { name: 'secret-key-file', env: 'FLOWDESK_SECRET_KEY_FILE', kind: 'string', placeholder: 'FILE', description: 'The credential key for --database-url (32 bytes in base64, as `openssl rand -base64 32` makes); or give the key itself in FLOWDESK_SECRET_KEY' },
  { name: 'queue-url', env: 'FLOWDESK_QUEUE_URL', kind: 'string', placeholder: 'URL', description: 'Put runs on a Redis queue (redis://host:6379) for `flowdesk worker` processes to run; needs --database-url' },
  { name: 'env-file', env: 'FLOWDESK_ENV_FILE', kind: 'string', placeholder: 'FILE', description: 'dotenv file of FLOWDESK_* settings and variables for components' },
  { name: 'log-level', env: 'FLOWDESK_LOG_LEVEL', kind: 'string', placeholder: 'LEVEL', description: 'debug, info, warn, error or silent' },
  { name: 'components-path', env: 'FLOWDESK_COMPONENTS_PATH', kind: 'string', placeholder: 'DIR', description: 'Extra folder of custom components (.js/.mjs)' },
  { name: 'max-body-size', env: 'FLOWDESK_MAX_BODY_SIZE', kind: 'string', placeholder: 'SIZE', description: 'Largest request body: bytes, or with a kb or mb suffix' },
  { name: 'max-upload-size', env: 'FLOWDESK_MAX_UPLOAD_SIZE', kind: 'string', placeholder: 'SIZE', description: 'Largest upload (flow import, files), like --max-body-size' },
  { name: 'require-api-key', env: 'FLOWDESK_REQUIRE_API_KEY', kind: 'boolean', description: 'Every API request needs an API key (x-api-key) or the editor\'s session' },
  { name: 'allow-unauthenticated', env: 'FLOWDESK_ALLOW_UNAUTHENTICATED', kind: 'boolean', description: 'Allow a non-loopback --host without API keys (unsafe: anyone who reaches it runs your flows)' },
  { name: 'allowed-hosts', env: 'FLOWDESK_ALLOWED_HOSTS', kind: 'string', placeholder: 'HOSTS', description: 'Extra Host header names to answer to, comma-separated (name or name:port)' },
  { name: 'allow-outbound', env: 'FLOWDESK_ALLOW_OUTBOUND', kind: 'string', placeholder: 'HOSTS', description: 'Loopback or private addresses components may reach on an exposed server, comma-separated (HOST or HOST:PORT)' },
  { name: 'cors-origins', env: 'FLOWDESK_CORS_ORIGINS', kind: 'string', placeholder: 'ORIGINS', description: 'Web origins allowed to call the API (CORS), comma-separated, e.g. https://app.example' },
  { name: 'max-concurrent-runs', env: 'FLOWDESK_MAX_CONCURRENT_RUNS', kind: 'string', placeholder: 'N', description: 'Runs in flight beyond this answer 429 with Retry-After' },
  { name: 'request-timeout', env: 'FLOWDESK_REQUEST_TIMEOUT', kind: 'string', placeholder: 'SECONDS', description: 'Time a client has to send a whole request; slower ones are cut off' },
  { name: 'run-timeout', env: 'FLOWDESK_RUN_TIMEOUT', kind: 'string', placeholder: 'SECONDS', description: 'A run still going after this is stopped (bounds every network call of a flow)' },
  { name: 'tweaks-policy', env: 'FLOWDESK_TWEAKS_POLICY', kind: 'string', placeholder: 'POLICY', description: 'What tweaks may set: permissive, declared (only a flow\'s API fields) or off' },
] as const satisfies readonly RunFlag[];

/** The flags of `flowdesk worker`: the store's, the queue's, what runs need, and its concurrency. */
export const WORKER_FLAGS = [
  ...RUN_FLAGS.filter((flag) => (['database-url', 'secret-key-file', 'queue-url', 'data-dir', 'env-file', 'log-level', 'components-path', 'allow-outbound'] as string[]).includes(flag.name)),
  { name: 'concurrency', env: 'FLOWDESK_WORKER_CONCURRENCY', kind: 'string', placeholder: 'N', description: 'Runs this worker executes at once' },
] as const satisfies readonly RunFlag[];

export type RunFlagName = (typeof RUN_FLAGS)[number]['name'] | 'concurrency';
export type RunFlagValues = Partial<Record<RunFlagName, string | boolean>>;

/** A command line that does not parse (unknown flag, missing value, stray argument): exit code 2. */
export class UsageError extends StartupError {
  constructor(message: string) {
    super('bad_config', message);
    this.name = 'UsageError';
  }
}

const HELP_FLAGS = ['--help', '-h'];

/** True when `--help` or `-h` comes before any `--`. */
export function hasHelpFlag(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (HELP_FLAGS.includes(arg)) return true;
  }
  return false;
}

/** Parses `flowdesk run`'s (or, given its table, `flowdesk worker`'s) arguments (the help flag excluded); throws UsageError. */
export function parseRunFlags(argv: readonly string[], table: readonly RunFlag[] = RUN_FLAGS, command = 'run'): RunFlagValues {
  const SEE_HELP = `(see 'flowdesk ${command} --help')`;
  const options = Object.fromEntries(table.map((flag) => [flag.name, { type: flag.kind }]));
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, allowNegative: true, tokens: true });
  const values: RunFlagValues = {};
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') throw new UsageError(`unexpected argument '${token.value}' ${SEE_HELP}`);
    const flag = table.find((candidate) => candidate.name === token.name);
    const negated = token.rawName.startsWith('--no-');
    if (!flag || !token.rawName.startsWith('--') || (negated && flag.kind !== 'boolean')) {
      throw new UsageError(`unknown option '${token.rawName}' ${SEE_HELP}`);
    }
    if (flag.kind === 'boolean') {
      if (token.value !== undefined) {
        throw new UsageError(`option '${token.rawName}' takes no value (set ${flag.env}=true|false, or use --no-${flag.name})`);
      }
      values[flag.name as RunFlagName] = !negated;
      continue;
    }
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))) {
      throw new UsageError(`option '--${flag.name}' needs a value: --${flag.name} ${flag.placeholder}`);
    }
    values[flag.name as RunFlagName] = token.value;
  }
  return values;
}
