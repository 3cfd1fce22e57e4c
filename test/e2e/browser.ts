/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), and the built editor.
 * Tests skip when Chromium is missing on a developer machine; on CI (`CI` set) that is an error.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { REPO_ROOT } from '../support/spawn-server.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
const EDITOR_INDEX = path.join(REPO_ROOT, 'renderer', 'dist', 'index.html');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether the browser suite can run here; throws on CI when Chromium is missing. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: install it with apt-get install -y chromium`);
  console.warn(`skipping the browser tests: ${CHROMIUM} is missing (apt-get install -y chromium)`);
  return false;
}

/** Builds the editor when `npm run build` has not (the server serves renderer/dist). */
export async function ensureEditorBuilt(): Promise<void> {
  if (existsSync(EDITOR_INDEX)) return;
  await promisify(execFile)(path.join(REPO_ROOT, 'node_modules', '.bin', 'vite'), ['build', 'renderer', '--logLevel', 'warn'], { cwd: REPO_ROOT });
}

export async function launch(): Promise<Browser> {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Routes the editor probes for and falls back from while the server lacks them (see the editor's
 * api/live-run.ts, api/starters.ts): their 404/405 is expected, not an error.
 */
const PROBED_ROUTES = ['/api/v1/editor/run/', '/api/v1/starter-projects/'];

/** Collects console errors and uncaught exceptions of a page. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const url = message.location().url ?? '';
    if (message.text().startsWith('Failed to load resource') && PROBED_ROUTES.some((route) => url.includes(route))) return;
    errors.push(`${message.text()} (${url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}
