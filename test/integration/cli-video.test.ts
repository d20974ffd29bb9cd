// `easel video` as a child process against the emulator's Luma Ray2 and S3: a 3-image path to one
// MP4 (--json shape, duration parsed from the file), usage errors, --status, and kill -9 while the
// invocations run: `easel video --wait` then downloads once and charges once (ledger = billing).
import Database from 'better-sqlite3';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ALL_FORMATS, FilePathSource, Input } from 'mediabunny';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createCliHarness, json, type CliHarness } from './cli-harness.ts';

const BUCKET = 'cli-videos';
let h: CliHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

async function harness(videoSeconds: number): Promise<{ h: CliHarness; env: Record<string, string> }> {
  const made = await createCliHarness({ emulator: { bedrock2025: false, videoSeconds, videoFps: 6 } });
  made.emulator.createBucket(BUCKET, 'us-west-2');
  return { h: made, env: { AWS_ENDPOINT_URL_S3: made.emulator.url, EASEL_VIDEO_POLL_MS: '30' } };
}

async function importImages(harness: CliHarness, colours: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const [i, colour] of colours.entries()) {
    const file = join(harness.dir, `frame-${i}.png`);
    await writeFile(
      file,
      await sharp({ create: { width: 256 + i * 2, height: 192, channels: 3, background: colour } })
        .png()
        .toBuffer(),
    );
    files.push(file);
  }
  const result = await harness.run(['import', ...files, '--json']);
  return json<{ imageId: string }[]>(result).map((r) => r.imageId);
}

function ledger(dataDir: string): { kind: string; amount: number }[] {
  const db = new Database(join(dataDir, 'easel.db'), { readonly: true });
  try {
    return db
      .prepare<[], { kind: string; amount: number }>(
        'SELECT kind, amount_micro_usd AS amount FROM spend WHERE video_segment_id IS NOT NULL ORDER BY id',
      )
      .all();
  } finally {
    db.close();
  }
}

function runningArns(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'easel.db'), { readonly: true, timeout: 5000 });
  try {
    return db
      .prepare<[], { arn: string }>("SELECT invocation_arn AS arn FROM video_segments WHERE status = 'running'")
      .all()
      .map((r) => r.arn);
  } catch {
    return [];
  } finally {
    db.close();
  }
}

interface VideoJson {
  videoId: string;
  path: string;
  seconds: number;
  segments: number;
  width: number;
  height: number;
  priceMicroUsd: number | null;
}

describe('easel video', () => {
  it('renders a 3-image path into one MP4 and prints the --json answer', async () => {
    const made = await harness(0.02);
    h = made.h;
    const ids = await importImages(h, ['#224488', '#884422', '#448822']);
    const result = await h.run(
      [
        'video',
        '--images',
        ids.join(','),
        '--camera',
        'push-in,orbit-left',
        '--prompt',
        'three rooms',
        '--resolution',
        '540p',
        '--aspect',
        '16:9',
        '--bucket',
        `s3://${BUCKET}/cli`,
        '--json',
      ],
      { env: made.env, timeoutMs: 120_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const out = json<VideoJson>(result);
    expect(out).toMatchObject({ seconds: 10, segments: 2, width: 960, height: 540, priceMicroUsd: 7_500_000 });
    const input = new Input({ formats: ALL_FORMATS, source: new FilePathSource(out.path) });
    expect(await input.computeDuration()).toBeCloseTo(10, 1);
    input.dispose();
    expect(h.emulator.billing().reduce((sum, b) => sum + b.priceMicroUsd, 0)).toBe(7_500_000);
    const status = await h.run(['video', '--status', '--json'], { env: made.env });
    expect(json<unknown[]>(status)).toEqual([]);
  });

  it('answers usage errors with exit 2 and the flag to fix', async () => {
    const made = await harness(0.02);
    h = made.h;
    const ids = await importImages(h, ['#111111', '#222222', '#333333']);
    const wrong = await h.run(['video', '--images', ids.join(','), '--camera', 'push-in', '--prompt', 'x'], {
      env: made.env,
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--camera');
    const noPrompt = await h.run(['video', '--images', ids[0] ?? '', '--camera', 'static'], { env: made.env });
    expect([noPrompt.code, noPrompt.stderr.includes('--prompt')]).toEqual([2, true]);
    const badDuration = await h.run(['video', '--images', ids[0] ?? '', '--prompt', 'x', '--duration', '7s'], {
      env: made.env,
    });
    expect([badDuration.code, badDuration.stderr.includes('--duration')]).toEqual([2, true]);
  });

  it('after kill -9 mid-invocation, --status lists it and --wait downloads once and charges once', async () => {
    const made = await harness(0.6);
    h = made.h;
    const ids = await importImages(h, ['#aa3344', '#33aa44', '#3344aa']);
    const { child, done } = h.start(
      [
        'video',
        '--images',
        ids.join(','),
        '--camera',
        'pan-left,crane-up',
        '--prompt',
        'killed',
        '--resolution',
        '540p',
        '--bucket',
        `s3://${BUCKET}`,
        '--json',
      ],
      { env: made.env },
    );
    const deadline = Date.now() + 60_000;
    while (runningArns(h.dataDir).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await done;
    const arns = runningArns(h.dataDir);
    expect(arns).toHaveLength(2);
    const status = await h.run(['video', '--status', '--json'], { env: made.env });
    expect(
      json<{ invocationArn: string }[]>(status)
        .map((s) => s.invocationArn)
        .sort(),
    ).toEqual([...arns].sort());
    const waited = await h.run(['video', '--wait', '--json'], { env: made.env, timeoutMs: 120_000 });
    expect(waited.code, waited.stderr).toBe(0);
    expect(json<VideoJson>(waited)).toMatchObject({ seconds: 10, segments: 2 });
    // Each invocation billed once, charged once; nothing else.
    const billed = h.emulator.billing();
    expect(billed.map((b) => b.invocationArn).sort()).toEqual([...arns].sort());
    const entries = ledger(h.dataDir);
    expect(entries.filter((e) => e.kind === 'charge')).toHaveLength(2);
    expect(entries.reduce((sum, e) => sum + e.amount, 0)).toBe(billed.reduce((sum, b) => sum + b.priceMicroUsd, 0));
    const again = await h.run(['video', '--wait', '--json'], { env: made.env });
    expect([again.code, json<unknown[]>(again)]).toEqual([0, []]);
  });
});
