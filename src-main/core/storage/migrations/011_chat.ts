// 011: chat threads (issue 11: conversational editing with a Converse model). A thread is a tree
// of turns (parent_turn_id: branching from any earlier turn); a turn's reply images are library
// images (chat_turn_images, in reply order) whose parent_image_id is the turn's source image.
// A turn holds its budget reservation like a job (chat_turns.reserved_micro_usd mirrors the open
// hold, so the budget check sums a tiny partial index of both tables), and its ledger rows point
// at it through spend.chat_turn_id. ADD COLUMN keeps every existing row and the append-only
// triggers as they are. Append-only: never edit, add 012_… instead.
import type { Migration } from './index.ts';

export const migration011: Migration = {
  id: 11,
  name: 'chat',
  sql: `
CREATE TABLE chat_threads (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  model_id TEXT NOT NULL,
  root_image_id INTEGER REFERENCES images(id) ON DELETE SET NULL,
  title TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX chat_threads_root ON chat_threads(root_image_id) WHERE root_image_id IS NOT NULL;
CREATE INDEX chat_threads_updated ON chat_threads(updated_at);

CREATE TABLE chat_turns (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  thread_id INTEGER NOT NULL REFERENCES chat_threads(id) ON DELETE CASCADE,
  parent_turn_id INTEGER REFERENCES chat_turns(id) ON DELETE CASCADE,
  number INTEGER NOT NULL CHECK (number >= 1),
  instruction TEXT NOT NULL,
  source_image_id INTEGER REFERENCES images(id) ON DELETE SET NULL,
  status TEXT NOT NULL CHECK (status IN ('sending','succeeded','filtered','failed','cancelled','interrupted')),
  model_id TEXT NOT NULL,
  profile TEXT,
  region TEXT,
  invoke_id TEXT,
  reply_text TEXT,
  input_tokens INTEGER,
  output_tokens INTEGER,
  estimate_micro_usd INTEGER,
  price_micro_usd INTEGER,
  reserved_micro_usd INTEGER NOT NULL DEFAULT 0,
  unpriced INTEGER NOT NULL DEFAULT 0 CHECK (unpriced IN (0,1)),
  error_code TEXT,
  error_message TEXT,
  request_id TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX chat_turns_thread ON chat_turns(thread_id, id);
CREATE INDEX chat_turns_source ON chat_turns(source_image_id) WHERE source_image_id IS NOT NULL;
CREATE INDEX chat_turns_open_holds ON chat_turns(reserved_micro_usd) WHERE reserved_micro_usd <> 0;
CREATE INDEX chat_turns_sending ON chat_turns(status) WHERE status = 'sending';

CREATE TABLE chat_turn_images (
  turn_id INTEGER NOT NULL REFERENCES chat_turns(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  PRIMARY KEY (turn_id, position)
) WITHOUT ROWID;
CREATE INDEX chat_turn_images_image ON chat_turn_images(image_id);

ALTER TABLE spend ADD COLUMN chat_turn_id INTEGER REFERENCES chat_turns(id) ON DELETE SET NULL;
CREATE INDEX spend_chat_turn ON spend(chat_turn_id) WHERE chat_turn_id IS NOT NULL;
`,
};
