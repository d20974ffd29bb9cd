// Native request bodies carry source images and masks as base64. What is stored (the job row, the
// `easel` PNG chunk) must not: each payload is replaced by a short reference to its library image.

const LONG_BASE64 = /^[A-Za-z0-9+/]{2048,}={0,2}$/;

/**
 * A deep copy of `body` where every string equal to one of `payloads` becomes `<image:ID>` and any
 * other long base64 string becomes `<image>` (belt and braces: no payload is ever stored).
 */
export function withoutImagePayloads(body: unknown, payloads: ReadonlyMap<string, string>): unknown {
  if (typeof body === 'string') {
    const id = payloads.get(body);
    if (id !== undefined) return `<image:${id}>`;
    return LONG_BASE64.test(body) ? '<image>' : body;
  }
  if (Array.isArray(body)) return body.map((item) => withoutImagePayloads(item, payloads));
  if (typeof body === 'object' && body !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) out[key] = withoutImagePayloads(value, payloads);
    return out;
  }
  return body;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 24 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Width and height from a PNG's IHDR (the first chunk, at a fixed offset). */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
