// `PRAGMA integrity_check` (everything quick_check does, plus every index against its table) as a
// report a person can act on: which table or index, how many problems, and what to do.
import type { Db } from './db.ts';
import { isCorruption } from './damage.ts';

export interface IntegrityReport {
  ok: boolean;
  /** Problems SQLite reported (capped at MAX_FINDINGS). */
  problems: number;
  /** One entry per damaged table or index ('database' for findings that name neither). */
  objects: { name: string; kind: 'table' | 'index' | 'database'; problems: number; examples: string[] }[];
  /** Readable lines: what is damaged and what to do. */
  summary: string[];
}

const MAX_FINDINGS = 1000;

export function integrityReport(db: Db): IntegrityReport {
  let findings: string[];
  try {
    const rows = db.pragma(`integrity_check(${MAX_FINDINGS})`) as { integrity_check: string }[];
    findings = rows.map((r) => r.integrity_check).filter((f) => f !== 'ok');
  } catch (error) {
    if (!isCorruption(error)) throw error;
    findings = [(error as Error).message];
  }
  const kinds = new Map<string, 'table' | 'index'>();
  const byRoot = new Map<number, string>();
  for (const row of db
    .prepare<[], { name: string; type: string; rootpage: number | null }>(
      "SELECT name, type, rootpage FROM sqlite_master WHERE type IN ('table', 'index')",
    )
    .all()) {
    kinds.set(row.name, row.type === 'index' ? 'index' : 'table');
    if (row.rootpage) byRoot.set(row.rootpage, row.name);
  }
  const objects = new Map<string, IntegrityReport['objects'][number]>();
  for (const raw of findings) {
    const finding = raw.replace(/^\*\*\* in database main \*\*\*\n/, '');
    const name = objectOf(finding, kinds, byRoot);
    const entry = objects.get(name) ?? { name, kind: kinds.get(name) ?? 'database', problems: 0, examples: [] };
    entry.problems++;
    if (entry.examples.length < 3) entry.examples.push(finding);
    objects.set(name, entry);
  }
  const list = [...objects.values()].sort((a, b) => b.problems - a.problems);
  return { ok: findings.length === 0, problems: findings.length, objects: list, summary: summarise(list) };
}

/** The table or index a finding is about: named ("... in index x", "in table x") or by its b-tree root page ("Tree 5 ..."). */
function objectOf(finding: string, kinds: Map<string, 'table' | 'index'>, byRoot: Map<number, string>): string {
  const named = /\b(?:index|table) ([A-Za-z_][\w]*)/.exec(finding);
  if (named?.[1] && kinds.has(named[1])) return named[1];
  const tree = /^Tree (\d+)/.exec(finding);
  if (tree?.[1]) return byRoot.get(Number(tree[1])) ?? 'database';
  return 'database';
}

function summarise(objects: IntegrityReport['objects']): string[] {
  if (objects.length === 0) return ['Database integrity: ok (SQLite integrity_check found no problem).'];
  const total = objects.reduce((n, o) => n + o.problems, 0);
  const lines = [`Database integrity: ${total} problem${total === 1 ? '' : 's'} found by SQLite's integrity_check.`];
  for (const o of objects) {
    const what = o.kind === 'database' ? 'the database file' : `${o.kind} ${o.name}`;
    lines.push(`  ${what}: ${o.problems} problem${o.problems === 1 ? '' : 's'} (e.g. "${o.examples[0] ?? ''}")`);
  }
  lines.push(
    'What to do: quit Easel, then restore the newest backup with "easel restore" (the damaged file is kept aside). "easel check --repair" refuses a damaged database.',
  );
  return lines;
}
