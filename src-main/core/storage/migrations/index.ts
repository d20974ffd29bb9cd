// The known migrations, in order. Append-only: a released entry is never edited or removed.
import type BetterSqlite3 from 'better-sqlite3';
import { migration001 } from './001_initial.ts';
import { migration002 } from './002_spend_days.ts';
import { migration003 } from './003_batch_claims.ts';
import { migration004 } from './004_invoke_id.ts';
import { migration005 } from './005_unpriced.ts';
import { migration006 } from './006_video.ts';
import { migration007 } from './007_library_at_scale.ts';
import { migration008 } from './008_tag_counts.ts';
import { migration009 } from './009_drop_spend_model.ts';
import { migration010 } from './010_in_place.ts';
import { migration011 } from './011_chat.ts';
import { migration012 } from './012_spend_rollups.ts';
import { migration013 } from './013_database_size.ts';
import { migration014 } from './014_uncertain_index.ts';

export interface Migration {
  /** 1, 2, 3 … with no gaps; equals its position + 1 in MIGRATIONS. */
  id: number;
  name: string;
  sql: string;
  /** Optional data step run after `sql`, inside the same transaction. */
  up?: (db: BetterSqlite3.Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
];
