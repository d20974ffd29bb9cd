import { lookup } from 'node:dns/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EaselError } from '../../../src-shared/errors.ts';
import { networkDetail, networkPhase } from './network-phase.ts';

/** The error of a real socket: connect to `port` and write a request. */
function socketError(port: number): Promise<NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write('POST /model/x/invoke HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}'),
    );
    socket.on('error', resolve);
    socket.on('close', () => resolve(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })));
  });
}

/** As the bedrock client wraps it: EaselError('network') ← SDK error ← Node's error. */
function wrapped(cause: unknown): EaselError {
  return new EaselError('network', 'Cannot reach Bedrock.', {
    cause: Object.assign(new Error('The pending stream has been canceled'), { code: 'ERR_HTTP2_STREAM_CANCEL', cause }),
  });
}

describe('networkPhase', () => {
  it('connection refused (a real closed port) is before-send, also under the SDK wrapping', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r));
    const refused = await socketError(port);
    expect(refused.code).toBe('ECONNREFUSED');
    expect(networkPhase(refused)).toBe('before-send');
    expect(networkPhase(wrapped(refused))).toBe('before-send');
    expect(networkDetail(wrapped(refused))).toBe('ECONNREFUSED');
  });

  it('a name that does not resolve is before-send', async () => {
    const error: unknown = await lookup('easel-test.invalid').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(networkPhase(wrapped(error))).toBe('before-send');
  });

  it('a reset after the request was written (a real server that drops the socket) is maybe-sent', async () => {
    const server = createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const reset = await socketError((server.address() as AddressInfo).port);
      expect(reset.code).toBe('ECONNRESET');
      expect(networkPhase(reset)).toBe('maybe-sent');
      expect(networkPhase(wrapped(reset))).toBe('maybe-sent');
      expect(networkDetail(wrapped(reset))).toBe('ECONNRESET');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('timeouts: connect timeout before-send, no response maybe-sent; unknown shapes maybe-sent', () => {
    const connectTimeout = Object.assign(
      new Error('Socket timed out without establishing a connection within 1000 ms'),
      { name: 'TimeoutError' },
    );
    const noResponse = Object.assign(new Error('Unexpected error: http2 request did not get a response'), {
      name: 'TimeoutError',
    });
    expect(networkPhase(new EaselError('network', 'x', { cause: connectTimeout }))).toBe('before-send');
    expect(networkPhase(new EaselError('network', 'x', { cause: noResponse }))).toBe('maybe-sent');
    expect(networkDetail(new EaselError('network', 'x', { cause: noResponse }))).toBe('no response');
    expect(networkPhase(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT', syscall: 'connect' }))).toBe(
      'before-send',
    );
    expect(networkPhase(Object.assign(new Error('read ETIMEDOUT'), { code: 'ETIMEDOUT', syscall: 'read' }))).toBe(
      'maybe-sent',
    );
    expect(networkPhase(new EaselError('network', 'x'))).toBe('maybe-sent');
    expect(networkPhase('a string')).toBe('maybe-sent');
  });
});
