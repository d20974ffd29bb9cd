// What a command writes to, and how: results on stdout (only JSON with --json), progress and logs
// on stderr, progress bars only when stderr is a terminal.
import { formatUsd } from '../../src-shared/money.ts';

export interface TextStream {
  write(text: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: TextStream;
  stderr: TextStream;
  env: Record<string, string | undefined>;
  /** The caller's directory: every path a user gives (files, --out, --to, --data-dir...) is relative to it. */
  cwd: string;
}

/**
 * The directory the user ran the command from. `npm run easel` (the checkout's own script) runs in
 * the package root, but npm keeps the caller's directory in INIT_CWD. Other packages' scripts that
 * call the `easel` bin keep npm's working directory, their package root, as their authors expect.
 */
export function callerDirectory(env: Record<string, string | undefined>, processCwd: string): string {
  const ownScript = env.npm_lifecycle_event === 'easel' && env.npm_package_name === 'easel';
  return ownScript && env.INIT_CWD !== undefined && env.INIT_CWD !== '' ? env.INIT_CWD : processCwd;
}

export interface Progress {
  update(done: number, note?: string): void;
  /** A line above the bar (kept), e.g. one finished image. */
  log(line: string): void;
  finish(): void;
}

export class Output {
  readonly json: boolean;
  readonly #io: CliIo;
  #bar: { label: string; total: number; done: number; note: string } | null = null;

  constructor(io: CliIo, json: boolean) {
    this.#io = io;
    this.json = json;
  }

  get interactive(): boolean {
    return this.#io.stderr.isTTY === true && this.#io.env.TERM !== 'dumb';
  }

  /** The command's JSON result: the only thing stdout carries with --json. */
  result(value: unknown): void {
    this.#io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /**
   * The same text as `result({...head, [key]: [...list]})`, written a slice of the list at a time
   * from an iterable: a 50,000-item result is never one object tree nor one string in memory.
   */
  resultWithList(head: Record<string, unknown>, key: string, list: Iterable<unknown>): void {
    const fields = Object.entries(head).filter(([, v]) => v !== undefined);
    const open = fields.map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v, null, 2).replace(/\n/g, '\n  ')}`);
    let chunk = `{\n${[...open, `  ${JSON.stringify(key)}: [`].join(',\n')}`;
    let first = true;
    for (const item of list) {
      chunk += `${first ? '' : ','}\n    ${JSON.stringify(item, null, 2).replace(/\n/g, '\n    ')}`;
      first = false;
      if (chunk.length > 64 * 1024) {
        this.#io.stdout.write(chunk);
        chunk = '';
      }
    }
    this.#io.stdout.write(`${chunk}${first ? ']' : '\n  ]'}\n}\n`);
  }

  /** Human result text (stdout); nothing in JSON mode. */
  print(text = ''): void {
    if (!this.json) this.#io.stdout.write(`${text}\n`);
  }

  /** Logs, warnings, notes: stderr, in both modes. */
  log(text: string): void {
    this.#clearBar();
    this.#io.stderr.write(`${text}\n`);
    this.#drawBar();
  }

  warn(text: string): void {
    this.log(`warning: ${text}`);
  }

  /** A progress bar on stderr when it is a terminal; otherwise only the kept lines are written. */
  progress(label: string, total: number): Progress {
    this.#bar = { label, total, done: 0, note: '' };
    this.#drawBar();
    return {
      update: (done, note) => {
        if (!this.#bar) return;
        this.#bar.done = done;
        if (note !== undefined) this.#bar.note = note;
        this.#drawBar();
      },
      log: (line) => this.log(line),
      finish: () => {
        this.#clearBar();
        this.#bar = null;
      },
    };
  }

  #drawBar(): void {
    const bar = this.#bar;
    if (!bar || !this.interactive) return;
    const width = 24;
    const fraction = bar.total > 0 ? Math.min(1, bar.done / bar.total) : 0;
    const filled = Math.round(fraction * width);
    const text = `${bar.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${bar.done}/${bar.total}${bar.note ? ` ${bar.note}` : ''}`;
    const columns = this.#io.stderr.columns ?? 80;
    this.#io.stderr.write(`\r\x1b[2K${text.slice(0, Math.max(10, columns - 1))}`);
  }

  #clearBar(): void {
    if (this.#bar && this.interactive) this.#io.stderr.write('\r\x1b[2K');
  }
}

export function usd(micro: number): string {
  return formatUsd(micro);
}

/** Estimates (forecasts) to the cent: more digits would claim a precision they do not have. */
export function usdCents(micro: number): string {
  return formatUsd(micro, { maxDecimals: 2 });
}

/** Fixed-width columns for human tables. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '))
    .join('\n');
}
