#!/usr/bin/env node
// The `easel` bin. The CLI is TypeScript that Node >= 24 runs natively (type stripping), so in a
// checkout (or `npm link`, which resolves to the checkout) we load the source directly: no build
// step between an edit and the command. Node refuses to strip types under node_modules, so an
// installed copy runs the bundled build (out/cli/easel.js) when the package ships one.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`easel needs Node.js 24 or later (this is ${process.version}).\n`);
  process.exit(1);
}
const bundle = fileURLToPath(new URL('../out/cli/easel.js', import.meta.url));
const source = fileURLToPath(new URL('../src-main/cli/main.ts', import.meta.url));
const underNodeModules = source.split(/[\\/]/).includes('node_modules');
await import(pathToFileURL(underNodeModules && existsSync(bundle) ? bundle : source).href);
