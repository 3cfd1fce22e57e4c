/** The help texts of the `flowdesk` command, built from the flag table. */
import { DEFAULT_TWEAKS_POLICY } from '../../shared/tweak-policy.js';
import { RUN_FLAGS, WORKER_FLAGS, type RunFlag, type RunFlagName } from './flags.js';
import { DEFAULT_HOST, DEFAULT_MAX_CONCURRENT_RUNS, DEFAULT_PORT, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_RUN_TIMEOUT_MS, DEFAULT_WORKER_CONCURRENCY } from './server-config.js';

export function formatMainHelp(): string {
  return [
    'Usage: flowdesk <command> [options]',
    '',
    'Build LLM flows visually and serve them as Langflow-compatible HTTP endpoints.',
    '',
    'Commands:',
    '  desktop          Open the desktop app (needs Electron); the default with no command',
    '  run              Start the server (API, /health and the editor) in this terminal',
    '  start            What `npm start` runs: `run` with --backend-only, else `desktop`',
    '  api-key          Create an API key and print it once (works while a server runs)',
    "  mcp              Speak MCP on stdin/stdout, relaying to a running server's flows as tools",
    '  worker           Execute queued runs (for servers started with --queue-url)',
    '  migrate          Copy a data directory into a PostgreSQL database (for run --database-url)',
    '  help [command]   Show this help, or the help of a command',
    '',
    'Options:',
    '  -h, --help       Show this help',
    '  -v, --version    Print the version',
    '',
    "Run 'flowdesk run --help' for the server's options.",
    '',
  ].join('\n');
}

/** `defaultDataDir` is shown as is: the caller computes it for this machine. */
export function formatRunHelp(defaultDataDir: string): string {
  const defaults: Record<RunFlagName, string> = {
    host: DEFAULT_HOST,
    port: String(DEFAULT_PORT),
    'backend-only': 'false',
    'data-dir': defaultDataDir,
    'env-file': 'none',
    'database-url': 'none (the data directory)',
    'queue-url': 'none (runs in this process)',
    concurrency: '4',
    'secret-key-file': 'none (required with --database-url unless FLOWDESK_SECRET_KEY is set)',
    'log-level': 'info',
    'components-path': 'none',
    'max-body-size': '10mb',
    'max-upload-size': '50mb',
    'require-api-key': 'false (true when --host is not loopback)',
    'allow-unauthenticated': 'false',
    'allowed-hosts': 'none',
    'allow-outbound': 'none (public addresses only when keys are required; on a loopback server all but its own address)',
    'cors-origins': 'none (CORS off)',
    'max-concurrent-runs': String(DEFAULT_MAX_CONCURRENT_RUNS),
    'request-timeout': String(DEFAULT_REQUEST_TIMEOUT_MS / 1000),
    'run-timeout': String(DEFAULT_RUN_TIMEOUT_MS / 1000),
    'tweaks-policy': DEFAULT_TWEAKS_POLICY,
  };
  const lines = [
    'Usage: flowdesk run [options]',
    '',
    'Start the Flowdesk server: the Langflow-compatible API under /api/v1/, /health and, unless',
    '--backend-only, the editor at /. Stop it with Ctrl+C (SIGINT) or SIGTERM.',
    '',
    'Options:',
  ];
  return lines.join('\n') + flagLines(RUN_FLAGS, defaults);
}

/** `flowdesk worker --help`. */
export function formatWorkerHelp(defaultDataDir: string): string {
  const lines = [
    'Usage: flowdesk worker --database-url URL --queue-url URL [options]',
    '',
    'Execute the runs that `flowdesk run --queue-url` servers put on the Redis queue, with the flows,',
    'variables and messages of the same PostgreSQL database. Stop it with Ctrl+C (SIGINT) or SIGTERM:',
    'it finishes the runs it holds first.',
    '',
    'Options:',
  ];
  const defaults: Partial<Record<RunFlagName, string>> = {
    'database-url': 'none (required)',
    'queue-url': 'none (required)',
    'secret-key-file': 'none (required unless FLOWDESK_SECRET_KEY is set)',
    'data-dir': `${defaultDataDir} (uploaded files and knowledge bases)`,
    'env-file': 'none',
    'log-level': 'info',
    'components-path': 'none',
    'allow-outbound': 'none (components reach public addresses only)',
    concurrency: String(DEFAULT_WORKER_CONCURRENCY),
  };
  return lines.join('\n') + flagLines(WORKER_FLAGS, defaults);
}

function flagLines(table: readonly RunFlag[], defaults: Partial<Record<RunFlagName, string>>): string {
  const lines = [''];
  for (const flag of table) {
    const left = 'placeholder' in flag ? `--${flag.name} ${flag.placeholder}` : `--${flag.name}`;
    lines.push(`  ${left.padEnd(26)}${flag.description}`);
    lines.push(`  ${''.padEnd(26)}env ${flag.env}, default ${defaults[flag.name as RunFlagName] ?? 'none'}`);
  }
  lines.push(`  ${'-h, --help'.padEnd(26)}Show this help`);
  lines.push(
    '',
    'Precedence: flags, then the env file, then the process environment, then the defaults.',
    'Boolean variables accept 1/true/yes/on and 0/false/no/off. The env file (KEY=value lines,',
    'quotes, # comments, "export " prefixes) also adds to the environment components see.',
    '',
  );
  return lines.join('\n');
}
