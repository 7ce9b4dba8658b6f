import { parseFunctionReference, type FunctionReference } from './function-reference';

// arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations
const APIGATEWAY_LAMBDA_URI = /^arn:aws[a-z-]*:apigateway:([^:/]+):lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;

/**
 * The function a Lambda integration targets. Accepts the REST API form (an `apigateway` ARN wrapping the function
 * ARN), the HTTP API form (a plain function ARN) and bare `name` / `name:qualifier`. `${stageVariables.x}`
 * placeholders are kept verbatim, so a route can be parsed once at deploy time and substituted per stage.
 * Throws an error naming the URI when it is none of these.
 */
export function parseIntegrationUri(uri: string): FunctionReference {
  const wrapped = APIGATEWAY_LAMBDA_URI.exec(uri);
  const inner = wrapped ? wrapped[2] : uri;
  if (!wrapped && inner.startsWith('arn:') && !inner.includes(':lambda:')) {
    throw new Error(`Invalid Lambda integration URI "${uri}": expected arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations or a Lambda function ARN`);
  }
  const ref = parseFunctionReference(inner);
  if (!ref) {
    throw new Error(
      `Invalid Lambda integration URI "${uri}": "${inner}" is not a function name, name:qualifier or function ARN (names are 1-64 of A-Z a-z 0-9 - _)`,
    );
  }
  return wrapped && ref.region === undefined ? { ...ref, region: wrapped[1] } : ref;
}
