/**
 * The compiled main/ (dist/main), which the server-spawning tests run: the server program the
 * supervisor forks must be plain JavaScript. `npm run build` compiles it (tsconfig.main.json);
 * this fails early, with what to do, when it is missing or older than its sources.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../support/spawn-server.js';

export const MAIN_SRC = path.join(REPO_ROOT, 'main');
export const MAIN_DIST = path.join(REPO_ROOT, 'dist', 'main');
export const SERVER_ENTRY = path.join(MAIN_DIST, 'server-entry.js');
export const PRELOAD = path.join(MAIN_DIST, 'preload.cjs');

function compiledName(file: string): string | undefined {
  if (file.endsWith('.cts')) return file.slice(0, -4) + '.cjs';
  if (file.endsWith('.ts') && !file.endsWith('.d.ts')) return file.slice(0, -3) + '.js';
  return undefined;
}

/** Throws unless every main/**.ts has a compiled file in dist/main at least as new. */
export function assertMainBuilt(): void {
  const stale: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const source = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(source);
        continue;
      }
      const compiled = compiledName(entry.name);
      if (!compiled) continue;
      const output = path.join(MAIN_DIST, path.relative(MAIN_SRC, dir), compiled);
      if (!existsSync(output) || statSync(output).mtimeMs + 1 < statSync(source).mtimeMs) stale.push(path.relative(REPO_ROOT, source));
    }
  };
  walk(MAIN_SRC);
  if (stale.length > 0) {
    throw new Error(
      `dist/main is missing or older than ${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''}: ` +
        'run `npm run build` (which must include `tsc -p tsconfig.main.json`) before these tests',
    );
  }
}
