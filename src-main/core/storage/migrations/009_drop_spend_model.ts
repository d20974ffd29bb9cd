// 008: drops the ledger index no query uses. Append-only: never edit, add 009_… instead.
//
// spend_model (model_id, at) over every ledger row was 205 MB of a 2.5 GB database at 1M images
// (3M entries: reservation, release and charge per image), 8% of the file. Spend by model sums one
// bucket over a time range and reads spend_bucket (bucket, at, amount) for it; no statement names
// or filters the ledger by model first (EXPLAIN QUERY PLAN of every spend query: spend_bucket,
// spend_at, spend_generation, spend_ref, spend_unpriced).
import type { Migration } from './index.ts';

export const migration009: Migration = {
  id: 9,
  name: 'drop-spend-model',
  sql: `DROP INDEX spend_model;`,
};
