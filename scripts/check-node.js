#!/usr/bin/env node
// Runs before `npm install`, `npm start` and `npm test` (package.json pre-scripts), on whatever Node
// the user has: plain JavaScript that old Node versions can parse. Easel runs its TypeScript sources
// directly with Node 24's type stripping; an older Node would fail later with a raw
// ERR_UNKNOWN_FILE_EXTENSION ".ts", so say what is needed and how to get it instead.
import { readFileSync } from 'node:fs';

const required = Number(readFileSync(new URL('../.nvmrc', import.meta.url), 'utf8').trim());
const major = Number(process.versions.node.split('.')[0]);
if (major < required) {
  process.stderr.write(
    [
      '',
      `Easel needs Node.js ${required} or later; this is Node.js ${process.version} (${process.execPath}).`,
      '',
      `Get Node.js ${required}, then run the command again:`,
      `  - with nvm:   nvm install ${required} && nvm use ${required}   (the repository's .nvmrc says ${required})`,
      `  - or the official installer: https://nodejs.org/en/download`,
      `  - or, without installing it, run npm with it: npx -y node@${required} "$(command -v npm)" install   (and the same for start, test...)`,
      '',
    ].join('\n'),
  );
  process.exit(1);
}
