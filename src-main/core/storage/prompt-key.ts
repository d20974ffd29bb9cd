// The lookup key of a prompt pair in the history (prompts.text_key, migration 013 database-size):
// the first 48 bits of the SHA-256 of both texts, a signed integer SQLite stores in 6 bytes. It
// replaces a unique index that held both texts again (108 MB at 800,000 prompts). A key is not
// unique — two pairs may share one — so every lookup compares the texts as well. Every row stores
// its key: changing this function needs a migration that recomputes them all.
import { createHash } from 'node:crypto';

export function promptTextKey(prompt: string, negativePrompt: string): number {
  return createHash('sha256')
    .update(JSON.stringify([prompt, negativePrompt]))
    .digest()
    .readIntBE(0, 6);
}
