// XMP packets (JPEG APP1 "http://ns.adobe.com/xap/1.0/", WebP "XMP " chunk, PNG iTXt
// "XML:com.adobe.xmp"): the few properties that can carry generation metadata, as text fields.
// Read by a small scanner, not an XML parser: bounded (at most MAX_XMP_TEXT characters,
// MAX_ELEMENTS elements and MAX_PROPERTIES wanted properties looked at) and never throws.

/** Properties that may hold generation metadata, by local name. */
const WANTED = new Set(['UserComment', 'description', 'parameters', 'prompt', 'workflow', 'record', 'CreatorTool']);
const MAX_XMP_TEXT = 8 * 1024 * 1024;
const MAX_PROPERTIES = 64;
/** Elements looked at in all (real packets have hundreds). */
const MAX_ELEMENTS = 10_000;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

export function encodeXmlText(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c] ?? ''};`);
}

/** The text of a property's element content: the first rdf:li of an Alt/Seq/Bag, else the content itself. */
function elementText(content: string): string {
  const li = /<rdf:li\b[^>]*>([\s\S]*?)<\/rdf:li>/.exec(content);
  return decodeXmlText((li?.[1] ?? content).trim());
}

/** XMP properties worth reading, keyed `XMP:<local name>` (first occurrence wins). */
export function xmpTextFields(packet: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (packet.length > MAX_XMP_TEXT) return out;
  // attributes: prefix:Name="value"
  let seen = 0;
  for (const m of packet.matchAll(/\s([\w.-]+):([\w.-]+)="([^"]*)"/g)) {
    if (++seen > MAX_PROPERTIES * 8) break;
    const name = m[2] ?? '';
    if (WANTED.has(name) && !(`XMP:${name}` in out)) out[`XMP:${name}`] = decodeXmlText(m[3] ?? '');
  }
  // elements: <prefix:Name ...>content</prefix:Name>
  let looked = 0;
  const unclosed = new Set<string>(); // each closing tag is searched for once at most in vain
  const open = /<([\w.-]+):([\w.-]+)(\s[^>]*)?>/g;
  let elements = 0;
  for (let m = open.exec(packet); m !== null && looked < MAX_PROPERTIES; m = open.exec(packet)) {
    if (++elements > MAX_ELEMENTS) break;
    const name = m[2] ?? '';
    const close = `</${m[1] ?? ''}:${name}>`;
    if (!WANTED.has(name) || `XMP:${name}` in out || unclosed.has(close)) continue;
    looked++;
    const end = packet.indexOf(close, open.lastIndex);
    if (end < 0) {
      unclosed.add(close);
      continue;
    }
    const text = elementText(packet.slice(open.lastIndex, end));
    if (text !== '') out[`XMP:${name}`] = text;
    open.lastIndex = end + close.length;
  }
  return out;
}
