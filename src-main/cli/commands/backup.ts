// easel backup | easel restore [FILE]: a verified copy of the database now, and putting one back
// (the newest when FILE is omitted) when the database is damaged or a change must be undone.
import { noPositionals, UsageError } from '../args.ts';
import { EXIT, type Command } from '../context.ts';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'Back up the database now (verified; the newest 7 backups are kept)',
  usage: 'easel backup [--json]',
  options: {},
  details: `Copies easel.db with SQLite's online backup into <data folder>/backups/easel-<UTC time>.db and
checks the copy. Easel also backs up by itself before each database upgrade and once a day.
Prints the backup's path. --json prints {"file", "bytes", "createdAt"}.`,
  async run(ctx, { positionals }) {
    noPositionals(positionals, 'backup');
    const studio = await ctx.openStudio();
    const backup = await studio.backupNow();
    if (ctx.out.json) ctx.out.result({ file: backup.file, bytes: backup.bytes, createdAt: backup.createdAt });
    else {
      ctx.out.print(backup.file);
      ctx.out.log(`Backed up ${(backup.bytes / 1e6).toFixed(1)} MB at ${backup.createdAt}.`);
    }
    return EXIT.ok;
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Restore a backup of the database (the newest when FILE is omitted)',
  usage: 'easel restore [FILE] [--json]',
  options: {},
  details: `FILE is a backup's path or its name in <data folder>/backups. The backup is checked first; the
current easel.db is kept beside it as easel.db.damaged-<time> (or easel.db.replaced-<time> when it was
sound), never deleted. Refused while the Easel app or another easel command has the data folder open.
Images are files in library/ and are not touched: run 'easel check' afterwards (images made after the
backup are orphans that 'easel check --repair' adopts).
--json prints {"restored", "backupCreatedAt", "keptAs", "replacedWasDamaged"}.`,
  async run(ctx, { positionals }) {
    const [file, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`one backup file only (got ${positionals.length}).`, 'restore');
    // Not through openStudio: the database may be damaged, and nothing may have the folder open.
    const { restoreBackup } = await import('../../core/studio/index.ts');
    const result = await restoreBackup({ dataDir: ctx.dataDir, ...(file === undefined ? {} : { file }) });
    if (ctx.out.json) ctx.out.result(result);
    else {
      ctx.out.print(
        `Restored ${result.restored}${result.backupCreatedAt ? ` (taken ${result.backupCreatedAt})` : ''}.`,
      );
      if (result.keptAs)
        ctx.out.print(
          `The ${result.replacedWasDamaged ? 'damaged' : 'previous'} database is kept as ${result.keptAs}; delete it once you are happy.`,
        );
      ctx.out.print("Run 'easel check' to compare the restored database with the image files.");
    }
    return EXIT.ok;
  },
};
