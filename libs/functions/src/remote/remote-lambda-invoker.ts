import { InvokeCommand, LambdaClient, LambdaServiceException } from '@aws-sdk/client-lambda';
import { payloadText, type LambdaInvokeRequest, type LambdaInvokeResult, type LambdaInvoker } from '@app/contracts';
import { serviceError } from '../errors/lambda-service-errors';

export interface RemoteLambdaInvokerOptions {
  /** Lambda-compatible endpoint, e.g. http://localhost:4566; omitted = the AWS endpoint of `region`. */
  endpoint?: string;
  region: string;
  /** Omitted = the SDK's default provider chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * Attempts per invocation. Default 1: Invoke is not idempotent, and the gateway has its own integration timeout
   * and error mapping, so the SDK must not replay a request that may have run.
   */
  maxAttempts?: number;
  /** Socket timeout for one attempt, ms. Default 30,000 (the longest API Gateway integration timeout). */
  requestTimeoutMs?: number;
}

const decoder = new TextDecoder();

/** Invokes functions on a remote Lambda (or Lambda-compatible) endpoint with the official SDK. */
export class RemoteLambdaInvoker implements LambdaInvoker {
  private readonly client: LambdaClient;

  constructor(private readonly options: RemoteLambdaInvokerOptions) {
    this.client = new LambdaClient({
      region: options.region,
      endpoint: options.endpoint,
      credentials: options.credentials,
      maxAttempts: options.maxAttempts ?? 1,
      requestHandler: { requestTimeout: options.requestTimeoutMs ?? 30_000 },
    });
  }

  async invoke(request: LambdaInvokeRequest): Promise<LambdaInvokeResult> {
    try {
      const out = await this.client.send(
        new InvokeCommand({
          FunctionName: request.functionName,
          Qualifier: request.qualifier,
          Payload: Buffer.from(payloadText(request.payload), 'utf8'),
          InvocationType: request.invocationType,
          LogType: request.logType,
          ClientContext: request.clientContext,
        }),
      );
      const payload = out.Payload && out.Payload.byteLength > 0 ? decoder.decode(out.Payload) : '';
      const executedVersion = out.ExecutedVersion ?? '$LATEST';
      const tail = out.LogResult ? { logResult: out.LogResult } : {};
      if (out.FunctionError) {
        return {
          kind: 'function-error',
          statusCode: 200,
          payload,
          functionError: out.FunctionError === 'Handled' ? 'Handled' : 'Unhandled',
          executedVersion,
          ...tail,
        };
      }
      return { kind: 'success', statusCode: out.StatusCode ?? 200, payload, executedVersion, ...tail };
    } catch (error) {
      if (error instanceof LambdaServiceException) {
        return serviceError(error.$metadata.httpStatusCode ?? 500, error.name, error.message);
      }
      // No HTTP answer at all (refused, reset, timed out): the gateway's "bad gateway".
      const e = error as Error & { code?: string };
      const where = this.options.endpoint ?? `the Lambda endpoint of ${this.options.region}`;
      return serviceError(502, 'ServiceException', `Could not invoke ${request.functionName} at ${where}: ${e.code ?? e.name}: ${e.message}`);
    }
  }

  close(): void {
    this.client.destroy();
  }
}
