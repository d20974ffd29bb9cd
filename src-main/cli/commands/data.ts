// easel data where | easel data move DIR: where the data folder is, and moving it (the same move
// as the app's Settings: copy, verify, point the app and the CLI at it; the old folder stays).
import { resolve } from 'node:path';
import { noPositionals, UsageError } from '../args.ts';
import { EXIT, type Command } from '../context.ts';
import type { Progress } from '../io.ts';

const SOURCES = {
  option: 'the --data-dir option',
  env: 'the EASEL_HOME environment variable',
  pointer: 'a move (recorded in the location file)',
  default: "the operating system's app-data folder (default)",
} as const;

export const dataWhereCommand: Command = {
  name: 'data where',
  summary: 'Show where the data folder is and how it was chosen',
  usage: 'easel data where [--json]',
  options: {},
  details: `--json prints {"dataDir", "source": "option" | "env" | "pointer" | "default", "locationFile": string | null}
or, when a moved folder is not there, {"error": {...}} with exit code 1.`,
  async run(ctx, { positionals }) {
    noPositionals(positionals, 'data where');
    const location = ctx.location;
    if ('error' in location) throw location.error;
    if (ctx.out.json) ctx.out.result(location);
    else {
      ctx.out.print(location.dataDir);
      ctx.out.log(
        `Chosen by ${SOURCES[location.source]}.${location.locationFile ? ` Location file: ${location.locationFile}` : ''}`,
      );
    }
    return EXIT.ok;
  },
};

export const dataMoveCommand: Command = {
  name: 'data move',
  summary: 'Move the data folder to DIR (copied and verified; the old folder is kept)',
  usage: 'easel data move DIR [--json]',
  options: {},
  details: `DIR must be a full path to an empty folder or one that does not exist yet, outside the current
data folder. Easel copies the database (SQLite online backup), images and thumbnails, checks every file,
then records DIR in the location file: the app and the CLI use it from then on. The old folder is left
as it was; delete it yourself once you are happy. Refused while the Easel app (or another process) has
the data folder open, while images are being generated, and when EASEL_HOME or --data-dir chose it.
--json prints {"from", "to", "files", "bytes"}.`,
  async run(ctx, { positionals }) {
    const [target, ...extra] = positionals;
    if (target === undefined) throw new UsageError('give the new data folder: easel data move DIR', 'data move');
    if (extra.length > 0)
      throw new UsageError(`one folder only (got ${positionals.length}); quote a path with spaces.`, 'data move');
    const studio = await ctx.openStudio();
    const bar: { current: Progress | null } = { current: null };
    let result;
    try {
      result = await studio.moveDataFolder(resolve(ctx.io.cwd, target), {
        onProgress: (p) => {
          if (p.phase === 'database') return;
          bar.current ??= ctx.out.progress('Copying', p.total);
          bar.current.update(p.done);
        },
      });
    } finally {
      bar.current?.finish();
    }
    if (ctx.out.json) ctx.out.result(result);
    else {
      ctx.out.print(
        `Moved to ${result.to} (${result.files} files, ${(result.bytes / 1e6).toFixed(1)} MB). Easel and the easel command use it from now on.`,
      );
      ctx.out.print(
        `The old folder ${result.from} is left as it was: delete it yourself once you are happy that everything is in the new place.`,
      );
    }
    return EXIT.ok;
  },
};
