/** Awaits a read that must fail, and returns its MapsReadError. */
import { expect } from 'vitest';
import { MapsReadError } from '../../src/node/index';

export async function failure(promise: Promise<unknown>): Promise<MapsReadError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MapsReadError);
  return error as MapsReadError;
}
