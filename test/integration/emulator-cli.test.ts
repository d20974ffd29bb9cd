// `npm run emulator` as a real child process: prints its URL and exports, serves, stops on signals.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src-main/emulator/cli.ts', import.meta.url));

function run(args: string[]): {
  child: ReturnType<typeof spawn>;
  output: () => string;
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
} {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const listeners: Array<() => void> = [];
  const onData = (chunk: Buffer): void => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    child,
    output: () => text,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(text);
          if (match) resolve(match);
        };
        listeners.push(check);
        child.once('exit', () => reject(new Error(`exited before ${pattern}: ${text}`)));
        check();
      }),
  };
}

describe('emulator CLI', () => {
  it('prints the URL and export lines, applies flags, stops cleanly on SIGTERM', async () => {
    const cli = run([
      '--port',
      '0',
      '--throttle-rate',
      '0.25',
      '--filter-words',
      'dragon,ghost',
      '--end-of-life',
      'stability.stable-diffusion-xl-v1',
      '--latency',
      '5',
    ]);
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await cli.waitFor(/Ctrl-C stops/);
    expect(cli.output()).toContain(`export AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${url}`);
    expect(cli.output()).toContain(`export AWS_ENDPOINT_URL_BEDROCK=${url}`);
    expect(cli.output()).toContain('export AWS_ACCESS_KEY_ID=AKIDEXAMPLE');
    expect(cli.output()).toContain('export AWS_REGION=us-east-1');
    const config = await (await fetch(`${url}/__emulator/config`)).json();
    expect(config).toMatchObject({
      throttleRate: 0.25,
      filterWords: ['dragon', 'ghost'],
      endOfLifeModels: ['stability.stable-diffusion-xl-v1'],
      latencyMs: 5,
    });
    cli.child.kill('SIGTERM');
    const [code] = await once(cli.child, 'exit');
    expect(code).toBe(0);
    expect(cli.output()).toContain('SIGTERM: stopping');
    await expect(fetch(`${url}/__emulator/config`)).rejects.toThrow();
  });

  it('stops on SIGINT too', async () => {
    const cli = run(['--port', '0']);
    await cli.waitFor(/Ctrl-C stops/);
    cli.child.kill('SIGINT');
    const [code] = await once(cli.child, 'exit');
    expect(code).toBe(0);
  });

  it('--help prints usage; a bad flag exits 2 with the reason', async () => {
    const help = run(['--help']);
    const [helpCode] = await once(help.child, 'exit');
    expect(helpCode).toBe(0);
    expect(help.output()).toContain('--throttle-rate R');
    const bad = run(['--throttle-rate', '2']);
    const [badCode] = await once(bad.child, 'exit');
    expect(badCode).toBe(2);
    expect(bad.output()).toContain('--throttle-rate must be a number from 0 to 1');
  });

  it('--api-key and --api-key-region: a bearer call in that region succeeds, another key is refused', async () => {
    const cli = run([
      '--port',
      '0',
      '--api-key',
      'ABSKY2xp',
      '--api-key-region',
      'us-west-2',
      '--legacy-inactive',
      'x.y',
    ]);
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await cli.waitFor(/Ctrl-C stops/);
    const call = (key: string): Promise<Response> =>
      fetch(`${url}/model/stability.stable-image-core-v1%3A1/invoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'cli key', seed: 1, output_format: 'jpeg' }),
      });
    try {
      const ok = await call('ABSKY2xp');
      expect(ok.status).toBe(200);
      const refused = await call('ABSKb3RoZXI=');
      expect(refused.status).toBe(403);
      expect(refused.headers.get('x-amzn-errortype')).toMatch(/^AccessDeniedException:/);
      expect(await (await fetch(`${url}/__emulator/config`)).json()).toMatchObject({
        apiKeys: ['ABSKY2xp'],
        apiKeyRegion: 'us-west-2',
        legacyInactiveModels: ['x.y'],
      });
    } finally {
      cli.child.kill('SIGTERM');
      await once(cli.child, 'exit');
    }
  });
});
