#!/usr/bin/env -S node --
// The `flowdesk` command. The program itself is TypeScript compiled to dist/ (`npm run build`).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/server/cli.js', import.meta.url);

if (!existsSync(cli)) {
  process.stderr.write('flowdesk: not built yet: run `npm run build` (or `npm install`) in the Flowdesk folder first\n');
  process.exit(1);
}

const { main } = await import(cli.href);
const code = await main(process.argv.slice(2));

// Let buffered output reach pipes before exiting (an exit right after a write can cut it off).
const flush = (stream) => new Promise((resolve) => stream.write('', resolve));
await Promise.all([flush(process.stdout), flush(process.stderr)]);
process.exit(code);
