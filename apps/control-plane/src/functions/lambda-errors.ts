import { AwsError } from '../common/aws-error';

/** Lambda API errors carry `Type: "User"` (client faults) or `"Service"` besides the message, as AWS sends them. */
export const lambdaNotFound = (arn: string) =>
  new AwsError(404, 'ResourceNotFoundException', `Function not found: ${arn}`, { Type: 'User' });
export const lambdaConflict = (message: string) => new AwsError(409, 'ResourceConflictException', message, { Type: 'User' });
export const invalidParameter = (message: string) =>
  new AwsError(400, 'InvalidParameterValueException', message, { Type: 'User' });
export const invalidRequestContent = (message: string) =>
  new AwsError(400, 'InvalidRequestContentException', message, { Type: 'User' });
