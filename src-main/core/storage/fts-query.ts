// Turns any user text into a safe FTS5 MATCH expression. FTS5 syntax (quotes, `*`, `NEAR(`,
// parentheses, AND/OR/NOT, `-`, `:` column filters, `^`) is never passed through: the text is split
// into the same kind of tokens the unicode61 tokenizer makes (letters, digits, marks), each token
// becomes a quoted term, and the terms are ANDed. So "cat's NEAR(" searches for cat, s and near,
// and nothing the user types can be a syntax error.
//
// Search as you type: every word is matched whole except the LAST one, which may be unfinished and
// is a prefix term ("red fox jum" → "red" "fox" "jum"*). FTS5 reads a whole word's hits lazily,
// newest first, and stops at the page's LIMIT; so it does a prefix term of 1 to 8 characters (the
// prefix indexes, migration 007). A longer prefix term makes FTS5 collect and merge every hit of
// every word it covers first (~3 ms for 100,000 hits at 1M images).
// A word cut at MAX_TERM_LENGTH stays a prefix term, so it still finds the long word it came from.

const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const MAX_TERMS = 16;
const MAX_TERM_LENGTH = 64;

/** The MATCH expression for `text`, or null when the text holds nothing searchable. */
export function toFtsQuery(text: string): string | null {
  const tokens = [...text.normalize('NFC').matchAll(TOKEN)].map((match) => match[0].toLowerCase());
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const [index, token] of tokens.entries()) {
    const word = token.slice(0, MAX_TERM_LENGTH);
    const prefix = index === tokens.length - 1 || word.length < token.length;
    // Tokens hold no quote characters, but double them anyway should TOKEN ever widen.
    const term = `"${word.replaceAll('"', '""')}"${prefix ? '*' : ''}`;
    // A repeated word adds nothing; a prefix of a word already matched whole adds nothing either.
    if (seen.has(term) || (prefix && seen.has(term.slice(0, -1)))) continue;
    seen.add(term);
    terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  return terms.length === 0 ? null : terms.join(' ');
}
