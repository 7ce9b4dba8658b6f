import type { LambdaPayload } from './event-record';
import type { LambdaHttpResponse } from './response-record';
import type { FunctionRecord } from './function.model';

/**
 * The one seam between the data plane and function execution. The gateway, the ws-gateway and the Lambda Invoke
 * API all call functions through it, whether the handler runs in a local worker pool or on a remote
 * Lambda-compatible endpoint.
 */
export interface LambdaInvokeRequest {
  /** Name, partial ARN or full ARN; a `:qualifier` suffix is accepted. */
  functionName: string;
  qualifier?: string;
  /** The event: JSON text, or an HTTP API 2.0 event a local worker builds from its parts (event-record.ts). */
  payload: LambdaPayload;
  invocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  logType?: 'None' | 'Tail';
  /** Caller's request id; a fresh one is made when absent. */
  requestId?: string;
  /** Base64 JSON, as X-Amz-Client-Context carries it. */
  clientContext?: string;
}

export type LambdaInvokeResult =
  | {
      kind: 'success';
      /** 200 RequestResponse, 202 Event, 204 DryRun. */
      statusCode: number;
      /** The handler's return value as JSON text (`null` when it returned undefined). */
      payload: string;
      executedVersion: string;
      /** Base64 of the last 4 KB of the invocation's log, when logType is Tail. */
      logResult?: string;
      /**
       * The return value as a payload 2.0 response, when a local worker sent it as one (response-record.ts): only
       * for an invocation whose payload was an event record. `payload` is then written from it when read. Its reader
       * owns it: the gateway takes the header list over as its response's (and reads no `payload` after that).
       */
      httpResponse?: LambdaHttpResponse;
    }
  | {
      kind: 'function-error';
      statusCode: 200;
      /** `{"errorMessage","errorType","stackTrace"}` (or `{"errorMessage"}` for timeouts), as JSON text. */
      payload: string;
      /** X-Amz-Function-Error. */
      functionError: 'Unhandled' | 'Handled';
      executedVersion: string;
      logResult?: string;
    }
  | {
      kind: 'service-error';
      /** HTTP status the Lambda API answers with, e.g. 404, 429, 400, 500, 502. */
      statusCode: number;
      /** AWS error type, e.g. ResourceNotFoundException, TooManyRequestsException, ServiceException. */
      errorType: string;
      message: string;
    };

export interface LambdaInvoker {
  invoke(request: LambdaInvokeRequest): Promise<LambdaInvokeResult>;
}

/** Looks up a function's current record; nodes answer from memory, refreshed by `function.updated` bus events. */
export interface FunctionResolver {
  resolve(functionName: string): Promise<FunctionRecord | undefined>;
  /**
   * The record when it is at hand right now (a fresh cache entry), else undefined: then `resolve` decides. Lets
   * the invocation hot path reach a warm worker without waiting on a promise.
   */
  peek?(functionName: string): FunctionRecord | undefined;
}

/** Fetches a stored deployment package by the hex SHA-256 of its bytes (the store, or the control plane). */
export interface FunctionCodeSource {
  getZip(sha256Hex: string): Promise<Buffer | undefined>;
}
