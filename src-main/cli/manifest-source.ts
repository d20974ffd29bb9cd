// A manifest's text into data without one whole-document tree: the `yaml` package keeps every node
// of a document (a 50,000-asset manifest took over 400 MB to parse, and JSON through it more). JSON
// is read with JSON.parse; YAML's top-level `assets:` block sequence is cut at its items and parsed a
// chunk of items at a time. Whatever the cutting cannot vouch for (anchors and aliases across chunks,
// odd layouts, syntax errors) is parsed whole, as before, so results and error messages never differ.
import { parse as parseYaml } from 'yaml';

const CHUNK_ITEMS = 50;

export interface ManifestSource {
  /** The top-level value; for a chunked YAML manifest, the object with `assets: []`. */
  top: unknown;
  /** The assets of a chunked YAML manifest (or of a bare list), in order; null: they are in `top`. */
  assets: Iterable<unknown> | null;
}

/** Thrown (inside iteration) when a chunk does not read as the items it was cut from. */
export class ChunkingFailed extends Error {}

/** The text as data. @throws the parser's error for text that is neither JSON nor YAML. */
export function readManifestSource(text: string, options: { chunked: boolean }): ManifestSource {
  if (/^\s*[[{]/.test(text)) {
    try {
      return { top: JSON.parse(text) as unknown, assets: null };
    } catch {
      // YAML flow style that is not strict JSON: the YAML parser reads it (or says what is wrong).
    }
  }
  const block = options.chunked ? findAssetBlock(text) : null;
  if (!block) return { top: parseYaml(text, { prettyErrors: true }) as unknown, assets: null };
  const head = text.slice(0, block.headEnd) + (block.list ? '' : 'assets: []\n') + text.slice(block.end);
  const top = block.list ? [] : (parseYaml(head, { prettyErrors: true }) as unknown);
  return { top, assets: chunks(text, block.itemStarts, block.end) };
}

function* chunks(text: string, starts: readonly number[], end: number): Iterable<unknown> {
  for (let k = 0; k < starts.length; k += CHUNK_ITEMS) {
    const from = starts[k] ?? end;
    const to = starts[k + CHUNK_ITEMS] ?? end;
    let items: unknown;
    try {
      items = parseYaml(text.slice(from, to));
    } catch (error) {
      throw new ChunkingFailed(String(error));
    }
    const expected = Math.min(CHUNK_ITEMS, starts.length - k);
    if (!Array.isArray(items) || items.length !== expected) throw new ChunkingFailed('items and cuts disagree');
    yield* items;
  }
}

interface AssetBlock {
  /** A bare list of assets (the whole document is the sequence). */
  list: boolean;
  /** Where the head's text stops (the `assets:` line, or 0 for a list). */
  headEnd: number;
  itemStarts: number[];
  /** Where the block ends (the next top-level key, or the end of the text). */
  end: number;
}

/** The top-level `assets:` block sequence (or a bare list) and where each of its items starts. */
function findAssetBlock(text: string): AssetBlock | null {
  if (text.includes('\t') || /^(%|---|\.\.\.)/m.test(text)) return null; // directives, several documents
  const key = /^assets:[ ]*(#.*)?\r?$/m.exec(text);
  const list = key === null;
  let at = list ? 0 : key.index + key[0].length + 1;
  const itemStarts: number[] = [];
  let indent = -1;
  while (at < text.length) {
    const next = text.indexOf('\n', at);
    const lineEnd = next === -1 ? text.length : next + 1;
    const line = text.slice(at, lineEnd);
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) {
      at = lineEnd;
      continue;
    }
    const lineIndent = line.length - content.length;
    const isItem = /^-(\s|$)/.test(content);
    if (indent === -1) {
      if (!isItem) return null;
      indent = lineIndent;
    }
    if (lineIndent < indent || (lineIndent === indent && !isItem)) break;
    if (lineIndent === indent) itemStarts.push(at);
    at = lineEnd;
  }
  if (itemStarts.length <= CHUNK_ITEMS) return null; // small: nothing to save
  if (list && at < text.length) return null; // a list followed by something else: let the parser say
  return { list, headEnd: list ? 0 : (key?.index ?? 0), itemStarts, end: Math.min(at, text.length) };
}
