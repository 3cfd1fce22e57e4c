#!/usr/bin/env -S node --max-semi-space-size=4 --expose-gc --
// The `flowdesk` command. The program itself is TypeScript compiled to dist/ (`npm run build`).
//   flowdesk run [flags]      the server in plain Node (with --backend-only: the API only)
//   flowdesk [desktop] [...]  the desktop app, where Electron is installed
//   flowdesk start [...]      what `npm start` runs: `run` with --backend-only, else the desktop app
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';

const dist = (file) => new URL(`../dist/${file}`, import.meta.url);

function requireBuilt(file) {
  if (existsSync(dist(file))) return;
  process.stderr.write('flowdesk: not built yet: run `npm run build` (or `npm install`) in the Flowdesk folder first\n');
  process.exit(1);
}

// Let buffered output reach pipes before exiting (an exit right after a write can cut it off).
async function exit(code) {
  const flush = (stream) => new Promise((resolve) => stream.write('', resolve));
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}

async function runCli(argv) {
  requireBuilt('server/cli/main.js');
  const { main } = await import(dist('server/cli/main.js').href);
  return main(argv);
}

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];

/** Opens the desktop app; without Electron, says how to get it and offers the editor in a browser. */
async function runDesktop(args) {
  requireBuilt('main/desktop-launcher.js');
  const { findElectron, launchDesktop, electronMissingHelp } = await import(dist('main/desktop-launcher.js').href);
  const found = findElectron();
  if (found.ok) return launchDesktop(found.path, args);
  process.stderr.write(electronMissingHelp(found.reason));
  if (!process.stdin.isTTY || !process.stdout.isTTY) return 1;
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = (await prompt.question('Serve the editor for your browser instead? [Y/n] ')).trim().toLowerCase();
  prompt.close();
  if (answer !== '' && !answer.startsWith('y')) return 1;
  return runCli(['run', ...args.filter((a) => a !== '--backend-only')]);
}

const [command, ...rest] = process.argv.slice(2);
let code;
if (command === undefined || command === 'desktop') {
  code = await runDesktop(rest);
} else if (command === 'start') {
  const headless = rest.includes('--backend-only') || TRUE_WORDS.includes((process.env.FLOWDESK_BACKEND_ONLY ?? '').toLowerCase());
  code = headless ? await runCli(['run', ...rest]) : await runDesktop(rest);
} else {
  code = await runCli(process.argv.slice(2));
}
await exit(code);
