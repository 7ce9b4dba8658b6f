import type { LambdaInvokeResult } from '@app/contracts';
import { functionArn, type ArnContext } from '@app/contracts';

/** The Lambda Invoke API's own errors (not the function's), with the statuses and messages AWS answers with. */
export type ServiceError = Extract<LambdaInvokeResult, { kind: 'service-error' }>;

export function serviceError(statusCode: number, errorType: string, message: string): ServiceError {
  return { kind: 'service-error', statusCode, errorType, message };
}

export function functionNotFound(arn: ArnContext, functionName: string, qualifier?: string): ServiceError {
  return serviceError(404, 'ResourceNotFoundException', `Function not found: ${functionArn(arn, functionName, qualifier)}`);
}

export const TOO_MANY_REQUESTS: ServiceError = serviceError(429, 'TooManyRequestsException', 'Rate Exceeded.');

/** Synchronous invocations accept at most 6 MB of event (Lambda quotas). */
export const MAX_REQUEST_PAYLOAD_BYTES = 6 * 1024 * 1024;

export function requestTooLarge(): ServiceError {
  return serviceError(413, 'RequestTooLargeException', `Request must be smaller than ${MAX_REQUEST_PAYLOAD_BYTES} bytes for the InvokeFunction operation`);
}
