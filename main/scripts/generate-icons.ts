/**
 * Writes the app icons electron-builder packs (build/ is its buildResources folder):
 *   build/icon.png            1024 px (macOS; electron-builder derives the .icns)
 *   build/icons/<N>x<N>.png   16 to 512 px (Linux hicolor sizes)
 *   build/icon.ico            16, 24, 32, 48, 64, 256 px (Windows)
 * Usage: node dist/main/scripts/generate-icons.js [project root]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeIco, encodePng } from './icon-formats.js';
import { drawIcon } from './icon-image.js';

const root = path.resolve(process.argv[2] ?? '.');
const build = path.join(root, 'build');
mkdirSync(path.join(build, 'icons'), { recursive: true });

writeFileSync(path.join(build, 'icon.png'), encodePng(drawIcon(1024)));
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  writeFileSync(path.join(build, 'icons', `${size}x${size}.png`), encodePng(drawIcon(size)));
}
writeFileSync(path.join(build, 'icon.ico'), encodeIco([16, 24, 32, 48, 64, 256].map(drawIcon)));
process.stdout.write(`icons written to ${build}\n`);
