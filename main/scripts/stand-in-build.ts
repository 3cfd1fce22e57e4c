/**
 * An offline electron-builder run: `--linux dir` against a stand-in Electron distribution (a folder
 * with a fake `electron` executable, through electron-builder's `electronDist` option), on a staged
 * copy of the project. Used by check-package.ts and test/main/package.test.ts.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface StandInBuild {
  /** The unpacked app: <out>/linux-unpacked. */
  appDir: string;
  asar: string;
  log: string;
}

/** A folder shaped like Electron's Linux zip: an `electron` executable, resources/, locales/, version. */
export function createStandInElectron(dir: string, version: string): string {
  mkdirSync(path.join(dir, 'resources'), { recursive: true });
  mkdirSync(path.join(dir, 'locales'), { recursive: true });
  writeFileSync(path.join(dir, 'electron'), '#!/bin/sh\necho "stand-in Electron: the real binary is not installed here" >&2\nexit 1\n');
  chmodSync(path.join(dir, 'electron'), 0o755);
  writeFileSync(path.join(dir, 'version'), version);
  writeFileSync(path.join(dir, 'LICENSE'), 'stand-in\n');
  writeFileSync(path.join(dir, 'locales', 'en-US.pak'), '');
  return dir;
}

/**
 * A copy of what electron-builder reads: package.json, the lock file, electron-builder.yml, build/,
 * dist/ and renderer/dist/ (a placeholder page when the renderer is not built and `stubRenderer`),
 * with node_modules linked, not copied.
 */
export function stageProject(projectDir: string, stageDir: string, options: { stubRenderer: boolean }): { rendererStubbed: boolean } {
  mkdirSync(stageDir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml']) cpSync(path.join(projectDir, file), path.join(stageDir, file));
  cpSync(path.join(projectDir, 'build'), path.join(stageDir, 'build'), { recursive: true });
  cpSync(path.join(projectDir, 'dist'), path.join(stageDir, 'dist'), { recursive: true });
  symlinkSync(path.join(projectDir, 'node_modules'), path.join(stageDir, 'node_modules'), 'dir');
  const renderer = path.join(projectDir, 'renderer', 'dist');
  if (existsSync(path.join(renderer, 'index.html'))) {
    cpSync(renderer, path.join(stageDir, 'renderer', 'dist'), { recursive: true });
    return { rendererStubbed: false };
  }
  if (!options.stubRenderer) throw new Error(`${renderer}/index.html is missing: build the renderer first`);
  mkdirSync(path.join(stageDir, 'renderer', 'dist'), { recursive: true });
  writeFileSync(path.join(stageDir, 'renderer', 'dist', 'index.html'), '<!doctype html><title>renderer placeholder</title>\n');
  return { rendererStubbed: true };
}

/** Runs the project's electron-builder CLI: `--linux dir --x64` with `electronDist` and the output folder set. */
export function buildWithStandIn(options: { projectDir: string; builderBin: string; electronDist: string; outDir: string }): Promise<StandInBuild> {
  const args = [
    '--linux', 'dir', '--x64',
    '--projectDir', options.projectDir,
    '--config', path.join(options.projectDir, 'electron-builder.yml'),
    `-c.electronDist=${options.electronDist}`,
    `-c.directories.output=${options.outDir}`,
    '--publish', 'never',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(options.builderBin, args, {
      cwd: options.projectDir,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const appDir = path.join(options.outDir, 'linux-unpacked');
      const asar = path.join(appDir, 'resources', 'app.asar');
      if (code !== 0 || !existsSync(asar)) reject(new Error(`electron-builder exited with ${code}:\n${log}`));
      else resolve({ appDir, asar, log });
    });
  });
}

export function electronVersion(projectDir: string): string {
  return (JSON.parse(readFileSync(path.join(projectDir, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
}
