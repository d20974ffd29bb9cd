// Argument parsing on node:util parseArgs: one option table per command plus the global options,
// typed readers that turn bad values into usage errors (exit code 2).
import { parseArgs } from 'node:util';
import { usdToMicro } from '../../src-shared/money.ts';

/** A problem with the command line itself: exit code 2, with the command's usage line. */
export class UsageError extends Error {
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Help text; the value's name comes first in angle brackets when it takes one. */
  help: string;
  value?: string;
}

export type OptionTable = Record<string, OptionSpec>;
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export const GLOBAL_OPTIONS: OptionTable = {
  profile: { type: 'string', value: 'P', help: 'AWS profile (default: AWS_PROFILE, else "default")' },
  region: { type: 'string', value: 'R', help: "AWS region (default: AWS_REGION, else the profile's)" },
  'data-dir': { type: 'string', value: 'D', help: 'data folder (default: EASEL_HOME, else the app-data folder)' },
  json: { type: 'boolean', help: 'print only JSON on stdout (progress and logs go to stderr)' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

export interface Parsed {
  values: Values;
  positionals: string[];
}

export function parse(argv: readonly string[], options: OptionTable, command: string): Parsed {
  const all: OptionTable = { ...GLOBAL_OPTIONS, ...options };
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(all)) {
    config[name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: config,
      allowPositionals: true,
      strict: true,
      allowNegative: false,
    });
    return { values: values as Values, positionals };
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '.') : String(error);
    throw new UsageError(message, command);
  }
}

export function str(values: Values, name: string): string | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new UsageError(`--${name} takes a value.`);
  return v;
}

export function strs(values: Values, name: string): string[] {
  const v = values[name];
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list
    .flatMap((x) => String(x).split(','))
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

export function flag(values: Values, name: string): boolean {
  return values[name] === true;
}

export function int(values: Values, name: string, range: { min?: number; max?: number } = {}): number | undefined {
  const text = str(values, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--${name} must be a whole number, not "${text}".`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new UsageError(`--${name} is too large: ${text}.`);
  if (range.min !== undefined && n < range.min)
    throw new UsageError(`--${name} must be at least ${range.min}, not ${text}.`);
  if (range.max !== undefined && n > range.max)
    throw new UsageError(`--${name} must be at most ${range.max}, not ${text}.`);
  return n;
}

export function num(values: Values, name: string, range: { min?: number; max?: number } = {}): number | undefined {
  const text = str(values, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, not "${text}".`);
  if (range.min !== undefined && n < range.min)
    throw new UsageError(`--${name} must be at least ${range.min}, not ${text}.`);
  if (range.max !== undefined && n > range.max)
    throw new UsageError(`--${name} must be at most ${range.max}, not ${text}.`);
  return n;
}

/** "5", "5.00", "$0.25" → micro-dollars. */
export function dollars(values: Values, name: string): number | undefined {
  const text = str(values, name);
  if (text === undefined) return undefined;
  let micro: number;
  try {
    micro = usdToMicro(text.replace(/^\$/, ''));
    if (micro < 0) throw new RangeError('negative');
  } catch {
    throw new UsageError(`--${name} must be an amount in US dollars such as 5 or 2.50, not "${text}".`);
  }
  // Micro-dollars are exact only up to 2^53 (about $9 billion).
  if (!Number.isSafeInteger(micro)) throw new UsageError(`--${name} is too large: ${text} US dollars.`);
  return micro;
}

/** "1024x768" → {width, height}. */
export function size(values: Values, name: string): { width: number; height: number } | undefined {
  const text = str(values, name);
  if (text === undefined) return undefined;
  const match = /^(\d{1,5})[x×X](\d{1,5})$/.exec(text.trim());
  if (!match) throw new UsageError(`--${name} must look like 1024x1024, not "${text}".`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

export function oneOf<T extends string>(values: Values, name: string, choices: readonly T[]): T | undefined {
  const text = str(values, name);
  if (text === undefined) return undefined;
  const found = choices.find((c) => c === text);
  if (!found) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, not "${text}".`);
  return found;
}

export function noPositionals(positionals: readonly string[], command: string): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`, command);
}

/** The options block of a help text. */
export function optionsHelp(options: OptionTable): string {
  const rows = Object.entries(options).map(([name, spec]) => {
    const left = `  ${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'X'}` : ''}`;
    return [left, spec.help] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return rows.map(([l, h]) => `${l.padEnd(width)}${h}`).join('\n');
}
