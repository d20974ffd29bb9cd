// The real studio (SQLite, files, the AWS SDK) behind the loopback bridge, talking to an
// in-process Bedrock emulator (today's Bedrock, 2026, unless startStudioBridge2025), with every bridge response watched for secrets. e2e tests start
// one per file: `const env = await startStudioBridge()`, then `page.goto(env.bridge.url)`.
import type { StudioOptions } from '../../../src-main/core/studio/index.ts';
import { BEDROCK_2025, type EmulatorOptions } from '../../../src-main/emulator/index.ts';
import { hostFromStudio } from '../../../src-main/electron/studio-host.ts';
import type { ShellPlatform } from '../../../src-main/electron/studio-host.ts';
import type { StudioHost } from '../../../src-main/electron/host.ts';
import { startBridge } from '../../bridge/bridge.ts';
import type { Bridge } from '../../bridge/bridge.ts';
import { createHarness } from '../../integration/studio-harness.ts';
import type { Harness } from '../../integration/studio-harness.ts';
import { rendererBuild } from './renderer.ts';
import { watchForSecrets } from './secrets.ts';
import type { SecretWatch } from './secrets.ts';

export interface StudioBridge {
  /** Studio, emulator, data folder and AWS env (see test/integration/studio-harness.ts). */
  harness: Harness;
  host: StudioHost;
  bridge: Bridge;
  secrets: SecretWatch;
  close(): Promise<void>;
}

export async function startStudioBridge(
  options: {
    emulator?: EmulatorOptions;
    studio?: Partial<StudioOptions>;
    dropRoot?: string;
    platform?: ShellPlatform;
    env?: Record<string, string>;
  } = {},
): Promise<StudioBridge> {
  const harness = await createHarness({
    emulator: options.emulator,
    studio: { demoMode: true, ...options.studio },
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  const host = hostFromStudio(harness.studio, options.platform);
  const secrets = watchForSecrets();
  const bridge = await startBridge({
    handlers: host.handlers,
    subscribe: (listener) => host.subscribe(listener),
    resolveImage: host.resolveImage,
    libraryRoot: host.libraryRoot,
    rendererDir: await rendererBuild(),
    onTraffic: secrets.record,
    ...(options.dropRoot === undefined ? {} : { dropRoot: options.dropRoot }),
  });
  return {
    harness,
    host,
    bridge,
    secrets,
    async close() {
      await bridge.close();
      await harness.cleanup();
    },
  };
}

/** The same, against the emulator of today's Bedrock (2026: models run only where they run), the default. */
export function startStudioBridge2026(
  options: Omit<Parameters<typeof startStudioBridge>[0] & object, 'emulator'> & {
    emulator?: EmulatorOptions;
  } = {},
): Promise<StudioBridge> {
  return startStudioBridge({ ...options, emulator: { ...options.emulator, bedrock2025: false } });
}

/**
 * Against the Bedrock of 2025 (BEDROCK_2025: retired models served, every model in every region;
 * the studio calls each as given): for the tests of retired models' own settings (Titan, Nova Canvas).
 */
export function startStudioBridge2025(
  options: Omit<Parameters<typeof startStudioBridge>[0] & object, 'emulator'> & {
    emulator?: EmulatorOptions;
  } = {},
): Promise<StudioBridge> {
  return startStudioBridge({ ...options, emulator: { ...options.emulator, ...BEDROCK_2025 } });
}
