/**
 * Checks a packed app.asar: it must hold the built server, the Electron main process and preload,
 * the renderer and the production dependencies, and nothing else: no sources, no tests, no
 * devDependencies. Pure functions over the asar's file list, so they are easy to test.
 */

export interface PackageManifest {
  main?: string;
  dependencies?: Record<string, string>;
}

export interface LockFile {
  packages?: Record<string, { dev?: boolean; devOptional?: boolean }>;
}

export interface PackedApp {
  /** Paths inside the asar, as @electron/asar lists them: `/dist/main/main.js`. */
  files: readonly string[];
  /** The packed package.json. */
  manifest: PackageManifest;
}

export interface Expectations {
  /** The project's package.json (its dependencies must be packed). */
  manifest: PackageManifest;
  lock: LockFile;
  /** Built files that must be packed, as asar paths (every .js of dist/, the renderer's index.html). */
  builtFiles: readonly string[];
}

/** Top-level entries an app.asar may hold. */
const ALLOWED_ROOTS = ['/package.json', '/dist/', '/renderer/dist/', '/node_modules/'];
const REQUIRED = ['/dist/main/main.js', '/dist/main/preload.cjs', '/dist/main/server-entry.js', '/dist/server/cli/main.js', '/dist/server/start-server.js', '/renderer/dist/index.html'];

/** The package name of a lock-file location: `node_modules/a/node_modules/@s/b` → `@s/b`. */
export function packageNameOf(location: string): string | undefined {
  const at = location.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const rest = location.slice(at + 'node_modules/'.length).split('/');
  return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : rest[0];
}

/** Packages that only devDependencies need: every location of that name in the lock is dev. */
export function devOnlyPackages(lock: LockFile): Set<string> {
  const dev = new Set<string>();
  const prod = new Set<string>();
  for (const [location, entry] of Object.entries(lock.packages ?? {})) {
    const name = packageNameOf(location);
    if (!name) continue;
    (entry.dev ? dev : prod).add(name);
  }
  for (const name of prod) dev.delete(name);
  return dev;
}

/** Every package name present in the asar, at any depth. */
export function packedPackages(files: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    for (let i = 0; i < parts.length - 1; i++) {
      if (parts[i] !== 'node_modules') continue;
      const first = parts[i + 1];
      if (!first) continue;
      const name = first.startsWith('@') ? (parts[i + 2] ? `${first}/${parts[i + 2]}` : undefined) : first;
      if (name && !name.startsWith('.')) names.add(name);
    }
  }
  return names;
}

/** Problems with a packed app; empty when it is right. */
export function checkPackedApp(app: PackedApp, expected: Expectations): string[] {
  const problems: string[] = [];
  const files = new Set(app.files);

  if (app.manifest.main !== 'dist/main/main.js') problems.push(`package.json "main" is ${JSON.stringify(app.manifest.main)}, expected "dist/main/main.js"`);
  for (const file of REQUIRED) if (!files.has(file)) problems.push(`missing ${file}`);
  const missingBuilt = expected.builtFiles.filter((file) => !files.has(file));
  if (missingBuilt.length > 0) problems.push(`missing ${missingBuilt.length} built file(s), e.g. ${missingBuilt.slice(0, 3).join(', ')}`);

  const packed = packedPackages(app.files);
  for (const name of Object.keys(expected.manifest.dependencies ?? {})) {
    if (!files.has(`/node_modules/${name}/package.json`)) problems.push(`production dependency ${name} is not packed`);
  }
  const devOnly = devOnlyPackages(expected.lock);
  const leaked = [...packed].filter((name) => devOnly.has(name)).sort();
  if (leaked.length > 0) problems.push(`dev-only packages packed: ${leaked.join(', ')}`);

  const strays = app.files.filter((file) => {
    if (!ALLOWED_ROOTS.some((root) => file === root || file.startsWith(root) || root.startsWith(file + '/'))) return true;
    if (file.startsWith('/node_modules/')) return false;
    return /\.(c|m)?ts$/.test(file) && !file.endsWith('.d.ts') || file.startsWith('/dist/main/scripts/');
  });
  if (strays.length > 0) problems.push(`unexpected files: ${strays.slice(0, 5).join(', ')}${strays.length > 5 ? ` (+${strays.length - 5})` : ''}`);
  return problems;
}
