// The EXIF block and XMP packet Easel writes into JPEG and WebP files (PNGs get text chunks):
//   EXIF (CIPA DC-008, big-endian TIFF, as AUTOMATIC1111 writes it): IFD0 Software = "Easel" and the
//     Exif IFD pointer; Exif IFD UserComment = "UNICODE\0" + the A1111 parameters text in UTF-16BE.
//   XMP: xmp:CreatorTool, dc:description (the same text) and easel:record (Easel's JSON record).
//     Not exif:UserComment: readers that merge XMP over EXIF (ExifReader, which Civitai uses) would
//     then see the XMP text in place of the EXIF UserComment they decode.
import { encodeXmlText } from './xmp.ts';

export const EASEL_XMP_NS = 'urn:easel:metadata:1.0';
export const SOFTWARE = 'Easel';

const ASCII = 2;
const LONG = 4;
const UNDEFINED = 7;

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Inline value (≤ 4 bytes) or the out-of-line bytes. */
  value: Buffer | number;
}

/** One IFD at `offset` whose out-of-line values follow it; returns its bytes. */
function ifd(entries: Entry[], offset: number): Buffer {
  const head = Buffer.alloc(2 + entries.length * 12 + 4);
  head.writeUInt16BE(entries.length, 0);
  const extra: Buffer[] = [];
  let valueAt = offset + head.length;
  entries.forEach((e, i) => {
    const at = 2 + i * 12;
    head.writeUInt16BE(e.tag, at);
    head.writeUInt16BE(e.type, at + 2);
    head.writeUInt32BE(e.count, at + 4);
    if (typeof e.value === 'number') head.writeUInt32BE(e.value, at + 8);
    else if (e.value.length <= 4) e.value.copy(head, at + 8);
    else {
      head.writeUInt32BE(valueAt, at + 8);
      const padded = e.value.length % 2 === 1 ? Buffer.concat([e.value, Buffer.alloc(1)]) : e.value;
      extra.push(padded);
      valueAt += padded.length;
    }
  });
  return Buffer.concat([head, ...extra]);
}

/** The UserComment value A1111 writes: the UNICODE character code, then UTF-16 big-endian text. */
export function encodeUserComment(text: string): Buffer {
  const body = Buffer.from(text, 'utf16le');
  body.swap16();
  return Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), body]);
}

/** TIFF bytes (no "Exif\0\0" header) with Software and UserComment. */
export function buildExif(parameters: string): Buffer {
  const software = Buffer.from(`${SOFTWARE}\0`, 'latin1');
  const comment = encodeUserComment(parameters);
  const header = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]);
  const ifd0Size = 2 + 2 * 12 + 4 + software.length + (software.length % 2);
  const exifIfdAt = 8 + ifd0Size;
  const ifd0 = ifd(
    [
      { tag: 0x0131, type: ASCII, count: software.length, value: software },
      { tag: 0x8769, type: LONG, count: 1, value: exifIfdAt },
    ],
    8,
  );
  const exifIfd = ifd([{ tag: 0x9286, type: UNDEFINED, count: comment.length, value: comment }], exifIfdAt);
  return Buffer.concat([header, ifd0, exifIfd]);
}

/** An XMP packet with the parameters text and Easel's record (either may be left out to fit). */
export function buildXmp(parts: { parameters?: string; record?: string }): string {
  const props = [`<xmp:CreatorTool>${SOFTWARE}</xmp:CreatorTool>`];
  if (parts.parameters !== undefined)
    props.push(
      `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${encodeXmlText(parts.parameters)}</rdf:li></rdf:Alt></dc:description>`,
    );
  if (parts.record !== undefined) props.push(`<easel:record>${encodeXmlText(parts.record)}</easel:record>`);
  return [
    '<?xpacket begin="\u{feff}" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:easel="${EASEL_XMP_NS}">`,
    ...props,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}
