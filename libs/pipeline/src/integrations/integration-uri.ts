/** `${stageVariables.name}` in integration URIs, substituted when the stage compiles (its variables are fixed). */
const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_.:-]+)\}/g;

/**
 * A route whose integration URI names a stage variable the stage lacks: AWS answers that route with a 500
 * configuration error at request time, and serves the stage's other routes; so do we.
 */
export class UndefinedStageVariableError extends Error {}

export function substituteStageVariables(uri: string, variables: Readonly<Record<string, string>>): string {
  return uri.replace(STAGE_VARIABLE, (_, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new UndefinedStageVariableError(`stage variable '${name}' used in '${uri}' is not defined on the stage`);
    return value;
  });
}

const APIGW_LAMBDA_URI = /^arn:aws[\w-]*:apigateway:[^:]*:lambda:path\/[^/]+\/functions\/(.+?)\/invocations$/;

/**
 * The function to invoke from a Lambda integration URI: the `arn:aws:apigateway:{region}:lambda:path/2015-03-31/
 * functions/{functionArn}/invocations` form REST APIs use, or a function ARN / name as HTTP APIs allow.
 */
export function lambdaFunctionFromUri(uri: string): string {
  const m = APIGW_LAMBDA_URI.exec(uri);
  const fn = m ? m[1] : uri;
  if (fn === '' || /\s/.test(fn)) throw new Error(`integration uri '${uri}' does not name a Lambda function`);
  return fn;
}
