import type { LambdaInvokeRequest } from '@app/contracts';
import { serviceError, type ServiceError } from '../errors/lambda-service-errors';
import { parseFunctionReference } from './function-reference';

export interface InvokeTarget {
  kind: 'target';
  functionName: string;
  qualifier?: string;
}

const NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';

/**
 * Reads FunctionName (name, partial or full ARN, optional `:qualifier`) and Qualifier of an Invoke request, with
 * the Lambda API's validation errors. Stage-variable placeholders are not names: the caller substitutes them first.
 */
export function resolveInvokeTarget(request: LambdaInvokeRequest): InvokeTarget | ServiceError {
  const ref = request.functionName.includes('${') ? undefined : parseFunctionReference(request.functionName);
  if (!ref) {
    return serviceError(
      400,
      'ValidationException',
      `1 validation error detected: Value '${request.functionName}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME_PATTERN}`,
    );
  }
  if (request.qualifier !== undefined && ref.qualifier !== undefined && request.qualifier !== ref.qualifier) {
    return serviceError(400, 'InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.');
  }
  if (request.qualifier !== undefined && !/^(\$LATEST|[a-zA-Z0-9_-]{1,128})$/.test(request.qualifier)) {
    return serviceError(
      400,
      'ValidationException',
      `1 validation error detected: Value '${request.qualifier}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)`,
    );
  }
  const qualifier = request.qualifier ?? ref.qualifier;
  return qualifier === undefined ? { kind: 'target', functionName: ref.functionName } : { kind: 'target', functionName: ref.functionName, qualifier };
}
