// One data folder, several processes: only the lock holder runs crash recovery and resumes queued
// jobs; a second opener (the CLI while the app runs) never interrupts the first one's jobs.
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage } from '../../src-main/core/storage/index.ts';
import { LOCK_FILE, SESSIONS_DIR } from '../../src-main/core/data-folder/lock.ts';
import { generatedFixtures } from '../fixtures/make-foreign.ts';
import { createHarness, type Harness } from './studio-harness.ts';

const CORE = 'stability.stable-image-core-v1:1';
const CORE_PRICE = 40_000;
const FIXTURE = join((await generatedFixtures()).foreign, 'AUTOMATIC1111/automatic1111_cropped.png');

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

/** The pid of a process that has exited (so it is certainly dead). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

/** A previous session that died mid-request: one job left 'sending', one still queued. */
function leaveCrashedJobs(dataDir: string): { sending: string; queued: string } {
  const lib = openStorage({ dataDir });
  const sending = lib.generations.queue([
    { params: { modelId: CORE, prompt: 'lost' }, estimateMicroUsd: CORE_PRICE, seed: 5, region: 'us-west-2' },
  ]).jobs[0]!.id;
  const queued = lib.generations.queue([
    { params: { modelId: CORE, prompt: 'still queued' }, estimateMicroUsd: CORE_PRICE, seed: 6, region: 'us-west-2' },
  ]).jobs[0]!.id;
  lib.generations.setRunningStatus(sending, 'sending');
  lib.close();
  return { sending, queued };
}

