import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { zipOf } from './zip';

/** The ARN the local control plane gives a function (account 123456789012, us-east-1). */
export function functionArn(name: string): string {
  return `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
}

/** The integration URI through which a REST API (or an authorizer) invokes the local control plane's function `name`. */
export function lambdaInvocationUri(name: string): string {
  return `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn(name)}/invocations`;
}

export interface NodeFunctionOptions {
  /** Lambda's default, 3. */
  timeoutSeconds?: number;
  /** Lambda's default, 128. */
  memoryMb?: number;
  /** The function's environment variables. */
  environment?: Record<string, string>;
}

/**
 * Creates a Node.js function whose `index.js` is `code` (handler `index.handler`), through the Lambda API as a user
 * would; resolves with its ARN.
 */
export async function createNodeFunction(client: LambdaClient, name: string, code: string, options: NodeFunctionOptions = {}): Promise<string> {
  await client.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: 'arn:aws:iam::123456789012:role/lambda',
      Handler: 'index.handler',
      Code: { ZipFile: zipOf({ 'index.js': code }) },
      Timeout: options.timeoutSeconds ?? 3,
      MemorySize: options.memoryMb ?? 128,
      Environment: options.environment && { Variables: options.environment },
    }),
  );
  return functionArn(name);
}

/**
 * Handlers that show what API Gateway sent and how it reads what a function returns: `echo` answers with the
 * event it received as its JSON body; `reply` returns, as its result, the JSON document the request body holds.
 */
export const ECHO_HANDLER = `exports.handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });`;
export const REPLY_HANDLER = `exports.handler = async (event) => JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body);`;
