// A profile whose credentials never come (a credential_process waiting for input, an SSO or STS
// endpoint that hangs): resolution has its own timeout with a message naming the profile and the
// step, and a failure there happens before anything is sent (the queue's "sent" phase is never
// announced, so such a job is never uncertain spend). Real child processes, the real SDK, the
// local emulator.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeClient, invokeImageModel } from '../../src-main/core/bedrock/index.ts';
import { credentialsFor, type AwsEnv } from '../../src-main/core/credentials/index.ts';
import { startEmulator, type RunningEmulator } from '../../src-main/emulator/index.ts';
import { easelErrorOf } from '../support/easel-error.ts';

let home: string;
let env: AwsEnv;
let emulator: RunningEmulator;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'easel-cred-timeout-'));
  await mkdir(join(home, '.aws'));
  // Sleeps for a while and never prints credentials (bounded so the test leaves nothing behind for long).
  const hang = join(home, 'hang.sh');
  await writeFile(hang, '#!/bin/sh\nexec sleep 20\n');
  await chmod(hang, 0o755);
  await writeFile(
    join(home, '.aws', 'config'),
    `[profile stuck]\ncredential_process = ${hang}\nregion = us-east-1\n\n[profile stuck-role]\nrole_arn = arn:aws:iam::123456789012:role/Art\nsource_profile = stuck\nregion = us-east-1\n`,
  );
  env = { HOME: home };
  emulator = await startEmulator({ port: 0 });
});

afterAll(async () => {
  await emulator?.stop();
  await rm(home, { recursive: true, force: true });
});

describe('credential resolution that hangs', () => {
  it('times out with the profile and the step named', async () => {
    const started = Date.now();
    const error = await easelErrorOf(credentialsFor('stuck', env, { timeoutMs: 400 })());
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error.code).toBe('credentials-missing');
    expect(error.message).toContain('profile "stuck"');
    expect(error.message).toContain('credential_process (');
    expect(error.message).toContain('Nothing was sent to Bedrock');
  });

  it('names the role step of a chain too', async () => {
    const error = await easelErrorOf(credentialsFor('stuck-role', env, { timeoutMs: 400 })());
    expect(error.message).toContain('profile "stuck-role"');
    expect(error.message).toMatch(/credential_process .* then assuming its role with STS/);
  });

  it('fails an invocation before its first attempt: nothing sent, nothing billed', async () => {
    const client = createRuntimeClient({
      region: 'us-west-2',
      credentials: credentialsFor('stuck', env, { timeoutMs: 400 }),
      endpoint: emulator.url,
    });
    const attempts: number[] = [];
    try {
      const error = await easelErrorOf(
        invokeImageModel(client, {
          modelId: 'stability.stable-image-core-v1:1',
          body: { prompt: 'a lighthouse' },
          onAttempt: (info) => attempts.push(info.attempt),
        }),
      );
      expect(error.code).toBe('credentials-missing');
      expect(attempts).toEqual([]);
      expect(emulator.billing()).toEqual([]);
    } finally {
      client.destroy();
    }
  });

  it('a cancel while credentials hang ends the wait at once, before any attempt', async () => {
    const client = createRuntimeClient({
      region: 'us-west-2',
      credentials: credentialsFor('stuck', env, { timeoutMs: 30_000 }),
      endpoint: emulator.url,
    });
    const controller = new AbortController();
    const attempts: number[] = [];
    setTimeout(() => controller.abort(), 200);
    try {
      const started = Date.now();
      const error = await easelErrorOf(
        invokeImageModel(client, {
          modelId: 'stability.stable-image-core-v1:1',
          body: { prompt: 'a lighthouse' },
          signal: controller.signal,
          onAttempt: (info) => attempts.push(info.attempt),
        }),
      );
      expect(error.code).toBe('aborted');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(attempts).toEqual([]);
    } finally {
      client.destroy();
    }
  });
});
