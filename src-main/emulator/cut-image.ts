// The `cutImages` knob: a PNG whose image data ends early while its chunk structure stays whole
// (signature, the chunks before the image data, half of the IDAT data in one IDAT chunk with a
// correct CRC, IEND), so it passes every check short of decoding it. Other formats are halved.
import { crc32 } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4, 8))), 0);
  return Buffer.concat([head, data, crc]);
}

/** The base64 image with its image data cut to half (see above). */
export function cutImageData(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE))
    return bytes.subarray(0, Math.floor(bytes.length / 2)).toString('base64');
  const before: Buffer[] = [];
  const idat: Buffer[] = [];
  for (let pos = 8; pos + 8 <= bytes.length;) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString('latin1', pos + 4, pos + 8);
    if (type === 'IDAT') idat.push(bytes.subarray(pos + 8, pos + 8 + length));
    else if (type !== 'IEND' && idat.length === 0) before.push(bytes.subarray(pos, pos + 12 + length));
    pos += 12 + length;
  }
  const data = Buffer.concat(idat);
  const cut = chunk('IDAT', data.subarray(0, Math.floor(data.length / 2)));
  return Buffer.concat([PNG_SIGNATURE, ...before, cut, chunk('IEND', Buffer.alloc(0))]).toString('base64');
}
