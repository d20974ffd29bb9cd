// `npm start`: make sure the Electron binary is there (Easel's own message when it cannot be
// downloaded), build, then run the app. Arguments after `npm start --` go to Electron.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureElectronBinary, findElectronPackage } from './electron-binary.ts';

const root = path.resolve(import.meta.dirname, '..');

const pkg = findElectronPackage(import.meta.url);
if (pkg === undefined) {
  process.stderr.write('Easel cannot start: the electron package is not installed. Run npm install first.\n');
  process.exit(1);
}
const found = await ensureElectronBinary(pkg, process.env);
if ('message' in found) {
  process.stderr.write(found.message);
  process.exit(1);
}

const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.ts')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const app = spawn(found.binary, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.kill(signal));
app.on('close', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
