// node:crypto in the shape @smithy/signature-v4 wants for its `sha256` option: a SHA-256 hash,
// or an HMAC-SHA-256 when constructed with a secret. Tests sign requests with it so the emulator's
// verifier is checked against an independent signer.
import type { Hash, Hmac } from 'node:crypto';
import { createHash, createHmac } from 'node:crypto';

export class NodeSha256 {
  private readonly secret: Buffer | undefined;
  private hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.secret =
      secret === undefined
        ? undefined
        : typeof secret === 'string'
          ? Buffer.from(secret)
          : ArrayBuffer.isView(secret)
            ? Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength)
            : Buffer.from(secret);
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}
