/** A leveled logger writing one line per entry. Never pass secrets to it. */
import type { LogLevel } from './config/server-config.js';

export interface Logger {
  /** Whether a line of that level would be written: callers skip building costly lines when not. */
  enabled?(level: Exclude<LogLevel, 'silent'>): boolean;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const min = RANK[level];
  const at = (lvl: Exclude<LogLevel, 'silent'>) => (message: string) => {
    if (RANK[lvl] >= min) write(`${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} ${message}`);
  };
  return { enabled: (lvl) => RANK[lvl] >= min, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = createLogger('silent');
