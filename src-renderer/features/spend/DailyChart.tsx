// Daily spend as plain SVG bars, with a text summary for screen readers.
import { useLayoutEffect, useRef, useState } from 'react';
import { formatUsd } from '../../../src-shared/money.ts';
import { chartGeometry } from './chart.ts';
import type { DayAmount } from './chart.ts';

const H = 160;
const AXIS = 64;

export function DailyChart({ days }: { days: DayAmount[] }) {
  // Drawn at the figure's real pixel width so text and bars are never scaled.
  const ref = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(720);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(([entry]) => entry && setWidth(entry.contentRect.width));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const W = Math.max(120, width - AXIS);
  const g = chartGeometry(days, { width: W, height: H, gap: days.length > 60 ? 1 : 3 });
  const total = days.reduce((s, d) => s + d.microUsd, 0);
  const first = days[0]?.day ?? '';
  const last = days.at(-1)?.day ?? '';
  return (
    <figure className="spend-chart" ref={ref}>
      <svg
        width={W + AXIS}
        height={H + 28}
        viewBox={`0 -8 ${W + AXIS} ${H + 28}`}
        role="img"
        aria-label={`Daily spend ${first} to ${last}: ${formatUsd(total)} in total, highest day ${formatUsd(g.bars.reduce((m, b) => Math.max(m, b.microUsd), 0))}`}
      >
        {g.ticks.map((t) => {
          const y = H - (t / g.max) * H;
          return (
            <g key={t}>
              <line x1={0} x2={W} y1={y} y2={y} className="spend-grid" />
              <text x={W + 6} y={y + 4} className="spend-axis">
                {formatUsd(t)}
              </text>
            </g>
          );
        })}
        <line x1={0} x2={W} y1={H} y2={H} className="spend-base" />
        {g.bars.map((b) => (
          <rect key={b.day} x={b.x} y={b.y} width={b.width} height={b.height} rx={1} className="spend-bar">
            <title>{`${b.day}: ${formatUsd(b.microUsd)}`}</title>
          </rect>
        ))}
        <text x={0} y={H + 18} className="spend-axis">
          {first}
        </text>
        <text x={W} y={H + 18} textAnchor="end" className="spend-axis">
          {last}
        </text>
      </svg>
    </figure>
  );
}
