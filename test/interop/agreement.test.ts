// Field agreement between Easel's reader and an independent parser's pinned answers for the same
// third-party files (independent.ts), per tool. Issue 15's target: at least 98% for every tool.
// The figures are printed (and copied into src-main/core/metadata/README.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImageMetadata, type ImportedMetadata } from '../../src-main/core/metadata/index.ts';
import { INDEPENDENT, type Field, type Independent } from './independent.ts';
import { THIRD_PARTY_IMAGES, THIRD_PARTY_PRESENT } from './third-party.ts';

function ours(m: ImportedMetadata | null, field: Field): string | number | undefined {
  if (m === null) return undefined;
  if (field === 'seed') return m.seedText;
  return m[field];
}

/** Agreeing and compared fields of one file. */
function compare(entry: Independent, m: ImportedMetadata | null): { agree: number; total: number; misses: string[] } {
  const misses: string[] = [];
  let agree = 0;
  let total = 0;
  if (entry.promptSet !== undefined) {
    total++;
    const texts = new Set((m?.prompt ?? '').split('\n'));
    if (entry.promptSet.length === texts.size && entry.promptSet.every((t) => texts.has(t))) agree++;
    else misses.push(`${entry.file}: prompt`);
  }
  for (const [field, want] of Object.entries(entry.fields) as [Field, string | number][]) {
    total++;
    if (ours(m, field) === want) agree++;
    else misses.push(`${entry.file}: ${field} ${JSON.stringify(ours(m, field))} ≠ ${JSON.stringify(want)}`);
  }
  return { agree, total, misses };
}

describe.skipIf(!THIRD_PARTY_PRESENT)('field agreement with an independent parser (sd-parsers)', () => {
  it('is at least 98% for every tool', async () => {
    const byTool = new Map<string, { agree: number; total: number; files: number; misses: string[] }>();
    for (const entry of INDEPENDENT) {
      const m = await readImageMetadata(readFileSync(join(THIRD_PARTY_IMAGES, entry.file)));
      expect(m?.sourceTool, entry.file).toBe(entry.tool);
      const result = compare(entry, m);
      const sum = byTool.get(entry.tool) ?? { agree: 0, total: 0, files: 0, misses: [] };
      byTool.set(entry.tool, {
        agree: sum.agree + result.agree,
        total: sum.total + result.total,
        files: sum.files + 1,
        misses: [...sum.misses, ...result.misses],
      });
    }
    const lines = [...byTool].map(
      ([tool, s]) =>
        `${tool}: ${s.agree}/${s.total} fields (${((100 * s.agree) / s.total).toFixed(1)}%) in ${s.files} files`,
    );
    process.stdout.write(`interop agreement:\n  ${lines.join('\n  ')}\n`);
    for (const [tool, s] of byTool)
      expect(s.agree / s.total, `${tool}: ${s.misses.join('; ')}`).toBeGreaterThanOrEqual(0.98);
  });
});
