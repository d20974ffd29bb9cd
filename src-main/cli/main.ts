// Entry point of the `easel` command (npm run easel -- <args>, bin/easel.js).
import './heap.ts';
import { callerDirectory } from './io.ts';
import { runCli } from './run.ts';

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: callerDirectory(process.env, process.cwd()),
  },
  { handleSignals: true },
);
// Flush stdout (a pipe may still hold the JSON) and leave even if a socket lingers.
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
process.exit(code);
