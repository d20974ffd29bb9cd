// `easel`: finds the command in argv, parses its options (plus the global ones), runs it through
// the facade, and turns every outcome into an exit code with a clear message.
import { EaselError, toErrorData } from '../../src-shared/errors.ts';
import { redactSecrets } from '../../src-shared/redact.ts';
import type { Studio } from '../core/studio/index.ts';
import { flag, GLOBAL_OPTIONS, optionsHelp, parse, UsageError } from './args.ts';
import { COMMANDS, GROUPS } from './commands/index.ts';
import { contextFor, EXIT, type Command } from './context.ts';
import { Output, type CliIo } from './io.ts';

const VALUE_OPTIONS = new Set(
  Object.entries(GLOBAL_OPTIONS)
    .filter(([, s]) => s.type === 'string')
    .map(([n]) => `--${n}`),
);

export interface RunOptions {
  /** Install a SIGINT handler (the real process; not in-process tests). */
  handleSignals?: boolean;
}

/** Runs one `easel` invocation; resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, options: RunOptions = {}): Promise<number> {
  const wantsJson = argv.includes('--json');
  const out = new Output(io, wantsJson);
  let command: Command | undefined;
  const opened: Studio[] = [];
  const interrupts: { handler: ((count: number) => void) | null } = { handler: null };
  let sigints = 0;
  const onSigint = (): void => {
    sigints += 1;
    if (interrupts.handler) interrupts.handler(sigints);
    else {
      out.log('Stopped.');
      process.exit(EXIT.interrupted);
    }
  };
  if (options.handleSignals) process.on('SIGINT', onSigint);
  try {
    const found = findCommand(argv);
    if (found.kind === 'help') {
      io.stdout.write(found.text + (await moreHelp(found.command)));
      return EXIT.ok;
    }
    command = found.command;
    const parsed = parse(found.rest, command.options, command.name);
    if (flag(parsed.values, 'help')) {
      io.stdout.write(commandHelp(command) + (await moreHelp(command)));
      return EXIT.ok;
    }
    const ctx = await contextFor(io, out, parsed, opened, interrupts);
    return await command.run(ctx, parsed);
  } catch (error) {
    return report(error, out, io, command);
  } finally {
    if (options.handleSignals) process.off('SIGINT', onSigint);
    for (const studio of opened) {
      await studio
        .close()
        .catch((error: unknown) =>
          out.warn(
            redactSecrets(`closing the library failed: ${error instanceof Error ? error.message : String(error)}`),
          ),
        );
    }
  }
}

function report(error: unknown, out: Output, io: CliIo, command: Command | undefined): number {
  const prefix = command ? `easel ${command.name}` : 'easel';
  if (error instanceof UsageError) {
    const name = error.command ?? command?.name;
    const usage = name ? (COMMANDS.find((c) => c.name === name)?.usage ?? '') : '';
    out.log(
      `${prefix}: ${error.message}${usage ? `\nUsage: ${usage}` : ''}\nRun 'easel ${name ? `${name} ` : ''}--help' for details.`,
    );
    if (out.json) out.result({ error: { code: 'usage', message: error.message } });
    return EXIT.usage;
  }
  const data = toErrorData(error);
  if (error instanceof EaselError) {
    out.log(`${prefix}: ${error.message}${error.field ? ` (${error.field})` : ''}`);
  } else {
    // Not an EaselError: its text was never checked for secrets (an SDK message may quote a key).
    out.log(redactSecrets(`${prefix}: internal error: ${error instanceof Error ? error.message : String(error)}`));
    if (io.env.EASEL_DEBUG && error instanceof Error && error.stack) out.log(redactSecrets(error.stack));
  }
  if (out.json) out.result({ error: data });
  return error instanceof EaselError && error.code === 'validation' ? EXIT.usage : EXIT.failure;
}

type Found = { kind: 'run'; command: Command; rest: string[] } | { kind: 'help'; text: string; command?: Command };

function findCommand(argv: readonly string[]): Found {
  const words: number[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const token = argv[i] ?? '';
    if (token === '--') break;
    if (token.startsWith('-')) {
      if (VALUE_OPTIONS.has(token)) i += 1;
      continue;
    }
    words.push(i);
    const first = argv[words[0] ?? 0] ?? '';
    if (words.length === 1 && !(first in GROUPS) && first !== 'help') break;
  }
  const [a, b] = words.map((i) => argv[i] ?? '');
  const without = (indexes: number[]): string[] => argv.filter((_, i) => !indexes.includes(i));
  if (a === undefined) {
    if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) return { kind: 'help', text: mainHelp() };
    throw new UsageError("no command given. Run 'easel --help' for the list.");
  }
  if (a === 'help') {
    if (b === undefined) return { kind: 'help', text: mainHelp() };
    const cmd = COMMANDS.find((c) => c.name === b) ?? COMMANDS.find((c) => c.name.startsWith(`${b} `));
    if (!cmd) throw new UsageError(`unknown command "${b}".`);
    return b in GROUPS && cmd.name !== b
      ? { kind: 'help', text: groupHelp(b) }
      : { kind: 'help', text: commandHelp(cmd), command: cmd };
  }
  const group = GROUPS[a];
  if (group) {
    const sub = b !== undefined ? COMMANDS.find((c) => c.name === `${a} ${b}`) : undefined;
    if (sub) return { kind: 'run', command: sub, rest: without(words.slice(0, 2)) };
    const fallback = group.default ? COMMANDS.find((c) => c.name === group.default) : undefined;
    if (fallback) return { kind: 'run', command: fallback, rest: without(words.slice(0, 1)) };
    if (b === undefined && (argv.includes('--help') || argv.includes('-h')))
      return { kind: 'help', text: groupHelp(a) };
    throw new UsageError(
      b === undefined
        ? `"${a}" needs a subcommand: ${group.subcommands.join(', ')}.`
        : `unknown subcommand "${a} ${b}"; try: ${group.subcommands.join(', ')}.`,
    );
  }
  const cmd = COMMANDS.find((c) => c.name === a);
  if (!cmd) throw new UsageError(`unknown command "${a}". Run 'easel --help' for the list.`);
  return { kind: 'run', command: cmd, rest: without(words.slice(0, 1)) };
}

function mainHelp(): string {
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(16)}${c.summary}`).join('\n');
  return `easel: generate and manage images on Amazon Bedrock (same library as the Easel app)

Usage: easel <command> [options]

Commands:
${rows}

Global options:
${optionsHelp(GLOBAL_OPTIONS)}

Exit codes: 0 ok, 1 failure (AWS, budget, files, some images failed), 2 bad usage or input,
130 stopped with Ctrl-C. Run 'easel <command> --help' for a command's options.
`;
}

function groupHelp(group: string): string {
  const rows = COMMANDS.filter((c) => c.name.startsWith(`${group} `) || c.name === group)
    .map((c) => `  ${c.name.padEnd(18)}${c.summary}`)
    .join('\n');
  return `Usage: easel ${group} <subcommand> [options]\n\n${rows}\n`;
}

/** The part of a command's help built only when asked (it may load the model catalog). */
async function moreHelp(command: Command | undefined): Promise<string> {
  const text = command?.moreHelp ? await command.moreHelp() : '';
  return text ? `\n${text.trimEnd()}\n` : '';
}

export function commandHelp(command: Command): string {
  return `Usage: ${command.usage}

${command.summary}

Options:
${optionsHelp({ ...command.options, ...GLOBAL_OPTIONS })}
${command.details ? `\n${command.details.trimEnd()}\n` : ''}`;
}
