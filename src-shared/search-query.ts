// The library's search box language, shared by the app and the CLI (`easel library search`): a
// whole number alone is a seed; `#tag` or `tag:name` is a tag; every other word is prompt text.

export interface ParsedSearch {
  text: string;
  tags: string[];
  seed: number | null;
}

const MAX_SEED = 4_294_967_295;

export function parseSearch(input: string): ParsedSearch {
  const trimmed = input.trim();
  if (/^\d{1,10}$/.test(trimmed) && Number(trimmed) <= MAX_SEED) return { text: '', tags: [], seed: Number(trimmed) };
  const tags: string[] = [];
  const words: string[] = [];
  for (const word of trimmed.split(/\s+/)) {
    if (word === '') continue;
    const tag = /^(?:#|tag:)(.+)$/i.exec(word)?.[1];
    if (tag !== undefined) tags.push(tag.slice(0, 100));
    else words.push(word);
  }
  return { text: words.join(' '), tags, seed: null };
}
