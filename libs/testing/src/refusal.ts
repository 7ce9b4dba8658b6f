/** An AWS SDK v3 service exception: its class name, AWS's message, and the HTTP status it came with. */
export type SdkError = Error & { $metadata?: { httpStatusCode?: number } };

/**
 * Resolves with the error an SDK call was refused with, so a test can assert its class, name and message; rejects
 * (failing the test) when the call succeeds.
 */
export async function refusal(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to be refused');
}
