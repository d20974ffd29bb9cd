// The log file on a real temp folder: one redacted line per entry with UTC time, rotation at the
// size cap, and a log that cannot be written stops quietly after saying so once.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFileLog } from './log-file.ts';
import { attachLogFile, logFault } from './log.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'easel-log-'));
});
afterEach(async () => {
  attachLogFile(null);
  await rm(dir, { recursive: true, force: true });
});

const fixedClock = () => new Date(Date.UTC(2026, 2, 4, 10, 5, 6, 7));

describe('openFileLog', () => {
  it('writes one line per entry: UTC time, then the entry with line breaks folded and secrets redacted', async () => {
    const log = openFileLog(path.join(dir, 'logs'), { now: fixedClock });
    expect(log.file).toBe(path.join(dir, 'logs', 'easel.log'));
    log.write(`credentials rejected for AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SECRET}\n  at frame (x.ts:1)`);
    log.write('second');
    const text = await readFile(log.file, 'utf8');
    expect(text).toBe(
      '2026-03-04T10:05:06.007Z credentials rejected for [REDACTED] | aws_secret_access_key = [REDACTED] | at frame (x.ts:1)\n' +
        '2026-03-04T10:05:06.007Z second\n',
    );
  });

  it('rotates at the size cap and keeps only the newest files', async () => {
    const logs = path.join(dir, 'logs');
    const log = openFileLog(logs, { maxBytes: 100, keep: 2, now: fixedClock });
    // Each line is 25 + 50 + 1 = 76 bytes: every entry after the first rotates.
    for (let i = 0; i < 5; i++) log.write(`${i}`.repeat(50));
    expect((await readdir(logs)).sort()).toEqual(['easel.log', 'easel.log.1', 'easel.log.2']);
    expect(await readFile(path.join(logs, 'easel.log'), 'utf8')).toContain('4'.repeat(50));
    expect(await readFile(path.join(logs, 'easel.log.1'), 'utf8')).toContain('3'.repeat(50));
    expect(await readFile(path.join(logs, 'easel.log.2'), 'utf8')).toContain('2'.repeat(50));
    for (const name of await readdir(logs))
      expect((await readFile(path.join(logs, name))).byteLength).toBeLessThanOrEqual(100);
  });

  it('appends to an existing file and counts its size toward the cap', async () => {
    const logs = path.join(dir, 'logs');
    await openFileLog(logs, { now: fixedClock }).write('from the last run');
    const log = openFileLog(logs, { maxBytes: 60, now: fixedClock });
    log.write('x'.repeat(20));
    expect(await readFile(path.join(logs, 'easel.log.1'), 'utf8')).toContain('from the last run');
    expect(await readFile(log.file, 'utf8')).toBe(`2026-03-04T10:05:06.007Z ${'x'.repeat(20)}\n`);
  });

  it('says once (redacted) when the file cannot be written, then stops writing', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    await writeFile(blocker, '');
    const told: string[] = [];
    const log = openFileLog(path.join(blocker, 'logs-AKIAIOSFODNN7EXAMPLE'), { onWriteError: (m) => told.push(m) });
    log.write('one');
    log.write('two');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/could not write the log file/);
    expect(told[0]).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });
});

describe('logFault with a log file attached', () => {
  it('writes the message and the redacted error stack to the file', async () => {
    const log = openFileLog(dir, { now: fixedClock });
    attachLogFile(log);
    const stderr = console.error;
    console.error = () => undefined;
    try {
      logFault('import failed', new Error(`bad key ${SECRET}`));
    } finally {
      console.error = stderr;
    }
    const text = await readFile(log.file, 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(1);
    expect(text).toMatch(/^2026-03-04T10:05:06\.007Z import failed \| Error: bad key \[REDACTED\] \| at /);
    expect(text).not.toContain(SECRET);
  });
});
