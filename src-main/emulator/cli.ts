// `npm run emulator -- --port N [...]`: the emulator in the foreground until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import type { EmulatorOptions } from './index.ts';
import { startEmulator } from './index.ts';

const HELP = `Usage: npm run emulator -- [options]

Runs the local Amazon Bedrock emulator (InvokeModel, Converse, ListFoundationModels, ListInferenceProfiles)
on 127.0.0.1; one port answers for every Bedrock region (the request's SigV4 scope names it).

Options:
  --port N                 port to listen on (default 0: any free port)
  --region R               home region: AWS_REGION of the printed exports (default us-east-1)
  --api-key K              accept the Bedrock API key K as "Authorization: Bearer K" (repeatable)
  --api-key-region R       region of calls made with such a key (default: --region)
  --legacy-inactive id,id  models answering "marked by provider as Legacy" AccessDeniedException
  --bedrock-2025           behave like the Bedrock of 2025 (retired models generate, any region)
  --preview-access         this account may use the preview models (Nova 2 Omni, Converse)
  --latency MS             added latency per generation, in milliseconds
  --throttle-rate R        share of InvokeModel calls answered 429 ThrottlingException (0-1)
  --server-error-rate R    share answered 500/503 (0-1)
  --malformed-rate R       share answered 200 with a broken body (0-1)
  --filter-words a,b       prompts containing one of these are content-filtered
  --end-of-life id,id      model ids that answer with the end-of-life error
  --seed N                 random seed for the draws above (reproducible runs)
  --help                   show this help
`;

function rate(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new Error(`--${name} must be a number from 0 to 1, got "${text}"`);
  return value;
}

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number ≥ 0, got "${text}"`);
  return value;
}

const list = (text: string | undefined): string[] | undefined =>
  text === undefined
    ? undefined
    : text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

export function parseCliOptions(argv: string[]): EmulatorOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      region: { type: 'string' },
      'api-key': { type: 'string', multiple: true },
      'api-key-region': { type: 'string' },
      'legacy-inactive': { type: 'string' },
      'bedrock-2025': { type: 'boolean' },
      'preview-access': { type: 'boolean' },
      latency: { type: 'string' },
      'throttle-rate': { type: 'string' },
      'server-error-rate': { type: 'string' },
      'malformed-rate': { type: 'string' },
      'filter-words': { type: 'string' },
      'end-of-life': { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const options: EmulatorOptions = {
    port: integer('port', values.port) ?? 0,
    region: values.region,
    latencyMs: integer('latency', values.latency),
    throttleRate: rate('throttle-rate', values['throttle-rate']),
    serverErrorRate: rate('server-error-rate', values['server-error-rate']),
    malformedRate: rate('malformed-rate', values['malformed-rate']),
    filterWords: list(values['filter-words']),
    endOfLifeModels: list(values['end-of-life']),
    randomSeed: integer('seed', values.seed),
    apiKeys: values['api-key'],
    apiKeyRegion: values['api-key-region'],
    legacyInactiveModels: list(values['legacy-inactive']),
    bedrock2025: values['bedrock-2025'],
    previewAccess: values['preview-access'],
  };
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as EmulatorOptions;
}

async function main(): Promise<void> {
  let options: EmulatorOptions | 'help';
  try {
    options = parseCliOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`emulator: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const emulator = await startEmulator(options);
  // Handlers first: whoever reads the URL line may signal us right away.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(
      `\n${signal}: stopping after ${emulator.requests()} requests, ${emulator.billing().length} billed images.`,
    );
    void emulator.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  console.log(`Bedrock emulator listening on ${emulator.url}`);
  console.log('Point the AWS SDK (and Easel) at it with:');
  for (const [name, value] of Object.entries(emulator.env())) console.log(`export ${name}=${value}`);
  console.log(
    `Admin: GET/POST ${emulator.url}/__emulator/config, GET ${emulator.url}/__emulator/billing. Ctrl-C stops.`,
  );
}

if (import.meta.main) await main();
