// easel check [--repair]: SQLite's integrity_check of the database, then the database against the
// files; interrupted jobs and uncertain spend. --repair adopts orphan image files and removes rows
// whose file is gone (refused when the database itself is damaged: restore a backup instead).
import { flag, noPositionals } from '../args.ts';
import { EXIT, type Command } from '../context.ts';
import { usd } from '../io.ts';

export const checkCommand: Command = {
  name: 'check',
  summary:
    'Check the database (integrity) and the library (missing files, orphans, interrupted jobs); --repair fixes the files',
  usage: 'easel check [--repair] [--json]',
  options: {
    repair: {
      type: 'boolean',
      help: 'adopt orphan image files, drop rows whose file is gone, delete stray temp files and thumbnails',
    },
  },
  details: `--json prints {"ok", "integrity": {"ok", "problems", "objects": [{"name", "kind", "problems", "examples"}], "summary"}, "checkedRows", "checkedFiles", "missingFiles": [{"imageId", "sha256", "path"}], "orphanFiles",
  "orphanThumbs", "tempFiles", "repair": null | {"adopted", "unreadable", "removedRows", "deletedFiles"},
  "interruptedJobs": [{"jobId", "modelId", "status"}], "uncertainMicroUsd"}
Exit code 1 when problems were found and not repaired. A damaged database is not repaired (--repair
refuses it): restore the newest backup with 'easel restore'. Orphan image files (a crash after the file was
written, before its database row) are recoverable: --repair adopts them into the library.`,
  async run(ctx, { values, positionals }) {
    noPositionals(positionals, 'check');
    const studio = await ctx.openStudio();
    const repair = flag(values, 'repair');
    const report = await studio.checkLibrary({ repair });
    const interrupted = studio.interruptedAtStart.map((j) => ({ jobId: j.id, modelId: j.modelId, status: j.status }));
    const uncertainMicroUsd = studio.spendSummary().uncertainMicroUsd;
    const problems =
      report.missingFiles.length + report.orphanFiles.length + report.orphanThumbs.length + report.tempFiles.length;
    const ok = report.integrity.ok && (problems === 0 || (repair && (report.repair?.unreadable.length ?? 0) === 0));
    if (ctx.out.json) ctx.out.result({ ok, ...report, interruptedJobs: interrupted, uncertainMicroUsd });
    else {
      for (const line of [...report.integrity.summary, ...report.summary]) ctx.out.print(line);
      if (report.orphanFiles.length && !repair)
        ctx.out.print('Orphan image files are recoverable: run easel check --repair to adopt them.');
      if (interrupted.length)
        ctx.out.print(
          `${interrupted.length} job(s) were interrupted by an earlier crash: ${interrupted.map((j) => j.jobId).join(', ')}.`,
        );
      if (uncertainMicroUsd) ctx.out.print(`Uncertain spend: ${usd(uncertainMicroUsd)} (see 'easel spend').`);
    }
    return ok ? EXIT.ok : EXIT.failure;
  },
};