describe('data-folder lock', () => {
  it('a second studio on the folder neither recovers nor touches the first one’s running jobs', async () => {
    harness = await createHarness({ emulator: { latencyMs: 400 } });
    const first = harness.studio;
    expect(first.dataFolder).toMatchObject({
      owner: true,
      recovered: true,
      heldBy: { pid: process.pid, hostname: hostname() },
    });
    const running = harness.nextUpdate((u) => u.job.status === 'waiting');
    const { jobs } = await first.generate({ modelId: CORE, prompt: 'slow fox' });
    await running;

    const second = harness.open();
    expect(second.dataFolder).toMatchObject({ owner: false, recovered: false, heldBy: { pid: process.pid } });
    expect(second.interruptedAtStart).toEqual([]);
    expect(second.getJob(jobs[0]!.id).status).toBe('waiting');
    expect((await second.handlers['app.info']({})).otherProcess).toMatchObject({ pid: process.pid });

    // The second one reads, imports, tags, exports, and runs the jobs it creates itself.
    const [imported] = await second.importFiles([FIXTURE]);
    expect(imported?.status).toBe('imported');
    second.addTags([imported!.imageId!], ['shared']);
    const own = await second.generate({ modelId: CORE, prompt: 'second process' });
    await second.whenIdle();
    expect(second.getJob(own.jobs[0]!.id).status).toBe('succeeded');
    const exported = await second.exportImages({
      imageIds: [imported!.imageId!],
      folder: join(harness.dir, 'out'),
      withMetadata: true,
      sidecar: false,
    });
    expect(exported.totals.exported).toBe(1);

    // Repairs (which adopt files someone may be writing) wait until a process is alone.
    await expect(second.checkLibrary({ repair: true })).rejects.toMatchObject({
      code: 'io',
      message: expect.stringMatching(
        new RegExp(`^Easel is already running with this data folder \\(pid ${process.pid} `),
      ),
    });
    await expect(first.checkLibrary({ repair: true })).rejects.toMatchObject({
      code: 'io',
      message: expect.stringMatching(/^Another Easel process is using this data folder/),
    });
    expect((await second.checkLibrary()).missingFiles).toEqual([]);

    await first.whenIdle();
    expect(first.getJob(jobs[0]!.id).status).toBe('succeeded');
    await second.close();
    expect((await first.checkLibrary({ repair: true })).repair).not.toBeNull();
    expect(harness.emulator.billing()).toHaveLength(2);

    // The holder closes: the lock file goes; the next opener holds it.
    await first.close();
    expect(await readdir(harness.dataDir)).not.toContain(LOCK_FILE);
    const third = harness.open();
    expect(third.dataFolder).toMatchObject({ owner: true, recovered: true });
  });

  it('takes over a stale lock (dead pid on this host) and recovers the crashed jobs', async () => {
    harness = await createHarness();
    await harness.studio.close();
    const crashed = leaveCrashedJobs(harness.dataDir);
    const pid = await deadPid();
    const stale = { pid, hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z', token: 'dead0000' };
    await writeFile(join(harness.dataDir, LOCK_FILE), JSON.stringify(stale));
    await writeFile(join(harness.dataDir, SESSIONS_DIR, 'dead0000.json'), JSON.stringify(stale));

    const studio = harness.open();
    expect(studio.dataFolder).toMatchObject({ owner: true, recovered: true, heldBy: { pid: process.pid } });
    expect(studio.interruptedAtStart.map((j) => j.id)).toEqual([crashed.sending]);
    expect(JSON.parse(await readFile(join(harness.dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await studio.whenIdle();
    expect(studio.getJob(crashed.queued).status).toBe('succeeded');
    expect(await readdir(join(harness.dataDir, SESSIONS_DIR))).toHaveLength(1); // the stale session was removed
  });

  it('treats a lock with our own pid but another token (pid reused after a crash) and a garbled lock as stale', async () => {
    harness = await createHarness();
    await harness.studio.close();
    await writeFile(
      join(harness.dataDir, LOCK_FILE),
      JSON.stringify({
        pid: process.pid,
        hostname: hostname(),
        startedAt: '2026-01-01T00:00:00.000Z',
        token: 'previous',
      }),
    );
    const reused = harness.open();
    expect(reused.dataFolder.owner).toBe(true);
    await reused.close();
    await writeFile(join(harness.dataDir, LOCK_FILE), '{"pid": 12');
    expect(harness.open().dataFolder.owner).toBe(true);
  });

  it('respects a lock from another host (its pid cannot be checked)', async () => {
    harness = await createHarness();
    await harness.studio.close();
    const crashed = leaveCrashedJobs(harness.dataDir);
    await writeFile(
      join(harness.dataDir, LOCK_FILE),
      JSON.stringify({
        pid: 4242,
        hostname: 'other-machine.local',
        startedAt: '2026-01-01T00:00:00.000Z',
        token: 'remote',
      }),
    );
    const studio = harness.open();
    expect(studio.dataFolder).toMatchObject({
      owner: false,
      recovered: false,
      heldBy: { pid: 4242, hostname: 'other-machine.local' },
    });
    expect(studio.getJob(crashed.sending).status).toBe('sending');
    expect(studio.getJob(crashed.queued).status).toBe('queued');
    await expect(studio.checkLibrary({ repair: true })).rejects.toThrow(
      /\(pid 4242 on host other-machine\.local, since 2026-01-01T00:00:00\.000Z\)/,
    );
  });

  it('another real process holding the folder keeps its jobs; after it is killed, the next opener recovers them', async () => {
    harness = await createHarness({ emulator: { latencyMs: 30_000 } });
    await harness.studio.close();
    // A CLI-like child process: opens a studio on the same folder, starts one slow job, says so.
    const studioModule = resolve(import.meta.dirname, '../../src-main/core/studio/index.ts');
    const script = `
      import { createStudio } from ${JSON.stringify(studioModule)};
      const studio = createStudio({ dataDir: process.argv[1], env: JSON.parse(process.argv[2]) });
      studio.onJobUpdate((u) => { if (u.job.status === 'waiting') console.log('WAITING ' + u.job.id + ' ' + JSON.stringify(studio.dataFolder)); });
      await studio.generate({ modelId: ${JSON.stringify(CORE)}, prompt: 'child process job' });
      setInterval(() => {}, 1000);
    `;
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', script, harness.dataDir, JSON.stringify(harness.env)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const line = await new Promise<string>((res, rej) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /WAITING .*\n/.exec(out);
          if (match) res(match[0]);
        });
        child.once('exit', (code) => rej(new Error(`child exited (${code}): ${out}`)));
      });
      const [, jobId, state] = /^WAITING (\d+) (.*)\n$/.exec(line)!;
      expect(JSON.parse(state!)).toMatchObject({ owner: true, recovered: true });

      const second = harness.open();
      expect(second.dataFolder).toMatchObject({ owner: false, recovered: false, heldBy: { pid: child.pid } });
      expect(second.getJob(jobId!).status).toBe('waiting');
      await second.close();

      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const after = harness.open();
      expect(after.dataFolder).toMatchObject({ owner: true, recovered: true });
      expect(after.interruptedAtStart.map((j) => j.id)).toEqual([jobId]);
      expect(after.spendSummary().uncertainMicroUsd).toBe(CORE_PRICE);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});
