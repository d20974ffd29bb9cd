// The daily spend chart's geometry: fill missing days with zero, a "nice" axis maximum (1, 2, 2.5,
// 5 × 10^n micro-dollars) and bar rectangles in a plain SVG coordinate space.

export interface DayAmount {
  /** YYYY-MM-DD */
  day: string;
  microUsd: number;
}

export interface Bar {
  day: string;
  microUsd: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChartGeometry {
  bars: Bar[];
  /** Axis maximum in micro-dollars (≥ the largest day). */
  max: number;
  /** Gridline values, 0 excluded, max included. */
  ticks: number[];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The last `days` calendar days ending with `today` (local), each with its amount (0 if absent). */
export function lastDays(byDay: readonly DayAmount[], days: number, today: Date): DayAmount[] {
  const amounts = new Map<string, number>();
  for (const entry of byDay) amounts.set(entry.day, (amounts.get(entry.day) ?? 0) + entry.microUsd);
  const out: DayAmount[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const date = new Date(today.getFullYear(), today.getMonth(), today.getDate() - i);
    const day = localDay(date);
    out.push({ day, microUsd: amounts.get(day) ?? 0 });
  }
  return out;
}

/** The smallest 1/2/2.5/5 × 10^n at or above `value` (at least 10,000 µUSD = 1 cent). */
export function niceMax(value: number): number {
  const floor = 10_000;
  if (value <= floor) return floor;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = Math.round(step * magnitude);
    if (candidate >= value) return candidate;
  }
  return 10 * magnitude;
}

export function chartGeometry(
  days: readonly DayAmount[],
  size: { width: number; height: number; gap?: number },
): ChartGeometry {
  const largest = days.reduce((m, d) => Math.max(m, d.microUsd), 0);
  const max = niceMax(largest);
  const gap = size.gap ?? 2;
  const slot = days.length === 0 ? 0 : size.width / days.length;
  const bars = days.map((d, i) => {
    const height = d.microUsd <= 0 ? 0 : Math.max(1, (d.microUsd / max) * size.height);
    return {
      day: d.day,
      microUsd: d.microUsd,
      x: i * slot + gap / 2,
      y: size.height - height,
      width: Math.max(1, slot - gap),
      height,
    };
  });
  return { bars, max, ticks: [max / 4, max / 2, (3 * max) / 4, max].map(Math.round) };
}
