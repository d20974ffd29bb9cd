// The EaselError a promise rejects with, for tests that then look at its code and message.
// Fails the test when the promise resolves or rejects with anything else.
import { expect } from 'vitest';
import { EaselError } from '../../src-shared/errors.ts';

export async function easelErrorOf(promise: Promise<unknown>): Promise<EaselError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EaselError);
    return error as EaselError;
  }
  throw new Error('expected a failure');
}

/** Asserts the promise rejects with an EaselError of `code` whose message matches `message`. */
export async function expectEaselError(promise: Promise<unknown>, code: string, message?: RegExp): Promise<EaselError> {
  const error = await easelErrorOf(promise);
  expect(error.code, error.message).toBe(code);
  if (message) expect(error.message).toMatch(message);
  return error;
}
