// The base64 check every family's response parser runs on a returned image (checkImageBase64).
import { describe, expect, it } from 'vitest';
import { parseResponseBody } from './index.ts';
import { JPEG_BASE64, PNG_BASE64 } from './test-helpers.ts';

const NOVA = 'amazon.nova-canvas-v1:0';
const parseImage = (base64: string) => parseResponseBody(NOVA, { images: [base64] });
const notBase64 = expect.objectContaining({
  code: 'malformed-response',
  message: expect.stringContaining('an image is not valid base64'),
});

describe('checkImageBase64', () => {
  it('accepts padded standard base64 of a PNG or JPEG and returns it unchanged', () => {
    expect(parseImage(PNG_BASE64).images[0]?.base64).toBe(PNG_BASE64);
    expect(parseImage(JPEG_BASE64).images[0]?.base64).toBe(JPEG_BASE64);
    const unpadded = btoa(String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13));
    expect(unpadded).toHaveLength(16);
    expect(parseImage(unpadded).images[0]?.base64).toBe(unpadded);
  });

  it('rejects, with the length a multiple of 4, every character outside the standard alphabet', () => {
    const [head, tail] = [PNG_BASE64.slice(0, 20), PNG_BASE64.slice(21)];
    for (const bad of ['-', '_', ' ', '\n', '\t', '=', '.', 'é', '€']) {
      const garbled = head + bad + tail;
      expect(garbled.length % 4).toBe(0);
      expect(() => parseImage(garbled), JSON.stringify(bad)).toThrowError(notBase64);
    }
  });

  it('rejects whitespace that keeps the length a multiple of 4, and misplaced or extra padding', () => {
    const png = PNG_BASE64.slice(0, -4);
    for (const garbled of [
      `${png.slice(0, 8)}    ${png.slice(8)}`,
      `${png.slice(0, 8)}\r\n\r\n${png.slice(8)}`,
      `${png}    `,
      `${png}A===`,
      `${png}====`,
      `${png}A=AA`,
      `${png.slice(0, 20)}==${png.slice(22)}`,
    ]) {
      expect(garbled.length % 4).toBe(0);
      expect(() => parseImage(garbled), JSON.stringify(garbled)).toThrowError(notBase64);
    }
  });

  it('rejects a length that is not a multiple of 4 (a truncated image)', () => {
    expect(() => parseImage(PNG_BASE64.slice(0, -1))).toThrowError(notBase64);
    expect(() => parseImage(PNG_BASE64.slice(0, -3))).toThrowError(notBase64);
  });
});
