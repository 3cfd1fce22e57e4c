/**
 * electron-builder.yml, validated offline: a real `electron-builder --linux dir` run against a
 * stand-in Electron distribution, then the packed app.asar is checked (main/scripts/check-package.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../main/scripts/check-package.js';
import { checkPackedApp, devOnlyPackages, packageNameOf, packedPackages, type Expectations } from '../../main/scripts/package-check.js';
import { REPO_ROOT } from '../support/spawn-server.js';
import { assertMainBuilt } from './support/built-main.js';

describe('package checks (on file lists)', () => {
  const lock = {
    packages: {
      '': {},
      'node_modules/koa': {},
      'node_modules/vitest': { dev: true },
      'node_modules/@types/node': { dev: true },
      'node_modules/ms': {},
      'node_modules/vitest/node_modules/ms': { dev: true },
    },
  };
  const good = [
    '/package.json', '/dist', '/dist/main', '/dist/main/main.js', '/dist/main/preload.cjs', '/dist/main/server-entry.js',
    '/dist/server', '/dist/server/cli/main.js', '/dist/server/start-server.js', '/renderer', '/renderer/dist', '/renderer/dist/index.html',
    '/node_modules', '/node_modules/koa', '/node_modules/koa/package.json', '/node_modules/koa/index.d.ts',
  ];
  const expected: Expectations = { manifest: { dependencies: { koa: '3.3.0' } }, lock, builtFiles: ['/dist/server/cli/main.js'] };

  it('knows package names and which are dev-only', () => {
    expect(packageNameOf('node_modules/a/node_modules/@s/b')).toBe('@s/b');
    expect(devOnlyPackages(lock)).toEqual(new Set(['vitest', '@types/node']));
    expect(packedPackages(['/node_modules/@types/node/x.d.ts', '/node_modules/a/node_modules/b/i.js'])).toEqual(new Set(['@types/node', 'a', 'b']));
  });

  it('passes a right app and names each kind of problem', () => {
    expect(checkPackedApp({ files: good, manifest: { main: 'dist/main/main.js' } }, expected)).toEqual([]);
    const bad = [...good.filter((file) => !file.startsWith('/renderer') && !file.startsWith('/node_modules/koa')), '/node_modules/vitest/index.js', '/main/main.ts', '/test/x.test.ts'];
    expect(checkPackedApp({ files: bad, manifest: {} }, expected)).toEqual([
      'package.json "main" is undefined, expected "dist/main/main.js"',
      'missing /renderer/dist/index.html',
      'production dependency koa is not packed',
      'dev-only packages packed: vitest',
      'unexpected files: /main/main.ts, /test/x.test.ts',
    ]);
  });
});

describe('electron-builder --linux dir against a stand-in Electron', () => {
  it('packs the server, main, preload, renderer and production deps, and no dev-only packages', { timeout: 120_000 }, async () => {
    assertMainBuilt();
    const result = await checkPackage(REPO_ROOT, { stubRenderer: true });
    if (result.rendererStubbed) console.info('renderer/dist is not built: packed a placeholder page to check the configuration');
    expect(result.problems, result.log).toEqual([]);
    expect(result.files).toContain('/dist/main/server-entry.js');
    expect(result.files).toContain('/renderer/dist/index.html');
    expect(result.files).toContain('/node_modules/koa/package.json');
    expect(result.files.some((file) => file.includes('/node_modules/electron/'))).toBe(false);
  });
});
