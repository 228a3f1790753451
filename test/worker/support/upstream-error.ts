import { expect } from "vitest";
import { UpstreamError } from "../../../src/providers/upstream-error";

/** Awaits a provider call that must fail, asserts it failed with an UpstreamError and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}
