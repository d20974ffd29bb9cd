// Figures for `npm run bench`: medians and 95th percentiles, never pass/fail on time.

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Times `fn` `iterations` times after `warmup` untimed runs; returns milliseconds per run. */
export async function timeRuns(
  iterations: number,
  fn: () => Promise<unknown> | unknown,
  warmup = Math.min(5, iterations),
): Promise<number[]> {
  for (let i = 0; i < warmup; i += 1) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Per function of timeInTurn: wall-clock and process CPU time (user + system, all threads), in ms. */
export interface TurnSamples {
  wall: number[];
  cpu: number[];
}

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

/**
 * Times each of `fns` once per round after `warmup` untimed rounds, so a change in the machine's
 * load hits all alike; each round starts one further along (A B C, B C A, C A B …), so no function
 * always follows the same one (the garbage one leaves is collected in whatever runs next).
 * Returns the samples of each, in the order of `fns`. CPU time is the whole process's: on a shared
 * machine it moves far less with other processes' load than wall time does.
 */
export async function timeInTurn(
  iterations: number,
  fns: readonly (() => Promise<unknown> | unknown)[],
  warmup = Math.min(5, iterations),
): Promise<TurnSamples[]> {
  const samples = fns.map((): TurnSamples => ({ wall: [], cpu: [] }));
  for (let round = 0; round < warmup + iterations; round += 1) {
    for (let turn = 0; turn < fns.length; turn += 1) {
      const index = (round + turn) % fns.length;
      const fn = fns[index];
      if (!fn) continue;
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await fn();
      const wall = performance.now() - start;
      const cpu = cpuMs(process.cpuUsage(cpuStart));
      if (round >= warmup) {
        samples[index]?.wall.push(wall);
        samples[index]?.cpu.push(cpu);
      }
    }
  }
  return samples;
}

/** timeInTurn for two: `a` and `b` alternate (A B, B A, …). */
export async function timeAlternating(
  iterations: number,
  a: () => Promise<unknown> | unknown,
  b: () => Promise<unknown> | unknown,
  warmup = Math.min(5, iterations),
): Promise<[number[], number[]]> {
  const [first, second] = await timeInTurn(iterations, [a, b], warmup);
  return [first?.wall ?? [], second?.wall ?? []];
}

const ms = (value: number): string => `${value.toFixed(2)} ms`;

export function formatSummary(label: string, summary: Summary): string {
  return `${label.padEnd(44)} median ${ms(summary.median).padStart(11)}   p95 ${ms(summary.p95).padStart(11)}   (n=${summary.n})`;
}

export function formatRatio(label: string, subject: Summary, baseline: Summary, goal?: number): string {
  const ratio = subject.median / baseline.median;
  const verdict = goal === undefined ? '' : ratio <= goal ? `  (goal ≤ ${goal}×: met)` : `  (goal ≤ ${goal}×: NOT met)`;
  return `${label.padEnd(44)} ratio of medians ${ratio.toFixed(2)}×   p95 ratio ${(subject.p95 / baseline.p95).toFixed(2)}×${verdict}`;
}
