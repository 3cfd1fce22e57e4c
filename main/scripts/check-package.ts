/**
 * Builds the Linux app offline (`electron-builder --linux dir` against a stand-in Electron) from a
 * staged copy of the project and checks its app.asar: server, main, preload, renderer and
 * production dependencies in; sources, tests and devDependencies out. Exit 1 on any problem.
 * Usage: node dist/main/scripts/check-package.js [--project DIR] [--stub-renderer] [--keep]
 * Needs `npm run build` and the renderer build first (or --stub-renderer, to check only the config).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkPackedApp, type LockFile, type PackageManifest } from './package-check.js';
import { buildWithStandIn, createStandInElectron, electronVersion, stageProject } from './stand-in-build.js';

interface Asar {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, file: string): Buffer;
}

/** Asar paths of the built files that must be packed: every .js under dist/ (but the scripts) and the renderer. */
export function builtFiles(stageDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push('/' + path.relative(stageDir, full).split(path.sep).join('/'));
    }
  };
  for (const part of ['server', 'shared', 'main']) walk(path.join(stageDir, 'dist', part));
  walk(path.join(stageDir, 'renderer', 'dist'));
  return out.filter((file) => !file.startsWith('/dist/main/scripts/') && !file.endsWith('.map'));
}

export interface CheckResult {
  problems: string[];
  rendererStubbed: boolean;
  files: string[];
  log: string;
}

export async function checkPackage(projectDir: string, options: { stubRenderer: boolean; keep?: boolean }): Promise<CheckResult> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'flowdesk-package-'));
  try {
    const stage = path.join(work, 'project');
    const { rendererStubbed } = stageProject(projectDir, stage, { stubRenderer: options.stubRenderer });
    const electronDist = createStandInElectron(path.join(work, 'electron-dist'), electronVersion(projectDir));
    const build = await buildWithStandIn({
      projectDir: stage,
      builderBin: path.join(projectDir, 'node_modules', '.bin', 'electron-builder'),
      electronDist,
      outDir: path.join(work, 'release'),
    });
    const asar = createRequire(path.join(projectDir, 'package.json'))('@electron/asar') as Asar;
    const files = asar.listPackage(build.asar, { isPack: false }).map((file) => file.split(path.sep).join('/'));
    const packedManifest = JSON.parse(asar.extractFile(build.asar, 'package.json').toString('utf8')) as PackageManifest;
    const problems = checkPackedApp(
      { files, manifest: packedManifest },
      {
        manifest: JSON.parse(readFileSync(path.join(stage, 'package.json'), 'utf8')) as PackageManifest,
        lock: JSON.parse(readFileSync(path.join(stage, 'package-lock.json'), 'utf8')) as LockFile,
        builtFiles: builtFiles(stage),
      },
    );
    const executable = readdirSync(build.appDir);
    if (!executable.includes('flowdesk')) problems.push(`no 'flowdesk' executable in ${build.appDir} (found ${executable.join(', ')})`);
    if (executable.includes('resources') && readdirSync(path.join(build.appDir, 'resources')).includes('app.asar.unpacked')) {
      problems.push('app.asar.unpacked exists: nothing should need unpacking');
    }
    return { problems, rendererStubbed, files, log: build.log };
  } finally {
    if (options.keep) process.stderr.write(`kept ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({ options: { project: { type: 'string' }, 'stub-renderer': { type: 'boolean' }, keep: { type: 'boolean' } } });
  const result = await checkPackage(path.resolve(values.project ?? '.'), { stubRenderer: values['stub-renderer'] ?? false, keep: values.keep ?? false });
  if (result.rendererStubbed) process.stdout.write('note: renderer/dist is not built; a placeholder page was packed\n');
  if (result.problems.length > 0) {
    for (const problem of result.problems) process.stderr.write(`package check: ${problem}\n`);
    process.exit(1);
  }
  process.stdout.write(`package check: app.asar is right (${result.files.length} entries)\n`);
}
