// Turns any user text into a safe FTS5 MATCH expression. FTS5 syntax (quotes, `*`, `NEAR(`,
// parentheses, AND/OR/NOT, `-`, `:` column filters, `^`) is never passed through: the text is split
// into the same kind of tokens the unicode61 tokenizer makes (letters, digits, marks), each token
// becomes a quoted prefix term ("cat"*), and the terms are ANDed. So "cat's NEAR(" searches for
// cat, s and near, and nothing the user types can be a syntax error.

const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const MAX_TERMS = 16;
const MAX_TERM_LENGTH = 64;

/** The MATCH expression for `text`, or null when the text holds nothing searchable. */
export function toFtsQuery(text: string): string | null {
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const match of text.normalize('NFC').matchAll(TOKEN)) {
    const term = match[0].slice(0, MAX_TERM_LENGTH).toLowerCase();
    if (seen.has(term)) continue;
    seen.add(term);
    // Tokens hold no quote characters, but double them anyway should TOKEN ever widen.
    terms.push(`"${term.replaceAll('"', '""')}"*`);
    if (terms.length === MAX_TERMS) break;
  }
  return terms.length === 0 ? null : terms.join(' ');
}
